"""HF203: a model placed by accelerate (`device_map=`, quantization) is moved afterwards."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.placement import MOVES, PLACED_BY
from lint_rules.rule import Invalid, Rule, Valid
from lint_rules.rules.hf2_device.common import drop_call, is_dtype, value_of


class MoveAfterDeviceMap(Rule):
    code = "HF203"
    name = "move-after-device-map"
    summary = "A model loaded with `device_map` or quantization is moved with `.to()` / `.cuda()` / `.cpu()`"
    messages = {
        "moved": (
            "`.{method}()` on a model loaded with `{how}=`: accelerate already placed it{quantized}; drop the move"
        ),
    }
    fix_availability = "Always"
    what_it_does = """
Checks `.to(device)`, `.cuda()` and `.cpu()` on a model whose `from_pretrained` call used
`device_map=` or a quantization config (`quantization_config=`, `load_in_8bit=`, `load_in_4bit=`).
"""
    why_bad = """
A model dispatched by accelerate carries hooks that place each layer; moving it afterwards breaks the
placement or fails: bitsandbytes models raise `ValueError: .to is not supported for 4-bit or 8-bit
bitsandbytes models`, and models with offloaded layers cannot be moved at all.
"""
    fix_safety = """
The fix removes the move (a `model.to("cuda")` statement goes, `....to("cuda")` on the load is dropped)
and is unsafe: code that relied on the move to choose a device may need `device_map=` set accordingly.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto").to("cuda")
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            q = BitsAndBytesConfig(load_in_4bit=True)
            model = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q)
            model = model.cuda()
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig

            q = BitsAndBytesConfig(load_in_4bit=True)
            model = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2").to("cuda")
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto")
            model.to(torch.bfloat16)
            """,
        ),
        Valid(
            """
            from diffusers import DiffusionPipeline

            pipe = DiffusionPipeline.from_pretrained("x", device_map="balanced")
            pipe.to("cuda")
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in MOVES):
            return
        if func.attr.value == "to" and (
            not node.args or keyword(node, "dtype") is not None or is_dtype(self.ctx, node.args[0].value)
        ):
            return
        found = self.ctx.loader(func.value)
        if found is None:
            return
        load = found[1]
        how = next((name for name in PLACED_BY if keyword(load, name) is not None), None)
        if how is None:
            return
        quantized = " and quantized it" if how != "device_map" else ""
        edit = drop_call(self.ctx, node) or self.ctx.replace(node, func.value)
        fix = PendingFix(Applicability.UNSAFE, "Remove the move", [edit])
        cls, _, scope, seq = found
        with self.ctx.at(scope, seq):
            placed = {how: value_of(self.ctx, keyword(load, how).value)}
            model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"))
        move = func.attr.value if func.attr.value != "to" else value_of(self.ctx, node.args[0].value)
        site = smoke_site(model, {"class": cls, **placed, "move": move}, {"class": cls, **placed})
        self.report(func.attr, self.message("moved", method=func.attr.value, how=how, quantized=quantized), fix, site)
