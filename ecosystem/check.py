"""What both real-world checks do to a tree of files: lint it, fix a copy, and prove the fixes sound.

`lint_and_fix(tree, workdir, options)` runs `automodel-lint check` on ``tree`` and `automodel-codemod
--unsafe-fixes` twice on a copy, and returns the findings with what went wrong: a crash, a fixed file
that no longer parses or compiles (notebooks and Markdown: cell by cell, block by block, through the
same `documents.load` the tools use), a notebook that is no longer JSON, a second pass that still
changes something.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from lint_rules import documents  # noqa: E402  (the project, imported from the checkout)

WANTED = (".py", ".ipynb", ".md", ".mdx")


def tool(*args: str, cwd: str) -> subprocess.CompletedProcess:
    safe = ["-P"] if sys.version_info >= (3, 11) else []
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.run([sys.executable, *safe, *args], cwd=cwd, capture_output=True, text=True, env=env)


def compiles(text: str) -> bool:
    """Python can compile it (warnings, such as old invalid escapes, aside)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in old tutorials
            compile(text, "<unit>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _units(path: str, data: bytes) -> list[bool] | None:
    """Whether each Python unit of the file compiles; None when the file cannot be read at all."""
    if path.endswith(".py"):
        try:
            return [compiles(data.decode("utf-8"))]
        except UnicodeDecodeError:
            return None
    try:
        document = documents.load(path, data)
    except Exception:  # a notebook that is not JSON, say: the check reports it as a file error
        return None
    return [compiles(unit.text) for unit in document.units]


def _broken(original: str, fixed: str) -> str | None:
    """Why the fixed file is worse than the original, or None."""
    with open(original, "rb") as handle:
        before = handle.read()
    with open(fixed, "rb") as handle:
        after = handle.read()
    if before == after:
        return None
    if fixed.endswith(".ipynb"):
        try:
            json.loads(after)
        except ValueError:
            return "no longer JSON"
    was, now = _units(original, before), _units(fixed, after)
    if was is None:
        return None
    if now is None:
        return "no longer readable"
    if len(was) == len(now):
        worse = [index for index, (a, b) in enumerate(zip(was, now, strict=True)) if a and not b]
        return f"unit {worse[0]} no longer compiles" if worse else None
    return "fewer units compile" if sum(now) < sum(was) else None


def lint_and_fix(tree: str, workdir: str, options: list[str]) -> dict:
    check = tool("-m", "lint_rules.cli", "check", "--output-format", "json-lines", *options, ".", cwd=tree)
    findings = [json.loads(line) for line in check.stdout.splitlines()]
    errors = [line for line in check.stderr.splitlines() if ": error:" in line]
    fixed_tree = os.path.join(workdir, "fixed")
    shutil.copytree(tree, fixed_tree)  # with the check's cache: files with nothing to fix are skipped
    first = tool("-m", "codemods.cli", "--unsafe-fixes", *options, ".", cwd=fixed_tree)
    broken = []
    for folder, _, names in os.walk(fixed_tree):
        if ".automodel_lint_cache" in folder:
            continue
        for name in names:
            if name.endswith(WANTED):
                fixed = os.path.join(folder, name)
                relative = os.path.relpath(fixed, fixed_tree)
                why = _broken(os.path.join(tree, relative), fixed)
                if why is not None:
                    broken.append(f"{relative}: {why}")
    before = _contents(fixed_tree)
    second = tool("-m", "codemods.cli", "--unsafe-fixes", *options, ".", cwd=fixed_tree)
    after = _contents(fixed_tree)
    return {
        "files": sum(len([n for n in names if n.endswith(WANTED)]) for _, _, names in os.walk(tree)),
        "findings": findings,
        "files_in_error": len(errors),
        "errors": sorted(errors),  # `path: error: why`, the path relative to the tree
        "internal_errors": [e for e in errors + first.stderr.splitlines() if "internal error" in e],
        "broken_by_fixes": sorted(broken),
        "first_pass_exit": first.returncode,
        "second_pass_exit": second.returncode,
        "second_pass_output": second.stdout.strip().splitlines()[:3],
        "changed_by_second_pass": sorted(path for path in after if after[path] != before.get(path)),
    }


def _contents(tree: str) -> dict[str, bytes]:
    """The files a pass may change, by path."""
    found = {}
    for folder, _, names in os.walk(tree):
        if ".automodel_lint_cache" not in folder:
            for name in names:
                if name.endswith(WANTED):
                    with open(os.path.join(folder, name), "rb") as handle:
                        found[os.path.relpath(os.path.join(folder, name), tree)] = handle.read()
    return found


def problems(result: dict) -> list[str]:
    found = []
    if result["internal_errors"]:
        found.append(f"crashes: {result['internal_errors'][:5]}")
    if result["broken_by_fixes"]:
        found.append(f"files the fixes broke: {result['broken_by_fixes'][:5]}")
    if result["changed_by_second_pass"]:
        found.append(f"a second codemod pass still changed files: {result['changed_by_second_pass'][:5]}")
    # exit 2: a file could not be processed, which only the files the check could not read may cause
    if result["second_pass_exit"] not in (0, 2 if result["files_in_error"] else 0):
        found.append(f"the second codemod pass exited {result['second_pass_exit']}: {result['second_pass_output']}")
    return found
