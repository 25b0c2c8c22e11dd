"""One smoke site, in its own process: load the model before and after the fix, run it, time it.

Reads a job (JSON) on stdin and prints one result (JSON) on stdout; whatever the libraries print goes
to stderr. Offline only, and `trust_remote_code=False` on every load, so a repository's own code is
refused at once rather than asked about; the parent sets the time limit, this process caps its memory.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
import traceback

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

# Sizes for a tiny random model: set where the model type's config has the field.
SMALL = {
    "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 2,
    "intermediate_size": 64, "d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
    "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64, "num_layers": 1,
    "num_decoder_layers": 1, "d_ff": 64, "d_kv": 16, "num_heads": 2, "n_embd": 32, "n_layer": 1, "n_head": 2,
    "max_position_embeddings": 128, "n_positions": 128, "max_source_positions": 32, "max_target_positions": 64,
    "num_mel_bins": 16, "image_size": 32, "patch_size": 8, "head_dim": 16,
}  # fmt: skip
GENERATIVE = (
    "ForCausalLM",
    "ForSeq2SeqLM",
    "ForSpeechSeq2Seq",
    "ForImageTextToText",
    "LMHeadModel",
    "ForConditionalGeneration",
)
WEIGHTS = (".safetensors", ".bin", ".pt", ".pth")


def best_device(torch) -> str:
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def shrink(config) -> None:
    for key, value in SMALL.items():
        if hasattr(config, key) and isinstance(getattr(config, key), int):
            setattr(config, key, value)
    for key in ("text_config", "vision_config", "audio_config", "encoder", "decoder"):
        inner = getattr(config, key, None)
        if inner is not None and hasattr(inner, "to_dict"):
            shrink(inner)


def weight_bytes(path: str) -> int:
    total = 0
    for folder, _, names in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, n)) for n in names if n.endswith(WEIGHTS))
    return total


def model_source(job, transformers, workdir):
    """(source, folder) of the model to load: local, the offline cache, or a tiny random one."""
    site = job["site"]
    model_id = site.get("model_id")
    if model_id:
        for base in (job.get("base_dir") or ".", job.get("cwd") or "."):
            folder = os.path.join(base, os.path.expanduser(model_id))
            if os.path.isfile(os.path.join(folder, "config.json")):
                return "local", folder
        snapshot = job.get("cached")
        if snapshot and os.path.isfile(os.path.join(snapshot, "config.json")):
            return "cache", snapshot
    model_type = site.get("model_type")
    if not model_type:
        return None, "no model to load: the site's model could not be resolved"
    config = transformers.AutoConfig.for_model(model_type)  # built from the library's own classes
    shrink(config)
    cls_name = site["after"].get("class") or site["before"].get("class") or _task_class(site, transformers)
    cls = getattr(transformers, cls_name, None) if cls_name else None
    if cls is None:
        return None, f"no class to build a tiny {model_type} model with"
    folder = os.path.join(workdir, "tiny")
    # Auto classes build from a config with `from_config`; a concrete class is built by calling it.
    model = cls.from_config(config) if hasattr(cls, "from_config") else cls(config)
    model.save_pretrained(folder)
    _tiny_tokenizer(transformers, folder)
    return "tiny-random", folder


def _task_class(site, transformers):
    from transformers.pipelines import SUPPORTED_TASKS, TASK_ALIASES

    task = TASK_ALIASES.get(site.get("task"), site.get("task"))
    classes = SUPPORTED_TASKS.get(task, {}).get("pt", ())
    return classes[0].__name__ if classes else None


def _tiny_tokenizer(transformers, folder) -> None:
    vocab = os.path.join(folder, "vocab.txt")
    with open(vocab, "w") as handle:
        handle.write("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "the", "a"]) + "\n")
    transformers.BertTokenizerFast(vocab_file=vocab).save_pretrained(folder)


def make_inputs(model, torch):
    config = model.config
    name = model.main_input_name
    inputs = {}
    if name == "input_ids":
        vocab = getattr(config, "vocab_size", None) or getattr(getattr(config, "text_config", None), "vocab_size", 100)
        length = min(64, getattr(config, "max_position_embeddings", 64) or 64)
        inputs["input_ids"] = torch.randint(4, max(5, min(int(vocab), 100)), (1, length))
        inputs["attention_mask"] = torch.ones_like(inputs["input_ids"])
    elif name == "pixel_values":
        vision = getattr(config, "vision_config", config)
        size = getattr(vision, "image_size", 32)
        size = size if isinstance(size, int) else size.get("height", 32)
        inputs["pixel_values"] = torch.randn(1, getattr(vision, "num_channels", 3), size, size)
    elif name == "input_features":
        frames = 2 * getattr(config, "max_source_positions", 1500)
        inputs["input_features"] = torch.randn(1, getattr(config, "num_mel_bins", 80), frames)
    elif name == "input_values":
        inputs["input_values"] = torch.randn(1, 16000)
    else:
        raise RuntimeError(f"no inputs known for `{name}`")
    return inputs


def attempt(job, side, folder, torch, transformers, device):
    """Load and run one side of the site; (outcome text, milliseconds per forward or None, dtype, device, the
    class loaded: the model's own class when it loaded, else the one the code names)."""
    site = job["site"]
    spec = site[side]
    dtype_name = spec.get("dtype") or "float32"
    dtype = getattr(torch, dtype_name) if dtype_name != "auto" else "auto"
    where = spec.get("device") or (device if side == "after" else "cpu")
    named = spec.get("class") or (f"pipeline({site.get('task')!r})" if site["kind"] == "pipeline" else None)
    try:
        if site["kind"] == "pipeline":
            return _pipeline(site, spec, folder, transformers, dtype, where, dtype_name)
        cls = getattr(transformers, spec["class"], None)
        if cls is None:
            failure = f"ImportError: cannot import name '{spec['class']}' from 'transformers'"
            return failure, None, dtype_name, where, named
        kwargs = {"dtype": dtype, "trust_remote_code": False}
        for key in ("num_labels", "id2label", "label2id", "device_map"):
            if spec.get(key) is not None:
                kwargs[key] = spec[key] if key != "device_map" or spec[key] != "auto" or where != "cpu" else "cpu"
        model = cls.from_pretrained(folder, **kwargs).eval()
        move = spec.get("move")
        if move is not None:
            model = model.to(move if isinstance(move, str) else f"cuda:{move}")
        elif "device_map" not in kwargs:
            model = model.to(where)
        inputs = {k: v.to(model.device) for k, v in make_inputs(model, torch).items()}
        if getattr(model.config, "is_encoder_decoder", False):
            inputs["decoder_input_ids"] = torch.full((1, 1), _start_token(model), device=model.device)
        for key, value in inputs.items():
            if value.is_floating_point():
                inputs[key] = value.to(model.dtype)
        with torch.no_grad():
            output = model(**inputs)
            times = []
            for _ in range(3):
                began = time.perf_counter()
                model(**inputs)
                times.append((time.perf_counter() - began) * 1000)
            if spec.get("reads"):
                getattr(output, spec["reads"])
            inputs.pop("decoder_input_ids", None)
            if spec.get("calls") == "generate" or (side == "after" and type(model).__name__.endswith(GENERATIVE)):
                extra = (
                    {"decoder_start_token_id": _start_token(model)}
                    if getattr(model.config, "is_encoder_decoder", False)
                    else {}
                )
                model.generate(**inputs, max_new_tokens=2, do_sample=False, **extra)
        return "ok", statistics.median(times), dtype_name, str(model.device), _loaded(model, spec["class"])
    except Exception as exc:  # the outcome is what the smoke test records
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:300], None, dtype_name, where, named


def _loaded(model, named: str) -> str:
    """`AutoModelForCausalLM -> LlamaForCausalLM`: what the code names, and the class it got."""
    own = type(model).__name__
    return own if own == named else f"{named} ({own})"


def _start_token(model) -> int:
    for source in (getattr(model, "generation_config", None), model.config):
        for name in ("decoder_start_token_id", "pad_token_id", "bos_token_id"):
            value = getattr(source, name, None)
            if isinstance(value, int):
                return value
    return 0


def _pipeline(site, spec, folder, transformers, dtype, where, dtype_name):
    kwargs = {"model": folder, "dtype": dtype, "trust_remote_code": False}
    if spec.get("device_map") is not None:
        kwargs["device_map"] = spec["device_map"]
    if spec.get("device") is not None or "device_map" not in kwargs:
        device = spec.get("device", where)
        kwargs["device"] = -1 if device == "cpu" else device
    pipe = transformers.pipeline(site.get("task"), **kwargs)
    times = []
    for _ in range(3):
        began = time.perf_counter()
        pipe("hello world") if site.get("task") != "text-generation" else pipe("hello", max_new_tokens=2)
        times.append((time.perf_counter() - began) * 1000)
    return "ok", statistics.median(times), dtype_name, str(pipe.device), f"pipeline ({type(pipe.model).__name__})"


def main() -> int:
    job = json.load(sys.stdin)
    out, sys.stdout = sys.stdout, sys.stderr  # stdout carries the result alone
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    device = best_device(torch)
    if device != "cuda" and job.get("memory_mb"):
        cap = job["memory_mb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    result = {
        "source": None,
        "before": None,
        "after": None,
        "ms_before": None,
        "ms_after": None,
        "device": device,
        "dtype": None,
    }
    with tempfile.TemporaryDirectory() as workdir:
        try:
            source, folder = model_source(job, transformers, workdir)
        except Exception as exc:
            source, folder = None, f"could not build a model: {type(exc).__name__}: {exc}".splitlines()[0]
        if source is None:
            result["skipped"] = folder
        elif source != "tiny-random" and weight_bytes(folder) > job["max_bytes"] and not job.get("allow_large"):
            result["skipped"] = f"weights over {job['max_bytes'] // 2**20} MiB (use --smoke-allow-large)"
        else:
            result["source"] = source
            result["before"], result["ms_before"], before_dtype, before_device, result["class_before"] = attempt(
                job, "before", folder, torch, transformers, device
            )
            result["after"], result["ms_after"], after_dtype, result["device"], result["class_after"] = attempt(
                job, "after", folder, torch, transformers, device
            )
            result["dtype"] = after_dtype if before_dtype == after_dtype else f"{before_dtype} -> {after_dtype}"
            result["device_before"] = before_device
    json.dump(result, out)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(3)
