"""HF312: `datasets.load_metric`, removed in datasets 3.0; `evaluate.load` replaces it."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.names import LOAD_METRIC
from lint_rules.knowledge.stack import stack_timeline
from lint_rules.rewrites import without_alias
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class DatasetsLoadMetric(NameUseRule):
    code = "HF312"
    name = "datasets-load-metric"
    summary = "`datasets.load_metric` was removed; use `evaluate.load`"
    messages = {
        "removed": "`datasets.load_metric` was removed in datasets 3.0; use `evaluate.load`",
    }
    fix_availability = FixAvailability.SOMETIMES
    module = LOAD_METRIC.module
    modules = ("datasets",)
    what_it_does = """
Checks imports and calls of `load_metric` from the `datasets` library, where the datasets release the project
will run no longer has it: its own pin of datasets, else the newest release that goes with the target
transformers (as HF322 judges the stack).
"""
    why_bad = """
Metrics moved from `datasets` to the `evaluate` library; datasets 3.0 removed `load_metric`, so the
import raises `ImportError`. `evaluate.load("accuracy")` takes the same metric names.
"""
    fix_safety = """
Calls become `evaluate.load(...)` with the same arguments, and the `datasets` import of
`load_metric` becomes `import evaluate`: safe, as the metric scripts are the same (install
`evaluate`). Other uses of the name (passing the function around) are reported without a fix.
"""
    invalid = (
        Invalid(
            """
            from datasets import load_metric

            metric = load_metric("accuracy")
            """,
            fixed="""
            import evaluate

            metric = evaluate.load("accuracy")
            """,
        ),
        Invalid(
            """
            import datasets
            from datasets import load_dataset, load_metric

            bleu = datasets.load_metric("sacrebleu")
            rouge = load_metric("rouge")
            """,
            fixed="""
            import datasets
            import evaluate
            from datasets import load_dataset

            bleu = evaluate.load("sacrebleu")
            rouge = evaluate.load("rouge")
            """,
        ),
    )
    valid = (
        Valid(
            """
            import evaluate

            metric = evaluate.load("accuracy")
            """,
        ),
        Valid(
            """
            from mylib import load_metric

            load_metric("accuracy")
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.calls: set[int] = set()
        datasets = stack_timeline(LOAD_METRIC.module)
        newest = ctx.stack.range(LOAD_METRIC.module).newest  # the project's pin of datasets, or what it installs
        spans = datasets.name(f"{LOAD_METRIC.module}.{LOAD_METRIC.old}")
        self.active = datasets.covers(newest) and datasets.removed_in(spans, newest) is not None

    def interesting(self, name: str) -> bool:
        return self.active and name == LOAD_METRIC.old

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        qualified = self.ctx.qualified_name(node.func)
        if qualified == f"{LOAD_METRIC.module}.{LOAD_METRIC.old}":
            self.calls.add(id(node.func.attr if isinstance(node.func, cst.Attribute) else node.func))
            fix = PendingFix(
                Applicability.SAFE, f"Use `{LOAD_METRIC.new}`", [self.ctx.replace(node.func, LOAD_METRIC.new)]
            )
            self.report(node.func, self.message("removed"), fix)

    def check_import(self, name, node, alias, statement) -> None:
        have_evaluate = self.ctx.qualified_name(cst.Name("evaluate")) == "evaluate"
        rest = without_alias(statement, alias)
        if rest is None:
            edits = [self.ctx.replace(statement, "pass" if have_evaluate else "import evaluate")]
        else:
            edits = [self.ctx.replace(statement, rest)]
            if not have_evaluate:
                edits.append(self.ctx.insert_line_above(statement, "import evaluate"))
        self.report(node, self.message("removed"), PendingFix(Applicability.SAFE, "Import `evaluate` instead", edits))

    def check_use(self, name, node, expr) -> None:
        if id(node) not in self.calls:
            self.report(node, self.message("removed"))
