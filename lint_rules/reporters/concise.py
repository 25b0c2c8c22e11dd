"""One line per diagnostic: ``path:row:col: CODE [*] message``, then a summary."""

from __future__ import annotations

from lint_rules.reporters.common import display_path, fix_marker, summary

BOLD, RED, CYAN, RESET = "\033[1m", "\033[31m", "\033[36m", "\033[0m"


def write(
    diagnostics, stream, unchecked: int = 0, quiet: bool = False, checked: str | None = None, color: bool = False
) -> None:
    for d in diagnostics:
        where = f"{display_path(d.filename)}:cell {d.cell}:" if d.cell is not None else f"{display_path(d.filename)}:"
        where = f"{where}{d.start.row}:{d.start.column + 1}:"
        code, marker = d.code, fix_marker(d)
        if color:
            where, code = f"{BOLD}{where}{RESET}", f"{BOLD}{RED}{code}{RESET}"
            marker = f"{CYAN}{marker.strip()}{RESET} " if marker else ""
        stream.write(f"{where} {code} {marker}{d.message}\n")
    if not quiet:
        stream.write(summary(diagnostics, unchecked, checked))
