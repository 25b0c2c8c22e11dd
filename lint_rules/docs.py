"""Documentation generated from the registry: the README's rule table (`python -m lint_rules.docs`)."""

from __future__ import annotations

import os
import sys

from lint_rules.registry import all_rules

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
_FIX = {"Always": "yes", "Sometimes": "sometimes", "None": "no"}


def rule_table() -> str:
    rows = ["| Code | Name | What it finds | Fix | On by default |", "|---|---|---|---|---|"]
    for rule in all_rules():
        default = "yes" if rule.default_enabled else "no"
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.summary} | {_FIX[rule.fix_availability]} | {default} |")
    return "\n".join(rows) + "\n"


def readme_with_table(text: str) -> str:
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{rule_table()}{END}{after}"


def main() -> int:
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    updated = readme_with_table(text)
    if updated != text:
        with open(README, "w", encoding="utf-8") as handle:
            handle.write(updated)
        print("README.md: rule table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
