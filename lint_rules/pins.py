"""The releases of transformers (and of its stack) a project admits, read from its own pins (pyproject,
requirements, setup.cfg)."""

from __future__ import annotations

import configparser
import functools
import glob
import os
import re
import sys
from dataclasses import dataclass

from lint_rules.versions import NEWEST_KNOWN, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_CLAUSE = re.compile(r"^\s*(?P<op>~=|==|!=|<=|>=|<|>|\^|~)?\s*v?(?P<version>\d+(?:\.\d+)*)(?:\.\*)?\s*$")


@functools.cache
def _requirement(package: str) -> re.Pattern:
    """A requirement line for ``package``, its name spelt any way PEP 503 treats as the same (`huggingface-hub`,
    `huggingface_hub`, `Huggingface.Hub`)."""
    name = r"[-_.]".join(re.escape(part) for part in re.split(r"[-_.]+", package))
    return re.compile(rf"^\s*{name}(?![\w.-])\s*(\[[^\]]*\])?\s*(?P<spec>[^;#@]*)", re.IGNORECASE)


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"[-_.]+", "-", a).lower() == re.sub(r"[-_.]+", "-", b).lower()


@dataclass(frozen=True)
class Pin:
    newest: Version  # the newest release the pin admits: what the code must survive
    oldest: Version | None  # the oldest it admits: what a fix must still work on
    source: str  # the file it came from


def parse_spec(spec: str, newest_known: Version = NEWEST_KNOWN) -> tuple[Version, Version | None] | None:
    """`>=4.41,<5` -> (newest admitted, oldest admitted); None for no usable version. An open range reaches
    ``newest_known``, the newest release of the package the knowledge holds."""
    lower: Version | None = None
    upper: Version | None = None
    clauses = [c for c in spec.replace(" ", "").split(",") if c]
    if not clauses:
        return None
    for clause in clauses:
        match = _CLAUSE.match(clause)
        if match is None:
            return None
        op, version = match.group("op") or "==", Version.parse(match.group("version"))
        parts = match.group("version").count(".") + 1
        if op == "==":
            return version, version
        if op in (">=", ">"):
            lower = version
        elif op == "<=":
            upper = version
        elif op == "<":
            upper = _just_below(version)
        elif op in ("~=", "~"):  # ~=4.38 admits 4.x from 4.38; ~=4.38.1 admits 4.38.x
            lower = version
            upper = (
                Version(version.major, 999, 999)
                if parts <= 2 and op == "~="
                else Version(version.major, version.minor, 999)
            )
        elif op == "^":  # poetry: ^4.40 admits 4.x from 4.40
            lower, upper = version, Version(version.major, 999, 999)
    if lower is None and upper is None:
        return None
    newest = upper if upper is not None and upper < newest_known else newest_known
    return newest, lower


def _just_below(version: Version) -> Version:
    if version.micro:
        return Version(version.major, version.minor, version.micro - 1)
    if version.minor:
        return Version(version.major, version.minor - 1, 999)
    return Version(version.major - 1, 999, 999)


def _from_requirements(lines, package: str) -> str | None:
    pattern = _requirement(package)
    for line in lines:
        match = pattern.match(line)
        if match:
            return match.group("spec").strip()
    return None


def _pyproject(path: str, package: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    spec = _from_requirements(data.get("project", {}).get("dependencies", []) or [], package)
    if spec is not None:
        return spec
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    value = next((v for k, v in poetry.items() if _same_name(k, package)), None) if isinstance(poetry, dict) else None
    if isinstance(value, dict):
        value = value.get("version")
    return value if isinstance(value, str) else None


def _setup_cfg(path: str, package: str) -> str | None:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        requires = parser.get("options", "install_requires", fallback="")
    except (configparser.Error, UnicodeDecodeError):
        return None
    return _from_requirements(requires.splitlines(), package)


def _requirements(path: str, package: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return _from_requirements(handle, package)
    except OSError:
        return None


def find_pin(start: str) -> Pin | None:
    """The nearest project files, from ``start`` upwards, that pin transformers."""
    return find_pins(start, {"transformers": NEWEST_KNOWN}).get("transformers")


def find_pins(start: str, packages: dict[str, Version]) -> dict[str, Pin]:
    """Package -> its pin in the nearest project files, from ``start`` upwards, for each of ``packages`` (package ->
    the newest release of it the knowledge holds) that the project pins; the project's root ends the search."""
    found: dict[str, Pin] = {}
    directory = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        found = pins_in(directory, packages) | found  # the nearer file's pin wins
        if len(found) == len(packages) or is_project_root(directory):
            return found  # at the project root: do not read another project's pin
        parent = os.path.dirname(directory)
        if parent == directory:
            return found
        directory = parent


def pins_in(directory: str, packages: dict[str, Version]) -> dict[str, Pin]:
    """The pins of ``packages`` in one directory's project files (pyproject.toml, requirements*.txt, setup.cfg,
    the first that pins a package wins)."""
    found: dict[str, Pin] = {}
    requirements = sorted(glob.glob(os.path.join(glob.escape(directory), "requirements*.txt")))
    candidates = [
        (os.path.join(directory, "pyproject.toml"), _pyproject),
        *((path, _requirements) for path in requirements),
        (os.path.join(directory, "setup.cfg"), _setup_cfg),
    ]
    for path, read in candidates:
        if not os.path.isfile(path):
            continue
        for package, newest in packages.items():
            if package in found:
                continue
            spec = read(path, package)
            parsed = parse_spec(spec, newest) if spec is not None else None
            if parsed is not None:
                found[package] = Pin(parsed[0], parsed[1], os.path.basename(path))
    return found


def is_project_root(directory: str) -> bool:
    """Whether ``directory`` is a project's root, where the search for its pins and settings' pins stops."""
    return any(os.path.exists(os.path.join(directory, marker)) for marker in (".git", "pyproject.toml", "setup.cfg"))
