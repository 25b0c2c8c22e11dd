"""Reading a call: its arguments by keyword or position, what a literal holds, every keyword it passes
(those of a dict it unpacks too), and the transformers callable it reaches (through local subclasses and
the classes of trl and peft)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import libcst as cst

from lint_rules.context import FileEdit, NodeEdit
from lint_rules.diagnostics import Edit, Location
from lint_rules.facts.bindings import dotted, transformers_path
from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.wrappers import AS_PASSED, returned_classes, wrapper_class


def argument(call: cst.Call, index: int, name: str) -> cst.BaseExpression | None:
    """The value passed as positional ``index`` or as keyword ``name``."""
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return positional[index].value if len(positional) > index else None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def keywords(call: cst.Call) -> dict[str, cst.Arg]:
    return {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}


def literal_bool(node: cst.BaseExpression) -> bool | None:
    """True / False for the literals, None for anything that needs evaluating."""
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def as_code(value) -> str | None:
    """A constant (str, bool, None, int, float) written as the tables write it (`"adafactor"`, `True`); None for
    anything else."""
    if isinstance(value, str):
        return json.dumps(value)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    return None


def literal_code(ctx, node: cst.BaseExpression) -> str:
    """The value an argument holds, as the tables write it, where it is a constant here (a literal, or a name bound
    to one: `value = True; f(flag=value)` gives `True`; not a command-line option's default); else its code."""
    found = as_code(ctx.fixed_constant(node))
    return found if found is not None else ctx.code(node)


def is_pure(node: cst.BaseExpression) -> bool:
    """Evaluating the expression twice has no effect: names, attribute chains and literals."""
    if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.Attribute):
        return is_pure(node.value)
    return False


# ---- the keywords a call passes ----------------------------------------------------------------
@dataclass(frozen=True)
class Given:
    """A keyword a call passes: written in the call, or a key of the dict it unpacks with `**`."""

    name: str
    value: cst.BaseExpression
    at: cst.CSTNode  # where to report: the keyword, or the dict's key
    arg: cst.Arg | None = None  # the call's own argument; None for a dict key
    single_use: bool = True  # a dict used nowhere else, so that its keys may be renamed
    elsewhere: tuple | None = None  # a key of a dict another module holds: (path, digest, key span, key as written)

    def rename(self, ctx, new: str) -> NodeEdit | FileEdit | None:
        """The edit that renames the keyword (a dict's key keeps its quotes); None when not safe. A key of a dict
        that another module of the project holds is renamed there: every use of that dict gets the new key."""
        if self.elsewhere is not None:
            path, digest, (row, column, end_row, end_column), written = self.elsewhere
            content = written.replace(self.name, new, 1)
            return FileEdit(Edit(Location(row, column), Location(end_row, end_column), content, None, path, digest))
        if isinstance(self.at, cst.SimpleString):
            return ctx.replace(self.at, self.at.value.replace(self.name, new, 1)) if self.single_use else None
        return ctx.replace(self.at, new) if self.single_use else None


def given_keywords(ctx, call: cst.Call) -> dict[str, Given]:
    """Every keyword ``call`` passes that can be known: its own, and the keys of a `**name` whose name is
    assigned once, in its own scope, a dict literal or `dict(...)` with literal keys, then given more only by
    `name["key"] = value` and `name.update(...)` with literal keys in that scope (those before the call)."""
    given = {}
    for arg in call.args:
        if arg.keyword is not None:
            given[arg.keyword.value] = Given(arg.keyword.value, arg.value, arg.keyword, arg)
        elif arg.star == "**" and isinstance(arg.value, cst.Name):
            for item in _dict_items(ctx, arg.value.value) or _project_dict(ctx, arg.value):
                given.setdefault(item.name, item)
    return given


def _project_dict(ctx, name: cst.Name) -> list[Given]:
    """The keys of a dict a project module binds once and never changes (`from settings import LOAD_KWARGS`),
    reported at the `**` here; renamed in that module, not from here."""
    found = ctx.table.lookup(name.value, ctx.scope, ctx.seq)
    if found is None or found[0].origin is None or ctx.table.project is None:
        return []
    found = ctx.table.project.dict_items(found[0].origin)
    if found is None:
        return []
    path, digest, items = found
    given = []
    for key, source, span, written in items:
        try:
            value = cst.parse_expression(source)
        except cst.ParserSyntaxError:
            return []
        elsewhere = (path, digest, span, written) if span is not None else None
        given.append(Given(key, value, name, None, single_use=False, elsewhere=elsewhere))
    return given


def _dict_items(ctx, name: str) -> list[Given]:
    """The keys the dict ``name`` holds where ``**name`` is passed: those of its literal or `dict(...)`, and those
    given to it after (a dict some other call made has only those). A key may be renamed where the dict is used
    nowhere else, its whole content is known and the key is given once."""
    found = ctx.table.lookup(name, ctx.scope, ctx.seq)
    if found is None or len(found[1].bindings.get(name, ())) != 1:
        return []
    value = found[0].value
    if not isinstance(value, (cst.Dict, cst.Call)):  # most `**kwargs` are parameters: nothing to read
        return []
    changed, uses, assigned = _text_facts(ctx, name)
    added = found[1].dict_keys.get(name, [])
    changes = found[1].dict_changes.get(name, 0)
    if changed or assigned != changes or any(key is None for key, _, _ in added):
        return []  # changed after its assignment in a way that cannot be read (`del`, `pop`, a computed key)
    made: list[tuple[str, cst.BaseExpression, cst.CSTNode]] = []
    known = True  # the dict's whole content is known
    if isinstance(value, cst.Dict):
        for element in value.elements:
            key = element.key if isinstance(element, cst.DictElement) else None
            if not isinstance(key, cst.SimpleString) or not isinstance(key.evaluated_value, str):
                return []
            made.append((key.evaluated_value, element.value, key))
    elif isinstance(value, cst.Call) and dotted(value.func) == "dict" and not ctx.is_bound("dict"):
        for arg in value.args:
            if arg.keyword is None:
                return []
            made.append((arg.keyword.value, arg.value, arg.keyword))
    else:
        known = False  # what another call returned: only the keys given to it after are known
    for key, given, seq in added:
        if seq < ctx.seq:
            made.append((key.value if isinstance(key, cst.Name) else key.evaluated_value, given, key))
    names = [text for text, _, _ in made]
    single_use = known and uses == 2 + changes
    return [Given(text, given, key, None, single_use and names.count(text) == 1) for text, given, key in made]


def _text_facts(ctx, name: str) -> tuple[bool, int, int]:
    """(the file changes the dict ``name`` in a way other than giving it keys, how often the name occurs, how
    often it is given keys: `name[...] = ` and `name.update(`): read from the text once per name and file, as
    every call that unpacks the dict asks again."""
    memo = ctx.text_facts
    if name not in memo:
        text, changed, count, assigned = ctx.text, False, 0, 0
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
                count += 1
                if _GIVEN_AFTER.match(text, end):
                    assigned += 1
                elif _CHANGED_AFTER.match(text, end) or _DEL_BEFORE.search(text, max(0, start - 12), start):
                    changed = True
            start = text.find(name, end)
        memo[name] = changed, count, assigned
    return memo[name]


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_GIVEN_AFTER = re.compile(r"\s*\[[^\]\n]*\]\s*(?:[-+*/|&]?=)(?!=)|\s*\.\s*update\s*\(")
_CHANGED_AFTER = re.compile(r"\s*\.\s*(?:pop|setdefault|clear|popitem|__setitem__)\b")
_DEL_BEFORE = re.compile(r"\bdel\s+$")


# ---- what a call reaches in transformers -----------------------------------------------------------
@dataclass(frozen=True)
class Callee:
    """The transformers callable a call reaches, and through what."""

    path: str  # its symbol path: `Trainer`, `AutoModelForCausalLM.from_pretrained`
    via: str | None = None  # what the code calls instead: a local subclass, a trl or peft class or method
    own: frozenset[str] = frozenset()  # keywords `via` takes itself, which are not transformers' to judge
    closed: str | None = None  # `via`'s own signature alone decides, as in this release ("trl 1.16.0")


@dataclass(frozen=True)
class _ClassView:
    name: str
    base: str | None  # the transformers class it derives from
    params: frozenset[str]
    closed: str | None
    methods: frozenset[str]
    forwards: dict[str, tuple[str, frozenset[str]]]
    init_known: bool  # its `__init__` is the base's or the wrapper's: not one the file redefines
    local: bool = False  # a class of the file itself

    def method(self, name: str) -> tuple[str, frozenset[str]] | None:
        """(the transformers callable the method is or hands its keywords to, the keywords that are not
        transformers'), or None when it is the library's or the file's own."""
        if name in self.forwards:
            return self.forwards[name]
        if name in self.methods or self.base is None:
            return None
        return f"{self.base}.{name}", frozenset()


def callee(ctx, func: cst.BaseExpression) -> Callee | None:
    """What calling ``func`` reaches in transformers: a transformers name; a local subclass of a
    transformers, trl or peft class; a trl or peft class; a method of one of them or of what they return
    (`get_peft_model(...).push_to_hub`); None when that is not certain."""
    path = ctx.hf_name(func)
    if path is not None:
        return None if SymbolPath.parse(path).through_trainer_attribute(AS_PASSED) else Callee(path)
    view = _class_view(ctx, func)
    if view is not None:
        if view.base is None or not view.init_known:
            return None
        return Callee(view.base, view.name, view.params, view.closed)
    if not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    owner = _class_view(ctx, func.value)
    views = [owner] if owner is not None else _instance_views(ctx, func.value)
    reached = {view.method(method) for view in views}
    if len(reached) != 1 or None in reached:
        return None
    path, own = reached.pop()
    return Callee(path, f"{views[0].name}.{method}", own)


def _class_view(ctx, expr: cst.BaseExpression) -> _ClassView | None:
    """The class ``expr`` names, when it is a local subclass or a trl / peft class."""
    lineage = ctx.table.derived(expr, ctx.scope, ctx.seq) if isinstance(expr, (cst.Name, cst.Attribute)) else None
    if lineage is None:
        found = wrapper_class(ctx.qualified_name(expr))
        return None if found is None else _class_view_of(found)
    init_known = "__init__" not in lineage.members
    base = transformers_path(lineage.origin)
    if base is not None:
        return _ClassView(lineage.names[0], base, lineage.fields, None, lineage.members, {}, init_known, True)
    found = wrapper_class(lineage.origin)
    if found is None:
        return None
    return _ClassView(
        lineage.names[0], found.base, found.params | lineage.fields, found.library if found.closed else None,
        found.methods | lineage.members, {k: v for k, v in found.forwards.items() if k not in lineage.members},
        init_known, True,
    )  # fmt: skip


def _instance_views(ctx, receiver: cst.BaseExpression) -> list[_ClassView]:
    """The classes of what ``receiver`` holds: an instance of a local subclass or trl / peft class, or
    what a trl / peft function or `from_pretrained` returned."""
    found = ctx.producer(receiver)
    if found is None:
        return []
    call, scope, seq = found
    with ctx.at(scope, seq):
        view = _class_view(ctx, call.func)
        if view is not None:
            return [view] if view.init_known else []
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained":
            owner = _class_view(ctx, func.value)
            if owner is not None and owner.local:  # `from_pretrained` of a transformers class returns `cls`
                return [owner] if "from_pretrained" not in owner.methods else []
        classes = returned_classes(ctx.qualified_name(func))
        return [_class_view_of(wrapper) for wrapper in classes]


def _class_view_of(found) -> _ClassView:
    return _ClassView(
        found.name, found.base, found.params, found.library if found.closed else None, found.methods,
        found.forwards, True,
    )  # fmt: skip
