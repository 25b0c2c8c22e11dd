"""Where a name comes from: the file's own imports and bindings, scope by scope.

libcst's QualifiedNameProvider runs a full scope analysis over every expression (about 7x the parse).
Rules need much less: the import origin of a name or an attribute chain, and a little value flow
(``model = AutoModel.from_pretrained(...)`` then ``model.push_to_hub(...)``). One pre-pass over the
*statements* only (expressions are not walked) records every binding with its statement's sequence
number; a use then resolves to the latest binding before it in its own scope, or, from a nested
function, to the enclosing scope's bindings when they all agree.

A resolved name is a dotted path: ``transformers.AutoModel.from_pretrained`` for the method,
``transformers.AutoModel.from_pretrained()`` for what a call to it returns, and so on. What a call to a
function of the module returns is what its ``return`` statements give, where they all agree
(``def load(name): return AutoTokenizer.from_pretrained(name)``); ``self.x`` in a method is what the class's
methods assign to it, where every assignment agrees (``self.tokenizer = AutoTokenizer.from_pretrained(...)`` in
``__init__``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lint_rules.project import TRANSPARENT

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
    returns: tuple[tuple[cst.BaseExpression, Scope, int], ...] | None = None  # a function's returned values


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
    self_name: str | None = None  # a method's first parameter, the instance (`self`)
    # a class's instance attributes: name -> (value, the method's scope, statement) for each assignment in its
    # methods; a value of None is one that cannot be read (`self.x += 1`, `self.a, self.b = pair`)
    attributes: dict[str, list[tuple[cst.BaseExpression | None, Scope, int]]] = field(default_factory=dict)
    # keys put into a dict after it is made: name -> (key node, value, statement) for `kw["key"] = value` and
    # `kw.update(key=value)` / `kw.update({"key": value})`; a key node of None is a change that cannot be read
    dict_keys: dict[str, list[tuple[cst.CSTNode | None, cst.BaseExpression | None, int]]] = field(default_factory=dict)
    dict_changes: dict[str, int] = field(default_factory=dict)  # name -> its `kw[...] = ` and `kw.update(` statements

    def bind(self, name: str, binding: Binding) -> None:
        scope = self
        if name in self.global_names:
            while scope.parent is not None:
                scope = scope.parent
        scope.bindings.setdefault(name, []).append(binding)


class BindingTable:
    """Scopes of one module, built once; queried while the rules traverse the tree."""

    def __init__(self, module: cst.Module, project=None) -> None:
        self.project = project  # `lint_rules.project.View`: what names imported from the project's modules are
        self.module_scope = Scope("module", None)
        self.scope_of: dict[int, Scope] = {}  # id(FunctionDef | ClassDef) -> its scope
        self.seq_of: dict[int, int] = {}  # id(statement) -> sequence number
        self.block_len: dict[int, int] = {}  # id(statement) -> number of statements in its block
        # `args.x` / `model_args.x`: defaults of argparse options and dataclass fields, by attribute
        self.option_defaults: dict[str, list[tuple[cst.BaseExpression, Scope, int]]] = {}
        self.imported: set[str] = set()  # the top-level packages the module imports from, anywhere
        self._agreed_answers: dict[tuple[str, int], tuple[Binding, Scope] | None] = {}
        self._seq = 0
        self._returns: list[list | None] = []  # the return values of each function being walked (None: unknown)
        self._following: set[int] = set()  # the return values and attributes being resolved: a cycle ends there
        self._agreed_values: dict[int, str | None] = {}  # id(values) -> the origin they agree on, once resolved
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
            binding = Binding(seq, in_except=in_except)
            scope.bind(stmt.name.value, binding)
            inner = Scope("function", scope)
            self.scope_of[id(stmt)] = inner
            params = stmt.params
            positional = (*params.posonly_params, *params.params)
            decorators = {
                dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) for d in stmt.decorators
            }
            if scope.kind == "class" and positional and not decorators & {"staticmethod", "classmethod"}:
                inner.self_name = positional[0].name.value
            for param in (*positional, *params.kwonly_params):
                inner.bind(param.name.value, Binding(seq, param=param))
            for param in (params.star_arg, params.star_kwarg):
                if isinstance(param, cst.Param):
                    inner.bind(param.name.value, Binding(seq))
            self._returns.append([] if decorators <= TRANSPARENT and not stmt.asynchronous else None)
            self._block(stmt.body, inner, seq, False)
            returns = self._returns.pop()
            binding.returns = tuple(returns) if returns else None
        elif isinstance(stmt, cst.ClassDef):
            binding = Binding(seq, in_except=in_except)
            scope.bind(stmt.name.value, binding)
            inner = Scope("class", scope)
            self.scope_of[id(stmt)] = inner
            self._block(stmt.body, inner, seq, False)
            is_dataclass = any(_is_dataclass_decorator(d.decorator) for d in stmt.decorators)
            if is_dataclass:
                self._dataclass_fields(stmt, inner)
            members = frozenset(inner.bindings)
            if _forwarding_init(stmt):
                members -= {"__init__"}
            binding.cls = LocalClass(
                tuple(arg.value for arg in stmt.bases if arg.keyword is None and not arg.star),
                members,
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
        elif isinstance(small, cst.Return) and self._returns and self._returns[-1] is not None:
            if small.value is None:
                self._returns[-1] = None  # a bare `return`: None on that path
            else:
                self._returns[-1].append((small.value, scope, seq))
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Yield) and self._returns:
            self._returns[-1] = None  # a generator: calling it returns no value of its own
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._argparse_option(small.value, scope, seq)
            self._dict_update(small.value, scope, seq)

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

    def _dict_update(self, call: cst.Call, scope: Scope, seq: int) -> None:
        """`kw.update(key=value)`, `kw.update({"key": value})`: keys the dict ``kw`` gets after it is made."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "update" and isinstance(func.value, cst.Name)):
            return
        name = func.value.value
        found = scope.dict_keys.setdefault(name, [])
        scope.dict_changes[name] = scope.dict_changes.get(name, 0) + 1
        for arg in call.args:
            if arg.keyword is not None:
                found.append((arg.keyword, arg.value, seq))
            elif not arg.star and isinstance(arg.value, cst.Dict):
                for element in arg.value.elements:
                    key = element.key if isinstance(element, cst.DictElement) else None
                    literal = isinstance(key, cst.SimpleString) and isinstance(key.evaluated_value, str)
                    found.append((key if literal else None, element.value, seq))
            else:
                found.append((None, None, seq))

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
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            index = target.slice[0].slice if len(target.slice) == 1 else None
            key = index.value if isinstance(index, cst.Index) else None
            literal = value is not None and isinstance(key, cst.SimpleString) and isinstance(key.evaluated_value, str)
            scope.dict_keys.setdefault(target.value.value, []).append((key if literal else None, value, seq))
            scope.dict_changes[target.value.value] = scope.dict_changes.get(target.value.value, 0) + 1
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            owner = _holder(scope, target.value.value)
            if owner is not None:  # `self.tokenizer = ...` in a method (or a function nested in it)
                owner.attributes.setdefault(target.attr.value, []).append((value, scope, seq))
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
                return binding.origin if self.project is None else self.project.translate(binding.origin)
            if binding.value is None:
                return None
            return self.qualified_name(binding.value, where, binding.seq, depth + 1)
        if isinstance(expr, cst.Attribute):
            base = self.qualified_name(expr.value, scope, seq, depth + 1)
            if base is None:
                return self._agreeing(self.instance_attribute(expr, scope, seq), depth)
            return f"{base}.{expr.attr.value}"
        if isinstance(expr, cst.Call):
            func = self.qualified_name(expr.func, scope, seq, depth + 1)
            if func is None:
                return self._agreeing(self.returned(expr.func, scope, seq), depth)
            returned = self.project.returns(func) if self.project is not None else None
            return returned or f"{func}()"
        return None

    def _agreeing(self, values, depth: int) -> str | None:
        """The one origin that every value of ``values`` ((expression, scope, statement), ...) has; None when
        there are none, one cannot be read, or they differ."""
        if not values or id(values) in self._following:
            return None
        known = self._agreed_values.get(id(values), self)
        if known is not self:
            return known
        self._following.add(id(values))
        try:
            origins = {
                None if value is None else self.qualified_name(value, where, at, depth + 1)
                for value, where, at in values
            }
        finally:
            self._following.discard(id(values))
        answer = origins.pop() if len(origins) == 1 else None
        if not self._following:  # an answer reached inside a cycle may be partial: keep the outermost ones
            self._agreed_values[id(values)] = answer
        return answer

    def _instance(self, name: str, scope: Scope, seq: int) -> Scope | None:
        """The class scope whose instance ``name`` is here: the first parameter of one of its methods."""
        found = self.lookup(name, scope, seq)
        if found is None or found[0].param is None:
            return None
        return _method_owner(found[1], name)

    def instance_attribute(self, expr: cst.Attribute, scope: Scope, seq: int):
        """What the class's methods assign to `self.<attr>` (`self.tokenizer` in a method)."""
        if not isinstance(expr.value, cst.Name):
            return None
        owner = self._instance(expr.value.value, scope, seq)
        return None if owner is None else owner.attributes.get(expr.attr.value)

    def returned(self, func: cst.BaseExpression, scope: Scope, seq: int):
        """What a call of a function of the module (or a method of the class, through `self`) returns."""
        if isinstance(func, cst.Name):
            found = self.lookup(func.value, scope, seq)
            return None if found is None else found[0].returns
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            owner = self._instance(func.value.value, scope, seq)
            bindings = owner.bindings.get(func.attr.value) if owner is not None else None
            if bindings and len(bindings) == 1 and func.attr.value not in owner.attributes:
                return bindings[0].returns
        return None

    def derived(self, expr: cst.BaseExpression, scope: Scope, seq: int) -> Lineage | None:
        """For a local class, the one imported class it derives from, through its local bases; None
        when ``expr`` is no local class or when its bases leave that open (two imported bases, a base
        computed at run time)."""
        origins: set[str] = set()
        names: list[str] = []
        members: set[str] = set()
        fields: set[str] = set()

        def outside(origin: str) -> bool:
            """Add a class from outside the module: one of the project's, read from its module, or a library's."""
            lineage = self.project.lineage(origin) if self.project is not None else None
            if lineage is None:
                if self.project is not None and self.project.is_class(origin):
                    return False  # the project's, and not one to read
                origins.add(origin)
                return True
            origins.add(lineage.origin)
            names.extend(lineage.names)
            members.update(lineage.members)
            fields.update(lineage.fields)
            return True

        pending = [(expr, scope, seq)]
        while pending:
            node, where, at = pending.pop(0)
            if isinstance(node, cst.Attribute) and not names:  # `module.Class` from a project module
                origin = self.qualified_name(node, where, at)
                if origin is None or self.project is None or self.project.lineage(origin) is None:
                    return None
                outside(origin)
                continue
            if not isinstance(node, cst.Name) or len(names) > _MAX_DEPTH:
                return None
            found = self.lookup(node.value, where, at)
            binding = found[0] if found is not None else None
            if binding is not None and binding.cls is None and binding.origin is not None and not names:
                origin = self.qualified_name(node, where, at)  # a class imported from a project module
                lineage = self.project.lineage(origin) if self.project is not None and origin else None
                if lineage is None:
                    return None
                outside(origin)
                continue
            if binding is None or binding.cls is None or node.value in names:
                return None
            names.append(node.value)
            members |= binding.cls.members
            if binding.cls.is_dataclass:
                fields |= binding.cls.fields
            for base in binding.cls.bases:
                origin = self.qualified_name(base, found[1], binding.seq)
                if origin is not None:
                    if not outside(origin):
                        return None
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


def _holder(scope: Scope, name: str) -> Scope | None:
    """The class whose instance ``name`` is, seen from ``scope``: through the functions nested in a method."""
    while scope.kind == "function" and name not in scope.bindings and scope.parent is not None:
        scope = scope.parent
    return _method_owner(scope, name)


def _method_owner(scope: Scope, name: str) -> Scope | None:
    """The class scope of the method whose scope is ``scope``, when ``name`` is the method's instance parameter."""
    if scope.kind == "function" and scope.self_name == name and scope.parent is not None:
        return scope.parent if scope.parent.kind == "class" else None
    return None


def _is_dataclass_decorator(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Call):
        node = node.func
    return dotted(node).rsplit(".", 1)[-1] == "dataclass"


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node.value)


def _forwarding_init(stmt: cst.ClassDef) -> bool:
    """The class's `__init__` is `def __init__(self, *args, **kwargs)` whose body hands both, untouched, to
    `super().__init__(*args, **kwargs)`: the class takes what its base takes."""
    inits = [s for s in stmt.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"]
    if len(inits) != 1:
        return False
    init = inits[0]
    params = init.params
    star, double = params.star_arg, params.star_kwarg
    if init.decorators or params.posonly_params or params.kwonly_params or len(params.params) != 1:
        return False
    if not isinstance(star, cst.Param) or not isinstance(double, cst.Param):
        return False
    names = _Names()
    init.body.visit(names)
    if names.names.count(star.name.value) != 1 or names.names.count(double.name.value) != 1:
        return False
    body = init.body
    lines = (
        [line.body for line in body.body if isinstance(line, cst.SimpleStatementLine)]
        if isinstance(body, cst.IndentedBlock)
        else [body.body]
    )
    for smalls in lines:
        for small in smalls:
            call = small.value if isinstance(small, cst.Expr) else None
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "__init__"
                and isinstance(call.func.value, cst.Call)
                and dotted(call.func.value.func) == "super"
                and [(a.star, _target_name(a.value), a.keyword) for a in call.args]
                == [("*", star.name.value, None), ("**", double.name.value, None)]
            ):
                return True
    return False


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
