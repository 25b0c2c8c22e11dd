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


def summary(diagnostics: list[Diagnostic], unchecked: int = 0, checked: str | None = None) -> str:
    """The closing lines; ``unchecked`` files could not be checked (their errors are printed apart); ``checked``:
    what was checked against the target (a line of its own, first)."""
    files = f"{unchecked} file could not be checked" if unchecked == 1 else f"{unchecked} files could not be checked"
    first = f"{checked}\n" if checked else ""
    if not diagnostics:
        return first + (f"No findings in the files checked; {files}.\n" if unchecked else "All checks passed!\n")
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    noun = "error" if len(diagnostics) == 1 else "errors"
    lines = [f"Found {len(diagnostics)} {noun}" + (f"; {files}." if unchecked else ".")]
    if safe:
        lines.append(f"[*] {safe} fixable with `--fix` (or `automodel-codemod`).")
    if unsafe:
        lines.append(f"{unsafe} more fixable with `--fix --unsafe-fixes`.")
    return first + "\n".join(lines) + "\n"


def checked_line(uses: int, missing: int, target: str) -> str:
    """How many uses of transformers and its stack were checked against the target, and how many it lacks: a
    clean run says what it covered (and a run that met none of them says so)."""
    if not uses:
        packages = "transformers, huggingface_hub, datasets, peft or trl"
        return f"No use of {packages} found: nothing was checked against {target}."
    noun = "use" if uses == 1 else "uses"
    return f"Checked {uses} {noun} of transformers and its stack against {target}: {missing} missing or changed there."
