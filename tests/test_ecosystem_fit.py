"""Parity with the tools we sit beside: flake8 reports what the CLI reports; ruff's JSON shapes."""

import ast
import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT, run_cli
from lint_rules.docs import README, readme_with_table


def _tree(tmp_path):
    """A copy of every fixture and example, in a folder with no flake8 or ruff configuration."""
    shutil.copytree(os.path.join(ROOT, "fixtures"), tmp_path / "fixtures")
    shutil.copytree(os.path.join(ROOT, "examples"), tmp_path / "examples")
    return tmp_path


def _python_reads(path: str) -> bool:
    with open(path, encoding="utf-8") as handle:
        try:
            compile(handle.read(), path, "exec", flags=ast.PyCF_ONLY_AST)
        except SyntaxError:
            return False
    return True


def test_flake8_reports_exactly_what_check_reports(tmp_path):
    tree = _tree(tmp_path)
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "HF", "--format", "%(path)s|%(row)d|%(code)s", "."],
        cwd=tree, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert flake8.returncode == 1, flake8.stderr
    from_flake8 = {tuple(line.split("|")) for line in flake8.stdout.splitlines()}
    from_flake8 = {(os.path.normpath(path), int(row), code) for path, row, code in from_flake8}
    check = run_cli("check", "--no-cache", "--output-format", "json", ".", cwd=tree)
    from_cli = {  # flake8 reads .py files only, in the running Python's syntax; the CLI reads every syntax,
        # and notebooks and Markdown
        (os.path.relpath(r["filename"], tree), r["location"]["row"], r["code"])
        for r in json.loads(check.stdout)
        if r["filename"].endswith(".py") and _python_reads(r["filename"])
    }
    assert from_cli and from_flake8 == from_cli
    assert {"HF101", "HF302", "HF303", "HF305"} <= {code for _, _, code in from_cli}


def test_rule_metadata_has_ruffs_keys():
    ours = json.loads(run_cli("rule", "--all", "--output-format", "json").stdout)
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "rule", "--all", "--output-format", "json"], capture_output=True, text=True
    )
    theirs = json.loads(ruff.stdout)
    assert {tuple(sorted(item)) for item in ours} == {tuple(sorted(theirs[0]))}
    assert {type(value).__name__ for value in ours[0].values()} >= {"str", "list", "bool", "dict"}


def test_diagnostic_json_has_ruffs_keys(tmp_path):
    (tmp_path / "a.py").write_text(
        'import os\nfrom transformers import AutoModel\n\nAutoModel.from_pretrained("x", use_auth_token=True)\n'
    )
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "F401",
         "--output-format", "json", "a.py"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    [theirs] = json.loads(ruff.stdout)
    [ours] = json.loads(run_cli("check", "--no-cache", "--output-format", "json", "a.py", cwd=tmp_path).stdout)
    assert set(ours) == set(theirs)
    assert set(ours["fix"]) == set(theirs["fix"]) and set(ours["fix"]["edits"][0]) == set(theirs["fix"]["edits"][0])


def test_readme_rule_table_is_current():
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    assert readme_with_table(text) == text, "run `python -m lint_rules.docs`"


def test_readme_has_exactly_two_setup_commands():
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in setup.splitlines() if line.startswith("pip install")]
    assert commands == [
        "pip install -e . && automodel-lint check examples/ --exit-zero",
        "pip install torch==2.13.0 -e '.[test]' && python -m pytest",
    ]
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as handle:
        assert commands[1] in handle.read()
