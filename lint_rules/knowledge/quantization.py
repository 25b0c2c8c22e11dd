"""Quantization settings that `from_pretrained` once took as keywords and a config object now holds."""

from __future__ import annotations

from dataclasses import dataclass

from lint_rules.versions import Version


@dataclass(frozen=True)
class FoldedKeywords:
    """Keywords of `from_pretrained` that moved into the parameters of a config class."""

    config: str  # the transformers class that takes them
    flags: tuple[str, ...]  # the keywords that switch the feature on
    parameters: tuple[str, ...]  # every keyword that moves, the flags included
    config_since: Version  # first release whose config class takes every one of them
    deprecated_in: Version  # first release that warns about the keywords
    removed_in: Version  # first release that rejects them (TypeError)


BITSANDBYTES = FoldedKeywords(
    config="BitsAndBytesConfig",
    flags=("load_in_8bit", "load_in_4bit"),
    parameters=(
        "load_in_8bit",
        "load_in_4bit",
        "llm_int8_threshold",
        "llm_int8_skip_modules",
        "llm_int8_enable_fp32_cpu_offload",
        "llm_int8_has_fp16_weight",
        "bnb_4bit_compute_dtype",
        "bnb_4bit_quant_type",
        "bnb_4bit_use_double_quant",
        "bnb_4bit_quant_storage",
    ),
    config_since=Version(4, 30),
    deprecated_in=Version(4, 38),
    removed_in=Version(5, 0),
)
