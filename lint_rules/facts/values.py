"""Constant values an expression holds where it is used: literals, names assigned a literal in
scope, `args.x` with an argparse default, `model_args.x` with a dataclass default."""

from __future__ import annotations

import libcst as cst

from lint_rules.facts.bindings import BindingTable, Scope

_MAX_DEPTH = 12
_NOT_OPTIONS = frozenset({"self", "cls"})


def constant(table: BindingTable, expr: cst.BaseExpression, scope: Scope, seq: int, depth: int = 0):
    """The str / bool / int / float / None the expression surely holds, or ``...`` (Ellipsis) when unknown."""
    if depth > _MAX_DEPTH:
        return ...
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else ...
    if isinstance(expr, cst.Integer):
        return int(expr.value, 0) if expr.value.isdigit() or expr.value.startswith("0") else ...
    if isinstance(expr, cst.Float):
        try:
            return float(expr.value.replace("_", ""))
        except ValueError:  # an imaginary or otherwise unusual literal
            return ...
    if (
        isinstance(expr, cst.UnaryOperation)
        and isinstance(expr.operator, cst.Minus)
        and isinstance(expr.expression, cst.Integer)
    ):
        inner = constant(table, expr.expression, scope, seq, depth + 1)
        return -inner if isinstance(inner, int) else ...
    if isinstance(expr, cst.Name):
        if expr.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[expr.value]
        found = table.lookup(expr.value, scope, seq)
        if found is None:
            return ...
        binding, where = found
        if binding.origin is not None and table.project is not None:  # `from config import MODEL_NAME`
            return table.project.constant(binding.origin)
        if binding.value is None or binding.origin is not None:
            return ...
        return constant(table, binding.value, where, binding.seq, depth + 1)
    if isinstance(expr, cst.Attribute) and table.project is not None:  # `config.MODEL_NAME`
        origin = table.qualified_name(expr, scope, seq)
        value = table.project.constant(origin) if origin is not None else ...
        if value is not ...:
            return value
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value not in _NOT_OPTIONS:
        defaults = table.option_defaults.get(expr.attr.value)
        if not defaults:
            return ...
        values = {constant(table, value, where, at, depth + 1) for value, where, at in defaults}
        return values.pop() if len(values) == 1 else ...
    return ...


def from_option(table: BindingTable, expr: cst.BaseExpression, scope: Scope, seq: int, depth: int = 0) -> bool:
    """The value is a command-line option's (`args.x` with an argparse default, `model_args.x` with a
    dataclass default), directly or through names: the program runs with other values too."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(expr, cst.Name):
        found = table.lookup(expr.value, scope, seq)
        if found is None or found[0].value is None or found[0].origin is not None:
            return False
        binding, where = found
        return from_option(table, binding.value, where, binding.seq, depth + 1)
    return (
        isinstance(expr, cst.Attribute)
        and isinstance(expr.value, cst.Name)
        and expr.value.value not in _NOT_OPTIONS
        and bool(table.option_defaults.get(expr.attr.value))
    )
