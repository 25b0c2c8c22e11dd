"""Write what trl and peft build on transformers: `python -m tools.knowledge.generate_wrappers WHEEL...`.

Each wheel is read as source (zipfile and ast; nothing is installed or imported). For every class of the
library that derives from a transformers class (directly or through the library's own classes), or whose
methods hand their ``**kwargs`` to a transformers class, it records:

- ``base``: the transformers class it derives from (its symbol path, ``TrainingArguments``), or null;
- ``params``: the keyword parameters its own ``__init__`` takes (a dataclass: the fields the library's
  classes declare; the transformers base's own fields come on top);
- ``closed``: its own ``__init__`` decides alone (no ``**kwargs`` on the way to the base's);
- ``methods``: the methods the library's classes define (the others are the transformers base's);
- ``forwards``: a method whose ``**kwargs`` reach a transformers callable (``AutoModelForCausalLM.from_pretrained``),
  with the keywords that are the library's own (its parameters, and those of its callables the same
  ``**kwargs`` reach);
- ``returns``: a method whose return annotation names classes recorded here.

and, for the library's public functions annotated to return recorded classes, those classes. The lint path
reads the JSON it writes, ``lint_rules/knowledge/data/wrappers.json`` (`lint_rules.knowledge.wrappers`).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import zipfile
from dataclasses import dataclass, field

from lint_rules.facts.bindings import transformers_path
from lint_rules.knowledge.reviewable import dumps
from tools.knowledge import DATA as KNOWLEDGE_DATA
from tools.knowledge.source_ast import dotted, imported_module

DATA = os.path.join(KNOWLEDGE_DATA, "wrappers.json")


@dataclass
class _Class:
    module: str
    name: str
    bases: list[str]  # dotted origins, as the module's imports spell them
    dataclass: bool
    fields: list[str]
    init: tuple[list[str], bool] | None  # (keyword parameters, takes **kwargs) of an explicit __init__
    methods: dict[str, ast.FunctionDef] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)  # class attribute -> dotted origin of a name
    imports: dict[str, str] = field(default_factory=dict)  # the module's imports: local name -> origin


def _wheel_identity(path: str) -> tuple[str, str]:
    name, version = os.path.basename(path).split("-")[:2]
    return name.replace("_", "-").lower(), version


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    found[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = imported_module(node, module, is_package)
            for alias in node.names:
                found[alias.asname or alias.name] = f"{base}.{alias.name}"
    return found


def _resolve(expr: ast.AST, imports: dict[str, str], module: str) -> str:
    name = dotted(expr)
    if not name:
        return ""
    head, _, rest = name.partition(".")
    origin = imports.get(head, f"{module}.{head}")
    return f"{origin}.{rest}" if rest else origin


def _parameters(func: ast.FunctionDef) -> tuple[list[str], bool]:
    args = func.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)][1:]  # without self / cls
    return names, args.kwarg is not None


def _modules(wheel: str, package: str):
    """(module, its tree, its imports) for every module of the package."""
    with zipfile.ZipFile(wheel) as archive:
        for path in sorted(archive.namelist()):
            if path.startswith(package + "/") and path.endswith(".py"):
                parts = path[: -len(".py")].split("/")
                is_package = parts[-1] == "__init__"
                module = ".".join(parts[:-1] if is_package else parts)
                tree = ast.parse(archive.read(path))
                yield module, tree, _imports(tree, module, is_package)


def _exported(tree: ast.Module, imports: dict[str, str], package: str) -> dict[str, str]:
    """Name -> the module the package's own `__init__` takes it from: its imports, or the
    `_import_structure = {"trainer": [...]}` of a lazy module."""
    found = {name: origin.rsplit(".", 1)[0] for name, origin in imports.items() if origin.startswith(package + ".")}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "_import_structure" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, (ast.List, ast.Tuple)):
                    for element in value.elts:
                        if isinstance(element, ast.Constant):
                            found[element.value] = f"{package}.{key.value}"
    return found


def _class(node: ast.ClassDef, module: str, imports: dict[str, str]) -> _Class:
    decorators = {dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] for d in node.decorator_list}
    info = _Class(
        module,
        node.name,
        [_resolve(base, imports, module) for base in node.bases],
        "dataclass" in decorators,
        [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)],
        None,
        imports=imports,
    )
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            info.methods[statement.name] = statement
            if statement.name == "__init__":
                info.init = _parameters(statement)
        elif isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.Name, ast.Attribute)):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    info.attributes[target.id] = _resolve(statement.value, imports, module)
    return info


class _Library:
    def __init__(self, classes: list[_Class], exported: dict[str, str]) -> None:
        self.exported = exported
        self.by_origin = {f"{c.module}.{c.name}": c for c in classes}
        by_name: dict[str, list[_Class]] = {}
        for c in classes:
            by_name.setdefault(c.name, []).append(c)
        self.by_name = by_name

    def find(self, origin: str) -> _Class | None:
        """A library class by origin; a re-export (lazy modules hide them) by its name when that is unique."""
        if origin in self.by_origin:
            return self.by_origin[origin]
        found = self.unique(origin.rsplit(".", 1)[-1])
        return found if found is not None and origin.split(".")[0] == found.module.split(".")[0] else None

    def lineage(self, cls: _Class) -> tuple[list[_Class], str | None]:
        """The library classes from ``cls`` up, in method resolution order (depth first), and the first
        transformers class among their bases."""
        chain, base, seen = [], None, set()

        def visit(c: _Class) -> None:
            nonlocal base
            if id(c) in seen:
                return
            seen.add(id(c))
            chain.append(c)
            for origin in c.bases:
                if origin.startswith("transformers."):
                    base = base or transformers_path(origin)
                else:
                    parent = self.find(origin)
                    if parent is not None:
                        visit(parent)

        visit(cls)
        return chain, base

    def unique(self, name: str) -> _Class | None:
        """The class of that name; of several, the one the package exports (None when that is not known)."""
        same = self.by_name.get(name, [])
        if len(same) > 1:
            where = self.exported.get(name)
            same = [c for c in same if where and (c.module == where or c.module.startswith(where + "."))]
        return same[0] if len(same) == 1 else None

    def describe(self, cls: _Class) -> dict | None:
        chain, base = self.lineage(cls)
        params, closed = self._init(chain)
        forwards = self._forwards(chain)
        if base is None and not forwards:
            return None
        methods = sorted({name for c in chain for name in c.methods})
        returns = {}
        for c in reversed(chain):
            for name, func in c.methods.items():
                classes = self.annotated(func.returns, c)
                if classes:
                    returns[name] = classes
        return {
            "base": base,
            "params": sorted(set(params)),
            "closed": closed,
            "methods": methods,
            "forwards": forwards,
            "returns": dict(sorted(returns.items())),
        }

    @staticmethod
    def _init(chain: list[_Class]) -> tuple[list[str], bool]:
        params: list[str] = []
        for index, c in enumerate(chain):
            if c.dataclass:  # the generated __init__ takes every field, the transformers base's too
                return params + [f for d in chain[index:] if d.dataclass for f in d.fields], False
            if c.init is not None:
                names, open_ = c.init
                params += names
                if not open_:
                    return params, True
        return params, False

    def _forwards(self, chain: list[_Class]) -> dict[str, dict]:
        """Methods whose **kwargs reach one transformers callable (`<class>.<method>(..., **kwargs)`), with
        the keywords that are the library's: the method's own named parameters and those of the
        library's callables that get the same **kwargs. A call with them that cannot be resolved leaves
        the method out."""
        found = {}
        for owner in reversed(chain):
            for name, func in owner.methods.items():
                found.pop(name, None)
                if func.args.kwarg is None:
                    continue
                targets, own = set(), set(_parameters(func)[0])  # its named parameters never reach transformers
                for call in _calls_with(func, func.args.kwarg.arg):
                    origin, method = self._target(call.func, func, chain, owner)
                    path = transformers_path(origin)
                    library = self.find(origin) if origin and path is None else None
                    if path is not None:
                        targets.add(f"{path}.{method}")
                    elif library is not None and self._method(library, method) is not None:
                        own.update(_parameters(self._method(library, method))[0])
                    else:
                        targets.add(None)
                if len(targets) == 1 and None not in targets:
                    found[name] = {"to": targets.pop(), "own": sorted(own)}
        return dict(sorted(found.items()))

    def _method(self, cls: _Class, name: str) -> ast.FunctionDef | None:
        return next((c.methods[name] for c in self.lineage(cls)[0] if name in c.methods), None)

    def _target(self, func, method: ast.FunctionDef, chain: list[_Class], owner: _Class) -> tuple[str | None, str]:
        """(the dotted origin of the class a call's method belongs to, the method), as far as it is known."""
        if not isinstance(func, ast.Attribute):
            return None, ""
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id not in ("cls", "self"):
            # the assignments that name a class or attribute must agree (a class computed at run time is
            # the fallback of a class that names none)
            assignments = list(_assignments(method, receiver.id))
            if assignments:
                assigned = {dotted(a.value) for a in assignments} - {""}
                receiver = ast.parse(assigned.pop(), mode="eval").body if len(assigned) == 1 else None
        origin = None
        if isinstance(receiver, ast.Attribute) and dotted(receiver.value) in ("cls", "self"):
            origin = next((c.attributes[receiver.attr] for c in chain if receiver.attr in c.attributes), None)
        elif isinstance(receiver, ast.Name) and receiver.id not in ("cls", "self"):
            origin = _resolve(receiver, owner.imports, owner.module)
        return origin, func.attr

    def annotated(self, annotation: ast.AST | None, where: _Class | None, imports=None, module="") -> list[str]:
        """The recorded classes a return annotation names (all of a union), or []."""
        if annotation is None:
            return []
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            annotation = ast.parse(annotation.value, mode="eval").body
        if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
            parts = [annotation.left, annotation.right]
        else:
            parts = [annotation]
        names = []
        for part in parts:
            origin = _resolve(part, where.imports if where else imports, where.module if where else module)
            cls = self.find(origin)
            if cls is None or self.describe_base(cls) is None:
                return []
            names.append(cls.name)
        return names

    def describe_base(self, cls: _Class) -> str | None:
        return self.lineage(cls)[1]


def _calls_with(func: ast.FunctionDef, kwargs: str):
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwargs for k in node.keywords
        ):
            yield node


def _assignments(func: ast.FunctionDef, name: str):
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            yield node


def describe(wheel: str) -> tuple[str, dict]:
    """(library, what it builds on transformers) for one wheel."""
    library, version = _wheel_identity(wheel)
    package = library.replace("-", "_")
    modules = list(_modules(wheel, package))
    classes = [_class(node, module, imports) for module, tree, imports in modules for node in tree.body
               if isinstance(node, ast.ClassDef)]  # fmt: skip
    top = next((tree, imports) for module, tree, imports in modules if module == package)
    lib = _Library(classes, _exported(*top, package))
    described = {}
    for name in sorted(lib.by_name):
        cls = None if name.startswith("_") else lib.unique(name)
        info = None if cls is None else lib.describe(cls)
        if info is not None:
            described[name] = info
    functions = {}
    for module, tree, imports in modules:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                returned = lib.annotated(node.returns, None, imports, module)
                if returned and all(name in described for name in returned):
                    functions[node.name] = returned
    return library, {"version": version, "classes": described, "functions": dict(sorted(functions.items()))}


def snapshot(wheels: list[str]) -> dict:
    return dict(sorted(describe(wheel) for wheel in wheels))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", nargs="+", help="trl and peft wheels (.whl)")
    parser.add_argument("--output", default=DATA, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(dumps(snapshot(args.wheels)))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
