"""HF1xx: the Auto class, pipeline task and pre-processor must fit the model and the task."""

from __future__ import annotations

import difflib
import re

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.analysis import PendingFix
from lint_rules.facts.models import argument, smoke_site
from lint_rules.fixes import keyword, swap_class
from lint_rules.knowledge.catalog import known_auto_names
from lint_rules.registry import Invalid, Rule, Valid
from lint_rules.rules.base import NameUseRule

CAUSAL, SEQ2SEQ = "AutoModelForCausalLM", "AutoModelForSeq2SeqLM"
CTC, SPEECH_SEQ2SEQ = "AutoModelForCTC", "AutoModelForSpeechSeq2Seq"
# Auto classes that do one job for different architectures: one may stand in for another.
SAME_JOB = ((CAUSAL, SEQ2SEQ), (CTC, SPEECH_SEQ2SEQ))
SEQ2SEQ_TASKS = frozenset({"summarization", "translation", "text2text-generation"})


def _short(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def closest(name: str, candidates) -> str | None:
    """The one candidate that ``name`` most plausibly misspells, or None when none or several fit."""
    scored = sorted(((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in candidates), reverse=True)
    if not scored or scored[0][0] < 0.85:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.04:
        return None
    return scored[0][1]


def is_encoder_decoder(catalog, model_type: str) -> bool:
    return catalog.loads(SEQ2SEQ, model_type) or catalog.loads(SPEECH_SEQ2SEQ, model_type)


def is_decoder_only(catalog, model_type: str) -> bool:
    """A causal LM that is neither encoder-decoder nor an encoder with an optional LM head."""
    return (
        catalog.loads(CAUSAL, model_type)
        and not is_encoder_decoder(catalog, model_type)
        and not catalog.loads("AutoModelForMaskedLM", model_type)
    )


class _LoadRule(Rule):
    """A rule about `<Auto class>.from_pretrained(<model id>)` calls whose model type is known."""

    category = "correctness"

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained"):
            return
        path = self.ctx.hf_name(func)
        if path is None or path.count(".") != 1:
            return
        auto_class = path.split(".", 1)[0]
        if auto_class not in self.ctx.catalog.auto_classes and auto_class not in self.ctx.catalog.preprocessors:
            return
        model = self.ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
        if model is not None:
            self.check(node, func.value, auto_class, model)

    def check(self, call: cst.Call, class_expr: cst.BaseExpression, auto_class: str, model) -> None:
        raise NotImplementedError

    def class_fix(self, class_expr, new: str, applicability=Applicability.UNSAFE) -> PendingFix | None:
        edits = swap_class(self.ctx, class_expr, new)
        return PendingFix(applicability, f"Use `{new}`", edits) if edits else None


class AutoClassCannotLoadModel(_LoadRule):
    code = "HF101"
    name = "auto-class-cannot-load-model"
    summary = "The Auto class has no entry for the model's type, so `from_pretrained` raises"
    message_formats = (
        "`{cls}` cannot load `{type}` models (`{id}`): `from_pretrained` raises ValueError; use `{fix}`",
        "`{cls}` cannot load `{type}` models (`{id}`): `from_pretrained` raises ValueError; classes that can: {options}",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks `from_pretrained` on an Auto class whose mapping, in the target transformers release, has no
entry for the model type of the checkpoint: `AutoModelForCausalLM` with a T5, `AutoModelForSeq2SeqLM`
with GPT-2 or OPT, `AutoModelForCTC` with Whisper.
"""
    why_bad = """
Each Auto class is a table from model type to class. A type missing from the table fails at load
time with `ValueError: Unrecognized configuration class <...T5Config> for this kind of AutoModel:
AutoModelForCausalLM`, usually after a long download, and often deep in a training job. The model
type comes from a local `config.json`, the offline Hugging Face cache, or the model's well-known
family name; an id that cannot be resolved is not reported.
"""
    fix_safety = """
When another class that does the same job loads the model (`AutoModelForSeq2SeqLM` for a T5 loaded as
a causal LM, `AutoModelForCausalLM` for GPT-2 loaded as seq2seq, `AutoModelForSpeechSeq2Seq` for
Whisper loaded for CTC), the fix swaps the class and its import. It is unsafe: the code around the
model (prompt formatting, label shifting, decoding) may assume the other architecture.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("google/flan-t5-base")\n',
            fixed='from transformers import AutoModelForSeq2SeqLM\n\nmodel = AutoModelForSeq2SeqLM.from_pretrained("google/flan-t5-base")\n',
        ),
        Invalid(
            'import transformers\n\nMODEL = "facebook/opt-350m"\nmodel = transformers.AutoModelForSeq2SeqLM.from_pretrained(MODEL)\n',
            fixed='import transformers\n\nMODEL = "facebook/opt-350m"\nmodel = transformers.AutoModelForCausalLM.from_pretrained(MODEL)\n',
        ),
        Invalid(
            'from transformers import AutoModelForCTC, AutoProcessor\n\nprocessor = AutoProcessor.from_pretrained("openai/whisper-small")\nmodel = AutoModelForCTC.from_pretrained("openai/whisper-small")\nother = AutoModelForCTC\n',
            fixed='from transformers import AutoModelForCTC, AutoProcessor, AutoModelForSpeechSeq2Seq\n\nprocessor = AutoProcessor.from_pretrained("openai/whisper-small")\nmodel = AutoModelForSpeechSeq2Seq.from_pretrained("openai/whisper-small")\nother = AutoModelForCTC\n',
        ),
        Invalid('from transformers import AutoModelForImageClassification\n\nAutoModelForImageClassification.from_pretrained("gpt2")\n'),
    )
    valid = (
        Valid('from transformers import AutoModelForSeq2SeqLM\n\nAutoModelForSeq2SeqLM.from_pretrained("t5-small")\n'),
        Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained("bert-base-uncased", is_decoder=True)\n'),
        Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained(some_function())\n'),
        Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained("my-org/my-model")\n'),
        Valid('class AutoModelForCausalLM:\n    pass\n\nAutoModelForCausalLM.from_pretrained("t5-small")\n'),
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
        if len(alternatives) == 1:
            fix = self.class_fix(class_expr, alternatives[0])
            site = smoke_site(model, {"class": auto_class}, {"class": alternatives[0]})
            self.report(class_expr, self.message_formats[0].format(fix=alternatives[0], **details), fix, site)
            return
        options = [name for name in catalog.classes_for(model.model_type) if name != "AutoModel"] or ["AutoModel"]
        self.report(class_expr, self.message_formats[1].format(options=_short(options), **details))


class DecoderOnlyLoadOfEncoderDecoder(_LoadRule):
    code = "HF102"
    name = "decoder-only-load-of-encoder-decoder"
    summary = "`AutoModelForCausalLM` on an encoder-decoder model loads only its decoder"
    message_formats = (
        "`AutoModelForCausalLM` loads only the decoder of `{type}` (`{id}` becomes `{loaded}`): the encoder is dropped; use `{fix}`",
    )
    fix_availability = "Always"
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
            'from transformers import AutoModelForCausalLM, AutoTokenizer\n\nname = "Helsinki-NLP/opus-mt-en-de"\ntokenizer = AutoTokenizer.from_pretrained(name)\nmodel = AutoModelForCausalLM.from_pretrained(name)\n',
            fixed='from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\nname = "Helsinki-NLP/opus-mt-en-de"\ntokenizer = AutoTokenizer.from_pretrained(name)\nmodel = AutoModelForSeq2SeqLM.from_pretrained(name)\n',
        ),
        Invalid(
            'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("openai/whisper-small")\n',
            fixed='from transformers import AutoModelForSpeechSeq2Seq\n\nmodel = AutoModelForSpeechSeq2Seq.from_pretrained("openai/whisper-small")\n',
        ),
    )
    valid = (
        Valid('from transformers import BartForCausalLM\n\nBartForCausalLM.from_pretrained("facebook/bart-large")\n'),
        Valid('from transformers import AutoModelForSeq2SeqLM\n\nAutoModelForSeq2SeqLM.from_pretrained("facebook/bart-large-cnn")\n'),
        Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained("gpt2")\n'),
    )

    def check(self, call, class_expr, auto_class, model) -> None:
        catalog = self.ctx.catalog
        if auto_class != CAUSAL or not catalog.loads(CAUSAL, model.model_type):
            return
        if not is_encoder_decoder(catalog, model.model_type):
            return
        new = SEQ2SEQ if catalog.loads(SEQ2SEQ, model.model_type) else SPEECH_SEQ2SEQ
        loaded = catalog.model_class(CAUSAL, model.model_type)
        message = self.message_formats[0].format(type=model.model_type, id=model.model_id, loaded=loaded, fix=new)
        site = smoke_site(model, {"class": CAUSAL}, {"class": new})
        self.report(class_expr, message, self.class_fix(class_expr, new), site)


_T5_PROMPT = re.compile(r"^\s*(summarize|translate [A-Za-z]+ to [A-Za-z]+)\s*:", re.IGNORECASE)
_CHAT_MODEL = re.compile(r"instruct|chat|-it\b|-it-", re.IGNORECASE)


class CausalLmForSeq2SeqTask(Rule):
    code = "HF103"
    name = "causal-lm-for-seq2seq-task"
    summary = "A decoder-only model driven as a translator or summarizer"
    message_formats = (
        "`{id}` is a decoder-only `{type}` model, but the `{task}` pipeline needs an encoder-decoder model (T5, BART, Marian, ...)",
        "T5-style prompt `{prompt}` fed to a causal language model (`{cls}`): it continues the text instead of doing the task; use a seq2seq model (T5, BART, Marian) or a chat model with an instruction",
    )
    what_it_does = """
Checks for a decoder-only model or a causal-LM class used as a translator or summarizer: a seq2seq
pipeline task (`summarization`, `translation_xx_to_yy`, `text2text-generation`) given a decoder-only
model, or a T5-style task prefix (`"summarize: ..."`, `"translate English to French: ..."`) in the same
scope as a model loaded with `AutoModelForCausalLM`.
"""
    why_bad = """
A seq2seq pipeline loads its model with `AutoModelForSeq2SeqLM`, which has no entry for GPT-2, OPT or
Llama, so the pipeline fails to build. T5-style prefixes are instructions that only T5-family models
were trained on; a base causal LM treats them as text to continue and "summarizes" by rambling on.
A chat model prompted through the `text-generation` pipeline is the right transformers 5 way and is
not reported.
"""
    invalid = (
        Invalid(
            'from transformers import pipeline\n\nsummarizer = pipeline("summarization", model="gpt2")\n',
            use_instead='from transformers import pipeline\n\nsummarizer = pipeline("summarization", model="facebook/bart-large-cnn")\n',
            target="4.57",
        ),
        Invalid(
            'from transformers import AutoModelForCausalLM, AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("gpt2")\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nids = tok("translate English to French: Hello", return_tensors="pt")\nout = model.generate(**ids)\n',
        ),
    )
    valid = (
        Valid('from transformers import pipeline\n\nchat = pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct")\nchat("summarize: the text")\n'),
        Valid('from transformers import AutoModelForSeq2SeqLM\n\nmodel = AutoModelForSeq2SeqLM.from_pretrained("t5-small")\nprompt = "summarize: " + text\n'),
        Valid('from transformers import pipeline\n\nsummarizer = pipeline("summarization", model="facebook/bart-large-cnn")\n', target="4.57"),
        Valid('from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\nprompt = "Summarize: " + text\n'),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.causal_loads: dict[int, str] = {}  # id(scope) -> the class that loaded a causal LM there
        self.prompts: list[tuple[int, cst.SimpleString]] = []

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        path = ctx.hf_name(node.func)
        if path == "pipeline":
            self._pipeline(node)
        elif path is not None and path.endswith(".from_pretrained") and path.count(".") == 1:
            cls = path.split(".", 1)[0]
            if cls == CAUSAL or cls.endswith("ForCausalLM"):
                model = ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
                if model is None or (is_decoder_only(ctx.catalog, model.model_type) and not _CHAT_MODEL.search(model.model_id)):
                    self.causal_loads.setdefault(id(ctx.scope), cls)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if ":" in node.value and _T5_PROMPT.match(node.evaluated_value or ""):
            self.prompts.append((id(self.ctx.scope), node))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        first = node.parts[0] if node.parts else None
        if isinstance(first, cst.FormattedStringText) and _T5_PROMPT.match(first.value):
            self.prompts.append((id(self.ctx.scope), node))

    def leave_Module(self, node: cst.Module) -> None:
        for scope, prompt in self.prompts:
            cls = self.causal_loads.get(scope)
            if cls is not None:
                text = self.ctx.code(prompt)
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.report(prompt, self.message_formats[1].format(prompt=shown, cls=cls))

    def _pipeline(self, node: cst.Call) -> None:
        ctx = self.ctx
        task = ctx.constant(argument(node, 0, "task"))
        if not isinstance(task, str):
            return
        family = "translation" if task.startswith("translation") else task
        if family not in SEQ2SEQ_TASKS:
            return
        model = ctx.model(argument(node, 1, "model"))
        if model is not None and is_decoder_only(ctx.catalog, model.model_type):
            self.report(node, self.message_formats[0].format(id=model.model_id, type=model.model_type, task=task))


HEADLESS = "AutoModel"
# Words in a checkpoint's name that say which head it was fine-tuned with.
HEAD_HINTS = (
    (re.compile(r"sst-?2|sentiment|emotion|mnli|snli|\bnli\b|-nli|cola|imdb|toxic|cross-encoder|ms-marco|rerank", re.I), "AutoModelForSequenceClassification"),
    (re.compile(r"squad", re.I), "AutoModelForQuestionAnswering"),
    (re.compile(r"conll|-ner\b|_ner\b|\bner-", re.I), "AutoModelForTokenClassification"),
)
_LABEL_ARGUMENTS = ("num_labels", "id2label", "label2id")


class HeadlessModelTaskOutput(Rule):
    code = "HF104"
    name = "headless-model-task-output"
    summary = "`AutoModel` output read as `.logits` / `.loss`, or given `labels=`: it has no head"
    message_formats = (
        "`AutoModel` loads the model without a task head, so {what}; load `{fix}`",
        "`AutoModel` loads the model without a task head, so {what}; load the `AutoModelFor...` class of your task",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks for a model loaded with the headless `AutoModel` whose output is read as `.logits` or `.loss`,
or which is called with `labels=`.
"""
    why_bad = """
`AutoModel` returns the bare encoder or decoder (`BertModel`, `GPT2Model`): its output has
`last_hidden_state`, not logits, so `.logits` raises `AttributeError` and `labels=` is rejected. The
head that turns hidden states into logits for a task lives in the `AutoModelFor<Task>` classes.
"""
    fix_safety = """
The fix is offered only when the task is evident: `num_labels=` / `id2label=` on the load, a
checkpoint fine-tuned for a task (`...-sst-2-...`, `...squad...`, `cross-encoder/...`), or a
decoder-only model (causal LM). It swaps the class and is unsafe: a new head may be randomly
initialised, and the outputs change shape.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("distilbert/distilbert-base-uncased-finetuned-sst-2-english")\noutputs = model(**inputs)\nscores = outputs.logits.softmax(-1)\n',
            fixed='from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased-finetuned-sst-2-english")\noutputs = model(**inputs)\nscores = outputs.logits.softmax(-1)\n',
        ),
        Invalid(
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased").to("cuda")\nloss = model(**batch, labels=labels).loss\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nhidden = model(**inputs).last_hidden_state\n'),
        Valid('from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\nlogits = model(**inputs).logits\n'),
        Valid('from sentence_transformers import SentenceTransformer\n\nAutoModel = SentenceTransformer\nmodel = AutoModel.from_pretrained("x")\nmodel(**inputs).logits\n'),
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value not in ("logits", "loss"):
            return
        found = self.ctx.producer(node.value)
        if found is None or keyword(found[0], "labels") is not None:
            return  # not a model's output, or one already reported for its `labels=`
        func = found[0].func
        if isinstance(func, cst.Attribute) and func.attr.value == "forward":
            func = func.value
        self._check_model(func, node.attr, f"its output has no `.{node.attr.value}`")

    def visit_Call(self, node: cst.Call) -> None:
        labels = keyword(node, "labels")
        if labels is not None:
            self._check_model(node.func, labels.keyword, "it takes no `labels=` and computes no loss")

    def _check_model(self, model_expr: cst.BaseExpression, where: cst.CSTNode, what: str) -> None:
        found = self.ctx.loader(model_expr)
        if found is None or found[0] != HEADLESS:
            return
        _, load, scope, seq = found
        head = self._evident_head(load, scope, seq)
        if head is None:
            self.report(where, self.message_formats[1].format(what=what))
            return
        with self.ctx.at(scope, seq):  # the class is spelled where the model is loaded
            edits = swap_class(self.ctx, load.func.value, head)
        fix = PendingFix(Applicability.UNSAFE, f"Load the model with `{head}`", edits) if edits else None
        model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
        extra = {name: self.ctx.constant(keyword(load, name).value) for name in _LABEL_ARGUMENTS if keyword(load, name)}
        site = smoke_site(model, {"class": HEADLESS, "reads": "logits", **extra}, {"class": head, **extra})
        self.report(where, self.message_formats[0].format(what=what, fix=head), fix, site)

    def _evident_head(self, load: cst.Call, scope, seq) -> str | None:
        if any(keyword(load, name) is not None for name in _LABEL_ARGUMENTS):
            return "AutoModelForSequenceClassification"
        model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
        if model is None:
            return None
        for pattern, head in HEAD_HINTS:
            if pattern.search(model.model_id) and self.ctx.catalog.loads(head, model.model_type):
                return head
        if is_decoder_only(self.ctx.catalog, model.model_type):
            return CAUSAL
        return None


NON_GENERATIVE = frozenset(
    {
        "AutoModel", "AutoModelForMaskedLM", "AutoModelForSequenceClassification", "AutoModelForTokenClassification",
        "AutoModelForQuestionAnswering", "AutoModelForMultipleChoice", "AutoModelForNextSentencePrediction",
    }
)  # fmt: skip
_NON_GENERATIVE_CLASS = re.compile(r"For(MaskedLM|SequenceClassification|TokenClassification|QuestionAnswering|MultipleChoice)$")


class GenerateOnNonGenerativeModel(Rule):
    code = "HF105"
    name = "generate-on-non-generative-model"
    summary = "`.generate()` on a model loaded without a language-modelling head"
    message_formats = (
        "`.generate()` on a model loaded with `{cls}`, which cannot generate (AttributeError); load it with `{fix}`",
        "`.generate()` on a model loaded with `{cls}`, which cannot generate (AttributeError); load a generative class (`AutoModelForCausalLM`, `AutoModelForSeq2SeqLM`)",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks for `.generate()` called on a model loaded as a masked LM, a sequence or token classifier, a
question-answering model, or the headless `AutoModel`.
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
            'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("t5-small")\nmodel.eval()\nout = model.generate(**inputs)\n',
            fixed='from transformers import AutoModelForSeq2SeqLM\n\nmodel = AutoModelForSeq2SeqLM.from_pretrained("t5-small")\nmodel.eval()\nout = model.generate(**inputs)\n',
        ),
        Invalid(
            'from transformers import AutoModelForMaskedLM\n\nmodel = AutoModelForMaskedLM.from_pretrained("bert-base-uncased").to("cuda")\nmodel.generate(input_ids)\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nmodel.generate(input_ids)\n'),
        Valid('from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\nmodel = make_generator(model)\nmodel.generate(input_ids)\n'),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "generate"):
            return
        found = self.ctx.loader(func.value)
        if found is None:
            return
        cls, load, scope, seq = found
        if cls not in NON_GENERATIVE and not _NON_GENERATIVE_CLASS.search(cls):
            return
        new = None
        if cls in NON_GENERATIVE:
            model = self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
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
            self.report(func.attr, self.message_formats[0].format(cls=cls, fix=new), fix, site)
        else:
            self.report(func.attr, self.message_formats[1].format(cls=cls))


# Names that tutorials use and no release ever had, with what to use instead.
NEVER_EXISTED = {
    "AutoModelForZeroShotClassification": "zero-shot classification is `pipeline(\"zero-shot-classification\")` over an NLI model loaded with `AutoModelForSequenceClassification`",
    "AutoModelForContrastiveLearning": "load the encoder with `AutoModel` and pool its embeddings",
    "AutoModelForConditionalGeneration": "use `AutoModelForSeq2SeqLM` for text, `AutoModelForImageTextToText` for image-and-text models",
}


# The Auto families (models, pre-processors, configs), spelled loosely enough to catch typos.
_AUTO_NAME = re.compile(r"Auto(Model|Tokeni|Config|Processor|ImageProcessor|FeatureExtractor|VideoProcessor|Backbone)")


class NonexistentAutoClass(NameUseRule):
    code = "HF106"
    name = "nonexistent-auto-class"
    summary = "An `Auto*` class that no transformers release has"
    message_formats = (
        "`{name}` exists in no transformers release: {advice}",
        "`{name}` exists in no transformers release; did you mean `{close}`?",
        "`{name}` exists in no transformers release",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks imports and uses of `Auto*` names from transformers that no known release exports, such as
`AutoModelForZeroShotClassification`, `AutoModelForContrastiveLearning`,
`AutoModelForConditionalGeneration`, or a misspelling. Reported at the import and at each use.
"""
    why_bad = """
The import fails with `ImportError: cannot import name ...`. These names circulate in tutorials and
cheat-sheets; the message says what to use instead.
"""
    fix_safety = """
A misspelling with one close match in the target release is fixed by renaming, marked unsafe since
the closest name may not be the one meant. The made-up names get advice, not a fix.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelForSequenceClasification\n\nmodel = AutoModelForSequenceClasification.from_pretrained("bert-base-uncased")\n',
            fixed='from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n',
        ),
        Invalid(
            'from transformers import AutoModelForZeroShotClassification\n',
            use_instead='from transformers import pipeline\n\nclassifier = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")\n',
        ),
        Invalid('import transformers as tr\n\nmodel = tr.AutoModelForContrastiveLearning.from_pretrained("bert-base-uncased")\n'),
    )
    valid = (
        Valid('from transformers import AutoModelForSequenceClassification, AutoTokenizer, AutoformerForPrediction\n'),
        Valid('from transformers import AutoModelWithLMHead\n'),
        Valid('from mylib import AutoModelForZeroShotClassification\n\nAutoModelForZeroShotClassification()\n'),
    )

    def interesting(self, name: str) -> bool:
        return name.startswith("Auto")

    def check_use(self, name: str, node: cst.Name, expr: cst.BaseExpression) -> None:
        if not _AUTO_NAME.match(name) or name in known_auto_names():
            return
        if name in NEVER_EXISTED:
            self.report(node, self.message_formats[0].format(name=name, advice=NEVER_EXISTED[name]))
            return
        close = closest(name, self.ctx.catalog.exported_auto_names)
        if close is not None:
            fix = PendingFix(Applicability.UNSAFE, f"Rename to `{close}`", [self.ctx.replace(node, close)])
            self.report(node, self.message_formats[1].format(name=name, close=close), fix)
        else:
            self.report(node, self.message_formats[2].format(name=name))


class _PipelineRule(Rule):
    """A rule about `pipeline(task, model=...)` calls whose task is a known constant."""

    category = "correctness"

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.hf_name(node.func) != "pipeline":
            return
        task_expr = argument(node, 0, "task")
        task = self.ctx.constant(task_expr) if task_expr is not None else None
        if isinstance(task, str):
            self.check(node, task_expr, task)

    def check(self, call: cst.Call, task_expr: cst.BaseExpression, task: str) -> None:
        raise NotImplementedError


def _string_like(original: cst.BaseExpression, value: str) -> str:
    """``value`` as a literal quoted the way ``original`` is."""
    quote = original.quote if isinstance(original, cst.SimpleString) else '"'
    prefix = original.prefix if isinstance(original, cst.SimpleString) else ""
    return f"{prefix}{quote}{value}{quote}"


class UnknownPipelineTask(_PipelineRule):
    code = "HF107"
    name = "unknown-pipeline-task"
    summary = "A pipeline task that the target transformers release does not have"
    message_formats = (
        "Unknown pipeline task `{task}`; did you mean `{close}`?",
        "Unknown pipeline task `{task}` in transformers {version}",
        "The `{task}` pipeline was removed in transformers {version}: {note}",
        "The `{task}` pipeline was removed in transformers {version}; it now runs as `{replacement}`",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks the task given to `pipeline(...)` against the tasks and aliases of the target release: a
misspelling, or a task the release removed (`summarization`, `translation_xx_to_yy`,
`text2text-generation`, `question-answering`, `visual-question-answering`, `image-to-image` and
`image-to-text` in 5.x).
"""
    why_bad = """
An unknown task raises `KeyError: "Unknown task ..."` when the pipeline is built. transformers 5
removed several tasks outright: `pipeline("summarization")` raises `KeyError: 'The task summarization
has been removed from transformers. Use the text-generation pipeline with a chat model instead.'`.
"""
    fix_safety = """
`image-to-text`, which 5.x still accepts and redirects, is renamed to `image-text-to-text`: safe, as
the release itself runs that task. A misspelling with one close match is corrected, marked unsafe.
Removed tasks have no mechanical replacement: the message quotes the release's advice.
"""
    invalid = (
        Invalid(
            'from transformers import pipeline\n\nclassifier = pipeline("text-clasification", model="distilbert-base-uncased")\n',
            fixed='from transformers import pipeline\n\nclassifier = pipeline("text-classification", model="distilbert-base-uncased")\n',
        ),
        Invalid(
            'from transformers import pipeline\n\nsummarizer = pipeline("summarization", model="facebook/bart-large-cnn")\n',
            use_instead='from transformers import pipeline\n\nchat = pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct")\nsummary = chat([{"role": "user", "content": "Summarize: " + article}])\n',
        ),
        Invalid(
            "from transformers import pipeline\n\ncaptioner = pipeline('image-to-text', model='Salesforce/blip-image-captioning-base')\n",
            fixed="from transformers import pipeline\n\ncaptioner = pipeline('image-text-to-text', model='Salesforce/blip-image-captioning-base')\n",
        ),
        Invalid('from transformers import pipeline\n\nTASK = "translation_en_to_fr"\ntranslator = pipeline(TASK, model="t5-small")\n'),
    )
    valid = (
        Valid('from transformers import pipeline\n\npipeline("sentiment-analysis")\npipeline("ner")\npipeline("text-generation")\n'),
        Valid('from transformers import pipeline\n\npipeline("translation_en_to_fr", model="t5-small")\n', target="4.57"),
        Valid('from transformers import pipeline\n\npipeline(task_name)\n'),
    )

    def check(self, call, task_expr, task) -> None:
        catalog = self.ctx.catalog
        verdict = catalog.task(task)
        version = f"{catalog.version.major}.0" if verdict.status in ("removed", "redirected") else catalog.version
        literal = isinstance(task_expr, cst.SimpleString)
        if verdict.status == "removed":
            self.report(task_expr, self.message_formats[2].format(task=task, version=version, note=verdict.note))
        elif verdict.status == "redirected":
            fix = None
            if literal:
                edit = self.ctx.replace(task_expr, _string_like(task_expr, verdict.task))
                fix = PendingFix(Applicability.SAFE, f"Use `{verdict.task}`", [edit])
            self.report(task_expr, self.message_formats[3].format(task=task, version=version, replacement=verdict.task), fix)
        elif verdict.status == "unknown":
            close = closest(task, catalog.task_names())
            if close is not None:
                fix = None
                if literal:
                    edit = self.ctx.replace(task_expr, _string_like(task_expr, close))
                    fix = PendingFix(Applicability.UNSAFE, f"Use `{close}`", [edit])
                self.report(task_expr, self.message_formats[0].format(task=task, close=close), fix)
            else:
                self.report(task_expr, self.message_formats[1].format(task=task, version=catalog.version))


class PipelineTaskModelMismatch(_PipelineRule):
    code = "HF108"
    name = "pipeline-task-model-mismatch"
    summary = "The pipeline's task has no model class for the model's type"
    message_formats = (
        "The `{task}` pipeline cannot run `{type}` models (`{id}`): none of {classes} loads them{hint}",
    )
    what_it_does = """
Checks `pipeline(task, model=<id>)` where the model's type has no class among those the task loads
in the target release: automatic speech recognition with BERT, text generation with ViT.
"""
    why_bad = """
The pipeline loads the model with the task's Auto classes; when none has the model's type it fails
with `ValueError: Could not load model ... with any of the following classes`, after downloading
the weights. Seq2seq tasks given a decoder-only model are HF103.
"""
    invalid = (
        Invalid(
            'from transformers import pipeline\n\nasr = pipeline("automatic-speech-recognition", model="bert-base-uncased")\n',
            use_instead='from transformers import pipeline\n\nasr = pipeline("automatic-speech-recognition", model="openai/whisper-small")\n',
        ),
        Invalid('from transformers import pipeline\n\ngenerator = pipeline(task="text-generation", model="google/vit-base-patch16-224")\n'),
    )
    valid = (
        Valid('from transformers import pipeline\n\npipeline("automatic-speech-recognition", model="openai/whisper-small")\n'),
        Valid('from transformers import pipeline\n\npipeline("feature-extraction", model="bert-base-uncased")\n'),
        Valid('from transformers import pipeline\n\npipeline("text-classification", model=MODEL_PATH)\n'),
    )

    def check(self, call, task_expr, task) -> None:
        catalog = self.ctx.catalog
        verdict = catalog.task(task)
        if verdict.task is None or verdict.task in SEQ2SEQ_TASKS:
            return
        classes = catalog.tasks.get(verdict.task, {}).get("classes") or []
        model = self.ctx.model(argument(call, 1, "model"))
        if not classes or model is None or any(catalog.loads(cls, model.model_type) for cls in classes):
            return
        fitting = [
            name for name, spec in sorted(catalog.tasks.items())
            if spec["classes"] and name not in SEQ2SEQ_TASKS
            and any(catalog.loads(cls, model.model_type) for cls in spec["classes"])
            and "AutoModel" not in spec["classes"]
        ]  # fmt: skip
        hint = f"; it fits {_short(fitting)}" if fitting else ""
        message = self.message_formats[0].format(task=task, type=model.model_type, id=model.model_id, classes=_short(classes), hint=hint)
        self.report(argument(call, 1, "model"), message)


class WrongPreprocessorClass(_LoadRule):
    code = "HF109"
    name = "wrong-preprocessor-class"
    summary = "A pre-processor class that the model's type does not have (a tokenizer for an image model, ...)"
    message_formats = ("`{cls}` has nothing for `{type}` models (`{id}`), which are {kind}; use `{fix}`",)
    fix_availability = "Always"
    what_it_does = """
Checks `AutoTokenizer` on an image-only model, `AutoImageProcessor` or `AutoFeatureExtractor` on a
text-only model, and the like. (`AutoFeatureExtractor` on a vision model is HF301.)
"""
    why_bad = """
Each pre-processor Auto class maps model types to classes; a type it does not know fails at load time
(`ValueError: Unrecognized ...`) or, for a tokenizer of an image model, finds no vocabulary to load.
"""
    fix_safety = "The fix swaps the class and is unsafe: the pre-processor's call signature differs."
    invalid = (
        Invalid(
            'from transformers import AutoTokenizer\n\nprocessor = AutoTokenizer.from_pretrained("google/vit-base-patch16-224")\n',
            fixed='from transformers import AutoImageProcessor\n\nprocessor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")\n',
        ),
        Invalid(
            'from transformers import AutoImageProcessor\n\nprocessor = AutoImageProcessor.from_pretrained("bert-base-uncased")\n',
            fixed='from transformers import AutoTokenizer\n\nprocessor = AutoTokenizer.from_pretrained("bert-base-uncased")\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoTokenizer\n\nAutoTokenizer.from_pretrained("bert-base-uncased")\n'),
        Valid('from transformers import AutoProcessor\n\nAutoProcessor.from_pretrained("google/vit-base-patch16-224")\n'),
        Valid('from transformers import AutoFeatureExtractor\n\nAutoFeatureExtractor.from_pretrained("google/vit-base-patch16-224")\n'),
        Valid('from transformers import AutoTokenizer\n\nAutoTokenizer.from_pretrained("openai/clip-vit-base-patch32")\n'),
    )

    def check(self, call, class_expr, auto_class, model) -> None:
        have = self.ctx.catalog.preprocessors
        model_type = model.model_type
        text = model_type in have["AutoTokenizer"]
        image = model_type in have["AutoImageProcessor"]
        new = None
        if auto_class == "AutoTokenizer" and not text and image:
            new, kind = "AutoImageProcessor", "image models"
        elif auto_class in ("AutoImageProcessor", "AutoFeatureExtractor") and model_type not in have[auto_class] and text and not image:
            new, kind = "AutoTokenizer", "text models"
        if new is None:
            return
        message = self.message_formats[0].format(cls=auto_class, type=model_type, id=model.model_id, kind=kind, fix=new)
        self.report(class_expr, message, self.class_fix(class_expr, new))
