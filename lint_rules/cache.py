"""A content-addressed cache of diagnostics: file bytes + rule set + settings + tool version."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile

from lint_rules import __version__
from lint_rules.diagnostics import Diagnostic, from_record, to_record

DEFAULT_DIR = ".automodel_lint_cache"


class Cache:
    def __init__(self, directory: str, settings_fingerprint: str) -> None:
        self.directory = directory
        self.salt = f"{__version__}|{settings_fingerprint}".encode()
        self._ready = False

    def key(self, data: bytes, codes: frozenset[str]) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(",".join(sorted(codes)).encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:])

    def get(self, key: str, filename: str) -> list[Diagnostic] | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                return [from_record(record, filename) for record in json.load(handle)]
        except (OSError, ValueError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        path = self._path(key)
        try:
            if not self._ready:
                os.makedirs(self.directory, exist_ok=True)
                ignore = os.path.join(self.directory, ".gitignore")
                if not os.path.exists(ignore):
                    with open(ignore, "w", encoding="utf-8") as handle:
                        handle.write("# Created by automodel-lint\n*\n")
                self._ready = True
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump([to_record(d) for d in diagnostics], out, separators=(",", ":"))
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
