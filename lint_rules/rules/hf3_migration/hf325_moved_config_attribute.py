"""HF325: a generation setting, `rope_theta` or a text model's attribute used on a model config, where transformers 5
no longer keeps it."""

from __future__ import annotations

import ast
import re

import libcst as cst

from lint_rules.calls import argument, callee
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.kinds import kind_of_path, loaded_class
from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.auto_classes import CAUSAL, SEQ2SEQ, SPEECH_SEQ2SEQ
from lint_rules.knowledge.moves import MOVED_IN, moves
from lint_rules.knowledge.placement import SAME_MODEL
from lint_rules.knowledge.timeline import timeline
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import RELEASE_CHECK, ReleaseGuards
from lint_rules.versions import Version

_ROPE = "rope_theta"
# Not a setting this rule follows: most configs declare it as a field, and 5.x exempts it from its check.
_COMMON_FIELD = "use_cache"
# The models whose `generation_config` is a `GenerationConfig` (a model that cannot generate has None there).
_GENERATIVE_AUTO = frozenset({CAUSAL, SEQ2SEQ, SPEECH_SEQ2SEQ, "AutoModelForImageTextToText", "AutoModelForVision2Seq"})
_GENERATIVE_CLASS = re.compile(r"For(CausalLM|ConditionalGeneration|Seq2SeqLM)$|EncoderDecoderModel$")


class MovedConfigAttribute(ReleaseGuards):
    code = "HF325"
    name = "moved-config-attribute"
    summary = "A generation setting, `rope_theta` or a text model's attribute on a model config that 5.x moved"
    messages = {
        "generation": (
            "`{attribute}` is not on a model config in transformers {target} (AttributeError): generation settings "
            "are in the model's `generation_config` since {since}"
        ),
        "generation_default": (
            '`getattr(config, "{attribute}", ...)` always gives its default in transformers {target}: generation '
            "settings are in the model's `generation_config` since {since}"
        ),
        "generation_set": (
            "setting `{attribute}` on a model config makes `generate()` and `save_pretrained()` raise ValueError in "
            "transformers {target}: generation settings go in the model's `generation_config` since {since}"
        ),
        "rope": (
            "`rope_theta` is not on a {model_type} config in transformers {target} (AttributeError): it is in "
            '`rope_parameters["rope_theta"]` since {since}'
        ),
        "ignored_keyword": (
            "`{keyword}=` of `{callee}` is stored and never read in transformers {target}: the {model_type} model "
            "no longer uses it ({before} did{default})"
        ),
        "nested": (
            "`{attribute}` is not on a {model_type} config in transformers {target} (AttributeError): it is on "
            "`config.{into}` since {since}{no_fix}"
        ),
        "nested_default": (
            '`getattr(config, "{attribute}", ...)` always gives its default for a {model_type} config in transformers '
            "{target}: it is on `config.{into}` since {since}{no_fix}"
        ),
        "nested_set": (
            "setting `{attribute}` on a {model_type} config no longer sets `config.{into}.{attribute}` in transformers "
            "{target} ({before} forwarded it there){no_fix}"
        ),
        "rope_default": (
            '`getattr(config, "rope_theta", ...)` always gives its default for a {model_type} config in transformers '
            '{target}, not the checkpoint\'s RoPE base: it is in `rope_parameters["rope_theta"]` since {since}'
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    guard_test = re.compile(rf"{RELEASE_CHECK.pattern}|\bhasattr\(", re.IGNORECASE)
    what_it_does = """
Checks attributes read or set on a transformers model config whose origin is known: a model's `.config`
(`AutoModelForCausalLM.from_pretrained(...).config`), `AutoConfig.from_pretrained(...)`, a config class
(`LlamaConfig(...)`), directly or through `getattr(config, "name", default)`. Two things left the config in
transformers 5.0, as its wheels show (`python -m tools.knowledge.generate_moves` reads the last 4.x
release and the newest): the generation settings (`max_length`, `temperature`, `num_beams`, ... : the keys of
`GenerationConfig`'s defaults), which `PreTrainedConfig` now drops unless the config class declares the field
itself, and `rope_theta`, which the config classes of 100 model types now keep in `rope_parameters`; and the
text model's attributes of the configs that 4.x forwarded to their `text_config` (Qwen2-VL and Qwen2.5-VL:
`config.vocab_size`, `config.hidden_size`, ...; the 4.x class's own `__getattribute__` did it). A
setting is reported where no model type the config can be (the checkpoint's, when its id is known, else every
type the class loads) declares it; `rope_theta` where every such type moved it. A keyword of a config class's
constructor or `from_pretrained` (`BertConfig(position_embedding_type="relative_key")`) that the last 4.x config
took and the newest one only stores, its model's code reading it nowhere, is reported at the newest release
unless its value is 4.x's default. Code under `if hasattr(...)` or a version check is compatibility code and is
not reported.
"""
    why_bad = """
Reading the attribute raises `AttributeError`; worse, `getattr(config, "rope_theta", 10000.0)` and
`getattr(model.config, "max_length", 512)` silently give their defaults, so a RoPE scaling computation runs with
the wrong base and generation limits change without an error; `config.use_cache = False` on a Qwen2-VL config
sets an attribute nothing reads, where 4.x set the text model's. Setting a generation setting on `model.config`
(4.x used it, with a deprecation warning, when the generation config came from the model config) makes
`generate()` and `save_pretrained()` raise `ValueError` in transformers 5. A config keyword the model no longer
reads builds a different model than the code asks for, silently: BERT-like models lost their relative position
biases, so `position_embedding_type="relative_key"` now gives absolute positions.
"""
    fix_safety = """
On a generative model (`AutoModelForCausalLM`, `AutoModelForSeq2SeqLM`, a `...ForCausalLM` or
`...ForConditionalGeneration` class, an encoder-decoder model) loaded in the same expression, `model.config.X`
becomes `model.generation_config.X`; every release the timeline covers has `generation_config`. Setting it is safe:
`generate()` reads its settings there in every release. Reading it is unsafe: 5.x's `generation_config` holds
`None` for a setting the checkpoint leaves out (the default applies inside `generate()`), where 4.x's config
gave the default (`max_length` 20, `num_beams` 1). `rope_theta` is not fixed: `rope_parameters` holds one set
per attention layer type for some models (Gemma 3, ModernBERT), so `rope_parameters["rope_theta"]` is not always
the value. An attribute of a Qwen2-VL-like config becomes the same attribute of its `text_config`
(`config.text_config.vocab_size`), safe where every admitted release is 4.57 or later: the object 4.x forwarded
to, which it had too.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("meta-llama/Llama-3.2-1B")
            base = getattr(config, "rope_theta", 10000.0)
            """,
            use_instead="""
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("meta-llama/Llama-3.2-1B")
            base = config.rope_parameters["rope_theta"]
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            limit = model.config.max_length
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            limit = model.generation_config.max_length
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.config.temperature = 0.7
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.generation_config.temperature = 0.7
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            beams = getattr(model.config, "num_beams", 4)
            """,
            fixed="""
            from transformers import AutoModelForSeq2SeqLM

            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            beams = getattr(model.generation_config, "num_beams", 4)
            """,
        ),
        Invalid(
            """
            from transformers import MistralConfig

            config = MistralConfig()
            print(config.rope_theta)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            config = model.config
            print(config.max_length)  # no generation config to move it to: reported, not fixed
            """,
        ),
        Invalid(
            """
            from transformers import BertConfig, BertModel

            model = BertModel(BertConfig(position_embedding_type="relative_key"))
            """,
        ),
        Invalid(
            """
            from transformers import Qwen2VLForConditionalGeneration

            model = Qwen2VLForConditionalGeneration.from_pretrained("Qwen/Qwen2-VL-2B-Instruct")
            model.config.use_cache = False
            hidden = model.config.hidden_size
            layers = getattr(model.config, "num_hidden_layers", 28)
            """,
            fixed="""
            from transformers import Qwen2VLForConditionalGeneration

            model = Qwen2VLForConditionalGeneration.from_pretrained("Qwen/Qwen2-VL-2B-Instruct")
            model.config.text_config.use_cache = False
            hidden = model.config.text_config.hidden_size
            layers = getattr(model.config.text_config, "num_hidden_layers", 28)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import BertConfig

            config = BertConfig(position_embedding_type="absolute")  # 4.x's default: nothing asked for
            """,
        ),
        Valid(
            """
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("meta-llama/Llama-3.2-1B")
            base = getattr(config, "rope_theta", 10000.0)
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.config.use_cache = False
            limit = model.generation_config.max_length
            """,
        ),
        Valid(
            """
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("meta-llama/Llama-3.2-1B")
            if hasattr(config, "rope_theta"):
                base = config.rope_theta
            else:
                base = config.rope_parameters["rope_theta"]
            """,
        ),
        Valid(
            """
            from transformers import WhisperConfig

            config = WhisperConfig()
            tokens = config.suppress_tokens  # a field of Whisper's config
            """,
        ),
        Valid(
            """
            from transformers import PretrainedConfig


            class RetrieverConfig(PretrainedConfig):  # the project's own config keeps its own field
                model_type = "retriever"

                def __init__(self, rope_theta=10000.0, **kwargs):
                    self.rope_theta = rope_theta
                    super().__init__(**kwargs)


            base = RetrieverConfig().rope_theta
            """,
        ),
        Valid(
            """
            import argparse

            from transformers import AutoModelForCausalLM

            args = argparse.Namespace(max_length=128)
            limit = getattr(args, "max_length", 64)  # not a config
            """,
        ),
        Valid(
            """
            from transformers import AutoConfig, Qwen2VLConfig

            config = Qwen2VLConfig()
            vocab = config.text_config.vocab_size
            size = AutoConfig.from_pretrained("meta-llama/Llama-3.2-1B").hidden_size  # a flat config
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.facts = moves()
        self.timeline = timeline()
        self.active = ctx.target >= MOVED_IN
        self.written: set[int] = set()
        self.keywords = frozenset(name for names in self.facts.ignored_keywords.values() for name in names)
        self.nested = frozenset().union(*(n for inner in self.facts.nested.values() for n in inner.values()))
        self.attributes = self.facts.generation_parameters | {_ROPE} | self.nested

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.active:
            return
        for target in node.targets:
            if isinstance(target.target, cst.Attribute):
                self.written.add(id(target.target))
                self._check(target.target.value, target.target.attr.value, target.target, "set")

    def interesting(self, name: str) -> bool:
        return name in self.attributes  # the only attributes `visit_Attribute` is called for

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.active and id(node) not in self.written:
            self._check(node.value, node.attr.value, node, "read")

    def visit_Call(self, node: cst.Call) -> None:
        """`getattr(config, "rope_theta", 10000.0)`: the built-in, with a literal name; and the keywords of a
        config class's constructor or loader."""
        if not self.active:
            return
        if any(arg.keyword is not None and arg.keyword.value in self.keywords for arg in node.args):
            self._keywords(node)
        if not (isinstance(node.func, cst.Name) and node.func.value == "getattr"):
            return
        if self.ctx.is_bound("getattr") or len(node.args) not in (2, 3) or any(arg.keyword for arg in node.args):
            return
        name = node.args[1].value
        if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str):
            self._check(node.args[0].value, name.evaluated_value, node, "default" if len(node.args) == 3 else "read")

    # ---- checks ----------------------------------------------------------------------------------
    def _keywords(self, call: cst.Call) -> None:
        """`BertConfig(position_embedding_type="relative_key")`: a keyword the newest release's config keeps and its
        model never reads (what the moves data says of the model type); a value equal to 4.x's default is left
        alone, since it asked for nothing."""
        if self.ctx.target < self.facts.newest:  # the data compares the last 4.x with the newest only
            return
        found = callee(self.ctx, call.func)  # through a subclass of the project's, which may take the keyword
        if found is None or found.closed is not None:
            return
        path = found.via or found.path
        parsed = SymbolPath.parse(found.path)
        cls = parsed.parts[0] if len(parsed) == 1 or parsed.loader_of() else None
        if cls is None or kind_of_path(cls) != ("config", True):
            return
        if cls.startswith("Auto"):
            model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"))
            model_type = None if model is None else model.model_type
        else:
            model_type = self.facts.classes.get(cls)
        ignored = self.facts.ignored_keywords.get(model_type or "", {})
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value not in ignored or arg.keyword.value in found.own:
                continue
            if self.guarded:
                continue
            default = ignored[arg.keyword.value]
            if default is not None and _same_value(self.ctx.constant(arg.value), default):
                continue
            message = self.message(
                "ignored_keyword", keyword=arg.keyword.value, callee=path, target=self.ctx.target,
                model_type=model_type, before=self.facts.releases[0],
                default="" if default is None else f"; its default was `{default}`",
            )  # fmt: skip
            self.report(arg.keyword, message)

    def _check(self, config: cst.BaseExpression, name: str, at: cst.CSTNode, how: str) -> None:
        if name not in self.attributes or (name == _COMMON_FIELD and name not in self.nested):
            return
        if kind_of_path(self.ctx.hf_name(config)) != ("config", False) or self.guarded:
            return
        types = self._types(config)
        since, target = MOVED_IN, self.ctx.target
        into = self.facts.nested_in(types, name) if name in self.nested else None
        if into is not None:
            self._nested(config, name, into, at, how, next(iter(types)) if len(types) == 1 else "this")
            return
        if name == _COMMON_FIELD or (name != _ROPE and name not in self.facts.generation_parameters):
            return
        if name == _ROPE:
            if how == "set" or not self.facts.rope_theta_gone(types):
                return
            shown = next(iter(types)) if len(types) == 1 else "this"
            which = "rope_default" if how == "default" else "rope"
            self.report(at, self.message(which, model_type=shown, target=target, since=since))
            return
        if name not in self.facts.dropped(types):
            return
        which = {"read": "generation", "default": "generation_default", "set": "generation_set"}[how]
        self.report(at, self.message(which, attribute=name, target=target, since=since), self._fix(config, how))

    def _nested(self, config: cst.BaseExpression, name: str, into: str, at: cst.CSTNode, how: str, shown: str) -> None:
        """`config.vocab_size` on a Qwen2-VL config -> `config.text_config.vocab_size`: the sub-config the last 4.x
        forwarded the name to, which it already had (the same object), so safe where every admitted release is it
        or later."""
        before = Version.parse(self.facts.releases[0])
        fix, no_fix = None, ""
        if self.ctx.floor >= before:
            edit = self.ctx.insert_after(config, f".{into}")
            fix = PendingFix(Applicability.SAFE, f"Use `.{into}.{name}`", [edit])
        else:
            no_fix = self.ctx.no_fix(f"`.{into}.{name}`", before)
        which = {"read": "nested", "default": "nested_default", "set": "nested_set"}[how]
        message = self.message(
            which, attribute=name, model_type=shown, into=into, target=self.ctx.target, since=MOVED_IN,
            before=self.facts.releases[0], no_fix=no_fix,
        )  # fmt: skip
        self.report(at, message, fix)

    def _types(self, config: cst.BaseExpression) -> frozenset[str] | None:
        """The model types the config can be: the checkpoint's where its id is known, else those of its class (a
        config class's own, every type an Auto class loads); None: any."""
        path = SymbolPath.parse(self.ctx.hf_name(config)).without_calls_of(SAME_MODEL)
        made = path.made()
        if made is None and path.ends_with("config"):
            made = loaded_class(str(path.head(1))) or path.head(1).made()
        if made is None:
            return None
        if made.startswith("Auto"):
            model = self._checkpoint(config)
            if model is not None:
                return frozenset({model})
        elif made in self.facts.classes:
            return frozenset({self.facts.classes[made]})
        return self.ctx.catalog.types_loaded_by(made) or None

    def _checkpoint(self, config: cst.BaseExpression) -> str | None:
        """The model type of the checkpoint whose loading made the config (or the model it belongs to)."""
        scope, seq, node = self.ctx.scope, self.ctx.seq, config
        for _ in range(8):  # through `model.config` and names bound to it, to the name of what was loaded
            if isinstance(node, cst.Attribute) and node.attr.value == "config":
                node = node.value
                continue
            found = self.ctx.table.lookup(node.value, scope, seq) if isinstance(node, cst.Name) else None
            if found is None or found[0].value is None or isinstance(found[0].value, cst.Call):
                break
            node, scope, seq = found[0].value, found[1], found[0].seq
        with self.ctx.at(scope, seq):
            loaded = self.ctx.loader(node)
        if loaded is None:
            return None
        _, call, scope, seq = loaded
        model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"), scope, seq)
        return None if model is None else model.model_type

    def _fix(self, config: cst.BaseExpression, how: str) -> PendingFix | None:
        """`model.config` -> `model.generation_config`, on a generative model loaded in the same expression."""
        if not (isinstance(config, cst.Attribute) and config.attr.value == "config"):
            return None
        cls = self.ctx.loaded_class(config.value)
        if cls is None or not (cls in _GENERATIVE_AUTO or _GENERATIVE_CLASS.search(cls)):
            return None
        spans = self.timeline.member("model", "generation_config")
        if not (self.timeline.has(spans, self.ctx.floor) and self.timeline.has(spans, self.ctx.target)):
            return None
        edit = self.ctx.replace(config.attr, "generation_config")
        safety = Applicability.SAFE if how == "set" else Applicability.UNSAFE  # unset reads give None, not defaults
        return PendingFix(safety, "Use the model's `generation_config`", [edit])


def _same_value(value, default: str) -> bool:
    """Whether a constant the code holds (``...``: unknown) is the default written as source (`'absolute'`)."""
    try:
        return value is not ... and value == ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return False
