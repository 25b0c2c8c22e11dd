"""What the HF1xx rules share: the shapes of rules about loads and pipelines, and message helpers."""

from __future__ import annotations

import difflib

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.rewrites import swap_class
from lint_rules.rule import Rule


def short_list(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def closest(name: str, candidates) -> str | None:
    """The one candidate that ``name`` most plausibly misspells, or None when none or several fit."""
    scored = sorted(((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in candidates), reverse=True)
    if not scored or scored[0][0] < 0.85:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.04:
        return None
    return scored[0][1]


class LoadRule(Rule):
    """A rule about `<Auto class>.from_pretrained(<model id>)` calls whose model type is known."""

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained"):
            return
        path = self.ctx.hf_name(func)
        if path is None or path.count(".") != 1:
            return
        auto_class = path.split(".", 1)[0]
        if auto_class not in self.ctx.catalog.auto_classes and auto_class not in self.ctx.catalog.preprocessors:
            return
        model = self.ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
        if model is not None:
            self.check(node, func.value, auto_class, model)

    def check(self, call: cst.Call, class_expr: cst.BaseExpression, auto_class: str, model) -> None:
        raise NotImplementedError

    def class_fix(self, class_expr, new: str, applicability=Applicability.UNSAFE) -> PendingFix | None:
        edits = swap_class(self.ctx, class_expr, new)
        return PendingFix(applicability, f"Use `{new}`", edits) if edits else None


class PipelineRule(Rule):
    """A rule about `pipeline(task, model=...)` calls whose task is a known constant."""

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.hf_name(node.func) != "pipeline":
            return
        task_expr = argument(node, 0, "task")
        task = self.ctx.constant(task_expr) if task_expr is not None else None
        if isinstance(task, str):
            self.check(node, task_expr, task)

    def check(self, call: cst.Call, task_expr: cst.BaseExpression, task: str) -> None:
        raise NotImplementedError
