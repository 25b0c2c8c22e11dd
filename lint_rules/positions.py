"""Where the nodes that hold a finding are in the text, generated only near them.

libcst computes positions by generating the code again and counting lines and columns as it goes. Its
``PositionProvider`` does that for every node of the module, through a state object that builds two position
objects per node and a generator-based context manager per syntactic position. `Recorder` speaks the same
code-generation protocol with plain tuples and slotted objects, a quarter of libcst's time (a 1,000-line module:
25 ms against 100), and `near` runs it only over the top-level statements that hold a finding: a few findings
in a long file cost a few statements. The positions are libcst's own (the
syntactic ones its ``PositionProvider`` gives); `tests/test_positions.py` compares them node by node.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterable

import libcst as cst

Span = tuple[int, int, int, int]  # start line (1-based), start column (0-based), end line, end column
Spans = dict[cst.CSTNode, Span]


class Recorder:
    """libcst's code-generation state (``CodegenState``'s protocol), keeping only positions: after a node's
    ``_codegen(recorder)``, ``spans`` maps it and every node below it to its syntactic span."""

    __slots__ = ("default_indent", "default_newline", "indent_tokens", "tokens", "line", "column", "stack", "spans")

    def __init__(self, module: cst.Module, line: int = 1) -> None:
        self.default_indent = module.default_indent
        self.default_newline = module.default_newline
        self.indent_tokens: list[str] = []
        self.tokens: list[str] = []  # the module's code generation asks whether anything was written
        self.line = line
        self.column = 0
        self.stack: list[tuple[int, int]] = []
        self.spans: Spans = {}

    def increase_indent(self, value: str) -> None:
        self.indent_tokens.append(value)

    def decrease_indent(self) -> None:
        self.indent_tokens.pop()

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            self.line += len(lines) - 1
            self.column = len(lines[-1])
        else:
            self.column += len(value)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.tokens.pop()

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self.stack.pop()
        if node not in self.spans:  # a syntactic position recorded inside the node's own generation wins
            self.spans[node] = (line, column, self.line, self.column)

    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """The context manager ``record_syntactic_position`` returns: the node's span without its own whitespace and
    parentheses, or hoisted from the child nodes libcst names."""

    __slots__ = ("recorder", "node", "start_node", "end_node", "line", "column")

    def __init__(self, recorder: Recorder, node, start_node, end_node) -> None:
        self.recorder = recorder
        self.node = node
        self.start_node = start_node
        self.end_node = end_node

    def __enter__(self) -> None:
        self.line, self.column = self.recorder.line, self.recorder.column

    def __exit__(self, *exc) -> None:
        recorder = self.recorder
        spans = recorder.spans
        line, column = (self.line, self.column) if self.start_node is None else spans[self.start_node][:2]
        end = (recorder.line, recorder.column) if self.end_node is None else spans[self.end_node][2:]
        spans[self.node] = (line, column, *end)


def everywhere(module: cst.Module) -> Spans:
    recorder = Recorder(module)
    module._codegen(recorder)
    return recorder.spans


def near(module: cst.Module, tree: ast.Module | None, held: Iterable[int], seq_of: dict[int, int], needed):
    """The spans of the top-level statements that hold a finding (``held``: the findings' statement numbers,
    ``seq_of``: each statement's number), each generated from the line Python's own parser (``tree``) puts it
    on. When a ``needed`` node lies elsewhere, or the two parsers' statements do not pair up, the whole
    module's spans are computed instead."""
    try:
        if tree is None:
            return everywhere(module)
        tops = [seq_of.get(id(statement), -1) for statement in module.body]
        wanted = {bisect.bisect_right(tops, seq) - 1 for seq in held}
        spans = _statements(module, tree.body, wanted)
        if spans is None or any(node not in spans for node in needed):
            return everywhere(module)
        return spans
    except AttributeError as exc:  # a libcst whose code generation asks more of its state than `Recorder` offers
        raise LibcstChanged(
            f"libcst {_libcst_version()} generates code in a way this automodel-lint does not know ({exc}): its "
            f"positions would be wrong; install the libcst release pyproject.toml admits (`pip install 'libcst<1.10'`)"
        ) from exc


class LibcstChanged(RuntimeError):
    """libcst's private code generation, which `Recorder` stands in for, changed."""


def _libcst_version() -> str:
    from importlib.metadata import version

    return version("libcst")


def _statements(module: cst.Module, body: list[ast.stmt], wanted: set[int]) -> Spans | None:
    spans: Spans = {}
    index = 0
    for number, statement in enumerate(module.body):
        if index >= len(body):
            return None
        own = body[index]
        index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        if number not in wanted:
            continue
        decorators = getattr(statement, "decorators", ())
        first = own.decorator_list[0] if decorators and getattr(own, "decorator_list", None) else own
        line = first.lineno - len(statement.leading_lines) - (len(decorators[0].leading_lines) if decorators else 0)
        recorder = Recorder(module, line)
        statement._codegen(recorder)
        spans.update(recorder.spans)
    return spans if index == len(body) else None
