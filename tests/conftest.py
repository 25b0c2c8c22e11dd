import importlib.util as importlib_util
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


NEWEST_VENVS = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "newest")


def newest_transformers() -> tuple[str, str]:
    """(a Python, the transformers package folder it imports) for the newest transformers release the knowledge
    holds: this interpreter when that release is installed, else a venv beside it (its site packages: torch,
    huggingface_hub, ...) with that release installed alone, built once under ~/.cache/automodel-lint/newest.
    The release goes in without its dependencies: a newest release may name one the package index does not have
    yet (transformers 5.25 requires kernels 0.19, which only matters for hub kernels)."""
    from importlib import metadata

    from lint_rules.versions import newest_known

    release = str(newest_known())
    release = release if release.count(".") == 2 else f"{release}.0"
    here = metadata.version("transformers") if _installed("transformers") else None
    if here == release:
        return sys.executable, os.path.dirname(importlib_util.find_spec("transformers").origin)
    folder = os.path.join(NEWEST_VENVS, f"transformers-{release}")
    python = os.path.join(folder, "bin", "python")
    shown = "import os, transformers; print(os.path.dirname(transformers.__file__), transformers.__version__)"
    probe = [python, "-c", shown]
    found = subprocess.run(probe, capture_output=True, text=True) if os.path.exists(python) else None
    if found is None or found.returncode != 0 or not found.stdout.strip().endswith(release):
        subprocess.run([sys.executable, "-m", "venv", "--clear", "--system-site-packages", folder], check=True)
        install = [python, "-m", "pip", "install", "-q", "--no-deps", f"transformers=={release}"]
        subprocess.run(install, check=True, capture_output=True, timeout=600)
        found = subprocess.run(probe, capture_output=True, text=True, check=True)
    return python, found.stdout.split()[0]


def _installed(module: str) -> bool:
    return importlib_util.find_spec(module) is not None


def pytest_addoption(parser):
    parser.addoption("--network", action="store_true", help="also run the tests marked `network` (opt-in)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--network"):
        return
    skip = pytest.mark.skip(reason="asks the package index: opt in with --network")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
