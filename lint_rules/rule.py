"""What a rule is: ruff-shaped metadata, messages by name, its own examples, and a visitor.

A rule module imports this and `lint_rules.context`; it never imports the engine or the registry,
which find rules by walking `lint_rules.rules`.
"""

from __future__ import annotations

import enum
import inspect
import os
import textwrap
from dataclasses import dataclass
from typing import ClassVar

from lint_rules.versions import Version

DOCS_URL = "https://github.com/automodel-lint/automodel-lint/blob/main/docs/rules/{code}.md"


class FixAvailability(enum.Enum):
    """Whether a rule's findings carry a fix, in ruff's words (its metadata's ``fix_availability``)."""

    ALWAYS = "Always"
    SOMETIMES = "Sometimes"
    NONE = "None"

    @property
    def sentence(self) -> str:
        return {"Always": "Fix is always available.", "Sometimes": "Fix is sometimes available."}.get(
            self.value, "Fix is not available."
        )

    @property
    def adverb(self) -> str:
        """How often, in a sentence of the rule's documentation."""
        return {"Always": "always", "Sometimes": "sometimes"}.get(self.value, "never")


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def source(text: str | None) -> str | None:
    """Example code as a rule writes it, triple-quoted at the rule's indentation: dedented, without
    the newline that follows the opening quotes."""
    return None if text is None else textwrap.dedent(text.removeprefix("\n"))


@dataclass(frozen=True)
class Valid:
    """Code the rule must not flag, under ``target`` (default: the newest known release) and the project's
    ``requirements`` (lines of a requirements file: `"torch==2.1.0"`; default: none), beside the ``checkpoints``
    it names (folders relative to the code's file, each with its `config.json`: `("ckpt", '{"model_type": ...}')`)."""

    code: str
    target: str | None = None
    requirements: tuple[str, ...] = ()
    checkpoints: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", source(self.code))


@dataclass(frozen=True)
class Invalid:
    """Code the rule must flag; ``fixed`` is the expected result of applying its fixes (unsafe too)."""

    code: str
    fixed: str | None = None  # None: no fix is offered
    target: str | None = None
    use_instead: str | None = None  # for the explanation when there is no fix to show
    requirements: tuple[str, ...] = ()  # the project's pins it runs under, as requirement lines
    checkpoints: tuple[tuple[str, str], ...] = ()  # folders beside the code, each with its config.json (as `Valid`)

    def __post_init__(self) -> None:
        for name in ("code", "fixed", "use_instead"):
            object.__setattr__(self, name, source(getattr(self, name)))


class Rule:
    """One check: metadata, a visitor over libcst nodes, and its own examples.

    Subclasses define ``visit_<Node>`` / ``leave_<Node>`` methods; the engine calls them for every
    enabled rule in one traversal. They report through ``self.ctx`` and never read files or print.
    Trivia (whitespace, commas, parentheses) is not visited, and ``visit_Name`` sees only names that
    refer to something: not an attribute's ``attr``, a keyword, an import alias or a definition's name.
    A rule may define ``interesting(identifier) -> bool``, a cheap test on a bare name: its
    ``visit_Name`` / ``visit_Attribute`` are then called only for the names (or ``attr``) it accepts.

    ``messages`` names each message a rule can give; ``self.message(name, **fields)`` formats one.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    messages: ClassVar[dict[str, str]]
    message_formats: ClassVar[tuple[str, ...]]  # the messages in order, as ruff's metadata lists them
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    category: ClassVar[str] = "correctness"
    default_enabled: ClassVar[bool] = True
    # Modules whose import the rule needs; a file that never mentions one is not parsed for it.
    modules: ClassVar[tuple[str, ...]] = ("transformers",)
    # The explanation, in ruff's sections; Example / Use instead come from the first invalid example.
    what_it_does: ClassVar[str]
    why_bad: ClassVar[str]
    fix_safety: ClassVar[str] = ""
    # transformers releases: the first the rule applies to, the first that accepts what the fix
    # writes, and the first without the old form.
    applies_from: ClassVar[Version | None] = None
    new_since: ClassVar[Version | None] = None
    removed_in: ClassVar[Version | None] = None
    valid: ClassVar[tuple[Valid, ...]] = ()
    invalid: ClassVar[tuple[Invalid, ...]] = ()
    since: ClassVar[str] = "0.1.0"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "messages" in cls.__dict__:
            cls.message_formats = tuple(cls.messages.values())

    def __init__(self, ctx) -> None:
        self.ctx = ctx

    def message(self, which: str, **fields) -> str:
        return self.messages[which].format(**fields)

    def report(self, node, message: str, fix=None, site: dict | None = None, seq: int | None = None) -> None:
        self.ctx.report(self, node, message, fix, site, seq)

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
        return cls.fix_availability.sentence

    @classmethod
    def metadata(cls) -> dict:
        """The keys of ``ruff rule --output-format json``, in its order."""
        return {
            "name": cls.name,
            "code": cls.code,
            "linter": "automodel-lint",
            "summary": cls.summary,
            "message_formats": list(cls.message_formats),
            "fix": cls.fix_sentence(),
            "fix_availability": cls.fix_availability.value,
            "explanation": cls.explanation(),
            "preview": False,
            "status": {"Stable": {"since": f"v{cls.since}"}},
            "category": cls.category,
            "source_location": {
                "file": os.path.relpath(inspect.getsourcefile(cls) or "", ROOT).replace(os.sep, "/"),
                "line": inspect.getsourcelines(cls)[1],
            },
        }
