"""HF319: an `except` for requests' errors around transformers calls, which raise no requests errors any more."""

from __future__ import annotations

import libcst as cst

from lint_rules.knowledge.timeline import timeline
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import ReleaseGuards

_REQUESTS = "requests"


class _TransformersCall(cst.CSTVisitor):
    """Finds a call of something transformers offers in a block."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.found = False
        self.requests = False  # the block calls requests itself: the handler may be for that

    def visit_Call(self, node: cst.Call) -> bool:
        if self.ctx.hf_name(node.func) is not None:
            self.found = True
        name = self.ctx.qualified_name(node.func)
        if name is not None and name.split(".", 1)[0] == _REQUESTS:
            self.requests = True
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # defined here, called elsewhere

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


class RequestsException(ReleaseGuards):
    code = "HF319"
    name = "requests-exception"
    summary = "An `except` for requests' errors around transformers calls, which no longer raise them"
    modules = (_REQUESTS,)
    messages = {
        "dead": (
            "transformers {target} no longer uses requests (dropped in {removed}): the Hub errors it raises come from "
            "huggingface_hub and httpx, so `except {name}` never catches them; catch "
            "`huggingface_hub.errors.HfHubHTTPError` or `OSError`"
        ),
    }
    what_it_does = """
Checks `except` clauses that catch an exception of requests (`requests.HTTPError`,
`requests.exceptions.ConnectionError`, ...) around a call to transformers (`from_pretrained`,
`pipeline`, `push_to_hub`). The API timeline records the distributions each release requires: from 5.0
transformers no longer requires requests, and the huggingface_hub it requires (1.x) talks HTTP with httpx.
"""
    why_bad = """
The handler never runs. A private or missing model, a network failure or a rate limit now surfaces as
`huggingface_hub.errors.HfHubHTTPError` (an `httpx.HTTPStatusError`), `httpx.ConnectError` or the
`OSError` that `from_pretrained` raises for a model it cannot find, and the fallback the code meant to
take is skipped: the script stops.
"""
    fix_safety = """
There is no fix: which exception to catch depends on what the handler is for (`OSError` for a model that
cannot be loaded, `HfHubHTTPError` for an HTTP status).
"""
    invalid = (
        Invalid(
            """
            import requests
            from transformers import AutoModel

            try:
                model = AutoModel.from_pretrained("acme/private-model")
            except requests.exceptions.HTTPError:
                model = None
            """,
            use_instead="""
            from huggingface_hub.errors import HfHubHTTPError
            from transformers import AutoModel

            try:
                model = AutoModel.from_pretrained("acme/private-model")
            except (HfHubHTTPError, OSError):
                model = None
            """,
        ),
    )
    valid = (
        Valid(
            """
            import requests
            from transformers import pipeline

            try:
                page = requests.get("https://example.com", timeout=5)
                summary = pipeline("summarization")(page.text)
            except requests.HTTPError:  # requests' own call may raise it
                page = None
            """,
        ),
        Valid(
            """
            import requests
            from transformers import AutoModel

            try:
                model = AutoModel.from_pretrained("acme/private-model")
            except requests.exceptions.HTTPError:
                model = None
            """,
            target="4.57",
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.removed = self.timeline.removed_in(self.timeline.requires(_REQUESTS), ctx.target)

    def visit_Try(self, node: cst.Try) -> None:
        super().visit_Try(node)
        if self.removed is None:
            return
        caught = [found for handler in node.handlers for found in self._requests_errors(handler)]
        if not caught:
            return
        finder = _TransformersCall(self.ctx)
        node.body.visit(finder)
        if not finder.found or finder.requests:
            return
        for at, name in caught:
            message = self.message("dead", target=self.timeline.at(self.ctx.target), removed=self.removed, name=name)
            self.report(at, message)

    def _requests_errors(self, handler: cst.ExceptHandler) -> list[tuple[cst.CSTNode, str]]:
        if handler.type is None:
            return []
        caught = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        found = []
        for element in caught:
            node = element.value if isinstance(element, cst.Element) else element
            name = self.ctx.qualified_name(node)
            if name is not None and name.split(".", 1)[0] == _REQUESTS:
                found.append((node, self.ctx.code(node)))
        return found
