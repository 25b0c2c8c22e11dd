"""Generation settings: they belong to `generate()` (or the pipeline call), not to `from_pretrained`."""

from __future__ import annotations

GENERATION_SETTINGS = frozenset(
    {
        "temperature", "top_p", "top_k", "do_sample", "max_length", "max_new_tokens", "min_length", "min_new_tokens",
        "num_beams", "num_beam_groups", "repetition_penalty", "no_repeat_ngram_size", "length_penalty",
        "early_stopping", "num_return_sequences", "typical_p", "penalty_alpha", "diversity_penalty",
        "encoder_repetition_penalty", "epsilon_cutoff", "eta_cutoff", "min_p",
    }
)  # fmt: skip
