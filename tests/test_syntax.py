"""Every Python's syntax is read whatever Python runs the tool (fixtures/_syntax: one file per newer form, with
its findings marked), a truly broken file is still an error, and pathological nesting is still refused."""

from __future__ import annotations

import json
import os
import re
import sys

import libcst as cst
import pytest

from conftest import ROOT, run_cli
from lint_rules.documents import load
from lint_rules.engine import lint_source
from lint_rules.fixer import fix_source
from lint_rules.selection import select_codes
from lint_rules.sources import SourceError
from lint_rules.syntax import MAX_BRACKETS, MAX_CHAIN, too_deep
from lint_rules.versions import NEWEST_KNOWN

SYNTAX = os.path.join(ROOT, "fixtures", "_syntax")
FORMS = sorted(name for name in os.listdir(SYNTAX) if name.endswith(".py"))
ALL = select_codes()
_EXPECT = re.compile(r"# expect: ((?:HF\d{3}\s*)+)")


def _text(name: str) -> str:
    with open(os.path.join(SYNTAX, name), encoding="utf-8") as handle:
        return handle.read()


def _expected(text: str) -> list[tuple[int, str]]:
    return sorted(
        (row, code)
        for row, line in enumerate(text.splitlines(), 1)
        for match in [_EXPECT.search(line)]
        if match
        for code in match.group(1).split()
    )


def test_every_newer_form_has_a_fixture():
    assert FORMS == [
        "pep634_match.py",
        "pep654_except_star.py",
        "pep695_type_parameters.py",
        "pep701_f_strings.py",
        "pep750_template_strings.py",
        "pep758_except_without_parentheses.py",
    ]


@pytest.mark.parametrize("name", FORMS)
def test_newer_syntax_is_read_and_fixed_whatever_python_runs(name):
    text = _text(name)
    found = lint_source(text, ALL, NEWEST_KNOWN, name)
    assert sorted((d.start.row, d.code) for d in found) == _expected(text)
    fixed = fix_source(text, ALL, NEWEST_KNOWN, unsafe=True, filename=name)
    assert fixed.applied and "use_auth_token" not in fixed.text
    cst.parse_module(fixed.text)


def test_the_cli_reports_the_fixtures_the_same_on_every_python():
    # the same figures as the fixtures' marks, through the installed front end and its JSON output
    result = run_cli("check", "--no-cache", "--output-format", "json", SYNTAX)
    assert result.returncode == 1, result.stderr
    found = sorted(
        (os.path.basename(d["filename"]), d["location"]["row"], d["code"]) for d in json.loads(result.stdout)
    )
    assert found == sorted((name, row, code) for name in FORMS for row, code in _expected(_text(name)))


def test_newer_syntax_in_a_notebook_cell_and_a_markdown_block_is_read():
    cell = "from transformers import AutoModel\ntype Name = str\nAutoModel.from_pretrained('x', use_auth_token=True)\n"
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": [], "execution_count": None}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    markdown = f"# Tour\n\n```python\n{cell}```\n"
    for path, data in (("a.ipynb", json.dumps(notebook)), ("a.md", markdown)):
        document = load(path, data.encode())
        assert document.warnings == [] and len(document.units) == 1, path
        assert [d.code for d in lint_source(document.units[0].text, ALL, NEWEST_KNOWN, path)] == ["HF302"]


def test_a_broken_file_in_newer_syntax_is_still_a_syntax_error_where_it_breaks():
    text = "from transformers import AutoModel\ntype Name = str\nx = = 1\nprint(x)\n"
    with pytest.raises(SourceError, match=r"^syntax error at 3:"):
        lint_source(text, ALL, NEWEST_KNOWN)


@pytest.mark.parametrize("statement", ["x = [*a for a in b]", "x = {**a for a in b}", "f(*a for a in b)"])
def test_what_no_python_accepts_stays_an_error_though_libcst_parses_it(statement):
    cst.parse_module(statement + "\n")
    with pytest.raises(SourceError, match="unpacking cannot be used"):
        lint_source(f"import transformers\n{statement}\n", ALL, NEWEST_KNOWN)


PATHOLOGICAL = {
    "parentheses": "(" * 1000 + "1" + ")" * 1000,
    "unary chain": "not " * 10_000 + "y",
    "binary chain": "+".join(["a"] * 100_000),
    "lambda chain": "lambda: " * 10_000 + "y",
    "call chain": "f" + "()" * 10_000,
    "subscript chain": "a" + "[0]" * 10_000,
}


@pytest.mark.parametrize("expression", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_nesting_beside_newer_syntax_is_refused_not_parsed(expression):
    # Python before 3.12 stops at `type`; libcst would then take minutes or gigabytes over the expression
    with pytest.raises(SourceError, match="too (deeply|many) nested"):
        lint_source(f"import transformers\ntype Name = str\nx = {expression}\n", ALL, NEWEST_KNOWN)


def test_the_nesting_bound_reads_code_not_strings_or_comments():
    assert too_deep("x = '" + "(" * 500 + "'  # " + "[" * 500 + "\n") is None
    assert too_deep('x = """\n' + "not " * 5000 + '\n"""\n') is None
    assert too_deep("x = [" + ", ".join(["-1"] * 10_000) + "]\n") is None  # a long flat table
    assert too_deep("x = " + "(" * (MAX_BRACKETS + 1) + ")" * (MAX_BRACKETS + 1)) is not None
    assert too_deep("x = " + "+".join(["a"] * MAX_CHAIN)) is None
    assert too_deep("x = " + "+".join(["a"] * (MAX_CHAIN + 2))) is not None


def test_real_code_is_within_the_nesting_bound():
    for folder, _, names in os.walk(os.path.join(ROOT, "lint_rules")):
        for name in names:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    assert too_deep(handle.read()) is None, name


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the running Python reads PEP 695 itself")
def test_python_refuses_what_libcst_reads_here():
    # the point of the fallback: this interpreter's own parser rejects the fixture
    with pytest.raises(SyntaxError):
        compile(_text("pep695_type_parameters.py"), "pep695", "exec")
