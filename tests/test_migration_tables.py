"""Every version claim of the migration tables holds in the real signatures of each known release."""

import pytest

from lint_rules.knowledge import names, tasks
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.knowledge.changes import KeywordChange, MapValues, Recorded, Remove, Rename
from lint_rules.knowledge.deprecations import DEPRECATIONS
from lint_rules.knowledge.keywords import (
    LOADING,
    TORCH_DTYPE,
    TRAINER_TOKENIZER,
    TRAINING_ARGUMENTS,
    USE_AUTH_TOKEN,
    every_change,
    owned_elsewhere,
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
        KeywordChange("max_size", frozenset({"from_pretrained"}), action=Remove(), owner="HF313", advice="remove it")
    row = KeywordChange("max_size", frozenset(), action=Remove(), owner="HF313", removed_in=None)
    assert row.removed_in is None


def test_every_keyword_row_is_read_by_the_rule_it_names():
    """Ownership lives in the table: each row's owner reads exactly the rows that name it, and the generic rules
    leave those keywords alone (`owned_elsewhere`)."""
    from lint_rules.registry import all_rules
    from lint_rules.rules.hf3_migration.common import ChangedKeywordsRule, RenamedKeywordRule
    from lint_rules.rules.hf3_migration.hf315_removed_keyword import _REPLACEMENTS

    by_code = {rule.code: rule for rule in all_rules()}
    for row in every_change():
        rule = by_code[row.owner]
        if issubclass(rule, RenamedKeywordRule):
            assert rule.change == row
        elif issubclass(rule, ChangedKeywordsRule):
            assert row in rule.changes
        elif rule.code == "HF317":
            assert any(deprecation.keyword is row for deprecation in DEPRECATIONS)
        else:
            assert rule.code == "HF315" and row in _REPLACEMENTS.values()
        for callee in row.callees or {"from_pretrained"}:
            assert owned_elsewhere(row.old, callee, "HF315") == (row.owner != "HF315"), row
            assert not owned_elsewhere(row.old, callee, row.owner), row


def test_a_row_that_renames_says_since_when_the_new_keyword_exists():
    """A rename or a mapped value is safe only where every admitted release takes the new keyword: the row must
    say from which release (HF315's and HF317's rows read it from the timeline)."""
    for row in every_change():
        if isinstance(row.action, (Rename, MapValues)) and row.removed_in is not Recorded.TIMELINE:
            assert row.new_since is not None, row.old
        if row.removed_in is Recorded.TIMELINE:  # what a notice or the timeline states
            assert row.owner in ("HF315", "HF317"), row.old


def test_every_owned_name_names_a_rule_that_reports_it():
    """HF314 leaves a removed name to the rule the table names: that rule exists and reports the name."""
    from lint_rules.engine import lint_source
    from lint_rules.registry import all_rules
    from lint_rules.versions import Version

    codes = {rule.code for rule in all_rules()}
    owners = names.owned_names()
    assert set(owners.values()) <= codes
    # every row, and one of the 603 TensorFlow and Flax classes
    for name in sorted([name for name in owners if owners[name] != "HF306"] + ["TFAutoModel"]):
        found = lint_source(f"from transformers import {name}\n", frozenset({owners[name], "HF314"}), Version(5, 0))
        assert [d.code for d in found] == [owners[name]], name


def test_a_changed_default_left_to_another_rule_is_one_that_rule_reads():
    """HF321 gives no fix where another rule fixes the change: that rule exists and the timeline records the
    default as changed."""
    from lint_rules.knowledge.keywords import DEFAULT_OWNERS
    from lint_rules.knowledge.timeline import timeline
    from lint_rules.registry import all_rules

    codes = {rule.code for rule in all_rules()}
    for (callable_, keyword), owner in DEFAULT_OWNERS.items():
        assert owner in codes and owner != "HF321"
        assert keyword in timeline().changed_defaults(callable_)


def test_every_field_the_newest_training_arguments_call_deprecated_has_a_row():
    """The deprecations the newest release states in `TrainingArguments`' own help texts (read from its wheel) are
    each reported: the timeline's generated deprecated keywords ("Deprecated alias of `activation_checkpointing`,
    ...") or a row of HF317 or HF309 names them."""
    import ast
    import zipfile

    from lint_rules.knowledge.timeline import timeline
    from tools.knowledge import generate_moves, generate_timeline

    try:
        path = generate_timeline.wheel(generate_timeline.WHEELS, generate_moves.timeline_wheels()[1])
    except Exception as error:  # no cached wheel and no package index
        pytest.skip(f"the newest transformers wheel is not cached and cannot be downloaded: {error}")
    with zipfile.ZipFile(path) as archive:
        tree = ast.parse(archive.read("transformers/training_args.py").decode("utf-8"))
    arguments = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TrainingArguments")
    deprecated = set()
    for statement in arguments.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.value, ast.Call):
            for keyword in statement.value.keywords:
                if keyword.arg == "metadata" and isinstance(keyword.value, ast.Dict):
                    helps = [
                        v.value
                        for k, v in zip(keyword.value.keys, keyword.value.values, strict=True)
                        if isinstance(k, ast.Constant) and k.value == "help" and isinstance(v, ast.Constant)
                    ]
                    if any(str(text).lower().startswith("deprecated") for text in helps):
                        deprecated.add(statement.target.id)
    rows = {
        row.keyword.old
        for row in DEPRECATIONS
        if row.keyword is not None and "TrainingArguments" in row.keyword.callees
    }
    rows |= {change.old for change in TRAINING_ARGUMENTS}
    stated = timeline().deprecated_keyword_names  # what the generator read from the help texts
    rows |= {keyword for keyword in stated if timeline().deprecated_keyword("TrainingArguments.__init__", keyword)}
    assert deprecated, "no field says it is deprecated: read the newest training_args.py again"
    assert deprecated <= rows, f"deprecated in the newest's help texts, reported by no rule: {deprecated - rows}"
