"""`automodel-codemod`: apply the fixes of the enabled rules across a repository, in place."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from codemods import smoke
from lint_rules import __version__
from lint_rules.diagnostics import Applicability
from lint_rules.files import discover
from lint_rules.fixer import applicable
from lint_rules.options import add_common_options, resolver_from, show_settings, target_notes
from lint_rules.progress import progress_bar
from lint_rules.reporters.common import display_path
from lint_rules.runner import LINT, FileResult, FixJob, run
from lint_rules.settings import SettingsError

EXIT_UNCHANGED, EXIT_CHANGED, EXIT_ERROR, EXIT_SMOKE_FAILED = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="automodel-codemod",
        description="Fix misuse of Hugging Face transformers across a repository: .py files, notebooks and Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"automodel-codemod {__version__}")
    add_common_options(parser)
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="apply unsafe fixes too (safe ones only by default)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--smoke", action="store_true", help="after fixing, load and run every fixed model site")
    smoke.add_options(parser)
    return parser


# A finding that names the error its line raises at the target: the file still fails there.
_FAILS = re.compile(r"\b(?:TypeError|ImportError|ModuleNotFoundError|AttributeError|KeyError|ValueError)\b")


def _still_failing(remaining, summary) -> None:
    """Each file that will still fail at the target, and why: the findings left that name the error they raise."""
    failing = sorted((d for d in remaining if _FAILS.search(d.message)), key=lambda d: d.sort_key())
    if not failing:
        return
    files = len({d.filename for d in failing})
    print(f"{files} {'file' if files == 1 else 'files'} will still fail at the target:", file=summary)
    for d in failing:
        where = f"{display_path(d.filename)}:" + (f"cell {d.cell}:" if d.cell is not None else "")
        fixable = (
            " (fixable with `--unsafe-fixes`)"
            if d.fix is not None and d.fix.applicability is Applicability.UNSAFE
            else ""
        )
        print(f"  {where}{d.start.row}:{d.start.column + 1}: {d.code} {d.message}{fixable}", file=summary)


def _counts(counter: Counter) -> str:
    return ", ".join(f"{code} x{count}" for code, count in sorted(counter.items()))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    resolver = resolver_from(args)
    if args.smoke and not smoke.available():
        print(f"automodel-codemod: error: {smoke.INSTALL_HINT}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.show_settings:
            show_settings(args.paths, resolver, sys.stdout)
            return EXIT_UNCHANGED
        paths = list(discover(args.paths, resolver, args.force_exclude))
    except SettingsError as exc:
        print(f"automodel-codemod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for note in target_notes(resolver):
        print(f"automodel-codemod: warning: {note}", file=sys.stderr)
    cached = not args.no_cache
    sites = smoke.collect_sites(run(paths, resolver, LINT, cached, args.jobs)) if args.smoke else []
    job = FixJob(args.unsafe_fixes, write=not (args.diff or args.check), diff=args.diff)
    outcomes = run(paths, resolver, job, cached, args.jobs, progress_bar(len(paths), 50))
    status = report(outcomes, args)
    if args.smoke:
        fixed = {o.path for o in outcomes if o.changed}
        chosen = [(path, d) for path, d in sites if path in fixed and applicable(d, args.unsafe_fixes)]
        if smoke.finish(chosen, args, sys.stdout if not args.diff else sys.stderr):
            return EXIT_SMOKE_FAILED
    return status


def report(outcomes: list[FileResult], args) -> int:
    out = sys.stdout
    summary = sys.stderr if args.diff else sys.stdout
    for outcome in outcomes:
        if outcome.diff:
            out.write(outcome.diff)
        if outcome.error:
            print(f"{display_path(outcome.path)}: error: {outcome.error}", file=sys.stderr)
    changed = [o for o in outcomes if o.changed]
    applied = sum((o.applied for o in changed), Counter())
    remaining = [d for o in outcomes for d in o.diagnostics]
    verb = "Fixed" if not (args.diff or args.check) else "Would fix"
    if args.check:
        for outcome in changed:
            print(f"Would fix {display_path(outcome.path)}", file=summary)
    failed = sum(1 for o in outcomes if o.error)
    # a file that could not be read or written may well have had fixes: the summary says so either way
    unread = f"{failed} {'file' if failed == 1 else 'files'} could not be fixed (see the errors above)"
    if applied:
        files = "file" if len(changed) == 1 else "files"
        count = sum(applied.values())
        errors = "error" if count == 1 else "errors"
        also = f"; {unread}" if failed else ""
        print(f"{verb} {count} {errors} in {len(changed)} {files}: {_counts(applied)}{also}.", file=summary)
    elif failed:
        print(f"No fixes applied; {unread}.", file=summary)
    else:
        print("No fixes to apply.", file=summary)
    unfixed = Counter(d.code for d in remaining if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY)
    unsafe = Counter(d.code for d in remaining if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    if unfixed:
        print(
            f"{sum(unfixed.values())} remaining without an automatic fix: {_counts(unfixed)} "
            "(see `automodel-lint check`).",
            file=summary,
        )
    if unsafe and not args.unsafe_fixes:
        print(f"{sum(unsafe.values())} more fixable with `--unsafe-fixes`: {_counts(unsafe)}.", file=summary)
    _still_failing(remaining, summary)
    if any(o.error for o in outcomes):
        return EXIT_ERROR
    return EXIT_CHANGED if changed else EXIT_UNCHANGED


if __name__ == "__main__":
    sys.exit(main())
