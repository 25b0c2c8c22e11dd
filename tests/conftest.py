import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_cli(*args, cwd=None, env=None, module="lint_rules.cli"):
    """Run a front end in a fresh interpreter, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    # -P: the project's own files (a `copy.py`, a `json.py`) must not shadow the standard library,
    # as they cannot for the installed console scripts
    safe = ["-P"] if sys.version_info >= (3, 11) else []
    return subprocess.run(
        [sys.executable, *safe, "-m", module, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def cli():
    return run_cli
