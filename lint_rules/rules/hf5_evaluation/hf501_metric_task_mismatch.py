"""HF501: BLEU to score summaries, or ROUGE to score translations."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.knowledge.metrics import CALLS, FAMILIES, LOADED, LOADERS
from lint_rules.knowledge.tasks import DATASETS, MODELS, PROMPTS, SUMMARIZATION, TRANSLATION
from lint_rules.rule import Invalid, Rule, Valid


class MetricTaskMismatch(Rule):
    code = "HF501"
    name = "metric-task-mismatch"
    summary = "BLEU to score summaries, or ROUGE to score translations"
    messages = {
        "mismatch": "{metric} scores a {task} task here ({evidence}): {advice}",
    }
    category = "correctness"
    modules = ("evaluate", "sacrebleu", "nltk", "rouge_score", "datasets")
    what_it_does = """
Checks for BLEU-family metrics (`evaluate.load("bleu" | "sacrebleu" | "google_bleu")`,
`sacrebleu.corpus_bleu`, nltk's `sentence_bleu` / `corpus_bleu`) in a module that summarizes, and
ROUGE (`evaluate.load("rouge")`, `rouge_score`) in a module that translates. The task must be
evident in the same module: a pipeline task, a model known for the task (`opus-mt`, `bart-large-cnn`,
`pegasus-xsum`), a T5-style prompt, or a dataset (`cnn_dailymail`, `xsum`, `samsum` / `wmt*`,
`opus_books`, `iwslt*`). Keywords alone are not evidence (`str.translate` is not translation); a
module with evidence of both tasks is not reported.
"""
    why_bad = """
The two metrics answer different questions. BLEU is precision-oriented with a brevity penalty: it
fits translation, where the output should say what the reference says and no more. ROUGE is
recall-oriented: it fits summarization, where the summary should cover the reference's content. The
wrong one rewards the wrong behaviour, and model selection on it picks the wrong checkpoint.
"""
    invalid = (
        Invalid(
            """
            import evaluate
            from datasets import load_dataset

            data = load_dataset("cnn_dailymail", "3.0.0")
            bleu = evaluate.load("sacrebleu")
            """,
            use_instead="""
            import evaluate
            from datasets import load_dataset

            data = load_dataset("cnn_dailymail", "3.0.0")
            rouge = evaluate.load("rouge")
            """,
        ),
        Invalid(
            """
            import evaluate
            from transformers import pipeline

            translator = pipeline("translation_en_to_de", model="Helsinki-NLP/opus-mt-en-de")
            rouge = evaluate.load("rouge")
            """,
        ),
    )
    valid = (
        Valid(
            """
            import evaluate
            from datasets import load_dataset

            data = load_dataset("wmt16", "de-en")
            bleu = evaluate.load("sacrebleu")
            """,
        ),
        Valid(
            """
            import evaluate
            from datasets import load_dataset

            data = load_dataset("xsum")
            rouge = evaluate.load("rouge")
            """,
        ),
        Valid(
            """
            import evaluate

            table = str.maketrans("a", "b")
            text = "x".translate(table)
            rouge = evaluate.load("rouge")
            """,
        ),
        Valid(
            """
            import evaluate

            marker = b"summarize: "
            bleu = evaluate.load("sacrebleu")
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.metrics: list[tuple[cst.CSTNode, str, str]] = []  # (node, family, shown name)
        self.evidence: dict[str, str] = {}  # task -> what showed it

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        qualified = ctx.qualified_name(node.func)
        if qualified in LOADERS:
            name = ctx.constant(argument(node, 0, "path"))
            if isinstance(name, str) and name.lower() in LOADED:
                self.metrics.append((node, LOADED[name.lower()], f'`{ctx.code(node.func)}("{name}")`'))
            return
        if qualified in CALLS:
            self.metrics.append((node.func, CALLS[qualified], f"`{qualified.rsplit('.', 1)[-1]}`"))
            return
        if qualified == "datasets.load_dataset":
            name = ctx.constant(argument(node, 0, "path"))
            if isinstance(name, str):
                self._dataset(name)
            return
        path = ctx.hf_name(node.func)
        if path == "pipeline":
            task = ctx.constant(argument(node, 0, "task"))
            if isinstance(task, str) and (task == SUMMARIZATION or task.startswith(TRANSLATION)):
                self.evidence.setdefault(
                    SUMMARIZATION if task == SUMMARIZATION else TRANSLATION, f"the `{task}` pipeline"
                )
            self._model(ctx.constant(argument(node, 1, "model")))
        elif path is not None and path.endswith(".from_pretrained"):
            self._model(ctx.constant(argument(node, 0, "pretrained_model_name_or_path")))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if ":" in node.value:
            value = node.evaluated_value
            if isinstance(value, str):  # a bytes literal is no prompt
                self._evidence(PROMPTS, value, f"the prompt {node.value[:30]}")

    def _dataset(self, name: str) -> None:
        self._evidence(DATASETS, name, f"the `{name}` dataset")

    def _model(self, model_id) -> None:
        if isinstance(model_id, str):
            self._evidence(MODELS, model_id, f"the `{model_id}` model")

    def _evidence(self, rows, text: str, shown: str) -> None:
        for row in rows:
            if row.pattern.search(text):
                self.evidence.setdefault(row.task, shown)

    def leave_Module(self, node: cst.Module) -> None:
        if len(self.evidence) != 1:
            return  # no evidence, or a module that does both tasks
        ((task, evidence),) = self.evidence.items()
        for site, family, shown in self.metrics:
            if FAMILIES[family].fits != task:
                advice = FAMILIES[family].advice
                message = self.message("mismatch", metric=shown, task=task, evidence=evidence, advice=advice)
                self.report(site, message)
