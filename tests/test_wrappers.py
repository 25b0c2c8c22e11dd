"""What trl and peft build on transformers (knowledge/data/wrappers.json): regenerated from their wheels
when those are at hand, and the facts the rules rely on."""

import glob
import os
import subprocess
import sys

import pytest

from lint_rules.knowledge import wrappers
from lint_rules.knowledge.catalog import all_catalogs
from tools.knowledge import generate_wrappers

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "ecosystem")
DATA = wrappers._data()


def _wheel(library: str, version: str) -> str | None:
    """The wheel of that release: from the ecosystem cache, else downloaded into it; None offline."""
    folder = os.path.join(CACHE, f"{library}-{version}")
    found = glob.glob(os.path.join(folder, "*.whl"))
    if not found:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "--retries", "0"]
        command += ["--timeout", "15", "-d", folder]
        try:
            subprocess.run([*command, f"{library}=={version}"], capture_output=True, timeout=120, check=True)
        except (subprocess.SubprocessError, OSError):
            return None
        found = glob.glob(os.path.join(folder, "*.whl"))
    return found[0] if found else None


def test_the_stored_data_is_what_the_wheels_say():
    wheels = [_wheel(library, DATA[library]["version"]) for library in sorted(DATA)]
    if None in wheels:
        pytest.skip("the trl / peft wheels are not cached and cannot be downloaded")
    assert generate_wrappers.dumps(generate_wrappers.snapshot(wheels)) == generate_wrappers.dumps(DATA), (
        "run `python -m tools.knowledge.generate_wrappers` on the wheels"
    )


def test_the_libraries_are_the_ones_the_rules_name():
    assert tuple(sorted(DATA)) == wrappers.LIBRARIES


def test_forwarded_keywords_reach_exported_transformers_classes():
    exports = all_catalogs()[-1].exports
    for library, data in DATA.items():
        for name, row in data["classes"].items():
            for method in row["forwards"].values():
                assert method["to"].split(".")[0] in exports, f"{library}.{name}"


@pytest.mark.parametrize(
    ("qualified", "base", "closed"),
    [
        ("trl.SFTConfig", "TrainingArguments", False),
        ("trl.trainer.dpo_config.DPOConfig", "TrainingArguments", False),
        ("trl.GRPOConfig", "TrainingArguments", False),
        ("trl.RewardConfig", "TrainingArguments", False),
        ("trl.SFTTrainer", "Trainer", True),
        ("trl.DPOTrainer", "Trainer", True),
        ("peft.PeftModel", "PushToHubMixin", True),
    ],
)
def test_classes_the_rules_rely_on(qualified, base, closed):
    found = wrappers.wrapper_class(qualified)
    assert (found.base, found.closed) == (base, closed)


def test_trl_trainers_take_processing_class_and_no_tokenizer():
    for name in ("SFTTrainer", "DPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer", "RLOOTrainer"):
        found = wrappers.wrapper("trl", name)
        assert "processing_class" in found.params and "tokenizer" not in found.params, name


def test_peft_results_and_forwarded_keywords():
    auto = wrappers.wrapper_class("peft.AutoPeftModelForCausalLM")
    target, own = auto.forwards["from_pretrained"]
    assert target == "AutoModelForCausalLM.from_pretrained"
    assert {"adapter_name", "is_trainable", "revision", "low_cpu_mem_usage"} <= own  # peft's own keywords
    assert wrappers.wrapper_class("peft.AutoPeftModel") is None  # its class is found at run time
    returned = [found.name for found in wrappers.returned_classes("peft.get_peft_model")]
    assert returned == ["PeftModel", "PeftMixedModel"]
    assert [c.name for c in wrappers.returned_classes("peft.PeftModel.from_pretrained")] == ["PeftModel"]
    peft_model = wrappers.wrapper("peft", "PeftModel")
    assert "save_pretrained" in peft_model.methods and "push_to_hub" not in peft_model.methods


def test_names_that_are_not_wrappers():
    assert wrappers.wrapper_class("transformers.Trainer") is None
    assert wrappers.wrapper_class("trl.SFTTrainer.train") is None
    assert wrappers.wrapper_class("trl.NoSuchClass") is None
    assert wrappers.returned_classes("peft.no_such_function") == ()
