"""fixtures/<CODE>[/target-X.Y]/{bad,fixed,good}.py, collected by themselves.

bad.py marks each line that must be flagged with ``# expect: CODE``; fixed.py is bad.py with every
fix applied (unsafe ones too), the same text when the rule offers none; good.py must stay silent.
Other folders (such as models/ with a local config.json) are data the fixtures read.
"""

import os
import re

import libcst as cst
import pytest

from conftest import ROOT
from lint_rules.engine import lint_source
from lint_rules.fixer import fix_source
from lint_rules.registry import all_rules
from lint_rules.versions import NEWEST_KNOWN, Version

FIXTURES = os.path.join(ROOT, "fixtures")
_EXPECT = re.compile(r"# expect: ((?:HF\d{3}\s*)+)")


def _cases():
    for code in sorted(os.listdir(FIXTURES)):
        base = os.path.join(FIXTURES, code)
        folders = [base] + [os.path.join(base, d) for d in sorted(os.listdir(base)) if d.startswith("target-")]
        for folder in folders:
            files = os.listdir(folder)
            sub = os.path.relpath(folder, base)
            target = NEWEST_KNOWN if sub == "." else Version.parse(sub.removeprefix("target-"))
            if any(name in files for name in ("bad.py", "good.py")):
                yield pytest.param(code, folder, target, id=f"{code}" + ("" if sub == "." else f"@{target}"))


CASES = list(_cases())


def _read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def expected_lines(text, code):
    found = set()
    for row, line in enumerate(text.splitlines(), 1):
        match = _EXPECT.search(line)
        if match and code in match.group(1).split():
            found.add(row)
    return found


@pytest.mark.parametrize(("code", "folder", "target"), CASES)
def test_fixture(code, folder, target):
    codes = frozenset({code})
    bad, fixed, good = (_read(folder, name) for name in ("bad.py", "fixed.py", "good.py"))
    for text in (bad, fixed, good):
        if text is not None:
            cst.parse_module(text)
    if bad is not None:
        path = os.path.join(folder, "bad.py")  # ids may name folders beside the fixture
        flagged = {d.start.row for d in lint_source(bad, codes, target, path)}
        assert flagged == expected_lines(bad, code)
        assert fixed is not None, "a bad.py needs its fixed.py"
        result = fix_source(bad, codes, target, unsafe=True, filename=path)
        assert result.text == fixed
        again = fix_source(fixed, codes, target, unsafe=True, filename=path)
        assert again.text == fixed and not again.applied, "fixing is not idempotent"
    if good is not None:
        assert lint_source(good, codes, target, os.path.join(folder, "good.py")) == []


def test_every_rule_has_fixtures():
    """A bad.py for the newest release, or, for a rule that reports only on older ones (HF602), for one of those;
    and a good.py for the newest."""
    for rule in all_rules():
        folder = os.path.join(FIXTURES, rule.code)
        older = [os.path.join(folder, d, "bad.py") for d in os.listdir(folder) if d.startswith("target-")]
        assert os.path.isfile(os.path.join(folder, "bad.py")) or any(map(os.path.isfile, older)), rule.code
        assert os.path.isfile(os.path.join(folder, "good.py")), rule.code
