"""HF317: a transformers API that the target release deprecates, with the removal it announces."""

from __future__ import annotations

import ast

import libcst as cst

from lint_rules.calls import Given, argument, callee, given_keywords, literal_code
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import dotted
from lint_rules.facts.kinds import kind_of_path
from lint_rules.facts.paths import CALL, LOADERS, SymbolPath
from lint_rules.knowledge.changes import MapValues, StripPrefix
from lint_rules.knowledge.deprecations import DEPRECATIONS, Deprecation, Values
from lint_rules.knowledge.keywords import owned_elsewhere
from lint_rules.knowledge.placement import SAME_MODEL
from lint_rules.knowledge.timeline import DeprecatedCallable, DeprecatedKeyword, Span, timeline
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.assigned import AssignedTargets
from lint_rules.rules.hf3_migration.common import THROUGH_WRAPPERS, ReleaseGuards
from lint_rules.versions import Version

_BY_KEYWORD: dict[str, list[Deprecation]] = {}
for _row in DEPRECATIONS:
    if _row.keyword is not None:
        _BY_KEYWORD.setdefault(_row.keyword.old, []).append(_row)
_BY_METHOD = {row.method: row for row in DEPRECATIONS if row.method is not None}
_MODULES = tuple(row for row in DEPRECATIONS if row.module is not None)
_OWN_LOADING = frozenset({"model", "config"})  # kinds whose `from_pretrained` hands its keywords elsewhere


class DeprecatedApi(AssignedTargets, ReleaseGuards):
    code = "HF317"
    name = "deprecated-api"
    summary = "A transformers API that the target release deprecates, with its announced removal"
    modules = THROUGH_WRAPPERS
    messages = {
        "deprecated": "{shown} is deprecated since transformers {since}{removal}; {advice}",
        "removed": (
            "{shown} breaks in transformers {target}: its removal is announced for {removal} (deprecated since "
            "{since}); {advice}"
        ),
        "gone": (
            "{shown} is no longer taken in transformers {target} (deprecated since {since}, removed in {removed}): "
            "the call raises or ignores it; {advice}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks for the deprecations the target release states, read from the released wheels of every minor release
from 4.30 on. The keywords that the source itself deprecates in a form a program reads, each
`@deprecate_kwarg` decorator and each dataclass field whose help text calls it a "Deprecated alias of", are
generated (`python -m tools.knowledge.generate_timeline`), with the releases that deprecate each and the later
ones that no longer take it: `TrainingArguments(gradient_checkpointing=...)`, `past_key_values=` on a model's
`forward` or `generate` (`cache=`), `vision_feature_layers=` on VipLlava, and, gone in 5.0, `audios=` on
`ClapProcessor` and `SeamlessM4TProcessor`, `feature_extractor=` on `AltCLIPProcessor`, `prompts=` on
`IdeficsProcessor`, `pad_size=` on `Swin2SRImageProcessor.preprocess`. A keyword is reported where the call
reaches that class's method by import origin (a class or a preprocessor's `from_pretrained`, which builds it
with the keywords it is given, an object made or loaded from it, what an Auto class builds for a checkpoint
the code names, its subclasses in transformers or in the project), or a method every object of a kind has
(`generate`, a processor's `apply_chat_template`). So are the functions, classes and methods whose own body
warns that they, by name, are deprecated with a removal (`is_flash_attn_greater_or_equal_2_10`,
`Wav2Vec2ProcessorWithLM`, `get_uniform_frame_indices`, `Idefics3Config.pad_token_id`): reported where the
code imports them, through their module or a package above it, or reads them on an object whose class is
known, with the notice's own advice; `model.gradient_checkpointing_enable()` and its two siblings keep a row
of their own, for the fix (`activation_checkpointing_enable()`, with its keyword renamed too). The other
deprecations are announced in free text, under a condition a program cannot read, so each is read from the
notice it cites: `fsdp=` as a string or list, `from_pretrained(tp_plan=...)`, the `"paged|"` prefix of
`attn_implementation`, the `cache_implementation` values that the layer structure now makes redundant, the
speech-recognition pipeline's `decoder=`, `transformers.modeling_attn_mask_utils`, `use_fast=` on
`AutoImageProcessor`, and `load_audio(backend="librosa")`. With `--target-transformers` past a removal
(`6.0`), the finding says that the code breaks there. Compatibility code (under a version check, or in a `try`
that catches a missing import or attribute) is not reported.
"""
    why_bad = """
A deprecated API still works, with a warning, until the announced release removes it; then the
call raises (`TypeError`, `AttributeError`, `ModuleNotFoundError`), refuses the value, or takes the keyword
into `**kwargs` and ignores it: `ClapProcessor(...)(text=..., audios=waveforms)` raises
`ValueError: You passed keyword argument `audios` which is deprecated` in 5.x, where 4.57 read the audio.
Moving now keeps the project ready for the next release; some removals are overdue (announced for a 5.x
release that still carries them) and may land in any release.
"""
    fix_safety = """
A keyword renamed by its decorator or help text is renamed to the replacement they state (`audios=` ->
`audio=`, `past_key_values=` -> `cache=`, `gradient_checkpointing=` -> `activation_checkpointing=`), where
every release the project admits takes it: the decorator passed one as the other, so the fix is safe; a
project that admits a release older than the deprecation gets no fix. The free-text notices' replacements:
`gradient_checkpointing_enable()` -> `activation_checkpointing_enable()` (the old names are aliases),
`attn_implementation="paged|sdpa"` -> `"sdpa"`, `cache_implementation="hybrid"` -> `"static"`,
`use_fast=True` -> `backend="torchvision"` (`False` -> `"pil"`), `backend="librosa"` -> `"soundfile"`:
safe, the deprecated form is translated to exactly that one. A keyword deprecated without a replacement, and
the deprecated functions, classes and methods, and the other notices, need a choice and are reported only.
"""
    invalid = (
        Invalid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", gradient_checkpointing=True)
            """,
            fixed="""
            from transformers import TrainingArguments

            args = TrainingArguments("out", activation_checkpointing=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B", tp_plan="auto")
            """,
        ),
        Invalid(
            """
            from transformers import GenerationConfig

            config = GenerationConfig(cache_implementation="hybrid")
            """,
            fixed="""
            from transformers import GenerationConfig

            config = GenerationConfig(cache_implementation="static")
            """,
        ),
        Invalid(
            """
            from transformers.modeling_attn_mask_utils import AttentionMaskConverter
            """,
        ),
        Invalid(
            """
            from transformers.modeling_attn_mask_utils import AttentionMaskConverter

            converter = AttentionMaskConverter(is_causal=True)
            """,
            target="5.30",
        ),
        Invalid(
            """
            from transformers import ClapProcessor

            processor = ClapProcessor.from_pretrained("laion/clap-htsat-unfused")
            inputs = processor(text=["a dog barking"], audios=[waveform], return_tensors="pt")
            """,
            fixed="""
            from transformers import ClapProcessor

            processor = ClapProcessor.from_pretrained("laion/clap-htsat-unfused")
            inputs = processor(text=["a dog barking"], audio=[waveform], return_tensors="pt")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            outputs = model(input_ids, past_key_values=cache)
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            outputs = model(input_ids, cache=cache)
            """,
        ),
        Invalid(
            """
            from transformers.utils import is_flash_attn_greater_or_equal_2_10

            top_left_mask = not is_flash_attn_greater_or_equal_2_10()
            """,
        ),
        Invalid(
            """
            from transformers import AutoProcessor

            processor = AutoProcessor.from_pretrained("IDEA-Research/grounding-dino-tiny")
            boxes = processor.post_process_grounded_object_detection(outputs, input_ids, box_threshold=0.4)
            """,
            fixed="""
            from transformers import AutoProcessor

            processor = AutoProcessor.from_pretrained("IDEA-Research/grounding-dino-tiny")
            boxes = processor.post_process_grounded_object_detection(outputs, input_ids, threshold=0.4)
            """,
        ),
        Invalid(
            """
            from transformers import MaskFormerImageProcessor

            checkpoint = "facebook/maskformer-swin-base-ade"
            processor = MaskFormerImageProcessor.from_pretrained(checkpoint, reduce_labels=True)
            """,
            fixed="""
            from transformers import MaskFormerImageProcessor

            checkpoint = "facebook/maskformer-swin-base-ade"
            processor = MaskFormerImageProcessor.from_pretrained(checkpoint, do_reduce_labels=True)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", activation_checkpointing=True)
            """,
        ),
        Valid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", gradient_checkpointing=True)
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2", attn_implementation="paged|eager")
            """,
        ),
        Valid(
            """
            from transformers import TrainingArguments

            args = TrainingArguments("out", fsdp=True, fsdp_config={"version": 2})
            """,
        ),
        Valid(
            """
            def enable(model):
                model.gradient_checkpointing_enable()  # what `model` is cannot be known
            """,
        ),
        Valid(
            """
            from transformers import ClapProcessor


            class Mixer:  # the project's own class
                def __call__(self, audios=None):
                    return audios


            processor = ClapProcessor.from_pretrained("laion/clap-htsat-unfused")
            inputs = processor(text=["a dog barking"], audio=[waveform], return_tensors="pt")
            mixed = Mixer()(audios=[waveform])
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            outputs = model(input_ids, past_key_values=cache)  # deprecated from 5.24
            """,
            target="5.23",
        ),
        Valid(
            """
            import transformers
            from transformers.models.llama.modeling_llama import repeat_kv  # not the deprecated `sdpa_paged` one


            def is_flash_attn_greater_or_equal_2_10():
                return True


            transformers.utils.is_flash_attn_greater_or_equal_2_10 = is_flash_attn_greater_or_equal_2_10  # a patch
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)
        self.done: set[int] = set()
        self.named = _BY_KEYWORD.keys() | self.timeline.deprecated_keyword_names

    # ---- what reaches a deprecation ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _BY_METHOD:
            self._method(func, node)
        named = self.named
        if not any(arg.keyword is not None and arg.keyword.value in named or arg.star for arg in node.args):
            return
        given = given_keywords(self.ctx, node)
        if any(keyword in self.timeline.deprecated_keyword_names for keyword in given):
            self._source_stated(node, given)
        rows = [row for keyword in given for row in _BY_KEYWORD.get(keyword, ())]
        if not rows:
            return
        found = callee(self.ctx, func)
        if found is None or found.closed is not None:
            return
        last, path, own = found.path.rsplit(".", 1)[-1], found.path, found.own
        for row in rows:
            change = row.keyword
            if (last in change.callees or path in change.callees) and change.old not in own:
                if row.task is None or self.ctx.constant(argument(node, 0, "task")) == row.task:
                    self._keyword(node, row, given[change.old])

    def _source_stated(self, node: cst.Call, given: dict[str, Given]) -> None:
        """The keywords the wheels' own `@deprecate_kwarg` decorators and dataclass help texts deprecate, on
        what the call reaches: a class's method, or what every object of its kind has."""
        found = callee(self.ctx, node.func)
        if found is None or found.closed is not None:
            return
        reached = _reached(found.path)
        loaded = self._loaded_classes(node, reached[0]) if reached else ()
        for keyword, item in given.items():
            if keyword in found.own or owned_elsewhere(keyword, found.path, self.code):
                continue
            row = self._stated_row(reached, loaded, keyword)
            if row is not None:
                self._stated(node, row, item, found.via)

    def _loaded_classes(self, node: cst.Call, reached: str) -> tuple[str, ...]:
        """The classes an Auto class builds for the checkpoint the code names (`AutoProcessor.from_pretrained(
        "laion/clap-htsat-unfused")` builds a `ClapProcessor`), in this call or where the object came from; empty
        where that is not certain."""
        owner, _, method = reached.rpartition(".")
        if not owner.startswith("Auto"):
            return ()
        func = node.func
        if method == "__init__":  # `AutoImageProcessor.from_pretrained(checkpoint, reduce_labels=True)` itself
            call, scope, seq = node, None, None
        else:
            receiver = func.value if isinstance(func, cst.Attribute) and func.attr.value == method else func
            loaded = self.ctx.loader(receiver)
            if loaded is None or loaded[0] != owner:
                return ()
            _, call, scope, seq = loaded
        model = self.ctx.model(argument(call, 0, "pretrained_model_name_or_path"), scope, seq)
        return () if model is None else self.ctx.catalog.classes_loaded(owner, model.model_type)

    def _stated_row(self, reached: list[str], loaded: tuple[str, ...], keyword: str) -> DeprecatedKeyword | None:
        """The generated deprecation of ``keyword`` where the call goes: on every class an Auto class may build for
        the checkpoint, or on the class or kind it reaches."""
        if loaded:
            method = reached[0].rpartition(".")[2]
            rows = [self.timeline.deprecated_keyword(f"{cls}.{method}", keyword) for cls in loaded]
            if all(row is not None for row in rows):
                return rows[0]
        return next(filter(None, (self.timeline.deprecated_keyword(key, keyword) for key in reached)), None)

    def _stated(self, call: cst.Call, row: DeprecatedKeyword, item: Given, via: str | None) -> None:
        target, since = self.ctx.target, min(span.first for span in row.spans)
        gone = self.timeline.has(row.gone, target)
        if not gone and not self.timeline.has(row.spans, target) or self.guarded or item.value is None:
            return
        shown = f"`{row.keyword}=` {_callable_shown(row.callable_, via)}"
        advice = f"pass `{row.new}=`" if row.new else "stop passing it"
        if gone:
            removed = self.timeline.since(row.gone, target)
            message = self.message("gone", shown=shown, target=_shown(target), since=since, removed=removed,
                                   advice=advice)  # fmt: skip
        else:
            message = self._deprecated(shown, row.spans, row.removal, advice)
        fix = None
        if row.new is not None and item.arg is not None:
            if self.ctx.floor < since:
                message += self.ctx.no_fix(f"`{row.new}=`", since)
            elif not any(arg.keyword is not None and arg.keyword.value == row.new for arg in call.args):
                edit = item.rename(self.ctx, row.new)
                fix = None if edit is None else PendingFix(Applicability.SAFE, f"Use `{row.new}=`", [edit])
        self.report(item.at, message, fix)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.active:
            return
        name = node.attr.value
        if name in _BY_METHOD:  # a row of its own, with the fix its notice states
            if id(node) not in self.done:
                self._method(node, None)
        elif name in self.timeline.deprecated_callable_names and not self.assigned(node):  # a patch is no use
            qualified = self.ctx.qualified_name(node) or ""
            if qualified.startswith("transformers.") and CALL not in qualified:  # `transformers.utils.f`
                self._stated_callable(node.attr, qualified)
            else:  # a method or property of an object whose class is known: `config.pad_token_id`
                path = self.ctx.hf_name(node)
                for reached in _reached(path) if path is not None else ():
                    row = self.timeline.deprecated_callable(reached)
                    if row is not None:
                        self._report_callable(node.attr, row, _callable_shown(reached, None).removeprefix("of "))
                        break

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if self.active and node.relative == () and node.module is not None:
            module = dotted(node.module)
            self._module(node.module, module)
            for alias in node.names if not isinstance(node.names, cst.ImportStar) else ():
                if isinstance(alias.name, cst.Name) and alias.name.value in self.timeline.deprecated_callable_names:
                    self._stated_callable(alias.name, f"{module}.{alias.name.value}")

    def visit_Import(self, node: cst.Import) -> None:
        if self.active:
            for alias in node.names:
                self._module(alias.name, dotted(alias.name))

    # ---- checks ----------------------------------------------------------------------------------
    def _keyword(self, call: cst.Call, row: Deprecation, item: Given) -> None:
        value = self.ctx.constant(item.value)
        if not self._reaches(row, item.value, value):
            return
        fix = None
        if item.arg is not None and row.replacement is not None and self._admitted(row):
            fix = self._keyword_fix(call, row.keyword.action, item, self.ctx.fixed_constant(item.value))
        self._report(item.at, row, fix)

    def _reaches(self, row: Deprecation, node: cst.BaseExpression, value) -> bool:
        if row.when is Values.ANY:
            return value is not None
        if row.when is Values.TEXT_OR_LIST:
            return isinstance(value, str) or isinstance(node, (cst.List, cst.Tuple))
        if not isinstance(value, str):
            return False
        action = row.keyword.action
        if row.when is Values.LISTED:
            mapped = tuple(ast.literal_eval(old) for old, _ in action.values) if isinstance(action, MapValues) else ()
            return value in (self.timeline.notice(row.id)[2] or mapped)
        return isinstance(action, StripPrefix) and value.startswith(action.prefix) and value not in row.keep

    def _keyword_fix(self, call: cst.Call, action, item: Given, value) -> PendingFix | None:
        if action.new != item.name and any(arg.keyword and arg.keyword.value == action.new for arg in call.args):
            return None
        if isinstance(action, MapValues):  # a string is looked up by its text, and keeps its quotes
            mapped = dict(action.values).get(
                literal_code(self.ctx, item.value) if not isinstance(value, str) else f'"{value}"'
            )
            if mapped is None:
                return None
            new_value = mapped if not isinstance(value, str) else _quoted(item.value, ast.literal_eval(mapped))
        elif isinstance(action, StripPrefix) and isinstance(value, str):
            new_value = _quoted(item.value, value.removeprefix(action.prefix))
        else:
            new_value = None
        if new_value is None:
            edit = item.rename(self.ctx, action.new)
            return None if edit is None else PendingFix(Applicability.SAFE, f"Use `{action.new}=`", [edit])
        new_arg = item.arg.with_changes(keyword=cst.Name(action.new), value=cst.parse_expression(new_value))
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(item.arg, new_arg)))
        return PendingFix(Applicability.SAFE, f"Use `{action.new}={new_value}`", [edit])

    def _method(self, attribute: cst.Attribute, call: cst.Call | None) -> None:
        self.done.add(id(attribute))
        found = kind_of_path(self.ctx.hf_name(attribute.value))
        if found is None or found != ("model", False):
            return
        row = _BY_METHOD[attribute.attr.value]
        fix = None
        if row.new is not None and self._admitted(row):
            edits = [self.ctx.replace(attribute.attr, row.new)]
            for arg in call.args if call is not None else ():
                if arg.keyword is not None and arg.keyword.value.startswith("gradient_checkpointing"):
                    new = arg.keyword.value.replace("gradient_checkpointing", "activation_checkpointing", 1)
                    edits.append(self.ctx.replace(arg.keyword, new))
            fix = PendingFix(Applicability.SAFE, f"Use `{row.new}`", edits)
        self._report(attribute.attr, row, fix)

    def _stated_callable(self, node: cst.CSTNode, qualified: str) -> None:
        """A function or class that its own notice calls deprecated, named through its module or a package above
        it that offers it in the target (`transformers.utils.is_flash_attn_greater_or_equal_2_10`)."""
        module, _, name = qualified.rpartition(".")
        offered = self.timeline.has(self.timeline.name(qualified), self.ctx.target)
        for callable_ in self.timeline.deprecated_callable_names.get(name, ()):
            defining = callable_.rpartition(".")[0]
            if callable_.startswith("transformers.") and (
                defining == module or defining.startswith(module + ".") and offered
            ):
                self._report_callable(node, self.timeline.deprecated_callable(callable_), f"`{name}`")
                return

    def _report_callable(self, node: cst.CSTNode, row: DeprecatedCallable, shown: str) -> None:
        if not self.timeline.has(row.spans, self.ctx.target) or self.guarded:
            return
        advice = row.advice.removeprefix("Please ").removeprefix("please ")
        advice = advice[:1].lower() + advice[1:] if advice else "its notice names no replacement"
        self.report(node, self._deprecated(shown, row.spans, row.removal, advice))

    def _module(self, node: cst.CSTNode, module: str) -> None:
        for row in _MODULES:
            if module == row.module or module.startswith(row.module + "."):
                self._report(node, row, None)

    # ---- messages ----------------------------------------------------------------------------------
    def _admitted(self, row: Deprecation) -> bool:
        """Every release the project admits announces the deprecation, so takes its replacement."""
        spans = self.timeline.notice(row.id)[0]
        return self.timeline.has(spans, self.ctx.floor) and self.timeline.has(spans, self.ctx.target)

    def _report(self, node: cst.CSTNode, row: Deprecation, fix: PendingFix | None) -> None:
        spans, removal, _ = self.timeline.notice(row.id)
        if not self.timeline.has(spans, self.ctx.target) or self.guarded:
            return
        message = self._deprecated(row.shown, spans, removal, row.advice)
        if fix is None and row.replacement is not None:
            message += self.ctx.no_fix(f"`{row.replacement}`", self.timeline.since(spans, self.ctx.target))
        self.report(node, message, fix)

    def _deprecated(self, shown: str, spans: tuple[Span, ...], removal: Version | None, advice: str) -> str:
        """The message for a deprecation the target carries: since when, and the removal announced (due or
        overdue); past an announced removal beyond the newest known release, that the code breaks there."""
        target, since = self.ctx.target, min(span.first for span in spans)
        if removal is not None and target >= removal and self.timeline.beyond(target):
            return self.message(
                "removed", shown=shown, target=_shown(target), removal=_shown(removal), since=since, advice=advice
            )
        when = ""
        if removal is not None:
            overdue = removal <= self.timeline.at(target)
            when = f", {'removal announced for' if overdue else 'to be removed in'} {_shown(removal)}"
        return self.message("deprecated", shown=shown, since=since, removal=when, advice=advice)


def _reached(path: str) -> list[str]:
    """What a call reaching ``path`` runs, as the generated deprecations name it: `X.__init__` for a class `X`, `X.m`
    and `<kind>.m` for a method of an object, `X.__call__` / `X.forward` and `<kind>.__call__` / `<model>.forward`
    for calling one."""
    parsed = SymbolPath.parse(path).without_calls_of(SAME_MODEL)
    if len(parsed) == 1:
        return [f"{parsed.parts[0]}.__init__"]
    made, method = parsed.made(), "__call__"
    if made is None and parsed.parts[-1] != CALL:
        parsed, method = parsed.head(1).without_calls_of(SAME_MODEL), parsed.parts[-1]
        made = parsed.parts[0] if len(parsed) == 1 else parsed.made()  # `DynamicCache.from_legacy_cache(...)` too
    if made is None:
        return []
    kind = kind_of_path(str(parsed))
    if kind is not None and kind[0] == "model" and method == "__call__":
        method = "forward"
    if method in LOADERS and len(parsed) == 1 and (kind is None or kind[0] not in _OWN_LOADING):
        method = "__init__"  # a preprocessor's `from_pretrained` builds it with the keywords it is given
    return [f"{made}.{method}"] + ([f"<{kind[0]}>.{method}"] if kind is not None else [])


def _callable_shown(callable_: str, via: str | None) -> str:
    """`of ClapProcessor.__call__`, `of a model's forward`, as messages say where a keyword goes."""
    owner, _, method = callable_.rpartition(".")
    if via is not None:
        return f"of `{via}`"
    if owner.startswith("<"):
        return f"of a {owner.strip('<>')}'s `{method}`"
    return f"of `{owner}`" if method == "__init__" else f"of `{owner}.{method}`"


def _quoted(node: cst.BaseExpression, text: str) -> str:
    quote = node.quote if isinstance(node, cst.SimpleString) else '"'
    return f"{quote}{text}{quote}"


def _shown(release: Version) -> str:
    return f"v{release.major}" if (release.minor, release.micro) == (0, 0) else str(release)
