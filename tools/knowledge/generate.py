"""Write the knowledge snapshot of the installed transformers: `python -m tools.knowledge.generate`.

The only module of this package that imports transformers (and, through its pipelines, torch). The
lint path reads the JSON it writes to ``lint_rules/knowledge/data/transformers-X.Y.json``.

The checkpoint table (hub id -> model type) is read from the library's source as text, so it can also be
made from an unpacked release that is not installed: `python -m tools.knowledge.generate
--source-only DIR` (DIR: the `transformers` package folder of a wheel) adds it to that release's snapshot.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import re
import sys
from collections import defaultdict

from lint_rules.knowledge.reviewable import dumps
from tools.knowledge import DATA as KNOWLEDGE_DATA

# Task names that some release had; probed against the installed release's own redirects.
HISTORICAL_TASKS = (
    "conversational", "image-to-image", "image-to-text", "question-answering", "summarization",
    "text2text-generation", "translation", "visual-question-answering", "vqa",
)  # fmt: skip
DATA = KNOWLEDGE_DATA


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


def _preprocessors() -> dict[str, dict[str, list[str]]]:
    """Auto class -> model type -> the classes it may load for it (a tokenizer's slow and fast one, an image
    processor's backends)."""
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
    return {
        name: {key: classes for key, value in sorted(table.items()) if (classes := _classes_of(value))}
        for name, table in tables.items()
    }


def _classes_of(value) -> list[str]:
    """The class names a mapping entry holds: a name, a (slow, fast) pair, or a backend -> name dict."""
    values = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
    return sorted({name for name in values if isinstance(name, str) and name})


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


# A per-expert weight a checkpoint stores (`mlp.experts.*.w1.weight`), and the fused parameter it loads into.
_EXPERT_WEIGHT = re.compile(r"experts\.\*\.(\w+)\.weight$")
_FUSED_PARAMETER = re.compile(r"experts\.(\w+)$")


def _fused_experts(model_types: list[str]) -> dict[str, dict[str, list[str]]]:
    """Model type -> the parameters its experts are fused into at load, each with the per-expert linear layers
    a checkpoint stores for it (`{"gate_up_proj": ["w1", "w3"], "down_proj": ["w2"]}`), as the release's weight
    conversion says."""
    try:
        from transformers import conversion_mapping
    except ImportError:  # a release before the weight conversion
        return {}
    found = {}
    for model_type in model_types:
        fused = {}
        for step in conversion_mapping.get_checkpoint_conversion_mapping(model_type) or ():
            sources, targets = (_patterns(getattr(step, name, None)) for name in ("source_patterns", "target_patterns"))
            experts = [_EXPERT_WEIGHT.search(source) for source in sources]
            fused_into = [_FUSED_PARAMETER.search(target) for target in targets]
            if experts and all(experts) and len(fused_into) == 1 and fused_into[0]:
                fused[fused_into[0].group(1)] = [match.group(1) for match in experts]
        if fused:
            found[model_type] = dict(sorted(fused.items()))
    return found


def _patterns(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


def _tokenizer_methods() -> list[str]:
    from transformers import PreTrainedTokenizerBase

    return sorted(name for name in dir(PreTrainedTokenizerBase) if not name.startswith("_"))


# A hub id as the library's source cites it: `org/name`, never a path.
_HUB_ID = r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*"
_LINK = re.compile(rf"\[({_HUB_ID})\]\(https://huggingface\.co/\1/?\)")  # [org/name](https://huggingface.co/org/name)
_EXAMPLE = re.compile(rf"from_pretrained\(\s*[\"']({_HUB_ID})[\"']")
_AMBIGUOUS = ""


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _hub_id(text: str | None) -> str | None:
    return text if text and re.fullmatch(_HUB_ID, text) else None


def _decorator_checkpoints(node: ast.ClassDef) -> set[str]:
    """The ids of `@auto_docstring(checkpoint="org/name")` on a class."""
    found = set()
    for decorator in node.decorator_list:
        for keyword in decorator.keywords if isinstance(decorator, ast.Call) else ():
            if keyword.arg == "checkpoint" and _hub_id(_string(keyword.value)):
                found.add(keyword.value.value)
    return found


def _assigned(statement: ast.stmt, name: str) -> str | None:
    """The string ``statement`` assigns to ``name`` (`name = "..."`, `name: ClassVar[str] = "..."`)."""
    if isinstance(statement, ast.Assign) and [getattr(t, "id", None) for t in statement.targets] == [name]:
        return _string(statement.value)
    if isinstance(statement, ast.AnnAssign) and getattr(statement.target, "id", None) == name:
        return _string(statement.value)
    return None


def _model_type(node: ast.ClassDef) -> str | None:
    return next(filter(None, (_assigned(statement, "model_type") for statement in node.body)), None)


class _Folder:
    """What one model folder's source says: the model types its configurations declare, the ids each
    configuration names as its own, the ids the folder names as its own, and the ids its examples load."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.configs: dict[str, set[str]] = defaultdict(set)  # model type -> ids its configuration names
        self.own: set[str] = set()  # `_CHECKPOINT_FOR_DOC`, `@auto_docstring(checkpoint=...)` elsewhere
        self.examples: set[str] = set()  # `from_pretrained("...")` and links anywhere in the folder

    def read(self, text: str) -> None:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                model_type, named = _model_type(node), _decorator_checkpoints(node)
                if model_type is not None:
                    named |= set(_LINK.findall(ast.get_docstring(node) or ""))
                    self.configs[model_type] |= named
                else:
                    self.own |= named
            elif isinstance(node, ast.stmt) and _hub_id(_assigned(node, "_CHECKPOINT_FOR_DOC")):
                self.own.add(_assigned(node, "_CHECKPOINT_FOR_DOC"))
        self.examples |= set(_EXAMPLE.findall(text)) | set(_LINK.findall(text))

    def main_type(self) -> str | None:
        """The folder's own model type: the one named like the folder, else its only one."""
        types = list(self.configs)
        named = [t for t in types if _letters(t) == _letters(self.name)]
        return named[0] if named else (types[0] if len(types) == 1 else None)

    def claims(self) -> tuple[dict[str, str], dict[str, str]]:
        """(ids the folder names as its own, ids only its examples load) -> model type, or _AMBIGUOUS."""
        main = self.main_type()
        owners: dict[str, set[str]] = defaultdict(set)
        for model_type, ids in self.configs.items():
            for model_id in ids:
                owners[model_id].add(model_type)
        for model_id in self.own:
            owners[model_id].add(main or _AMBIGUOUS)
        own = {model_id: _folder_type(model_id, types, main) for model_id, types in owners.items()}
        own = {model_id: model_type for model_id, model_type in own.items() if model_type}
        examples = {model_id: main or _AMBIGUOUS for model_id in self.examples if model_id not in own}
        return own, examples


def _folder_type(model_id: str, types: set[str], main: str | None) -> str | None:
    """Which of a folder's types an id it names is: the one the id spells among those that name it
    (fastspeech2_conformer_with_hifigan), else the folder's own type when that one names it (a composite's
    sub-configurations name its checkpoint too) or the id spells it (musicgen's decoder configuration names
    musicgen-small); None when the id spells neither: another model's weights a sub-configuration starts
    from (smolvlm's vision tower names siglip-so400m)."""
    if main in types:
        return _spelled(model_id, types) or main
    return _spelled(model_id, types) or _spelled(model_id, {main} if main else set())


def _folders(package_dir: str) -> list[_Folder]:
    folders = []
    for path, _, names in sorted(os.walk(os.path.join(package_dir, "models"))):
        folder = _Folder(os.path.basename(path))
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(path, name), encoding="utf-8") as handle:
                    folder.read(handle.read())
        folders.append(folder)
    return folders


def checkpoints(package_dir: str, model_types) -> dict[str, str]:
    """Hub id -> model type, for every id the library's model folders cite that names one type.

    An id goes to the folder that names it as its own (a configuration's checkpoint, `_CHECKPOINT_FOR_DOC`);
    an id no folder owns goes to the one folder whose examples load it, if the id spells its type (an
    example may load another model: prophetnet's loads `bert-large-uncased`). A folder that names no
    checkpoint of its own (encoder_decoder, rag, auto: compositions of other models) claims nothing.
    """
    owned, loaded = defaultdict(set), defaultdict(set)
    for folder in _folders(package_dir):
        own, examples = folder.claims()
        if not own:
            continue
        for model_id, model_type in own.items():
            owned[model_id].add(model_type)
        for model_id, model_type in examples.items():
            loaded[model_id].add(model_type)
    found = {}
    for model_id in sorted({*owned, *loaded}):
        model_type = _one_type(model_id, owned.get(model_id) or loaded[model_id])
        if model_type in model_types and (model_id in owned or _spelled(model_id, {model_type})):
            found[model_id] = model_type
    return found


def _one_type(model_id: str, types: set[str]) -> str | None:
    """The type several folders' claims agree on; when they differ, the one the id spells."""
    return next(iter(types)) if len(types) == 1 else _spelled(model_id, types)


def _spelled(model_id: str, types: set[str]) -> str | None:
    """The one of ``types`` that the name part of the id spells (the longest, as `sam2-hiera-tiny` spells
    both sam and sam2), or None."""
    name = _letters(model_id.split("/")[1])
    spelled = sorted((t for t in types if t and _letters(t) in name), key=lambda t: len(_letters(t)))
    if len(spelled) == 1 or (spelled and len(_letters(spelled[-1])) > len(_letters(spelled[-2]))):
        return spelled[-1]
    return None


def _letters(text: str) -> str:
    return re.sub("[^a-z0-9]", "", text.lower())


def snapshot() -> dict:
    import transformers
    from transformers.models.auto import configuration_auto

    transformers.logging.set_verbosity_error()  # probing deprecated tasks logs warnings

    model_types = sorted(configuration_auto.CONFIG_MAPPING_NAMES)
    return {
        "transformers_version": transformers.__version__,
        "model_types": model_types,
        "checkpoints": checkpoints(os.path.dirname(transformers.__file__), model_types),
        "auto_classes": _auto_classes(),
        "exports": _exports(),
        "signatures": _signatures(),
        "tokenizer_methods": _tokenizer_methods(),
        "preprocessors": _preprocessors(),
        "pipelines": _pipelines(),
        "fused_experts": _fused_experts(model_types),
    }


def snapshot_path(version: str) -> str:
    major, minor = version.split(".")[:2]
    return os.path.join(DATA, f"transformers-{major}.{minor}.json")


def _source_version(package_dir: str) -> str:
    with open(os.path.join(package_dir, "__init__.py"), encoding="utf-8") as handle:
        return re.search(r"^__version__ = [\"']([^\"']+)", handle.read(), re.M).group(1)


def with_source_checkpoints(package_dir: str) -> dict:
    """The stored snapshot of the release unpacked at ``package_dir``, its checkpoint table read anew."""
    with open(snapshot_path(_source_version(package_dir)), encoding="utf-8") as handle:
        data = json.load(handle)
    data["checkpoints"] = checkpoints(package_dir, data["model_types"])
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="where to write (default: the data folder, named by version)")
    parser.add_argument(
        "--source-only",
        metavar="DIR",
        help="only (re)write the checkpoint table of the stored snapshot of the release whose `transformers` "
        "package folder is DIR (an unpacked wheel), without importing it",
    )
    args = parser.parse_args(argv)
    data = with_source_checkpoints(args.source_only) if args.source_only else snapshot()
    path = args.output or snapshot_path(data["transformers_version"])
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(dumps(data))
    print(f"wrote {path} (transformers {data['transformers_version']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
