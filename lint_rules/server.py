"""`automodel-lint server`: a Language Server Protocol server over stdio, on the same engine as `check`.

The editor's in-memory text is linted on open, change and save (Python files, Markdown, and notebooks whose
cells the client sends as a notebook document, read as `check` reads a `.ipynb` file; the project's
`pyproject.toml` settings apply, as for `check`); each fix is a code action, labelled safe or unsafe, and
`source.fixAll` applies every safe fix; hovering a finding shows its rule's explanation. The project's other
modules are read as the editor holds them, saved or not: a change to one lints again the open files that read
it. Needs pygls (the `lsp` extra), which the lint path never imports.
"""

from __future__ import annotations

import json

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lint_rules import __version__
from lint_rules.analysis import NOQA
from lint_rules.diagnostics import Applicability, Diagnostic, Location
from lint_rules.project import INDEX
from lint_rules.registry import rule_by_code
from lint_rules.runner import LINT, FileResult, FixJob, process
from lint_rules.settings import Resolver, SettingsError

SOURCE = "automodel-lint"
_SEVERITY = lsp.DiagnosticSeverity.Warning


# Notebooks whose cells are Python: the client sends the whole notebook, which is linted as `check` lints a
# `.ipynb` file (its code cells as one program), and each cell gets its own findings.
NOTEBOOKS = lsp.NotebookDocumentSyncOptions(
    notebook_selector=[
        lsp.NotebookDocumentFilterWithCells(
            notebook="jupyter-notebook", cells=[lsp.NotebookCellLanguage(language="python")]
        )
    ]
)


class Server(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, notebook_document_sync=NOTEBOOKS)
        self.found: dict[str, list[Diagnostic]] = {}  # uri (a file's, or a notebook cell's) -> its findings
        self.cells: dict[str, list[str]] = {}  # notebook uri -> its cells' uris, in order
        self.settings = Resolver()  # each file's nearest configuration, read once until a configuration is saved
        self.deps: dict[str, set[str]] = {}  # uri -> the project modules its findings read (paths)

    def run(self, uri: str, text: str, job) -> FileResult | None:
        """``job`` on the editor's text of ``uri``, with the settings of its folder; a settings error is shown
        to the user, once per run, and nothing is published."""
        path = to_fs_path(uri) or uri
        try:
            return process(path, self.settings.for_path(path), job, (text.encode("utf-8"), None))
        except SettingsError as exc:
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"{SOURCE}: {exc}"))
            return None

    def lint(self, uri: str, changed: bool = False) -> None:
        """Lint ``uri``; when its text ``changed``, the other open files whose findings read it are linted
        again, against the editor's text of it (the project index reads an open module's unsaved text)."""
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) or uri
        if path.endswith(".py"):
            INDEX.hold(path, document.source.encode("utf-8"))
        result = self.run(uri, document.source, LINT)
        if result is None:
            return
        self.found[uri] = result.diagnostics
        self.deps[uri] = set(result.deps)
        published = [_diagnostic(d) for d in result.diagnostics]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=published)
        )
        if changed:
            self._lint_readers(path, uri)

    def close(self, uri: str) -> None:
        path = to_fs_path(uri) or uri
        INDEX.hold(path, None)  # the file on disk again
        self.found.pop(uri, None)
        self.deps.pop(uri, None)
        self._lint_readers(path, uri)

    def _lint_readers(self, path: str, uri: str) -> None:
        """Lint again the open files other than ``uri`` whose findings read the module at ``path``."""
        for other in [other for other, read in self.deps.items() if other != uri and path in read]:
            self.lint(other)

    def lint_notebook(self, uri: str) -> None:
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return
        cells = [cell.document for cell in notebook.cells]
        data = {
            "cells": [_cell(cell, self.workspace.get_text_document(cell.document).source) for cell in notebook.cells],
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        result = self.run(uri, json.dumps(data), LINT)
        if result is None:
            return
        self.cells[uri] = cells
        for number, cell_uri in enumerate(cells, 1):
            found = [d for d in result.diagnostics if d.cell == number]
            self.found[cell_uri] = found
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[_diagnostic(d) for d in found])
            )

    def edit_uri(self, uri: str, cell: int | None) -> str | None:
        """The document an edit of a finding in ``uri`` changes: ``uri`` itself, or the notebook cell it names."""
        if cell is None:
            return uri
        for cells in self.cells.values():
            if uri in cells:
                return cells[cell - 1] if 0 < cell <= len(cells) else None
        return None

    def fixed_text(self, uri: str) -> str | None:
        if any(uri in cells for cells in self.cells.values()):
            return None  # a notebook cell: its fixes are offered one by one

        result = self.run(uri, self.workspace.get_text_document(uri).source, FixJob(unsafe=False, write=False))
        return None if result is None else result.text


server = Server()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: Server, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: Server, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.lint(params.text_document.uri, changed=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: Server, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.settings = Resolver()  # a saved pyproject.toml may have changed the settings
    ls.lint(params.text_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
def notebook_did_open(ls: Server, params: lsp.DidOpenNotebookDocumentParams) -> None:
    ls.lint_notebook(params.notebook_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: Server, params: lsp.DidChangeNotebookDocumentParams) -> None:
    ls.lint_notebook(params.notebook_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_did_save(ls: Server, params: lsp.DidSaveNotebookDocumentParams) -> None:
    ls.settings = Resolver()
    ls.lint_notebook(params.notebook_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: Server, params: lsp.DidCloseNotebookDocumentParams) -> None:
    for cell_uri in ls.cells.pop(params.notebook_document.uri, []):
        ls.found.pop(cell_uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: Server, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.close(params.text_document.uri)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]),
)
def code_actions(ls: Server, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    wanted = params.context.only
    actions = []
    if not wanted or lsp.CodeActionKind.QuickFix in wanted:
        for d in ls.found.get(uri, []):
            if d.fix is None or not _overlaps(_range(d), params.range):
                continue
            if d.fix.applicability is Applicability.DISPLAY_ONLY:
                continue
            safe = d.fix.applicability is Applicability.SAFE
            changes: dict[str, list[lsp.TextEdit]] = {}
            for edit in d.fix.edits:  # another file's edit (a settings module's dict key) goes to that file
                target = from_fs_path(edit.path) if edit.path else ls.edit_uri(uri, edit.cell)
                if target is None:
                    break
                changes.setdefault(target, []).append(
                    lsp.TextEdit(range=_span(edit.start, edit.end), new_text=edit.content)
                )
            else:
                actions.append(
                    lsp.CodeAction(
                        title=f"{d.code}: {d.fix.message}" + ("" if safe else " (unsafe)"),
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[_diagnostic(d)],
                        edit=lsp.WorkspaceEdit(changes=changes),
                        is_preferred=safe,
                    )
                )
    if not wanted or lsp.CodeActionKind.QuickFix in wanted:
        for d in ls.found.get(uri, []):
            action = _noqa_action(ls, uri, d) if _overlaps(_range(d), params.range) else None
            actions.extend([action] if action is not None else [])
    if not wanted or lsp.CodeActionKind.SourceFixAll in wanted or lsp.CodeActionKind.Source in wanted:
        text = ls.fixed_text(uri)
        if text is not None:
            old = ls.workspace.get_text_document(uri).source
            whole = lsp.Range(start=lsp.Position(0, 0), end=_end_of(old))
            actions.append(
                lsp.CodeAction(
                    title=f"{SOURCE}: fix all (safe fixes)",
                    kind=lsp.CodeActionKind.SourceFixAll,
                    edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=whole, new_text=text)]}),
                )
            )
    return actions


def _noqa_action(ls: Server, uri: str, d: Diagnostic) -> lsp.CodeAction | None:
    """`# noqa: HFxxx` at the end of the reported line, or the code added to the `noqa` it has."""
    target = ls.edit_uri(uri, d.cell)
    if target is None:
        return None
    lines = ls.workspace.get_text_document(target).source.split("\n")
    row = d.start.row - 1
    if row >= len(lines):
        return None
    line = lines[row].rstrip()
    found = NOQA.search(line)  # the grammar the engine reads
    if found is not None and not found.group("codes"):
        return None  # a bare noqa comment already silences every code
    if found is not None:
        end = found.end("codes")
        edit = lsp.TextEdit(range=_span(Location(row + 1, end), Location(row + 1, end)), new_text=f", {d.code}")
    else:
        at = Location(row + 1, len(line))
        edit = lsp.TextEdit(range=_span(at, at), new_text=f"  # noqa: {d.code}")
    return lsp.CodeAction(
        title=f"{d.code}: add `# noqa: {d.code}` on this line",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[_diagnostic(d)],
        edit=lsp.WorkspaceEdit(changes={target: [edit]}),
    )


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: Server, params: lsp.HoverParams) -> lsp.Hover | None:
    at = params.position
    for d in ls.found.get(params.text_document.uri, []):
        span = _range(d)
        if _overlaps(span, lsp.Range(start=at, end=at)):
            rule = rule_by_code(d.code)
            text = f"**{d.code} `{rule.name}`**: {d.message}\n\n{rule.explanation()}"
            return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=span)
    return None


def _cell(cell: lsp.NotebookCell, text: str) -> dict:
    if cell.kind == lsp.NotebookCellKind.Code:
        return {"cell_type": "code", "source": text, "metadata": {}, "outputs": [], "execution_count": None}
    return {"cell_type": "markdown", "source": text, "metadata": {}}


def _diagnostic(d: Diagnostic) -> lsp.Diagnostic:
    return lsp.Diagnostic(range=_range(d), message=d.message, severity=_SEVERITY, code=d.code, source=SOURCE)


def _range(d: Diagnostic) -> lsp.Range:
    return _span(d.start, d.end)


def _span(start, end) -> lsp.Range:
    return lsp.Range(start=lsp.Position(start.row - 1, start.column), end=lsp.Position(end.row - 1, end.column))


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(position: lsp.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _end_of(text: str) -> lsp.Position:
    lines = text.split("\n")
    return lsp.Position(len(lines) - 1, len(lines[-1]))


def main() -> int:
    server.start_io()
    return 0
