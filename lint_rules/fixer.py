"""Apply the fixes that diagnostics carry: non-overlapping edits, pass after pass, to a fixed point;
a result that does not parse is refused."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lint_rules.diagnostics import Applicability, Diagnostic, Edit
from lint_rules.documents import Document, place
from lint_rules.engine import lint_source
from lint_rules.sources import SourceError, line_starts
from lint_rules.stack import Stack
from lint_rules.versions import Version

MAX_PASSES = 10


class FixError(SourceError):
    """Fixing went wrong (no fixed point, or an edit that breaks the syntax): leave the file alone."""


@dataclass
class FixResult:
    text: str
    applied: Counter = field(default_factory=Counter)  # findings the fixes resolved, by rule code
    remaining: list[Diagnostic] = field(default_factory=list)  # diagnostics left after fixing
    # fixes whose edits are all in another file of the project, with their finding: the pipeline applies them
    elsewhere: list[tuple[Edit, Diagnostic]] = field(default_factory=list)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``."""
    starts = line_starts(text)

    def offset(location) -> int:
        return starts[location.row - 1] + location.column

    pieces, cursor = [], 0
    for edit in sorted(edits, key=lambda e: (offset(e.start), offset(e.end))):
        begin, end = offset(edit.start), offset(edit.end)
        pieces.append(text[cursor:begin])
        pieces.append(edit.content)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
        return False
    return unsafe or fix.applicability is Applicability.SAFE


def fix_source(
    text: str, codes: frozenset[str], target: Version, unsafe: bool = False, filename: str = "<string>",
    floor: Version | None = None, stack: Stack | None = None, counts: dict | None = None,
) -> FixResult:  # fmt: skip
    """Apply fixes until none is left to apply; raises FixError when that fails. What it counts as applied is the
    findings resolved (found before, gone after), as ruff counts them: not the edits, since one fix may resolve
    several findings and a fix's result may need a second one."""
    found: Counter | None = None
    elsewhere: dict[tuple, tuple[Edit, Diagnostic]] = {}
    for _ in range(MAX_PASSES):
        diagnostics = lint_source(text, codes, target, filename, floor, stack=stack, counts=counts)
        if found is None:
            found = Counter(diagnostic.code for diagnostic in diagnostics)
        chosen, taken = [], []
        for diagnostic in diagnostics:
            if not applicable(diagnostic, unsafe):
                continue
            if any(edit.path for edit in diagnostic.fix.edits):  # another file's: the pipeline applies it
                if all(edit.path for edit in diagnostic.fix.edits):
                    for edit in diagnostic.fix.edits:
                        elsewhere.setdefault((edit.path, edit.start, edit.end, edit.content), (edit, diagnostic))
                continue
            spans = [(edit.start, edit.end) for edit in diagnostic.fix.edits]
            if any(_overlaps(span, other) for span in spans for other in taken):
                continue  # the next pass sees it again, on the text this pass produces
            taken.extend(spans)
            chosen.append(diagnostic)
        if not chosen:
            resolved = found - Counter(diagnostic.code for diagnostic in diagnostics)
            return FixResult(text, resolved, diagnostics, list(elsewhere.values()))
        new_text = apply_edits(text, [edit for diagnostic in chosen for edit in diagnostic.fix.edits])
        import libcst as cst  # only once there is something to fix: checking a file needs no libcst

        try:
            cst.parse_module(new_text)
        except cst.ParserSyntaxError as exc:
            codes_used = ", ".join(sorted({d.code for d in chosen}))
            raise FixError(
                f"fixes for {codes_used} would produce invalid code ({exc.message}); left unchanged"
            ) from None
        text = new_text
    raise FixError(f"fixes did not settle after {MAX_PASSES} passes; left unchanged")


def _overlaps(a, b) -> bool:
    """Two spans clash when they intersect, or when both are insertions at one point."""
    (a_start, a_end), (b_start, b_end) = a, b
    if a_start == a_end == b_start == b_end:
        return True
    return (
        a_start < b_end
        and b_start < a_end
        or (a_start == a_end and b_start < a_start < b_end)
        or (b_start == b_end and a_start < b_start < a_end)
    )


def fix_document(
    document: Document, path: str, codes: frozenset[str], target: Version, floor: Version | None = None,
    unsafe: bool = False, stack: Stack | None = None, counts: dict | None = None,
) -> tuple[str, FixResult]:  # fmt: skip
    """Fix every Python unit of a file (module, notebook cells, Markdown blocks); the new file text,
    the fixes applied and the diagnostics left (in the file's coordinates). ``counts`` gets what `lint_source`
    counts (the project modules read, under ``deps``)."""
    total, texts = FixResult(document.source.text), []
    for unit in document.units:
        if not unit.fixable:  # reported, never fixed (a Markdown page's `>>>` sessions)
            found = lint_source(unit.text, codes, target, path, floor, stack=stack, counts=counts)
            result = FixResult(unit.text, remaining=found)
        elif unit.text:
            result = fix_source(unit.text, codes, target, unsafe, path, floor, stack, counts)
        else:
            result = FixResult(unit.text)
        texts.append(result.text)
        total.applied.update(result.applied)
        total.remaining.extend(place(d, unit) for d in result.remaining)
        total.elsewhere.extend((edit, place(d, unit)) for edit, d in result.elsewhere)
    return document.rebuild(texts), total
