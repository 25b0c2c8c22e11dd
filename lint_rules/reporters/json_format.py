"""ruff's diagnostic JSON (`ruff check --output-format json`): a list of objects with its keys.

Every location is in the file's frame, a fix's edits too: Markdown lines, or the rows of the diagnostic's
notebook `cell`. An edit that reaches into another cell (an import there) names that cell in a `cell` key
of its own, and an edit of another file (a settings module's dict key) names it in a `filename` key: the keys
ruff's edits do not have."""

from __future__ import annotations

import json
import os


def _location(location) -> dict:
    return {"column": location.column + 1, "row": location.row}


def _edit(edit, cell: int | None) -> dict:
    shown = {"content": edit.content, "end_location": _location(edit.end), "location": _location(edit.start)}
    if edit.path:
        return {"filename": os.path.abspath(edit.path), **shown}
    return shown if edit.cell == cell else {"cell": edit.cell, **shown}


def record(d) -> dict:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "edits": [_edit(e, d.cell) for e in d.fix.edits],
            "message": d.fix.message,
        }
    return {
        "cell": d.cell,
        "code": d.code,
        "end_location": _location(d.end),
        "filename": os.path.abspath(d.filename),
        "fix": fix,
        "location": _location(d.start),
        "message": d.message,
        "name": d.name,
        "noqa_row": d.start.row,
        "severity": "error",
        "url": d.url,
    }


def write(diagnostics, stream) -> None:
    json.dump([record(d) for d in diagnostics], stream, indent=2)
    stream.write("\n")
