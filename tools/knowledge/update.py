"""Bring every piece of knowledge up to the newest releases on the package index: `python -m
tools.knowledge.update [--check] [--wheels DIR]`.

One command for a new release of transformers or of its stack (huggingface_hub, datasets, peft, trl). It asks the
package index (`pip index versions`) for the newest final release of each, then regenerates, from the released
wheels (read as source; only the snapshot needs transformers installed):

1. transformers' API timeline, to the newest minor release (`generate_timeline`);
2. the snapshot of the newest transformers (`generate`), run in a virtual environment of its own that sees this
   one's packages (torch among them) and holds that release; the snapshot it replaces on the same release line
   is removed;
3. what the newest release moved out of the model configs, against the last 4.x (`generate_moves`);
4. trl's and peft's wrapper facts, from their newest wheels (`generate_wrappers`);
5. the `load_dataset` builders, from the oldest datasets release the table already reads and the newest
   (`builders`);
6. the stack's timelines and ``data/releases.json`` (`generate_stack`).

and prints what each newest release added and removed (the generators' ``--changes``), for the review of the
data's diff. ``--check`` only compares: it lists the releases newer than the data and exits 1 when there are any
(``tests/test_releases.py`` runs it, marked ``network``). The rules and their tests read the newest release
from ``data/releases.json``; a release that changes what a rule must say still needs that rule's fixtures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from lint_rules.knowledge import builders
from lint_rules.knowledge.catalog import snapshots
from lint_rules.stack import PACKAGES
from lint_rules.versions import Version, newest_known
from tools.knowledge import generate_moves, generate_stack, generate_timeline, generate_wrappers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DISTRIBUTIONS = {"transformers": "transformers", **generate_stack.DISTRIBUTION}


def newest_on_index(package: str) -> str:
    """The newest final release of ``package`` on the package index."""
    finals = [text for text in generate_timeline._listed(DISTRIBUTIONS[package]) if re.fullmatch(r"[\d.]+", text)]
    return max(finals, key=Version.parse)


def newer_releases() -> dict[str, tuple[str, str]]:
    """Package -> (the newest release the data knows, the newest on the index), where the index has a newer one."""
    found = {}
    for package in DISTRIBUTIONS:
        known, listed = newest_known(package), newest_on_index(package)
        if Version.parse(listed) > known:
            found[package] = (str(known), listed)
    return found


def snapshot(release: str) -> str:
    """Write the snapshot of transformers ``release`` from a virtual environment that holds it; its path."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", folder], check=True)
        python = os.path.join(folder, "bin", "python")
        install = [python, "-m", "pip", "install", "-q", f"transformers=={release}"]
        if subprocess.run(install).returncode != 0:  # a dependency the index does not have yet: the package alone
            subprocess.run([*install, "--no-deps"], check=True)
        done = subprocess.run(
            [python, "-m", "tools.knowledge.generate"], cwd=ROOT, check=True, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": ROOT},
        )  # fmt: skip
    print(done.stderr.strip())
    written = Version.parse(release)
    for version, path in snapshots():
        if version.major == written.major and version.minor != written.minor:
            os.remove(path)
            print(f"removed {path}: {written.major}.x keeps its newest release")
    return done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only list the releases newer than the data")
    parser.add_argument("--wheels", default=generate_timeline.WHEELS, help="where wheels are kept (%(default)s)")
    options = parser.parse_args(argv)
    newer = newer_releases()
    for package, (known, listed) in sorted(newer.items()):
        print(f"{package}: the data knows {known}, the package index has {listed}")
    if options.check:
        if not newer:
            print("the data knows the newest release of transformers and of each package of its stack")
        return 1 if newer else 0
    newest = {package: newest_on_index(package) for package in DISTRIBUTIONS}
    transformers = newest["transformers"]
    generate_timeline.main(["--wheels", options.wheels, "--newest", transformers])
    snapshot(transformers)
    generate_moves.main(
        [generate_timeline.wheel(options.wheels, release) for release in generate_moves.timeline_wheels()]
    )
    wheels = [generate_timeline.wheel(options.wheels, newest[name], name) for name in ("peft", "trl")]
    generate_wrappers.main(wheels)
    with open(builders.DATA, encoding="utf-8") as handle:
        oldest_datasets = json.load(handle)["releases"][0]  # the table keeps what the oldest release read
    builders.main(
        [
            generate_timeline.wheel(options.wheels, release, "datasets")
            for release in (oldest_datasets, newest["datasets"])
        ]
    )
    generate_stack.main(["--wheels", options.wheels])
    for package in ("transformers", *PACKAGES):
        release = f"{Version.parse(newest[package]).major}.{Version.parse(newest[package]).minor}"
        if package == "transformers":
            generate_timeline.main(["--changes", release])
        else:
            generate_stack.main(["--changes", package, release])
    return 0


if __name__ == "__main__":
    sys.exit(main())
