"""transformers' public API release by release, from 4.30 to 5.23: what could be imported, from where, and
which keywords the callables users call took.

Read from ``data/timeline.json``, which `python -m tools.knowledge.generate_timeline` writes from the
released wheels (the last patch of every minor release, read as source with `ast`, never imported). Each
fact is stored as the spans of releases that have it, so a question about any release in the range is
one lookup; the file is loaded on first use only.

Names are dotted paths as users write them: ``transformers.AdamW`` (exported by the package itself),
``transformers.generation.utils.GreedySearchDecoderOnlyOutput`` (a public name of a module outside
``transformers.models``); modules likewise (``transformers.utils.fx``). Keywords are kept for the
callables of ``CALLABLES`` (a class means its ``__init__``; ``Class.method`` a method, inherited ones
included), and for the ``TASK_PARAMETERS`` method of every pipeline task's class.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from lint_rules.versions import Version

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "timeline.json")

# The callables whose keyword parameters the timeline records, by the path users reach them with.
CALLABLES = (
    "TrainingArguments",
    "Seq2SeqTrainingArguments",
    "Trainer",
    "Seq2SeqTrainer",
    "Trainer.train",
    "Trainer.push_to_hub",
    "PreTrainedModel.push_to_hub",
    "PreTrainedTokenizerBase.push_to_hub",
    "PreTrainedModel.save_pretrained",
    "PreTrainedTokenizerBase.save_pretrained",
    "PreTrainedTokenizerBase.__call__",
    "PreTrainedTokenizerBase.pad",
    "PreTrainedTokenizerBase.decode",
    "PreTrainedTokenizerBase.batch_decode",
    "GenerationConfig",
    "pipeline",
    "PreTrainedModel.from_pretrained",
    "PretrainedConfig",
    "PreTrainedTokenizerBase.apply_chat_template",
    "Trainer.hyperparameter_search",
)
# The kinds of objects whose attributes the timeline records: kind -> (the class an object of that kind is, or
# derives from, in every release; the prefix of the modules that define the exported classes of that kind;
# whether its data attributes count: a config takes any attribute its `config.json` holds, so only its
# methods do).
KINDS = {
    "tokenizer": ("PreTrainedTokenizerFast", "tokenization_", True),
    "encoding": ("BatchEncoding", "", True),
    "model": ("PreTrainedModel", "modeling_", True),
    "config": ("PretrainedConfig", "configuration_", False),
    "processor": ("ProcessorMixin", "processing_", True),
}
# Kinds whose attributes only some checks need: a config's data attributes, which its `config.json` may set
# (a keyword of `from_pretrained` that no config class defines any more is kept and never read).
ATTRIBUTE_KINDS = {"config_attribute": ("PretrainedConfig", "configuration_", True)}
# Keywords whose accepted strings are the values of an enum of the library: (callable, keyword) -> the enum.
VALUE_SETS = {
    ("Trainer.hyperparameter_search", "backend"): "HPSearchBackend",
    ("TrainingArguments", "optim"): "OptimizerNames",
    ("TrainingArguments", "lr_scheduler_type"): "SchedulerType",
    ("TrainingArguments", "eval_strategy"): "IntervalStrategy",
    ("TrainingArguments", "logging_strategy"): "IntervalStrategy",
    ("TrainingArguments", "save_strategy"): "SaveStrategy",
    ("TrainingArguments", "hub_strategy"): "HubStrategy",
}
# The method of a task's pipeline class that takes the task's keywords (`pipeline("ner", grouped_entities=True)`
# reaches `TokenClassificationPipeline._sanitize_parameters`); the timeline records it for every task's class,
# and the keywords of calling the pipeline (`TASK_CALL`).
TASK_PARAMETERS = "_sanitize_parameters"
TASK_CALL = "__call__"


@dataclass(frozen=True)
class Span:
    """Consecutive releases that have a fact: from ``first`` to ``last``, both included."""

    first: Version
    last: Version


@dataclass(frozen=True)
class DeprecatedKeyword:
    """A keyword the source deprecates: where (``callable_``), its replacement, the removal announced, the
    releases that deprecate it, and the later ones that no longer take it (``gone``)."""

    callable_: str
    keyword: str
    new: str | None
    removal: Version | None
    spans: tuple[Span, ...]
    gone: tuple[Span, ...]


@dataclass(frozen=True)
class DeprecatedCallable:
    """A callable the source calls deprecated: its name, the replacement its notice advises ("" when none), the
    removal announced, and the releases that say so."""

    callable_: str
    advice: str
    removal: Version | None
    spans: tuple[Span, ...]


class ReleaseLine:
    """The releases of one package a timeline file records, and how its facts' spans read."""

    def __init__(self, data: dict) -> None:
        self.releases: tuple[Version, ...] = tuple(Version.parse(text) for text in data["releases"])

    def covers(self, release: Version) -> bool:
        """``release`` is within the timeline (a newer one is judged as the newest known)."""
        return self.releases[0] <= _minor(release)

    def beyond(self, release: Version) -> bool:
        """``release`` is newer than the newest recorded release (a look ahead, judged as the newest)."""
        return _minor(release) > self.releases[-1]

    def at(self, release: Version) -> Version:
        """The recorded release that stands for ``release``: the newest at or before it."""
        minor = _minor(release)
        return max((known for known in self.releases if known <= minor), default=self.releases[0])

    def has(self, spans: tuple[Span, ...], release: Version) -> bool:
        here = self.at(release)
        return any(span.first <= here <= span.last for span in spans)

    def since(self, spans: tuple[Span, ...], release: Version) -> Version | None:
        """The first release of the span that holds ``release``: since when the fact has held without a break."""
        here = self.at(release)
        return next((span.first for span in spans if span.first <= here <= span.last), None)

    def removed_in(self, spans: tuple[Span, ...], release: Version) -> Version | None:
        """The first release without the fact, for a fact ``release`` lacks that an earlier one had."""
        here = self.at(release)
        before = [span for span in spans if span.last < here]
        if not before or self.has(spans, release):
            return None
        last = max(span.last for span in before)
        return self.releases[self.releases.index(last) + 1]

    def _spans(self, raw: list[list[int]] | None) -> tuple[Span, ...]:
        if not raw:
            return ()
        return tuple(Span(self.releases[span[0]], self.releases[span[-1] if len(span) == 2 else -1]) for span in raw)


class Timeline(ReleaseLine):
    def __init__(self, data: dict) -> None:
        super().__init__(data)
        self._names: dict[str, list[list[int]]] = data["names"]
        self._modules: dict[str, list[list[int]]] = data["modules"]
        self._keywords: dict[str, dict[str, list[list[int]]]] = data["keywords"]
        self._var_keyword: dict[str, list[list[int]]] = data["var_keyword"]
        self._tasks: dict[str, str] = data["tasks"]
        self._positional: dict[str, dict[str, list[list[int]]]] = data["positional"]
        self._members: dict[str, dict[str, list[list[int]]]] = data["members"]
        self._classes: dict[str, list[str]] = data["classes"]
        self._notices: dict[str, dict] = data["notices"]
        self._deprecated_keywords: dict[str, dict[str, dict]] = data["deprecated_keywords"]
        self._deprecated_callables: dict[str, dict] = data["deprecated_callables"]
        self._model_call: dict[str, list[list[int]]] = data["model_call"]
        self._closed_modules: dict[str, list[list[int]]] = data["closed_modules"]
        self._conversion_patterns: dict[str, list[list[int]]] = data["conversion_patterns"]
        self._values: dict[str, dict[str, list[list[int]]]] = data["values"]
        self._defaults: dict[str, dict[str, dict[str, list[list[int]]]]] = data["defaults"]
        self._environment: dict[str, list[list[int]]] = data["environment"]
        self._hub_environment: dict[str, list[list[int]]] = data["hub_environment"]
        self._requires: dict[str, list[list[int]]] = data["requires"]
        self._special_tokens: dict[str, list[list[int]]] = data["special_tokens"]
        self._class_changes: dict = data["class_changes"]

    # ---- lookups -----------------------------------------------------------------------------
    def name(self, dotted: str) -> tuple[Span, ...]:
        """When ``transformers.X`` / ``transformers.module.X`` could be imported (empty: never)."""
        return self._spans(self._names.get(dotted))

    def module(self, dotted: str) -> tuple[Span, ...]:
        return self._spans(self._modules.get(dotted))

    def closed_module(self, dotted: str) -> tuple[Span, ...]:
        """When the module's every public name is in `name`'s facts: a file with no module-level `__getattr__`,
        star import or `_LazyModule` in its place (so a name it lacks cannot be imported from it)."""
        return self._spans(self._closed_modules.get(dotted))

    def conversion_pattern(self, model_type: str, release: Version) -> str | None:
        """The model type whose weight conversion ``model_type`` borrows in ``release`` (`qwen3_moe` ->
        `qwen2_moe`: `_MODEL_TO_CONVERSION_PATTERN`); None: none (its own, or no conversion)."""
        for fact, raw in self._conversion_patterns.items():
            own, _, pattern = fact.partition(" ")
            if own == model_type and self.has(self._spans(raw), release):
                return pattern
        return None

    def keyword(self, callable_: str, keyword: str) -> tuple[Span, ...]:
        return self._spans(self._keywords.get(callable_, {}).get(keyword))

    def takes_any_keyword(self, callable_: str, release: Version) -> bool:
        """The callable has a ``**kwargs`` in ``release``: an unknown keyword is not a TypeError there."""
        return self.has(self._spans(self._var_keyword.get(callable_)), release)

    def positional(self, callable_: str, release: Version) -> int | None:
        """How many arguments the callable takes by position in ``release``; None: any number, or unknown."""
        for count, raw in self._positional.get(callable_, {}).items():
            if self.has(self._spans(raw), release):
                return int(count)
        return None

    def positional_since(self, callable_: str, count: int, release: Version) -> Version | None:
        """The first release up to ``release`` that takes fewer than ``count`` positional arguments, when an
        earlier one took ``count``."""
        here = self.at(release)
        took = [known for known in self.releases if known <= here and (self.positional(callable_, known) or 0) >= count]
        if not took:
            return None
        after = [known for known in self.releases if max(took) < known <= here]
        return after[0] if after else None

    def member(self, kind: str, name: str) -> tuple[Span, ...]:
        """When objects of ``kind`` (`KINDS`) had attribute ``name``, for the attributes its base class ever had."""
        return self._spans(self._members.get(kind, {}).get(name))

    @functools.cached_property
    def kind_of(self) -> dict[str, str]:
        """Exported class -> its kind, for the classes of the models' modules of each kind (``BertTokenizerFast``
        -> ``tokenizer``) in any release, and the base classes of `KINDS`."""
        found = {name: kind for kind, names in self._classes.items() for name in names}
        return found | {base: kind for kind, (base, _, _) in KINDS.items()}

    @functools.cached_property
    def gone_members(self) -> frozenset[str]:
        """Attributes that some kind had in one release and not in the newest."""
        return frozenset(
            name for by_name in self._members.values() for name, raw in by_name.items() if ends_before_newest(raw)
        )

    def notice(self, id_: str) -> tuple[tuple[Span, ...], Version | None, tuple[str, ...]]:
        """A deprecation of `knowledge.deprecations`: the releases that announce it, the removal the newest of
        them announces (None: not dated), and the deprecated values its constant lists."""
        found = self._notices.get(id_)
        if found is None:
            return (), None, ()
        removal = Version.parse(found["removal"]) if found["removal"] else None
        return self._spans(found["spans"]), removal, tuple(found["values"])

    def deprecated_keyword(self, callable_: str, keyword: str) -> DeprecatedKeyword | None:
        """A keyword the source of some release deprecates on ``callable_`` (`Class.method`, `<kind>.method`),
        as `tools.knowledge.deprecated_keywords` reads it."""
        found = self._deprecated_keywords.get(callable_, {}).get(keyword)
        if found is None:
            return None
        removal = Version.parse(found["removal"]) if found["removal"] else None
        return DeprecatedKeyword(
            callable_, keyword, found["new"] or None, removal, self._spans(found["spans"]),
            self._spans(found.get("gone")),
        )  # fmt: skip

    @functools.cached_property
    def deprecated_keyword_names(self) -> frozenset[str]:
        """Every keyword some release deprecates on some callable: what a call must pass to need a look."""
        return frozenset(keyword for by_keyword in self._deprecated_keywords.values() for keyword in by_keyword)

    def deprecated_callable(self, callable_: str) -> DeprecatedCallable | None:
        """A function, class (``transformers.module.Name``) or method (`Class.method`, `<kind>.method`) whose own
        body warns, in some release, that it is deprecated, as `tools.knowledge.stated_deprecations` reads it."""
        found = self._deprecated_callables.get(callable_)
        if found is None:
            return None
        removal = Version.parse(found["removal"]) if found["removal"] else None
        return DeprecatedCallable(callable_, found["advice"], removal, self._spans(found["spans"]))

    @functools.cached_property
    def deprecated_callable_names(self) -> dict[str, tuple[str, ...]]:
        """The last part of each deprecated callable's name -> the callables so named: what an import or an
        attribute must name to need a look."""
        found: dict[str, list[str]] = {}
        for callable_ in self._deprecated_callables:
            found.setdefault(callable_.rpartition(".")[2], []).append(callable_)
        return {name: tuple(callables) for name, callables in found.items()}

    def model_call(self, keyword: str) -> tuple[Span, ...]:
        """When some model class's ``forward`` took ``keyword`` (``model(..., head_mask=...)``)."""
        return self._spans(self._model_call.get(keyword))

    def value(self, callable_: str, keyword: str, value: str) -> tuple[Span, ...] | None:
        """When ``keyword=value`` was accepted, for the keywords of `VALUE_SETS`; None for other keywords."""
        by_value = self._values.get(f"{callable_}.{keyword}")
        return None if by_value is None else self._spans(by_value.get(value))

    def default(self, callable_: str, keyword: str, release: Version) -> str | None:
        """The literal default of a keyword whose default changed between releases, as in ``release``."""
        for default, raw in self._defaults.get(callable_, {}).get(keyword, {}).items():
            if self.has(self._spans(raw), release):
                return default
        return None

    def changed_defaults(self, callable_: str) -> tuple[str, ...]:
        """The keywords of ``callable_`` whose literal default changed between releases."""
        return tuple(self._defaults.get(callable_, {}))

    def default_since(self, callable_: str, keyword: str, default: str) -> Version | None:
        spans = self._spans(self._defaults.get(callable_, {}).get(keyword, {}).get(default))
        return min((span.first for span in spans), default=None)

    @property
    def compared(self) -> tuple[Version, Version]:
        """The two releases `class_changes` compares: the last 4.x and the newest."""
        first, last = self._class_changes["releases"]
        return Version.parse(first), Version.parse(last)

    def tokenizer_change(self, model_type: str) -> tuple[str, str, frozenset[str]] | None:
        """(the tokenizer class `AutoTokenizer` loaded for ``model_type`` in the last 4.x, the one it loads in the
        newest, the public methods the first had and the second lacks), where some were lost."""
        found = self._class_changes["tokenizers"].get(model_type)
        return None if found is None else (found["before"], found["after"], frozenset(found["lost"]))

    def model_class_lost(self, name: str) -> frozenset[str]:
        """The public methods and properties model class ``name`` had in the last 4.x and lacks in the newest,
        beyond what every model lost (`member("model", ...)`)."""
        return frozenset(self._class_changes["models"].get(name, ()))

    @functools.cached_property
    def class_lost_names(self) -> frozenset[str]:
        """Every name some tokenizer or model class lost between the two releases `class_changes` compares."""
        tokenizers = (name for change in self._class_changes["tokenizers"].values() for name in change["lost"])
        models = (name for lost in self._class_changes["models"].values() for name in lost)
        return frozenset((*tokenizers, *models))

    def special_token(self, name: str) -> tuple[Span, ...]:
        """When a tokenizer's `special_tokens_map` could hold ``name`` (its `SPECIAL_TOKENS_ATTRIBUTES`)."""
        return self._spans(self._special_tokens.get(name))

    def environment(self, name: str) -> tuple[Span, ...]:
        """When transformers, or the huggingface_hub releases at the ends of the range it admits, read the
        environment variable ``name``."""
        newest = len(self.releases) - 1
        return self._spans(_merged(newest, self._environment.get(name), self._hub_environment.get(name)))

    def read_by_hub(self, name: str) -> bool:
        """Some huggingface_hub release the timeline read takes the environment variable ``name``."""
        return name in self._hub_environment

    def requires(self, distribution: str) -> tuple[Span, ...]:
        """When the release required ``distribution`` (any version)."""
        return self._spans(
            _merged(
                len(self.releases) - 1,
                *(raw for fact, raw in self._requires.items() if fact.split(" ", 1)[0] == distribution),
            )
        )

    @functools.cached_property
    def gone_call_keywords(self) -> frozenset[str]:
        """Keywords some recorded callable or model ``forward`` took in one release and not in the newest."""
        gone = {keyword for keyword, raw in self._model_call.items() if ends_before_newest(raw)}
        return self.removed_keywords | gone

    def knows(self, callable_: str) -> bool:
        return callable_ in self._keywords

    def task_parameters(self, task: str) -> str | None:
        """The recorded callable that takes a pipeline task's keywords (`TokenClassificationPipeline.
        _sanitize_parameters` for "ner"), when the task was ever known."""
        cls = self._tasks.get(task)
        callable_ = f"{cls}.{TASK_PARAMETERS}" if cls else None
        return callable_ if callable_ in self._keywords else None

    @functools.cached_property
    def removed_keywords(self) -> frozenset[str]:
        """Keywords that some recorded callable took in one release and not in the newest."""
        return frozenset(
            keyword
            for by_keyword in self._keywords.values()
            for keyword, spans in by_keyword.items()
            if ends_before_newest(spans)
        )

    @functools.cached_property
    def gone_from_package(self) -> frozenset[str]:
        """Bare names that ``transformers`` exported in some release and not in the newest."""
        return frozenset(
            dotted.rpartition(".")[2]
            for dotted, spans in self._names.items()
            if dotted.count(".") == 1 and ends_before_newest(spans)
        )

    @functools.cached_property
    def gone_from_modules(self) -> frozenset[str]:
        """Bare names that a module of transformers (`transformers.file_utils`) had in some release and not in the
        newest."""
        return frozenset(
            dotted.rpartition(".")[2]
            for dotted, spans in self._names.items()
            if dotted.count(".") > 1 and ends_before_newest(spans)
        )


def ends_before_newest(raw: list[list[int]]) -> bool:
    """The stored spans of a fact that the newest release lacks: a span that reaches the newest is stored open,
    ``[first]``, so that a new release leaves the line of every fact it kept unchanged."""
    return len(raw[-1]) == 2


def holds(raw: list[list[int]] | None, index: int, newest: int) -> bool:
    """The release at ``index`` has the fact whose stored spans are ``raw``."""
    return any(span[0] <= index <= (span[1] if len(span) == 2 else newest) for span in raw or ())


def open_ends(raw: list[list[int]], newest: int) -> list[list[int]]:
    """Spans as the file stores them: the one that reaches the release at ``newest`` without its end."""
    return [[span[0]] if span[-1] == newest else span for span in raw]


def spans(indices: list[int]) -> list[list[int]]:
    """Sorted release indices -> [first, last] ranges of consecutive ones."""
    ranges: list[list[int]] = []
    for index in indices:
        if ranges and ranges[-1][1] == index - 1:
            ranges[-1][1] = index
        else:
            ranges.append([index, index])
    return ranges


def _merged(newest: int, *raws: list[list[int]] | None) -> list[list[int]]:
    """The union of span lists, as one list of disjoint spans."""
    return spans([index for index in range(newest + 1) if any(holds(raw, index, newest) for raw in raws)])


def _minor(release: Version) -> Version:
    return Version(release.major, release.minor)


@functools.cache
def timeline() -> Timeline:
    with open(DATA, encoding="utf-8") as handle:
        return Timeline(json.load(handle))
