"""What the HF3xx rules share: the two shapes of rules over keyword changes (`knowledge.keywords`).

A renamed keyword with a rule of its own (HF302, HF303, HF308) names its change and its messages;
a table of changes (HF309, HF313) shares one pair of messages that name the callee and the release.
Both see the keywords of a dict the call unpacks (`**kwargs`), and calls that reach transformers through
a local subclass or a trl / peft class (`calls.callee`); a keyword such a class takes itself is its own.
"""

from __future__ import annotations

import re
from typing import ClassVar

import libcst as cst

from lint_rules.calls import Given, callee, given_keywords, is_pure, literal_code
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.kinds import kind_of_path
from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.changes import KeywordChange, MapValues, MoveInto, Remove, Rename, ToEnvironment
from lint_rules.knowledge.keywords import owned_by
from lint_rules.knowledge.timeline import timeline
from lint_rules.knowledge.wrappers import LIBRARIES
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Rule
from lint_rules.rules.guards import GuardedRule

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE

# A file that imports only trl or peft may reach transformers through their classes.
THROUGH_WRAPPERS = ("transformers", *LIBRARIES)
# An `if` test that picks code by the installed release or an optional package, whose branches are each
# written for some releases only (`if version.parse(transformers.__version__) >= ...`, `if is_x_available():`),
# or that never runs the code (`if TYPE_CHECKING:`).
RELEASE_CHECK = re.compile(r"version|is_\w+_available|_(ge|gt|le|lt)_v?\d|TYPE_CHECKING", re.IGNORECASE)
# Exceptions a `try` catches when it tries an import or attribute some releases lack.
MISSING_API = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError", "Exception", "BaseException"})


class ReleaseGuards(GuardedRule):
    """A rule that knows when the node it visits is in code written for other releases: under an `if` on the
    installed version or an optional package, or in a `try` that catches a missing import or attribute.
    Such code is deliberate compatibility code, and removed APIs in it are not reported."""

    guard_test = RELEASE_CHECK
    guard_catches = MISSING_API


class _KeywordRule(Rule):
    """Reports at a keyword; a dict's key reaches every call that unpacks the dict, and is reported once."""

    modules = THROUGH_WRAPPERS

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.reported: set[int] = set()

    def report_keyword(self, item: Given, message: str, fix: PendingFix | None) -> None:
        if id(item.at) not in self.reported:
            self.reported.add(id(item.at))
            self.report(item.at, message, fix)


class RenamedKeywordRule(_KeywordRule):
    """A keyword argument of transformers calls that a release renamed: report, and rename it.

    Messages: ``removed`` (``version``, ``effect``), ``deprecated`` (``version``), ``both`` (``old``, ``new``).
    """

    change: ClassVar[KeywordChange]  # the one row of `knowledge.keywords` that the rule owns
    fix_availability = FixAvailability.SOMETIMES

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            (cls.change,) = owned_by(cls.code)
            # the releases the rule's documentation states
            cls.applies_from = cls.change.deprecated_in
            cls.new_since = cls.change.new_since
            cls.removed_in = cls.change.removed_in

    def visit_Call(self, node: cst.Call) -> None:
        ctx, change = self.ctx, self.change
        if ctx.target < change.deprecated_in:
            return
        given = given_keywords(ctx, node)
        item = given.get(change.old)
        if item is None:
            return
        found = callee(ctx, node.func)
        if found is None or (change.callees and found.path.rsplit(".", 1)[-1] not in change.callees):
            return
        if change.old in found.own:  # a subclass or wrapper that takes the keyword itself
            return
        if found.closed is not None:  # not transformers' signature: the wrapper's own, which lacks it
            if "wrapper" not in self.messages:
                return  # a rule none of whose callees a trl or peft class of its own stands for
            fix = None
            if change.new in found.own and change.new not in given:
                fix = _rename(ctx, item, change.new)
            message = self.message("wrapper", old=change.old, new=change.new, callee=found.via, library=found.closed)
            self.report_keyword(item, message, fix)
            return
        if change.new in given:
            fix = None
            if item.arg is not None:
                edit = ctx.replace(node, rewrite_args(node, [item.arg]))
                fix = PendingFix(Applicability.UNSAFE, f"Remove `{change.old}`", [edit])
            self.report_keyword(item, self.message("both", old=change.old, new=change.new), fix)
            return
        fix = _rename(ctx, item, change.new) if ctx.floor >= change.new_since else None
        if change.removed_in is not None and ctx.target >= change.removed_in:
            message = self.message("removed", version=change.removed_in, effect=self.effect(found.path))
        else:
            message = self.message("deprecated", version=change.deprecated_in)
        self.report_keyword(item, message + ctx.no_fix(f"`{change.new}=`", change.new_since), fix)

    def effect(self, path: str) -> str:
        """What the removed keyword does on the call reaching ``path`` (``AutoTokenizer.from_pretrained``)."""
        return self.change.effect


def _rename(ctx, item: Given, new: str) -> PendingFix | None:
    edit = item.rename(ctx, new)
    return None if edit is None else PendingFix(Applicability.SAFE, f"Rename `{item.name}` to `{new}`", [edit])


class ChangedKeywordsRule(_KeywordRule):
    """Keyword arguments a release renamed, removed or stopped honouring, from a table of changes."""

    changes: ClassVar[tuple[KeywordChange, ...]]  # the rows of `knowledge.keywords` that the rule owns
    fix_availability = FixAvailability.SOMETIMES
    messages = {
        "removed": "`{old}=` on `{callee}`: {effect} since transformers {version}; {replacement}",
        "deprecated": "`{old}=` on `{callee}` is deprecated; use `{new}=`",
    }

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            cls.changes = owned_by(cls.code)

    def visit_Call(self, node: cst.Call) -> None:
        given = given_keywords(self.ctx, node)
        changes = [change for change in self.changes if change.old in given]
        if not changes:
            return
        found = callee(self.ctx, node.func)
        if found is None or found.closed is not None:  # a wrapper's own signature is not in these tables
            return
        path = found.path
        last = path.rsplit(".", 1)[-1]
        shown = found.via or (last if "()" in path else path)
        for change in changes:
            if change.when is not None and literal_code(self.ctx, given[change.old].value) not in change.when:
                continue  # a value the change is not about (`report_to="wandb"`)
            if (last in change.callees or path in change.callees) and change.old not in found.own:
                self._check(node, given, change, shown)

    def _check(self, call: cst.Call, given: dict[str, Given], change: KeywordChange, callee: str) -> None:
        target = self.ctx.target
        removed = target >= change.removed_in
        renamed = change.new is not None and change.new_since is not None and target >= change.new_since
        if not removed and (not renamed or change.new == change.old):
            return  # a value that only a later release refuses is not deprecated before it
        withheld = self.ctx.no_fix(f"`{change.new}=`", change.new_since) if renamed else ""
        renamed = renamed and self.ctx.floor >= change.new_since  # every admitted release takes the new name
        item = given[change.old]
        if removed:
            message = self.message(
                "removed", old=change.old, callee=callee, version=change.removed_in, effect=change.effect,
                replacement=change.replacement(),
            )  # fmt: skip
        else:
            message = self.message("deprecated", old=change.old, callee=callee, new=change.new)
        fix = self._fix(call, given, change, item, renamed)
        self.report_keyword(item, message + (withheld if fix is None else ""), fix)

    def _fix(self, call, given, change: KeywordChange, item: Given, renamed: bool) -> PendingFix | None:
        """What the row's action makes of the argument: a removal or a move applies where the target lacks the
        keyword, a rename or a mapped value where every admitted release takes the new keyword."""
        arg, action = item.arg, change.action
        literal = literal_code(self.ctx, item.value)
        if isinstance(action, (Remove, ToEnvironment)):
            if arg is None:
                return None  # a key of a `**dict`: left as it is
            if isinstance(action, ToEnvironment):  # where the value cannot move, it goes
                return self._to_environment(call, action, change, arg) or self._remove(call, change, arg, UNSAFE)
            if "*" in action.safe_for or literal in action.safe_for:
                return self._remove(call, change, arg)
            return self._remove(call, change, arg, UNSAFE) if action.otherwise else None
        if isinstance(action, MoveInto):
            return None if arg is None or action.keyword in given else self._move_into(call, action, arg)
        if not renamed or change.new in given and change.new != change.old:
            return None
        if isinstance(action, Rename):
            if action.ratio and not _fraction(literal):
                return None  # `warmup_ratio=1.0` is not `warmup_steps=1.0` (one step)
            edit = item.rename(self.ctx, action.new)
            return None if edit is None else PendingFix(Applicability.SAFE, f"Rename to `{action.new}=`", [edit])
        if not isinstance(action, MapValues):
            return None  # advice only
        mapped = dict(action.values).get(literal)
        if mapped is None or arg is None:
            return None
        if mapped == "":
            return self._remove(call, change, arg)
        new_arg = cst.Arg(keyword=cst.Name(action.new), value=cst.parse_expression(mapped), equal=arg.equal)
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(arg, new_arg)))
        return PendingFix(Applicability.SAFE, f"Use `{action.new}={mapped}`", [edit])

    def _remove(self, call: cst.Call, change: KeywordChange, arg: cst.Arg, safety=SAFE) -> PendingFix:
        edit = self.ctx.replace(call, rewrite_args(call, [arg]))
        return PendingFix(safety, f"Remove `{change.old}=`", [edit])

    def _to_environment(
        self, call: cst.Call, action: ToEnvironment, change: KeywordChange, arg: cst.Arg
    ) -> PendingFix | None:
        """`TrainingArguments(..., logging_dir=LOGS)` -> `os.environ["TENSORBOARD_LOGGING_DIR"] = LOGS` on a line
        above, and the call without the keyword: where the release reads it instead. Safe where every release the
        project admits reads the variable: the logs go where they went. Only for a value that evaluating earlier
        cannot change (a name, a literal, an f-string of names)."""
        value = arg.value
        if not (is_pure(value) or isinstance(value, cst.FormattedString) and _pure_parts(value)):
            return None
        statement = self.ctx.statement
        if statement is None or isinstance(statement, cst.BaseCompoundStatement):
            return None
        bound = self.ctx.qualified_name(cst.Name("os"))
        if bound not in (None, "os") or bound is None and self.ctx.is_bound("os"):
            return None
        text = self.ctx.code(value)
        if not isinstance(value, (cst.SimpleString, cst.FormattedString)):
            text = f"str({text})"  # the environment takes strings only (`Path("logs")` was a valid `logging_dir`)
        line = f'os.environ["{action.variable}"] = {text}'
        above = [self.ctx.insert_line_above(statement, "import os")] if bound is None else []
        above.append(self.ctx.insert_line_above(statement, line))  # inserted in this order at one point
        edits = [self.ctx.replace(call, rewrite_args(call, [arg])), *above]
        # a project that still admits a release before the removal loses the keyword's effect there
        safe = self.ctx.floor >= change.removed_in
        return PendingFix(Applicability.SAFE if safe else Applicability.UNSAFE, f"Set `{action.variable}`", edits)

    def _move_into(self, call: cst.Call, action: MoveInto, arg: cst.Arg) -> PendingFix:
        """`fsdp_min_num_params=N` -> `fsdp_config={"min_num_params": N}`."""
        keyword, key = action.keyword, action.key
        moved = cst.Arg(
            keyword=cst.Name(keyword),
            value=cst.Dict([cst.DictElement(cst.SimpleString(f'"{key}"'), arg.value)]),
            equal=arg.equal,
        )
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(arg, moved)))
        return PendingFix(Applicability.UNSAFE, f"Move it into `{keyword}=`", [edit])


def _pure_parts(value: cst.FormattedString) -> bool:
    return all(is_pure(part.expression) for part in value.parts if isinstance(part, cst.FormattedStringExpression))


def _fraction(literal: str) -> bool:
    """A number literal in [0, 1)."""
    try:
        return 0 <= float(literal) < 1
    except ValueError:
        return False


# A class name's kind, for the methods of a loaded object.
_TOKENIZER = re.compile(r"Tokenizer(Fast)?$")
_MODEL = re.compile(r"^AutoModel|Model$|For[A-Z]\w+$")


def recorded_callable(path: str) -> str | None:
    """`Trainer().push_to_hub` -> `Trainer.push_to_hub`, `AutoModelForCausalLM.from_pretrained().push_to_hub`
    -> `PreTrainedModel.push_to_hub`, `TrainingArguments` -> itself."""
    found = timeline()
    if found.knows(path):
        return path
    parsed = SymbolPath.parse(path)
    method = parsed.method_of_trainer()
    if method is not None:
        return f"Trainer.{method}" if found.knows(f"Trainer.{method}") else None
    loaded = parsed.loader_of()
    if loaded is not None:
        loader = "PreTrainedModel.from_pretrained"
        return loader if kind_of_path(loaded) == ("model", True) and found.knows(loader) else None
    loaded_method = parsed.method_of_loaded()
    if loaded_method is None:
        return None
    cls, method = loaded_method
    base = "PreTrainedTokenizerBase" if _TOKENIZER.search(cls) else "PreTrainedModel" if _MODEL.search(cls) else None
    return f"{base}.{method}" if base is not None and found.knows(f"{base}.{method}") else None
