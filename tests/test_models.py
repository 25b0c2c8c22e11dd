"""Model ids reach calls in many ways; the type behind an id is read offline or not at all."""

import json

import pytest

from lint_rules.engine import lint_source
from lint_rules.facts.models import is_hub_id, resolve_model_id
from lint_rules.selection import select_codes
from lint_rules.versions import NEWEST_KNOWN, Version

HF101 = frozenset({"HF101"})


def _flagged(code, filename="<string>"):
    return [d.start.row for d in lint_source(code, HF101, NEWEST_KNOWN, filename)]


LOAD = "from transformers import AutoModelForCausalLM\n"


@pytest.mark.parametrize(
    "code",
    [
        LOAD + 'AutoModelForCausalLM.from_pretrained("t5-small")\n',
        LOAD + 'M = "t5-small"\nAutoModelForCausalLM.from_pretrained(M)\n',
        LOAD + 'M = "t5-" "small"\nAutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path=M)\n',
        LOAD + 'def f():\n    m = "t5-small"\n    return AutoModelForCausalLM.from_pretrained(m)\n',
        LOAD + "import argparse\np = argparse.ArgumentParser()\n"
        'p.add_argument("-m", "--model", dest="checkpoint", default="t5-small")\n'
        "a = p.parse_args()\nAutoModelForCausalLM.from_pretrained(a.checkpoint)\n",
        LOAD + "from dataclasses import dataclass\n@dataclass\nclass Args:\n    model_name: str = 't5-small'\n"
        "args = Args()\nAutoModelForCausalLM.from_pretrained(args.model_name)\n",
    ],
    ids=["literal", "constant", "concatenated", "function-local", "argparse dest", "dataclass default"],
)
def test_ids_are_resolved(code):
    assert len(_flagged(code)) == 1


@pytest.mark.parametrize(
    "code",
    [
        LOAD + 'M = "t5-small"\nM = pick()\nAutoModelForCausalLM.from_pretrained(M)\n',
        LOAD + 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--model", default="t5-small")\n'
        'p.add_argument("--model", default="gpt2")\nAutoModelForCausalLM.from_pretrained(args.model)\n',
        LOAD + "class C:\n    def load(self):\n        return AutoModelForCausalLM.from_pretrained(self.model)\n",
        LOAD + 'AutoModelForCausalLM.from_pretrained(f"t5-{size}")\n',
    ],
    ids=["reassigned", "two defaults", "self attribute", "f-string"],
)
def test_unknowable_ids_give_nothing(code):
    assert _flagged(code) == []


def test_local_directory_config(tmp_path):
    model = tmp_path / "outputs" / "my-model"
    model.mkdir(parents=True)
    (model / "config.json").write_text(json.dumps({"model_type": "t5"}))
    script = tmp_path / "train.py"
    code = LOAD + 'AutoModelForCausalLM.from_pretrained("outputs/my-model")\n'
    assert _flagged(code, str(script)) == [2]
    assert resolve_model_id("outputs/my-model", str(tmp_path)).source == "local"
    # a path that looks local but is absent is not guessed from its name
    assert resolve_model_id("./outputs/t5-small", str(tmp_path / "elsewhere")) is None


def test_offline_cache(tmp_path, monkeypatch):
    repo = tmp_path / "models--acme--translator"
    snapshot = repo / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    (snapshot / "config.json").write_text(json.dumps({"model_type": "marian"}))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    resolve_model_id.cache_clear()
    try:
        found = resolve_model_id("acme/translator", str(tmp_path / "project"))
        assert (found.model_type, found.source, found.dtype) == ("marian", "cache", None)
    finally:
        resolve_model_id.cache_clear()


TRAIN = (
    "from transformers import AutoModelForCausalLM, Trainer\n"
    'model = AutoModelForCausalLM.from_pretrained("acme/chat")\n'
    "Trainer(model=model, train_dataset=data).train()\n"
)


@pytest.mark.parametrize(("stored", "key"), [("bfloat16", "torch_dtype"), ("float16", "dtype"), ("float32", "dtype")])
def test_the_dtype_a_cached_config_records_decides_hf604(stored, key, tmp_path, monkeypatch):
    """A checkpoint of the offline cache whose config records half precision, loaded without `dtype=` and trained:
    HF604, fixed where every admitted release takes `dtype=` (4.56+), reported alone where 4.40 is admitted."""
    snapshot = tmp_path / "models--acme--chat" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text(json.dumps({"model_type": "llama", key: stored}))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    resolve_model_id.cache_clear()
    try:
        assert resolve_model_id("acme/chat", str(tmp_path)).dtype == stored
        codes = frozenset({"HF604"})
        found = lint_source(TRAIN, codes, NEWEST_KNOWN, floor=Version(5, 0))
        old = lint_source(TRAIN, codes, NEWEST_KNOWN, floor=Version(4, 40))
        if stored == "float32":
            assert found == old == []
            return
        assert [d.start.row for d in found] == [2] and found[0].fix is not None and stored in found[0].message
        assert old[0].fix is None
        assert old[0].message.endswith("(no fix: `dtype=` needs transformers 4.56, the project admits 4.40)")
    finally:
        resolve_model_id.cache_clear()


@pytest.mark.parametrize(
    ("model_id", "model_type", "source"),
    [
        ("mistralai/Voxtral-Mini-3B-2507", "voxtral", "library"),
        ("microsoft/layoutlmv2-base-uncased", "layoutlmv2", "library"),
        ("Qwen/Qwen2.5-Omni-3B", "qwen2_5_omni", "name"),
        ("google/gemma-3-12b-it", "gemma3", "name"),
        ("OPENAI-COMMUNITY/GPT2", "gpt2", "library"),
        ("bert-base-uncased", "bert", "library"),
        ("acme/bert-base-uncased", "bert", "name"),
        ("mistralai/my-finetune", None, None),
        ("Qwen/Qwen3-Omni-Flash", None, None),
    ],
)
def test_hub_ids_resolve_exactly(model_id, model_type, source, tmp_path, monkeypatch):
    """The checkpoints transformers names first, then the name patterns; an organisation decides nothing."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    resolve_model_id.cache_clear()
    try:
        found = resolve_model_id(model_id, str(tmp_path))
        assert ((found.model_type, found.source) if found else (None, None)) == (model_type, source)
    finally:
        resolve_model_id.cache_clear()


@pytest.mark.parametrize(
    ("model_id", "hub"),
    [("gpt2", True), ("org/name", True), ("./x", False), ("/abs/x", False), ("a/b/c", False), ("~/m", False)],
)
def test_hub_ids(model_id, hub):
    assert is_hub_id(model_id) is hub


def test_default_selection_includes_model_task_rules():
    assert {"HF101", "HF109"} <= select_codes()
