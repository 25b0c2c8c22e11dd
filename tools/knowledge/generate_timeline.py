"""Write transformers' API timeline: `python -m tools.knowledge.generate_timeline [--wheels DIR] [--output FILE]
[--versions X.Y.Z ...]`.

Reads the wheel of the last patch of every minor release from 4.30 to `NEWEST_KNOWN` (downloading the missing
ones with `pip download`; the patches come from `pip index versions` unless ``--versions`` names them) as
source, with zipfile and ast: nothing is installed or imported. Per release it records

- modules: every ``transformers.a.b`` of a ``.py`` file (a package by its ``__init__.py``), and the
  deprecated module paths a 5.x ``transformers/__init__.py`` serves through its legacy finder;
- names: what ``import transformers`` offers (``_import_structure``'s names and modules, and, where the
  ``__init__`` calls ``define_import_structure`` on ``models``, the ``__all__`` of every model module, as
  transformers itself collects them), and the public top-level names of every module outside
  ``transformers/models`` (definitions, assignments, imports, a subpackage's own lazy exports);
- keywords: the keyword parameters of each callable of `CALLABLES` (inherited methods and dataclass fields
  followed through the bases within transformers), and whether it takes ``**kwargs``.

and merges the releases into spans, the format `lint_rules.knowledge.timeline` reads.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from collections import UserDict, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from lint_rules.knowledge.deprecations import DEPRECATIONS
from lint_rules.knowledge.reviewable import changes, dumps, open_all, print_changes
from lint_rules.knowledge.timeline import (
    ATTRIBUTE_KINDS,
    CALLABLES,
    DATA,
    KINDS,
    TASK_CALL,
    TASK_PARAMETERS,
    VALUE_SETS,
    spans,
)
from lint_rules.versions import NEWEST_KNOWN, Version
from tools.knowledge.source_ast import dotted, imported_module, literal_text
from tools.knowledge.stated_deprecations import (
    Forward,
    class_index,
    decorated,
    deprecated_callables,
    deprecated_keywords,
)

WHEELS = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "wheels")
FIRST = Version(4, 30)

_PACKAGE = "transformers"
_HUB, _HUB_DIST = "huggingface_hub", "huggingface-hub"
_NESTED = ("body", "orelse", "handlers", "finalbody")  # statement lists of if / try / with at module level
_OTHER_FRAMEWORKS = ("modeling_tf_", "modeling_flax_")
# What Python's own bases of transformers classes offer (`BatchEncoding` is a `UserDict`)
_EXTERNAL = frozenset(dir(UserDict)) | frozenset(dir(dict))
# Bases from outside transformers whose attributes `class_changes` knows or ignores
_OUTSIDE_BASES = frozenset({"Module", "object", "Generic", "ABC", "OrderedDict", "UserDict", "dict", "Enum"})
_MIXINS = ("generation/", "integrations/")  # where the mixins of model classes live
_ALL = re.compile(r"^__all__\s*=\s*(\[.*?\])", re.MULTILINE | re.DOTALL)


@dataclass
class Facts:
    """What one release offers."""

    names: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    keywords: dict[str, set[str]] = field(default_factory=dict)
    var_keyword: set[str] = field(default_factory=set)
    tasks: dict[str, str] = field(default_factory=dict)  # pipeline task or alias -> its pipeline class
    positional: dict[str, int] = field(default_factory=dict)  # callable -> arguments it takes by position
    members: dict[str, set[str]] = field(default_factory=dict)  # kind -> what its base class offers
    defined: dict[str, set[str]] = field(default_factory=dict)  # kind -> what some class of its modules defines
    classes: dict[str, set[str]] = field(default_factory=dict)  # kind -> the exported classes of that kind
    notices: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # id -> (removal, values)
    deprecated_keywords: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # stated_deprecations
    deprecated_callables: dict[str, tuple[str, str]] = field(default_factory=dict)  # callable -> (advice, removal)
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)  # callable -> keyword -> literal default
    model_call: set[str] = field(default_factory=set)  # keywords some model class's `forward` takes
    closed_modules: set[str] = field(default_factory=set)  # modules whose every public name `names` lists
    values: dict[str, set[str]] = field(default_factory=dict)  # "callable.keyword" -> the strings it takes
    environment: set[str] = field(default_factory=set)  # environment variables the package reads
    requires: dict[str, str] = field(default_factory=dict)  # required distribution -> its version specifier
    special_tokens: set[str] = field(default_factory=set)  # the keys of a tokenizer's `special_tokens_map`
    conversion_patterns: set[str] = field(default_factory=set)  # "qwen3_moe qwen2_moe": whose conversion it uses


# ---- reading a release ---------------------------------------------------------------------------------
def read_sources(source: str, package: str = _PACKAGE) -> dict[str, str]:
    """Every ``.py`` file of the package in a wheel or an unpacked package folder: path inside the package
    (``models/bert/modeling_bert.py``) -> text."""
    if os.path.isdir(source):
        return _read_folder(source)
    prefix = f"{package}/"
    with zipfile.ZipFile(source) as wheel:
        return {
            name.removeprefix(prefix): wheel.read(name).decode("utf-8")
            for name in wheel.namelist()
            if name.startswith(prefix) and name.endswith(".py")
        }


def _read_folder(folder: str) -> dict[str, str]:
    found = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as handle:
                    found[os.path.relpath(path, folder).replace(os.sep, "/")] = handle.read()
    return found


def module_of(path: str, package: str = _PACKAGE) -> str:
    """``generation/__init__.py`` -> ``transformers.generation``, ``utils/fx.py`` -> ``transformers.utils.fx``."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def extract(source: str) -> Facts:
    """The facts of one release, from its wheel or its package folder."""
    files = read_sources(source)
    init = ast.parse(files["__init__.py"])
    facts = Facts(modules={module_of(path) for path in files})
    legacy = _legacy_modules(init, files)
    facts.modules |= legacy
    exports = _package_exports(init, "", files)
    facts.names = {f"{_PACKAGE}.{name}" for name in exports | _served_aliases(exports, files)}
    for path, text in files.items():
        if path != "__init__.py" and not path.startswith(("models/", "utils/dummy_")):
            tree = ast.parse(text)
            facts.names |= {f"{module_of(path)}.{name}" for name in _module_names(path, tree, files)}
            if module_of(path) not in legacy and _lists_every_name(tree, text):
                facts.closed_modules.add(module_of(path))
    for alias, target in _legacy_aliases(init).items():  # an alias module offers its target's names (and more)
        offered = {name.removeprefix(f"{target}.") for name in facts.names if name.startswith(f"{target}.")}
        facts.names |= {f"{alias}.{name}" for name in offered if "." not in name}
    release = _Release(files)
    facts.tasks = _pipeline_tasks(files)
    task_parameters = sorted(
        {f"{cls}.{method}" for cls in facts.tasks.values() for method in (TASK_PARAMETERS, TASK_CALL)}
    )
    for callable_ in (*CALLABLES, *task_parameters):
        found = release.signature(callable_)
        if found is not None:
            facts.keywords[callable_], takes_any, positional = found
            if takes_any:
                facts.var_keyword.add(callable_)
            if positional is not None:
                facts.positional[callable_] = positional
        function = release.function(callable_) if callable_ in CALLABLES else None
        if function is not None:
            facts.defaults[callable_] = _defaults(function)
    for (callable_, keyword), enum in VALUE_SETS.items():
        values = release.enum_values(enum)
        if values:
            facts.values[f"{callable_}.{keyword}"] = values
    forwards = _forwards(files)
    facts.model_call = _forward_keywords(forwards)
    facts.environment = _environment(files)
    facts.requires = _requires(source)
    exported = {name.removeprefix(f"{_PACKAGE}.") for name in facts.names if name.count(".") == 1}
    for kind, (base, prefix, data) in (KINDS | ATTRIBUTE_KINDS).items():
        facts.members[kind] = release.members(base, data)
        facts.defined[kind] = _defined(files, prefix or "tokenization_")
        if kind in KINDS:
            facts.classes[kind] = exported & _classes_in(files, prefix) if prefix else set()
    facts.special_tokens = _special_tokens(files)
    facts.notices = _notices(files)
    classes = class_index(files)
    facts.deprecated_keywords = deprecated_keywords(files, exported, forwards, classes)
    facts.deprecated_callables = deprecated_callables(files, exported, classes, module_of)
    facts.conversion_patterns = _conversion_patterns(files)
    return facts


def _conversion_patterns(files: dict[str, str]) -> set[str]:
    """``"<model type> <type whose conversion it borrows>"`` for each entry of the release's
    `conversion_mapping._MODEL_TO_CONVERSION_PATTERN` (5.x): peft maps LoRA targets onto fused experts by it."""
    source = files.get("conversion_mapping.py")
    if source is None:
        return set()
    for node in ast.parse(source).body:
        if _assigned(node) == "_MODEL_TO_CONVERSION_PATTERN" and isinstance(node.value, ast.Dict):
            pairs = zip(node.value.keys, node.value.values, strict=True)
            return {f"{literal_text(key)} {literal_text(value)}" for key, value in pairs if literal_text(key)}
    return set()


_DEFINED = re.compile(r"(?:\bdef |\bclass |\bself\.|\b(?:get|has)attr\(\s*[\w.]+\s*,\s*[\"'])(\w+)")
_CLASS_ATTRIBUTE = re.compile(r"    (\w+)\s*(?::[^=\n]*)?=[^=]")
_CLASS = re.compile(r"^class (\w+)\b", re.MULTILINE)
_REMOVAL = re.compile(r"removed in[\s\"']*(?:Transformers |transformers )?v?(\d+(?:\.\d+)?)")


_FORWARD = re.compile(r"\bdef forward\((.*?)\)\s*(?:->[^:\n]*)?:\s*$", re.MULTILINE | re.DOTALL)
# `@deprecate_kwarg("past_key_values", "5.40.0", new_name="cache")`: the old name is still taken, until that release
_DEPRECATED_KWARG = re.compile(
    r"@deprecate_kwarg\(\s*[\"'](\w+)[\"'](?:\s*,\s*(?:version\s*=\s*)?[\"']v?([\d.]+)[\"'])?"
)
_PARAMETER = re.compile(r"^\**(\w+)\s*(?:[:=]|$)")
_READ = re.compile(
    r"(?:getenv|environ\.get|environ\.setdefault|environ\[|environ\.pop)\(?\s*[\"']([A-Z][A-Z0-9_]+)[\"']"
)
_LOOP = re.compile(r"for (\w+) in [(\[]((?:\s*[\"'][A-Z][A-Z0-9_]+[\"'],?)+)\s*[)\]]:")
_REQUIRES = re.compile(r"^Requires-Dist: ([A-Za-z0-9_.-]+)[ \t]*([^;\n]*)$", re.MULTILINE)


def _forwards(files: dict[str, str]) -> list[Forward]:
    """Each model class's ``forward``: the keywords it takes (``model(input_ids, head_mask=...)``) and those its
    ``@deprecate_kwarg`` decorators deprecate (still taken, under the old name)."""
    found = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if name.startswith("modeling_") and not name.startswith(_OTHER_FRAMEWORKS):
            for match in _FORWARD.finditer(text):
                takes = set()
                for piece in _top_level_pieces(match.group(1)):
                    parameter = _PARAMETER.match(piece.strip())
                    if parameter and not piece.strip().startswith("*"):
                        takes.add(parameter.group(1))
                found.append((takes - {"self"}, decorated(_decorators(text, match.start()))))
    return found


def _forward_keywords(forwards: list[Forward]) -> set[str]:
    """The keywords some model's ``forward`` takes, by name or as an old name it deprecates."""
    return {keyword for takes, deprecated in forwards for keyword in takes | deprecated.keys()}


def _decorators(text: str, at: int) -> str:
    """The decorator lines right above the ``def`` at ``at``."""
    lines = text[: text.rfind("\n", 0, at) + 1].splitlines()
    above = []
    for line in reversed(lines):
        if not line.strip().startswith(("@", ")", '"', "'")) and not line.startswith(" " * 8):
            break
        above.append(line)
    return "\n".join(reversed(above))


def _top_level_pieces(text: str) -> list[str]:
    """``a: dict[str, int] = None, b=(1, 2)`` -> the pieces between the commas outside brackets."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return pieces


def _special_tokens(files: dict[str, str]) -> set[str]:
    """The names a tokenizer's `SPECIAL_TOKENS_ATTRIBUTES` lists: the keys its `special_tokens_map` may have."""
    for node in ast.walk(ast.parse(files.get("tokenization_utils_base.py", ""))):
        if _assigned(node) == "SPECIAL_TOKENS_ATTRIBUTES":
            return _strings(node.value)
    return set()


def _environment(files: dict[str, str]) -> set[str]:
    """The environment variables the package reads: ``os.getenv("X")``, ``os.environ.get("X")``,
    ``os.environ["X"]``, and the names of a ``for key in ("X", "Y"):`` loop that reads ``key``."""
    found = set()
    for text in files.values():
        found |= {match.group(1) for match in _READ.finditer(text) if not _only_warns(text, match.start())}
        for match in _LOOP.finditer(text):
            body = text[match.end() : match.end() + 400]
            if re.search(rf"(?:getenv|environ\.get|environ)\W+{match.group(1)}\b", body):
                found |= set(re.findall(r"[\"']([A-Z][A-Z0-9_]+)[\"']", match.group(2)))
    return found


def _only_warns(text: str, at: int) -> bool:
    """The read at ``at`` is the test of an ``if`` whose body only warns that the variable is deprecated or
    unused: the variable is read to say that it is ignored."""
    start = text.rfind("\n", 0, at) + 1
    line = text[start : text.find("\n", at)]
    if not line.lstrip().startswith(("if ", "elif ")):
        return False
    indent = len(line) - len(line.lstrip())
    body = []
    for following in text[start + len(line) + 1 :].splitlines():
        if following.strip() and len(following) - len(following.lstrip()) <= indent:
            break
        body.append(following)
    block = "\n".join(body)
    if re.search(r"^\s*[\w.\[\]]+\s*=[^=]|\b(?:return|raise|environ)\b", block, re.MULTILINE):
        return False  # the body does something with the value
    return "warn" in block and re.search(r"deprecated|not used|no longer|ignored", block) is not None


def _requires(source: str) -> dict[str, str]:
    """The distributions a release requires (extras aside), with their specifiers, from the wheel's METADATA
    (or, for an installed package, its ``.dist-info`` beside it)."""
    text = ""
    if os.path.isdir(source):
        parent = os.path.dirname(os.path.abspath(source))
        infos = sorted(name for name in os.listdir(parent) if re.match(rf"{_PACKAGE}-[\d.]+\.dist-info$", name))
        if infos:
            with open(os.path.join(parent, infos[-1], "METADATA"), encoding="utf-8") as handle:
                text = handle.read()
    else:
        with zipfile.ZipFile(source) as wheel:
            name = next((n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")), None)
            text = wheel.read(name).decode("utf-8") if name else ""
    return {
        match.group(1).lower().replace("_", "-"): match.group(2).strip().strip("()").strip()
        for match in _REQUIRES.finditer(text)
    }


def _defaults(function: ast.FunctionDef) -> dict[str, str]:
    """Keyword -> the source of its default, for the defaults that are literals."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = list(zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d is not None]
    return {argument.arg: ast.unparse(default) for argument, default in pairs if isinstance(default, ast.Constant)}


def _defined(files: dict[str, str], prefix: str) -> set[str]:
    """Every name that some function or class of the modules of a kind (``tokenization_*``, and for models
    the mixins of ``generation/`` and ``integrations/``) defines, or that a method assigns on ``self``: a name
    found here may be an attribute of some object of that kind."""
    found = set()
    for path, text in files.items():
        if path.rsplit("/", 1)[-1].startswith(prefix) or prefix == "modeling_" and path.startswith(_MIXINS):
            found |= set(_DEFINED.findall(text))
            in_class = False  # a line at indent 4 is a class attribute only in a class body, not in a function
            for line in text.splitlines():
                if line[:1].strip():
                    in_class = line.startswith("class ")
                elif in_class:
                    match = _CLASS_ATTRIBUTE.match(line)
                    if match:
                        found.add(match.group(1))
    return found


def _classes_in(files: dict[str, str], prefix: str) -> set[str]:
    """The classes defined in the models' modules named ``<prefix>*.py`` (``models/bert/tokenization_bert.py``)."""
    return {
        name
        for path, text in files.items()
        if path.startswith("models/")
        and path.rsplit("/", 1)[-1].startswith(prefix)
        and not path.rsplit("/", 1)[-1].startswith(_OTHER_FRAMEWORKS)
        for name in _CLASS.findall(text)
    }


def _notices(files: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The deprecation notices of `knowledge.deprecations` this release carries: the removal each announces
    (the first "removed in vX.Y" after its text, or the version a ``@deprecate_kwarg`` notice names) and the
    deprecated values its constant lists."""
    found = {}
    for row in DEPRECATIONS:
        text = files.get(row.notice.file, "")
        at = text.find(row.notice.text)
        if at < 0:
            continue
        removal = _DEPRECATED_KWARG.match(text, at) or _REMOVAL.search(text, at, at + 400)
        removal = (removal.group(2) if removal.re is _DEPRECATED_KWARG else removal.group(1)) if removal else None
        values: tuple[str, ...] = ()
        if row.notice.values is not None:
            path, name = row.notice.values
            tree = ast.parse(files.get(path, ""))
            values = next((tuple(sorted(_strings(n.value))) for n in tree.body if _assigned(n) == name), ())
        found[row.id] = (removal or "", values)
    return found


def _pipeline_tasks(files: dict[str, str]) -> dict[str, str]:
    """Task (and alias) -> the class of its pipeline, from `pipelines/__init__.py`'s `SUPPORTED_TASKS` ("impl": a
    class in 4.x, a dotted path in 5.x) and `TASK_ALIASES`."""
    tree = ast.parse(files.get("pipelines/__init__.py", ""))
    tables = {_assigned(node): node.value for node in tree.body if _assigned(node)}
    tasks = {}
    supported = tables.get("SUPPORTED_TASKS")
    for key, spec in zip(getattr(supported, "keys", ()), getattr(supported, "values", ()), strict=True):
        if isinstance(key, ast.Constant) and isinstance(spec, ast.Dict):
            impl = next((v for k, v in zip(spec.keys, spec.values, strict=True) if _strings(k) == {"impl"}), None)
            name = impl.id if isinstance(impl, ast.Name) else next(iter(_strings(impl)), "") if impl else ""
            if name:
                tasks[key.value] = name.rsplit(".", 1)[-1]
    aliases = tables.get("TASK_ALIASES")
    for key, value in zip(getattr(aliases, "keys", ()), getattr(aliases, "values", ()), strict=True):
        alias, task = next(iter(_strings(key)), None), next(iter(_strings(value)), None)
        if alias and task in tasks:
            tasks[alias] = tasks[task]
    return tasks


# ---- modules -------------------------------------------------------------------------------------------
def _legacy_aliases(init: ast.Module) -> dict[str, str]:
    """Deprecated module path -> the module a 5.x ``__init__`` serves in its place
    (``_create_tokenization_alias(f"{__name__}.tokenization_utils", ".tokenization_utils_sentencepiece")``, and
    `_LEGACY_MODULE_ALIASES`)."""
    found = {}
    for node in ast.walk(init):
        if isinstance(node, ast.Call) and len(node.args) > 1 and dotted(node.func).endswith("_alias"):
            alias, target = _constants(node.args[0]), _constants(node.args[1])
            if len(alias) == 1 and len(target) == 1:
                found[_PACKAGE + next(iter(alias))] = _PACKAGE + next(iter(target))
        if _assigned(node) == "_LEGACY_MODULE_ALIASES" and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                    found[f"{_PACKAGE}.{key.value}"] = f"{_PACKAGE}.{value.value}"
    return {alias: target for alias, target in found.items() if alias.startswith(_PACKAGE + ".")}


def _legacy_modules(init: ast.Module, files: dict[str, str]) -> set[str]:
    """The deprecated module paths a 5.x ``__init__`` serves: those it creates
    (``_create_module_alias(f"{__name__}.tokenization_utils_fast", ...)``, 5.0 to 5.20),
    `_LEGACY_MODULE_ALIASES`'s keys, and, with the `_LEGACY_FAST_IMAGE_PROCESSOR_MODULE` finder,
    ``image_processing_<y>_fast`` for every ``models/<x>/image_processing_<y>.py`` (not ``image_processing_pil_*``)."""
    found = set()
    for node in ast.walk(init):
        if isinstance(node, ast.Call) and node.args and dotted(node.func).endswith("_alias"):
            found |= {_PACKAGE + path for path in _constants(node.args[0]) if path.startswith(".")}
        target = _assigned(node)
        if target == "_LEGACY_MODULE_ALIASES" and isinstance(node.value, ast.Dict):
            found |= {f"{_PACKAGE}.{key}" for key in _strings(ast.List(elts=node.value.keys))}
        elif target == "_LEGACY_FAST_IMAGE_PROCESSOR_MODULE":
            found |= {
                f"{module_of(path)}_fast"
                for path in files
                if re.fullmatch(r"models/\w+/image_processing_(?!pil_)\w+\.py", path)
            }
    return found


def _assigned(node: ast.AST) -> str | None:
    """The name a plain ``NAME = ...`` assigns."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return node.target.id
    return None


# ---- names ---------------------------------------------------------------------------------------------
def _package_exports(init: ast.Module, folder: str, files: dict[str, str]) -> set[str]:
    """What a lazy package offers: the names and the top modules of its ``_import_structure``, plus what its
    ``define_import_structure`` calls collect."""
    modules, names = _import_structure(init)
    for call in ast.walk(init):
        if isinstance(call, ast.Call) and dotted(call.func).endswith("define_import_structure"):
            subfolder = next(iter(_constants(call)), "")
            lazy_modules, lazy_names = _lazy_exports(f"{folder}{subfolder}/" if subfolder else folder, files)
            modules |= {f"{subfolder}.{module}" if subfolder else module for module in lazy_modules}
            names |= lazy_names
    return names | {module.split(".")[0] for module in modules}


def _served_aliases(exports: set[str], files: dict[str, str]) -> set[str]:
    """Names a 5.x package serves from its lazy module's ``__getattr__`` though no import structure lists
    them: ``XTokenizerFast`` and ``XImageProcessorFast`` for ``XTokenizer`` and ``XImageProcessor``, and the
    tokenizers of ``SLOW_TO_FAST_CONVERTERS`` (``LayoutLMTokenizer`` is served as ``BertTokenizer``)."""
    getattr_source = files.get("utils/import_utils.py", "")
    served = set()
    for suffix in ("Tokenizer", "ImageProcessor"):
        if f'name.endswith("{suffix}Fast")' in getattr_source:
            served |= {f"{name}Fast" for name in exports if name.endswith(suffix)}
    if "SLOW_TO_FAST_CONVERTERS" in getattr_source:
        for node in ast.walk(ast.parse(files.get("convert_slow_tokenizer.py", ""))):
            if _assigned(node) == "SLOW_TO_FAST_CONVERTERS" and isinstance(node.value, ast.Dict):
                converted = _strings(ast.List(elts=node.value.keys))
                served |= converted | {f"{name}Fast" for name in converted}
    return served


def _import_structure(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The keys (modules) and the listed names of ``_import_structure``, in every branch: the dict literal,
    ``_import_structure["k"] = [...]``, ``+= [...]``, ``.append(...)`` and ``.extend([...])``; a
    comprehension (``dir(dummy_...)``) lists nothing."""
    modules, names = set(), set()
    for node in ast.walk(tree):
        if _assigned(node) == "_import_structure" and isinstance(node.value, ast.Dict):
            modules |= _strings(ast.List(elts=node.value.keys))
            names |= {name for value in node.value.values for name in _strings(value)}
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                key = _structure_key(target)
                if key is not None:
                    modules.add(key)
                    names |= _strings(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            key = _structure_key(node.func.value)
            if key is not None and node.func.attr in ("append", "extend"):
                modules.add(key)
                names |= {name for argument in node.args for name in _strings(argument)}
    return modules, names


def _constants(node: ast.AST) -> set[str]:
    """Every string constant within ``node``: ``"models"`` in ``define_import_structure(... / "models")``."""
    return {inner.value for inner in ast.walk(node) if isinstance(inner, ast.Constant) and isinstance(inner.value, str)}


def _structure_key(node: ast.AST) -> str | None:
    """``_import_structure["models.bert"]`` -> ``models.bert``."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "_import_structure"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    return None


def _strings(node: ast.AST) -> set[str]:
    """The string constants a literal list, tuple or set holds, or a lone string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return {
            element.value
            for element in node.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)
        }
    return set()


def _lazy_exports(folder: str, files: dict[str, str]) -> tuple[set[str], set[str]]:
    """What transformers' `define_import_structure(folder)` collects: for every module below ``folder``
    except ``__init__``, ``convert_*`` and ``modular_*``, the names of its ``__all__`` and the classes and
    functions decorated with ``@requires``; (modules with a name, relative to ``folder``; names)."""
    modules, names = set(), set()
    for path, text in files.items():
        base = path.rsplit("/", 1)[-1]
        if not path.startswith(folder) or base == "__init__.py" or base.startswith(("convert_", "modular_")):
            continue
        found = _all_names(text) | _required(text)
        if found:
            modules.add(path[len(folder) :].removesuffix(".py").replace("/", "."))
            names |= found
    return modules, names


def _all_names(text: str) -> set[str]:
    match = _ALL.search(text) if "__all__" in text else None
    return set(ast.literal_eval(match.group(1))) if match else set()


def _required(text: str) -> set[str]:
    if "@requires" not in text:
        return set()
    return {
        node.name
        for node in ast.parse(text).body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef))
        and any(dotted(_callee(decorator)) == "requires" for decorator in node.decorator_list)
    }


def _callee(node: ast.AST) -> ast.AST:
    return node.func if isinstance(node, ast.Call) else node


def _module_names(path: str, tree: ast.Module, files: dict[str, str]) -> set[str]:
    """The public names importable from a module outside ``models``: its top-level definitions,
    assignments and imports; a subpackage that puts a `_LazyModule` in its place offers its lazy exports
    instead."""
    if path.endswith("/__init__.py") and _replaces_itself(tree):
        names = _package_exports(tree, path.removesuffix("__init__.py"), files)
    else:
        names = {name for statement in _top_level(tree.body) for name in _bound(statement)}
    names |= _served_by_getattr(tree)
    return {name for name in names if not name.startswith("_")}


def _lists_every_name(tree: ast.Module, text: str) -> bool:
    """Whether the names `_module_names` reads are all the module offers: it neither puts a `_LazyModule` in its
    place, nor serves names from a module-level ``__getattr__``, nor star-imports, nor writes its globals."""
    if "globals()" in text or "setattr(sys.modules" in text:
        return False
    for statement in _top_level(tree.body):
        if isinstance(statement, ast.FunctionDef) and statement.name == "__getattr__":
            return False
        if isinstance(statement, ast.ImportFrom) and any(alias.name == "*" for alias in statement.names):
            return False
    return not _replaces_itself(tree)


def _served_by_getattr(tree: ast.Module) -> set[str]:
    """What a module-level ``__getattr__`` (PEP 562) serves: the keys of the module's tables it looks the
    name up in (``if name in _PIPELINE_CLASS_TO_MODULE: ...``)."""
    tables = {_assigned(node): node.value for node in tree.body if _assigned(node)}
    served = set()
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name == "__getattr__":
            for node in ast.walk(function):
                if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In):
                    table = node.comparators[0]
                    value = tables.get(table.id) if isinstance(table, ast.Name) else None
                    if isinstance(value, ast.Dict):
                        served |= _strings(ast.List(elts=[key for key in value.keys if key is not None]))
                    elif value is not None:
                        served |= _strings(value)
    return served


def _replaces_itself(tree: ast.Module) -> bool:
    """``sys.modules[__name__] = _LazyModule(...)``."""
    return any(
        isinstance(node, ast.Assign) and any(ast.unparse(target) == "sys.modules[__name__]" for target in node.targets)
        for node in ast.walk(tree)
    )


def _top_level(body: list[ast.stmt]):
    """The module's statements, including those inside module-level ``if``, ``try`` and ``with``."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            for name in _NESTED:
                for inner in getattr(statement, name, []):
                    yield from _top_level(inner.body if isinstance(inner, ast.ExceptHandler) else [inner])


def _bound(statement: ast.stmt) -> list[str]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name]
    if isinstance(statement, ast.Import):
        return [alias.asname or alias.name.split(".")[0] for alias in statement.names]
    if isinstance(statement, ast.ImportFrom):
        return [alias.asname or alias.name for alias in statement.names if alias.name != "*"]
    if isinstance(statement, ast.Assign):
        return [name.id for target in statement.targets for name in ast.walk(target) if isinstance(name, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [statement.target.id]
    return []


# ---- signatures ----------------------------------------------------------------------------------------
class _Release:
    """Classes and functions of one release, found by name and followed through imports and bases."""

    def __init__(self, files: dict[str, str], package: str = _PACKAGE) -> None:
        self.files = files
        self.package = package
        self._trees: dict[str, ast.Module] = {}
        self._classes: dict[str, str] | None = None
        self._known_members: dict[tuple[str, str, bool], set[str]] = {}

    def signature(self, callable_: str) -> tuple[set[str], bool, int | None] | None:
        """(keyword parameters, takes ``**kwargs``, how many arguments it takes by position: None for any
        number) of ``Class`` (its ``__init__``), ``Class.method`` or a function; None where the release lacks
        it. A dataclass takes its fields (and any number by position: not recorded)."""
        owner, _, method = callable_.partition(".")
        path = self._defining(owner)
        if path is None:
            return None
        definition = self._definition(path, owner)
        found = self.function(callable_)
        if found is None and not method and isinstance(definition, ast.ClassDef):
            return self._fields(path, definition), False, None
        return None if found is None else (*_parameters(found), _positional(found))

    def enum_values(self, name: str) -> set[str]:
        """The string values of enum class ``name`` (``HPSearchBackend``: ``optuna``, ``ray``, ...)."""
        path = self._defining(name)
        definition = None if path is None else self._definition(path, name)
        if not isinstance(definition, ast.ClassDef):
            return set()
        return {
            node.value.value
            for node in definition.body
            if _assigned(node) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        }

    def function(self, callable_: str) -> ast.FunctionDef | None:
        """The function that runs for ``callable_`` (a class's ``__init__``), as `signature` finds it."""
        owner, _, method = callable_.partition(".")
        path = self._defining(owner)
        definition = None if path is None else self._definition(path, owner)
        if isinstance(definition, ast.FunctionDef) or definition is None:
            return definition
        return self._method(path, definition, method or "__init__")

    def _defining(self, name: str) -> str | None:
        """The module outside ``models`` (and the dummies) that defines ``name`` at top level."""
        pattern = re.compile(rf"^(?:class {name}\b|def {name}\(|{name} = \w+$)", re.MULTILINE)
        paths = sorted(
            path
            for path, text in self.files.items()
            if not path.startswith(("models/", "utils/dummy_")) and pattern.search(text)
        )
        return paths[0] if paths else None

    def _defining_anywhere(self, name: str) -> str | None:
        """The module that defines class ``name``, a model's own modules included (not the dummies, nor the
        `modular_*` sources that generate them)."""
        if self._classes is None:
            self._classes = {}
            for path, text in sorted(self.files.items()):
                base = path.rsplit("/", 1)[-1]
                if path.startswith("utils/dummy_") or base.startswith(("modular_", *_OTHER_FRAMEWORKS)):
                    continue
                for found in _CLASS.findall(text):
                    self._classes.setdefault(found, path)
        return self._classes.get(name) or self._defining(name)

    def _tree(self, path: str) -> ast.Module:
        if path not in self._trees:
            self._trees[path] = ast.parse(self.files[path])
        return self._trees[path]

    def imports(self, path: str) -> dict[str, str]:
        """The module's top-level imports: local name -> dotted origin."""
        return _imports(self._tree(path), module_of(path, self.package), path.endswith("__init__.py"))

    def _definition(self, path: str, name: str) -> ast.ClassDef | ast.FunctionDef | None:
        """The last top-level definition of ``name`` in the module (an ``@overload`` stub is not one), or of
        the class it names (``PreTrainedTokenizerFast = TokenizersBackend``)."""
        found = None
        for node in _top_level(self._tree(path).body):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name == name:
                if not any(dotted(decorator).endswith("overload") for decorator in node.decorator_list):
                    found = node
            elif _assigned(node) == name and isinstance(node.value, ast.Name) and node.value.id != name:
                resolved = self._resolve(path, node.value.id)
                found = resolved[1] if resolved is not None and resolved[0] == path else found
        return found

    def methods(self, name: str, properties: bool = False) -> set[str]:
        """The public methods (and with ``properties``, the properties) of class ``name``, its bases' too."""
        path = self._defining(name) or self._defining_anywhere(name)
        definition = None if path is None else self._definition(path, name)
        if not isinstance(definition, ast.ClassDef):
            return set()
        found: set[str] = set()
        pending, seen = [(path, definition)], set()
        while pending:
            where, cls = pending.pop()
            if (where, cls.name) in seen:
                continue
            seen.add((where, cls.name))
            for node in cls.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                    is_property = any(dotted(d).endswith(("property", "setter")) for d in node.decorator_list)
                    if properties or not is_property:
                        found.add(node.name)
            pending.extend(self._bases(where, cls))
        return found

    def members(self, name: str, data: bool) -> set[str]:
        """The public attributes an instance of class ``name`` has: methods; with ``data``, also class
        attributes, what its methods assign to ``self`` and the names of ``SPECIAL_TOKENS_ATTRIBUTES``; its
        bases' within transformers too. What a base outside transformers (``UserDict``) offers is left out."""
        path = self._defining(name) or self._defining_anywhere(name)
        definition = None if path is None else self._definition(path, name)
        if not isinstance(definition, ast.ClassDef):
            return set()
        return {
            member
            for member in self._members(path, definition, data, 0)
            if not member.startswith("_") and member not in _EXTERNAL
        }

    def _members(self, path: str, definition: ast.ClassDef, data: bool, depth: int) -> set[str]:
        key = (path, definition.name, data)
        if key not in self._known_members:
            self._known_members[key] = self._own_and_inherited(path, definition, data, depth)
        return self._known_members[key]

    def fully_known(self, name: str) -> bool:
        """Every base of class ``name``, and of its bases, is a class of the release or a known outside one
        (``nn.Module``, ``object``, ...): nothing it inherits is hidden from `members`."""
        path = self._defining(name) or self._defining_anywhere(name)
        definition = None if path is None else self._definition(path, name)
        pending, seen = [(path, definition)], set()
        while pending:
            where, cls = pending.pop()
            if not isinstance(cls, ast.ClassDef) or (where, cls.name) in seen:
                continue
            seen.add((where, cls.name))
            for base in cls.bases:
                name_ = dotted(base) if isinstance(base, (ast.Name, ast.Attribute)) else ""
                resolved = self._resolve(where, name_) if isinstance(base, ast.Name) else None
                if resolved is not None:
                    pending.append(resolved)
                elif name_.rsplit(".", 1)[-1] not in _OUTSIDE_BASES:
                    return False
        return isinstance(definition, ast.ClassDef)

    def _own_and_inherited(self, path: str, definition: ast.ClassDef, data: bool, depth: int) -> set[str]:
        found: set[str] = set()
        for node in definition.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                is_property = any(dotted(decorator).endswith("property") for decorator in node.decorator_list)
                if data or not is_property:
                    found.add(node.name)
                if not data:
                    continue
                found |= {
                    target.attr
                    for inner in ast.walk(node)
                    for target in _targets(inner)
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                }  # fmt: skip
            elif data:
                found |= {target.id for target in _targets(node) if isinstance(target, ast.Name)}
                if _assigned(node) == "SPECIAL_TOKENS_ATTRIBUTES":
                    found |= _strings(node.value)
        if depth < 8:
            for base_path, base in self._bases(path, definition):
                found |= self._members(base_path, base, data, depth + 1)
        return found

    def _resolve(self, path: str, name: str, depth: int = 0) -> tuple[str, ast.ClassDef] | None:
        """The class ``name`` means in module ``path``: defined there, or imported from another module of
        the package (followed through re-exports)."""
        definition = self._definition(path, name)
        if isinstance(definition, ast.ClassDef):
            return path, definition
        origin = self.imports(path).get(name)
        if origin is None or depth > 8:
            return None
        module, _, imported = origin.rpartition(".")
        target = self._path(module)
        return None if target is None else self._resolve(target, imported, depth + 1)

    def _path(self, module: str) -> str | None:
        inner = module.removeprefix(f"{self.package}.").replace(".", "/")
        if module == self.package:
            return "__init__.py"
        if not module.startswith(f"{self.package}."):
            return None
        return next((path for path in (f"{inner}.py", f"{inner}/__init__.py") if path in self.files), None)

    def _bases(self, path: str, definition: ast.ClassDef) -> list[tuple[str, ast.ClassDef]]:
        found = (self._resolve(path, dotted(base)) for base in definition.bases if isinstance(base, ast.Name))
        return [base for base in found if base is not None]

    def _method(self, path: str, definition: ast.ClassDef, method: str) -> ast.FunctionDef | None:
        """``method`` as the class has it: its own, else the first base's (depth first, left to right); an
        own method that hands everything to ``super()``'s stands for the base's."""
        own = next(
            (
                node
                for node in reversed(definition.body)
                if isinstance(node, ast.FunctionDef)
                and node.name == method
                and not any(dotted(decorator).endswith("overload") for decorator in node.decorator_list)
            ),
            None,
        )  # the last definition that is no `@overload` stub
        if own is not None and not _passes_through(own):
            return own
        for base_path, base in self._bases(path, definition):
            found = self._method(base_path, base, method)
            if found is not None:
                return found
        return own

    def _fields(self, path: str, definition: ast.ClassDef) -> set[str]:
        """The ``__init__`` keywords of a dataclass: its fields and its bases' (``init=False`` ones left out)."""
        own = {
            node.target.id
            for node in definition.body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _in_init(node)
        }
        return own.union(*(self._fields(base_path, base) for base_path, base in self._bases(path, definition)))


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return [leaf for target in node.targets for leaf in _unpacked(target)]
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return [node.target]
    return []


def _unpacked(target: ast.AST) -> list[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [leaf for element in target.elts for leaf in _unpacked(element)]
    return [target]


def _in_init(node: ast.AnnAssign) -> bool:
    if "ClassVar" in ast.unparse(node.annotation):
        return False
    value = node.value
    if isinstance(value, ast.Call) and dotted(value.func).endswith("field"):
        return not any(
            keyword.arg == "init" and isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            for keyword in value.keywords
        )
    return True


def _passes_through(function: ast.FunctionDef) -> bool:
    """``def push_to_hub(self, *args, **kwargs)`` that calls ``super().push_to_hub(*args, **kwargs)``."""
    arguments = function.args
    if arguments.args[1:] or arguments.kwonlyargs or arguments.vararg is None or arguments.kwarg is None:
        return False
    return any(
        isinstance(node, ast.Call) and ast.unparse(node.func) == f"super().{function.name}"
        for node in ast.walk(function)
    )


def _parameters(function: ast.FunctionDef) -> tuple[set[str], bool]:
    """Keyword parameters (positional-or-keyword and keyword-only, not ``self``) and ``**kwargs``; the names
    the function pops from its ``**kwargs`` (``GenerationConfig.__init__``'s, a deprecated ``organization``)
    and those a ``@deprecate_kwarg("old", ...)`` decorator still takes count as parameters."""
    arguments = function.args
    names = {argument.arg for argument in [*arguments.args, *arguments.kwonlyargs]} - {"self", "cls"}
    names |= {
        decorator.args[0].value
        for decorator in function.decorator_list
        if isinstance(decorator, ast.Call)
        and dotted(decorator.func).endswith("deprecate_kwarg")
        and decorator.args
        and isinstance(decorator.args[0], ast.Constant)
    }
    if arguments.kwarg is None:
        return names, False
    return names | _popped(function, arguments.kwarg.arg), True


def _positional(function: ast.FunctionDef) -> int | None:
    """How many arguments a function takes by position (``self`` aside); None with ``*args``."""
    arguments = function.args
    if arguments.vararg is not None:
        return None
    return len(
        [argument for argument in [*arguments.posonlyargs, *arguments.args] if argument.arg not in ("self", "cls")]
    )


def _popped(function: ast.FunctionDef, kwargs: str) -> set[str]:
    """``kwargs.pop("name", ...)`` in the function's body."""
    return {
        node.args[0].value
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and dotted(node.func) == f"{kwargs}.pop"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """The module's top-level imports: local name -> dotted origin (relative imports resolved)."""
    found = {}
    for node in _top_level(tree.body):
        if isinstance(node, ast.ImportFrom):
            base = imported_module(node, module, is_package)
            for alias in node.names:
                found[alias.asname or alias.name] = f"{base}.{alias.name}"
    return found


# ---- spans and the file --------------------------------------------------------------------------------
def merge(releases: list[str], facts: list[Facts]) -> dict:
    names, modules, var_keyword = defaultdict(list), defaultdict(list), defaultdict(list)
    positional: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    keywords: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, release in enumerate(facts):
        for name in release.names:
            names[name].append(index)
        for module in release.modules:
            modules[module].append(index)
        for callable_, parameters in release.keywords.items():
            for keyword in parameters:
                keywords[callable_][keyword].append(index)
        for callable_ in release.var_keyword:
            var_keyword[callable_].append(index)
        for callable_, count in release.positional.items():
            positional[callable_][str(count)].append(index)
    tasks: dict[str, str] = {}
    for release in facts:  # the newest release that has a task says which class runs it
        tasks.update(release.tasks)
    return {
        "members": _members(facts),
        "classes": {
            kind: sorted(set().union(*(release.classes.get(kind, set()) for release in facts))) for kind in KINDS
        },
        "notices": _merged_notices(facts),
        "deprecated_keywords": _merged_deprecated_keywords(facts),
        "deprecated_callables": _merged_deprecated_callables(facts),
        "defaults": _changed_defaults(facts),
        "model_call": _by_fact([release.model_call for release in facts]),
        "closed_modules": _by_fact([release.closed_modules for release in facts]),
        "special_tokens": _by_fact([release.special_tokens for release in facts]),
        "conversion_patterns": _by_fact([release.conversion_patterns for release in facts]),
        "values": {
            key: _by_fact([release.values.get(key, set()) for release in facts])
            for key in sorted({key for release in facts for key in release.values})
        },
        "environment": _by_fact([release.environment for release in facts]),
        "requires": _by_fact(
            [{f"{dist} {spec}".strip() for dist, spec in release.requires.items()} for release in facts]
        ),
        "tasks": dict(sorted(tasks.items())),
        "releases": releases,
        "names": {name: spans(indices) for name, indices in names.items()},
        "modules": {module: spans(indices) for module, indices in modules.items()},
        "keywords": {
            callable_: {keyword: spans(indices) for keyword, indices in by_keyword.items()}
            for callable_, by_keyword in keywords.items()
        },
        "var_keyword": {callable_: spans(indices) for callable_, indices in var_keyword.items()},
        "positional": {
            callable_: {count: spans(indices) for count, indices in by_count.items()}
            for callable_, by_count in positional.items()
        },
    }


def _members(facts: list[Facts]) -> dict[str, dict[str, list[list[int]]]]:
    """Kind -> attribute -> the releases whose objects of that kind have it, for the attributes the kind's base
    class had in some release: there by the base, or defined by some class of the release (a subclass or
    mixin may still offer it; only a name no class defines is surely gone)."""
    merged = {}
    for kind in KINDS | ATTRIBUTE_KINDS:
        ever = set().union(*(release.members.get(kind, set()) for release in facts))
        merged[kind] = {
            name: spans([index for index, release in enumerate(facts) if _offers(release, kind, name)])
            for name in sorted(ever)
        }
    return merged


def _by_fact(per_release: list[set[str]]) -> dict[str, list[list[int]]]:
    found: dict[str, list[int]] = defaultdict(list)
    for index, facts in enumerate(per_release):
        for fact in facts:
            found[fact].append(index)
    return {fact: spans(indices) for fact, indices in sorted(found.items())}


def _changed_defaults(facts: list[Facts]) -> dict[str, dict[str, dict[str, list[list[int]]]]]:
    """Callable -> keyword -> literal default -> the releases with it, for the defaults that changed."""
    merged: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for index, release in enumerate(facts):
        for callable_, defaults in release.defaults.items():
            for keyword, default in defaults.items():
                merged[callable_][keyword][default].append(index)
    return {
        callable_: {
            keyword: {default: spans(indices) for default, indices in by_default.items()}
            for keyword, by_default in by_keyword.items()
            if len(by_default) > 1
        }
        for callable_, by_keyword in merged.items()
    }


def _offers(release: Facts, kind: str, name: str) -> bool:
    return name in release.members[kind] or name in release.defined[kind]


def _merged_notices(facts: list[Facts]) -> dict[str, dict]:
    """Deprecation id -> the releases that carry its notice, the removal the newest announces, its values."""
    merged = {}
    for row in DEPRECATIONS:
        carrying = [index for index, release in enumerate(facts) if row.id in release.notices]
        if carrying:
            removal, values = facts[carrying[-1]].notices[row.id]
            merged[row.id] = {"spans": spans(carrying), "removal": removal, "values": list(values)}
    return merged


def _merged_deprecated_keywords(facts: list[Facts]) -> dict[str, dict[str, dict]]:
    """Callable -> deprecated keyword -> the releases that deprecate it, its replacement and the removal the newest
    of them announces (``gone``, the releases that no longer take it, is added from the wheels by `_add_gone`)."""
    carrying: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, release in enumerate(facts):
        for callable_, by_old in release.deprecated_keywords.items():
            for old in by_old:
                carrying[callable_][old].append(index)
    merged: dict[str, dict[str, dict]] = {}
    for callable_, by_old in sorted(carrying.items()):
        for old, indices in sorted(by_old.items()):
            new, removal = facts[indices[-1]].deprecated_keywords[callable_][old]
            merged.setdefault(callable_, {})[old] = {"new": new, "removal": removal, "spans": spans(indices)}
    return merged


def _merged_deprecated_callables(facts: list[Facts]) -> dict[str, dict]:
    """Callable -> the releases whose source says it is deprecated, and the advice and removal the newest says."""
    carrying: dict[str, list[int]] = defaultdict(list)
    for index, release in enumerate(facts):
        for callable_ in release.deprecated_callables:
            carrying[callable_].append(index)
    merged = {}
    for callable_, indices in sorted(carrying.items()):
        advice, removal = facts[indices[-1]].deprecated_callables[callable_]
        merged[callable_] = {"advice": advice, "removal": removal, "spans": spans(indices)}
    return merged


def _gone_wanted(merged: dict[str, dict[str, dict]], count: int) -> dict[int, list[tuple[str, str]]]:
    """Release index -> the (callable, keyword) pairs to check there: each deprecated keyword of a class's method,
    in the releases after the last that deprecates it. A kind's base and calling any model are left out: HF315
    judges what a model call or a base's signature lost."""
    wanted: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for callable_, by_old in merged.items():
        if not callable_.startswith("<"):
            for old, row in by_old.items():
                for index in range(row["spans"][-1][1] + 1, count):
                    wanted[index].append((callable_, old))
    return wanted


def _add_gone(merged: dict[str, dict[str, dict]], paths: list[str], pool: ProcessPoolExecutor) -> None:
    """Add ``gone`` to the deprecated keywords a later release no longer takes: the releases that do not."""
    wanted = _gone_wanted(merged, len(paths))
    indices = sorted(wanted)
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    checked = pool.map(no_longer_taken, [paths[index] for index in indices], [wanted[index] for index in indices])
    for index, pairs in zip(indices, checked, strict=True):
        for pair in pairs:
            found[pair].append(index)
    for (callable_, old), gone in found.items():
        merged[callable_][old]["gone"] = spans(gone)


def no_longer_taken(source: str, wanted: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (callable, keyword) pairs of ``wanted`` whose class and method the release still has, through its bases
    (a dataclass's ``__init__`` by its fields), and whose signature no longer takes the keyword at all (not by name,
    nor as a ``@deprecate_kwarg`` alias, nor popped from ``**kwargs``)."""
    release = _Release(read_sources(source))
    found = []
    for callable_, old in wanted:
        owner, _, method = callable_.rpartition(".")
        path = release._defining(owner) or release._defining_anywhere(owner)
        definition = None if path is None else release._definition(path, owner)
        if not isinstance(definition, ast.ClassDef):
            continue  # the class is gone: HF314's finding
        function = release._method(path, definition, method)
        if function is None and method != "__init__":
            continue  # the method is gone: HF316's finding
        taken = old in (_parameters(function)[0] if function is not None else release._fields(path, definition))
        if not taken:
            found.append((callable_, old))
    return found


# ---- the wheels ----------------------------------------------------------------------------------------
def _listed(package: str) -> list[str]:
    """Every released version of ``package``, from `pip index versions`."""
    command = [sys.executable, "-m", "pip", "index", "versions", package]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    listed = next(line for line in output.splitlines() if line.startswith("Available versions:"))
    return [text.strip() for text in listed.partition(":")[2].split(",")]


def last_patches(cap: Version = NEWEST_KNOWN) -> list[Version]:
    """The last patch of every minor release from `FIRST` to ``cap``'s, from `pip index versions`."""
    newest: dict[tuple[int, int], Version] = {}
    for text in _listed(_PACKAGE):
        if not re.fullmatch(r"\d+\.\d+(?:\.\d+)?", text):
            continue  # a pre-release
        version = Version.parse(text)
        minor = (version.major, version.minor)
        if (FIRST.major, FIRST.minor) <= minor <= (cap.major, cap.minor):
            newest[minor] = max(newest.get(minor, version), version)
    return sorted(newest.values())


def wheel(folder: str, version: Version | str, package: str = _PACKAGE) -> str:
    """The release's wheel in ``folder``, downloaded when missing."""
    full = version if isinstance(version, str) else f"{version.major}.{version.minor}.{version.micro}"
    path = os.path.join(folder, f"{package}-{full}-py3-none-any.whl")
    if not os.path.exists(path):
        command = [sys.executable, "-m", "pip", "download", "--no-deps", f"{package}=={full}", "-d", folder]
        subprocess.run(command, check=True)
    return path


def class_changes(before: str, after: str) -> dict:
    """What classes lost between two releases (4.57's wheel and the newest): for each model type, the tokenizer
    class `AutoTokenizer` loads in each (the fast one in 4.x) and the public methods the first had and the
    second lacks; for each model class both export, the public methods and properties it lost. Methods that
    ``torch.nn.Module`` offers are left out (its source is read, not imported; without torch, no models)."""
    old, new = _Release(read_sources(before)), _Release(read_sources(after))
    tokenizers = {}
    old_map, new_map = _tokenizer_mapping(old.files), _tokenizer_mapping(new.files)
    for model_type in sorted(old_map.keys() & new_map.keys()):
        was, now = old_map[model_type], new_map[model_type]
        lost = old.methods(was) - new.members(now, True) if was and now else set()
        if lost and new.members(now, True) and new.fully_known(now):
            tokenizers[model_type] = {"before": was, "after": now, "lost": sorted(lost)}
    models = {}
    module = _torch_module_methods()
    if module is not None:
        base = "PreTrainedModel"  # what every model lost is the model kind's (`members`), not repeated here
        shared = old.methods(base, properties=True) - new.members(base, True)
        exported = _exported_classes(old.files, "modeling_") & _exported_classes(new.files, "modeling_")
        for name in sorted(exported):
            lost = old.methods(name, properties=True) - new.members(name, True) - module - _EXTERNAL - shared
            if lost and new.members(name, True) and new.fully_known(name):
                models[name] = sorted(lost)
    return {"tokenizers": tokenizers, "models": models}


def _tokenizer_mapping(files: dict[str, str]) -> dict[str, str]:
    """Model type -> the tokenizer class `AutoTokenizer` picks (`TOKENIZER_MAPPING_NAMES`; the fast one of a pair)."""
    found = {}
    for node in ast.walk(ast.parse(files.get("models/auto/tokenization_auto.py", ""))):
        if _assigned(node) != "TOKENIZER_MAPPING_NAMES" or not isinstance(node.value, ast.Call):
            continue
        for pair in next((arg.elts for arg in node.value.args if isinstance(arg, ast.List)), []):
            if not (isinstance(pair, ast.Tuple) and len(pair.elts) == 2 and isinstance(pair.elts[0], ast.Constant)):
                continue
            value = pair.elts[1]
            names = [_class_name(element) for element in (value.elts if isinstance(value, ast.Tuple) else [value])]
            names = [name for name in names if name]
            if names:
                found[pair.elts[0].value] = names[-1]
    return found


def _class_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.IfExp):
        node = node.body
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _exported_classes(files: dict[str, str], prefix: str) -> set[str]:
    """The model classes users load by name (``...Model``, ``...For<Task>``) in the models' modules."""
    return {name for name in _classes_in(files, prefix) if re.search(r"(?:Model|For[A-Z]\w+)(?<!Output)$", name)}


def _torch_module_methods() -> set[str] | None:
    """The methods and attributes `torch.nn.Module` defines, read from the installed torch's source."""
    import importlib.util

    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "nn", "modules", "module.py")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return set(re.findall(r"^    def (\w+)\(", handle.read(), re.MULTILINE)) | {"training"}


def hub_environment(facts: list[Facts], folder: str) -> list[set[str]]:
    """For each release, the environment variables that huggingface_hub reads at both ends of the range of
    hub releases it admits (its `Requires-Dist`): what a user's `HF_*` variable may still reach through it."""
    from packaging.specifiers import SpecifierSet  # the generator's own need: never on the lint path
    from packaging.version import InvalidVersion
    from packaging.version import Version as Released

    listed = []
    for text in _listed(_HUB):
        try:
            listed.append(Released(text))
        except InvalidVersion:
            continue
    listed = sorted(version for version in listed if not version.is_prerelease)
    read: dict[str, set[str]] = {}
    ends = []
    for release in facts:
        admitted = [version for version in listed if version in SpecifierSet(release.requires.get(_HUB_DIST, ""))]
        ends.append({str(admitted[0]), str(admitted[-1])} if admitted else set())
    for version in sorted(set().union(*ends)):
        read[version] = _environment(read_sources(wheel(folder, version, _HUB), _HUB))
    return [set().union(*(read[version] for version in versions)) for versions in ends]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", default=WHEELS, help="where the wheels are, or go (default: %(default)s)")
    parser.add_argument("--output", default=DATA, help="the JSON to write (default: %(default)s)")
    parser.add_argument("--versions", nargs="+", type=Version.parse, help="the releases (default: pip's list)")
    parser.add_argument(
        "--newest", type=Version.parse, default=NEWEST_KNOWN, help="the newest minor release (default: %(default)s)"
    )
    parser.add_argument(
        "--changes", metavar="X.Y", help="print the facts release X.Y added and removed (from the stored file) and stop"
    )
    options = parser.parse_args(argv)
    if options.changes:
        with open(options.output, encoding="utf-8") as handle:
            print_changes(json.load(handle), options.changes, _PACKAGE)
        return 0
    started = time.perf_counter()
    versions = sorted(options.versions or last_patches(options.newest))
    os.makedirs(options.wheels, exist_ok=True)
    paths = [wheel(options.wheels, version) for version in versions]
    last_4x = max(index for index, version in enumerate(versions) if version.major == 4)
    with ProcessPoolExecutor() as pool:
        lost = pool.submit(class_changes, paths[last_4x], paths[-1])
        facts = list(pool.map(extract, paths))
        data = merge([f"{version.major}.{version.minor}" for version in versions], facts)
        data["patches"] = [f"{version.major}.{version.minor}.{version.micro}" for version in versions]
        data["hub_environment"] = _by_fact(hub_environment(facts, options.wheels))
        _add_gone(data["deprecated_keywords"], paths, pool)
        data["class_changes"] = lost.result() | {"releases": [data["releases"][last_4x], data["releases"][-1]]}
    text = dumps(open_all(data))
    with open(options.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    seconds = time.perf_counter() - started
    print(f"{options.output}: {len(versions)} releases, {len(text) / 1e6:.2f} MB, {seconds:.0f} s")
    added, removed = changes(data, data["releases"][-1])
    newest = data["releases"][-1]
    print(f"{_PACKAGE} {newest}: {len(added)} facts added, {len(removed)} removed (`--changes {newest}` lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
