"""`automodel-lint which-class`: which Auto class (and pre-processor, and pipeline) fits a model and a task."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

from lint_rules.facts.models import ModelRef, resolve_model_id
from lint_rules.knowledge.catalog import Catalog
from lint_rules.knowledge.families import FAMILIES
from lint_rules.knowledge.tasks import PREPROCESSORS_BY_MODALITY, USER_TASKS


@dataclass
class Answer:
    target: str
    model: str | None = None
    model_type: str | None = None
    source: str | None = None  # "local", "cache", "library", "name"
    classes: list[str] = field(default_factory=list)  # every Auto class that loads the model
    task: str | None = None
    use: str | None = None  # the Auto class for the task
    preprocessor: str | None = None
    pipeline: str | None = None
    fits: bool | None = None
    notes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # model families that fit the task, when the model does not

    def as_dict(self) -> dict:
        return asdict(self)


class UnknownTask(ValueError):
    pass


def task_spec(catalog: Catalog, task: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    if task in USER_TASKS:
        return USER_TASKS[task]
    verdict = catalog.task(task)
    name = verdict.task
    if name is None and verdict.status == "removed":
        raise UnknownTask(
            f"the `{task}` pipeline was removed in transformers {catalog.version.major}.0: {verdict.note}"
        )
    if name is None:
        known = ", ".join(sorted(USER_TASKS))
        raise UnknownTask(
            f"unknown task `{task}`: use a pipeline task of transformers {catalog.version} or one of {known}"
        )
    spec = catalog.tasks[name]
    modality = {"image": "image", "audio": "audio", "video": "image"}.get(
        spec.get("type"), "multimodal" if spec.get("type") == "multimodal" else "text"
    )
    return tuple(spec["classes"]), modality, (name,)


def which_class(catalog: Catalog, model: str | None, task: str | None, base_dir: str = ".") -> Answer:
    answer = Answer(target=str(catalog.version), model=model, task=task)
    ref: ModelRef | None = None
    if model is not None:
        ref = resolve_model_id(model, os.path.abspath(base_dir))
        if ref is None:
            answer.notes.append(
                f"`{model}` could not be resolved offline: pass a local directory with a config.json, or download it "
                "once into the Hugging Face cache (`huggingface-cli download ...`); "
                "model ids are never looked up online"
            )
            return answer
        answer.model_type, answer.source = ref.model_type, ref.source
        answer.classes = catalog.classes_for(ref.model_type)
        if not answer.classes:
            answer.notes.append(f"transformers {catalog.version} has no Auto class for `{ref.model_type}` models")
    if task is None:
        return answer
    classes, modality, pipelines = task_spec(catalog, task)
    available = [cls for cls in classes if cls in catalog.auto_classes]
    answer.pipeline = next((name for name in pipelines if catalog.task(name).status in ("ok", "alias")), None)
    for name in pipelines:
        verdict = catalog.task(name)
        if verdict.status == "removed" and answer.pipeline is None:
            answer.notes.append(f"no `{name}` pipeline in transformers {catalog.version}: {verdict.note}")
    if ref is None:
        answer.use = available[0] if available else None
        answer.preprocessor = PREPROCESSORS_BY_MODALITY[modality][0]
        return answer
    fitting = [cls for cls in available if catalog.loads(cls, ref.model_type)]
    answer.fits = bool(fitting)
    if not fitting:
        answer.notes.insert(
            0,
            f"`{model}` ({ref.model_type}) does not fit {task}: "
            f"none of {', '.join(available) or 'its classes'} loads it",
        )
        answer.families = _families_for(catalog, available)
        answer.pipeline = None
        return answer
    answer.use = fitting[0]
    preprocessors = PREPROCESSORS_BY_MODALITY[modality]
    answer.preprocessor = next(
        (name for name in preprocessors if ref.model_type in catalog.preprocessors.get(name, ())), None
    )
    if answer.use == "AutoModelForSeq2SeqLM" and answer.pipeline == "text-generation":
        answer.pipeline = next(
            (p for p in pipelines if p != "text-generation" and catalog.task(p).status == "ok"), None
        )
    if task == "reranking" and ref.source in ("library", "name"):  # known by its id, not by its weights
        answer.notes.append(
            "a reranker is a cross-encoder fine-tuned for relevance: check the checkpoint has that head"
        )
    return answer


def _families_for(catalog: Catalog, classes: list[str]) -> list[str]:
    seen, out = set(), []
    for _, model_type, example in FAMILIES:
        if model_type not in seen and any(catalog.loads(cls, model_type) for cls in classes):
            seen.add(model_type)
            out.append(f"{model_type} (e.g. {example})")
    return out


def render(answer: Answer) -> str:
    lines = [f"transformers {answer.target}"]
    if answer.model is not None:
        how = {
            "local": "its config.json",
            "cache": "the Hugging Face cache",
            "library": "transformers' own docs",
            "name": "its name",
        }.get(answer.source or "", "")
        lines.append(f"model: {answer.model}" + (f" -> {answer.model_type} (from {how})" if answer.model_type else ""))
        if answer.classes:
            lines.append(f"Auto classes that load it: {', '.join(answer.classes)}")
    if answer.task is not None:
        if answer.use:
            lines.append(
                f"task {answer.task}: use {answer.use}"
                + (f" with {answer.preprocessor}" if answer.preprocessor else "")
            )
            lines.append(
                f"pipeline: {answer.pipeline}" if answer.pipeline else "pipeline: none for this task in this release"
            )
        if answer.families:
            lines.append("model families that fit: " + "; ".join(answer.families))
    lines.extend(f"note: {note}" for note in answer.notes)
    return "\n".join(lines) + "\n"
