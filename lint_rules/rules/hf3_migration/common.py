"""What the HF3xx rules share: the two shapes of rules over keyword changes (`knowledge.keywords`).

A renamed keyword with a rule of its own (HF302, HF303, HF308) names its change and its messages;
a table of changes (HF309, HF313) shares one pair of messages that name the callee and the release.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from lint_rules.calls import keyword, keywords
from lint_rules.context import Applicability, PendingFix
from lint_rules.fixes import rewrite_args
from lint_rules.knowledge.keywords import KeywordChange
from lint_rules.rule import Rule


class RenamedKeywordRule(Rule):
    """A keyword argument of transformers calls that a release renamed: report, and rename it.

    Messages: ``removed`` (``version``, ``effect``), ``deprecated`` (``version``), ``both`` (``old``, ``new``).
    """

    change: ClassVar[KeywordChange]
    fix_availability = "Sometimes"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "change" in cls.__dict__:  # the releases the rule's documentation states
            cls.applies_from = cls.change.deprecated_in
            cls.new_since = cls.change.new_since
            cls.removed_in = cls.change.removed_in

    def visit_Call(self, node: cst.Call) -> None:
        ctx, change = self.ctx, self.change
        if ctx.target < change.deprecated_in:
            return
        arg = keyword(node, change.old)
        if arg is None:
            return
        callee = ctx.hf_name(node.func)
        if callee is None or (change.callees and callee.rsplit(".", 1)[-1] not in change.callees):
            return
        if keyword(node, change.new) is not None:
            edit = ctx.replace(node, rewrite_args(node, [arg]))
            fix = PendingFix(Applicability.UNSAFE, f"Remove `{change.old}`", [edit])
            self.report(arg, self.message("both", old=change.old, new=change.new), fix)
            return
        fix = None
        if ctx.floor >= change.new_since:
            edit = ctx.replace(arg.keyword, change.new)
            fix = PendingFix(Applicability.SAFE, f"Rename `{change.old}` to `{change.new}`", [edit])
        if change.removed_in is not None and ctx.target >= change.removed_in:
            message = self.message("removed", version=change.removed_in, effect=change.effect)
        else:
            message = self.message("deprecated", version=change.deprecated_in)
        self.report(arg.keyword, message, fix)


class ChangedKeywordsRule(Rule):
    """Keyword arguments a release renamed, removed or stopped honouring, from a table of changes."""

    changes: ClassVar[tuple[KeywordChange, ...]]
    fix_availability = "Sometimes"
    messages = {
        "removed": "`{old}=` on `{callee}`: {effect} since transformers {version}; {replacement}",
        "deprecated": "`{old}=` on `{callee}` is deprecated; use `{new}=`",
    }

    def visit_Call(self, node: cst.Call) -> None:
        given = keywords(node)
        changes = [change for change in self.changes if change.old in given]
        if not changes:
            return
        callee = self.ctx.hf_name(node.func)
        if callee is None:
            return
        last = callee.rsplit(".", 1)[-1]
        for change in changes:
            if last in change.callees:
                self._check(node, given, change, last if "()" in callee else callee)

    def _check(self, call: cst.Call, given: dict[str, cst.Arg], change: KeywordChange, callee: str) -> None:
        target = self.ctx.target
        removed = target >= change.removed_in
        renamed = change.new is not None and change.new_since is not None and target >= change.new_since
        if not removed and not renamed:
            return
        renamed = renamed and self.ctx.floor >= change.new_since  # every admitted release takes the new name
        arg = given[change.old]
        if removed:
            message = self.message(
                "removed", old=change.old, callee=callee, version=change.removed_in, effect=change.effect,
                replacement=change.replacement(),
            )  # fmt: skip
        else:
            message = self.message("deprecated", old=change.old, callee=callee, new=change.new)
        self.report(arg.keyword, message, self._fix(call, given, change, arg, renamed))

    def _fix(self, call, given, change: KeywordChange, arg: cst.Arg, renamed: bool) -> PendingFix | None:
        literal = self.ctx.code(arg.value)
        if change.drop is not None and ("*" in change.drop or literal in change.drop):
            return self._remove(call, change, arg)
        if not renamed or change.new in given:
            return None
        if change.values is None:
            return PendingFix(
                Applicability.SAFE, f"Rename to `{change.new}=`", [self.ctx.replace(arg.keyword, change.new)]
            )
        mapped = dict(change.values).get(literal)
        if mapped is None:
            return None
        if mapped == "":
            return self._remove(call, change, arg)
        new_arg = cst.Arg(keyword=cst.Name(change.new), value=cst.parse_expression(mapped), equal=arg.equal)
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(arg, new_arg)))
        return PendingFix(Applicability.SAFE, f"Use `{change.new}={mapped}`", [edit])

    def _remove(self, call: cst.Call, change: KeywordChange, arg: cst.Arg) -> PendingFix:
        edit = self.ctx.replace(call, rewrite_args(call, [arg]))
        return PendingFix(Applicability.SAFE, f"Remove `{change.old}=`", [edit])
