"""Build the stand-in hub: tiny random models of the real architectures, with tokenizers and processors,
saved under real model ids in a Hugging Face cache layout, so that `from_pretrained("org/name")` and a
pipeline's default model work offline.

    python hub.py HUB_CACHE MODELS_FOLDER

Runs under the older transformers of the run-proof (the hub's files were written by 4.x releases). Each
model is small enough to train for a step in a second on a CPU; its vocabulary is trained here on a few
sentences, with the special tokens its family uses.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

import transformers
from transformers import AutoConfig

transformers.logging.set_verbosity_error()

TEXT = (
    "Hugging Face is a company based in New York City. The quick brown fox jumps over the lazy dog. "
    "I have been waiting for a HuggingFace course my whole life. This movie was great, I loved it. "
    "The weather is terrible today and I hate it. Sylvain works at Hugging Face in Brooklyn. "
    "Paris is the capital of France. Machine learning models translate English to French and Romanian. "
    "def add(a, b): return a + b  # code, numbers 0 1 2 3 4 5 6 7 8 9 and punctuation !?.,;:'\"()[]{}"
)
SHA = "0123456789abcdef0123456789abcdef01234567"
SMALL = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64}
SEQ2SEQ = {
    "d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
    "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64, "max_position_embeddings": 1024,
}  # fmt: skip
# model_type -> the config's small sizes
SIZES = {
    "bert": {**SMALL, "max_position_embeddings": 512},
    "electra": {**SMALL, "embedding_size": 32, "max_position_embeddings": 512},
    "distilbert": {"dim": 32, "n_layers": 2, "n_heads": 2, "hidden_dim": 64, "max_position_embeddings": 512},
    "roberta": {**SMALL, "max_position_embeddings": 514},
    "gpt2": {"n_embd": 32, "n_layer": 2, "n_head": 2, "n_positions": 1024},
    "opt": {**SMALL, "ffn_dim": 64, "word_embed_proj_dim": 32, "max_position_embeddings": 2048},
    "llama": {**SMALL, "num_key_value_heads": 1, "max_position_embeddings": 2048},
    "smollm3": {**SMALL, "num_key_value_heads": 1, "max_position_embeddings": 2048},
    "bart": SEQ2SEQ,
    "marian": SEQ2SEQ,
    "t5": {"d_model": 32, "d_ff": 64, "d_kv": 16, "num_layers": 1, "num_decoder_layers": 1, "num_heads": 2},
    "mt5": {"d_model": 32, "d_ff": 64, "d_kv": 16, "num_layers": 1, "num_decoder_layers": 1, "num_heads": 2},
    "vit": {**SMALL, "image_size": 32, "patch_size": 8},
    "beit": {**SMALL, "image_size": 224, "patch_size": 16},  # DiT's 224 pixels: a program fixes that shape
    "wav2vec2": {
        **SMALL, "conv_dim": (16, 16), "conv_stride": (5, 4), "conv_kernel": (10, 4),
        "num_conv_pos_embeddings": 16, "num_conv_pos_embedding_groups": 2, "classifier_proj_size": 16,
    },
}  # fmt: skip
# model_type -> how its tokenizer is made: a WordPiece vocabulary, a byte-level BPE, or a SentencePiece model
TOKENIZERS = {
    "bert": ("wordpiece", "BertTokenizerFast"),
    "electra": ("wordpiece", "ElectraTokenizerFast"),
    "distilbert": ("wordpiece", "DistilBertTokenizerFast"),
    "roberta": ("bpe", "RobertaTokenizerFast"),
    "bart": ("bpe", "BartTokenizerFast"),
    "gpt2": ("bpe", "GPT2TokenizerFast"),
    "opt": ("bpe", "GPT2TokenizerFast"),
    "llama": ("bpe", "GPT2TokenizerFast"),
    "smollm3": ("bpe", "GPT2TokenizerFast"),
    "t5": ("spm", "T5TokenizerFast"),
    "mt5": ("spm", "T5TokenizerFast"),
    "marian": ("spm", "MarianTokenizer"),
}


def wordpiece(folder: str, cls: str):
    from tokenizers import BertWordPieceTokenizer

    trainer = BertWordPieceTokenizer(lowercase=False)
    trainer.train_from_iterator([TEXT] * 4, vocab_size=400, min_frequency=1)
    trainer.save_model(folder)
    return getattr(transformers, cls)(vocab_file=os.path.join(folder, "vocab.txt"), do_lower_case=False)


def bpe(folder: str, cls: str, model_type: str):
    from tokenizers import ByteLevelBPETokenizer

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"] if model_type in ("roberta", "bart") else ["<|endoftext|>"]
    trainer = ByteLevelBPETokenizer()
    trainer.train_from_iterator([TEXT] * 4, vocab_size=400, min_frequency=1, special_tokens=specials)
    trainer.save_model(folder)
    files = {"vocab_file": os.path.join(folder, "vocab.json"), "merges_file": os.path.join(folder, "merges.txt")}
    if model_type in ("roberta", "bart"):
        return getattr(transformers, cls)(**files)
    return getattr(transformers, cls)(**files, unk_token="<|endoftext|>", bos_token="<|endoftext|>")


def sentencepiece(folder: str, cls: str, model_type: str):
    import sentencepiece as spm

    corpus = os.path.join(folder, "corpus.txt")
    with open(corpus, "w") as handle:
        handle.write("\n".join(TEXT.split(". ")))
    prefix = os.path.join(folder, "spm")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, vocab_size=200, pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>", minloglevel=2, hard_vocab_limit=False,
    )  # fmt: skip
    if model_type == "marian":
        vocab = {line.split("\t")[0]: n for n, line in enumerate(open(prefix + ".vocab", encoding="utf-8"))}
        with open(os.path.join(folder, "vocab.json"), "w") as handle:
            json.dump(vocab, handle)
        model = prefix + ".model"
        return transformers.MarianTokenizer(
            source_spm=model, target_spm=model, vocab=os.path.join(folder, "vocab.json")
        )
    return getattr(transformers, cls)(vocab_file=prefix + ".model", extra_ids=0)


def tokenizer_for(model_type: str):
    kind, cls = TOKENIZERS[model_type]
    folder = tempfile.mkdtemp()
    if kind == "wordpiece":
        return wordpiece(folder, cls)
    if kind == "bpe":
        return bpe(folder, cls, model_type)
    return sentencepiece(folder, cls, model_type)


def processor_for(model_type: str):
    if model_type == "vit":
        return transformers.ViTImageProcessor(size={"height": 32, "width": 32})
    if model_type == "beit":
        return transformers.BeitImageProcessor(
            size={"height": 224, "width": 224}, do_center_crop=False, image_mean=[0.5] * 3, image_std=[0.5] * 3
        )
    if model_type == "wav2vec2":
        return transformers.Wav2Vec2FeatureExtractor(sampling_rate=16000, return_attention_mask=True)
    return None


def build(snapshot: str, spec: dict) -> None:
    model_type = spec["type"]
    sizes = dict(SIZES[model_type])
    labels = spec.get("labels")
    if labels:
        sizes.update(id2label=dict(enumerate(labels)), label2id={name: n for n, name in enumerate(labels)})
    tokenizer = tokenizer_for(model_type) if model_type in TOKENIZERS else None
    if tokenizer is not None:
        sizes["vocab_size"] = len(tokenizer)
        sizes["pad_token_id"] = tokenizer.pad_token_id  # None where the family has no padding token
        for name in ("pad_token_id", "eos_token_id", "bos_token_id", "decoder_start_token_id"):
            value = {"decoder_start_token_id": tokenizer.pad_token_id}.get(name, getattr(tokenizer, name, None))
            if value is not None and (name != "decoder_start_token_id" or model_type in ("marian", "t5")):
                sizes[name] = value
    config = AutoConfig.for_model(model_type, **sizes, **spec.get("config", {}))
    head = getattr(transformers, spec["head"])
    model = head(config)
    model.save_pretrained(snapshot)
    if tokenizer is not None:
        for key, setting in spec.get("tokenizer", {}).items():  # e.g. the real model_max_length
            setattr(tokenizer, key, setting)
        tokenizer.save_pretrained(snapshot)
    processor = processor_for(model_type)
    if processor is not None:
        processor.save_pretrained(snapshot)


def place(cache: str, model_id: str, spec: dict) -> None:
    repo = os.path.join(cache, "models--" + model_id.replace("/", "--"))
    snapshot = os.path.join(repo, "snapshots", SHA)
    os.makedirs(os.path.join(repo, "refs"), exist_ok=True)
    build(snapshot, spec)
    for ref in ["main", *spec.get("revisions", [])]:
        with open(os.path.join(repo, "refs", ref), "w") as handle:
            handle.write(SHA)


def main(cache: str, models: str) -> None:
    catalog = {}
    for name in sorted(os.listdir(models)):  # one catalogue per family of programs
        with open(os.path.join(models, name)) as handle:
            catalog.update(json.load(handle))
    for model_id, spec in catalog.items():
        if not model_id.startswith("_"):
            place(cache, model_id, spec)
    print(f"{len(catalog)} models in {cache}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
