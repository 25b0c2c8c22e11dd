"""The shape of rules about importable names, shared by HF1xx and HF3xx: checked where a name is
imported and wherever it is used, by import origin."""

from __future__ import annotations

import libcst as cst

from lint_rules.facts.bindings import dotted
from lint_rules.rule import Rule


class NameUseRule(Rule):
    """A rule about transformers names, checked where they are imported and wherever they are used.

    Subclasses say which names may interest them (a cheap test on the bare name: the traversal calls
    ``visit_Name`` / ``visit_Attribute`` only for those) and check each site; a use counts only when
    the name resolves to transformers by import origin.
    """

    module = "transformers"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.in_import = 0

    def interesting(self, name: str) -> bool:
        raise NotImplementedError

    def check_import(self, name: str, node: cst.Name, alias: cst.ImportAlias, statement: cst.ImportFrom) -> None:
        self.check_use(name, node, node)

    def check_use(self, name: str, node: cst.Name, expr: cst.BaseExpression) -> None:
        """``node`` is the name itself (to report at), ``expr`` the whole expression (`tr.X` for an attribute)."""
        raise NotImplementedError

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        if dotted(node.module).split(".", 1)[0] != self.module:
            return
        for alias in node.names:
            if isinstance(alias.name, cst.Name) and self.interesting(alias.name.value):
                self.check_import(alias.name.value, alias.name, alias, node)

    def leave_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import -= 1

    def visit_Name(self, node: cst.Name) -> None:
        if not self.in_import and self._resolves(node, node.value):
            self.check_use(node.value, node, node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        name = node.attr.value
        if not self.in_import and self._resolves(node, name):
            self.check_use(name, node.attr, node)

    def _resolves(self, node: cst.CSTNode, name: str) -> bool:
        qualified = self.ctx.qualified_name(node)
        if qualified is None or not qualified.startswith(self.module + "."):
            return False
        parts = qualified.split(".")[1:]
        return parts[-1] == name and all(part.isidentifier() and part[:1].islower() for part in parts[:-1])
