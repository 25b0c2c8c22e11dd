"""HF201: float16 weights on the CPU, then run."""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst

from lint_rules.calls import argument, keywords
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import is_class_load, transformers_path
from lint_rules.knowledge.placement import (
    DTYPE_AUTO_SINCE,
    DTYPE_KEYWORD_SINCE,
    HALF_DTYPES,
    HALF_STRINGS,
    IN_PLACE,
    PLACED_BY,
)
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid
from lint_rules.rules.hf2_device.common import is_dtype, load_site, method_statement, passed
from lint_rules.stack import TORCH
from lint_rules.versions import Version


@dataclass
class _Model:
    """What is known of a model held in a local name: precision and placement, and where each was set."""

    half: cst.CSTNode | None = None  # the node that made it float16
    stored: str | None = None  # the checkpoint whose config records float16, where `half` is its load without dtype
    placement: str | None = None  # "cpu", "accelerator", or None when not known
    placed: bool = False  # quantized, or placed by accelerate: never moved or cast by this rule
    site: dict | None = None  # how it was loaded, for the smoke harness


# The first torch with float16 matrix products on the CPU; from 1.12 to 2.1 they raised (pytorch/pytorch#75647).
CPU_HALF_MATMUL = Version(2, 2)


class HalfPrecisionOnCpu(Rule):
    code = "HF201"
    name = "half-precision-on-cpu"
    summary = "float16 weights on the CPU, then run"
    messages = {
        "cpu_half": (
            "float16 weights{stored} that `{run}(...)` runs on the CPU: CPU fp16 is 4-60x slower than float32; use "
            "`torch.float32` (or `torch.bfloat16` on CPUs that support it)"
        ),
        "cpu_half_error": (
            "float16 weights{stored} that `{run}(...)` runs on the CPU: torch {torch} (the project's {source}) has no "
            "float16 matrix product on the CPU (RuntimeError: \"addmm_impl_cpu_\" not implemented for 'Half'); "
            "use `torch.float32`"
        ),
        "cpu_half_error_before": (
            "float16 weights{stored} that `{run}(...)` runs on the CPU: torch before 2.2, which the project's {source} "
            "admits, raises RuntimeError there (\"addmm_impl_cpu_\" not implemented for 'Half'), and later ones run "
            "4-60x slower than float32; use `torch.float32`"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Follows a model through one function (or the module): float16 weights (`dtype=torch.float16`,
`"float16"`, `.half()`, or, from transformers 5, no `dtype=` at all for a checkpoint whose `config.json` in the
project's folder or the offline cache records float16: 5.x loads the dtype the config records, 4.x loaded float32)
on a CPU placement (the default of `from_pretrained`, `device="cpu"`, `-1`,
`device_map="cpu"`, `.to("cpu")`, `.cpu()`), then run (called, `.generate()`, a pipeline call).
"""
    why_bad = """
CPUs have no fast float16 kernels: measured on transformers 5.23 with torch 2.13, an fp16 forward pass
on the CPU is 4-5x slower than float32, a 1024x1024 matmul 60x slower, and some ops are missing.
Loading in float16 on the CPU only to merge adapters or save is deliberate and not reported, nor is a
device chosen at run time (`"cuda" if torch.cuda.is_available() else "cpu"`), nor a model that
accelerate or bitsandbytes placed: any `device_map` other than `"cpu"`, a `quantization_config`,
`load_in_4bit=True` or `load_in_8bit=True` (a 4-bit model computes in its `bnb_4bit_compute_dtype` on
the GPU; float32 would undo what the quantization is for). Where the project pins torch (its requirements,
`pyproject.toml` or `setup.cfg`), the message says what that torch does: torch 1.12 to 2.1 have no float16
matrix product on the CPU and raise `RuntimeError: "addmm_impl_cpu_" not implemented for 'Half'`.
"""
    fix_safety = "The fix sets float32 and is unsafe: it doubles the memory the weights take."
    invalid = (
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16, device_map=None)
            model.generate(**inputs)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float32, device_map=None)
            model.generate(**inputs)
            """,
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)
            out = model.generate(**inputs)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float32)
            out = model.generate(**inputs)
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", device="cpu", dtype="float16")
            pipe("Hello")
            """,
            fixed="""
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", device="cpu", dtype="float32")
            pipe("Hello")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            DEVICE = "cpu"
            model = AutoModel.from_pretrained("bert-base-uncased").half()
            model.to(DEVICE)
            model(**inputs)
            """,
            fixed="""
            from transformers import AutoModel

            DEVICE = "cpu"
            model = AutoModel.from_pretrained("bert-base-uncased")
            model.to(DEVICE)
            model(**inputs)
            """,
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)  # torch 2.1 pinned
            model.generate(**inputs)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float32)  # torch 2.1 pinned
            model.generate(**inputs)
            """,
            requirements=("torch==2.1.0",),
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)  # torch>=2.0 pinned
            model.generate(**inputs)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float32)  # torch>=2.0 pinned
            model.generate(**inputs)
            """,
            requirements=("torch>=2.0",),
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("./models/opt-fp16")
            model.generate(**inputs)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("./models/opt-fp16", dtype="float32")
            model.generate(**inputs)
            """,
            checkpoints=(("models/opt-fp16", '{"model_type": "opt", "torch_dtype": "float16"}'),),
        ),
    )
    valid = (
        Valid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16).to("cuda")
            model.generate(**inputs)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)
            model = merge(model)
            model.save_pretrained("out")
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModel

            device = "cuda" if torch.cuda.is_available() else "cpu"
            model = AutoModel.from_pretrained("x", dtype=torch.float16).to(device)
            model(**inputs)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16, device_map="auto")
            model.generate(**inputs)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import BitsAndBytesConfig, LlavaForConditionalGeneration

            config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16)
            model = LlavaForConditionalGeneration.from_pretrained(
                "llava-hf/llava-1.5-7b-hf", dtype=torch.float16, quantization_config=config
            )
            model.generate(**inputs)
            """,
        ),
        Valid(
            """
            import torch
            from transformers import InstructBlipForConditionalGeneration

            name = "Salesforce/instructblip-vicuna-7b"
            model = InstructBlipForConditionalGeneration.from_pretrained(name, load_in_4bit=True, dtype=torch.float16)
            model.generate(**inputs)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.models: dict[tuple[int, str], _Model] = {}  # (id(scope), name) -> state
        self.reported: set[int] = set()
        self.dropped: dict[int, object] = {}  # id(`.half()` call) -> the edit deleting its statement

    # --- what an expression makes of a model -------------------------------------------------
    def _state(self, expr: cst.BaseExpression) -> _Model | None:
        ctx = self.ctx
        if isinstance(expr, cst.Name):
            known = self.models.get((id(ctx.scope), expr.value))
            return None if known is None else replace(known)
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        if isinstance(func, cst.Attribute) and (func.attr.value in IN_PLACE or func.attr.value == "eval"):
            inner = self._state(func.value)
            if inner is not None:
                self._apply(inner, expr)
            return inner
        path = ctx.hf_name(func)
        if path == "pipeline" or is_class_load(path):
            return self._loaded(expr, path)
        return self._from_project(expr)

    def _from_project(self, call: cst.Call) -> _Model | None:
        """A model a function of another module of the project returns as its `from_pretrained` left it: on the
        CPU in float32 where that call set no dtype and no placement."""
        project = self.ctx.table.project
        func = self.ctx.qualified_name(call.func)
        if project is None or func is None:
            return None
        returned = transformers_path(project.returns(func))
        if returned is None or not is_class_load(returned.removesuffix("()")):
            return None
        given = project.load_keywords(func)
        if given is None:
            return None
        if given & {"dtype", "torch_dtype", "device", *PLACED_BY}:
            return None
        return _Model(placement="cpu")

    def _loaded(self, call: cst.Call, path: str) -> _Model:
        given = keywords(call)
        state = _Model()
        dtype = given.get("dtype") or given.get("torch_dtype")
        if dtype is not None and self._half(dtype.value):
            state.half = dtype.value
        elif dtype is None and path != "pipeline" and self.ctx.target >= DTYPE_AUTO_SINCE:
            model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"))
            if model is not None and model.source in ("local", "cache") and model.dtype == "float16":
                state.half, state.stored = call, model.model_id  # 5.x loads the dtype the config records
        placed_by = [name for name in PLACED_BY if passed(self.ctx, call, name)]
        if placed_by == ["device_map"] and self._cpu(given["device_map"].value):
            state.placement = "cpu"  # `device_map="cpu"`: accelerate puts it on the CPU
        elif placed_by:
            state.placed = True  # a device map or a quantized load: on an accelerator, or not in float16 at all
        elif "device" in given:
            state.placement = "cpu" if self._cpu(given["device"].value) else None
        elif path != "pipeline":
            state.placement = "cpu"  # `from_pretrained` loads on the CPU unless told otherwise
        state.site = load_site(
            self.ctx, call, path, {"dtype": "float16", "device": "cpu"}, {"dtype": "float32", "device": "cpu"}
        )
        return state

    def _apply(self, state: _Model, call: cst.Call) -> None:
        method = call.func.attr.value
        if method == "half":
            state.half = call
        elif method in ("float", "bfloat16"):
            state.half = None
        elif method == "cuda":
            state.placement = "accelerator"
        elif method == "cpu":
            state.placement = "cpu"
        elif method == "to":
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == "dtype" or is_dtype(self.ctx, arg.value):
                    state.half = arg.value if self._half(arg.value) else None
                elif arg.keyword is None or arg.keyword.value == "device":
                    state.placement = "cpu" if self._cpu(arg.value) else self._accelerator(arg.value)

    def _half(self, node: cst.BaseExpression) -> bool:
        qualified = self.ctx.qualified_name(node)
        if qualified is not None and qualified.startswith("torch."):
            return qualified.rsplit(".", 1)[-1] in HALF_DTYPES
        return self.ctx.constant(node) in HALF_STRINGS

    def _cpu(self, node: cst.BaseExpression) -> bool:
        value = self.ctx.constant(node)
        if isinstance(node, cst.Call) and self.ctx.qualified_name(node.func) == "torch.device" and node.args:
            value = self.ctx.constant(node.args[0].value)
        if isinstance(node, cst.Dict) and len(node.elements) == 1 and isinstance(node.elements[0], cst.DictElement):
            value = self.ctx.constant(node.elements[0].value)
        return value == "cpu" or value == -1

    def _accelerator(self, node: cst.BaseExpression) -> str | None:
        value = self.ctx.constant(node)
        return "accelerator" if isinstance(value, (str, int)) and value is not ... else None

    # --- statements ---------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        state = self._state(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                key = (id(self.ctx.scope), target.target.value)
                if state is None:
                    self.models.pop(key, None)
                else:
                    self.models[key] = state

    def visit_Expr(self, node: cst.Expr) -> None:
        found = method_statement(node)
        if found is not None:
            call, name = found
            known = self.models.get((id(self.ctx.scope), name))
            if known is not None and call.func.attr.value in IN_PLACE:
                self._apply(known, call)  # an nn.Module moves and casts in place
                if call.func.attr.value == "half":
                    edit = self.ctx.delete_statement()
                    if edit is not None:
                        self.dropped[id(call)] = edit

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = None
        if isinstance(func, cst.Name):
            name = func.value
        elif (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("generate", "forward")
            and isinstance(func.value, cst.Name)
        ):
            name = func.value.value
        known = self.models.get((id(self.ctx.scope), name)) if name else None
        if known is None or known.half is None or known.placement != "cpu" or known.placed:
            return
        if id(known.half) in self.reported:
            return
        self.reported.add(id(known.half))
        fix = self._stored_fix(known.half) if known.stored else self._fix(known.half)
        self.report(known.half, self._message(self.ctx.code(func), known.stored), fix, known.site)

    def _message(self, run: str, stored: str | None) -> str:
        """The slowdown; or, where the project pins a torch without a CPU float16 matrix product (1.12 to 2.1:
        `torch>=2.2.0 supports einsum, matmul and conv1d in float16 on CPU`), the error it raises there. For a
        checkpoint loaded in the float16 its config records, where that comes from."""
        fields = {"run": run, "stored": ""}
        if stored is not None:
            fields["stored"] = (
                f" (`{stored}`'s config records float16, which transformers {self.ctx.target} loads when no `dtype=` "
                "is given; 4.x loaded float32)"
            )
        pinned = self.ctx.stack.pinned(TORCH) if self.ctx.stack is not None else None
        if pinned is None or pinned.oldest is not None and pinned.oldest >= CPU_HALF_MATMUL:
            return self.message("cpu_half", **fields)
        if pinned.newest < CPU_HALF_MATMUL:
            return self.message("cpu_half_error", torch=pinned.newest, source=pinned.source, **fields)
        return self.message("cpu_half_error_before", source=pinned.source, **fields)

    def _stored_fix(self, load: cst.Call) -> PendingFix | None:
        """`dtype="float32"` added to the load, where every release the project admits takes `dtype=`."""
        if self.ctx.no_fix("`dtype=`", DTYPE_KEYWORD_SINCE) or not load.args:
            return None
        edit = self.ctx.insert_after(load.args[-1].value, ', dtype="float32"')
        return PendingFix(Applicability.UNSAFE, 'Load it in float32 (`dtype="float32"`)', [edit])

    def _fix(self, half: cst.CSTNode) -> PendingFix | None:
        if isinstance(half, cst.Call):  # `.half()`: drop it
            if id(half) in self.dropped:
                return PendingFix(Applicability.UNSAFE, "Keep float32", [self.dropped[id(half)]])
            return PendingFix(Applicability.UNSAFE, "Keep float32", [self.ctx.replace(half, half.func.value)])
        if isinstance(half, cst.Attribute):
            return PendingFix(Applicability.UNSAFE, "Use `torch.float32`", [self.ctx.replace(half.attr, "float32")])
        if isinstance(half, cst.SimpleString):
            return PendingFix(
                Applicability.UNSAFE, 'Use "float32"', [self.ctx.replace(half, f"{half.quote}float32{half.quote}")]
            )
        return None
