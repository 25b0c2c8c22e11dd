"""A safe fix keeps the meaning in the target release: the fixed code runs under the installed transformers (5.23
in the test extra, with the newest huggingface_hub and datasets it admits) on tiny local models, where the
original fails; what the newest release changed runs under it."""

import json
import os
import subprocess
import sys
from importlib import metadata

import pytest

from conftest import ROOT, newest_transformers
from lint_rules.fixer import fix_source
from lint_rules.selection import select_codes
from lint_rules.versions import NEWEST_KNOWN, Version

pytestmark = pytest.mark.models
# A JSON Lines file for `load_dataset("json", ...)`, and a Hugging Face cache that holds `acme/model`'s config.
JSON_LINES = (
    "import os\nfrom datasets import load_dataset\nDATA = os.path.join(OUT, 'rows.jsonl')\n"
    "open(DATA, 'w').write('{\"text\": \"hello\"}\\n')\n"
)
HUB_CACHE = (
    "import os\nCACHE = os.path.join(OUT, 'hub')\nrepo = os.path.join(CACHE, 'models--acme--model')\n"
    "os.makedirs(os.path.join(repo, 'refs'))\nos.makedirs(os.path.join(repo, 'snapshots', 'a' * 40))\n"
    "open(os.path.join(repo, 'refs', 'main'), 'w').write('a' * 40)\n"
    "open(os.path.join(repo, 'snapshots', 'a' * 40, 'config.json'), 'w').write('{}')\n"
)
TOKENIZER = 'import transformers\n\ntok = transformers.AutoTokenizer.from_pretrained(PATHS["bert"])\n'

# What a written-out pipeline must return: the 4.x output keys.
SUMMARY = 'out = p("hello world the model", max_new_tokens=4)\nassert [list(o) for o in out] == [["{key}"]], out\n'
# name -> (code using PATHS, what the original must fail with in 5.x: an exception name, or "ok")
CASES = {
    "HF302 token": (
        'from transformers import AutoModel\nm = AutoModel.from_pretrained(PATHS["bert"], use_auth_token=None)\n',
        "TypeError",
    ),
    "HF303 dtype": (
        'from transformers import AutoModel\nm = AutoModel.from_pretrained(PATHS["bert"], torch_dtype=torch.float64)\n'
        "assert m.dtype == torch.float64, m.dtype\n",
        "ok",
    ),
    "HF304 masked LM": (
        'from transformers import AutoModelWithLMHead\nm = AutoModelWithLMHead.from_pretrained("bert-base-uncased")\n',
        "ImportError",
    ),
    "HF306 framework": (
        'from transformers import pipeline\np = pipeline("text-generation", model=PATHS["gpt2"], framework="pt")\n'
        'p("hello", max_new_tokens=2)\n',
        "ValueError",
    ),
    "HF308 processing_class": (
        TOKENIZER + "from transformers import Trainer, TrainingArguments\n"
        'model = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "trainer = Trainer(model=model, args=TrainingArguments(OUT, report_to=[]), tokenizer=tok)\n"
        "assert trainer.processing_class is tok\n",
        "TypeError",
    ),
    "HF309 training arguments": (
        "from transformers import TrainingArguments\n"
        'a = TrainingArguments(OUT, evaluation_strategy="no", no_cuda=True, per_gpu_train_batch_size=2, '
        "group_by_length=True, report_to=[])\n"
        "assert (a.eval_strategy, a.use_cpu, a.per_device_train_batch_size, a.train_sampling_strategy) == "
        '("no", True, 2, "group_by_length")\n',
        "TypeError",
    ),
    "HF309 logging_dir": (
        "import os\nfrom transformers import TrainingArguments, Trainer\n"
        "logs = os.path.join(OUT, 'tensorboard')\n"
        'model = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "args = TrainingArguments(OUT, logging_dir=logs, report_to=[])\n"
        "trainer = Trainer(model=model, args=args)\n"
        "assert os.environ['TENSORBOARD_LOGGING_DIR'] == logs\n",
        "TypeError",
    ),
    "HF309 report_to": (
        "from transformers import TrainingArguments, Trainer\n"
        'model = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "trainer = Trainer(model=model, args=TrainingArguments(OUT, report_to=None))\n",
        "ValueError",
    ),
    "HF310 encode_plus": (
        TOKENIZER + 'ids = tok.encode_plus("hello world")["input_ids"]\n'
        "assert ids[0] == tok.cls_token_id and ids[-1] == tok.sep_token_id\n",
        "AttributeError",
    ),
    "HF310 as_target_tokenizer": (
        TOKENIZER + 'with tok.as_target_tokenizer():\n    labels = tok(["hello world"])\n'
        'assert labels["input_ids"][0][0] == tok.cls_token_id\n',
        "AttributeError",
    ),
    "HF315 grouped_entities": (
        'from transformers import pipeline\np = pipeline("ner", model=PATHS["bert"], grouped_entities=True)\n'
        'p("hello world")\n',
        "TypeError",
    ),
    "HF310 pad_to_max_length": (
        TOKENIZER
        + 'long = tok.encode_plus("hello world the a model hello world", max_length=4, pad_to_max_length=True)\n'
        'short = tok.encode_plus("hello", max_length=6, pad_to_max_length=True)\n'
        'assert len(long["input_ids"]) == 4 and len(short["input_ids"]) == 6  # truncated and padded, as 4.x did\n',
        "AttributeError",
    ),
    "HF306 from_pt": (
        'from transformers import AutoModel\nm = AutoModel.from_pretrained(PATHS["bert"], from_pt=True)\n',
        "TypeError",
    ),
    "HF316 words": (TOKENIZER + 'enc = tok("hello world")\nassert enc.words() == enc.word_ids()\n', "AttributeError"),
    "HF317 activation_checkpointing": (
        "from transformers import TrainingArguments\n"
        "a = TrainingArguments(OUT, gradient_checkpointing=True, report_to=[])\n"
        "assert a.activation_checkpointing is True\n",
        "ok",
    ),
    "HF320 return_dict": (
        TOKENIZER + 'model = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "template = \"{% for m in messages %}{{ m['content'] }}{% endfor %}\"\n"
        'chat = [{"role": "user", "content": "hello"}]\n'
        'ids = tok.apply_chat_template(chat, chat_template=template, return_tensors="pt")\n'
        "out = model.generate(ids, max_new_tokens=2, pad_token_id=0)\n",
        "AttributeError",
    ),
    "HF322 get_token": (
        "from huggingface_hub import HfFolder\n"
        "token = HfFolder.get_token()\nassert token is None or isinstance(token, str)\n",
        "ImportError",
    ),
    "HF322 disable_caching": (
        "import datasets\ndatasets.set_caching_enabled(False)\nassert not datasets.is_caching_enabled()\n",
        "AttributeError",
    ),
    "HF311 AdamW": (
        "from transformers import AdamW\n"
        "optimizer = AdamW([torch.nn.Parameter(torch.zeros(2))], lr=1e-3, correct_bias=True)\n"
        'assert optimizer.defaults["eps"] == 1e-6 and optimizer.defaults["weight_decay"] == 0.0  # as 4.x had them\n',
        "ImportError",
    ),
    "HF310 as_target_tokenizer around a call": (
        TOKENIZER + 'seen = []\nwith tok.as_target_tokenizer():\n    seen.append(tok(["hello world", "the model"]))\n'
        'assert len(seen[0]["input_ids"]) == 2\n',
        "AttributeError",
    ),
    "HF322 unused Repository": (
        "from huggingface_hub import Repository, get_full_repo_name\n"
        "assert callable(get_full_repo_name)  # the clone was stubbed: nothing uses the class\n",
        "ImportError",
    ),
    "HF324 column": (
        TOKENIZER + "from datasets import Dataset\n"
        'rows = Dataset.from_dict({"text": ["hello world", "the model"], "n": [[1, 2], [3, 4]]})\n'
        'enc = tok(rows["text"])\nassert len(enc["input_ids"]) == 2\n'
        'rows = rows.with_format("torch")\nassert rows["n"].to("cpu").shape == (2, 2)\n',
        "ValueError",  # datasets 4 and later: the tokenizer rejects the lazy Column
    ),
    "HF107 summarization": (
        'from transformers import pipeline\np = pipeline("summarization", model=PATHS["bart"])\n'
        + SUMMARY.format(key="summary_text"),
        "KeyError",
    ),
    "HF107 translation": (
        'from transformers import pipeline\np = pipeline("translation_en_to_fr", model=PATHS["bart"])\n'
        + SUMMARY.format(key="translation_text"),
        "KeyError",
    ),
    "HF107 text2text-generation": (
        'from transformers import pipeline\np = pipeline("text2text-generation", model=PATHS["bart"])\n'
        + SUMMARY.format(key="generated_text"),
        "KeyError",
    ),
    "HF107 question-answering": (
        'from transformers import pipeline\nqa = pipeline("question-answering", model=PATHS["bert"])\n'
        'out = qa(question="hello", context="hello world the model")\n'
        'assert sorted(out) == ["answer", "end", "score", "start"], out\n'
        'assert out["answer"] == "hello world the model"[out["start"] : out["end"]]\n'
        'both = qa([{"question": "a", "context": "the model"}, {"question": "a", "context": "hello world"}])\n'
        "assert len(both) == 2 and all(sorted(one) == sorted(out) for one in both)\n",
        "KeyError",
    ),
    "HF323 token": (
        JSON_LINES + 'rows = load_dataset("json", data_files=DATA, split="train", use_auth_token=None)\n'
        'assert rows[0]["text"] == "hello"\n',
        "TypeError",  # the json builder's config takes no `use_auth_token`
    ),
    "HF323 resume_download": (
        HUB_CACHE + "from huggingface_hub import hf_hub_download\n"
        'path = hf_hub_download("acme/model", "config.json", cache_dir=CACHE, resume_download=True)\n'
        "assert path.endswith('config.json')\n",
        "ok",  # huggingface_hub's decorator drops it with a warning: the fix only quiets it
    ),
    "HF314 alias": (
        "from transformers.generation import GreedySearchDecoderOnlyOutput\n"
        'model = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "out = model.generate(torch.tensor([[5, 6]]), max_new_tokens=2, pad_token_id=0, return_dict_in_generate=True)\n"
        "assert isinstance(out, GreedySearchDecoderOnlyOutput), type(out)\n",
        "ImportError",
    ),
    "HF316 nested config": (
        "from transformers import CLIPConfig, CLIPTextConfig, CLIPVisionConfig\n"
        "config = CLIPConfig.from_text_vision_configs(CLIPTextConfig(hidden_size=48), CLIPVisionConfig())\n"
        "assert config.text_config.hidden_size == 48\n",
        "AttributeError",
    ),
    "HF315 by name": (
        TOKENIZER + "ids = tok('hello world')['input_ids']\ntext = tok.decode(ids, True, False)\n"
        "assert text == tok.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False), text\n",
        "TypeError",
    ),
    "HF325 generation setting set": (
        'import transformers\nmodel = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "model.config.no_repeat_ngram_size = 1\n"
        "out = model.generate(torch.tensor([[5, 5]]), max_new_tokens=3, pad_token_id=0)\n"
        "assert len(set(out[0, 2:].tolist())) == 3 and 5 not in out[0, 2:].tolist(), out\n",
        "ValueError",
    ),
    "HF325 nested config": (
        "from transformers import Qwen2VLConfig\n"
        'config = Qwen2VLConfig(text_config={"vocab_size": 152000})\n'
        "config.use_cache = False\n"
        "assert config.text_config.use_cache is False and config.vocab_size == 152000\n",
        "AssertionError",
    ),
    "HF316 generation_config of a classifier": (
        "import transformers\n"
        'model = transformers.AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n'
        "assert model.generation_config is None\n",
        "AttributeError",
    ),
    "HF310 pad_to_max_length on the call": (
        TOKENIZER + 'batch = tok(["hello world", "hi"], max_length=8, pad_to_max_length=True)\n'
        "assert [len(ids) for ids in batch['input_ids']] == [8, 8], batch\n",
        "AssertionError",
    ),
    "HF601 tied weights": (
        "from torch import nn\nfrom transformers import PretrainedConfig, PreTrainedModel\n\n\n"
        "class TinyConfig(PretrainedConfig):\n    model_type = 'tiny-tied'\n\n\n"
        "class TinyLM(PreTrainedModel):\n    config_class = TinyConfig\n"
        '    _tied_weights_keys = ["lm_head.weight"]\n\n'
        "    def __init__(self, config):\n        super().__init__(config)\n"
        "        self.embed = nn.Embedding(16, 8)\n        self.lm_head = nn.Linear(8, 16, bias=False)\n"
        "        self.post_init()\n\n"
        "    def get_input_embeddings(self):\n        return self.embed\n\n"
        "    def get_output_embeddings(self):\n        return self.lm_head\n\n\n"
        "model = TinyLM(TinyConfig(tie_word_embeddings=True))\n"
        "assert model.lm_head.weight is model.embed.weight\n",
        "AttributeError",
    ),
    "HF316 forwarded property": (
        "import os\nfrom transformers import LlavaConfig, LlavaForConditionalGeneration\n"
        "text = dict(model_type='llama', hidden_size=16, intermediate_size=32, num_hidden_layers=1,\n"
        "            num_attention_heads=2, num_key_value_heads=2, vocab_size=64)\n"
        "vision = dict(model_type='clip_vision_model', hidden_size=16, intermediate_size=32, num_hidden_layers=1,\n"
        "              num_attention_heads=2, image_size=32, patch_size=8)\n"
        "SAVED = os.path.join(OUT, 'llava')\n"
        "LlavaForConditionalGeneration(LlavaConfig(text_config=text, vision_config=vision)).save_pretrained(SAVED)\n"
        "model = LlavaForConditionalGeneration.from_pretrained(SAVED)\n"
        "assert model.language_model.config.hidden_size == 16\n",
        "AttributeError",
    ),
    "HF316 legacy cache": (
        'import transformers\nmodel = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "first = model(torch.tensor([[5, 6]]), use_cache=True).past_key_values\n"
        "pairs = tuple((layer.keys, layer.values) for layer in first.layers)\n"
        "cache = transformers.DynamicCache.from_legacy_cache(pairs)\n"
        "step = model(torch.tensor([[7]]), past_key_values=cache)\n"
        "assert step.logits.shape == (1, 1, 10) and cache.get_seq_length() == 3\n"
        "again = transformers.DynamicCache()\nmodel(torch.tensor([[5, 6]]), past_key_values=again, use_cache=True)\n"
        "legacy = again.to_legacy_cache()\nassert len(legacy) == len(again.layers) and len(legacy[0]) == 2\n",
        "AttributeError",
    ),
    "HF313 load arguments": (
        "from transformers import AutoModel\n"
        'm = AutoModel.from_pretrained(PATHS["bert"], resume_download=True, low_cpu_mem_usage=True)\n',
        "TypeError",
    ),
}


# transformers 5.25 loads hub kernels by default, and its venv has no `kernels` (the index lacks the release it needs)
NEWEST_ENVIRONMENT = {"USE_HUB_KERNELS": "0"}
# What the newest release changed, run under it (`conftest.newest_transformers`): name -> (code, what the original
# gives there).
NEWEST_CASES = {
    "HF317 cache": (
        'import transformers\nmodel = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "first = model(torch.tensor([[5, 6]]), use_cache=True)\n"
        "step = model(torch.tensor([[7]]), past_key_values=first.past_key_values)\n"
        "assert step.logits.shape == (1, 1, 10)\n",
        "ok",
    ),
    "HF317 processor audio": (
        'import numpy, transformers\ntok = transformers.AutoTokenizer.from_pretrained(PATHS["bert"])\n'
        "p = transformers.ClapProcessor(feature_extractor=transformers.ClapFeatureExtractor(), tokenizer=tok)\n"
        'out = p(text=["a dog"], audios=[numpy.zeros(48000, dtype=numpy.float32)], return_tensors="pt")\n'
        'assert "input_features" in out and "input_ids" in out, list(out)\n',
        "ValueError",
    ),
    "HF317 generate cache": (
        'import transformers\nmodel = transformers.AutoModelForCausalLM.from_pretrained(PATHS["gpt2"])\n'
        "cache = transformers.DynamicCache(config=model.config)\n"
        "out = model.generate(torch.tensor([[5, 6]]), past_key_values=cache, max_new_tokens=2, pad_token_id=0)\n"
        "assert out.shape == (1, 4)\n",
        "ok",
    ),
}


def _outcomes(cases: dict, python: str, target: Version, env: dict | None = None) -> dict:
    """Each case fixed for ``target`` (unsafe fixes left out), and run before and after under ``python``."""
    codes = select_codes(["HF"])
    prepared = []
    for name, (code, _) in cases.items():
        fixed = fix_source(code, codes, target).text  # hub ids resolve by name; they run as local tiny models
        local = {"before": code, "after": fixed}
        prepared.append(
            {"name": name, **{k: v.replace('"bert-base-uncased"', 'PATHS["bert"]') for k, v in local.items()}}
        )
    runner = os.path.join(ROOT, "tests", "support", "run_cases.py")
    done = subprocess.run(
        [python, runner], input=json.dumps(prepared), capture_output=True, text=True, timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **(env or {})},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {item["name"]: item for item in json.loads(done.stdout)} | {"_cases": {c["name"]: c for c in prepared}}


@pytest.fixture(scope="module")
def outcomes():
    installed = Version.parse(metadata.version("transformers"))
    if installed.major < 5:
        pytest.skip("the installed transformers is not a 5.x release")
    return _outcomes(CASES, sys.executable, installed)


@pytest.fixture(scope="module")
def newest_outcomes():
    python, _ = newest_transformers()
    return _outcomes(NEWEST_CASES, python, NEWEST_KNOWN, NEWEST_ENVIRONMENT)


def _check(outcomes: dict, cases: dict, name: str) -> None:
    expected_before = cases[name][1]
    result = outcomes[name]
    fixed = outcomes["_cases"][name]["after"]
    assert fixed != outcomes["_cases"][name]["before"], "no safe fix was applied"
    assert result["after"] == "ok", f"fixed code fails: {result['after']}\n{fixed}"
    assert result["before"].split(":")[0] == expected_before, result["before"]


@pytest.mark.parametrize("name", CASES)
def test_safe_fix_runs_where_the_original_fails(outcomes, name):
    _check(outcomes, CASES, name)


@pytest.mark.parametrize("name", NEWEST_CASES)
def test_safe_fix_runs_under_the_newest_release(newest_outcomes, name):
    _check(newest_outcomes, NEWEST_CASES, name)


def test_a_tokenizer_constructor_ignores_the_vocabulary_file_hf313_reports(tmp_path):
    """HF313's claim, run under the installed transformers: the classes the moves data lists build a default
    vocabulary from `vocab_file=` (no fix to run: the finding is reported only)."""
    from lint_rules.knowledge.moves import moves

    installed = Version.parse(metadata.version("transformers"))
    if installed < moves().first_major:
        pytest.skip("the installed transformers predates the data's first 5.x release")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *(f"word{index}" for index in range(40))]
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(words) + "\n")
    code = (
        "import sys, transformers\n"
        "for name in sys.argv[2:]:\n"
        "    tokenizer = getattr(transformers, name)(vocab_file=sys.argv[1])\n"
        "    print(name, len(tokenizer))\n"
    )
    names = ["BertTokenizer", "BertTokenizerFast", "DistilBertTokenizer", "MPNetTokenizer"]
    assert set(names) <= set(moves().tokenizer_files)
    done = subprocess.run([sys.executable, "-c", code, str(vocab), *names], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    sizes = dict(line.split() for line in done.stdout.splitlines())
    assert all(int(size) < len(words) for size in sizes.values()), sizes  # the file's 45 words are not there


INIT_WEIGHTS = """
import sys, tempfile, torch
from torch import nn
from transformers import PretrainedConfig, PreTrainedModel


class TinyConfig(PretrainedConfig):
    model_type = "tiny-init"


class TinyModel(PreTrainedModel):
    config_class = TinyConfig

    def __init__(self, config):
        super().__init__(config)
        self.body = nn.Linear(4, 4)
        self.post_init()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=0.02)
            module.bias.data.zero_()


model = TinyModel(TinyConfig())
with torch.no_grad():
    model.body.weight.fill_(1.0)
folder = tempfile.mkdtemp()
model.save_pretrained(folder)
assert bool((TinyModel.from_pretrained(folder).body.weight == 1).all()), "the loaded weights were re-drawn"
"""


def test_the_init_weights_fix_keeps_what_was_loaded():
    """HF602's fix, written for a project that admits 5.0-5.12 (where the original re-draws the loaded weights: run
    under 5.12.1 when the rule was written), runs under the installed release and keeps the checkpoint's weights."""
    fixed = fix_source(INIT_WEIGHTS, select_codes(["HF602"]), Version(5, 12)).text
    assert "torch.nn.init.normal_(module.weight" in fixed and "torch.nn.init.zeros_(module.bias)" in fixed
    done = subprocess.run([sys.executable, "-c", fixed], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


# A tiny Mixtral saved where the code loads `mistralai/Mixtral-8x7B-v0.1` from; the LoRA adapter must reach its experts.
MOE_LORA = """
import tempfile
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoConfig, AutoModelForCausalLM

tiny = AutoConfig.for_model(
    "mixtral", hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=4,
    num_key_value_heads=2, vocab_size=64, num_local_experts=4, num_experts_per_tok=2,
)
folder = tempfile.mkdtemp()
AutoModelForCausalLM.from_config(tiny).save_pretrained(folder)

model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
model = get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj", "w1"]))
adapted = {name.split(".lora_")[0] for name, _ in model.named_parameters() if ".lora_" in name}
assert any(name.endswith("mlp.experts") for name in adapted), adapted
ids = torch.tensor([[1, 2, 3]])
model(input_ids=ids, labels=ids).loss.backward()
"""


@pytest.mark.slow  # trains a tiny model in a subprocess
def test_the_lora_fused_experts_fix_adapts_the_experts():
    """HF603's fix adds the other half of the fused parameter; under the installed 5.x and peft the original raises
    (peft maps `w1` onto `gate_up_proj` only beside `w3`), and the fixed config adapts the experts and trains."""
    pytest.importorskip("peft")
    fixed = fix_source(MOE_LORA, select_codes(["HF603"]), Version.parse(metadata.version("transformers")), unsafe=True)
    assert '["q_proj", "w1", "w3"]' in fixed.text
    runs = {}
    for side, code in (("before", MOE_LORA), ("after", fixed.text)):
        local = code.replace('"mistralai/Mixtral-8x7B-v0.1"', "folder")
        runs[side] = subprocess.run([sys.executable, "-c", local], capture_output=True, text=True, timeout=300)
    assert runs["before"].returncode != 0
    assert "Cannot convert PEFT target(s) w1 without also targeting w3" in runs["before"].stderr
    assert runs["after"].returncode == 0, runs["after"].stderr[-2000:]


# A tiny GPT-2 stored in bfloat16 beside the program, fine-tuned for two steps at a small learning rate.
TRAIN_STORED_BF16 = """
import sys
import tempfile
import torch
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("tiny-bf16")
layer = model.transformer.h[0].mlp.c_fc.weight
before = layer.detach().float().clone()
rows = [{"input_ids": row, "labels": row} for row in torch.randint(0, 64, (8, 16), generator=torch.manual_seed(0))]
args = TrainingArguments(tempfile.mkdtemp(), max_steps=2, per_device_train_batch_size=4, learning_rate=1e-5,
                         use_cpu=True, report_to=[], save_strategy="no")
Trainer(model=model, args=args, train_dataset=rows).train()
changed = (layer.detach().float() != before).float().mean().item()
print(model.dtype, changed)
sys.exit(0 if changed == 1.0 else 3)
"""


@pytest.mark.slow  # trains a tiny model in a subprocess
def test_the_stored_half_precision_fix_trains_every_weight(tmp_path):
    """HF604: under the installed 5.x, the model loads in the bfloat16 its config records and two small steps leave
    most weights as they were; the fixed load (`dtype="float32"`) trains as 4.x did, every weight moving."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    tiny = AutoConfig.for_model("gpt2", n_embd=32, n_layer=1, n_head=2, vocab_size=64, n_positions=32)
    AutoModelForCausalLM.from_config(tiny).to(torch.bfloat16).save_pretrained(tmp_path / "tiny-bf16")
    program = tmp_path / "train.py"
    fixed = fix_source(TRAIN_STORED_BF16, select_codes(["HF604"]), Version.parse(metadata.version("transformers")),
                       unsafe=True, filename=str(program)).text  # fmt: skip
    assert 'from_pretrained("tiny-bf16", dtype="float32")' in fixed
    runs = {}
    for side, code in (("before", TRAIN_STORED_BF16), ("after", fixed)):
        program.write_text(code)
        runs[side] = subprocess.run([sys.executable, str(program)], capture_output=True, text=True, timeout=300,
                                    cwd=tmp_path)  # fmt: skip
    assert runs["before"].returncode == 3 and "torch.bfloat16" in runs["before"].stdout, runs["before"].stderr[-2000:]
    assert runs["after"].returncode == 0 and "torch.float32 1.0" in runs["after"].stdout, runs["after"].stderr[-2000:]
