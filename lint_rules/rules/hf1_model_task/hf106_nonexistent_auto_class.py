"""HF106: an `Auto*` class that no transformers release has."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.auto_classes import AUTO_FAMILY
from lint_rules.knowledge.catalog import known_auto_names
from lint_rules.knowledge.names import NEVER_EXISTED
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf1_model_task.common import closest
from lint_rules.rules.name_use import NameUseRule


class NonexistentAutoClass(NameUseRule):
    code = "HF106"
    name = "nonexistent-auto-class"
    summary = "An `Auto*` class that no transformers release has"
    messages = {
        "advice": "`{name}` exists in no transformers release: {advice}",
        "close": "`{name}` exists in no transformers release; did you mean `{close}`?",
        "unknown": "`{name}` exists in no transformers release",
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks imports and uses of `Auto*` names from transformers that no known release exports, such as
`AutoModelForZeroShotClassification`, `AutoModelForContrastiveLearning`,
`AutoModelForConditionalGeneration`, or a misspelling. Reported at the import and at each use.
"""
    why_bad = """
The import fails with `ImportError: cannot import name ...`. These names circulate in tutorials and
cheat-sheets; the message says what to use instead.
"""
    fix_safety = """
A misspelling with one close match in the target release is fixed by renaming, marked unsafe since
the closest name may not be the one meant. The made-up names get advice, not a fix.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForSequenceClasification

            model = AutoModelForSequenceClasification.from_pretrained("bert-base-uncased")
            """,
            fixed="""
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForZeroShotClassification
            """,
            use_instead="""
            from transformers import pipeline

            classifier = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")
            """,
        ),
        Invalid(
            """
            import transformers as tr

            model = tr.AutoModelForContrastiveLearning.from_pretrained("bert-base-uncased")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForSequenceClassification, AutoTokenizer, AutoformerForPrediction
            """,
        ),
        Valid(
            """
            from transformers import AutoModelWithLMHead
            """,
        ),
        Valid(
            """
            from mylib import AutoModelForZeroShotClassification

            AutoModelForZeroShotClassification()
            """,
        ),
    )

    def interesting(self, name: str) -> bool:
        return name.startswith("Auto")

    def check_use(self, name: str, node: cst.Name, expr: cst.BaseExpression) -> None:
        if not AUTO_FAMILY.match(name) or name in known_auto_names():
            return
        if name in NEVER_EXISTED:
            self.report(node, self.message("advice", name=name, advice=NEVER_EXISTED[name]))
            return
        close = closest(name, self.ctx.catalog.exported_auto_names)
        if close is not None:
            fix = PendingFix(Applicability.UNSAFE, f"Rename to `{close}`", [self.ctx.replace(node, close)])
            self.report(node, self.message("close", name=name, close=close), fix)
        else:
            self.report(node, self.message("unknown", name=name))
