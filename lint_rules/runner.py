"""Lint many files: read each once, consult the cache, spread the work over the cores."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from lint_rules.cache import DEFAULT_DIR, Cache
from lint_rules.diagnostics import Diagnostic, from_record, to_record
from lint_rules.engine import lint_source
from lint_rules.settings import Settings
from lint_rules.sources import SourceError, read_source


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # why the file could not be linted


def lint_file(path: str, settings: Settings, cache: Cache | None = None) -> FileResult:
    codes = settings.codes_for(path)
    try:
        data, source = read_source(path)
        key = cache.key(data, codes) if cache is not None else None
        if key is not None:
            cached = cache.get(key, path)
            if cached is not None:
                return FileResult(path, cached)
        diagnostics = lint_source(source.text, codes, settings.target, path, settings.floor)
    except SourceError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug of ours must not end the run: report it against the file
        return FileResult(path, error=f"internal error: {type(exc).__name__}: {exc}")
    if key is not None:
        cache.put(key, diagnostics)
    return FileResult(path, diagnostics)


def make_cache(settings: Settings, enabled: bool) -> Cache | None:
    if not enabled:
        return None
    return Cache(settings.cache_dir or os.path.join(settings.root, DEFAULT_DIR), settings.fingerprint)


_WORKER: tuple | None = None


def _init_worker(settings: Settings, cache: Cache | None) -> None:
    global _WORKER
    _WORKER = (settings, cache)


def _work(path: str) -> tuple:
    result = lint_file(path, *_WORKER)
    return result.path, [to_record(d) for d in result.diagnostics], result.error


def lint_paths(paths: list[str], settings: Settings, cache: Cache | None, jobs: int | None = None) -> list[FileResult]:
    """Results in the order of ``paths``; a process per core once there is enough work to share."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) < 2 * jobs:
        return [lint_file(path, settings, cache) for path in paths]
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings, cache)) as pool:
        chunk = max(1, min(32, len(paths) // (jobs * 8)))
        return [
            FileResult(path, [from_record(r, path) for r in records], error)
            for path, records, error in pool.map(_work, paths, chunksize=chunk)
        ]
