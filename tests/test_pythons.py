"""The lint path's tests under every other supported Python the machine has.

`requires-python` says 3.10 and up; the main run covers the Python that runs it. For each other supported
version found (`python3.X` on PATH, or pyenv's `versions/3.X.*`), a venv of its own (kept under
``~/.cache/automodel-lint/pythons/``, one per version, rebuilt when pyproject.toml changes) gets this checkout installed
editable with the `lint-test` extra, and pytest runs there every test that needs neither torch nor
transformers and is not slow (``-m "not models and not ecosystem and not slow"``: the slow ones are about the
machine, a wheel built, pre-commit installed, a venv for the newest libcst, the generators' drift, and run once
under the main Python). A version the machine lacks is skipped, saying where it was looked for. The versions run
side by side, one per core.
"""

from __future__ import annotations

import concurrent.futures
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT

SUPPORTED = ("3.10", "3.11", "3.12", "3.13", "3.14")
OTHERS = [version for version in SUPPORTED if version != f"{sys.version_info.major}.{sys.version_info.minor}"]
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "pythons")
PYENV = os.environ.get("PYENV_ROOT") or os.path.join(os.path.expanduser("~"), ".pyenv")
pytestmark = pytest.mark.pythons
INNER = "AUTOMODEL_LINT_OTHER_PYTHON"  # set in the runs below, so that they do not start runs of their own


def interpreter(version: str) -> str | None:
    """A working `python<version>`: on PATH (a pyenv shim counts only if it runs), else pyenv's newest."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.join(PYENV, "versions", f"{version}.*", "bin", f"python{version}")))[::-1]
    for candidate in filter(None, candidates):
        check = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True)
        if check.returncode == 0 and check.stdout.decode().strip() == str(tuple(map(int, version.split(".")))):
            return candidate
    return None


def venv_for(version: str, python: str) -> str:
    """The venv's interpreter, installed now when pyproject.toml changed since it was built."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        key = hashlib.sha256(handle.read() + ROOT.encode()).hexdigest()[:12]
    folder = os.path.join(CACHE, f"{version}-{key}")
    executable = os.path.join(folder, "bin", "python")
    if not os.path.exists(os.path.join(folder, "installed")):
        for stale in glob.glob(os.path.join(CACHE, f"{version}-*")):  # an older pyproject's, or this one half-built
            shutil.rmtree(stale, ignore_errors=True)
        for command in (
            [python, "-m", "venv", folder],
            [executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", f"{ROOT}[lint-test]"],
        ):
            done = subprocess.run(command, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        open(os.path.join(folder, "installed"), "w").close()
    return executable


def run_lint_path_tests(version: str, python: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    executable = venv_for(version, python)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    selection = "not models and not ecosystem and not slow"
    command = [executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", selection]
    done = subprocess.run(
        command, cwd=ROOT, env={**env, INNER: version}, capture_output=True, text=True, timeout=1500
    )  # fmt: skip
    return done, time.monotonic() - started


FOUND = {version: interpreter(version) for version in OTHERS} if INNER not in os.environ else {}


@pytest.fixture(scope="module")
def runs():
    """Every found version's run, started together (two at a time)."""
    found = {version: python for version, python in FOUND.items() if python}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {version: pool.submit(run_lint_path_tests, version, python) for version, python in found.items()}
        return {version: future.result() for version, future in futures.items()}


@pytest.mark.skipif(INNER in os.environ, reason="already a run under another Python")
@pytest.mark.parametrize("version", OTHERS)
def test_lint_path_tests_pass_under(version, runs):
    if FOUND[version] is None:
        pytest.skip(f"Python {version} is not on this machine (looked for python{version} on PATH and in {PYENV})")
    done, seconds = runs[version]
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    print(f"Python {version}: {summary} ({seconds:.0f} s with its venv)")
    assert done.returncode == 0, f"under Python {version}:\n{done.stdout[-6000:]}{done.stderr[-3000:]}"
