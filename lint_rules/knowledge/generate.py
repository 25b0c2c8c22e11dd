"""Write the knowledge snapshot of the installed transformers: `python -m lint_rules.knowledge.generate`.

The only module of this package that imports transformers (and, through its pipelines, torch). The
lint path reads the JSON it writes to ``lint_rules/knowledge/data/transformers-X.Y.json``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys

# Task names that some release had; probed against the installed release's own redirects.
HISTORICAL_TASKS = (
    "conversational", "image-to-image", "image-to-text", "question-answering", "summarization",
    "text2text-generation", "translation", "visual-question-answering", "vqa",
)  # fmt: skip
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _names(value) -> str | list[str]:
    if isinstance(value, (tuple, list)):
        return [v for v in value if v]
    return value


def _auto_classes() -> dict[str, dict[str, str | list[str]]]:
    from transformers.models.auto import modeling_auto

    found = {}
    for name, obj in vars(modeling_auto).items():
        mapping = getattr(obj, "_model_mapping", None)
        if inspect.isclass(obj) and name.startswith("Auto") and mapping is not None:
            names = getattr(mapping, "_model_mapping", None)
            if isinstance(names, dict):
                found[name] = {model_type: _names(cls) for model_type, cls in sorted(names.items())}
    return dict(sorted(found.items()))


def _preprocessors() -> dict[str, list[str]]:
    from transformers.models.auto import (
        feature_extraction_auto,
        image_processing_auto,
        processing_auto,
        tokenization_auto,
    )

    tables = {
        "AutoTokenizer": tokenization_auto.TOKENIZER_MAPPING_NAMES,
        "AutoImageProcessor": image_processing_auto.IMAGE_PROCESSOR_MAPPING_NAMES,
        "AutoFeatureExtractor": feature_extraction_auto.FEATURE_EXTRACTOR_MAPPING_NAMES,
        "AutoProcessor": processing_auto.PROCESSOR_MAPPING_NAMES,
    }
    return {name: sorted(key for key, value in table.items() if value) for name, table in tables.items()}


def _default_model(default) -> tuple[str | None, str | None]:
    model = (default or {}).get("model")
    if isinstance(model, dict):  # 4.x: {"pt": (id, revision), "tf": (...)}
        model = model.get("pt")
    if isinstance(model, (tuple, list)) and model:
        return model[0], (model[1] if len(model) > 1 else None)
    return None, None


def _pipelines() -> dict:
    from transformers import pipelines

    tasks = {}
    for task, spec in sorted(pipelines.SUPPORTED_TASKS.items()):
        model, revision = _default_model(spec.get("default"))
        tasks[task] = {
            "classes": [cls.__name__ for cls in spec.get("pt", ())],
            "default_model": model,
            "default_revision": revision,
            "type": spec.get("type"),
        }
    removed = dict(getattr(pipelines, "REMOVED_TASKS", {}))
    redirected = {}
    resolve = getattr(pipelines, "_resolve_deprecated_task", None)
    for task in HISTORICAL_TASKS if resolve is not None else ():
        try:
            replacement = resolve(task)
        except KeyError:
            continue  # one of REMOVED_TASKS
        if replacement != task:
            redirected[task] = replacement
    return {
        "tasks": tasks,
        "aliases": dict(sorted(pipelines.TASK_ALIASES.items())),
        "removed": dict(sorted(removed.items())),
        "redirected": dict(sorted(redirected.items())),
        # a parametrised task: `translation_en_to_fr` in releases that still have "translation"
        "parametrized": sorted(task for task in tasks if task == "translation"),
    }


def _exports() -> list[str]:
    """Every public name `import transformers` offers."""
    import transformers

    return sorted(name for name in dir(transformers) if not name.startswith("_"))


# Callables whose keyword parameters migration rules check, and where to find them.
SIGNATURES = {
    "TrainingArguments": ("transformers", "TrainingArguments", "__init__"),
    "Seq2SeqTrainingArguments": ("transformers", "Seq2SeqTrainingArguments", "__init__"),
    "Trainer": ("transformers", "Trainer", "__init__"),
    "Seq2SeqTrainer": ("transformers", "Seq2SeqTrainer", "__init__"),
    "pipeline": ("transformers", "pipeline", None),
    "PreTrainedTokenizerBase.__call__": ("transformers", "PreTrainedTokenizerBase", "__call__"),
}


def _signatures() -> dict[str, list[str]]:
    import importlib

    found = {}
    for key, (module, name, method) in SIGNATURES.items():
        target = getattr(importlib.import_module(module), name)
        if method is not None:
            target = getattr(target, method)
        found[key] = [p for p in inspect.signature(target).parameters if p not in ("self", "args", "kwargs")]
    return found


def _tokenizer_methods() -> list[str]:
    from transformers import PreTrainedTokenizerBase

    return sorted(name for name in dir(PreTrainedTokenizerBase) if not name.startswith("_"))


def snapshot() -> dict:
    import transformers
    from transformers.models.auto import configuration_auto

    transformers.logging.set_verbosity_error()  # probing deprecated tasks logs warnings

    return {
        "transformers_version": transformers.__version__,
        "model_types": sorted(configuration_auto.CONFIG_MAPPING_NAMES),
        "auto_classes": _auto_classes(),
        "exports": _exports(),
        "signatures": _signatures(),
        "tokenizer_methods": _tokenizer_methods(),
        "preprocessors": _preprocessors(),
        "pipelines": _pipelines(),
    }


def snapshot_path(version: str) -> str:
    major, minor = version.split(".")[:2]
    return os.path.join(DATA, f"transformers-{major}.{minor}.json")


def dumps(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="where to write (default: the data folder, named by version)")
    args = parser.parse_args(argv)
    data = snapshot()
    path = args.output or snapshot_path(data["transformers_version"])
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(dumps(data))
    print(f"wrote {path} (transformers {data['transformers_version']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
