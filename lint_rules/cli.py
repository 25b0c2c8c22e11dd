"""`automodel-lint`: check files, explain rules."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import sys
from collections import Counter

from lint_rules import __version__, baseline
from lint_rules.diagnostics import Applicability
from lint_rules.files import discover
from lint_rules.knowledge.catalog import catalog_for
from lint_rules.options import add_common_options, resolver_from, show_settings, target_notes
from lint_rules.progress import progress_bar
from lint_rules.registry import all_rules, rule_by_code
from lint_rules.reporters import REPORTERS, SUMMARIZED
from lint_rules.reporters.common import checked_line, display_path
from lint_rules.runner import LINT, FixJob, process, run
from lint_rules.settings import SettingsError, resolve
from lint_rules.which import USER_TASKS, UnknownTask, render, which_class

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, as ruff gives them (`--output-format xml` printed the whole usage block)."""

    def error(self, message: str):
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="automodel-lint",
        description="Find misuse of Hugging Face transformers: wrong Auto classes, device mistakes, removed APIs.",
    )
    parser.add_argument("--version", action="version", version=f"automodel-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and directories")
    add_common_options(check)
    check.add_argument("--output-format", choices=sorted(REPORTERS), default="concise")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print the count of findings per rule instead")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    check.add_argument("--baseline", metavar="FILE", help="report only findings that FILE does not record")
    fixing = check.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the fixes, then report what is left")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: the unsafe fixes too")
    check.add_argument("--show-fixes", action="store_true", help="with --fix: list the fixes applied, by file")
    check.add_argument("-q", "--quiet", action="store_true", help="print the findings only, no summary")
    check.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name of the file read from stdin (PATH `-`)")
    check.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the concise and full output (auto: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)",
    )  # fmt: skip

    which = commands.add_parser("which-class", help="which Auto class fits a model and a task")
    which.add_argument("model", nargs="?", metavar="MODEL", help="a hub id or a local directory")
    which.add_argument("--task", help="a pipeline task, an alias, or: " + ", ".join(sorted(USER_TASKS)))
    which.add_argument("--target-transformers", metavar="X.Y")
    which.add_argument("--output-format", choices=("text", "json"), default="text")

    commands.add_parser("server", help="run the editor server (Language Server Protocol over stdio)")

    rule = commands.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", metavar="CODE")
    rule.add_argument("--all", action="store_true", help="every rule")
    rule.add_argument("--output-format", choices=("text", "json"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rule":
            return run_rule(args, parser)
        if args.command == "which-class":
            return run_which(args, parser)
        if args.command == "server":
            return run_server()
    except SettingsError as exc:
        print(f"automodel-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `automodel-lint check | head`
        return EXIT_CLEAN
    parser.print_help()
    return EXIT_ERROR


def run_check(args) -> int:
    resolver = resolver_from(args)
    if args.show_settings:
        show_settings(args.paths if args.paths != [STDIN] else [args.stdin_filename or "."], resolver, sys.stdout)
        return EXIT_CLEAN
    job = LINT
    if args.fix or args.diff:
        job = FixJob(args.unsafe_fixes, write=args.fix and args.paths != [STDIN], diff=args.diff)
    stdin = sys.stdin.buffer.read() if args.paths == [STDIN] else None
    if stdin is not None:
        name = args.stdin_filename or STDIN
        results = [process(name, resolver.for_path(args.stdin_filename or "."), job, (stdin, None))]
        _warn_targets(resolver)
    else:
        paths = list(discover(args.paths, resolver, args.force_exclude))
        _warn_targets(resolver)
        if not paths:  # as ruff warns: nothing was checked, so nothing may be said to have passed
            print("automodel-lint: warning: No Python files found under the given path(s)", file=sys.stderr)
            if args.output_format in SUMMARIZED:
                return EXIT_CLEAN
        results = run(paths, resolver, job, not args.no_cache, args.jobs, progress_bar(len(paths), 200))
    if args.diff:
        return report_diff(results)
    to_stderr = args.fix and args.paths == [STDIN]
    if to_stderr:  # the fixed source goes to stdout, as editors expect; the findings left go to stderr
        if results[0].text is not None:
            sys.stdout.write(results[0].text)
        else:
            sys.stdout.buffer.write(stdin)
    diagnostics = sorted((d for result in results for d in result.diagnostics), key=lambda d: d.sort_key())
    root = resolver.for_path(args.paths[0] if args.paths != [STDIN] else ".").root  # where baseline paths start
    if args.write_baseline:
        baseline.write(args.write_baseline, diagnostics, root)
        noun = "finding" if len(diagnostics) == 1 else "findings"
        print(f"Recorded {len(diagnostics)} {noun} in {args.write_baseline}.", file=sys.stderr)
        return EXIT_CLEAN
    if args.baseline:
        try:
            diagnostics = baseline.new_findings(diagnostics, baseline.load(args.baseline), root)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None
    errors = [result for result in results if result.error is not None]
    for result in errors:
        print(f"{display_path(result.path)}: error: {result.error}", file=sys.stderr)
    for result in results:
        for warning in result.warnings:
            print(f"{display_path(result.path)}: warning: {warning}", file=sys.stderr)
    with open_output(args.output_file, to_stderr) as stream:
        if args.statistics:
            write_statistics(diagnostics, stream, args.output_format)
        elif args.output_format in SUMMARIZED:  # their closing line must not say "All checks passed!" then
            options = {"color": use_color(args.color, stream)}  # concise and full both colour
            options["checked"] = _checked(results, diagnostics, resolver)
            REPORTERS[args.output_format](diagnostics, stream, unchecked=len(errors), quiet=args.quiet, **options)
        else:
            REPORTERS[args.output_format](diagnostics, stream)
        if args.fix:
            report_fixed(results, args.show_fixes, stream)
    if errors:
        return EXIT_ERROR
    if diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


STDIN = "-"


def _warn_targets(resolver) -> None:
    for note in target_notes(resolver):
        print(f"automodel-lint: warning: {note}", file=sys.stderr)


def _checked(results, diagnostics, resolver) -> str | None:
    """The summary's line on what was checked against the target stack (a lint's; a fix's run has its own): the
    targets of every configuration the run used."""
    checked = [result for result in results if result.error is None]
    if not checked or any(result.uses is None for result in checked):
        return None
    uses = sum(result.uses for result in checked)
    if not uses and len(checked) < len(results):
        return None  # the files that could not be checked may use them
    # what the target lacks or changed: the migration rules, HF107's removed tasks, what 5.x does differently (HF6xx)
    missing = sum(
        1 for diagnostic in diagnostics if diagnostic.code.startswith(("HF3", "HF6")) or diagnostic.code == "HF107"
    )
    targets = dict.fromkeys(_target_words(resolver.for_path(result.path)) for result in checked)
    return checked_line(uses, missing, " and ".join(targets))


def _target_words(settings) -> str:
    stack = ", ".join(f"{package} {version.newest}" for package, version in settings.stack.ranges)
    return f"transformers {settings.target} ({stack})"


@contextlib.contextmanager
def open_output(path: str | None, to_stderr: bool = False):
    if path is None:
        yield sys.stderr if to_stderr else sys.stdout
        return
    folder = os.path.dirname(path)
    try:
        if folder:
            os.makedirs(folder, exist_ok=True)  # as ruff does for `--output-file`
        handle = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"--output-file {path}: cannot write it: {(exc.strerror or str(exc)).lower()}") from None
    with handle:
        yield handle


def use_color(choice: str, stream) -> bool:
    """`--color`: always, never, or (auto) on a terminal unless NO_COLOR is set; FORCE_COLOR forces it."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(stream, "isatty") and stream.isatty())


def report_diff(results) -> int:
    """`--diff`: the fixes as a diff on stdout, what they would do on stderr; exit 1 when a file would change."""
    for result in results:
        sys.stdout.write(result.diff)
        if result.error is not None:
            print(f"{display_path(result.path)}: error: {result.error}", file=sys.stderr)
    applied = sum((result.applied for result in results), Counter())
    count = sum(applied.values())
    print(f"Would fix {count} {'error' if count == 1 else 'errors'}.", file=sys.stderr)
    if any(result.error for result in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if count else EXIT_CLEAN


def report_fixed(results, by_file: bool, stream) -> None:
    """`--fix`: how many fixes went in, and with `--show-fixes`, which ones, file by file."""
    applied = sum((result.applied for result in results), Counter())
    count = sum(applied.values())
    if not count:
        return
    stream.write(f"Fixed {count} {'error' if count == 1 else 'errors'}{':' if by_file else '.'}\n")
    if by_file:
        for result in results:
            if result.applied:
                stream.write(f"- {display_path(result.path)}:\n")
                for code, times in sorted(result.applied.items()):
                    stream.write(f"    {times} x {code} ({rule_by_code(code).name})\n")


def write_statistics(diagnostics, stream, output_format: str = "concise") -> None:
    """The count of findings per rule, most first, and the total; with `--output-format json`, as ruff writes
    them: a list of {code, name, count, fixable}."""
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format in ("json", "json-lines"):
        records = [{"code": c, "name": names[c], "count": n, "fixable": c in fixable} for c, n in rows]
        stream.write(json.dumps(records, indent=2) + "\n")
        return
    width = max((len(str(n)) for n in counts.values()), default=1)
    for code, count in rows:
        marker = "[*]" if code in fixable else "[ ]"
        stream.write(f"{count:>{width}}\t{code}\t{marker} {names[code]}\n")
    total = len(diagnostics)
    stream.write(f"Found {total} {'error' if total == 1 else 'errors'}.\n" if total else "All checks passed!\n")


def run_server() -> int:
    if importlib.util.find_spec("pygls") is None:
        print(
            "automodel-lint: error: the editor server needs pygls: pip install '.[lsp]' in a checkout", file=sys.stderr
        )
        return EXIT_ERROR
    from lint_rules import server  # only here: the lint path never imports pygls

    return server.main()


def run_which(args, parser) -> int:
    if args.model is None and args.task is None:
        parser.error("which-class: give a MODEL, a --task, or both")
    settings = resolve(".", target=args.target_transformers)
    try:
        answer = which_class(catalog_for(settings.target), args.model, args.task)
    except UnknownTask as exc:
        print(f"automodel-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.output_format == "json":
        json.dump(answer.as_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(answer))
    unresolved = args.model is not None and answer.model_type is None
    return EXIT_FINDINGS if unresolved or answer.fits is False else EXIT_CLEAN


def rule_text(rule) -> str:
    return (
        f"# {rule.name} ({rule.code})\n\n"
        f"Derived from the **automodel-lint** linter.\n\n"
        f"{rule.fix_sentence()}\n\n"
        f"{rule.explanation()}"
    )


def run_rule(args, parser) -> int:
    if args.all:
        rules = list(all_rules())
    elif args.code:
        rule = rule_by_code(args.code)
        if rule is None:
            print(f"automodel-lint: error: unknown rule code {args.code!r}", file=sys.stderr)
            return EXIT_ERROR
        rules = [rule]
    else:
        parser.error("rule: give a CODE or --all")
    if args.output_format == "json":
        data = [rule.metadata() for rule in rules]
        json.dump(data if args.all else data[0], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(rule_text(rule) for rule in rules))
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
