"""SARIF 2.1.0, as GitHub code scanning takes it: the driver's rules, results with regions and fixes."""

from __future__ import annotations

import json
import os

from lint_rules import __version__
from lint_rules.registry import all_rules

LEVELS = {"security": "error", "correctness": "error", "suspicious": "warning", "performance": "warning"}


def _uri(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path))
    return (relative if not relative.startswith("..") else os.path.abspath(path)).replace(os.sep, "/")


def _region(start, end) -> dict:
    return {"startLine": start.row, "startColumn": start.column + 1, "endLine": end.row, "endColumn": end.column + 1}


def document(diagnostics) -> dict:
    rules = list(all_rules())
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": " ".join(rule.what_it_does.split())},
            "help": {"text": rule.explanation(), "markdown": rule.explanation()},
            "helpUri": rule.url(),
            "defaultConfiguration": {"level": LEVELS.get(rule.category, "warning"), "enabled": rule.default_enabled},
            "properties": {"tags": [rule.category], "fixAvailability": rule.fix_availability.value},
        }
        for rule in rules
    ]
    results = []
    for d in diagnostics:
        rule = rules[index[d.code]]
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS.get(rule.category, "warning"),
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.filename), "uriBaseId": "%SRCROOT%"},
                        "region": _region(d.start, d.end),
                    }
                }
            ],
        }
        if d.cell is not None:
            result["properties"] = {"cell": d.cell}
        elif d.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"{d.fix.message} ({d.fix.applicability.value})"},
                    "artifactChanges": [  # one per file: a settings module's dict key is another file's edit
                        {
                            "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
                            "replacements": [
                                {"deletedRegion": _region(e.start, e.end), "insertedContent": {"text": e.content}}
                                for e in d.fix.edits
                                if (e.path or d.filename) == path
                            ],
                        }
                        for path in dict.fromkeys(e.path or d.filename for e in d.fix.edits)
                    ],
                }
            ]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "automodel-lint",
                        "version": __version__,
                        "informationUri": "https://github.com/automodel-lint/automodel-lint",
                        "rules": driver_rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"uri": "file://" + os.path.abspath(".").replace(os.sep, "/") + "/"}
                },
                "results": results,
            }
        ],
    }


def write(diagnostics, stream) -> None:
    json.dump(document(diagnostics), stream, indent=2)
    stream.write("\n")
