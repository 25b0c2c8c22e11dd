"""Which files a run covers: recursion, default exclusions, `.gitignore`, and configured excludes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

# Directories never worth linting: version control, virtual environments, build output, caches.
SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "build", "dist", "node_modules",
        "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".automodel_lint_cache",
        ".eggs", "site-packages", ".ipynb_checkpoints",
    }
)  # fmt: skip
PYTHON_SUFFIXES = (".py", ".pyi")


class GitIgnore:
    """The patterns of one `.gitignore`, matched as git does, relative to its directory."""

    def __init__(self, directory: str, lines: list[str]) -> None:
        self.directory = directory
        self.prefix = directory.rstrip(os.sep) + os.sep
        self.rules: list[tuple[re.Pattern, bool, bool]] = []  # (regex, negated, directories only)
        for raw in lines:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.endswith("\\ "):
                line = line.rstrip(" ")
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            if negated:
                line = line[1:]
            if line.startswith("\\"):
                line = line[1:]
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            anchored = "/" in line
            self.rules.append((re.compile(_translate(line.lstrip("/"), anchored)), negated, dir_only))

    @classmethod
    def read(cls, directory: str) -> GitIgnore | None:
        try:
            with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                return cls(directory, handle.readlines())
        except OSError:
            return None

    def match(self, path: str, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a `!` pattern, None: no pattern speaks of it.
        ``path`` is absolute, or relative to the same place as this file's directory."""
        if not self.rules or not path.startswith(self.prefix):
            return None
        relative = path[len(self.prefix) :]
        if os.sep != "/":
            relative = relative.replace(os.sep, "/")
        verdict = None
        for regex, negated, dir_only in self.rules:
            if dir_only and not is_dir:
                continue
            if regex.fullmatch(relative):
                verdict = not negated
        return verdict


def _translate(pattern: str, anchored: bool) -> str:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(char))
                i += 1
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
                i = end + 1
        elif char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    body = "".join(out)
    return body if anchored else "(?:.*/)?" + body


def _ignored(path: str, is_dir: bool, ignores: list[GitIgnore]) -> bool:
    verdict = False
    for ignore in ignores:  # outermost first, so a nearer .gitignore has the last word
        answer = ignore.match(path, is_dir)
        if answer is not None:
            verdict = answer
    return verdict


def _repository_ignores(directory: str) -> list[GitIgnore]:
    """The .gitignore files of the directories above ``directory``, up to its repository root."""
    found, current = [], os.path.abspath(directory)
    while True:
        parent = os.path.dirname(current)
        if os.path.exists(os.path.join(current, ".git")) or parent == current:
            break
        current = parent
        ignore = GitIgnore.read(current)
        if ignore is not None:
            found.append(ignore)
    return found[::-1]


def discover(paths: list[str], settings=None, force_exclude: bool = False) -> Iterator[str]:
    """Files to lint under ``paths``; ``settings.for_path(folder)`` says, folder by folder, which suffixes a walk
    picks up and what it excludes (none: Python files, nothing excluded). A file named on the command line is
    linted even when excluded, unless ``force_exclude`` (as pre-commit needs, since it names every staged file)."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        own = settings.for_path(path) if settings is not None else None
        if not os.path.isdir(path) or path.endswith(own.suffixes if own else PYTHON_SUFFIXES):
            # a file, or a path that does not exist (the linter reports it); a folder named `x.py` is reported too
            if force_exclude and ((own is not None and own.is_excluded(path)) or _in_skipped_dir(path)):
                continue
            yield path
            continue
        top = os.path.abspath(path)
        spelled = path.rstrip(os.sep) or os.sep
        # Walk absolute paths (so ignore files match by prefix, cheaply); give them back as spelled.
        for found in _walk(top, _repository_ignores(top), settings, seen):
            yield spelled + found[len(top) :] if spelled != "." else found[len(top) + 1 :]


def _nothing(path: str) -> bool:
    return False


def _in_skipped_dir(path: str) -> bool:
    parts = os.path.normpath(path).split(os.sep)[:-1]
    return any(part in SKIPPED_DIRS for part in parts)


def _walk(directory: str, ignores: list[GitIgnore], settings, seen: set[tuple[int, int]]) -> Iterator[str]:
    try:
        info = os.stat(directory)
    except OSError:
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:  # a symlink loop, or the same tree named twice
        return
    seen.add(identity)
    own = GitIgnore.read(directory)
    if own is not None:
        ignores = [*ignores, own]
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        yield directory  # a folder it cannot read: reading it says why, and the run counts it as not checked
        return
    own = settings.for_path(directory) if settings is not None else None  # this folder's nearest configuration
    suffixes = own.suffixes if own is not None else PYTHON_SUFFIXES
    is_excluded = own.is_excluded if own is not None else _nothing
    for entry in entries:
        path = entry.path
        try:
            is_dir = entry.is_dir()
        except OSError:  # a symlink loop: hand it on, and reading it says what is wrong
            if entry.name.endswith(suffixes):
                yield path
            continue
        if is_dir:
            if entry.name in SKIPPED_DIRS or os.path.exists(os.path.join(path, "pyvenv.cfg")):
                continue
            if _ignored(path, True, ignores) or is_excluded(path):
                continue
            yield from _walk(path, ignores, settings, seen)
        elif entry.name.endswith(suffixes) and not _ignored(path, False, ignores) and not is_excluded(path):
            yield path
