"""The target release from the project's own pin: the newest admitted decides what is reported, the
oldest admitted whether a fix may be offered."""

import json

import pytest

from conftest import run_cli
from lint_rules.pins import find_pin, parse_spec
from lint_rules.settings import resolve
from lint_rules.versions import NEWEST_KNOWN, Version


@pytest.mark.parametrize(
    ("spec", "newest", "oldest"),
    [
        ("==4.40.2", Version(4, 40, 2), Version(4, 40, 2)),
        (">=4.41", NEWEST_KNOWN, Version(4, 41)),
        (">=4.30,<5", Version(4, 999, 999), Version(4, 30)),
        (">=4.41.0, <4.50", Version(4, 49, 999), Version(4, 41)),
        ("~=4.38", Version(4, 999, 999), Version(4, 38)),
        ("~=4.38.1", Version(4, 38, 999), Version(4, 38, 1)),
        ("^4.40", Version(4, 999, 999), Version(4, 40)),
        ("<5", Version(4, 999, 999), None),
    ],
)
def test_specifiers(spec, newest, oldest):
    assert parse_spec(spec) == (newest, oldest)


@pytest.mark.parametrize("spec", ["", "!=4.1", "latest"])
def test_unusable_specifiers(spec):
    assert parse_spec(spec) is None


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "pyproject.toml",
            '[project]\nname = "x"\ndependencies = ["torch", "transformers[torch]>=4.45,<5"]\n',
            (Version(4, 999, 999), "pyproject.toml"),
        ),
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\ntransformers = "^4.40"\n',
            (Version(4, 999, 999), "pyproject.toml"),
        ),
        (
            "requirements.txt",
            "transformers-stream-generator==0.0.5\ntransformers==4.44.2  # pinned\n",
            (Version(4, 44, 2), "requirements.txt"),
        ),
        ("requirements-dev.txt", "transformers~=4.38\n", (Version(4, 999, 999), "requirements-dev.txt")),
        (
            "setup.cfg",
            "[options]\ninstall_requires =\n    numpy\n    transformers>=4.41\n",
            (NEWEST_KNOWN, "setup.cfg"),
        ),
    ],
)
def test_pin_files(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content)
    (tmp_path / "src").mkdir()
    pin = find_pin(str(tmp_path / "src"))
    assert (pin.newest, pin.source) == expected


def test_flag_and_config_win_over_the_pin(tmp_path):
    (tmp_path / "requirements.txt").write_text("transformers==4.44.2\n")
    assert resolve(str(tmp_path)).target == Version(4, 44, 2)
    assert resolve(str(tmp_path), target="5.0").target == Version(5, 0)


def test_a_fix_must_suit_the_oldest_admitted_release(tmp_path):
    (tmp_path / "train.py").write_text(
        "import torch\nfrom transformers import AutoModel\n\n"
        'AutoModel.from_pretrained("gpt2", torch_dtype=torch.float16)\n'
    )
    (tmp_path / "requirements.txt").write_text("transformers>=4.30\n")
    [finding] = json.loads(run_cli("check", "--no-cache", "--output-format", "json", cwd=tmp_path).stdout)
    assert finding["code"] == "HF303" and finding["fix"] is None  # 4.30 has no `dtype=`
    (tmp_path / "requirements.txt").write_text("transformers>=4.56\n")
    [finding] = json.loads(run_cli("check", "--no-cache", "--output-format", "json", cwd=tmp_path).stdout)
    assert finding["fix"]["edits"][0]["content"] == "dtype"
    (tmp_path / "requirements.txt").write_text("transformers==4.45.0\n")
    assert json.loads(run_cli("check", "--no-cache", "--output-format", "json", cwd=tmp_path).stdout) == []
