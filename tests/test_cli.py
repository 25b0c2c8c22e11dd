"""`automodel-lint` through a real subprocess, as users and CI run it."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, front_end, run_cli

BAD = (
    "from transformers import AutoModel\n\n"
    'm = AutoModel.from_pretrained("x", use_auth_token=True, torch_dtype="auto")\n'
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "train.py").write_text(BAD)
    (tmp_path / "clean.py").write_text("from transformers import AutoModel\n\nAutoModel.from_pretrained('x')\n")
    return tmp_path


def check(project, *args):
    return run_cli("check", "--no-cache", *args, cwd=project)


def test_exit_codes_and_concise_output(project):
    result = check(project)
    assert result.returncode == 1, result.stderr
    assert "train.py:3:36: HF302 [*] `use_auth_token` was removed" in result.stdout
    assert "train.py:3:57: HF303 [*]" in result.stdout
    assert "Found 2 errors." in result.stdout
    assert check(project, "clean.py").returncode == 0
    assert check(project, "--exit-zero").returncode == 0


def test_the_installed_commands_exit_as_main_returns(project):
    """The suite calls `main(argv)` in its own process; a fresh interpreter, as the console scripts start it,
    gives the same exit codes and output (findings, clean, a usage error)."""
    for args in ((), ("clean.py",), ("--jobs", "0")):
        here, there = check(project, *args), run_cli("check", "--no-cache", *args, cwd=project, process=True)
        assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    here = run_cli("--diff", "train.py", cwd=project, module="codemods.cli")
    there = run_cli("--diff", "train.py", cwd=project, module="codemods.cli", process=True)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    assert there.returncode == 1 and "+m = AutoModel.from_pretrained" in there.stdout  # changes to make: 1


def test_selection(project):
    assert "HF303" not in check(project, "--ignore", "HF303").stdout
    only = check(project, "--select", "HF303")
    assert "HF303" in only.stdout and "HF302" not in only.stdout
    assert "HF302" in check(project, "--select", "HF303", "--extend-select", "HF30").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--select", "E501"],
        ["--target-transformers", "latest"],
        ["--target-transformers", "3.0"],
        ["--output-format", "xml"],
        ["--jobs", "0"],
        ["--jobs", "-3"],
        ["--config", "missing.toml"],
    ],
)
def test_usage_errors_exit_2(project, args):
    result = check(project, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_broken_pyproject_found_by_discovery_is_an_error(project):
    (project / "pyproject.toml").write_text('[tool.automodel-lint\nselect = ["HF3"]\n')
    result = check(project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"automodel-lint: error: {project / 'pyproject.toml'}: invalid TOML: "
        "Expected ']' at the end of a table declaration (at line 1, column 21)"
    )


def test_a_target_newer_than_the_knowledge_is_judged_as_the_newest_with_a_warning(project):
    result = check(project, "--target-transformers", "6.0", "clean.py")
    assert result.returncode == 0
    assert result.stderr.startswith("automodel-lint: warning: transformers 6.0 is newer than the newest release")


def test_the_summary_never_contradicts_the_exit_code(project):
    (project / "broken.py").write_text("import transformers\ndef f(:\n")
    alone = check(project, "broken.py")  # no line on uses checked: the file that could not be may have some
    assert alone.returncode == 2 and "All checks passed" not in alone.stdout
    assert alone.stdout == "No findings in the files checked; 1 file could not be checked.\n"
    both = check(project, "broken.py", "train.py", "nope.py")
    assert both.returncode == 2 and "Found 2 errors; 2 files could not be checked." in both.stdout


def test_a_clean_run_says_what_it_checked(project):
    """No silent all-clear: the summary counts the uses of transformers and its stack checked against the target,
    and says so when there were none to check."""
    (project / "clean.py").write_text(
        "from transformers import AutoModel\nfrom huggingface_hub import get_token\n"
        'model = AutoModel.from_pretrained("bert-base-uncased", token=get_token())\n'
    )
    (project / "plain.py").write_text("import os\nprint(os.getcwd())\n")
    (project / "old.py").write_text("from huggingface_hub import HfFolder\ntoken = HfFolder.get_token()\n")
    clean = check(project, "clean.py", "--target-transformers", "5.25")
    lines = clean.stdout.splitlines()
    assert lines[-1] == "All checks passed!" and clean.returncode == 0
    assert lines[-2].startswith("Checked 4 uses of transformers and its stack against transformers 5.25 (")
    assert lines[-2].endswith(": 0 missing or changed there.")
    plain = check(project, "plain.py").stdout.splitlines()
    assert plain[0].startswith("No use of transformers, huggingface_hub, datasets, peft or trl found")
    old = check(project, "old.py", "clean.py", "--target-transformers", "5.25").stdout
    assert "Checked 6 uses of transformers and its stack" in old and ": 1 missing or changed there." in old
    cached = check(project, "old.py", "clean.py", "--target-transformers", "5.25").stdout
    assert cached == old  # the count comes back from the cache too
    (project / "model.py").write_text(
        "from transformers import PreTrainedModel\n\n\nclass Tiny(PreTrainedModel):\n"
        '    _tied_weights_keys = ["lm_head.weight"]\n'
    )
    changed = check(project, "model.py", "--target-transformers", "5.25").stdout
    assert ": 1 missing or changed there." in changed  # what 5.x does differently counts (HF6xx)


def test_target_version_changes_findings(project):
    assert check(project, "--target-transformers", "4.30").returncode == 0
    assert "deprecated since transformers 4.31" in check(project, "--target-transformers", "4.45").stdout


def test_json_output(project):
    result = check(project, "--output-format", "json")
    records = json.loads(result.stdout)
    assert [r["code"] for r in records] == ["HF302", "HF303"]
    first = records[0]
    assert first["location"] == {"row": 3, "column": 36} and first["end_location"] == {"row": 3, "column": 50}
    assert first["filename"] == str(project / "train.py") and first["noqa_row"] == 3 and first["cell"] is None
    assert first["fix"] == {
        "applicability": "safe",
        "edits": [{"content": "token", "end_location": {"row": 3, "column": 50}, "location": {"row": 3, "column": 36}}],
        "message": "Rename `use_auth_token` to `token`",
    }
    assert first["url"].endswith("/docs/rules/HF302.md")


def test_full_output_shows_the_line(project):
    out = check(project, "--output-format", "full").stdout
    assert " --> train.py:3:36" in out and "help: Rename `use_auth_token` to `token`" in out
    assert "^^^^^^^^^^^^^^" in out


def test_full_output_shows_context_and_the_fix_as_a_diff(project):
    (project / "long.py").write_text(
        'from transformers import AutoModel\n\n\nm = AutoModel.from_pretrained(\n    "gpt2",\n'
        '    use_auth_token="x",\n)\nprint(m)\n'
    )
    out = check(project, "--output-format", "full", "long.py").stdout
    assert out.startswith("HF302 [*]")
    assert (
        ' --> long.py:6:5\n  |\n4 | m = AutoModel.from_pretrained(\n5 |     "gpt2",\n6 |     use_auth_token="x",\n'
        "  |     ^^^^^^^^^^^^^^\n7 | )\n8 | print(m)\n  |\nhelp: Rename `use_auth_token` to `token`\n"
        '   6 -     use_auth_token="x",\n   6 +     token="x",\n'
    ) in out


def test_statistics(project):
    out = check(project, "--statistics").stdout.splitlines()
    assert out == ["1\tHF302\t[*] use-auth-token", "1\tHF303\t[*] torch-dtype-argument", "Found 2 errors."]
    records = json.loads(check(project, "--statistics", "--output-format", "json").stdout)
    assert records == [
        {"code": "HF302", "name": "use-auth-token", "count": 1, "fixable": True},
        {"code": "HF303", "name": "torch-dtype-argument", "count": 1, "fixable": True},
    ]


def test_config_file_and_flags(project):
    (project / "pyproject.toml").write_text(
        '[tool.automodel-lint]\nignore = ["HF303"]\ntarget-transformers = "4.45"\n'
        '[tool.automodel-lint.per-file-ignores]\n"legacy/*" = ["HF302"]\n'
    )
    (project / "legacy").mkdir()
    (project / "legacy" / "old.py").write_text(BAD)
    out = check(project).stdout
    assert "HF303" not in out and "legacy" not in out and "deprecated since transformers 4.31" in out
    assert "removed in transformers 5.0" in check(project, "--target-transformers", "5.0").stdout
    (project / "pyproject.toml").write_text('[tool.automodel-lint]\nselecct = ["HF"]\n')
    result = check(project)
    assert result.returncode == 2 and "unknown key(s) in [tool.automodel-lint]: selecct" in result.stderr


def test_bad_files_are_reported_and_the_run_goes_on(project):
    (project / "broken.py").write_text("import transformers\ndef f(:\n")
    (project / "binary.py").write_bytes(b"import transformers\x00\n")
    (project / "latin.py").write_bytes(b"import transformers\nx = '\xe9'\n")
    result = check(project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = sorted(result.stderr.splitlines())
    assert lines[0].startswith("binary.py: error: binary file")
    assert lines[1].startswith("broken.py: error: syntax error at 2")
    assert lines[2].startswith("latin.py: error: cannot decode as utf-8")
    assert "train.py:3:36: HF302" in result.stdout
    missing = check(project, "nope.py")
    assert missing.returncode == 2 and "nope.py: error: no such file" in missing.stderr


def test_gitignore_and_skipped_directories(project):
    (project / ".gitignore").write_text("generated/\n")
    for folder in ("generated", ".venv", "build", "node_modules"):
        (project / folder).mkdir()
        (project / folder / "x.py").write_text(BAD)
    assert check(project, "--statistics").stdout.splitlines()[0].startswith("1\t")


def test_cache_is_used_and_can_be_bypassed(project):
    first = run_cli("check", cwd=project)
    cache = project / ".automodel_lint_cache"
    assert cache.is_dir() and (cache / ".gitignore").read_text().strip().endswith("*")
    [index] = cache.glob("index-*.json")
    entries = json.loads(index.read_text())
    assert len(entries) == 2  # one per file, keyed by content
    poisoned = {key: {"d": [], "u": 0} for key in entries}  # a cached run says what the cache says
    index.write_text(json.dumps(poisoned))
    assert run_cli("check", cwd=project).returncode == 0
    assert run_cli("check", "--no-cache", cwd=project).stdout == first.stdout
    (project / "train.py").write_text(BAD + "\n")  # new bytes, new key
    assert run_cli("check", cwd=project).returncode == 1


def test_parallel_run_matches_serial(project):
    for index in range(12):
        shutil.copy(project / "train.py", project / f"copy{index}.py")
    serial = check(project, "--jobs", "1", "--output-format", "json").stdout
    parallel = check(project, "--jobs", "2", "--output-format", "json").stdout
    assert json.loads(serial) == json.loads(parallel) and len(json.loads(serial)) == 26


def test_rule_explanations():
    text = run_cli("rule", "HF302").stdout
    assert text.startswith("# use-auth-token (HF302)") and "## Why is this bad?" in text and "## Fix safety" in text
    assert run_cli("rule", "HF999").returncode == 2
    listed = json.loads(run_cli("rule", "--all", "--output-format", "json").stdout)
    assert [item["code"] for item in listed] == sorted(item["code"] for item in listed)
    by_code = {item["code"]: item for item in listed}
    assert by_code["HF302"]["source_location"]["file"] == "lint_rules/rules/hf3_migration/hf302_use_auth_token.py"
    assert (
        by_code["HF101"]["source_location"]["file"]
        == "lint_rules/rules/hf1_model_task/hf101_auto_class_cannot_load_model.py"
    )


@pytest.mark.models
def test_lint_path_imports_neither_torch_nor_transformers():
    # all are installed with the test extra, so importing one by accident would show here; the fixtures use
    # huggingface_hub, datasets, peft and trl (HF322, HF323), whose own modules are not imported either
    assert importlib.util.find_spec("torch") and importlib.util.find_spec("transformers")
    assert importlib.util.find_spec("huggingface_hub") and importlib.util.find_spec("datasets")
    code = (
        "import sys\n"
        "from lint_rules.cli import main\n"
        f"main(['check', '--no-cache', {os.path.join(ROOT, 'examples')!r}, {os.path.join(ROOT, 'fixtures')!r}])\n"
        "stack = ('torch', 'transformers', 'huggingface_hub', 'datasets', 'peft', 'trl')\n"
        "leaked = [m for m in stack if m in sys.modules]\n"
        "assert not leaked, leaked\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.stdout.strip().endswith("clean"), result.stderr


def test_sarif_fixes_of_markdown_are_in_the_files_lines(project):
    load = BAD.splitlines()[-1]
    page = f"# Page\n\n```python\nfrom transformers import AutoModel\n```\n\n```python\n{load}\n```\n"
    (project / "page.md").write_text(page)
    document = json.loads(check(project, "--output-format", "sarif", "page.md").stdout)
    [result, _] = document["runs"][0]["results"]
    [replacement] = result["fixes"][0]["artifactChanges"][0]["replacements"]
    region = {"startLine": 8, "startColumn": 36, "endLine": 8, "endColumn": 50}
    assert result["locations"][0]["physicalLocation"]["region"] == replacement["deletedRegion"] == region


def test_check_fix_diff_and_show_fixes(project):
    diff = check(project, "--diff", "train.py")
    assert diff.returncode == 1 and diff.stdout.startswith("--- a/train.py\n+++ b/train.py\n")
    assert '+m = AutoModel.from_pretrained("x", token=True, dtype="auto")' in diff.stdout
    assert diff.stderr == "Would fix 2 errors.\n" and (project / "train.py").read_text() == BAD
    fixed = check(project, "--fix", "--show-fixes", "train.py")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert fixed.stdout == (
        "All checks passed!\nFixed 2 errors:\n- train.py:\n    1 x HF302 (use-auth-token)\n"
        "    1 x HF303 (torch-dtype-argument)\n"
    )
    assert "token=True" in (project / "train.py").read_text()
    assert check(project, "--diff", "train.py").stdout == ""


def test_check_diff_of_a_notebook_shows_the_cells_code(project):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# title"), nbformat.v4.new_code_cell(BAD.strip())]
    nbformat.write(notebook, str(project / "demo.ipynb"))
    diff = check(project, "--diff", "demo.ipynb")
    assert diff.stdout.startswith("--- a/demo.ipynb:cell 2\n+++ b/demo.ipynb:cell 2\n"), diff.stdout
    assert '"source"' not in diff.stdout  # the code, not the JSON


def test_stdin_quiet_output_file_and_color(project):
    env = {"NO_COLOR": "", "FORCE_COLOR": ""}
    piped = subprocess.run(
        [*front_end(), "check", "--no-cache", "-", "--stdin-filename", "app.py"],
        input=BAD, capture_output=True, text=True, cwd=project, timeout=300,
    )  # fmt: skip
    assert piped.returncode == 1 and piped.stdout.startswith("app.py:3:36: HF302")
    fixing = subprocess.run(
        [*front_end(), "check", "--no-cache", "--fix", "-", "--stdin-filename", "a.py"],
        input=BAD, capture_output=True, text=True, cwd=project, timeout=300,
    )  # fmt: skip
    assert fixing.stdout == BAD.replace("use_auth_token", "token").replace("torch_dtype", "dtype")
    assert "Fixed 2 errors." in fixing.stderr and fixing.returncode == 0
    quiet = check(project, "-q", "train.py")
    assert quiet.stdout.count("\n") == 2 and "Found" not in quiet.stdout
    written = check(project, "-o", "report.txt", "train.py")
    assert written.returncode == 1 and written.stdout == ""
    assert "Found 2 errors." in (project / "report.txt").read_text()
    nested = check(project, "-o", "reports/lint/report.txt", "train.py")  # its folders are made, as ruff does
    assert nested.returncode == 1 and "Found 2 errors." in (project / "reports" / "lint" / "report.txt").read_text()
    into_folder = check(project, "-o", "reports", "train.py")
    assert into_folder.returncode == 2 and "Traceback" not in into_folder.stderr
    assert into_folder.stderr.strip() == "automodel-lint: error: --output-file reports: cannot write it: is a directory"
    coloured = run_cli("check", "--no-cache", "--color", "always", "train.py", cwd=project, env=env)
    assert "\033[1m\033[31mHF302\033[0m" in coloured.stdout
    forced = run_cli("check", "--no-cache", "train.py", cwd=project, env={"FORCE_COLOR": "1"})
    assert "\033[31m" in forced.stdout
    assert "\033[" not in run_cli("check", "--no-cache", "train.py", cwd=project, env={"NO_COLOR": "1"}).stdout
    full = run_cli("check", "--no-cache", "--output-format", "full", "--color", "always", "train.py", cwd=project)
    assert "\033[1m\033[31mHF302\033[0m" in full.stdout and "\033[32m" in full.stdout  # the fix's added lines
    plain = run_cli("check", "--no-cache", "--output-format", "full", "train.py", cwd=project, env={"NO_COLOR": "1"})
    assert "\033[" not in plain.stdout and "HF302" in plain.stdout


def test_progress_bar_on_a_terminal_only(project):
    """Runs of 200 files and more show a bar on a terminal's stderr; never in a pipe or in CI."""
    import pty

    for number in range(210):
        (project / f"module_{number}.py").write_text("x = 1\n")
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*front_end(), "check", "--no-cache", "--jobs", "1", "."],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=follower, timeout=300,
        )  # fmt: skip
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 1
    assert b"] 212/212 files" in shown, shown[-200:]
    piped = run_cli("check", "--no-cache", "--jobs", "1", ".", cwd=project)
    assert "files" not in piped.stderr


def test_nothing_to_check_is_said(tmp_path):
    """An empty folder (or one whose files are all excluded): ruff's warning, and no "All checks passed!"."""
    (tmp_path / "empty").mkdir()
    result = run_cli("check", "--no-cache", "empty", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.strip() == "automodel-lint: warning: No Python files found under the given path(s)"
    assert run_cli("check", "--no-cache", "--output-format", "json", "empty", cwd=tmp_path).stdout.strip() == "[]"


@pytest.fixture
def monorepo(tmp_path):
    """A root configuration, a package that extends it, and one that has its own."""
    (tmp_path / "pyproject.toml").write_text('[tool.automodel-lint]\nignore = ["HF303"]\n')
    (tmp_path / "top.py").write_text(BAD)
    for name, body in (
        ("extends", 'extend = "../pyproject.toml"\nignore = ["HF302"]\ntarget-transformers = "5.0"\n'),
        ("own", 'ignore = ["HF302"]\n'),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(f"[tool.automodel-lint]\n{body}")
        (tmp_path / name / "train.py").write_text(BAD)
    return tmp_path


def _found(result) -> set[tuple[str, str]]:
    return {(d["filename"], d["code"]) for d in json.loads(result.stdout)}


def test_each_file_uses_its_nearest_configuration_whatever_the_order(monorepo):
    """pre-commit passes files in any order: `check own top.py` and `check top.py own` agree, each file judged by
    the nearest pyproject.toml (and what it extends), as ruff's hierarchical configuration does."""
    expected = {(str(monorepo / "top.py"), "HF302"), (str(monorepo / "own" / "train.py"), "HF303")}
    for order in (("extends", "top.py", "own"), ("own", "top.py", "extends"), ("top.py", "own/train.py", "extends")):
        assert _found(check(monorepo, "--output-format", "json", *order)) == expected, order
    assert _found(check(monorepo / "own", "--output-format", "json")) == {(str(monorepo / "own" / "train.py"), "HF303")}
    # `--config` applies one configuration to every file
    one = check(monorepo, "--output-format", "json", "--config", "own/pyproject.toml")
    assert {code for _, code in _found(one)} == {"HF303"}
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "HF", "--format", "%(path)s|%(code)s", "own", "top.py", "extends"],
        cwd=monorepo, capture_output=True, text=True,
    )  # fmt: skip
    assert set(flake8.stdout.split()) == {"top.py|HF302", "own/train.py|HF303"}, flake8.stderr
    diff = run_cli("--no-cache", "--diff", "extends", "top.py", "own", cwd=monorepo, module="codemods.cli")
    assert "+++ b/top.py" in diff.stdout and "+++ b/own/train.py" in diff.stdout and "extends/" not in diff.stdout


def test_show_settings_says_what_each_path_resolves_to(monorepo):
    shown = check(monorepo, "--show-settings", "top.py", "extends/train.py")
    assert shown.returncode == 0, shown.stderr
    top, extends = shown.stdout.split("Settings for extends/train.py:\n")
    assert top.startswith("Settings for top.py:\n")
    assert f"config:           {monorepo / 'pyproject.toml'}\n" in top and "HF302" in top and "HF303" not in top
    config = f"config:           {monorepo / 'extends' / 'pyproject.toml'} extends {monorepo / 'pyproject.toml'}"
    assert config in extends and "target:           transformers 5.0 (from pyproject.toml)" in extends
    rules = next(line for line in extends.splitlines() if line.strip().startswith("rules:"))
    assert "HF302" not in rules and "HF303" not in rules and "HF304" in rules


def test_a_withheld_fix_says_why(tmp_path):
    """A fix the project's pin rules out says so in the finding, rather than nothing."""
    (tmp_path / "requirements.txt").write_text("transformers>=4.30,<5\n")
    (tmp_path / "train.py").write_text(
        'from transformers import AutoModel\n\nAutoModel.from_pretrained("gpt2", torch_dtype="auto")\n'
    )
    out = check(tmp_path).stdout
    assert "use `dtype` (no fix: `dtype=` needs transformers 4.56, the project admits 4.30)" in out, out
    (tmp_path / "requirements.txt").write_text("transformers>=4.56\n")
    assert "no fix" not in check(tmp_path).stdout


def test_a_torch_pin_says_what_half_precision_on_the_cpu_does_there(tmp_path):
    """HF201 reads the project's torch pin: torch 2.1 raises on a float16 matrix product on the CPU, where later ones
    are slow; the pin shows in what the run checked against."""
    (tmp_path / "requirements.txt").write_text("transformers==5.23.0\ntorch==2.1.0\n")
    (tmp_path / "infer.py").write_text(
        "import torch\nfrom transformers import AutoModelForCausalLM\n\n"
        'model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)\nmodel.generate(**inputs)\n'
    )
    found = run_cli("check", "--no-cache", "--select", "HF201", "infer.py", cwd=tmp_path).stdout
    assert "torch 2.1 (the project's requirements.txt) has no float16 matrix product on the CPU" in found
    assert ", torch 2.1):" in found  # the checked line names the pinned torch
    (tmp_path / "requirements.txt").write_text("transformers==5.23.0\ntorch==2.13.0\n")
    assert (
        "4-60x slower than float32"
        in run_cli("check", "--no-cache", "--select", "HF201", "infer.py", cwd=tmp_path).stdout
    )
