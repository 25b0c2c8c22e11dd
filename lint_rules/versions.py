"""transformers release numbers, compared as tuples."""

from __future__ import annotations

import functools
import json
import os
import re
from typing import NamedTuple

_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


class Version(NamedTuple):
    major: int
    minor: int = 0
    micro: int = 0

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.match(text)
        if match is None:
            raise ValueError(f"not a version: {text!r} (expected X.Y or X.Y.Z)")
        return cls(*(int(part) for part in match.groups(default="0")))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}" if self.micro == 0 else f"{self.major}.{self.minor}.{self.micro}"


RELEASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "knowledge", "data", "releases.json")


@functools.cache
def releases() -> dict:
    """``knowledge/data/releases.json``: the newest release the knowledge was read from, of transformers and of
    each package of its stack, and the range of each package that every transformers release admits."""
    with open(RELEASES, encoding="utf-8") as handle:
        return json.load(handle)


def newest_known(package: str = "transformers") -> Version:
    return Version.parse(releases()["newest"][package])


# The newest release whose behaviour this tool knows; the target when nothing else says.
NEWEST_KNOWN = newest_known()
# The oldest release the knowledge reaches back to (the keyword tables are read from 4.0 on); an older
# target is refused: nothing this tool says would hold for it.
OLDEST_KNOWN = Version(4, 0, 0)
