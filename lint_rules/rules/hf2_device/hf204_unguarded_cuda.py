"""HF204: a hard-coded CUDA device in a file that never checks for one."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import keyword
from lint_rules.facts.bindings import is_class_load
from lint_rules.facts.values import from_option
from lint_rules.knowledge.pipeline_shims import WRITTEN_MARK
from lint_rules.knowledge.placement import AVAILABILITY_CHECKS
from lint_rules.rule import Invalid, Rule, Valid


class UnguardedCuda(Rule):
    code = "HF204"
    name = "unguarded-cuda"
    summary = "A hard-coded CUDA device in a file that never checks for one"
    messages = {
        "hard_coded": (
            "Hard-coded CUDA device ({what}) and no availability check in this file: it fails on a CPU-only or Apple "
            "machine"
        ),
    }
    default_enabled = False
    category = "suspicious"
    what_it_does = """
Checks transformers models, pipelines, and what transformers objects return (the tensors of a
tokenizer or processor call) put on a hard-coded CUDA device (`.cuda()`, `.to("cuda")`,
`device="cuda"`, `device_map="cuda"`) in a file with no availability check
(`torch.cuda.is_available()`, `device_count()`, accelerate's `Accelerator` / `PartialState`). A device
that is the default of a command-line option (`parser.add_argument("--device", default="cuda")`, a
dataclass field of arguments) is chosen by whoever runs the program and is not reported, and so is a
pipeline's device index (`pipeline(..., device=0)`): the pipeline uses the CPU when no accelerator has it. Off
by default: select it with `--extend-select HF204`.
"""
    why_bad = """
Without a GPU the script dies with `AssertionError: Torch not compiled with CUDA enabled` or
`RuntimeError: No CUDA GPUs are available`, often after minutes of loading. Choosing the device at run
time (`"cuda" if torch.cuda.is_available() else "cpu"`) or letting `device_map="auto"` decide keeps it
portable. Only transformers objects are checked: diffusers and peft code is not this rule's to judge.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased").to("cuda")
            """,
            use_instead="""
            import torch
            from transformers import AutoModel

            device = "cuda" if torch.cuda.is_available() else "cpu"
            model = AutoModel.from_pretrained("bert-base-uncased").to(device)
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-classification", device="cuda")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            ids = tok("hello", return_tensors="pt")["input_ids"].to("cuda")
            """,
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            def summarization_pipeline(task="summarization", model=None, *, device=None, **kwargs):
                \"\"\"The pipeline transformers 5 removed, as 4.x ran it (written by automodel-lint).\"\"\"
                if isinstance(device, int):
                    device = f"cuda:{device}" if torch.cuda.is_available() else "cpu"

            model = AutoModelForCausalLM.from_pretrained("gpt2").to("cuda")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipe = pipeline("text-classification", device=0)  # on the CPU when there is no CUDA
            """,
        ),
        Valid(
            """
            import argparse

            from transformers import AutoModel

            parser = argparse.ArgumentParser()
            parser.add_argument("--device", default="cuda")
            args = parser.parse_args()
            model = AutoModel.from_pretrained("bert-base-uncased").to(args.device)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModel

            model = AutoModel.from_pretrained("x")
            if torch.cuda.is_available():
                model = model.to("cuda")
            """,
        ),
        Valid(
            """
            from diffusers import DiffusionPipeline

            pipe = DiffusionPipeline.from_pretrained("x").to("cuda")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline("text-classification", device_map="auto")
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.guarded = any(guard in ctx.text for guard in AVAILABILITY_CHECKS) and _guarded_outside_written(ctx)

    def visit_Call(self, node: cst.Call) -> None:
        if self.guarded:
            return
        func = node.func
        ctx = self.ctx
        if isinstance(func, cst.Attribute) and func.attr.value in ("cuda", "to"):
            receiver = func.value
            while isinstance(receiver, cst.Subscript):  # `tok(text)["input_ids"].to("cuda")`
                receiver = receiver.value
            if ctx.hf_name(receiver) is None:
                return
            if func.attr.value == "cuda":
                self.report(func.attr, self.message("hard_coded", what="`.cuda()`"))
            elif node.args and self._cuda(node.args[0].value):
                self.report(
                    node.args[0].value, self.message("hard_coded", what=f"`.to({ctx.code(node.args[0].value)})`")
                )
            return
        path = ctx.hf_name(func)
        if path == "pipeline" or is_class_load(path):
            for name in ("device", "device_map"):
                arg = keyword(node, name)
                if arg is not None and self._cuda(arg.value):
                    self.report(arg.value, self.message("hard_coded", what=f"`{name}={ctx.code(arg.value)}`"))

    def _cuda(self, node: cst.BaseExpression) -> bool:
        """A CUDA device by name (an index, `device=0`, is a pipeline's to place: on the CPU without CUDA)."""
        if isinstance(node, cst.Call) and self.ctx.qualified_name(node.func) == "torch.device" and node.args:
            node = node.args[0].value
        if from_option(self.ctx.table, node, self.ctx.scope, self.ctx.seq):
            return False  # an option's default (`--device cuda`): chosen when the program is run
        value = self.ctx.constant(node)
        return isinstance(value, str) and (value == "cuda" or value.startswith("cuda:"))


def _guarded_outside_written(ctx) -> bool:
    """Whether an availability check is in the program's own code, not only in a function this tool wrote out
    (HF107's pipelines check for an accelerator when given a device index, as 4.x did)."""
    if WRITTEN_MARK not in ctx.text:
        return True
    written = [
        ctx.module.code_for_node(node)
        for node in _functions(ctx.module)
        if isinstance(node.get_docstring(), str) and WRITTEN_MARK in " ".join(node.get_docstring().split())
    ]
    return any(ctx.text.count(guard) > sum(code.count(guard) for code in written) for guard in AVAILABILITY_CHECKS)


def _functions(node: cst.CSTNode):
    for child in node.children:
        if isinstance(child, cst.FunctionDef):
            yield child
        else:
            yield from _functions(child)
