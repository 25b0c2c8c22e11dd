"""A content-addressed cache of diagnostics (and of how many uses of transformers and its stack a lint checked):
file bytes + rule set + settings + tool version.

One index file per settings fingerprint, read once at the start of a run and written once at the
end (atomically), so a warm run opens one file instead of one per source file. Workers never touch
it: the main process answers hits itself and records what the workers found.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile

from lint_rules import __version__
from lint_rules.diagnostics import Diagnostic, from_record, to_record

DEFAULT_DIR = ".automodel_lint_cache"
MAX_ENTRIES = 200_000


class Cache:
    def __init__(self, directory: str, settings_fingerprint: str) -> None:
        self.directory = directory
        self.salt = f"{__version__}|{settings_fingerprint}".encode()
        name = hashlib.sha256(self.salt).hexdigest()[:16]
        self.path = os.path.join(directory, f"index-{name}.json")
        self.entries: dict[str, dict] | None = None
        self.used: set[str] = set()
        self.dirty = False

    def key(self, data: bytes, codes: frozenset[str]) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(",".join(sorted(codes)).encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _load(self) -> dict[str, dict]:
        if self.entries is None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    entries = json.load(handle)
                self.entries = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError):
                self.entries = {}
        return self.entries

    def get(self, key: str, filename: str) -> tuple[list[Diagnostic], int | None, dict[str, str]] | None:
        """(diagnostics, uses checked: None when a fix stored them, the project modules they depend on: path ->
        digest), or None on a miss."""
        entry = self._load().get(key)
        if not isinstance(entry, dict):
            return None
        self.used.add(key)
        try:
            uses, deps = entry.get("u"), entry.get("p") or {}
            diagnostics = [from_record(record, filename) for record in entry["d"]]
            return diagnostics, uses if isinstance(uses, int) else None, dict(deps)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic], uses: int | None = None, deps=None) -> None:
        self._load()[key] = {"d": [to_record(d) for d in diagnostics], "u": uses, "p": deps or {}}
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the index back; when it grows too large, keep what this run used."""
        if not self.dirty or self.entries is None:
            return
        entries = self.entries
        if len(entries) > MAX_ENTRIES:
            entries = {key: value for key, value in entries.items() if key in self.used}
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as handle:
                    handle.write("# Created by automodel-lint\n*\n")
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".index-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entries, out, separators=(",", ":"))
            os.replace(temp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.dirty = False
