"""Each diagnostic with its source line, the span underlined, and the fix it offers."""

from __future__ import annotations

from lint_rules.diagnostics import Applicability
from lint_rules.reporters.common import display_path, fix_marker, summary
from lint_rules.sources import SourceError, physical_lines, read_source


def write(diagnostics, stream, unchecked: int = 0, quiet: bool = False) -> None:
    sources: dict[str, list[str]] = {}
    for d in diagnostics:
        if d.filename not in sources:
            try:
                sources[d.filename] = physical_lines(read_source(d.filename)[1].text)
            except SourceError:
                sources[d.filename] = []
        lines = sources[d.filename]
        stream.write(f"{d.code} {fix_marker(d)}{d.message}\n")
        cell = f"cell {d.cell}:" if d.cell is not None else ""
        stream.write(f" --> {display_path(d.filename)}:{cell}{d.start.row}:{d.start.column + 1}\n")
        if d.cell is None and d.start.row <= len(lines):  # a notebook cell's lines are not the file's
            line = lines[d.start.row - 1]
            width = len(str(d.start.row))
            end = d.end.column if d.end.row == d.start.row else len(line)
            carets = "^" * max(1, end - d.start.column)
            gutter = " " * width
            stream.write(f"{gutter} |\n{d.start.row} | {line}\n{gutter} | {' ' * d.start.column}{carets}\n{gutter} |\n")
        if d.fix is not None:
            note = {
                Applicability.SAFE: "",
                Applicability.UNSAFE: " (unsafe)",
                Applicability.DISPLAY_ONLY: " (suggestion)",
            }
            stream.write(f"help: {d.fix.message}{note[d.fix.applicability]}\n")
        stream.write("\n")
    if not quiet:
        stream.write(summary(diagnostics, unchecked))
