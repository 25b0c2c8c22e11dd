"""HF311: `transformers.AdamW`, removed; `torch.optim.AdamW` replaces it."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.fixes import without_alias
from lint_rules.knowledge.names import ADAMW
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class TransformersAdamW(NameUseRule):
    code = "HF311"
    name = "transformers-adamw"
    summary = "`transformers.AdamW` was removed; use `torch.optim.AdamW`"
    messages = {
        "removed": "`AdamW` was removed from transformers in {version} (ImportError); use `torch.optim.AdamW`",
        "deprecated": "transformers' `AdamW` is deprecated since {version}; use `torch.optim.AdamW`",
    }
    fix_availability = "Sometimes"
    applies_from = ADAMW.deprecated_in
    removed_in = ADAMW.removed_in
    what_it_does = "Checks imports and uses of `AdamW` from transformers."
    why_bad = """
transformers' own `AdamW` was deprecated in favour of PyTorch's (4.20 warns) and removed in 4.50, so
`from transformers import AdamW` raises `ImportError` from 4.50 on.
"""
    fix_safety = """
The fix imports `AdamW` from `torch.optim` instead and is unsafe: the defaults differ
(`torch.optim.AdamW` has `weight_decay=0.01` where transformers' had `0.0`, and no `correct_bias`),
so pass the values you relied on explicitly.
"""
    invalid = (
        Invalid(
            """
            from transformers import AdamW

            optimizer = AdamW(model.parameters(), lr=5e-5)
            """,
            fixed="""
            from torch.optim import AdamW

            optimizer = AdamW(model.parameters(), lr=5e-5)
            """,
        ),
        Invalid(
            """
            from transformers import AdamW, get_linear_schedule_with_warmup

            optimizer = AdamW(params, lr=1e-4)
            """,
            fixed="""
            from torch.optim import AdamW
            from transformers import get_linear_schedule_with_warmup

            optimizer = AdamW(params, lr=1e-4)
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

            optimizer = torch.optim.AdamW(params)
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

            optimizer = torch.optim.AdamW(params)
            """,
            target="4.46",
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

    def check_import(self, name, node, alias, statement) -> None:
        moved = cst.ImportFrom(
            module=cst.parse_expression(ADAMW.new.rpartition(".")[0]),
            names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
        )
        rest = without_alias(statement, alias)
        if rest is None:
            edits = [self.ctx.replace(statement, moved)]
        else:
            edits = [self.ctx.replace(statement, rest), self.ctx.insert_line_above(statement, self.ctx.code(moved))]
        message = self._message()
        if message is not None:
            self.report(node, message, PendingFix(Applicability.UNSAFE, "Import `AdamW` from `torch.optim`", edits))

    def check_use(self, name, node, expr) -> None:
        if expr is node:
            return  # a bare `AdamW`: the import is what breaks, and is reported there
        message = self._message()
        if message is None:
            return
        fix = None
        if self.ctx.qualified_name(cst.Name("torch")) == "torch":
            fix = PendingFix(Applicability.UNSAFE, f"Use `{ADAMW.new}`", [self.ctx.replace(expr, ADAMW.new)])
        self.report(node, message, fix)

    def _message(self) -> str | None:
        target = self.ctx.target
        if target >= ADAMW.removed_in:
            return self.message("removed", version=ADAMW.removed_in)
        if target >= ADAMW.deprecated_in:
            return self.message("deprecated", version=ADAMW.deprecated_in)
        return None
