"""A checklist example written in other shapes (docs/migration-checklist.md): inside a function, through
`import transformers as tf`, with its literal arguments in variables, through a subclass of each class it
constructs, split across notebook cells, and as a Markdown block; the rule that catches the example must catch
each, and fix each where it fixes the example."""

from __future__ import annotations

import json

import libcst as cst

PACKAGE = "transformers"


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def in_function(text: str) -> str | None:
    """The imports stay at the top; everything else becomes the body of `def main():`, called at the end."""
    module = cst.parse_module(text)
    imports = [statement for statement in module.body if _is_import(statement)]
    rest = [statement for statement in module.body if not _is_import(statement)]
    if not rest:
        return None
    function = cst.FunctionDef(
        name=cst.Name("main"), params=cst.Parameters(), body=cst.IndentedBlock(body=rest),
        leading_lines=[cst.EmptyLine(), cst.EmptyLine()] if imports else [],
    )  # fmt: skip
    call = cst.parse_statement("main()\n").with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
    return module.with_changes(body=[*imports, function, call]).code


class _Qualify(cst.CSTTransformer):
    """`from transformers import A` -> `import transformers as tf`; each use of `A` -> `tf.A`."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original.value in self.names:
            return cst.Attribute(value=cst.Name("tf"), attr=cst.Name(original.value))
        return updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        # `obj.A` is an attribute named like an import, not a use of it: keep it
        if original.attr.value in self.names:
            return updated.with_changes(attr=cst.Name(original.attr.value))
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if original.keyword is not None and original.keyword.value in self.names:
            return updated.with_changes(keyword=original.keyword)
        return updated


def through_module(text: str) -> str | None:
    """`from transformers import A, B` -> `import transformers as tf`, and `A` -> `tf.A` everywhere."""
    module = cst.parse_module(text)
    names: set[str] = set()
    body = []
    replaced = False
    for statement in module.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if (
            isinstance(small, cst.ImportFrom)
            and len(statement.body) == 1
            and small.relative == ()
            and isinstance(small.module, cst.Name)
            and small.module.value == PACKAGE
            and not isinstance(small.names, cst.ImportStar)
            and all(alias.asname is None for alias in small.names)
        ):
            names |= {alias.name.value for alias in small.names}
            if not replaced:
                body.append(cst.parse_statement(f"import {PACKAGE} as tf\n"))
                replaced = True
            continue
        body.append(statement)
    if not names:
        return None
    rest = cst.Module(body=[statement for statement in body if not _is_import(statement)])
    qualified = rest.visit(_Qualify(names))
    imports = [statement for statement in body if _is_import(statement)]
    return module.with_changes(body=[*imports, *qualified.body]).code


_LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.ConcatenatedString)


class _Hoist(cst.CSTTransformer):
    """Each literal argument of a call in one statement -> a name bound just before the statement."""

    def __init__(self, start: int) -> None:
        self.count = start
        self.bound: list[cst.SimpleStatementLine] = []

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        value = updated.value
        literal = isinstance(value, _LITERALS) or (
            isinstance(value, cst.Name) and value.value in ("True", "False", "None")
        )
        if not literal or original.star:
            return updated
        self.count += 1
        name = f"value_{self.count}"
        self.bound.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)]))
        return updated.with_changes(value=cst.Name(name))


def in_variables(text: str) -> str | None:
    """Every literal argument of a top-level statement's calls (`from_pretrained("gpt2", use_auth_token=True)`) is
    bound to a name first (`value_1 = "gpt2"`, `value_2 = True`) and passed by it."""
    module = cst.parse_module(text)
    body, count = [], 0
    for statement in module.body:
        if _is_import(statement):
            body.append(statement)
            continue
        hoist = _Hoist(count)
        changed = statement.visit(hoist)
        count = hoist.count
        if hoist.bound:
            first, *rest = hoist.bound
            body += [first.with_changes(leading_lines=statement.leading_lines), *rest]
            changed = changed.with_changes(leading_lines=[])
        body.append(changed)
    return module.with_changes(body=body).code if count else None


class _Construct(cst.CSTTransformer):
    """`X(...)` -> `MyX(...)` for the classes named."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.used: set[str] = set()

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if isinstance(original.func, cst.Name) and original.func.value in self.names:
            self.used.add(original.func.value)
            return updated.with_changes(func=cst.Name(f"My{original.func.value}"))
        return updated


def through_subclass(text: str) -> str | None:
    """Each transformers class the example constructs (`TrainingArguments(...)`) is constructed through a subclass
    of the project's (`class MyTrainingArguments(TrainingArguments): pass`)."""
    module = cst.parse_module(text)
    imported = {
        alias.name.value
        for statement in module.body
        if _is_import(statement)
        for small in statement.body
        if isinstance(small, cst.ImportFrom) and isinstance(small.module, cst.Name) and small.module.value == PACKAGE
        and not isinstance(small.names, cst.ImportStar)
        for alias in small.names
        if isinstance(alias.name, cst.Name) and alias.asname is None and alias.name.value[:1].isupper()
    }  # fmt: skip
    rest = cst.Module(body=[statement for statement in module.body if not _is_import(statement)])
    construct = _Construct(imported)
    changed = rest.visit(construct)
    if not construct.used:
        return None
    classes = [
        cst.parse_statement(f"class My{name}({name}):\n    pass\n").with_changes(
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()]
        )
        for name in sorted(construct.used)
    ]
    body = [*(s for s in module.body if _is_import(s)), *classes, *changed.body]
    if changed.body:
        body[len(body) - len(changed.body)] = changed.body[0].with_changes(
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()]
        )
    return module.with_changes(body=body).code


def notebook(text: str) -> str:
    """The imports in one code cell, the rest in another, a Markdown cell between."""
    module = cst.parse_module(text)
    imports = cst.Module(body=[s for s in module.body if _is_import(s)]).code
    rest = cst.Module(body=[s for s in module.body if not _is_import(s)]).code
    cells = [
        {"cell_type": "code", "metadata": {}, "source": imports.splitlines(keepends=True), "outputs": [],
         "execution_count": None},
        {"cell_type": "markdown", "metadata": {}, "source": ["Now the model.\n"]},
        {"cell_type": "code", "metadata": {}, "source": rest.splitlines(keepends=True), "outputs": [],
         "execution_count": None},
    ]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def markdown(text: str) -> str:
    return f"# Migrating\n\nThe tutorial's code:\n\n```python\n{text.rstrip()}\n```\n"


def variants(text: str) -> dict[str, tuple[str, str]]:
    """Variant name -> (file name, text); a Python shape is left out where the example offers nothing to change."""
    found = {"notebook": ("example.ipynb", notebook(text)), "markdown": ("example.md", markdown(text))}
    shapes = (
        ("function", in_function), ("module", through_module), ("subclass", through_subclass),
        ("variables", in_variables),
    )  # fmt: skip
    for name, shape in shapes:
        written = shape(text)
        if written is not None:
            found[name] = ("example.py", written)
    return found
