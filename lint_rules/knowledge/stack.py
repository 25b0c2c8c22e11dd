"""transformers' stack release by release: huggingface_hub, datasets, peft and trl, from their released wheels.

One file per package, ``data/stack-<package>.json``, which `python -m tools.knowledge.generate_stack` writes
from the last patch of every minor release (read as source with `ast`, never imported); each fact is stored as
the spans of releases that have it, as in transformers' own timeline (`knowledge.timeline`). A package's file is
loaded the first time a rule asks about that package.

Names are dotted paths as users write them (``huggingface_hub.HfFolder``, ``datasets.load.load_dataset``).
Callables are keyed by what the package exports: ``hf_hub_download``, ``HfApi`` (its ``__init__``),
``HfApi.upload_folder`` (``create_repo``, a module-level ``api.create_repo``, is recorded under its own name),
``Dataset.map``; classes (``HfApi``, ``Dataset``) have their public attributes recorded, and callables the
exported classes their return annotations name, so that ``load_dataset(...).map`` is known to be ``Dataset.map``
or ``DatasetDict.map``.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from lint_rules.knowledge.timeline import ReleaseLine, Span, ends_before_newest
from lint_rules.stack import PACKAGES
from lint_rules.versions import RELEASES, Version

__all__ = ["PACKAGES", "Notice", "StackTimeline", "data_path", "stack_timeline"]
DATA_FOLDER = os.path.dirname(RELEASES)


def data_path(package: str) -> str:
    return os.path.join(DATA_FOLDER, f"stack-{package}.json")


@dataclass(frozen=True)
class Notice:
    """A deprecation some releases announced: the spans that carry it, the removal it announces, its words."""

    spans: tuple[Span, ...]
    removal: Version | None
    message: str


@dataclass(frozen=True)
class ExpertTargets:
    """How a peft release maps the per-expert names of a LoRA config's `target_modules` onto the parameters
    transformers 5 fuses a model type's experts into: each name's parameter, the names that must come together,
    whether `"all-linear"` reaches them too, and the first release that maps the names (and `"all-linear"`)."""

    parameters: dict[str, str]  # `w1` -> `gate_up_proj`
    together: dict[str, tuple[str, ...]]  # `gate_up_proj` -> (`w1`, `w3`)
    all_linear: bool
    since: Version
    all_linear_since: Version | None


class StackTimeline(ReleaseLine):
    def __init__(self, package: str, data: dict) -> None:
        super().__init__(data)
        self.package = package
        self._data = data

    def name(self, dotted: str) -> tuple[Span, ...]:
        """When ``<package>.X`` / ``<package>.module.X`` could be imported (empty: never)."""
        return self._spans(self._data["names"].get(dotted))

    def module(self, dotted: str) -> tuple[Span, ...]:
        return self._spans(self._data["modules"].get(dotted))

    def callable(self, key: str) -> tuple[Span, ...]:
        """When the exported callable ``key`` (``hf_hub_download``, ``HfApi.upload_folder``) existed."""
        return self._spans(self._data["callables"].get(key))

    def keyword(self, key: str, keyword: str) -> tuple[Span, ...]:
        return self._spans(self._data["keywords"].get(key, {}).get(keyword))

    def wrapped(self, key: str, keyword: str) -> tuple[Span, ...]:
        """When only the decorator of ``key`` took ``keyword``, dropping or renaming it before the call
        (huggingface_hub's `@validate_hf_hub_args`: `resume_download=` since 1.0, `use_auth_token=` before)."""
        return self._spans(self._data["wrapped"].get(key, {}).get(keyword))

    def takes_any_keyword(self, key: str, release: Version) -> bool:
        return self.has(self._spans(self._data["var_keyword"].get(key)), release)

    def kwargs(self, key: str) -> str:
        """The name of the ``**kwargs`` of ``key`` (in the newest release that takes one)."""
        return self._data["kwargs"].get(key, "kwargs")

    def is_open(self, key: str, release: Version) -> bool:
        """A class whose ``__init__`` (or some of its fields) is a base's from another library in ``release``."""
        return self.has(self._spans(self._data["open"].get(key)), release)

    def positional(self, key: str, release: Version) -> int | None:
        for count, raw in self._data["positional"].get(key, {}).items():
            if self.has(self._spans(raw), release):
                return int(count)
        return None

    def member(self, cls: str, name: str) -> tuple[Span, ...]:
        """When instances of exported class ``cls`` had the public attribute ``name``."""
        return self._spans(self._data["members"].get(cls, {}).get(name))

    def is_class(self, key: str) -> bool:
        return key in self._data["members"]

    def fully_known(self, cls: str, release: Version) -> bool:
        """Every base of ``cls`` is the package's own or a plain one of Python in ``release``: an attribute its
        classes do not define, it does not have."""
        return self.has(self._spans(self._data["known"].get(cls)), release)

    def returns(self, key: str) -> tuple[str, ...]:
        """The exported classes that calling ``key`` returns (a class: its instance), as annotated."""
        return tuple(self._data["returns"].get(key, ()))

    def outside_base(self, cls: str) -> str | None:
        """The base from another library that ``cls`` derives from (``transformers.TrainingArguments``)."""
        return self._data["outside_base"].get(cls)

    def notice(self, key: str) -> Notice | None:
        """The deprecation of callable ``key`` (``HfApi.update_repo_visibility``) or of one of its keywords
        (``load_dataset(use_auth_token)``)."""
        found = self._data["notices"].get(key)
        if found is None:
            return None
        removal = Version.parse(found["removal"]) if found["removal"] else None
        return Notice(self._spans(found["spans"]), removal, found["message"])

    def expert_targets(self, model_type: str, pattern: str | None, release: Version) -> ExpertTargets | None:
        """How ``release`` (of peft) maps LoRA targets onto the fused experts of ``model_type``, whose weight
        conversion is ``pattern``'s (transformers' `_MODEL_TO_CONVERSION_PATTERN`, to which peft adds types of its
        own); None when it leaves them as they are."""
        held = [(fact.split(), self._spans(raw)) for fact, raw in self._data.get("experts", {}).items()]
        base = next((f[2] for f, spans in held if f[:2] == ["pattern", model_type] and self.has(spans, release)), None)
        base = base or pattern
        targets = [(f, spans) for f, spans in held if f[0] == "target" and f[1] == base]
        parameters = {f[2]: f[3] for f, spans in targets if self.has(spans, release)}
        if base is None or not parameters:
            return None
        together = {
            f[2]: tuple(f[3:]) for f, spans in held if f[0] == "fused" and f[1] == base and self.has(spans, release)
        }
        since = min(span.first for _, spans in targets for span in spans)
        shorthand = next((spans for f, spans in held if f == ["shorthand", "all-linear"]), ())
        all_linear_since = min((span.first for span in shorthand), default=None)
        return ExpertTargets(parameters, together, self.has(shorthand, release), since, all_linear_since)

    @functools.cached_property
    def gone_names(self) -> frozenset[str]:
        """The last part of every name, module and class attribute that some release had and the newest lacks: what
        a rule needs to look at closer."""
        found = {
            dotted.rpartition(".")[2]
            for table in ("names", "modules")
            for dotted, raw in self._data[table].items()
            if ends_before_newest(raw)
        }
        members = self._data["members"].values()
        found |= {name for by_name in members for name, raw in by_name.items() if ends_before_newest(raw)}
        return frozenset(found)

    @functools.cached_property
    def gone_keywords(self) -> frozenset[str]:
        """Keywords that some callable took in one release and not in the newest."""
        return frozenset(
            keyword
            for by_keyword in self._data["keywords"].values()
            for keyword, raw in by_keyword.items()
            if ends_before_newest(raw)
        )


@functools.cache
def stack_timeline(package: str) -> StackTimeline:
    with open(data_path(package), encoding="utf-8") as handle:
        return StackTimeline(package, json.load(handle))
