"""docs/migration-checklist.md: each row that names a rule is reported on its example at the newest known release
(and fixed there when the row says so), and the figures at the top are the ones the rows give."""

import os
import re

import libcst as cst
import pytest

from conftest import ROOT
from lint_rules.documents import load
from lint_rules.engine import lint_source
from lint_rules.fixer import fix_document, fix_source
from lint_rules.registry import all_rules
from lint_rules.versions import NEWEST_KNOWN

CHECKLIST = os.path.join(ROOT, "docs", "migration-checklist.md")
EXAMPLES = os.path.join(ROOT, "fixtures", "migration")
TARGET = NEWEST_KNOWN
NONE = "—"
CAUGHT = ("fixed", "reported")
NOT_CAUGHT = "not caught yet"
NOT_STATIC = "not static: "
# Rules that fire on most examples whatever they show: unpinned-revision on any named checkpoint, and
# changed-default on any `save_pretrained`; they catch only the items whose row names them.
IGNORED = frozenset({"HF404", "HF321"})

_ROW = re.compile(
    r"^\| `(?P<id>[a-z0-9_]+)` \| (?P<item>.+?) \| (?P<rule>HF\d{3}|—) \| "
    r"(?P<example>`fixtures/migration/[a-z0-9_]+\.py`|—) \| (?P<fix>.+?) \|$"
)
_SUMMARY = re.compile(
    r"^Caught: (\d+) of (\d+) items a static check can catch \((\d+)%\); "
    r"fixed: (\d+) \((\d+)%\); all items: (\d+) of (\d+)\.$",
    re.MULTILINE,
)


def _text():
    with open(CHECKLIST, encoding="utf-8") as handle:
        return handle.read()


def _rows():
    rows = []
    for line in _text().splitlines():
        if line.startswith("| `"):
            match = _ROW.match(line)
            assert match, f"malformed checklist row: {line}"
            row = match.groupdict()
            row["example"] = None if row["example"] == NONE else row["example"].strip("`")
            row["rule"] = None if row["rule"] == NONE else row["rule"]
            rows.append(row)
    return rows


ROWS = _rows()
CODES = frozenset(rule.code for rule in all_rules())


def _read(row):
    with open(os.path.join(ROOT, row["example"]), encoding="utf-8") as handle:
        return handle.read()


def _reported(row):
    path = os.path.join(ROOT, row["example"])
    return {d.code for d in lint_source(_read(row), CODES, TARGET, path)} - (IGNORED - {row["rule"]})


def _percent(part, whole):
    return int(100 * part / whole + 0.5)


def test_rows_are_consistent():
    assert ROWS, "no rows parsed"
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for row in ROWS:
        fix, rule, example = row["fix"], row["rule"], row["example"]
        assert fix in CAUGHT or fix == NOT_CAUGHT or fix.startswith(NOT_STATIC), row
        assert (rule is not None) == (fix in CAUGHT), f"{row['id']}: a rule goes with fixed/reported only"
        if fix.startswith(NOT_STATIC):
            assert example is None and len(fix) > len(NOT_STATIC) + 10, f"{row['id']}: give the reason"
        else:
            assert example == f"fixtures/migration/{row['id']}.py", row["id"]
            assert os.path.isfile(os.path.join(ROOT, example)), example
    named = {row["rule"] for row in ROWS if row["rule"]}
    assert named <= CODES, named - CODES


def test_every_example_has_a_row():
    named = {os.path.basename(row["example"]) for row in ROWS if row["example"]}
    assert set(os.listdir(EXAMPLES)) - {"__pycache__"} == named


@pytest.mark.parametrize("row", [r for r in ROWS if r["example"]], ids=lambda row: row["id"])
def test_example(row):
    text = _read(row)
    cst.parse_module(text)
    reported = _reported(row)
    if row["rule"] is None:
        assert not reported, f"{row['id']} is caught by {sorted(reported)}: update its row"
        return
    assert row["rule"] in reported
    result = fix_source(text, CODES, TARGET, unsafe=True, filename=os.path.join(ROOT, row["example"]))
    if row["fix"] == "fixed":
        assert result.applied.get(row["rule"]) and result.text != text
        cst.parse_module(result.text)
    else:
        assert not result.applied.get(row["rule"]), f"{row['id']}: {row['rule']} fixes it now, mark it fixed"


def _shapes():
    from support.variants import variants

    return [
        pytest.param(row, shape, filename, text, id=f"{row['id']}-{shape}")
        for row in ROWS
        if row["rule"]
        for shape, (filename, text) in variants(_read(row)).items()
    ]


@pytest.mark.parametrize("row, shape, filename, text", _shapes())
def test_the_example_in_other_shapes(row, shape, filename, text, tmp_path):
    """A row counts as caught (or fixed) only when its example is in every shape: inside a function, through
    `import transformers as tf`, split across notebook cells, in a Markdown block (`tests/support/variants.py`)."""
    path = str(tmp_path / filename)
    document = load(path, text.encode())
    found = {d.code for unit in document.units for d in lint_source(unit.text, CODES, TARGET, path)}
    assert row["rule"] in found, f"{row['id']} is not caught {shape}:\n{text}"
    if row["fix"] == "fixed":
        new_text, fixed = fix_document(document, path, CODES, TARGET, unsafe=True)
        assert fixed.applied.get(row["rule"]) and new_text != text, f"{row['id']} is not fixed {shape}:\n{text}"


def test_figures():
    static = [row for row in ROWS if row["example"]]
    caught = [row for row in ROWS if row["rule"]]
    fixed = [row for row in ROWS if row["fix"] == "fixed"]
    stated = _SUMMARY.findall(_text())
    assert len(stated) == 1, "the checklist states its figures once, in the fixed sentence"
    expected = (
        len(caught), len(static), _percent(len(caught), len(static)),
        len(fixed), _percent(len(fixed), len(static)),
        len(caught), len(ROWS),
    )  # fmt: skip
    assert tuple(int(value) for value in stated[0]) == expected
    shapes = re.findall(r"\((\d+) shapes of the (\d+) caught rows\)", _text())
    assert shapes == [(str(len(_shapes())), str(len(caught)))], "update the count of shapes in the checklist"
