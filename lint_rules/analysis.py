"""The libcst half of the engine: one parse, the rules' traversal, positions only for findings.

Imported by the engine only for a file that some enabled rule can fire in, so checking files that
do not use the libraries costs no libcst import.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re

import libcst as cst
from libcst.helpers import get_full_name_for_node

from lint_rules import positions
from lint_rules.context import Context, EditMode, FileEdit, NodeEdit, Report
from lint_rules.diagnostics import Diagnostic, Edit, Fix, Location
from lint_rules.facts.bindings import BindingTable
from lint_rules.project import view_for
from lint_rules.rule import Rule
from lint_rules.selection import modules_for
from lint_rules.sources import SourceError, detect_newline, physical_lines
from lint_rules.stack import Stack
from lint_rules.syntax import describe
from lint_rules.versions import Version

# flake8's own noqa grammar (codes match as prefixes), so the CLI and the flake8 plugin agree.
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_STATEMENTS = frozenset(
    cls.__name__
    for cls in vars(cst).values()
    if isinstance(cls, type) and issubclass(cls, (cst.BaseStatement,)) and cls is not cst.BaseStatement
)


# Trivia that no rule visits (rules read it from the parent node when they need it).
_TRIVIA_PREFIXES = (
    "whitespace",
    "leading_lines",
    "lines_after",
    "header",
    "footer",
    "lpar",
    "rpar",
    "comma",
    "semicolon",
)
# Fields evaluated in a new scope: a function's or class's body (not its decorators, defaults or bases).
_BODY_FIELDS = frozenset({"body", "orelse", "handlers", "finalbody", "cases"})
_SCOPE_OWNERS = frozenset({"FunctionDef", "ClassDef"})
# Names that label something rather than refer to it: `visit_Name` never sees these.
_LABELS = frozenset(
    {
        ("Attribute", "attr"), ("Arg", "keyword"), ("ImportAlias", "name"), ("AsName", "name"),
        ("FunctionDef", "name"), ("ClassDef", "name"), ("Param", "name"), ("NameItem", "name"),
    }
)  # fmt: skip
_IDENTIFIED = frozenset({"Name", "Attribute"})  # nodes whose visits a rule may filter by identifier
_CHILD: dict[type, int] = {}  # type of a field's value -> 1: a node, 2: a sequence of nodes, 0: neither


def _child(kind: type) -> int:
    found = _CHILD.get(kind)
    if found is None:
        found = _CHILD[kind] = 1 if issubclass(kind, cst.CSTNode) else 2 if issubclass(kind, (list, tuple)) else 0
    return found


@functools.cache
def _hooks(rule: type) -> tuple[str, ...]:
    return tuple(attr for attr in dir(rule) if attr.startswith(("visit_", "leave_")))


def _fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """(field, enters the node's scope) in walking order, a compound statement's blocks last; trivia
    and labels left out."""
    names = [f.name for f in dataclasses.fields(kind) if not f.name.startswith(_TRIVIA_PREFIXES)]
    names.sort(key=lambda name: name in _BODY_FIELDS)  # stable: source order otherwise
    owner = kind.__name__ in _SCOPE_OWNERS
    return tuple((name, owner and name == "body") for name in names if (kind.__name__, name) not in _LABELS)


class _Traversal:
    """One walk over the tree, dispatching each node to the ``visit_*`` / ``leave_*`` methods of every
    enabled rule. libcst's own ``visit`` rebuilds each node even for read-only visitors; walking the
    dataclass fields costs a fifth of that, and enters a scope exactly where Python does.

    A rule with an ``interesting(identifier)`` method has its ``visit_Name`` / ``visit_Attribute``
    called only for the names (or attributes' ``attr``) it accepts; the answers are kept per file."""

    def __init__(self, ctx: Context, rules: list) -> None:
        self.ctx = ctx
        self.visits: dict[str, list] = {}
        self.leaves: dict[str, list] = {}
        self.filtered: dict[str, list] = {}  # "Name" | "Attribute" -> [(interesting, visit)]
        for rule in rules:
            interesting = getattr(rule, "interesting", None)
            for attr in _hooks(type(rule)):
                if attr.startswith("visit_"):
                    kind = attr[6:]
                    if interesting is not None and kind in _IDENTIFIED:
                        self.filtered.setdefault(kind, []).append((interesting, getattr(rule, attr)))
                    else:
                        self.visits.setdefault(kind, []).append(getattr(rule, attr))
                elif attr.startswith("leave_"):
                    self.leaves.setdefault(attr[6:], []).append(getattr(rule, attr))
        self.plans: dict[type, tuple] = {}
        self.chosen: dict[str, dict[str, tuple]] = {kind: {} for kind in _IDENTIFIED}

    def _plan(self, kind: type) -> tuple:
        name = kind.__name__
        identified = name if name in self.filtered else None
        plan = self.plans[kind] = (
            _fields(kind),
            tuple(self.visits.get(name, ())),
            tuple(self.leaves.get(name, ())),
            name in _STATEMENTS,
            identified,
        )  # fmt: skip
        return plan

    def _choose(self, kind: str, identifier: str) -> tuple:
        chosen = self.chosen[kind][identifier] = tuple(
            visit for interesting, visit in self.filtered[kind] if interesting(identifier)
        )
        return chosen

    def walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        plan = self.plans.get(kind) or self._plan(kind)
        fields, visits, leaves, statement, identified = plan
        ctx = self.ctx
        if statement:
            ctx.seq = ctx.table.seq_of.get(id(node), ctx.seq)
            ctx.statement = node
        for visit in visits:
            visit(node)
        if identified is not None:
            identifier = node.value if identified == "Name" else node.attr.value
            chosen = self.chosen[identified].get(identifier)
            for visit in self._choose(identified, identifier) if chosen is None else chosen:
                visit(node)
        for attribute, enters_scope in fields:
            value = getattr(node, attribute)
            child = _CHILD.get(type(value))
            if child is None:
                child = _child(type(value))
            if not child:
                continue
            if enters_scope:
                outer, ctx.scope = ctx.scope, ctx.table.scope_of[id(node)]
            if child == 1:
                self.walk(value)
            else:
                for item in value:
                    if _CHILD.get(type(item)) == 1 or _child(type(item)) == 1:
                        self.walk(item)
            if enters_scope:
                ctx.scope = outer
        for leave in leaves:
            leave(node)


# The packages whose APIs the rules check against the target stack; `check` says how many uses it saw.
CHECKED_PACKAGES = ("transformers", "huggingface_hub", "datasets", "peft", "trl")


class _Uses:
    """Counts the uses of the checked packages' APIs in one walk: each name imported from them, and each call
    or attribute that resolves to them by import origin (a call's callee, and the inner links of an attribute
    chain, are not counted again)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.count = 0
        self._callees: set[int] = set()

    @staticmethod
    def _ours(name: str | None) -> bool:
        return name is not None and name.split(".", 1)[0] in CHECKED_PACKAGES

    def visit_Import(self, node: cst.Import) -> None:
        self.count += sum(1 for alias in node.names if self._ours(self.ctx.code(alias.name)))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or not self._ours(self.ctx.code(node.module)):
            return
        self.count += len(node.names) if isinstance(node.names, (list, tuple)) else 1

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute):
            self._callees.add(id(node.func))
        if self._ours(self.ctx.qualified_name(node.func)):
            self.count += 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """The outermost attribute of a chain counts (`transformers.models.bert` is one use), and a callee none."""
        if id(node) in self._callees:
            self._callees.add(id(node.value))
        elif self._ours(self.ctx.qualified_name(node)):
            self.count += 1
            self._callees.add(id(node.value))


def analyse(
    text: str, rules: list[type[Rule]], target: Version, filename: str, floor: Version | None,
    tree: ast.Module | None = None, refusal: SyntaxError | None = None, stack: Stack | None = None,
    counts: dict | None = None,
) -> list[Diagnostic]:  # fmt: skip
    """The rules' findings in ``text``. ``tree`` is Python's own parse of it; without one (Python here refused
    it with ``refusal``: it may be newer syntax), libcst's parse decides, and its imports select the rules."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        line, column, message = _libcst_error(exc)
        if refusal is not None and not _newer_syntax(text, refusal, line):
            raise SourceError(describe(refusal)) from None  # the same error: Python's words are clearer
        raise SourceError(f"syntax error at {line}:{column}: {message}") from None
    if tree is None:
        imported = imported_roots(module)
        rules = [rule for rule in rules if imported.intersection(modules_for(rule.code))]
        if not rules:
            return []
    try:
        project = view_for(filename)
        ctx = Context(module, BindingTable(module, project), target, filename, text, floor, stack)
        uses = _Uses(ctx) if counts is not None else None
        _Traversal(ctx, [rule(ctx) for rule in rules] + ([uses] if uses is not None else [])).walk(module)
        if uses is not None:
            counts["uses"] = counts.get("uses", 0) + uses.count
        if counts is not None and project is not None and project.used:
            counts.setdefault("deps", {}).update(project.used)
        if not ctx.reports:
            return []
        needed = [report.node for report in ctx.reports]
        needed += [
            edit.node
            for report in ctx.reports
            if report.fix is not None
            for edit in report.fix.edits
            if isinstance(edit, NodeEdit)
        ]
        spans = positions.near(module, tree, (report.seq for report in ctx.reports), ctx.table.seq_of, needed)
    except RecursionError:
        raise SourceError("too deeply nested to analyse") from None
    return _finish(ctx.reports, spans, text, filename)


# libcst's native parser names the place in its message ("parser error: error at 3:7: expected one of ...")
_LIBCST_ERROR = re.compile(r"^(?:parser error: )?error at (\d+):(\d+): (.*)$", re.DOTALL)


def parses(text: str) -> bool:
    """Whether libcst's parser reads ``text`` (the syntax of any Python 3)."""
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        return False
    return True


def _newer_syntax(text: str, refusal: SyntaxError, line: int) -> bool:
    """Whether Python refused ``text`` at syntax it does not know, before the error libcst stops at on ``line``:
    libcst reads everything up to the end of Python's refused line."""
    if not refusal.lineno or line <= refusal.lineno:
        return False
    return parses("".join(text.splitlines(keepends=True)[: refusal.lineno]))


def _libcst_error(exc: cst.ParserSyntaxError) -> tuple[int, int, str]:
    """(line, column from 1, message) of libcst's refusal."""
    found = _LIBCST_ERROR.match(exc.message)
    if found is None:
        return exc.raw_line, exc.raw_column + 1, exc.message
    return int(found.group(1)), int(found.group(2)) + 1, found.group(3)


def imported_roots(module: cst.Module) -> set[str]:
    """The top-level packages a module imports absolutely, anywhere in its statements (the engine's
    ``imported_roots``, read from libcst's tree)."""
    roots: set[str] = set()
    nodes: list[cst.CSTNode] = [module]
    while nodes:
        node = nodes.pop()
        if isinstance(node, cst.Import):
            roots.update(get_full_name_for_node(alias.name).split(".", 1)[0] for alias in node.names)
        elif isinstance(node, cst.ImportFrom):
            if not node.relative and node.module is not None:
                roots.add(get_full_name_for_node(node.module).split(".", 1)[0])
        elif not isinstance(node, cst.BaseExpression):
            nodes.extend(node.children)
    return roots


def _finish(reports: list[Report], spans: positions.Spans, text: str, filename: str) -> list[Diagnostic]:
    lines = physical_lines(text)
    newline = detect_newline(text)
    diagnostics = []
    for report in reports:
        line, column, end_line, end_column = spans[report.node]
        start = Location(line, column)
        if _suppressed(lines, start.row, report.rule.code):
            continue
        fix = None
        if report.fix is not None:
            edits = tuple(sorted((_place(edit, spans, lines, newline) for edit in report.fix.edits), key=_edit_key))
            fix = Fix(report.fix.applicability, report.fix.message, edits)
        diagnostics.append(
            Diagnostic(
                code=report.rule.code,
                name=report.rule.name,
                message=report.message,
                start=start,
                end=Location(end_line, end_column),
                fix=fix,
                filename=filename,
                url=report.rule.url(),
                site=report.site,
            )
        )
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _place(edit: NodeEdit | FileEdit, spans: positions.Spans, lines: list[str], newline: str) -> Edit:
    if isinstance(edit, FileEdit):  # another file's, already in its positions
        return edit.edit
    line, column, end_line, end_column = spans[edit.node]
    begin = Location(line, column)
    if edit.mode is EditMode.REPLACE:
        return Edit(begin, Location(end_line, end_column), edit.content)
    if edit.mode is EditMode.AFTER:
        end = Location(end_line, end_column)
        return Edit(end, end, edit.content)
    if edit.mode is EditMode.DELETE:  # whole lines, with the statement's trailing comment and newline
        last = end_line
        end = Location(last + 1, 0) if last < len(lines) else Location(last, len(lines[last - 1]))
        return Edit(Location(begin.row, 0), end, "")
    indent = lines[begin.row - 1][: begin.column]
    if indent.strip():  # not first on its line (`import os; from x import y`): stay on the line
        return Edit(begin, begin, edit.content + "; ")
    # the lines a block of code continues onto are indented as the statement is (blank ones stay empty)
    content = newline.join((indent + line if n and line else line) for n, line in enumerate(edit.content.split("\n")))
    return Edit(begin, begin, content + newline + indent)


def _edit_key(edit: Edit) -> tuple:
    return (edit.start, edit.end)


def _suppressed(lines: list[str], row: int, code: str) -> bool:
    if row > len(lines):
        return False
    match = NOQA.search(lines[row - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True
    return any(code.startswith(item) for item in re.split(r"[,\s]+", codes) if item)
