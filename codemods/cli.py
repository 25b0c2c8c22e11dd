"""`automodel-codemod`: apply the fixes of the enabled rules across a repository, in place."""

from __future__ import annotations

import argparse
import difflib
import os
import stat
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from codemods import smoke
from codemods.fixer import applicable, fix_document
from lint_rules import __version__
from lint_rules.cli import add_common_options, settings_from
from lint_rules.diagnostics import Applicability, from_record, to_record
from lint_rules.documents import is_markdown, is_notebook
from lint_rules.files import discover
from lint_rules.reporters.common import display_path
from lint_rules.runner import cache_key, lint_paths, make_cache
from lint_rules.settings import SettingsError
from lint_rules.sources import SourceError, encode, read_source

EXIT_UNCHANGED, EXIT_CHANGED, EXIT_ERROR, EXIT_SMOKE_FAILED = 0, 1, 2, 3


@dataclass
class Outcome:
    path: str
    changed: bool = False
    applied: Counter = field(default_factory=Counter)
    remaining: list = field(default_factory=list)  # records of diagnostics left, see lint_rules.diagnostics
    error: str | None = None
    diff: str = ""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="automodel-codemod",
        description="Fix misuse of Hugging Face transformers across a repository: .py files, notebooks and Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"automodel-codemod {__version__}")
    add_common_options(parser)
    parser.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too (safe ones only by default)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--smoke", action="store_true", help="after fixing, load and run every fixed model site")
    smoke.add_options(parser)
    return parser


def process(path: str, settings, unsafe: bool, write: bool, want_diff: bool) -> Outcome:
    outcome = Outcome(path)
    codes = settings.codes_for(path)
    try:
        before = os.stat(path)
        data, source = read_source(path, python=not (is_notebook(path) or is_markdown(path)))
        new_text, result = fix_document(path, source.text, codes, settings.target, settings.floor, unsafe)
        outcome.remaining = [to_record(d) for d in result.remaining]
        if new_text == source.text:
            return outcome
        new_data = encode(new_text, source.encoding)
        outcome.changed, outcome.applied = True, result.applied
        if want_diff:
            outcome.diff = "".join(
                difflib.unified_diff(
                    source.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                    f"a/{display_path(path)}", f"b/{display_path(path)}",
                )
            )  # fmt: skip
        if write:
            _write(path, new_data, before)
    except SourceError as exc:
        outcome.changed, outcome.applied, outcome.error = False, Counter(), str(exc)
    except Exception as exc:  # a bug of ours must not end the run nor touch the file
        outcome.changed, outcome.applied, outcome.error = False, Counter(), f"internal error: {type(exc).__name__}: {exc}"
    return outcome


def _write(path: str, data: bytes, before: os.stat_result) -> None:
    """Replace the file atomically, keeping its permissions, unless it changed since it was read."""
    now = os.stat(path)
    if (now.st_mtime_ns, now.st_size) != (before.st_mtime_ns, before.st_size):
        raise SourceError("changed on disk while it was being fixed; left unchanged")
    if not os.access(path, os.W_OK) or not now.st_mode & 0o222:  # root may write anything: honour the mode bits
        raise SourceError("read-only; left unchanged")
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".automodel-codemod-", suffix=".tmp")
    except OSError as exc:
        raise SourceError(f"cannot write next to it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        os.replace(temp, path)
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None


_WORKER: tuple | None = None


def _init(*args) -> None:
    global _WORKER
    _WORKER = args


def _work(path: str) -> Outcome:
    return process(path, *_WORKER)


def run(paths: list[str], settings, cache, unsafe: bool, write: bool, want_diff: bool, jobs: int | None, progress) -> list[Outcome]:
    """Fix every file; a file whose cached findings hold no applicable fix is answered from the cache."""
    known: dict[str, Outcome] = {}
    keys: dict[str, str] = {}
    for path in paths if cache is not None else ():
        key = cache_key(path, settings, cache)
        if key is None:
            continue
        cached = cache.get(key, path)
        if cached is not None and not any(applicable(d, unsafe) for d in cached):
            known[path] = Outcome(path, remaining=[to_record(d) for d in cached])
        else:
            keys[path] = key
    todo = [path for path in paths if path not in known]
    progress(len(known))
    jobs = jobs or os.cpu_count() or 1
    fresh = []
    if jobs <= 1 or len(todo) < 2 * jobs:
        for path in todo:
            fresh.append(process(path, settings, unsafe, write, want_diff))
            progress(len(known) + len(fresh))
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(settings, unsafe, write, want_diff)) as pool:
            for outcome in pool.map(_work, todo, chunksize=max(1, min(16, len(todo) // (jobs * 8)))):
                fresh.append(outcome)
                progress(len(known) + len(fresh))
    for outcome in fresh:
        known[outcome.path] = outcome
        if cache is not None and outcome.path in keys and not outcome.changed and outcome.error is None:
            cache.put(keys[outcome.path], [from_record(r, outcome.path) for r in outcome.remaining])
    if cache is not None:
        cache.save()
    return [known[path] for path in paths]


def _progress(total: int):
    """A one-line progress bar on a terminal for long runs; nothing when piped or in CI."""
    if total < 50 or not sys.stderr.isatty() or os.environ.get("CI"):
        return lambda done: None

    def show(done: int) -> None:
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()

    return show


def _counts(counter: Counter) -> str:
    return ", ".join(f"{code} x{count}" for code, count in sorted(counter.items()))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(args)
    except SettingsError as exc:
        print(f"automodel-codemod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.smoke and not smoke.available():
        print(f"automodel-codemod: error: {smoke.INSTALL_HINT}", file=sys.stderr)
        return EXIT_ERROR
    paths = list(discover(args.paths, settings.is_excluded, settings.suffixes, args.force_exclude))
    cache = make_cache(settings, not args.no_cache)
    sites = smoke.collect_sites(lint_paths(paths, settings, cache, args.jobs)) if args.smoke else []
    write = not (args.diff or args.check)
    outcomes = run(paths, settings, cache, args.unsafe_fixes, write, args.diff, args.jobs, _progress(len(paths)))
    status = report(outcomes, args)
    if args.smoke:
        fixed = {o.path for o in outcomes if o.changed}
        chosen = [(path, d) for path, d in sites if path in fixed and applicable(d, args.unsafe_fixes)]
        if smoke.finish(chosen, args, sys.stdout if not args.diff else sys.stderr):
            return EXIT_SMOKE_FAILED
    return status


def report(outcomes: list[Outcome], args) -> int:
    out = sys.stdout
    summary = sys.stderr if args.diff else sys.stdout
    for outcome in outcomes:
        if outcome.diff:
            out.write(outcome.diff)
        if outcome.error:
            print(f"{display_path(outcome.path)}: error: {outcome.error}", file=sys.stderr)
    changed = [o for o in outcomes if o.changed]
    applied = sum((o.applied for o in changed), Counter())
    remaining = [from_record(r, o.path) for o in outcomes for r in o.remaining]
    verb = "Fixed" if not (args.diff or args.check) else "Would fix"
    if args.check:
        for outcome in changed:
            print(f"Would fix {display_path(outcome.path)}", file=summary)
    if applied:
        files = "file" if len(changed) == 1 else "files"
        print(f"{verb} {sum(applied.values())} errors in {len(changed)} {files}: {_counts(applied)}.", file=summary)
    else:
        print("No fixes to apply.", file=summary)
    unfixed = Counter(d.code for d in remaining if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY)
    unsafe = Counter(d.code for d in remaining if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    if unfixed:
        print(f"{sum(unfixed.values())} remaining without an automatic fix: {_counts(unfixed)} (see `automodel-lint check`).", file=summary)
    if unsafe and not args.unsafe_fixes:
        print(f"{sum(unsafe.values())} more fixable with `--unsafe-fixes`: {_counts(unsafe)}.", file=summary)
    if any(o.error for o in outcomes):
        return EXIT_ERROR
    return EXIT_CHANGED if changed else EXIT_UNCHANGED


if __name__ == "__main__":
    sys.exit(main())
