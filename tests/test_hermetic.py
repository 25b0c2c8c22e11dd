"""The suite does not depend on the machine it runs on: a Hugging Face cache holding a misleading `config.json` for
the models the fixtures name, and a folder of that name where pytest starts, change no test's outcome."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

# Models the fixtures and rule examples name, each cached as a type it is not.
MISLEADING = {"t5-small": "gpt2", "gpt2": "t5", "bert-base-uncased": "t5", "google/flan-t5-small": "gpt2"}


@pytest.mark.slow
def test_a_misleading_hugging_face_cache_and_working_folder_change_no_outcome(tmp_path):
    snapshot = "0" * 40
    for model_id, wrong in MISLEADING.items():
        repo = tmp_path / "hf" / "hub" / ("models--" + model_id.replace("/", "--"))
        (repo / "snapshots" / snapshot).mkdir(parents=True)
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text(snapshot)
        (repo / "snapshots" / snapshot / "config.json").write_text(json.dumps({"model_type": wrong}))
        local = tmp_path / model_id  # `from_pretrained("t5-small")` also looks in the working folder
        local.mkdir(parents=True)
        (local / "config.json").write_text(json.dumps({"model_type": wrong}))
    tests = [os.path.join(ROOT, "tests", name) for name in ("test_rules.py", "test_fixtures.py", "test_models.py")]
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", ROOT, *tests]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
