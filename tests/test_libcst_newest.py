"""The newest libcst on the package index, beside the one installed.

pyproject.toml bounds libcst below its next minor release, because positions come from its private code
generation (`lint_rules/positions.py`, which fails loudly when that changes). In the full run this test installs
the newest libcst the index has (inside the bound or past it) into a venv of its own beside the installed
packages, and runs there the tests that depend on libcst's workings: positions against libcst's own provider,
every rule's examples against their snapshots. When it passes past the bound, the bound can move.
"""

import os
import subprocess
import sys

import pytest

from conftest import ROOT

VENV = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "newest-libcst")


@pytest.mark.slow
def test_the_newest_libcst_gives_the_same_positions_and_findings():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", VENV], check=True)
    install = [python, "-m", "pip", "install", "-q", "--upgrade", "--retries", "1", "--timeout", "30", "libcst"]
    if subprocess.run(install, capture_output=True, timeout=600).returncode != 0:
        pytest.skip("the package index cannot be reached")
    shown = subprocess.run(
        [python, "-c", "import libcst, importlib.metadata as m; print(m.version('libcst'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    tests = [os.path.join(ROOT, "tests", name) for name in ("test_positions.py", "test_rules.py")]
    env = {**os.environ, "PYTHONPATH": ROOT}
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, f"libcst {shown}:\n{done.stdout[-3000:]}"
