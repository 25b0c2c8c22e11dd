"""Baselines for legacy code: record today's findings, then report only new ones.

A finding's fingerprint is its code, its file, and the whitespace-normalised text of its line and
the lines either side, never its line number: lines added or removed above it leave it unchanged.
Identical fingerprints are counted, so a second copy of a recorded finding is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter

from lint_rules.sources import SourceError, physical_lines, read_source

VERSION = 1


def _relative(path: str, root: str) -> str:
    relative = os.path.relpath(os.path.abspath(path), root)
    return (relative if not relative.startswith("..") else os.path.abspath(path)).replace(os.sep, "/")


def _context(lines: list[str], row: int) -> str:
    window = lines[max(0, row - 2) : row + 1]
    return "\n".join(" ".join(line.split()) for line in window)


def fingerprints(diagnostics, root: str) -> list[str]:
    """A fingerprint for each diagnostic, in order."""
    texts: dict[str, list[str]] = {}
    out = []
    for d in diagnostics:
        if d.filename not in texts:
            try:
                texts[d.filename] = physical_lines(
                    read_source(d.filename, python=d.filename.endswith((".py", ".pyi")))[1].text
                )
            except SourceError:
                texts[d.filename] = []
        if d.cell is not None:  # notebook cells: the line is not the file's line; use the cell and message
            context = f"cell {d.cell}\n{d.message}"
        else:
            context = _context(texts[d.filename], d.start.row)
        payload = f"{d.code}\0{_relative(d.filename, root)}\0{context}"
        out.append(hashlib.sha256(payload.encode()).hexdigest()[:32])
    return out


def write(path: str, diagnostics, root: str) -> None:
    counts = Counter(fingerprints(diagnostics, root))
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {"version": VERSION, "tool": "automodel-lint", "fingerprints": dict(sorted(counts.items()))},
            handle,
            indent=1,
        )
        handle.write("\n")


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("fingerprints"), dict):
        raise ValueError(f"{path} is not an automodel-lint baseline")
    return Counter(data["fingerprints"])


def new_findings(diagnostics, baseline: Counter, root: str) -> list:
    """The diagnostics the baseline does not account for."""
    left = Counter(baseline)
    kept = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, root), strict=True):
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
        else:
            kept.append(d)
    return kept
