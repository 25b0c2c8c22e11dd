"""The rules, one module per rule, one folder per family, the code first in each file's name:

- `hf1_model_task/`: the Auto class, pipeline task and pre-processor must fit the model and the task;
- `hf2_device/`: where the model runs and in which precision;
- `hf3_migration/`: APIs that transformers deprecated, renamed or removed (v5 above all);
- `hf4_hub/`: what is downloaded from the hub, and whose code runs;
- `hf5_evaluation/`: evaluation that measures the wrong thing;
- `hf6_silent_change/`: what transformers 5 does differently with code that still looks right (a project's model
  class that no longer meets what the library expects of it, results that change without an error).

What several rules of a family share lives in the family's `common.py`; `name_use.py` is the shape of
rules about importable names. `lint_rules.registry` finds the rules by walking this package.
"""
