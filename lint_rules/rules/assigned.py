"""Where the code sets a name rather than reads it: `transformers.TRANSFORMERS_CACHE = ...` patches the library and
cannot fail, so rules about removed or deprecated names leave it alone."""

from __future__ import annotations

import libcst as cst


class AssignedTargets:
    """A rule mixin: the targets of the file's assignments (`x.a = ...`, `x.a: int = ...`), seen before the
    traversal reaches them, so that ``visit_Attribute`` can tell a write from a read with `assigned`."""

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._targets().add(id(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets().add(id(node.target))

    def assigned(self, node: cst.CSTNode) -> bool:
        return id(node) in self._targets()

    def _targets(self) -> set[int]:
        if not hasattr(self, "_assigned_targets"):
            self._assigned_targets: set[int] = set()
        return self._assigned_targets
