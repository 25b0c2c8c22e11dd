"""Model ids that name their family: a table of name patterns, each with an example.

The last resort of model resolution, after a local `config.json`, the offline Hugging Face cache and the
checkpoints transformers' own source names (`Catalog.checkpoints`). A pattern must match the whole name
part of the id (after `org/`, lower-cased): an organisation never decides a family, and a newer family
that extends an older one's name (`gemma-3n-`, `qwen2.5-omni-`, `-vision`, `layoutlmv2`) matches no row of
the older one. An id that matches no row stays unresolved, and unresolved means no diagnostic.

`python -m lint_rules.knowledge.families --measure` prints how the patterns alone fare on the checkpoints
the newest snapshot names.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys

from lint_rules.knowledge.catalog import Catalog, all_catalogs, checkpoint_type

_SIZE = r"\d+(\.\d+)?[mb]"  # 350m, 1.3b, 7b

# (pattern the whole lower-cased name must match, model type, an id it must resolve)
FAMILIES: tuple[tuple[str, str, str], ...] = (
    # encoder-decoder text models
    (r"opus-mt(-[a-z_]+)+", "marian", "Helsinki-NLP/opus-mt-en-de"),
    (r"long-t5-(local|tglobal)-(base|large|xl)", "longt5", "google/long-t5-tglobal-base"),
    (r"umt5-(small|base|xl|xxl)", "umt5", "google/umt5-small"),
    (r"(mt5|mt0)-(small|base|large|xl|xxl)", "mt5", "google/mt5-small"),
    (r"(flan-t5|t5|t5-v1_1|byt5)-(small|base|large|xl|xxl|3b|11b)", "t5", "google/flan-t5-base"),
    (r"codet5-(small|base|large)|t0(pp|_3b)?", "t5", "bigscience/T0pp"),
    (
        r"mbart-large-(cc25|en-ro|50(-many-to-many-mmt|-many-to-one-mmt|-one-to-many-mmt)?)",
        "mbart",
        "facebook/mbart-large-50-many-to-many-mmt",
    ),
    (r"bigbird-pegasus-large-(arxiv|pubmed|bigpatent)", "bigbird_pegasus", "google/bigbird-pegasus-large-arxiv"),
    (
        r"pegasus-(large|xsum|cnn_dailymail|multi_news|billsum|arxiv|pubmed|newsroom|gigaword)",
        "pegasus",
        "google/pegasus-xsum",
    ),
    (r"bart-(base|large)(-cnn|-xsum|-mnli)?|distilbart-(cnn|xsum)-\d+-\d+", "bart", "facebook/bart-large-cnn"),
    (r"nllb-200-(distilled-)?(600m|1\.3b|3\.3b)|m2m100_(418m|1\.2b)", "m2m_100", "facebook/nllb-200-distilled-600M"),
    (r"blenderbot(_small)?-90m", "blenderbot-small", "facebook/blenderbot_small-90M"),
    (r"blenderbot-(400m-distill|1b-distill|3b)", "blenderbot", "facebook/blenderbot-400M-distill"),
    (r"prophetnet-large-uncased(-cnndm|-squad-qg)?", "prophetnet", "microsoft/prophetnet-large-uncased"),
    (r"led-(base|large)-16384(-[a-z0-9-]+)?", "led", "allenai/led-base-16384"),
    # speech
    (r"whisper-(tiny|base|small|medium|large)(\.en|-v2|-v3|-v3-turbo)?", "whisper", "openai/whisper-small"),
    (r"wav2vec2-(base|large)(-[a-z0-9.]+)*", "wav2vec2", "facebook/wav2vec2-base-960h"),
    (
        r"wav2vec2-conformer-(rel-pos|rope)-large(-[a-z0-9-]+)?",
        "wav2vec2-conformer",
        "facebook/wav2vec2-conformer-rope-large-960h-ft",
    ),
    (r"hubert-(base|large|xlarge)-(ls960|ll60k)(-ft)?", "hubert", "facebook/hubert-large-ls960-ft"),
    (r"bark(-small)?", "bark", "suno/bark-small"),
    (r"qwen2-audio-7b(-instruct)?", "qwen2_audio", "Qwen/Qwen2-Audio-7B-Instruct"),
    (r"voxtral-(mini|small)-\d+b-2507", "voxtral", "mistralai/Voxtral-Mini-3B-2507"),
    # decoder-only language models
    (r"(distil)?gpt2(-medium|-large|-xl)?", "gpt2", "openai-community/gpt2"),
    (rf"opt-{_SIZE}", "opt", "facebook/opt-350m"),
    (rf"pythia-{_SIZE}(-deduped)?|gpt-neox-20b", "gpt_neox", "EleutherAI/pythia-160m"),
    (rf"gpt-neo-{_SIZE}", "gpt_neo", "EleutherAI/gpt-neo-125m"),
    (r"gpt-j-6b", "gptj", "EleutherAI/gpt-j-6b"),
    (r"llama-3\.2-(11|90)b-vision(-instruct)?", "mllama", "meta-llama/Llama-3.2-11B-Vision-Instruct"),
    (r"llama-4-(scout|maverick)-17b-\d+e(-instruct)?", "llama4", "meta-llama/Llama-4-Scout-17B-16E-Instruct"),
    (rf"(meta-)?llama-(2|3|3\.1|3\.2|3\.3)-{_SIZE}(-chat|-instruct)?(-hf)?", "llama", "meta-llama/Llama-2-7b-hf"),
    (r"smollm2?-(135m|360m|1\.7b)(-instruct)?", "llama", "HuggingFaceTB/SmolLM2-360M-Instruct"),
    (r"mixtral-8x(7|22)b(-instruct)?(-v0\.1)?", "mixtral", "mistralai/Mixtral-8x7B-v0.1"),
    (r"qwen1\.5-moe-a2\.7b(-chat)?|qwen2-57b-a14b(-instruct)?", "qwen2_moe", "Qwen/Qwen1.5-MoE-A2.7B-Chat"),
    (r"qwen3-(30b-a3b|235b-a22b)(-base|-instruct-2507|-thinking-2507)?", "qwen3_moe", "Qwen/Qwen3-30B-A3B"),
    (r"olmoe-1b-7b-(0924|0125)(-instruct|-sft)?", "olmoe", "allenai/OLMoE-1B-7B-0924-Instruct"),
    (r"phi-3\.5-moe-instruct", "phimoe", "microsoft/Phi-3.5-MoE-instruct"),
    (r"deepseek-v2(-lite)?(-chat)?", "deepseek_v2", "deepseek-ai/DeepSeek-V2-Lite-Chat"),
    (r"deepseek-v3(-base|-0324)?", "deepseek_v3", "deepseek-ai/DeepSeek-V3"),
    (r"glm-4\.5(-air)?(-base)?", "glm4_moe", "zai-org/GLM-4.5-Air"),
    (r"(ai21-)?jamba-(v0\.1|1\.5-(mini|large))", "jamba", "ai21labs/Jamba-v0.1"),
    (r"mistral-7b(-instruct)?(-v0\.[123])?", "mistral", "mistralai/Mistral-7B-Instruct-v0.2"),
    (r"mistral-small-3\.[12]-24b-(instruct|base)-250[36]", "mistral3", "mistralai/Mistral-Small-3.1-24B-Instruct-2503"),
    (r"qwen2\.5-vl-\d+b(-instruct)?", "qwen2_5_vl", "Qwen/Qwen2.5-VL-7B-Instruct"),
    (r"qwen2-vl-\d+b(-instruct)?", "qwen2_vl", "Qwen/Qwen2-VL-2B-Instruct"),
    (r"qwen2\.5-omni-\d+b", "qwen2_5_omni", "Qwen/Qwen2.5-Omni-3B"),
    (rf"qwen3-{_SIZE}(-base)?", "qwen3", "Qwen/Qwen3-0.6B"),
    (rf"qwen(1\.5|2|2\.5)-{_SIZE}(-instruct|-chat)?", "qwen2", "Qwen/Qwen2.5-0.5B-Instruct"),
    (
        r"phi-3(\.5)?-(mini|medium)(-4k|-128k)?-instruct|phi-4(-mini-instruct)?",
        "phi3",
        "microsoft/Phi-3-mini-4k-instruct",
    ),
    (r"phi-(1|1_5|2)", "phi", "microsoft/phi-2"),
    (r"gemma-(1\.1-)?(2|7)b(-it)?", "gemma", "google/gemma-2b"),
    (r"gemma-2-(2|9|27)b(-it)?", "gemma2", "google/gemma-2-2b-it"),
    (r"gemma-3-(1b|270m)(-it|-pt)?", "gemma3_text", "google/gemma-3-1b-it"),
    (r"gemma-3-(4|12|27)b(-it|-pt)?", "gemma3", "google/gemma-3-12b-it"),
    (r"gemma-3n-e[24]b(-it)?", "gemma3n", "google/gemma-3n-E4B-it"),
    # encoders
    (r"xlm-roberta-(base|large)", "xlm-roberta", "FacebookAI/xlm-roberta-base"),
    (r"(distil)?roberta-(base|large)(-mnli|-openai-detector)?", "roberta", "FacebookAI/roberta-base"),
    (r"deberta-v[23]-(xsmall|small|base|large|xlarge|xxlarge)(-mnli)?", "deberta-v2", "microsoft/deberta-v3-base"),
    (r"deberta-(base|large|xlarge)(-mnli)?", "deberta", "microsoft/deberta-base"),
    (
        r"distilbert-base-(uncased|cased|multilingual-cased)(-distilled-squad|-finetuned-sst-2-english)?",
        "distilbert",
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    ),
    (r"albert-(base|large|xlarge|xxlarge)-v[12]", "albert", "albert/albert-base-v2"),
    (r"electra-(small|base|large)-(discriminator|generator)", "electra", "google/electra-small-discriminator"),
    (r"(all-|multi-qa-)?mpnet-base(-v2|-dot-v1|-cos-v1)?", "mpnet", "sentence-transformers/all-mpnet-base-v2"),
    (r"(all-|ms-marco-)minilm-l-?(6|12)(-v2)?", "bert", "sentence-transformers/all-MiniLM-L6-v2"),
    (
        r"bert-(base|large)-(uncased|cased|multilingual-uncased|multilingual-cased|chinese)",
        "bert",
        "google-bert/bert-base-uncased",
    ),
    (
        r"tapas-(tiny|mini|small|medium|base|large)(-finetuned-(wtq|sqa|wikisql-supervised|tabfact))?",
        "tapas",
        "google/tapas-base-finetuned-wtq",
    ),
    (r"layoutlmv3-(base|large)", "layoutlmv3", "microsoft/layoutlmv3-base"),
    (r"layoutlmv2-(base|large)-uncased", "layoutlmv2", "microsoft/layoutlmv2-base-uncased"),
    (r"layoutlm-(base|large)-(uncased|cased)|layoutlm-document-qa", "layoutlm", "impira/layoutlm-document-qa"),
    # vision and vision-language
    (r"vit-(base|large|huge)-patch(14|16|32)-(224|384)(-in21k)?", "vit", "google/vit-base-patch16-224"),
    (r"vit-mae-(base|large|huge)", "vit_mae", "facebook/vit-mae-base"),
    (r"deit-(tiny|small|base)(-distilled)?-patch16-(224|384)", "deit", "facebook/deit-base-patch16-224"),
    (r"beit-(base|large)-patch16-(224|384|512)(-pt22k(-ft22k)?)?", "beit", "microsoft/beit-base-patch16-224"),
    (r"dit-(base|large)(-finetuned-rvlcdip)?", "beit", "microsoft/dit-base-finetuned-rvlcdip"),
    (r"swin-(tiny|small|base|large)-patch4-window(7|12)-(224|384)", "swin", "microsoft/swin-tiny-patch4-window7-224"),
    (r"convnext-(tiny|small|base|large|xlarge)-(224|384)(-22k(-1k)?)?", "convnext", "facebook/convnext-tiny-224"),
    (r"clip-vit-(base|large)-patch(14|16|32)(-336)?", "clip", "openai/clip-vit-base-patch32"),
    (r"blip2-(opt-(2\.7|6\.7)b|flan-t5-(xl|xxl))(-coco)?", "blip-2", "Salesforce/blip2-opt-2.7b"),
    (
        r"blip-(image-captioning|vqa|itm)-(base|large)(-coco|-flickr|-capfilt-large)?",
        "blip",
        "Salesforce/blip-image-captioning-base",
    ),
    (r"detr-resnet-(50|101)(-dc5)?(-panoptic)?", "detr", "facebook/detr-resnet-50"),
    (r"yolos-(tiny|small|base)", "yolos", "hustvl/yolos-tiny"),
    (r"owlvit-(base|large)-patch(14|16|32)", "owlvit", "google/owlvit-base-patch32"),
    (r"sam-vit-(base|large|huge)", "sam", "facebook/sam-vit-huge"),
    (r"dpt-large(-ade)?|dpt-hybrid-midas", "dpt", "Intel/dpt-large"),
    (
        r"videomae-(base|large|huge)(-finetuned-(kinetics|ssv2))?",
        "videomae",
        "MCG-NJU/videomae-base-finetuned-kinetics",
    ),
)


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), model_type) for pattern, model_type, _ in FAMILIES)


def family_of(model_id: str) -> str | None:
    """The model type a hub id's name names, by the table above; None when no row matches it whole."""
    parts = model_id.strip().lower().split("/")
    if len(parts) > 2 or not parts[-1]:
        return None
    for pattern, model_type in _compiled():
        if pattern.fullmatch(parts[-1]):
            return model_type
    return None


def measure(catalog: Catalog) -> dict:
    """How the patterns alone, and the whole resolution by name (table, then patterns), fare on the
    checkpoints ``catalog``'s release names: counts, and the ids the patterns resolve to a wrong type."""
    table = catalog.checkpoints
    wrong = {model_id: family_of(model_id) for model_id in table if family_of(model_id) not in (None, table[model_id])}
    right = sum(family_of(model_id) == model_type for model_id, model_type in table.items())
    resolved = sum((checkpoint_type(i) or family_of(i)) == model_type for i, model_type in table.items())
    return {"ids": len(table), "patterns_right": right, "patterns_wrong": wrong, "resolved_right": resolved}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The family table of model id patterns")
    parser.add_argument("--measure", action="store_true", help="score the patterns on the library's checkpoints")
    args = parser.parse_args(argv)
    if not args.measure:
        parser.print_help()
        return 0
    catalog = all_catalogs()[-1]
    figures = measure(catalog)
    total = figures["ids"]
    print(f"checkpoints named in transformers {catalog.version}'s source: {total}")
    print(f"name patterns alone: {figures['patterns_right']} right ({figures['patterns_right'] / total:.1%}), "
          f"{len(figures['patterns_wrong'])} wrong, the rest unknown")  # fmt: skip
    for model_id, model_type in sorted(figures["patterns_wrong"].items()):
        print(f"  wrong: {model_id} -> {model_type} (the library: {catalog.checkpoints[model_id]})")
    print(f"library table, then patterns: {figures['resolved_right']} right ({figures['resolved_right'] / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
