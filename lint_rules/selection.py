"""Which rules run: ruff's select / extend-select / ignore by code or prefix, read from the rule index
(so selecting rules imports neither the rules nor libcst)."""

from __future__ import annotations

from lint_rules.rule_index import INDEX


class SelectionError(ValueError):
    pass


def modules_for(code: str) -> tuple[str, ...]:
    """The modules whose import rule ``code`` needs."""
    return INDEX[code][2]


def default_codes() -> frozenset[str]:
    return frozenset(code for code, (_, default, _) in INDEX.items() if default)


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
        codes = set(default_codes())
    else:
        codes = set().union(*(_matching(item) for item in select)) if select else set()
    for item in extend_select or ():
        codes |= _matching(item)
    for item in ignore or ():
        codes -= _matching(item)
    return frozenset(codes)
