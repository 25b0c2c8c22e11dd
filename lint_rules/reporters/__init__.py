"""Output formats for `automodel-lint check`, one module per format."""

from __future__ import annotations

from lint_rules.reporters import concise, full, json_format

REPORTERS = {
    "concise": concise.write,
    "full": full.write,
    "json": json_format.write,
}
