"""Settings: `[tool.automodel-lint]` in the nearest pyproject.toml, overridden by command-line flags."""

from __future__ import annotations

import fnmatch
import functools
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata

from lint_rules.pins import Pin, find_pins
from lint_rules.selection import SelectionError, select_codes
from lint_rules.stack import PACKAGES, Stack, stack_for
from lint_rules.versions import NEWEST_KNOWN, OLDEST_KNOWN, Version, newest_known

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTION = "automodel-lint"
_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude")
_KEYS = frozenset({*_LIST_KEYS, "per-file-ignores", "target-transformers", "cache-dir", "include-markdown"})


class SettingsError(ValueError):
    """A bad configuration value or flag: reported as a usage error (exit 2)."""


@dataclass(frozen=True)
class Settings:
    codes: frozenset[str]
    target: Version  # the newest release the code must work with: what is reported
    target_source: str  # "flag", "pyproject.toml", "requirements.txt", "installed transformers", "newest known"
    root: str  # the directory relative paths (exclude, per-file-ignores) are matched from
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    cache_dir: str | None = None
    config_file: str | None = None
    fingerprint: str = field(default="", compare=False)  # what the cache key needs of the settings
    floor: Version | None = None  # the oldest release the project admits: what a fix must still work on
    include_markdown: bool = True  # lint the Python blocks of .md / .mdx files
    stack: Stack | None = None  # the releases of huggingface_hub, datasets, peft and trl it must work with

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The files a directory walk picks up."""
        return (".py", ".pyi", ".ipynb", ".sh", ".bash", *((".md", ".mdx") if self.include_markdown else ()))

    def codes_for(self, path: str) -> frozenset[str]:
        if not self.per_file_ignores:
            return self.codes
        relative = _relative(path, self.root)
        codes = self.codes
        for pattern, ignored in self.per_file_ignores:
            if _glob_match(relative, pattern):
                codes = codes - ignored
        return codes

    def is_excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        relative = _relative(path, self.root)
        return any(_glob_match(relative, pattern) for pattern in self.exclude)


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")


def _glob_match(relative: str, pattern: str) -> bool:
    """A pattern with a slash matches the path from the root; one without matches any part of it."""
    pattern = pattern.rstrip("/")
    if "/" in pattern:
        return fnmatch.fnmatchcase(relative, pattern.lstrip("./")) or fnmatch.fnmatchcase(
            relative, pattern.lstrip("./") + "/*"
        )
    return any(fnmatch.fnmatchcase(part, pattern) for part in relative.split("/"))


def find_config(start: str) -> str | None:
    """The nearest pyproject.toml, from ``start`` upwards, that has a [tool.automodel-lint] table."""
    directory = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _section(candidate, strict=True) is not None:
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _section(path: str, strict: bool = False) -> dict | None:
    """The tool's table of a pyproject.toml; with ``strict``, a file that is not valid TOML is an error (its
    settings would silently stop applying), not a file without the table."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        if strict:
            raise SettingsError(f"{path}: invalid TOML: {exc}") from None
        return None
    except OSError:
        return None
    section = data.get("tool", {}).get(SECTION)
    return section if isinstance(section, dict) else None


def load_config(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read it: {(exc.strerror or str(exc)).lower()}") from None
    section = data.get("tool", {}).get(SECTION, {})
    unknown = sorted(set(section) - _KEYS)
    if unknown:
        raise SettingsError(f"{path}: unknown key(s) in [tool.{SECTION}]: {', '.join(unknown)}")
    for key in _LIST_KEYS:
        value = section.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            raise SettingsError(f"{path}: [tool.{SECTION}] {key} must be a list of strings")
    return section


@functools.cache
def installed_transformers() -> Version | None:
    """The installed transformers version from package metadata (transformers is not imported);
    read once per process."""
    try:
        return Version.parse(metadata.version("transformers"))
    except (metadata.PackageNotFoundError, ValueError):
        return None


def resolve(
    start: str = ".",
    *,
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    target: str | None = None,
    config_file: str | None = None,
    markdown: bool | None = None,
) -> Settings:
    """Merge the configuration found from ``start`` with flags; flags win."""
    path = config_file or find_config(start)
    config = load_config(path) if path else {}
    root = os.path.dirname(os.path.abspath(path)) if path else os.path.abspath(".")
    try:
        # The configuration's selection, then the flags' on top: `--select` starts afresh.
        codes = select_codes(config.get("select"), config.get("extend-select"), config.get("ignore"))
        if select is not None:
            codes = select_codes(select)
        codes = (codes | select_codes([], extend_select)) - select_codes([], ignore)
        per_file = tuple(
            (pattern, select_codes([], list(items)) if isinstance(items, list) else _bad_per_file(pattern))
            for pattern, items in (config.get("per-file-ignores") or {}).items()
        )
    except SelectionError as exc:
        raise SettingsError(str(exc)) from None
    pins = find_pins(os.path.dirname(path) if path else start, _newest_of_each())
    version, floor, source = _target(target, config, path, pins.get("transformers"))
    stack = stack_for(version, floor, pins)
    cache_dir = config.get("cache-dir")
    if cache_dir is not None:
        cache_dir = os.path.join(root, cache_dir)
    exclude = (*(config.get("exclude") or ()), *(config.get("extend-exclude") or ()))
    fingerprint = f"{sorted(codes)}|{version}|{floor}|{stack}|{sorted((p, sorted(c)) for p, c in per_file)}"
    include_markdown = config.get("include-markdown", True) if markdown is None else markdown
    if not isinstance(include_markdown, bool):
        raise SettingsError(f"{path}: [tool.{SECTION}] include-markdown must be true or false")
    return Settings(
        codes,
        version,
        source,
        root,
        exclude,
        per_file,
        cache_dir,
        path,
        fingerprint,
        floor or version,
        include_markdown,
        stack,
    )


def _bad_per_file(pattern: str):
    raise SelectionError(f"per-file-ignores for {pattern!r} must be a list of codes")


def _newest_of_each() -> dict[str, Version]:
    """transformers and each package of its stack -> the newest release the knowledge holds."""
    return {"transformers": NEWEST_KNOWN} | {package: newest_known(package) for package in PACKAGES}


def _target(flag: str | None, config: dict, path: str | None, pin: Pin | None) -> tuple[Version, Version | None, str]:
    """The flag, else the configuration, else the project's own pin, else the installed release."""
    for value, source in ((flag, "flag"), (config.get("target-transformers"), os.path.basename(path or ""))):
        if value is not None:
            if not isinstance(value, str):  # TOML reads `4.50` as the float 4.5: a release must be quoted
                raise SettingsError(
                    f'{path}: [tool.{SECTION}] target-transformers must be a string in quotes, such as "4.50": '
                    f"TOML read the unquoted number as {value!r}"
                )
            try:
                version = Version.parse(str(value))
            except ValueError as exc:
                raise SettingsError(f"target-transformers: {exc}") from None
            if version < OLDEST_KNOWN:
                raise SettingsError(
                    f"target-transformers: {value} is older than any release this tool knows "
                    f"({OLDEST_KNOWN.major}.{OLDEST_KNOWN.minor} and later)"
                )
            return version, version, source
    if pin is not None:
        return pin.newest, pin.oldest, pin.source
    installed = installed_transformers()
    if installed is not None:
        return installed, installed, "installed transformers"
    return NEWEST_KNOWN, NEWEST_KNOWN, "newest known"
