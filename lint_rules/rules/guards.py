"""The shape of rules that stay silent in deliberate code: under an `if` whose test looks at what the rule is
about, or in a `try` that catches what the rule would predict."""

from __future__ import annotations

import re
from typing import ClassVar

import libcst as cst

from lint_rules.facts.bindings import dotted
from lint_rules.rule import Rule


class GuardedRule(Rule):
    """Knows when the node it visits is guarded: the enclosing `if` and `try` statements are kept, and judged
    only when a finding asks (`guarded`), once each, so that a file without findings pays nothing."""

    guard_test: ClassVar[re.Pattern | None] = None  # an `if` whose test matches guards both its branches
    guard_catches: ClassVar[frozenset[str]] = frozenset()  # a `try` that catches one of these guards it all

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.enclosing: list[cst.If | cst.Try] = []
        self.judged: dict[int, bool] = {}

    @property
    def guarded(self) -> bool:
        return any(self._guards(statement) for statement in self.enclosing)

    def _guards(self, statement: cst.If | cst.Try) -> bool:
        known = self.judged.get(id(statement))
        if known is None:
            if isinstance(statement, cst.If):
                known = self.guard_test is not None and bool(self.guard_test.search(self.ctx.code(statement.test)))
            else:
                known = any(self._catches(handler) for handler in statement.handlers)
            self.judged[id(statement)] = known
        return known

    def _catches(self, handler: cst.ExceptHandler) -> bool:
        if not self.guard_catches:
            return False
        if handler.type is None:
            return True  # a bare `except:`
        caught = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        names = {dotted(element.value if isinstance(element, cst.Element) else element) for element in caught}
        return bool({name.rsplit(".", 1)[-1] for name in names} & self.guard_catches)

    def visit_If(self, node: cst.If) -> None:
        self.enclosing.append(node)

    def leave_If(self, original_node: cst.If) -> None:
        self.enclosing.pop()

    def visit_Try(self, node: cst.Try) -> None:
        self.enclosing.append(node)

    def leave_Try(self, original_node: cst.Try) -> None:
        self.enclosing.pop()
