"""HF202: both `device=` and `device_map=` given."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import is_class_load
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid
from lint_rules.rules.hf2_device.common import load_site, value_of


class DeviceWithDeviceMap(Rule):
    code = "HF202"
    name = "device-with-device-map"
    summary = "Both `device` and `device_map` given"
    messages = {
        "both": (
            "`device=` and `device_map=` are both given: the model is placed by `device_map`, and `device` then "
            "fails or is ignored; keep one"
        ),
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = "Checks `pipeline(...)` and `from_pretrained(...)` calls that pass both `device=` and `device_map=`."
    why_bad = """
`device_map` places the model through accelerate; `device` asks to move it afterwards. In 4.x
`pipeline(device=0, device_map="auto")` warns and then raises `ValueError: The model has been loaded
with accelerate and therefore cannot be moved to a specific device`; 5.x warns and runs on the CPU.
"""
    fix_safety = "The fix drops `device=` and is unsafe: where the model lands may change."
    invalid = (
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", device=0, device_map="auto")
            """,
            fixed="""
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", device_map="auto")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipeline("text-generation", model="gpt2", device_map="auto")
            """,
        ),
        Valid(
            """
            from diffusers import DiffusionPipeline

            DiffusionPipeline.from_pretrained("x", device=0, device_map="balanced")
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        device, device_map = keyword(node, "device"), keyword(node, "device_map")
        if device is None or device_map is None:
            return
        path = self.ctx.hf_name(node.func)
        if path == "pipeline" or is_class_load(path):
            fix = PendingFix(
                Applicability.UNSAFE, "Remove `device=`", [self.ctx.replace(node, rewrite_args(node, [device]))]
            )
            place = {"device": value_of(self.ctx, device.value), "device_map": value_of(self.ctx, device_map.value)}
            site = load_site(self.ctx, node, path, {**place}, {"device_map": place["device_map"]})
            self.report(device.keyword, self.message("both"), fix, site)
