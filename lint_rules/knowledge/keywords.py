"""Keyword arguments of transformers callables that a release renamed, deprecated, removed or stopped
honouring: one row per keyword, each release boundary checked against the snapshots' real signatures
(tests/test_migration_tables.py).

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
from dataclasses import dataclass, field

from lint_rules.versions import Version

V5 = Version(5, 0)


@dataclass(frozen=True)
class KeywordChange:
    """What releases did to one keyword argument of some transformers callables."""

    old: str
    # The callables that take it, by the last part of their path ("TrainingArguments",
    # "from_pretrained") or by the whole ("AutoTokenizer.from_pretrained"); empty: every transformers callable.
    callees: frozenset[str] = frozenset()
    new: str | None = None  # the keyword that replaces it
    new_since: Version | None = None  # first release that accepts ``new``
    deprecated_in: Version | None = None  # first release that warns about ``old``
    # first release without it (or that ignores it); None: none yet. Every row says it: a forgotten release is an
    # error, not a silent claim on 5.0
    removed_in: Version | None = field(kw_only=True)
    effect: str = "a TypeError"  # what ``old`` does in ``removed_in`` and later
    values: tuple[tuple[str, str], ...] | None = None  # literal old value -> new value; None: the same value
    drop: tuple[str, ...] | None = None  # literal values for which the argument can simply go ("*": any)
    advice: str = ""  # what to do when no fix can say it
    ratio: bool = False  # ``new`` reads the value as a ratio only below 1: rename only a literal fraction
    discard: bool = False  # no replacement: removing the argument (and what it asked for) is the fix, unsafe
    into: tuple[str, str] | None = None  # (dict keyword, key): the value moves into that dict argument
    environment: str | None = None  # the environment variable the release reads instead: the value moves there
    when: tuple[str, ...] | None = None  # the literal values the change is about (None: any value)

    def replacement(self) -> str:
        return f"use `{self.new}=`" if self.new and self.new != self.old else self.advice


# ---- renamed, one rule each (HF302, HF303, HF308) -------------------------------------------------
USE_AUTH_TOKEN = KeywordChange(
    "use_auth_token",
    new="token",
    new_since=Version(4, 31),
    deprecated_in=Version(4, 31),
    effect="`from_pretrained` raises TypeError, tokenizers and configs silently ignore it",
    removed_in=V5,
)
TORCH_DTYPE = KeywordChange(
    "torch_dtype",
    frozenset({"from_pretrained", "from_config", "pipeline"}),
    new="dtype",
    new_since=Version(4, 56),
    deprecated_in=Version(4, 56),
    removed_in=None,
)
TRAINER_TOKENIZER = KeywordChange(
    "tokenizer",
    frozenset({"Trainer", "Seq2SeqTrainer"}),
    new="processing_class",
    new_since=Version(4, 46),
    deprecated_in=Version(4, 46),
    effect="TypeError",
    removed_in=V5,
)

# ---- `TrainingArguments` fields (HF309) -------------------------------------------------------------
_ARGS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
_REMOVE = "remove it"
_AMP = "remove it: mixed precision always uses `torch.amp`"

TRAINING_ARGUMENTS: tuple[KeywordChange, ...] = (
    KeywordChange("evaluation_strategy", _ARGS, "eval_strategy", Version(4, 41), removed_in=Version(4, 51)),
    KeywordChange("no_cuda", _ARGS, "use_cpu", Version(4, 34), removed_in=V5),
    KeywordChange("per_gpu_train_batch_size", _ARGS, "per_device_train_batch_size", Version(4, 0), removed_in=V5),
    KeywordChange("per_gpu_eval_batch_size", _ARGS, "per_device_eval_batch_size", Version(4, 0), removed_in=V5),
    KeywordChange("push_to_hub_token", _ARGS, "hub_token", Version(4, 12), removed_in=V5),
    KeywordChange("push_to_hub_model_id", _ARGS, "hub_model_id", Version(4, 12), removed_in=V5),
    KeywordChange("push_to_hub_organization", _ARGS, advice='give `hub_model_id="organization/name"`', removed_in=V5),
    KeywordChange(
        "include_inputs_for_metrics",
        _ARGS,
        "include_for_metrics",
        Version(4, 46),
        values=(("True", '["inputs"]'), ("False", "")),
        removed_in=V5,
    ),  # fmt: skip
    KeywordChange(
        "adafactor", _ARGS, "optim", Version(4, 20), values=(("True", '"adafactor"'), ("False", "")), removed_in=V5
    ),
    KeywordChange("torchdynamo", _ARGS, "torch_compile_backend", Version(4, 27), removed_in=V5),
    # 5.0 made `warmup_steps` a float (below 1: a ratio) and deprecated `warmup_ratio`; 5.15 removed it.
    KeywordChange(
        "warmup_ratio",
        _ARGS,
        "warmup_steps",
        V5,
        removed_in=Version(5, 15),
        effect="a TypeError (`warmup_steps` below 1 is a ratio)",
        ratio=True,
    ),  # fmt: skip
    KeywordChange(
        "group_by_length",
        _ARGS,
        "train_sampling_strategy",
        Version(5, 2),
        removed_in=Version(5, 2),
        values=(("True", '"group_by_length"'), ("False", "")),
    ),  # fmt: skip
    # 4.x read `report_to=None` as "all" (and said 5.x would need "all" for it); 5.x keeps it as `[None]`, which
    # the Trainer refuses
    KeywordChange(
        "report_to",
        _ARGS,
        "report_to",
        Version(4, 0),
        effect='`None` is a ValueError when the `Trainer` starts (4.x read it as "all")',
        values=(("None", '"all"'),),
        advice='use `report_to="all"` (or `"none"` for no integration)',
        when=("None",),
        removed_in=V5,
    ),  # fmt: skip
    KeywordChange(
        "overwrite_output_dir", _ARGS, drop=("*",), advice="remove it: `Trainer` never read it", removed_in=V5
    ),
    KeywordChange("use_mps_device", _ARGS, drop=("*",), advice="remove it: MPS is used when available", removed_in=V5),
    KeywordChange(
        "save_safetensors", _ARGS, drop=("True",), advice="remove it: checkpoints are always safetensors", removed_in=V5
    ),
    KeywordChange(
        "logging_dir",
        _ARGS,
        removed_in=Version(5, 15),
        advice="set the `TENSORBOARD_LOGGING_DIR` environment variable",
        discard=True,
        environment="TENSORBOARD_LOGGING_DIR",  # what `TensorBoardCallback` reads since 5.15
    ),  # fmt: skip
    KeywordChange("fp16_backend", _ARGS, advice=_AMP, discard=True, removed_in=V5),
    KeywordChange("half_precision_backend", _ARGS, advice=_AMP, discard=True, removed_in=V5),
    KeywordChange(
        "fp16_opt_level", _ARGS, advice="remove it: apex is no longer supported", discard=True, removed_in=V5
    ),
    KeywordChange(
        "fsdp_min_num_params",
        _ARGS,
        advice='put it in `fsdp_config={"min_num_params": ...}`',
        into=("fsdp_config", "min_num_params"),
        removed_in=V5,
    ),  # fmt: skip
    KeywordChange(
        "fsdp_transformer_layer_cls_to_wrap",
        _ARGS,
        advice='put it in `fsdp_config={"transformer_layer_cls_to_wrap": [...]}`',
        into=("fsdp_config", "transformer_layer_cls_to_wrap"),
        removed_in=V5,
    ),  # fmt: skip
    *(
        KeywordChange(old, _ARGS, advice=_REMOVE, discard=True, removed_in=V5)
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

LOADING: tuple[KeywordChange, ...] = (
    KeywordChange(
        "resume_download",
        _LOADERS | {"pipeline"},
        drop=("*",),
        advice="remove it: downloads always resume",
        removed_in=V5,
    ),
    KeywordChange(
        "low_cpu_mem_usage",
        _LOADERS,
        drop=("*",),
        effect="ignored",
        advice="remove it: loading always uses little CPU memory",
        removed_in=V5,
    ),  # fmt: skip
    KeywordChange("offload_state_dict", _LOADERS, drop=("*",), effect="ignored", advice=_REMOVE, removed_in=V5),
    KeywordChange("mirror", _LOADERS, drop=("*",), effect="ignored", advice=_REMOVE, removed_in=V5),
    # Only tokenizers ignore it: `AutoImageProcessor` and `AutoProcessor` still read it (a deprecated way to
    # choose the image processor's backend), and `pipeline` hands it to `AutoTokenizer` alone.
    KeywordChange(
        "use_fast",
        frozenset({"AutoTokenizer.from_pretrained", "pipeline"}),
        drop=("True",),
        effect="ignored",
        advice="a fast tokenizer is always loaded now",
        discard=True,
        removed_in=V5,
    ),  # fmt: skip
    KeywordChange(
        "safe_serialization",
        frozenset({"save_pretrained"}),
        drop=("True",),
        effect="ignored",
        advice="checkpoints are always written as safetensors now",
        discard=True,
        removed_in=V5,
    ),  # fmt: skip
)


@functools.cache
def every_change() -> tuple[KeywordChange, ...]:
    """Every row of this module: the keywords that a rule of their own (HF302, HF303, HF308, HF309, HF313)
    reports, with its own advice and fix."""
    found: list[KeywordChange] = []
    for value in globals().values():
        if isinstance(value, KeywordChange):
            found.append(value)
        elif isinstance(value, tuple) and value and all(isinstance(item, KeywordChange) for item in value):
            found.extend(value)
    return tuple(found)


@dataclass(frozen=True)
class Replacement:
    """What the 4.x deprecation notice of a removed keyword said to use instead (HF315's fixes); the
    timeline says when each keyword came and went (tests/test_timeline.py checks both exist there)."""

    callable: str  # as the timeline names it
    old: str
    new: str
    same_meaning: bool  # the release that took both read ``old`` as ``new``: a safe rename
    # For a flag (or a pair of flags that 4.x read together: the other one is ``partner``), what ``new=`` says
    # for each pair of literal values (None: not given); "" means the default, so the flags simply go.
    partner: str | None = None
    flags: tuple[tuple[bool | None, bool | None, str], ...] = ()

    def flagged(self, own: bool | None, partner: bool | None) -> str | None:
        return next((value for first, second, value in self.flags if (first, second) == (own, partner)), None)


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
REPLACEMENTS = {
    (row.callable, row.old): row
    for row in (
        # 4.x `Trainer.train`: "`model_path` is deprecated ... Use `resume_from_checkpoint` instead."
        Replacement("Trainer.train", "model_path", "resume_from_checkpoint", same_meaning=True),
        # 4.x `push_to_hub(repo_path_or_name=...)` also took a local folder: not always an id
        Replacement("PreTrainedModel.push_to_hub", "repo_path_or_name", "repo_id", same_meaning=False),
        Replacement("PreTrainedTokenizerBase.push_to_hub", "repo_path_or_name", "repo_id", same_meaning=False),
        # 4.x `from_pretrained`: "The model was loaded with use_flash_attention_2=True, which is deprecated ... use
        # `attn_implementation="flash_attention_2"` instead"
        Replacement(
            "PreTrainedModel.from_pretrained",
            "use_flash_attention_2",
            "attn_implementation",
            same_meaning=True,
            flags=((True, None, '"flash_attention_2"'), (False, None, "")),
        ),
        # 4.x token classification read `grouped_entities` and `ignore_subwords` together: both true is
        # `AggregationStrategy.FIRST`, grouped alone `SIMPLE`, anything else `NONE` (the default)
        *(
            Replacement(
                "TokenClassificationPipeline._sanitize_parameters",
                old,
                "aggregation_strategy",
                same_meaning=True,
                partner=partner,
                flags=tuple((*pair[::step], value) for *pair, value in _GROUPING),
            )
            for old, partner, step in (
                ("grouped_entities", "ignore_subwords", 1),
                ("ignore_subwords", "grouped_entities", -1),
            )
        ),  # fmt: skip
    )
}
# `push_to_hub(name, organization=org)` pushed to `org/name`: 5.x takes the whole id as `repo_id`.
ORGANIZATION = "organization"
