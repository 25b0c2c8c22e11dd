"""Write what the newest transformers moved since the last 4.x: `python -m tools.knowledge.generate_moves WHEEL_4X
WHEEL_NEWEST WHEEL_FIRST` (the last 4.x release's wheel, the newest's and the first of the newest's major; default:
all three from the wheel cache, downloaded when missing).

Each wheel is read as source (zipfile and ast; nothing is installed or imported). A config class's attributes are
what its class body and its bases' (found by name among the config modules and `configuration_utils.py`) declare:
annotated fields, class attributes, `attribute_map` keys, methods and properties, and every `self.X = ...` or
`setattr(self, "X", ...)` in its methods. It records:

- ``generation_parameters``: the generation settings the newest `PreTrainedConfig.__post_init__` pops from every
  config (the keys of `GenerationConfig._get_default_generation_params()`), with ``declared``: for each model
  type whose newest config class declares some of them itself (a field keeps it), those;
- ``rope_theta_moved``: the model types whose 4.x config class had `rope_theta` and whose newest one has
  `rope_parameters` and no `rope_theta` (the newest base converts the old keys into `rope_parameters`);
- ``classes``: each newest config class, by name, -> its model type (`LlamaConfig` -> `llama`);
- ``ignored_keywords``: for each model type, the keywords its last 4.x config class's `__init__` took (with their
  default, as source) that the newest config class does not declare and that neither its model's modules (its
  folder, and the model folders those import from) nor the modules outside `models/` read, by attribute or by
  string: stored on the config, never used (`BertConfig(position_embedding_type="relative_key")`);
- ``forwarded``: for a model class that lost a property since the last 4.x (the timeline's ``class_changes``), where
  4.x's property only returned an attribute of an attribute (`language_model`: `return self.model.language_model`)
  and the newest class still assigns the first one in its `__init__`: the class -> the property -> that path
  (`model.language_model`);
- ``config_constructors``: the class methods of the last 4.x configs that the newest no longer has and that only
  built the config from sub-configs (`from_text_vision_configs`: `return cls(text_config=text_config.to_dict(),
  vision_config=vision_config.to_dict(), **kwargs)`): the method -> the keyword each positional parameter went to;
- ``merged``: classes of the last 4.x that no module of the newest defines, whose only subclass in 4.x is a class
  the newest still has and now defines at least three quarters of the methods they had (the rest went from the API:
  `SpecialTokensMixin` -> `PreTrainedTokenizerBase`);
- ``positional_names``: for each callable the timeline records whose newest release takes fewer arguments by
  position than the last 4.x (`push_to_hub(repo_id, use_temp_dir, ...)` -> `push_to_hub(repo_id, *, ...)`), the
  names 4.x bound its positional arguments to, in order;
- ``inlined``: for each kind of object the timeline follows (`timeline.KINDS`), the methods without parameters that
  its 4.x base class (or a base of it) had, that the newest lacks (the timeline's members), and whose body only
  returned a call on `self` (warnings aside; not a model's, which may be torch's own): how code reaches it
  (`sanitize_special_tokens()`, or `vocab` for a property) -> that expression, `self` for the object
  (`self.add_tokens(self.all_special_tokens_extended, special_tokens=True)`);
- ``nested``: for each model type whose last 4.x config class forwarded reads and writes of the attributes its
  sub-config held (a `__getattribute__` of its own naming `"text_config"`: Qwen2-VL's `config.vocab_size` was
  `config.text_config.vocab_size`) and whose newest class (its bases up to the common config base included) does not
  forward: the sub-config -> the attributes both its classes declare (the last 4.x's and the newest's) that the newest
  outer class does not (public ones);
- ``generative_only``: the attributes the last 4.x `PreTrainedModel.__init__` set on every model (`generation_config
  = ... if self.can_generate() else None`) that the newest sets only under `if self.can_generate():`: on a model that
  cannot generate, reading them raises `AttributeError` where 4.x gave `None`;
- ``generative``: the newest release's model classes that can generate, as `can_generate()` decides: a base whose
  name holds `GenerationMixin`, by name through the classes of the model folders (Whisper's through
  `WhisperGenerationMixin`), or a `can_generate` of their own that returns True (Bark, SpeechT5); the only ones it
  gives a ``generative_only`` attribute;
- ``lost_by_first_major``: the first release of the newest's major (`release`, read from its wheel when one is
  given) and, for each model class the timeline says lost members between the last 4.x and the newest
  (``class_changes``), those the first release's class (with its bases, every one known) lacks already: a member
  gone in both is gone at every release between (`model.language_model` on Llava, from 5.0); and for each model
  type whose tokenizer lost methods so (``class_changes``), the class `AutoTokenizer` loads for it in the first
  release and those of the methods it lacks already;
- ``cache``: the KV-cache classes (`cache_utils.py`, `...Cache`: not their layers) the last 4.x and the newest both
  define, and the public methods
  some cache class of the last 4.x had that no cache class of the newest (nor of the first release of its major)
  defines (`to_legacy_cache`, `from_legacy_cache`);
- ``tokenizer_files``: the tokenizer classes whose last 4.x `__init__` took `vocab_file=` (or `merges_file=`) and
  whose newest class is built on `TokenizersBackend` with no `__init__` of its own (nor of a base before that one)
  naming the keyword, nor the first release's of the newest's major: the constructor ignores the file and builds a
  default vocabulary (`BertTokenizer(vocab_file="vocab.txt")` has 5 tokens in 5.23, run); class -> the keywords
  it ignores;
- ``aliases``: names the last 4.x defined as another name at module level (`GreedySearchDecoderOnlyOutput =
  GenerateDecoderOnlyOutput`) that no module of the newest defines, while it defines the other: the old name
  -> the one it stood for (the same object).

The lint path reads the JSON it writes, ``lint_rules/knowledge/data/moves.json`` (`lint_rules.knowledge.moves`).
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import os
import re
import sys
import zipfile

from lint_rules.knowledge.reviewable import dumps
from lint_rules.knowledge.timeline import KINDS
from tools.knowledge import DATA as KNOWLEDGE_DATA
from tools.knowledge.generate_timeline import (
    WHEELS,
    _classes_in,
    _positional,
    _Release,
    _tokenizer_mapping,
    read_sources,
    wheel,
)
from tools.knowledge.source_ast import is_property

DATA = os.path.join(KNOWLEDGE_DATA, "moves.json")
_GENERATION = "generation/configuration_utils.py"
_DEFAULTS = "_get_default_generation_params"
_MODELING = "modeling_utils.py"
_CACHE = "cache_utils.py"
_FILE_KEYWORDS = ("vocab_file", "merges_file")
# The base of the newest's `tokenizers`-backed classes keeps `vocab_file` only as an attribute (`self.vocab_file =
# vocab_file` in its `__init__`, 5.25): the file is read by `from_pretrained`'s conversion, never by the constructor.
_BACKEND = "TokenizersBackend"
_CAN_GENERATE = "self.can_generate()"
# What the text of a module says without parsing it (each of a release's ~2,500 modules parsed is 1 GB and a minute)
_CLASS = re.compile(r"^class (\w+)\b", re.MULTILINE)
_CLASS_BASES = re.compile(r"^class (\w+)(?:\(([^)]*)\))?:", re.MULTILINE)
_DEFINED = re.compile(r"^(?:class|def|async def) (\w+)|^(\w+)\s*(?::[^=\n]*)?=(?!=)", re.MULTILINE)
_ALIAS = re.compile(r"^([A-Z]\w*) = ([A-Za-z_]\w*)[ \t]*(?:#.*)?$", re.MULTILINE)
_READ = re.compile(r"\.([A-Za-z_]\w*)|[\"']([A-Za-z_]\w*)[\"']")
_SIBLING_IMPORT = re.compile(r"^\s*from \.\.(\w+)\.", re.MULTILINE)


def _sources(path: str) -> dict[str, str]:
    """The modules of a transformers wheel, by path inside the package."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            inner = name.removeprefix("transformers/")
            if inner != name and inner.endswith(".py"):
                found[inner] = archive.read(name).decode("utf-8")
    return found


class _Configs:
    """The config classes of one release, by name."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.classes: dict[str, ast.ClassDef] = {}
        for path, text in sorted(sources.items()):
            if not _is_config_module(path):
                continue
            for node in ast.parse(text).body:
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(node.name, node)
        self._attributes: dict[str, frozenset[str]] = {}

    def model_types(self) -> dict[str, str]:
        """Model type -> the class that declares it (`model_type = "llama"`), the first by name."""
        found: dict[str, str] = {}
        for name, node in sorted(self.classes.items()):
            for statement in node.body:
                value = _assigned(statement, "model_type")
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    found.setdefault(value.value, name)
        return found

    def lineage(self, name: str) -> list[ast.ClassDef]:
        """The class and its bases among the config classes, nearest first."""
        return _lineage(self.classes, name)

    def sub_configs(self, name: str) -> dict[str, str]:
        """A composite config's sub-configs, by key (`sub_configs_defaults = {"text_config": Qwen2VLTextConfig}`, or
        4.x's `sub_configs`) -> the class name, from the nearest class that sets them."""
        for node in self.lineage(name):
            for statement in node.body:
                value = _assigned(statement, "sub_configs_defaults") or _assigned(statement, "sub_configs")
                if isinstance(value, ast.Dict):
                    return {
                        key.value: item.id
                        for key, item in zip(value.keys, value.values, strict=True)
                        if isinstance(key, ast.Constant) and isinstance(item, ast.Name)
                    }
        return {}

    def attributes(self, name: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
        """What the class and its bases declare (see the module's docstring)."""
        if name in self._attributes:
            return self._attributes[name]
        node = self.classes.get(name)
        if node is None or name in seen:
            return frozenset()
        found = set(_own(node))
        for base in node.bases:
            base_name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
            found |= self.attributes(base_name, (*seen, name))
        self._attributes[name] = frozenset(found)
        return self._attributes[name]


def _ignored_keywords(old, new, old_types, new_types, sources, parameters) -> dict[str, dict[str, str | None]]:
    """See ``ignored_keywords`` in the module's docstring."""
    shared: set[str] = set()
    folders: dict[str, set[str]] = {}
    imports: dict[str, set[str]] = {}
    homes: dict[str, str] = {}
    for path, text in sources.items():
        if not path.startswith("models/"):
            shared |= _read_names(text)
            continue
        folder = path.split("/")[1]
        folders.setdefault(folder, set()).update(_read_names(text))
        imports.setdefault(folder, set()).update(_SIBLING_IMPORT.findall(text))
        if _is_config_module(path):
            for name in _CLASS.findall(text):
                homes.setdefault(name, folder)
    found = {}
    for model_type, name in sorted(new_types.items()):
        was, home = old_types.get(model_type), homes.get(name)
        init = _init(old.classes[was]) if was is not None and home is not None else None
        if init is None:
            continue
        read = shared | set().union(*(folders.get(folder, set()) for folder in {home, *imports.get(home, ())}))
        positional = init.args.args[1:]
        with_default = [arg.arg for arg in positional][len(positional) - len(init.args.defaults) :]
        defaults = dict(zip(with_default, init.args.defaults, strict=True))
        kw_defaults = zip(init.args.kwonlyargs, init.args.kw_defaults, strict=True)
        defaults |= {arg.arg: value for arg, value in kw_defaults if value is not None}
        ignored = {
            arg.arg: ast.unparse(defaults[arg.arg]) if arg.arg in defaults else None
            for arg in [*positional, *init.args.kwonlyargs]
            if arg.arg not in new.attributes(name) and arg.arg not in parameters and arg.arg not in read
        }
        if ignored:
            found[model_type] = dict(sorted(ignored.items()))
    return found


def _nested(old: _Configs, new: _Configs, old_types, new_types) -> dict[str, dict[str, list[str]]]:
    """See ``nested`` in the module's docstring."""
    found: dict[str, dict[str, list[str]]] = {}
    for model_type, name in sorted(new_types.items()):
        was = old.classes.get(old_types.get(model_type, ""))
        into = _forwarded_to(was) if was is not None else None
        if into is None or any(_forwarded_to(node) for node in new.lineage(name)):
            continue
        inner, old_inner = new.sub_configs(name).get(into), old.sub_configs(was.name).get(into)
        if inner is None or old_inner is None:
            continue
        moved = (new.attributes(inner) & old.attributes(old_inner)) - new.attributes(name)
        found[model_type] = {into: sorted(attribute for attribute in moved if not attribute.startswith("_"))}
    return found


def _generative_only(old_text: str, new_text: str) -> list[str]:
    """See ``generative_only`` in the module's docstring."""

    def init(text: str) -> ast.FunctionDef:
        node = next(n for n in _tree(text).body if isinstance(n, ast.ClassDef) and n.name == "PreTrainedModel")
        return _init(node)

    def under_can_generate(function: ast.FunctionDef) -> tuple[set[str], set[str]]:
        """What its body assigns to `self` under `if self.can_generate():`, and anywhere else."""
        inside: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.If) and ast.unparse(node.test) == _CAN_GENERATE:
                inside |= {n.attr for branch in node.body for n in ast.walk(branch) if _stored_on_self(n)}
        return inside, {n.attr for n in ast.walk(function) if _stored_on_self(n)} - inside

    everywhere = {
        target.attr
        for statement in init(old_text).body
        if isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.IfExp)
        and ast.unparse(statement.value.test) == _CAN_GENERATE
        and ast.unparse(statement.value.orelse) == "None"
        for target in statement.targets
        if _stored_on_self(target)
    }
    only, elsewhere = under_can_generate(init(new_text))
    return sorted(everywhere & only - elsewhere)


def _lost_by_first_major(first: str | None, release: _Release | None = None) -> dict:
    """See ``lost_by_first_major`` in the module's docstring."""
    if first is None:
        return {"release": None, "models": {}, "tokenizers": {}}
    with open(os.path.join(KNOWLEDGE_DATA, "timeline.json"), encoding="utf-8") as handle:
        changes = json.load(handle)["class_changes"]
    release = release or _Release(read_sources(first))
    models = {}
    for name, members in sorted(changes["models"].items()):
        gone = _lacks(release, name, members)
        if gone:
            models[name] = gone
    tokenizers = {}
    loads = _tokenizer_mapping(release.files)
    for model_type, change in sorted(changes["tokenizers"].items()):
        now = loads.get(model_type)
        gone = _lacks(release, now, change["lost"]) if now is not None else []
        if gone:
            tokenizers[model_type] = {"class": now, "lost": gone}
    return {"release": _release(first), "models": models, "tokenizers": tokenizers}


def _cache(old_sources: dict[str, str], new_sources: dict[str, str], first: str | None) -> dict:
    """See ``cache`` in the module's docstring."""
    later = [new_sources[_CACHE]] + ([_sources(first)[_CACHE]] if first is not None else [])
    old = [node for node in _tree(old_sources[_CACHE]).body if isinstance(node, ast.ClassDef)]
    kept = {node.name for node in _tree(new_sources[_CACHE]).body if isinstance(node, ast.ClassDef)}
    defined = {
        item.name
        for text in later
        for node in _tree(text).body
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef)
    }
    had = {
        item.name
        for node in old
        for item in node.body
        if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
    }
    both = kept & {node.name for node in old}
    return {"classes": sorted(name for name in both if name.endswith("Cache")), "lost": sorted(had - defined)}


def _tokenizer_files(
    old_sources: dict[str, str], new_sources: dict[str, str], first: _Release | None = None
) -> dict[str, list[str]]:
    """See ``tokenizer_files`` in the module's docstring."""
    old, new = _Release(old_sources), _Release(new_sources)
    found = {}
    for name in sorted(_classes_in(old_sources, "tokenization_")):
        if not name.endswith(("Tokenizer", "TokenizerFast")):
            continue
        took = [keyword for keyword in _FILE_KEYWORDS if keyword in _init_parameters(old, name)]
        ignored = _ignores(new, name, took) if took else []
        if first is not None:
            ignored = _ignores(first, name, ignored)
        if ignored:
            found[name] = ignored
    return found


def _ignores(release: _Release, name: str, keywords: list[str]) -> list[str]:
    """Those of ``keywords`` that class ``name`` of ``release``, built on `TokenizersBackend`, never names."""
    lineage = _lineage_of(release, name)
    names = [node.name for _, node in lineage]
    if _BACKEND not in names:
        return []
    own = lineage[: names.index(_BACKEND)]
    return [keyword for keyword in keywords if not any(_names(node, keyword) for _, node in own)]


def _init_parameters(release: _Release, name: str) -> set[str]:
    """The parameters of class ``name``'s own `__init__` in ``release`` (none when it has none)."""
    lineage = _lineage_of(release, name)
    init = _init(lineage[0][1]) if lineage else None
    return {arg.arg for arg in [*init.args.args, *init.args.kwonlyargs]} if init is not None else set()


def _lineage_of(release: _Release, name: str) -> list[tuple[str, ast.ClassDef]]:
    """Class ``name`` as ``release`` exports it (an alias resolved: `BertTokenizerFast = BertTokenizer`) and its
    bases within transformers, nearest first."""
    path = release._defining_anywhere(name)
    if path is None:  # `BertTokenizerFast = BertTokenizer` in a model's module
        target = _model_aliases(release).get(name)
        return _lineage_of(release, target) if target is not None and target != name else []
    node = release._definition(path, name)
    found, todo = [], [(path, node)]
    while todo:
        where, cls = todo.pop(0)
        if isinstance(cls, ast.ClassDef) and all(cls is not seen for _, seen in found):
            found.append((where, cls))
            todo += release._bases(where, cls)
    return found


@functools.cache
def _model_aliases(release: _Release) -> dict[str, str]:
    """`XFast = X` at the top of the models' modules: the alias -> the class."""
    return {
        alias: target
        for path, text in release.files.items()
        if path.startswith("models/")
        for alias, target in _ALIAS.findall(text)
    }


def _names(node: ast.ClassDef, keyword: str) -> bool:
    """The class's `__init__` takes ``keyword`` or reads it by name (`kwargs.get("vocab_file")`)."""
    init = _init(node)
    if init is None:
        return False
    return any(arg.arg == keyword for arg in [*init.args.args, *init.args.kwonlyargs]) or any(
        isinstance(inner, ast.Constant) and inner.value == keyword for inner in ast.walk(init)
    )


def _lacks(release: _Release, name: str, members: list[str]) -> list[str]:
    """Those of ``members`` class ``name`` of ``release`` lacks, where it and all its bases are known."""
    has = release.members(name, True) if release.fully_known(name) else set()
    return [member for member in members if member not in has] if has else []


def _generative(sources: dict[str, str]) -> list[str]:
    """See ``generative`` in the module's docstring."""
    classes = _Classes(sources, "models/")
    found: dict[str, bool] = {}
    for path, text in sources.items():  # `can_generate()` overridden to say yes (Bark, SpeechT5)
        if path.startswith("models/") and "def can_generate(" in text:
            for node in _tree(text).body:
                if isinstance(node, ast.ClassDef) and any(_says_yes(item) for item in node.body):
                    found[node.name] = True

    def can_generate(name: str, seen: tuple[str, ...] = ()) -> bool:
        if name not in found:  # `"GenerationMixin" in str(cls.__bases__)`, as `can_generate()` asks
            bases = [] if name in seen else classes.bases.get(name, [])
            found[name] = any("GenerationMixin" in base for base in bases) or any(
                can_generate(base, (*seen, name)) for base in bases
            )
        return found[name]

    return sorted(name for name in classes.paths if not name.startswith("_") and can_generate(name))


def _says_yes(item: ast.stmt) -> bool:
    """A `can_generate` method whose body (comments aside) only returns True."""
    if not (isinstance(item, ast.FunctionDef) and item.name == "can_generate"):
        return False
    body = [statement for statement in item.body if not _is_docstring(statement)]
    return len(body) == 1 and isinstance(body[0], ast.Return) and ast.unparse(body[0].value) == "True"


def _forwarded_to(node: ast.ClassDef) -> str | None:
    """The sub-config a config class's own `__getattribute__` (or `__getattr__`) reads from, by its key."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name in ("__getattribute__", "__getattr__"):
            keys = {
                inner.value
                for inner in ast.walk(item)
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str) and inner.value.endswith("_config")
            }
            if len(keys) == 1:
                return keys.pop()
    return None


def _forwarded(old_sources: dict[str, str], new_sources: dict[str, str]) -> dict[str, dict[str, str]]:
    """See ``forwarded`` in the module's docstring."""
    with open(os.path.join(KNOWLEDGE_DATA, "timeline.json"), encoding="utf-8") as handle:
        lost = json.load(handle)["class_changes"]["models"]
    old_classes, new_classes = _Classes(old_sources, "models/"), _Classes(new_sources, "models/")
    found: dict[str, dict[str, str]] = {}
    for name, members in sorted(lost.items()):
        old, new = old_classes.get(name), new_classes.get(name)
        if old is None or new is None:
            continue
        init = _init(new)
        assigned = {node.attr for node in ast.walk(init) if _stored_on_self(node)} if init is not None else set()
        for member in members:
            path = _returned_path(old, member)
            if path is not None and path.split(".")[0] in assigned:
                found.setdefault(name, {})[member] = path
    return found


def _config_constructors(old: _Configs, new: _Configs) -> dict[str, list[str]]:
    """See ``config_constructors`` in the module's docstring."""
    kept = {item.name for node in new.classes.values() for item in node.body if isinstance(item, ast.FunctionDef)}
    found: dict[str, set[tuple[str, ...]]] = {}
    for node in old.classes.values():
        for item in node.body:
            if not isinstance(item, ast.FunctionDef) or item.name in kept or not item.name.startswith("from_"):
                continue
            parameters = [arg.arg for arg in item.args.args[1:]]
            returned = item.body[-1].value if item.body and isinstance(item.body[-1], ast.Return) else None
            if not (
                isinstance(returned, ast.Call) and isinstance(returned.func, ast.Name) and returned.func.id == "cls"
            ):
                continue
            given = {
                keyword.value.func.value.id: keyword.arg
                for keyword in returned.keywords
                if keyword.arg is not None
                and isinstance(keyword.value, ast.Call)
                and isinstance(keyword.value.func, ast.Attribute)
                and keyword.value.func.attr == "to_dict"
                and isinstance(keyword.value.func.value, ast.Name)
            }
            if parameters and set(parameters) == set(given) and not returned.args:
                found.setdefault(item.name, set()).add(tuple(given[name] for name in parameters))
    # a name that classes defined differently says nothing certain
    return {name: list(next(iter(ways))) for name, ways in sorted(found.items()) if len(ways) == 1}


def _returned_path(node: ast.ClassDef, member: str) -> str | None:
    """`self.model.language_model` -> "model.language_model", for a property whose body only returns it."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == member and is_property(item):
            body = [statement for statement in item.body if not _is_docstring(statement)]
            if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Attribute):
                parts, value = [], body[0].value
                while isinstance(value, ast.Attribute):
                    parts.insert(0, value.attr)
                    value = value.value
                if _is_self(value) and len(parts) > 1:
                    return ".".join(parts)
    return None


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _stored_on_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _is_self(node.value)


def _init(node: ast.ClassDef) -> ast.FunctionDef | None:
    return next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"), None)


def _read_names(text: str) -> set[str]:
    """The attribute names and the identifier-like strings a module's text holds: what it may read a config field
    by (read from the text, not parsed: a name in a comment counts too, which only keeps a keyword out)."""
    return {attribute or string for attribute, string in _READ.findall(text)}


def _tree(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError:  # a template or a file for another Python
        return ast.Module(body=[], type_ignores=[])


def _is_config_module(path: str) -> bool:
    return path == "configuration_utils.py" or path.startswith("models/") and "/configuration_" in path


def _positional_names(old_sources: dict[str, str], new_sources: dict[str, str]) -> dict[str, list[str]]:
    """See ``positional_names`` in the module's docstring."""
    with open(os.path.join(KNOWLEDGE_DATA, "timeline.json"), encoding="utf-8") as handle:
        callables = sorted(json.load(handle)["positional"])
    old, new = _Release(old_sources), _Release(new_sources)
    found = {}
    for callable_ in callables:
        before, after = old.function(callable_), new.function(callable_)
        if before is None or after is None:
            continue
        was, now = _positional(before), _positional(after)
        if was is not None and now is not None and now < was:
            arguments = [*before.args.posonlyargs, *before.args.args]
            found[callable_] = [argument.arg for argument in arguments if argument.arg not in ("self", "cls")]
    return found


def _inlined(old_sources: dict[str, str]) -> dict[str, dict[str, str]]:
    """See ``inlined`` in the module's docstring."""
    with open(os.path.join(KNOWLEDGE_DATA, "timeline.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    newest = len(data["releases"]) - 1
    classes = _Classes(old_sources)
    found: dict[str, dict[str, str]] = {}
    for kind, (base, _, _) in sorted(KINDS.items()):
        if kind == "model":
            continue  # what a model seems to lack may be torch's own (`eval()`), which the wheel does not show
        members = data["members"].get(kind, {})
        gone = {name for name, spans in members.items() if spans and spans[-1][-1] < newest}
        for node in _lineage(classes, base):
            for item in node.body:
                if not (isinstance(item, ast.FunctionDef) and item.name in gone and _takes_nothing(item)):
                    continue
                body = [statement for statement in item.body if not _is_docstring(statement) and not _warns(statement)]
                if len(body) == 1 and isinstance(body[0], ast.Return) and _calls_on_self(body[0].value):
                    used = item.name if is_property(item) else f"{item.name}()"  # how code reaches it
                    found.setdefault(kind, {}).setdefault(used, ast.unparse(body[0].value))
    return found


def _lineage(classes: _Classes | dict[str, ast.ClassDef], name: str) -> list[ast.ClassDef]:
    """The class and its bases, by name, as far as the modules (or the classes given) define them."""
    found, queue = [], [name]
    while queue:
        node = classes.get(queue.pop(0))
        if node is not None and node not in found:
            found.append(node)
            queue += [base.id for base in node.bases if isinstance(base, ast.Name)]
    return found


def _takes_nothing(function: ast.FunctionDef) -> bool:
    arguments = function.args
    return len(arguments.args) == 1 and not (arguments.vararg or arguments.kwarg or arguments.kwonlyargs)


def _warns(statement: ast.stmt) -> bool:
    """`logger.warning_once(...)`, `warnings.warn(...)`: a notice, not what the method does."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr.startswith("warn")


def _calls_on_self(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and _is_self(value.func.value)


def _merged(old_sources: dict[str, str], new_sources: dict[str, str]) -> dict[str, str]:
    """See ``merged`` in the module's docstring."""
    old, new = _Classes(old_sources), _Classes(new_sources)
    defined = _defined(new_sources)
    subclasses: dict[str, set[str]] = {}
    for name, bases in old.bases.items():
        for base in bases:
            subclasses.setdefault(base, set()).add(name)
    found = {}
    for name in sorted(old.paths):
        heirs = subclasses.get(name, set())
        if name in defined or len(heirs) != 1:
            continue
        node = old.get(name)
        methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)} if node else set()
        (heir,) = heirs
        successor = new.get(heir)
        kept = (
            methods & {item.name for item in successor.body if isinstance(item, ast.FunctionDef)}
            if successor
            else set()
        )
        if methods and 4 * len(kept) >= 3 * len(methods):
            found[name] = heir
    return found


class _Classes:
    """The top-level classes of a release's modules, by name (the first module by path that defines one), found in
    the text and parsed only when asked for."""

    def __init__(self, sources: dict[str, str], prefix: str = "") -> None:
        self.sources = sources
        self.paths: dict[str, str] = {}
        self.bases: dict[str, list[str]] = {}
        for path, text in sorted(sources.items()):
            if path.startswith(prefix):
                for name, bases in _CLASS_BASES.findall(text):
                    self.paths.setdefault(name, path)
                    self.bases.setdefault(name, [base.strip().rsplit(".", 1)[-1] for base in bases.split(",")])
        self._trees: dict[str, ast.Module] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.paths

    def get(self, name: str) -> ast.ClassDef | None:
        path = self.paths.get(name)
        if path is None:
            return None
        if path not in self._trees:
            self._trees[path] = _tree(self.sources[path])
        return next((n for n in self._trees[path].body if isinstance(n, ast.ClassDef) and n.name == name), None)


def _defined(sources: dict[str, str]) -> set[str]:
    """The names the modules define at top level (read from the text: a line that starts with the definition)."""
    return {name for text in sources.values() for pair in _DEFINED.findall(text) for name in pair if name}


def _aliases(old_sources: dict[str, str], new_sources: dict[str, str]) -> dict[str, str]:
    """See ``aliases`` in the module's docstring."""
    old = {name: target for text in old_sources.values() for name, target in _ALIAS.findall(text) if name != target}
    defined = _defined(new_sources)
    return {name: target for name, target in sorted(old.items()) if name not in defined and target in defined}


def _assigned(statement: ast.stmt, target: str) -> ast.expr | None:
    if isinstance(statement, ast.Assign) and any(getattr(t, "id", None) == target for t in statement.targets):
        return statement.value
    if isinstance(statement, ast.AnnAssign) and getattr(statement.target, "id", None) == target:
        return statement.value
    return None


def _own(node: ast.ClassDef) -> set[str]:
    found: set[str] = set()
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            found.add(statement.target.id)
        elif isinstance(statement, ast.Assign):
            found |= {target.id for target in statement.targets if isinstance(target, ast.Name)}
            mapping = _assigned(statement, "attribute_map")
            if isinstance(mapping, ast.Dict):
                found |= {key.value for key in mapping.keys if isinstance(key, ast.Constant)}
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.add(statement.name)
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store) and _is_self(inner.value):
                    found.add(inner.attr)
                elif (
                    isinstance(inner, ast.Call)
                    and getattr(inner.func, "id", None) == "setattr"
                    and len(inner.args) > 1
                    and _is_self(inner.args[0])
                    and isinstance(inner.args[1], ast.Constant)
                ):
                    found.add(inner.args[1].value)
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _generation_parameters(text: str) -> list[str]:
    """The keys of the dict `GenerationConfig._get_default_generation_params()` returns."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and node.name == _DEFAULTS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and isinstance(inner.value, ast.Dict):
                    return sorted(key.value for key in inner.value.keys if isinstance(key, ast.Constant))
    raise ValueError(f"no `{_DEFAULTS}` in {_GENERATION}: the generation defaults moved; read the newest source")


def snapshot(before: str, after: str, first: str | None = None) -> dict:
    """The facts (see the module's docstring) from the two wheels, and the first release of the newest's major."""
    old_sources, new_sources = _sources(before), _sources(after)
    first_release = _Release(read_sources(first)) if first is not None else None
    old, new = _Configs(old_sources), _Configs(new_sources)
    parameters = _generation_parameters(new_sources[_GENERATION])
    new_types, old_types = new.model_types(), old.model_types()
    declared, moved = {}, []
    for model_type, name in sorted(new_types.items()):
        attributes = new.attributes(name)
        own = sorted(set(parameters) & attributes)
        if own:
            declared[model_type] = own
        was = old_types.get(model_type)
        if (
            was is not None
            and "rope_theta" in old.attributes(was)
            and "rope_parameters" in attributes
            and "rope_theta" not in attributes
        ):
            moved.append(model_type)
    return {
        "releases": [_release(before), _release(after)],
        "generation_parameters": parameters,
        "declared": declared,
        "rope_theta_moved": moved,
        "classes": {name: model_type for model_type, name in sorted(new_types.items())},
        "ignored_keywords": _ignored_keywords(old, new, old_types, new_types, new_sources, set(parameters)),
        "forwarded": _forwarded(old_sources, new_sources),
        "config_constructors": _config_constructors(old, new),
        "merged": _merged(old_sources, new_sources),
        "positional_names": _positional_names(old_sources, new_sources),
        "inlined": _inlined(old_sources),
        "nested": _nested(old, new, old_types, new_types),
        "generative_only": _generative_only(old_sources[_MODELING], new_sources[_MODELING]),
        "generative": _generative(new_sources),
        "lost_by_first_major": _lost_by_first_major(first, first_release),
        "cache": _cache(old_sources, new_sources, first),
        "tokenizer_files": _tokenizer_files(old_sources, new_sources, first_release),
        "aliases": _aliases(old_sources, new_sources),
    }


def timeline_wheels() -> tuple[str, str]:
    """The releases the timeline compares classes between (the last 4.x patch it read, and the newest)."""
    patches = _patches()
    return [patch for patch in patches if patch.startswith("4.")][-1], patches[-1]


def first_major_release() -> str:
    """The first patch the timeline read of the newest's major (5.0.0)."""
    patches = _patches()
    return next(patch for patch in patches if patch.split(".")[0] == patches[-1].split(".")[0])


def _patches() -> list[str]:
    with open(os.path.join(KNOWLEDGE_DATA, "timeline.json"), encoding="utf-8") as handle:
        return json.load(handle)["patches"]


def _release(path: str) -> str:
    return os.path.basename(path).split("-")[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "wheels", nargs="*", metavar="WHEEL", help="the last 4.x wheel, the newest, and the first of its major"
    )
    parser.add_argument(
        "--wheels", dest="folder", default=WHEELS, help="where the wheels are, or go (default: %(default)s)"
    )
    parser.add_argument("--output", default=DATA, help="the JSON to write (default: %(default)s)")
    options = parser.parse_args(argv)
    if options.wheels and len(options.wheels) != 3:
        parser.error("give three wheels: the last 4.x release's, the newest's and the first of its major")
    releases = [*timeline_wheels(), first_major_release()]
    before, after, first = options.wheels or [wheel(options.folder, release) for release in releases]
    data = snapshot(before, after, first)
    with open(options.output, "w", encoding="utf-8") as handle:
        handle.write(dumps(data))
    print(
        f"{options.output}: {len(data['classes'])} config classes, {len(data['rope_theta_moved'])} moved rope_theta, "
        f"{len(data['aliases'])} aliases"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
