"""The knowledge snapshots: generated from the real library, current, and read the way rules read them."""

import json
import os
import subprocess
import sys
from importlib import metadata

import pytest

from conftest import ROOT
from lint_rules.knowledge.catalog import DATA, catalog_for, known_auto_names, snapshots
from lint_rules.knowledge.families import FAMILIES, family_of
from lint_rules.versions import Version


def test_stored_snapshot_matches_installed_transformers(tmp_path):
    installed = Version.parse(metadata.version("transformers"))
    stored = os.path.join(DATA, f"transformers-{installed.major}.{installed.minor}.json")
    assert os.path.exists(stored), f"no snapshot for the installed transformers {installed}: generate one"
    output = tmp_path / "snapshot.json"
    subprocess.run(
        [sys.executable, "-m", "lint_rules.knowledge.generate", "--output", str(output)],
        cwd=ROOT, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    with open(stored, encoding="utf-8") as handle:
        expected = json.load(handle)
    assert json.loads(output.read_text()) == expected, (
        "stored knowledge drifted: `python -m lint_rules.knowledge.generate`"
    )


def test_both_release_lines_are_kept():
    versions = [version for version, _ in snapshots()]
    assert Version(4, 57) in versions and any(v.major == 5 for v in versions)


@pytest.mark.parametrize(
    ("target", "expected"), [("4.40", "4.57"), ("4.57.6", "4.57"), ("5.0", "4.57"), ("5.23.1", "5.23"), ("6.2", "5.23")]
)
def test_snapshot_for_target(target, expected):
    catalog = catalog_for(Version.parse(target))
    assert f"{catalog.version.major}.{catalog.version.minor}" == expected


def test_catalog_answers():
    new, old = catalog_for(Version(5, 23)), catalog_for(Version(4, 57))
    assert new.loads("AutoModelForSeq2SeqLM", "t5") and not new.loads("AutoModelForCausalLM", "t5")
    assert new.model_class("AutoModelForCausalLM", "bart") == "BartForCausalLM"
    assert "AutoModelWithLMHead" in old.auto_classes and "AutoModelWithLMHead" not in new.auto_classes
    assert new.task("summarization").status == "removed" and old.task("summarization").status == "ok"
    assert (
        new.task("translation_en_to_fr").status == "removed" and old.task("translation_en_to_fr").task == "translation"
    )
    assert new.task("image-to-text").task == "image-text-to-text" and new.task("ner").task == "token-classification"
    assert new.task("text-generation").status == "ok" and new.task("txt-generation").status == "unknown"
    assert "vit" in new.preprocessors["AutoImageProcessor"] and "vit" not in new.preprocessors["AutoTokenizer"]
    assert {"AutoModelForVision2Seq", "AutoModelForCausalLM", "AutoModelWithLMHead"} <= known_auto_names()
    assert "TFAutoModel" in old.exports and "TFAutoModel" not in new.exports


@pytest.mark.parametrize(("pattern", "model_type", "example"), FAMILIES, ids=[row[2] for row in FAMILIES])
def test_family_row(pattern, model_type, example):
    assert family_of(example) == model_type
    for catalog in (catalog_for(Version(4, 57)), catalog_for(Version(5, 23))):
        assert model_type in catalog.model_types, f"{model_type} is not a model type of transformers {catalog.version}"


@pytest.mark.parametrize("model_id", ["my-org/my-model", "", "checkpoint-500", "bertrand/whatever"])
def test_unknown_ids_stay_unknown(model_id):
    assert family_of(model_id) is None
