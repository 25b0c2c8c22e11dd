"""Every version claim of the migration tables holds in the real signatures of each known release."""

import pytest

from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.rules.migration import RenamedTrainingArgument, TorchDtypeArgument, TrainerTokenizerArgument, UseAuthToken

CATALOGS = all_catalogs()


@pytest.mark.parametrize("change", RenamedTrainingArgument.changes, ids=lambda change: change.old)
def test_training_argument_rows(change):
    for catalog in CATALOGS:
        for callee in sorted(change.callees):
            fields = catalog.signatures[callee]
            if catalog.version >= change.removed_in:
                assert change.old not in fields, f"{callee}({change.old}=) still exists in {catalog.version}"
            else:
                assert change.old in fields, f"{callee}({change.old}=) does not exist in {catalog.version}"
            if change.new is not None and catalog.version >= change.new_since:
                assert change.new in fields, f"{callee}({change.new}=) does not exist in {catalog.version}"


@pytest.mark.parametrize(
    ("rule", "signature"),
    [(TrainerTokenizerArgument, "Trainer"), (TrainerTokenizerArgument, "Seq2SeqTrainer"), (TorchDtypeArgument, "pipeline"), (UseAuthToken, "pipeline")],
)
def test_renamed_keywords(rule, signature):
    for catalog in CATALOGS:
        fields = catalog.signatures[signature]
        if catalog.version >= rule.new_since:
            assert rule.new in fields
        if rule.removed_in is not None and catalog.version >= rule.removed_in:
            assert rule.old not in fields


def test_removed_tokenizer_methods():
    from lint_rules.rules.removed_apis import RemovedTokenizerApi

    for catalog in CATALOGS:
        present = set(RemovedTokenizerApi.METHODS) & catalog.tokenizer_methods
        assert present == (set() if catalog.version.major >= 5 else set(RemovedTokenizerApi.METHODS))


def test_replacement_names_exist_where_fixes_use_them():
    from lint_rules.rules import model_task, removed_apis

    every = {
        "AutoModelForCausalLM", "AutoModelForSeq2SeqLM", "AutoModelForCTC", "AutoModelForSpeechSeq2Seq",
        "AutoModelForMaskedLM", "AutoImageProcessor", "AutoTokenizer",
        *(head for _, head in model_task.HEAD_HINTS), *removed_apis.AutoModelWithLmHead.REPLACEMENTS,
    }  # fmt: skip
    for catalog in CATALOGS:
        assert every <= catalog.exports, f"missing in {catalog.version}: {every - catalog.exports}"
        rule = removed_apis.Vision2SeqAutoClass
        if catalog.version >= rule.new_since:
            assert rule.new in catalog.exports
        if catalog.version >= rule.removed_in:
            assert rule.old not in catalog.exports
        else:
            assert rule.old in catalog.exports
    newest = CATALOGS[-1]
    assert set(removed_apis.vision_feature_extractors().values()) <= newest.exports
    assert "AutoModelWithLMHead" not in newest.exports and "AdamW" not in newest.exports
