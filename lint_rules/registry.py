"""The rule base class, its ruff-shaped metadata, and selection of rules by code prefix."""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from typing import ClassVar

from lint_rules.rule_index import INDEX
from lint_rules.versions import Version

DOCS_URL = "https://github.com/automodel-lint/automodel-lint/blob/main/docs/rules/{code}.md"


@dataclass(frozen=True)
class Valid:
    """Code the rule must not flag, under ``target`` (default: the newest known release)."""

    code: str
    target: str | None = None


@dataclass(frozen=True)
class Invalid:
    """Code the rule must flag; ``fixed`` is the expected result of applying its fixes (unsafe too)."""

    code: str
    fixed: str | None = None  # None: no fix is offered
    target: str | None = None
    use_instead: str | None = None  # for the explanation when there is no fix to show


class Rule:
    """One check: metadata, a visitor over libcst nodes, and its own examples.

    Subclasses define ``visit_<Node>`` / ``leave_<Node>`` methods; the engine calls them for every
    enabled rule in one traversal. They report through ``self.ctx`` and never read files or print.
    Trivia (whitespace, commas, parentheses) is not visited, and ``visit_Name`` sees only names that
    refer to something: not an attribute's ``attr``, a keyword, an import alias or a definition's name.
    A rule may define ``interesting(identifier) -> bool``, a cheap test on a bare name: its
    ``visit_Name`` / ``visit_Attribute`` are then called only for the names (or ``attr``) it accepts.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    message_formats: ClassVar[tuple[str, ...]]
    fix_availability: ClassVar[str] = "None"  # "Always" | "Sometimes" | "None", as ruff says
    category: ClassVar[str] = "correctness"
    default_enabled: ClassVar[bool] = True
    # Modules whose import the rule needs; a file that never mentions one is not parsed for it.
    modules: ClassVar[tuple[str, ...]] = ("transformers",)
    # The explanation, in ruff's sections; Example / Use instead come from the first invalid example.
    what_it_does: ClassVar[str]
    why_bad: ClassVar[str]
    fix_safety: ClassVar[str] = ""
    # transformers releases: the first the rule applies to, and the first without the old form.
    applies_from: ClassVar[Version | None] = None
    removed_in: ClassVar[Version | None] = None
    valid: ClassVar[tuple[Valid, ...]] = ()
    invalid: ClassVar[tuple[Invalid, ...]] = ()
    since: ClassVar[str] = "0.1.0"

    def __init__(self, ctx) -> None:
        self.ctx = ctx

    def report(self, node, message: str, fix=None, site: dict | None = None) -> None:
        self.ctx.report(self, node, message, fix, site)

    # ---- metadata -----------------------------------------------------------------------------
    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(code=cls.code)

    @classmethod
    def explanation(cls) -> str:
        parts = [f"## What it does\n{cls.what_it_does.strip()}\n", f"## Why is this bad?\n{cls.why_bad.strip()}\n"]
        example = cls.invalid[0] if cls.invalid else None
        if example is not None:
            parts.append(f"## Example\n```python\n{example.code.strip()}\n```\n")
            better = example.fixed or example.use_instead
            if better:
                parts.append(f"Use instead:\n```python\n{better.strip()}\n```\n")
        if cls.fix_safety:
            parts.append(f"## Fix safety\n{cls.fix_safety.strip()}\n")
        return "\n".join(parts)

    @classmethod
    def fix_sentence(cls) -> str:
        return {
            "Always": "Fix is always available.",
            "Sometimes": "Fix is sometimes available.",
            "None": "Fix is not available.",
        }[cls.fix_availability]

    @classmethod
    def metadata(cls) -> dict:
        """The keys of ``ruff rule --output-format json``, in its order."""
        source = inspect.getsourcefile(cls) or ""
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        return {
            "name": cls.name,
            "code": cls.code,
            "linter": "automodel-lint",
            "summary": cls.summary,
            "message_formats": list(cls.message_formats),
            "fix": cls.fix_sentence(),
            "fix_availability": cls.fix_availability,
            "explanation": cls.explanation(),
            "preview": False,
            "status": {"Stable": {"since": f"v{cls.since}"}},
            "category": cls.category,
            "source_location": {
                "file": os.path.relpath(source, root).replace(os.sep, "/"),
                "line": inspect.getsourcelines(cls)[1],
            },
        }


def all_rules() -> tuple[type[Rule], ...]:
    """The rule classes (importing them imports libcst: the lint path asks only when it must)."""
    from lint_rules.rules import RULES

    return RULES


def rule_by_code(code: str) -> type[Rule] | None:
    return next((rule for rule in all_rules() if rule.code == code.upper()), None)


def rule_classes(codes) -> list[type[Rule]]:
    return [rule for rule in all_rules() if rule.code in codes]


def modules_for(code: str) -> tuple[str, ...]:
    return INDEX[code][2]


class SelectionError(ValueError):
    pass


def _matching(prefix: str) -> set[str]:
    prefix = prefix.strip().upper()
    codes = set(INDEX)
    if prefix == "ALL":
        return codes
    matched = {code for code in codes if code.startswith(prefix)}
    if not matched or not prefix.startswith("HF"):
        raise SelectionError(f"unknown rule selector {prefix!r}: use a code such as HF302 or a prefix such as HF3")
    return matched


def select_codes(
    select: list[str] | None = None, extend_select: list[str] | None = None, ignore: list[str] | None = None
) -> frozenset[str]:
    """ruff's semantics: ``select`` replaces the default set, ``extend-select`` adds, ``ignore`` removes.

    A selector is a code or a prefix (``HF3``, ``HF``, ``ALL``); naming a prefix enables the rules
    under it that are off by default too.
    """
    if select is None:
        codes = {code for code, (_, default, _) in INDEX.items() if default}
    else:
        codes = set().union(*(_matching(item) for item in select)) if select else set()
    for item in extend_select or ():
        codes |= _matching(item)
    for item in ignore or ():
        codes -= _matching(item)
    return frozenset(codes)
