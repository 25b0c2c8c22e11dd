"""HF303: `torch_dtype=`, renamed `dtype=` in 4.56."""

from __future__ import annotations

from lint_rules.knowledge.keywords import TORCH_DTYPE
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import RenamedKeywordRule


class TorchDtypeArgument(RenamedKeywordRule):
    code = "HF303"
    name = "torch-dtype-argument"
    summary = "`torch_dtype` is deprecated; use `dtype`"
    messages = {
        "removed": "`torch_dtype` was removed in transformers {version}; use `dtype`",
        "deprecated": "`torch_dtype` is deprecated since transformers {version}; use `dtype`",
        "both": "`{old}` is ignored because `{new}` is also given; remove `{old}`",
    }
    change = TORCH_DTYPE
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
            """
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", torch_dtype=torch.bfloat16)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", dtype=torch.bfloat16)
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", torch_dtype="auto")
            """,
            fixed="""
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", dtype="auto")
            """,
        ),
        Invalid(
            """
            def load():
                from transformers.models.auto import AutoModel
                return AutoModel.from_config(CONFIG, torch_dtype="float16")
            """,
            fixed="""
            def load():
                from transformers.models.auto import AutoModel
                return AutoModel.from_config(CONFIG, dtype="float16")
            """,
        ),
        Invalid(
            """
            import transformers

            transformers.AutoModel.from_pretrained("gpt2", torch_dtype="auto", dtype="float32")
            """,
            fixed="""
            import transformers

            transformers.AutoModel.from_pretrained("gpt2", dtype="float32")
            """,
        ),
    )
    valid = (
        Valid(
            """
            import torch
            from diffusers import StableDiffusionPipeline

            StableDiffusionPipeline.from_pretrained("sd", torch_dtype=torch.float16)
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("gpt2", torch_dtype="auto")
            """,
            target="4.55",
        ),
        Valid(
            """
            from transformers import pipeline

            pipeline = pipeline("text-generation")
            pipeline("hi", torch_dtype="auto")
            """,
        ),
    )
