"""Write the API timelines of transformers' stack: `python -m tools.knowledge.generate_stack [PACKAGE ...]
[--wheels DIR] [--newest PACKAGE==X.Y.Z ...] [--changes PACKAGE X.Y]`.

For huggingface_hub (from 0.20), datasets (from 2.14), peft (from 0.3) and trl (from 0.4), the wheel of the last
patch of every minor release up to the newest on the package index (downloaded when missing) is read as source,
with zipfile and ast: nothing is installed or imported. Per release it records

- names: what ``import <package>`` offers (its ``__init__``'s imports, star imports expanded, and the lazy
  tables huggingface_hub and trl keep: ``_SUBMOD_ATTRS``, ``_import_structure``), and the public top-level
  names of every module;
- modules: every module of the package;
- for every class and function the package exports: the keyword parameters of the function, of the class's
  ``__init__`` (a dataclass's fields) and of each public method (inherited ones included, within the package),
  whether it takes ``**kwargs``, how many arguments it takes by position, and the classes of the package its
  return annotation names; a module-level ``create_repo = api.create_repo`` is ``HfApi.create_repo``;
- for every exported class: its public attributes (methods, properties, class attributes and what its
  methods assign on ``self``), whether all of its bases are known (a base from another library may offer
  more), and the base from another library (``transformers.TrainingArguments``) a config or trainer derives from;
- deprecations: ``@_deprecate_method`` / ``@_deprecate_arguments`` (huggingface_hub), ``@deprecated``
  (datasets), and a ``warnings.warn`` that says "deprecated" in the body of a recorded callable (for a keyword
  when it sits under an ``if`` on that parameter), with the removal the text announces;
- the distributions it requires;
- for peft, how it maps the per-expert names of a LoRA config's ``target_modules`` onto the parameters
  transformers 5 fuses a Mixture-of-Experts model's experts into (`expert_facts`).

The releases are merged into spans, one file per package, ``data/stack-<package>.json``, which
`lint_rules.knowledge.stack` reads. ``data/releases.json`` then records the newest release this tool knows of
transformers and of each package, and, for every transformers release of the timeline, the releases of each
package that go with it (`implied`).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from lint_rules.knowledge.reviewable import changes, dumps, open_all, print_changes
from lint_rules.knowledge.stack import DATA_FOLDER, PACKAGES, RELEASES, data_path
from lint_rules.knowledge.timeline import DATA as TRANSFORMERS_DATA
from lint_rules.knowledge.timeline import holds, spans
from lint_rules.versions import Version
from tools.knowledge import generate_timeline as transformers_timeline
from tools.knowledge.generate_timeline import (
    _EXTERNAL,
    _assigned,
    _bound,
    _by_fact,
    _callee,
    _parameters,
    _positional,
    _Release,
    _requires,
    _served_by_getattr,
    _strings,
    _top_level,
    module_of,
    read_sources,
    wheel,
)
from tools.knowledge.source_ast import dotted, imported_module, is_property, literal_text

WHEELS = transformers_timeline.WHEELS
# The distribution name on the package index and the first minor release read, per package.
FIRST = {"huggingface_hub": Version(0, 20), "datasets": Version(2, 14), "peft": Version(0, 3), "trl": Version(0, 4)}
DISTRIBUTION = {"huggingface_hub": "huggingface-hub", "datasets": "datasets", "peft": "peft", "trl": "trl"}
# Bases from outside the package whose attributes are known not to hide anything the rules ask about.
_PLAIN_BASES = frozenset({"object", "dict", "UserDict", "ABC", "Generic", "Enum", "str", "NamedTuple", "Exception"})
_LAZY_TABLES = ("_SUBMOD_ATTRS", "_import_structure")
_REMOVAL = re.compile(
    r"(?:removed|deleted|dropped)\s+(?:in|from|starting (?:from|with)|as of)\s+(?:the\s+)?(?:next\s+)?"
    r"(?:version\s+|release\s+|v)?[`'\"]?(\d+\.\d+(?:\.\d+)?)"
    r"|(?:version|v)\s*[`'\"]?(\d+\.\d+(?:\.\d+)?)[`'\"]?,?\s+(?:it\s+)?will\s+(?:be\s+)?(?:removed|raise)",
    re.IGNORECASE,
)
_DEPRECATED = re.compile(r"deprecat", re.IGNORECASE)
_WARNINGS = ("warnings.warn", "warn", "logger.warning", "logger.warn", "logger.warning_once", "warning_once")


@dataclass
class StackFacts:
    """What one release of a package offers."""

    version: str
    names: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    keywords: dict[str, set[str]] = field(default_factory=dict)
    var_keyword: set[str] = field(default_factory=set)
    kwargs: dict[str, str] = field(default_factory=dict)  # callable -> the name of its `**kwargs`
    wrapped: dict[str, set[str]] = field(default_factory=dict)  # callable -> keywords only its decorator takes
    positional: dict[str, int] = field(default_factory=dict)
    returns: dict[str, list[str]] = field(default_factory=dict)  # callable -> exported classes it returns
    members: dict[str, set[str]] = field(default_factory=dict)  # exported class -> its public attributes
    known: set[str] = field(default_factory=set)  # exported classes whose bases are all known
    open: set[str] = field(default_factory=set)  # classes whose `__init__` (or some fields) come from elsewhere
    outside_base: dict[str, str] = field(default_factory=dict)  # class -> its base from another library
    notices: dict[str, tuple[str, str]] = field(default_factory=dict)  # callable or "callable(kw)" -> notice
    requires: dict[str, str] = field(default_factory=dict)
    experts: set[str] = field(default_factory=set)  # how peft maps LoRA targets onto fused experts (`expert_facts`)


# ---- one release ---------------------------------------------------------------------------------------
class _Package(_Release):
    """One release of a package: its exports followed to their definitions."""

    def __init__(self, files: dict[str, str], package: str) -> None:
        super().__init__(files, package)
        self._exports: dict[str, dict[str, tuple[str, str]]] = {}
        self._pops: dict[str, set[str]] = {}

    def exports(self, path: str) -> dict[str, tuple[str, str]]:
        """What module ``path`` offers: public name -> (the module path it comes from, its name there). Its
        own definitions and imports, its star imports expanded, its lazy tables."""
        return {name: where for name, where in self._bindings(path).items() if not name.startswith("_")}

    def _bindings(self, path: str, depth: int = 0) -> dict[str, tuple[str, str]]:
        """Every name module ``path`` binds at top level, private ones too, as `exports` gives them."""
        if path in self._exports:
            return self._exports[path]
        self._exports[path] = {}  # a cycle of star imports ends here
        tree, found = self._tree(path), {}
        imports = self.imports(path)
        for statement in _top_level(tree.body):
            if isinstance(statement, ast.ImportFrom) and any(alias.name == "*" for alias in statement.names):
                origin = imported_module(statement, module_of(path, self.package), path.endswith("__init__.py"))
                target = self._path(origin)
                if target is not None and depth < 8:
                    star = self._bindings(target, depth + 1)
                    listed = _listed_all(self._tree(target))
                    found |= {
                        name: where
                        for name, where in star.items()
                        if (name in listed if listed is not None else not name.startswith("_"))
                    }
                continue
            for name in _bound(statement):
                origin = imports.get(name)
                if origin is not None and origin.startswith(f"{self.package}."):
                    module, _, imported = origin.rpartition(".")
                    target = self._path(module)
                    found[name] = (target, imported) if target is not None else (path, name)
                elif isinstance(statement, ast.ImportFrom | ast.Import):
                    found[name] = ("", name)  # from another library: a name the module offers, nothing more
                else:
                    found[name] = (path, name)
            if _assigned(statement) in _LAZY_TABLES and isinstance(statement.value, ast.Dict):
                found |= self._lazy(path, statement.value)
        for name in _served(tree):  # a module-level `__getattr__` serves them (peft's `lora.Linear4bit`)
            found.setdefault(name, (path, name))
        self._exports[path] = found
        return found

    def imports(self, path: str) -> dict[str, str]:
        """The module's top-level imports, ``import torch.nn as nn`` too: local name -> dotted origin."""
        found = super().imports(path)
        for node in _top_level(self._tree(path).body):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    found.setdefault(local, alias.name if alias.asname else local)
        return found

    def _lazy(self, path: str, table: ast.Dict) -> dict[str, tuple[str, str]]:
        """``_SUBMOD_ATTRS = {"hf_api": ["HfApi", ...]}``: each name, served from its submodule."""
        found = {}
        base = module_of(path, self.package)
        for key, value in zip(table.keys, table.values, strict=True):
            module = next(iter(_strings(key)), None) if key is not None else None
            if module is None:
                continue
            target = self._path(f"{base}.{module}")
            for name in _strings(value):
                found[name] = (target, name) if target is not None else (path, name)
        return found

    def definition(self, path: str, name: str, depth: int = 0) -> tuple[str, ast.AST] | None:
        """Where ``name`` of module ``path`` is defined: a class or function, or a ``name = api.method``
        assignment; followed through imports and the module's exports."""
        if not path or depth > 10 or path not in self.files:
            return None
        for node in _top_level(self._tree(path).body):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                if not any(dotted(decorator).endswith("overload") for decorator in node.decorator_list):
                    return path, node
            if _assigned(node) == name and isinstance(node.value, ast.Attribute | ast.Name):
                return path, node
        where = self._bindings(path).get(name)
        if where is None or where == (path, name):
            return None
        return self.definition(where[0], where[1], depth + 1)

    def decorator_pops(self, name: str) -> set[str]:
        """The keywords a decorator of the package takes out of the call's ``**kwargs`` before the function sees
        them (``kwargs.pop("resume_download", None)``), in its own body or in a function of the package it hands
        the keywords to (huggingface_hub's `validate_hf_hub_args` and `smoothly_deprecate_legacy_arguments`)."""
        if name not in self._pops:
            found = set()
            definition = self._function_anywhere(name.rsplit(".", 1)[-1])
            for function in [definition] if definition is not None else []:
                found |= _kwargs_pops(function)
                for call in ast.walk(function):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and _passes_kwargs(call):
                        helper = self._function_anywhere(call.func.id)
                        found |= _kwargs_pops(helper) if helper is not None else set()
            self._pops[name] = found
        return self._pops[name]

    def _function_anywhere(self, name: str) -> ast.FunctionDef | None:
        """The package's only top-level function called ``name``."""
        pattern = re.compile(rf"^def {re.escape(name)}\(", re.MULTILINE)
        paths = [path for path, text in self.files.items() if pattern.search(text)]
        if len(paths) != 1:
            return None
        return next(
            (node for node in self._tree(paths[0]).body if isinstance(node, ast.FunctionDef) and node.name == name),
            None,
        )

    def bound_method(self, path: str, node: ast.Assign) -> tuple[str, ast.ClassDef, str] | None:
        """``create_repo = api.create_repo`` where ``api = HfApi()``: (path, HfApi's class, "create_repo")."""
        value = node.value
        if not (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)):
            return None
        instance = next((n for n in _top_level(self._tree(path).body) if _assigned(n) == value.value.id), None)
        if instance is None or not isinstance(instance.value, ast.Call):
            return None
        cls = self.definition(path, dotted(instance.value.func))
        if cls is None or not isinstance(cls[1], ast.ClassDef):
            return None
        return cls[0], cls[1], value.attr

    def classes_fully_known(self, path: str, definition: ast.ClassDef) -> tuple[bool, str | None]:
        """(every base, and its bases, is a class of the package or a plain one of Python, and none serves attributes
        from a ``__getattr__`` (peft's models hand unknown ones to the model they wrap); the dotted origin of the
        first base from another library, ``transformers.TrainingArguments``)."""
        pending, seen, outside = [(path, definition)], set(), None
        known = True
        while pending:
            where, cls = pending.pop()
            if (where, cls.name) in seen:
                continue
            seen.add((where, cls.name))
            if any(isinstance(node, ast.FunctionDef) and node.name == "__getattr__" for node in cls.body):
                known = False
            imports = self.imports(where)
            for base in cls.bases:
                base = base.value if isinstance(base, ast.Subscript) else base
                name = dotted(base)
                resolved = self.definition(where, name) if isinstance(base, ast.Name) else None
                if resolved is not None and isinstance(resolved[1], ast.ClassDef):
                    pending.append(resolved)
                    continue
                if name.rsplit(".", 1)[-1] in _PLAIN_BASES:
                    continue
                known = False
                head, _, rest = name.partition(".")
                origin = imports.get(head, head)
                origin = f"{origin}.{rest}" if rest else origin
                if outside is None and not origin.startswith(f"{self.package}."):
                    outside = origin
        return known, outside

    def returned(self, function: ast.FunctionDef, exported: set[str]) -> list[str]:
        """The exported classes a function's return annotation names (``Union[DatasetDict, Dataset]``, ``"Dataset"``),
        when it names nothing else (``None`` aside): ``str | DryRunFileInfo`` may be a string, whose attributes are
        not the class's, so it gives none."""
        if function.returns is None:
            return []
        names: set[str] = set()
        for node in ast.walk(function.returns):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names |= set(re.findall(r"[A-Za-z_]\w*", node.value))
        names -= _ANNOTATION_WRAPPERS
        return sorted(names) if names and names <= exported else []


_ANNOTATION_WRAPPERS = frozenset({"None", "Union", "Optional", "typing"})


def _kwargs_pops(function: ast.FunctionDef) -> set[str]:
    """``kwargs.pop("name", ...)`` (on any name that says kwargs) within ``function``."""
    return {
        node.args[0].value
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "pop"
        and "kwargs" in dotted(node.func.value)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def _passes_kwargs(call: ast.Call) -> bool:
    return any("kwargs" in dotted(value) for value in [*call.args, *(k.value for k in call.keywords)])


def _served(tree: ast.Module) -> set[str]:
    """The names a module-level ``__getattr__`` serves: the keys of the tables it looks them up in (``if name in
    _TABLE``) and the names it compares with (``if name == "Linear4bit"``)."""
    served = _served_by_getattr(tree)
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name == "__getattr__" and function.args.args:
            parameter = function.args.args[0].arg
            for node in ast.walk(function):
                if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == parameter:
                    served |= {
                        right.value
                        for op, right in zip(node.ops, node.comparators, strict=True)
                        if isinstance(op, ast.Eq) and isinstance(right, ast.Constant) and isinstance(right.value, str)
                    }
    return served


def _listed_all(tree: ast.Module) -> set[str] | None:
    for node in tree.body:
        if _assigned(node) == "__all__":
            return _strings(node.value)
    return None


def extract(source: str, package: str) -> StackFacts:
    """The facts of one release of ``package``, from its wheel."""
    files = read_sources(source, package)
    release = _Package(files, package)
    facts = StackFacts(version=os.path.basename(source).split("-")[1])
    facts.modules = {module_of(path, package) for path in files}
    top = release.exports("__init__.py")
    facts.names = {f"{package}.{name}" for name in top}
    for path in files:
        if path != "__init__.py":
            facts.names |= {f"{module_of(path, package)}.{name}" for name in release.exports(path)}
    exported_classes = set()
    definitions = {}
    for name in top:
        found = release.definition("__init__.py", name)
        if found is not None:
            definitions[name] = found
            if isinstance(found[1], ast.ClassDef):
                exported_classes.add(name)
    for name, (path, node) in sorted(definitions.items()):
        if isinstance(node, ast.ClassDef):
            _class(release, facts, name, path, node, exported_classes)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _callable(release, facts, name, node, exported_classes)
        else:
            bound = release.bound_method(path, node)
            method = release._method(bound[0], bound[1], bound[2]) if bound else None
            if method is not None:
                _callable(release, facts, name, method, exported_classes)
    facts.requires = _requires(source)
    facts.experts = expert_facts(files)
    return facts


# peft's module that maps a LoRA config's targets onto the experts transformers 5 fuses at load
_WEIGHT_CONVERSION = "utils/transformers_weight_conversion.py"


def expert_facts(files: dict[str, str]) -> set[str]:
    """How a release maps the per-expert names of ``target_modules`` onto the parameters transformers fuses the
    experts into, read from its tables: ``target mixtral w1 gate_up_proj`` (for the types whose conversion is
    mixtral's, `w1` becomes the parameter `gate_up_proj`), ``fused mixtral gate_up_proj w1 w3`` (naming one of `w1`,
    `w3` without the other is refused), ``pattern mixtral mixtral`` (a type the release adds to transformers'
    `_MODEL_TO_CONVERSION_PATTERN`), ``shorthand all-linear`` (it resolves `target_modules="all-linear"` to those
    names too: the module reads peft's `INCLUDE_LINEAR_LAYERS_SHORTHAND`). Empty for a package, or a release,
    without that module."""
    source = files.get(_WEIGHT_CONVERSION)
    if source is None:
        return set()
    tree = ast.parse(source)
    found = set()
    if any(isinstance(node, ast.Name) and node.id == "INCLUDE_LINEAR_LAYERS_SHORTHAND" for node in ast.walk(tree)):
        found.add("shorthand all-linear")
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if isinstance(target, ast.Subscript) and dotted(target.value) == "_MODEL_TO_CONVERSION_PATTERN":
            key, base = literal_text(target.slice), literal_text(node.value)
            if key and base:
                found.add(f"pattern {key} {base}")
            continue
        table = dotted(target)
        if table not in ("_MOE_TARGET_MODULE_MAPPING", "_MOE_FUSED_TARGETS") or not isinstance(node.value, ast.Dict):
            continue
        for base, entries in zip(node.value.keys, node.value.values, strict=True):
            for old, new in zip(
                *((entries.keys, entries.values) if isinstance(entries, ast.Dict) else ((), ())), strict=True
            ):
                if table == "_MOE_TARGET_MODULE_MAPPING" and literal_text(old) and literal_text(new):
                    found.add(f"target {literal_text(base)} {literal_text(old)} {literal_text(new)}")
                elif isinstance(new, ast.List | ast.Tuple | ast.Set) and literal_text(old):
                    names = " ".join(literal_text(item) or "?" for item in new.elts)
                    found.add(f"fused {literal_text(base)} {literal_text(old)} {names}")
    return found


def _class(release: _Package, facts: StackFacts, name: str, path: str, node: ast.ClassDef, exported: set[str]) -> None:
    known, outside = release.classes_fully_known(path, node)
    if known:
        facts.known.add(name)
    if outside is not None:
        facts.outside_base[name] = outside
    init = release._method(path, node, "__init__") or release._method(path, node, "__new__")
    if init is not None:  # the package's own `__init__` (or `__new__`) decides, whatever a base from elsewhere takes
        _callable(release, facts, name, init, exported)
    else:
        dataclass = _is_dataclass(release, path, node)
        facts.keywords[name] = release._fields(path, node) if dataclass else set()
        if not known:
            facts.open.add(name)  # what the base from elsewhere takes is not known here
        post_init = release._method(path, node, "__post_init__") if dataclass else None
        if post_init is not None:  # where a dataclass warns about its deprecated fields
            for field_name, notice in _deprecations(post_init, facts.keywords[name]):
                facts.notices.setdefault(f"{name}({field_name})" if field_name else name, notice)
    facts.returns[name] = [name]
    members = {member for member in release._members(path, node, True, 0) if not member.startswith("_")}
    facts.members[name] = members - _EXTERNAL
    for method in sorted(facts.members[name]):
        function = release._method(path, node, method)
        if function is not None and not is_property(function):
            _callable(release, facts, f"{name}.{method}", function, exported)
    for decorated in _class_deprecations(*node.decorator_list):
        facts.notices.setdefault(name, decorated)


def _is_dataclass(release: _Package, path: str, node: ast.ClassDef) -> bool:
    pending, seen = [(path, node)], set()
    while pending:
        where, cls = pending.pop()
        if (where, cls.name) in seen:
            continue
        seen.add((where, cls.name))
        if any("dataclass" in dotted(d.func if isinstance(d, ast.Call) else d) for d in cls.decorator_list):
            return True
        pending.extend(release._bases(where, cls))
    return False


def _callable(release: _Package, facts: StackFacts, key: str, function: ast.FunctionDef, exported: set[str]) -> None:
    keywords, takes_any = _parameters(function)
    wrapped = set().union(*(release.decorator_pops(dotted(_callee(d))) for d in function.decorator_list)) - keywords
    facts.keywords[key] = keywords | wrapped
    if wrapped:  # taken by a decorator, and dropped or mapped before the call (`@validate_hf_hub_args`)
        facts.wrapped[key] = wrapped
    if takes_any:
        facts.var_keyword.add(key)
        facts.kwargs[key] = function.args.kwarg.arg
    positional = _positional(function)
    if positional is not None:
        facts.positional[key] = positional
    returned = release.returned(function, exported)
    if returned:
        facts.returns.setdefault(key, returned)
    parameters = {argument.arg for argument in [*function.args.args, *function.args.kwonlyargs]}
    for notice_key, notice in _deprecations(function, parameters):
        facts.notices.setdefault(f"{key}({notice_key})" if notice_key else key, notice)


# ---- deprecations --------------------------------------------------------------------------------------
def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _removal(text: str) -> str:
    match = _REMOVAL.search(text)
    return (match.group(1) or match.group(2)) if match else ""


def _class_deprecations(*decorators: ast.AST) -> list[tuple[str, str]]:
    """datasets' ``@deprecated("Use X instead")`` (or ``help_message=``): (announced removal, message) each."""
    found = []
    for decorator in decorators:
        if isinstance(decorator, ast.Call) and dotted(decorator.func).endswith("deprecated"):
            message = literal_text(decorator.args[0] if decorator.args else _keyword(decorator, "help_message"))
            found.append((_removal(message), " ".join(message.split())))
    return found


def _deprecations(function: ast.FunctionDef, parameters: set[str]) -> list[tuple[str, tuple[str, str]]]:
    """(keyword or "" for the callable itself, (announced removal, message)) of the deprecations a function
    carries: its decorators, and the deprecation warnings of its body."""
    found = []
    for decorator in function.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        name = dotted(decorator.func).rsplit(".", 1)[-1]
        version = literal_text(_keyword(decorator, "version"))
        if name == "_deprecate_arguments":
            message = " ".join(literal_text(_keyword(decorator, "custom_message")).split())
            for argument in _strings(_keyword(decorator, "deprecated_args") or ast.List(elts=[])):
                found.append((argument, (version, message)))
        elif name == "_deprecate_method":
            found.append(("", (version, " ".join(literal_text(_keyword(decorator, "message")).split()))))
        elif name == "deprecated":
            found.extend(("", notice) for notice in _class_deprecations(decorator))
    for guard, call in _warnings(function.body, None):
        message = " ".join(literal_text(call.args[0]).split()) if call.args else ""
        if not _DEPRECATED.search(message):
            continue
        if guard is None:
            found.append(("", (_removal(message), message)))
        elif guard in parameters or guard.startswith('"'):
            found.append((guard.strip('"'), (_removal(message), message)))
        # else: deprecated under a condition that is not a parameter: neither the callable nor a keyword
    return found


_UNKNOWN = "?"  # an `if` on something other than a parameter


def _warnings(body: list[ast.stmt], guard: str | None):
    """(what the innermost enclosing ``if`` tests: a parameter, a quoted key of ``**kwargs``, `_UNKNOWN`, or None
    outside any ``if``; the warning call) for every warning call of the body, nested definitions left out."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(statement, ast.If):
            tested = _tested(statement.test)
            yield from _warnings(statement.body, tested or _UNKNOWN)
            yield from _warnings(statement.orelse, _UNKNOWN)
            continue
        blocks = [getattr(statement, name, None) for name in ("body", "orelse", "finalbody")]
        blocks += [handler.body for handler in getattr(statement, "handlers", [])]
        blocks = [block for block in blocks if isinstance(block, list)]
        if blocks:
            for block in blocks:
                yield from _warnings(block, guard)
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and dotted(node.func) in _WARNINGS:
                yield guard, node


def _quoted(node: ast.AST) -> str | None:
    return f'"{node.value}"' if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _tested(test: ast.AST) -> str | None:
    """What an ``if`` tests: the parameter of ``if x is not None``, ``if x``, ``if x != ...``; ``"x"`` (quoted) for
    ``if "x" in kwargs``; None for anything else."""
    if isinstance(test, ast.Name):
        return test.id
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _tested(test.operand)
    if isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name) and test.value.id == "self":
        return test.attr  # a dataclass's `__post_init__`: `if self.max_seq_length is not None`
    if isinstance(test, ast.Compare):
        return _tested(test.left) if isinstance(test.left, ast.Name | ast.Attribute) else _quoted(test.left)
    if isinstance(test, ast.BoolOp) and test.values:
        return _tested(test.values[0])
    return None


# ---- spans and the files -------------------------------------------------------------------------------
def merge(releases: list[str], facts: list[StackFacts]) -> dict:
    def by_key(get) -> dict[str, dict[str, list[list[int]]]]:
        found: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for index, release in enumerate(facts):
            for key, values in get(release).items():
                for value in values:
                    found[key][value].append(index)
        return {key: {value: spans(indices) for value, indices in by_value.items()} for key, by_value in found.items()}

    notices: dict[str, dict] = {}
    for index, release in enumerate(facts):
        for key, (removal, message) in release.notices.items():
            entry = notices.setdefault(key, {"indices": []})
            entry["indices"].append(index)
            entry["removal"], entry["message"] = removal, message  # the newest release's words
    newest: dict[str, dict] = {"returns": {}, "outside_base": {}, "kwargs": {}}
    for release in facts:  # the newest release that has a callable or class says what it returns, and derives from
        for key in release.keywords:
            newest["returns"][key] = release.returns.get(key)
            newest["kwargs"][key] = release.kwargs.get(key)
        newest["outside_base"].update(release.outside_base)
    for table in ("returns", "kwargs"):
        newest[table] = {key: value for key, value in newest[table].items() if value}
    return {
        "releases": releases,
        "patches": [release.version for release in facts],
        "names": _by_fact([release.names for release in facts]),
        "modules": _by_fact([release.modules for release in facts]),
        "keywords": by_key(lambda release: release.keywords),
        "callables": _by_fact([set(release.keywords) for release in facts]),
        "var_keyword": _by_fact([release.var_keyword for release in facts]),
        "wrapped": by_key(lambda release: release.wrapped),
        "kwargs": newest["kwargs"],
        "positional": by_key(lambda release: {key: {str(count)} for key, count in release.positional.items()}),
        "members": by_key(lambda release: release.members),
        "known": _by_fact([release.known for release in facts]),
        "open": _by_fact([release.open for release in facts]),
        "returns": newest["returns"],
        "outside_base": newest["outside_base"],
        "notices": {
            key: {"spans": spans(entry["indices"]), "removal": entry["removal"], "message": entry["message"]}
            for key, entry in sorted(notices.items())
        },
        "requires": _by_fact([{f"{d} {spec}".strip() for d, spec in release.requires.items()} for release in facts]),
    } | ({"experts": _by_fact([release.experts for release in facts])} if any(r.experts for r in facts) else {})


def last_patches(package: str, newest: Version | None = None) -> list[str]:
    """The last patch of every minor release of ``package`` from its first recorded one (to ``newest``)."""
    found: dict[tuple[int, int], tuple[Version, str]] = {}
    for text in transformers_timeline._listed(DISTRIBUTION[package]):
        if not re.fullmatch(r"\d+\.\d+(?:\.\d+)?", text):
            continue  # a pre-release
        version = Version.parse(text)
        minor = (version.major, version.minor)
        first = FIRST[package]
        if minor < (first.major, first.minor) or newest is not None and version > newest:
            continue
        if minor not in found or found[minor][0] < version:
            found[minor] = (version, text)
    return [text for _, (_, text) in sorted(found.items())]


def generate(package: str, folder: str, versions: list[str], pool: ProcessPoolExecutor) -> dict:
    paths = [wheel(folder, version, package) for version in versions]
    facts = list(pool.map(extract, paths, [package] * len(paths)))
    return merge([_minor(version) for version in versions], facts)


def _minor(version: str) -> str:
    parsed = Version.parse(version)
    return f"{parsed.major}.{parsed.minor}"


# ---- what a transformers release admits ----------------------------------------------------------------
def implied(transformers: dict, stacks: dict[str, dict]) -> dict[str, dict[str, list[str]]]:
    """transformers release -> package -> [the oldest, the newest] release of the package that goes with it: for
    huggingface_hub, the range transformers' own requirement admits; for datasets, peft and trl, which transformers
    does not require, the newest release whose own requirements admit that transformers (and a huggingface_hub it
    admits), which is what installing them beside it gets, at both ends."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # the generator's own need
    from packaging.version import Version as Released

    def spec(data: dict, index: int, distribution: str) -> SpecifierSet | None:
        for fact, raw in data["requires"].items():
            name, _, text = fact.partition(" ")
            if name == distribution and holds(raw, index, len(data["releases"]) - 1):
                try:
                    return SpecifierSet(text)
                except InvalidSpecifier:
                    return None
        return None

    def admitted(package: str, test) -> list[str]:
        data = stacks[package]
        return [patch for index, patch in enumerate(data["patches"]) if test(index, Released(patch))]

    table = {}
    patches = transformers["patches"]
    for index, release in enumerate(transformers["releases"]):
        version = Released(patches[index])
        hub_spec = spec(transformers, index, "huggingface-hub")
        hub = admitted("huggingface_hub", lambda _, v, s=hub_spec: s is None or v in s)
        hub_versions = [Released(patch) for patch in hub]

        def fits(package: str, i: int, needs_transformers: bool, hub_versions=hub_versions, version=version) -> bool:
            wants = spec(stacks[package], i, "transformers")
            if needs_transformers and wants is not None and version not in wants:
                return False
            wants_hub = spec(stacks[package], i, "huggingface-hub")
            return wants_hub is None or any(hub_version in wants_hub for hub_version in hub_versions)

        row = {"huggingface_hub": [hub[0], hub[-1]]} if hub else {}
        for package in ("datasets", "peft", "trl"):
            found = admitted(package, lambda i, _, p=package: fits(p, i, p != "datasets"))
            if found:  # transformers sets no lower bound: a fresh install gets the newest that fits
                row[package] = [found[-1], found[-1]]
        table[release] = row
    return table


def write_releases(transformers: dict, stacks: dict[str, dict]) -> dict:
    data = {
        "newest": {"transformers": transformers["patches"][-1]} | {p: stacks[p]["patches"][-1] for p in PACKAGES},
        "implied": implied(transformers, stacks),
    }
    with open(RELEASES, "w", encoding="utf-8") as handle:
        handle.write(dumps(data))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", nargs="*", metavar="PACKAGE", help=f"of {', '.join(PACKAGES)} (default: all)")
    parser.add_argument("--wheels", default=WHEELS, help="where the wheels are, or go (default: %(default)s)")
    parser.add_argument(
        "--newest", nargs="+", default=[], metavar="PACKAGE==X.Y.Z", help="read no release newer (default: the newest)"
    )
    parser.add_argument("--changes", nargs=2, metavar=("PACKAGE", "X.Y"), help="print what a release changed, and stop")
    options = parser.parse_args(argv)
    if options.changes:
        package, release = options.changes
        with open(data_path(package), encoding="utf-8") as handle:
            print_changes(json.load(handle), release, package)
        return 0
    unknown = sorted(set(options.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"unknown package(s): {', '.join(unknown)} (known: {', '.join(PACKAGES)})")
    caps = dict(item.split("==", 1) for item in options.newest)
    os.makedirs(options.wheels, exist_ok=True)
    os.makedirs(DATA_FOLDER, exist_ok=True)
    with ProcessPoolExecutor() as pool:
        for package in options.packages or PACKAGES:
            started = time.perf_counter()
            cap = Version.parse(caps[package]) if package in caps else None
            versions = last_patches(package, cap)
            data = open_all(generate(package, options.wheels, versions, pool))
            text = dumps(data)
            with open(data_path(package), "w", encoding="utf-8") as handle:
                handle.write(text)
            newest = data["releases"][-1]
            added, removed = changes(data, newest)
            print(
                f"{data_path(package)}: {len(versions)} releases, {len(text) / 1e6:.2f} MB, "
                f"{time.perf_counter() - started:.0f} s; {package} {newest}: {len(added)} facts added, "
                f"{len(removed)} removed (`--changes {package} {newest}` lists them)"
            )
    stacks = {}
    for package in PACKAGES:
        with open(data_path(package), encoding="utf-8") as handle:
            stacks[package] = json.load(handle)
    with open(TRANSFORMERS_DATA, encoding="utf-8") as handle:
        write_releases(json.load(handle), stacks)
    print(f"{RELEASES}: the newest releases and the stack each transformers release admits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
