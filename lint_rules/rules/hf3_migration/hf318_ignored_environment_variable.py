"""HF318: an environment variable that neither transformers nor the huggingface_hub it admits reads any more."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.environment import ENVIRONMENT_REPLACEMENTS, OWN_PREFIXES
from lint_rules.knowledge.timeline import timeline
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import ReleaseGuards

_ENVIRON = "os.environ"
_SETTERS = {"os.environ.setdefault", "os.putenv", "os.environ.update"}


class IgnoredEnvironmentVariable(ReleaseGuards):
    code = "HF318"
    name = "ignored-environment-variable"
    summary = "An environment variable that transformers and the Hub client no longer read"
    modules = ("transformers",)  # the variables are set for it
    messages = {
        "ignored": (
            "`{name}` has no effect with transformers {target} and the huggingface_hub releases it admits (ignored "
            "since {removed}){instead}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the environment variables that code sets for transformers (`os.environ["X"] = ...`,
`os.environ.setdefault("X", ...)`, `os.environ.update(X=...)`, `os.putenv("X", ...)`), for the names
that belong to transformers (`TRANSFORMERS_*`, `PYTORCH_TRANSFORMERS_*`, `HUGGINGFACE_CO_*`) or to the
Hub (those some huggingface_hub release read), in a file that uses transformers. The API timeline
records, release by release, which variables transformers reads and which the huggingface_hub releases
at both ends of the range it requires read (a read whose only use is to warn that the variable is
deprecated does not count); a variable that an earlier release read and the target does not is reported
with the release that stopped reading it.
"""
    why_bad = """
Nothing fails: the setting silently stops working. `TRANSFORMERS_CACHE` no longer moves the download
cache in transformers 5 (models land in `~/.cache/huggingface/hub` and may fill the home disk), and
`HUGGINGFACE_CO_RESOLVE_ENDPOINT` no longer points downloads at a mirror, and
`HF_HUB_ENABLE_HF_TRANSFER` no longer speeds them up.
"""
    fix_safety = """
`TRANSFORMERS_CACHE`, `PYTORCH_TRANSFORMERS_CACHE` and `PYTORCH_PRETRAINED_BERT_CACHE` become
`HF_HUB_CACHE`, which names the same folder (4.x used them as the Hub cache); `HUGGINGFACE_CO_RESOLVE_ENDPOINT`
becomes `HF_ENDPOINT`, as 4.x's warning said, and `HF_HUB_ENABLE_HF_TRANSFER` becomes
`HF_XET_HIGH_PERFORMANCE`, as huggingface_hub's warning says. The renames are safe. Other variables are
reported only.
"""
    invalid = (
        Invalid(
            """
            import os

            from transformers import AutoModel

            os.environ["TRANSFORMERS_CACHE"] = "/data/hf-cache"
            """,
            fixed="""
            import os

            from transformers import AutoModel

            os.environ["HF_HUB_CACHE"] = "/data/hf-cache"
            """,
        ),
        Invalid(
            """
            import os

            import transformers

            os.environ.setdefault("HUGGINGFACE_CO_RESOLVE_ENDPOINT", "https://hf-mirror.com")
            """,
            fixed="""
            import os

            import transformers

            os.environ.setdefault("HF_ENDPOINT", "https://hf-mirror.com")
            """,
        ),
    )
    valid = (
        Valid(
            """
            import os

            os.environ["HF_HOME"] = "/data/hf"
            os.environ["HF_ENABLE_PARALLEL_LOADING"] = "true"  # diffusers reads it too: not transformers' own
            """,
        ),
        Valid(
            """
            import os

            os.environ["TRANSFORMERS_CACHE"] = "/data/hf-cache"
            """,
            target="4.57",
        ),
        Valid(
            """
            import os

            cache = os.environ.get("TRANSFORMERS_CACHE", "/tmp")  # reading one's own setting is fine
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Subscript) and self._is(target.target.value, _ENVIRON):
                elements = target.target.slice
                if len(elements) == 1 and isinstance(elements[0].slice, cst.Index):
                    self._check(elements[0].slice.value)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active or not isinstance(node.func, cst.Attribute):
            return
        path = self.ctx.qualified_name(node.func)
        if path not in _SETTERS:
            return
        for arg in node.args:
            if arg.keyword is not None:
                self._check(arg.keyword, arg.keyword.value)
            elif isinstance(arg.value, cst.Dict):
                for element in arg.value.elements:
                    if isinstance(element, cst.DictElement):
                        self._check(element.key)
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
        if path != "os.environ.update" and positional:
            self._check(positional[0].value)

    def _is(self, node: cst.BaseExpression, path: str) -> bool:
        return self.active and self.ctx.qualified_name(node) == path

    def _check(self, node: cst.CSTNode, name: str | None = None) -> None:
        if name is None:
            value = self.ctx.constant(node) if isinstance(node, cst.BaseExpression) else None
            if not isinstance(value, str) or not isinstance(node, cst.SimpleString):
                return
            name = value
        if not (name.startswith(OWN_PREFIXES) or self.timeline.read_by_hub(name)):
            return
        removed = self.timeline.removed_in(self.timeline.environment(name), self.ctx.target)
        if removed is None or self.guarded:
            return
        new = ENVIRONMENT_REPLACEMENTS.get(name)
        instead = f"; set `{new}`" if new else ""
        message = self.message(
            "ignored", name=name, target=self.timeline.at(self.ctx.target), removed=removed, instead=instead
        )
        fix = None
        if new is not None:
            text = f"{node.quote}{new}{node.quote}" if isinstance(node, cst.SimpleString) else new
            fix = PendingFix(Applicability.SAFE, f"Use `{new}`", [self.ctx.replace(node, text)])
        self.report(node, message, fix)
