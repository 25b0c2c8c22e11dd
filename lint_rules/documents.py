"""Files as Python units: a module, a notebook's code cells, a Markdown file's fenced blocks.

`load(path, data)` is the one place that turns a file into units, for linting and for fixing alike;
`Document.rebuild` writes fixed units back into the file's own format.

A notebook's cells are linted as one program (a later cell sees an earlier cell's constants), with
IPython magics and shell escapes masked as `pass` lines that are restored after fixing. Markdown blocks
are separate programs. Each unit maps its rows back to the file (cell number, document line), so
reporters and the fixer never special-case the kind of file.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

from lint_rules.diagnostics import Diagnostic, Location
from lint_rules.sources import SourceError, SourceText, decode, decode_utf8, detect_newline, physical_lines

NOTEBOOK_SUFFIXES = (".ipynb",)
MARKDOWN_SUFFIXES = (".md", ".mdx")

# `!pip ...`, `%time ...`, `?obj`, `files = !ls`, `obj?` / `obj??`: IPython, not Python
_MAGIC = re.compile(r"^(\s*)(?:[!%?]|[\w.]+\s*=\s*[!%]|[\w.]+\?\??\s*$)")
_MASK = "pass  # automodel-lint: masked {index}"
_MASKED = re.compile(r"pass  # automodel-lint: masked (\d+)")
_BOUNDARY = "# automodel-lint: cell {index}"
_BOUNDARY_LINE = re.compile(r"^# automodel-lint: cell (\d+)$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*\{?\.?(python3?|py)\}?\s*$")


@dataclass
class Unit:
    """One Python program inside a file."""

    text: str
    first_line: int = 1  # the file's line where the unit's first line is (Markdown)
    cells: list[tuple[int, int]] = field(default_factory=list)  # (unit row where a cell starts, cell number)


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIXES)


def is_markdown(path: str) -> bool:
    return path.endswith(MARKDOWN_SUFFIXES)


def place(diagnostic: Diagnostic, unit: Unit) -> Diagnostic:
    """A unit's diagnostic with the file's coordinates: Markdown lines, or notebook cell and row."""
    start, end, cell = diagnostic.start, diagnostic.end, None
    if unit.cells:
        base, cell = max((row, number) for row, number in unit.cells if row <= start.row)
        start, end = Location(start.row - base + 1, start.column), Location(end.row - base + 1, end.column)
    elif unit.first_line != 1:
        shift = unit.first_line - 1
        start, end = Location(start.row + shift, start.column), Location(end.row + shift, end.column)
    if cell is None and (start, end) == (diagnostic.start, diagnostic.end):
        return diagnostic
    # a fix's edits stay in the unit's coordinates: the fixer applies them to the unit, not the file
    return Diagnostic(diagnostic.code, diagnostic.name, diagnostic.message, start, end, diagnostic.fix,
                      diagnostic.filename, cell, diagnostic.url, diagnostic.site)  # fmt: skip


class Document:
    """A file read as Python units, with the way back from fixed units to the file's text."""

    def __init__(self, source: SourceText, units: list[Unit], warnings: list[str], rebuild) -> None:
        self.source = source
        self.units = units
        self.warnings = warnings  # parts of the file that are not linted (a notebook cell that does not parse)
        self._rebuild = rebuild

    def rebuild(self, texts: list[str]) -> str:
        """The file's text with each unit's text replaced by ``texts`` (in the order of ``units``)."""
        return self._rebuild(texts)


def load(path: str, data: bytes) -> Document:
    """The Python units of a file's bytes: the module itself, a notebook's cells, or Markdown's blocks."""
    if is_notebook(path):
        source = decode_utf8(data)
        notebook = Notebook(source.text)
        unit = notebook.unit()
        warnings = [f"cell {number}: skipped, it does not parse ({why})" for number, why in notebook.skipped]
        return Document(source, [unit], warnings, lambda texts: notebook.rebuild(texts[0]))
    if is_markdown(path):
        source = decode_utf8(data)
        blocks = markdown_units(source.text)

        def rebuild(texts: list[str]) -> str:
            fixed = {block.start: new for (block, unit), new in zip(blocks, texts, strict=True) if new != unit.text}
            return rebuild_markdown(source.text, fixed, detect_newline(source.text)) if fixed else source.text

        return Document(source, [unit for _, unit in blocks], [], rebuild)
    source = decode(data)
    return Document(source, [Unit(source.text)], [], lambda texts: texts[0])


# ---- notebooks ---------------------------------------------------------------------------------


class Notebook:
    """A notebook's code cells as one program, and the way back to the notebook's JSON."""

    def __init__(self, text: str) -> None:
        try:
            self.data = json.loads(text)
        except ValueError as exc:
            raise SourceError(f"not a valid notebook (invalid JSON: {exc})") from None
        cells = self.data.get("cells") if isinstance(self.data, dict) else None
        if not isinstance(cells, list):
            raise SourceError("not a valid notebook (no cells)")
        language = (self.data.get("metadata", {}).get("kernelspec", {}) or {}).get("language") or (
            self.data.get("metadata", {}).get("language_info", {}) or {}
        ).get("name", "python")
        self.python = str(language).lower() == "python"
        self.text = text
        self.masks: list[str] = []
        self.skipped: list[tuple[int, str]] = []  # (cell number, why) for cells that are not linted
        self.indent = _json_indent(text)

    def unit(self) -> Unit:
        """The program: every code cell that parses, in order, masked and separated by boundary lines."""
        lines, cells = [], []
        if not self.python:
            return Unit("")
        for number, cell in enumerate(self.data["cells"], 1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = _cell_text(cell)
            if source.lstrip().startswith("%%"):
                continue  # a cell magic: the whole cell is another language
            masked = self._mask(source)
            try:
                ast.parse(masked)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
                self.skipped.append((number, getattr(exc, "msg", None) or type(exc).__name__))
                continue
            lines.append(_BOUNDARY.format(index=number))
            cells.append((len(lines) + 1, number))
            lines.extend(physical_lines(masked.rstrip("\n")) if masked.strip() else [])
        return Unit("\n".join(lines) + "\n" if lines else "", cells=cells)

    def _mask(self, source: str) -> str:
        out = []
        for line in physical_lines(source):
            match = _MAGIC.match(line)
            if match and line.strip() and not line.lstrip().startswith("#"):
                self.masks.append(line)
                out.append(match.group(1) + _MASK.format(index=len(self.masks) - 1))
            else:
                out.append(line)
        return "\n".join(out)

    def rebuild(self, fixed: str) -> str:
        """The notebook's text with the fixed program's cells written back; untouched cells stay as they are."""
        current, chunks = None, {}
        for line in physical_lines(fixed):
            boundary = _BOUNDARY_LINE.match(line)
            if boundary:
                current = int(boundary.group(1))
                chunks[current] = []
            elif current is not None:
                chunks[current].append(_MASKED.sub(lambda m: self.masks[int(m.group(1))].lstrip(), line))
        changed = False
        for number, cell in enumerate(self.data["cells"], 1):
            if number not in chunks:
                continue
            new = "\n".join(chunks[number]).rstrip("\n")
            old = _cell_text(cell)
            if new != old.rstrip("\n"):
                new += old[len(old.rstrip("\n")) :]  # keep the cell's own trailing newlines
                cell["source"] = _as_source(new, cell.get("source"))
                changed = True
        if not changed:
            return self.text
        out = json.dumps(self.data, indent=self.indent, ensure_ascii=False)
        return out + ("\n" if self.text.endswith("\n") else "")


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _as_source(text: str, original):
    if isinstance(original, list):
        return text.splitlines(keepends=True)
    return text


def _json_indent(text: str) -> int | None:
    match = re.search(r"\n( +)\"", text)
    return len(match.group(1)) if match else None


# ---- Markdown ----------------------------------------------------------------------------------


@dataclass
class Block:
    start: int  # index of the first content line in the document's lines
    end: int  # index one past the last content line
    indent: str


def markdown_blocks(lines: list[str]) -> list[Block]:
    blocks, index = [], 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening.group(1), opening.group(2)
        close = index + 1
        while close < len(lines) and not re.match(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$", lines[close]):
            close += 1
        if close >= len(lines):
            break  # an unclosed fence: not a block
        blocks.append(Block(index + 1, close, indent))
        index = close + 1
    return blocks


def markdown_units(text: str) -> list[tuple[Block, Unit]]:
    """Each fenced Python block that parses, as its own program (no constants carry between blocks)."""
    lines = physical_lines(text)
    units = []
    for block in markdown_blocks(lines):
        body = "\n".join(
            line[len(block.indent) :] if line.startswith(block.indent) else line
            for line in lines[block.start : block.end]
        )
        source = body + "\n"
        try:
            ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # prose, output or pseudo-code in a python fence: not a program to lint
        units.append((block, Unit(source, first_line=block.start + 1)))
    return units


def rebuild_markdown(text: str, fixed: dict[int, str], newline: str) -> str:
    """The document with each block whose program changed replaced; every other byte kept."""
    lines = re.split(r"(\r\n|\r|\n)", text)  # keep the separators so untouched lines are byte-identical
    content, separators = lines[0::2], lines[1::2]
    blocks = {block.start: block for block in markdown_blocks(content)}
    out, index = [], 0
    while index < len(content):
        block = blocks.get(index)
        if block is not None and index in fixed:
            new_lines = fixed[index].rstrip("\n").split("\n")
            for line in new_lines:
                out.append(block.indent + line if line else line)
                out.append(newline)
            index = block.end
            continue
        out.append(content[index])
        if index < len(separators):
            out.append(separators[index])
        index += 1
    return "".join(out)
