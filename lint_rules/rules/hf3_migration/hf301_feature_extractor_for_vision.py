"""HF301: a feature extractor where a vision model needs an image processor."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.names import (
    AUTO_IMAGE_PROCESSOR_SINCE,
    FEATURE_EXTRACTORS_DEPRECATED_IN,
    FRAMEWORKS_REMOVED_IN,
    vision_feature_extractors,
)
from lint_rules.rewrites import swap_class
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class FeatureExtractorForVision(NameUseRule):
    code = "HF301"
    name = "feature-extractor-for-vision"
    summary = "A feature extractor where a vision model needs an image processor"
    messages = {
        "removed": "`{name}` was removed in transformers 5.0 (ImportError); use `{new}`",
        "deprecated": "`{name}` is deprecated; use `{new}`",
        "auto_class": (
            "`AutoFeatureExtractor` has no entry for the vision model `{id}` ({type}) in transformers {version} "
            "(ValueError); use `AutoImageProcessor`"
        ),
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = """
Checks `AutoFeatureExtractor` on a vision model and the vision `XxxFeatureExtractor` classes
(`ViTFeatureExtractor`, `DetrFeatureExtractor`, ...). `pipeline(feature_extractor=...)` on an image task is
not reported: 5.x still takes an image processor passed there.
"""
    why_bad = """
Vision models prepare their inputs with image processors; the vision feature extractors were thin
deprecated aliases, and transformers 5 removed them: `AutoFeatureExtractor.from_pretrained` on ViT
raises `ValueError: Unrecognized feature extractor`, and `from transformers import
ViTFeatureExtractor` raises `ImportError`.
"""
    fix_safety = """
Safe: the feature extractors were subclasses of the image processors they are replaced with, so the
same preprocessing runs. No fix is offered to a project that still admits a release without the image
processor API (`AutoImageProcessor` before 4.26).
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoFeatureExtractor

            extractor = AutoFeatureExtractor.from_pretrained("google/vit-base-patch16-224")
            """,
            fixed="""
            from transformers import AutoImageProcessor

            extractor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")
            """,
        ),
        Invalid(
            """
            from transformers import ViTFeatureExtractor

            extractor = ViTFeatureExtractor.from_pretrained("google/vit-base-patch16-224")
            """,
            fixed="""
            from transformers import ViTImageProcessor

            extractor = ViTImageProcessor.from_pretrained("google/vit-base-patch16-224")
            """,
        ),
        Invalid(
            """
            from transformers import ViTFeatureExtractor

            extractor = ViTFeatureExtractor.from_pretrained("google/vit-base-patch16-224")
            """,
            fixed="""
            from transformers import ViTImageProcessor

            extractor = ViTImageProcessor.from_pretrained("google/vit-base-patch16-224")
            """,
            target="4.57",
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoFeatureExtractor

            AutoFeatureExtractor.from_pretrained("openai/whisper-small")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("automatic-speech-recognition", model=m, feature_extractor=fe)
            """,
        ),
        Valid(
            """
            from transformers import ViTFeatureExtractor

            ViTFeatureExtractor.from_pretrained("google/vit-base-patch16-224")
            """,
            target="4.30",
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("image-classification", model=model, feature_extractor=extractor)  # 5.x takes it there
            """,
        ),
    )

    def interesting(self, name: str) -> bool:
        return name.endswith("FeatureExtractor") and name in vision_feature_extractors()

    def check_use(self, name, node, expr) -> None:
        target = self.ctx.target
        if target < FEATURE_EXTRACTORS_DEPRECATED_IN:
            return
        new = vision_feature_extractors()[name]
        message = self.message("removed" if target >= FRAMEWORKS_REMOVED_IN else "deprecated", name=name, new=new)
        self.report(node, message, PendingFix(Applicability.SAFE, f"Use `{new}`", [self.ctx.replace(node, new)]))

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        path = ctx.hf_name(node.func)
        if path == "AutoFeatureExtractor.from_pretrained" and ctx.target >= AUTO_IMAGE_PROCESSOR_SINCE:
            model = ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
            have = ctx.catalog.preprocessors
            if (
                model
                and model.model_type in have["AutoImageProcessor"]
                and model.model_type not in have["AutoFeatureExtractor"]
            ):
                edits = swap_class(ctx, node.func.value, "AutoImageProcessor")
                fix = None
                if edits and ctx.floor >= AUTO_IMAGE_PROCESSOR_SINCE:
                    fix = PendingFix(Applicability.SAFE, "Use `AutoImageProcessor`", edits)
                version = ctx.catalog.version
                message = self.message("auto_class", id=model.model_id, type=model.model_type, version=version)
                withheld = ctx.no_fix("`AutoImageProcessor`", AUTO_IMAGE_PROCESSOR_SINCE) if edits else ""
                self.report(node.func.value, message + withheld, fix)
