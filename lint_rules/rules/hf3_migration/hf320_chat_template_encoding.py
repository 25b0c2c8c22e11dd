"""HF320: what `apply_chat_template` returned, used as a tensor of ids, though 5.x returns a `BatchEncoding`."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import keyword, literal_bool
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.kinds import kind_of_path
from lint_rules.knowledge.keywords import CHAT_TEMPLATE_RETURN_DICT
from lint_rules.knowledge.timeline import timeline
from lint_rules.rewrites import append_keyword
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import ReleaseGuards

_TEMPLATE, _RETURN_DICT = CHAT_TEMPLATE_RETURN_DICT
_IDS = ("inputs", "input_ids")  # the parameters of `generate` and of a model's call that take the ids


class ChatTemplateEncoding(ReleaseGuards):
    code = "HF320"
    name = "chat-template-encoding"
    summary = "`apply_chat_template`'s result passed as ids, though transformers 5 returns a `BatchEncoding`"
    messages = {
        "encoding": (
            "`apply_chat_template` returns a `BatchEncoding` in transformers {target} (`return_dict` defaults to "
            "True since {since}), and `{callee}` takes it as the ids: pass `**{name}`, or ask for `return_dict=False`"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the ids that `generate` or a model's call receives (first positional argument, `inputs=` or
`input_ids=`) when they are what a tokenizer's or processor's `apply_chat_template(...)` returned
(moved with `.to(...)` or not), without `tokenize=False` or `return_dict=`. The API timeline records
the defaults of `apply_chat_template`: `return_dict` was False up to 4.57 and is True from 5.0.
"""
    why_bad = """
In transformers 5 the call returns a `BatchEncoding` (`input_ids` and `attention_mask`), not the tensor
of ids, and `model.generate(input_ids)` fails (`AttributeError` on `.shape`, or a `TypeError` in the
model), as does slicing the output with `input_ids.shape[-1]`. The most common chat snippet of the 4.x
docs breaks this way.
"""
    fix_safety = """
The fix adds `return_dict=False` to the `apply_chat_template` call: the same tensor of ids as 4.x
returned, so the code runs as before in every release from the one that introduced `return_dict`. It is
safe. Passing `**inputs` (with the attention mask) is the better long-term change, made by hand.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            input_ids = tokenizer.apply_chat_template(messages, return_tensors="pt")
            output = model.generate(input_ids, max_new_tokens=32)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            input_ids = tokenizer.apply_chat_template(messages, return_tensors="pt", return_dict=False)
            output = model.generate(input_ids, max_new_tokens=32)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt")
            output = model.generate(**inputs, max_new_tokens=32)
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            input_ids = tokenizer.apply_chat_template(messages, return_tensors="pt")
            output = model.generate(input_ids)
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")
            prompt = tokenizer.apply_chat_template(messages, tokenize=False)
            output = model.generate(prompt)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.default(_TEMPLATE, _RETURN_DICT, ctx.target) == "True"

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        func = node.func
        generate = isinstance(func, cst.Attribute) and func.attr.value == "generate"
        receiver = func.value if generate else func
        if kind_of_path(self.ctx.hf_name(receiver)) != ("model", False):
            return
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
        candidates = positional[:1] + [arg for arg in node.args if arg.keyword and arg.keyword.value in _IDS]
        for arg in candidates:
            if isinstance(arg.value, cst.Name):
                self._check(arg.value, "generate" if generate else "the model")

    def _check(self, ids: cst.Name, callee: str) -> None:
        found = self.ctx.producer(ids)
        if found is None:
            return
        call, scope, seq = found
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "apply_chat_template"):
            return
        with self.ctx.at(scope, seq):
            owner = kind_of_path(self.ctx.hf_name(func.value))
        if owner not in (("tokenizer", False), ("processor", False)):
            return
        tokenize = keyword(call, "tokenize")
        if keyword(call, _RETURN_DICT) is not None or any(arg.star == "**" for arg in call.args):
            return
        if tokenize is not None and literal_bool(tokenize.value) is not True:
            return
        if self.guarded:
            return
        since = self.timeline.default_since(_TEMPLATE, _RETURN_DICT, "True")
        message = self.message(
            "encoding", target=self.timeline.at(self.ctx.target), since=since, callee=callee, name=ids.value
        )
        fix = self._fix(call)
        if fix is None:
            spans = self.timeline.keyword(_TEMPLATE, _RETURN_DICT)
            message += self.ctx.no_fix("`return_dict=`", self.timeline.since(spans, self.ctx.target))
        self.report(ids, message, fix)

    def _fix(self, call: cst.Call) -> PendingFix | None:
        spans = self.timeline.keyword(_TEMPLATE, _RETURN_DICT)
        if not self.timeline.has(spans, self.ctx.floor):
            return None  # a release the project admits has no `return_dict`
        edit = self.ctx.replace(call, append_keyword(call, _RETURN_DICT, "False"))
        return PendingFix(Applicability.SAFE, "Ask for `return_dict=False`", [edit])
