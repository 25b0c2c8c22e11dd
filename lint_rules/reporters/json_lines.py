"""One JSON object per line, each as in the `json` format."""

from __future__ import annotations

import json

from lint_rules.reporters.json_format import record


def write(diagnostics, stream) -> None:
    for d in diagnostics:
        stream.write(json.dumps(record(d)) + "\n")
