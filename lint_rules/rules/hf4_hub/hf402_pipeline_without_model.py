"""HF402: `pipeline(task)` with no `model=`, whose default changes between releases."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid


class PipelineWithoutModel(Rule):
    code = "HF402"
    name = "pipeline-without-model"
    summary = "`pipeline(task)` with no `model=`: the default model changes between releases"
    messages = {
        "default": (
            '`pipeline("{task}")` without `model=` loads whatever default transformers {version} picks '
            "(`{default}` now); name the model"
        ),
        "no_default": (
            '`pipeline("{task}")` without `model=` loads whatever default the installed release picks; name the model'
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    category = "suspicious"
    what_it_does = "Checks `pipeline(...)` calls that give a task but no model."
    why_bad = """
The pipeline then downloads the task's default checkpoint, which transformers chooses and changes
between releases (the text-generation default moved from GPT-2 to a chat model), and warns "No model
was supplied, defaulted to ...". Results shift with an upgrade, and the default may be large.
"""
    fix_safety = """
The fix writes out the default model of the target release, and its revision when the release pins
one: the pipeline loads the same checkpoint it loaded before, so the fix is safe.
"""
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            classifier = pipeline("sentiment-analysis")
            """,
            fixed="""
            from transformers import pipeline

            classifier = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english", revision="714eb0f")
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            from transformers import pipeline

            translator = pipeline("translation")
            """,
            target="4.57",
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipeline("sentiment-analysis", model="distilbert-base-uncased")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline(model="gpt2")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("text-generation", **settings)
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.hf_name(node.func) != "pipeline" or argument(node, 1, "model") is not None:
            return
        if any(arg.star for arg in node.args):
            return  # `**kwargs` may hold the model
        task_expr = argument(node, 0, "task")
        task = ctx.constant(task_expr) if task_expr is not None else None
        if not isinstance(task, str):
            return
        verdict = ctx.catalog.task(task)
        if verdict.task is None:
            return  # an unknown or removed task is HF107's
        spec = ctx.catalog.tasks.get(verdict.task, {})
        default, revision = spec.get("default_model"), spec.get("default_revision")
        if default is None:
            self.report(task_expr, self.message("no_default", task=task))
            return
        extra = f'model="{default}"' + (
            f', revision="{revision}"' if revision and keyword(node, "revision") is None else ""
        )
        task_arg = next(arg for arg in node.args if arg.value is task_expr)
        fix = PendingFix(
            Applicability.SAFE, f"Name the default model `{default}`", [ctx.insert_after(task_arg, f", {extra}")]
        )
        self.report(task_expr, self.message("default", task=task, version=ctx.catalog.version, default=default), fix)
