"""The real-world check: lint and fix pinned snapshots of public tutorial and application code.

    python ecosystem/corpus.py            # compare with the stored counts (exit 1 on a difference)
    python ecosystem/corpus.py --update   # store the new counts, for review in the diff
    python ecosystem/corpus.py --findings out.jsonl   # also write every finding, to read them

The snapshots are the archives of `../shared/corpus/` beside the project (or `$AUTOMODEL_LINT_CORPUS`),
described by their MANIFEST.md: huggingface/notebooks, NielsRogge/Transformers-Tutorials, and the
peft and trl examples, code that nobody on this project wrote. Each is unpacked into a temporary
folder, linted with every rule (`--select ALL`) for the newest transformers known, and fixed twice with the unsafe
fixes on a copy (ecosystem/check.py says what is verified). The count of findings per rule and per
archive is stored in ecosystem/corpus.json, with the recall of the removed-API rules against an
independent grep (ecosystem/recall.py; goal: 95% of the sites); the precision judged by reading the
findings is in ecosystem/PRECISION.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tarfile
import tempfile
from collections import Counter

from check import ROOT, lint_and_fix, problems
from recall import recall

from lint_rules.versions import NEWEST_KNOWN

HERE = os.path.dirname(os.path.abspath(__file__))
STORED = os.path.join(HERE, "corpus.json")
TARGET = str(NEWEST_KNOWN)  # the newest release the knowledge holds (knowledge/data/releases.json)
RECALL_GOAL = 0.95  # of the removed-API sites an independent grep counts (shown; the stored figures are checked)


def corpus_dir() -> str:
    return os.environ.get("AUTOMODEL_LINT_CORPUS") or os.path.join(os.path.dirname(ROOT), "shared", "corpus")


def archives() -> list[str]:
    folder = corpus_dir()
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".tgz"))


def digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def unpack(archive: str, into: str) -> None:
    with tarfile.open(archive) as bundle:
        bundle.extractall(into, filter="data")


def run(workdir: str) -> dict:
    tree = os.path.join(workdir, "corpus")
    names = {}
    for archive in archives():
        name = os.path.basename(archive).removesuffix(".tgz")
        folder = os.path.join(tree, name)
        os.makedirs(folder)
        unpack(archive, folder)
        names[name] = digest(archive)
    result = lint_and_fix(tree, workdir, ["--select", "ALL", "--target-transformers", TARGET])
    per_archive: dict[str, Counter] = {name: Counter() for name in names}
    for finding in result["findings"]:
        relative = (
            os.path.relpath(finding["filename"], tree) if os.path.isabs(finding["filename"]) else finding["filename"]
        )
        per_archive[relative.split(os.sep, 1)[0]][finding["code"]] += 1
    total = Counter(finding["code"] for finding in result["findings"])
    result["recall"] = recall(tree, result["findings"])
    result["summary"] = {
        "target": TARGET,
        "archives": names,
        "files": result["files"],
        "files_in_error": result["files_in_error"],
        # each file that cannot be checked, and why: the expected ones (a Python 2 file) are listed and reviewed
        "could_not_be_checked": result["errors"],
        "counts": dict(sorted(total.items())),
        "counts_by_archive": {name: dict(sorted(counts.items())) for name, counts in sorted(per_archive.items())},
        "recall": result["recall"],
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="store the new counts")
    parser.add_argument("--findings", metavar="FILE", help="write every finding (JSON lines) to FILE")
    args = parser.parse_args()
    if not archives():
        print(f"no corpus archives in {corpus_dir()}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        result = run(workdir)
        if args.findings:
            with open(args.findings, "w", encoding="utf-8") as handle:
                for finding in result["findings"]:
                    finding["filename"] = os.path.relpath(finding["filename"], os.path.join(workdir, "corpus"))
                    handle.write(json.dumps(finding, sort_keys=True) + "\n")
    found = problems(result)
    summary = result["summary"]
    if not args.update and os.path.exists(STORED):
        with open(STORED, encoding="utf-8") as handle:
            stored = json.load(handle)
        for key in ("archives", "counts_by_archive", "files", "files_in_error", "could_not_be_checked", "recall"):
            if stored.get(key) != summary[key]:
                found.append(f"{key} changed: stored {stored.get(key)}, now {summary[key]} (review, then --update)")
    print(json.dumps({k: summary[k] for k in ("files", "files_in_error", "could_not_be_checked", "counts")}, indent=1))
    for code, row in summary["recall"].items():
        short = " (under the goal)" if row["found"] < RECALL_GOAL * row["sites"] else ""
        print(f"recall {code}: {row['found']}/{row['sites']}{short} ({row['pattern']}); missed: {row['missed']}")
    if args.update and not found:
        with open(STORED, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(summary, indent=1) + "\n")
    for problem in found:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
