"""The ecosystem check on pinned releases of real packages: no crash, every fix parses, a second
pass changes nothing, and the counts per rule are the stored ones (ecosystem/counts.json)."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.ecosystem
def test_pinned_releases_of_real_packages():
    script = os.path.join(ROOT, "ecosystem", "run.py")
    result = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=1800, cwd=ROOT)
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert result.returncode == 0 and not problems, "\n".join(problems) or result.stderr[-2000:]


@pytest.mark.ecosystem
def test_real_world_corpus():
    """Public tutorial and application code (../shared/corpus): no crash, no fix that breaks a file, a
    second pass that changes nothing, the stored counts per rule and archive, and the recall goal."""
    sys.path.insert(0, os.path.join(ROOT, "ecosystem"))
    from corpus import archives, corpus_dir

    if not archives():
        pytest.skip(f"no corpus archives in {corpus_dir()}")
    script = os.path.join(ROOT, "ecosystem", "corpus.py")
    result = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=1800, cwd=ROOT)
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert result.returncode == 0 and not problems, "\n".join(problems) or result.stderr[-2000:]
