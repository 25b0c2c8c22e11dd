"""The libcst half of the engine: one parse, the rules' traversal, positions only for findings.

Imported by the engine only for a file that some enabled rule can fire in, so checking files that
do not use the libraries costs no libcst import.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lint_rules.diagnostics import Applicability, Diagnostic, Edit, Fix, Location
from lint_rules.facts.bindings import BindingTable, Scope, transformers_path
from lint_rules.facts.models import SAME_MODEL, ModelRef, resolve_model_id
from lint_rules.facts.values import constant
from lint_rules.knowledge.catalog import Catalog, catalog_for
from lint_rules.registry import Rule
from lint_rules.sources import SourceError, detect_newline, physical_lines
from lint_rules.versions import Version

# flake8's own noqa grammar (codes match as prefixes), so the CLI and the flake8 plugin agree.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_STATEMENTS = frozenset(
    cls.__name__
    for cls in vars(cst).values()
    if isinstance(cls, type) and issubclass(cls, (cst.BaseStatement,)) and cls is not cst.BaseStatement
)


@dataclass
class NodeEdit:
    """An edit expressed on the tree; the engine turns it into text positions after the traversal."""

    node: cst.CSTNode
    content: str
    mode: str = "replace"  # "after": insert after the node; "line": a new line above it; "delete": drop its lines


@dataclass
class PendingFix:
    applicability: Applicability
    message: str
    edits: list[NodeEdit] = field(default_factory=list)


@dataclass
class _Report:
    rule: type[Rule]
    node: cst.CSTNode
    message: str
    fix: PendingFix | None
    site: dict | None = None


class Context:
    """What a rule may ask about the file being linted, at the node being visited."""

    def __init__(
        self, module: cst.Module, table: BindingTable, target: Version, filename: str = "<string>", text: str = "",
        floor: Version | None = None,
    ) -> None:  # fmt: skip
        self.module = module
        self.table = table
        self.target = target  # the newest release the code must work with: rules report for it
        self.floor = floor or target  # the oldest it must still work with: fixes must suit it too
        self.filename = filename
        self.text = text
        self.scope: Scope = table.module_scope
        self.seq = 0
        self.statement: cst.CSTNode | None = None  # the innermost statement being visited
        self.reports: list[_Report] = []

    @functools.cached_property
    def catalog(self) -> Catalog:
        """What the target release knows (Auto classes, pipeline tasks, ...), loaded on first use."""
        return catalog_for(self.target)

    # names
    def qualified_name(self, node: cst.CSTNode) -> str | None:
        return self.table.qualified_name(node, self.scope, self.seq)

    def hf_name(self, node: cst.CSTNode) -> str | None:
        """The transformers symbol path of ``node`` (``AutoModel.from_pretrained``), or None."""
        return transformers_path(self.table.qualified_name(node, self.scope, self.seq))

    def is_bound(self, name: str) -> bool:
        return self.table.lookup(name, self.scope, self.seq) is not None

    @contextlib.contextmanager
    def at(self, scope: Scope, seq: int):
        """Resolve names as they are seen at another place (where a model was loaded, say)."""
        saved = self.scope, self.seq
        self.scope, self.seq = scope, seq
        try:
            yield
        finally:
            self.scope, self.seq = saved

    # values and models
    def constant(self, node: cst.BaseExpression):
        """The constant the expression holds here (str, bool, int, None), or ``...`` when unknown."""
        return constant(self.table, node, self.scope, self.seq)

    def model(self, node: cst.BaseExpression | None, scope: Scope | None = None, seq: int | None = None) -> ModelRef | None:
        """The model an id expression names, resolved offline; None when it cannot be known."""
        if node is None:
            return None
        value = constant(self.table, node, scope or self.scope, self.seq if seq is None else seq)
        if not isinstance(value, str):
            return None
        return resolve_model_id(value, os.path.dirname(os.path.abspath(self.filename)))

    def producer(self, node: cst.BaseExpression) -> tuple[cst.Call, Scope, int] | None:
        """The call whose result ``node`` holds here, through names and `.to()`-like methods."""
        scope, seq = self.scope, self.seq
        for _ in range(16):
            if isinstance(node, cst.Name):
                found = self.table.lookup(node.value, scope, seq)
                if found is None or found[0].value is None:
                    return None
                binding, scope = found
                node, seq = binding.value, binding.seq
            elif isinstance(node, cst.Call):
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in SAME_MODEL:
                    node = func.value
                else:
                    return node, scope, seq
            else:
                return None
        return None

    def loader(self, node: cst.BaseExpression) -> tuple[str, cst.Call, Scope, int] | None:
        """(class, call, scope, seq) when ``node`` holds what `<transformers class>.from_pretrained()` returned."""
        found = self.producer(node)
        if found is None:
            return None
        call, scope, seq = found
        path = transformers_path(self.table.qualified_name(call.func, scope, seq))
        if path is None or path.count(".") != 1 or not path.endswith(".from_pretrained"):
            return None
        return path.split(".", 1)[0], call, scope, seq

    # fixes
    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def replace(self, node: cst.CSTNode, new: cst.CSTNode | str) -> NodeEdit:
        return NodeEdit(node, new if isinstance(new, str) else self.module.code_for_node(new))

    def insert_after(self, node: cst.CSTNode, text: str) -> NodeEdit:
        return NodeEdit(node, text, mode="after")

    def insert_line_above(self, statement: cst.CSTNode, line: str) -> NodeEdit:
        """A new line with ``line`` above ``statement``, at the statement's indentation."""
        return NodeEdit(statement, line, mode="line")

    def delete_statement(self) -> NodeEdit | None:
        """Delete the line of the statement being visited; None when that would leave a block empty."""
        statement = self.statement
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        if self.table.block_len.get(id(statement), 0) < 2:
            return None
        return NodeEdit(statement, "", mode="delete")

    def report(self, rule: Rule, node: cst.CSTNode, message: str, fix: PendingFix | None, site: dict | None = None) -> None:
        self.reports.append(_Report(type(rule), node, message, fix, site))


# Trivia that no rule visits (rules read it from the parent node when they need it).
_TRIVIA_PREFIXES = ("whitespace", "leading_lines", "lines_after", "header", "footer", "lpar", "rpar", "comma", "semicolon")
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
_FIELDS: dict[type, tuple[tuple[str, bool, bool], ...]] = {}


def _fields(kind: type) -> tuple[tuple[str, bool, bool], ...]:
    """(field, enters the node's scope, holds a label) in walking order: a compound statement's blocks last."""
    fields = _FIELDS.get(kind)
    if fields is None:
        names = [f.name for f in dataclasses.fields(kind) if not f.name.startswith(_TRIVIA_PREFIXES)]
        names.sort(key=lambda name: name in _BODY_FIELDS)  # stable: source order otherwise
        owner = kind.__name__ in _SCOPE_OWNERS
        fields = _FIELDS[kind] = tuple(
            (name, owner and name == "body", (kind.__name__, name) in _LABELS) for name in names
        )
    return fields


class _Traversal:
    """One walk over the tree, dispatching each node to the ``visit_*`` / ``leave_*`` methods of every
    enabled rule. libcst's own ``visit`` rebuilds each node even for read-only visitors; walking the
    dataclass fields costs a fifth of that, and enters a scope exactly where Python does."""

    def __init__(self, ctx: Context, rules: list) -> None:
        self.ctx = ctx
        self.visits: dict[str, list] = {}
        self.leaves: dict[str, list] = {}
        for rule in rules:
            for attr in dir(type(rule)):
                if attr.startswith("visit_"):
                    self.visits.setdefault(attr[6:], []).append(getattr(rule, attr))
                elif attr.startswith("leave_"):
                    self.leaves.setdefault(attr[6:], []).append(getattr(rule, attr))

    def walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        name = kind.__name__
        ctx = self.ctx
        if name in _STATEMENTS:
            ctx.seq = ctx.table.seq_of.get(id(node), ctx.seq)
            ctx.statement = node
        for visit in self.visits.get(name, ()):
            visit(node)
        for attribute, enters_scope, label in _fields(kind):
            value = getattr(node, attribute)
            if label:
                continue  # a Name that labels (`x.attr`, `f(key=...)`, `def name`): nothing to visit
            if enters_scope:
                outer, ctx.scope = ctx.scope, ctx.table.scope_of[id(node)]
            if isinstance(value, cst.CSTNode):
                self.walk(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, cst.CSTNode):
                        self.walk(item)
            if enters_scope:
                ctx.scope = outer
        for leave in self.leaves.get(name, ()):
            leave(node)


def analyse(text: str, rules: list[type[Rule]], target: Version, filename: str, floor: Version | None) -> list[Diagnostic]:
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:  # what Python accepts but libcst does not
        raise SourceError(f"syntax error at {exc.raw_line}:{exc.raw_column + 1}: {exc.message}") from None
    try:
        ctx = Context(module, BindingTable(module), target, filename, text, floor)
        _Traversal(ctx, [rule(ctx) for rule in rules]).walk(module)
        if not ctx.reports:
            return []
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    except RecursionError:
        raise SourceError("too deeply nested to analyse") from None
    return _finish(ctx.reports, positions, text, filename)


def _finish(reports: list[_Report], positions, text: str, filename: str) -> list[Diagnostic]:
    lines = physical_lines(text)
    newline = detect_newline(text)
    diagnostics = []
    for report in reports:
        span = positions[report.node]
        start = Location(span.start.line, span.start.column)
        if _suppressed(lines, start.row, report.rule.code):
            continue
        fix = None
        if report.fix is not None:
            edits = tuple(sorted((_place(edit, positions, lines, newline) for edit in report.fix.edits), key=_edit_key))
            fix = Fix(report.fix.applicability, report.fix.message, edits)
        diagnostics.append(
            Diagnostic(
                code=report.rule.code,
                name=report.rule.name,
                message=report.message,
                start=start,
                end=Location(span.end.line, span.end.column),
                fix=fix,
                filename=filename,
                url=report.rule.url(),
                site=report.site,
            )
        )
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _place(edit: NodeEdit, positions, lines: list[str], newline: str) -> Edit:
    where = positions[edit.node]
    begin = Location(where.start.line, where.start.column)
    if edit.mode == "replace":
        return Edit(begin, Location(where.end.line, where.end.column), edit.content)
    if edit.mode == "after":
        end = Location(where.end.line, where.end.column)
        return Edit(end, end, edit.content)
    if edit.mode == "delete":  # whole lines, with the statement's trailing comment and newline
        last = where.end.line
        end = Location(last + 1, 0) if last < len(lines) else Location(last, len(lines[last - 1]))
        return Edit(Location(begin.row, 0), end, "")
    indent = lines[begin.row - 1][: begin.column]
    if indent.strip():  # not first on its line (`import os; from x import y`): stay on the line
        return Edit(begin, begin, edit.content + "; ")
    return Edit(begin, begin, edit.content + newline + indent)


def _edit_key(edit: Edit) -> tuple:
    return (edit.start, edit.end)


def _suppressed(lines: list[str], row: int, code: str) -> bool:
    if row > len(lines):
        return False
    match = _NOQA.search(lines[row - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True
    return any(code.startswith(item) for item in re.split(r"[,\s]+", codes) if item)
