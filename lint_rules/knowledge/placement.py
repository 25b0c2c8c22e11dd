"""Where a model runs and in which precision: what torch, accelerate and `from_pretrained` spell."""

from __future__ import annotations

import re

from lint_rules.versions import Version

# Methods of a torch module that hand back the model they are called on.
SAME_MODEL = frozenset({"to", "eval", "train", "cuda", "cpu", "half", "float", "bfloat16", "double", "requires_grad_"})
# Those that move or cast the module in place (and return it).
IN_PLACE = frozenset({"to", "half", "cuda", "cpu", "float", "bfloat16"})
# Those that move it to a device.
MOVES = frozenset({"to", "cuda", "cpu"})
# `torch.<name>` dtypes, and the strings `dtype=` takes, that mean float16.
HALF_DTYPES = frozenset({"float16", "half"})
HALF_STRINGS = ("float16", "fp16", "half")
# Read in the wheels: 5.0's `from_pretrained` takes `dtype="auto"` when none is given (the dtype the checkpoint's config
# records; 4.57: float32), and `dtype=` replaced `torch_dtype=` in 4.56.
DTYPE_AUTO_SINCE = Version(5, 0)
DTYPE_KEYWORD_SINCE = Version(4, 56)
# `from_pretrained` keywords after which accelerate or bitsandbytes has placed the model.
PLACED_BY = ("device_map", "quantization_config", "load_in_8bit", "load_in_4bit")
# An `if` test that looks at where a model is: a move under it is deliberate.
PLACEMENT_CHECK = re.compile(r"\.device\b|\bhf_device_map\b|\bis_loaded_in_(4|8)bit\b|\bis_quantized\b")
# What a file calls when it checks for an accelerator before using one.
AVAILABILITY_CHECKS = (
    "is_available(",
    "device_count(",
    "Accelerator(",
    "PartialState(",
    "get_device(",
    "infer_device(",
)
