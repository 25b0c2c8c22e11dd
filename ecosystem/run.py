"""The ecosystem check: lint and fix pinned releases of real packages that use transformers.

    python ecosystem/run.py            # compare with the stored counts (exit 1 on a difference)
    python ecosystem/run.py --update   # store the new counts, for review in the diff

Downloads each release from PyPI once (cached in ~/.cache/automodel-lint/ecosystem), runs
`automodel-lint check` and `automodel-codemod --unsafe-fixes` on a copy, and checks that nothing
crashed, that every fixed file still parses and compiles, and that a second codemod pass changes
nothing (ecosystem/check.py, shared with the real-world check of ecosystem/corpus.py). The count of
diagnostics per rule is stored in ecosystem/counts.json, so a change in what the rules find shows up
in review.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter

from check import WANTED, lint_and_fix, problems

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


def run(workdir: str) -> dict:
    corpus = os.path.join(workdir, "corpus")
    for name, version in PINNED:
        extract(download(name, version), os.path.join(corpus, f"{name}-{version}"))
    result = lint_and_fix(corpus, workdir, ["--select", "HF", "--target-transformers", TARGET])
    result["counts"] = dict(sorted(Counter(f["code"] for f in result["findings"]).items()))
    return result


def verdict(result: dict, stored: dict | None) -> list[str]:
    found = problems(result)
    if stored is not None and result["counts"] != stored.get("counts"):
        found.append(f"counts changed: stored {stored.get('counts')}, now {result['counts']} (review, then --update)")
    return found


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
