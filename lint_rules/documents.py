"""Files as Python units: a module, a notebook's code cells, a Markdown file's fenced blocks.

`load(path, data)` is the one place that turns a file into units, for linting and for fixing alike;
`Document.rebuild` writes fixed units back into the file's own format.

A notebook's code cells are read as one program, in order (a later cell sees an earlier cell's imports
and constants), with IPython magics and shell escapes (and the lines a trailing `\\` continues them onto)
masked as `pass` lines that are restored after fixing; a `%%writefile x.py` cell is a program of its
own. A Markdown file's Python blocks are one program too, as a page reads top to bottom. A cell or block
that does not parse is skipped with a warning, and the others are still read. Each unit maps its rows
back to the file (notebook cell and row, or Markdown line and column), for diagnostics and their fixes'
edits alike, so reporters and the fixer never special-case the kind of file.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from dataclasses import dataclass, field

from lint_rules.diagnostics import Diagnostic, Edit, Location
from lint_rules.engine import not_python
from lint_rules.sources import SourceError, SourceText, decode, decode_utf8, detect_newline, physical_lines

NOTEBOOK_SUFFIXES = (".ipynb",)
MARKDOWN_SUFFIXES = (".md", ".mdx")

# `!pip ...`, `%time ...`, `?obj`, `files = !ls`, `obj?` / `obj??`: IPython, not Python
_MAGIC = re.compile(r"^(\s*)(?:[!%?]|[\w.]+\s*=\s*[!%]|[\w.]+\?\??\s*$)")
_MASK = "pass  # automodel-lint: masked {index}"
_MASKED = re.compile(r"pass  # automodel-lint: masked (\d+)")
_BOUNDARY = "# automodel-lint: part {index}"
_BOUNDARY_LINE = re.compile(r"^# automodel-lint: part (\d+)$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*\{?\.?(python3?|py)\}?\s*$")
# cell magics whose body runs as Python in the kernel (`%%writefile x.py` writes a Python file instead)
_PYTHON_CELL_MAGICS = frozenset({"capture", "time", "timeit", "prun"})
_CELL_MAGIC = re.compile(r"%%(\w+)(.*)")


@dataclass(frozen=True)
class Part:
    """Where a run of a unit's rows comes from: rows ``row`` up to ``end`` (exclusive) are the frame's
    lines from ``line`` on, the frame being notebook cell ``cell``'s rows, or else the file's lines;
    ``indent`` is what the file has before each non-blank row (an indented Markdown fence's), and
    ``newline`` the frame's own newline."""

    row: int
    end: int
    line: int = 1
    cell: int | None = None
    indent: str = ""
    newline: str = "\n"


@dataclass
class Unit:
    """One Python program inside a file."""

    text: str
    parts: list[Part] = field(default_factory=list)  # none: the unit's rows are the file's lines
    fixable: bool = True  # False: its findings are reported without fixes (a Markdown page's `>>>` sessions)

    @functools.cached_property
    def lines(self) -> list[str]:
        return physical_lines(self.text)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [part.row for part in self.parts]

    def part_at(self, row: int) -> Part:
        return self.parts[max(bisect.bisect_right(self._starts, row) - 1, 0)]

    def locate(self, location: Location, part: Part) -> Location:
        """``location`` (a unit row and column) in ``part``'s frame."""
        row, column = location
        if part.indent and row <= len(self.lines) and self.lines[row - 1]:
            column += len(part.indent)
        return Location(part.line + row - part.row, column)

    def frame_edit(self, edit: Edit) -> Edit:
        """``edit`` in the frame of the part it starts in, its text in the frame's newlines. The newline
        after a part's last row is the program's, not the frame's: an edit that runs past that row ends
        at the row's end instead (and, when it takes whole lines, starts at the end of the row before,
        so that the same text goes)."""
        part = self.part_at(edit.start.row)
        start, end, content = edit.start, edit.end, edit.content
        if end.row >= part.end > part.row:
            end = self._row_end(part.end - 1)
            if start.column == 0 and part.row < start.row < part.end:
                start = self._row_end(start.row - 1)
            start = min(start, end)
        if part.indent and ("\n" in content or start.row != end.row):
            start, end, content = self._whole_lines(start, end, content, part)
        else:
            start, end = self.locate(start, part), self.locate(end, part)
        content = content.replace("\n", part.newline) if part.newline != "\n" else content
        return Edit(start, end, content, part.cell)

    def _whole_lines(self, start: Location, end: Location, content: str, part: Part) -> tuple:
        """An edit in an indented fence as the file sees it: the lines it touches, written whole with the
        fence's indentation, as `rebuild_markdown` writes them."""
        indent = part.indent
        whole = end.column == 0 and end.row > start.row  # it ends where a line begins
        last = self.lines[end.row - 1]
        text = self.lines[start.row - 1][: start.column] + content + ("" if whole else last[end.column :])
        lines = "\n".join(indent + line if line else line for line in text.split("\n"))
        width = 0 if whole or not last else len(indent) + len(last)
        return Location(part.line + start.row - part.row, 0), Location(part.line + end.row - part.row, width), lines

    def _row_end(self, row: int) -> Location:
        return Location(row, len(self.lines[row - 1]))


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIXES)


def is_markdown(path: str) -> bool:
    return path.endswith(MARKDOWN_SUFFIXES)


def place(diagnostic: Diagnostic, unit: Unit) -> Diagnostic:
    """A unit's diagnostic in the file's frame (Markdown lines, or a notebook cell and its rows), the
    edits of its fix too: the fixer applies the unit's own edits, reporters show these."""
    if not unit.parts:
        return diagnostic
    part = unit.part_at(diagnostic.start.row)
    fix = diagnostic.fix if unit.fixable else None
    if fix is not None:
        edits = tuple(edit if edit.path else unit.frame_edit(edit) for edit in fix.edits)  # another file's as it is
        fix = dataclasses.replace(fix, edits=edits)
    start, end = unit.locate(diagnostic.start, part), unit.locate(diagnostic.end, part)
    return dataclasses.replace(diagnostic, start=start, end=end, fix=fix, cell=part.cell)


class Document:
    """A file read as Python units, with the way back from fixed units to the file's text."""

    def __init__(self, source: SourceText, units: list[Unit], warnings: list[str], rebuild) -> None:
        self.source = source
        self.units = units
        self.warnings = warnings  # parts of the file that are not linted (a cell or block that does not parse)
        self._rebuild = rebuild

    def rebuild(self, texts: list[str]) -> str:
        """The file's text with each unit's text replaced by ``texts`` (in the order of ``units``)."""
        return self._rebuild(texts)


def load(path: str, data: bytes) -> Document:
    """The Python units of a file's bytes: the module itself, a notebook's cells, or Markdown's blocks."""
    if is_notebook(path) or is_markdown(path):
        source = decode_utf8(data)
        document = Notebook(source.text) if is_notebook(path) else Markdown(source.text)
        units = document.units()
        return Document(source, units, document.warnings, document.rebuild)
    source = decode(data)
    if path.endswith((".sh", ".bash")):  # a shell script: no Python of its own, only its launch lines
        return Document(source, [], [], lambda texts: source.text)
    return Document(source, [Unit(source.text)], [], lambda texts: texts[0])


# ---- one program from many pieces -------------------------------------------------------------


@dataclass
class Piece:
    number: int  # the cell's number, or the block's index: its boundary line names it
    label: str  # how a warning names it
    lines: list[str]
    part: Part


class Program:
    """Pieces that each parse, joined in order after a boundary line each, as one program."""

    def __init__(self, warnings: list[str]) -> None:
        self.pieces: list[Piece] = []
        self.warnings = warnings

    def add(self, number: int, label: str, lines: list[str], part: Part) -> None:
        """Add a piece, unless it does not parse on its own (then it is skipped with a warning)."""
        why = not_python("\n".join(lines) + "\n")
        if why is not None:
            self.warnings.append(f"{label}: skipped, it does not parse ({why})")
            return
        self.pieces.append(Piece(number, label, lines, part))

    def unit(self, fixable: bool = True) -> Unit | None:
        """The program (pieces that each parse also parse together), or None when there is no piece."""
        if not self.pieces:
            return None
        lines, parts = [], []
        for piece in self.pieces:
            lines.append(_BOUNDARY.format(index=piece.number))
            row = len(lines) + 1
            lines.extend(piece.lines)
            parts.append(dataclasses.replace(piece.part, row=row, end=len(lines) + 1))
        return Unit("\n".join(lines) + "\n", parts, fixable)


def pieces_of(texts: list[str]) -> dict[int, list[str]]:
    """The fixed programs split back into their pieces' lines, by the number their boundary line names."""
    pieces: dict[int, list[str]] = {}
    current = None
    for text in texts:
        for line in physical_lines(text.removesuffix("\n")):
            boundary = _BOUNDARY_LINE.match(line)
            if boundary:
                current = pieces[int(boundary.group(1))] = []
            elif current is not None:
                current.append(line)
    return pieces


# ---- notebooks ---------------------------------------------------------------------------------


class Notebook:
    """A notebook's code cells as one program (a `%%writefile x.py` cell as its own), and the way back
    to the notebook's JSON."""

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
        self.warnings: list[str] = []  # cells that are not linted, and why
        self.indent = _json_indent(text)

    def units(self) -> list[Unit]:
        """The kernel's program (every Python cell that parses, in order), then each file a cell writes."""
        if not self.python:
            return []
        kernel, files = Program(self.warnings), []
        for number, cell in enumerate(self.data["cells"], 1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = _cell_text(cell)
            kind = _cell_kind(source)
            if kind is None or not source.strip():
                continue
            program = kernel if kind == "python" else Program(self.warnings)
            part = Part(0, 0, cell=number, newline=detect_newline(source))
            program.add(number, f"cell {number}", self._mask(source.rstrip("\r\n")), part)
            if program is not kernel:
                files.append(program)
        return [unit for program in (kernel, *files) if (unit := program.unit()) is not None]

    def _mask(self, source: str) -> list[str]:
        return mask_ipython(physical_lines(source), self.masks)

    def _unmask(self, line: str) -> str:
        return unmask_ipython(line, self.masks)

    def rebuild(self, texts: list[str]) -> str:
        """The notebook's text with the fixed programs' cells written back, each in its own newline
        style; untouched cells stay as they are."""
        pieces = pieces_of(texts)
        changed = False
        for number, cell in enumerate(self.data["cells"], 1):
            if number not in pieces:
                continue
            old = _cell_text(cell)
            body = old.rstrip("\r\n")
            new = "\n".join(self._unmask(line) for line in pieces[number]).rstrip("\n")
            if new != "\n".join(physical_lines(body)):
                text = new.replace("\n", detect_newline(old)) + old[len(body) :]  # keep its trailing newlines
                cell["source"] = _as_source(text, cell.get("source"))
                changed = True
        if not changed:
            return self.text
        out = json.dumps(self.data, indent=self.indent, ensure_ascii=False)
        return out + ("\n" if self.text.endswith("\n") else "")


def mask_ipython(lines: list[str], masks: list[str]) -> list[str]:
    """The lines with each IPython line (and each line its trailing `\\` continues it onto) masked at the
    indentation of the line that begins it; ``masks`` keeps what each mask stands for."""
    out, continued = [], None
    for line in lines:
        indent = continued
        if indent is None:
            match = _MAGIC.match(line)
            if not match or not line.strip() or line.lstrip().startswith("#"):
                out.append(line)
                continue
            indent = match.group(1)
        masks.append(line)
        out.append(indent + _MASK.format(index=len(masks) - 1))
        continued = indent if line.endswith("\\") else None
    return out


def unmask_ipython(line: str, masks: list[str]) -> str:
    masked = _MASKED.fullmatch(line.strip())
    return masks[int(masked.group(1))] if masked else line


def _cell_kind(source: str) -> str | None:
    """`"python"` for a cell the kernel runs as Python, `"file"` for one that writes a Python file,
    None for a cell in another language (`%%bash`, `%%html`, ...)."""
    magic = _CELL_MAGIC.match(source.lstrip())
    if magic is None or magic.group(1) in _PYTHON_CELL_MAGICS:
        return "python"
    arguments = magic.group(2).split()
    if magic.group(1) == "writefile" and arguments and arguments[-1].endswith(".py"):
        return "file"
    return None


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _as_source(text: str, original):
    """A cell's source in the form it had: a list of lines (each with its own newline), or a string."""
    if isinstance(original, list):
        return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
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


class Markdown:
    """A Markdown file's fenced Python blocks as one program, and the way back to the file. Blocks that are
    interactive sessions (`>>> ` and `... ` prompts, then output) are read as doctest reads them: their source
    lines, as a second program (doctest runs a file's examples in one namespace), reported without fixes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = detect_newline(text)
        self.blocks = markdown_blocks(physical_lines(text))
        self.warnings: list[str] = []  # blocks that are not linted, and why
        self._bodies: dict[int, list[str]] = {}
        self.masks: list[str] = []  # IPython lines (`!pip install ...`, `%%time`), masked as in notebooks

    def units(self) -> list[Unit]:
        program, sessions = Program(self.warnings), Program(self.warnings)
        lines = physical_lines(self.text)
        for index, block in enumerate(self.blocks):
            body = _dedent(lines[block.start : block.end], len(block.indent))
            self._bodies[index] = body
            label = f"line {block.start + 1}"
            if is_session(body):  # every source line sits after a prompt of the same width
                part = Part(0, 0, line=block.start + 1, indent=block.indent + " " * _PROMPT, newline=self.newline)
                sessions.add(index, label, session_source(body, self.masks), part)
                continue
            part = Part(0, 0, line=block.start + 1, indent=block.indent, newline=self.newline)
            program.add(index, label, mask_ipython(body, self.masks), part)
        return [unit for unit in (program.unit(), sessions.unit(fixable=False)) if unit is not None]

    def rebuild(self, texts: list[str]) -> str:
        """The document with each block whose code changed replaced (IPython lines as they were); every other
        byte kept."""
        pieces = {
            index: [unmask_ipython(line, self.masks) for line in lines]
            for index, lines in pieces_of(texts).items()
            if not is_session(self._bodies[index])  # sessions are not fixed
        }
        fixed = {
            self.blocks[index].start: lines
            for index, lines in pieces.items()
            if "\n".join(lines).rstrip("\n") != "\n".join(self._bodies[index]).rstrip("\n")
        }
        return rebuild_markdown(self.text, fixed, self.newline) if fixed else self.text


_PROMPT = 4  # `>>> ` and `... `


def is_session(lines: list[str]) -> bool:
    """A block that is an interactive session: its first line that is not blank starts with a `>>>` prompt."""
    first = next((line for line in lines if line.strip()), "")
    return first == ">>>" or first.startswith(">>> ")


def session_source(lines: list[str], masks: list[str]) -> list[str]:
    """A session's source lines as doctest reads them (`>>> x` and `... y` without their prompts), row for row;
    each output line masked (it never carries a finding), so that rows keep the file's lines."""
    source = []
    for line in lines:
        if line in (">>>", "...") or line.startswith((">>> ", "... ")):
            source.append(line[_PROMPT:])
        elif line.strip():
            masks.append(line)
            source.append(_MASK.format(index=len(masks) - 1))
        else:
            source.append("")
    return source


def _dedent(lines: list[str], width: int) -> list[str]:
    """A fence's content without the fence's indentation (up to ``width`` spaces a line, as CommonMark
    reads it)."""
    return [line[min(width, len(line) - len(line.lstrip(" "))) :] for line in lines]


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


def rebuild_markdown(text: str, fixed: dict[int, list[str]], newline: str) -> str:
    """The document with the blocks that start at the keys of ``fixed`` holding its lines instead."""
    lines = re.split(r"(\r\n|\r|\n)", text)  # keep the separators so untouched lines are byte-identical
    content, separators = lines[0::2], lines[1::2]
    blocks = {block.start: block for block in markdown_blocks(content)}
    out, index = [], 0
    while index < len(content):
        block = blocks.get(index)
        if block is not None and index in fixed:
            for line in fixed[index]:
                out.append(block.indent + line if line else line)
                out.append(newline)
            index = block.end
            continue
        out.append(content[index])
        if index < len(separators):
            out.append(separators[index])
        index += 1
    return "".join(out)
