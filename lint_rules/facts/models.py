"""Which model a call loads: its id (a constant where it is used) and the model type behind the id.

Resolution never touches the network and never guesses: a local directory's `config.json`, else the
offline Hugging Face cache, else (hub ids only) the checkpoints transformers' own source names, else the
family table of name patterns. Anything else stays unresolved.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from lint_rules.knowledge.catalog import checkpoint_type
from lint_rules.knowledge.families import family_of


@dataclass(frozen=True)
class ModelRef:
    model_id: str
    model_type: str
    source: str  # "local", "cache", "library" (a checkpoint transformers names) or "name" (a family pattern)
    dtype: str | None = None  # the dtype its config.json records (`"bfloat16"`), where the config is at hand


def is_hub_id(model_id: str) -> bool:
    """`name` or `org/name`, as the hub spells ids; anything else is a path."""
    if not model_id or model_id.startswith((".", "/", "~")) or "\\" in model_id:
        return False
    return model_id.count("/") <= 1 and " " not in model_id


# the owner part of an id that a tutorial writes for the reader to replace: `username/my_awesome_model`
_PLACEHOLDER_OWNERS = frozenset({"username", "user", "user_name", "user-name", "hf_username", "hf-username"})


def is_placeholder(model_id: str) -> bool:
    """An id written for the reader to fill in: a template (`<your-model>`, `{user}/model`, `...`), an owner that
    says so (`username/model`, `your-org/model`, `YOUR_USERNAME/model`), a name that starts with `your`."""
    if any(mark in model_id for mark in "<>{}[]") or "..." in model_id:
        return True
    owner, _, name = model_id.rpartition("/")
    words = [part.lower() for part in (owner, name) if part]
    return owner.lower() in _PLACEHOLDER_OWNERS or any(word.startswith(("your", "my-username")) for word in words)


def _config(path: str) -> tuple[str | None, str | None]:
    """(model type, stored dtype) of a `config.json`: its `model_type`, and its `dtype` (5.x) or `torch_dtype`."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    model_type, dtype = data.get("model_type"), data.get("dtype", data.get("torch_dtype"))
    return (model_type if isinstance(model_type, str) else None), (dtype if isinstance(dtype, str) else None)


def hub_cache_dir() -> str:
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return os.path.join(home, "hub")


def cached_snapshot(model_id: str) -> str | None:
    """The snapshot folder the offline cache holds for a hub id (the one `refs/main` names, if any)."""
    repo = os.path.join(hub_cache_dir(), "models--" + model_id.replace("/", "--"))
    snapshots = os.path.join(repo, "snapshots")
    try:
        with open(os.path.join(repo, "refs", "main"), encoding="utf-8") as handle:
            main = os.path.join(snapshots, handle.read().strip())
        if os.path.isdir(main):
            return main
    except OSError:
        pass
    try:
        names = sorted(os.listdir(snapshots))
    except OSError:
        return None
    return os.path.join(snapshots, names[-1]) if names else None


@functools.lru_cache(maxsize=4096)
def resolve_model_id(model_id: str, base_dir: str) -> ModelRef | None:
    for root in (base_dir, os.getcwd()):
        directory = os.path.join(root, os.path.expanduser(model_id))
        if os.path.isdir(directory):
            model_type, dtype = _config(os.path.join(directory, "config.json"))
            return ModelRef(model_id, model_type, "local", dtype) if model_type else None
    if not is_hub_id(model_id):
        return None
    snapshot = cached_snapshot(model_id)
    if snapshot is not None:
        model_type, dtype = _config(os.path.join(snapshot, "config.json"))
        if model_type:
            return ModelRef(model_id, model_type, "cache", dtype)
    model_type = checkpoint_type(model_id)
    if model_type:
        return ModelRef(model_id, model_type, "library")
    model_type = family_of(model_id)
    return ModelRef(model_id, model_type, "name") if model_type else None


def smoke_site(
    model: ModelRef | None, before: dict, after: dict, kind: str = "from_pretrained", task: str | None = None,
    written: str | None = None,
) -> dict:  # fmt: skip
    """What the smoke harness needs to try a fix that changes a model's class, dtype or device; ``written`` is the
    model as the code gives it (a string, or the expression's text), for a model that could not be resolved."""
    return {
        "model_id": model.model_id if model else None,
        "written": written if model is None else None,
        "model_type": model.model_type if model else None,
        "kind": kind,
        "task": task,
        "before": before,
        "after": after,
    }
