"""The generated knowledge files: written one fact per line (what `git diff` shows is what a release changed),
small once compressed, and able to say what a release added and removed."""

import io
import json
import os
import zipfile

import pytest

from lint_rules.knowledge import reviewable

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lint_rules", "knowledge", "data")
FILES = sorted(name for name in os.listdir(DATA) if name.endswith(".json"))


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_is_written_one_fact_per_line(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as handle:
        text = handle.read()
    assert text == reviewable.dumps(json.loads(text)), f"{name}: regenerate it (its generator writes this shape)"
    assert max(len(line) for line in text.splitlines()) < 400, f"{name}: a line holds more than one fact"


def test_the_installed_data_stays_under_3_mb_compressed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:  # as the wheel stores them
        for name in FILES:
            bundle.write(os.path.join(DATA, name), name)
    assert len(buffer.getvalue()) < 3_000_000


def test_the_shape():
    data = {"b": {"y": [[0, 1]], "x": ["two", "one"]}, "a": [], "c": 1}
    assert reviewable.dumps(data) == (
        '{\n "a": [],\n "b": {\n  "x": [\n   "two",\n   "one"\n  ],\n  "y": [[0, 1]]\n },\n "c": 1\n}\n'
    )


def test_what_a_release_added_and_removed():
    data = {
        "releases": ["1.0", "1.1", "2.0"],
        "names": {"pkg.Old": [[0, 1]], "pkg.New": [[2, 2]], "pkg.Kept": [[0, 2]], "pkg.Back": [[0, 0], [2, 2]]},
        "keywords": {"f": {"token": [[1, 2]], "use_auth_token": [[0, 1]]}},
        "notices": {"f(use_auth_token)": {"spans": [[1, 1]], "removal": "2.0", "message": "use `token`"}},
    }
    added, removed = reviewable.changes(data, "2.0")
    assert added == ["names :: pkg.Back", "names :: pkg.New"]
    assert removed == ["keywords :: f :: use_auth_token", "names :: pkg.Old", "notices :: f(use_auth_token) :: spans"]
    assert reviewable.changes(data, "1.1") == (
        ["keywords :: f :: token", "notices :: f(use_auth_token) :: spans"],
        ["names :: pkg.Back"],
    )
    with pytest.raises(ValueError, match="first release"):
        reviewable.changes(data, "1.0")
