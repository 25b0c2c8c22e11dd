"""Reading a call's arguments: by keyword, by position or keyword, and what a literal holds."""

from __future__ import annotations

import libcst as cst


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


def is_pure(node: cst.BaseExpression) -> bool:
    """Evaluating the expression twice has no effect: names, attribute chains and literals."""
    if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.Attribute):
        return is_pure(node.value)
    return False
