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
        self._names: dict[tuple[int, int, int], tuple[cst.CSTNode, str | None]] = {}

    @functools.cached_property
    def catalog(self) -> Catalog:
        """What the target release knows (Auto classes, pipeline tasks, ...), loaded on first use."""
        return catalog_for(self.target)

    # names
    def qualified_name(self, node: cst.CSTNode) -> str | None:
        """What ``node`` names by import origin here; asked by several rules of the same node, so kept
        (with the node itself, so that its id cannot be reused while the answer is)."""
        key = (id(node), id(self.scope), self.seq)
        known = self._names.get(key)
        if known is None:
            known = self._names[key] = (node, self.table.qualified_name(node, self.scope, self.seq))
        return known[1]

    def hf_name(self, node: cst.CSTNode) -> str | None:
        """The transformers symbol path of ``node`` (``AutoModel.from_pretrained``), or None."""
        return transformers_path(self.qualified_name(node))

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
            _fields(kind), tuple(self.visits.get(name, ())), tuple(self.leaves.get(name, ())), name in _STATEMENTS, identified
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
