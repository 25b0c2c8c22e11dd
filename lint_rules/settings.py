"""Settings: `[tool.automodel-lint]` in the nearest pyproject.toml, overridden by command-line flags."""

from __future__ import annotations

import fnmatch
import functools
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata

from lint_rules.pins import Pin, is_project_root, pins_in
from lint_rules.selection import SelectionError, select_codes
from lint_rules.stack import PACKAGES, TORCH, TORCH_KNOWN, Stack, stack_for
from lint_rules.versions import NEWEST_KNOWN, OLDEST_KNOWN, Version, newest_known

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTION = "automodel-lint"
_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude")
_KEYS = frozenset({*_LIST_KEYS, "extend", "per-file-ignores", "target-transformers", "cache-dir", "include-markdown"})


class SettingsError(ValueError):
    """A bad configuration value or flag: reported as a usage error (exit 2)."""


@dataclass(frozen=True)
class Settings:
    codes: frozenset[str]
    target: Version  # the newest release the code must work with: what is reported
    target_source: str  # "flag", "pyproject.toml", "requirements.txt", "installed transformers", "newest known"
    root: str  # the project's directory: where the default cache lives and launch lines' scripts are found from
    exclude: tuple[tuple[str, str], ...] = ()  # (the directory the pattern is relative to, the pattern)
    per_file_ignores: tuple[tuple[str, str, frozenset[str]], ...] = ()  # (directory, pattern, codes)
    cache_dir: str | None = None
    config_files: tuple[str, ...] = ()  # the configuration read, nearest first, then those it extends
    fingerprint: str = field(default="", compare=False)  # what the cache key needs of the settings
    floor: Version | None = None  # the oldest release the project admits: what a fix must still work on
    include_markdown: bool = True  # lint the Python blocks of .md / .mdx files
    stack: Stack | None = None  # the releases of huggingface_hub, datasets, peft and trl it must work with

    @property
    def config_file(self) -> str | None:
        return self.config_files[0] if self.config_files else None

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The files a directory walk picks up."""
        return (".py", ".pyi", ".ipynb", ".sh", ".bash", *((".md", ".mdx") if self.include_markdown else ()))

    def for_path(self, path: str) -> Settings:
        """One set of settings for every file (a `Resolver` gives each file its own)."""
        return self

    def codes_for(self, path: str) -> frozenset[str]:
        codes = self.codes
        for root, pattern, ignored in self.per_file_ignores:
            if _glob_match(_relative(path, root), pattern):
                codes = codes - ignored
        return codes

    def is_excluded(self, path: str) -> bool:
        return any(_glob_match(_relative(path, root), pattern) for root, pattern in self.exclude)

    def describe(self) -> list[tuple[str, str]]:
        """(setting, value) pairs, as `--show-settings` prints them."""
        stack = ", ".join(f"{package} {r.oldest or '?'}..{r.newest}" for package, r in self.stack.ranges)
        return [
            ("config", " extends ".join(self.config_files) or "none (defaults)"),
            ("target", f"transformers {self.target} (from {self.target_source})"),
            ("floor", f"transformers {self.floor} (the oldest release a fix must still work on)"),
            ("stack", stack or "none"),
            ("rules", ", ".join(sorted(self.codes)) or "none"),
            ("per-file-ignores", "; ".join(f"{p} -> {', '.join(sorted(c))}" for _, p, c in self.per_file_ignores)),
            ("exclude", ", ".join(pattern for _, pattern in self.exclude)),
            ("markdown", "read" if self.include_markdown else "skipped"),
            ("cache", self.cache_dir or os.path.join(self.root, ".automodel_lint_cache")),
        ]


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")


def _glob_match(relative: str, pattern: str) -> bool:
    """A pattern with a slash matches the path from the root; one without matches any part of it."""
    if relative.startswith("../"):
        return False  # outside the directory of the configuration that gave the pattern
    pattern = pattern.rstrip("/")
    if "/" in pattern:
        return fnmatch.fnmatchcase(relative, pattern.lstrip("./")) or fnmatch.fnmatchcase(
            relative, pattern.lstrip("./") + "/*"
        )
    return any(fnmatch.fnmatchcase(part, pattern) for part in relative.split("/"))


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
    if "extend" in section and not isinstance(section["extend"], str):
        raise SettingsError(f"{path}: [tool.{SECTION}] extend must be the path of another pyproject.toml")
    return section


def config_chain(path: str) -> list[tuple[str, dict]]:
    """(file, its table) for a configuration and those it extends (`extend = "../pyproject.toml"`, relative to
    the file that says it), the base first: each file's settings apply on top of its base's, as ruff's do."""
    chain: list[tuple[str, dict]] = []
    seen: set[str] = set()
    while path is not None:
        if os.path.abspath(path) in seen:
            raise SettingsError(f"{path}: `extend` makes a cycle: {' -> '.join(file for file, _ in chain)} -> {path}")
        seen.add(os.path.abspath(path))
        section = load_config(path)  # its errors name the file as it was given
        chain.append((path, section))
        extended = section.get("extend")
        if extended is not None:
            path = os.path.normpath(os.path.join(os.path.dirname(path), os.path.expanduser(extended)))
        else:
            path = None
    return chain[::-1]


@functools.cache
def installed_transformers() -> Version | None:
    """The installed transformers version from package metadata (transformers is not imported);
    read once per process."""
    try:
        return Version.parse(metadata.version("transformers"))
    except (metadata.PackageNotFoundError, ValueError):
        return None


class Resolver:
    """Each file's settings: its nearest configuration (and what that extends), the pins of its own project, the
    command line's flags on top, as ruff's hierarchical configuration resolves them; so every file is judged
    the same whatever the order of the paths given. With ``config_file`` (`--config`), that one configuration
    applies to every file. Each directory is resolved once, and files with the same settings share one object."""

    def __init__(
        self,
        *,
        select: list[str] | None = None,
        extend_select: list[str] | None = None,
        ignore: list[str] | None = None,
        target: str | None = None,
        config_file: str | None = None,
        markdown: bool | None = None,
    ) -> None:
        self.flags = (select, extend_select, ignore, target, markdown)
        self.config_file = config_file
        self._by_directory: dict[str, Settings] = {}
        self._configs: dict[str, str | None] = {}
        self._pins: dict[str, dict[str, Pin]] = {}
        self._made: dict[tuple, Settings] = {}

    def for_path(self, path: str) -> Settings:
        directory = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or ".")
        settings = self._by_directory.get(directory)
        if settings is None:
            config = self.config_file or self._config(directory)
            pins = self._pins_from(directory)
            key = (config, tuple(sorted(pins.items())))
            settings = self._made.get(key)
            if settings is None:
                settings = self._made[key] = _build(config, pins, *self.flags)
            self._by_directory[directory] = settings
        return settings

    def made(self) -> list[Settings]:
        """The distinct settings given so far."""
        return list(self._made.values())

    def _config(self, directory: str) -> str | None:
        if directory not in self._configs:
            candidate = os.path.join(directory, "pyproject.toml")
            if os.path.isfile(candidate) and _section(candidate, strict=True) is not None:
                self._configs[directory] = candidate
            else:
                parent = os.path.dirname(directory)
                self._configs[directory] = None if parent == directory else self._config(parent)
        return self._configs[directory]

    def _pins_from(self, directory: str) -> dict[str, Pin]:
        """As `pins.find_pins` finds them, each directory read once."""
        if directory not in self._pins:
            packages = _newest_of_each()
            own = pins_in(directory, packages)
            parent = os.path.dirname(directory)
            if len(own) == len(packages) or is_project_root(directory) or parent == directory:
                self._pins[directory] = own
            else:
                self._pins[directory] = self._pins_from(parent) | own
        return self._pins[directory]


def resolve(start: str = ".", **flags) -> Settings:
    """The settings of the file or directory ``start``; ``flags`` as `Resolver` takes them."""
    return Resolver(**flags).for_path(start)


def _build(
    path: str | None, pins: dict[str, Pin], select, extend_select, ignore, target: str | None, markdown: bool | None
) -> Settings:
    """The settings of configuration ``path`` (None: the defaults) with ``pins`` and the flags on top."""
    chain = config_chain(path) if path else []
    root = os.path.dirname(os.path.abspath(path)) if path else os.path.abspath(".")
    merged: dict = {}
    exclude: list[tuple[str, str]] = []
    per_file: tuple = ()
    try:
        codes = select_codes()
        for file, config in chain:  # each configuration's selection on top of its base's, then the flags'
            directory = os.path.dirname(os.path.abspath(file))
            if config.get("select") is not None:
                codes = select_codes(config["select"])
            codes = (codes | select_codes([], config.get("extend-select"))) - select_codes([], config.get("ignore"))
            if "exclude" in config:
                exclude = [(directory, pattern) for pattern in config["exclude"]]
            exclude += [(directory, pattern) for pattern in config.get("extend-exclude") or ()]
            if "per-file-ignores" in config:
                per_file = tuple(
                    (directory, pattern, _per_file_codes(pattern, items))
                    for pattern, items in (config["per-file-ignores"] or {}).items()
                )
            if config.get("cache-dir") is not None:
                merged["cache-dir"] = os.path.join(directory, config["cache-dir"])
            merged |= {key: config[key] for key in ("target-transformers", "include-markdown") if key in config}
        if select is not None:
            codes = select_codes(select)
        codes = (codes | select_codes([], extend_select)) - select_codes([], ignore)
    except SelectionError as exc:
        raise SettingsError(str(exc)) from None
    version, floor, source = _target(target, merged, path, pins.get("transformers"))
    stack = stack_for(version, floor, pins)
    fingerprint = f"{sorted(codes)}|{version}|{floor}|{stack}|{sorted((p, sorted(c)) for _, p, c in per_file)}"
    include_markdown = merged.get("include-markdown", True) if markdown is None else markdown
    if not isinstance(include_markdown, bool):
        raise SettingsError(f"{path}: [tool.{SECTION}] include-markdown must be true or false")
    return Settings(
        codes,
        version,
        source,
        root,
        tuple(exclude),
        per_file,
        merged.get("cache-dir"),
        tuple(file for file, _ in reversed(chain)),
        fingerprint,
        floor or version,
        include_markdown,
        stack,
    )


def _per_file_codes(pattern: str, items) -> frozenset[str]:
    if not isinstance(items, list):
        raise SelectionError(f"per-file-ignores for {pattern!r} must be a list of codes")
    return select_codes([], items)


def _newest_of_each() -> dict[str, Version]:
    """transformers, torch and each package of its stack -> the newest release the knowledge holds."""
    return {"transformers": NEWEST_KNOWN, TORCH: TORCH_KNOWN} | {package: newest_known(package) for package in PACKAGES}


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
