"""The command-line options that `automodel-lint check` and `automodel-codemod` share: which rules,
which release, which files, and the settings they make with the project's configuration."""

from __future__ import annotations

import argparse

from lint_rules.settings import Resolver, Settings
from lint_rules.versions import NEWEST_KNOWN


def split_codes(values: list[str] | None) -> list[str] | None:
    """`--select HF1,HF302 --select HF4` -> ["HF1", "HF302", "HF4"]."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def add_common_options(parser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    parser.add_argument(
        "--select", action="append", metavar="CODES",
        help="rules to enable, replacing the default set (codes or prefixes: HF302, HF3, HF, ALL)",
    )  # fmt: skip
    parser.add_argument(
        "--extend-select", action="append", metavar="CODES", help="rules to enable on top of the selection"
    )
    parser.add_argument("--ignore", action="append", metavar="CODES", help="rules to disable")
    parser.add_argument("--target-transformers", metavar="X.Y", help="the transformers release the code must work with")
    parser.add_argument(
        "--config", metavar="FILE", help="a pyproject.toml to apply to every file, instead of each file's nearest one"
    )
    parser.add_argument(
        "--show-settings", action="store_true",
        help="print the settings each path resolves to (configuration, target, floor, stack, rules) and exit",
    )  # fmt: skip
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--jobs", type=_jobs, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--no-markdown", action="store_true", help="skip the Python blocks of Markdown files")
    parser.add_argument(
        "--force-exclude", action="store_true", help="apply `exclude` to files named on the command line too"
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give at least 1 worker")
    return value


def target_note(settings: Settings) -> str | None:
    """What to tell a user whose target is newer than the newest release this tool knows."""
    target = settings.target
    if (target.major, target.minor) <= (NEWEST_KNOWN.major, NEWEST_KNOWN.minor):
        return None
    return (
        f"transformers {target} is newer than the newest release this tool knows ({NEWEST_KNOWN}): the code is "
        f"judged as for {NEWEST_KNOWN}, and the removals announced for {target} or earlier count as done (HF317)"
    )


def resolver_from(args) -> Resolver:
    """Each file's settings: its nearest configuration (or `--config`'s), with the command line's flags on top."""
    return Resolver(
        select=split_codes(args.select),
        extend_select=split_codes(args.extend_select),
        ignore=split_codes(args.ignore),
        target=args.target_transformers,
        config_file=args.config,
        markdown=False if args.no_markdown else None,
    )


def target_notes(resolver: Resolver) -> list[str]:
    """`target_note` for each distinct target among the settings the run used."""
    notes = {target_note(settings) for settings in resolver.made()}
    return sorted(note for note in notes if note is not None)


def show_settings(paths: list[str], resolver: Resolver, stream) -> None:
    """`--show-settings`: for each path, the settings it resolves to, as `ruff check --show-settings` prints them."""
    for path in paths:
        stream.write(f"Settings for {path}:\n")
        for name, value in resolver.for_path(path).describe():
            stream.write(f"  {name + ':':<18}{value or '(none)'}\n")
