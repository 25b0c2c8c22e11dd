"""What a rule reports: a diagnostic, and the fix it may carry."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Applicability(str, enum.Enum):
    """How far a fix may be trusted, with ruff's three tiers."""

    SAFE = "safe"  # keeps the meaning of the code in the target release
    UNSAFE = "unsafe"  # likely right, but may change behaviour
    DISPLAY_ONLY = "display-only"  # shown as a suggestion, never applied


class Location(NamedTuple):
    """A point in a source unit: 1-based row, 0-based column in characters."""

    row: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text between two locations with ``content`` (in notebook cell ``cell``'s rows, if any); an edit
    of another file of the project names it (``path``) and the digest of the bytes it was made for."""

    start: Location
    end: Location
    content: str
    cell: int | None = None
    path: str | None = None
    digest: str | None = None


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    message: str
    start: Location
    end: Location
    fix: Fix | None = None
    filename: str = ""
    cell: int | None = None
    url: str | None = field(default=None, compare=False)
    # For fixes that change a model's class, dtype or device: what the smoke harness needs to try both
    # (model id and type, and the class / dtype / device before and after the fix).
    site: dict | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        return (self.filename, self.cell or 0, self.start, self.code)


def to_record(diagnostic: Diagnostic) -> list:
    """A compact, JSON-ready form of a diagnostic (for the cache and worker processes)."""
    fix = diagnostic.fix
    return [
        diagnostic.code,
        diagnostic.name,
        diagnostic.message,
        [*diagnostic.start],
        [*diagnostic.end],
        None
        if fix is None
        else [
            fix.applicability.value,
            fix.message,
            [[*e.start, *e.end, e.content, e.cell, *((e.path, e.digest) if e.path else ())] for e in fix.edits],
        ],
        diagnostic.url,
        diagnostic.cell,
        diagnostic.site,
    ]


def from_record(record: list, filename: str) -> Diagnostic:
    code, name, message, start, end, fix, url, cell, site = record
    if fix is not None:
        applicability, fix_message, edits = fix
        fix = Fix(
            Applicability(applicability),
            fix_message,
            tuple(
                Edit(Location(a, b), Location(c, d), content, cell, *elsewhere)
                for a, b, c, d, content, cell, *elsewhere in edits
            ),
        )
    return Diagnostic(code, name, message, Location(*start), Location(*end), fix, filename, cell, url, site)
