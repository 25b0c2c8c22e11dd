"""One line per diagnostic: ``path:row:col: CODE [*] message``, then a summary."""

from __future__ import annotations

from lint_rules.reporters.common import display_path, fix_marker, summary


def write(diagnostics, stream, unchecked: int = 0) -> None:
    for d in diagnostics:
        where = f"{display_path(d.filename)}:cell {d.cell}:" if d.cell is not None else f"{display_path(d.filename)}:"
        stream.write(f"{where}{d.start.row}:{d.start.column + 1}: {d.code} {fix_marker(d)}{d.message}\n")
    stream.write(summary(diagnostics, unchecked))
