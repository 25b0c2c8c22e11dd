"""HF3xx: APIs that transformers deprecated, renamed or removed in v5."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.analysis import PendingFix
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
        if ctx.floor >= self.new_since:
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
    new_since = Version(4, 30)  # BitsAndBytesConfig takes every one of these arguments
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
        fix = self._fix(node, given, flags) if ctx.floor >= self.new_since else None
        self.report(first, self.message_formats[index].format(arg=name), fix)

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


class TrainerTokenizerArgument(RenamedKeyword):
    code = "HF308"
    name = "trainer-tokenizer-argument"
    summary = "`Trainer(tokenizer=...)` was renamed `processing_class=`"
    message_formats = (
        "`tokenizer=` was removed from `Trainer` in transformers {version} ({effect}); use `processing_class=`",
        "`tokenizer=` is deprecated on `Trainer` since transformers {version}; use `processing_class=`",
        "`{old}` and `{new}` are both given; remove `{old}`",
    )
    old, new = "tokenizer", "processing_class"
    callees = frozenset({"Trainer", "Seq2SeqTrainer"})
    applies_from = new_since = Version(4, 46)
    removed_in = Version(5, 0)
    removed_effect = "TypeError"
    what_it_does = "Checks for `tokenizer=` passed to `Trainer` or `Seq2SeqTrainer`."
    why_bad = """
transformers 4.46 renamed the argument to `processing_class=`, since it may hold a tokenizer, an image
processor, a feature extractor or a processor. 4.x warned; 5.0 removed the old name, and
`Trainer(tokenizer=...)` raises `TypeError: ... unexpected keyword argument 'tokenizer'`.
Trainers of other libraries (trl's `SFTTrainer`, ...) are theirs to name and are not checked.
"""
    fix_safety = "Renaming is safe from 4.46 on: the trainer stores the value the same way."
    invalid = (
        Invalid(
            "from transformers import Trainer\n\ntrainer = Trainer(model=model, args=args, train_dataset=ds, tokenizer=tokenizer)\n",
            fixed="from transformers import Trainer\n\ntrainer = Trainer(model=model, args=args, train_dataset=ds, processing_class=tokenizer)\n",
        ),
    )
    valid = (
        Valid("from transformers import Trainer\n\nTrainer(model=model, processing_class=tokenizer)\n"),
        Valid("from trl import SFTTrainer\n\nSFTTrainer(model=model, tokenizer=tokenizer)\n"),
        Valid("from transformers import Trainer\n\nTrainer(model=model, tokenizer=tokenizer)\n", target="4.45"),
    )


@dataclass(frozen=True)
class ArgumentChange:
    """What a release did to one keyword argument of some transformers callables."""

    old: str
    callees: frozenset[str]  # last part of the callable's path: "TrainingArguments", "from_pretrained"
    removed_in: Version = Version(5, 0)  # first release without it (or that ignores it)
    new: str | None = None  # the keyword that replaces it
    new_since: Version | None = None  # first release that accepts ``new``
    values: tuple[tuple[str, str], ...] | None = None  # literal old value -> new value; None: same value
    drop: tuple[str, ...] | None = None  # literal values for which the argument can simply go ("*": any)
    effect: str = "a TypeError"  # what the old argument does in ``removed_in`` and later
    advice: str = ""  # what to do when no fix can say it

    def replacement(self) -> str:
        return f"use `{self.new}=`" if self.new else self.advice


class ChangedArguments(Rule):
    """Keyword arguments a release renamed, removed or stopped honouring, from a table."""

    changes: ClassVar[tuple[ArgumentChange, ...]]
    fix_availability = "Sometimes"
    message_formats = (
        "`{old}=` on `{callee}`: {effect} since transformers {version}; {replacement}",
        "`{old}=` on `{callee}` is deprecated; use `{new}=`",
    )

    def visit_Call(self, node: cst.Call) -> None:
        given = keywords(node)
        changes = [change for change in self.changes if change.old in given]
        if not changes:
            return
        callee = self.ctx.hf_name(node.func)
        if callee is None:
            return
        last = callee.rsplit(".", 1)[-1]
        for change in changes:
            if last in change.callees:
                self._check(node, given, change, last if "()" in callee else callee)

    def _check(self, call: cst.Call, given: dict[str, cst.Arg], change: ArgumentChange, callee: str) -> None:
        target = self.ctx.target
        removed = target >= change.removed_in
        renamed = change.new is not None and change.new_since is not None and target >= change.new_since
        if not removed and not renamed:
            return
        renamed = renamed and self.ctx.floor >= change.new_since  # every admitted release takes the new name
        arg = given[change.old]
        if removed:
            message = self.message_formats[0].format(
                old=change.old, callee=callee, version=change.removed_in, effect=change.effect, replacement=change.replacement()
            )
        else:
            message = self.message_formats[1].format(old=change.old, callee=callee, new=change.new)
        self.report(arg.keyword, message, self._fix(call, given, change, arg, renamed))

    def _fix(self, call, given, change: ArgumentChange, arg: cst.Arg, renamed: bool) -> PendingFix | None:
        literal = self.ctx.code(arg.value)
        if change.drop is not None and ("*" in change.drop or literal in change.drop):
            return PendingFix(Applicability.SAFE, f"Remove `{change.old}=`", [self.ctx.replace(call, rewrite_args(call, [arg]))])
        if not renamed or change.new in given:
            return None
        if change.values is None:
            return PendingFix(Applicability.SAFE, f"Rename to `{change.new}=`", [self.ctx.replace(arg.keyword, change.new)])
        mapped = dict(change.values).get(literal)
        if mapped is None:
            return None
        if mapped == "":
            return PendingFix(Applicability.SAFE, f"Remove `{change.old}=`", [self.ctx.replace(call, rewrite_args(call, [arg]))])
        new_arg = cst.Arg(keyword=cst.Name(change.new), value=cst.parse_expression(mapped), equal=arg.equal)
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(arg, new_arg)))
        return PendingFix(Applicability.SAFE, f"Use `{change.new}={mapped}`", [edit])


_ARGS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
V5 = Version(5, 0)


class RenamedTrainingArgument(ChangedArguments):
    code = "HF309"
    name = "renamed-training-argument"
    summary = "A `TrainingArguments` field that transformers renamed or removed"
    # Checked against the real signatures of every snapshot by tests/test_migration_tables.py.
    changes = (
        ArgumentChange("evaluation_strategy", _ARGS, Version(4, 57), "eval_strategy", Version(4, 41)),
        ArgumentChange("no_cuda", _ARGS, V5, "use_cpu", Version(4, 34)),
        ArgumentChange("per_gpu_train_batch_size", _ARGS, V5, "per_device_train_batch_size", Version(4, 0)),
        ArgumentChange("per_gpu_eval_batch_size", _ARGS, V5, "per_device_eval_batch_size", Version(4, 0)),
        ArgumentChange("push_to_hub_token", _ARGS, V5, "hub_token", Version(4, 12)),
        ArgumentChange("push_to_hub_model_id", _ARGS, V5, "hub_model_id", Version(4, 12)),
        ArgumentChange("push_to_hub_organization", _ARGS, V5, advice='give `hub_model_id="organization/name"`'),
        ArgumentChange("include_inputs_for_metrics", _ARGS, V5, "include_for_metrics", Version(4, 46), values=(("True", '["inputs"]'), ("False", ""))),
        ArgumentChange("adafactor", _ARGS, V5, "optim", Version(4, 0), values=(("True", '"adafactor"'), ("False", ""))),
        ArgumentChange("torchdynamo", _ARGS, V5, "torch_compile_backend", Version(4, 0)),
        ArgumentChange("warmup_ratio", _ARGS, V5, "warmup_steps", V5, effect="a TypeError (`warmup_steps` below 1 is now a ratio)"),
        ArgumentChange("group_by_length", _ARGS, V5, "train_sampling_strategy", V5, values=(("True", '"group_by_length"'), ("False", ""))),
        ArgumentChange("overwrite_output_dir", _ARGS, V5, drop=("*",), advice="remove it: `Trainer` never read it"),
        ArgumentChange("use_mps_device", _ARGS, V5, drop=("*",), advice="remove it: MPS is used when available"),
        ArgumentChange("save_safetensors", _ARGS, V5, drop=("True",), advice="remove it: checkpoints are always safetensors"),
        ArgumentChange("logging_dir", _ARGS, V5, advice="set the `TENSORBOARD_LOGGING_DIR` environment variable"),
        ArgumentChange("fp16_backend", _ARGS, V5, advice="remove it: mixed precision always uses `torch.amp`"),
        ArgumentChange("half_precision_backend", _ARGS, V5, advice="remove it: mixed precision always uses `torch.amp`"),
        ArgumentChange("fp16_opt_level", _ARGS, V5, advice="remove it: apex is no longer supported"),
        ArgumentChange("fsdp_min_num_params", _ARGS, V5, advice='put it in `fsdp_config={"min_num_params": ...}`'),
        ArgumentChange("fsdp_transformer_layer_cls_to_wrap", _ARGS, V5, advice='put it in `fsdp_config={"transformer_layer_cls_to_wrap": [...]}`'),
        *(
            ArgumentChange(old, _ARGS, V5, advice="remove it")
            for old in (
                "tpu_num_cores", "tpu_metrics_debug", "jit_mode_eval", "mp_parameters", "past_index", "ray_scope",
                "use_legacy_prediction_loop", "include_tokens_per_second",
            )
        ),  # fmt: skip
    )
    what_it_does = """
Checks `TrainingArguments(...)` and `Seq2SeqTrainingArguments(...)` for fields that a release renamed
(`evaluation_strategy` -> `eval_strategy`, `no_cuda` -> `use_cpu`, `per_gpu_*` -> `per_device_*`, ...)
or removed, from a table checked against the real signatures of each known release.
"""
    why_bad = """
`TrainingArguments` is a dataclass: an unknown field raises `TypeError: __init__() got an unexpected
keyword argument 'evaluation_strategy'` before training starts. 4.57 already lacks
`evaluation_strategy`; 5.0 removed `no_cuda`, the `per_gpu_*` sizes, the `push_to_hub_*` fields,
`warmup_ratio`, `group_by_length` and more.
"""
    fix_safety = """
Renames, and value translations such as `group_by_length=True` -> `train_sampling_strategy=
"group_by_length"`, are safe in the releases that accept the new field (the fix is offered only
there). Fields that had no effect any more are removed, also safely. Removed fields without a
replacement are reported with what to do.
"""
    invalid = (
        Invalid(
            'from transformers import TrainingArguments\n\nargs = TrainingArguments("out", evaluation_strategy="epoch", no_cuda=True)\n',
            fixed='from transformers import TrainingArguments\n\nargs = TrainingArguments("out", eval_strategy="epoch", use_cpu=True)\n',
        ),
        Invalid(
            'from transformers import Seq2SeqTrainingArguments\n\nargs = Seq2SeqTrainingArguments(\n    output_dir="out",\n    group_by_length=True,\n    overwrite_output_dir=True,\n)\n',
            fixed='from transformers import Seq2SeqTrainingArguments\n\nargs = Seq2SeqTrainingArguments(\n    output_dir="out",\n    train_sampling_strategy="group_by_length",\n)\n',
        ),
        Invalid(
            'from transformers import TrainingArguments\n\nargs = TrainingArguments("out", per_gpu_train_batch_size=8)\n',
            fixed='from transformers import TrainingArguments\n\nargs = TrainingArguments("out", per_device_train_batch_size=8)\n',
            target="4.57",
        ),
        Invalid('from transformers import TrainingArguments\n\nargs = TrainingArguments("out", logging_dir="./logs")\n'),
    )
    valid = (
        Valid('from transformers import TrainingArguments\n\nTrainingArguments("out", eval_strategy="epoch", use_cpu=True)\n'),
        Valid('from transformers import TrainingArguments\n\nTrainingArguments("out", evaluation_strategy="epoch")\n', target="4.40"),
        Valid('from transformers import TrainingArguments\n\nTrainingArguments("out", warmup_ratio=0.1, logging_dir="logs")\n', target="4.57"),
        Valid('from trl import SFTConfig\n\nSFTConfig("out", evaluation_strategy="epoch")\n'),
    )


_LOADERS = frozenset({"from_pretrained"})


class IgnoredLoadArgument(ChangedArguments):
    code = "HF313"
    name = "ignored-load-argument"
    summary = "A loading or saving argument that transformers 5 ignores or rejects"
    changes = (
        ArgumentChange("resume_download", _LOADERS | {"pipeline"}, V5, drop=("*",), advice="remove it: downloads always resume"),
        ArgumentChange("low_cpu_mem_usage", _LOADERS, V5, drop=("*",), effect="ignored", advice="remove it: loading always uses little CPU memory"),
        ArgumentChange("offload_state_dict", _LOADERS, V5, drop=("*",), effect="ignored", advice="remove it"),
        ArgumentChange("mirror", _LOADERS, V5, drop=("*",), effect="ignored", advice="remove it"),
        ArgumentChange("use_fast", _LOADERS | {"pipeline"}, V5, drop=("True",), effect="ignored", advice="a fast tokenizer is always loaded now"),
        ArgumentChange("safe_serialization", frozenset({"save_pretrained"}), V5, drop=("True",), effect="ignored", advice="checkpoints are always written as safetensors now"),
    )
    what_it_does = """
Checks `from_pretrained`, `pipeline` and `save_pretrained` for arguments transformers 5 rejects
(`resume_download`) or silently ignores (`low_cpu_mem_usage`, `use_fast`, `safe_serialization`, ...).
"""
    why_bad = """
`resume_download=` raises `TypeError` in 5.x. The others are dropped without a word:
`AutoTokenizer.from_pretrained(..., use_fast=False)` now loads a fast tokenizer, and
`save_pretrained(..., safe_serialization=False)` writes safetensors, not `pytorch_model.bin`. Code that
relies on either behaves differently than it reads.
"""
    fix_safety = """
Arguments that have no effect in the target release are removed, which is safe there. `use_fast=False`
and `safe_serialization=False` are reported but kept, since the code asked for something 5.x no longer does.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased", resume_download=True, low_cpu_mem_usage=True)\n',
            fixed='from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
        ),
        Invalid('from transformers import AutoTokenizer\n\ntokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", use_fast=False)\n'),
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nmodel.save_pretrained("out", safe_serialization=False)\n'
        ),
    )
    valid = (
        Valid('from transformers import AutoTokenizer\n\nAutoTokenizer.from_pretrained("bert-base-uncased", use_fast=False)\n', target="4.57"),
        Valid('from diffusers import UNet2DModel\n\nUNet2DModel.from_pretrained("x", low_cpu_mem_usage=False)\n'),
    )
