"""GitLab Code Quality report (a JSON list of issues with a stable fingerprint each)."""

from __future__ import annotations

import hashlib
import json

from lint_rules.reporters.common import display_path

SEVERITY = {"security": "critical", "correctness": "major", "suspicious": "minor", "performance": "minor"}


def write(diagnostics, stream) -> None:
    from lint_rules.registry import rule_by_code

    issues = []
    for d in diagnostics:
        path = display_path(d.filename)
        digest = hashlib.sha256(
            f"{d.code}|{path}|{d.cell}|{d.start.row}|{d.start.column}|{d.message}".encode()
        ).hexdigest()
        rule = rule_by_code(d.code)
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": f"{d.code} {d.name}",
                "fingerprint": digest,
                "severity": SEVERITY.get(rule.category if rule else "", "minor"),
                "location": {"path": path, "lines": {"begin": d.start.row, "end": d.end.row}},
            }
        )
    json.dump(issues, stream, indent=2)
    stream.write("\n")
