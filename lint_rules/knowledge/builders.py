"""The builders `datasets.load_dataset` runs on local or remote files (`"json"`, `"csv"`, `"imagefolder"`, ...):
a name among them is no hub repository.

Read from the released `datasets` wheels (their `packaged_modules._PACKAGED_DATASETS_MODULES`, parsed,
never imported) and stored in ``data/datasets-builders.json``:

    python -m lint_rules.knowledge.builders datasets-2.14.0-py3-none-any.whl datasets-5.2.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import os
import re
import sys
import zipfile

from lint_rules.knowledge.reviewable import dumps

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "datasets-builders.json")
MODULE = "datasets/packaged_modules/__init__.py"
_VERSION = re.compile(r"datasets-([^-]+)-")


def builders_in(wheel: str) -> list[str]:
    """The builder names one `datasets` wheel packages."""
    with zipfile.ZipFile(wheel) as bundle:
        tree = ast.parse(bundle.read(MODULE))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "_PACKAGED_DATASETS_MODULES"
            and isinstance(node.value, ast.Dict)
        ):
            return [key.value for key in node.value.keys if isinstance(key, ast.Constant)]
    raise ValueError(f"{wheel}: no _PACKAGED_DATASETS_MODULES")


def table(wheels: list[str]) -> dict:
    """Every builder any of the wheels packages (a name is a builder if some release runs it as one)."""
    return {
        "releases": sorted(_VERSION.search(os.path.basename(wheel)).group(1) for wheel in wheels),
        "builders": sorted({name for wheel in wheels for name in builders_in(wheel)}),
    }


@functools.cache
def local_builders() -> frozenset[str]:
    with open(DATA, encoding="utf-8") as handle:
        return frozenset(json.load(handle)["builders"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", nargs="+", help="released datasets wheels")
    args = parser.parse_args(argv)
    with open(DATA, "w", encoding="utf-8") as handle:
        handle.write(dumps(table(args.wheels)))
    print(f"wrote {DATA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
