"""Importable names that releases renamed or removed, names that never existed, and the families of
removed names that the snapshots themselves show (TensorFlow and Flax classes, vision feature
extractors)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.versions import Version

V5 = Version(5, 0)


@dataclass(frozen=True)
class NameChange:
    """A name a library exported, what became of it, and the rule that reports it (the removed-import rule,
    HF314, leaves it to that rule)."""

    old: str
    owner: str
    new: str | None = None  # what replaces it (dotted when it lives elsewhere: `torch.optim.AdamW`)
    new_since: Version | None = None  # first release that has ``new``
    deprecated_in: Version | None = None  # first release that warns about ``old``
    removed_in: Version | None = None  # first release without ``old``
    module: str = "transformers"  # the library that exported ``old``


VISION2SEQ = NameChange(
    "AutoModelForVision2Seq",
    "HF307",
    "AutoModelForImageTextToText",
    new_since=Version(4, 46),
    deprecated_in=Version(4, 57),  # measured: 4.57.6 warns (FutureWarning)
    removed_in=V5,
)
# Loaded a causal, masked or seq2seq language model depending on the checkpoint.
LM_HEAD = NameChange("AutoModelWithLMHead", "HF304", deprecated_in=Version(4, 0), removed_in=V5)
LM_HEAD_REPLACEMENTS = ("AutoModelForCausalLM", "AutoModelForMaskedLM", "AutoModelForSeq2SeqLM")
# Deprecated by 4.20 (4.12 did not warn; the release between is not known), gone from 4.50.
ADAMW = NameChange("AdamW", "HF311", "torch.optim.AdamW", deprecated_in=Version(4, 20), removed_in=Version(4, 50))
# Removed in datasets 3.0.
LOAD_METRIC = NameChange("load_metric", "HF312", "evaluate.load", module="datasets")

# Names that tutorials use and no release ever had, with what to use instead.
NEVER_EXISTED = {
    "AutoModelForZeroShotClassification": 'zero-shot classification is `pipeline("zero-shot-classification")` '
    "over an NLI model loaded with `AutoModelForSequenceClassification`",
    "AutoModelForContrastiveLearning": "load the encoder with `AutoModel` and pool its embeddings",
    "AutoModelForConditionalGeneration": "use `AutoModelForSeq2SeqLM` for text, `AutoModelForImageTextToText` for "
    "image-and-text models",
}

# The vision feature extractors warn from this release on (measured in 4.57.6; when each began to
# warn is not recorded), and transformers 5 removed them with TensorFlow and Flax.
FEATURE_EXTRACTORS_DEPRECATED_IN = Version(4, 57)
FRAMEWORKS_REMOVED_IN = V5
FRAMEWORK_PREFIXES = ("TF", "Flax")
# The image-processor API: `AutoImageProcessor` from 4.26 (4.20 lacks it).
AUTO_IMAGE_PROCESSOR_SINCE = Version(4, 26)
# `return_tensors=` values that transformers 5 no longer produces.
REMOVED_TENSOR_TYPES = ("tf", "jax")
# The keywords that chose TensorFlow in 4.x (HF306 reports them with its own advice).
FRAMEWORK_KEYWORDS = frozenset({"framework", "from_tf", "from_pt"})


@functools.cache
def vision_feature_extractors() -> dict[str, str]:
    """`ViTFeatureExtractor` -> `ViTImageProcessor`: feature extractors some release had that the newest
    release dropped while keeping the image processor of the same name."""
    catalogs = all_catalogs()
    newest = catalogs[-1].exports
    found = {}
    for catalog in catalogs[:-1]:
        for name in catalog.exports:
            if name.endswith("FeatureExtractor") and name not in newest:
                processor = name.removesuffix("FeatureExtractor") + "ImageProcessor"
                if processor in newest:
                    found[name] = processor
    return found


def framework_free(name: str) -> str | None:
    """`TFAutoModelForCausalLM` -> `AutoModelForCausalLM`, `FlaxBertModel` -> `BertModel`."""
    for prefix in FRAMEWORK_PREFIXES:
        if name.startswith(prefix) and name[len(prefix) : len(prefix) + 1].isupper():
            return name[len(prefix) :]
    return None


@functools.cache
def framework_classes() -> frozenset[str]:
    """TensorFlow and Flax names that some release exported and the newest does not."""
    catalogs = all_catalogs()
    newest = catalogs[-1].exports
    return frozenset(
        name for catalog in catalogs[:-1] for name in catalog.exports if framework_free(name) and name not in newest
    )


@functools.cache
def owned_names() -> dict[str, str]:
    """Removed transformers names that a rule of their own reports, with its own advice, -> that rule: the rows
    of this module and the families the snapshots show (vision feature extractors: HF301; TensorFlow and Flax
    classes: HF306). The generic removed-import rule (HF314) leaves them to it."""
    rows = [value for value in globals().values() if isinstance(value, NameChange) and value.module == "transformers"]
    return {
        **dict.fromkeys(vision_feature_extractors(), "HF301"),
        **dict.fromkeys(framework_classes(), "HF306"),
        **{row.old: row.owner for row in rows},
    }
