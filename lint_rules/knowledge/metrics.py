"""Evaluation metrics by family, the task each family is made for, and what to use instead."""

from __future__ import annotations

from dataclasses import dataclass

from lint_rules.knowledge.tasks import SUMMARIZATION, TRANSLATION

BLEU, ROUGE = "bleu", "rouge"


@dataclass(frozen=True)
class MetricFamily:
    fits: str  # the task it is made for
    advice: str  # why it misleads on the other task, and what to use there


FAMILIES = {
    BLEU: MetricFamily(
        TRANSLATION,
        "BLEU measures n-gram precision against reference translations and penalises the paraphrase and "
        'compression a good summary makes; score summaries with ROUGE (`evaluate.load("rouge")`), which '
        "measures how much of the reference's content the summary recalls",
    ),
    ROUGE: MetricFamily(
        SUMMARIZATION,
        "ROUGE measures recall of reference n-grams and rewards long, padded output; score translations with "
        'BLEU (`evaluate.load("sacrebleu")`) or chrF, which measure precision with a brevity penalty',
    ),
}
# `evaluate.load(name)` / `datasets.load_metric(name)`: the metric names of each family.
LOADERS = frozenset({"evaluate.load", "datasets.load_metric"})
LOADED = {"bleu": BLEU, "sacrebleu": BLEU, "google_bleu": BLEU, "rouge": ROUGE}
# Metric functions and classes, by qualified name.
CALLS = {
    "sacrebleu.corpus_bleu": BLEU, "sacrebleu.sentence_bleu": BLEU, "sacrebleu.BLEU": BLEU,
    "sacrebleu.metrics.BLEU": BLEU, "nltk.translate.bleu_score.sentence_bleu": BLEU,
    "nltk.translate.bleu_score.corpus_bleu": BLEU, "rouge_score.rouge_scorer.RougeScorer": ROUGE,
}  # fmt: skip
