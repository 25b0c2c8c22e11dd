"""How the generated knowledge files are written, and what a release changed in them.

Every data file is JSON that `git diff` reads as facts: objects have one key per line, sorted; a list of
strings has one string per line, sorted where the generator sorted it; any other list (the spans of a
timeline fact, ``[[0, 20]]``) stays on the line of its key. A regenerated file therefore differs from the
stored one by the lines of the facts that changed.

Timeline-shaped files (transformers' and its stack's: ``"releases"`` and facts stored as spans of release
indices) also answer "what did release X add and remove?" (`changes`), which the generators print.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from lint_rules.knowledge.timeline import holds, open_ends


def dumps(data: object) -> str:
    return _dumps(data, 0) + "\n"


def _dumps(value: object, depth: int) -> str:
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict) and value:
        items = (
            f"{inner}{json.dumps(key, ensure_ascii=False)}: {_dumps(value[key], depth + 1)}" for key in sorted(value)
        )
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        items = (f"{inner}{json.dumps(item, ensure_ascii=False)}" for item in value)
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)


def is_spans(value: object) -> bool:
    """``[[0, 3], [5]]``: the releases (by index) that have a fact, the last span open when it reaches the newest."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(span, list) and len(span) in (1, 2) for span in value)
        and all(isinstance(index, int) for span in value for index in span)
    )


def open_all(data: dict) -> dict:
    """The file's facts with their spans stored as `timeline.open_ends` says (in place; returns ``data``)."""
    newest = len(data["releases"]) - 1
    for path, raw in list(facts({key: value for key, value in data.items() if key != "releases"})):
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = open_ends(raw, newest)
    return data


def facts(data: dict, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], list[list[int]]]]:
    """Every fact of a timeline-shaped file: (its path of keys, its spans)."""
    for key, value in data.items():
        if is_spans(value):
            yield (*path, key), value
        elif isinstance(value, dict):
            yield from facts(value, (*path, key))


def changes(data: dict, release: str) -> tuple[list[str], list[str]]:
    """(the facts ``release`` has and the release before it lacks, the facts the release before has and
    ``release`` lacks), each as its path of keys joined by " :: ", for a file with ``"releases"``."""
    releases = data["releases"]
    index, newest = releases.index(release), len(releases) - 1
    if index == 0:
        raise ValueError(f"{release} is the first release the file records: nothing to compare it with")
    added, removed = [], []
    for path, spans in facts({key: value for key, value in data.items() if key != "releases"}):
        now, before = holds(spans, index, newest), holds(spans, index - 1, newest)
        if now != before:
            (added if now else removed).append(" :: ".join(path))
    return sorted(added), sorted(removed)


def print_changes(data: dict, release: str, label: str) -> None:
    added, removed = changes(data, release)
    previous = data["releases"][data["releases"].index(release) - 1]
    print(f"{label} {release} against {previous}: {len(added)} facts added, {len(removed)} removed")
    for sign, rows in (("+", added), ("-", removed)):
        for row in rows:
            print(f"{sign} {row}")
