"""The one shape of a fact "keyword X of callables Y became Z": a `KeywordChange` row says which keyword of
which callables, when it changed, what replaces it (its ``action``, one of a few kinds, each with the data it
needs) and which rule reports it (``owner``). The rows live beside the rules' other knowledge
(`knowledge.keywords` for HF302-HF315, `knowledge.deprecations` for HF317); `knowledge.keywords.every_change`
gathers them, and a generic rule leaves a keyword that another rule owns to that rule.
"""

from __future__ import annotations

import enum
from dataclasses import KW_ONLY, dataclass

from lint_rules.versions import Version


class Recorded(enum.Enum):
    """A release the timeline records (read from the wheels), not written on the row."""

    TIMELINE = "as the timeline records"


@dataclass(frozen=True)
class Rename:
    """``old=value`` -> ``new=value``: the same value under the new name (unsafe where the meaning differs)."""

    new: str
    safe: bool = True
    ratio: bool = False  # ``new`` reads the value as a ratio only below 1: rename only a literal fraction


@dataclass(frozen=True)
class MapValues:
    """``old=<literal>`` -> ``new=<mapped literal>``, both written as code (`'"adafactor"'`, `"True"`); a literal
    mapped to "" is the default: the argument goes."""

    new: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MapFlags:
    """Two flags the old release read together (``partner``) -> one keyword: for each pair of literal values
    (None: not given), what ``new=`` says ("": the default, the flags simply go)."""

    new: str
    flags: tuple[tuple[bool | None, bool | None, str], ...]
    partner: str | None = None

    def flagged(self, own: bool | None, partner: bool | None) -> str | None:
        return next((value for first, second, value in self.flags if (first, second) == (own, partner)), None)


@dataclass(frozen=True)
class StripPrefix:
    """``new="prefix|value"`` -> ``new="value"``: a string value loses a prefix the release no longer needs."""

    new: str
    prefix: str


@dataclass(frozen=True)
class Remove:
    """The argument goes: safely for the literal values of ``safe_for`` ("*": any), and, where ``otherwise``, as an
    unsafe fix for other values (what it asked for is lost)."""

    safe_for: tuple[str, ...] = ("*",)
    otherwise: bool = False


@dataclass(frozen=True)
class MoveInto:
    """``old=value`` -> ``keyword={"key": value}`` (unsafe: a dict the call builds elsewhere is not merged)."""

    keyword: str
    key: str


@dataclass(frozen=True)
class ToEnvironment:
    """The release reads ``variable`` instead: the value moves there; where it cannot, removing it is unsafe."""

    variable: str


@dataclass(frozen=True)
class Advise:
    """No fix: the row's advice says what to do."""


ADVISE = Advise()


Action = Rename | MapValues | MapFlags | StripPrefix | Remove | MoveInto | ToEnvironment | Advise


@dataclass(frozen=True)
class KeywordChange:
    """What releases did to one keyword argument of some transformers callables, what replaces it (``action``),
    and which rule reports it (``owner``): a generic rule leaves a keyword another rule owns to that rule."""

    old: str
    # The callables that take it, by the last part of their path ("TrainingArguments",
    # "from_pretrained") or by the whole ("AutoTokenizer.from_pretrained"); empty: every transformers callable.
    callees: frozenset[str]
    _: KW_ONLY
    action: Action
    owner: str  # the code of the rule that reports it
    # first release without it (or that ignores it); None: none yet. Every row says it: a forgotten release is an
    # error, not a silent claim on 5.0
    removed_in: Version | None | Recorded
    new_since: Version | None = None  # first release that accepts the new keyword
    deprecated_in: Version | None | Recorded = None  # first release that warns about ``old``
    effect: str = "a TypeError"  # what ``old`` does in ``removed_in`` and later
    advice: str = ""  # what to do when no fix can say it
    when: tuple[str, ...] | None = None  # the literal values the change is about (None: any value)

    @property
    def new(self) -> str | None:
        """The keyword that replaces it, where one does."""
        return getattr(self.action, "new", None)

    def replacement(self) -> str:
        return f"use `{self.new}=`" if self.new and self.new != self.old else self.advice
