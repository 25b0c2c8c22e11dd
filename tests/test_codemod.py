"""`automodel-codemod` on copies of fixture trees: nothing lost, nothing half-written, forms kept."""

import hashlib
import json
import os
import re
import shutil
import stat

import nbformat
import pytest

from conftest import ROOT, run_cli
from lint_rules.sources import SourceError, write_source

CODEMOD = "codemods.cli"


def codemod(*args, cwd):
    return run_cli("--no-cache", *args, cwd=cwd, module=CODEMOD)


def snapshot(tree):
    return {
        os.path.relpath(os.path.join(folder, name), tree): hashlib.sha256(
            open(os.path.join(folder, name), "rb").read()
        ).hexdigest()
        for folder, _, names in os.walk(tree)
        for name in names
    }


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(os.path.join(ROOT, "fixtures"), tmp_path / "fixtures")
    shutil.copytree(os.path.join(ROOT, "examples"), tmp_path / "examples")
    return tmp_path


def test_check_and_diff_leave_every_byte(tree):
    before = snapshot(tree)
    check = codemod("--check", ".", cwd=tree)
    assert check.returncode == 1 and "Would fix" in check.stdout
    diff = codemod("--diff", "--unsafe-fixes", ".", cwd=tree)
    assert diff.returncode == 1 and "+++ b/examples/finetune_opt.py" in diff.stdout
    assert snapshot(tree) == before


def test_fixing_reaches_a_fixed_point(tree):
    first = codemod("--unsafe-fixes", ".", cwd=tree)
    assert first.returncode == 1, first.stderr
    assert "Fixed" in first.stdout and "HF302" in first.stdout
    after = snapshot(tree)
    second = codemod("--unsafe-fixes", ".", cwd=tree)
    assert second.returncode == 0 and "No fixes to apply." in second.stdout
    assert snapshot(tree) == after


def test_safe_fixes_only_by_default(tmp_path):
    (tmp_path / "a.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("x", token=T, use_auth_token=T)\n'
    )
    result = codemod(".", cwd=tmp_path)
    assert result.returncode == 0 and "1 more fixable with `--unsafe-fixes`: HF302 x1." in result.stdout
    assert codemod("--unsafe-fixes", ".", cwd=tmp_path).returncode == 1
    assert "use_auth_token" not in (tmp_path / "a.py").read_text()


LOAD = 'from transformers import AutoModel\r\nm = AutoModel.from_pretrained("x", use_auth_token=True)\r\n'


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("crlf.py", LOAD.encode(), LOAD.replace("use_auth_token", "token").encode()),
        (
            "latin.py",
            ("# -*- coding: latin-1 -*-\n# café\n" + LOAD.replace("\r\n", "\n")).encode("latin-1"),
            (
                "# -*- coding: latin-1 -*-\n# café\n" + LOAD.replace("\r\n", "\n").replace("use_auth_token", "token")
            ).encode("latin-1"),
        ),
        ("bom.py", b"\xef\xbb\xbf" + LOAD.encode(), b"\xef\xbb\xbf" + LOAD.replace("use_auth_token", "token").encode()),
    ],
)
def test_encodings_and_newlines_are_kept(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    os.chmod(path, 0o640)
    assert codemod(name, cwd=tmp_path).returncode == 1
    assert path.read_bytes() == expected
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_notebook_is_fixed_cell_by_cell(tmp_path):
    source = os.path.join(ROOT, "fixtures", "_documents", "finetune.ipynb")
    path = tmp_path / "finetune.ipynb"
    shutil.copy(source, path)
    check = run_cli("check", "--no-cache", "--output-format", "json", "finetune.ipynb", cwd=tmp_path)
    found = {(r["code"], r["cell"], r["location"]["row"]) for r in json.loads(check.stdout)}
    assert found == {("HF302", 4, 2), ("HF101", 4, 3)}  # cell 4 sees cell 2's MODEL
    assert "cell 3: skipped, it does not parse" in check.stderr
    result = codemod("--unsafe-fixes", "finetune.ipynb", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    original, fixed = json.loads(open(source).read()), json.loads(path.read_text())
    nbformat.validate(nbformat.reads(path.read_text(), as_version=4))
    assert [c["id"] for c in fixed["cells"]] == [c["id"] for c in original["cells"]]
    assert [list(c) for c in fixed["cells"]] == [list(c) for c in original["cells"]]  # key order kept
    assert [c.get("outputs") for c in fixed["cells"]] == [c.get("outputs") for c in original["cells"]]
    assert fixed["cells"][1]["source"] == original["cells"][1]["source"]  # magics untouched
    assert fixed["cells"][2]["source"] == original["cells"][2]["source"]  # the broken cell untouched
    assert fixed["cells"][4]["source"] == original["cells"][4]["source"]  # a %%bash cell untouched
    assert fixed["cells"][3]["source"] == [
        "from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n",
        "tokenizer = AutoTokenizer.from_pretrained(MODEL, token=TOKEN)\n",
        "model = AutoModelForSeq2SeqLM.from_pretrained(MODEL)\n",
        "model?\n",
        "files = !ls\n",
        "'ok'",
    ]
    assert path.read_text().startswith('{\n "cells": [\n  {\n   "cell_type": "markdown"')  # indentation kept


def test_markdown_is_fixed_block_by_block(tmp_path):
    source = os.path.join(ROOT, "fixtures", "_documents", "tour.md")
    path = tmp_path / "tour.md"
    shutil.copy(source, path)
    assert codemod("--unsafe-fixes", "tour.md", cwd=tmp_path).returncode == 1
    before, after = open(source).read().splitlines(), path.read_text().splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        (
            'model = AutoModel.from_pretrained("org/private", use_auth_token=True)',
            'model = AutoModel.from_pretrained("org/private", token=True)',
        ),
        (
            'args = TrainingArguments("out", evaluation_strategy="epoch")',
            'args = TrainingArguments("out", eval_strategy="epoch")',
        ),
        (
            'lm = AutoModelForCausalLM.from_pretrained(model_name, torch_dtype="auto")',
            'lm = AutoModelForCausalLM.from_pretrained(model_name, dtype="auto")',
        ),
        (
            '   pipe = pipeline("text-generation", model="gpt2", framework="pt")',
            '   pipe = pipeline("text-generation", model="gpt2")',
        ),
    ]
    assert codemod("--no-markdown", ".", cwd=tmp_path).stdout.strip() == "No fixes to apply."


def test_exit_codes_and_errors(tmp_path):
    assert codemod(".", cwd=tmp_path).returncode == 0
    (tmp_path / "broken.py").write_text("import transformers\ndef f(:\n")
    (tmp_path / "ok.py").write_text(LOAD)
    result = codemod(".", cwd=tmp_path)
    assert result.returncode == 2 and "broken.py: error: syntax error" in result.stderr
    assert "token=True" in (tmp_path / "ok.py").read_text()  # the run went on
    assert (tmp_path / "broken.py").read_text() == "import transformers\ndef f(:\n"


def test_read_only_files_are_reported_not_written(tmp_path):
    path = tmp_path / "locked.py"
    path.write_bytes(LOAD.encode())
    os.chmod(path, 0o444)
    result = codemod(".", cwd=tmp_path)
    assert result.returncode == 2 and "read-only" in result.stderr
    assert path.read_bytes() == LOAD.encode()


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    before = os.stat(path)
    path.write_text("x = 22\n")
    with pytest.raises(SourceError, match="changed on disk"):
        write_source(str(path), b"y = 1\n", before)
    assert path.read_text() == "x = 22\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]  # no temporary file left behind


DROPPED = """from transformers import AutoModel, pipeline


def load(TOKEN):
    model = AutoModel.from_pretrained(
        "id",
        token=TOKEN,
        use_auth_token=True,
    )
    model = AutoModel.from_pretrained(
        "id",
        token=TOKEN,  # the token
        use_auth_token=True
    )
    if model:
        return pipeline(
            framework="pt",
        )
    return pipeline("t", model=model, framework="pt")
"""


def test_dropping_the_last_argument_keeps_the_calls_layout(tmp_path):
    """With and without a trailing comma, in a nested block: the `)` stays where it was, nothing is left
    at the end of a line, and the other arguments keep the block's indentation."""
    (tmp_path / "a.py").write_text(DROPPED)
    assert codemod("--unsafe-fixes", "a.py", cwd=tmp_path).returncode == 1
    assert (tmp_path / "a.py").read_text() == (
        DROPPED.replace("        use_auth_token=True,\n", "")
        .replace("TOKEN,  # the token\n        use_auth_token=True\n", "TOKEN  # the token\n")
        .replace('pipeline(\n            framework="pt",\n        )', "pipeline()")
        .replace(', framework="pt")', ")")
    )


def test_usage_and_file_errors_are_one_line_and_exit_2(tmp_path):
    (tmp_path / "train.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("x", use_auth_token=1)\n'
    )
    missing_config = codemod("--config", "missing.toml", ".", cwd=tmp_path)
    assert missing_config.returncode == 2 and "Traceback" not in missing_config.stderr
    assert missing_config.stderr.startswith("automodel-codemod: error: missing.toml: cannot read it")
    missing_path = codemod("nope.py", cwd=tmp_path)
    assert missing_path.returncode == 2 and missing_path.stderr == "nope.py: error: no such file\n"
    os.chmod(tmp_path / "train.py", 0o444)
    try:
        read_only = codemod("train.py", cwd=tmp_path)
    finally:
        os.chmod(tmp_path / "train.py", 0o644)
    if os.access(tmp_path / "train.py", os.W_OK) and read_only.returncode != 2:
        pytest.skip("running as a user who may write read-only files")
    assert read_only.returncode == 2 and "read-only; left unchanged" in read_only.stderr
    assert read_only.stdout == "No fixes applied; 1 file could not be fixed (see the errors above).\n"
    (tmp_path / "broken.py").write_text("from transformers import AutoModel\nx = (\n")
    mixed = codemod("train.py", "broken.py", "--diff", cwd=tmp_path)  # one fixed, one that cannot be: both said
    assert mixed.returncode == 2 and mixed.stderr.count("broken.py: error: syntax error") == 1
    assert "Would fix 1 error in 1 file: HF302 x1; 1 file could not be fixed (see the errors above)." in mixed.stderr
    fixed = codemod("train.py", cwd=tmp_path)
    assert fixed.returncode == 1 and fixed.stdout.startswith("Fixed 1 error in 1 file: HF302 x1.")


def test_the_summary_names_each_file_that_will_still_fail(tmp_path):
    """No silent success: a file left with a line the target refuses is named, with the reason."""
    (tmp_path / "push.py").write_text(
        'from huggingface_hub import Repository\n\nrepo = Repository("out", clone_from="acme/model")\n'
    )
    (tmp_path / "fine.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("x", use_auth_token=1)\n'
    )
    result = codemod("--target-transformers", "5.25", ".", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert "1 file will still fail at the target:" in lines, result.stdout
    failing = lines[lines.index("1 file will still fail at the target:") + 1 :]
    assert len(failing) == 1 and failing[0].startswith("  push.py:1:29: HF322 `huggingface_hub.Repository`")
    assert "(ImportError)" in failing[0]


def test_the_count_is_of_findings_resolved_not_of_edits(tmp_path):
    """One fix (both flags into `aggregation_strategy=`) resolves two findings: two errors fixed, as ruff counts."""
    (tmp_path / "ner.py").write_text(
        "from transformers import pipeline\n\n"
        'ner = pipeline("token-classification", model="m", grouped_entities=True, ignore_subwords=True)\n'
    )
    fixed = codemod("--select", "HF315", "--target-transformers", "5.0", ".", cwd=tmp_path)
    assert fixed.stdout.startswith("Fixed 2 errors in 1 file: HF315 x2."), fixed.stdout
    assert 'aggregation_strategy="first"' in (tmp_path / "ner.py").read_text()


def test_the_smoke_table_fits_100_columns_and_names_an_unresolved_model():
    """Each site on one line, what the fix changed and each failure's reason below it, cut to 100 columns with the
    cut said; a model that could not be resolved is named as the code gives it."""
    from codemods.smoke import Row, table

    reason = "ValueError: Unrecognized configuration class <class 'T5Config'> for this kind of AutoModel: " * 3
    rows = [
        Row(
            "services/inference/very/deep/package/path/serving_app.py:412", "HF101", "google/flan-t5-base", "t5",
            source="tiny-random", device="cpu", dtype="float32", before=reason, after="ok", ms_before=None,
            ms_after=95.04, class_before="AutoModelForCausalLM",
            class_after="AutoModelForSeq2SeqLM (T5ForConditionalGeneration)",
        ),
        Row("app.py:9", "HF201", None, None, skipped="no model to load offline", written="args.model_name"),
    ]  # fmt: skip
    text = table(rows)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100, text
    cells = re.split(r"\s{2,}", lines[1])
    assert cells[0].startswith("…") and cells[0].endswith("serving_app.py:412")
    assert cells[1:] == ["HF101", "google/flan-t5-base (t5)", "ValueError -> ok", "- -> 95.0"]
    assert "class AutoModelForCausalLM -> AutoModelForSeq2SeqLM (T5ForConditionalGeneration)" in lines[2]
    assert lines[3] == "    dtype float32; model from tiny-random"
    assert lines[4].startswith("    before: ValueError: Unrecognized") and lines[4].endswith("…")
    assert "args.model_name (unresolved)" in text and "skipped: no model to load offline" in text
    assert lines[-1] == "(cut to 100 columns: `--smoke-report FILE` keeps every text whole)"
