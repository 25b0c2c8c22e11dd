"""Output formats for `automodel-lint check`, one module per format."""

from __future__ import annotations

from lint_rules.reporters import concise, full, github, gitlab, json_format, json_lines, junit, sarif

REPORTERS = {
    "concise": concise.write,
    "full": full.write,
    "json": json_format.write,
    "json-lines": json_lines.write,
    "sarif": sarif.write,
    "github": github.write,
    "gitlab": gitlab.write,
    "junit": junit.write,
}
# The formats that close with a summary line, which counts the files that could not be checked.
SUMMARIZED = frozenset({"concise", "full"})
