"""The project around a file: what its other modules define, for names a file imports from them.

A file's rules resolve names by import origin. Where an origin is a module of the same project (`from
train.trainer import LLMTrainer`, `from .config import MODEL_NAME`, `from ..utils import load_tokenizer`), the
index reads that module with Python's `ast` (not libcst: a summary, not a tree to fix), once per process and
while its file is unchanged, and says what the name is there: a re-export of another name, a class and the one
library class it derives from, a function and the origin of what it returns, a constant, a dict literal. Only
modules some file imports are read. Modules of transformers and its stack are never the project's, so a
library's own source tree resolves as before.

What a file's findings depended on is recorded (each module's path and a digest of its bytes), so that the
cache can tell when a result is stale. Resolution stays conservative: a name bound twice, a base computed at
run time, returns that disagree give no answer.
"""

from __future__ import annotations

import ast
import bisect
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field

from lint_rules.stack import PACKAGES, ROOT_MARKERS

# Packages that are never the project's: what the rules check, and the standard ones a project imports most.
EXTERNAL = frozenset(
    {
        "transformers", *PACKAGES, "torch", "numpy", "accelerate", "evaluate",
        "diffusers", "tokenizers", "safetensors", "os", "sys", "re", "json", "typing", "dataclasses", "logging",
        "collections", "functools", "itertools", "math", "random", "pathlib", "argparse", "time", "copy",
    }
)  # fmt: skip
_MAX_DEPTH = 12
_NAMESPACE_DEPTH = 4  # how many folders up from a file's package an import may name a namespace package
# Decorators that leave what a function returns as it is (here and in `facts.bindings`).
TRANSPARENT = frozenset(
    {"functools.cache", "functools.lru_cache", "cache", "lru_cache", "torch.no_grad", "staticmethod", "classmethod"}
)


@dataclass(frozen=True)
class ClassFact:
    bases: tuple[str | None, ...]  # each base's absolute origin; None for one computed at run time
    members: frozenset[str]
    fields: frozenset[str]


@dataclass
class Summary:
    """What one module defines at its top level: name -> ("import", origin) | ("class", ClassFact) |
    ("function", origin of what it returns or None, the keywords of the `from_pretrained` call whose model it
    returns as that call left it or None; both read on first use) | ("constant", value) |
    ("dict", ((key, value's source, the key literal's span or None, the key as written), ...)) | ("other", None)."""

    module: str
    digest: str
    names: dict[str, tuple] = field(default_factory=dict)


@dataclass(frozen=True)
class Lineage:
    origin: str  # the one class outside the project it derives from
    names: tuple[str, ...]
    members: frozenset[str]
    fields: frozenset[str]


class Index:
    """Summaries of the project modules read so far in this process, each kept while its file is unchanged."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[bytes, str]] = {}  # path -> (bytes, digest) of a module an editor holds
        self._files: dict[str, tuple[tuple[int, int], bytes, str]] = {}  # path -> (stamp, bytes, digest)
        # (path, the module name it was asked under: its relative imports resolve from it) -> (digest, summary)
        self._summaries: dict[tuple[str, str], tuple[str, Summary | None]] = {}
        self._texts: dict[str, tuple[str, TextFacts]] = {}  # path -> (digest, what its text says)

    def hold(self, path: str, data: bytes | None) -> None:
        """The editor's text of a module, unsaved, read in place of its file (None: the file again)."""
        if data is None:
            self._held.pop(path, None)
        else:
            self._held[path] = (data, digest(data))

    def read(self, path: str) -> tuple[bytes, str] | None:
        """A module's bytes and their digest, read again only when its file changed; an editor's text first."""
        if path in self._held:
            return self._held[path]
        try:
            info = os.stat(path)
            stamp = (info.st_mtime_ns, info.st_size)
            known = self._files.get(path)
            if known is None or known[0] != stamp:
                with open(path, "rb") as handle:
                    data = handle.read()
                known = self._files[path] = (stamp, data, digest(data))
        except OSError:
            return None
        return known[1], known[2]

    def summary(self, path: str, module: str) -> Summary | None:
        read = self.read(path)
        if read is None:
            return None
        data, digest = read
        known = self._summaries.get((path, module))
        if known is not None and known[0] == digest:
            return known[1]
        try:
            summary = _summarise(ast.parse(data), module, _package(module, path), data, digest)
        except (SyntaxError, ValueError, RecursionError):
            summary = None
        self._summaries[path, module] = (digest, summary)
        return summary

    def text_facts(self, path: str) -> TextFacts | None:
        """What a module's text says without parsing it, for the import pre-filter."""
        read = self.read(path)
        if read is None:
            return None
        data, digest = read
        known = self._texts.get(path)
        if known is None or known[0] != digest:
            known = self._texts[path] = (digest, _text_facts(data.decode("utf-8", "replace")))
        return known[1]


@dataclass(frozen=True)
class TextFacts:
    libraries: frozenset[str]  # the packages of transformers' stack its text names
    library_names: frozenset[str]  # the names its imports of those packages bind
    defined: dict[str, tuple[str, str]]  # its top-level classes and functions: name -> ("class", bases) | ("def", body)
    imported: dict[str, tuple[str, str]]  # its `from m import a as b`: b -> (m, a)
    in_imports: frozenset[str]  # every word its import statements name after `import`: what it may re-export


def _text_facts(text: str) -> TextFacts:
    imports = tuple(_text_imports(text))
    library_names = {
        bound for module, names in imports if module.split(".", 1)[0] in _STACK for bound in names.values()
    }
    library_names.update(alias or name.split(".", 1)[0] for name, alias in _PLAIN_IMPORT.findall(text))
    starts = [match.start() for match in _TOP_LEVEL.finditer(text)] + [len(text)]
    defined = {}
    for match in _DEFINED.finditer(text):
        end = starts[bisect.bisect_right(starts, match.start())]
        defined[match.group(2)] = (
            match.group(1),
            (match.group(3) or "") if match.group(1) == "class" else text[match.end() : end],
        )
    libraries = frozenset(_LIBRARY_NAMES.findall(text))
    imported = {bound: (module, name) for module, names in imports for name, bound in names.items()}
    in_imports = frozenset(word for match in _IMPORT_NAMES.finditer(text) for word in _WORD.findall(match.group(1)))
    return TextFacts(libraries, frozenset(library_names), defined, imported, in_imports)


INDEX = Index()


def digest(data: bytes) -> str:
    """What a result that read a module records of it, and what the cache and cross-module fixes compare."""
    return hashlib.sha1(data).hexdigest()


def view_for(filename: str) -> View | None:
    """The project as ``filename`` sees it; None for text that is no file (`<string>`, stdin)."""
    if filename.startswith("<") or filename == "-" or not os.path.isfile(filename):
        return None
    path = os.path.abspath(filename)
    root, module = _module_of(path)
    return View(INDEX, module, _package(module, path), _roots(os.path.dirname(path), root))


class View:
    """The index seen from one file: its own module's package (for relative imports) and where the project's
    top-level modules are; ``used`` records each module read, for the cache."""

    def __init__(self, index: Index, module: str, package: str, roots: tuple[str, ...]) -> None:
        self.index = index
        self.module = module
        self.package = package
        self.roots = roots
        self.used: dict[str, str | None] = {}  # path -> digest of each project module a result may depend on
        # (None: a module looked for and not found)
        self._translated: dict[str, str] = {}
        self._found: dict[str, tuple[Summary, str, str] | None] = {}
        self._namespaces: dict[str, tuple[str, ...]] = {}  # top-level name -> where it is looked for
        self._summaries: dict[str, Summary | None] = {}  # path -> its summary, checked once for this file
        self._files: dict[tuple[str, ...], str | None] = {}

    # ---- origins ---------------------------------------------------------------------------------
    def translate(self, origin: str, depth: int = 0) -> str:
        """``origin`` with the project's re-exports and what its functions return followed: the origin the name
        has outside the project (`transformers.Trainer`), or the project's own absolute one; unchanged where
        it is not the project's."""
        known = self._translated.get(origin)
        if known is None:
            known = self._translated[origin] = self._translate(origin, depth)
        return known

    def _translate(self, origin: str, depth: int) -> str:
        located = self._locate(origin)
        if located is None or depth > _MAX_DEPTH:
            return origin
        path, module, symbol, rest = located
        read = self.index.read(path)
        facts = self.index.text_facts(path)
        if read is None or facts is None:
            return origin
        self.used[path] = read[1]
        if not (symbol in facts.in_imports or rest.startswith("()") and facts.libraries):
            return f"{module}.{symbol}{rest}"  # no re-export of it, nor a function that may return a library's
        found = self._find(origin)
        if found is None:
            return origin
        summary, symbol, rest = found
        fact = summary.names.get(symbol)
        kind = fact[0] if fact is not None else None
        if kind == "import":
            return self.translate(fact[1] + rest, depth + 1)
        if kind == "function" and rest.startswith("()"):
            returned = _settled(summary, symbol, 1)
            if returned is not None:
                return self.translate(returned + rest[2:], depth + 1)
        return f"{summary.module}.{symbol}{rest}"

    def _find(self, origin: str) -> tuple[Summary, str, str] | None:
        """(the module's summary, the name in it, the rest: `.x`, `()`...) for an origin in the project."""
        if origin not in self._found:
            self._found[origin] = self._find_anew(origin)
        return self._found[origin]

    def _find_anew(self, origin: str) -> tuple[Summary, str, str] | None:
        located = self._locate(origin)
        if located is None:
            return None
        path, module, symbol, rest = located
        if path not in self._summaries:
            self._summaries[path] = self.index.summary(path, module)
        summary = self._summaries[path]
        if summary is None:
            return None
        self.used[path] = summary.digest
        return summary, symbol, rest

    def _locate(self, origin: str) -> tuple[str, str, str, str] | None:
        """(the module's file, its name, the name in it, the rest) for an origin in the project; nothing read."""
        absolute = self._absolute(origin)
        if absolute is None:
            return None
        parts = absolute.split("()", 1)[0].split(".")
        roots = self._roots_for(parts[0])
        if parts[0] in EXTERNAL or not _top_level_module(roots, parts[0]):
            return None  # `numpy`, `tqdm`: not a module or package of the project
        for cut in range(len(parts) - 1, 0, -1):  # the longest module prefix that is a file of the project
            path = self._file(roots, parts[:cut])
            if path is not None:
                if path.endswith("__init__.py") and cut < len(parts) - 1:
                    # `package.module.Name` whose module is not there (yet): the cache must notice when it comes
                    self.used.setdefault(os.path.join(os.path.dirname(path), parts[cut]) + ".py", None)
                return path, ".".join(parts[:cut]), parts[cut], absolute[len(".".join(parts[: cut + 1])) :]
        return None

    def _absolute(self, origin: str) -> str | None:
        return _relative(origin, self.package)

    def _roots_for(self, top: str) -> tuple[str, ...]:
        """Where the top-level name ``top`` is looked for: the project's roots, and, where they have no such
        module, the nearest folder up to a few above the file's package that holds a folder of that name (a
        namespace package, no `__init__.py`: the scripts of `internvl/train/` and `tools/` import
        `internvl.model.x` from the folder that holds `internvl/`, put on the path by their launch scripts)."""
        if top not in self._namespaces:
            found = self.roots
            folder = self.roots[0] if self.roots else ""
            for _ in range(0 if _top_level_module(self.roots, top) else _NAMESPACE_DEPTH):
                folder = os.path.dirname(folder)
                if _folder(os.path.join(folder, top)):
                    found = (folder, *self.roots)
                    break
            self._namespaces[top] = found
        return self._namespaces[top]

    def _file(self, roots: tuple[str, ...], parts: list[str]) -> str | None:
        key = tuple(parts)
        if key not in self._files:  # asked of the disk once per file checked: a module may come or go between
            self._files[key] = _module_file(roots, key)
        return self._files[key]

    # ---- the import pre-filter ------------------------------------------------------------------------
    def reached(self, text: str, needed: frozenset[str]) -> set[str]:
        """The packages of ``needed`` a file that imports none of them reaches through its project: it calls or
        reads an attribute of a name imported from a project module (`LLMTrainer(`, `factory.load_tokenizer(`),
        which is a class deriving from one of their classes or a function returning one of their objects. The
        file is read as text; a module is summarised only when its own text defines the name and names the
        package."""
        imported: dict[str, tuple[str, str]] = {}  # bound name -> (absolute module, name there)
        for module, names in _text_imports(text):
            absolute = self._absolute(module)
            if absolute is not None and absolute.split(".", 1)[0] not in EXTERNAL:
                imported.update((bound, (absolute, name)) for name, bound in names.items())
        imported = {bound: where for bound, where in imported.items() if self._reaches(*where, needed, 0)}
        if not imported:
            return set()
        uses: dict[str, set[str]] = {}
        pattern = r"\b(" + "|".join(map(re.escape, imported)) + r")\s*(\(|\.\s*\w+)"
        for bound, use in re.findall(pattern, text):
            uses.setdefault(bound, set()).add("" if use == "(" else "." + use.lstrip(".").strip())
        found: set[str] = set()
        for bound, attributes in uses.items():
            absolute, name = imported[bound]
            lineage = self.lineage(f"{absolute}.{name}")  # a class: called, or its `from_pretrained`
            outside = [lineage.origin] if lineage is not None else []
            outside += [self.returns(f"{absolute}.{name}{attribute}") for attribute in attributes if lineage is None]
            found.update(origin.split(".", 1)[0] for origin in outside if origin is not None)
        found &= needed
        return found

    def _reaches(self, module: str, name: str | None, needed: frozenset[str], depth: int) -> bool:
        """The project module ``module`` defines ``name`` (or, for None, is used itself) and its text names a
        package of ``needed``; a name it imports is followed to where it comes from. A class must have a base
        that may be such a package's (a name it imports from one, or a class of the project that may derive from
        one), a function a body that names one of them (a name imported from one, or one of the project's that
        may lead to one)."""
        parts = module.split(".")
        roots = self._roots_for(parts[0])
        if depth > 4 or not _top_level_module(roots, parts[0]):
            return False
        path = self._file(roots, parts)
        facts = self.index.text_facts(path) if path is not None else None
        if facts is None:
            return False
        self.used[path] = self.index.read(path)[1]
        if name is None:
            return not facts.libraries.isdisjoint(needed)
        if name in facts.defined:
            if facts.libraries.isdisjoint(needed) and not facts.imported:
                return False
            kind, text = facts.defined[name]
            words = set(_WORD.findall(text))
            if words & facts.library_names or kind == "def" and "from_pretrained" in words:
                return not facts.libraries.isdisjoint(needed)
            if kind == "class" and any(
                facts.defined.get(word, ("",))[0] == "class" and self._reaches(module, word, needed, depth + 1)
                for word in words - {name}
            ):
                return True
            return any(
                self._imported_reaches(module, path, facts, word, needed, depth)
                for word in words & facts.imported.keys()
            )
        if self._file(roots, [*parts, name]) is not None:
            return self._reaches(f"{module}.{name}", None, needed, depth + 1)  # `from app.models import factory`
        return self._imported_reaches(module, path, facts, name, needed, depth)

    def _imported_reaches(self, module, path, facts, name, needed, depth) -> bool:
        """``name``, imported by the project module ``module`` from another module of the project, reaches."""
        if name not in facts.imported:
            return False
        inner, original = facts.imported[name]
        absolute = _relative(inner, _package(module, path))
        return (
            absolute is not None
            and absolute.split(".", 1)[0] not in EXTERNAL
            and self._reaches(absolute, original, needed, depth + 1)
        )

    # ---- what a name is ----------------------------------------------------------------------------
    def returns(self, origin: str) -> str | None:
        """What calling the project function ``origin`` returns (its origin), or None."""
        translated = self.translate(origin + "()")
        return None if translated == origin + "()" or self._find(translated) is not None else translated

    def lineage(self, origin: str, depth: int = 0) -> Lineage | None:
        """For a project class, the one class outside the project it derives from, through its project bases."""
        found = self._find(self.translate(origin))
        if found is None or found[2] or depth > _MAX_DEPTH:
            return None
        summary, symbol, _ = found
        fact = summary.names.get(symbol)
        if fact is None or fact[0] != "class":
            return None
        cls: ClassFact = fact[1]
        outside, names, members, fields = set(), [symbol], set(cls.members), set(cls.fields)
        for base in cls.bases:
            if base is None:
                return None
            translated = self.translate(base)
            inner = self.lineage(translated, depth + 1) if self._find(translated) is not None else None
            if inner is not None:
                outside.add(inner.origin)
                names += inner.names
                members |= inner.members
                fields |= inner.fields
            elif self._find(translated) is not None:
                return None  # a project class that is not one of ours to read
            elif translated != "object":
                outside.add(translated)
        if len(outside) != 1:
            return None
        return Lineage(outside.pop(), tuple(names), frozenset(members), frozenset(fields))

    def load_keywords(self, origin: str) -> frozenset[str] | None:
        """For a project function that returns a model as its `from_pretrained` call left it (not moved, cast or
        placed after), the keywords that call passed; None when that is not certain."""
        found = self._find(self.translate(origin))
        if found is None or found[2]:
            return None
        fact = found[0].names.get(found[1])
        return _settled(found[0], found[1], 2) if fact is not None and fact[0] == "function" else None

    def is_class(self, origin: str) -> bool:
        fact = self._fact(origin)
        return fact is not None and fact[0] == "class"

    def constant(self, origin: str):
        """The constant a project module binds ``origin`` to once, or ``...``."""
        fact = self._fact(origin)
        return fact[1] if fact is not None and fact[0] == "constant" else ...

    def dict_items(self, origin: str) -> tuple[str, str, tuple] | None:
        """(the module's path, the digest of its bytes, its items: (key, the value's source, the key literal's
        span, the key as written)) of a dict literal a project module binds ``origin`` to once and never changes,
        or None."""
        found = self._find(self.translate(origin))
        if found is None or found[2]:
            return None
        summary, symbol, _ = found
        fact = summary.names.get(symbol)
        if fact is None or fact[0] != "dict":
            return None
        return self._locate(self.translate(origin))[0], summary.digest, fact[1]

    def _fact(self, origin: str) -> tuple | None:
        found = self._find(self.translate(origin))
        if found is None or found[2]:
            return None
        return found[0].names.get(found[1])


_STACK = frozenset({"transformers", *PACKAGES})
_ANY_OF_STACK = "|".join(sorted(_STACK))
_LIBRARY_NAMES = re.compile(rf"\b({_ANY_OF_STACK})\b")
_PLAIN_IMPORT = re.compile(rf"^[ \t]*import[ \t]+((?:{_ANY_OF_STACK})(?:\.\w+)*)(?:[ \t]+as[ \t]+(\w+))?", re.M)
_DEFINED = re.compile(r"^(class|def)[ \t]+(\w+)[ \t]*(?:\(([^)]*)\))?", re.M)
_IMPORT_NAMES = re.compile(r"^[ \t]*(?:from[ \t]+[.\w]+[ \t]+)?import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_TOP_LEVEL = re.compile(r"^[^\s#)\]}]", re.M)  # a line that starts a top-level statement
_WORD = re.compile(r"[A-Za-z_]\w*")


_IMPORT_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_AS = re.compile(r"^\s*(\w+)(?:\s+as\s+(\w+))?\s*$")


def _text_imports(text: str) -> list[tuple[str, dict[str, str]]]:
    """Each `from module import a, b as c` of a module's text: (the module as written, {name imported: name bound})."""
    found = []
    for match in _IMPORT_FROM.finditer(text):
        names = {}
        for part in match.group(2).strip("()").split(","):
            alias = _AS.match(part)
            if alias:
                names[alias.group(1)] = alias.group(2) or alias.group(1)
        found.append((match.group(1), names))
    return found


def _relative(origin: str, package: str) -> str | None:
    """``origin`` made absolute from ``package`` where it is relative (`.trainer`, `..utils`)."""
    if not origin.startswith("."):
        return origin
    dots = len(origin) - len(origin.lstrip("."))
    base = package.split(".") if package else []
    if dots - 1 > len(base):
        return None
    base = base[: len(base) - (dots - 1)]
    rest = origin[dots:]
    return ".".join([*base, rest]) if base else (rest or None)


# ---- where modules are -------------------------------------------------------------------------------


def _module_of(path: str) -> tuple[str, str]:
    """(the folder a file's top-level package sits in, its module name): packages are folders with
    `__init__.py`."""
    folder, name = os.path.split(path)
    parts = [] if name == "__init__.py" else [os.path.splitext(name)[0]]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
        if not package:
            break
    return folder, ".".join(parts)


def _package(module: str, path: str) -> str:
    return module if os.path.basename(path) == "__init__.py" else module.rpartition(".")[0]


@functools.lru_cache(maxsize=4096)
def _roots(folder: str, own: str) -> tuple[str, ...]:
    """Where absolute imports of the project are found: the file's own top folder, the project's root (the
    nearest folder above with `.git`, `pyproject.toml`, `setup.py` or `setup.cfg`) and its `src/`."""
    roots = [own]
    current = folder
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS):
            roots += [current, os.path.join(current, "src")]
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return tuple(dict.fromkeys(root for root in roots if os.path.isdir(root)))


@functools.lru_cache(maxsize=16384)
def _folder(path: str) -> bool:
    return os.path.isdir(path)


@functools.lru_cache(maxsize=16384)
def _top_level_module(roots: tuple[str, ...], name: str) -> bool:
    """A top-level module or package of that name sits in one of the project's roots (asked once a process: the
    modules inside it are asked of the disk for each file)."""
    return any(
        os.path.exists(os.path.join(root, name + ".py")) or os.path.isdir(os.path.join(root, name)) for root in roots
    )


def _module_file(roots: tuple[str, ...], parts: tuple[str, ...]) -> str | None:
    for root in roots:
        base = os.path.join(root, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(candidate):
                return candidate
    return None


# ---- summaries ---------------------------------------------------------------------------------------


def _summarise(tree: ast.Module, module: str, package: str, data: bytes, digest: str) -> Summary:
    summary = Summary(module, digest)
    env: dict[str, str] = {}  # name -> origin, for the module's imports, classes and functions
    counts: dict[str, int] = {}
    if b"global" in data:  # a name a function rebinds with `global` is no constant
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                for name in node.names:
                    counts[name] = counts.get(name, 0) + 2
    for node in _top_level(tree.body):
        for name in _bound(node):
            counts[name] = counts.get(name, 0) + 1
    source = _Source(data)
    for node in _top_level(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".", 1)[0]
                env[local] = alias.name if alias.asname else local
                summary.names[local] = ("import", env[local])
        elif isinstance(node, ast.ImportFrom):
            base = _from(node, package)
            for alias in node.names:
                if alias.name != "*" and base is not None:
                    local = alias.asname or alias.name
                    env[local] = f"{base}.{alias.name}"
                    summary.names[local] = ("import", env[local])
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            env[node.name] = f"{module}.{node.name}"
    for node in _top_level(tree.body):
        if isinstance(node, ast.ClassDef):
            summary.names[node.name] = ("class", _class(node, env))
        elif isinstance(node, ast.FunctionDef):  # what it returns is read when a file asks
            summary.names[node.name] = (
                "function", functools.partial(_returns, node, env), functools.partial(_loaded_as_is, node)
            )  # fmt: skip
        elif isinstance(node, ast.AsyncFunctionDef):
            summary.names[node.name] = ("function", None, None)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                summary.names[targets[0].id] = _value(node.value, source, targets[0].id)
    for name, count in counts.items():
        if count > 1 and summary.names.get(name, ("",))[0] in ("constant", "dict", "function", "class"):
            summary.names[name] = ("other", None)  # rebound: which value holds depends on the run
    return summary


def _top_level(body: list[ast.stmt]):
    """The module's statements, those of its `if` / `try` / `with` blocks too (not functions' or classes')."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for block in ("body", "orelse", "finalbody"):
                yield from _top_level(getattr(node, block, []) or [])
            for handler in getattr(node, "handlers", []) or []:
                yield from _top_level(handler.body)


def _bound(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".", 1)[0] for alias in node.names]
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    elif isinstance(node, (ast.For, ast.With)):
        targets = (
            [node.target] if isinstance(node, ast.For) else [i.optional_vars for i in node.items if i.optional_vars]
        )
    return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]


def _from(node: ast.ImportFrom, package: str) -> str | None:
    return _relative("." * node.level + (node.module or ""), package)


def _origin(node: ast.expr, env: dict[str, str], depth: int = 0) -> str | None:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _origin(node.value, env, depth + 1)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Call):
        func = _origin(node.func, env, depth + 1)
        return None if func is None else f"{func}()"
    return None


def _class(node: ast.ClassDef, env: dict[str, str]) -> ClassFact:
    bases = tuple(_origin(base, env) or ("object" if _is_object(base) else None) for base in node.bases)
    members, fields = set(), set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            members.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            members.add(item.target.id)
            fields.add(item.target.id)
        elif isinstance(item, ast.Assign):
            members.update(n.id for target in item.targets for n in ast.walk(target) if isinstance(n, ast.Name))
    if _forwarding_init(node):
        members.discard("__init__")
    dataclass = any(
        _dotted(d.func if isinstance(d, ast.Call) else d).endswith("dataclass") for d in node.decorator_list
    )
    return ClassFact(bases, frozenset(members), frozenset(fields) if dataclass else frozenset())


def _forwarding_init(node: ast.ClassDef) -> bool:
    """The class's `__init__` is `def __init__(self, *args, **kwargs)` whose body hands both, untouched, to
    `super().__init__(*args, **kwargs)`: the class takes what its base takes."""
    inits = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"]
    if len(inits) != 1:
        return False
    (init,) = inits
    args = init.args
    if init.decorator_list or args.posonlyargs or args.kwonlyargs or len(args.args) != 1:
        return False
    if args.vararg is None or args.kwarg is None:
        return False
    star, double = args.vararg.arg, args.kwarg.arg
    used = [n.id for item in init.body for n in ast.walk(item) if isinstance(n, ast.Name)]
    if used.count(star) != 1 or used.count(double) != 1:
        return False
    for item in init.body:
        call = item.value if isinstance(item, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__init__"
            and isinstance(call.func.value, ast.Call)
            and _dotted(call.func.value.func) == "super"
            and len(call.args) == 1
            and isinstance(call.args[0], ast.Starred)
            and isinstance(call.args[0].value, ast.Name)
            and call.args[0].value.id == star
            and len(call.keywords) == 1
            and call.keywords[0].arg is None
            and isinstance(call.keywords[0].value, ast.Name)
            and call.keywords[0].value.id == double
        ):
            return True
    return False


def _is_object(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "object"


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _returns(node: ast.FunctionDef, env: dict[str, str]) -> str | None:
    """The origin of what the function returns, where every `return` gives the same one."""
    if not {_dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list} <= TRANSPARENT:
        return None
    local = dict(env)
    params = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
    params |= {a.arg for a in (node.args.vararg, node.args.kwarg) if a is not None}
    for name in params:
        local.pop(name, None)
    assigned: dict[str, list[ast.expr | None]] = {}
    returns: list[ast.expr | None] = []
    for inner in _own_nodes(node):
        if isinstance(inner, (ast.Yield, ast.YieldFrom)):
            return None
        if isinstance(inner, ast.Return):
            returns.append(inner.value)
        elif isinstance(inner, ast.Assign):
            for target in inner.targets:
                for name in (n.id for n in ast.walk(target) if isinstance(n, ast.Name)):
                    assigned.setdefault(name, []).append(inner.value if isinstance(target, ast.Name) else None)
        elif isinstance(inner, (ast.AugAssign, ast.AnnAssign, ast.For, ast.With, ast.NamedExpr)):
            for name in (n.id for n in ast.walk(inner) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)):
                assigned.setdefault(name, []).append(None)
    for name, values in assigned.items():
        local.pop(name, None)
        if len(values) == 1 and values[0] is not None and name not in params:
            origin = _origin(values[0], local)
            if origin is not None:
                local[name] = origin
    origins = {None if value is None else _origin(value, local) for value in returns}
    return origins.pop() if len(origins) == 1 else None


def _settled(summary: Summary, symbol: str, index: int):
    """A function fact's part ``index``, read on first use and kept."""
    fact = list(summary.names[symbol])
    if callable(fact[index]):
        fact[index] = fact[index]()
        summary.names[symbol] = tuple(fact)
    return fact[index]


_MOVES = frozenset({"to", "half", "cuda", "cpu", "float", "bfloat16", "double", "type"})


def _loaded_as_is(node: ast.FunctionDef) -> frozenset[str] | None:
    """The keywords of the `<class>.from_pretrained(...)` call whose result the function returns, where that is
    its one return, directly or through a name bound once, with no `**` spread and nothing moving or casting the
    model before it returns."""
    returns = [inner for inner in _own_nodes(node) if isinstance(inner, ast.Return)]
    if len(returns) != 1 or returns[0].value is None:
        return None
    value, name = returns[0].value, None
    if isinstance(value, ast.Name):
        name = value.id
        bound = [
            inner for inner in _own_nodes(node)
            if isinstance(inner, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.With, ast.NamedExpr))
            and any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(inner))
        ]  # fmt: skip
        if len(bound) != 1 or not isinstance(bound[0], ast.Assign) or len(bound[0].targets) != 1:
            return None
        value = bound[0].value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    if value.func.attr != "from_pretrained" or any(k.arg is None for k in value.keywords):
        return None
    for inner in _own_nodes(node):  # `model.to(...)`, `model.half()`, `place(model)`: not as loaded
        if name is None or not isinstance(inner, ast.Call):
            continue
        func = inner.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == name:
            if func.attr in _MOVES:
                return None
        elif any(
            isinstance(arg, ast.Name) and arg.id == name for arg in (*inner.args, *(k.value for k in inner.keywords))
        ):
            return None
    return frozenset(k.arg for k in value.keywords)


def _own_nodes(function: ast.FunctionDef):
    """The nodes of a function's body, not those of the functions, classes and lambdas nested in it."""
    pending = list(function.body)
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                pending.append(child)


class _Source:
    """A module's bytes, and the source of a node in them (`ast.get_source_segment` splits the text each call)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0]
        for line in data.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def position(self, lineno: int, offset: int) -> tuple[int, int]:
        """(row, column in characters) of an `ast` position (its offsets are in UTF-8 bytes)."""
        line = self.data[self.starts[lineno - 1] : self.starts[lineno]]
        return lineno, len(line[:offset].decode("utf-8", "replace"))

    def segment(self, node: ast.expr) -> str:
        begin = self.starts[node.lineno - 1] + node.col_offset  # offsets are in UTF-8 bytes
        end = self.starts[node.end_lineno - 1] + node.end_col_offset
        return self.data[begin:end].decode("utf-8", "replace")

    @functools.cached_property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def _value(node: ast.expr, source: _Source, name: str) -> tuple:
    """What a top-level assignment binds: a constant, a dict literal with string keys, or something else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
        return ("constant", node.value)
    items = None
    if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
        items = tuple(
            (k.value, source.segment(v), _span(source, k), source.segment(k))
            for k, v in zip(node.keys, node.values, strict=True)
        )
    elif isinstance(node, ast.Call) and _dotted(node.func) == "dict" and not node.args:
        if all(k.arg is not None for k in node.keywords):
            items = tuple((k.arg, source.segment(k.value), None, k.arg) for k in node.keywords)
    if items is not None and all(item[1] for item in items) and not _changed(source.text, name):
        return ("dict", items)
    return ("other", None)


def _span(source: _Source, node: ast.expr) -> tuple[int, int, int, int]:
    return (*source.position(node.lineno, node.col_offset), *source.position(node.end_lineno, node.end_col_offset))


def _changed(text: str, name: str) -> bool:
    """The module changes the dict ``name`` somewhere (a key set, `update`, `pop`, `del`...)."""
    word = re.escape(name)
    changes = (
        rf"\b{word}\s*(\[[^\]\n]*\]\s*[-+*/|&]?=(?!=)|\.\s*(update|pop|setdefault|clear|popitem)\b)|\bdel\s+{word}\b"
    )
    return re.search(changes, text) is not None
