"""HF4xx: what is downloaded from the hub, and whose code runs."""

from __future__ import annotations

import os
import re

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.analysis import PendingFix
from lint_rules.facts.models import argument, cached_snapshot, is_hub_id
from lint_rules.fixes import keyword, keywords
from lint_rules.registry import Invalid, Rule, Valid

_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")
_DOWNLOADS = {  # qualified name -> (position, keyword) of the repository argument
    "datasets.load_dataset": (0, "path"),
    "huggingface_hub.hf_hub_download": (0, "repo_id"),
    "huggingface_hub.snapshot_download": (0, "repo_id"),
}


def _loader(ctx, call: cst.Call) -> tuple[str, cst.BaseExpression | None] | None:
    """(what is called, the repository argument) for the hub loads these rules look at."""
    path = ctx.hf_name(call.func)
    if path == "pipeline":
        return "pipeline", argument(call, 1, "model")
    if path is not None and path.count(".") == 1 and path.endswith(".from_pretrained"):
        return path, argument(call, 0, "pretrained_model_name_or_path")
    qualified = ctx.qualified_name(call.func)
    if qualified in _DOWNLOADS:
        index, name = _DOWNLOADS[qualified]
        return qualified.rsplit(".", 1)[-1], argument(call, index, name)
    return None


def _pinned(ctx, call: cst.Call) -> bool:
    revision = keyword(call, "revision")
    value = ctx.constant(revision.value) if revision is not None else None
    return isinstance(value, str) and bool(_COMMIT.match(value))


class TrustRemoteCodeUnpinned(Rule):
    code = "HF401"
    name = "trust-remote-code-unpinned"
    summary = "`trust_remote_code=True` without a `revision=` pinned to a commit"
    message_formats = (
        "`trust_remote_code=True` runs the repository's code at load time, and no `revision=` pins it to a commit: its owner can change what runs here{cached}",
    )
    category = "security"
    modules = ("transformers", "datasets")
    what_it_does = """
Checks `from_pretrained`, `pipeline` and `load_dataset` calls that pass `trust_remote_code=True` (or a
constant holding it) without `revision=` set to a commit hash (7 to 40 hex digits; a constant holding
one counts). `"main"`, a tag or a branch is not a pin.
"""
    why_bad = """
With `trust_remote_code=True`, transformers imports and runs Python files from the model repository.
Without a pinned commit, every load fetches whatever the repository holds now: a compromised or simply
updated repository changes the code your job runs, silently. When the local Hugging Face cache holds
the repository, the message names the commit it has, ready to pin.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("microsoft/phi-1_5", trust_remote_code=True)\n',
            use_instead='from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained(\n    "microsoft/phi-1_5", trust_remote_code=True, revision="2fd8f4a0e7b2c5e8a6b1d3c9f0e4a7b5c6d8e9f1"\n)\n',
        ),
        Invalid('from transformers import pipeline\n\nTRUST = True\npipe = pipeline("text-generation", model="org/model", trust_remote_code=TRUST, revision="main")\n'),
        Invalid('from datasets import load_dataset\n\nds = load_dataset("org/dataset", trust_remote_code=True)\n'),
    )
    valid = (
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("org/m", trust_remote_code=True, revision="2fd8f4a")\n'),
        Valid('from transformers import AutoModel\n\nREV = "2fd8f4a0e7b2c5e8a6b1d3c9f0e4a7b5c6d8e9f1"\nAutoModel.from_pretrained("org/m", trust_remote_code=True, revision=REV)\n'),
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("org/m", trust_remote_code=False)\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        trust = keyword(node, "trust_remote_code")
        if trust is None or self.ctx.constant(trust.value) is not True:
            return
        found = _loader(self.ctx, node)
        if found is None or _pinned(self.ctx, node):
            return
        repo = self.ctx.constant(found[1]) if found[1] is not None else None
        cached = ""
        if isinstance(repo, str) and is_hub_id(repo):
            snapshot = cached_snapshot(repo)
            if snapshot is not None:
                cached = f'; the local cache has commit {os.path.basename(snapshot)}: `revision="{os.path.basename(snapshot)}"`'
        self.report(trust, self.message_formats[0].format(cached=cached))


class PipelineWithoutModel(Rule):
    code = "HF402"
    name = "pipeline-without-model"
    summary = "`pipeline(task)` with no `model=`: the default model changes between releases"
    message_formats = (
        "`pipeline(\"{task}\")` without `model=` loads whatever default transformers {version} picks (`{default}` now); name the model",
        "`pipeline(\"{task}\")` without `model=` loads whatever default the installed release picks; name the model",
    )
    fix_availability = "Sometimes"
    category = "suspicious"
    what_it_does = "Checks `pipeline(...)` calls that give a task but no model."
    why_bad = """
The pipeline then downloads the task's default checkpoint, which transformers chooses and changes
between releases (the text-generation default moved from GPT-2 to a chat model), and warns "No model
was supplied, defaulted to ...". Results shift with an upgrade, and the default may be large.
"""
    fix_safety = """
The fix writes out the default model of the target release, and its revision when the release pins
one: the pipeline loads the same checkpoint it loaded before, so the fix is safe.
"""
    invalid = (
        Invalid(
            'from transformers import pipeline\n\nclassifier = pipeline("sentiment-analysis")\n',
            fixed='from transformers import pipeline\n\nclassifier = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english", revision="714eb0f")\n',
        ),
    )
    valid = (
        Valid('from transformers import pipeline\n\npipeline("sentiment-analysis", model="distilbert-base-uncased")\n'),
        Valid('from transformers import pipeline\n\npipeline(model="gpt2")\n'),
        Valid('from transformers import pipeline\n\npipeline("text-generation", **settings)\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.hf_name(node.func) != "pipeline" or argument(node, 1, "model") is not None:
            return
        if any(arg.star for arg in node.args):
            return  # `**kwargs` may hold the model
        task_expr = argument(node, 0, "task")
        task = ctx.constant(task_expr) if task_expr is not None else None
        if not isinstance(task, str):
            return
        verdict = ctx.catalog.task(task)
        if verdict.task is None:
            return  # an unknown or removed task is HF107's
        spec = ctx.catalog.tasks.get(verdict.task, {})
        default, revision = spec.get("default_model"), spec.get("default_revision")
        if default is None:
            self.report(task_expr, self.message_formats[1].format(task=task))
            return
        extra = f'model="{default}"' + (f', revision="{revision}"' if revision and keyword(node, "revision") is None else "")
        task_arg = next(arg for arg in node.args if arg.value is task_expr)
        fix = PendingFix(Applicability.SAFE, f"Name the default model `{default}`", [ctx.insert_after(task_arg, f", {extra}")])
        self.report(task_expr, self.message_formats[0].format(task=task, version=ctx.catalog.version, default=default), fix)


# Generation settings: they belong to `generate()` (or the pipeline call), not to `from_pretrained`.
GENERATION_SETTINGS = frozenset(
    {
        "temperature", "top_p", "top_k", "do_sample", "max_length", "max_new_tokens", "min_length", "min_new_tokens",
        "num_beams", "num_beam_groups", "repetition_penalty", "no_repeat_ngram_size", "length_penalty",
        "early_stopping", "num_return_sequences", "typical_p", "penalty_alpha", "diversity_penalty",
        "encoder_repetition_penalty", "epsilon_cutoff", "eta_cutoff", "min_p",
    }
)  # fmt: skip


class GenerationKwargsInModelKwargs(Rule):
    code = "HF403"
    name = "generation-kwargs-in-model-kwargs"
    summary = "Generation settings inside `pipeline(model_kwargs=...)`"
    message_formats = ("{names} in `model_kwargs` go to `from_pretrained`, not to generation: 4.x ignores them, 5.x fails to load; pass them to `pipeline(...)` or the call",)
    fix_availability = "Sometimes"
    what_it_does = """
Checks `pipeline(..., model_kwargs={...})` (a dict literal, or a name holding one) for generation
settings: `temperature`, `top_p`, `top_k`, `do_sample`, `max_length`, `max_new_tokens`, `num_beams`,
`repetition_penalty`, ...
"""
    why_bad = """
`model_kwargs` is handed to `from_pretrained`. transformers 4.x wrote the settings into the model's
config, where sampling never reads them: `temperature=0.7` there has no effect at all. 5.x rejects
them: `ValueError: Could not load model ...` wrapping `TypeError: ... unexpected keyword argument
'temperature'`. Generation settings are `pipeline(...)` keyword arguments or arguments of the call.
"""
    fix_safety = """
The fix moves the settings from the dict literal to keyword arguments of `pipeline(...)`. It is unsafe:
in 4.x they had no effect, so moving them changes the generated text (as intended).
"""
    invalid = (
        Invalid(
            'from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", model_kwargs={"temperature": 0.7, "low_cpu_mem_usage": True})\n',
            fixed='from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", model_kwargs={"low_cpu_mem_usage": True}, temperature=0.7)\n',
        ),
        Invalid(
            'from transformers import pipeline\n\nsettings = {"max_new_tokens": 50, "do_sample": True}\npipe = pipeline("text-generation", model="gpt2", model_kwargs=settings)\n'
        ),
    )
    valid = (
        Valid('from transformers import pipeline\n\npipeline("text-generation", model="gpt2", max_new_tokens=50, model_kwargs={"attn_implementation": "sdpa"})\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        arg = keyword(node, "model_kwargs")
        if arg is None or ctx.hf_name(node.func) != "pipeline":
            return
        value, literal = arg.value, True
        if isinstance(value, cst.Name):
            found = ctx.table.lookup(value.value, ctx.scope, ctx.seq)
            value, literal = (found[0].value if found else None), False
        if not isinstance(value, cst.Dict):
            return
        moved = [e for e in value.elements if isinstance(e, cst.DictElement) and ctx.constant(e.key) in GENERATION_SETTINGS]
        if not moved:
            return
        names = ", ".join(f"`{ctx.constant(e.key)}`" for e in moved)
        fix = None
        given = keywords(node)
        if literal and not any(ctx.constant(e.key) in given for e in moved):
            fix = PendingFix(Applicability.UNSAFE, "Pass them to `pipeline(...)`", [self._fix(node, arg, value, moved)])
        self.report(moved[0].key, self.message_formats[0].format(names=names), fix)

    def _fix(self, call, arg, value: cst.Dict, moved):
        """The settings become keyword arguments right where `model_kwargs=` stands (it goes if emptied)."""
        ctx = self.ctx
        kept = [e for e in value.elements if not any(e is m for m in moved)]
        pieces = []
        if kept:
            elements = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
            pieces.append(arg.with_changes(value=value.with_changes(elements=elements)))
        pieces += [cst.Arg(keyword=cst.Name(ctx.constant(e.key)), value=e.value, equal=arg.equal) for e in moved]
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        pieces = [p.with_changes(comma=space if i < len(pieces) - 1 else arg.comma) for i, p in enumerate(pieces)]
        args = []
        for existing in call.args:
            args.extend(pieces if existing is arg else [existing])
        return ctx.replace(call, call.with_changes(args=args))


class UnpinnedRevision(Rule):
    code = "HF404"
    name = "unpinned-revision"
    summary = "A hub download without a `revision=` pinned to a commit"
    message_formats = ("`{callee}` downloads `{repo}` without `revision=` pinned to a commit: a later upload changes what you get",)
    default_enabled = False
    category = "security"
    modules = ("transformers", "datasets", "huggingface_hub")
    what_it_does = """
Checks hub downloads (`from_pretrained`, `pipeline`, `load_dataset`, `hf_hub_download`,
`snapshot_download`) of a named repository without `revision=` set to a commit hash. Local paths are
exempt. Off by default (bandit's B615 concern): select it with `--extend-select HF404`.
"""
    why_bad = """
A repository's `main` moves: new weights, a new tokenizer, a changed config. Pinning a commit makes a
training run or an evaluation reproducible and keeps a supply-chain change from reaching you unseen.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
            use_instead='from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")\n',
        ),
        Invalid('from huggingface_hub import hf_hub_download\n\npath = hf_hub_download("org/repo", "weights.bin")\n'),
    )
    valid = (
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("bert-base-uncased", revision="86b5e09")\n'),
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("./checkpoints/run-3")\n'),
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained(args.model)\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = _loader(self.ctx, node)
        if found is None or found[1] is None or _pinned(self.ctx, node):
            return
        repo = self.ctx.constant(found[1])
        if not isinstance(repo, str) or not is_hub_id(repo):
            return
        if os.path.isdir(os.path.join(os.path.dirname(os.path.abspath(self.ctx.filename)), repo)):
            return  # a local folder that happens to look like an id
        self.report(found[1], self.message_formats[0].format(callee=found[0], repo=repo))
