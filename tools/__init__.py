"""Build-time tools of the repository, not shipped in the wheel: the generators of `lint_rules/knowledge/data`."""
