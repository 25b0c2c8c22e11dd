"""HF104: the headless `AutoModel`'s output read as `.logits` / `.loss`, or given `labels=`."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.auto_classes import CAUSAL, HEADLESS, is_decoder_only
from lint_rules.knowledge.tasks import CLASSIFIER_ARGUMENTS, HEADS
from lint_rules.rewrites import swap_class
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid


class HeadlessModelTaskOutput(Rule):
    code = "HF104"
    name = "headless-model-task-output"
    summary = "`AutoModel` output read as `.logits` / `.loss`, or given `labels=`: it has no head"
    messages = {
        "evident_head": "`AutoModel` loads the model without a task head, so {what}; load `{fix}`",
        "unknown_head": (
            "`AutoModel` loads the model without a task head, so {what}; load the `AutoModelFor...` class of your task"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks for a model loaded with the headless `AutoModel` whose output is read as `.logits` or `.loss`,
or which is called with `labels=`.
"""
    why_bad = """
`AutoModel` returns the bare encoder or decoder (`BertModel`, `GPT2Model`): its output has
`last_hidden_state`, not logits, so `.logits` raises `AttributeError` and `labels=` is rejected. The
head that turns hidden states into logits for a task lives in the `AutoModelFor<Task>` classes.
"""
    fix_safety = """
The fix is offered only when the task is evident: `num_labels=` / `id2label=` on the load, a
checkpoint fine-tuned for a task (`...-sst-2-...`, `...squad...`, `cross-encoder/...`), or a
decoder-only model (causal LM). It swaps the class and is unsafe: a new head may be randomly
initialised, and the outputs change shape.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("distilbert/distilbert-base-uncased-finetuned-sst-2-english")
            outputs = model(**inputs)
            scores = outputs.logits.softmax(-1)
            """,
            fixed="""
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased-finetuned-sst-2-english")
            outputs = model(**inputs)
            scores = outputs.logits.softmax(-1)
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased").to("cuda")
            loss = model(**batch, labels=labels).loss
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            hidden = model(**inputs).last_hidden_state
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            logits = model(**inputs).logits
            """,
        ),
        Valid(
            """
            from sentence_transformers import SentenceTransformer

            AutoModel = SentenceTransformer
            model = AutoModel.from_pretrained("x")
            model(**inputs).logits
            """,
        ),
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value not in ("logits", "loss"):
            return
        found = self.ctx.producer(node.value)
        if found is None or keyword(found[0], "labels") is not None:
            return  # not a model's output, or one already reported for its `labels=`
        func = found[0].func
        if isinstance(func, cst.Attribute) and func.attr.value == "forward":
            func = func.value
        self._check_model(func, node.attr, f"its output has no `.{node.attr.value}`")

    def visit_Call(self, node: cst.Call) -> None:
        labels = keyword(node, "labels")
        if labels is not None:
            self._check_model(node.func, labels.keyword, "it takes no `labels=` and computes no loss")

    def _check_model(self, model_expr: cst.BaseExpression, where: cst.CSTNode, what: str) -> None:
        found = self.ctx.loader(model_expr)
        if found is None or found[0] != HEADLESS:
            return
        _, load, scope, seq = found
        head = self._evident_head(load, scope, seq)
        if head is None:
            self.report(where, self.message("unknown_head", what=what))
            return
        with self.ctx.at(scope, seq):  # the class is spelled where the model is loaded
            edits = swap_class(self.ctx, load.func.value, head)
        fix = PendingFix(Applicability.UNSAFE, f"Load the model with `{head}`", edits) if edits else None
        model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
        extra = {
            name: self.ctx.constant(keyword(load, name).value) for name in CLASSIFIER_ARGUMENTS if keyword(load, name)
        }
        site = smoke_site(model, {"class": HEADLESS, "reads": "logits", **extra}, {"class": head, **extra})
        self.report(where, self.message("evident_head", what=what, fix=head), fix, site)

    def _evident_head(self, load: cst.Call, scope, seq) -> str | None:
        if any(keyword(load, name) is not None for name in CLASSIFIER_ARGUMENTS):
            return "AutoModelForSequenceClassification"
        model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
        if model is None:
            return None
        for hint in HEADS:
            if hint.pattern.search(model.model_id) and self.ctx.catalog.loads(hint.task, model.model_type):
                return hint.task
        if is_decoder_only(self.ctx.catalog, model.model_type):
            return CAUSAL
        return None
