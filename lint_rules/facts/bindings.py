"""Where a name comes from: the file's own imports and bindings, scope by scope.

libcst's QualifiedNameProvider runs a full scope analysis over every expression (about 7x the parse).
Rules need much less: the import origin of a name or an attribute chain, and a little value flow
(``model = AutoModel.from_pretrained(...)`` then ``model.push_to_hub(...)``). One pre-pass over the
*statements* only (expressions are not walked) records every binding with its statement's sequence
number; a use then resolves to the latest binding before it in its own scope, or, from a nested
function, to the enclosing scope's bindings when they all agree.

A resolved name is a dotted path: ``transformers.AutoModel.from_pretrained`` for the method,
``transformers.AutoModel.from_pretrained()`` for what a call to it returns, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

_MAX_DEPTH = 16  # alias chains longer than this are left unresolved (and cycles end here)


@dataclass
class Binding:
    seq: int  # sequence number of the statement that binds the name
    origin: str | None = None  # import origin, for imports
    value: cst.BaseExpression | None = None  # the assigned expression, resolved lazily
    in_except: bool = False  # bound in an `except` handler: a fallback, never shadows an earlier binding
    statement: cst.CSTNode | None = None  # the Import / ImportFrom that made it, for fixes that edit imports
    cls: LocalClass | None = None  # for a class statement: its bases and what its body defines
    param: cst.Param | None = None  # for a function's parameter: the parameter


@dataclass(frozen=True)
class LocalClass:
    """What a class statement says about itself."""

    bases: tuple[cst.BaseExpression, ...]
    members: frozenset[str]  # the names its body binds: methods, attributes, fields
    fields: frozenset[str]  # its annotated attributes: a dataclass's fields
    is_dataclass: bool


@dataclass(frozen=True)
class Lineage:
    """Local classes and the one imported class they derive from."""

    origin: str  # the import origin of that class (`transformers.Trainer`)
    names: tuple[str, ...]  # the local classes, the one asked about first
    members: frozenset[str]  # what their bodies define
    fields: frozenset[str]  # the dataclass fields they declare


@dataclass
class Scope:
    kind: str  # "module" | "function" | "class"
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)

    def bind(self, name: str, binding: Binding) -> None:
        scope = self
        if name in self.global_names:
            while scope.parent is not None:
                scope = scope.parent
        scope.bindings.setdefault(name, []).append(binding)


class BindingTable:
    """Scopes of one module, built once; queried while the rules traverse the tree."""

    def __init__(self, module: cst.Module) -> None:
        self.module_scope = Scope("module", None)
        self.scope_of: dict[int, Scope] = {}  # id(FunctionDef | ClassDef) -> its scope
        self.seq_of: dict[int, int] = {}  # id(statement) -> sequence number
        self.block_len: dict[int, int] = {}  # id(statement) -> number of statements in its block
        # `args.x` / `model_args.x`: defaults of argparse options and dataclass fields, by attribute
        self.option_defaults: dict[str, list[tuple[cst.BaseExpression, Scope, int]]] = {}
        self.imported: set[str] = set()  # the top-level packages the module imports from, anywhere
        self._agreed_answers: dict[tuple[str, int], tuple[Binding, Scope] | None] = {}
        self._seq = 0
        self._walk(module.body, self.module_scope, False)

    # ---- building -------------------------------------------------------------------------
    def _walk(self, body, scope: Scope, in_except: bool) -> None:
        for stmt in body:
            self._seq += 1
            seq = self._seq
            self.seq_of[id(stmt)] = seq
            self.block_len[id(stmt)] = len(body)
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small(small, scope, seq, in_except)
            else:
                self._compound(stmt, scope, seq, in_except)

    def _block(self, block, scope: Scope, seq: int, in_except: bool) -> None:
        if isinstance(block, cst.SimpleStatementSuite):  # `if x: import y` shares its header's number
            for small in block.body:
                self._small(small, scope, seq, in_except)
        else:
            self._walk(block.body, scope, in_except)

    def _compound(self, stmt, scope: Scope, seq: int, in_except: bool) -> None:
        if isinstance(stmt, cst.FunctionDef):
            scope.bind(stmt.name.value, Binding(seq, in_except=in_except))
            inner = Scope("function", scope)
            self.scope_of[id(stmt)] = inner
            params = stmt.params
            for param in (*params.posonly_params, *params.params, *params.kwonly_params):
                inner.bind(param.name.value, Binding(seq, param=param))
            for param in (params.star_arg, params.star_kwarg):
                if isinstance(param, cst.Param):
                    inner.bind(param.name.value, Binding(seq))
            self._block(stmt.body, inner, seq, False)
        elif isinstance(stmt, cst.ClassDef):
            binding = Binding(seq, in_except=in_except)
            scope.bind(stmt.name.value, binding)
            inner = Scope("class", scope)
            self.scope_of[id(stmt)] = inner
            self._block(stmt.body, inner, seq, False)
            is_dataclass = any(_is_dataclass_decorator(d.decorator) for d in stmt.decorators)
            if is_dataclass:
                self._dataclass_fields(stmt, inner)
            binding.cls = LocalClass(
                tuple(arg.value for arg in stmt.bases if arg.keyword is None and not arg.star),
                frozenset(inner.bindings),
                frozenset(_annotated_names(stmt)),
                is_dataclass,
            )
        elif isinstance(stmt, (cst.If, cst.While)):
            self._block(stmt.body, scope, seq, in_except)
            orelse = stmt.orelse
            while orelse is not None:
                if isinstance(orelse, cst.If):  # elif: a nested If, numbered as its own statement
                    self._seq += 1
                    self.seq_of[id(orelse)] = self._seq
                    self._block(orelse.body, scope, self._seq, in_except)
                    orelse = orelse.orelse
                else:
                    self._block(orelse.body, scope, seq, in_except)
                    orelse = None
        elif isinstance(stmt, cst.For):
            self._bind_target(stmt.target, scope, seq, in_except)
            self._block(stmt.body, scope, seq, in_except)
            if stmt.orelse is not None:
                self._block(stmt.orelse.body, scope, seq, in_except)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    self._bind_target(item.asname.name, scope, seq, in_except)
            self._block(stmt.body, scope, seq, in_except)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            self._block(stmt.body, scope, seq, in_except)
            for handler in stmt.handlers:
                if handler.name is not None:
                    self._bind_target(handler.name.name, scope, seq, True)
                self._block(handler.body, scope, seq, True)
            for extra in (stmt.orelse, stmt.finalbody):
                if extra is not None:
                    self._block(extra.body, scope, seq, in_except)
        elif isinstance(stmt, cst.Match):
            for case in stmt.cases:
                self._block(case.body, scope, seq, in_except)

    def _small(self, small, scope: Scope, seq: int, in_except: bool) -> None:
        if isinstance(small, cst.Import):
            for alias in small.names:
                path = dotted(alias.name)
                if alias.asname is not None:
                    local, origin = _target_name(alias.asname.name), path
                else:  # `import a.b.c` binds `a`
                    local = origin = path.split(".", 1)[0]
                scope.bind(local, Binding(seq, origin=origin, in_except=in_except, statement=small))
                self.imported.add(path.split(".", 1)[0])
        elif isinstance(small, cst.ImportFrom):
            base = "." * len(small.relative) + (dotted(small.module) if small.module is not None else "")
            self.imported.add(base.split(".", 1)[0])
            if isinstance(small.names, cst.ImportStar):
                return
            prefix = base if base.endswith(".") else base + "."
            for alias in small.names:
                name = dotted(alias.name)
                local = _target_name(alias.asname.name) if alias.asname is not None else name
                scope.bind(local, Binding(seq, origin=prefix + name, in_except=in_except, statement=small))
        elif isinstance(small, cst.Assign):
            for target in small.targets:
                self._bind_target(target.target, scope, seq, in_except, small.value)
        elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
            value = small.value if isinstance(small, cst.AnnAssign) else None
            self._bind_target(small.target, scope, seq, in_except, value)
        elif isinstance(small, cst.Global):
            scope.global_names.update(item.name.value for item in small.names)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._argparse_option(small.value, scope, seq)

    def _argparse_option(self, call: cst.Call, scope: Scope, seq: int) -> None:
        """`parser.add_argument("--model-name", default="t5-small")` -> `args.model_name`."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "add_argument"):
            return
        dest, default = None, None
        flags = [
            a.value.evaluated_value for a in call.args if a.keyword is None and isinstance(a.value, cst.SimpleString)
        ]
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "dest" and isinstance(arg.value, cst.SimpleString):
                dest = arg.value.evaluated_value
            elif arg.keyword is not None and arg.keyword.value == "default":
                default = arg.value
        if dest is None and flags:
            longs = [flag for flag in flags if isinstance(flag, str) and flag.startswith("--")]
            chosen = longs[0] if longs else flags[0]
            dest = chosen.lstrip("-").replace("-", "_") if isinstance(chosen, str) else None
        if dest and default is not None:
            self.option_defaults.setdefault(dest, []).append((default, scope, seq))

    def _dataclass_fields(self, stmt: cst.ClassDef, inner: Scope) -> None:
        """`model_name_or_path: str = field(default="t5-small")` in a dataclass -> `model_args.model_name_or_path`."""
        body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ()
        for line in body:
            for small in getattr(line, "body", ()) if isinstance(line, cst.SimpleStatementLine) else ():
                if not (isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value):
                    continue
                value = small.value
                if isinstance(value, cst.Call) and dotted(value.func) in ("field", "dataclasses.field"):
                    value = next((a.value for a in value.args if a.keyword and a.keyword.value == "default"), None)
                if value is not None:
                    self.option_defaults.setdefault(small.target.value, []).append(
                        (value, inner, self.seq_of[id(line)])
                    )

    def _bind_target(self, target, scope: Scope, seq: int, in_except: bool, value=None) -> None:
        if isinstance(target, cst.Name):
            scope.bind(target.value, Binding(seq, value=value, in_except=in_except))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_target(element.value, scope, seq, in_except)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, scope, seq, in_except)
        # attributes and subscripts bind no name

    # ---- querying -------------------------------------------------------------------------
    def qualified_name(self, expr: cst.CSTNode, scope: Scope, seq: int, depth: int = 0) -> str | None:
        """The dotted origin of ``expr`` as used at statement ``seq`` in ``scope``, or None."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            found = self.lookup(expr.value, scope, seq)
            if found is None:
                return None
            binding, where = found
            if binding.origin is not None:
                return binding.origin
            if binding.value is None:
                return None
            return self.qualified_name(binding.value, where, binding.seq, depth + 1)
        if isinstance(expr, cst.Attribute):
            base = self.qualified_name(expr.value, scope, seq, depth + 1)
            return None if base is None else f"{base}.{expr.attr.value}"
        if isinstance(expr, cst.Call):
            func = self.qualified_name(expr.func, scope, seq, depth + 1)
            return None if func is None else f"{func}()"
        return None

    def derived(self, expr: cst.BaseExpression, scope: Scope, seq: int) -> Lineage | None:
        """For a local class, the one imported class it derives from, through its local bases; None
        when ``expr`` is no local class or when its bases leave that open (two imported bases, a base
        computed at run time)."""
        origins: set[str] = set()
        names: list[str] = []
        members: set[str] = set()
        fields: set[str] = set()
        pending = [(expr, scope, seq)]
        while pending:
            node, where, at = pending.pop(0)
            if not isinstance(node, cst.Name) or len(names) > _MAX_DEPTH:
                return None
            found = self.lookup(node.value, where, at)
            binding = found[0] if found is not None else None
            if binding is None or binding.cls is None or node.value in names:
                return None
            names.append(node.value)
            members |= binding.cls.members
            if binding.cls.is_dataclass:
                fields |= binding.cls.fields
            for base in binding.cls.bases:
                origin = self.qualified_name(base, found[1], binding.seq)
                if origin is not None:
                    origins.add(origin)
                elif isinstance(base, cst.Name) and self.lookup(base.value, found[1], binding.seq) is not None:
                    pending.append((base, found[1], binding.seq))  # a local class (or something unknown)
                elif not (isinstance(base, cst.Name) and base.value == "object"):
                    return None
        if len(origins) != 1:
            return None
        return Lineage(origins.pop(), tuple(names), frozenset(members), frozenset(fields))

    def lookup(self, name: str, scope: Scope, seq: int) -> tuple[Binding, Scope] | None:
        """The binding that a use of ``name`` at statement ``seq`` sees, with the scope holding it."""
        bindings = scope.bindings.get(name)
        if bindings is not None:
            return _latest_before(bindings, seq, scope)
        outer = scope.parent
        while outer is not None:
            if outer.kind != "class":  # class bodies are not visible from nested functions
                bindings = outer.bindings.get(name)
                if bindings is not None:
                    return self._agreed(name, bindings, outer)
            outer = outer.parent
        return None

    def _agreed(self, name: str, bindings: list[Binding], scope: Scope) -> tuple[Binding, Scope] | None:
        """From a nested function any binding of the enclosing scope may be live: all must agree. The answer
        depends on the scope's bindings alone, fixed once the table is built, so it is kept."""
        key = (name, id(scope))
        if key not in self._agreed_answers:
            self._agreed_answers[key] = self._agree(name, bindings, scope)
        return self._agreed_answers[key]

    def _agree(self, name: str, bindings: list[Binding], scope: Scope) -> tuple[Binding, Scope] | None:
        chosen = [b for b in bindings if not b.in_except] or bindings
        if len(chosen) == 1:
            return chosen[0], scope
        origins = {self.qualified_name(cst.Name(name), scope, b.seq + 1) for b in chosen}
        if len(origins) == 1 and None not in origins:
            return chosen[-1], scope
        return None


def _is_dataclass_decorator(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Call):
        node = node.func
    return dotted(node).rsplit(".", 1)[-1] == "dataclass"


def _annotated_names(stmt: cst.ClassDef) -> list[str]:
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ()
    return [
        small.target.value
        for line in body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name)
    ]


def _latest_before(bindings: list[Binding], seq: int, scope: Scope) -> tuple[Binding, Scope] | None:
    fallback = None
    for binding in reversed(bindings):
        if binding.seq >= seq:
            continue
        if not binding.in_except:
            return binding, scope
        fallback = fallback or binding
    return (fallback, scope) if fallback is not None else None


def dotted(node: cst.BaseExpression) -> str:
    """`a.b.c` for a name or an attribute chain; "" for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted(node.value)}.{node.attr.value}"
    return ""


def _target_name(node: cst.BaseExpression) -> str:
    return node.value if isinstance(node, cst.Name) else dotted(node)


def transformers_path(qualified: str | None) -> str | None:
    """``transformers.models.auto.AutoModel.from_pretrained`` -> ``AutoModel.from_pretrained``.

    Leading lower-case module segments are dropped, so every public import path of a symbol gives
    the same answer; None when the name does not come from transformers.
    """
    if qualified is None or not qualified.startswith("transformers."):
        return None
    parts = qualified.split(".")[1:]
    while len(parts) > 1 and parts[0].isidentifier() and parts[0][:1].islower():
        parts.pop(0)
    return ".".join(parts)


def is_class_load(path: str | None) -> bool:
    """``path`` (a transformers symbol path) is `<class>.from_pretrained`, as loading a model, a tokenizer
    or a config is spelled."""
    return path is not None and path.count(".") == 1 and path.endswith(".from_pretrained")
