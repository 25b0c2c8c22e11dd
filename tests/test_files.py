"""Which files a run covers."""

import os

import pytest

from lint_rules.files import GitIgnore, discover


def _touch(root, *names):
    for name in names:
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("")


def _found(root, **kwargs):
    return sorted(os.path.relpath(p, root).replace(os.sep, "/") for p in discover([str(root)], **kwargs))


def test_skips_vcs_venvs_build_and_gitignored(tmp_path):
    _touch(
        tmp_path,
        "train.py", "pkg/model.py", "notes.txt",
        ".git/hooks/x.py", ".venv/lib/a.py", "env2/pyvenv.cfg", "env2/lib/b.py",
        "build/lib/c.py", "dist/d.py", "node_modules/e.py", "pkg/__pycache__/f.py",
        "generated/g.py", "pkg/secret_h.py", "pkg/keep_secret.py", "deep/a/b/tmp_i.py",
    )  # fmt: skip
    (tmp_path / ".gitignore").write_text("generated/\n*secret*.py\n!keep_secret.py\n**/b/tmp_*.py\n")
    assert _found(tmp_path) == ["pkg/keep_secret.py", "pkg/model.py", "train.py"]


def test_nested_gitignore_and_parent_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("/scripts/old_*.py\n")
    _touch(tmp_path, "scripts/old_a.py", "scripts/new_b.py", "scripts/sub/c.py", "scripts/sub/d.py")
    (tmp_path / "scripts" / "sub" / ".gitignore").write_text("d.py\n")
    found = sorted(os.path.relpath(p, tmp_path) for p in discover([str(tmp_path / "scripts")]))
    assert found == ["scripts/new_b.py", "scripts/sub/c.py"]


def test_explicit_files_and_missing_paths_are_kept(tmp_path):
    _touch(tmp_path, "build/explicit.py")
    explicit = str(tmp_path / "build" / "explicit.py")
    missing = str(tmp_path / "missing.py")
    assert list(discover([explicit, missing])) == [explicit, missing]


def test_symlink_loop_ends(tmp_path):
    _touch(tmp_path, "a/x.py")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    assert _found(tmp_path) == ["a/x.py"]


def test_gitignore_patterns():
    ignore = GitIgnore("/r", ["# comment", "", "*.log", "/top.py", "doc/**/*.py", "cache/", "!important.log"])
    assert ignore.match("/r/x/y.log", False) is True
    assert ignore.match("/r/x/important.log", False) is False
    assert ignore.match("/r/top.py", False) is True and ignore.match("/r/sub/top.py", False) is None
    assert ignore.match("/r/doc/a/b/c.py", False) is True and ignore.match("/r/doc/c.py", False) is True
    assert ignore.match("/r/cache", True) is True and ignore.match("/r/cache", False) is None


def test_a_folder_that_cannot_be_read_is_reported_not_skipped(tmp_path, monkeypatch):
    """`chmod 000 data/`: one error line naming it, and the run counts it as not checked (root reads any folder, so
    the refusal is simulated)."""
    from lint_rules import files, sources

    (tmp_path / "ok.py").write_text("x = 1\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(files.discover([str(tmp_path)]))
    assert found == [str(tmp_path / "locked"), str(tmp_path / "ok.py")]
    with pytest.raises(sources.SourceError, match="cannot read this folder: permission denied"):
        sources.read_bytes(str(locked))
