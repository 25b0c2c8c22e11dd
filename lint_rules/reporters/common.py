"""What several formats share: display paths and the closing summary."""

from __future__ import annotations

import os

from lint_rules.diagnostics import Applicability, Diagnostic


def display_path(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def fix_marker(diagnostic: Diagnostic) -> str:
    fix = diagnostic.fix
    return "[*] " if fix is not None and fix.applicability is Applicability.SAFE else ""


def summary(diagnostics: list[Diagnostic], unchecked: int = 0) -> str:
    """The closing lines; ``unchecked`` files could not be checked (their errors are printed apart)."""
    files = f"{unchecked} file could not be checked" if unchecked == 1 else f"{unchecked} files could not be checked"
    if not diagnostics:
        return f"No findings in the files checked; {files}.\n" if unchecked else "All checks passed!\n"
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    noun = "error" if len(diagnostics) == 1 else "errors"
    lines = [f"Found {len(diagnostics)} {noun}" + (f"; {files}." if unchecked else ".")]
    if safe:
        lines.append(f"[*] {safe} fixable with `--fix` (or `automodel-codemod`).")
    if unsafe:
        lines.append(f"{unsafe} more fixable with `--fix --unsafe-fixes`.")
    return "\n".join(lines) + "\n"
