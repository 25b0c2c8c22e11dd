"""Lint many files: read each once, consult the cache, spread the work over the cores."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from lint_rules.cache import DEFAULT_DIR, Cache
from lint_rules.diagnostics import Diagnostic, from_record, to_record
from lint_rules.documents import Notebook, Unit, is_markdown, is_notebook, markdown_units, place
from lint_rules.engine import lint_source
from lint_rules.settings import Settings
from lint_rules.sources import SourceError, read_source


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # why the file could not be linted
    warnings: list[str] = field(default_factory=list)  # parts of it that were skipped (a notebook cell)


def units_of(path: str, text: str) -> tuple[list[Unit], list[str]]:
    """The Python programs in a file, and warnings about the parts that are not linted."""
    if is_notebook(path):
        notebook = Notebook(text)
        unit = notebook.unit()
        warnings = [f"cell {number}: skipped, it does not parse ({why})" for number, why in notebook.skipped]
        return [unit], warnings
    if is_markdown(path):
        return [unit for _, unit in markdown_units(text)], []
    return [Unit(text)], []


def lint_text(path: str, text: str, settings: Settings, codes: frozenset[str]) -> tuple[list[Diagnostic], list[str]]:
    units, warnings = units_of(path, text)
    diagnostics = [
        place(diagnostic, unit)
        for unit in units
        for diagnostic in lint_source(unit.text, codes, settings.target, path, settings.floor)
    ]
    return diagnostics, warnings


def lint_file(path: str, settings: Settings, cache: Cache | None = None) -> FileResult:
    """Lint one file; with a cache, a hit is answered from it and a miss is recorded in it."""
    codes = settings.codes_for(path)
    try:
        data, source = read_source(path, python=not (is_notebook(path) or is_markdown(path)))
        key = cache.key(data, codes) if cache is not None else None
        if key is not None:
            cached = cache.get(key, path)
            if cached is not None:
                return FileResult(path, cached)
        diagnostics, warnings = lint_text(path, source.text, settings, codes)
    except SourceError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug of ours must not end the run: report it against the file
        return FileResult(path, error=f"internal error: {type(exc).__name__}: {exc}")
    if key is not None and not warnings:
        cache.put(key, diagnostics)
    return FileResult(path, diagnostics, warnings=warnings)


def make_cache(settings: Settings, enabled: bool) -> Cache | None:
    if not enabled:
        return None
    return Cache(settings.cache_dir or os.path.join(settings.root, DEFAULT_DIR), settings.fingerprint)


_WORKER: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = settings


def _work(path: str) -> tuple:
    result = lint_file(path, _WORKER)
    return result.path, [to_record(d) for d in result.diagnostics], result.error, result.warnings


def cache_key(path: str, settings: Settings, cache: Cache) -> str | None:
    try:
        with open(path, "rb") as handle:
            return cache.key(handle.read(), settings.codes_for(path))
    except OSError:
        return None  # the worker reports it


def lint_paths(paths: list[str], settings: Settings, cache: Cache | None, jobs: int | None = None) -> list[FileResult]:
    """Results in the order of ``paths``: cache hits from the main process, the rest from a process
    per core once there is enough of it to share."""
    results: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    for path in paths:
        key = cache_key(path, settings, cache) if cache is not None else None
        cached = cache.get(key, path) if key is not None else None
        if cached is not None:
            results[path] = FileResult(path, cached)
        elif key is not None:
            keys[path] = key
    todo = [path for path in paths if path not in results]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < 2 * jobs:
        fresh = [lint_file(path, settings) for path in todo]
    else:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
            chunk = max(1, min(32, len(todo) // (jobs * 8)))
            fresh = [
                FileResult(path, [from_record(r, path) for r in records], error, warnings)
                for path, records, error, warnings in pool.map(_work, todo, chunksize=chunk)
            ]
    for result in fresh:
        results[result.path] = result
        if cache is not None and result.path in keys and result.error is None and not result.warnings:
            cache.put(keys[result.path], result.diagnostics)
    if cache is not None:
        cache.save()
    return [results[path] for path in paths]
