"""Run one run-proof program cell by cell under the installed transformers; print the outcome as JSON.

    python runner.py PROGRAM.py

A cell is what follows a `# %%` line. The cells run in one namespace, in a fresh working folder, after
standins.install(); the first cell that raises ends the run. The outcome: {"cells": ran, "of": total,
"error": "Type: message" or null, "cell": its number, "line": the program line that raised}.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
import types
import warnings


def cells(source: str) -> list[tuple[int, str]]:
    """(first line, code) per cell; the lines before the first marker are a cell of their own."""
    found, start, lines = [], 1, []
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        if line.startswith("# %%"):
            if "".join(lines).strip():
                found.append((start, "".join(lines)))
            start, lines = number, []
        lines.append(line)
    if "".join(lines).strip():
        found.append((start, "".join(lines)))
    return found


def main(program: str) -> dict:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import standins

    warnings.simplefilter("ignore")
    standins.install()
    with open(program, encoding="utf-8") as handle:
        source = handle.read()
    units = cells(source)
    os.chdir(tempfile.mkdtemp(prefix="runproof-"))
    module = types.ModuleType("__main__")  # a real __main__, as a notebook's: dill pickles its functions by name
    module.__file__ = os.path.abspath(program)
    sys.modules["__main__"] = module
    scope = module.__dict__
    for number, (start, code) in enumerate(units, 1):
        padded = "\n" * (start - 1) + code  # tracebacks name the program's own lines
        try:
            exec(compile(padded, program, "exec"), scope)
        except BaseException as exc:  # the outcome is the point, SystemExit included
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == program]
            message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            return {
                "cells": number - 1,
                "of": len(units),
                "error": f"{type(exc).__name__}: {message}",
                "cell": number,
                "line": frames[-1].lineno if frames else None,
            }
    return {"cells": len(units), "of": len(units), "error": None, "cell": None, "line": None}


if __name__ == "__main__":
    outcome = main(sys.argv[1])
    sys.stdout.flush()
    print("RUNPROOF " + json.dumps(outcome))
