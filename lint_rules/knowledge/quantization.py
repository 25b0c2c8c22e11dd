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
    config_since: Version  # first release whose config class takes them (but the later ones below)
    deprecated_in: Version  # first release that warns about the keywords
    removed_in: Version  # first release that rejects them (TypeError)
    later: tuple[tuple[str, Version], ...] = ()  # parameters the config class took only from a later release

    def config_takes(self, names) -> Version:
        """The first release whose config class takes all of ``names``."""
        return max([self.config_since, *(since for name, since in self.later if name in names)])


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
    # read in the wheels: 4.38's BitsAndBytesConfig swallows it in **kwargs, 4.40's takes it (4.39 not read)
    later=(("bnb_4bit_quant_storage", Version(4, 40)),),
)
