"""HF307: `AutoModelForVision2Seq`, replaced by `AutoModelForImageTextToText`."""

from __future__ import annotations

from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.names import VISION2SEQ
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class Vision2SeqAutoClass(NameUseRule):
    code = "HF307"
    name = "vision2seq-auto-class"
    summary = "`AutoModelForVision2Seq` was replaced by `AutoModelForImageTextToText`"
    messages = {
        "removed": (
            "`AutoModelForVision2Seq` was removed in transformers 5.0 (ImportError); use `AutoModelForImageTextToText`"
        ),
        "deprecated": "`AutoModelForVision2Seq` is deprecated; use `AutoModelForImageTextToText`",
    }
    fix_availability = FixAvailability.ALWAYS
    applies_from = VISION2SEQ.deprecated_in
    new_since = VISION2SEQ.new_since
    removed_in = VISION2SEQ.removed_in
    what_it_does = "Checks imports and uses of `AutoModelForVision2Seq`."
    why_bad = """
transformers 4.46 added `AutoModelForImageTextToText` for models that take images and text and
generate text; late 4.x releases warn on `AutoModelForVision2Seq`, and 5.0 removed it:
`from transformers import AutoModelForVision2Seq` raises `ImportError`.
"""
    fix_safety = """
Renaming is safe: from 4.46 on, the new class loads the same model classes for these checkpoints.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForVision2Seq, AutoProcessor

            model = AutoModelForVision2Seq.from_pretrained("Salesforce/blip-image-captioning-base")
            """,
            fixed="""
            from transformers import AutoModelForImageTextToText, AutoProcessor

            model = AutoModelForImageTextToText.from_pretrained("Salesforce/blip-image-captioning-base")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForImageTextToText

            AutoModelForImageTextToText.from_pretrained("x")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForVision2Seq

            AutoModelForVision2Seq.from_pretrained("x")
            """,
            target="4.45",
        ),
    )

    def interesting(self, name: str) -> bool:
        return name == VISION2SEQ.old

    def check_use(self, name, node, expr) -> None:
        target = self.ctx.target
        if target < VISION2SEQ.deprecated_in:
            return
        message = self.message("removed" if target >= VISION2SEQ.removed_in else "deprecated")
        fix = None
        old, new = VISION2SEQ.old, VISION2SEQ.new
        if self.ctx.floor >= VISION2SEQ.new_since:
            fix = PendingFix(Applicability.SAFE, f"Use `{new}`", [self.ctx.replace(node, new)])
        message += self.ctx.no_fix(f"`{new}`", VISION2SEQ.new_since)
        self.report(node, message, fix, smoke_site(None, {"class": old}, {"class": new}, kind="import"))
