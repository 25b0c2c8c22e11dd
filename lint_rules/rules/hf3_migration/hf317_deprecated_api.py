"""HF317: a transformers API that the target release deprecates, with the removal it announces."""

from __future__ import annotations

import ast

import libcst as cst

from lint_rules.calls import Given, argument, callee, given_keywords, literal_code
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import dotted
from lint_rules.facts.kinds import kind_of_path
from lint_rules.knowledge.changes import MapValues, StripPrefix
from lint_rules.knowledge.deprecations import DEPRECATIONS, MODEL_CALL, Deprecation, Values
from lint_rules.knowledge.timeline import timeline
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import THROUGH_WRAPPERS, ReleaseGuards
from lint_rules.versions import Version

_BY_KEYWORD: dict[str, list[Deprecation]] = {}
for _row in DEPRECATIONS:
    if _row.keyword is not None:
        _BY_KEYWORD.setdefault(_row.keyword.old, []).append(_row)
_BY_METHOD = {row.method: row for row in DEPRECATIONS if row.method is not None}
_MODULES = tuple(row for row in DEPRECATIONS if row.module is not None)


class DeprecatedApi(ReleaseGuards):
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
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks for the deprecations that the target release announces in its own warnings, each read from the
released wheels with the removal it announces: `TrainingArguments(gradient_checkpointing=...)` and
`model.gradient_checkpointing_enable()` (use the `activation_checkpointing` names; removal in v6),
`fsdp=` as a string or list, `from_pretrained(tp_plan=...)`, the `"paged|"` prefix of
`attn_implementation`, the `cache_implementation` values that the layer structure now makes redundant,
the speech-recognition pipeline's `decoder=`, `transformers.modeling_attn_mask_utils`, `use_fast=` on
`AutoImageProcessor`, and `load_audio(backend="librosa")`. With `--target-transformers` past a removal
(`6.0`), the finding says that the code breaks there. Compatibility code (under a version check, or in a
`try` that catches a missing import or attribute) is not reported.
"""
    why_bad = """
A deprecated API still works, with a warning, until the announced release removes it; then the
call raises (`TypeError`, `AttributeError`, `ModuleNotFoundError`) or, for a value, is refused. Moving
now keeps the project ready for the next release; some removals are overdue (announced for a 5.x
release that still carries them) and may land in any release.
"""
    fix_safety = """
The fixes apply the replacement the notice itself states, where the releases the project admits all take
it: `gradient_checkpointing` -> `activation_checkpointing` (keyword and methods; the old names are
aliases), `attn_implementation="paged|sdpa"` -> `"sdpa"`, `cache_implementation="hybrid"` -> `"static"`,
`use_fast=True` -> `backend="torchvision"` (`False` -> `"pil"`), `backend="librosa"` -> `"soundfile"`.
They are safe: the deprecated form is translated to exactly that one. Other deprecations need a choice and
are reported only.
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
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)
        self.done: set[int] = set()

    # ---- what reaches a deprecation ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _BY_METHOD:
            self._method(func, node)
        if not any(arg.keyword is not None and arg.keyword.value in _BY_KEYWORD or arg.star for arg in node.args):
            return
        given = given_keywords(self.ctx, node)
        rows = [row for keyword in given for row in _BY_KEYWORD.get(keyword, ())]
        if not rows:
            return
        if kind_of_path(self.ctx.hf_name(func)) == ("model", False):  # `model(**inputs, past_key_values=...)`
            last, path, own = MODEL_CALL, MODEL_CALL, frozenset()
        else:
            found = callee(self.ctx, func)
            if found is None or found.closed is not None:
                return
            last, path, own = found.path.rsplit(".", 1)[-1], found.path, found.own
        for row in rows:
            change = row.keyword
            if (last in change.callees or path in change.callees) and change.old not in own:
                if row.task is None or self.ctx.constant(argument(node, 0, "task")) == row.task:
                    self._keyword(node, row, given[change.old])

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.active and node.attr.value in _BY_METHOD and id(node) not in self.done:
            self._method(node, None)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if self.active and node.relative == () and node.module is not None:
            self._module(node.module, dotted(node.module))

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
        since = min(span.first for span in spans)
        if removal is not None and self.ctx.target >= removal and self.timeline.beyond(self.ctx.target):
            message = self.message(
                "removed", shown=row.shown, target=_shown(self.ctx.target), removal=_shown(removal), since=since,
                advice=row.advice,
            )  # fmt: skip
        else:
            when = ""
            if removal is not None:
                overdue = removal <= self.timeline.at(self.ctx.target)
                when = f", {'removal announced for' if overdue else 'to be removed in'} {_shown(removal)}"
            message = self.message("deprecated", shown=row.shown, since=since, removal=when, advice=row.advice)
        if fix is None and row.replacement is not None:
            message += self.ctx.no_fix(f"`{row.replacement}`", self.timeline.since(spans, self.ctx.target))
        self.report(node, message, fix)


def _quoted(node: cst.BaseExpression, text: str) -> str:
    quote = node.quote if isinstance(node, cst.SimpleString) else '"'
    return f"{quote}{text}{quote}"


def _shown(release: Version) -> str:
    return f"v{release.major}" if (release.minor, release.micro) == (0, 0) else str(release)
