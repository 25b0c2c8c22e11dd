"""HF604: a model loaded without `dtype=` from a checkpoint stored in half precision, then trained: transformers 5
loads the stored dtype by default, and trains those weights directly."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, callee, keywords
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.placement import DTYPE_AUTO_SINCE, DTYPE_KEYWORD_SINCE
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf2_device.common import is_dtype, method_statement
from lint_rules.rules.hf3_migration.common import ReleaseGuards

HALF = frozenset({"float16", "bfloat16"})
TRAINERS = frozenset({"Trainer", "Seq2SeqTrainer"})  # and what derives from them: trl's, a project's own
TRAINING_ARGUMENTS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})  # trl's configs derive from them
DISTRIBUTED = frozenset({"deepspeed", "fsdp", "fsdp_config"})  # they keep (or make) float32 weights to update
# Keywords after which the weights are not trained as loaded: a dtype chosen, a quantized (frozen) base.
CHOSEN = frozenset({"dtype", "torch_dtype", "quantization_config", "load_in_4bit", "load_in_8bit"})
CASTS = frozenset({"float", "double", "half", "bfloat16", "to", "type"})
# The checkpoint folders the examples name, with their config.json.
_BF16 = ("checkpoints/bf16-model", '{"model_type": "llama", "torch_dtype": "bfloat16"}')
_FP16 = ("checkpoints/fp16-model", '{"model_type": "t5", "dtype": "float16"}')
_FP32 = ("checkpoints/fp32-model", '{"model_type": "llama", "torch_dtype": "float32"}')


class TrainsStoredHalfPrecision(ReleaseGuards):
    code = "HF604"
    name = "trains-stored-half-precision"
    summary = "A model loaded without `dtype=` from a half-precision checkpoint, then trained in that precision"
    messages = {
        "trained": (
            "`{load}` without `dtype=` loads {model} in the {dtype} its config records, in transformers {target} "
            "(4.x: float32), and `{trainer}` then trains those {dtype} weights directly, with no float32 copy: "
            'updates smaller than {dtype} resolves are lost; pass `dtype="float32"` to train as 4.x did{no_fix}'
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Follows a model that a transformers class's `from_pretrained` loads with no `dtype=` (or `torch_dtype=`), no
quantization and no cast (`.float()`, `.to(torch.float32)`) to where it is trained: a `Trainer` or
`Seq2SeqTrainer` (a trl trainer, a project's subclass) given it as `model=` without a `peft_config=`, with no
`args=` or training arguments the file builds without `deepspeed=` or `fsdp=` (DeepSpeed keeps a float32 copy of
half-precision weights, accelerate's FSDP upcasts them), or a `torch.optim` optimizer over its `.parameters()`.
It reports the load when the checkpoint's own `config.json`, in the project's folder or the offline Hugging Face
cache, records `float16` or `bfloat16`; a checkpoint whose config is not at hand is not judged.
"""
    why_bad = """
transformers 4 loaded every checkpoint in float32 unless told otherwise; transformers 5.0 loads it in the dtype its
config records (`dtype="auto"` by default). Most checkpoints of the last years are stored in bfloat16, so a 4.x
fine-tuning script now trains bfloat16 weights: the optimizer updates them in place, with no float32 master copy
(mixed precision, `bf16=True`, only changes the compute), and an update smaller than a weight's bfloat16 step is
rounded away. Run on a tiny GPT-2 saved in bfloat16: two `Trainer` steps at a learning rate of 1e-5 changed 15% of
a layer's weights under transformers 5.23 (loaded as `torch.bfloat16`) and 100% under 4.57 (`torch.float32`). No
error and no warning: the loss simply falls more slowly, or not at all. An adapter (a `peft_config=`, a model
`get_peft_model` returned) or a quantized base is not reported: the base weights are frozen there.
"""
    fix_safety = """
The fix passes `dtype="float32"`, which loads the weights as 4.x did. Unsafe: the weights take twice the memory of
the 5.x default, and a program written for 5.x may mean to train in bfloat16. Where the project admits a 4.x
release before 4.56, which takes no `dtype=`, it is reported without a fix.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            trainer = Trainer(model=model, args=TrainingArguments("out", bf16=True), train_dataset=train_data)
            trainer.train()
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model", dtype="float32")
            trainer = Trainer(model=model, args=TrainingArguments("out", bf16=True), train_dataset=train_data)
            trainer.train()
            """,
            checkpoints=(_BF16,),
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("./checkpoints/fp16-model").to("cuda")
            optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("./checkpoints/fp16-model", dtype="float32").to("cuda")
            optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
            """,
            checkpoints=(_FP16,),
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM
            from trl import SFTTrainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            trainer = SFTTrainer(model=model, train_dataset=dataset)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM
            from trl import SFTTrainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model", dtype="float32")
            trainer = SFTTrainer(model=model, train_dataset=dataset)
            """,
            checkpoints=(_BF16,),
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM, Trainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model", dtype="float32")
            trainer = Trainer(model=model, train_dataset=train_data)
            """,
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, Trainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            trainer = Trainer(model=model, train_dataset=train_data)
            """,
            target="4.57",
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, Trainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/fp32-model")  # stored in float32
            trainer = Trainer(model=model, train_dataset=train_data)
            """,
            checkpoints=(_FP32,),
        ),
        Valid(
            """
            from peft import LoraConfig
            from transformers import AutoModelForCausalLM
            from trl import SFTTrainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            trainer = SFTTrainer(model=model, train_dataset=dataset, peft_config=LoraConfig())  # frozen base
            """,
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, Trainer

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            model.float()
            trainer = Trainer(model=model, train_dataset=train_data)
            """,
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            model.generate(**inputs)  # not trained
            """,
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            args = TrainingArguments("out", bf16=True, deepspeed="ds_zero2.json")  # DeepSpeed keeps float32 copies
            Trainer(model=model, args=args, train_dataset=train_data).train()
            """,
            checkpoints=(_BF16,),
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM, HfArgumentParser, Trainer, TrainingArguments

            (args,) = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()  # what it sets: not known
            model = AutoModelForCausalLM.from_pretrained("./checkpoints/bf16-model")
            Trainer(model=model, args=args, train_dataset=train_data).train()
            """,
            checkpoints=(_BF16,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.reported: set[int] = set()
        self.cast: set[tuple[int, str]] = set()  # (scope, name) of the models a statement casts in place

    def visit_Expr(self, node: cst.Expr) -> None:
        """`model.float()`, `model.to(torch.float32)`: an `nn.Module` casts itself in place, a dtype is chosen."""
        found = method_statement(node)
        if found is not None and _casts(self.ctx, found[0]):
            self.cast.add((id(self.ctx.scope), found[1]))

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.target < DTYPE_AUTO_SINCE:
            return
        trained = self._trained(node)
        if trained is None or isinstance(trained, cst.Name) and (id(self.ctx.scope), trained.value) in self.cast:
            return
        if self._cast_on_the_way(trained):
            return
        found = self.ctx.loader(trained)
        if found is None:
            return
        cls, load, scope, seq = found
        given = keywords(load)
        if given.keys() & CHOSEN or any(arg.star == "**" for arg in load.args) or id(load) in self.reported:
            return
        model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
        if model is None or model.source not in ("local", "cache") or model.dtype not in HALF:
            return
        self.reported.add(id(load))
        no_fix = self.ctx.no_fix("`dtype=`", DTYPE_KEYWORD_SINCE)
        message = self.message(
            "trained", load=f"{cls}.from_pretrained", model=f"`{model.model_id}`", dtype=model.dtype,
            target=self.ctx.target, trainer=self.ctx.code(node.func), no_fix=no_fix,
        )  # fmt: skip
        fix = None
        if not no_fix and load.args:
            edit = self.ctx.insert_after(load.args[-1].value, ', dtype="float32"')
            fix = PendingFix(Applicability.UNSAFE, 'Load it in float32 (`dtype="float32"`)', [edit])
        self.report(load, message, fix, seq=seq)

    def _trained(self, node: cst.Call) -> cst.BaseExpression | None:
        """The model a call trains: a trainer's `model=` (not an adapter's base), an optimizer's `.parameters()`."""
        qualified = self.ctx.qualified_name(node.func) or ""
        if qualified.startswith("torch.optim.") and node.args:
            first = node.args[0].value
            if (
                isinstance(first, cst.Call)
                and isinstance(first.func, cst.Attribute)
                and first.func.attr.value == "parameters"
            ):
                return first.func.value
            return None
        reached = callee(self.ctx, node.func)
        if reached is None or reached.path not in TRAINERS:
            return None
        given = keywords(node)
        if "peft_config" in given and self.ctx.constant(given["peft_config"].value) is not None:
            return None
        args = argument(node, 1, "args")
        return argument(node, 0, "model") if args is None or self._plain_training(args) else None

    def _plain_training(self, args: cst.BaseExpression) -> bool:
        """The training arguments are seen, and train in one process with the optimizer on the model's own weights:
        DeepSpeed keeps a float32 copy of half-precision weights, and accelerate's FSDP upcasts them to float32."""
        produced = self.ctx.producer(args)
        if produced is None:
            return False  # parsed from the command line or a file: what it sets is not known
        call, scope, seq = produced
        with self.ctx.at(scope, seq):
            reached = callee(self.ctx, call.func)
        if reached is None or reached.path not in TRAINING_ARGUMENTS:
            return False
        return not (keywords(call).keys() & DISTRIBUTED or any(arg.star for arg in call.args))

    def _cast_on_the_way(self, node: cst.BaseExpression) -> bool:
        """`from_pretrained(...).float()` and the like, written where the model is bound: a dtype chosen."""
        found = self.ctx.bound_value(node)
        if found is None:
            return False
        node = found[0]
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if _casts(self.ctx, node):
                return True
            node = node.func.value
        return False


def _casts(ctx, call: cst.Call) -> bool:
    """`.float()`, `.half()`, `.to(torch.float32)`, `.to(dtype=...)`, `.to(dtype)`: a call that chooses the weights'
    dtype."""
    method = call.func.attr.value
    if method not in CASTS:
        return False
    if method not in ("to", "type"):
        return True
    return any(
        arg.keyword.value == "dtype"
        if arg.keyword is not None
        else is_dtype(ctx, arg.value) or isinstance(arg.value, cst.Name) and "dtype" in arg.value.value
        for arg in call.args
    )
