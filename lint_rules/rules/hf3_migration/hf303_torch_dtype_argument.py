"""HF303: `torch_dtype=`, renamed `dtype=` in 4.56."""

from __future__ import annotations

from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import RenamedKeywordRule


class TorchDtypeArgument(RenamedKeywordRule):
    code = "HF303"
    name = "torch-dtype-argument"
    summary = "`torch_dtype` is deprecated; use `dtype`"
    messages = {  # no release removed `torch_dtype=`, and no trl or peft `from_pretrained` of its own refuses it
        "deprecated": "`torch_dtype` is deprecated since transformers {version}; use `dtype`",
        "both": "`{old}` is ignored because `{new}` is also given; remove `{old}`",
    }
    what_it_does = """
Checks for `torch_dtype=` on transformers calls (`from_pretrained`, `from_config`, `pipeline`), in the
call or in a dict it unpacks (`**model_kwargs`), and on peft's `AutoPeftModelFor*.from_pretrained`,
which hands it to the transformers Auto class.
"""
    why_bad = """
transformers 4.56 renamed the argument to `dtype=`; the old name logs "`torch_dtype` is deprecated!
Use `dtype` instead!" on every load and is kept only for backward compatibility. When both are
given, `dtype` wins and `torch_dtype` is silently ignored. `torch_dtype=` on a diffusers pipeline
or on `PeftModel.from_pretrained` is not transformers' and is left alone.
"""
    fix_safety = """
Renaming the keyword is safe in transformers 4.56 and later, where `dtype=` is read the same way.
Before 4.56 `dtype=` is not understood, so no fix is offered for an older target. Removing
`torch_dtype=` when `dtype=` is also given is marked unsafe. A dict's key is renamed only when the dict
is used nowhere else.
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
        Invalid(
            """
            import torch
            from peft import AutoPeftModelForCausalLM

            model = AutoPeftModelForCausalLM.from_pretrained(output_dir, torch_dtype=torch.float16)
            """,
            fixed="""
            import torch
            from peft import AutoPeftModelForCausalLM

            model = AutoPeftModelForCausalLM.from_pretrained(output_dir, dtype=torch.float16)
            """,
        ),
        Invalid(
            """
            import torch
            from transformers import AutoModelForCausalLM

            model_kwargs = {"torch_dtype": torch.bfloat16, "device_map": "auto"}
            model = AutoModelForCausalLM.from_pretrained("gpt2", **model_kwargs)
            """,
            fixed="""
            import torch
            from transformers import AutoModelForCausalLM

            model_kwargs = {"dtype": torch.bfloat16, "device_map": "auto"}
            model = AutoModelForCausalLM.from_pretrained("gpt2", **model_kwargs)
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
        Valid(
            """
            import torch
            from peft import PeftModel

            model = PeftModel.from_pretrained(base, "org/adapter", torch_dtype=torch.float16)
            """,
        ),
        Valid(
            """
            import torch
            from diffusers import DiffusionPipeline
            from transformers import AutoModel

            kwargs = dict(torch_dtype=torch.float16)
            pipe = DiffusionPipeline.from_pretrained("sd", **kwargs)
            """,
        ),
    )
