"""HF324: a dataset's column, a lazy `Column` since datasets 4.0, handed to what needs its values."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.rule import FixAvailability, Invalid, Rule, Valid
from lint_rules.versions import Version

LAZY_SINCE = Version(4, 0)
# datasets calls whose result is a Dataset / a DatasetDict (by the split they are given, for load_dataset)
_MAKES_DATASET = frozenset({f"datasets.Dataset.{name}" for name in ("from_dict", "from_list", "from_pandas")})
_LOADS = frozenset({"datasets.load_dataset"})
# methods of a Dataset or DatasetDict that return the same kind; train_test_split makes a DatasetDict
_SAME_KIND = frozenset(
    {
        "map", "filter", "select", "shuffle", "sort", "remove_columns", "rename_column", "rename_columns",
        "cast", "cast_column", "with_format", "flatten", "add_column", "select_columns", "with_transform",
        "class_encode_column",
    }
)  # fmt: skip
# what a tensor or a list of values has and a `Column` (count, index, iteration) has not
_VALUE_ATTRIBUTES = frozenset({"to", "numpy", "tolist", "shape", "cuda", "size", "float", "long", "half", "dtype"})
_TEXT_KEYWORDS = ("text", "text_pair", "text_target", "text_pair_target")


class LazyDatasetColumn(Rule):
    code = "HF324"
    name = "lazy-dataset-column"
    summary = "A dataset's column, a lazy `Column` since datasets 4.0, handed to what needs its values"
    modules = ("datasets",)
    messages = {
        "tokenizer": (
            "`{column}` is a lazy `Column` in datasets {release} (since 4.0), not a list: the tokenizer rejects it "
            "(ValueError: text input must be of type `str`...); take its values with `[:]`"
        ),
        "attribute": (
            "`{column}` is a lazy `Column` in datasets {release} (since 4.0), not a list or tensor: it has no "
            "`.{attribute}` (AttributeError); take its values with `[:]`"
        ),
    }
    fix_availability = FixAvailability.ALWAYS
    what_it_does = """
Checks `dataset["column"]`, where `dataset` is a `Dataset` by origin (`load_dataset(...)["train"]`,
`load_dataset(..., split=...)`, `Dataset.from_dict(...)`, and what `map`, `filter`, `select` and the like
return), handed to a transformers tokenizer as its text, or read for what only a list or a tensor has (`.to()`,
`.numpy()`, `.tolist()`, `.shape`, ...), when the project runs datasets 4.0 or later.
"""
    why_bad = """
datasets 4.0 made `dataset["column"]` a lazy `Column`, which iterates over the values instead of holding them.
Code written for datasets 2 and 3 got a list, or a tensor after `set_format("torch")`: a tokenizer given the
`Column` raises `ValueError: text input must be of type str (single example), list[str] (batch or single
pretokenized example)...`, and `dataset["input_ids"].to(device)` raises `AttributeError: 'Column' object has no
attribute 'to'`.
"""
    fix_safety = """
`dataset["column"]` -> `dataset["column"][:]`: safe. The slice is what the older releases returned, a list, or
the tensor or array of the dataset's format, and on the releases before 4.0 it is a copy of the same values.
"""
    invalid = (
        Invalid(
            """
            from datasets import load_dataset
            from transformers import AutoTokenizer

            raw_datasets = load_dataset("glue", "mrpc")
            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenized = tokenizer(raw_datasets["train"]["sentence1"])
            """,
            fixed="""
            from datasets import load_dataset
            from transformers import AutoTokenizer

            raw_datasets = load_dataset("glue", "mrpc")
            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenized = tokenizer(raw_datasets["train"]["sentence1"][:])
            """,
        ),
        Invalid(
            """
            import datasets

            eval_set = datasets.load_dataset("squad", split="validation").map(prepare, batched=True)
            eval_set.set_format("torch")
            batch = {k: eval_set[k].to(device) for k in eval_set.column_names}
            """,
            fixed="""
            import datasets

            eval_set = datasets.load_dataset("squad", split="validation").map(prepare, batched=True)
            eval_set.set_format("torch")
            batch = {k: eval_set[k][:].to(device) for k in eval_set.column_names}
            """,
        ),
    )
    valid = (
        Valid(
            """
            from datasets import load_dataset
            from transformers import AutoTokenizer

            raw = load_dataset("glue", "mrpc")
            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            for sentence in raw["train"]["sentence1"]:
                print(len(raw["train"]["label"]), tokenizer(sentence))
            tokenized = tokenizer(raw["train"]["sentence1"][:], raw["train"]["sentence2"][:])
            """,
        ),
        Valid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenized = tokenizer(table["train"]["sentence1"])  # not a dataset anyone can tell
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._names: list[str] = []  # names bound by `for k in <x>.column_names` (a loop or a comprehension)

    def _release(self) -> Version | None:
        """The datasets release the project will run, where it makes columns lazy."""
        newest = self.ctx.stack.range("datasets").newest if self.ctx.stack is not None else None
        return newest if newest is not None and newest >= LAZY_SINCE else None

    @staticmethod
    def interesting(identifier: str) -> bool:
        return identifier in _VALUE_ATTRIBUTES

    def visit_Call(self, node: cst.Call) -> None:
        found = self.ctx.loader(node.func)
        if found is None or not found[0].endswith(("Tokenizer", "TokenizerFast")):
            return
        texts = [argument(node, 0, "text"), argument(node, 1, "text_pair")]
        texts += [argument(node, 99, name) for name in _TEXT_KEYWORDS[2:]]
        for text in texts:
            if text is not None and self._column(text):
                release = self._release()
                if release is not None:
                    message = self.message("tokenizer", column=self.ctx.code(text), release=release)
                    self.report(text, message, self._fix(text))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in _VALUE_ATTRIBUTES and self._column(node.value):
            release = self._release()
            if release is not None:
                column = self.ctx.code(node.value)
                message = self.message("attribute", column=column, release=release, attribute=node.attr.value)
                self.report(node.value, message, self._fix(node.value))

    def _fix(self, column: cst.BaseExpression) -> PendingFix:
        edit = self.ctx.replace(column, f"{self.ctx.code(column)}[:]")
        return PendingFix(Applicability.SAFE, "Take the column's values with `[:]`", [edit])

    def _column(self, node: cst.BaseExpression) -> bool:
        """`<a Dataset>[<a column name>]`: a string, or a name a comprehension or loop takes from `.column_names`."""
        if not isinstance(node, cst.Subscript) or len(node.slice) != 1:
            return False
        index = node.slice[0].slice
        if not isinstance(index, cst.Index):
            return False
        key = index.value
        if not (isinstance(self.ctx.constant(key), str) or isinstance(key, cst.Name) and key.value in self._names):
            return False
        return self._kind(node.value) == "dataset"

    def _enter(self, target: cst.BaseExpression, iterated: cst.BaseExpression) -> None:
        named = isinstance(target, cst.Name) and isinstance(iterated, cst.Attribute)
        self._names.append(target.value if named and iterated.attr.value == "column_names" else "")

    def _comprehension(self, node) -> None:  # its element comes before its `for`s in the tree
        clause = node.for_in
        while clause is not None:
            self._enter(clause.target, clause.iter)
            clause = clause.inner_for_in

    def _left(self, node) -> None:
        clause = node.for_in
        while clause is not None:
            self._names.pop()
            clause = clause.inner_for_in

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension
    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _left

    def visit_For(self, node: cst.For) -> None:
        self._enter(node.target, node.iter)

    def leave_For(self, node: cst.For) -> None:
        self._names.pop()

    def _kind(self, node: cst.BaseExpression) -> str | None:
        """ "dataset" or "dict" (a DatasetDict) where ``node`` holds one by origin; else None."""
        scope, seq = self.ctx.scope, self.ctx.seq
        for _ in range(16):
            if isinstance(node, cst.Name):
                found = self.ctx.table.lookup(node.value, scope, seq)
                if found is None or found[0].value is None:
                    return None
                binding, scope = found
                node, seq = binding.value, binding.seq
            elif isinstance(node, cst.Subscript):
                if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
                    return None
                with self.ctx.at(scope, seq):
                    split = self.ctx.constant(node.slice[0].slice.value)
                if not isinstance(split, str):
                    return None
                return "dataset" if self._kind_at(node.value, scope, seq) == "dict" else None
            elif isinstance(node, cst.Call):
                func = node.func
                with self.ctx.at(scope, seq):
                    path = self.ctx.qualified_name(func)
                if path in _LOADS:
                    return "dataset" if argument(node, 99, "split") is not None else "dict"
                if path in _MAKES_DATASET:
                    return "dataset"
                if not isinstance(func, cst.Attribute) or func.attr.value not in _SAME_KIND:
                    return None
                node = func.value
            else:
                return None
        return None

    def _kind_at(self, node: cst.BaseExpression, scope, seq: int) -> str | None:
        with self.ctx.at(scope, seq):
            return self._kind(node)
