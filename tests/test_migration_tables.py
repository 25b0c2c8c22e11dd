"""Every version claim of the migration tables holds in the real signatures of each known release."""

import pytest

from lint_rules.knowledge import names, tasks
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.knowledge.keywords import (
    LOADING,
    TORCH_DTYPE,
    TRAINER_TOKENIZER,
    TRAINING_ARGUMENTS,
    USE_AUTH_TOKEN,
    KeywordChange,
)
from lint_rules.knowledge.tokenizers import REMOVED_TOKENIZER_METHODS

CATALOGS = all_catalogs()


@pytest.mark.parametrize("change", TRAINING_ARGUMENTS, ids=lambda change: change.old)
def test_training_argument_rows(change):
    for catalog in CATALOGS:
        for callee in sorted(change.callees):
            fields = catalog.signatures[callee]
            if change.when is not None:  # some values only: the keyword stays in every release
                assert change.old in fields, f"{callee}({change.old}=) does not exist in {catalog.version}"
            elif catalog.version >= change.removed_in:
                assert change.old not in fields, f"{callee}({change.old}=) still exists in {catalog.version}"
            else:
                assert change.old in fields, f"{callee}({change.old}=) does not exist in {catalog.version}"
            if change.new is not None and catalog.version >= change.new_since:
                assert change.new in fields, f"{callee}({change.new}=) does not exist in {catalog.version}"


@pytest.mark.parametrize(
    ("change", "signature"),
    [(TRAINER_TOKENIZER, "Trainer"), (TRAINER_TOKENIZER, "Seq2SeqTrainer"), (TORCH_DTYPE, "pipeline"),
     (USE_AUTH_TOKEN, "pipeline")],
)  # fmt: skip
def test_renamed_keywords(change, signature):
    for catalog in CATALOGS:
        fields = catalog.signatures[signature]
        if catalog.version >= change.new_since:
            assert change.new in fields
        if change.removed_in is not None and catalog.version >= change.removed_in:
            assert change.old not in fields


def test_removed_tokenizer_methods():
    for catalog in CATALOGS:
        present = set(REMOVED_TOKENIZER_METHODS) & catalog.tokenizer_methods
        assert present == (set() if catalog.version.major >= 5 else set(REMOVED_TOKENIZER_METHODS))


def test_replacement_names_exist_where_fixes_use_them():
    every = {
        "AutoModelForCausalLM", "AutoModelForSeq2SeqLM", "AutoModelForCTC", "AutoModelForSpeechSeq2Seq",
        "AutoModelForMaskedLM", "AutoImageProcessor", "AutoTokenizer",
        *(hint.task for hint in tasks.HEADS), *names.LM_HEAD_REPLACEMENTS,
    }  # fmt: skip
    for catalog in CATALOGS:
        assert every <= catalog.exports, f"missing in {catalog.version}: {every - catalog.exports}"
        rule = names.VISION2SEQ
        if catalog.version >= rule.new_since:
            assert rule.new in catalog.exports
        if catalog.version >= rule.removed_in:
            assert rule.old not in catalog.exports
        else:
            assert rule.old in catalog.exports
    newest = CATALOGS[-1]
    assert set(names.vision_feature_extractors().values()) <= newest.exports
    assert "AutoModelWithLMHead" not in newest.exports and "AdamW" not in newest.exports


def test_whole_callee_paths_name_exported_classes():
    newest = CATALOGS[-1]
    for change in (*TRAINING_ARGUMENTS, *LOADING):
        for callee in change.callees:
            if "." in callee:
                assert callee.split(".")[0] in newest.exports, callee


@pytest.mark.parametrize("change", [names.ADAMW, names.VISION2SEQ, names.LM_HEAD], ids=lambda change: change.old)
def test_removed_names(change):
    for catalog in CATALOGS:
        assert (change.old in catalog.exports) == (catalog.version < change.removed_in), catalog.version


def test_a_keyword_row_says_when_its_keyword_went():
    """No default release: a row without `removed_in` is an error, not a silent claim on 5.0 (None: not yet)."""
    with pytest.raises(TypeError, match="removed_in"):
        KeywordChange("max_size", frozenset({"from_pretrained"}), advice="remove it")
    assert KeywordChange("max_size", removed_in=None).removed_in is None
