"""HF3xx: APIs that transformers deprecated, renamed or removed in v5."""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.engine import PendingFix
from lint_rules.fixes import is_pure, keyword, keywords, literal_bool, rewrite_args, transformers_symbol
from lint_rules.registry import Invalid, Rule, Valid
from lint_rules.versions import Version


class RenamedKeyword(Rule):
    """A keyword argument of transformers calls that a release renamed: report, and rename it."""

    old: ClassVar[str]
    new: ClassVar[str]
    new_since: ClassVar[Version]  # first release that accepts the new name; the fix needs it
    removed_effect: ClassVar[str] = ""  # what the old name does in ``removed_in`` and later
    fix_availability = "Sometimes"
    category = "correctness"

    # The callables that take the argument, by the last part of their path; empty means all of them.
    callees: ClassVar[frozenset[str]] = frozenset()

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.target < self.applies_from:
            return
        arg = keyword(node, self.old)
        if arg is None:
            return
        callee = ctx.hf_name(node.func)
        if callee is None or (self.callees and callee.rsplit(".", 1)[-1] not in self.callees):
            return
        if keyword(node, self.new) is not None:
            fix = PendingFix(Applicability.UNSAFE, f"Remove `{self.old}`", [ctx.replace(node, rewrite_args(node, [arg]))])
            self.report(arg, self.message_formats[2].format(old=self.old, new=self.new), fix)
            return
        fix = None
        if ctx.target >= self.new_since:
            fix = PendingFix(Applicability.SAFE, f"Rename `{self.old}` to `{self.new}`", [ctx.replace(arg.keyword, self.new)])
        if self.removed_in is not None and ctx.target >= self.removed_in:
            message = self.message_formats[0].format(version=self.removed_in, effect=self.removed_effect)
        else:
            message = self.message_formats[1].format(version=self.applies_from)
        self.report(arg.keyword, message, fix)


class UseAuthToken(RenamedKeyword):
    code = "HF302"
    name = "use-auth-token"
    summary = "`use_auth_token` is deprecated and removed in transformers 5; use `token`"
    message_formats = (
        "`use_auth_token` was removed in transformers {version} ({effect}); use `token`",
        "`use_auth_token` is deprecated since transformers {version}; use `token`",
        "`{old}` and `{new}` are both given; remove `{old}`",
    )
    old, new = "use_auth_token", "token"
    applies_from = new_since = Version(4, 31)
    removed_in = Version(5, 0)
    removed_effect = "`from_pretrained` raises TypeError, tokenizers and configs silently ignore it"
    what_it_does = """
Checks for `use_auth_token=` on transformers calls: `from_pretrained`, `pipeline`, `push_to_hub`
and the rest of the hub API.
"""
    why_bad = """
`token=` replaced `use_auth_token=` in transformers 4.31, which warned about the old name until 5.0
removed it. In 5.x `from_pretrained` raises `TypeError: ... unexpected keyword argument
'use_auth_token'`, while `AutoTokenizer` and `AutoConfig` silently ignore it, so a gated or private
model fails to download with an authentication error that does not point at the cause.
"""
    fix_safety = """
Renaming the keyword is safe: the value means the same under `token`. When `token=` is given as
well (a `ValueError` in 4.x), the fix removes `use_auth_token=` and is unsafe, since the two values
may differ.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/private", use_auth_token=True)\n',
            fixed='from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/private", token=True)\n',
        ),
        Invalid(
            'import transformers as tr\n\npipe = tr.pipeline("fill-mask", model="org/private", use_auth_token=TOKEN)\n',
            fixed='import transformers as tr\n\npipe = tr.pipeline("fill-mask", model="org/private", token=TOKEN)\n',
        ),
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nmodel.push_to_hub("me/bert", use_auth_token=TOKEN)\n',
            fixed='from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nmodel.push_to_hub("me/bert", token=TOKEN)\n',
        ),
        Invalid(
            'from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained(\n    "org/private",\n    token=TOKEN,\n    use_auth_token=TOKEN,\n)\n',
            fixed='from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained(\n    "org/private",\n    token=TOKEN,\n)\n',
        ),
        Invalid(
            'from transformers import AutoConfig\n\nconfig = AutoConfig.from_pretrained("org/private", use_auth_token=True)\n',
            fixed='from transformers import AutoConfig\n\nconfig = AutoConfig.from_pretrained("org/private", token=True)\n',
            target="4.40",
        ),
    )
    valid = (
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("org/private", token=True)\n'),
        Valid('from peft import PeftModel\n\nPeftModel.from_pretrained(base, "org/adapter", use_auth_token=True)\n'),
        Valid('def from_pretrained(name, use_auth_token=None):\n    pass\n\nfrom_pretrained("x", use_auth_token=True)\n'),
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("org/private", use_auth_token=True)\n', target="4.30"),
    )


class TorchDtypeArgument(RenamedKeyword):
    code = "HF303"
    name = "torch-dtype-argument"
    summary = "`torch_dtype` is deprecated; use `dtype`"
    message_formats = (
        "`torch_dtype` was removed in transformers {version}; use `dtype`",
        "`torch_dtype` is deprecated since transformers {version}; use `dtype`",
        "`{old}` is ignored because `{new}` is also given; remove `{old}`",
    )
    old, new = "torch_dtype", "dtype"
    callees = frozenset({"from_pretrained", "from_config", "pipeline"})
    applies_from = new_since = Version(4, 56)
    what_it_does = """
Checks for `torch_dtype=` on transformers calls (`from_pretrained`, `from_config`, `pipeline`).
"""
    why_bad = """
transformers 4.56 renamed the argument to `dtype=`; the old name logs "`torch_dtype` is deprecated!
Use `dtype` instead!" on every load and is kept only for backward compatibility. When both are
given, `dtype` wins and `torch_dtype` is silently ignored. `torch_dtype=` on a diffusers pipeline
or a peft model is not transformers' and is left alone.
"""
    fix_safety = """
Renaming the keyword is safe in transformers 4.56 and later, where `dtype=` is read the same way.
Before 4.56 `dtype=` is not understood, so no fix is offered for an older target. Removing
`torch_dtype=` when `dtype=` is also given is marked unsafe.
"""
    invalid = (
        Invalid(
            'import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", torch_dtype=torch.bfloat16)\n',
            fixed='import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.bfloat16)\n',
        ),
        Invalid(
            'from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", torch_dtype="auto")\n',
            fixed='from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", dtype="auto")\n',
        ),
        Invalid(
            'def load():\n    from transformers.models.auto import AutoModel\n    return AutoModel.from_config(CONFIG, torch_dtype="float16")\n',
            fixed='def load():\n    from transformers.models.auto import AutoModel\n    return AutoModel.from_config(CONFIG, dtype="float16")\n',
        ),
        Invalid(
            'import transformers\n\ntransformers.AutoModel.from_pretrained("gpt2", torch_dtype="auto", dtype="float32")\n',
            fixed='import transformers\n\ntransformers.AutoModel.from_pretrained("gpt2", dtype="float32")\n',
        ),
    )
    valid = (
        Valid('import torch\nfrom diffusers import StableDiffusionPipeline\n\nStableDiffusionPipeline.from_pretrained("sd", torch_dtype=torch.float16)\n'),
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("gpt2", torch_dtype="auto")\n', target="4.55"),
        Valid('from transformers import pipeline\n\npipeline = pipeline("text-generation")\npipeline("hi", torch_dtype="auto")\n'),
    )


# The keyword arguments that `from_pretrained` folded into a BitsAndBytesConfig (its parameters).
BNB_PARAMETERS = (
    "load_in_8bit",
    "load_in_4bit",
    "llm_int8_threshold",
    "llm_int8_skip_modules",
    "llm_int8_enable_fp32_cpu_offload",
    "llm_int8_has_fp16_weight",
    "bnb_4bit_compute_dtype",
    "bnb_4bit_quant_type",
    "bnb_4bit_use_double_quant",
    "bnb_4bit_quant_storage",
)
_FLAGS = ("load_in_8bit", "load_in_4bit")


class BitsAndBytesLoadKwargs(Rule):
    code = "HF305"
    name = "bitsandbytes-load-kwargs"
    summary = "`load_in_8bit` / `load_in_4bit` on `from_pretrained`; pass a `BitsAndBytesConfig`"
    message_formats = (
        "`{arg}=` was removed from `from_pretrained` in transformers 5.0 (TypeError); pass `quantization_config=BitsAndBytesConfig(...)`",
        "`{arg}=` is deprecated since transformers 4.38; pass `quantization_config=BitsAndBytesConfig(...)`",
        "`{arg}=` and `quantization_config=` are both given (a ValueError); move `{arg}` into the `BitsAndBytesConfig`",
    )
    fix_availability = "Sometimes"
    applies_from = Version(4, 38)
    removed_in = Version(5, 0)
    what_it_does = """
Checks for `load_in_8bit=` / `load_in_4bit=` (and the `bnb_4bit_*` / `llm_int8_*` settings that go
with them) passed straight to `from_pretrained`.
"""
    why_bad = """
Since transformers 4.38 these keywords log a deprecation warning, and 5.0 removed them:
`from_pretrained(..., load_in_8bit=True)` raises `TypeError: ... unexpected keyword argument
'load_in_8bit'`. Quantization settings belong in `quantization_config=BitsAndBytesConfig(...)`,
which has accepted all of them since 4.30.
"""
    fix_safety = """
The fix moves every bitsandbytes keyword into a `BitsAndBytesConfig` and imports it from
transformers next to the existing import. It is safe when the flags are literals (a flag that is
literally `False` is dropped) or plain names: a flag held in a variable becomes
`BitsAndBytesConfig(...) if flag else None`, exactly what `from_pretrained` did with the keywords.
A flag computed by a call would be evaluated twice, so that fix is unsafe.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("facebook/opt-350m", load_in_8bit=True, device_map="auto")\n',
            fixed='from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nmodel = AutoModelForCausalLM.from_pretrained("facebook/opt-350m", quantization_config=BitsAndBytesConfig(load_in_8bit=True), device_map="auto")\n',
        ),
        Invalid(
            'import torch\nimport transformers\n\nmodel = transformers.AutoModelForCausalLM.from_pretrained(\n    "facebook/opt-350m",\n    load_in_4bit=True,\n    bnb_4bit_compute_dtype=torch.bfloat16,\n    bnb_4bit_quant_type="nf4",\n)\n',
            fixed='import torch\nimport transformers\n\nmodel = transformers.AutoModelForCausalLM.from_pretrained(\n    "facebook/opt-350m",\n    quantization_config=transformers.BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_type="nf4"),\n)\n',
        ),
        Invalid(
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained(args.model, load_in_8bit=args.load_in_8bit)\n',
            fixed='from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nmodel = AutoModelForCausalLM.from_pretrained(args.model, quantization_config=BitsAndBytesConfig(load_in_8bit=args.load_in_8bit) if args.load_in_8bit else None)\n',
        ),
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased", load_in_8bit=False)\n',
            fixed='from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
            target="4.45",
        ),
        Invalid(
            'from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nq = BitsAndBytesConfig(load_in_4bit=True)\nmodel = AutoModelForCausalLM.from_pretrained("gpt2", quantization_config=q, load_in_8bit=True)\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n\nAutoModelForCausalLM.from_pretrained("gpt2", quantization_config=BitsAndBytesConfig(load_in_8bit=True))\n'),
        Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained("gpt2", load_in_8bit=True)\n', target="4.37"),
        Valid('from optimum.onnxruntime import ORTModelForCausalLM\n\nORTModelForCausalLM.from_pretrained("gpt2", load_in_8bit=True)\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.target < self.applies_from:
            return
        given = keywords(node)
        flags = [given[name] for name in _FLAGS if name in given]
        if not flags:
            return
        callee = ctx.hf_name(node.func)
        if callee is None or not callee.endswith(".from_pretrained"):
            return
        first = flags[0]
        name = first.keyword.value
        if "quantization_config" in given:
            self.report(first, self.message_formats[2].format(arg=name))
            return
        index = 0 if ctx.target >= self.removed_in else 1
        self.report(first, self.message_formats[index].format(arg=name), self._fix(node, given, flags))

    def _fix(self, call: cst.Call, given: dict[str, cst.Arg], flags: list[cst.Arg]) -> PendingFix | None:
        values = [literal_bool(flag.value) for flag in flags]
        if values.count(True) > 1:  # 8-bit and 4-bit at once: an error either way, nothing to preserve
            return None
        moved = [given[name] for name in BNB_PARAMETERS if name in given]
        if all(value is False for value in values):
            return PendingFix(Applicability.SAFE, "Remove the bitsandbytes arguments", [self.ctx.replace(call, rewrite_args(call, moved))])
        spelled = transformers_symbol(self.ctx, call.func, "BitsAndBytesConfig")
        if spelled is None:
            return None
        config_name, import_edits = spelled
        kept = [arg for arg, value in zip(flags, values, strict=True) if value is not False]
        settings = [arg for arg in moved if arg.keyword.value not in _FLAGS or arg in kept]
        config = ", ".join(f"{arg.keyword.value}={self.ctx.code(arg.value)}" for arg in settings)
        expression = f"{config_name}({config})"
        runtime = [arg for arg, value in zip(flags, values, strict=True) if value is None]
        applicability = Applicability.SAFE
        if runtime:
            condition = " or ".join(self.ctx.code(arg.value) for arg in runtime)
            expression = f"{expression} if {condition} else None"
            if not all(is_pure(arg.value) for arg in runtime):
                applicability = Applicability.UNSAFE
        new_arg = cst.Arg(keyword=cst.Name("quantization_config"), value=cst.parse_expression(expression), equal=flags[0].equal)
        new_call = rewrite_args(call, [arg for arg in moved if arg is not flags[0]], replace=(flags[0], new_arg))
        edits = [self.ctx.replace(call, new_call), *import_edits]
        return PendingFix(applicability, "Move the bitsandbytes arguments into `quantization_config=BitsAndBytesConfig(...)`", edits)
