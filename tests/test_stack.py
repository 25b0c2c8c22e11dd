"""transformers' stack (huggingface_hub, datasets, peft, trl): its timelines, the releases a project's pins or its
target transformers imply, how HF322 and HF323 read a symbol path, and the hand-kept replacements, checked against
the timelines."""

import os

import pytest

from lint_rules.engine import lint_source
from lint_rules.fixer import fix_source
from lint_rules.knowledge.stack import PACKAGES, stack_timeline
from lint_rules.knowledge.stack_replacements import CALLS, DROP, KEYWORDS, POINTERS
from lint_rules.pins import find_pins
from lint_rules.rules.hf3_migration.stack_common import hint, resolve
from lint_rules.selection import select_codes
from lint_rules.settings import resolve as settings_for
from lint_rules.stack import own_packages, stack_for
from lint_rules.versions import NEWEST_KNOWN, Version, newest_known

HUB = stack_timeline("huggingface_hub")


def _gone(timeline, spans) -> bool:
    return timeline.removed_in(spans, newest_known(timeline.package)) is not None


@pytest.mark.parametrize("row", CALLS, ids=lambda row: f"{row.package}.{row.old}->{row.new}")
def test_call_replacements_are_what_the_timelines_say(row):
    """The old callable is gone by the newest release, the new one is there, and the old one's arguments fit it."""
    timeline = stack_timeline(row.package)
    newest = newest_known(row.package)
    assert _gone(timeline, timeline.callable(row.old)), f"{row.old} is still in {row.package} {newest}"
    assert timeline.has(timeline.callable(row.new), newest)
    for keyword in row.arguments or ():
        if keyword not in (None, DROP):
            assert timeline.has(timeline.keyword(row.new, keyword), newest), keyword


@pytest.mark.parametrize("row", KEYWORDS, ids=lambda row: f"{row.package}.{row.old}")
def test_keyword_replacements_are_what_the_timelines_say(row):
    """Some callable of the package lost the old keyword (or takes it only in its decorator, which drops it), and
    every such callable that the newest release still has takes the new one."""
    timeline = stack_timeline(row.package)
    newest = newest_known(row.package)
    lost = [
        key
        for key in timeline._data["keywords"]
        if timeline.has(timeline.callable(key), newest)
        and (_gone(timeline, timeline.keyword(key, row.old)) or timeline.has(timeline.wrapped(key, row.old), newest))
    ]
    assert lost, f"no callable of {row.package} {newest} lost `{row.old}=`"
    if row.new is not None:
        assert any(timeline.has(timeline.keyword(key, row.new), newest) for key in lost)


def test_pointers_name_removed_names():
    for package, name in POINTERS:
        assert _gone(stack_timeline(package), stack_timeline(package).name(f"{package}.{name}"))


def test_the_facts_the_rules_rely_on():
    """Read from the wheels: huggingface_hub 1.0 removed `HfFolder` and `Repository`; its decorator drops
    `resume_download=` since; datasets 3.0 removed `list_metrics`; a class's `__new__` is its signature."""
    assert HUB.removed_in(HUB.name("huggingface_hub.HfFolder"), newest_known("huggingface_hub")) == Version(1, 0)
    assert HUB.has(HUB.name("huggingface_hub.get_token"), Version(0, 20))
    assert HUB.has(HUB.wrapped("hf_hub_download", "resume_download"), newest_known("huggingface_hub"))
    assert HUB.has(HUB.wrapped("hf_hub_download", "use_auth_token"), Version(0, 36))  # mapped to token= in 0.x
    assert HUB.returns("HfApi") == ("HfApi",) and HUB.fully_known("HfApi", newest_known("huggingface_hub"))
    datasets = stack_timeline("datasets")
    assert datasets.removed_in(datasets.name("datasets.list_metrics"), Version(5, 2)) == Version(3, 0)
    assert datasets.has(datasets.keyword("Sequence", "feature"), Version(5, 2))  # `Sequence.__new__(feature, ...)`
    peft = stack_timeline("peft")
    assert peft.has(peft.name("peft.tuners.lora.Linear4bit"), Version(0, 21))  # served by the module's __getattr__
    mixtral = peft.expert_targets("mixtral", None, Version(0, 21))  # peft adds mixtral to transformers' patterns
    assert mixtral.parameters["w1"] == "gate_up_proj" and mixtral.together == {"gate_up_proj": ("w1", "w3")}
    assert (mixtral.since, mixtral.all_linear, mixtral.all_linear_since) == (Version(0, 19), True, Version(0, 20))
    assert peft.expert_targets("mixtral", None, Version(0, 18)) is None  # before peft mapped them
    assert peft.expert_targets("qwen3_moe", "qwen2_moe", Version(0, 19)).parameters["up_proj"] == "gate_up_proj"
    assert peft.expert_targets("qwen2_moe", None, Version(0, 21)) is None  # transformers 5.5+ no longer lists it
    trl = stack_timeline("trl")
    assert trl.outside_base("SFTConfig") == "transformers.TrainingArguments"
    assert trl.notice("SFTConfig(max_seq_length)").removal == Version(0, 20)


def test_symbol_paths():
    found = resolve("huggingface_hub.HfApi().upload_folder")
    assert (found.callables, found.attribute, found.owners) == (("HfApi.upload_folder",), "upload_folder", ("HfApi",))
    found = resolve("datasets.load_dataset().map().filter")
    assert set(found.owners) == {"Dataset", "DatasetDict", "IterableDataset", "IterableDatasetDict"}
    assert resolve("datasets.arrow_dataset.Dataset").callables == ("Dataset",)
    assert resolve("huggingface_hub.hf_hub_download").callables == ("hf_hub_download",)
    assert resolve("huggingface_hub.not_a_thing") is None and resolve("transformers.AutoModel") is None
    assert resolve("huggingface_hub.hf_hub_download().x") is None  # a str: its attributes are not known


def test_the_library_hint_is_the_sentence_that_says_what_to_do():
    assert (
        hint("Use 'evaluate.load' instead, from the new library.")
        == "Use 'evaluate.load' instead, from the new library."
    )
    assert hint("`x` is deprecated. Please use `y` instead. See the docs.") == "Please use `y` instead."
    assert hint("`x` is deprecated and will be removed in 1.0.") == ""


def test_the_stack_a_project_pins(tmp_path):
    (tmp_path / "requirements.txt").write_text("transformers>=5\nhuggingface-hub>=0.20,<1.0\nDatasets==2.21.0\n")
    pins = find_pins(str(tmp_path), {package: newest_known(package) for package in ("transformers", *PACKAGES)})
    assert pins["huggingface_hub"].newest == Version(0, 999, 999) and pins["huggingface_hub"].oldest == Version(0, 20)
    assert pins["datasets"].newest == Version(2, 21, 0)
    settings = settings_for(str(tmp_path))
    hub = settings.stack.range("huggingface_hub")
    assert (hub.newest, hub.source) == (Version(0, 999, 999), "requirements.txt")
    assert settings.stack.range("trl").source == f"transformers {NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}"
    code = "from huggingface_hub import HfFolder\ntoken = HfFolder.get_token()\n"
    assert lint_source(code, frozenset({"HF322"}), settings.target, stack=settings.stack) == []  # pinned below 1.0
    assert [d.code for d in lint_source(code, frozenset({"HF322"}), settings.target)] == ["HF322"]


def test_a_fix_must_work_on_the_oldest_release_admitted():
    """`HfFolder.get_token()` -> `get_token()` needs `get_token` in every release the project admits."""
    code = "from huggingface_hub import HfFolder\ntoken = HfFolder.get_token()\n"
    (finding,) = lint_source(code, frozenset({"HF322"}), NEWEST_KNOWN)
    assert finding.fix is not None and "removed in 1.0 (ImportError)" in finding.message
    wide = stack_for(NEWEST_KNOWN, Version(4, 57))  # a project that still admits 4.57 (huggingface_hub 0.34 on)
    (finding,) = lint_source(code, frozenset({"HF322"}), NEWEST_KNOWN, stack=wide)
    assert finding.fix is not None  # get_token is in 0.34 too


def test_a_package_is_not_judged_in_its_own_source_tree(tmp_path):
    (tmp_path / "trl" / "trl").mkdir(parents=True)
    (tmp_path / "trl" / "trl" / "__init__.py").write_text("")
    (tmp_path / "trl" / "examples").mkdir()
    assert own_packages(str(tmp_path / "trl" / "examples")) == {"trl"}
    assert own_packages(str(tmp_path / "trl" / "trl")) == {"trl"}
    assert own_packages(str(tmp_path)) == frozenset()
    code = "from trl import setup_chat_format\n"
    inside = os.path.join(tmp_path, "trl", "examples", "sft.py")
    assert lint_source(code, frozenset({"HF322"}), NEWEST_KNOWN, inside) == []
    outside = os.path.join(tmp_path, "app.py")
    assert [d.code for d in lint_source(code, frozenset({"HF322"}), NEWEST_KNOWN, outside)] == ["HF322"]


def test_a_4x_file_gets_one_finding_per_removed_stack_api():
    """At target 5.23: `HfFolder` (fixed), `Repository` (pointed to `HfApi.upload_folder`), and a datasets API
    3.0 removed (fixed); the fixed code runs there (tests/test_fix_safety.py runs both fixes)."""
    code = (
        "import datasets\nfrom huggingface_hub import HfFolder, Repository\n\n"
        "token = HfFolder.get_token()\nrepo = Repository('out', clone_from='acme/model')\n"
        "datasets.set_caching_enabled(False)\n"
    )
    found = [d for d in lint_source(code, select_codes(["ALL"]), Version(5, 23)) if d.code in ("HF322", "HF323")]
    assert [(d.start.row, d.code, d.fix is not None) for d in found] == [
        (2, "HF322", True),
        (2, "HF322", False),
        (6, "HF322", True),
    ]
    assert "HfApi().upload_folder" in found[1].message
    fixed = fix_source(code, select_codes(["ALL"]), Version(5, 23)).text
    assert "from huggingface_hub import Repository, get_token" in fixed and "token = get_token()" in fixed
    assert "datasets.disable_caching()" in fixed


def test_load_metric_is_judged_for_the_datasets_the_project_runs(tmp_path):
    """HF312: `load_metric` is in datasets 2.x, which a project may pin."""
    (tmp_path / "requirements.txt").write_text("transformers>=5\ndatasets<3\n")
    code = "from datasets import load_metric\nmetric = load_metric('accuracy')\n"
    pinned = settings_for(str(tmp_path))
    assert lint_source(code, frozenset({"HF312"}), pinned.target, stack=pinned.stack) == []
    assert {d.code for d in lint_source(code, frozenset({"HF312"}), pinned.target)} == {"HF312"}
