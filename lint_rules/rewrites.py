"""The rewrites that fixes share: dropping or replacing arguments, spelling and importing a transformers name."""

from __future__ import annotations

import re

import libcst as cst

from lint_rules.facts.bindings import dotted, transformers_path


def rewrite_args(
    call: cst.Call, drop: list[cst.Arg], replace: tuple[cst.Arg, cst.Arg] | list[tuple[cst.Arg, cst.Arg]] | None = None
) -> cst.Call:
    """``call`` without the arguments in ``drop`` and with ``replace = (old, new)`` (or a list of such pairs) swapped
    in.

    Commas follow the layout: a replacement keeps the comma of the argument it replaces, and when
    the last argument goes, the new last one takes its closing (its comma or none, and the line
    break before the `)`, so the `)` stays where it was); with no argument left, the call is `f()`.
    """
    pairs = [] if replace is None else [replace] if isinstance(replace, tuple) else replace
    args = []
    for arg in call.args:
        new = next((new for old, new in pairs if old is arg), None)
        if new is not None:
            args.append(new.with_changes(comma=arg.comma))
        elif not any(arg is gone for gone in drop):
            args.append(arg)
    if not args:
        return call.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace(""))
    if call.args and any(call.args[-1] is gone for gone in drop):
        args[-1] = _closing(args[-1], call.args[-1])
    return call.with_changes(args=args)


def _closing(own: cst.Arg, removed: cst.Arg) -> cst.Arg:
    """``own``, which becomes the last argument, closing the call as ``removed`` did."""
    if isinstance(removed.comma, cst.Comma):
        return own.with_changes(comma=_closing_comma(own.comma, removed.comma))
    after = removed.whitespace_after_arg  # no trailing comma: what is before the `)`
    comma = own.comma
    if (
        isinstance(comma, cst.Comma)
        and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
        and isinstance(after, cst.ParenthesizedWhitespace)
    ):  # keep own's line comment
        after = comma.whitespace_after.with_changes(indent=after.indent, last_line=after.last_line)
    return own.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=after)


def _closing_comma(own, removed):
    """The comma for an argument that becomes the last: its own line comment, the removed one's closing."""
    if (
        isinstance(own, cst.Comma)
        and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace)
        and isinstance(removed.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        closing = removed.whitespace_after
        return own.with_changes(
            whitespace_after=own.whitespace_after.with_changes(indent=closing.indent, last_line=closing.last_line)
        )
    return removed


def transformers_symbol(ctx, anchor: cst.BaseExpression, symbol: str) -> tuple[str, list] | None:
    """How to spell transformers' ``symbol`` where ``anchor`` (a transformers name) is used.

    Returns the expression text and the edits that make it valid: the name itself when it is
    already imported; ``tr.symbol`` when transformers is imported as a module; otherwise the
    name added to the ``from transformers import ...`` that brought ``anchor`` in, or a new import
    line above the ``from transformers.x import ...`` that did. None when the name is taken.
    """
    found = ctx.table.qualified_name(cst.Name(symbol), ctx.scope, ctx.seq)
    if transformers_path(found) == symbol:
        return symbol, []
    base = anchor
    while isinstance(base, cst.Attribute):
        base = base.value
    if not isinstance(base, cst.Name):
        return None
    hit = ctx.table.lookup(base.value, ctx.scope, ctx.seq)
    if hit is None or hit[0].statement is None:
        return None
    binding = hit[0]
    if isinstance(binding.statement, cst.Import):
        return (f"{base.value}.{symbol}", []) if binding.origin == "transformers" else None
    if ctx.is_bound(symbol):
        return None
    statement = binding.statement
    if statement.relative or statement.module is None:
        return None
    if dotted(statement.module) == "transformers":
        names = list(statement.names)
        last = names[-1]
        if isinstance(last.comma, cst.Comma) and statement.lpar is not None:
            # one name per line with a trailing comma: the new name goes on its own line, like the first
            names[-1] = last.with_changes(comma=cst.Comma(whitespace_after=statement.lpar.whitespace_after))
            names.append(cst.ImportAlias(name=cst.Name(symbol), comma=last.comma))
        else:
            names[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            names.append(cst.ImportAlias(name=cst.Name(symbol)))
        return symbol, [ctx.replace(statement, statement.with_changes(names=names))]
    return symbol, [ctx.insert_line_above(statement, f"from transformers import {symbol}")]


def swap_class(ctx, class_expr: cst.BaseExpression, new: str) -> list | None:
    """Edits that make ``class_expr`` (a transformers class) read ``new`` instead.

    When the old name came from ``from transformers import Old`` and this is its only use, the import
    is rewritten too, so no unused import is left behind; otherwise ``new`` is imported beside it.
    """
    if isinstance(class_expr, cst.Name):
        old = class_expr.value
        found = ctx.table.lookup(old, ctx.scope, ctx.seq)
        statement = found[0].statement if found else None
        if (
            isinstance(statement, cst.ImportFrom)
            and not statement.relative
            and statement.module is not None
            and dotted(statement.module) == "transformers"
            and not isinstance(statement.names, cst.ImportStar)
            and any(_plain_alias(alias, old) for alias in statement.names)
            and len(re.findall(rf"\b{re.escape(old)}\b", ctx.text)) == 2  # the import and this use
            and not ctx.is_bound(new)
        ):
            names = [
                alias.with_changes(name=cst.Name(new)) if _plain_alias(alias, old) else alias
                for alias in statement.names
            ]
            return [ctx.replace(statement, statement.with_changes(names=names)), ctx.replace(class_expr, new)]
    spelled = transformers_symbol(ctx, class_expr, new)
    if spelled is None:
        return None
    text, edits = spelled
    return [ctx.replace(class_expr, text), *edits]


def _plain_alias(alias: cst.ImportAlias, name: str) -> bool:
    """`import name` without `as`."""
    return isinstance(alias.name, cst.Name) and alias.name.value == name and alias.asname is None


def without_alias(statement: cst.ImportFrom, alias: cst.ImportAlias) -> cst.ImportFrom | None:
    """The import without ``alias`` (its commas kept tidy); None when it was the only name."""
    others = [a for a in statement.names if a is not alias]
    if not others:
        return None
    if not isinstance(others[-1].comma, cst.Comma) or statement.rpar is None:
        others[-1] = others[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return statement.with_changes(names=others)


def append_keyword(call: cst.Call, keyword: str, value: str) -> cst.Call:
    """``call`` with ``keyword=value`` added after its last argument, in the call's layout: on a line of its
    own when the arguments are one per line, else after a comma and a space, spaced like the last keyword."""
    args = list(call.args)
    last = args[-1]
    equal = last.equal if isinstance(last.equal, cst.AssignEqual) else _COMPACT_EQUAL
    added = cst.Arg(keyword=cst.Name(keyword), value=cst.parse_expression(value), equal=equal)
    if isinstance(last.comma, cst.Comma) and isinstance(last.comma.whitespace_after, cst.ParenthesizedWhitespace):
        before = args[-2].comma.whitespace_after if len(args) > 1 else call.whitespace_before_args
        args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=before))
        added = added.with_changes(comma=last.comma)
    else:
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(args=[*args, added])


_COMPACT_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def mentions(text: str, name: str) -> list[str]:
    """Each place ``text`` spells ``name`` as a name of its own (not an attribute, not part of a longer name):
    a fix that must see every use of a name counts them against the uses it found."""
    return re.findall(rf"(?<![\w.]){re.escape(name)}\b", text)
