"""HF108: the pipeline's task has no model class for the model's type."""

from __future__ import annotations

from lint_rules.calls import argument
from lint_rules.knowledge.tasks import SEQ2SEQ_TASKS
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf1_model_task.common import PipelineRule, short_list


class PipelineTaskModelMismatch(PipelineRule):
    code = "HF108"
    name = "pipeline-task-model-mismatch"
    summary = "The pipeline's task has no model class for the model's type"
    messages = {
        "mismatch": "The `{task}` pipeline cannot run `{type}` models (`{id}`): none of {classes} loads them{hint}",
    }
    what_it_does = """
Checks `pipeline(task, model=<id>)` where the model's type has no class among those the task loads
in the target release: automatic speech recognition with BERT, text generation with ViT.
"""
    why_bad = """
The pipeline loads the model with the task's Auto classes; when none has the model's type it fails
with `ValueError: Could not load model ... with any of the following classes`, after downloading
the weights. Seq2seq tasks given a decoder-only model are HF103.
"""
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            asr = pipeline("automatic-speech-recognition", model="bert-base-uncased")
            """,
            use_instead="""
            from transformers import pipeline

            asr = pipeline("automatic-speech-recognition", model="openai/whisper-small")
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            generator = pipeline(task="text-generation", model="google/vit-base-patch16-224")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipeline("automatic-speech-recognition", model="openai/whisper-small")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("feature-extraction", model="bert-base-uncased")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("text-classification", model=MODEL_PATH)
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("image-text-to-text", model="google/gemma-3-12b-it")
            pipeline("automatic-speech-recognition", model="mistralai/Voxtral-Mini-3B-2507")
            pipeline("text-to-audio", model="Qwen/Qwen2.5-Omni-3B")
            """,
        ),
    )

    def check(self, call, task_expr, task) -> None:
        catalog = self.ctx.catalog
        verdict = catalog.task(task)
        if verdict.task is None or verdict.task in SEQ2SEQ_TASKS:
            return
        classes = catalog.tasks.get(verdict.task, {}).get("classes") or []
        model = self.ctx.model(argument(call, 1, "model"))
        if not classes or model is None or any(catalog.loads(cls, model.model_type) for cls in classes):
            return
        fitting = [
            name for name, spec in sorted(catalog.tasks.items())
            if spec["classes"] and name not in SEQ2SEQ_TASKS
            and any(catalog.loads(cls, model.model_type) for cls in spec["classes"])
            and "AutoModel" not in spec["classes"]
        ]  # fmt: skip
        hint = f"; it fits {short_list(fitting)}" if fitting else ""
        message = self.message(
            "mismatch", task=task, type=model.model_type, id=model.model_id, classes=short_list(classes), hint=hint
        )
        self.report(argument(call, 1, "model"), message)
