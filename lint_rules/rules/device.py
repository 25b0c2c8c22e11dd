"""HF2xx: where the model runs and in which precision."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.analysis import PendingFix
from lint_rules.facts.models import ModelRef, argument, smoke_site
from lint_rules.fixes import keyword, keywords, rewrite_args
from lint_rules.registry import Invalid, Rule, Valid

_QUANTIZED = ("device_map", "quantization_config", "load_in_8bit", "load_in_4bit")
_MOVES = frozenset({"to", "cuda", "cpu"})
_HALF = frozenset({"float16", "half"})


def _is_loader(path: str | None) -> bool:
    return path is not None and path.count(".") == 1 and path.endswith(".from_pretrained")


class DeviceWithDeviceMap(Rule):
    code = "HF202"
    name = "device-with-device-map"
    summary = "Both `device` and `device_map` given"
    message_formats = ("`device=` and `device_map=` are both given: the model is placed by `device_map`, and `device` then fails or is ignored; keep one",)
    fix_availability = "Always"
    what_it_does = "Checks `pipeline(...)` and `from_pretrained(...)` calls that pass both `device=` and `device_map=`."
    why_bad = """
`device_map` places the model through accelerate; `device` asks to move it afterwards. In 4.x
`pipeline(device=0, device_map="auto")` warns and then raises `ValueError: The model has been loaded
with accelerate and therefore cannot be moved to a specific device`; 5.x warns and runs on the CPU.
"""
    fix_safety = "The fix drops `device=` and is unsafe: where the model lands may change."
    invalid = (
        Invalid(
            'from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", device=0, device_map="auto")\n',
            fixed='from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", device_map="auto")\n',
        ),
    )
    valid = (
        Valid('from transformers import pipeline\n\npipeline("text-generation", model="gpt2", device_map="auto")\n'),
        Valid('from diffusers import DiffusionPipeline\n\nDiffusionPipeline.from_pretrained("x", device=0, device_map="balanced")\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        device, device_map = keyword(node, "device"), keyword(node, "device_map")
        if device is None or device_map is None:
            return
        path = self.ctx.hf_name(node.func)
        if path == "pipeline" or _is_loader(path):
            fix = PendingFix(Applicability.UNSAFE, "Remove `device=`", [self.ctx.replace(node, rewrite_args(node, [device]))])
            place = {"device": _value(self.ctx, device.value), "device_map": _value(self.ctx, device_map.value)}
            site = _load_site(self.ctx, node, path, {**place}, {"device_map": place["device_map"]})
            self.report(device.keyword, self.message_formats[0], fix, site)


def _value(ctx, node: cst.BaseExpression):
    """A JSON-ready constant for the smoke harness (a dtype as its name), or None."""
    if isinstance(node, cst.Call) and ctx.qualified_name(node.func) == "torch.device" and node.args:
        node = node.args[0].value
    qualified = ctx.qualified_name(node)
    if qualified is not None and qualified.startswith("torch."):
        return qualified.rsplit(".", 1)[-1]
    value = ctx.constant(node)
    if isinstance(node, cst.Dict) and len(node.elements) == 1 and isinstance(node.elements[0], cst.DictElement):
        inner = ctx.constant(node.elements[0].value)
        return {"": inner} if inner is not ... else None
    return None if value is ... else value


def _load_site(ctx, call: cst.Call, path: str, before: dict, after: dict, model: ModelRef | None = None) -> dict:
    """A smoke site for a `from_pretrained` or `pipeline` call."""
    if path == "pipeline":
        task = ctx.constant(argument(call, 0, "task"))
        model = model or ctx.model(argument(call, 1, "model"))
        return smoke_site(model, before, after, kind="pipeline", task=task if isinstance(task, str) else None)
    model = model or ctx.model(argument(call, 0, "pretrained_model_name_or_path"))
    cls = path.split(".", 1)[0]
    return smoke_site(model, {"class": cls, **before}, {"class": cls, **after})


def _drop_call(ctx, call: cst.Call):
    """Delete the statement when it only applies ``call`` to a name (`m.to(x)`, `m = m.cuda()`)."""
    statement = ctx.statement
    receiver = call.func.value
    if not isinstance(statement, cst.SimpleStatementLine) or not isinstance(receiver, cst.Name):
        return None
    small = statement.body[0]
    if isinstance(small, cst.Expr) and small.value is call:
        return ctx.delete_statement()
    if (
        isinstance(small, cst.Assign)
        and small.value is call
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value == receiver.value
    ):
        return ctx.delete_statement()
    return None


def _is_dtype(ctx, node: cst.BaseExpression) -> bool:
    """`torch.float16`, `torch.bfloat16`, "float16" ...: a cast, not a move."""
    qualified = ctx.qualified_name(node)
    if qualified is not None and qualified.startswith("torch."):
        name = qualified.rsplit(".", 1)[-1]
        if "float" in name or name in ("half", "double"):
            return True
    value = ctx.constant(node)
    return isinstance(value, str) and ("float" in value or value in ("half", "auto"))


class MoveAfterDeviceMap(Rule):
    code = "HF203"
    name = "move-after-device-map"
    summary = "A model loaded with `device_map` or quantization is moved with `.to()` / `.cuda()` / `.cpu()`"
    message_formats = ("`.{method}()` on a model loaded with `{how}=`: accelerate already placed it{quantized}; drop the move",)
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
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto").to("cuda")\n',
            fixed='from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto")\n',
        ),
        Invalid(
            'from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nq = BitsAndBytesConfig(load_in_4bit=True)\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q)\nmodel = model.cuda()\n',
            fixed='from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nq = BitsAndBytesConfig(load_in_4bit=True)\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q)\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2").to("cuda")\n'),
        Valid('import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", device_map="auto")\nmodel.to(torch.bfloat16)\n'),
        Valid('from diffusers import DiffusionPipeline\n\npipe = DiffusionPipeline.from_pretrained("x", device_map="balanced")\npipe.to("cuda")\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _MOVES):
            return
        if func.attr.value == "to" and (not node.args or keyword(node, "dtype") is not None or _is_dtype(self.ctx, node.args[0].value)):
            return
        found = self.ctx.loader(func.value)
        if found is None:
            return
        load = found[1]
        how = next((name for name in _QUANTIZED if keyword(load, name) is not None), None)
        if how is None:
            return
        quantized = " and quantized it" if how != "device_map" else ""
        edit = _drop_call(self.ctx, node) or self.ctx.replace(node, func.value)
        fix = PendingFix(Applicability.UNSAFE, "Remove the move", [edit])
        cls, _, scope, seq = found
        with self.ctx.at(scope, seq):
            placed = {how: _value(self.ctx, keyword(load, how).value)}
            model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"))
        move = func.attr.value if func.attr.value != "to" else _value(self.ctx, node.args[0].value)
        site = smoke_site(model, {"class": cls, **placed, "move": move}, {"class": cls, **placed})
        self.report(func.attr, self.message_formats[0].format(method=func.attr.value, how=how, quantized=quantized), fix, site)


@dataclass
class _Model:
    """What is known of a model held in a local name: precision and placement, and where each was set."""

    half: cst.CSTNode | None = None  # the node that made it float16
    placement: str | None = None  # "cpu", "accelerator", or None when not known
    site: dict | None = None  # how it was loaded, for the smoke harness


class HalfPrecisionOnCpu(Rule):
    code = "HF201"
    name = "half-precision-on-cpu"
    summary = "float16 weights on the CPU, then run"
    message_formats = ("float16 weights that `{run}(...)` runs on the CPU: CPU fp16 is 4-60x slower than float32; use `torch.float32` (or `torch.bfloat16` on CPUs that support it)",)
    fix_availability = "Sometimes"
    what_it_does = """
Follows a model through one function (or the module): float16 weights (`dtype=torch.float16`,
`"float16"`, `.half()`) on a CPU placement (the default of `from_pretrained`, `device="cpu"`, `-1`,
`device_map="cpu"`, `.to("cpu")`, `.cpu()`), then run (called, `.generate()`, a pipeline call).
"""
    why_bad = """
CPUs have no fast float16 kernels: measured on transformers 5.23 with torch 2.13, an fp16 forward pass
on the CPU is 4-5x slower than float32, a 1024x1024 matmul 60x slower, and some ops are missing.
Loading in float16 on the CPU only to merge adapters or save is deliberate and not reported, nor is a
device chosen at run time (`"cuda" if torch.cuda.is_available() else "cpu"`).
"""
    fix_safety = "The fix sets float32 and is unsafe: it doubles the memory the weights take."
    invalid = (
        Invalid(
            'import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)\nout = model.generate(**inputs)\n',
            fixed='import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float32)\nout = model.generate(**inputs)\n',
        ),
        Invalid(
            'from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", device="cpu", dtype="float16")\npipe("Hello")\n',
            fixed='from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", device="cpu", dtype="float32")\npipe("Hello")\n',
        ),
        Invalid(
            'from transformers import AutoModel\n\nDEVICE = "cpu"\nmodel = AutoModel.from_pretrained("bert-base-uncased").half()\nmodel.to(DEVICE)\nmodel(**inputs)\n',
            fixed='from transformers import AutoModel\n\nDEVICE = "cpu"\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nmodel.to(DEVICE)\nmodel(**inputs)\n',
        ),
    )
    valid = (
        Valid('import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16).to("cuda")\nmodel.generate(**inputs)\n'),
        Valid('import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16)\nmodel = merge(model)\nmodel.save_pretrained("out")\n'),
        Valid('import torch\nfrom transformers import AutoModel\n\ndevice = "cuda" if torch.cuda.is_available() else "cpu"\nmodel = AutoModel.from_pretrained("x", dtype=torch.float16).to(device)\nmodel(**inputs)\n'),
        Valid('import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.float16, device_map="auto")\nmodel.generate(**inputs)\n'),
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
            return None if known is None else _Model(known.half, known.placement, known.site)
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("to", "half", "cuda", "cpu", "float", "bfloat16", "eval"):
            inner = self._state(func.value)
            if inner is not None:
                self._apply(inner, expr)
            return inner
        path = ctx.hf_name(func)
        if path == "pipeline" or _is_loader(path):
            return self._loaded(expr, path)
        return None

    def _loaded(self, call: cst.Call, path: str) -> _Model:
        given = keywords(call)
        state = _Model()
        dtype = given.get("dtype") or given.get("torch_dtype")
        if dtype is not None and self._half(dtype.value):
            state.half = dtype.value
        if "device_map" in given:
            state.placement = "cpu" if self._cpu(given["device_map"].value) else None
        elif "device" in given:
            state.placement = "cpu" if self._cpu(given["device"].value) else None
        elif path != "pipeline":
            state.placement = "cpu"  # `from_pretrained` loads on the CPU unless told otherwise
        state.site = _load_site(self.ctx, call, path, {"dtype": "float16", "device": "cpu"}, {"dtype": "float32", "device": "cpu"})
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
                if arg.keyword is not None and arg.keyword.value == "dtype" or _is_dtype(self.ctx, arg.value):
                    state.half = arg.value if self._half(arg.value) else None
                elif arg.keyword is None or arg.keyword.value == "device":
                    state.placement = "cpu" if self._cpu(arg.value) else self._accelerator(arg.value)

    def _half(self, node: cst.BaseExpression) -> bool:
        qualified = self.ctx.qualified_name(node)
        if qualified is not None and qualified.startswith("torch."):
            return qualified.rsplit(".", 1)[-1] in _HALF
        return self.ctx.constant(node) in ("float16", "fp16", "half")

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
        call = node.value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
            known = self.models.get((id(self.ctx.scope), call.func.value.value))
            if known is not None and call.func.attr.value in ("to", "half", "cuda", "cpu", "float", "bfloat16"):
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
        elif isinstance(func, cst.Attribute) and func.attr.value in ("generate", "forward") and isinstance(func.value, cst.Name):
            name = func.value.value
        known = self.models.get((id(self.ctx.scope), name)) if name else None
        if known is None or known.half is None or known.placement != "cpu" or id(known.half) in self.reported:
            return
        self.reported.add(id(known.half))
        self.report(known.half, self.message_formats[0].format(run=self.ctx.code(func)), self._fix(known.half), known.site)

    def _fix(self, half: cst.CSTNode) -> PendingFix | None:
        if isinstance(half, cst.Call):  # `.half()`: drop it
            if id(half) in self.dropped:
                return PendingFix(Applicability.UNSAFE, "Keep float32", [self.dropped[id(half)]])
            return PendingFix(Applicability.UNSAFE, "Keep float32", [self.ctx.replace(half, half.func.value)])
        if isinstance(half, cst.Attribute):
            return PendingFix(Applicability.UNSAFE, "Use `torch.float32`", [self.ctx.replace(half.attr, "float32")])
        if isinstance(half, cst.SimpleString):
            return PendingFix(Applicability.UNSAFE, 'Use "float32"', [self.ctx.replace(half, f"{half.quote}float32{half.quote}")])
        return None


# What a file does when it checks for an accelerator before using one.
_GUARDS = ("is_available(", "device_count(", "Accelerator(", "PartialState(", "get_device(", "infer_device(")


class UnguardedCuda(Rule):
    code = "HF204"
    name = "unguarded-cuda"
    summary = "A hard-coded CUDA device in a file that never checks for one"
    message_formats = ("Hard-coded CUDA device ({what}) and no availability check in this file: it fails on a CPU-only or Apple machine",)
    default_enabled = False
    category = "suspicious"
    what_it_does = """
Checks transformers models and pipelines put on a hard-coded CUDA device (`.cuda()`, `.to("cuda")`,
`device="cuda"`, `device=0`, `device_map="cuda"`) in a file with no availability check
(`torch.cuda.is_available()`, `device_count()`, accelerate's `Accelerator` / `PartialState`). Off by
default: select it with `--extend-select HF204`.
"""
    why_bad = """
Without a GPU the script dies with `AssertionError: Torch not compiled with CUDA enabled` or
`RuntimeError: No CUDA GPUs are available`, often after minutes of loading. Choosing the device at run
time (`"cuda" if torch.cuda.is_available() else "cpu"`) or letting `device_map="auto"` decide keeps it
portable. Only transformers objects are checked: diffusers and peft code is not this rule's to judge.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased").to("cuda")\n',
            use_instead='import torch\nfrom transformers import AutoModel\n\ndevice = "cuda" if torch.cuda.is_available() else "cpu"\nmodel = AutoModel.from_pretrained("bert-base-uncased").to(device)\n',
        ),
        Invalid('from transformers import pipeline\n\npipe = pipeline("text-classification", device=0)\n'),
    )
    valid = (
        Valid('import torch\nfrom transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("x")\nif torch.cuda.is_available():\n    model = model.to("cuda")\n'),
        Valid('from diffusers import DiffusionPipeline\n\npipe = DiffusionPipeline.from_pretrained("x").to("cuda")\n'),
        Valid('from transformers import pipeline\n\npipeline("text-classification", device_map="auto")\n'),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.guarded = any(guard in ctx.text for guard in _GUARDS)

    def visit_Call(self, node: cst.Call) -> None:
        if self.guarded:
            return
        func = node.func
        ctx = self.ctx
        if isinstance(func, cst.Attribute) and func.attr.value in ("cuda", "to"):
            if ctx.hf_name(func.value) is None:
                return
            if func.attr.value == "cuda":
                self.report(func.attr, self.message_formats[0].format(what="`.cuda()`"))
            elif node.args and self._cuda(node.args[0].value):
                self.report(node.args[0].value, self.message_formats[0].format(what=f"`.to({ctx.code(node.args[0].value)})`"))
            return
        path = ctx.hf_name(func)
        if path == "pipeline" or _is_loader(path):
            for name in ("device", "device_map"):
                arg = keyword(node, name)
                if arg is not None and self._cuda(arg.value, allow_index=name == "device"):
                    self.report(arg.value, self.message_formats[0].format(what=f"`{name}={ctx.code(arg.value)}`"))

    def _cuda(self, node: cst.BaseExpression, allow_index: bool = False) -> bool:
        if isinstance(node, cst.Call) and self.ctx.qualified_name(node.func) == "torch.device" and node.args:
            node = node.args[0].value
        value = self.ctx.constant(node)
        if isinstance(value, str):
            return value == "cuda" or value.startswith("cuda:")
        return allow_index and isinstance(value, int) and not isinstance(value, bool) and value >= 0
