"""HF109: a pre-processor class that the model's type does not have."""

from __future__ import annotations

from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf1_model_task.common import LoadRule


class WrongPreprocessorClass(LoadRule):
    code = "HF109"
    name = "wrong-preprocessor-class"
    summary = "A pre-processor class that the model's type does not have (a tokenizer for an image model, ...)"
    messages = {
        "wrong_kind": "`{cls}` has nothing for `{type}` models (`{id}`), which are {kind}; use `{fix}`",
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = """
Checks `AutoTokenizer` on an image-only model, `AutoImageProcessor` or `AutoFeatureExtractor` on a
text-only model, and the like. (`AutoFeatureExtractor` on a vision model is HF301.)
"""
    why_bad = """
Each pre-processor Auto class maps model types to classes; a type it does not know fails at load time
(`ValueError: Unrecognized ...`) or, for a tokenizer of an image model, finds no vocabulary to load.
"""
    fix_safety = "The fix swaps the class and is unsafe: the pre-processor's call signature differs."
    invalid = (
        Invalid(
            """
            from transformers import AutoTokenizer

            processor = AutoTokenizer.from_pretrained("google/vit-base-patch16-224")
            """,
            fixed="""
            from transformers import AutoImageProcessor

            processor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")
            """,
        ),
        Invalid(
            """
            from transformers import AutoImageProcessor

            processor = AutoImageProcessor.from_pretrained("bert-base-uncased")
            """,
            fixed="""
            from transformers import AutoTokenizer

            processor = AutoTokenizer.from_pretrained("bert-base-uncased")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoTokenizer

            AutoTokenizer.from_pretrained("bert-base-uncased")
            """,
        ),
        Valid(
            """
            from transformers import AutoProcessor

            AutoProcessor.from_pretrained("google/vit-base-patch16-224")
            """,
        ),
        Valid(
            """
            from transformers import AutoFeatureExtractor

            AutoFeatureExtractor.from_pretrained("google/vit-base-patch16-224")
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            AutoTokenizer.from_pretrained("openai/clip-vit-base-patch32")
            """,
        ),
    )

    def check(self, call, class_expr, auto_class, model) -> None:
        have = self.ctx.catalog.preprocessors
        model_type = model.model_type
        text = model_type in have["AutoTokenizer"]
        image = model_type in have["AutoImageProcessor"]
        new = None
        if auto_class == "AutoTokenizer" and not text and image:
            new, kind = "AutoImageProcessor", "image models"
        elif (
            auto_class in ("AutoImageProcessor", "AutoFeatureExtractor")
            and model_type not in have[auto_class]
            and text
            and not image
        ):
            new, kind = "AutoTokenizer", "text models"
        if new is None:
            return
        message = self.message("wrong_kind", cls=auto_class, type=model_type, id=model.model_id, kind=kind, fix=new)
        self.report(class_expr, message, self.class_fix(class_expr, new))
