"""What the HF4xx rules share: which calls download from the hub, and whether a call pins a commit."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.facts.bindings import is_class_load
from lint_rules.knowledge.hub import COMMIT, DOWNLOADS


def hub_load(ctx, call: cst.Call) -> tuple[str, cst.BaseExpression | None] | None:
    """(what is called, the repository argument) for the hub loads these rules look at."""
    path = ctx.hf_name(call.func)
    if path == "pipeline":
        return "pipeline", argument(call, 1, "model")
    if is_class_load(path):
        return path, argument(call, 0, "pretrained_model_name_or_path")
    qualified = ctx.qualified_name(call.func)
    download = DOWNLOADS.get(qualified)
    if download is not None:
        return qualified.rsplit(".", 1)[-1], argument(call, download.index, download.keyword)
    return None


def pinned(ctx, call: cst.Call) -> bool:
    """`revision=` names a commit (a constant holding one counts), or a value this file cannot know (a function's
    parameter, `args.revision` with no default): the caller may pin it, so nothing certain can be said."""
    revision = keyword(call, "revision")
    value = ctx.constant(revision.value) if revision is not None else None
    return value is ... or isinstance(value, str) and bool(COMMIT.match(value))
