"""What a rule sees while it runs: the file's names, values and models at the node being visited,
and the edits a fix is made of. Rules import this module and `lint_rules.rule`, nothing of the engine."""

from __future__ import annotations

import contextlib
import enum
import functools
import os
from dataclasses import dataclass, field

import libcst as cst

try:  # libcst's renderer with an indentation to start from; not public API, hence the way without it
    from libcst._nodes.internal import CodegenState
except ImportError:  # a libcst that moved it: continuation lines then start at column 0
    CodegenState = None

from lint_rules.diagnostics import Applicability, Edit
from lint_rules.facts.bindings import BindingTable, Scope, is_class_load, transformers_path
from lint_rules.facts.models import ModelRef, resolve_model_id
from lint_rules.facts.values import constant, from_option
from lint_rules.knowledge.catalog import Catalog, catalog_for
from lint_rules.knowledge.placement import SAME_MODEL
from lint_rules.stack import Stack, own_packages, stack_for
from lint_rules.versions import Version

__all__ = ["Applicability", "Context", "EditMode", "NodeEdit", "PendingFix", "Report"]


class EditMode(enum.Enum):
    """Where a tree edit's content goes."""

    REPLACE = "replace"  # in place of the node
    AFTER = "after"  # right after the node
    LINE = "line"  # a line of its own above the node's statement
    DELETE = "delete"  # nowhere: the statement's lines go


@dataclass
class NodeEdit:
    """An edit expressed on the tree; the engine turns it into text positions after the traversal."""

    node: cst.CSTNode
    content: str
    mode: EditMode = EditMode.REPLACE


@dataclass(frozen=True)
class FileEdit:
    """An edit of another file of the project, already in that file's positions (a key of a dict that a settings
    module holds)."""

    edit: Edit


@dataclass
class PendingFix:
    applicability: Applicability
    message: str
    edits: list[NodeEdit | FileEdit] = field(default_factory=list)


@dataclass
class Report:
    rule: type
    node: cst.CSTNode
    message: str
    fix: PendingFix | None
    site: dict | None = None
    seq: int = 0  # the statement being visited when it was reported (positions are computed near it)


class Context:
    """What a rule may ask about the file being linted, at the node being visited."""

    def __init__(
        self, module: cst.Module, table: BindingTable, target: Version, filename: str = "<string>", text: str = "",
        floor: Version | None = None, stack: Stack | None = None,
    ) -> None:  # fmt: skip
        self.module = module
        self.table = table
        self.target = target  # the newest release the code must work with: rules report for it
        self.floor = floor or target  # the oldest it must still work with: fixes must suit it too
        self._stack = stack
        self.filename = filename
        self.text = text
        self.scope: Scope = table.module_scope
        self.seq = 0
        self.statement: cst.CSTNode | None = None  # the innermost statement being visited
        self.reports: list[Report] = []
        self._names: dict[tuple[int, int, int], tuple[cst.CSTNode, str | None]] = {}
        self.text_facts: dict[str, tuple[bool, int, int]] = {}  # `calls._text_facts`: per dict name, read once

    def no_fix(self, form: str, since: Version | None) -> str:
        """A finding's closing words when its fix is withheld because a release the project admits lacks ``form``
        (which arrived in ``since``): " (no fix: `dtype=` needs transformers 4.56, the project admits 4.30)"."""
        if since is None or self.floor >= since:
            return ""
        return f" (no fix: {form} needs transformers {since}, the project admits {self.floor})"

    @functools.cached_property
    def stack(self) -> Stack:
        """The releases of huggingface_hub, datasets, peft and trl the code must work with."""
        return self._stack or stack_for(self.target, self.floor)

    @functools.cached_property
    def own_packages(self) -> frozenset[str]:
        """The stack packages whose own source tree this file belongs to (it uses its own checkout of them)."""
        if self.filename.startswith("<"):
            return frozenset()
        return own_packages(os.path.dirname(os.path.abspath(self.filename)))

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
        """The constant the expression holds here (str, bool, int, float, None), or ``...`` when unknown."""
        return constant(self.table, node, self.scope, self.seq)

    def fixed_constant(self, node: cst.BaseExpression):
        """`constant`, but ``...`` for a command-line option's default (`args.warmup_ratio`): the program runs with
        other values too, so a fix cannot be written for that one."""
        if from_option(self.table, node, self.scope, self.seq):
            return ...
        return self.constant(node)

    def model(
        self, node: cst.BaseExpression | None, scope: Scope | None = None, seq: int | None = None
    ) -> ModelRef | None:
        """The model an id expression names, resolved offline, of a type the target release knows; None
        when it cannot be known."""
        if node is None:
            return None
        value = constant(self.table, node, scope or self.scope, self.seq if seq is None else seq)
        if not isinstance(value, str):
            return None
        model = resolve_model_id(value, os.path.dirname(os.path.abspath(self.filename)))
        if model is None or model.model_type not in self.catalog.model_types:
            return None  # a type the target release does not know: nothing certain to say about it
        return model

    def bound_value(
        self, node: cst.BaseExpression, scope: Scope | None = None, seq: int | None = None
    ) -> tuple[cst.BaseExpression, Scope, int] | None:
        """The expression ``node`` holds (itself, or what a name is bound to, through names bound to names), with the
        scope and statement where it is written; None for a name without one known value."""
        scope, seq = scope or self.scope, self.seq if seq is None else seq
        for _ in range(8):
            if not isinstance(node, cst.Name):
                return node, scope, seq
            found = self.table.lookup(node.value, scope, seq)
            if found is None or found[0].value is None:
                return None
            node, scope, seq = found[0].value, found[1], found[0].seq
        return None

    def producer(self, node: cst.BaseExpression) -> tuple[cst.Call, Scope, int] | None:
        """The call whose result ``node`` holds here, through names, `.to()`-like methods, the one value a
        function of the module returns, and the one value the class's methods assign to `self.<attr>`."""
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
                    continue
                returned = self.table.returned(func, scope, seq)
                if returned is None:
                    return node, scope, seq
                if len(returned) != 1:
                    return None
                node, scope, seq = returned[0]
            elif isinstance(node, cst.Attribute):
                assigned = self.table.instance_attribute(node, scope, seq)
                if not assigned or len(assigned) != 1 or assigned[0][0] is None:
                    return None
                node, scope, seq = assigned[0]
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
        if not is_class_load(path):
            return None
        return path.split(".", 1)[0], call, scope, seq

    def loaded_class(self, node: cst.BaseExpression) -> str | None:
        """The transformers class whose `from_pretrained` made what ``node`` holds, as `loader` finds it or
        through a function of another module of the project that returns it (`load_tokenizer(name)`)."""
        found = self.loader(node)
        if found is not None:
            return found[0]
        produced = self.producer(node)
        if produced is None:
            return None
        call, scope, seq = produced
        path = transformers_path(self.table.qualified_name(call, scope, seq))
        if path is None or not path.endswith("()") or not is_class_load(path[:-2]):
            return None
        return path.split(".", 1)[0]

    # fixes
    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def replace(self, node: cst.CSTNode, new: cst.CSTNode | str) -> NodeEdit:
        return NodeEdit(node, new if isinstance(new, str) else self._code_in_place(node, new))

    def _code_in_place(self, old: cst.CSTNode, new: cst.CSTNode) -> str:
        """``new``'s code where ``old`` is: the lines it continues onto keep the indentation of the block
        (``Module.code_for_node`` writes them as if at the top level)."""
        statement = self.statement
        if statement is None or CodegenState is None or not _holds(statement, old):
            return self.module.code_for_node(new)
        indent = self._indents[id(statement)]
        state = CodegenState(self.module.default_indent, self.module.default_newline, indent_tokens=[indent])
        new._codegen(state)
        return "".join(state.tokens)

    @functools.cached_property
    def _indents(self) -> dict[int, str]:
        """Each statement's indentation (the blocks it is in), by its id."""
        indents, todo = {}, [(self.module, "")]
        while todo:
            node, indent = todo.pop()
            for child in node.children:
                if isinstance(child, cst.BaseStatement):
                    indents[id(child)] = indent
                    todo.append((child, indent))
                elif isinstance(child, cst.IndentedBlock):
                    own = self.module.default_indent if child.indent is None else child.indent
                    todo.append((child, indent + own))
                elif isinstance(child, _SUITES):
                    todo.append((child, indent))
        return indents

    def insert_after(self, node: cst.CSTNode, text: str) -> NodeEdit:
        return NodeEdit(node, text, mode=EditMode.AFTER)

    def insert_line_above(self, statement: cst.CSTNode, line: str) -> NodeEdit:
        """A new line with ``line`` above ``statement``, at the statement's indentation."""
        return NodeEdit(statement, line, mode=EditMode.LINE)

    def delete_statement(self) -> NodeEdit | None:
        """Delete the line of the statement being visited; None when that would leave a block empty."""
        statement = self.statement
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        if self.table.block_len.get(id(statement), 0) < 2:
            return None
        return NodeEdit(statement, "", mode=EditMode.DELETE)

    def report(
        self, rule, node: cst.CSTNode, message: str, fix: PendingFix | None, site: dict | None = None,
        seq: int | None = None,
    ) -> None:  # fmt: skip
        """``seq``: the statement that holds ``node``, for a report made after the traversal left it."""
        self.reports.append(Report(type(rule), node, message, fix, site, self.seq if seq is None else seq))


_SUITES = (cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.MatchCase)


def _holds(tree: cst.CSTNode, node: cst.CSTNode) -> bool:
    return tree is node or any(_holds(child, node) for child in tree.children)
