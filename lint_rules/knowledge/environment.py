"""Environment variables of transformers and huggingface_hub: which names are theirs to judge, and what the
4.x notices said to set instead of the ones that went. The timeline says which release read each
(`Timeline.environment`); tests/test_timeline.py checks that every replacement is read by the newest."""

from __future__ import annotations

# Variables named for transformers; the Hub's are those some huggingface_hub release read. Others that
# transformers once read (`TORCH_HOME`, `WANDB_DISABLED`, `HF_ENABLE_PARALLEL_LOADING`, which diffusers
# reads too) may belong to other libraries, which may still read them.
OWN_PREFIXES = ("TRANSFORMERS_", "PYTORCH_TRANSFORMERS_", "PYTORCH_PRETRAINED_BERT_", "HUGGINGFACE_CO_")

# old -> new, where the new variable means the same. 4.x's `utils/hub.py` used the three cache variables as
# the Hub cache (defaulting to `HF_HUB_CACHE`) and warned "Use `HF_HOME` instead" (the folder above it);
# of `HUGGINGFACE_CO_RESOLVE_ENDPOINT` it said "Use `HF_ENDPOINT` instead."; huggingface_hub 1.x of
# `HF_HUB_ENABLE_HF_TRANSFER`: "'hf_transfer' is not used anymore. Please use `HF_XET_HIGH_PERFORMANCE`
# instead to enable high performance transfer with Xet."
ENVIRONMENT_REPLACEMENTS = {
    "HF_HUB_ENABLE_HF_TRANSFER": "HF_XET_HIGH_PERFORMANCE",
    "TRANSFORMERS_CACHE": "HF_HUB_CACHE",
    "PYTORCH_TRANSFORMERS_CACHE": "HF_HUB_CACHE",
    "PYTORCH_PRETRAINED_BERT_CACHE": "HF_HUB_CACHE",
    "HUGGINGFACE_CO_RESOLVE_ENDPOINT": "HF_ENDPOINT",
}
