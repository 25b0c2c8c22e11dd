"""HF107: a pipeline task that the target release does not have."""

from __future__ import annotations

import textwrap

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.catalog import last_default, task_family
from lint_rules.knowledge.pipeline_shims import SHIMS
from lint_rules.rewrites import mentions
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf1_model_task.common import PipelineRule, closest


def _string_like(original: cst.BaseExpression, value: str) -> str:
    """``value`` as a literal quoted the way ``original`` is."""
    quote = original.quote if isinstance(original, cst.SimpleString) else '"'
    prefix = original.prefix if isinstance(original, cst.SimpleString) else ""
    return f"{prefix}{quote}{value}{quote}"


class UnknownPipelineTask(PipelineRule):
    code = "HF107"
    name = "unknown-pipeline-task"
    summary = "A pipeline task that the target transformers release does not have"
    messages = {
        "close": "Unknown pipeline task `{task}`; did you mean `{close}`?",
        "unknown": "Unknown pipeline task `{task}` in transformers {version}",
        "removed": "transformers {version} has no `{task}` pipeline any more (KeyError): {note}",
        "redirected": "transformers {version} has no `{task}` pipeline any more; it runs it as `{replacement}`",
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the task given to `pipeline(...)` against the tasks and aliases of the target release: a
misspelling, or a task the release removed (`summarization`, `translation_xx_to_yy`,
`text2text-generation`, `question-answering`, `visual-question-answering`, `image-to-image` and
`image-to-text` in 5.x).
"""
    why_bad = """
An unknown task raises `KeyError: "Unknown task ..."` when the pipeline is built. The 5.x releases
removed several tasks outright (not all in 5.0: `question-answering`, `visual-question-answering` and
`image-to-image` were still there in 5.0.0): `pipeline("summarization")` raises `KeyError: 'The task summarization
has been removed from transformers. Use the text-generation pipeline with a chat model instead.'`.
"""
    fix_safety = """
`image-to-text`, which 5.x still accepts and redirects, is renamed to `image-text-to-text`: safe, as
the release itself runs that task. A misspelling with one close match is corrected, marked unsafe.

The removed text tasks (`summarization`, `translation` and `translation_xx_to_yy`, `text2text-generation`,
`question-answering`) are written out: a function that does what the 4.x pipeline did, with the model class,
its tokenizer and `generate` (or the span arithmetic of question answering), goes above the statement, and
the call takes its name with the same arguments (`summarization_pipeline("summarization", model=m)`; the
model 4.x loaded by default, at its pinned revision, where none is given). What it returns is called as the
pipeline was and returns the same keys (`summary_text`, `translation_text`, `generated_text`; `answer`,
`score`, `start`, `end`); on the same model it returns what 4.57's pipeline returned (the run-proof compares
them case by case), and it runs on 4.x as on 5.x. Safe: the call is a certain `KeyError` at the target, and the
function keeps what the program asked for; the release's advice (a chat model through `text-generation`) may
serve a new program better. No fix where the call passes more than the task and the model by position, or where
the function's name is taken. The other removed tasks (visual question
answering, `image-to-image`) have no mechanical replacement: the message quotes the release's advice.
"""
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            classifier = pipeline("text-clasification", model="distilbert-base-uncased")
            """,
            fixed="""
            from transformers import pipeline

            classifier = pipeline("text-classification", model="distilbert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            summarizer = pipeline("summarization", model="facebook/bart-large-cnn")
            print(summarizer(article, max_length=60)[0]["summary_text"])
            """,
            fixed="from transformers import pipeline\n\n\n"
            + SHIMS["summarization"].source("summarization")
            + '\n\nsummarizer = summarization_pipeline("summarization", model="facebook/bart-large-cnn")\n'
            + 'print(summarizer(article, max_length=60)[0]["summary_text"])\n',
        ),
        Invalid(
            """
            from transformers import pipeline

            captioner = pipeline('image-to-text', model='Salesforce/blip-image-captioning-base')
            """,
            fixed="""
            from transformers import pipeline

            captioner = pipeline('image-text-to-text', model='Salesforce/blip-image-captioning-base')
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            def answer(question, context):
                qa = pipeline("question-answering")
                return qa(question=question, context=context)["answer"]
            """,
            fixed="from transformers import pipeline\n\ndef answer(question, context):\n"
            + textwrap.indent(SHIMS["question-answering"].source("question-answering"), "    ")
            + '\n    qa = question_answering_pipeline("question-answering", '
            + 'model="distilbert/distilbert-base-cased-distilled-squad", revision="564e9b5")\n'
            + '    return qa(question=question, context=context)["answer"]\n',
        ),
        Invalid(
            """
            from transformers import pipeline

            extractor = pipeline("not-a-task", model="gpt2")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipeline("sentiment-analysis")
            pipeline("ner")
            pipeline("text-generation")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("translation_en_to_fr", model="t5-small")
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline(task_name)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._written: set[str] = set()  # the functions this file's fixes write at the top level, for later sites

    def check(self, call, task_expr, task) -> None:
        catalog = self.ctx.catalog
        verdict = catalog.task(task)
        version = catalog.version  # the release whose snapshot says so: when a task went is not claimed
        literal = isinstance(task_expr, cst.SimpleString)
        if verdict.status == "removed":
            message = self.message("removed", task=task, version=version, note=verdict.note)
            self.report(task_expr, message, self._written_out(call, task))
        elif verdict.status == "redirected":
            fix = None
            if literal:
                edit = self.ctx.replace(task_expr, _string_like(task_expr, verdict.task))
                fix = PendingFix(Applicability.SAFE, f"Use `{verdict.task}`", [edit])
            self.report(
                task_expr, self.message("redirected", task=task, version=version, replacement=verdict.task), fix
            )
        elif verdict.status == "unknown":
            close = closest(task, catalog.task_names())
            if close is not None:
                fix = None
                if literal:
                    edit = self.ctx.replace(task_expr, _string_like(task_expr, close))
                    fix = PendingFix(Applicability.UNSAFE, f"Use `{close}`", [edit])
                self.report(task_expr, self.message("close", task=task, close=close), fix)
            else:
                self.report(task_expr, self.message("unknown", task=task, version=catalog.version))

    def _written_out(self, call: cst.Call, task: str) -> PendingFix | None:
        """`pipeline("summarization", model=m)` -> `summarization_pipeline("summarization", model=m)`, with the
        function, which does what the 4.x pipeline did, written above the statement. None where the call passes
        more than the task and the model by position (the 4.x pipeline's third was `config`), where the model is
        neither given nor a 4.x default, or where the function's name is taken."""
        family = task_family(task)
        shim = SHIMS.get(family)
        statement = self.ctx.statement
        if shim is None or statement is None:
            return None
        if sum(1 for arg in call.args if arg.keyword is None) > 2 or any(arg.star for arg in call.args):
            return None
        if mentions(self.ctx.text, shim.name) and shim.name not in self._written:
            return None
        if argument(call, 1, "model") is not None:
            edits = [self.ctx.replace(call.func, shim.name)]
        else:  # the model 4.x loaded for the task (at the revision it pinned)
            default = last_default(family)
            if default is None:
                return None
            added = [("model", default[0])]
            if default[1] and argument(call, 99, "revision") is None:
                added.append(("revision", default[1]))
            equal = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
            extra = [
                cst.Arg(cst.SimpleString(f'"{value}"'), keyword=cst.Name(name), equal=equal) for name, value in added
            ]
            edits = [self.ctx.replace(call, call.with_changes(func=cst.Name(shim.name), args=[*call.args, *extra]))]
        if shim.name not in self._written:
            top = self._top_level(statement)
            text = shim.source(task).rstrip("\n")
            edits.append(self.ctx.insert_line_above(statement, f"\n{text}\n\n" if top else f"{text}\n"))
            if top:
                self._written.add(shim.name)  # later sites at the top level call the same function
        title = f"Write the 4.x `{family}` pipeline out as `{shim.name}` (its model class, tokenizer and " + (
            "span arithmetic)" if shim.key is None else "`generate`)"
        )
        return PendingFix(Applicability.SAFE, title, edits)

    def _top_level(self, statement: cst.CSTNode) -> bool:
        return any(statement is child for child in self.ctx.module.body)
