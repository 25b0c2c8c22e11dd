"""HF203: a model placed by accelerate (`device_map=`, quantization) is moved afterwards."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.placement import MOVES, PLACED_BY, PLACEMENT_CHECK
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.guards import GuardedRule
from lint_rules.rules.hf2_device.common import drop_call, is_dtype, passed, value_of, written


class MoveAfterDeviceMap(GuardedRule):
    guard_test = PLACEMENT_CHECK  # `if model.device.type != device: model.to(device)` is deliberate
    code = "HF203"
    name = "move-after-device-map"
    summary = "A model loaded with `device_map` or quantization is moved with `.to()` / `.cuda()` / `.cpu()`"
    messages = {
        "moved": (
            "`.{method}()` on a model loaded with `{how}=`: accelerate already placed it{quantized}; drop the move"
        ),
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = """
Checks `.to(device)` and `.cuda()` on a model whose `from_pretrained` call used `device_map=` or a
quantization config (`quantization_config=`, `load_in_8bit=`, `load_in_4bit=`). Not reported: a move to
the CPU (`.cpu()`, `.to("cpu")`, how code frees accelerator memory on purpose), a move under a check of
the model's placement (`if model.device.type != device: model.to(device)`), and `device_map=None`,
which is no device map.
"""
    why_bad = """
The model is already where it runs: on one accelerator the move does nothing, over several it gathers
the layers that accelerate split onto one device (which they may not fit), and with layers offloaded to
the CPU or disk it fails (`RuntimeError: You can't move a model that has some modules offloaded to cpu
or disk.`). bitsandbytes 8-bit models raise `ValueError` on `.cuda()`, and on `.to()` with bitsandbytes
before 0.48.
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

            model = AutoModelForCausalLM.from_pretrained("gpt2", device_map=None).to("cuda")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(model_id, quantization_config=config)
            if model.device.type != device:
                model = model.to(device)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(model_id, device_map="auto")
            answer = model.generate(**inputs)
            model.cpu()
            torch.cuda.empty_cache()
            """,
        ),
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
        if func.attr.value == "cpu":
            return
        if func.attr.value == "to":
            device = argument(node, 0, "device")
            if device is None or is_dtype(self.ctx, device) or self.ctx.constant(device) == "cpu":
                return
        found = self.ctx.loader(func.value)
        if found is None:
            return
        load = found[1]
        how = next((name for name in PLACED_BY if passed(self.ctx, load, name)), None)
        if how is None or self.guarded:
            return
        quantized = " and quantized it" if how != "device_map" else ""
        edit = drop_call(self.ctx, node) or self.ctx.replace(node, func.value)
        fix = PendingFix(Applicability.UNSAFE, "Remove the move", [edit])
        cls, _, scope, seq = found
        with self.ctx.at(scope, seq):
            placed = {how: value_of(self.ctx, keyword(load, how).value)}
            given = argument(load, 0, "pretrained_model_name_or_path")
            model, shown = self.ctx.model(given), written(self.ctx, given)
        move = func.attr.value if func.attr.value != "to" else value_of(self.ctx, node.args[0].value)
        site = smoke_site(model, {"class": cls, **placed, "move": move}, {"class": cls, **placed}, written=shown)
        self.report(func.attr, self.message("moved", method=func.attr.value, how=how, quantized=quantized), fix, site)
