"""The deprecations one transformers release states in its source in a form a program reads, for
`generate_timeline`. Read as text and `ast`, never imported.

- Keywords: every ``@deprecate_kwarg(old, version, new_name=...)`` on a method, and every dataclass field whose
  help text calls it a "Deprecated alias of `new`".
- Callables: every function, class or method whose own body warns that it, by name, is deprecated with a removal
  (`def is_flash_attn_greater_or_equal_2_10(): logger.warning_once("`is_flash_attn_greater_or_equal_2_10` is
  deprecated and will be removed in v5.8. Please use ...")`; a class by its ``__init__``).

Each is recorded under what user code calls: ``Class.method`` for an exported class (and for its exported
subclasses that do not define the method again), ``<kind>.method`` for the base every object of a kind has
(`GenerationMixin.generate` is ``<model>.generate``), and ``<model>.forward`` for a keyword that every model
``forward`` taking it deprecates (calling a model of any class reaches it); a dataclass field is a keyword of
``Class.__init__``; a function or class by its defining module, ``transformers.utils.import_utils.X``.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from tools.knowledge.source_ast import literal_text

# The bases whose methods every object of a kind has: a keyword they deprecate is deprecated on every object.
KIND_BASES = {
    "GenerationMixin": "model",
    "PreTrainedModel": "model",
    "ProcessorMixin": "processor",
    "PreTrainedTokenizerBase": "tokenizer",
}
MODEL_FORWARD = "<model>.forward"
_SKIPPED = ("modular_", "modeling_tf_", "modeling_flax_")
_DECORATOR = re.compile(r"^( *)@deprecate_kwarg\(", re.MULTILINE)
_DEF = re.compile(r"^ *(?:async )?def (\w+)\(", re.MULTILINE)
_CLASS = re.compile(r"^class (\w+)(?:\(([^)]*)\))?:", re.MULTILINE)
_FIELD = re.compile(r"^    (\w+)\s*:[^=\n]*=\s*field\(", re.MULTILINE)
_ALIAS = re.compile(r"Deprecated alias of `(\w+)`[^\"]*?removed in v?(\d+(?:\.\d+)*)")

_WARNS = frozenset({"warn", "warning", "warning_once"})
_REMOVAL = re.compile(r"(?:removed|removal)\D{0,40}?v?(\d+(?:\.\d+)*)", re.IGNORECASE)
# The replacement a notice states: a sentence (or clause) that starts with "Use", "Import" or "Call"
_ADVICE = re.compile(
    r"(?:^|[.;:,\u2014]\s*)((?:[Pp]lease )?(?:[Uu]se|[Ii]mport|[Cc]all)\b[^.]*?(?:\.(?=\w)[^.]*?)*)(?:\.\s|\.?$)"
)

Found = dict[str, dict[str, tuple[str, str]]]  # callable -> old keyword -> (new or "", removal)
Forward = tuple[set[str], dict[str, tuple[str, str]]]  # a model `forward`'s keywords, and those it deprecates
Classes = dict[str, tuple[list[str], str]]  # class -> (its direct subclasses, its body's text)


def deprecated_keywords(files: dict[str, str], exported: set[str], forwards: list[Forward], classes: Classes) -> Found:
    """Callable -> deprecated keyword -> (its replacement or "", the removal it announces); ``forwards``: each model
    ``forward`` of the release, as `generate_timeline` reads them; ``classes``: its `class_index`."""
    found: Found = defaultdict(dict)
    for path, text in files.items():
        if path.rsplit("/", 1)[-1].startswith(_SKIPPED):
            continue
        if "deprecate_kwarg(" in text:
            for match in _DECORATOR.finditer(text):
                row = _decorated(text, match)
                if row is not None and (not row[1].startswith("_") or row[1].startswith("__")):
                    owner, method, old, new, removal = row
                    for callable_ in _callables(owner, method, classes, exported):
                        found[callable_].setdefault(old, (new, removal))
        if "Deprecated alias of `" in text:
            for owner, field_name, new, removal in _aliases(text):
                for callable_ in _callables(owner, "__init__", classes, exported, fields=True):
                    found[callable_].setdefault(field_name, (new, removal))
    taking, deprecating = defaultdict(int), defaultdict(int)  # keyword -> how many `forward`s take / deprecate it
    for takes, deprecated in forwards:
        for keyword in takes | deprecated.keys():
            taking[keyword] += 1
        for keyword, row in deprecated.items():
            deprecating[keyword] += 1
            found[MODEL_FORWARD].setdefault(keyword, row)
    for keyword in list(found.get(MODEL_FORWARD, {})):
        if deprecating[keyword] < taking[keyword]:  # some model's `forward` takes it as it is: no certain finding
            del found[MODEL_FORWARD][keyword]
    universal = set(found.get(MODEL_FORWARD, {}))
    for callable_ in [key for key in found if key.endswith(".forward") and key != MODEL_FORWARD]:
        found[callable_] = {old: row for old, row in found[callable_].items() if old not in universal}
    return {callable_: dict(sorted(by_old.items())) for callable_, by_old in sorted(found.items()) if by_old}


def class_index(files: dict[str, str]) -> Classes:
    """Class -> (its direct subclasses, its body's text), for the module-level classes."""
    found, children = {}, defaultdict(list)
    for path, text in files.items():
        if path.rsplit("/", 1)[-1].startswith(_SKIPPED):
            continue
        matches = list(_CLASS.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            bases = tuple(base.strip().rsplit(".", 1)[-1] for base in (match.group(2) or "").split(",") if base.strip())
            if match.group(1) not in found:
                found[match.group(1)] = (children[match.group(1)], text[match.end() : end])
                for base in bases:
                    children[base].append(match.group(1))
    return found


def _callables(owner, method, classes, exported, fields=False) -> list[str]:
    """What user code calls to reach ``owner.method``: ``<kind>.method`` for a kind's base, else the exported
    classes among ``owner`` and its subclasses that do not define the method (or the field) again."""
    if owner in KIND_BASES:
        return [f"<{KIND_BASES[owner]}>.{method}"]
    own = re.compile(rf"^    (?:def {re.escape(method)}\(|{re.escape(method)}\s*:)", re.MULTILINE)
    reached, pending = {owner}, [owner]
    while pending:
        current = pending.pop()
        for name in classes[current][0] if current in classes else ():
            if name not in reached and (fields or not own.search(classes[name][1])):
                reached.add(name)
                pending.append(name)
    return [f"{name}.{method}" for name in sorted(reached) if name in exported]


def _decorated(text: str, match: re.Match) -> tuple[str, str, str, str, str] | None:
    """(class, method, old, new or "", removal) of the ``@deprecate_kwarg`` at ``match`` on a method of a
    module-level class; None for a function's."""
    if len(match.group(1)) != 4:
        return None
    owner = None
    for found in _CLASS.finditer(text, 0, match.start()):
        owner = found.group(1)
    function = _DEF.search(text, match.end())
    call = _call(text, match.end() - 1)
    if owner is None or function is None or call is None:
        return None
    old, removal, new = _arguments(call)
    return None if old is None else (owner, function.group(1), old, new, removal)


def decorated(decorators: str) -> dict[str, tuple[str, str]]:
    """Old keyword -> (its replacement or "", the removal announced), for each ``@deprecate_kwarg`` among the
    decorator lines ``decorators``."""
    found = {}
    for match in _DECORATOR.finditer(decorators):
        call = _call(decorators, match.end() - 1)
        if call is not None:
            old, removal, new = _arguments(call)
            if old is not None:
                found[old] = (new, removal)
    return found


def _call(text: str, open_at: int) -> ast.Call | None:
    """The call whose argument list opens at ``open_at``, parsed."""
    depth = 0
    for index in range(open_at, min(len(text), open_at + 2000)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            try:
                node = ast.parse("f" + text[open_at : index + 1], mode="eval").body
            except SyntaxError:
                return None
            return node if isinstance(node, ast.Call) else None
    return None


def _arguments(call: ast.Call) -> tuple[str | None, str, str]:
    """(old, removal, new or "") of a ``deprecate_kwarg`` call."""
    named = {keyword.arg: keyword.value for keyword in call.keywords}
    positional = list(call.args)
    old = positional[0] if positional else named.get("old_name")
    version = positional[1] if len(positional) > 1 else named.get("version")
    new = positional[2] if len(positional) > 2 else named.get("new_name")

    def text(node) -> str:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""

    return text(old) or None, text(version).removeprefix("v"), text(new)


def _aliases(text: str) -> list[tuple[str, str, str, str]]:
    """(class, field, new, removal) of each dataclass field whose help calls it a deprecated alias."""
    found = []
    for match in _ALIAS.finditer(text):
        field_match = None
        for candidate in _FIELD.finditer(text, 0, match.start()):
            field_match = candidate
        owner = None
        for candidate in _CLASS.finditer(text, 0, match.start()):
            owner = candidate.group(1)
        if field_match is not None and owner is not None and match.start() - field_match.end() < 300:
            found.append((owner, field_match.group(1), match.group(1), match.group(2)))
    return found


def deprecated_callables(
    files: dict[str, str], exported: set[str], classes: Classes, module_of
) -> dict[str, tuple[str, str]]:
    """Callable -> (the notice's own advice or "", the removal it announces), for each function, class (its
    ``__init__``) or method whose body warns that it, by its name, is deprecated and names a removal: a function or
    class as ``transformers.module.name``, a method as the keywords' callables are (``Class.method``, ``<kind>.m``)."""
    found: dict[str, tuple[str, str]] = {}
    for path, text in files.items():
        if path.rsplit("/", 1)[-1].startswith(_SKIPPED) or "deprecat" not in text or not _REMOVAL.search(text):
            continue
        module = module_of(path)
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef):
                notice = _own_notice(node, node.name)
                if notice is not None:
                    found[f"{module}.{node.name}"] = notice
            elif isinstance(node, ast.ClassDef):
                for method in (item for item in node.body if isinstance(item, ast.FunctionDef)):
                    if method.name == "__init__":
                        notice = _own_notice(method, node.name)
                        if notice is not None:
                            found[f"{module}.{node.name}"] = notice
                    elif not method.name.startswith("_"):
                        notice = _own_notice(method, method.name)
                        for callable_ in _callables(node.name, method.name, classes, exported) if notice else ():
                            found[callable_] = notice
    return dict(sorted(found.items()))


def _own_notice(function: ast.FunctionDef, name: str) -> tuple[str, str] | None:
    """(advice, removal) of a warning in ``function``'s body that says ``name`` itself is deprecated."""
    says = re.compile(rf"^(?:The )?`?(?:[\w.]+\.)?{re.escape(name)}(?:\(\))?`?(?: function| class)? is deprecated")
    for node in ast.walk(function):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called not in _WARNS:
            continue
        message = literal_text(node.args[0], field="{}")
        removal = _REMOVAL.search(message)
        if removal is not None and says.match(message):
            advice = _ADVICE.search(message, removal.end())
            advice_text = advice.group(1).strip() if advice is not None and "{}" not in advice.group(1) else ""
            return advice_text[:200], removal.group(1)
    return None
