"""HF102: `AutoModelForCausalLM` on an encoder-decoder model loads only its decoder."""

from __future__ import annotations

from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.auto_classes import CAUSAL, SEQ2SEQ, SPEECH_SEQ2SEQ, is_encoder_decoder
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf1_model_task.common import LoadRule


class DecoderOnlyLoadOfEncoderDecoder(LoadRule):
    code = "HF102"
    name = "decoder-only-load-of-encoder-decoder"
    summary = "`AutoModelForCausalLM` on an encoder-decoder model loads only its decoder"
    messages = {
        "drops_encoder": (
            "`AutoModelForCausalLM` loads only the decoder of `{type}` (`{id}` becomes `{loaded}`): the encoder is "
            "dropped; use `{fix}`"
        ),
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = """
Checks `AutoModelForCausalLM.from_pretrained` on an encoder-decoder checkpoint whose type also has a
decoder-only class: BART, Marian (`Helsinki-NLP/opus-mt-*`), mBART, Pegasus, Blenderbot, ProphetNet,
Whisper.
"""
    why_bad = """
No error is raised: transformers maps these types to `BartForCausalLM`, `MarianForCausalLM` and so
on, which keep the decoder and silently discard the encoder weights (5.x lists them as UNEXPECTED in
the load report). Translation or summarization then produces fluent nonsense that conditions on
nothing. An explicit `BartForCausalLM` is a deliberate choice and is not reported.
"""
    fix_safety = """
The fix swaps the class for `AutoModelForSeq2SeqLM` (`AutoModelForSpeechSeq2Seq` for speech models)
and is unsafe: a seq2seq model takes encoder inputs and generates only the target, so the code that
builds prompts and decodes outputs may need changes.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            name = "Helsinki-NLP/opus-mt-en-de"
            tokenizer = AutoTokenizer.from_pretrained(name)
            model = AutoModelForCausalLM.from_pretrained(name)
            """,
            fixed="""
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

            name = "Helsinki-NLP/opus-mt-en-de"
            tokenizer = AutoTokenizer.from_pretrained(name)
            model = AutoModelForSeq2SeqLM.from_pretrained(name)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("openai/whisper-small")
            """,
            fixed="""
            from transformers import AutoModelForSpeechSeq2Seq

            model = AutoModelForSpeechSeq2Seq.from_pretrained("openai/whisper-small")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import BartForCausalLM

            BartForCausalLM.from_pretrained("facebook/bart-large")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForSeq2SeqLM

            AutoModelForSeq2SeqLM.from_pretrained("facebook/bart-large-cnn")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained("gpt2")
            """,
        ),
    )

    def check(self, call, class_expr, auto_class, model) -> None:
        catalog = self.ctx.catalog
        if auto_class != CAUSAL or not catalog.loads(CAUSAL, model.model_type):
            return
        if not is_encoder_decoder(catalog, model.model_type):
            return
        new = SEQ2SEQ if catalog.loads(SEQ2SEQ, model.model_type) else SPEECH_SEQ2SEQ
        loaded = catalog.model_class(CAUSAL, model.model_type)
        message = self.message("drops_encoder", type=model.model_type, id=model.model_id, loaded=loaded, fix=new)
        site = smoke_site(model, {"class": CAUSAL}, {"class": new})
        self.report(class_expr, message, self.class_fix(class_expr, new), site)
