"""Property tests: checking never raises, every fix parses, fixing is idempotent.

A bounded run in CI; a longer one with `AUTOMODEL_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`.
"""

import os
import random
import warnings

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lint_rules.engine import lint_source
from lint_rules.fixer import FixError, fix_source
from lint_rules.selection import select_codes
from lint_rules.sources import SourceError
from lint_rules.versions import NEWEST_KNOWN, Version

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
EXAMPLES = int(os.environ.get("AUTOMODEL_FUZZ_EXAMPLES", "60"))
CODES = select_codes(["ALL"])
TARGETS = st.sampled_from([NEWEST_KNOWN, Version(4, 57), Version(4, 40)])
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize="CI" in os.environ
)
SLOW = settings(FUZZ, max_examples=max(5, EXAMPLES // 6))  # hypothesmith's syntax trees take seconds each
MANY = settings(FUZZ, max_examples=EXAMPLES * 3)  # mutations are cheap


def _fixtures() -> list[str]:
    texts = []
    for folder, _, names in sorted(os.walk(os.path.join(ROOT, "fixtures"))):
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    texts.append(handle.read())
    return texts


FIXTURES = _fixtures()
PREFIX = (
    "from transformers import AutoModel, AutoModelForCausalLM, pipeline, TrainingArguments\nimport transformers as tr\n"
)


def _compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # generated code trips SyntaxWarnings; only errors matter
            compile(text, "<original>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_properties(text: str, target: Version) -> None:
    try:
        lint_source(text, CODES, target)
    except SourceError:
        return  # refused with a message: the one allowed outcome besides diagnostics
    try:
        fixed = fix_source(text, CODES, target, unsafe=True).text
    except FixError:
        return  # a fix that would not parse or settle is refused, and the text kept
    if fixed != text:  # whatever a fix produces parses, for libcst and, where it read the original, for Python
        cst.parse_module(fixed)
        if _compiles(text):  # and a fix never brings in what the compiler rejects (a repeated keyword)
            assert _compiles(fixed), "the fix made code the compiler rejects"
    assert fix_source(fixed, CODES, target, unsafe=True).text == fixed, "fixing is not idempotent"


@FUZZ
@given(source=hypothesmith.from_grammar(), target=TARGETS)
def test_generated_programs(source, target):
    check_properties(PREFIX + source, target)


@SLOW
@given(source=hypothesmith.from_node(), target=TARGETS)
def test_generated_syntax_trees(source, target):
    check_properties(PREFIX + source, target)


@st.composite
def mutated_fixture(draw):
    """A fixture with lines dropped, duplicated, swapped or cut, and characters inserted."""
    lines = draw(st.sampled_from(FIXTURES)).splitlines(keepends=True)
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        index = rng.randrange(len(lines))
        operation = rng.choice(("drop", "duplicate", "swap", "cut", "insert"))
        if operation == "drop":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "cut":
            lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
        else:
            position = rng.randrange(len(lines[index]) + 1)
            lines[index] = (
                lines[index][:position]
                + rng.choice(["(", ")", ",", ":", " ", "\n", "=", "'", "#", "x"])
                + lines[index][position:]
            )
    return "".join(lines)


@MANY
@given(source=mutated_fixture(), target=TARGETS)
def test_mutated_fixtures(source, target):
    check_properties(source, target)


def test_every_fixture_unmutated():
    for text in FIXTURES:
        check_properties(text, NEWEST_KNOWN)
