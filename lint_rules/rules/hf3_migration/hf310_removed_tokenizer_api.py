"""HF310: tokenizer methods and call keywords that transformers removed (`encode_plus`, `pad_to_max_length=`, ...)."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.tokenizers import (
    METHODS_READING_PADDING,
    REMOVED_CALL_KEYWORDS,
    REMOVED_TOKENIZER_METHODS,
    TOKENIZER_CLASS_SUFFIXES,
)
from lint_rules.rewrites import append_keyword, rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid
from lint_rules.versions import Version

IGNORED_IN = Version(5, 0)  # 4.52-4.57's fast tokenizers raised TypeError on `pad_to_max_length=`; 5.x ignores it


def _padding(ctx, node: cst.Call, call: cst.Call) -> cst.Call | None:
    """``call`` with ``node``'s `pad_to_max_length=` and `truncation_strategy=` said as 4.51 read them (None: no
    certain rewrite). `pad_to_max_length=True` with `max_length=` is `padding="max_length"` and, unless the call says
    how to truncate, `truncation=True` (4.51 truncated to `max_length` when no truncation was given); without it,
    `padding=True` (the longest in the batch); `False` is the default, dropped; a value that is not a literal, or a
    `padding=` beside it, leaves no certain rewrite. `truncation_strategy=X` is `truncation=X`, dropped where
    `truncation=` is given (4.51 then ignored it)."""
    pad = keyword(node, "pad_to_max_length")
    strategy = keyword(node, "truncation_strategy")
    if strategy is not None:
        if keyword(node, "truncation") is not None:
            call = rewrite_args(call, [strategy])
        else:
            call = rewrite_args(call, [], replace=(strategy, strategy.with_changes(keyword=cst.Name("truncation"))))
    if pad is not None:
        padded = ctx.fixed_constant(pad.value)
        if not isinstance(padded, bool) or keyword(node, "padding") is not None:
            return None
        if not padded:
            call = rewrite_args(call, [pad])
        elif keyword(node, "max_length") is None:
            call = rewrite_args(
                call, [], replace=(pad, pad.with_changes(keyword=cst.Name("padding"), value=cst.Name("True")))
            )
        else:
            value = cst.SimpleString('"max_length"')
            call = rewrite_args(call, [], replace=(pad, pad.with_changes(keyword=cst.Name("padding"), value=value)))
            if keyword(node, "truncation") is None and strategy is None:
                call = append_keyword(call, "truncation", "True")
    return call


def _is_tokenizer(ctx, receiver: cst.BaseExpression, annotated: bool = False) -> bool:
    """A tokenizer loaded from transformers, or a parameter of a file that imports transformers: these
    methods exist on transformers tokenizers only, so the object they are called on is one (unless the
    parameter's annotation says it is something else; with ``annotated``, only if its annotation says so)."""
    found = ctx.loaded_class(receiver)
    if found is not None:
        return found.endswith(TOKENIZER_CLASS_SUFFIXES)
    if not isinstance(receiver, cst.Name) or "transformers" not in ctx.table.imported:
        return False
    bound = ctx.table.lookup(receiver.value, ctx.scope, ctx.seq)
    param = bound[0].param if bound is not None else None
    if param is None:
        return False
    if param.annotation is None:
        return not annotated
    annotation = param.annotation.annotation
    with ctx.at(bound[1].parent or bound[1], bound[0].seq):  # annotations are read where the def is
        path = ctx.hf_name(annotation)
    return path is not None and path.endswith(TOKENIZER_CLASS_SUFFIXES)


class RemovedTokenizerApi(Rule):
    code = "HF310"
    name = "removed-tokenizer-api"
    summary = "Tokenizer methods and call keywords that transformers removed (`encode_plus`, `pad_to_max_length=`, ...)"
    messages = {
        "removed": "`{method}()` was removed from tokenizers in transformers 5.0 (AttributeError); {advice}",
        "removed_keyword": (
            "`{keyword}=` was removed from tokenizer calls in transformers {removed}: {effect}; {advice}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks calls of `encode_plus`, `batch_encode_plus`, `as_target_tokenizer` and `prepare_seq2seq_batch`
on a tokenizer loaded from transformers, or on a function's parameter in a file that imports
transformers: only transformers tokenizers ever had these methods. Also the keywords a tokenizer's call
(and `encode`) read until 4.51 and 4.52 dropped, `pad_to_max_length=` and `truncation_strategy=`, on a
tokenizer loaded from transformers or a parameter annotated as one.
"""
    why_bad = """
transformers 5 removed these long-deprecated methods from tokenizers: each raises `AttributeError`.
Calling the tokenizer does what `encode_plus` and `batch_encode_plus` did, and `text_target=` replaces
the `as_target_tokenizer()` context manager. `tokenizer(texts, max_length=128, pad_to_max_length=True)` pads
nothing in 5.x, silently (from 4.52 to 4.57 a fast tokenizer raised `TypeError`): a batch of unequal lengths
then fails to stack into a tensor, or trains on what the code did not ask for. `truncation_strategy=` raises
`TypeError`.
"""
    fix_safety = """
`tokenizer.encode_plus(...)` -> `tokenizer(...)` is safe. `batch_encode_plus` is unsafe: a list of
text pairs must move to `text_pair=`. `pad_to_max_length=True`, which the tokenizer's call ignores
in 5.x, becomes what 4.x made of it: `padding="max_length"` with `max_length=` (and `truncation=True`,
since 4.x then truncated to `max_length` unless told otherwise), else `padding=True`. A
`with tokenizer.as_target_tokenizer():` block becomes its body, each `tokenizer(targets, ...)` in it
`tokenizer(text_target=targets, ...)`, safely; not where the block uses the tokenizer otherwise
(`tokenizer.tokenize(...)` also changed in 4.x's target mode, and has no `text_target=`). On a direct call,
`pad_to_max_length=` becomes the same `padding=` (and `truncation=`), and `truncation_strategy=X` becomes
`truncation=X`, safe: what 4.51 did with them.
`tokenizer.prepare_seq2seq_batch(src, tgt, ...)` becomes `tokenizer(src, text_target=tgt, ..., padding="longest",
truncation=True)`, what 4.57's base class did (the same dict, checked under 4.57); unsafe, since a 4.x tokenizer
class could override the method; not where the call gives the targets their own `max_target_length=`.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            batch = tok.batch_encode_plus(questions, max_length=64, pad_to_max_length=True)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            batch = tok(questions, max_length=64, padding="max_length", truncation=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            enc = tok.encode_plus("hello", max_length=8, truncation=True)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            enc = tok("hello", max_length=8, truncation=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("t5-small")
            with tok.as_target_tokenizer():
                labels = tok(targets, max_length=128, truncation=True)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("t5-small")
            labels = tok(text_target=targets, max_length=128, truncation=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("Helsinki-NLP/opus-mt-en-ro")
            with tok.as_target_tokenizer():
                print(tok(["Hello, this one sentence!", "This is another sentence."]))
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("Helsinki-NLP/opus-mt-en-ro")
            print(tok(text_target=["Hello, this one sentence!", "This is another sentence."]))
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("Helsinki-NLP/opus-mt-en-ro")
            with tok.as_target_tokenizer():
                pieces = tok.tokenize(target)
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("t5-small")
            batch = tok.prepare_seq2seq_batch(src, tgt_texts=tgt)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("t5-small")
            batch = tok(src, text_target=tgt, padding="longest", truncation=True)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel, AutoTokenizer

            def make_qa_retriever_batch(qa_list, tokenizer, max_len=64):
                q_ls = [q for q, a in qa_list]
                return tokenizer.batch_encode_plus(q_ls, max_length=max_len, padding="max_length")
            """,
            fixed="""
            from transformers import AutoModel, AutoTokenizer

            def make_qa_retriever_batch(qa_list, tokenizer, max_len=64):
                q_ls = [q for q, a in qa_list]
                return tokenizer(q_ls, max_length=max_len, padding="max_length")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            batch = tokenizer(texts, max_length=128, pad_to_max_length=True, truncation_strategy="only_first")
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            batch = tokenizer(texts, max_length=128, padding="max_length", truncation="only_first")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoTokenizer

            def encode(tokenize, texts):
                return tokenize(texts, pad_to_max_length=True)  # any callable: not certain
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            tok("hello")
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            tok.encode_plus("hello")
            """,
            target="4.57",
        ),
        Valid(
            """
            import tiktoken

            enc = tiktoken.get_encoding('x')
            enc.encode_plus('hello')
            """,
        ),
        Valid(
            """
            import tiktoken
            from transformers import AutoModel

            def encode(tokenizer, text):
                return tokenizer.encode(text)

            def encode_pair(encoding: tiktoken.Encoding, text):
                return encoding.encode_plus(text)
            """,
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if any(arg.keyword is not None and arg.keyword.value in REMOVED_CALL_KEYWORDS for arg in node.args):
            if not (isinstance(func, cst.Attribute) and func.attr.value in REMOVED_TOKENIZER_METHODS):
                self._old_keywords(node)
        if not (isinstance(func, cst.Attribute) and func.attr.value in REMOVED_TOKENIZER_METHODS):
            return
        method = func.attr.value
        removed = REMOVED_TOKENIZER_METHODS[method]
        if self.ctx.target < removed.removed_in or not _is_tokenizer(self.ctx, func.value):
            return
        fix = None
        if method in ("encode_plus", "batch_encode_plus"):
            fix = self._call_instead(node, method)
        elif method == "prepare_seq2seq_batch":
            fix = self._seq2seq_batch(node)
        if method != "as_target_tokenizer":  # that one is reported at its `with`, which the fix rewrites
            self.report(func.attr, self.message("removed", method=method, advice=removed.advice), fix)

    def _call_instead(self, node: cst.Call, method: str) -> PendingFix | None:
        """`tok.encode_plus(x, ...)` -> `tok(x, ...)`. `pad_to_max_length=`, which the call ignores in 5.x, becomes
        what 4.x made of it: with `max_length=`, `padding="max_length"` and, unless the call says how to truncate,
        `truncation=True` (4.x truncated to `max_length` when no truncation was given); without it, `padding=True`
        (the longest in the batch); `False` is the default, dropped (no fix when its value is not a literal)."""
        call = _padding(self.ctx, node, node.with_changes(func=node.func.value))
        if call is None:
            return None
        applicability = Applicability.SAFE if method == "encode_plus" else Applicability.UNSAFE
        return PendingFix(applicability, "Call the tokenizer", [self.ctx.replace(node, call)])

    def _old_keywords(self, node: cst.Call) -> None:
        """`tokenizer(texts, max_length=64, pad_to_max_length=True)`: keywords 4.52 dropped from the call."""
        func = node.func  # the tokenizer called, or one of its methods that read them
        is_method = isinstance(func, cst.Attribute) and func.attr.value in METHODS_READING_PADDING
        receiver = func.value if is_method else func
        if not _is_tokenizer(self.ctx, receiver, annotated=True):
            return  # a parameter without an annotation is not certain here: any callable may take these keywords
        fixed = _padding(self.ctx, node, node)
        edit = None if fixed is None else self.ctx.replace(node, fixed)
        for arg in node.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name not in REMOVED_CALL_KEYWORDS or self.ctx.target < REMOVED_CALL_KEYWORDS[name]:
                continue
            target = self.ctx.target
            if name == "pad_to_max_length":
                effect = f"transformers {target} " + (
                    "ignores it and pads nothing"
                    if target >= IGNORED_IN
                    else "raises TypeError on it (fast tokenizers)"
                )
                advice = 'use `padding="max_length"` (or `padding=True` without `max_length=`)'
            else:
                effect, advice = f"transformers {target} raises TypeError on it", "use `truncation=`"
            message = self.message(
                "removed_keyword", keyword=name, removed=REMOVED_CALL_KEYWORDS[name], effect=effect, advice=advice
            )
            fix = None if edit is None else PendingFix(Applicability.SAFE, "Say it as 4.51 read it", [edit])
            self.report(arg.keyword, message, fix)
            edit = None  # one edit for the call

    def _seq2seq_batch(self, node: cst.Call) -> PendingFix | None:
        """`tok.prepare_seq2seq_batch(src, tgt, max_length=M, return_tensors="pt")` -> `tok(src, text_target=tgt,
        max_length=M, padding="longest", truncation=True, return_tensors="pt")`: what 4.57's base class did (its
        defaults made explicit; the targets got the same `max_length`, their ids went to `labels`). Unsafe: a
        tokenizer class of 4.x could override the method (mBART's read `src_lang`). Not made where the call gives
        `max_target_length=` (the targets' own limit), `src_lang=` / `tgt_lang=`, or unpacks a dict."""
        order = ("src_texts", "tgt_texts", "max_length", "max_target_length", "padding", "return_tensors", "truncation")
        args = list(node.args)
        if any(arg.star for arg in args) or sum(arg.keyword is None for arg in args) > len(order):
            return None
        named = {}
        for position, arg in enumerate(args):
            name = arg.keyword.value if arg.keyword is not None else order[position]
            named[name] = arg.value
        if set(named) - set(order) or "max_target_length" in named or "src_texts" not in named:
            return None
        parts = [self.ctx.code(named["src_texts"])]
        if "tgt_texts" in named:
            parts.append(f"text_target={self.ctx.code(named['tgt_texts'])}")
        if "max_length" in named:
            parts.append(f"max_length={self.ctx.code(named['max_length'])}")
        parts.append(f"padding={self.ctx.code(named['padding'])}" if "padding" in named else 'padding="longest"')
        parts.append(f"truncation={self.ctx.code(named['truncation'])}" if "truncation" in named else "truncation=True")
        if "return_tensors" in named:
            parts.append(f"return_tensors={self.ctx.code(named['return_tensors'])}")
        edit = self.ctx.replace(node, f"{self.ctx.code(node.func.value)}({', '.join(parts)})")
        return PendingFix(Applicability.UNSAFE, "Call the tokenizer with `text_target=`", [edit])

    def visit_With(self, node: cst.With) -> None:
        removed = REMOVED_TOKENIZER_METHODS["as_target_tokenizer"]
        for item in node.items:
            call = item.item
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == removed.name
                and self.ctx.target >= removed.removed_in
                and _is_tokenizer(self.ctx, call.func.value)
            ):
                message = self.message("removed", method=removed.name, advice=removed.advice)
                self.report(call.func.attr, message, self._unwrap(node, call.func.value))

    def _unwrap(self, node: cst.With, tokenizer: cst.BaseExpression) -> PendingFix | None:
        """`with tok.as_target_tokenizer(): <block>` -> the block, each `tok(t, ...)` in it as `tok(text_target=t,
        ...)`. Only where every use of the tokenizer in the block is such a call (4.x's target mode also changed
        what `tok.tokenize` and the like did), and the `with` has no other item or `as` name."""
        body = node.body
        if len(node.items) != 1 or node.items[0].asname is not None or not isinstance(body, cst.IndentedBlock):
            return None
        indent = self.ctx._indents.get(id(node))
        if indent is None:
            return None
        targets = _Targets(self.ctx.code(tokenizer), self.ctx.module.code_for_node)
        block = body.visit(targets)
        if not targets.calls or targets.calls != targets.uses or targets.refused:
            return None
        lines = []
        for number, statement in enumerate(block.body):
            if number == 0:
                statement = statement.with_changes(leading_lines=[])  # the `with`'s own leading lines stay put
            lines.append(self.ctx.module.code_for_node(statement))
        text = "".join(lines).rstrip("\r\n").replace("\n", "\n" + indent)
        comment = body.header.comment
        if comment is not None and "\n" not in text and "#" not in text:  # keep the `with` line's comment
            text += "  " + comment.value
        return PendingFix(
            Applicability.SAFE, "Tokenize the targets with `text_target=`", [self.ctx.replace(node, text)]
        )


class _Targets(cst.CSTTransformer):
    """Each `tok(first, ...)` as `tok(text_target=first, ...)`; counts the tokenizer's uses and those calls."""

    def __init__(self, tokenizer: str, code) -> None:
        super().__init__()
        self.tokenizer, self.code = tokenizer, code
        self.uses = self.calls = 0
        self.refused = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Name, cst.Attribute)) and self.code(node) == self.tokenizer:
            self.uses += 1
            return False
        return True

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if not (isinstance(original.func, (cst.Name, cst.Attribute)) and self.code(original.func) == self.tokenizer):
            return updated
        first = updated.args[0] if updated.args and updated.args[0].keyword is None else None
        if (
            first is None
            or first.star
            or any(arg.keyword and arg.keyword.value == "text_target" for arg in updated.args)
        ):
            self.refused = True
            return updated
        self.calls += 1
        equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        return updated.with_changes(
            args=[first.with_changes(keyword=cst.Name("text_target"), equal=equal), *updated.args[1:]]
        )
