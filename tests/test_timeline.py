"""transformers' API timeline (knowledge/data/timeline.json): no drift from the installed release, agreement with
the snapshots' exports and with the hand tables, and the facts the rules will ask."""

import importlib.util
import json

import pytest

from conftest import newest_transformers
from lint_rules.facts.kinds import kind_of_path
from lint_rules.knowledge import keywords, names, reviewable
from lint_rules.knowledge.attributes import ATTRIBUTE_REPLACEMENTS
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.knowledge.changes import MapValues, Recorded
from lint_rules.knowledge.deprecations import DEPRECATIONS, Values
from lint_rules.knowledge.environment import ENVIRONMENT_REPLACEMENTS
from lint_rules.knowledge.timeline import CALLABLES, DATA, TASK_CALL, TASK_PARAMETERS, holds, timeline
from lint_rules.versions import NEWEST_KNOWN, Version
from tools.knowledge import generate_timeline

TIMELINE = timeline()
NEWEST = f"{NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}"
REGENERATE = "run `python -m tools.knowledge.generate_timeline`"

# What `dir(transformers)` and the timeline may disagree on, by release. The snapshots were taken where
# TensorFlow, Flax, Pillow, torchvision and mistral_common are not installed: those branches of
# `_import_structure` (their modules, and the names the dummy modules do not repeat) are missing from
# them, and the dummies' own imports (`DummyObject`, `requires_backends`) and submodules imported on the
# way (`modeling_gguf_pytorch_utils`) are in them.
_NO_BACKEND = {"image_processing_base", "image_processing_utils", "image_utils", "tokenization_mistral_common"}
_NO_BACKEND |= {"video_processing_utils"}
ONLY_IN_TIMELINE = {
    NEWEST: _NO_BACKEND | {"PilBackend", "VideoProcessorMixin", "image_processing_backends"},
    "4.57": _NO_BACKEND
    | {"image_processing_utils_fast", "activations_tf", "keras_callbacks", "optimization_tf", "tf_utils"}
    | {"modeling_flax_outputs", "modeling_flax_utils", "modeling_tf_outputs", "modeling_tf_utils"},
}
ONLY_IN_SNAPSHOT = {
    NEWEST: {"DummyObject"},
    "4.57": {"DummyObject", "requires_backends", "modeling_gguf_pytorch_utils"},
}


def _at(raw: dict[str, list[list[int]]], release: str) -> set[str]:
    """The facts of ``raw`` (fact -> spans of indices) that ``release`` has."""
    index = TIMELINE.releases.index(Version.parse(release))
    return {fact for fact, spans in raw.items() if holds(spans, index, len(TIMELINE.releases) - 1)}


def _stored() -> dict:
    with open(DATA, encoding="utf-8") as handle:
        return json.load(handle)


def _installed() -> str:
    """The package folder of the newest release the timeline records (installed beside this one if need be)."""
    if importlib.util.find_spec("transformers") is None:
        pytest.skip("transformers is not installed")
    return newest_transformers()[1]


@pytest.mark.slow
def test_the_stored_timeline_is_what_the_installed_release_says():
    facts = generate_timeline.extract(_installed())
    stored, release = _stored(), f"{NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}"
    assert _at(stored["names"], release) == facts.names, REGENERATE
    assert _at(stored["modules"], release) == facts.modules, REGENERATE
    assert {callable_: _at(by_keyword, release) for callable_, by_keyword in stored["keywords"].items()} == {
        callable_: facts.keywords.get(callable_, set()) for callable_ in stored["keywords"]
    }, REGENERATE
    assert _at(stored["var_keyword"], release) == facts.var_keyword, REGENERATE
    for kind, by_name in stored["members"].items():
        offered = facts.members[kind] | facts.defined[kind]
        assert _at(by_name, release) == {name for name in by_name if name in offered}, REGENERATE
    assert all(set(stored["classes"][kind]) >= names for kind, names in facts.classes.items()), REGENERATE
    assert _at(stored["model_call"], release) == facts.model_call, REGENERATE
    assert _at(stored["closed_modules"], release) == facts.closed_modules, REGENERATE
    assert _at(stored["conversion_patterns"], release) == facts.conversion_patterns, REGENERATE
    assert _at(stored["environment"], release) == facts.environment, REGENERATE
    assert _at(stored["requires"], release) == {f"{d} {spec}".strip() for d, spec in facts.requires.items()}
    assert {key: _at(by_value, release) for key, by_value in stored["values"].items()} == facts.values, REGENERATE
    for callable_, by_keyword in stored["defaults"].items():
        for keyword, by_default in by_keyword.items():
            default = facts.defaults.get(callable_, {}).get(keyword)
            assert _at(by_default, release) == ({default} if default else set()), REGENERATE
    deprecated = {
        (callable_, keyword, row["new"], row["removal"])
        for callable_, by_keyword in stored["deprecated_keywords"].items()
        for keyword, row in by_keyword.items()
        if _at({keyword: row["spans"]}, release)
    }
    assert deprecated == {
        (callable_, keyword, new, removal)
        for callable_, by_keyword in facts.deprecated_keywords.items()
        for keyword, (new, removal) in by_keyword.items()
    }, REGENERATE
    callables = {
        (callable_, row["advice"], row["removal"])
        for callable_, row in stored["deprecated_callables"].items()
        if _at({callable_: row["spans"]}, release)
    }
    assert callables == {(callable_, *row) for callable_, row in facts.deprecated_callables.items()}, REGENERATE
    notices = {id_: notice for id_, notice in stored["notices"].items() if _at({id_: notice["spans"]}, release)}
    assert {id_: (notice["removal"], tuple(notice["values"])) for id_, notice in notices.items()} == facts.notices


def test_the_file_is_reviewable_and_covers_every_minor_release():
    with open(DATA, encoding="utf-8") as handle:
        assert handle.read() == reviewable.dumps(_stored())  # one fact per line: `git diff` shows what changed
    releases = TIMELINE.releases
    assert releases[0] == generate_timeline.FIRST and releases[-1] == Version(NEWEST_KNOWN.major, NEWEST_KNOWN.minor)
    assert {release.major for release in releases} == {4, 5} and len(releases) == len(set(releases))
    recorded = set(_stored()["keywords"])
    tasks = {f"{cls}.{method}" for cls in _stored()["tasks"].values() for method in (TASK_PARAMETERS, TASK_CALL)}
    assert set(CALLABLES) <= recorded and recorded - set(CALLABLES) <= tasks


@pytest.mark.parametrize("catalog", all_catalogs(), ids=lambda catalog: str(catalog.version))
def test_top_level_names_are_the_snapshot_exports(catalog):
    release = f"{catalog.version.major}.{catalog.version.minor}"
    stored = _stored()
    top = {name.removeprefix("transformers.") for name in _at(stored["names"], release) if name.count(".") == 1}
    exports = set(catalog.exports)
    # what a 5.x package serves from `__getattr__` (`GPT2TokenizerFast`), which `dir()` does not list
    served = (
        generate_timeline._served_aliases(exports, generate_timeline.read_sources(_installed()))
        if (release == f"{NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}")
        else set()
    )
    assert top - exports - served == ONLY_IN_TIMELINE[release]
    assert {name for name in exports - top if "." not in name} == ONLY_IN_SNAPSHOT[release]
    # `dir(transformers)` also lists the dotted modules of the lazy structure (`models.bert`).
    assert {f"transformers.{name}" for name in exports if "." in name} <= _at(stored["modules"], release)


def _typeerror_from(callable_: str, keyword: str) -> Version | None:
    """The first release in which passing ``keyword`` raises: it is gone and no ``**kwargs`` takes it."""
    spans = TIMELINE.keyword(callable_, keyword)
    gone = TIMELINE.removed_in(spans, NEWEST_KNOWN)
    if gone is None or TIMELINE.takes_any_keyword(callable_, gone):
        return None
    return gone


def _rows() -> list[tuple[keywords.KeywordChange, str]]:
    rows = [keywords.TRAINER_TOKENIZER, keywords.TORCH_DTYPE, *keywords.TRAINING_ARGUMENTS, *keywords.LOADING]
    return [
        (row, callable_)
        for row in rows
        for callable_ in CALLABLES
        if callable_ in row.callees or callable_.rsplit(".", 1)[-1] in row.callees
    ]


# `pipeline(resume_download=...)` and `from_pretrained(resume_download=...)`: both take `**kwargs` in every
# release, and 5.x raises TypeError further down (../shared/REFERENCE.md); the signatures alone cannot show it.
BEYOND_SIGNATURES = {("resume_download", "pipeline"), ("resume_download", "PreTrainedModel.from_pretrained")}


@pytest.mark.parametrize("row, callable_", _rows(), ids=lambda value: getattr(value, "old", value))
def test_keyword_rows_agree_with_the_timeline(row, callable_):
    if "TypeError" in row.effect and (row.old, callable_) not in BEYOND_SIGNATURES:
        assert _typeerror_from(callable_, row.old) == row.removed_in
    if row.new and row.new_since:
        since = TIMELINE.keyword(callable_, row.new)
        assert since and TIMELINE.has(since, row.new_since) and TIMELINE.has(since, NEWEST_KNOWN)


@pytest.mark.parametrize("change", [names.ADAMW, names.LM_HEAD, names.VISION2SEQ], ids=lambda change: change.old)
def test_name_rows_agree_with_the_timeline(change):
    spans = TIMELINE.name(f"transformers.{change.old}")
    assert TIMELINE.removed_in(spans, NEWEST_KNOWN) == change.removed_in
    if change.new and change.new_since and "." not in change.new:
        new = TIMELINE.name(f"transformers.{change.new}")
        assert TIMELINE.has(new, max(change.new_since, TIMELINE.releases[0])) and TIMELINE.has(new, NEWEST_KNOWN)


def test_spot_checks():
    adamw = TIMELINE.name("transformers.AdamW")
    assert TIMELINE.has(adamw, Version(4, 30)) and TIMELINE.removed_in(adamw, NEWEST_KNOWN) == Version(4, 50)
    evaluation = TIMELINE.keyword("TrainingArguments", "evaluation_strategy")
    assert TIMELINE.removed_in(evaluation, NEWEST_KNOWN) == Version(4, 51)
    # popped from `**deprecated_kwargs` by `PushToHubMixin.push_to_hub` until 4.57
    organization = TIMELINE.keyword("PreTrainedModel.push_to_hub", "organization")
    assert TIMELINE.removed_in(organization, NEWEST_KNOWN) == Version(5, 0)
    assert TIMELINE.takes_any_keyword("pipeline", Version(4, 30))
    assert TIMELINE.takes_any_keyword("pipeline", NEWEST_KNOWN)
    assert not TIMELINE.takes_any_keyword("TrainingArguments", NEWEST_KNOWN)
    assert TIMELINE.removed_in(TIMELINE.module("transformers.utils.fx"), NEWEST_KNOWN) == Version(5, 0)
    summarization = TIMELINE.name("transformers.SummarizationPipeline")
    assert TIMELINE.removed_in(summarization, NEWEST_KNOWN) == Version(5, 0)
    assert TIMELINE.has(TIMELINE.name("transformers.generation.utils.GenerationMixin"), NEWEST_KNOWN)
    # 5.x's legacy module paths, served by the finder in `transformers/__init__.py`
    assert TIMELINE.has(TIMELINE.module("transformers.tokenization_utils_fast"), NEWEST_KNOWN)
    assert TIMELINE.has(TIMELINE.module("transformers.models.vit.image_processing_vit_fast"), NEWEST_KNOWN)
    assert TIMELINE.knows("GenerationConfig") and TIMELINE.keyword("GenerationConfig", "max_new_tokens")
    # `_MODEL_TO_CONVERSION_PATTERN`: qwen2_moe listed itself until 5.4, which peft's own mapping relied on
    assert TIMELINE.conversion_pattern("qwen3_moe", NEWEST_KNOWN) == "qwen2_moe"
    assert TIMELINE.conversion_pattern("qwen2_moe", Version(5, 4)) == "qwen2_moe"
    assert TIMELINE.conversion_pattern("qwen2_moe", Version(5, 5)) is None
    assert TIMELINE.conversion_pattern("qwen3_moe", Version(4, 57)) is None


def test_spans_merge_consecutive_releases():
    assert generate_timeline.spans([0, 1, 2, 5, 7, 8]) == [[0, 2], [5, 5], [7, 8]]
    assert generate_timeline.module_of("generation/__init__.py") == "transformers.generation"
    assert generate_timeline.module_of("utils/fx.py") == "transformers.utils.fx"


@pytest.mark.parametrize("row", keywords.owned_by("HF315"), ids=lambda row: f"{next(iter(row.callees))}.{row.old}")
def test_replacements_are_what_the_timeline_says(row):
    """HF315's renames: the old keyword is gone by the newest release, the new one is there."""
    assert row.removed_in is Recorded.TIMELINE
    for callable_ in row.callees:
        assert TIMELINE.removed_in(TIMELINE.keyword(callable_, row.old), NEWEST_KNOWN) is not None
        assert TIMELINE.has(TIMELINE.keyword(callable_, row.new), NEWEST_KNOWN)


@pytest.mark.parametrize("row", DEPRECATIONS, ids=lambda row: row.id)
def test_every_deprecation_notice_is_in_the_newest_release(row):
    """HF317's rows: each notice is found in the newest release (so it still announces it), and a value
    condition has values to compare with."""
    spans, removal, values = TIMELINE.notice(row.id)
    assert TIMELINE.has(spans, NEWEST_KNOWN), f"{row.id}: its notice is not in {NEWEST_KNOWN}: reread it"
    change = row.keyword
    mapped = change is not None and isinstance(change.action, MapValues)
    assert row.when is not Values.LISTED or values or mapped
    if change is not None and change.new is not None and change.new != change.old:
        takes = [TIMELINE.keyword(callable_, change.new) for callable_ in CALLABLES]
        assert any(TIMELINE.has(spans, NEWEST_KNOWN) for spans in takes) or mapped, (
            f"{row.id}: `{change.new}=` is not taken by the newest release"
        )


@pytest.mark.parametrize("row", list(ATTRIBUTE_REPLACEMENTS.values()), ids=lambda row: f"{row.kind}.{row.old}")
def test_attribute_replacements_are_what_the_timeline_says(row):
    """HF316's renames: the old attribute is gone by the newest release, the new one is there."""
    assert TIMELINE.removed_in(TIMELINE.member(row.kind, row.old), NEWEST_KNOWN) is not None
    assert TIMELINE.has(TIMELINE.member(row.kind, row.new), NEWEST_KNOWN)


def test_object_kinds():
    assert kind_of_path("AutoTokenizer.from_pretrained()") == ("tokenizer", False)
    assert kind_of_path("BertTokenizerFast.from_pretrained()()") == ("encoding", False)
    assert kind_of_path("AutoModelForCausalLM.from_pretrained().to().config") == ("config", False)
    assert kind_of_path("AutoProcessor.from_pretrained().tokenizer") == ("tokenizer", False)
    assert kind_of_path("CLIPConfig") == ("config", True)
    assert kind_of_path("LlamaForCausalLM.from_config()") == ("model", False)
    assert kind_of_path("pipeline()") is None and kind_of_path("AutoTokenizer.from_pretrained().encode()") is None


@pytest.mark.parametrize("old, new", sorted(ENVIRONMENT_REPLACEMENTS.items()))
def test_environment_replacements_are_read_by_the_newest_release(old, new):
    """HF318's renames: the old variable is read by no newest release, the new one is."""
    assert TIMELINE.removed_in(TIMELINE.environment(old), NEWEST_KNOWN) is not None
    assert TIMELINE.has(TIMELINE.environment(new), NEWEST_KNOWN)


def test_what_the_newer_rules_ask():
    """The facts HF315, HF318, HF319 and HF320 rely on, as the wheels say them."""
    v5 = Version(5, 0)
    assert TIMELINE.removed_in(TIMELINE.model_call("head_mask"), NEWEST_KNOWN) == v5
    assert TIMELINE.has(TIMELINE.model_call("attention_mask"), NEWEST_KNOWN)
    assert TIMELINE.removed_in(TIMELINE.value("Trainer.hyperparameter_search", "backend", "sigopt"), NEWEST_KNOWN) == v5
    assert TIMELINE.has(TIMELINE.value("TrainingArguments", "optim", "adamw_torch"), NEWEST_KNOWN)
    assert TIMELINE.value("TrainingArguments", "output_dir", "out") is None
    assert TIMELINE.removed_in(TIMELINE.environment("TRANSFORMERS_CACHE"), NEWEST_KNOWN) == v5
    assert TIMELINE.has(TIMELINE.environment("HF_HUB_OFFLINE"), NEWEST_KNOWN)  # read by huggingface_hub
    assert TIMELINE.removed_in(TIMELINE.requires("requests"), NEWEST_KNOWN) == v5
    template = "PreTrainedTokenizerBase.apply_chat_template"
    assert TIMELINE.default(template, "return_dict", Version(4, 57)) == "False"
    assert TIMELINE.default(template, "return_dict", NEWEST_KNOWN) == "True"


def test_a_target_past_the_newest_release_reports_the_announced_removals():
    """`--target-transformers 6.0`: what the removals announced for 6.0 or earlier will break."""
    from lint_rules.engine import lint_source

    code = 'from transformers import TrainingArguments\nTrainingArguments("o", gradient_checkpointing=True)\n'
    now = lint_source(code, frozenset({"HF317"}), NEWEST_KNOWN)
    ahead = lint_source(code, frozenset({"HF317"}), Version(6, 0))
    assert [d.message.split(";")[0] for d in now] == [
        "`gradient_checkpointing=` of `TrainingArguments` is deprecated since transformers 5.23, to be removed in v6"
    ]
    assert "breaks in transformers v6" in ahead[0].message
    assert lint_source(code, frozenset({"HF317"}), Version(5, 22)) == []


def test_what_classes_lost_since_the_last_4x():
    """HF316's per-class facts: what `AutoTokenizer` loads for BERT lost the Python tokenizers' helpers; a
    vision-language model lost its `language_model` shortcut; every model's losses are the kind's, not repeated."""
    assert TIMELINE.compared == (Version(4, 57), Version(NEWEST_KNOWN.major, NEWEST_KNOWN.minor))
    before, after, lost = TIMELINE.tokenizer_change("bert")
    assert (before, after) == ("BertTokenizerFast", "BertTokenizer")
    assert {"build_inputs_with_special_tokens", "create_token_type_ids_from_sequences"} <= lost
    assert "language_model" in TIMELINE.model_class_lost("LlavaForConditionalGeneration")
    assert "prune_heads" not in TIMELINE.model_class_lost("BertModel")  # the model kind's (`member`)
    assert TIMELINE.model_class_lost("NoSuchModel") == frozenset()
