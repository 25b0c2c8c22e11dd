"""Every rule by code, without importing it: its name, whether it is on by default, and the modules
it needs. Selecting rules and pre-filtering files need no more, so the lint path imports the rule
modules (and libcst) only for a file some rule can fire in.

Generated from the rules by `python -m lint_rules.docs`; a test fails when it drifts."""

# code: (name, on by default, modules whose import the rule needs)
INDEX: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "HF101": ("auto-class-cannot-load-model", True, ("transformers",)),
    "HF102": ("decoder-only-load-of-encoder-decoder", True, ("transformers",)),
    "HF103": ("causal-lm-for-seq2seq-task", True, ("transformers",)),
    "HF104": ("headless-model-task-output", True, ("transformers",)),
    "HF105": ("generate-on-non-generative-model", True, ("transformers",)),
    "HF106": ("nonexistent-auto-class", True, ("transformers",)),
    "HF107": ("unknown-pipeline-task", True, ("transformers",)),
    "HF108": ("pipeline-task-model-mismatch", True, ("transformers",)),
    "HF109": ("wrong-preprocessor-class", True, ("transformers",)),
    "HF201": ("half-precision-on-cpu", True, ("transformers",)),
    "HF202": ("device-with-device-map", True, ("transformers",)),
    "HF203": ("move-after-device-map", True, ("transformers",)),
    "HF204": ("unguarded-cuda", False, ("transformers",)),
    "HF301": ("feature-extractor-for-vision", True, ("transformers",)),
    "HF302": ("use-auth-token", True, ("transformers", "peft", "trl")),
    "HF303": ("torch-dtype-argument", True, ("transformers", "peft", "trl")),
    "HF304": ("auto-model-with-lm-head", True, ("transformers",)),
    "HF305": ("bitsandbytes-load-kwargs", True, ("transformers", "peft", "trl")),
    "HF306": ("tensorflow-or-flax-api", True, ("transformers",)),
    "HF307": ("vision2seq-auto-class", True, ("transformers",)),
    "HF308": ("trainer-tokenizer-argument", True, ("transformers", "peft", "trl")),
    "HF309": ("renamed-training-argument", True, ("transformers", "peft", "trl")),
    "HF310": ("removed-tokenizer-api", True, ("transformers",)),
    "HF311": ("transformers-adamw", True, ("transformers",)),
    "HF312": ("datasets-load-metric", True, ("datasets",)),
    "HF313": ("ignored-load-argument", True, ("transformers", "peft", "trl")),
    "HF314": ("removed-import", True, ("transformers",)),
    "HF315": ("removed-keyword", True, ("transformers",)),
    "HF316": ("removed-attribute", True, ("transformers",)),
    "HF317": ("deprecated-api", True, ("transformers", "peft", "trl")),
    "HF318": ("ignored-environment-variable", True, ("transformers",)),
    "HF319": ("requests-exception", True, ("requests",)),
    "HF320": ("chat-template-encoding", True, ("transformers",)),
    "HF321": ("changed-default", False, ("transformers", "peft", "trl")),
    "HF401": ("trust-remote-code-unpinned", True, ("transformers", "datasets")),
    "HF402": ("pipeline-without-model", True, ("transformers",)),
    "HF403": ("generation-kwargs-in-model-kwargs", True, ("transformers",)),
    "HF404": ("unpinned-revision", False, ("transformers", "datasets", "huggingface_hub")),
    "HF501": ("metric-task-mismatch", True, ("evaluate", "sacrebleu", "nltk", "rouge_score", "datasets")),
}
