"""HF5xx: evaluation that measures the wrong thing."""

from __future__ import annotations

import re

import libcst as cst

from lint_rules.facts.models import argument
from lint_rules.registry import Invalid, Rule, Valid

BLEU, ROUGE = "bleu", "rouge"
_EVALUATE_METRICS = {"bleu": BLEU, "sacrebleu": BLEU, "google_bleu": BLEU, "rouge": ROUGE}
_METRIC_CALLS = {  # qualified name -> family
    "sacrebleu.corpus_bleu": BLEU, "sacrebleu.sentence_bleu": BLEU, "sacrebleu.BLEU": BLEU, "sacrebleu.metrics.BLEU": BLEU,
    "nltk.translate.bleu_score.sentence_bleu": BLEU, "nltk.translate.bleu_score.corpus_bleu": BLEU,
    "rouge_score.rouge_scorer.RougeScorer": ROUGE,
}  # fmt: skip
_METRIC_LOADERS = frozenset({"evaluate.load", "datasets.load_metric"})
SUMMARIZATION, TRANSLATION = "summarization", "translation"
_TASK_OF = {BLEU: TRANSLATION, ROUGE: SUMMARIZATION}
# Evidence of the task a module does.
_DATASETS = (
    (re.compile(r"^(abisee/)?cnn_dailymail$|(^|/)xsum$|(^|/)samsum$|(^|/)billsum$|(^|/)multi_news$|(^|/)big_patent$|(^|/)reddit_tifu$|(^|/)wikihow$"), SUMMARIZATION),
    (re.compile(r"(^|/)wmt\d{2}|(^|/)opus_books$|(^|/)opus100$|(^|/)iwslt\d{4}|(^|/)flores|(^|/)europarl"), TRANSLATION),
)
_MODELS = (
    (re.compile(r"opus-mt-|nllb|m2m100|mbart-large-50-many-to|t5-.*-translat|madlad|seamless", re.I), TRANSLATION),
    (re.compile(r"bart-large-cnn|bart-large-xsum|pegasus-(xsum|cnn|samsum|large|arxiv|pubmed)|distilbart-(cnn|xsum)|samsum|summari[sz]", re.I), SUMMARIZATION),
)
_PROMPTS = ((re.compile(r"^\s*summarize\s*:", re.I), SUMMARIZATION), (re.compile(r"^\s*translate [A-Za-z]+ to [A-Za-z]+\s*:", re.I), TRANSLATION))

ADVICE = {
    (BLEU, SUMMARIZATION): "BLEU measures n-gram precision against reference translations and penalises the paraphrase and compression a good summary makes; score summaries with ROUGE (`evaluate.load(\"rouge\")`), which measures how much of the reference's content the summary recalls",
    (ROUGE, TRANSLATION): "ROUGE measures recall of reference n-grams and rewards long, padded output; score translations with BLEU (`evaluate.load(\"sacrebleu\")`) or chrF, which measure precision with a brevity penalty",
}


class MetricTaskMismatch(Rule):
    code = "HF501"
    name = "metric-task-mismatch"
    summary = "BLEU to score summaries, or ROUGE to score translations"
    message_formats = ("{metric} scores a {task} task here ({evidence}): {advice}",)
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
            'import evaluate\nfrom datasets import load_dataset\n\ndata = load_dataset("cnn_dailymail", "3.0.0")\nbleu = evaluate.load("sacrebleu")\n',
            use_instead='import evaluate\nfrom datasets import load_dataset\n\ndata = load_dataset("cnn_dailymail", "3.0.0")\nrouge = evaluate.load("rouge")\n',
        ),
        Invalid('import evaluate\nfrom transformers import pipeline\n\ntranslator = pipeline("translation_en_to_de", model="Helsinki-NLP/opus-mt-en-de")\nrouge = evaluate.load("rouge")\n'),
    )
    valid = (
        Valid('import evaluate\nfrom datasets import load_dataset\n\ndata = load_dataset("wmt16", "de-en")\nbleu = evaluate.load("sacrebleu")\n'),
        Valid('import evaluate\nfrom datasets import load_dataset\n\ndata = load_dataset("xsum")\nrouge = evaluate.load("rouge")\n'),
        Valid('import evaluate\n\ntable = str.maketrans("a", "b")\ntext = "x".translate(table)\nrouge = evaluate.load("rouge")\n'),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.metrics: list[tuple[cst.CSTNode, str, str]] = []  # (node, family, shown name)
        self.evidence: dict[str, str] = {}  # task -> what showed it

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        qualified = ctx.qualified_name(node.func)
        if qualified in _METRIC_LOADERS:
            name = ctx.constant(argument(node, 0, "path"))
            if isinstance(name, str) and name.lower() in _EVALUATE_METRICS:
                self.metrics.append((node, _EVALUATE_METRICS[name.lower()], f'`{ctx.code(node.func)}("{name}")`'))
            return
        if qualified in _METRIC_CALLS:
            self.metrics.append((node.func, _METRIC_CALLS[qualified], f"`{qualified.rsplit('.', 1)[-1]}`"))
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
                self.evidence.setdefault(SUMMARIZATION if task == SUMMARIZATION else TRANSLATION, f"the `{task}` pipeline")
            self._model(ctx.constant(argument(node, 1, "model")))
        elif path is not None and path.endswith(".from_pretrained"):
            self._model(ctx.constant(argument(node, 0, "pretrained_model_name_or_path")))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if ":" in node.value:
            value = node.evaluated_value or ""
            for pattern, task in _PROMPTS:
                if pattern.match(value):
                    self.evidence.setdefault(task, f"the prompt {node.value[:30]}")

    def _dataset(self, name: str) -> None:
        for pattern, task in _DATASETS:
            if pattern.search(name):
                self.evidence.setdefault(task, f"the `{name}` dataset")

    def _model(self, model_id) -> None:
        if isinstance(model_id, str):
            for pattern, task in _MODELS:
                if pattern.search(model_id):
                    self.evidence.setdefault(task, f"the `{model_id}` model")

    def leave_Module(self, node: cst.Module) -> None:
        if len(self.evidence) != 1:
            return  # no evidence, or a module that does both tasks
        (task, evidence), = self.evidence.items()
        for site, family, shown in self.metrics:
            if _TASK_OF[family] != task:
                message = self.message_formats[0].format(metric=shown, task=task, evidence=evidence, advice=ADVICE[(family, task)])
                self.report(site, message)
