"""The `load_dataset` builders table: generated from the released `datasets` wheels it names, and read by HF404."""

import json
import os
import subprocess
import sys

import pytest

from lint_rules.knowledge.builders import DATA, local_builders, table

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "wheels")


def _wheel(version: str) -> str:
    name = f"datasets-{version}-py3-none-any.whl"
    path = os.path.join(CACHE, name)
    if not os.path.exists(path):
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", f"datasets=={version}", "-d", CACHE],
            capture_output=True, timeout=300,
        )  # fmt: skip
        if result.returncode != 0 or not os.path.exists(path):
            pytest.skip(f"datasets {version} cannot be downloaded here")
    return path


def test_stored_table_matches_the_wheels():
    with open(DATA, encoding="utf-8") as handle:
        stored = json.load(handle)
    assert table([_wheel(version) for version in stored["releases"]]) == stored, (
        "builders drifted: `python -m lint_rules.knowledge.builders <the wheels>`"
    )


def test_builders_are_names_not_repositories():
    assert {"json", "csv", "parquet", "text", "imagefolder", "audiofolder"} <= local_builders()
    assert not {"glue", "imdb", "squad"} & local_builders()
