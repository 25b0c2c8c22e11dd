"""The run-proof's small subset (ecosystem/runproof.py): the course's pipelines chapter, real 4.x code, runs under
transformers 4.57 as it is, fails under the newest release, and runs there after `automodel-codemod
--unsafe-fixes`; HF107's written-out pipelines return what 4.57's did. The whole set: `python
ecosystem/runproof.py` (README, Development)."""

import os
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.ecosystem, pytest.mark.models]


@pytest.fixture(scope="module")
def proof():
    sys.path.insert(0, os.path.join(ROOT, "ecosystem"))
    import runproof

    return runproof.prove(["course_ch1_pipelines"], jobs=2)


def test_the_pipelines_chapter_runs_after_the_codemod(proof):
    row = proof["results"]["course_ch1_pipelines"]
    assert row["as is (4.57)"]["error"] is None, row["as is (4.57)"]
    assert row["as is (5.25)"]["error"].startswith("KeyError: 'The task "), row["as is (5.25)"]
    assert row["unsafe fixes"]["error"] is None, row["unsafe fixes"]
    assert row["edits"] == [] and row["source"] == "notebooks/course/en/chapter1/section3.ipynb"


def test_written_out_pipelines_match_the_old_release(proof):
    parity = proof["parity"]
    assert parity["of"] >= 10 and parity["same"] == parity["of"], parity["differ"]
