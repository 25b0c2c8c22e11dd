"""What transformers deprecates with an announced removal, and how user code reaches each deprecation.

What the source states in a form a generator reads, it reads: the keywords a `@deprecate_kwarg` decorator
deprecates and the dataclass fields whose help text calls them a deprecated alias are in ``deprecated_keywords``
of ``data/timeline.json`` (`tools.knowledge.deprecated_keywords`), not here. The rest transformers announces in
free text, inside the code path that warns (`warnings.warn("Passing `tp_plan` directly to `from_pretrained` is
deprecated and will be removed in v5.18 ...")`), so which line of user code reaches a notice takes reading: each
row here says it (a keyword of a callable, a literal value of one, a method of a model, a module) and cites its
notice by file and a piece of its text.
The releases that carry each notice and the removal it announces are read from the wheels by
`python -m tools.knowledge.generate_timeline` (``notices`` in ``data/timeline.json``), so no release
number is written here; `tests/test_timeline.py` checks that every notice is found in the installed 5.23.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from lint_rules.knowledge.changes import ADVISE, Action, KeywordChange, MapValues, Recorded, StripPrefix

_TRAINING_ARGS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
_LOADERS = frozenset({"from_pretrained", "from_config"})


@dataclass(frozen=True)
class Notice:
    """Where transformers announces a deprecation: a file of the package and a piece of the message,
    found once in that file; ``values``: (file, name) of the tuple constant that lists the deprecated values."""

    file: str
    text: str
    values: tuple[str, str] | None = None


class Values(enum.Enum):
    """Which values of a deprecated keyword reach its notice."""

    ANY = "given, not None"
    TEXT_OR_LIST = "a string or a list literal"
    LISTED = "a literal among the notice's values, or else among the old values the action maps"
    PREFIXED = "a string that starts with the prefix the action strips, except the row's `keep` values"


@dataclass(frozen=True)
class Deprecation:
    id: str
    notice: Notice
    shown: str  # what the code does, as messages name it
    advice: str  # what to do instead
    # What reaches it: a keyword of some callables (a `KeywordChange` owned by HF317, whose action is the fix where
    # the replacement is certain), a method of a loaded model
    # (renamed to ``new`` where one is certain), or an imported module.
    keyword: KeywordChange | None = None
    task: str | None = None  # for `pipeline(...)`: only with this task
    method: str | None = None
    new: str | None = None
    module: str | None = None
    when: Values = Values.ANY  # which values of the keyword reach it
    keep: tuple[str, ...] = ()  # with `Values.PREFIXED`: the values that keep their prefix

    @property
    def replacement(self) -> str | None:
        """The keyword or method that replaces it, where one is certain."""
        return self.keyword.new if self.keyword is not None else self.new


def _keyword(old: str, callees: frozenset[str], action: Action = ADVISE) -> KeywordChange:
    """A deprecated keyword: the notice's releases say when it warns and when it goes."""
    return KeywordChange(
        old, callees, action=action, owner="HF317", deprecated_in=Recorded.TIMELINE, removed_in=Recorded.TIMELINE
    )


DEPRECATIONS: tuple[Deprecation, ...] = (
    Deprecation(
        "gradient_checkpointing_enable",
        Notice("modeling_utils.py", '"`gradient_checkpointing_enable` is deprecated'),
        "`gradient_checkpointing_enable()`",
        "call `activation_checkpointing_enable()`",
        method="gradient_checkpointing_enable",
        new="activation_checkpointing_enable",
    ),
    Deprecation(
        "gradient_checkpointing_disable",
        Notice("modeling_utils.py", '"`gradient_checkpointing_disable` is deprecated'),
        "`gradient_checkpointing_disable()`",
        "call `activation_checkpointing_disable()`",
        method="gradient_checkpointing_disable",
        new="activation_checkpointing_disable",
    ),
    Deprecation(
        "is_gradient_checkpointing",
        Notice("modeling_utils.py", '"`is_gradient_checkpointing` is deprecated'),
        "`is_gradient_checkpointing`",
        "read `is_activation_checkpointing`",
        method="is_gradient_checkpointing",
        new="is_activation_checkpointing",
    ),
    Deprecation(
        "fsdp_string",
        Notice("training_args.py", '"Passing `fsdp` as a string is deprecated'),
        "`fsdp=` as a string or list",
        "give `fsdp=True` and the options in `fsdp_config`",
        keyword=_keyword("fsdp", _TRAINING_ARGS),
        when=Values.TEXT_OR_LIST,
    ),
    Deprecation(
        "tp_plan",
        Notice("modeling_utils.py", '"Passing `tp_plan` directly to `from_pretrained` is deprecated'),
        "`from_pretrained(tp_plan=)`",
        "pass `distributed_config=DistributedConfig(tp_plan=...)`",
        keyword=_keyword("tp_plan", frozenset({"from_pretrained"})),
    ),
    Deprecation(
        "paged_attention",
        Notice("modeling_utils.py", '"The `paged|` prefix is no longer needed'),
        'the `"paged|"` prefix of `attn_implementation`',
        "drop the prefix",
        keyword=_keyword("attn_implementation", _LOADERS | {"pipeline"}, StripPrefix("attn_implementation", "paged|")),
        when=Values.PREFIXED,
        keep=("paged|eager",),
    ),
    Deprecation(
        "static_cache_names",
        Notice(
            "generation/utils.py",
            "Using `cache_implementation='",
            values=("generation/configuration_utils.py", "DEPRECATED_STATIC_CACHE_IMPLEMENTATIONS"),
        ),
        "this `cache_implementation`",
        'use `"static"` (or `"offloaded_static"`): the layer structure is inferred',
        keyword=_keyword(
            "cache_implementation",
            frozenset({"GenerationConfig", "generate"}),
            MapValues(
                "cache_implementation",
                (
                    ('"sliding_window"', '"static"'),
                    ('"hybrid"', '"static"'),
                    ('"hybrid_chunked"', '"static"'),
                    ('"offloaded_hybrid"', '"offloaded_static"'),
                    ('"offloaded_hybrid_chunked"', '"offloaded_static"'),
                ),
            ),
        ),
        when=Values.LISTED,
    ),
    Deprecation(
        "asr_decoder",
        Notice("pipelines/automatic_speech_recognition.py", '"Language model decoding with a pyctcdecode'),
        "the speech-recognition pipeline's `decoder=`",
        "call pyctcdecode on the logits yourself",
        keyword=_keyword("decoder", frozenset({"pipeline", "AutomaticSpeechRecognitionPipeline"})),
        task="automatic-speech-recognition",
    ),
    Deprecation(
        "attn_mask_utils",
        Notice("modeling_attn_mask_utils.py", "is deprecated and will be removed in Transformers"),
        "`transformers.modeling_attn_mask_utils`",
        "use `transformers.masking_utils`",
        module="transformers.modeling_attn_mask_utils",
    ),
    Deprecation(
        "image_processor_use_fast",
        Notice("models/auto/image_processing_auto.py", '"The `use_fast` parameter is deprecated'),
        "`use_fast=` on an image processor",
        'use `backend="torchvision"` (for `True`) or `backend="pil"` (for `False`)',
        keyword=_keyword(
            "use_fast",
            frozenset({"AutoImageProcessor.from_pretrained"}),
            MapValues("backend", (("True", '"torchvision"'), ("False", '"pil"'))),
        ),
    ),
    Deprecation(
        "audio_librosa",
        Notice("audio_utils.py", '\'`backend="librosa"` is deprecated'),
        '`load_audio(backend="librosa")`',
        'use `backend="soundfile"` (the same output)',
        keyword=_keyword("backend", frozenset({"load_audio"}), MapValues("backend", (('"librosa"', '"soundfile"'),))),
        when=Values.LISTED,
    ),
)
