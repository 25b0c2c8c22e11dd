"""Configuration from pyproject.toml, flags on top, and the target release."""

import pytest

from lint_rules.settings import SettingsError, resolve
from lint_rules.versions import Version


def _project(tmp_path, body):
    (tmp_path / "pyproject.toml").write_text(f"[tool.automodel-lint]\n{body}\n")
    (tmp_path / "src").mkdir()
    return str(tmp_path / "src")


def test_config_is_found_upwards_and_flags_win(tmp_path):
    start = _project(tmp_path, 'select = ["HF302", "HF303", "HF305"]\nignore = ["HF303"]\ntarget-transformers = "4.45"')
    settings = resolve(start)
    assert settings.codes == {"HF302", "HF305"} and settings.target == Version(4, 45)
    assert settings.target_source == "pyproject.toml"
    flagged = resolve(start, select=["HF303"], target="5.0")
    assert flagged.codes == {"HF303"} and flagged.target == Version(5, 0) and flagged.target_source == "flag"


def test_per_file_ignores_and_exclude(tmp_path):
    start = _project(tmp_path, 'exclude = ["legacy/*"]\n[tool.automodel-lint.per-file-ignores]\n"tests/*" = ["HF302"]')
    settings = resolve(start)
    assert settings.codes_for(str(tmp_path / "tests" / "t.py")) == settings.codes - {"HF302"}
    assert settings.codes_for(str(tmp_path / "src" / "t.py")) == settings.codes
    assert settings.is_excluded(str(tmp_path / "legacy" / "old.py"))
    assert not settings.is_excluded(str(tmp_path / "src" / "new.py"))


@pytest.mark.parametrize(
    "body",
    ['select = ["E501"]', 'colour = "blue"', 'select = "HF302"', 'target-transformers = "latest"'],
)
def test_bad_configuration_is_a_settings_error(tmp_path, body):
    with pytest.raises(SettingsError):
        resolve(_project(tmp_path, body))


def test_target_defaults_to_installed_transformers(tmp_path, monkeypatch):
    monkeypatch.setattr("lint_rules.settings.installed_transformers", lambda: Version(4, 57, 6))
    settings = resolve(str(tmp_path))
    assert settings.target == Version(4, 57, 6) and settings.target_source == "installed transformers"
    monkeypatch.setattr("lint_rules.settings.installed_transformers", lambda: None)
    assert resolve(str(tmp_path)).target_source == "newest known"


def test_an_unquoted_target_is_refused(tmp_path):
    """TOML reads `target-transformers = 4.50` as the float 4.5: one clear error, not findings for 4.5."""
    (tmp_path / "pyproject.toml").write_text("[tool.automodel-lint]\ntarget-transformers = 4.50\n")
    with pytest.raises(SettingsError, match="must be a string"):
        resolve(str(tmp_path))
