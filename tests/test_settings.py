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


def test_extend_layers_a_configuration_on_its_base(tmp_path):
    """`extend` as ruff has it: the base's settings, then the file's own on top; paths stay relative to the file
    that gave them."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.automodel-lint]\nignore = ["HF303"]\nexclude = ["generated/*"]\ntarget-transformers = "4.57"\n'
    )
    child = tmp_path / "pkg"
    child.mkdir()
    (child / "pyproject.toml").write_text(
        '[tool.automodel-lint]\nextend = "../pyproject.toml"\nextend-select = ["HF303"]\nignore = ["HF302"]\n'
        'extend-exclude = ["vendored/*"]\n'
    )
    settings = resolve(str(child))
    assert "HF303" in settings.codes and "HF302" not in settings.codes and settings.target == Version(4, 57)
    assert settings.config_files == (str(child / "pyproject.toml"), str(tmp_path / "pyproject.toml"))
    assert settings.is_excluded(str(tmp_path / "generated" / "a.py"))  # the base's pattern, from the base's folder
    assert settings.is_excluded(str(child / "vendored" / "b.py"))
    assert not settings.is_excluded(str(tmp_path / "vendored" / "c.py"))  # outside the folder that gave it
    (tmp_path / "pyproject.toml").write_text('[tool.automodel-lint]\nextend = "pkg/pyproject.toml"\n')
    with pytest.raises(SettingsError, match="`extend` makes a cycle"):
        resolve(str(child))


def test_a_resolver_reads_each_folder_once_and_shares_equal_settings(tmp_path, monkeypatch):
    from lint_rules import settings as module

    (tmp_path / "pyproject.toml").write_text('[tool.automodel-lint]\nignore = ["HF303"]\n')
    for name in ("a", "b", "a/c"):
        (tmp_path / name).mkdir()
    reads = []
    real = module.load_config
    monkeypatch.setattr(module, "load_config", lambda path: reads.append(path) or real(path))
    resolver = module.Resolver()
    found = [resolver.for_path(str(tmp_path / name / "x.py")) for name in ("a", "b", "a/c", "a", "b")]
    assert all(settings is found[0] for settings in found) and len(reads) == 1
