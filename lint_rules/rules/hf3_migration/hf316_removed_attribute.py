"""HF316: an attribute or method that transformers objects of that kind no longer have, from the API timeline."""

from __future__ import annotations

import re

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.kinds import kind_of_path, loaded_class
from lint_rules.facts.paths import CALL, SymbolPath
from lint_rules.knowledge.attributes import ATTRIBUTE_REPLACEMENTS, SPECIAL_TOKEN_REPLACEMENTS
from lint_rules.knowledge.moves import MOVED_IN, moves
from lint_rules.knowledge.timeline import timeline
from lint_rules.knowledge.tokenizers import REMOVED_TOKENIZER_METHODS
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import RELEASE_CHECK, ReleaseGuards
from lint_rules.versions import Version

_SPECIAL_TOKENS_MAP = "special_tokens_map"
_SHOWN = {"tokenizer": "a tokenizer", "encoding": "a `BatchEncoding`", "model": "a model", "config": "a config"}


class RemovedAttribute(ReleaseGuards):
    code = "HF316"
    name = "removed-attribute"
    summary = "An attribute or method that transformers objects of that kind no longer have"
    messages = {
        "removed": (
            "`{attribute}` is not on {kind} in transformers {target}: removed in {removed} (AttributeError){instead}"
        ),
        "class": "`{attribute}` is not on `{cls}` in transformers {target} (AttributeError; {before}'s `{cls}` had it)",
        "tokenizer_class": (
            "`{attribute}` is not on `{now}`, the tokenizer `AutoTokenizer` loads for {model_type} in transformers "
            "{target} (AttributeError; {before} loaded `{was}`, which had it)"
        ),
        "non_generative": (
            "`{attribute}` is not on a model loaded with `{cls}` in transformers {target}: only a model that can "
            "generate has it since {since} (AttributeError; {before} gave `None`)"
        ),
        "cache": (
            "`{attribute}` is not on a KV cache in transformers {target} (AttributeError; {before}'s caches had it)"
            "{instead}"
        ),
        "special_token": (
            'a tokenizer\'s `special_tokens_map` has no `"{key}"` in transformers {target} (gone in {removed}: '
            "KeyError){instead}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    # `if hasattr(tokenizer, "special_tokens_map_extended"):` is compatibility code too
    guard_test = re.compile(rf"{RELEASE_CHECK.pattern}|\bhasattr\(", re.IGNORECASE)
    what_it_does = """
Checks attributes and methods used on transformers objects whose kind is certain by import origin: a
tokenizer (`AutoTokenizer.from_pretrained(...)`, `BertTokenizerFast.from_pretrained(...)`, a processor's
`.tokenizer`), what calling a tokenizer returns (a `BatchEncoding`), a model (`AutoModel*` or a model
class, `.from_pretrained` or `.from_config`, moved with `.to()` or not), its `.config`, a config class
or processor. The API timeline records, release by release, what the base class of each kind offered
(`PreTrainedTokenizerFast`, `BatchEncoding`, `PreTrainedModel`, `PretrainedConfig`'s methods,
`ProcessorMixin`); an attribute that an earlier release had and that no class of that kind defines in
the target release is reported with the release that removed it. What one class lost since the last 4.x is
known too, at the newest release and, where the first 5.x release (5.0) lacked it already, at every 5.x: a
model class named in the code (`model.language_model` on `LlavaForConditionalGeneration`), and the tokenizer
class that `AutoTokenizer` loads for a checkpoint whose model type is known (`build_inputs_with_special_tokens`
and `create_token_type_ids_from_sequences` left BERT's tokenizer: only the Python tokenizers have them). So is
a key of a tokenizer's `special_tokens_map` that its `SPECIAL_TOKENS_ATTRIBUTES` no longer lists
(`"additional_special_tokens"`, gone in 5.0). Code under `if hasattr(...)`, a version check, or a `try` that
catches `AttributeError` is compatibility code and is not reported. A model that cannot generate
(`AutoModelForSequenceClassification`, `BertModel`; the checkpoint's class for an Auto class, where its id is
known, or every class it builds; none may be one that can, as `can_generate()` decides in the newest wheel) has no
`generation_config` since 5.0: 4.x set it to `None`, 5.0's `PreTrainedModel.__init__` sets it only when the model
can generate. It is reported where the code reads it and sets it nowhere. The KV-cache methods 4.x's caches had and no
5.x cache class defines (`to_legacy_cache`, `from_legacy_cache`; read in the 4.57, 5.0 and newest wheels) are
reported on a cache class, a cache made in the code, and the `past_key_values` a transformers model's call or
`generate` returned. Tokenizer
methods with a rule of their own (`encode_plus`, `as_target_tokenizer`, ...: HF310) are left to it.
"""
    why_bad = """
The line raises `AttributeError` at run time: `tokenizer.special_tokens_map_extended`,
`tokenizer.sanitize_special_tokens()`, `encoding.words()`, `model.prune_heads(...)`,
`model.to_bettertransformer()`, `model.greedy_search(...)` and `CLIPConfig.from_text_vision_configs(...)`
all went in transformers 5.0; `default_chat_template` in 4.44. `model.generation_config` on a classifier raises
`AttributeError` in 5.x, where 4.x gave `None`: a check like `if model.generation_config is not None:` breaks.
"""
    fix_safety = """
`encoding.words()` becomes `encoding.word_ids()`, safe: 4.x made `words` a deprecated alias of it.
`special_tokens_map_extended` and `all_special_tokens_extended` become `special_tokens_map` and
`all_special_tokens`, unsafe: these hold strings, where the old ones held `AddedToken` objects.
`special_tokens_map["additional_special_tokens"]` becomes `extra_special_tokens` (the list 5.x keeps them
in), unsafe, and only where every admitted release is 5.x (4.x's `extra_special_tokens` was another thing).
A property a model class lost that 4.x only forwarded to an inner module (`model.language_model` on a
vision-language model: `return self.model.language_model` in 4.57, read from its wheel) becomes that path
(`model.model.language_model`), safe where every admitted release is 4.57 or later (the inner module is the
same object). A method 5.x dropped whose 4.x body only returned a call on the object (read from 4.57's wheel)
becomes that call, written with what the target has: `tokenizer.sanitize_special_tokens()` ->
`tokenizer.add_tokens(tokenizer.all_special_tokens, special_tokens=True)`, unsafe (the `_extended` list held
`AddedToken`s). A config class method 5.x dropped that only built the config from sub-configs
(`CLIPConfig.from_text_vision_configs(text, vision)`) becomes the call it made (`CLIPConfig(text_config=
text.to_dict(), vision_config=vision.to_dict())`, read from 4.57's wheel), safe. Other removals need a choice of
replacement and are not fixed. `model.generation_config` on a model that cannot generate becomes
`getattr(model, "generation_config", None)`, safe: `None`, what every 4.x gave. The legacy cache methods become
what 4.57's `DynamicCache` did, with what every release since has: `DynamicCache.from_legacy_cache(past)` ->
`DynamicCache(past)`, safe; `cache.to_legacy_cache()` -> `tuple((layer.keys, layer.values) for layer in
cache.layers)`, safe on a `DynamicCache` made in the code, unsafe on what a causal LM returned (another cache class
may keep its layers otherwise), not fixed on other models' (an encoder-decoder's cache pairs two); both only where
every admitted release is 4.57 or later.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            encoding = tokenizer("Hello world")
            print(encoding.words())
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            encoding = tokenizer("Hello world")
            print(encoding.word_ids())
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenizer.add_special_tokens({"additional_special_tokens": ["<x>"]})
            tokenizer.sanitize_special_tokens()
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenizer.add_special_tokens({"additional_special_tokens": ["<x>"]})
            tokenizer.add_tokens(tokenizer.all_special_tokens, special_tokens=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased").to("cuda")
            model.prune_heads({0: [0, 1]})
            """,
        ),
        Invalid(
            """
            from transformers import LlavaForConditionalGeneration

            model = LlavaForConditionalGeneration.from_pretrained("llava-hf/llava-1.5-7b-hf")
            decoder = model.language_model
            """,
            fixed="""
            from transformers import LlavaForConditionalGeneration

            model = LlavaForConditionalGeneration.from_pretrained("llava-hf/llava-1.5-7b-hf")
            decoder = model.model.language_model
            """,
        ),
        Invalid(
            """
            from transformers import CLIPConfig

            config = CLIPConfig.from_text_vision_configs(text_config, vision_config)
            """,
            fixed="""
            from transformers import CLIPConfig

            config = CLIPConfig(text_config=text_config.to_dict(), vision_config=vision_config.to_dict())
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            mapping = tokenizer.special_tokens_map_extended
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            mapping = tokenizer.special_tokens_map
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            settings = model.generation_config
            """,
            fixed="""
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            settings = getattr(model, "generation_config", None)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM, DynamicCache

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            cache = DynamicCache.from_legacy_cache(past)
            out = model(input_ids, past_key_values=cache)
            pairs = out.past_key_values.to_legacy_cache()
            """,
            fixed="""
            from transformers import AutoModelForCausalLM, DynamicCache

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            cache = DynamicCache(past)
            out = model(input_ids, past_key_values=cache)
            pairs = tuple((layer.keys, layer.values) for layer in out.past_key_values.layers)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            print(tokenizer("Hello world").word_ids())
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            if hasattr(model, "prune_heads"):
                model.prune_heads({0: [0]})
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.prune_heads({0: [0]})
            """,
            target="4.57",
        ),
        Valid(
            """
            from datasets import load_dataset

            words = load_dataset("conll2003")["train"]
            print(words.words())  # not a transformers object
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenizer.as_target_tokenizer()  # HF310's
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.is_parallelizable = True  # setting an attribute cannot fail
            """,
        ),
        Valid(
            """
            from transformers import AutoModel, AutoModelForSequenceClassification, GenerationConfig

            encoder = AutoModel.from_pretrained(path)  # a type whose base model can generate (Bark) is possible
            print(encoder.generation_config)
            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            model.generation_config = GenerationConfig()
            print(model.generation_config)  # the code sets it
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)
        self.written: set[int] = set()  # `model.is_parallelizable = True` sets an attribute: it cannot fail
        self.calls: dict[int, cst.Call] = {}  # a called function -> its call
        self.generative_only = moves().generative_only
        self.unset: list[tuple] = []  # `model.generation_config` read on a model that cannot generate
        self.set_here: set[tuple[str, str]] = set()  # (the object's code, the attribute) the code sets somewhere

    def visit_Assign(self, node: cst.Assign) -> None:
        self.written.update(id(target.target) for target in node.targets)
        for target in node.targets:
            self._sets(target.target)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls[id(node.func)] = node
        if isinstance(node.func, cst.Name) and node.func.value == "setattr" and len(node.args) == 3:
            name = self.ctx.constant(node.args[1].value)
            if isinstance(name, str):
                self.set_here.add((self.ctx.code(node.args[0].value), name))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.written.add(id(node.target))
        self._sets(node.target)

    def _sets(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Attribute) and target.attr.value in self.generative_only:
            self.set_here.add((self.ctx.code(target.value), target.attr.value))

    def visit_Del(self, node: cst.Del) -> None:
        self.written.add(id(node.target))

    def _not_generative(self, node: cst.Attribute, name: str) -> bool:
        """`model.generation_config` on a model that cannot generate: 4.x set it to None, 5.x leaves it unset (the
        moves data). The model's classes are certain: a task head's Auto class, for the checkpoint's model type
        where its id is known, or a model class; none of them may be able to generate."""
        if self.ctx.target < MOVED_IN or self.guarded:
            return False
        loaded = self.ctx.loader(node.value)
        if loaded is None:
            return False
        cls, call, scope, seq = loaded
        if cls.startswith("Auto"):
            model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"), scope, seq)
            classes = self.ctx.catalog.built_by(cls, None if model is None else frozenset({model.model_type}))
        else:
            classes = frozenset({cls}) & self.ctx.catalog.exports
        if not classes or classes & moves().generative:
            return False
        message = self.message(
            "non_generative", attribute=name, cls=cls, target=self.ctx.target, since=MOVED_IN,
            before=moves().releases[0],
        )  # fmt: skip
        receiver = self.ctx.code(node.value)
        edit = self.ctx.replace(node, f'getattr({receiver}, "{name}", None)')
        fix = PendingFix(Applicability.SAFE, "Read it with `getattr(..., None)`", [edit])
        self.unset.append((receiver, name, node.attr, message, fix, self.ctx.seq))  # unless the code sets it
        return True

    def leave_Module(self, node: cst.Module) -> None:
        for receiver, name, at, message, fix, seq in self.unset:
            if (receiver, name) not in self.set_here:
                self.report(at, message, fix, seq=seq)

    def _cache_member(self, node: cst.Attribute, name: str) -> bool:
        """`DynamicCache.from_legacy_cache(past)`, `model(...).past_key_values.to_legacy_cache()`: a method some 4.x
        cache class had and no cache class of 5.0 or the newest defines (the moves data), on a cache class, one made
        here, or what a transformers model's call or `generate` returned as `past_key_values`."""
        facts = moves()
        if facts.first_major is None or self.ctx.target < facts.first_major or self.guarded:
            return False
        path = SymbolPath.parse(self.ctx.hf_name(node.value) or "")
        made = path.made()
        if len(path) == 1 and path.parts[0] in facts.cache_classes:
            holder = "class"
        elif made in facts.cache_classes:
            holder = "instance"
        elif path.ends_with("past_key_values") and _loaded_model(path.head(1)) is not None:
            holder = "output"
        else:
            return False
        fix, instead = self._legacy_cache_fix(node, name, path, holder, made)
        before = facts.releases[0]
        message = self.message("cache", attribute=name, target=self.ctx.target, before=before, instead=instead)
        self.report(node.attr, message, fix)
        return True

    def _legacy_cache_fix(self, node, name, path, holder, made) -> tuple[PendingFix | None, str]:
        """What 4.57's `DynamicCache` did, written with what every release since has (read in its wheel; both run
        under 4.57 and 5.x): `DynamicCache.from_legacy_cache(past)` built the cache from the (key, value) pairs, as
        `DynamicCache(past)` does, safe; `cache.to_legacy_cache()` returned `tuple((layer.keys, layer.values) for
        layer in cache.layers)`, safe on a `DynamicCache`, unsafe on what a causal LM returned (another cache class
        may hold its layers otherwise), no fix on other models' (an encoder-decoder's cache pairs two caches)."""
        call = self.calls.get(id(node))
        floor = Version.parse(moves().releases[0])
        if name == "from_legacy_cache":
            advice = "; build it with `DynamicCache(past_key_values)`"
            if holder != "class" or path.parts[0] != "DynamicCache" or call is None or len(call.args) != 1:
                return None, advice
            if call.args[0].keyword is not None or call.args[0].star:
                return None, advice
            text = f"{self.ctx.code(node.value)}({self.ctx.code(call.args[0].value)})"
            safety = Applicability.SAFE
        else:
            advice = "; read the pairs: `tuple((layer.keys, layer.values) for layer in cache.layers)`"
            if call is None or call.args:
                return None, advice
            if holder == "instance" and made == "DynamicCache":
                safety = Applicability.SAFE
            elif holder == "output" and _CAUSAL.search(_loaded_model(path.head(1)) or ""):
                safety = Applicability.UNSAFE
            else:
                return None, advice
            receiver = self.ctx.code(node.value)
            if not isinstance(node.value, (cst.Name, cst.Attribute)):
                receiver = f"({receiver})"
            text = f"tuple((layer.keys, layer.values) for layer in {receiver}.layers)"
        if self.ctx.floor < floor:
            return None, advice + self.ctx.no_fix("that", floor)
        return PendingFix(safety, "Do what 4.57's cache did", [self.ctx.replace(call, text)]), advice

    def _class_lost(self, node: cst.Attribute, name: str) -> bool:
        """What one class lost between the last 4.x and the newest release: a model class named in the code
        (`LlavaForConditionalGeneration.from_pretrained(...).language_model`), or the tokenizer class
        `AutoTokenizer` loads for the checkpoint's model type (`build_inputs_with_special_tokens` on BERT's)."""
        before, newest = self.timeline.compared
        at_newest = self.timeline.at(self.ctx.target) == newest
        if self.guarded:
            return False
        cls = loaded_class(self.ctx.hf_name(node.value))
        if cls is None:
            return False
        lost = self.timeline.model_class_lost(cls) if at_newest else moves().model_class_lost(cls, self.ctx.target)
        if name in lost:
            shown = newest if at_newest else self.ctx.target
            message = self.message("class", attribute=name, cls=cls, target=shown, before=before)
            path, fix = moves().forwarded.get(cls, {}).get(name), None
            if path is not None and self.ctx.floor >= Version.parse(moves().releases[0]):
                edit = self.ctx.replace(node.attr, path)  # what 4.x's property returned, there too
                fix = PendingFix(Applicability.SAFE, f"Use `.{path}`", [edit])
            elif path is not None:
                message += self.ctx.no_fix(f"`.{path}`", Version.parse(moves().releases[0]))
            self.report(node.attr, message, fix)
            return True
        if cls != "AutoTokenizer" or name in self.timeline.gone_members:
            return False
        loaded = self.ctx.loader(node.value)
        if loaded is None:
            return False
        _, call, scope, seq = loaded
        model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"), scope, seq)
        change = None if model is None else self.timeline.tokenizer_change(model.model_type)
        if change is not None and not at_newest:
            found = moves().tokenizer_lost(model.model_type, self.ctx.target)
            change = None if found is None else (change[0], *found)
        if change is None or name not in change[2]:
            return False
        message = self.message(
            "tokenizer_class", attribute=name, now=change[1], model_type=model.model_type,
            target=newest if at_newest else self.ctx.target, before=before, was=change[0],
        )  # fmt: skip
        self.report(node.attr, message)
        return True

    def visit_Subscript(self, node: cst.Subscript) -> None:
        """`tokenizer.special_tokens_map["additional_special_tokens"]`: a key the map no longer has."""
        value = node.value
        if not self.active or not (isinstance(value, cst.Attribute) and value.attr.value == _SPECIAL_TOKENS_MAP):
            return
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return
        key = self.ctx.constant(node.slice[0].slice.value)
        if not isinstance(key, str) or kind_of_path(self.ctx.hf_name(value.value)) != ("tokenizer", False):
            return
        spans = self.timeline.special_token(key)
        removed = self.timeline.removed_in(spans, self.ctx.target) if spans else None
        if removed is None or self.guarded:
            return
        new = SPECIAL_TOKEN_REPLACEMENTS.get(key)
        instead = f"; read `{new}`" if new else ""
        message = self.message(
            "special_token", key=key, target=self.timeline.at(self.ctx.target), removed=removed, instead=instead
        )
        fix = None
        if new is not None and self.ctx.floor >= removed:  # before, `new` meant something else
            edit = self.ctx.replace(node, f"{self.ctx.code(value.value)}.{new}")
            fix = PendingFix(Applicability.UNSAFE, f"Read `{new}`", [edit])
        elif new is not None:
            message += self.ctx.no_fix(f"`{new}` as a list of the extra tokens", removed)
        self.report(node, message, fix)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        name = node.attr.value
        if not self.active or name in REMOVED_TOKENIZER_METHODS or id(node) in self.written:
            return
        if name in self.generative_only and self._not_generative(node, name):
            return
        if name in moves().cache_lost and self._cache_member(node, name):
            return
        if name in self.timeline.class_lost_names and self._class_lost(node, name):
            return
        if name not in self.timeline.gone_members:
            return
        found = kind_of_path(self.ctx.hf_name(node.value))
        if found is None or found[0] not in _SHOWN:
            return
        kind = found[0]
        removed = self.timeline.removed_in(self.timeline.member(kind, name), self.ctx.target)
        if removed is None or self.guarded:
            return
        replacement = ATTRIBUTE_REPLACEMENTS.get((kind, name))
        instead = f"; use `{replacement.new}`" if replacement is not None else ""
        message = self.message(
            "removed", attribute=name, kind=_SHOWN[kind], target=self.timeline.at(self.ctx.target), removed=removed,
            instead=instead,
        )  # fmt: skip
        fix = None
        if replacement is not None:
            safety = Applicability.SAFE if replacement.same_meaning else Applicability.UNSAFE
            fix = PendingFix(safety, f"Use `{replacement.new}`", [self.ctx.replace(node.attr, replacement.new)])
        elif found == ("config", True) and name in moves().config_constructors:
            fix = self._construct(node, moves().config_constructors[name])
        else:
            fix = self._inline(node, kind)
        self.report(node.attr, message, fix)

    def _inline(self, node: cst.Attribute, kind: str) -> PendingFix | None:
        """`tokenizer.sanitize_special_tokens()` -> what 4.x's method returned, written with what the target has
        (`tokenizer.add_tokens(tokenizer.all_special_tokens, special_tokens=True)`; `knowledge.moves`). Unsafe: the
        replacement attributes hold other types (strings, not `AddedToken`s)."""
        call = self.calls.get(id(node))
        method = call is not None and not call.args
        expression = moves().inlined.get(kind, {}).get(f"{node.attr.value}()" if method else node.attr.value)
        if expression is None or call is not None and not method:
            return None
        parts = re.split(r"\bself\.(\w+)", expression)  # text, attribute, text, attribute, ...
        for index in range(1, len(parts), 2):
            attribute = parts[index]
            if attribute in self.timeline.gone_members and self.timeline.removed_in(
                self.timeline.member(kind, attribute), self.ctx.target
            ):
                replacement = ATTRIBUTE_REPLACEMENTS.get((kind, attribute))
                if replacement is None:
                    return None  # the method used something else the target lacks
                attribute = replacement.new
            parts[index] = f"{{receiver}}.{attribute}"
        receiver = self.ctx.code(node.value)
        if not isinstance(node.value, (cst.Name, cst.Attribute)):
            receiver = f"({receiver})"
        text = "".join(parts).replace("{receiver}", receiver)
        edit = self.ctx.replace(call if method else node, text)
        return PendingFix(Applicability.UNSAFE, f"Do what 4.x's `{node.attr.value}` did", [edit])

    def _construct(self, method: cst.Attribute, keywords: list[str]) -> PendingFix | None:
        """`CLIPConfig.from_text_vision_configs(text, vision, **kw)` -> `CLIPConfig(text_config=text.to_dict(),
        vision_config=vision.to_dict(), **kw)`: the call 4.x's method made (read from its wheel). Safe: it is."""
        call = self.calls.get(id(method))
        if call is None:
            return None
        positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
        if len(positional) != len(keywords) or any(arg.star == "*" for arg in call.args):
            return None  # sub-configs given by keyword, or unpacked: left to the reader
        pairs = zip(keywords, positional, strict=True)
        parts = [f"{keyword}={self.ctx.code(arg.value)}.to_dict()" for keyword, arg in pairs]
        for arg in call.args:
            if arg.keyword is not None:
                parts.append(f"{arg.keyword.value}={self.ctx.code(arg.value)}")
            elif arg.star == "**":
                parts.append(f"**{self.ctx.code(arg.value)}")
        edit = self.ctx.replace(call, f"{self.ctx.code(method.value)}({', '.join(parts)})")
        return PendingFix(Applicability.SAFE, "Construct the config from the sub-configs' dicts", [edit])


_CAUSAL = re.compile(r"^AutoModelForCausalLM$|ForCausalLM$|LMHeadModel$")


def _loaded_model(call: SymbolPath) -> str | None:
    """The model class whose call (or `generate`) ``call`` is: `X.from_pretrained()()` or
    `X.from_pretrained().generate()`."""
    if not call.ends_with(CALL):
        return None
    called = call.head(1)
    if called.ends_with("generate"):
        called = called.head(1)
    found = kind_of_path(str(called))
    return loaded_class(str(called)) if found == ("model", False) else None
