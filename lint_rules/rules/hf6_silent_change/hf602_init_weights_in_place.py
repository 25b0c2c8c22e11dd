"""HF602: a project's model class whose `_init_weights` writes tensors in place, which transformers 5.0 to 5.12 run
over the weights `from_pretrained` loaded."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf6_silent_change.common import ModelClassRule
from lint_rules.versions import Version

# Read in the wheels: 5.0's `_initialize_weights` calls `_init_weights` on every module a checkpoint did not mark
# initialised (a project's module never is: the flag is set on the tensors it loads, and only the `torch.nn.init` /
# `transformers.initialization` functions read it); 5.13.1's skips a custom model's module whose own tensors were all
# loaded (`is_custom_code`), 5.12.1's only a remote-code model's. Run: a project's model loaded with 5.12.1 comes back
# with random weights where its `_init_weights` writes `.data` in place; with 5.23 and 4.57 it keeps the checkpoint's.
# 5.3.0's `_initialize_weights` skips them already for a remote-code model (`_auto_class` set, as a model class
# registered for an Auto class declares it); 5.2.0's does not.
SINCE = Version(5, 0)
REMOTE_GUARDED_IN = Version(5, 3)
GUARDED_IN = Version(5, 13)
_AUTO_CLASS = "_auto_class"
_INIT = "_init_weights"
# Tensor methods that write in place, and the guarded `torch.nn.init` function for each that has one.
_IN_PLACE = {
    "normal_": "normal_", "zero_": "zeros_", "fill_": "constant_", "uniform_": "uniform_", "copy_": None,
    "fill_diagonal_": None, "mul_": None, "add_": None, "clamp_": None,
}  # fmt: skip
_TORCH_INIT = "torch.nn.init"


class InitWeightsInPlace(ModelClassRule):
    code = "HF602"
    name = "init-weights-in-place"
    summary = "A model class whose `_init_weights` writes tensors in place, over the weights transformers 5.0-5.12 load"
    messages = {
        "in_place": (
            "`{call}` in `{cls}._init_weights` writes the tensor in place: {releases} `_init_weights` on every "
            "module of {whose} after loading it, so `from_pretrained` replaces the checkpoint's weights with fresh "
            "ones, silently ({spared} skips the modules it loaded)"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the `_init_weights` method of the model classes a project defines on top of transformers' `PreTrainedModel`
(directly, through a transformers model class, or through another class of the file) for writes that bypass the
initialisation guard: a tensor method that writes in place (`module.weight.data.normal_(...)`, `.zero_()`,
`.fill_(...)`, `.uniform_(...)`, `.copy_(...)`), or a `torch.nn.init` function given a tensor's `.data`. It reports
where the releases the project admits (the oldest its transformers pin allows, to the target) include one that
re-draws them: 5.0 to 5.12, or 5.0 to 5.2 where every class of the file that inherits the method declares
`_auto_class` (5.3 spares remote-code models).
"""
    why_bad = """
transformers 5 loads a checkpoint into an empty model, then runs `_init_weights` over the modules and relies on
its initialisation functions to skip the tensors it loaded (`torch.nn.init.normal_` is patched to check a flag the
loader sets on each tensor; a tensor's own `.data.normal_()` cannot be). From 5.0 to 5.12 it did so for every module
of a project's own model, so each weight that `_init_weights` writes in place is re-drawn after loading: the model
from `from_pretrained` is randomly initialised there and trains or predicts from scratch without an error (run under
5.12.1). 5.13 skips a custom model's module whose tensors were all loaded; a module loaded only in part is still
re-drawn.
"""
    fix_safety = """
`X.data.normal_(...)`, `.zero_()`, `.fill_(v)` and `.uniform_(...)` become `torch.nn.init.normal_(X, ...)`,
`zeros_(X)`, `constant_(X, v)` and `uniform_(X, ...)`, and a `torch.nn.init` call given `X.data` is given `X`:
safe where `torch` is imported as such. They draw the same values on a new model in every release, and transformers
5 skips what it loaded. An indexed write (`module.weight.data[module.padding_idx].zero_()`) and the other in-place
methods are reported without a fix.
"""
    invalid = (
        Invalid(
            """
            import torch
            from torch import nn
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    if isinstance(module, nn.Linear):
                        module.weight.data.normal_(mean=0.0, std=self.config.initializer_range)
                        if module.bias is not None:
                            module.bias.data.zero_()
            """,
            fixed="""
            import torch
            from torch import nn
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    if isinstance(module, nn.Linear):
                        torch.nn.init.normal_(module.weight, mean=0.0, std=self.config.initializer_range)
                        if module.bias is not None:
                            torch.nn.init.zeros_(module.bias)
            """,
            target="5.12",
        ),
        Invalid(
            """
            import torch
            from torch import nn
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    if isinstance(module, nn.Embedding):
                        nn.init.xavier_uniform_(module.weight.data)
                        module.weight.data[module.padding_idx].zero_()  # indexed: reported, not fixed
            """,
            fixed="""
            import torch
            from torch import nn
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    if isinstance(module, nn.Embedding):
                        nn.init.xavier_uniform_(module.weight)
                        module.weight.data[module.padding_idx].zero_()  # indexed: reported, not fixed
            """,
            target="5.5",
        ),
    )
    valid = (
        Valid(
            """
            import torch
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    torch.nn.init.normal_(module.weight, std=0.02)  # guarded: skips what was loaded
            """,
            target="5.5",
        ),
        Valid(
            """
            from transformers import PreTrainedModel


            class TinyModel(PreTrainedModel):
                def _init_weights(self, module):
                    module.weight.data.normal_(std=0.02)  # 5.13 and later skip the modules they loaded
            """,
        ),
        Valid(
            """
            import transformers
            from torch import nn


            class Block(nn.Module):  # not a transformers model
                def _init_weights(self, module):
                    module.weight.data.normal_(std=0.02)
            """,
            target="5.5",
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.active = ctx.target >= SINCE and max(ctx.floor, SINCE) < GUARDED_IN
        self.pending: list[tuple[cst.ClassDef, cst.Call, PendingFix | None, int]] = []

    def visit_Call(self, node: cst.Call) -> None:
        cls, inside = self.models.where()
        if self.active and cls is not None and inside == _INIT:
            self._check(node, cls)

    def leave_Module(self, node: cst.Module) -> None:
        """Reported once the file's classes are known: the releases that re-draw the weights depend on whether
        every class that inherits the `_init_weights` declares `_auto_class` (spared from 5.3)."""
        for cls, call, fix, seq in self.pending:
            users = self._users(cls)
            flags = [any(_declares_auto_class(c) for c in self.models.lineage(user)) for user in users]
            until = REMOTE_GUARDED_IN if all(flags) else GUARDED_IN
            whose = "a project's model"
            if any(flags) and not all(flags) and self.ctx.target >= REMOTE_GUARDED_IN:
                whose += f" (from {REMOTE_GUARDED_IN}, of a class that declares no `_auto_class`)"
            oldest = max(self.ctx.floor, SINCE)
            if oldest >= until:
                continue
            newest = min(self.ctx.target, Version(until.major, until.minor - 1))
            releases = f"transformers {oldest} calls" if oldest >= newest else f"transformers {oldest} to {newest} call"
            shown = self.ctx.code(call)
            shown = shown if len(shown) <= 60 else f"{self.ctx.code(call.func)}(...)"
            message = self.message(
                "in_place", call=shown, cls=cls.name.value, releases=releases, whose=whose, spared=until
            )
            self.report(call, message, fix, seq=seq)

    def _users(self, cls: cst.ClassDef) -> list[cst.ClassDef]:
        """The classes a model of which runs ``cls``'s `_init_weights`: the file's classes derived from it (the
        class itself where none is)."""
        derived = [
            other for other in self.models.found.values()
            if other is not cls and any(base is cls for base in self.models.lineage(other))
        ]  # fmt: skip
        return derived or [cls]

    def _check(self, call: cst.Call, cls: cst.ClassDef) -> None:
        func = call.func
        if not isinstance(func, cst.Attribute):
            return
        fix = None
        owner = self.ctx.qualified_name(func.value)  # a module's function (`torch.nn.init.normal_`) is no tensor's
        if func.attr.value in _IN_PLACE and owner is None and _is_tensor_path(func.value):
            fix = self._method_fix(call, func)
        elif owner == _TORCH_INIT and call.args and _ends_in_data(call.args[0].value):
            edit = self.ctx.replace(call.args[0].value, self.ctx.code(call.args[0].value.value))
            fix = PendingFix(Applicability.SAFE, "Give the tensor itself, not its `.data`", [edit])
        else:
            return
        self.pending.append((cls, call, fix, self.ctx.seq))

    def _method_fix(self, call: cst.Call, func: cst.Attribute) -> PendingFix | None:
        """`X.data.normal_(...)` -> `torch.nn.init.normal_(X, ...)`, where `torch` is imported as such."""
        function = _IN_PLACE[func.attr.value]
        if function is None or not _ends_in_data(func.value) or self.ctx.qualified_name(cst.Name("torch")) != "torch":
            return None
        tensor = self.ctx.code(func.value.value)
        arguments = ", ".join([tensor, *(self.ctx.code(arg).rstrip(", ") for arg in call.args)])
        edit = self.ctx.replace(call, f"{_TORCH_INIT}.{function}({arguments})")
        return PendingFix(Applicability.SAFE, f"Use `{_TORCH_INIT}.{function}`, which skips loaded weights", [edit])


def _ends_in_data(node: cst.BaseExpression) -> bool:
    """`module.weight.data`: a parameter's tensor, not indexed."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "data"):
        return False
    inner = node.value
    while isinstance(inner, cst.Attribute):
        inner = inner.value
    return isinstance(inner, cst.Name)


def _is_tensor_path(node: cst.BaseExpression) -> bool:
    """An attribute path rooted at a name, indexed or not (`module.weight.data`, `module.weight.data[0]`), not a
    call's result."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return isinstance(node, cst.Name)


def _declares_auto_class(node: cst.ClassDef) -> bool:
    """`_auto_class = "AutoModelForCausalLM"` in the class body."""
    return any(
        isinstance(small, cst.Assign)
        and any(isinstance(t.target, cst.Name) and t.target.value == _AUTO_CLASS for t in small.targets)
        for statement in node.body.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
    )
