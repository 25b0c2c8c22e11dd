import importlib
import importlib.util as importlib_util
import io
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


# Front ends whose `main(argv)` the tests call in this process (a fresh interpreter costs a third of a second);
# a test about the process itself (an installed entry point's exit code, stdin, a signal) asks for one.
IN_PROCESS = ("lint_rules.cli", "codemods.cli")


def run_cli(*args, cwd=None, env=None, module="lint_rules.cli", process=False):
    """Run a front end as a user would: its `main(argv)` here, with the streams, the working folder and the
    environment it would have as a command, or, with ``process`` (or for a front end not in IN_PROCESS), in a
    fresh interpreter. Either way a CompletedProcess comes back."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    if process or module not in IN_PROCESS:
        command = [*front_end(module), *args]
        return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)
    return _in_process(module, list(args), cwd, full_env)


class _Stream(io.TextIOWrapper):
    """A standard stream that a test reads back, with the `.buffer` a command's stream has."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="")

    def text(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _in_process(module: str, argv: list[str], cwd, env: dict) -> subprocess.CompletedProcess:
    main = importlib.import_module(module).main
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    out, err = _Stream(), _Stream()
    os.environ.clear()
    os.environ.update(env)
    try:
        os.chdir(cwd or saved_cwd)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
            if isinstance(code, str):
                print(code, file=err)
                code = 1
        return subprocess.CompletedProcess([module, *argv], code or 0, out.text(), err.text())
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)


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


# What a test may not inherit from the machine: the developer's Hugging Face cache (a cached `config.json` names a
# model's type, which decides some rules' answers) and the folder pytest was started in (a relative model path is
# looked for there).
_HF_VARIABLES = ("HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE", "HF_DATASETS_CACHE")


@pytest.fixture(scope="session")
def _empty_places(tmp_path_factory):
    """An empty Hugging Face home and an empty working folder, shared by the session's tests (none writes there)."""
    return tmp_path_factory.mktemp("hf-home"), tmp_path_factory.mktemp("cwd")


@pytest.fixture(autouse=True)
def _hermetic(_empty_places, monkeypatch):
    """Every test starts with an empty Hugging Face cache and home and a fixed working folder; what the
    resolution of model ids remembered from an earlier test is forgotten."""
    from lint_rules.facts.models import resolve_model_id

    home, folder = _empty_places
    for name in _HF_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.chdir(folder)
    resolve_model_id.cache_clear()
    yield
    resolve_model_id.cache_clear()


def pytest_addoption(parser):
    parser.addoption("--network", action="store_true", help="also run the tests marked `network` (opt-in)")
    parser.addoption(
        "--update-snapshots", action="store_true", help="write tests/snapshots/ from what the rules report now"
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--network"):
        return
    skip = pytest.mark.skip(reason="asks the package index: opt in with --network")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
