"""The jobs of the Auto classes, and what a release's mappings say about a model type."""

from __future__ import annotations

import re

CAUSAL, SEQ2SEQ = "AutoModelForCausalLM", "AutoModelForSeq2SeqLM"
CTC, SPEECH_SEQ2SEQ = "AutoModelForCTC", "AutoModelForSpeechSeq2Seq"
MASKED = "AutoModelForMaskedLM"
HEADLESS = "AutoModel"
# Auto classes that do one job for different architectures: one may stand in for another.
SAME_JOB = ((CAUSAL, SEQ2SEQ), (CTC, SPEECH_SEQ2SEQ))
# Auto classes, and concrete class suffixes, whose models have no language-modelling head to generate with.
NON_GENERATIVE = frozenset(
    {
        "AutoModel", "AutoModelForMaskedLM", "AutoModelForSequenceClassification", "AutoModelForTokenClassification",
        "AutoModelForQuestionAnswering", "AutoModelForMultipleChoice", "AutoModelForNextSentencePrediction",
    }
)  # fmt: skip
NON_GENERATIVE_CLASS = re.compile(
    r"For(MaskedLM|SequenceClassification|TokenClassification|QuestionAnswering|MultipleChoice)$"
)
# The Auto families (models, pre-processors, configs), spelled loosely enough to catch typos.
AUTO_FAMILY = re.compile(r"Auto(Model|Tokeni|Config|Processor|ImageProcessor|FeatureExtractor|VideoProcessor|Backbone)")


def is_encoder_decoder(catalog, model_type: str) -> bool:
    return catalog.loads(SEQ2SEQ, model_type) or catalog.loads(SPEECH_SEQ2SEQ, model_type)


def is_decoder_only(catalog, model_type: str) -> bool:
    """A causal LM that is neither encoder-decoder nor an encoder with an optional LM head."""
    return (
        catalog.loads(CAUSAL, model_type)
        and not is_encoder_decoder(catalog, model_type)
        and not catalog.loads(MASKED, model_type)
    )
