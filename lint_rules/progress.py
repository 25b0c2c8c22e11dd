"""A one-line progress bar on stderr, for runs long enough to want one, on a terminal only."""

from __future__ import annotations

import os
import sys

WIDTH = 30


def progress_bar(total: int, at_least: int):
    """``show(done)`` for a run of ``total`` files; None when the run is shorter than ``at_least`` files,
    stderr is not a terminal, or it runs in CI."""
    if total < at_least or not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int) -> None:
        filled = WIDTH * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} files")
        if done == total:
            sys.stderr.write("\r" + " " * (WIDTH + 30) + "\r")
        sys.stderr.flush()

    return show
