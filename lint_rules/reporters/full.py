"""Each diagnostic with its source lines (two of context on each side), the span underlined, and the fix
it offers shown as a diff of the lines it changes."""

from __future__ import annotations

import difflib

from lint_rules.diagnostics import Applicability
from lint_rules.fixer import apply_edits
from lint_rules.reporters.common import display_path, fix_marker, summary
from lint_rules.sources import SourceError, physical_lines, read_source

CONTEXT = 2
BOLD, RED, GREEN, CYAN, RESET = "\033[1m", "\033[31m", "\033[32m", "\033[36m", "\033[0m"
_NOTE = {Applicability.SAFE: "", Applicability.UNSAFE: " (unsafe)", Applicability.DISPLAY_ONLY: " (suggestion)"}


def write(
    diagnostics, stream, unchecked: int = 0, quiet: bool = False, checked: str | None = None, color: bool = False
) -> None:
    paint = _paint if color else (lambda text, *styles: text)
    texts: dict[str, str | None] = {}
    for d in diagnostics:
        if d.filename not in texts:
            try:
                texts[d.filename] = read_source(d.filename)[1].text
            except SourceError:
                texts[d.filename] = None
        text = texts[d.filename]
        lines = physical_lines(text) if text is not None else []
        stream.write(f"{paint(d.code, BOLD, RED)} {fix_marker(d)}{paint(d.message, BOLD)}\n")
        cell = f"cell {d.cell}:" if d.cell is not None else ""
        stream.write(f" {paint('-->', CYAN)} {display_path(d.filename)}:{cell}{d.start.row}:{d.start.column + 1}\n")
        if d.cell is None and d.start.row <= len(lines):  # a notebook cell's lines are not the file's
            stream.write(_snippet(lines, d, paint))
        if d.fix is not None:
            stream.write(f"{paint('help', BOLD, CYAN)}: {d.fix.message}{_NOTE[d.fix.applicability]}\n")
            if text is not None and d.cell is None and all(e.cell is None and not e.path for e in d.fix.edits):
                stream.write(_fix_diff(text, d, paint))
        stream.write("\n")
    if not quiet:
        stream.write(summary(diagnostics, unchecked, checked))


def _paint(text: str, *styles: str) -> str:
    return "".join(styles) + text + RESET


def _snippet(lines: list[str], d, paint) -> str:
    first, last = max(1, d.start.row - CONTEXT), min(len(lines), d.end.row + CONTEXT)
    width = len(str(last))
    gutter = " " * width
    out = [f"{gutter} |\n"]
    for row in range(first, last + 1):
        line = lines[row - 1]
        out.append(f"{row:>{width}} | {line}\n")
        if row == d.start.row:
            end = d.end.column if d.end.row == d.start.row else len(line)
            carets = paint("^" * max(1, end - d.start.column), BOLD, RED)
            out.append(f"{gutter} | {' ' * d.start.column}{carets}\n")
    out.append(f"{gutter} |\n")
    return "".join(out)


def _fix_diff(text: str, d, paint) -> str:
    """The lines the fix changes, as `-` and `+` lines numbered as in the file."""
    try:
        fixed = apply_edits(text, list(d.fix.edits))
    except (IndexError, ValueError):
        return ""
    before, after = text.splitlines(), fixed.splitlines()
    out = []
    for group in difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(0):
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                continue
            out.extend(paint(f"{row + 1:>4} - {before[row]}", RED) + "\n" for row in range(i1, i2))
            out.extend(paint(f"{row + 1:>4} + {after[row]}", GREEN) + "\n" for row in range(j1, j2))
    return "".join(out)
