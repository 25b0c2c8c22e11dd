"""The newest releases the knowledge was read from (knowledge/data/releases.json): consistent with every data file,
and, opt-in (`python -m pytest --network tests/test_releases.py`), still the newest on the package index."""

import json

import pytest

from lint_rules.knowledge import wrappers
from lint_rules.knowledge.catalog import snapshots
from lint_rules.knowledge.stack import PACKAGES, stack_timeline
from lint_rules.knowledge.timeline import DATA, timeline
from lint_rules.stack import stack_for
from lint_rules.versions import NEWEST_KNOWN, Version, newest_known, releases
from tools.knowledge import update


def test_the_newest_releases_are_the_data_files_own():
    with open(DATA, encoding="utf-8") as handle:
        patches = json.load(handle)["patches"]
    assert str(NEWEST_KNOWN) == str(Version.parse(patches[-1]))
    assert timeline().releases[-1] == Version(NEWEST_KNOWN.major, NEWEST_KNOWN.minor)
    assert snapshots()[-1][0] == Version(NEWEST_KNOWN.major, NEWEST_KNOWN.minor)
    for package in PACKAGES:
        stack = stack_timeline(package)
        assert stack.releases[-1] == Version(newest_known(package).major, newest_known(package).minor), package
    for library in wrappers.LIBRARIES:  # trl's and peft's wrapper facts come from their newest release
        assert Version.parse(wrappers._data()[library]["version"]) == newest_known(library)


def test_every_transformers_release_admits_a_stack():
    implied = releases()["implied"]
    assert set(implied) == {f"{r.major}.{r.minor}" for r in timeline().releases}
    for row in implied.values():
        assert set(row) <= set(PACKAGES) and "huggingface_hub" in row
        for oldest, newest in row.values():
            assert Version.parse(oldest) <= Version.parse(newest)


def test_the_stack_a_target_implies():
    """transformers 4.57 requires huggingface_hub below 1.0, 5.x 1.0 or later; a project's own pin wins."""
    assert stack_for(Version(4, 57)).range("huggingface_hub").newest < Version(1, 0)
    hub = stack_for(NEWEST_KNOWN).range("huggingface_hub")
    assert hub.newest == newest_known("huggingface_hub") and hub.oldest >= Version(1, 0)
    assert hub.source == f"transformers {NEWEST_KNOWN.major}.{NEWEST_KNOWN.minor}"
    wide = stack_for(NEWEST_KNOWN, Version(4, 57)).range("huggingface_hub")  # a project that admits 4.57 to the newest
    assert wide.oldest < Version(1, 0) and wide.newest == hub.newest


@pytest.mark.network
def test_the_data_knows_the_newest_releases_on_the_package_index():
    newer = update.newer_releases()
    assert not newer, "newer releases: run `python -m tools.knowledge.update`: " + ", ".join(
        f"{package} {listed} (the data knows {known})" for package, (known, listed) in sorted(newer.items())
    )
