"""What the newest transformers moved or dropped since the last 4.x, read from `data/moves.json` (written from the
wheels of both, and of the first release of the newest's major, by `python -m tools.knowledge.generate_moves`): the
generation settings every config drops unless its class declares them, the model types whose `rope_theta` went into
`rope_parameters`, the text attributes Qwen2-VL-like configs no longer forward to `text_config`, each config class's
model type, the config keywords a model type's config stores and never reads, the model classes that can generate
(the only ones with a `generation_config` now), what a model class or a model type's tokenizer lost by 5.0, the
KV-cache methods no 5.x cache class has, the tokenizer classes whose constructor ignores `vocab_file=`, and the
names 4.x kept as aliases of another name that 5.x dropped."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from lint_rules.versions import Version

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "moves.json")
MOVED_IN = Version(5, 0)  # read in 5.0.0's `PreTrainedConfig.__post_init__`: both moves are there


@dataclass(frozen=True)
class Moves:
    releases: tuple[str, str]
    generation_parameters: frozenset[str]
    declared: dict[str, frozenset[str]]  # model type -> the generation parameters its config class keeps
    rope_theta_moved: frozenset[str]
    classes: dict[str, str]  # config class -> model type
    aliases: dict[str, str]  # a name the last 4.x defined as another, gone since -> that other name
    positional_names: dict[str, list[str]]  # a callable that takes fewer arguments by position -> 4.x's names
    inlined: dict[str, dict[str, str]]  # kind -> a member 5.x dropped (`m()` or `m`) -> what 4.x returned, `self.`...
    merged: dict[str, str]  # a class gone since the last 4.x -> its only 4.x subclass, which took its methods
    config_constructors: dict[str, list[str]]  # a config class method 5.x dropped -> the keyword of each parameter
    forwarded: dict[str, dict[str, str]]  # model class -> a property it lost -> the path 4.x's property returned
    # model type -> the keywords of its 4.x config that the newest stores and never reads -> 4.x's default (source)
    ignored_keywords: dict[str, dict[str, str | None]]
    # model type -> a sub-config its 4.x config forwarded attributes to and the newest does not -> those attributes
    nested: dict[str, dict[str, frozenset[str]]]
    # model attributes 4.x set to None on a model that cannot generate and the newest does not set there
    generative_only: frozenset[str]
    generative: frozenset[str]  # the newest's model classes that can generate
    first_major: Version | None  # the first release of the newest's major that `lost_by_first_major` read
    lost_by_first_major: dict[str, frozenset[str]]  # model class -> members it lost by then, and lacks at the newest
    # model type -> the class `AutoTokenizer` loads for it in that release, and the methods it lost by then so
    tokenizers_by_first_major: dict[str, tuple[str, frozenset[str]]]
    cache_classes: frozenset[str]  # the KV-cache classes both the last 4.x and the newest define
    cache_lost: frozenset[str]  # methods some 4.x cache class had that no 5.x one has
    tokenizer_files: dict[str, frozenset[str]]  # tokenizer class -> the file keywords its 5.x constructor ignores

    @property
    def newest(self) -> Version:
        return Version.parse(self.releases[1])

    def dropped(self, model_types: frozenset[str] | None) -> frozenset[str]:
        """The generation parameters that a config of any of ``model_types`` (None: any type) lacks."""
        types = self.classes.values() if model_types is None else model_types
        kept = frozenset().union(*(self.declared.get(model_type, frozenset()) for model_type in types))
        return self.generation_parameters - kept

    def nested_in(self, model_types: frozenset[str] | None, name: str) -> str | None:
        """The sub-config (`text_config`) that holds ``name`` for a config of every one of ``model_types``, where the
        last 4.x forwarded it there from the outer config and the newest does not."""
        if not model_types:
            return None
        found = {
            next((into for into, names in self.nested.get(model_type, {}).items() if name in names), None)
            for model_type in model_types
        }
        return found.pop() if len(found) == 1 else None

    def model_class_lost(self, name: str, target: Version) -> frozenset[str]:
        """What model class ``name`` lacks at ``target`` of what the last 4.x had, where certain: lost by the first
        release of the newest's major and still lost at the newest (None for a target before that release)."""
        if self.first_major is None or target < self.first_major:
            return frozenset()
        return self.lost_by_first_major.get(name, frozenset())

    def tokenizer_lost(self, model_type: str, target: Version) -> tuple[str, frozenset[str]] | None:
        """The class `AutoTokenizer` loads for ``model_type`` and the methods it lacks at ``target`` of what the last
        4.x's had, where certain (as `model_class_lost`)."""
        if self.first_major is None or target < self.first_major:
            return None
        return self.tokenizers_by_first_major.get(model_type)

    def rope_theta_gone(self, model_types: frozenset[str] | None) -> bool:
        """Whether a config of any of ``model_types`` keeps `rope_theta` only in `rope_parameters`."""
        return bool(model_types) and model_types <= self.rope_theta_moved


@functools.cache
def moves() -> Moves:
    with open(DATA, encoding="utf-8") as handle:
        data = json.load(handle)
    return Moves(
        releases=tuple(data["releases"]),
        generation_parameters=frozenset(data["generation_parameters"]),
        declared={model_type: frozenset(names) for model_type, names in data["declared"].items()},
        rope_theta_moved=frozenset(data["rope_theta_moved"]),
        classes=data["classes"],
        aliases=data["aliases"],
        merged=data["merged"],
        inlined=data["inlined"],
        positional_names=data["positional_names"],
        ignored_keywords=data["ignored_keywords"],
        forwarded=data["forwarded"],
        config_constructors=data["config_constructors"],
        nested={
            model_type: {into: frozenset(names) for into, names in inner.items()}
            for model_type, inner in data["nested"].items()
        },
        generative_only=frozenset(data["generative_only"]),
        generative=frozenset(data["generative"]),
        first_major=Version.parse(first) if (first := data["lost_by_first_major"]["release"]) else None,
        lost_by_first_major={
            name: frozenset(members) for name, members in data["lost_by_first_major"]["models"].items()
        },
        cache_classes=frozenset(data["cache"]["classes"]),
        cache_lost=frozenset(data["cache"]["lost"]),
        tokenizer_files={name: frozenset(keywords) for name, keywords in data["tokenizer_files"].items()},
        tokenizers_by_first_major={
            model_type: (change["class"], frozenset(change["lost"]))
            for model_type, change in data["lost_by_first_major"]["tokenizers"].items()
        },
    )
