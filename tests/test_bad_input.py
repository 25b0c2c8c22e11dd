"""Bad input: one clear line naming the file and the reason, no traceback, the run goes on, exit 2,
and the codemod leaves the file byte-identical. Nothing is lost when a run dies or two run at once."""

import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from conftest import ROOT, front_end, run_cli
from lint_rules.runner import lint_file
from lint_rules.settings import resolve

GOOD = b'from transformers import AutoModel\nAutoModel.from_pretrained("x", use_auth_token=True)\n'
NOTEBOOK_META = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5}

CASES = {
    "syntax error": ("bad.py", b"import transformers\ndef f(:\n", "syntax error at 2"),
    "invalid utf-8": ("bad.py", b"import transformers\nx = '\xff\xfe'\n", "cannot decode as utf-8"),
    "wrong coding cookie": (
        "bad.py",
        "# -*- coding: ascii -*-\nimport transformers\nx = 'é'\n".encode(),
        "cannot decode as ascii",
    ),
    "unknown coding cookie": ("bad.py", b"# coding: klingon\nimport transformers\n", "bad encoding declaration"),
    "NUL bytes": ("bad.py", b"import transformers\x00\x01\x02", "binary file"),
    "deep nesting": (
        "bad.py",
        b"import transformers\nx = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n",
        "too many nested parentheses",
    ),
    "deep chain": ("bad.py", b"import transformers\nx = " + b"+".join([b"a"] * 100_000) + b"\n", "too deeply nested"),
    "notebook, invalid JSON": ("bad.ipynb", b'{"cells": [', "not a valid notebook (invalid JSON"),
    "notebook, no cells": ("bad.ipynb", json.dumps(NOTEBOOK_META).encode(), "not a valid notebook (no cells)"),
}


def _run_both(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.py").write_bytes(GOOD)
    check = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    fix = run_cli("--no-cache", "--unsafe-fixes", ".", cwd=tmp_path, module="codemods.cli")
    return check, fix


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_bad_file(tmp_path, case):
    name, data, reason = CASES[case]
    check, fix = _run_both(tmp_path, name, data)
    for result in (check, fix):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if ": error:" in line]
        assert len(errors) == 1 and errors[0].startswith(f"{name}: error: ") and reason in errors[0], result.stderr
    assert "good.py:2:" in check.stdout  # the run went on
    assert b"token=True" in (tmp_path / "good.py").read_bytes()
    assert (tmp_path / name).read_bytes() == data  # left byte-identical


def test_empty_and_non_python_inputs_are_fine(tmp_path):
    (tmp_path / "empty.py").write_bytes(b"")
    cells = [{"cell_type": "code", "source": "x <- 1", "metadata": {}, "outputs": []}]
    metadata = {"kernelspec": {"language": "R", "name": "ir"}}
    notebook = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "r.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "blank.md").write_text("")
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_a_100k_line_file(tmp_path):
    data = (
        b"import transformers\n"
        + b"x = 1\n" * 100_000
        + b'transformers.AutoModel.from_pretrained("x", use_auth_token=True)\n'
    )
    (tmp_path / "big.py").write_bytes(data)
    began = time.monotonic()
    result = run_cli("check", "--no-cache", "--output-format", "json", "big.py", cwd=tmp_path)
    assert result.returncode == 1 and json.loads(result.stdout)[0]["location"]["row"] == 100_002
    assert time.monotonic() - began < 120


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda p: os.symlink("loop.py", p / "loop.py"), "loop.py: error: too many levels of symbolic links"),
        (lambda p: (p / "pkg.py").mkdir(), "pkg.py: error: is a directory"),
        (lambda p: None, "missing.py: error: no such file"),
    ],
    ids=["symlink loop", "directory named x.py", "missing path"],
)
def test_paths_that_are_not_files(tmp_path, setup, reason):
    setup(tmp_path)
    name = reason.split(":")[0]
    result = run_cli("check", "--no-cache", name, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip() == reason
    if name == "loop.py":  # found by a directory walk too
        walked = run_cli("check", "--no-cache", ".", cwd=tmp_path)
        assert walked.returncode == 2 and reason in walked.stderr


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.py"
    path.write_bytes(GOOD)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)
    result = lint_file(str(path), resolve(str(tmp_path)))
    assert result.error == "permission denied" and result.diagnostics == []


def _tree(tmp_path, name):
    tree = tmp_path / name
    shutil.copytree(os.path.join(ROOT, "fixtures"), tree / "fixtures")
    for index in range(30):  # enough work for a run to be caught mid-way
        shutil.copytree(os.path.join(ROOT, "fixtures", "HF302"), tree / f"copy{index}")
    return tree


def _files(tree):
    return {
        os.path.relpath(os.path.join(folder, name), tree): open(os.path.join(folder, name), "rb").read()
        for folder, _, names in os.walk(tree)
        for name in names
    }


def _codemod(tree):
    command = [*front_end("codemods.cli"), "--no-cache", "--unsafe-fixes", "--jobs", "1", "."]
    return subprocess.Popen(command, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def trees(tmp_path):
    original = _tree(tmp_path, "original")
    expected = _tree(tmp_path, "expected")
    assert _codemod(expected).wait(timeout=600) == 1
    return _files(original), _files(expected)


def _only_whole_files(tree, original, expected):
    for name, data in _files(tree).items():
        if name.endswith(".tmp"):
            continue  # a killed run's temporary file: the originals beside it are whole
        assert data in (original[name], expected[name]), f"{name} is neither original nor fully fixed"


def test_a_killed_codemod_leaves_whole_files(tmp_path, trees):
    original, expected = trees
    tree = _tree(tmp_path, "killed")
    process = _codemod(tree)
    time.sleep(2.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    _only_whole_files(tree, original, expected)


def test_two_codemods_at_once(tmp_path, trees):
    original, expected = trees
    tree = _tree(tmp_path, "twice")
    first, second = _codemod(tree), _codemod(tree)
    assert first.wait(timeout=600) in (0, 1, 2) and second.wait(timeout=600) in (0, 1, 2)
    _only_whole_files(tree, original, expected)
    again = _codemod(tree)
    again.wait(timeout=600)
    assert _files(tree) == {name: data for name, data in expected.items()}
