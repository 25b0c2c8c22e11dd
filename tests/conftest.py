import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def front_end(module: str = "lint_rules.cli") -> list[str]:
    """The command that starts ``module`` as the installed console scripts do: the project's own files (a
    `copy.py`, a `json.py`) must not shadow the standard library. -P, or before Python 3.11 the same by hand."""
    if sys.version_info >= (3, 11):
        return [sys.executable, "-P", "-m", module]
    code = f"import runpy, sys; del sys.path[0]; runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    return [sys.executable, "-c", code]


def run_cli(*args, cwd=None, env=None, module="lint_rules.cli"):
    """Run a front end in a fresh interpreter, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    command = [*front_end(module), *args]
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def cli():
    return run_cli
