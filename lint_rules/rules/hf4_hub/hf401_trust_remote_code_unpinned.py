"""HF401: `trust_remote_code=True` without a `revision=` pinned to a commit."""

from __future__ import annotations

import os

import libcst as cst

from lint_rules.calls import keyword
from lint_rules.facts.models import cached_snapshot, is_hub_id
from lint_rules.rule import Invalid, Rule, Valid
from lint_rules.rules.hf4_hub.common import hub_load, pinned


class TrustRemoteCodeUnpinned(Rule):
    code = "HF401"
    name = "trust-remote-code-unpinned"
    summary = "`trust_remote_code=True` without a `revision=` pinned to a commit"
    messages = {
        "unpinned": (
            "`trust_remote_code=True` runs the repository's code at load time, and no `revision=` pins it to a "
            "commit: its owner can change what runs here{cached}"
        ),
        "dataset": (
            "`trust_remote_code=True` on `load_dataset` without a `revision=` pinned to a commit: datasets before "
            "4.0 runs the dataset's loading script, which its owner can change; datasets 4.0 and later run no "
            "scripts and ignore it, so pin a commit or remove the argument"
        ),
    }
    category = "security"
    modules = ("transformers", "datasets")
    what_it_does = """
Checks `from_pretrained`, `pipeline` and `load_dataset` calls that pass `trust_remote_code=True` (or a
constant holding it) without `revision=` set to a commit hash (7 to 40 hex digits; a constant holding
one counts). `"main"`, a tag or a branch is not a pin. A `revision=` whose value the file cannot know (a
function's parameter: `from_pretrained(name, revision=revision, ...)`) is left to the caller, which may pin it.
"""
    why_bad = """
With `trust_remote_code=True`, transformers imports and runs Python files from the model repository.
Without a pinned commit, every load fetches whatever the repository holds now: a compromised or simply
updated repository changes the code your job runs, silently. When the local Hugging Face cache holds
the repository, the message names the commit it has, ready to pin. `datasets` ran loading scripts the
same way until 4.0, which dropped them (the argument is ignored there): the message on `load_dataset`
says both.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("microsoft/phi-1_5", trust_remote_code=True)
            """,
            use_instead="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(
                "microsoft/phi-1_5", trust_remote_code=True, revision="2fd8f4a0e7b2c5e8a6b1d3c9f0e4a7b5c6d8e9f1"
            )
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            TRUST = True
            pipe = pipeline("text-generation", model="org/model", trust_remote_code=TRUST, revision="main")
            """,
        ),
        Invalid(
            """
            from datasets import load_dataset

            ds = load_dataset("org/dataset", trust_remote_code=True)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModel

            def load(name, revision):
                return AutoModel.from_pretrained(name, revision=revision, trust_remote_code=True)  # the caller pins
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("org/m", trust_remote_code=True, revision="2fd8f4a")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            REV = "2fd8f4a0e7b2c5e8a6b1d3c9f0e4a7b5c6d8e9f1"
            AutoModel.from_pretrained("org/m", trust_remote_code=True, revision=REV)
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("org/m", trust_remote_code=False)
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        trust = keyword(node, "trust_remote_code")
        if trust is None or self.ctx.constant(trust.value) is not True:
            return
        found = hub_load(self.ctx, node)
        if found is None or pinned(self.ctx, node):
            return
        repo = self.ctx.constant(found[1]) if found[1] is not None else None
        cached = ""
        if isinstance(repo, str) and is_hub_id(repo):
            snapshot = cached_snapshot(repo)
            if snapshot is not None:
                commit = os.path.basename(snapshot)
                cached = f'; the local cache has commit {commit}: `revision="{commit}"`'
        if found[0] == "load_dataset":
            self.report(trust, self.message("dataset"))
        else:
            self.report(trust, self.message("unpinned", cached=cached))
