"""HF107: a pipeline task that the target release does not have."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.rule import Invalid, Valid
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
    fix_availability = "Sometimes"
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
Removed tasks have no mechanical replacement: the message quotes the release's advice.
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
            """,
            use_instead="""
            from transformers import pipeline

            chat = pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct")
            summary = chat([{"role": "user", "content": "Summarize: " + article}])
            """,
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

            TASK = "translation_en_to_fr"
            translator = pipeline(TASK, model="t5-small")
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

    def check(self, call, task_expr, task) -> None:
        catalog = self.ctx.catalog
        verdict = catalog.task(task)
        version = catalog.version  # the release whose snapshot says so: when a task went is not claimed
        literal = isinstance(task_expr, cst.SimpleString)
        if verdict.status == "removed":
            self.report(task_expr, self.message("removed", task=task, version=version, note=verdict.note))
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
