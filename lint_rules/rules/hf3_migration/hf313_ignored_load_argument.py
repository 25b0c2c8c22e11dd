"""HF313: loading and saving arguments that transformers 5 ignores or rejects."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import callee
from lint_rules.knowledge.moves import moves
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import ChangedKeywordsRule


class IgnoredLoadArgument(ChangedKeywordsRule):
    code = "HF313"
    name = "ignored-load-argument"
    summary = "A loading or saving argument that transformers 5 ignores or rejects"
    messages = {
        "removed": ChangedKeywordsRule.messages["removed"],  # no row renames a keyword
        "tokenizer_file": (
            "`{keyword}=` is ignored by `{cls}(...)` in transformers {target}: the tokenizer gets a default "
            "vocabulary, not the file's ({before} read it); load it with `{cls}.from_pretrained(<its folder>)`"
        ),
    }
    what_it_does = """
Checks `from_pretrained`, `pipeline` and `save_pretrained` for arguments transformers 5 rejects
(`resume_download`) or silently ignores (`low_cpu_mem_usage`, `safe_serialization`, `use_fast` on
`AutoTokenizer` and `pipeline`, `proxies`, ...), and a tokenizer class's constructor for the vocabulary files 5.x
no longer reads there (`BertTokenizer(vocab_file="vocab.txt")`; the classes read from the wheels: the last 4.x
took the keyword, the newest and 5.0 build the class on `TokenizersBackend` without naming it).
"""
    why_bad = """
`resume_download=` raises `TypeError` in 5.x. The others are dropped without a word:
`AutoTokenizer.from_pretrained(..., use_fast=False)` now loads a fast tokenizer, and
`save_pretrained(..., safe_serialization=False)` writes safetensors, not `pytorch_model.bin`. Code that
relies on either behaves differently than it reads. A peft model's `save_pretrained` is peft's own, which
still honours `safe_serialization=`. `use_fast=` still chooses the backend of an image
processor (`AutoImageProcessor`, `AutoProcessor`; deprecated in favour of `backend=`), so it is not
reported there. `proxies=` reaches huggingface_hub, which since 1.0 (what transformers 5 requires) drops it with a
warning: the download goes out without the proxy, and fails behind a firewall that needed it.
`BertTokenizer(vocab_file="vocab.txt")` builds, without a word, a tokenizer of 5 tokens in 5.23 (run): the
constructor keeps the path and never reads it; only `from_pretrained` converts the files.
"""
    fix_safety = """
Arguments that have no effect in the target release are removed, which is safe there. `use_fast=False`
and `safe_serialization=False` are removed too, unsafe: the code asked for something 5.x no longer does
(a slow tokenizer, a `pytorch_model.bin`), and whatever reads the result must be checked. `proxies=` is not
fixed: the environment variables that replace it apply to every request of the process. A tokenizer's file
keywords are not fixed: `from_pretrained` wants the folder that holds the files, under their usual names.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased", resume_download=True, low_cpu_mem_usage=True)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", use_fast=False)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out", safe_serialization=False)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.save_pretrained("out")
            """,
        ),
        Invalid(
            """
            from transformers import BertPreTrainedModel

            class Classifier(BertPreTrainedModel):
                pass

            model = Classifier.from_pretrained("bert-base-uncased")
            model.save_pretrained("out", safe_serialization=False)
            """,
            fixed="""
            from transformers import BertPreTrainedModel

            class Classifier(BertPreTrainedModel):
                pass

            model = Classifier.from_pretrained("bert-base-uncased")
            model.save_pretrained("out")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased", proxies={"https": "http://proxy.local:3128"})
            """,
            use_instead="""
            import os

            from transformers import AutoModel

            os.environ["HTTPS_PROXY"] = "http://proxy.local:3128"  # before the first download
            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import BertTokenizer

            tokenizer = BertTokenizer(vocab_file="vocab.txt")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import BertTokenizer

            tokenizer = BertTokenizer.from_pretrained("./my-vocab")  # a folder holding vocab.txt
            """,
        ),
        Valid(
            """
            from peft import get_peft_model
            from transformers import AutoModelForCausalLM, Trainer


            def wrap(model, config):
                return get_peft_model(model, config)


            trainer = Trainer(model=wrap(AutoModelForCausalLM.from_pretrained("gpt2"), config), args=args)
            trainer.model.save_pretrained("out", safe_serialization=False)  # a peft model: peft honours it
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            AutoTokenizer.from_pretrained("bert-base-uncased", use_fast=False)
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import AutoImageProcessor, AutoProcessor

            processor = AutoProcessor.from_pretrained(MODEL_ID, use_fast=False)
            image_processor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224", use_fast=True)
            """,
        ),
        Valid(
            """
            from peft import get_peft_model
            from transformers import AutoModelForCausalLM

            model = get_peft_model(AutoModelForCausalLM.from_pretrained("gpt2"), lora_config)
            model.save_pretrained("adapter", safe_serialization=False)
            """,
        ),
        Valid(
            """
            from diffusers import UNet2DModel

            UNet2DModel.from_pretrained("x", low_cpu_mem_usage=False)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # the keywords some tokenizer class's constructor ignores (`vocab_file`, `merges_file`), from the data
        self.file_keywords = frozenset().union(*moves().tokenizer_files.values())

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if not any(arg.keyword is not None and arg.keyword.value in self.file_keywords for arg in node.args):
            return
        facts = moves()
        if facts.first_major is None or self.ctx.target < facts.first_major:
            return
        found = callee(self.ctx, node.func)  # the class itself, or a subclass of the project's
        if found is None or found.closed is not None:
            return
        ignored = facts.tokenizer_files.get(found.path, frozenset()) - found.own
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in ignored:
                message = self.message(
                    "tokenizer_file", keyword=arg.keyword.value, cls=found.via or found.path, target=self.ctx.target,
                    before=facts.releases[0],
                )  # fmt: skip
                self.report(arg.keyword, message)
