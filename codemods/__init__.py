"""`automodel-codemod` (fixes across a repository) and the smoke harness that proves them: front ends
of the engine in `lint_rules`, which never imports this package."""
