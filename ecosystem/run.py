"""The ecosystem check: lint and fix pinned releases of real packages that use transformers.

    python ecosystem/run.py            # compare with the stored counts (exit 1 on a difference)
    python ecosystem/run.py --update   # store the new counts, for review in the diff

Downloads each release from PyPI once (cached in ~/.cache/automodel-lint/ecosystem), runs
`automodel-lint check` and `automodel-codemod --unsafe-fixes` on a copy, and checks that nothing
crashed, that every fixed file parses, and that a second codemod pass changes nothing. The count of
diagnostics per rule is stored in ecosystem/counts.json, so a change in what the rules find shows up
in review.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTS = os.path.join(HERE, "counts.json")
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "ecosystem")
TARGET = "5.23"  # fixed, so the counts do not depend on the installed transformers
PINNED = (
    ("transformers", "5.23.0"),
    ("peft", "0.21.2"),
    ("trl", "1.16.0"),
    ("sentence-transformers", "6.2.0"),
    ("setfit", "1.2.0"),
    ("optimum", "2.3.0"),
    ("accelerate", "1.15.0"),
    ("evaluate", "0.4.6"),
    ("lm-eval", "0.4.13"),
    ("flair", "0.15.1"),
    ("gliner", "0.2.29"),
    ("span-marker", "1.8.1"),
    ("simpletransformers", "0.70.8"),
    # releases from before the v5 migration, which still use what v5 removed
    ("trl", "0.7.4"),
    ("peft", "0.6.2"),
    ("sentence-transformers", "2.2.2"),
    ("setfit", "0.7.0"),
    ("optimum", "1.16.0"),
    ("span-marker", "1.5.0"),
    ("gliner", "0.1.12"),
    ("lm-eval", "0.4.2"),
)
WANTED = (".py", ".ipynb", ".md")


def download(name: str, version: str) -> str:
    folder = os.path.join(CACHE, f"{name}-{version}")
    if not os.path.isdir(folder) or not os.listdir(folder):
        os.makedirs(folder, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", f"{name}=={version}", "-d", folder],
            check=True,
        )
    return os.path.join(folder, os.listdir(folder)[0])


def extract(archive: str, into: str) -> None:
    """Only the files the tools read; nothing from the archive is run."""
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                if member.endswith(WANTED) and ".." not in member.split("/"):
                    bundle.extract(member, into)
    else:
        with tarfile.open(archive) as bundle:
            members = [
                m
                for m in bundle.getmembers()
                if m.isfile() and m.name.endswith(WANTED) and ".." not in m.name.split("/")
            ]
            bundle.extractall(into, members=members, filter="data")


def tool(*args: str, cwd: str) -> subprocess.CompletedProcess:
    safe = ["-P"] if sys.version_info >= (3, 11) else []
    return subprocess.run([sys.executable, *safe, *args], cwd=cwd, capture_output=True, text=True)


def run(workdir: str) -> dict:
    corpus = os.path.join(workdir, "corpus")
    for name, version in PINNED:
        extract(download(name, version), os.path.join(corpus, f"{name}-{version}"))
    common = ["--select", "HF", "--target-transformers", TARGET]
    # The cache the check fills (copied along with the tree) lets the codemod skip files with nothing to fix.
    check = tool("-m", "lint_rules.cli", "check", "--output-format", "json-lines", *common, ".", cwd=corpus)
    findings = [json.loads(line) for line in check.stdout.splitlines()]
    errors = [line for line in check.stderr.splitlines() if ": error:" in line]
    fixed_tree = os.path.join(workdir, "fixed")
    shutil.copytree(corpus, fixed_tree)
    first = tool("-m", "codemods.cli", "--unsafe-fixes", *common, ".", cwd=fixed_tree)
    broken = []
    for folder, _, names in os.walk(fixed_tree):
        for name in names:
            if name.endswith(".py") and ".automodel_lint_cache" not in folder:
                path = os.path.join(folder, name)
                original = os.path.join(corpus, os.path.relpath(path, fixed_tree))
                with open(path, "rb") as handle:
                    data = handle.read()
                with open(original, "rb") as handle:
                    changed = handle.read() != data
                if changed:
                    try:
                        ast.parse(data)
                    except SyntaxError:
                        broken.append(os.path.relpath(path, fixed_tree))
    second = tool("-m", "codemods.cli", "--unsafe-fixes", *common, ".", cwd=fixed_tree)
    return {
        "files": sum(len([n for n in names if n.endswith(WANTED)]) for _, _, names in os.walk(corpus)),
        "counts": dict(sorted(Counter(f["code"] for f in findings).items())),
        "files_in_error": len(errors),
        "internal_errors": [e for e in errors if "internal error" in e],
        "fixed_files_that_do_not_parse": broken,
        "first_pass_exit": first.returncode,
        "second_pass_exit": second.returncode,
        "second_pass_output": second.stdout.strip().splitlines()[:1],
    }


def verdict(result: dict, stored: dict | None) -> list[str]:
    problems = []
    if result["internal_errors"]:
        problems.append(f"crashes: {result['internal_errors'][:5]}")
    if result["fixed_files_that_do_not_parse"]:
        problems.append(f"fixed files that do not parse: {result['fixed_files_that_do_not_parse'][:5]}")
    if result["second_pass_exit"] != 0:
        problems.append(f"a second codemod pass still changed files: {result['second_pass_output']}")
    if stored is not None and result["counts"] != stored.get("counts"):
        problems.append(
            f"counts changed: stored {stored.get('counts')}, now {result['counts']} (review, then --update)"
        )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="store the new counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = run(workdir)
    stored = None
    if os.path.exists(COUNTS) and not args.update:
        with open(COUNTS, encoding="utf-8") as handle:
            stored = json.load(handle)
    problems = verdict(result, stored)
    print(json.dumps({k: result[k] for k in ("files", "counts", "files_in_error")}, indent=1))
    if args.update and not problems:
        with open(COUNTS, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "target": TARGET,
                    "pinned": [f"{n}=={v}" for n, v in PINNED],
                    **{k: result[k] for k in ("files", "counts", "files_in_error")},
                },
                handle,
                indent=1,
            )
            handle.write("\n")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
