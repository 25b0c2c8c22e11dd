"""HF3xx: classes, functions and methods that transformers (and datasets) renamed or removed."""

from __future__ import annotations

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.engine import PendingFix
from lint_rules.facts.models import argument
from lint_rules.fixes import swap_class
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.registry import Invalid, Valid
from lint_rules.rules.base import NameUseRule
from lint_rules.versions import Version

V5 = Version(5, 0)


class Vision2SeqAutoClass(NameUseRule):
    code = "HF307"
    name = "vision2seq-auto-class"
    summary = "`AutoModelForVision2Seq` was replaced by `AutoModelForImageTextToText`"
    message_formats = (
        "`AutoModelForVision2Seq` was removed in transformers 5.0 (ImportError); use `AutoModelForImageTextToText`",
        "`AutoModelForVision2Seq` is deprecated; use `AutoModelForImageTextToText`",
    )
    fix_availability = "Always"
    old, new = "AutoModelForVision2Seq", "AutoModelForImageTextToText"
    applies_from = Version(4, 57)  # measured: 4.57.6 warns (FutureWarning)
    new_since = Version(4, 46)
    removed_in = V5
    what_it_does = "Checks imports and uses of `AutoModelForVision2Seq`."
    why_bad = """
transformers 4.46 added `AutoModelForImageTextToText` for models that take images and text and
generate text; late 4.x releases warn on `AutoModelForVision2Seq`, and 5.0 removed it:
`from transformers import AutoModelForVision2Seq` raises `ImportError`.
"""
    fix_safety = """
Renaming is safe: from 4.46 on, the new class loads the same model classes for these checkpoints.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelForVision2Seq, AutoProcessor\n\nmodel = AutoModelForVision2Seq.from_pretrained("Salesforce/blip-image-captioning-base")\n',
            fixed='from transformers import AutoModelForImageTextToText, AutoProcessor\n\nmodel = AutoModelForImageTextToText.from_pretrained("Salesforce/blip-image-captioning-base")\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoModelForImageTextToText\n\nAutoModelForImageTextToText.from_pretrained("x")\n'),
        Valid('from transformers import AutoModelForVision2Seq\n\nAutoModelForVision2Seq.from_pretrained("x")\n', target="4.45"),
    )

    def interesting(self, name: str) -> bool:
        return name == self.old

    def check_use(self, name, node, expr) -> None:
        target = self.ctx.target
        if target < self.applies_from:
            return
        message = self.message_formats[0 if target >= self.removed_in else 1]
        fix = PendingFix(Applicability.SAFE, f"Use `{self.new}`", [self.ctx.replace(node, self.new)])
        self.report(node, message, fix)


class AutoModelWithLmHead(NameUseRule):
    code = "HF304"
    name = "auto-model-with-lm-head"
    summary = "`AutoModelWithLMHead` was removed; use the causal, masked or seq2seq class that fits the model"
    message_formats = (
        "`AutoModelWithLMHead` was removed in transformers 5.0 (ImportError); for `{id}` it loaded `{loaded}`: use `{fix}`",
        "`AutoModelWithLMHead` was removed in transformers 5.0 (ImportError); use `AutoModelForCausalLM`, `AutoModelForMaskedLM` or `AutoModelForSeq2SeqLM`, whichever fits the model",
        "`AutoModelWithLMHead` is deprecated; use `AutoModelForCausalLM`, `AutoModelForMaskedLM` or `AutoModelForSeq2SeqLM`",
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks imports and uses of `AutoModelWithLMHead`, which loaded a causal, masked or seq2seq language
model depending on the checkpoint.
"""
    why_bad = """
The class was deprecated for years (FutureWarning in 4.x) and 5.0 removed it: the import raises
`ImportError`. Which class replaces it depends on the model: GPT-2 -> `AutoModelForCausalLM`, BERT ->
`AutoModelForMaskedLM`, T5 -> `AutoModelForSeq2SeqLM`.
"""
    fix_safety = """
Where the model is resolved, the fix picks the Auto class that loads the very class
`AutoModelWithLMHead` loaded in the last release that had it, so behaviour is unchanged: safe. With
an unresolved model there is no fix.
"""
    invalid = (
        Invalid(
            'from transformers import AutoModelWithLMHead\n\nmodel = AutoModelWithLMHead.from_pretrained("gpt2")\n',
            fixed='from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\n',
        ),
        Invalid(
            'import transformers\n\nmodel = transformers.AutoModelWithLMHead.from_pretrained("bert-base-uncased")\n',
            fixed='import transformers\n\nmodel = transformers.AutoModelForMaskedLM.from_pretrained("bert-base-uncased")\n',
        ),
        Invalid('from transformers import AutoModelWithLMHead\n\nmodel = AutoModelWithLMHead.from_pretrained(args.model)\n'),
    )
    valid = (Valid('from transformers import AutoModelForCausalLM\n\nAutoModelForCausalLM.from_pretrained("gpt2")\n'),)
    REPLACEMENTS = ("AutoModelForCausalLM", "AutoModelForMaskedLM", "AutoModelForSeq2SeqLM")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.handled: set[int] = set()

    def interesting(self, name: str) -> bool:
        return name == "AutoModelWithLMHead"

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained"):
            return
        if self.ctx.hf_name(func.value) != "AutoModelWithLMHead" or self.ctx.target < V5:
            return
        name_node = func.value.attr if isinstance(func.value, cst.Attribute) else func.value
        self.handled.add(id(name_node))
        model = self.ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
        last = next((c for c in reversed(all_catalogs()) if "AutoModelWithLMHead" in c.auto_classes), None)
        loaded = last.model_class("AutoModelWithLMHead", model.model_type) if model and last else None
        new = next((cls for cls in self.REPLACEMENTS if loaded and last.model_class(cls, model.model_type) == loaded), None)
        edits = swap_class(self.ctx, func.value, new) if new and self.ctx.catalog.loads(new, model.model_type) else None
        if edits:
            fix = PendingFix(Applicability.SAFE, f"Use `{new}`", edits)
            self.report(name_node, self.message_formats[0].format(id=model.model_id, loaded=loaded, fix=new), fix)
        else:
            self.report(name_node, self.message_formats[1])

    def check_use(self, name, node, expr) -> None:
        if id(node) in self.handled:
            return
        if self.ctx.target >= V5:
            self.report(node, self.message_formats[1])
        elif self.ctx.target >= Version(4, 0):
            self.report(node, self.message_formats[2])

    def check_import(self, name, node, alias, statement) -> None:
        if self.ctx.target >= V5 and len(self.ctx.text.split("AutoModelWithLMHead")) == 3:
            return  # the one use is reported with a fix that rewrites this import too
        self.check_use(name, node, node)


class TransformersAdamW(NameUseRule):
    code = "HF311"
    name = "transformers-adamw"
    summary = "`transformers.AdamW` was removed; use `torch.optim.AdamW`"
    message_formats = ("`AdamW` is no longer part of transformers (ImportError); use `torch.optim.AdamW`",)
    fix_availability = "Sometimes"
    what_it_does = "Checks imports and uses of `AdamW` from transformers."
    why_bad = """
transformers' own `AdamW` was deprecated in favour of PyTorch's and then removed; neither 4.57 nor
5.x exports it, so `from transformers import AdamW` raises `ImportError`.
"""
    fix_safety = """
The fix imports `AdamW` from `torch.optim` instead and is unsafe: the defaults differ
(`torch.optim.AdamW` has `weight_decay=0.01` where transformers' had `0.0`, and no `correct_bias`),
so pass the values you relied on explicitly.
"""
    invalid = (
        Invalid(
            "from transformers import AdamW\n\noptimizer = AdamW(model.parameters(), lr=5e-5)\n",
            fixed="from torch.optim import AdamW\n\noptimizer = AdamW(model.parameters(), lr=5e-5)\n",
        ),
        Invalid(
            "from transformers import AdamW, get_linear_schedule_with_warmup\n\noptimizer = AdamW(params, lr=1e-4)\n",
            fixed="from torch.optim import AdamW\nfrom transformers import get_linear_schedule_with_warmup\n\noptimizer = AdamW(params, lr=1e-4)\n",
        ),
        Invalid(
            "import torch\nimport transformers\n\noptimizer = transformers.AdamW(params)\n",
            fixed="import torch\nimport transformers\n\noptimizer = torch.optim.AdamW(params)\n",
        ),
    )
    valid = (
        Valid("from torch.optim import AdamW\n\nAdamW(params)\n"),
        Valid("import bitsandbytes as bnb\n\nbnb.optim.AdamW(params)\n"),
    )

    def interesting(self, name: str) -> bool:
        return name == "AdamW"

    def check_import(self, name, node, alias, statement) -> None:
        others = [a for a in statement.names if a is not alias]
        moved = cst.ImportFrom(module=cst.parse_expression("torch.optim"), names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        if not others:
            edits = [self.ctx.replace(statement, moved)]
        else:
            if not isinstance(others[-1].comma, cst.Comma) or statement.rpar is None:
                others[-1] = others[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            edits = [
                self.ctx.replace(statement, statement.with_changes(names=others)),
                self.ctx.insert_line_above(statement, self.ctx.code(moved)),
            ]
        self.report(node, self.message_formats[0], PendingFix(Applicability.UNSAFE, "Import `AdamW` from `torch.optim`", edits))

    def check_use(self, name, node, expr) -> None:
        if expr is node:
            return  # a bare `AdamW`: the import is what breaks, and is reported there
        fix = None
        if self.ctx.qualified_name(cst.Name("torch")) == "torch":
            fix = PendingFix(Applicability.UNSAFE, "Use `torch.optim.AdamW`", [self.ctx.replace(expr, "torch.optim.AdamW")])
        self.report(node, self.message_formats[0], fix)


class DatasetsLoadMetric(NameUseRule):
    code = "HF312"
    name = "datasets-load-metric"
    summary = "`datasets.load_metric` was removed; use `evaluate.load`"
    message_formats = ("`datasets.load_metric` was removed in datasets 3.0; use `evaluate.load`",)
    fix_availability = "Sometimes"
    module = "datasets"
    modules = ("datasets",)
    what_it_does = "Checks imports and calls of `load_metric` from the `datasets` library."
    why_bad = """
Metrics moved from `datasets` to the `evaluate` library; datasets 3.0 removed `load_metric`, so the
import raises `ImportError`. `evaluate.load("accuracy")` takes the same metric names.
"""
    fix_safety = """
Calls become `evaluate.load(...)` with the same arguments, and the `datasets` import of
`load_metric` becomes `import evaluate`: safe, as the metric scripts are the same (install
`evaluate`). Other uses of the name (passing the function around) are reported without a fix.
"""
    invalid = (
        Invalid(
            'from datasets import load_metric\n\nmetric = load_metric("accuracy")\n',
            fixed='import evaluate\n\nmetric = evaluate.load("accuracy")\n',
        ),
        Invalid(
            'import datasets\nfrom datasets import load_dataset, load_metric\n\nbleu = datasets.load_metric("sacrebleu")\nrouge = load_metric("rouge")\n',
            fixed='import datasets\nimport evaluate\nfrom datasets import load_dataset\n\nbleu = evaluate.load("sacrebleu")\nrouge = evaluate.load("rouge")\n',
        ),
    )
    valid = (
        Valid('import evaluate\n\nmetric = evaluate.load("accuracy")\n'),
        Valid('from mylib import load_metric\n\nload_metric("accuracy")\n'),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.calls: set[int] = set()

    def interesting(self, name: str) -> bool:
        return name == "load_metric"

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.ctx.qualified_name(node.func)
        if qualified == "datasets.load_metric":
            self.calls.add(id(node.func.attr if isinstance(node.func, cst.Attribute) else node.func))
            fix = PendingFix(Applicability.SAFE, "Use `evaluate.load`", [self.ctx.replace(node.func, "evaluate.load")])
            self.report(node.func, self.message_formats[0], fix)

    def check_import(self, name, node, alias, statement) -> None:
        others = [a for a in statement.names if a is not alias]
        have_evaluate = self.ctx.qualified_name(cst.Name("evaluate")) == "evaluate"
        if not others:
            edits = [self.ctx.replace(statement, "pass" if have_evaluate else "import evaluate")]
        else:
            if not isinstance(others[-1].comma, cst.Comma) or statement.rpar is None:
                others[-1] = others[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            edits = [self.ctx.replace(statement, statement.with_changes(names=others))]
            if not have_evaluate:
                edits.append(self.ctx.insert_line_above(statement, "import evaluate"))
        self.report(node, self.message_formats[0], PendingFix(Applicability.SAFE, "Import `evaluate` instead", edits))

    def check_use(self, name, node, expr) -> None:
        if id(node) not in self.calls:
            self.report(node, self.message_formats[0])
