"""The smoke harness: prove a fix that changes a model's class, dtype or device by running it.

Each site (a diagnostic carrying ``site`` data) runs in its own worker process (`worker.py`), offline,
with a time limit and a memory cap: the model before the fix is tried and its outcome recorded, then
the fixed class / dtype / device is loaded on the best device present and run. This module never
imports torch or transformers; only the worker does.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass

from lint_rules.facts.models import cached_snapshot, is_hub_id
from lint_rules.reporters.common import display_path

INSTALL_HINT = "the smoke harness needs torch and transformers: pip install '.[smoke]' in a checkout of automodel-lint"
MAX_BYTES = 2 * 2**30  # real checkpoints above this are skipped unless allowed


@dataclass
class Row:
    where: str
    rule: str
    model_id: str | None
    model_type: str | None
    source: str | None = None
    device: str | None = None
    dtype: str | None = None
    before: str | None = None
    after: str | None = None
    ms_before: float | None = None
    ms_after: float | None = None
    skipped: str | None = None
    class_before: str | None = None  # the class the code names, and the one it got when it loaded
    class_after: str | None = None
    device_before: str | None = None
    written: str | None = None  # the model as the code gives it, where it could not be resolved

    @property
    def failed(self) -> bool:
        return self.skipped is None and self.after != "ok"


def available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers"))


def collect_sites(results) -> list[tuple[str, object]]:
    """(path, diagnostic) for every finding whose fix changes a model's class, dtype or device."""
    return [(result.path, d) for result in results for d in result.diagnostics if d.site is not None]


def run_site(path: str, diagnostic, timeout: int = 300, memory_mb: int = 8192, allow_large: bool = False) -> Row:
    site = diagnostic.site
    where = f"{display_path(path)}:{diagnostic.start.row}"
    if diagnostic.cell is not None:
        where = f"{display_path(path)}:cell {diagnostic.cell}:{diagnostic.start.row}"
    row = Row(where, diagnostic.code, site.get("model_id"), site.get("model_type"), written=site.get("written"))
    if site["kind"] == "import":
        row.skipped = "a renamed import, no model to run"
        return row
    model_id = site.get("model_id")
    job = {
        "site": site,
        "base_dir": os.path.dirname(os.path.abspath(path)),
        "cwd": os.getcwd(),  # ids are resolved against the file's folder, then the working directory
        "cached": cached_snapshot(model_id) if model_id and is_hub_id(model_id) else None,
        "max_bytes": MAX_BYTES,
        "allow_large": allow_large,
        "memory_mb": memory_mb,
    }
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    # The worker starts in an empty folder: files of the project under test (a `json.py`) must not
    # shadow the modules it imports.
    try:
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, "-m", "codemods.smoke.worker"], input=json.dumps(job), capture_output=True, text=True,
                timeout=timeout, env=env, cwd=folder,
            )  # fmt: skip
    except subprocess.TimeoutExpired:
        row.after = f"timed out after {timeout} s"
        return row
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        row.after = f"crashed (exit {done.returncode}): {last}"[:300]
        return row
    for key, value in json.loads(done.stdout).items():
        setattr(row, key, value)
    return row


def run_sites(sites, **options) -> list[Row]:
    return [run_site(path, diagnostic, **options) for path, diagnostic in sites]


WIDTH = 100  # the table fits a terminal of this many columns; the JSON report keeps every text whole


def _ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def _change(before: str | None, after: str | None) -> str:
    if before is None or after is None or before == after:
        return after or before or "-"
    return f"{before} -> {after}"


def _outcome(text: str | None) -> str:
    """An outcome in a word: `ok`, the exception's class, `timed out`, `crashed`."""
    if text is None:
        return "-"
    if text.startswith(("timed out", "crashed")):
        return text.split(" (", 1)[0].split(" after", 1)[0]
    head = text.split(":", 1)[0]
    return head if head.isidentifier() else text


def _cut(text: str, width: int, left: bool = False) -> str:
    """``text`` in ``width`` columns, the cut marked with an ellipsis (at the start for a path)."""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1 :] if left else text[: width - 1] + "…"


def table(rows: list[Row], width: int = WIDTH) -> str:
    """One line per site (where, rule, model, outcome before and after the fix, milliseconds), then what the fix
    changed and each failure's reason on lines of their own, all within ``width`` columns."""
    header = ("site", "rule", "model", "before -> after", "ms")
    lines = [header]
    for row in rows:
        model = f"{row.model_id} ({row.model_type})" if row.model_id and row.model_type else row.model_id
        if model is None:
            model = f"{row.written} (unresolved)" if row.written else "-"
        after = "skipped" if row.skipped is not None else _outcome(row.after)
        ms = f"{_ms(row.ms_before)} -> {_ms(row.ms_after)}" if row.skipped is None else "-"
        lines.append((row.where, row.rule, model, f"{_outcome(row.before)} -> {after}", ms))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    while sum(widths) + 2 * (len(widths) - 1) > width:  # narrow the widest of site and model
        column = 0 if widths[0] >= widths[2] else 2
        if widths[column] <= 16:
            break
        widths[column] -= 1
    out = []
    cut = False
    for number, line in enumerate(lines):
        cells = [_cut(cell, size, left=index == 0) for index, (cell, size) in enumerate(zip(line, widths, strict=True))]
        cut |= any(cell != text for cell, text in zip(cells, line, strict=True))
        out.append("  ".join(cell.ljust(size) for cell, size in zip(cells, widths, strict=True)).rstrip())
        if number == 0:
            continue
        for detail in _details(rows[number - 1], width - 4):
            out.append(_cut("    " + detail, width))
            cut |= len(detail) + 4 > width
    if cut:
        out.append(f"(cut to {width} columns: `--smoke-report FILE` keeps every text whole)")
    return "\n".join(out) + "\n"


def _details(row: Row, width: int) -> list[str]:
    """What the fix changed (class, device, dtype, where the model came from), as many to a line as ``width``
    holds, and the reason of each failure."""
    changed = [
        f"class {_change(row.class_before, row.class_after)}" if row.class_before or row.class_after else "",
        f"device {_change(row.device_before, row.device)}" if row.device else "",
        f"dtype {row.dtype}" if row.dtype else "",
        f"model from {row.source}" if row.source else "",
    ]
    details: list[str] = []
    for part in filter(None, changed):
        if details and len(details[-1]) + 2 + len(part) <= width:
            details[-1] += "; " + part
        else:
            details.append(part)
    if row.skipped is not None:
        details.append(f"skipped: {row.skipped}")
    for side, text in (("before", row.before), ("after", row.after)):
        if text is not None and text != "ok" and row.skipped is None:
            details.append(f"{side}: {text}")
    return details


def write_report(rows: list[Row], path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([asdict(row) for row in rows], handle, indent=2)
        handle.write("\n")


def main(argv: list[str] | None = None) -> int:
    """`automodel-smoke`: run the smoke test of every fixable site without fixing anything."""
    import argparse

    from lint_rules.files import discover
    from lint_rules.options import split_codes
    from lint_rules.runner import LINT, run
    from lint_rules.settings import Resolver, SettingsError

    parser = argparse.ArgumentParser(prog="automodel-smoke", description=main.__doc__)
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    parser.add_argument("--select", action="append", metavar="CODES")
    parser.add_argument("--target-transformers", metavar="X.Y")
    add_options(parser)
    args = parser.parse_args(argv)
    if not available():
        print(f"automodel-smoke: error: {INSTALL_HINT}", file=sys.stderr)
        return 2
    resolver = Resolver(select=split_codes(args.select), target=args.target_transformers)
    try:
        paths = list(discover(args.paths, resolver))
    except SettingsError as exc:
        print(f"automodel-smoke: error: {exc}", file=sys.stderr)
        return 2
    results = run(paths, resolver, LINT)
    return finish(collect_sites(results), args, sys.stdout)


def add_options(parser) -> None:
    parser.add_argument("--smoke-report", metavar="FILE", help="write the smoke results as JSON")
    parser.add_argument("--smoke-allow-large", action="store_true", help="also load real checkpoints over 2 GiB")
    parser.add_argument("--smoke-timeout", type=int, default=300, metavar="S", help="seconds per site (default 300)")
    parser.add_argument(
        "--smoke-memory-mb", type=int, default=8192, metavar="MB", help="memory cap per site on the CPU"
    )


def finish(sites, args, stream) -> int:
    """Run the sites, print the table (and write the report); 1 when a fixed site fails to run."""
    rows = run_sites(
        sites, timeout=args.smoke_timeout, memory_mb=args.smoke_memory_mb, allow_large=args.smoke_allow_large
    )
    stream.write(
        table(rows) if rows else "No site to smoke-test: no fix here changes a model's class, dtype or device.\n"
    )
    if args.smoke_report:
        write_report(rows, args.smoke_report)
    failed = [row for row in rows if row.failed]
    if failed:
        stream.write(f"{len(failed)} of {len(rows)} fixed sites failed to run.\n")
    return 1 if failed else 0
