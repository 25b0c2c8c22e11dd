"""HF105: `.generate()` on a model loaded without a language-modelling head."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.auto_classes import (
    CAUSAL,
    NON_GENERATIVE,
    NON_GENERATIVE_CLASS,
    SEQ2SEQ,
    SPEECH_SEQ2SEQ,
    is_decoder_only,
    is_encoder_decoder,
)
from lint_rules.knowledge.moves import moves
from lint_rules.rewrites import swap_class
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid


class GenerateOnNonGenerativeModel(Rule):
    code = "HF105"
    name = "generate-on-non-generative-model"
    summary = "`.generate()` on a model loaded without a language-modelling head"
    messages = {
        "evident_class": (
            "`.generate()` on a model loaded with `{cls}`, which cannot generate (AttributeError); load it with `{fix}`"
        ),
        "unknown_class": (
            "`.generate()` on a model loaded with `{cls}`, which cannot generate (AttributeError); load a generative "
            "class (`AutoModelForCausalLM`, `AutoModelForSeq2SeqLM`)"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks for `.generate()` called on a model loaded as a masked LM, a sequence or token classifier, a
question-answering model, or the headless `AutoModel`. A class that can generate, as the newest wheel's
`can_generate()` decides (`BlipForQuestionAnswering`; `BarkModel`, which `AutoModel` builds for Bark), is left
alone where the class, or the checkpoint's type, says so.
"""
    why_bad = """
Only models with a language-modelling head that predicts the next token mix in `GenerationMixin`.
`BertForMaskedLM(...).generate()` raises `AttributeError: 'BertForMaskedLM' object has no attribute
'generate'`; an encoder such as BERT cannot generate text at all.
"""
    fix_safety = """
When the checkpoint's type has a generative class (`AutoModelForSeq2SeqLM` for encoder-decoder
models, `AutoModelForCausalLM` for decoder-only ones), the fix swaps the class. It is unsafe: the new
head may be freshly initialised if the checkpoint lacks one.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("t5-small")
            model.eval()
            out = model.generate(**inputs)
            """,
            fixed="""
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            model.eval()
            out = model.generate(**inputs)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForMaskedLM

            model = AutoModelForMaskedLM.from_pretrained("bert-base-uncased").to("cuda")
            model.generate(input_ids)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModel, BlipForQuestionAnswering

            bark = AutoModel.from_pretrained("suno/bark-small")  # `BarkModel`, which generates speech
            speech = bark.generate(**inputs)
            vqa = BlipForQuestionAnswering.from_pretrained("Salesforce/blip-vqa-base")
            answer = vqa.generate(**inputs)
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.generate(input_ids)
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model = make_generator(model)
            model.generate(input_ids)
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "generate"):
            return
        found = self.ctx.loader(func.value)
        if found is None:
            return
        cls, load, scope, seq = found
        if cls not in NON_GENERATIVE and not NON_GENERATIVE_CLASS.search(cls):
            return
        if cls in moves().generative:  # `BlipForQuestionAnswering` answers by generating
            return
        new = None
        if cls in NON_GENERATIVE:
            model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
            built = self.ctx.catalog.built_by(cls, frozenset({model.model_type})) if model is not None else frozenset()
            if built & moves().generative:  # `AutoModel` builds `BarkModel` for Bark, which generates
                return
            if model is not None and is_encoder_decoder(self.ctx.catalog, model.model_type):
                new = SEQ2SEQ if self.ctx.catalog.loads(SEQ2SEQ, model.model_type) else SPEECH_SEQ2SEQ
            elif model is not None and is_decoder_only(self.ctx.catalog, model.model_type):
                new = CAUSAL
        edits = None
        if new is not None:
            with self.ctx.at(scope, seq):
                edits = swap_class(self.ctx, load.func.value, new)
        if edits:
            fix = PendingFix(Applicability.UNSAFE, f"Load the model with `{new}`", edits)
            site = smoke_site(model, {"class": cls, "calls": "generate"}, {"class": new})
            self.report(func.attr, self.message("evident_class", cls=cls, fix=new), fix, site)
        else:
            self.report(func.attr, self.message("unknown_class", cls=cls))
