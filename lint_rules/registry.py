"""Every rule, found by walking `lint_rules.rules` (as Fixit does): a module named for its code
(`hf2_device/hf203_move_after_device_map.py`) holds exactly one rule. Importing the rules imports
libcst, so the lint path asks only when a file needs them; selection and the pre-filter read
`lint_rules/rule_index.py`, which `python -m lint_rules.docs` writes from the rules found here."""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import re

from lint_rules import rules as rules_package
from lint_rules.rule import Rule

RULE_MODULE = re.compile(r"^hf(\d{3})_[a-z0-9_]+$")
INDEX_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rule_index.py")


def rule_modules() -> list[str]:
    """The dotted names of the modules that hold a rule, in code order."""
    found = []
    for info in pkgutil.walk_packages(rules_package.__path__, rules_package.__name__ + "."):
        if RULE_MODULE.match(info.name.rsplit(".", 1)[-1]):
            found.append(info.name)
    return sorted(found, key=lambda name: name.rsplit(".", 1)[-1])


def rules_in(module) -> list[type[Rule]]:
    """The rules a module defines (not those it imports, nor shapes without a code), in source order."""
    return [value for value in vars(module).values() if _is_rule(value) and value.__module__ == module.__name__]


def _is_rule(value) -> bool:
    return isinstance(value, type) and issubclass(value, Rule) and "code" in value.__dict__


@functools.cache
def all_rules() -> tuple[type[Rule], ...]:
    """The rule classes in code order (importing them imports libcst)."""
    found = [rule for name in rule_modules() for rule in rules_in(importlib.import_module(name))]
    return tuple(sorted(found, key=lambda rule: rule.code))


@functools.cache
def _by_code() -> dict[str, type[Rule]]:
    return {rule.code: rule for rule in all_rules()}


def rule_by_code(code: str) -> type[Rule] | None:
    return _by_code().get(code.upper())


def rule_classes(codes) -> list[type[Rule]]:
    by_code = _by_code()
    return [by_code[code] for code in sorted(codes) if code in by_code]


def _row(rule: type[Rule]) -> str:
    modules = ", ".join(f'"{module}"' for module in rule.modules) + ("," if len(rule.modules) == 1 else "")
    return f'    "{rule.code}": ("{rule.name}", {rule.default_enabled}, ({modules})),\n'


def index_source() -> str:
    """The text of `lint_rules/rule_index.py` for the rules found."""
    rows = "".join(_row(rule) for rule in all_rules())
    return (
        '"""Every rule by code, without importing it: its name, whether it is on by default, and the modules\n'
        "it needs. Selecting rules and pre-filtering files need no more, so the lint path imports the rule\n"
        "modules (and libcst) only for a file some rule can fire in.\n\n"
        'Generated from the rules by `python -m lint_rules.docs`; a test fails when it drifts."""\n\n'
        "# code: (name, on by default, modules whose import the rule needs)\n"
        f"INDEX: dict[str, tuple[str, bool, tuple[str, ...]]] = {{\n{rows}}}\n"
    )
