"""HF404: a hub download without a `revision=` pinned to a commit (off by default)."""

from __future__ import annotations

import os

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.facts.models import is_hub_id, is_placeholder
from lint_rules.knowledge.builders import local_builders
from lint_rules.knowledge.hub import SAVES
from lint_rules.rule import Invalid, Rule, Valid
from lint_rules.rules.hf4_hub.common import hub_load, pinned


class UnpinnedRevision(Rule):
    code = "HF404"
    name = "unpinned-revision"
    summary = "A hub download without a `revision=` pinned to a commit"
    messages = {
        "unpinned": (
            "`{callee}` downloads `{repo}` without `revision=` pinned to a commit: a later upload changes what you get"
        ),
    }
    default_enabled = False
    category = "security"
    modules = ("transformers", "datasets", "huggingface_hub")
    what_it_does = """
Checks hub downloads (`from_pretrained`, `pipeline`, `load_dataset`, `hf_hub_download`,
`snapshot_download`) of a named repository without `revision=` set to a commit hash. Local paths, and
the builders `load_dataset` runs on your own files (`"json"`, `"csv"`, `"parquet"`, `"text"`,
`"imagefolder"`, `"audiofolder"`, ... as the `datasets` releases package them), are exempt, and so is
a name the same file trains or saves into (`output_dir="my_model"`, `save_pretrained("my_model")`).
Off by default (bandit's B615 concern): select it with `--extend-select HF404`.
"""
    why_bad = """
A repository's `main` moves: new weights, a new tokenizer, a changed config. Pinning a commit makes a
training run or an evaluation reproducible and keeps a supply-chain change from reaching you unseen.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
            use_instead="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")
            """,
        ),
        Invalid(
            """
            from huggingface_hub import hf_hub_download

            path = hf_hub_download("org/repo", "weights.bin")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("username/my_awesome_opus_books_model")  # the reader's own
            model = AutoModelForSeq2SeqLM.from_pretrained("<your-model-id>")
            other = AutoModelForSeq2SeqLM.from_pretrained("YOUR_USERNAME/t5-small-finetuned")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForQuestionAnswering, TrainingArguments

            args = TrainingArguments(output_dir="my_awesome_qa_model")
            model = AutoModelForQuestionAnswering.from_pretrained("my_awesome_qa_model")
            args = TrainingArguments("bert-finetuned-ner")
            model = AutoModelForQuestionAnswering.from_pretrained("bert-finetuned-ner")
            """,
        ),
        Valid(
            """
            from datasets import load_dataset

            train = load_dataset("json", data_files="train.jsonl", split="train")
            images = load_dataset("imagefolder", data_dir="photos")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("bert-base-uncased", revision="86b5e09")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("./checkpoints/run-3")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained(args.model)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.saved: set[str] = set()  # folders this file writes a model to (`output_dir=`, `save_pretrained(...)`)
        self.loads: list[tuple[cst.CSTNode, str, str]] = []  # (repository argument, callee, repository)

    def visit_Call(self, node: cst.Call) -> None:
        self._note_save(node)
        found = hub_load(self.ctx, node)
        if found is None or found[1] is None or pinned(self.ctx, node):
            return
        repo = self.ctx.constant(found[1])
        if not isinstance(repo, str) or not is_hub_id(repo) or is_placeholder(repo):
            return  # a path, or an id the reader is to fill in
        if os.path.isdir(os.path.join(os.path.dirname(os.path.abspath(self.ctx.filename)), repo)):
            return  # a local folder that happens to look like an id
        if found[0] == "load_dataset" and repo in local_builders():
            return  # `load_dataset("json", data_files=...)`: a builder run on the user's own files
        self.loads.append((found[1], found[0], repo))

    def _note_save(self, node: cst.Call) -> None:
        func = node.func
        if (self.ctx.hf_name(func) or "").endswith("TrainingArguments"):  # `TrainingArguments("out", ...)`
            output = argument(node, 0, "output_dir")
        elif isinstance(func, cst.Attribute) and func.attr.value in SAVES:
            output = argument(node, 0, "save_directory")
        else:
            output = getattr(keyword(node, "output_dir"), "value", None)  # trl's configs, a Trainer's args
        value = self.ctx.constant(output) if output is not None else None
        if isinstance(value, str):
            self.saved.add(value.rstrip("/"))

    def leave_Module(self, node: cst.Module) -> None:
        for argument_node, callee, repo in self.loads:
            if repo.rstrip("/") not in self.saved:  # a folder the file itself trains into is read locally
                self.report(argument_node, self.message("unpinned", callee=callee, repo=repo))
