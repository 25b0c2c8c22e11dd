"""What the HF2xx rules share: which calls load a model, and what a device or dtype argument holds."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.facts.models import ModelRef, smoke_site


def value_of(ctx, node: cst.BaseExpression):
    """A JSON-ready constant for the smoke harness (a dtype as its name), or None."""
    if isinstance(node, cst.Call) and ctx.qualified_name(node.func) == "torch.device" and node.args:
        node = node.args[0].value
    qualified = ctx.qualified_name(node)
    if qualified is not None and qualified.startswith("torch."):
        return qualified.rsplit(".", 1)[-1]
    value = ctx.constant(node)
    if isinstance(node, cst.Dict) and len(node.elements) == 1 and isinstance(node.elements[0], cst.DictElement):
        inner = ctx.constant(node.elements[0].value)
        return {"": inner} if inner is not ... else None
    return None if value is ... else value


def load_site(ctx, call: cst.Call, path: str, before: dict, after: dict, model: ModelRef | None = None) -> dict:
    """A smoke site for a `from_pretrained` or `pipeline` call."""
    if path == "pipeline":
        task = ctx.constant(argument(call, 0, "task"))
        given = argument(call, 1, "model")
        model = model or ctx.model(given)
        task = task if isinstance(task, str) else None
        return smoke_site(model, before, after, kind="pipeline", task=task, written=written(ctx, given))
    given = argument(call, 0, "pretrained_model_name_or_path")
    model = model or ctx.model(given)
    cls = path.split(".", 1)[0]
    return smoke_site(model, {"class": cls, **before}, {"class": cls, **after}, written=written(ctx, given))


def written(ctx, node: cst.BaseExpression | None) -> str | None:
    """A model argument as the code gives it: its value where it is a constant string, else its text."""
    if node is None:
        return None
    value = ctx.constant(node)
    return value if isinstance(value, str) else ctx.code(node)


def drop_call(ctx, call: cst.Call):
    """Delete the statement when it only applies ``call`` to a name (`m.to(x)`, `m = m.cuda()`)."""
    statement = ctx.statement
    receiver = call.func.value
    if not isinstance(statement, cst.SimpleStatementLine) or not isinstance(receiver, cst.Name):
        return None
    small = statement.body[0]
    if isinstance(small, cst.Expr) and small.value is call:
        return ctx.delete_statement()
    if (
        isinstance(small, cst.Assign)
        and small.value is call
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value == receiver.value
    ):
        return ctx.delete_statement()
    return None


def is_dtype(ctx, node: cst.BaseExpression) -> bool:
    """`torch.float16`, `torch.bfloat16`, "float16" ...: a cast, not a move."""
    qualified = ctx.qualified_name(node)
    if qualified is not None and qualified.startswith("torch."):
        name = qualified.rsplit(".", 1)[-1]
        if "float" in name or name in ("half", "double"):
            return True
    value = ctx.constant(node)
    return isinstance(value, str) and ("float" in value or value in ("half", "auto"))


def method_statement(node: cst.Expr) -> tuple[cst.Call, str] | None:
    """`model.half()` written as a statement: (the call, the name its method is called on); None for any other
    statement. An `nn.Module` moves and casts itself in place."""
    call = node.value
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
        return call, call.func.value.value
    return None


def passed(ctx, call: cst.Call, name: str) -> bool:
    """``name=`` is given and says something: not a literal `None` or `False` (`device_map=None` is no map)."""
    arg = keyword(call, name)
    return arg is not None and ctx.constant(arg.value) not in (None, False)
