"""HF321: a call that relies on a default that transformers 5 changed (off by default)."""

from __future__ import annotations

import ast
import json

import libcst as cst

from lint_rules.calls import callee, given_keywords, literal_bool
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.keywords import CHAT_TEMPLATE_RETURN_DICT, DEFAULT_OWNERS
from lint_rules.knowledge.timeline import timeline
from lint_rules.rewrites import append_keyword
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import THROUGH_WRAPPERS, ReleaseGuards, recorded_callable

# Changed defaults that do not touch these calls: a tokenizer has no weights to shard or serialize.
_NO_WEIGHTS = frozenset({"PreTrainedTokenizerBase.push_to_hub"})
_TEMPLATE = CHAT_TEMPLATE_RETURN_DICT[0]


class ChangedDefault(ReleaseGuards):
    code = "HF321"
    name = "changed-default"
    summary = "A call that relies on a default that transformers 5 changed"
    default_enabled = False  # most such calls are fine: it is a review aid for a migration
    modules = THROUGH_WRAPPERS
    messages = {
        "changed": (
            "`{callable}` without `{keyword}=` uses `{new}` since transformers {since}; {before} used `{old}`: "
            "pass `{keyword}={old}` to keep that"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks calls of the transformers APIs the timeline records (`save_pretrained`, `push_to_hub`,
`apply_chat_template`, `pipeline`, ...) that leave out a keyword whose default the target release
changed since the last 4.x release, as the released signatures say: `max_shard_size` went from `"5GB"`
to `"50GB"`, `apply_chat_template(return_dict=)` from `False` to `True`. A default the call cannot feel is not
reported: a tokenizer's `push_to_hub` (no weights to shard), `apply_chat_template(tokenize=False)` (a string).
Off by default: select it while moving a project to transformers 5, to review what now behaves differently
without any error.
"""
    why_bad = """
Nothing fails, and the result differs: `model.save_pretrained("out")` now writes shards of up to 50GB
(a storage or upload limit that 5GB shards met may not be), and `apply_chat_template(...)` returns a
`BatchEncoding` where code may expect the ids.
"""
    fix_safety = """
The fix passes the old default explicitly, which keeps the 4.x behaviour: safe where that is what the
code meant, which is the question this rule asks; it is marked unsafe. `apply_chat_template`'s
`return_dict` is only reported: HF320 fixes the calls whose result is used as ids.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out")
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out", max_shard_size="5GB")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            text = tok.apply_chat_template(chat, tokenize=False)  # a string, whatever `return_dict` says
            tok.push_to_hub("acme/tokenizer")  # no weights to shard
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out", max_shard_size="5GB")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out")
            """,
            target="4.57",
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        before, _ = self.timeline.compared
        self.before = before
        self.active = self.timeline.covers(ctx.target) and self.timeline.at(ctx.target) > before

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active or not isinstance(node.func, (cst.Attribute, cst.Name)):
            return
        if any(arg.star == "**" for arg in node.args):
            return  # what the dict holds is not known
        found = callee(self.ctx, node.func)
        if found is None or found.closed is not None:
            return
        recorded = "pipeline" if found.path == "pipeline" else recorded_callable(found.path)
        if recorded is None:
            return
        given = given_keywords(self.ctx, node)
        if recorded in _NO_WEIGHTS:
            return
        for keyword in self.timeline.changed_defaults(recorded):
            if keyword in given or keyword in found.own:
                continue
            if recorded == _TEMPLATE and "tokenize" in given and literal_bool(given["tokenize"].value) is False:
                continue  # `tokenize=False` returns the text, whatever `return_dict` says
            old = self.timeline.default(recorded, keyword, self.before)
            new = self.timeline.default(recorded, keyword, self.ctx.target)
            if old is None or new is None or old == new or self.guarded:
                continue
            since = self.timeline.default_since(recorded, keyword, new)
            old, new = _shown(old), _shown(new)
            message = self.message(
                "changed", callable=recorded.rsplit(".", 1)[-1], keyword=keyword, new=new, since=since,
                before=self.before, old=old,
            )  # fmt: skip
            fixed_elsewhere = DEFAULT_OWNERS.get((recorded, keyword), self.code) != self.code
            fix = None if fixed_elsewhere else self._fix(node, keyword, old)
            self.report(node.func, message, fix)

    def _fix(self, call: cst.Call, keyword: str, old: str) -> PendingFix | None:
        if not call.args:
            return None
        if isinstance(call.args[-1].comma, cst.Comma):
            return None  # a layout with a trailing comma: left to the reader
        edit = self.ctx.replace(call, append_keyword(call, keyword, old))
        return PendingFix(Applicability.UNSAFE, f"Pass `{keyword}={old}`", [edit])


def _shown(literal: str) -> str:
    """A default as the code would write it: strings in double quotes."""
    value = ast.literal_eval(literal)
    return json.dumps(value) if isinstance(value, str) else literal
