"""The knowledge snapshots: generated from the real library, current, and read the way rules read them."""

import json
import os
import subprocess

import pytest

from conftest import ROOT, newest_transformers
from lint_rules.knowledge.catalog import (
    DATA,
    all_catalogs,
    catalog_for,
    checkpoint_type,
    known_auto_names,
    snapshots,
)
from lint_rules.knowledge.families import FAMILIES, family_of, measure
from lint_rules.versions import NEWEST_KNOWN, Version
from tools.knowledge.generate import checkpoints

NEWEST = f"{NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}"


@pytest.mark.models
@pytest.mark.slow
def test_stored_snapshot_matches_the_newest_release(tmp_path):
    stored = os.path.join(DATA, f"transformers-{NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}.json")
    assert os.path.exists(stored), f"no snapshot for the newest known transformers {NEWEST_KNOWN}: generate one"
    python, _ = newest_transformers()
    output = tmp_path / "snapshot.json"
    subprocess.run(
        [python, "-m", "tools.knowledge.generate", "--output", str(output)],
        cwd=ROOT, check=True, capture_output=True, timeout=600, env={**os.environ, "PYTHONPATH": ROOT},
    )  # fmt: skip
    with open(stored, encoding="utf-8") as handle:
        expected = json.load(handle)
    assert json.loads(output.read_text()) == expected, "stored knowledge drifted: `python -m tools.knowledge.generate`"


def test_each_release_line_keeps_its_newest_release():
    versions = [version for version, _ in snapshots()]
    assert versions == [Version(4, 57), Version(NEWEST_KNOWN.major, NEWEST_KNOWN.minor)]


@pytest.mark.parametrize(
    ("target", "expected"),
    [("4.40", "4.57"), ("4.57.6", "4.57"), ("5.0", NEWEST), ("5.23.1", NEWEST), (NEWEST, NEWEST), ("6.2", NEWEST)],
)
def test_snapshot_for_target(target, expected):
    catalog = catalog_for(Version.parse(target))
    assert f"{catalog.version.major}.{catalog.version.minor}" == expected


def test_catalog_answers():
    new, old = catalog_for(NEWEST_KNOWN), catalog_for(Version(4, 57))
    assert new.loads("AutoModelForSeq2SeqLM", "t5") and not new.loads("AutoModelForCausalLM", "t5")
    assert new.model_class("AutoModelForCausalLM", "bart") == "BartForCausalLM"
    assert new.classes_loaded("AutoProcessor", "clap") == ("ClapProcessor",)
    assert new.classes_loaded("AutoModelForCausalLM", "bart") == ("BartForCausalLM",)
    assert old.classes_loaded("AutoProcessor", "clap") == ()  # the 4.57 snapshot lists the types only
    assert "AutoModelWithLMHead" in old.auto_classes and "AutoModelWithLMHead" not in new.auto_classes
    assert new.task("summarization").status == "removed" and old.task("summarization").status == "ok"
    assert (
        new.task("translation_en_to_fr").status == "removed" and old.task("translation_en_to_fr").task == "translation"
    )
    assert new.task("image-to-text").task == "image-text-to-text" and new.task("ner").task == "token-classification"
    assert new.fused_experts["mixtral"] == {"down_proj": ("w2",), "gate_up_proj": ("w1", "w3")}
    assert new.fused_experts["qwen3_moe"]["gate_up_proj"] == ("gate_proj", "up_proj") and not old.fused_experts
    assert new.task("text-generation").status == "ok" and new.task("txt-generation").status == "unknown"
    assert "vit" in new.preprocessors["AutoImageProcessor"] and "vit" not in new.preprocessors["AutoTokenizer"]
    assert {"AutoModelForVision2Seq", "AutoModelForCausalLM", "AutoModelWithLMHead"} <= known_auto_names()
    assert "TFAutoModel" in old.exports and "TFAutoModel" not in new.exports


@pytest.mark.parametrize(("pattern", "model_type", "example"), FAMILIES, ids=[row[2] for row in FAMILIES])
def test_family_row(pattern, model_type, example):
    assert family_of(example) == model_type
    for catalog in (catalog_for(Version(4, 57)), catalog_for(NEWEST_KNOWN)):
        assert model_type in catalog.model_types, f"{model_type} is not a model type of transformers {catalog.version}"


@pytest.mark.parametrize(
    "model_id",
    [
        "my-org/my-model", "", "checkpoint-500", "bertrand/whatever", "a/b/gpt2",
        # an organisation never decides a family
        "mistralai/my-finetune", "google/my-model", "Qwen/anything", "meta-llama/custom", "openai/x",
    ],
)  # fmt: skip
def test_unknown_ids_stay_unknown(model_id):
    assert family_of(model_id) is None


# Real ids, some of them once false alarms: the patterns resolve each to its own type or leave it unknown.
OWN_TYPE = [
    ("mistralai/Voxtral-Mini-3B-2507", "voxtral"),
    ("mistralai/Voxtral-Small-24B-2507", "voxtral"),
    ("Qwen/Qwen2.5-Omni-3B", "qwen2_5_omni"),
    ("Qwen/Qwen2.5-VL-3B-Instruct", "qwen2_5_vl"),
    ("Qwen/Qwen2-Audio-7B-Instruct", "qwen2_audio"),
    ("Qwen/Qwen3-30B-A3B", "qwen3_moe"),
    ("Qwen/Qwen3-VL-8B-Instruct", "qwen3_vl"),
    ("Qwen/Qwen1.5-MoE-A2.7B", "qwen2_moe"),
    ("google/gemma-3-12b-it", "gemma3"),
    ("google/gemma-3-1b-it", "gemma3_text"),
    ("google/gemma-3n-E4B-it", "gemma3n"),
    ("google/gemma-2-9b-it", "gemma2"),
    ("google/paligemma-3b-pt-224", "paligemma"),
    ("google/recurrentgemma-2b", "recurrent_gemma"),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4"),
    ("meta-llama/Llama-3.2-11B-Vision-Instruct", "mllama"),
    ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", "mistral3"),
    ("mistralai/Mistral-Small-24B-Instruct-2501", "mistral"),
    ("mistral-community/pixtral-12b", "llava"),
    ("microsoft/layoutlmv2-base-uncased", "layoutlmv2"),
    ("microsoft/layoutxlm-base", "layoutlmv2"),
    ("facebook/vit-mae-base", "vit_mae"),
    ("facebook/vit-msn-small", "vit_msn"),
    ("facebook/wav2vec2-conformer-rope-large-960h-ft", "wav2vec2-conformer"),
    ("facebook/w2v-bert-2.0", "wav2vec2-bert"),
    ("microsoft/Phi-3.5-MoE-instruct", "phimoe"),
    ("microsoft/Phi-4-multimodal-instruct", "phi4_multimodal"),
    ("facebook/nllb-moe-54b", "nllb-moe"),
    ("microsoft/swinv2-tiny-patch4-window8-256", "swinv2"),
    ("facebook/convnextv2-tiny-1k-224", "convnextv2"),
    ("google/owlv2-base-patch16-ensemble", "owlv2"),
    ("Salesforce/instructblip-flan-t5-xl", "instructblip"),
    ("microsoft/xprophetnet-large-wiki100-cased", "xlm-prophetnet"),
    ("google/pegasus-x-base", "pegasus_x"),
    ("sentence-transformers/paraphrase-multilingual-mpnet-base-v2", "xlm-roberta"),
    ("cardiffnlp/twitter-roberta-base-sentiment-latest", "roberta"),
    ("HuggingFaceTB/SmolLM3-3B", "smollm3"),
    ("distil-whisper/distil-large-v3", "whisper"),
    ("facebook/sam2-hiera-large", "sam2"),
    ("google/siglip-base-patch16-224", "siglip"),
]


@pytest.mark.parametrize(("model_id", "model_type"), OWN_TYPE, ids=[row[0] for row in OWN_TYPE])
def test_patterns_give_an_id_its_own_type_or_none(model_id, model_type):
    assert any(model_type in catalog.model_types for catalog in all_catalogs())
    assert family_of(model_id) in (None, model_type)


@pytest.mark.parametrize("release", ["4.57", NEWEST])
def test_patterns_never_contradict_the_library(release):
    """The name patterns, scored on every checkpoint the release's own source names (`python -m
    lint_rules.knowledge.families --measure` prints the figures): none wrong, and with the table in front
    of them at least 99% resolved right."""
    figures = measure(catalog_for(Version.parse(release)))
    assert figures["patterns_wrong"] == {}, f"patterns contradict the library: {figures['patterns_wrong']}"
    assert figures["resolved_right"] >= 0.99 * figures["ids"]


def test_checkpoint_table():
    new = catalog_for(NEWEST_KNOWN)
    assert new.checkpoints["google/gemma-3-4b-it"] == "gemma3"
    assert new.checkpoints["microsoft/layoutlmv2-base-uncased"] == "layoutlmv2"
    assert "google-bert/bert-base-uncased" in new.checkpoints and "facebook/rag-token-nq" not in new.checkpoints
    assert checkpoint_type("Qwen/qwen2.5-omni-7b") == "qwen2_5_omni"  # any letter case
    assert checkpoint_type("gpt2") == checkpoint_type("openai-community/gpt2") == "gpt2"  # a legacy id
    assert checkpoint_type("bert-base-uncased") == "bert" and checkpoint_type("my-org/gpt2") is None


def _write(root, folder, name, text):
    path = root / "models" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_checkpoint_table_generation(tmp_path):
    config = '@auto_docstring(checkpoint="{id}")\nclass {name}Config:\n    model_type = "{type}"\n'
    _write(tmp_path, "bert", "configuration_bert.py", config.format(id="acme/bert-base", name="Bert", type="bert"))
    _write(
        tmp_path, "gemma3", "configuration_gemma3.py",
        config.format(id="acme/gemma-3-4b", name="Gemma3Text", type="gemma3_text")
        + config.format(id="acme/gemma-3-4b", name="Gemma3", type="gemma3"),
    )  # fmt: skip
    _write(
        tmp_path, "gemma3", "modeling_gemma3.py",
        '"""\n>>> Gemma3Model.from_pretrained("acme/gemma-3-27b")\n>>> Model.from_pretrained("acme/bert-base")\n"""\n'
        '_CHECKPOINT_FOR_DOC = "acme/gemma-3-1b"\n',
    )  # fmt: skip
    _write(tmp_path, "encoder_decoder", "configuration_encoder_decoder.py", config.format(
        id="", name="EncoderDecoder", type="encoder-decoder"
    ))  # fmt: skip
    _write(tmp_path, "encoder_decoder", "modeling_encoder_decoder.py", 'from_pretrained("acme/roberta-base")\n')
    _write(
        tmp_path, "prophetnet", "configuration_prophetnet.py",
        'class P:\n    """[acme/prophetnet](https://huggingface.co/acme/prophetnet)\n'
        '    from_pretrained("acme/bert-large")"""\n    model_type: ClassVar[str] = "prophetnet"\n',
    )  # fmt: skip
    _write(
        tmp_path, "smolvlm", "configuration_smolvlm.py",
        config.format(id="acme/siglip-so400m", name="SmolVLMVision", type="smolvlm_vision")
        + config.format(id="acme/SmolVLM-256M", name="SmolVLM", type="smolvlm"),
    )  # fmt: skip
    _write(tmp_path, "siglip", "configuration_siglip.py", config.format(id="acme/siglip-b", name="S", type="siglip"))
    _write(tmp_path, "siglip", "modeling_siglip.py", 'from_pretrained("acme/siglip-so400m")\n')
    types = {"bert", "gemma3", "gemma3_text", "encoder-decoder", "prophetnet", "smolvlm", "smolvlm_vision", "siglip"}
    assert checkpoints(str(tmp_path), types) == {
        "acme/bert-base": "bert",  # its own folder, not the one whose example loads it
        "acme/gemma-3-1b": "gemma3",
        "acme/gemma-3-27b": "gemma3",
        "acme/gemma-3-4b": "gemma3",  # a composite's sub-configuration names it too
        "acme/prophetnet": "prophetnet",
        "acme/SmolVLM-256M": "smolvlm",
        "acme/siglip-b": "siglip",
        "acme/siglip-so400m": "siglip",  # a sub-configuration's starting weights are not its own
    }  # a composite claims nothing, an example that loads another model's id neither
