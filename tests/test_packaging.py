"""The wheel as users install it: what its metadata promises is in it."""

import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_the_wheel_carries_the_license_and_the_timeline_and_no_generator(tmp_path):
    # built from a copy: setuptools writes `build/` into the tree, and the suite runs under two Pythons at once
    source = tmp_path / "source"
    skipped = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".*cache*", "fixtures")
    shutil.copytree(ROOT, source, ignore=skipped)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("automodel_lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode()
        license_file = next(name for name in names if name.endswith("LICENSE"))
        assert "Apache License" in archive.read(license_file).decode()
    assert "Apache-2.0" in metadata
    assert "lint_rules/knowledge/data/timeline.json" in names
    assert not [name for name in names if name.startswith("tools/") or "/generate" in name]  # build-time only
