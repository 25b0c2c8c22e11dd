"""HF103: a decoder-only model driven as a translator or summarizer."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.facts.bindings import is_class_load
from lint_rules.knowledge.auto_classes import CAUSAL, is_decoder_only
from lint_rules.knowledge.tasks import CHAT_MODEL, PROMPTS, SEQ2SEQ_TASKS, first_match
from lint_rules.rule import Invalid, Rule, Valid


class CausalLmForSeq2SeqTask(Rule):
    code = "HF103"
    name = "causal-lm-for-seq2seq-task"
    summary = "A decoder-only model driven as a translator or summarizer"
    messages = {
        "pipeline": (
            "`{id}` is a decoder-only `{type}` model, but the `{task}` pipeline needs an encoder-decoder model (T5, "
            "BART, Marian, ...)"
        ),
        "prompt": (
            "T5-style prompt `{prompt}` fed to a causal language model (`{cls}`): it continues the text instead of "
            "doing the task; use a seq2seq model (T5, BART, Marian) or a chat model with an instruction"
        ),
    }
    what_it_does = """
Checks for a decoder-only model or a causal-LM class used as a translator or summarizer: a seq2seq
pipeline task (`summarization`, `translation_xx_to_yy`, `text2text-generation`) given a decoder-only
model, or a T5-style task prefix (`"summarize: ..."`, `"translate English to French: ..."`) in the same
scope as a model loaded with `AutoModelForCausalLM`.
"""
    why_bad = """
A seq2seq pipeline loads its model with `AutoModelForSeq2SeqLM`, which has no entry for GPT-2, OPT or
Llama, so the pipeline fails to build. T5-style prefixes are instructions that only T5-family models
were trained on; a base causal LM treats them as text to continue and "summarizes" by rambling on.
A chat model prompted through the `text-generation` pipeline is the right transformers 5 way and is
not reported.
"""
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            summarizer = pipeline("summarization", model="gpt2")
            """,
            use_instead="""
            from transformers import pipeline

            summarizer = pipeline("summarization", model="facebook/bart-large-cnn")
            """,
            target="4.57",
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tok = AutoTokenizer.from_pretrained("gpt2")
            model = AutoModelForCausalLM.from_pretrained("gpt2")
            ids = tok("translate English to French: Hello", return_tensors="pt")
            out = model.generate(**ids)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            chat = pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct")
            chat("summarize: the text")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            prompt = "summarize: " + text
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            summarizer = pipeline("summarization", model="facebook/bart-large-cnn")
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
            prompt = "Summarize: " + text
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            marker = b"summarize: "
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.causal_loads: dict[int, str] = {}  # id(scope) -> the class that loaded a causal LM there
        self.prompts: list[tuple[int, cst.SimpleString]] = []

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        path = ctx.hf_name(node.func)
        if path == "pipeline":
            self._pipeline(node)
        elif is_class_load(path):
            cls = path.split(".", 1)[0]
            if cls == CAUSAL or cls.endswith("ForCausalLM"):
                model = ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
                if model is None or (
                    is_decoder_only(ctx.catalog, model.model_type) and not CHAT_MODEL.search(model.model_id)
                ):
                    self.causal_loads.setdefault(id(ctx.scope), cls)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value if ":" in node.value else None
        if isinstance(value, str) and first_match(PROMPTS, value):  # a bytes literal is no prompt
            self.prompts.append((id(self.ctx.scope), node))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        first = node.parts[0] if node.parts else None
        if isinstance(first, cst.FormattedStringText) and first_match(PROMPTS, first.value):
            self.prompts.append((id(self.ctx.scope), node))

    def leave_Module(self, node: cst.Module) -> None:
        for scope, prompt in self.prompts:
            cls = self.causal_loads.get(scope)
            if cls is not None:
                text = self.ctx.code(prompt)
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.report(prompt, self.message("prompt", prompt=shown, cls=cls))

    def _pipeline(self, node: cst.Call) -> None:
        ctx = self.ctx
        task = ctx.constant(argument(node, 0, "task"))
        if not isinstance(task, str):
            return
        family = "translation" if task.startswith("translation") else task
        if family not in SEQ2SEQ_TASKS:
            return
        model = ctx.model(argument(node, 1, "model"))
        if model is not None and is_decoder_only(ctx.catalog, model.model_type):
            self.report(node, self.message("pipeline", id=model.model_id, type=model.model_type, task=task))
