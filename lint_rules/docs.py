"""What is generated from the rules: the rule index (`lint_rules/rule_index.py`), the README's rule table
and a page per rule in docs/rules/. `python -m lint_rules.docs` writes all three; tests fail when they drift."""

from __future__ import annotations

import os
import sys

from lint_rules.registry import INDEX_FILE, all_rules, index_source
from lint_rules.rule import FixAvailability

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
RULE_DOCS = os.path.join(ROOT, "docs", "rules")
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
_FIX = {FixAvailability.ALWAYS: "yes", FixAvailability.SOMETIMES: "sometimes", FixAvailability.NONE: "no"}


def rule_table() -> str:
    rows = ["| Code | Name | What it finds | Fix | On by default |", "|---|---|---|---|---|"]
    for rule in all_rules():
        default = "yes" if rule.default_enabled else "no"
        code = f"[{rule.code}](docs/rules/{rule.code}.md)"
        rows.append(f"| {code} | `{rule.name}` | {rule.summary} | {_FIX[rule.fix_availability]} | {default} |")
    return "\n".join(rows) + "\n"


def readme_with_table(text: str) -> str:
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{rule_table()}{END}{after}"


def versions(rule) -> str:
    """The transformers releases a rule speaks about, from its own metadata."""
    parts = []
    if rule.applies_from is not None:
        parts.append(f"reported for targets from {rule.applies_from}")
    new_since = getattr(rule, "new_since", None)
    if new_since is not None:
        parts.append(f"the fix needs {new_since} or later")
    if rule.removed_in is not None:
        parts.append(f"the old form fails from {rule.removed_in}")
    return "; ".join(parts) if parts else "every release (judged against the target release's knowledge snapshot)"


def rule_page(rule) -> str:
    fixes = rule.fix_availability.adverb
    lines = [
        f"# {rule.code} `{rule.name}`",
        "",
        rule.summary + ".",
        "",
        "| | |",
        "|---|---|",
        f"| Fix | {fixes} available |",
        f"| On by default | {'yes' if rule.default_enabled else f'no: `--extend-select {rule.code}`'} |",
        f"| Category | {rule.category} |",
        f"| transformers releases | {versions(rule)} |",
        f"| Source | `{rule.metadata()['source_location']['file']}` |",
        "",
        rule.explanation().rstrip(),
        "",
    ]
    more = [example for example in rule.invalid[1:] if example.fixed or example.use_instead]
    if more:
        lines += ["## More examples", ""]
        for example in more:
            target = f" (target transformers {example.target})" if example.target else ""
            lines += [f"Flagged{target}:", "```python", example.code.strip(), "```", ""]
            lines += [
                "Fixed:" if example.fixed else "Use instead:",
                "```python",
                (example.fixed or example.use_instead).strip(),
                "```",
                "",
            ]
    lines += [
        "## Suppressing it",
        "",
        f'`# noqa: {rule.code}` on the reported line, or `ignore = ["{rule.code}"]` under `[tool.automodel-lint]`.',
        "",
    ]
    return "\n".join(lines)


def expected_pages() -> dict[str, str]:
    return {f"{rule.code}.md": rule_page(rule) for rule in all_rules()}


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` unless it holds it already, and say so."""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"{os.path.relpath(path, ROOT)}: written")


def main() -> int:
    """Everything derived from the rules: the rule index, the pages in docs/rules/, the README's table."""
    _write(INDEX_FILE, index_source())
    os.makedirs(RULE_DOCS, exist_ok=True)
    pages = expected_pages()
    for name in os.listdir(RULE_DOCS):
        if name.endswith(".md") and name not in pages:
            os.remove(os.path.join(RULE_DOCS, name))
    for name, text in pages.items():
        _write(os.path.join(RULE_DOCS, name), text)
    with open(README, encoding="utf-8") as handle:
        _write(README, readme_with_table(handle.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
