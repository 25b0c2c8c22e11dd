"""transformers' public API release by release, from 4.30 to 5.23: what could be imported, from where, and
which keywords the callables users call took.

Read from ``data/timeline.json``, which `python -m lint_rules.knowledge.generate_timeline` writes from the
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
)
# The method of a task's pipeline class that takes the task's keywords (`pipeline("ner", grouped_entities=True)`
# reaches `TokenClassificationPipeline._sanitize_parameters`); the timeline records it for every task's class.
TASK_PARAMETERS = "_sanitize_parameters"


@dataclass(frozen=True)
class Span:
    """Consecutive releases that have a fact: from ``first`` to ``last``, both included."""

    first: Version
    last: Version


class Timeline:
    def __init__(self, data: dict) -> None:
        self.releases: tuple[Version, ...] = tuple(Version.parse(text) for text in data["releases"])
        self._names: dict[str, list[list[int]]] = data["names"]
        self._modules: dict[str, list[list[int]]] = data["modules"]
        self._keywords: dict[str, dict[str, list[list[int]]]] = data["keywords"]
        self._var_keyword: dict[str, list[list[int]]] = data["var_keyword"]
        self._tasks: dict[str, str] = data["tasks"]
        self._positional: dict[str, dict[str, list[list[int]]]] = data["positional"]

    # ---- lookups -----------------------------------------------------------------------------
    def name(self, dotted: str) -> tuple[Span, ...]:
        """When ``transformers.X`` / ``transformers.module.X`` could be imported (empty: never)."""
        return self._spans(self._names.get(dotted))

    def module(self, dotted: str) -> tuple[Span, ...]:
        return self._spans(self._modules.get(dotted))

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
        newest = len(self.releases) - 1
        return frozenset(
            keyword
            for by_keyword in self._keywords.values()
            for keyword, spans in by_keyword.items()
            if spans[-1][1] < newest
        )

    @functools.cached_property
    def gone_from_package(self) -> frozenset[str]:
        """Bare names that ``transformers`` exported in some release and not in the newest."""
        newest = len(self.releases) - 1
        return frozenset(
            dotted.rpartition(".")[2]
            for dotted, spans in self._names.items()
            if dotted.count(".") == 1 and spans[-1][1] < newest
        )

    # ---- reading spans ---------------------------------------------------------------------------
    def covers(self, release: Version) -> bool:
        """``release`` is within the timeline (a newer one is judged as the newest known)."""
        return self.releases[0] <= _minor(release)

    def at(self, release: Version) -> Version:
        """The recorded release that stands for ``release``: the newest at or before it."""
        minor = _minor(release)
        return max((known for known in self.releases if known <= minor), default=self.releases[0])

    def has(self, spans: tuple[Span, ...], release: Version) -> bool:
        here = self.at(release)
        return any(span.first <= here <= span.last for span in spans)

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
        return tuple(Span(self.releases[first], self.releases[last]) for first, last in raw)


def _minor(release: Version) -> Version:
    return Version(release.major, release.minor)


@functools.cache
def timeline() -> Timeline:
    with open(DATA, encoding="utf-8") as handle:
        return Timeline(json.load(handle))
