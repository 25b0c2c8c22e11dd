"""HF103: a decoder-only model driven as a translator or summarizer."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
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
model, or a T5-style task prefix (`"summarize: ..."`, `"translate English to French: ..."`) that feeds
the next `.generate(...)` of its scope, when the model there was loaded with `AutoModelForCausalLM` (or a
`...ForCausalLM` class) from a base, decoder-only checkpoint. The model is the one the variable holds at
that `.generate(...)` (in a notebook, the latest assignment across cells), loaded before the prompt.
Under transformers 5, where the seq2seq pipeline tasks are gone, a seq2seq task is left to HF107, which
reports the task itself.
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
            from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            out = model.generate(**tok("Hugging Face is", return_tensors="pt"))
            model = AutoModelForSeq2SeqLM.from_pretrained("t5-base")
            inputs = tok("summarize: " + article, return_tensors="pt")
            summary = model.generate(inputs["input_ids"])
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(args.model_name_or_path)
            out = model.generate(**tok("summarize: " + text, return_tensors="pt"))
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            summarizer = pipeline("summarization", model="gpt2")
            """,
        ),
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
        self.prompts: list[tuple[int, int, cst.BaseExpression]] = []  # (id(scope), seq, the prompt)
        # (id(scope), seq, the causal class or None, seq of its load in this scope or 0 when loaded outside it)
        self.generations: list[tuple[int, int, str | None, int]] = []

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        func = node.func
        if ctx.hf_name(func) == "pipeline":
            self._pipeline(node)
        elif isinstance(func, cst.Attribute) and func.attr.value == "generate":
            self.generations.append((id(ctx.scope), ctx.seq, *self._causal_load(func.value)))

    def _causal_load(self, receiver: cst.BaseExpression) -> tuple[str | None, int]:
        """The class that loaded the model ``receiver`` holds here, when it is a base (non-chat) causal LM,
        and the sequence number of that load in this scope (0 when it was loaded in another)."""
        ctx = self.ctx
        found = ctx.loader(receiver)
        if found is None:
            return None, 0
        cls, call, scope, seq = found
        if not (cls == CAUSAL or cls.endswith("ForCausalLM")):
            return None, 0
        model = ctx.model(argument(call, 0, "pretrained_model_name_or_path"), scope, seq)
        if model is None or CHAT_MODEL.search(model.model_id) or not is_decoder_only(ctx.catalog, model.model_type):
            return None, 0
        return cls, (seq if scope is ctx.scope else 0)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value if ":" in node.value else None
        if isinstance(value, str) and first_match(PROMPTS, value):  # a bytes literal is no prompt
            self.prompts.append((id(self.ctx.scope), self.ctx.seq, node))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        first = node.parts[0] if node.parts else None
        if isinstance(first, cst.FormattedStringText) and first_match(PROMPTS, first.value):
            self.prompts.append((id(self.ctx.scope), self.ctx.seq, node))

    def leave_Module(self, node: cst.Module) -> None:
        for scope, seq, prompt in self.prompts:
            # the prompt feeds the next generation of its scope, from a model loaded before the prompt was written
            following = [
                (at, cls, loaded) for where, at, cls, loaded in self.generations if where == scope and at >= seq
            ]
            _, cls, loaded = min(following, key=lambda item: item[0]) if following else (0, None, 0)
            if cls is not None and loaded <= seq:
                text = self.ctx.code(prompt)
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.report(prompt, self.message("prompt", prompt=shown, cls=cls))

    def _pipeline(self, node: cst.Call) -> None:
        ctx = self.ctx
        task = ctx.constant(argument(node, 0, "task"))
        if not isinstance(task, str):
            return
        family = "translation" if task.startswith("translation") else task
        if family not in SEQ2SEQ_TASKS or ctx.catalog.task(task).status not in ("ok", "alias"):
            return  # a task the target removed is HF107's: one piece of advice per line
        model = ctx.model(argument(node, 1, "model"))
        if model is not None and is_decoder_only(ctx.catalog, model.model_type):
            self.report(node, self.message("pipeline", id=model.model_id, type=model.model_type, task=task))
