"""`automodel-lint server`: a Language Server Protocol server over stdio, on the same engine as `check`.

The editor's in-memory text is linted on open, change and save (Python files and Markdown; the project's
`pyproject.toml` settings apply, as for `check`); each fix is a code action, labelled safe or unsafe, and
`source.fixAll` applies every safe fix; hovering a finding shows its rule's explanation. Needs pygls (the
`lsp` extra), which the lint path never imports.
"""

from __future__ import annotations

import os

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from lint_rules import __version__
from lint_rules.diagnostics import Applicability, Diagnostic
from lint_rules.pipeline import LINT, Fix, process
from lint_rules.registry import rule_by_code
from lint_rules.settings import Settings, SettingsError, resolve

SOURCE = "automodel-lint"
_SEVERITY = lsp.DiagnosticSeverity.Warning


class Server(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, __version__)
        self.found: dict[str, list[Diagnostic]] = {}  # uri -> the findings last published
        self.settings: dict[str, Settings] = {}  # folder -> its settings, read once

    def settings_for(self, path: str) -> Settings:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self.settings:
            self.settings[folder] = resolve(folder)
        return self.settings[folder]

    def lint(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) or uri
        try:
            result = process(path, self.settings_for(path), LINT, (document.source.encode("utf-8"), None))
        except SettingsError as exc:
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"{SOURCE}: {exc}"))
            return
        self.found[uri] = result.diagnostics
        published = [_diagnostic(d) for d in result.diagnostics if d.cell is None]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=published)
        )

    def fixed_text(self, uri: str) -> str | None:
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) or uri
        job = Fix(unsafe=False, write=False)
        return process(path, self.settings_for(path), job, (document.source.encode("utf-8"), None)).text


server = Server()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: Server, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: Server, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: Server, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.settings.clear()  # a saved pyproject.toml may have changed the settings
    ls.lint(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: Server, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.found.pop(params.text_document.uri, None)
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
            if d.fix is None or d.cell is not None or not _overlaps(_range(d), params.range):
                continue
            if d.fix.applicability is Applicability.DISPLAY_ONLY:
                continue
            safe = d.fix.applicability is Applicability.SAFE
            edits = [lsp.TextEdit(range=_span(edit.start, edit.end), new_text=edit.content) for edit in d.fix.edits]
            actions.append(
                lsp.CodeAction(
                    title=f"{d.code}: {d.fix.message}" + ("" if safe else " (unsafe)"),
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[_diagnostic(d)],
                    edit=lsp.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=safe,
                )
            )
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


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: Server, params: lsp.HoverParams) -> lsp.Hover | None:
    at = params.position
    for d in ls.found.get(params.text_document.uri, []):
        span = _range(d)
        if d.cell is None and _overlaps(span, lsp.Range(start=at, end=at)):
            rule = rule_by_code(d.code)
            text = f"**{d.code} `{rule.name}`**: {d.message}\n\n{rule.explanation()}"
            return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=span)
    return None


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
