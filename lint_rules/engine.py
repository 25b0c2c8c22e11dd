"""Run every enabled rule over one source text. This half is light: the text pre-filter, the syntax gate
(`lint_rules.syntax`), and the import check that decides whether a file needs libcst at all;
`lint_rules.analysis` (libcst, the rules) is imported only when one does."""

from __future__ import annotations

import ast
import gc
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from lint_rules.diagnostics import Diagnostic
from lint_rules.knowledge.wrappers import LIBRARIES
from lint_rules.selection import modules_for
from lint_rules.sources import SourceError
from lint_rules.stack import Stack
from lint_rules.syntax import PYTHON_BOUNDS_CHAINS, bound_nesting, python_tree
from lint_rules.versions import Version

# The packages whose classes a project derives from and whose loaders it wraps: a file that imports none of them
# may still reach them through its project's modules.
_DERIVED = frozenset({"transformers", *LIBRARIES})
_FILE_NOQA = re.compile(r"^\s*# (?:flake8|automodel-lint)[:=]\s*noqa\s*$", re.IGNORECASE | re.MULTILINE)


def might_match(text: str, codes: list[str]) -> bool:
    """A sound pre-filter: a rule cannot fire in a file that never names a module it needs."""
    return any(module in text for code in codes for module in modules_for(code))


def lint_source(
    text: str,
    codes: frozenset[str],
    target: Version,
    filename: str = "<string>",
    floor: Version | None = None,
    tree: ast.Module | None = None,
    stack: Stack | None = None,
    counts: dict | None = None,
) -> list[Diagnostic]:
    """Diagnostics for one Python source text; raises SourceError when it cannot be analysed.

    ``target`` is the newest transformers release the code must work with, ``floor`` the oldest
    (default: the same); a fix is offered only when every release in between accepts it. ``stack``: the
    releases of huggingface_hub, datasets, peft and trl it must work with (default: what the target admits).
    ``tree`` is Python's own parse of ``text`` where the caller already has it (flake8 does). ``counts``, when
    given, gets ``uses``: how many uses of transformers and its stack the rules checked.
    """
    wanted = sorted(codes)
    if not wanted or _FILE_NOQA.search(text):
        return []
    through = None  # packages the file reaches only through its project's modules
    if not might_match(text, wanted):
        through = _through_project(text, filename, wanted, counts)
        if not through:
            return []
    refusal = None
    if tree is None:
        tree, refusal = python_tree(text)
    if tree is not None:
        imported = imported_roots(tree)
        if through is None and not imported & _DERIVED:
            through = _through_project(text, filename, wanted, counts)
        imported |= through or set()
        wanted = [code for code in wanted if imported.intersection(modules_for(code))]
        if not wanted:
            return []  # rules resolve names by import origin: without the import, none can fire
        if not PYTHON_BOUNDS_CHAINS:
            bound_nesting(text)
    return _deep_stack(_analyse, text, wanted, target, filename, floor, tree, refusal, stack, counts)


def _through_project(text: str, filename: str, wanted: list[str], counts: dict | None) -> set[str]:
    """For a file that names no package a rule needs: those it reaches through a project module it imports (it
    calls a project subclass of `Trainer`, a project function that loads a tokenizer). Read as text: most files
    of a repository import nothing of the kind and cost a search or two."""
    if "import" not in text or filename.startswith("<") or filename == "-":
        return set()
    from lint_rules.project import view_for

    view = view_for(filename)
    if view is None:
        return set()
    through = view.reached(text, frozenset(module for code in wanted for module in modules_for(code)))
    if counts is not None and view.used:
        counts.setdefault("deps", {}).update(view.used)  # whether it is checked depends on them
    return through


def not_python(text: str) -> str | None:
    """Why ``text`` is not Python (of any version libcst reads), in Python's words, or None."""
    try:
        tree, refusal = python_tree(text)
    except SourceError as exc:
        return str(exc)
    if tree is not None:
        return None
    from lint_rules.analysis import parses

    return None if _deep_stack(parses, text) else refusal.msg


def _analyse(
    text: str,
    codes: list[str],
    target: Version,
    filename: str,
    floor: Version | None,
    tree: ast.Module | None,
    refusal: SyntaxError | None,
    stack: Stack | None,
    counts: dict | None = None,
) -> list[Diagnostic]:
    from lint_rules.analysis import analyse
    from lint_rules.registry import rule_classes

    try:
        return analyse(text, rule_classes(codes), target, filename, floor, tree, refusal, stack, counts)
    finally:
        _settle()


_settled = False


def _settle() -> None:
    """Once per process, after the first analysis: what is left then is the knowledge the rules loaded (the
    timeline, the model tables: hundreds of thousands of objects that live as long as the process). Freezing
    them keeps every later garbage collection from walking them again; a file's own tree is freed by reference
    counting and the young generations. On a 1,000-line file this is a quarter of the time."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def imported_roots(tree: ast.Module) -> set[str]:
    """The top-level packages a module imports absolutely (`transformers`, `datasets`, ...), anywhere
    in its statements; relative imports (a package's own modules) are not counted."""
    roots: set[str] = set()
    blocks = [tree.body]
    while blocks:
        for node in blocks.pop():
            kind = type(node)
            if kind is ast.Import:
                roots.update(alias.name.split(".", 1)[0] for alias in node.names)
            elif kind is ast.ImportFrom:
                if not node.level and node.module:
                    roots.add(node.module.split(".", 1)[0])
            else:
                for name in _BLOCKS:
                    block = getattr(node, name, None)
                    if block:
                        blocks.append(block)
    return roots


# libcst's parser and visitors recurse once per nesting level: a long operator chain that Python
# accepts (a few thousand terms) needs more stack and a higher recursion limit than a thread gets.
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 30_000
_deep_worker: ThreadPoolExecutor | None = None


def _deep_stack(function, *args):
    global _deep_worker
    if _deep_worker is None:
        previous = threading.stack_size(_STACK_BYTES)
        try:
            _deep_worker = ThreadPoolExecutor(1, thread_name_prefix="automodel-lint")
            _deep_worker.submit(int).result()  # start the thread while the large stack size is set
        finally:
            threading.stack_size(previous)
    return _deep_worker.submit(_with_limit, function, args).result()


def _forget_worker() -> None:
    global _deep_worker
    _deep_worker = None  # a forked child has the executor but not its thread


os.register_at_fork(after_in_child=_forget_worker)


def _with_limit(function, args):
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _RECURSION_LIMIT))
    try:
        return function(*args)
    finally:
        sys.setrecursionlimit(previous)
