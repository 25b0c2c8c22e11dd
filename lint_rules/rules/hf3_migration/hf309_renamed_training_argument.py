"""HF309: `TrainingArguments` fields that transformers renamed or removed."""

from __future__ import annotations

from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import ChangedKeywordsRule


class RenamedTrainingArgument(ChangedKeywordsRule):
    code = "HF309"
    name = "renamed-training-argument"
    summary = "A `TrainingArguments` field that transformers renamed or removed"
    what_it_does = """
Checks `TrainingArguments(...)` and `Seq2SeqTrainingArguments(...)` for fields that a release renamed
(`evaluation_strategy` -> `eval_strategy`, `no_cuda` -> `use_cpu`, `per_gpu_*` -> `per_device_*`, ...)
or removed, from a table checked against the real signatures of each known release. Subclasses count:
trl's configs (`SFTConfig`, `DPOConfig`, `GRPOConfig`, ...) and the file's own dataclasses derived from
`TrainingArguments`, except for a field the subclass declares itself.

Launch lines too: in `.sh` files and Markdown `bash` / `sh` / `shell` / `console` blocks, a `python`, `torchrun`,
`deepspeed`, `accelerate launch` or `python -m torch.distributed.run` command that starts a script handing
`TrainingArguments` (or its own subclass) to `HfArgumentParser` has its `--flags` judged the same way, the script
found beside the file or under the project's root and read by import origin; a flag another of the parser's
dataclasses declares is the script's own. Where the parser takes a dataclass from another module, whose fields
cannot be known, the line is left alone. The fixes rename or remove the flag as they do the keyword.
"""
    why_bad = """
`TrainingArguments` is a dataclass: an unknown field raises `TypeError: __init__() got an unexpected
keyword argument 'evaluation_strategy'` before training starts. 4.51 removed `evaluation_strategy`;
5.0 removed `no_cuda`, the `per_gpu_*` sizes, the `push_to_hub_*` fields and more, 5.2
`group_by_length`, 5.15 `warmup_ratio` and `logging_dir`.
"""
    fix_safety = """
Renames, and value translations such as `group_by_length=True` -> `train_sampling_strategy=
"group_by_length"`, are safe in the releases that accept the new field (the fix is offered only
there); `warmup_ratio` becomes `warmup_steps` only for a literal fraction below 1, which `warmup_steps`
reads as a ratio (`warmup_ratio=1.0` would become one step). Fields that had no effect any more are
removed, also safely. `logging_dir=X` becomes `os.environ["TENSORBOARD_LOGGING_DIR"] = X` on the line above,
which TensorBoard's callback reads since 5.15: safe where the project admits no older release (for a name, a
literal or an f-string of names, which evaluating first cannot change). `fsdp_min_num_params` and
`fsdp_transformer_layer_cls_to_wrap` move into `fsdp_config={...}` when the call gives none (unsafe: 5.x reads
that dict its own way). Other removed fields that have no replacement (`tpu_num_cores`, `fp16_backend`, ...) are
removed, unsafe:
what they asked for no longer happens (the message says what to do instead). `push_to_hub_organization`
is only reported: removing it would push elsewhere. `report_to=None`, which 4.x read as `"all"` and 5.x refuses
when the `Trainer` starts, becomes `report_to="all"`: safe, what 4.x did (and what its notice told 5.x users to
write); a project that meant no reporting writes `"none"`.
"""
    invalid = (
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", evaluation_strategy="epoch", no_cuda=True)
            """,
            fixed="""
            from transformers import TrainingArguments

            args = TrainingArguments("out", eval_strategy="epoch", use_cpu=True)
            """,
        ),
        Invalid(
            """
            from transformers import Seq2SeqTrainingArguments

            args = Seq2SeqTrainingArguments(
                output_dir="out",
                group_by_length=True,
                overwrite_output_dir=True,
            )
            """,
            fixed="""
            from transformers import Seq2SeqTrainingArguments

            args = Seq2SeqTrainingArguments(
                output_dir="out",
                train_sampling_strategy="group_by_length",
            )
            """,
        ),
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", per_gpu_train_batch_size=8)
            """,
            fixed="""
            from transformers import TrainingArguments

            args = TrainingArguments("out", per_device_train_batch_size=8)
            """,
            target="4.57",
        ),
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", logging_dir="./logs")
            """,
            fixed="""
            from transformers import TrainingArguments

            import os
            os.environ["TENSORBOARD_LOGGING_DIR"] = "./logs"
            args = TrainingArguments("out")
            """,
        ),
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", fsdp="full_shard", fsdp_min_num_params=2000)
            """,
            fixed="""
            from transformers import TrainingArguments

            args = TrainingArguments("out", fsdp="full_shard", fsdp_config={"min_num_params": 2000})
            """,
        ),
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", evaluation_strategy="epoch")
            """,
            fixed="""
            from transformers import TrainingArguments

            args = TrainingArguments("out", eval_strategy="epoch")
            """,
            target="4.51",
        ),
        Invalid(
            """
            from trl import SFTConfig

            config = SFTConfig("out", evaluation_strategy="steps", max_length=512)
            """,
            fixed="""
            from trl import SFTConfig

            config = SFTConfig("out", eval_strategy="steps", max_length=512)
            """,
        ),
        Invalid(
            """
            from dataclasses import dataclass

            from transformers import TrainingArguments

            @dataclass
            class LoraArguments(TrainingArguments):
                lora_r: int = 8

            args = LoraArguments("out", lora_r=16, evaluation_strategy="epoch")
            """,
            fixed="""
            from dataclasses import dataclass

            from transformers import TrainingArguments

            @dataclass
            class LoraArguments(TrainingArguments):
                lora_r: int = 8

            args = LoraArguments("out", lora_r=16, eval_strategy="epoch")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import TrainingArguments

            TrainingArguments("out", eval_strategy="epoch", use_cpu=True)
            """,
        ),
        Valid(
            """
            from transformers import TrainingArguments

            TrainingArguments("out", evaluation_strategy="epoch")
            """,
            target="4.40",
        ),
        Valid(
            """
            from transformers import TrainingArguments

            TrainingArguments("out", warmup_ratio=0.1, logging_dir="logs")
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import TrainingArguments

            TrainingArguments("out", group_by_length=True)
            """,
            target="5.1",
        ),
        Valid(
            """
            from dataclasses import dataclass

            from transformers import TrainingArguments

            @dataclass
            class Arguments(TrainingArguments):
                evaluation_strategy: str = "no"

            Arguments("out", evaluation_strategy="epoch")
            """,
        ),
    )
