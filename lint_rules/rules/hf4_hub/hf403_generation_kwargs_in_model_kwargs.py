"""HF403: generation settings inside `pipeline(model_kwargs=...)`."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import keyword, keywords
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.generation import GENERATION_SETTINGS
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid


class GenerationKwargsInModelKwargs(Rule):
    code = "HF403"
    name = "generation-kwargs-in-model-kwargs"
    summary = "Generation settings inside `pipeline(model_kwargs=...)`"
    messages = {
        "in_model_kwargs": (
            "{names} in `model_kwargs` go to `from_pretrained`, not to generation: 4.x ignores them, 5.x fails to "
            "load; pass them to `pipeline(...)` or the call"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks `pipeline(..., model_kwargs={...})` (a dict literal, or a name holding one) for generation
settings: `temperature`, `top_p`, `top_k`, `do_sample`, `max_length`, `max_new_tokens`, `num_beams`,
`repetition_penalty`, ...
"""
    why_bad = """
`model_kwargs` is handed to `from_pretrained`. transformers 4.x wrote the settings into the model's
config, where sampling never reads them: `temperature=0.7` there has no effect at all. 5.x rejects
them: `ValueError: Could not load model ...` wrapping `TypeError: ... unexpected keyword argument
'temperature'`. Generation settings are `pipeline(...)` keyword arguments or arguments of the call.
"""
    fix_safety = """
The fix moves the settings from the dict literal to keyword arguments of `pipeline(...)`. It is unsafe:
in 4.x they had no effect, so moving them changes the generated text (as intended).
"""
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", model_kwargs={"temperature": 0.7, "low_cpu_mem_usage": True})
            """,  # noqa: E501 (the call as tutorials write it)
            fixed="""
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", model_kwargs={"low_cpu_mem_usage": True}, temperature=0.7)
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            from transformers import pipeline

            settings = {"max_new_tokens": 50, "do_sample": True}
            pipe = pipeline("text-generation", model="gpt2", model_kwargs=settings)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipeline("text-generation", model="gpt2", max_new_tokens=50, model_kwargs={"attn_implementation": "sdpa"})
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        arg = keyword(node, "model_kwargs")
        if arg is None or ctx.hf_name(node.func) != "pipeline":
            return
        value, literal = arg.value, True
        if isinstance(value, cst.Name):
            found = ctx.table.lookup(value.value, ctx.scope, ctx.seq)
            value, literal = (found[0].value if found else None), False
        if not isinstance(value, cst.Dict):
            return
        moved = [
            e for e in value.elements if isinstance(e, cst.DictElement) and ctx.constant(e.key) in GENERATION_SETTINGS
        ]
        if not moved:
            return
        names = ", ".join(f"`{ctx.constant(e.key)}`" for e in moved)
        fix = None
        given = keywords(node)
        if literal and not any(ctx.constant(e.key) in given for e in moved):
            fix = PendingFix(Applicability.UNSAFE, "Pass them to `pipeline(...)`", [self._fix(node, arg, value, moved)])
        self.report(moved[0].key, self.message("in_model_kwargs", names=names), fix)

    def _fix(self, call, arg, value: cst.Dict, moved):
        """The settings become keyword arguments right where `model_kwargs=` stands (it goes if emptied)."""
        ctx = self.ctx
        kept = [e for e in value.elements if not any(e is m for m in moved)]
        pieces = []
        if kept:
            elements = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
            pieces.append(arg.with_changes(value=value.with_changes(elements=elements)))
        pieces += [cst.Arg(keyword=cst.Name(ctx.constant(e.key)), value=e.value, equal=arg.equal) for e in moved]
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        pieces = [p.with_changes(comma=space if i < len(pieces) - 1 else arg.comma) for i, p in enumerate(pieces)]
        args = []
        for existing in call.args:
            args.extend(pieces if existing is arg else [existing])
        return ctx.replace(call, call.with_changes(args=args))
