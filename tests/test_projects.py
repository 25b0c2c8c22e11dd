"""Multi-module projects, `fixtures/projects/<name>/`: what a call depends on lives in another module.

Each line marked `# expect: HFxxx` is reported with that rule, and no other line of the project with a rule the
project's marks name; `--unsafe-fixes` turns `src/` into `fixed/`; the cache follows the modules a result read.
"""

import os
import re
import shutil

import pytest

from conftest import ROOT
from lint_rules.files import discover
from lint_rules.runner import LINT, FixJob, run
from lint_rules.settings import Resolver

PROJECTS = os.path.join(ROOT, "fixtures", "projects")
NAMES = sorted(os.listdir(PROJECTS))
_EXPECT = re.compile(r"# expect: ((?:HF\d{3}\s*)+)")


def _copy(name, tmp_path):
    shutil.copytree(os.path.join(PROJECTS, name), tmp_path / name)
    return tmp_path / name


def _marks(src) -> set[tuple[str, int, str]]:
    marks = set()
    for path in discover([str(src)]):
        with open(path, encoding="utf-8") as handle:
            for row, line in enumerate(handle, 1):
                match = _EXPECT.search(line)
                for code in match.group(1).split() if match else ():
                    marks.add((os.path.relpath(path, src), row, code))
    return marks


def _found(src, cached=False) -> set[tuple[str, int, str]]:
    paths = list(discover([str(src)], Resolver()))
    results = run(paths, Resolver(), LINT, cached=cached, jobs=1)
    assert not [r.error for r in results if r.error]
    return {(os.path.relpath(d.filename, src), d.start.row, d.code) for r in results for d in r.diagnostics}


@pytest.mark.parametrize("name", NAMES)
def test_each_mark_is_reported_and_nothing_else(name, tmp_path):
    src = _copy(name, tmp_path) / "src"
    marks = _marks(src)
    codes = {code for _, _, code in marks}
    assert {(path, row, code) for path, row, code in _found(src) if code in codes} == marks


@pytest.mark.parametrize("name", NAMES)
def test_fixing_gives_the_fixed_tree(name, tmp_path):
    project = _copy(name, tmp_path)
    paths = list(discover([str(project / "src")], Resolver()))
    run(paths, Resolver(), FixJob(unsafe=True), cached=False, jobs=1)
    assert os.path.isdir(project / "fixed")
    for folder, _, files in os.walk(project / "fixed"):
        for file in files:
            expected = os.path.join(folder, file)
            relative = os.path.relpath(expected, project / "fixed")
            with open(expected, encoding="utf-8") as want, open(project / "src" / relative, encoding="utf-8") as got:
                assert got.read() == want.read(), relative


def test_a_cached_result_follows_the_modules_it_read(tmp_path):
    """main.py's findings depend on config.py: changing the constant there changes them, through the cache."""
    src = _copy("trainer_app", tmp_path) / "src"
    config = src / "app" / "config.py"
    before = {(p, r, c) for p, r, c in _found(src, cached=True) if c == "HF101"}
    assert ("app/main.py", 14, "HF101") in before
    config.write_text(config.read_text().replace('MODEL_NAME = "t5-small"', 'MODEL_NAME = "gpt2"'))
    after = {(p, r, c) for p, r, c in _found(src, cached=True) if c == "HF101"}
    assert ("app/main.py", 14, "HF101") not in after and ("app/main.py", 15, "HF101") not in after


def test_a_fix_in_another_module_is_shown_and_applied_there(tmp_path):
    """`**LOAD_KWARGS` in main.py, the dict in config.py: the fix renames the key where the dict lives; `--diff`
    shows both files and writes nothing; the finding comes back from the cache with its edit of config.py."""
    from conftest import run_cli

    project = _copy("trainer_app", tmp_path)
    diff = run_cli("--no-cache", "--unsafe-fixes", "--diff", "src", cwd=project, module="codemods.cli")
    assert "+++ b/src/app/config.py" in diff.stdout and "+++ b/src/app/main.py" in diff.stdout
    assert '+LOAD_KWARGS = {"token": True, "revision": "main"}' in diff.stdout
    assert "use_auth_token" in (project / "src" / "app" / "config.py").read_text()
    paths = list(discover([str(project / "src")], Resolver()))
    for _ in range(2):  # the second answer comes from the cache
        results = run(paths, Resolver(), LINT, cached=True, jobs=1)
        [hf302] = [d for r in results for d in r.diagnostics if d.code == "HF302" and d.start.row == 17]
        assert [edit.path for edit in hf302.fix.edits] == [str(project / "src" / "app" / "config.py")]


def test_a_cached_result_notices_a_module_that_appears(tmp_path):
    """A name imported from a module of the project that is not there yet: when the module appears, the cached
    result is not reused."""
    src = _copy("trainer_app", tmp_path) / "src"
    (src / "app" / "late.py").write_text(
        "from transformers import TrainingArguments\n\nfrom app.later import LateTrainer\n\n"
        "LateTrainer(model=None, args=TrainingArguments('out'), tokenizer=None)\n"
    )
    assert not {(p, c) for p, _, c in _found(src, cached=True) if p == "app/late.py"}
    later = "from transformers import Trainer\n\n\nclass LateTrainer(Trainer):\n    pass\n"
    (src / "app" / "later.py").write_text(later)
    assert ("app/late.py", "HF308") in {(p, c) for p, _, c in _found(src, cached=True)}


def test_reports_name_the_file_an_edit_belongs_to(tmp_path):
    """JSON gives an edit of another file its `filename`; SARIF an artifact change per file."""
    import json

    from conftest import run_cli

    project = _copy("trainer_app", tmp_path)
    found = json.loads(run_cli("check", "--no-cache", "--output-format", "json", "src", cwd=project).stdout)
    [hf302] = [d for d in found if d["code"] == "HF302" and d["location"]["row"] == 17]
    assert hf302["fix"]["edits"][0]["filename"] == str(project / "src" / "app" / "config.py")
    sarif = json.loads(run_cli("check", "--no-cache", "--output-format", "sarif", "src", cwd=project).stdout)
    [result] = [
        r
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "HF302" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 17
    ]
    [change] = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"].endswith("app/config.py")


def test_a_file_reached_only_through_the_project_is_checked_and_cached_with_it(tmp_path):
    """run.py imports nothing of transformers: it is checked because `LLMTrainer`, imported from the project,
    derives from `Trainer`; when the project's class stops deriving from it, the cached findings go, and come back
    when it derives again."""
    src = _copy("trainer_app", tmp_path) / "src"
    trainer = src / "app" / "train" / "trainer.py"
    original = trainer.read_text()

    def run_py():
        return {(r, c) for p, r, c in _found(src, cached=True) if p == "app/run.py"}

    assert run_py() == {(9, "HF310"), (10, "HF309"), (11, "HF308")}
    trainer.write_text(original.replace("class LLMTrainer(Trainer):", "class LLMTrainer:"))
    assert (11, "HF308") not in run_py()
    trainer.write_text(original)
    assert (11, "HF308") in run_py()
    (src / "app" / "plain.py").write_text("class Plain:\n    pass\n")
    (src / "app" / "use_plain.py").write_text("from app.plain import Plain\n\nPlain(tokenizer=None)\n")
    assert not {c for p, _, c in _found(src, cached=True) if p == "app/use_plain.py"}
    (src / "app" / "plain.py").write_text("from transformers import Trainer\n\n\nclass Plain(Trainer):\n    pass\n")
    assert {c for p, _, c in _found(src, cached=True) if p == "app/use_plain.py"} == {"HF308"}
