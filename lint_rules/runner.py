"""Run a job over files: the runner that `check`, `automodel-codemod` and `automodel-smoke` share.

A path is read once; its bytes give the cache key, and on a miss the same bytes are linted or fixed.
Cache hits are answered by the main process; the rest is spread over a process per core once there
is enough of it. A job says what is done to a file (`LINT`, or `FixJob(...)`), when a cached answer
will do, and which results may be cached.
"""

from __future__ import annotations

import difflib
import json
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from lint_rules import launch
from lint_rules.cache import DEFAULT_DIR, Cache
from lint_rules.diagnostics import Diagnostic, Edit
from lint_rules.documents import Document, is_markdown, load, place
from lint_rules.engine import lint_source
from lint_rules.fixer import applicable, apply_edits, fix_document
from lint_rules.project import INDEX, digest
from lint_rules.registry import rule_by_code
from lint_rules.reporters.common import display_path
from lint_rules.settings import Settings
from lint_rules.sources import SourceError, decode, encode, read_bytes, write_source


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)  # for a fix: what is left after it
    error: str | None = None  # why the file could not be linted (or fixed)
    warnings: list[str] = field(default_factory=list)  # parts of it that were skipped (a notebook cell)
    changed: bool = False  # a fix changed the file's text
    applied: Counter = field(default_factory=Counter)  # fixes applied, by rule code
    diff: str = ""  # a unified diff of the fixes, when asked for
    text: str | None = None  # the fixed text, when a fix changed it
    uses: int | None = None  # uses of transformers and its stack the rules checked (a lint's; None for a fix)
    cacheable: bool = True  # False when the result also depends on another file (a script a launch line starts)
    deps: dict[str, str] = field(default_factory=dict)  # project modules it read: path -> digest of their bytes
    elsewhere: list = field(default_factory=list)  # (edit of another file, its finding): applied by `run`


class LintJob:
    """Report the findings."""

    def answers(self, cached: list[Diagnostic], uses: int | None) -> bool:
        return uses is not None

    def run(self, path: str, document: Document, settings: Settings, codes: frozenset[str], status) -> FileResult:
        counts: dict = {}
        diagnostics = [
            place(diagnostic, unit)
            for unit in document.units
            for diagnostic in lint_source(
                unit.text, codes, settings.target, path, settings.floor, stack=settings.stack, counts=counts
            )
        ]
        launched, read = _launches(document.source.text, path, settings, codes)
        result = FileResult(path, diagnostics + launched, warnings=document.warnings, uses=counts.get("uses", 0))
        result.cacheable = not read
        result.deps = counts.get("deps", {})
        return result

    def keeps(self, result: FileResult) -> bool:
        return result.error is None and not result.warnings


LINT = LintJob()


@dataclass(frozen=True)
class FixJob:
    """Apply the fixes (the unsafe ones too, when asked), writing the file back or showing a diff."""

    unsafe: bool = False
    write: bool = True
    diff: bool = False

    def answers(self, cached: list[Diagnostic], uses: int | None) -> bool:
        return not any(applicable(diagnostic, self.unsafe) for diagnostic in cached)

    def run(self, path: str, document: Document, settings: Settings, codes: frozenset[str], status) -> FileResult:
        counts: dict = {}
        new_text, fixed = fix_document(
            document, path, codes, settings.target, settings.floor, self.unsafe, settings.stack, counts
        )
        launched, read = _launches(new_text, path, settings, codes)
        chosen = [d for d in launched if applicable(d, self.unsafe)]
        if chosen:  # the flags of launch lines: edits apart from each other, one per finding
            new_text = apply_edits(new_text, [edit for d in chosen for edit in d.fix.edits])
            fixed.applied.update(d.code for d in chosen)
        remaining = fixed.remaining + [d for d in launched if not applicable(d, self.unsafe)]
        result = FileResult(path, remaining, warnings=document.warnings, deps=counts.get("deps", {}))
        result.cacheable = not read and not fixed.elsewhere
        result.elsewhere = fixed.elsewhere
        old_text = document.source.text
        if new_text == old_text:
            return result
        result.text = new_text
        new_data = encode(new_text, document.source.encoding)
        if self.diff:
            result.diff = _diff(display_path(path), old_text, new_text)
        if self.write:
            try:
                write_source(path, new_data, status)
            except SourceError as exc:
                result.error = str(exc)
                return result
        result.changed, result.applied = True, fixed.applied
        return result

    def keeps(self, result: FileResult) -> bool:
        return not result.changed and result.error is None and not result.warnings and result.cacheable


def _launches(text: str, path: str, settings: Settings, codes: frozenset[str]) -> tuple[list[Diagnostic], bool]:
    """HF309 on the launch lines of a shell script or a Markdown file (`lint_rules.launch`)."""
    if launch.CODE not in codes or not (path.endswith(launch.SHELL_SUFFIXES) or is_markdown(path)):
        return [], False
    rule = rule_by_code(launch.CODE)
    return launch.check(text, path, settings.target, settings.floor, settings.root, rule.name, rule.url())


def _diff(shown: str, old_text: str, new_text: str) -> str:
    """A unified diff; for a notebook, one per changed cell, of its code rather than of the JSON."""
    if shown.endswith(".ipynb"):
        try:
            old_cells, new_cells = (json.loads(text).get("cells", []) for text in (old_text, new_text))
        except (ValueError, AttributeError):
            old_cells = new_cells = None
        if old_cells is not None and len(old_cells) == len(new_cells):
            parts = []
            for number, (old, new) in enumerate(zip(old_cells, new_cells, strict=True), 1):
                before, after = (_cell_source(cell) for cell in (old, new))
                if before != after:
                    names = f"a/{shown}:cell {number}", f"b/{shown}:cell {number}"
                    parts.extend(difflib.unified_diff(before, after, *names))
            return "".join(parts)
    lines = old_text.splitlines(keepends=True), new_text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(*lines, f"a/{shown}", f"b/{shown}"))


def _cell_source(cell: dict) -> list[str]:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return [line if line.endswith("\n") else line + "\n" for line in text.splitlines(keepends=True)]


def process(path: str, settings: Settings, job, read: tuple | None = None) -> FileResult:
    """One file through ``job``; ``read`` is its (bytes, status) when the caller has read it already."""
    try:
        data, status = read if read is not None else read_bytes(path)
        return job.run(path, load(path, data), settings, settings.codes_for(path), status)
    except SourceError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug of ours must not end the run nor touch the file: report it against the file
        return FileResult(path, error=f"internal error: {type(exc).__name__}: {exc}")


def lint_file(path: str, settings: Settings) -> FileResult:
    return process(path, settings, LINT)


def _unchanged(deps: dict[str, str], digests: dict[str, str | None]) -> bool:
    """Every project module a cached result read still has the bytes it had."""
    for path, recorded in deps.items():
        if path not in digests:
            read = INDEX.read(path)
            digests[path] = None if read is None else read[1]
        if digests[path] != recorded:
            return False
    return True


def _cache_for(settings: Settings, caches: dict) -> Cache:
    """The cache of a project's settings (one index per project and settings, read once a run)."""
    directory = settings.cache_dir or os.path.join(settings.root, DEFAULT_DIR)
    key = (directory, settings.fingerprint)
    if key not in caches:
        caches[key] = Cache(directory, settings.fingerprint)
    return caches[key]


_WORKER: tuple | None = None  # (each settings in use, job) in a worker process


def _init_worker(settings: tuple[Settings, ...], job) -> None:
    global _WORKER
    _WORKER = (settings, job)


def _work(item: tuple[str, tuple | None, int]) -> FileResult:
    path, read, which = item
    settings, job = _WORKER
    return process(path, settings[which], job, read)


def run(
    paths: list[str], settings, job, cached: bool = True, jobs: int | None = None, progress=None
) -> list[FileResult]:
    """Results in the order of ``paths``, each file with ``settings.for_path(path)`` (a `Settings`, or a
    `Resolver` that gives each file its own). With the cache, each file is read here once: a hit that ``job``
    accepts is the answer, and a miss hands the same bytes on. ``progress(done)`` follows the run."""
    progress = progress or (lambda done: None)
    results: dict[str, FileResult] = {}
    keys: dict[str, tuple[Cache, str]] = {}
    caches: dict = {}
    digests: dict[str, str | None] = {}  # the project modules' digests now, read once a run
    chosen: dict[Settings, int] = {}  # each settings in use -> its index, for the workers
    todo: list[tuple[str, tuple | None, int]] = []
    for path in paths:
        own = settings.for_path(path)
        read = None
        if cached:
            cache = _cache_for(own, caches)
            try:
                read = read_bytes(path)
            except SourceError as exc:
                results[path] = FileResult(path, error=str(exc))
                continue
            key = cache.key(read[0], own.codes_for(path))
            hit = cache.get(key, path)
            if hit is not None and job.answers(hit[0], hit[1]) and _unchanged(hit[2], digests):
                results[path] = FileResult(path, hit[0], uses=hit[1], deps=hit[2])
                continue
            keys[path] = (cache, key)
        todo.append((path, read, chosen.setdefault(own, len(chosen))))
    done = len(results)
    progress(done)
    jobs = jobs or os.cpu_count() or 1
    distinct = tuple(chosen)
    if jobs <= 1 or len(todo) < 2 * jobs:
        fresh = (process(path, distinct[which], job, read) for path, read, which in todo)
        pool = None
    else:
        pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(distinct, job))
        fresh = pool.map(_work, todo, chunksize=max(1, min(32, len(todo) // (jobs * 8))))
    try:
        for result in fresh:
            results[result.path] = result
            done += 1
            progress(done)
            if result.path in keys and job.keeps(result):
                cache, key = keys[result.path]
                cache.put(key, result.diagnostics, result.uses, result.deps)
    finally:
        if pool is not None:
            pool.shutdown()
    for cache in caches.values():
        cache.save()
    extra = _fix_elsewhere(results, job) if isinstance(job, FixJob) else []
    return [results[path] for path in paths] + extra


def _fix_elsewhere(results: dict[str, FileResult], job: FixJob) -> list[FileResult]:
    """Apply the fixes whose edits are in another file of the project (a key of a dict a settings module holds),
    once every file's own fixes are done: to that file as it was read (its digest must match, and its own fixes
    must not have changed it in this run; else a second run applies them), each edit once. The finding that
    asked for it counts as fixed, in the file that changed. Returns the results of files not among the paths."""
    by_target: dict[str, list[tuple[FileResult, Edit, Diagnostic]]] = {}
    for result in list(results.values()):
        for edit, diagnostic in result.elsewhere:
            by_target.setdefault(os.path.abspath(edit.path), []).append((result, edit, diagnostic))
    extra = []
    shown = {os.path.abspath(path): path for path in results}
    for target, asked in by_target.items():
        own = results.get(shown.get(target, ""))
        if own is not None and own.text is not None:
            for result, _, diagnostic in asked:
                result.warnings.append(
                    f"{diagnostic.code}: the fix in {display_path(target)} waits for a second run (its own fixes "
                    "changed that file in this one)"
                )
            continue
        try:
            data, status = read_bytes(target)
            source = decode(data)
        except SourceError:
            continue
        current = digest(data)
        fresh = [(result, edit, d) for result, edit, d in asked if edit.digest == current]
        edits = list({(edit.start, edit.end, edit.content): edit for _, edit, _ in fresh}.values())
        if not edits:
            continue
        new_text = apply_edits(source.text, edits)
        if own is None:
            own = FileResult(shown.get(target, display_path(target)))
            extra.append(own)
        own.text = new_text
        if job.diff:
            own.diff = _diff(display_path(own.path), source.text, new_text)
        if job.write:
            try:
                write_source(target, encode(new_text, source.encoding), status)
            except SourceError as exc:
                own.error = str(exc)
                continue
        own.changed = True
        for result, _, diagnostic in fresh:  # counted where the text changed
            if diagnostic in result.diagnostics:
                result.diagnostics.remove(diagnostic)
                own.applied[diagnostic.code] += 1
    return extra
