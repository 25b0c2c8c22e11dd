"""Run code before and after its fixes against the installed transformers, on tiny local models.

Reads a JSON list of cases ({"name", "before", "after"}) on stdin; prints a JSON list of results.
Each snippet runs with PATHS (tiny model folders) and torch / transformers already imported.
"""

import json
import os
import sys
import tempfile
import traceback

import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoModelForSeq2SeqLM, BertTokenizerFast

transformers.logging.set_verbosity_error()
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "the", "a", "model"]


def tiny_models(root):
    paths = {}
    vocab = os.path.join(root, "vocab.txt")
    with open(vocab, "w") as handle:
        handle.write("\n".join(VOCAB) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=vocab)
    small = dict(
        hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32, vocab_size=len(VOCAB)
    )
    for name, model_type, cls, extra in (
        ("bert", "bert", AutoModel, {"max_position_embeddings": 32}),
        ("gpt2", "gpt2", AutoModelForCausalLM, {"n_embd": 16, "n_layer": 1, "n_head": 2, "n_positions": 32}),
    ):
        config = AutoConfig.for_model(model_type, **small, **extra)
        path = os.path.join(root, name)
        cls.from_config(config).save_pretrained(path)
        tokenizer.save_pretrained(path)
        paths[name] = path
    seq2seq = dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2)
    seq2seq.update(encoder_ffn_dim=32, decoder_ffn_dim=32, vocab_size=len(VOCAB), max_position_embeddings=32)
    seq2seq.update(pad_token_id=0, bos_token_id=2, eos_token_id=3, decoder_start_token_id=2, forced_eos_token_id=3)
    paths["bart"] = os.path.join(root, "bart")
    AutoModelForSeq2SeqLM.from_config(AutoConfig.for_model("bart", **seq2seq)).save_pretrained(paths["bart"])
    tokenizer.save_pretrained(paths["bart"])
    return paths


def run(code, paths):
    scope = {"torch": torch, "transformers": transformers, "PATHS": paths, "OUT": tempfile.mkdtemp()}
    try:
        exec(compile(code, "<case>", "exec"), scope)
    except Exception as exc:  # the outcome is the point
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return "ok"


def main():
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as root:
        paths = tiny_models(root)
        results = [
            {"name": c["name"], "before": run(c["before"], paths), "after": run(c["after"], paths)} for c in cases
        ]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        sys.exit(3)
