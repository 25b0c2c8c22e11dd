"""The symbol-path value type: what the rules ask of a path, answered part by part."""

import pytest

from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.placement import SAME_MODEL


@pytest.mark.parametrize(
    "text, parts",
    [
        ("AutoModel", ("AutoModel",)),
        ("X.from_pretrained()()", ("X", "from_pretrained", "()", "()")),
        ("AutoModel.from_pretrained().to().generate", ("AutoModel", "from_pretrained", "()", "to", "()", "generate")),
        ("huggingface_hub.HfApi().upload_folder", ("huggingface_hub", "HfApi", "()", "upload_folder")),
    ],
)  # fmt: skip
def test_a_path_reads_as_its_parts_and_writes_back_as_it_was(text, parts):
    path = SymbolPath.parse(text)
    assert path.parts == parts and str(path) == text


def test_what_a_path_makes_or_loads():
    assert SymbolPath.parse("BertConfig()").made() == "BertConfig"
    assert SymbolPath.parse("AutoModel.from_config()").made() == "AutoModel"
    assert SymbolPath.parse("AutoModel._from_config()").made() == "AutoModel"
    assert SymbolPath.parse("AutoModel._from_config()").loaded() is None  # made, not loaded
    assert SymbolPath.parse("AutoModel.from_pretrained().to()").made() is None
    loaded = SymbolPath.parse("Llava.from_pretrained().to().eval()").without_calls_of(SAME_MODEL)
    assert str(loaded) == "Llava.from_pretrained()" and loaded.loaded() == "Llava"
    assert str(SymbolPath.parse("x.to()").without_calls_of(SAME_MODEL)) == "x"
    assert str(SymbolPath.parse("to()").without_calls_of(SAME_MODEL)) == "to()"  # a name, not a method
    assert SymbolPath.parse("AutoModel.from_pretrained").loader_of() == "AutoModel"
    assert SymbolPath.parse("AutoModel.from_pretrained()").loader_of() is None


def test_methods_of_a_trainer_and_of_a_loaded_object():
    assert SymbolPath.parse("trl.SFTTrainer().train").method_of_trainer() == "train"
    assert SymbolPath.parse("Trainer().train()").method_of_trainer() is None  # its result, not the method
    assert SymbolPath.parse("Trainers().train").method_of_trainer() is None
    assert SymbolPath.parse("AutoTokenizer.from_pretrained().push_to_hub").method_of_loaded() == (
        "AutoTokenizer",
        "push_to_hub",
    )
    assert SymbolPath.parse("AutoTokenizer.from_pretrained().to().push_to_hub").method_of_loaded() is None
    passed = frozenset({"model", "model_wrapped"})
    assert SymbolPath.parse("SFTTrainer().model.save_pretrained").through_trainer_attribute(passed)
    assert not SymbolPath.parse("SFTTrainer().model").through_trainer_attribute(passed)  # the model itself
    assert not SymbolPath.parse("SFTTrainer().args.save_pretrained").through_trainer_attribute(passed)
