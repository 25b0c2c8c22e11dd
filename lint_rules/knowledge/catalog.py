"""What a transformers release knows, read from its generated snapshot (never from transformers itself)."""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass

from lint_rules.versions import Version

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_SNAPSHOT = re.compile(r"transformers-(\d+)\.(\d+)\.json$")
_TRANSLATION = re.compile(r"^translation_[a-z]{2,3}_to_[a-z]{2,3}$")


@dataclass(frozen=True)
class TaskVerdict:
    """How a release takes a pipeline task name."""

    status: str  # "ok" | "alias" | "redirected" | "removed" | "unknown"
    task: str | None  # the task it runs as (for ok, alias, redirected)
    note: str = ""  # the release's own words, for removed tasks


class Catalog:
    def __init__(self, data: dict) -> None:
        self.version = Version.parse(data["transformers_version"])
        self.model_types: frozenset[str] = frozenset(data["model_types"])
        self.checkpoints: dict[str, str] = data["checkpoints"]  # hub id -> model type, as the source names them
        self.auto_classes: dict[str, dict[str, str | list[str]]] = data["auto_classes"]
        self.exports: frozenset[str] = frozenset(data["exports"])
        self.exported_auto_names = frozenset(name for name in self.exports if name.startswith("Auto"))
        self.signatures: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data["signatures"].items()}
        self.tokenizer_methods: frozenset[str] = frozenset(data["tokenizer_methods"])
        self.preprocessors = {name: frozenset(types) for name, types in data["preprocessors"].items()}
        # auto class -> model type -> the classes it may build (the 4.57 snapshot lists the types only)
        self.preprocessor_classes: dict[str, dict[str, tuple[str, ...]]] = {
            name: {model_type: tuple(classes) for model_type, classes in types.items()}
            for name, types in data["preprocessors"].items()
            if isinstance(types, dict)
        }
        # model type -> the parameters its experts are fused into at load -> the per-expert layers of a checkpoint
        self.fused_experts: dict[str, dict[str, tuple[str, ...]]] = {
            model_type: {name: tuple(layers) for name, layers in fused.items()}
            for model_type, fused in data.get("fused_experts", {}).items()
        }
        pipelines = data["pipelines"]
        self.tasks: dict[str, dict] = pipelines["tasks"]
        self.aliases: dict[str, str] = pipelines["aliases"]
        self.removed: dict[str, str] = pipelines["removed"]
        self.redirected: dict[str, str] = pipelines["redirected"]
        self.parametrized: frozenset[str] = frozenset(pipelines["parametrized"])

    def loads(self, auto_class: str, model_type: str) -> bool:
        return model_type in self.auto_classes.get(auto_class, ())

    def model_class(self, auto_class: str, model_type: str) -> str | None:
        """The concrete class ``auto_class`` builds for ``model_type`` (the first, when several)."""
        found = self.auto_classes.get(auto_class, {}).get(model_type)
        return found[0] if isinstance(found, list) else found

    def classes_loaded(self, auto_class: str, model_type: str) -> tuple[str, ...]:
        """Every class ``auto_class`` may build for ``model_type``: its model class, or the preprocessor classes
        among which the release picks at run time (a tokenizer's slow and fast one, an image processor's backends);
        empty where not known."""
        if auto_class in self.preprocessors:
            return self.preprocessor_classes.get(auto_class, {}).get(model_type, ())
        found = self.auto_classes.get(auto_class, {}).get(model_type)
        return tuple(found) if isinstance(found, list) else (found,) if found else ()

    def built_by(self, auto_class: str, model_types: frozenset[str] | None = None) -> frozenset[str]:
        """Every concrete class ``auto_class`` builds (for ``model_types``; None: for any type)."""
        table = self.auto_classes.get(auto_class, {})
        found: set[str] = set()
        for model_type, classes in table.items():
            if model_types is None or model_type in model_types:
                found.update(classes if isinstance(classes, list) else [classes])
        return frozenset(found)

    def classes_for(self, model_type: str) -> list[str]:
        return [name for name, table in self.auto_classes.items() if model_type in table]

    def types_loaded_by(self, cls: str) -> frozenset[str]:
        """The model types a class can hold: every type an Auto class maps, or those whose mappings name a
        concrete class."""
        if cls in self.auto_classes:
            return frozenset(self.auto_classes[cls])
        return frozenset(
            model_type
            for table in self.auto_classes.values()
            for model_type, classes in table.items()
            if cls == classes or isinstance(classes, list) and cls in classes
        )

    def task(self, name: str) -> TaskVerdict:
        if name in self.tasks:
            return TaskVerdict("ok", name)
        if name in self.aliases:
            return TaskVerdict("alias", self.aliases[name])
        if "translation" in self.parametrized and _TRANSLATION.match(name):
            return TaskVerdict("ok", "translation")
        family = task_family(name)
        if family in self.removed:
            return TaskVerdict("removed", None, self.removed[family])
        if name in self.redirected:
            return TaskVerdict("redirected", self.redirected[name])
        return TaskVerdict("unknown", None)

    def task_names(self) -> list[str]:
        return sorted({*self.tasks, *self.aliases})


def task_family(name: str) -> str:
    """The task a name belongs to: `translation` for `translation_xx_to_yy`, else the name itself."""
    return "translation" if _TRANSLATION.match(name) else name


@functools.cache
def snapshots() -> tuple[tuple[Version, str], ...]:
    found = []
    for name in os.listdir(DATA):
        match = _SNAPSHOT.search(name)
        if match:
            found.append((Version(int(match.group(1)), int(match.group(2))), os.path.join(DATA, name)))
    return tuple(sorted(found))


@functools.cache
def _load(path: str) -> Catalog:
    with open(path, encoding="utf-8") as handle:
        return Catalog(json.load(handle))


def catalog_for(target: Version) -> Catalog:
    """The snapshot of ``target``'s release line: the newest one of its major version (each line keeps one, its
    newest known release); else the newest before it, or the oldest one for older targets."""
    chosen = snapshots()[0][1]
    for version, path in snapshots():
        if version.major == target.major or (version.major, version.minor) <= (target.major, target.minor):
            chosen = path
    return _load(chosen)


def last_default(task: str) -> tuple[str, str | None] | None:
    """(model id, revision) that the newest release still running ``task`` loaded when no model was given."""
    for catalog in reversed(all_catalogs()):
        entry = catalog.tasks.get(task)
        if entry is not None:
            return (entry["default_model"], entry.get("default_revision")) if entry.get("default_model") else None
    return None


def all_catalogs() -> list[Catalog]:
    return [_load(path) for _, path in snapshots()]


@functools.cache
def known_auto_names() -> frozenset[str]:
    """Every `Auto*` name any known release exports."""
    return frozenset().union(*(catalog.exported_auto_names for catalog in all_catalogs()))


@functools.cache
def _checkpoint_index() -> dict[str, str]:
    """Lower-cased hub id -> model type across the known releases, and each name the table holds under
    one organisation only (`gpt2` for `openai-community/gpt2`, as the hub redirects legacy ids); an id or
    name the releases disagree on is left out."""
    found: dict[str, set[str]] = {}
    for catalog in all_catalogs():
        for model_id, model_type in catalog.checkpoints.items():
            found.setdefault(model_id.lower(), set()).add(model_type)
    names: dict[str, set[str]] = {}
    for model_id in found:
        names.setdefault(model_id.split("/")[1], set()).add(model_id)
    index = {model_id: types.pop() for model_id, types in found.items() if len(types) == 1}
    for name, ids in names.items():
        if len(ids) == 1 and name not in found and (only := ids.pop()) in index:
            index[name] = index[only]
    return index


def checkpoint_type(model_id: str) -> str | None:
    """The model type of a checkpoint that transformers' own source names (by `org/name` or, for a
    legacy id without an organisation, by its name), whatever the letter case; None for any other id."""
    return _checkpoint_index().get(model_id.strip().lower())
