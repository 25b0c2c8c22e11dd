"""HF305: `load_in_8bit=` / `load_in_4bit=` on `from_pretrained`, which a `BitsAndBytesConfig` replaces."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import callee, given_keywords, is_pure, literal_bool
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.quantization import BITSANDBYTES
from lint_rules.rewrites import rewrite_args, transformers_symbol
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid
from lint_rules.rules.hf3_migration.common import THROUGH_WRAPPERS


class BitsAndBytesLoadKwargs(Rule):
    code = "HF305"
    name = "bitsandbytes-load-kwargs"
    summary = "`load_in_8bit` / `load_in_4bit` on `from_pretrained`; pass a `BitsAndBytesConfig`"
    messages = {
        "removed": (
            "`{arg}=` was removed from `from_pretrained` in transformers 5.0 (TypeError); pass "
            "`quantization_config=BitsAndBytesConfig(...)`"
        ),
        "deprecated": (
            "`{arg}=` is deprecated since transformers 4.38; pass `quantization_config=BitsAndBytesConfig(...)`"
        ),
        "both": (
            "`{arg}=` and `quantization_config=` are both given (a ValueError); move `{arg}` into the "
            "`BitsAndBytesConfig`"
        ),
        "both_removed": (
            "`{arg}=` was removed from `from_pretrained` in transformers 5.0 (TypeError); `quantization_config=` "
            "is given as well: move `{arg}` into the `BitsAndBytesConfig`"
        ),
        "redundant": (
            "`{arg}=False` next to `quantization_config=` does nothing, and transformers 5.0 removed the keyword; "
            "delete it"
        ),
        "redundant_removed": (
            "`{arg}=False` next to `quantization_config=`: transformers 5.0 removed the keyword (TypeError); delete it"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    modules = THROUGH_WRAPPERS
    applies_from = BITSANDBYTES.deprecated_in
    new_since = BITSANDBYTES.config_since
    removed_in = BITSANDBYTES.removed_in
    what_it_does = """
Checks for `load_in_8bit=` / `load_in_4bit=` (and the `bnb_4bit_*` / `llm_int8_*` settings that go
with them) passed straight to `from_pretrained`, in a dict it unpacks, or to peft's
`AutoPeftModelFor*.from_pretrained`, which hands them to transformers.
"""
    why_bad = """
Since transformers 4.38 these keywords log a deprecation warning, and 5.0 removed them:
`from_pretrained(..., load_in_8bit=True)` raises `TypeError: ... unexpected keyword argument
'load_in_8bit'`. Quantization settings belong in `quantization_config=BitsAndBytesConfig(...)`,
which has accepted all of them since 4.30. `load_in_8bit=False` next to a `quantization_config=` did
nothing in 4.x and is a `TypeError` in 5.x like any other use of the keyword.
"""
    fix_safety = """
The fix moves every bitsandbytes keyword into a `BitsAndBytesConfig` and imports it from
transformers next to the existing import. It is safe when the flags are literals (a flag that is
literally `False` is dropped) or plain names: a flag held in a variable becomes
`BitsAndBytesConfig(...) if flag else None`, exactly what `from_pretrained` did with the keywords.
A flag computed by a call would be evaluated twice, so that fix is unsafe. A flag that is literally
`False` next to `quantization_config=` is deleted, safely. Settings in a dict, calls through peft, and
`bnb_4bit_quant_storage` for a project that admits a release before 4.40 (whose `BitsAndBytesConfig`
drops it) are reported without a fix.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m", load_in_8bit=True, device_map="auto")
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m", quantization_config=BitsAndBytesConfig(load_in_8bit=True), device_map="auto")
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            import torch
            import transformers

            model = transformers.AutoModelForCausalLM.from_pretrained(
                "facebook/opt-350m",
                load_in_4bit=True,
                bnb_4bit_compute_dtype=torch.bfloat16,
                bnb_4bit_quant_type="nf4",
            )
            """,
            fixed="""
            import torch
            import transformers

            model = transformers.AutoModelForCausalLM.from_pretrained(
                "facebook/opt-350m",
                quantization_config=transformers.BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_type="nf4"),
            )
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(args.model, load_in_8bit=args.load_in_8bit)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            model = AutoModelForCausalLM.from_pretrained(args.model, quantization_config=BitsAndBytesConfig(load_in_8bit=args.load_in_8bit) if args.load_in_8bit else None)
            """,  # noqa: E501 (the fix writes the whole call on one line)
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased", load_in_8bit=False)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
            target="4.45",
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            q = BitsAndBytesConfig(load_in_4bit=True)
            model = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q, load_in_8bit=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            q = BitsAndBytesConfig(load_in_4bit=True)
            model = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q, load_in_8bit=False)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            q = BitsAndBytesConfig(load_in_4bit=True)
            model = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q)
            """,
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", load_in_4bit=True, bnb_4bit_quant_storage=torch.uint8)
            """,
            target="4.39",
        ),
        Invalid(
            """
            from peft import AutoPeftModelForCausalLM

            model = AutoPeftModelForCausalLM.from_pretrained("me/adapter", load_in_8bit=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            model = AutoModelForCausalLM.from_pretrained(
                "gpt2", load_in_8bit=True, quantization_config=BitsAndBytesConfig(load_in_8bit=True)
            )
            """,
            target="4.57",
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            model = AutoModelForCausalLM.from_pretrained(
                "gpt2", load_in_4bit=False, quantization_config=BitsAndBytesConfig(load_in_8bit=True)
            )
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            model = AutoModelForCausalLM.from_pretrained(
                "gpt2", quantization_config=BitsAndBytesConfig(load_in_8bit=True)
            )
            """,
            target="4.57",
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=BitsAndBytesConfig(load_in_8bit=True))
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained("gpt2", load_in_8bit=True)
            """,
            target="4.37",
        ),
        Valid(
            """
            from optimum.onnxruntime import ORTModelForCausalLM

            ORTModelForCausalLM.from_pretrained("gpt2", load_in_8bit=True)
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.target < BITSANDBYTES.deprecated_in:
            return
        given = given_keywords(ctx, node)
        flags = [given[name] for name in BITSANDBYTES.flags if name in given]
        if not flags:
            return
        found = callee(ctx, node.func)
        if found is None or not found.path.endswith(".from_pretrained") or found.closed is not None:
            return
        removed = ctx.target >= BITSANDBYTES.removed_in
        # a fix edits the call: none when a setting is the key of a dict it unpacks
        written = all(given[name].arg is not None for name in BITSANDBYTES.parameters if name in given)
        if "quantization_config" in given:
            on = [flag for flag in flags if literal_bool(flag.value) is not False]
            if on:
                self.report(on[0].at, self.message("both_removed" if removed else "both", arg=on[0].name))
                return
            fix = None
            if written:
                edit = ctx.replace(node, rewrite_args(node, [flag.arg for flag in flags]))
                fix = PendingFix(Applicability.SAFE, f"Remove `{flags[0].name}=False`", [edit])
            which = "redundant_removed" if removed else "redundant"
            self.report(flags[0].at, self.message(which, arg=flags[0].name), fix)
            return
        fix, withheld = None, ""
        if written and found.via is None:
            since = BITSANDBYTES.config_takes(given)
            withheld = ctx.no_fix("`BitsAndBytesConfig` with these settings", since)
            if not withheld:
                fix = self._fix(node, {name: i.arg for name, i in given.items() if i.arg}, [f.arg for f in flags])
        message = self.message("removed" if removed else "deprecated", arg=flags[0].name) + withheld
        self.report(flags[0].at, message, fix)

    def _fix(self, call: cst.Call, given: dict[str, cst.Arg], flags: list[cst.Arg]) -> PendingFix | None:
        values = [literal_bool(flag.value) for flag in flags]
        if values.count(True) > 1:  # 8-bit and 4-bit at once: an error either way, nothing to preserve
            return None
        moved = [given[name] for name in BITSANDBYTES.parameters if name in given]
        if all(value is False for value in values):
            return PendingFix(
                Applicability.SAFE,
                "Remove the bitsandbytes arguments",
                [self.ctx.replace(call, rewrite_args(call, moved))],
            )
        spelled = transformers_symbol(self.ctx, call.func, BITSANDBYTES.config)
        if spelled is None:
            return None
        config_name, import_edits = spelled
        kept = [arg for arg, value in zip(flags, values, strict=True) if value is not False]
        settings = [arg for arg in moved if arg.keyword.value not in BITSANDBYTES.flags or arg in kept]
        config = ", ".join(f"{arg.keyword.value}={self.ctx.code(arg.value)}" for arg in settings)
        expression = f"{config_name}({config})"
        runtime = [arg for arg, value in zip(flags, values, strict=True) if value is None]
        applicability = Applicability.SAFE
        if runtime:
            condition = " or ".join(self.ctx.code(arg.value) for arg in runtime)
            expression = f"{expression} if {condition} else None"
            if not all(is_pure(arg.value) for arg in runtime):
                applicability = Applicability.UNSAFE
        new_arg = cst.Arg(
            keyword=cst.Name("quantization_config"), value=cst.parse_expression(expression), equal=flags[0].equal
        )
        new_call = rewrite_args(call, [arg for arg in moved if arg is not flags[0]], replace=(flags[0], new_arg))
        edits = [self.ctx.replace(call, new_call), *import_edits]
        return PendingFix(
            applicability, "Move the bitsandbytes arguments into `quantization_config=BitsAndBytesConfig(...)`", edits
        )
