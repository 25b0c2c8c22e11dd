"""ruff's diagnostic JSON (`ruff check --output-format json`): a list of objects with its keys."""

from __future__ import annotations

import json
import os


def _location(location) -> dict:
    return {"column": location.column + 1, "row": location.row}


def record(d) -> dict:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "edits": [
                {"content": e.content, "end_location": _location(e.end), "location": _location(e.start)}
                for e in d.fix.edits
            ],
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
