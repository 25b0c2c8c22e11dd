"""Model ids that name their family: a table of patterns, most specific first, each with an example.

The last resort of model resolution, after a local `config.json` and the offline Hugging Face cache.
An id that matches no row stays unresolved, and unresolved means no diagnostic.
"""

from __future__ import annotations

import functools
import re

# (pattern searched in the lower-cased id, model type, an id it must resolve)
FAMILIES: tuple[tuple[str, str, str], ...] = (
    # encoder-decoder text models
    (r"(^|/)opus-mt-", "marian", "Helsinki-NLP/opus-mt-en-de"),
    (r"long-t5", "longt5", "google/long-t5-tglobal-base"),
    (r"(^|/)umt5", "umt5", "google/umt5-small"),
    (r"(^|/)mt5", "mt5", "google/mt5-small"),
    (r"(^|/)(flan-|byt5|codet5|t5)|(^|/)t0(pp|_3b)?$", "t5", "google/flan-t5-base"),
    (r"mbart", "mbart", "facebook/mbart-large-50-many-to-many-mmt"),
    (r"bigbird-pegasus", "bigbird_pegasus", "google/bigbird-pegasus-large-arxiv"),
    (r"pegasus", "pegasus", "google/pegasus-xsum"),
    (r"(^|/)(distil)?bart", "bart", "facebook/bart-large-cnn"),
    (r"nllb|m2m100|m2m_100", "m2m_100", "facebook/nllb-200-distilled-600M"),
    (r"blenderbot[-_]small|blenderbot-90m", "blenderbot-small", "facebook/blenderbot_small-90M"),
    (r"blenderbot", "blenderbot", "facebook/blenderbot-400M-distill"),
    (r"prophetnet", "prophetnet", "microsoft/prophetnet-large-uncased"),
    (r"(^|/)led-", "led", "allenai/led-base-16384"),
    # speech
    (r"whisper", "whisper", "openai/whisper-small"),
    (r"wav2vec2", "wav2vec2", "facebook/wav2vec2-base-960h"),
    (r"hubert", "hubert", "facebook/hubert-large-ls960-ft"),
    (r"(^|/)bark", "bark", "suno/bark-small"),
    # decoder-only language models
    (r"(^|/)(distil)?gpt2", "gpt2", "openai-community/gpt2"),
    (r"(^|/)opt-\d", "opt", "facebook/opt-350m"),
    (r"gpt-neox|pythia", "gpt_neox", "EleutherAI/pythia-160m"),
    (r"gpt-neo", "gpt_neo", "EleutherAI/gpt-neo-125m"),
    (r"gpt-j", "gptj", "EleutherAI/gpt-j-6b"),
    (r"llama-3\.2-\d+b-vision", "mllama", "meta-llama/Llama-3.2-11B-Vision-Instruct"),
    (r"llama|smollm2?-", "llama", "meta-llama/Llama-2-7b-hf"),
    (r"mixtral", "mixtral", "mistralai/Mixtral-8x7B-v0.1"),
    (r"mistral", "mistral", "mistralai/Mistral-7B-Instruct-v0.2"),
    (r"qwen2\.5-vl", "qwen2_5_vl", "Qwen/Qwen2.5-VL-7B-Instruct"),
    (r"qwen2-vl", "qwen2_vl", "Qwen/Qwen2-VL-2B-Instruct"),
    (r"qwen3-\d", "qwen3", "Qwen/Qwen3-0.6B"),
    (r"qwen(1\.5|2|2\.5)-", "qwen2", "Qwen/Qwen2.5-0.5B-Instruct"),
    (r"phi-3|phi-4", "phi3", "microsoft/Phi-3-mini-4k-instruct"),
    (r"(^|/)phi-(1|1_5|2)$", "phi", "microsoft/phi-2"),
    (r"gemma-2-", "gemma2", "google/gemma-2-2b-it"),
    (r"(^|/)gemma-\d", "gemma", "google/gemma-2b"),
    # encoders
    (r"xlm-roberta", "xlm-roberta", "FacebookAI/xlm-roberta-base"),
    (r"(^|/)(distil)?roberta", "roberta", "FacebookAI/roberta-base"),
    (r"deberta-v[23]", "deberta-v2", "microsoft/deberta-v3-base"),
    (r"deberta", "deberta", "microsoft/deberta-base"),
    (r"distilbert", "distilbert", "distilbert/distilbert-base-uncased-finetuned-sst-2-english"),
    (r"(^|/)albert", "albert", "albert/albert-base-v2"),
    (r"electra", "electra", "google/electra-small-discriminator"),
    (r"mpnet", "mpnet", "sentence-transformers/all-mpnet-base-v2"),
    (r"minilm|ms-marco-tinybert", "bert", "sentence-transformers/all-MiniLM-L6-v2"),
    (r"(^|/)(bert-|biobert|scibert|bert$)", "bert", "google-bert/bert-base-uncased"),
    (r"tapas", "tapas", "google/tapas-base-finetuned-wtq"),
    (r"layoutlmv3", "layoutlmv3", "microsoft/layoutlmv3-base"),
    (r"layoutlm", "layoutlm", "impira/layoutlm-document-qa"),
    # vision and vision-language
    (r"(^|/)vit-", "vit", "google/vit-base-patch16-224"),
    (r"(^|/)deit-", "deit", "facebook/deit-base-patch16-224"),
    (r"(^|/)beit-", "beit", "microsoft/beit-base-patch16-224"),
    (r"(^|/)swin-", "swin", "microsoft/swin-tiny-patch4-window7-224"),
    (r"convnext-", "convnext", "facebook/convnext-tiny-224"),
    (r"(^|/)clip-", "clip", "openai/clip-vit-base-patch32"),
    (r"blip2-|blip-2", "blip-2", "Salesforce/blip2-opt-2.7b"),
    (r"(^|/)blip-", "blip", "Salesforce/blip-image-captioning-base"),
    (r"(^|/)detr-", "detr", "facebook/detr-resnet-50"),
    (r"(^|/)yolos-", "yolos", "hustvl/yolos-tiny"),
    (r"owlvit", "owlvit", "google/owlvit-base-patch32"),
    (r"(^|/)sam-vit", "sam", "facebook/sam-vit-huge"),
    (r"(^|/)dpt-", "dpt", "Intel/dpt-large"),
    (r"videomae", "videomae", "MCG-NJU/videomae-base-finetuned-kinetics"),
)


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), model_type) for pattern, model_type, _ in FAMILIES)


def family_of(model_id: str) -> str | None:
    """The model type a hub id names, by the table above; None when no row matches."""
    lowered = model_id.strip().lower()
    for pattern, model_type in _compiled():
        if pattern.search(lowered):
            return model_type
    return None
