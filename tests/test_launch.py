"""Launch lines (`lint_rules/launch.py`): a shell script or a README command that starts a script parsing
`TrainingArguments` with `HfArgumentParser` gets HF309 on the flags the target release removed, and its fixes;
the fixed command line parses under the installed 5.x release where the original does not."""

import shlex
import textwrap

import pytest

from conftest import run_cli

SCRIPT = """
from dataclasses import dataclass, field

from transformers import HfArgumentParser, TrainingArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="bert-base-uncased")
    overwrite_output_dir: bool = False  # the script's own field: not TrainingArguments'


def main():
    parser = HfArgumentParser((ModelArguments, TrainingArguments))
    return parser.parse_args_into_dataclasses()
"""
SHELL = """\
#!/bin/bash
# fine-tune
CUDA_VISIBLE_DEVICES=0 python scripts/run_glue.py \\
  --model_name_or_path bert-base-uncased \\
  --output_dir out \\
  --evaluation_strategy epoch \\
  --overwrite_output_dir \\
  --tpu_num_cores 8 \\
  --group_by_length
torchrun --nproc_per_node 2 scripts/run_glue.py --output_dir out --per_gpu_train_batch_size=8 --no_cuda
python scripts/other.py --evaluation_strategy epoch
"""
FIXED = """\
#!/bin/bash
# fine-tune
CUDA_VISIBLE_DEVICES=0 python scripts/run_glue.py \\
  --model_name_or_path bert-base-uncased \\
  --output_dir out \\
  --eval_strategy epoch \\
  --overwrite_output_dir \\
  --train_sampling_strategy group_by_length
torchrun --nproc_per_node 2 scripts/run_glue.py --output_dir out --per_device_train_batch_size=8 --use_cpu
python scripts/other.py --evaluation_strategy epoch
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run_glue.py").write_text(SCRIPT)
    (tmp_path / "scripts" / "other.py").write_text("import argparse\n")  # its own parser: not judged
    (tmp_path / "train.sh").write_text(SHELL)
    (tmp_path / "README.md").write_text(
        "# Train\n\n```bash\n$ python scripts/run_glue.py --output_dir out --evaluation_strategy steps\n```\n"
    )
    return tmp_path


def lines(result):
    return [line for line in result.stdout.splitlines() if ": HF" in line]


def test_flags_a_release_removed_are_reported_on_the_launch_line(project):
    found = lines(run_cli("check", "--target-transformers", "5.25", "--no-cache", cwd=project))
    assert [line.split(" ")[0] for line in found] == [
        "README.md:4:47:", "train.sh:6:3:", "train.sh:8:3:", "train.sh:9:3:", "train.sh:10:66:", "train.sh:10:95:",
    ]  # fmt: skip
    assert "`--evaluation_strategy` is not a field of `TrainingArguments` in transformers 5.25" in found[1]
    assert "`scripts/run_glue.py` parses its command line with `HfArgumentParser`" in found[1]
    assert found[1].endswith("use `--eval_strategy`") and " HF309 [*] " in found[1]
    assert " HF309 `--tpu_num_cores`" in found[2]  # removed, and what it asked for with it: an unsafe fix
    older = lines(run_cli("check", "--target-transformers", "4.50", "--no-cache", cwd=project))
    assert older == []  # 4.50 still took every one of them


def test_the_codemod_fixes_the_launch_lines(project):
    run_cli("check", "--target-transformers", "5.25", "--no-cache", "--fix", "--unsafe-fixes", cwd=project)
    assert (project / "train.sh").read_text() == FIXED
    readme = (project / "README.md").read_text()
    assert "--eval_strategy steps" in readme and "evaluation_strategy" not in readme


@pytest.mark.parametrize(
    "script",
    [
        "from transformers import TrainingArguments\nimport argparse\n",  # no HfArgumentParser
        "from transformers import HfArgumentParser\nfrom args import Mine, TrainingArguments\n"
        "HfArgumentParser((Mine, TrainingArguments))\n",  # dataclasses from elsewhere: their fields unknown
    ],
)
def test_silent_where_the_script_is_not_certain(tmp_path, script):
    (tmp_path / "run.py").write_text(script)
    (tmp_path / "go.sh").write_text("python run.py --evaluation_strategy epoch\n")
    (tmp_path / "missing.sh").write_text("python nowhere.py --evaluation_strategy epoch\n")
    assert lines(run_cli("check", "--target-transformers", "5.25", "--no-cache", cwd=tmp_path)) == []


@pytest.mark.models
def test_the_fixed_command_line_parses_under_5x(project):
    from transformers import HfArgumentParser, TrainingArguments

    scope = {}
    exec(compile(SCRIPT, "run_glue.py", "exec"), scope)
    parser = HfArgumentParser((scope["ModelArguments"], TrainingArguments))
    original = shlex.split(SHELL.split("\n")[9])[4:]  # the torchrun line's own arguments
    fixed = shlex.split(FIXED.split("\n")[8])[4:]
    with pytest.raises(ValueError, match="not used by the HfArgumentParser"):
        parser.parse_args_into_dataclasses(args=original)
    model_args, training_args = parser.parse_args_into_dataclasses(args=fixed)
    assert training_args.per_device_train_batch_size == 8 and training_args.use_cpu
    continued = textwrap.dedent(FIXED.split("\n", 2)[2].split("\ntorchrun")[0]).replace("\\\n", " ")
    _, training_args = parser.parse_args_into_dataclasses(args=shlex.split(continued)[3:])
    assert training_args.eval_strategy == "epoch" and training_args.train_sampling_strategy == "group_by_length"
