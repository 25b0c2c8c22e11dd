"""Tasks: what users call them and which classes do them, and what shows the task a program does
(pipeline tasks, checkpoint names, prompts, datasets).

HF103 and HF501 read the same evidence; HF104 reads the checkpoint names that say which head a model
was fine-tuned with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

SUMMARIZATION, TRANSLATION = "summarization", "translation"
# Pipeline tasks that need an encoder-decoder model.
SEQ2SEQ_TASKS = frozenset({"summarization", "translation", "text2text-generation"})


@dataclass(frozen=True)
class Evidence:
    """Text that matches ``pattern`` shows ``task`` (a task name, or the Auto class of a task head)."""

    pattern: re.Pattern
    task: str


def first_match(rows: tuple[Evidence, ...], text: str) -> str | None:
    """The task of the first row whose pattern ``text`` matches, or None."""
    return next((row.task for row in rows if row.pattern.search(text)), None)


# T5-style task prefixes: instructions only T5-family models were trained on (matched at the start).
PROMPTS = (
    Evidence(re.compile(r"^\s*summarize\s*:", re.I), SUMMARIZATION),
    Evidence(re.compile(r"^\s*translate [A-Za-z]+ to [A-Za-z]+\s*:", re.I), TRANSLATION),
)
DATASETS = (
    Evidence(
        re.compile(
            r"^(abisee/)?cnn_dailymail$|(^|/)xsum$|(^|/)samsum$|(^|/)billsum$|(^|/)multi_news$|(^|/)big_patent$"
            r"|(^|/)reddit_tifu$|(^|/)wikihow$"
        ),
        SUMMARIZATION,
    ),
    Evidence(
        re.compile(r"(^|/)wmt\d{2}|(^|/)opus_books$|(^|/)opus100$|(^|/)iwslt\d{4}|(^|/)flores|(^|/)europarl"),
        TRANSLATION,
    ),
)
MODELS = (
    Evidence(
        re.compile(r"opus-mt-|nllb|m2m100|mbart-large-50-many-to|t5-.*-translat|madlad|seamless", re.I), TRANSLATION
    ),
    Evidence(
        re.compile(
            r"bart-large-cnn|bart-large-xsum|pegasus-(xsum|cnn|samsum|large|arxiv|pubmed)|distilbart-(cnn|xsum)|samsum"
            r"|summari[sz]",
            re.I,
        ),
        SUMMARIZATION,
    ),
)
# Checkpoint names that say which head the model was fine-tuned with.
HEADS = (
    Evidence(
        re.compile(
            r"sst-?2|sentiment|emotion|mnli|snli|\bnli\b|-nli|cola|imdb|toxic|cross-encoder|ms-marco|rerank", re.I
        ),
        "AutoModelForSequenceClassification",
    ),
    Evidence(re.compile(r"squad", re.I), "AutoModelForQuestionAnswering"),
    Evidence(re.compile(r"conll|-ner\b|_ner\b|\bner-", re.I), "AutoModelForTokenClassification"),
)
# `from_pretrained` keywords that size a classification head.
CLASSIFIER_ARGUMENTS = ("num_labels", "id2label", "label2id")
# Checkpoint names of models tuned to follow instructions: prompting them is no misuse.
CHAT_MODEL = re.compile(r"instruct|chat|-it\b|-it-", re.IGNORECASE)


class UserTask(NamedTuple):
    """A task in users' words, as `which-class --task` takes it."""

    classes: tuple[str, ...]  # the Auto classes that do it, in order of preference
    modality: str  # "text", "image", "audio" or "multimodal"
    pipelines: tuple[str, ...]  # the pipeline tasks that run it, in order


USER_TASKS = {
    "embeddings": UserTask(("AutoModel",), "text", ("feature-extraction",)),
    "translation": UserTask(("AutoModelForSeq2SeqLM",), "text", ("translation",)),
    "summarization": UserTask(("AutoModelForSeq2SeqLM",), "text", ("summarization",)),
    "generation": UserTask(
        ("AutoModelForCausalLM", "AutoModelForSeq2SeqLM"),
        "text",
        ("text-generation", "text2text-generation"),
    ),
    "classification": UserTask(
        ("AutoModelForSequenceClassification", "AutoModelForImageClassification"),
        "text",
        ("text-classification", "image-classification"),
    ),
    "token-classification": UserTask(("AutoModelForTokenClassification",), "text", ("token-classification",)),
    "span-qa": UserTask(("AutoModelForQuestionAnswering",), "text", ("question-answering",)),
    "multiple-choice": UserTask(("AutoModelForMultipleChoice",), "text", ()),
    "fill-mask": UserTask(("AutoModelForMaskedLM",), "text", ("fill-mask",)),
    "image-classification": UserTask(("AutoModelForImageClassification",), "image", ("image-classification",)),
    "object-detection": UserTask(("AutoModelForObjectDetection",), "image", ("object-detection",)),
    "image-to-text": UserTask(
        ("AutoModelForImageTextToText", "AutoModelForVision2Seq"),
        "multimodal",
        ("image-text-to-text", "image-to-text"),
    ),
    "speech-to-text": UserTask(
        ("AutoModelForSpeechSeq2Seq", "AutoModelForCTC"), "audio", ("automatic-speech-recognition",)
    ),
    "audio-classification": UserTask(("AutoModelForAudioClassification",), "audio", ("audio-classification",)),
    "reranking": UserTask(("AutoModelForSequenceClassification",), "text", ("text-classification",)),
}

# The pre-processor classes of each modality, in order of preference.
PREPROCESSORS_BY_MODALITY = {
    "text": ("AutoTokenizer", "AutoProcessor"),
    "image": ("AutoImageProcessor", "AutoProcessor"),
    "audio": ("AutoProcessor", "AutoFeatureExtractor"),
    "multimodal": ("AutoProcessor", "AutoImageProcessor", "AutoTokenizer"),
}
