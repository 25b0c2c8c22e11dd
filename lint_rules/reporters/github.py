"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from lint_rules.reporters.common import display_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write(diagnostics, stream) -> None:
    for d in diagnostics:
        where = (
            f"file={_property(display_path(d.filename))},line={d.start.row},col={d.start.column + 1},"
            f"endLine={d.end.row},endColumn={d.end.column + 1}"
        )
        cell = f" (cell {d.cell})" if d.cell is not None else ""
        stream.write(
            f"::error title={_property(f'{d.code} ({d.name})')},{where}::{_data(f'{d.code} {d.message}{cell}')}\n"
        )
