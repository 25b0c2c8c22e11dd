"""Keyword arguments of transformers callables that a release renamed, deprecated, removed or stopped
honouring: one `KeywordChange` row per keyword, each naming the rule that reports it, each release boundary
checked against the snapshots' real signatures (tests/test_migration_tables.py). A rule reads the rows it owns
(`owned_by`); a generic rule (HF315, HF323) leaves a keyword another rule owns to it (`owned_elsewhere`).

Every boundary was read in the released sources (the wheels of transformers 4.0, 4.12, 4.20, 4.26, 4.27,
4.30-4.34, 4.38, 4.40, 4.41, 4.45, 4.46, 4.50, 4.51, 4.55, 4.56, 5.0-5.5, 5.10-5.16 and 5.23): where a row
names a release, the field or keyword is there from it on (`new_since`), warns from it on
(`deprecated_in`), or is gone from it on (`removed_in`) and present in the release before. Where the
first release is not known exactly, the row names the first one read that has both the new name and
the warning on the old, so that no message claims more than was seen: `optim` (between 4.12 and 4.20),
`torch_compile_backend` (4.26; `torchdynamo` warns in 4.27), `use_cpu` (4.32; `no_cuda` warns in 4.34).
"""

from __future__ import annotations

import functools

from lint_rules.knowledge.changes import (
    ADVISE,
    Action,
    KeywordChange,
    MapFlags,
    MapValues,
    MoveInto,
    Recorded,
    Remove,
    Rename,
    ToEnvironment,
)
from lint_rules.knowledge.deprecations import DEPRECATIONS
from lint_rules.knowledge.names import FRAMEWORK_KEYWORDS
from lint_rules.knowledge.quantization import BITSANDBYTES
from lint_rules.versions import Version

V5 = Version(5, 0)


# ---- renamed, one rule each (HF302, HF303, HF308) -------------------------------------------------
USE_AUTH_TOKEN = KeywordChange(
    "use_auth_token",
    frozenset(),
    action=Rename("token"),
    owner="HF302",
    new_since=Version(4, 31),
    deprecated_in=Version(4, 31),
    effect="`from_pretrained` raises TypeError, tokenizers and configs silently ignore it",
    removed_in=V5,
)
TORCH_DTYPE = KeywordChange(
    "torch_dtype",
    frozenset({"from_pretrained", "from_config", "pipeline"}),
    action=Rename("dtype"),
    owner="HF303",
    new_since=Version(4, 56),
    deprecated_in=Version(4, 56),
    removed_in=None,
)
TRAINER_TOKENIZER = KeywordChange(
    "tokenizer",
    frozenset({"Trainer", "Seq2SeqTrainer"}),
    action=Rename("processing_class"),
    owner="HF308",
    new_since=Version(4, 46),
    deprecated_in=Version(4, 46),
    effect="TypeError",
    removed_in=V5,
)

# ---- `TrainingArguments` fields (HF309) -------------------------------------------------------------
_ARGS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
_REMOVE = "remove it"
_AMP = "remove it: mixed precision always uses `torch.amp`"


def _field(old: str, **facts) -> KeywordChange:
    return KeywordChange(old, _ARGS, owner="HF309", **facts)


def _renamed_field(old: str, new: str, since: Version) -> KeywordChange:
    return _field(old, action=Rename(new), new_since=since, removed_in=V5)


TRAINING_ARGUMENTS: tuple[KeywordChange, ...] = (
    _field("evaluation_strategy", action=Rename("eval_strategy"), new_since=Version(4, 41), removed_in=Version(4, 51)),
    _renamed_field("no_cuda", "use_cpu", Version(4, 34)),
    _renamed_field("per_gpu_train_batch_size", "per_device_train_batch_size", Version(4, 0)),
    _renamed_field("per_gpu_eval_batch_size", "per_device_eval_batch_size", Version(4, 0)),
    _renamed_field("push_to_hub_token", "hub_token", Version(4, 12)),
    _renamed_field("push_to_hub_model_id", "hub_model_id", Version(4, 12)),
    _field("push_to_hub_organization", action=ADVISE, advice='give `hub_model_id="organization/name"`', removed_in=V5),
    _field(
        "include_inputs_for_metrics",
        action=MapValues("include_for_metrics", (("True", '["inputs"]'), ("False", ""))),
        new_since=Version(4, 46),
        removed_in=V5,
    ),
    _field(
        "adafactor",
        action=MapValues("optim", (("True", '"adafactor"'), ("False", ""))),
        new_since=Version(4, 20),
        removed_in=V5,
    ),
    _renamed_field("torchdynamo", "torch_compile_backend", Version(4, 27)),
    # 5.0 made `warmup_steps` a float (below 1: a ratio) and deprecated `warmup_ratio`; 5.15 removed it.
    _field(
        "warmup_ratio",
        action=Rename("warmup_steps", ratio=True),
        new_since=V5,
        removed_in=Version(5, 15),
        effect="a TypeError (`warmup_steps` below 1 is a ratio)",
    ),
    _field(
        "group_by_length",
        action=MapValues("train_sampling_strategy", (("True", '"group_by_length"'), ("False", ""))),
        new_since=Version(5, 2),
        removed_in=Version(5, 2),
    ),
    # 4.x read `report_to=None` as "all" (and said 5.x would need "all" for it); 5.x keeps it as `[None]`, which
    # the Trainer refuses
    _field(
        "report_to",
        action=MapValues("report_to", (("None", '"all"'),)),
        new_since=Version(4, 0),
        effect='`None` is a ValueError when the `Trainer` starts (4.x read it as "all")',
        advice='use `report_to="all"` (or `"none"` for no integration)',
        when=("None",),
        removed_in=V5,
    ),
    _field("overwrite_output_dir", action=Remove(), advice="remove it: `Trainer` never read it", removed_in=V5),
    _field("use_mps_device", action=Remove(), advice="remove it: MPS is used when available", removed_in=V5),
    _field(
        "save_safetensors",
        action=Remove(("True",)),
        advice="remove it: checkpoints are always safetensors",
        removed_in=V5,
    ),
    _field(
        "logging_dir",
        action=ToEnvironment("TENSORBOARD_LOGGING_DIR"),  # what `TensorBoardCallback` reads since 5.15
        advice="set the `TENSORBOARD_LOGGING_DIR` environment variable",
        removed_in=Version(5, 15),
    ),
    _field("fp16_backend", action=Remove((), otherwise=True), advice=_AMP, removed_in=V5),
    _field("half_precision_backend", action=Remove((), otherwise=True), advice=_AMP, removed_in=V5),
    _field(
        "fp16_opt_level",
        action=Remove((), otherwise=True),
        advice="remove it: apex is no longer supported",
        removed_in=V5,
    ),
    _field(
        "fsdp_min_num_params",
        action=MoveInto("fsdp_config", "min_num_params"),
        advice='put it in `fsdp_config={"min_num_params": ...}`',
        removed_in=V5,
    ),
    _field(
        "fsdp_transformer_layer_cls_to_wrap",
        action=MoveInto("fsdp_config", "transformer_layer_cls_to_wrap"),
        advice='put it in `fsdp_config={"transformer_layer_cls_to_wrap": [...]}`',
        removed_in=V5,
    ),
    *(
        _field(old, action=Remove((), otherwise=True), advice=_REMOVE, removed_in=V5)
        for old in (
            "tpu_num_cores",
            "tpu_metrics_debug",
            "jit_mode_eval",
            "mp_parameters",
            "past_index",
            "ray_scope",
            "use_legacy_prediction_loop",
            "include_tokens_per_second",
        )
    ),  # fmt: skip
)

# ---- loading and saving (HF313) -----------------------------------------------------------------
_LOADERS = frozenset({"from_pretrained"})


def _loading(old: str, callees: frozenset[str] = _LOADERS, **facts) -> KeywordChange:
    return KeywordChange(old, callees, owner="HF313", removed_in=V5, **facts)


LOADING: tuple[KeywordChange, ...] = (
    _loading("resume_download", _LOADERS | {"pipeline"}, action=Remove(), advice="remove it: downloads always resume"),
    _loading(
        "low_cpu_mem_usage",
        action=Remove(),
        effect="ignored",
        advice="remove it: loading always uses little CPU memory",
    ),
    _loading("offload_state_dict", action=Remove(), effect="ignored", advice=_REMOVE),
    _loading("mirror", action=Remove(), effect="ignored", advice=_REMOVE),
    # transformers 5.0 requires huggingface_hub 1.3 or later, whose downloads drop per-request proxies (with a
    # warning): the value does nothing, and what it asked for needs the environment
    _loading(
        "proxies",
        _LOADERS | {"pipeline"},
        action=ADVISE,
        effect="ignored (huggingface_hub 1.0 takes no per-request proxies)",
        advice="set the `HTTPS_PROXY` / `HTTP_PROXY` environment variables",
    ),
    # Only tokenizers ignore it: `AutoImageProcessor` and `AutoProcessor` still read it (a deprecated way to
    # choose the image processor's backend), and `pipeline` hands it to `AutoTokenizer` alone.
    _loading(
        "use_fast",
        frozenset({"AutoTokenizer.from_pretrained", "pipeline"}),
        action=Remove(("True",), otherwise=True),
        effect="ignored",
        advice="a fast tokenizer is always loaded now",
    ),
    _loading(
        "safe_serialization",
        frozenset({"save_pretrained"}),
        action=Remove(("True",), otherwise=True),
        effect="ignored",
        advice="checkpoints are always written as safetensors now",
    ),
)

# ---- removed keywords whose 4.x deprecation notice named the replacement (HF315) ----------------------
# The timeline records when each came and went (tests/test_timeline.py checks both exist there).


def _removed(callable_: str, old: str, action: Action) -> KeywordChange:
    return KeywordChange(old, frozenset({callable_}), action=action, owner="HF315", removed_in=Recorded.TIMELINE)


# (grouped_entities, ignore_subwords, aggregation_strategy) as 4.x's `TokenClassificationPipeline` read them
_GROUPING = (
    (True, True, '"first"'),
    (True, False, '"simple"'),
    (True, None, '"simple"'),
    (False, True, ""),
    (False, False, ""),
    (False, None, ""),
    (None, True, ""),
    (None, False, ""),
)
_TOKEN_CLASSIFICATION = "TokenClassificationPipeline._sanitize_parameters"
REMOVED_WITH_REPLACEMENT: tuple[KeywordChange, ...] = (
    # 4.x `Trainer.train`: "`model_path` is deprecated ... Use `resume_from_checkpoint` instead."
    _removed("Trainer.train", "model_path", Rename("resume_from_checkpoint")),
    # 4.x `push_to_hub(repo_path_or_name=...)` also took a local folder: not always an id
    _removed("PreTrainedModel.push_to_hub", "repo_path_or_name", Rename("repo_id", safe=False)),
    _removed("PreTrainedTokenizerBase.push_to_hub", "repo_path_or_name", Rename("repo_id", safe=False)),
    # 4.x `from_pretrained`: "The model was loaded with use_flash_attention_2=True, which is deprecated ... use
    # `attn_implementation="flash_attention_2"` instead"
    _removed(
        "PreTrainedModel.from_pretrained",
        "use_flash_attention_2",
        MapFlags("attn_implementation", ((True, None, '"flash_attention_2"'), (False, None, ""))),
    ),
    # 4.x token classification read `grouped_entities` and `ignore_subwords` together: both true is
    # `AggregationStrategy.FIRST`, grouped alone `SIMPLE`, anything else `NONE` (the default)
    _removed(
        _TOKEN_CLASSIFICATION,
        "grouped_entities",
        MapFlags("aggregation_strategy", _GROUPING, partner="ignore_subwords"),
    ),
    _removed(
        _TOKEN_CLASSIFICATION,
        "ignore_subwords",
        MapFlags(
            "aggregation_strategy",
            tuple((second, first, value) for first, second, value in _GROUPING),
            partner="grouped_entities",
        ),
    ),
)
# `push_to_hub(name, organization=org)` pushed to `org/name`: 5.x takes the whole id as `repo_id`.
ORGANIZATION = "organization"


@functools.cache
def every_change() -> tuple[KeywordChange, ...]:
    """Every keyword row: this module's and the deprecated keywords' (HF317)."""
    deprecated = tuple(row.keyword for row in DEPRECATIONS if row.keyword is not None)
    return (
        USE_AUTH_TOKEN, TORCH_DTYPE, TRAINER_TOKENIZER, *TRAINING_ARGUMENTS, *LOADING, *REMOVED_WITH_REPLACEMENT,
        *deprecated,
    )  # fmt: skip


def owned_by(code: str) -> tuple[KeywordChange, ...]:
    """The rows the rule ``code`` reports."""
    return tuple(change for change in every_change() if change.owner == code)


# Changed defaults that a rule of its own fixes where the change breaks the code (HF320 adds `return_dict=False`
# where the result is used as ids): (recorded callable, keyword) -> that rule. HF321 reports them without a fix.
CHAT_TEMPLATE_RETURN_DICT = ("PreTrainedTokenizerBase.apply_chat_template", "return_dict")
DEFAULT_OWNERS = {CHAT_TEMPLATE_RETURN_DICT: "HF320"}

# Keywords that a rule of their own reports on any callable, from its own table: the bitsandbytes keywords that
# moved into `BitsAndBytesConfig` (HF305), the TensorFlow and Flax ones (HF306).
_MOVED = {**dict.fromkeys(BITSANDBYTES.parameters, "HF305"), **dict.fromkeys(FRAMEWORK_KEYWORDS, "HF306")}


def owned_elsewhere(keyword: str, path: str, rule: str) -> bool:
    """Whether a rule other than ``rule`` reports ``keyword=`` on a call reaching ``path`` (`Trainer`,
    `AutoModel.from_pretrained`, `Trainer.train`): a generic rule (HF315, HF323) leaves it to that rule."""
    if _MOVED.get(keyword, rule) != rule:
        return True
    last = path.rsplit(".", 1)[-1]
    return any(
        change.owner != rule
        for change in every_change()
        if change.old == keyword and (not change.callees or path in change.callees or last in change.callees)
    )
