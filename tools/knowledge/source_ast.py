"""What the generators that read released packages as source share (`generate_timeline`, `generate_wrappers`):
dotted names and the modules imports name, from `ast`, never importing the package."""

from __future__ import annotations

import ast


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a name or an attribute chain; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def imported_module(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a `from ... import` in ``module`` names (`from ..utils import x` in
    `transformers.models.bert.modeling_bert` -> `transformers.models.utils`)."""
    base = node.module or ""
    if not node.level:
        return base
    anchor = module.split(".") if is_package else module.split(".")[:-1]
    anchor = anchor[: len(anchor) - (node.level - 1)]
    return ".".join([*anchor, *([base] if base else [])])


def is_property(function: ast.FunctionDef) -> bool:
    """A property's getter or setter (`@property`, `@cached_property`, `@x.setter`)."""
    return any(dotted(decorator).endswith(("property", "setter")) for decorator in function.decorator_list)


def literal_text(node: ast.AST | None, field: str = "{...}") -> str:
    """The literal text of a string, an f-string (each of its fields written ``field``) or a concatenation of
    them; "" for anything else (and for None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            literal_text(value, field) if isinstance(value, ast.Constant) else field for value in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_text(node.left, field) + literal_text(node.right, field)
    return ""
