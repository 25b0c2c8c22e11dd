"""`automodel-lint server` through a real LSP client over stdio: diagnostics, code actions, fix-all, hover."""

import asyncio
import os

import pytest

pytest.importorskip("pygls")
from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from conftest import front_end  # noqa: E402
from lint_rules.versions import NEWEST_KNOWN

BAD = 'from transformers import AutoModel\n\nm = AutoModel.from_pretrained("x", use_auth_token=True)\n'


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        begin = starts[edit.range.start.line] + edit.range.start.character
        end = starts[edit.range.end.line] + edit.range.end.character
        text = text[:begin] + edit.new_text + text[end:]
    return text


async def _start(folder) -> tuple[LanguageClient, asyncio.Queue]:
    """A client talking to `automodel-lint server` in ``folder``, and the queue its diagnostics arrive on."""
    client = LanguageClient("test-client", "1.0")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params):
        published.put_nowait(params)

    await client.start_io(*front_end(), "server", cwd=str(folder))
    return client, published


async def _session(folder):
    client, published = await _start(folder)
    try:
        await client.initialize_async(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=folder.as_uri())
        )
        client.initialized(lsp.InitializedParams())
        uri = (folder / "train.py").as_uri()
        document = lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=BAD)
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=document))
        first = await asyncio.wait_for(published.get(), 120)
        identifier = lsp.TextDocumentIdentifier(uri=uri)
        diagnostic = first.diagnostics[0]
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=identifier, range=diagnostic.range,
                context=lsp.CodeActionContext(diagnostics=first.diagnostics),
            )
        )  # fmt: skip
        hover = await client.text_document_hover_async(
            lsp.HoverParams(text_document=identifier, position=diagnostic.range.start)
        )
        changed = BAD.replace("use_auth_token", "token")
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)],
            )
        )
        second = await asyncio.wait_for(published.get(), 120)
        await client.shutdown_async(None)
        client.exit(None)
        return first, actions, hover, second
    finally:
        await client.stop()


def test_diagnostics_code_actions_fix_all_and_hover(tmp_path):
    (tmp_path / "pyproject.toml").write_text(f'[tool.automodel-lint]\ntarget-transformers = "{NEWEST_KNOWN}"\n')
    first, actions, hover, second = asyncio.run(_session(tmp_path))
    assert [(d.code, d.source) for d in first.diagnostics] == [("HF302", "automodel-lint")]
    assert first.diagnostics[0].range.start == lsp.Position(2, 35)  # 0-based: column 36 in `check`
    quick = [action for action in actions if action.kind == lsp.CodeActionKind.QuickFix]
    assert [action.title for action in quick] == [
        "HF302: Rename `use_auth_token` to `token`", "HF302: add `# noqa: HF302` on this line",
    ]  # fmt: skip
    uri = (tmp_path / "train.py").as_uri()
    assert _apply(BAD, quick[0].edit.changes[uri]) == BAD.replace("use_auth_token", "token")
    silenced = BAD.replace("use_auth_token=True)", "use_auth_token=True)  # noqa: HF302")
    assert _apply(BAD, quick[1].edit.changes[uri]) == silenced
    (fix_all,) = [action for action in actions if action.kind == lsp.CodeActionKind.SourceFixAll]
    assert _apply(BAD, fix_all.edit.changes[uri]) == BAD.replace("use_auth_token", "token")
    assert "use-auth-token" in hover.contents.value and "## What it does" in hover.contents.value
    assert list(second.diagnostics) == [] and second.version == 2
    assert os.path.exists(tmp_path / "pyproject.toml")


async def _notebook_session(folder):
    client, published = await _start(folder)
    try:
        sync = lsp.NotebookDocumentClientCapabilities(synchronization=lsp.NotebookDocumentSyncClientCapabilities())
        capabilities = lsp.ClientCapabilities(notebook_document=sync)
        result = await client.initialize_async(
            lsp.InitializeParams(capabilities=capabilities, root_uri=folder.as_uri())
        )
        client.initialized(lsp.InitializedParams())
        notebook = (folder / "demo.ipynb").as_uri()
        cells = [f"{notebook}#cell{n}" for n in (1, 2, 3)]
        texts = [
            "import torch\nfrom transformers import AutoModel",
            "# Loading",
            'm = AutoModel.from_pretrained("x", use_auth_token=True)',
        ]
        kinds = [lsp.NotebookCellKind.Code, lsp.NotebookCellKind.Markup, lsp.NotebookCellKind.Code]
        client.notebook_document_did_open(
            lsp.DidOpenNotebookDocumentParams(
                notebook_document=lsp.NotebookDocument(
                    uri=notebook, notebook_type="jupyter-notebook", version=1,
                    cells=[lsp.NotebookCell(kind=kind, document=uri) for kind, uri in zip(kinds, cells, strict=True)],
                ),
                cell_text_documents=[
                    lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
                    for uri, language, text in zip(cells, ("python", "markdown", "python"), texts, strict=True)
                ],
            )
        )  # fmt: skip
        by_uri = {}
        while len(by_uri) < 3:
            params = await asyncio.wait_for(published.get(), 120)
            by_uri[params.uri] = params.diagnostics
        third = by_uri[cells[2]]
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=cells[2]), range=third[0].range,
                context=lsp.CodeActionContext(diagnostics=third),
            )
        )  # fmt: skip
        await client.shutdown_async(None)
        client.exit(None)
        return result, cells, by_uri, actions
    finally:
        await client.stop()


def test_a_notebook_is_linted_as_one_program_and_each_cell_gets_its_findings(tmp_path):
    result, cells, by_uri, actions = asyncio.run(_notebook_session(tmp_path))
    assert result.capabilities.notebook_document_sync is not None
    assert list(by_uri[cells[0]]) == [] and list(by_uri[cells[1]]) == []
    assert [(d.code, d.range.start) for d in by_uri[cells[2]]] == [("HF302", lsp.Position(0, 35))]
    quick, noqa = [action for action in actions if action.kind == lsp.CodeActionKind.QuickFix]
    (edit,) = quick.edit.changes[cells[2]]
    assert edit.new_text == "token" and edit.range.start == lsp.Position(0, 35)
    (silence,) = noqa.edit.changes[cells[2]]  # on the cell's own line
    assert silence.new_text == "  # noqa: HF302" and silence.range.start == lsp.Position(0, 55)


async def _two_modules_session(folder):
    """train.py calls a Trainer subclass of trainer.py; trainer.py is opened and changed, unsaved."""
    client, published = await _start(folder)
    try:
        await client.initialize_async(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=folder.as_uri())
        )
        client.initialized(lsp.InitializedParams())
        found = []
        for name, version in (("train.py", 1), ("trainer.py", 1)):
            uri = (folder / name).as_uri()
            text = (folder / name).read_text()
            document = lsp.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
            client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=document))
            found.append(await asyncio.wait_for(published.get(), 120))
        trainer = (folder / "trainer.py").as_uri()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=trainer, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="class LLMTrainer:\n    pass\n")],
            )
        )
        after = {}
        while len(after) < 2:  # trainer.py's own findings, and train.py's linted again
            params = await asyncio.wait_for(published.get(), 30)
            after[params.uri] = params.diagnostics
        client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=trainer))
        )
        closed = {}
        while len(closed) < 2:
            params = await asyncio.wait_for(published.get(), 30)
            closed[params.uri] = params.diagnostics
        await client.shutdown_async(None)
        client.exit(None)
        return found, after, closed
    finally:
        await client.stop()


def test_an_unsaved_change_to_another_module_lints_the_files_that_read_it_again(tmp_path):
    (tmp_path / "pyproject.toml").write_text(f'[tool.automodel-lint]\ntarget-transformers = "{NEWEST_KNOWN}"\n')
    (tmp_path / "trainer.py").write_text("from transformers import Trainer\n\n\nclass LLMTrainer(Trainer):\n    pass\n")
    (tmp_path / "train.py").write_text(
        "from transformers import AutoTokenizer\n\nfrom trainer import LLMTrainer\n\n"
        'LLMTrainer(model=None, tokenizer=AutoTokenizer.from_pretrained("gpt2"))\n'
    )
    found, after, closed = asyncio.run(_two_modules_session(tmp_path))
    train = (tmp_path / "train.py").as_uri()
    assert [d.code for d in found[0].diagnostics] == ["HF308"]
    assert list(after[train]) == []  # the editor's text of trainer.py: LLMTrainer no longer derives from Trainer
    assert [d.code for d in closed[train]] == ["HF308"]  # closed unsaved: the file on disk again
