"""HF311: `transformers.AdamW`, removed; `torch.optim.AdamW` replaces it."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.names import ADAMW
from lint_rules.rewrites import append_keyword, mentions, rewrite_args, without_alias
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class TransformersAdamW(NameUseRule):
    code = "HF311"
    name = "transformers-adamw"
    summary = "`transformers.AdamW` was removed; use `torch.optim.AdamW`"
    messages = {
        "removed": "`AdamW` was removed from transformers in {version} (ImportError); use `torch.optim.AdamW`",
        "deprecated": "transformers' `AdamW` is deprecated since {version}; use `torch.optim.AdamW`",
    }
    fix_availability = FixAvailability.SOMETIMES
    applies_from = ADAMW.deprecated_in
    removed_in = ADAMW.removed_in
    what_it_does = "Checks imports and uses of `AdamW` from transformers."
    why_bad = """
transformers' own `AdamW` was deprecated in favour of PyTorch's (4.20 warns) and removed in 4.50, so
`from transformers import AdamW` raises `ImportError` from 4.50 on.
"""
    fix_safety = """
The fix imports `AdamW` from `torch.optim` instead. The defaults differ (`torch.optim.AdamW` has `eps=1e-8` and
`weight_decay=0.01` where transformers' had `1e-6` and `0.0`), so each call is given transformers' values where it
left them out (`correct_bias=True`, which torch always does, and `no_deprecation_warning=` go): safe, where every
use of the name is such a call. Unsafe where a use is not a call (the class handed on, say) or a call asks for
`correct_bias=False`, which torch's `AdamW` cannot do: the import moves alone.
"""
    invalid = (
        Invalid(
            """
            from transformers import AdamW

            optimizer = AdamW(model.parameters(), lr=5e-5)
            """,
            fixed="""
            from torch.optim import AdamW

            optimizer = AdamW(model.parameters(), lr=5e-5, eps=1e-6, weight_decay=0.0)
            """,
        ),
        Invalid(
            """
            from transformers import AdamW, get_linear_schedule_with_warmup

            optimizer = AdamW(params, lr=1e-4, correct_bias=True)
            """,
            fixed="""
            from torch.optim import AdamW
            from transformers import get_linear_schedule_with_warmup

            optimizer = AdamW(params, lr=1e-4, eps=1e-6, weight_decay=0.0)
            """,
        ),
        Invalid(
            """
            import torch
            import transformers

            optimizer = transformers.AdamW(params)
            """,
            fixed="""
            import torch
            import transformers

            optimizer = torch.optim.AdamW(params, eps=1e-6, weight_decay=0.0)
            """,
        ),
        Invalid(
            """
            import torch
            import transformers

            optimizer = transformers.AdamW(params)
            """,
            fixed="""
            import torch
            import transformers

            optimizer = torch.optim.AdamW(params, eps=1e-6, weight_decay=0.0)
            """,
            target="4.46",
        ),
    )
    invalid += (
        Invalid(
            """
            from transformers import AdamW, Trainer

            trainer = Trainer(model=model, args=args, optimizer_cls_and_kwargs=(AdamW, {"lr": 1e-4}))
            """,
            fixed="""
            from torch.optim import AdamW
            from transformers import Trainer

            trainer = Trainer(model=model, args=args, optimizer_cls_and_kwargs=(AdamW, {"lr": 1e-4}))
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AdamW

            optimizer = AdamW(model.parameters(), lr=5e-5)
            """,
            target="4.12",
        ),
        Valid(
            """
            from torch.optim import AdamW

            AdamW(params)
            """,
        ),
        Valid(
            """
            import bitsandbytes as bnb

            bnb.optim.AdamW(params)
            """,
        ),
    )

    def interesting(self, name: str) -> bool:
        return name == ADAMW.old

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.imports: list[tuple] = []  # (node, alias, statement, seq) of each `from transformers import AdamW`
        self.bare: list[cst.Name] = []  # the uses of the imported name
        self.calls: dict[int, cst.Call] = {}  # id of a call's callee -> the call

    def visit_Call(self, node: cst.Call) -> None:
        self.calls[id(node.func)] = node

    def check_import(self, name, node, alias, statement) -> None:
        self.imports.append((node, alias, statement, self.ctx.seq))

    def check_use(self, name, node, expr) -> None:
        if expr is node:
            self.bare.append(node)  # reported at the import, which is what breaks
            return
        message = self._message()
        if message is None:
            return
        fix = None
        if self.ctx.qualified_name(cst.Name("torch")) == "torch":
            call = self.calls.get(id(expr))
            kept = _with_old_defaults(call) if call is not None else None
            if kept is not None:
                edit = self.ctx.replace(call, kept.with_changes(func=cst.parse_expression(ADAMW.new)))
                fix = PendingFix(Applicability.SAFE, f"Use `{ADAMW.new}` with transformers' defaults", [edit])
            else:
                fix = PendingFix(Applicability.UNSAFE, f"Use `{ADAMW.new}`", [self.ctx.replace(expr, ADAMW.new)])
        self.report(node, message, fix)

    def leave_Module(self, node: cst.Module) -> None:
        message = self._message()
        if message is None:
            return
        for name, alias, statement, seq in self.imports:
            self.report(name, message, self._import_fix(alias, statement), seq=seq)

    def _import_fix(self, alias: cst.ImportAlias, statement: cst.ImportFrom) -> PendingFix:
        """The import from `torch.optim`; with each call given transformers' defaults where it left them out
        (safe where every use is such a call and the text has no other mention of the name)."""
        moved = cst.ImportFrom(
            module=cst.parse_expression(ADAMW.new.rpartition(".")[0]),
            names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
        )
        rest = without_alias(statement, alias)
        if rest is None:
            edits = [self.ctx.replace(statement, moved)]
        else:
            edits = [self.ctx.replace(statement, rest), self.ctx.insert_line_above(statement, self.ctx.code(moved))]
        local = alias.asname.name.value if alias.asname is not None else alias.name.value
        calls = [self.calls.get(id(use)) for use in self.bare]
        kept = [_with_old_defaults(call) if call is not None else None for call in calls]
        seen = len(mentions(self.ctx.text, local))
        if self.bare and all(k is not None for k in kept) and seen == len(self.bare) + 1:
            edits += [self.ctx.replace(call, new) for call, new in zip(calls, kept, strict=True) if new is not call]
            return PendingFix(
                Applicability.SAFE, "Import `AdamW` from `torch.optim`, with transformers' defaults", edits
            )
        return PendingFix(Applicability.UNSAFE, "Import `AdamW` from `torch.optim`", edits)

    def _message(self) -> str | None:
        target = self.ctx.target
        if target >= ADAMW.removed_in:
            return self.message("removed", version=ADAMW.removed_in)
        if target >= ADAMW.deprecated_in:
            return self.message("deprecated", version=ADAMW.deprecated_in)
        return None


# transformers' AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.0, correct_bias=True): torch's
# takes the same first five in the same order, with eps=1e-8 and weight_decay=1e-2, and always corrects the bias.
_OLD_DEFAULTS = (("eps", "1e-6", 3), ("weight_decay", "0.0", 4))


def _with_old_defaults(call: cst.Call) -> cst.Call | None:
    """``call`` as torch's AdamW does what transformers' did: its defaults written out, `correct_bias=True` and
    `no_deprecation_warning=` dropped; None where that cannot be (`correct_bias=False`, a sixth positional, `**`)."""
    positional = [arg for arg in call.args if arg.keyword is None]
    if any(arg.star for arg in call.args) or len(positional) > 5 or not positional:
        return None
    drop = []
    for arg in call.args:
        name = arg.keyword.value if arg.keyword is not None else None
        if name == "correct_bias":
            if not (isinstance(arg.value, cst.Name) and arg.value.value == "True"):
                return None
            drop.append(arg)
        elif name == "no_deprecation_warning":
            drop.append(arg)
    new = rewrite_args(call, drop) if drop else call
    given = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    for keyword, value, index in _OLD_DEFAULTS:
        if keyword not in given and len(positional) <= index:
            new = append_keyword(new, keyword, value)
    return new
