"""The releases of transformers' stack (huggingface_hub, datasets, peft, trl) the code must work with: the
project's own pin of each package when it has one, else what the target transformers release admits."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from lint_rules.versions import Version, newest_known, releases

PACKAGES = ("huggingface_hub", "datasets", "peft", "trl")
# torch is no part of the stack the knowledge holds; a project's pin of it is kept (HF201's message depends on it),
# an open range reaching this release: the newest the project's own CI runs (`.ci/run` installs torch 2.13.0).
TORCH = "torch"
TORCH_KNOWN = Version(2, 13)


@dataclass(frozen=True)
class PackageRange:
    newest: Version  # the newest release admitted: what is reported
    oldest: Version | None  # the oldest admitted (None: any): what a fix must still work on
    source: str  # "requirements.txt", "transformers 5.23", "newest known"


@dataclass(frozen=True)
class Stack:
    ranges: tuple[tuple[str, PackageRange], ...]

    def range(self, package: str) -> PackageRange:
        return dict(self.ranges)[package]

    def pinned(self, package: str) -> PackageRange | None:
        """The range of a package that only a project's pin puts in the stack (torch), or None."""
        return dict(self.ranges).get(package)

    def __str__(self) -> str:
        return ";".join(f"{package}={r.oldest}..{r.newest}" for package, r in self.ranges)


def stack_for(target: Version, floor: Version | None = None, pins: dict | None = None) -> Stack:
    """The stack the code must work with: a package the project pins (``pins``: package -> `pins.Pin`) as pinned;
    another as the transformers releases from ``floor`` to ``target`` admit it (its newest with ``target``, its
    oldest with either); one that no transformers release constrains (and no pin), as the newest known."""
    implied = releases().get("implied", {})
    (release, newest_row), (_, floor_row) = _row(implied, target), _row(implied, floor or target)
    found = []
    for package in PACKAGES:
        pin = (pins or {}).get(package)
        if pin is not None:
            found.append((package, PackageRange(pin.newest, pin.oldest, pin.source)))
        elif package in newest_row:
            oldest = min(Version.parse(row[package][0]) for row in (newest_row, floor_row) if package in row)
            newest = Version.parse(newest_row[package][1])
            found.append((package, PackageRange(newest, oldest, f"transformers {release}")))
        else:
            found.append((package, PackageRange(newest_known(package), None, "newest known")))
    torch = (pins or {}).get(TORCH)
    if torch is not None:
        found.append((TORCH, PackageRange(torch.newest, torch.oldest, torch.source)))
    return Stack(tuple(found))


def _row(implied: dict[str, dict], release: Version) -> tuple[str, dict]:
    """(the newest recorded transformers release at or before ``release``, or the oldest one; what it admits)."""
    if not implied:
        return "", {}
    known = sorted(implied, key=Version.parse)
    chosen = known[0]
    for key in known:
        if Version.parse(key) <= _minor(release):
            chosen = key
    return chosen, implied[chosen]


def _minor(release: Version) -> Version:
    return Version(release.major, release.minor)


ROOT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")  # what marks a project's root folder


@functools.lru_cache(maxsize=4096)
def own_packages(directory: str) -> frozenset[str]:
    """The stack packages whose own source tree ``directory`` belongs to: a folder at or above it (up to the
    project's root) holds ``<package>/__init__.py`` or ``src/<package>/__init__.py``, or is that package. The trl
    repository's examples use the trl they sit beside, not a release: nothing is said of it there."""
    folder = os.path.abspath(directory)
    while True:
        found = frozenset(
            package
            for package in PACKAGES
            if os.path.isfile(os.path.join(folder, package, "__init__.py"))
            or os.path.isfile(os.path.join(folder, "src", package, "__init__.py"))
            or os.path.basename(folder) == package
            and os.path.isfile(os.path.join(folder, "__init__.py"))
        )
        parent = os.path.dirname(folder)
        if found or parent == folder or any(os.path.exists(os.path.join(folder, m)) for m in ROOT_MARKERS):
            return found
        folder = parent
