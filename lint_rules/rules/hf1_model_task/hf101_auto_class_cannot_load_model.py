"""HF101: the Auto class has no entry for the model's type, so `from_pretrained` raises."""

from __future__ import annotations

from lint_rules.calls import argument
from lint_rules.facts.models import smoke_site
from lint_rules.facts.values import from_option
from lint_rules.knowledge.auto_classes import SAME_JOB
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf1_model_task.common import LoadRule, short_list


class AutoClassCannotLoadModel(LoadRule):
    code = "HF101"
    name = "auto-class-cannot-load-model"
    summary = "The Auto class has no entry for the model's type, so `from_pretrained` raises"
    messages = {
        "one_fits": "`{cls}` cannot load `{type}` models (`{id}`): `from_pretrained` raises ValueError; use `{fix}`",
        "options": (
            "`{cls}` cannot load `{type}` models (`{id}`): `from_pretrained` raises ValueError; classes that can: "
            "{options}"
        ),
        "option_default": (
            "`{cls}` cannot load `{type}` models such as `{id}`, the default of a command-line option: "
            "`from_pretrained` raises ValueError for it; the program takes other ids too, so choose the class from "
            "the checkpoint's config (`AutoConfig.from_pretrained(...)`, e.g. `config.is_encoder_decoder`) or "
            "change the default; classes that load it: {options}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks `from_pretrained` on an Auto class whose mapping, in the target transformers release, has no
entry for the model type of the checkpoint: `AutoModelForCausalLM` with a T5, `AutoModelForSeq2SeqLM`
with GPT-2 or OPT, `AutoModelForCTC` with Whisper.
"""
    why_bad = """
Each Auto class is a table from model type to class. A type missing from the table fails at load
time with `ValueError: Unrecognized configuration class <...T5Config> for this kind of AutoModel:
AutoModelForCausalLM`, usually after a long download, and often deep in a training job. The model
type comes from a local `config.json`, the offline Hugging Face cache, the checkpoints transformers'
own source names, or an exact family name pattern; an id that cannot be resolved, or whose type the
target release does not know, is not reported. An id that is the default of a command-line
option (argparse, or a dataclass of arguments) is reported without a class swap: the program is run
with other ids, so the class should follow the checkpoint's config.
"""
    fix_safety = """
When another class that does the same job loads the model (`AutoModelForSeq2SeqLM` for a T5 loaded as
a causal LM, `AutoModelForCausalLM` for GPT-2 loaded as seq2seq, `AutoModelForSpeechSeq2Seq` for
Whisper loaded for CTC), the fix swaps the class and its import. It is unsafe: the code around the
model (prompt formatting, label shifting, decoding) may assume the other architecture.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("google/flan-t5-base")
            """,
            fixed="""
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("google/flan-t5-base")
            """,
        ),
        Invalid(
            """
            import transformers

            MODEL = "facebook/opt-350m"
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(MODEL)
            """,
            fixed="""
            import transformers

            MODEL = "facebook/opt-350m"
            model = transformers.AutoModelForCausalLM.from_pretrained(MODEL)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCTC, AutoProcessor

            processor = AutoProcessor.from_pretrained("openai/whisper-small")
            model = AutoModelForCTC.from_pretrained("openai/whisper-small")
            other = AutoModelForCTC
            """,
            fixed="""
            from transformers import AutoModelForCTC, AutoProcessor, AutoModelForSpeechSeq2Seq

            processor = AutoProcessor.from_pretrained("openai/whisper-small")
            model = AutoModelForSpeechSeq2Seq.from_pretrained("openai/whisper-small")
            other = AutoModelForCTC
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForImageClassification

            AutoModelForImageClassification.from_pretrained("gpt2")
            """,
        ),
        Invalid(
            """
            import argparse

            from transformers import AutoModelForCausalLM

            parser = argparse.ArgumentParser()
            parser.add_argument("--model_id", default="google/flan-t5-xl")
            args = parser.parse_args()
            model = AutoModelForCausalLM.from_pretrained(args.model_id)
            """,
            use_instead="""
            import argparse

            from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM

            parser = argparse.ArgumentParser()
            parser.add_argument("--model_id", default="google/flan-t5-xl")
            args = parser.parse_args()
            config = AutoConfig.from_pretrained(args.model_id)
            auto_class = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
            model = auto_class.from_pretrained(args.model_id)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM

            # transformers' 4.x docs cite it as `open-llama`, a type 5.x dropped; its config says `llama`
            model = AutoModelForCausalLM.from_pretrained("openlm-research/open_llama_7b")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForSeq2SeqLM

            AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained("bert-base-uncased", is_decoder=True)
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained(some_function())
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained("my-org/my-model")
            """,
        ),
        Valid(
            """
            class AutoModelForCausalLM:
                pass

            AutoModelForCausalLM.from_pretrained("t5-small")
            """,
        ),
        Valid(
            """
            from transformers import (
                AutoModelForImageTextToText,
                AutoModelForQuestionAnswering,
                AutoModelForSpeechSeq2Seq,
                AutoModelForTextToWaveform,
            )

            AutoModelForImageTextToText.from_pretrained("google/gemma-3-12b-it")
            AutoModelForSpeechSeq2Seq.from_pretrained("mistralai/Voxtral-Mini-3B-2507")
            AutoModelForTextToWaveform.from_pretrained("Qwen/Qwen2.5-Omni-3B")
            AutoModelForQuestionAnswering.from_pretrained("microsoft/layoutlmv2-base-uncased")
            """,
        ),
    )

    def check(self, call, class_expr, auto_class, model) -> None:
        catalog = self.ctx.catalog
        if auto_class not in catalog.auto_classes or catalog.loads(auto_class, model.model_type):
            return
        alternatives = [
            other
            for group in SAME_JOB
            if auto_class in group
            for other in group
            if other != auto_class and catalog.loads(other, model.model_type)
        ]
        details = {"cls": auto_class, "type": model.model_type, "id": model.model_id}
        options = [name for name in catalog.classes_for(model.model_type) if name != "AutoModel"] or ["AutoModel"]
        name = argument(call, 0, "pretrained_model_name_or_path")
        if from_option(self.ctx.table, name, self.ctx.scope, self.ctx.seq):  # no one class fits every run
            self.report(
                class_expr, self.message("option_default", options=short_list(alternatives or options), **details)
            )
            return
        if len(alternatives) == 1:
            fix = self.class_fix(class_expr, alternatives[0])
            site = smoke_site(model, {"class": auto_class}, {"class": alternatives[0]})
            self.report(class_expr, self.message("one_fits", fix=alternatives[0], **details), fix, site)
            return
        self.report(class_expr, self.message("options", options=short_list(options), **details))
