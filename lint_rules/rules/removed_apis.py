"""HF3xx: classes, functions and methods that transformers (and datasets) renamed or removed."""

from __future__ import annotations

import functools

import libcst as cst

from lint_rules.diagnostics import Applicability
from lint_rules.analysis import PendingFix
from lint_rules.facts.models import argument, smoke_site
from lint_rules.fixes import keyword, rewrite_args, swap_class, without_alias
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.registry import Invalid, Rule, Valid
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
        fix = None
        if self.ctx.floor >= self.new_since:
            fix = PendingFix(Applicability.SAFE, f"Use `{self.new}`", [self.ctx.replace(node, self.new)])
        self.report(node, message, fix, smoke_site(None, {"class": self.old}, {"class": self.new}, kind="import"))


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
            site = smoke_site(model, {"class": "AutoModelWithLMHead"}, {"class": new})
            self.report(name_node, self.message_formats[0].format(id=model.model_id, loaded=loaded, fix=new), fix, site)
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
        moved = cst.ImportFrom(module=cst.parse_expression("torch.optim"), names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        rest = without_alias(statement, alias)
        if rest is None:
            edits = [self.ctx.replace(statement, moved)]
        else:
            edits = [self.ctx.replace(statement, rest), self.ctx.insert_line_above(statement, self.ctx.code(moved))]
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
        have_evaluate = self.ctx.qualified_name(cst.Name("evaluate")) == "evaluate"
        rest = without_alias(statement, alias)
        if rest is None:
            edits = [self.ctx.replace(statement, "pass" if have_evaluate else "import evaluate")]
        else:
            edits = [self.ctx.replace(statement, rest)]
            if not have_evaluate:
                edits.append(self.ctx.insert_line_above(statement, "import evaluate"))
        self.report(node, self.message_formats[0], PendingFix(Applicability.SAFE, "Import `evaluate` instead", edits))

    def check_use(self, name, node, expr) -> None:
        if id(node) not in self.calls:
            self.report(node, self.message_formats[0])


_TOKENIZER_CLASS = ("Tokenizer", "TokenizerFast")


def _is_tokenizer(ctx, receiver: cst.BaseExpression) -> bool:
    found = ctx.loader(receiver)
    return found is not None and found[0].endswith(_TOKENIZER_CLASS)


class RemovedTokenizerApi(Rule):
    code = "HF310"
    name = "removed-tokenizer-api"
    summary = "Tokenizer methods that transformers 5 removed (`encode_plus`, `as_target_tokenizer`, ...)"
    message_formats = (
        "`{method}()` was removed from tokenizers in transformers 5.0 (AttributeError); {advice}",
    )
    fix_availability = "Sometimes"
    # method -> advice; every one is in 4.57's tokenizer API and not in 5.x's (tests/test_migration_tables.py)
    METHODS = {
        "encode_plus": "call the tokenizer: `tokenizer(text, ...)`",
        "batch_encode_plus": "call the tokenizer on the list: `tokenizer(texts, ...)`",
        "as_target_tokenizer": "tokenize targets with `tokenizer(text_target=...)`",
        "prepare_seq2seq_batch": "call `tokenizer(src_texts, text_target=tgt_texts, ...)`",
    }
    what_it_does = """
Checks calls of `encode_plus`, `batch_encode_plus`, `as_target_tokenizer` and `prepare_seq2seq_batch`
on a tokenizer loaded from transformers.
"""
    why_bad = """
transformers 5 removed these long-deprecated methods from tokenizers: each raises `AttributeError`.
Calling the tokenizer does what `encode_plus` and `batch_encode_plus` did, and `text_target=` replaces
the `as_target_tokenizer()` context manager.
"""
    fix_safety = """
`tokenizer.encode_plus(...)` -> `tokenizer(...)` is safe. `batch_encode_plus` is unsafe: a list of
text pairs must move to `text_pair=`. A `with tokenizer.as_target_tokenizer():` block holding one
`labels = tokenizer(targets, ...)` becomes `labels = tokenizer(text_target=targets, ...)`, safely.
"""
    invalid = (
        Invalid(
            'from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\nenc = tok.encode_plus("hello", max_length=8, truncation=True)\n',
            fixed='from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\nenc = tok("hello", max_length=8, truncation=True)\n',
        ),
        Invalid(
            'from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("t5-small")\nwith tok.as_target_tokenizer():\n    labels = tok(targets, max_length=128, truncation=True)\n',
            fixed='from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("t5-small")\nlabels = tok(text_target=targets, max_length=128, truncation=True)\n',
        ),
        Invalid(
            'from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("t5-small")\nbatch = tok.prepare_seq2seq_batch(src, tgt_texts=tgt)\n'
        ),
    )
    valid = (
        Valid('from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\ntok("hello")\n'),
        Valid('from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\ntok.encode_plus("hello")\n', target="4.57"),
        Valid("import tiktoken\n\nenc = tiktoken.get_encoding('x')\nenc.encode_plus('hello')\n"),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in self.METHODS) or self.ctx.target < V5:
            return
        if not _is_tokenizer(self.ctx, func.value):
            return
        method = func.attr.value
        fix = None
        if method in ("encode_plus", "batch_encode_plus"):
            applicability = Applicability.SAFE if method == "encode_plus" else Applicability.UNSAFE
            fix = PendingFix(applicability, "Call the tokenizer", [self.ctx.replace(func, func.value)])
        if method != "as_target_tokenizer":  # that one is reported at its `with`, which the fix rewrites
            self.report(func.attr, self.message_formats[0].format(method=method, advice=self.METHODS[method]), fix)

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            call = item.item
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "as_target_tokenizer"
                and self.ctx.target >= V5
                and _is_tokenizer(self.ctx, call.func.value)
            ):
                message = self.message_formats[0].format(method="as_target_tokenizer", advice=self.METHODS["as_target_tokenizer"])
                self.report(call.func.attr, message, self._unwrap(node, call.func.value))

    def _unwrap(self, node: cst.With, tokenizer: cst.BaseExpression) -> PendingFix | None:
        """`with tok.as_target_tokenizer(): x = tok(t, ...)` -> `x = tok(text_target=t, ...)`."""
        body = node.body
        if len(node.items) != 1 or not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
            return None
        line = body.body[0]
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Assign)):
            return None
        assign = line.body[0]
        call = assign.value
        if not (isinstance(call, cst.Call) and self.ctx.code(call.func) == self.ctx.code(tokenizer)):
            return None
        first = call.args[0] if call.args and call.args[0].keyword is None and not call.args[0].star else None
        if first is None or any(arg.keyword is not None and arg.keyword.value == "text_target" for arg in call.args):
            return None
        new_first = first.with_changes(keyword=cst.Name("text_target"), equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
        new_line = line.with_changes(body=[assign.with_changes(value=call.with_changes(args=[new_first, *call.args[1:]]))])
        new_line = new_line.with_changes(leading_lines=[])  # the `with`'s own leading lines stay where they are
        comment = body.header.comment
        if comment is not None and line.trailing_whitespace.comment is None:  # keep the `with` line's comment
            new_line = new_line.with_changes(
                trailing_whitespace=line.trailing_whitespace.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=comment)
            )
        return PendingFix(Applicability.SAFE, "Tokenize the targets with `text_target=`", [self.ctx.replace(node, self.ctx.module.code_for_node(new_line).rstrip("\r\n"))])


@functools.cache
def vision_feature_extractors() -> dict[str, str]:
    """`ViTFeatureExtractor` -> `ViTImageProcessor`: feature extractors some release had that the newest
    release dropped while keeping the image processor of the same name."""
    catalogs = all_catalogs()
    newest = catalogs[-1].exports
    found = {}
    for catalog in catalogs[:-1]:
        for name in catalog.exports:
            if name.endswith("FeatureExtractor") and name not in newest:
                processor = name.removesuffix("FeatureExtractor") + "ImageProcessor"
                if processor in newest:
                    found[name] = processor
    return found


# Pipeline tasks that take images: `feature_extractor=` there means the image processor.
_IMAGE_TASKS = frozenset(
    {"image-classification", "image-feature-extraction", "image-segmentation", "object-detection", "depth-estimation",
     "zero-shot-image-classification", "zero-shot-object-detection", "mask-generation", "keypoint-matching",
     "video-classification"}
)  # fmt: skip


class FeatureExtractorForVision(NameUseRule):
    code = "HF301"
    name = "feature-extractor-for-vision"
    summary = "A feature extractor where a vision model needs an image processor"
    message_formats = (
        "`{name}` was removed in transformers 5.0 (ImportError); use `{new}`",
        "`{name}` is deprecated; use `{new}`",
        "`AutoFeatureExtractor` has no entry for the vision model `{id}` ({type}) in transformers {version} (ValueError); use `AutoImageProcessor`",
        "`feature_extractor=` on the `{task}` pipeline: images are prepared by an image processor; pass it as `image_processor=`",
    )
    fix_availability = "Always"
    what_it_does = """
Checks `AutoFeatureExtractor` on a vision model, the vision `XxxFeatureExtractor` classes
(`ViTFeatureExtractor`, `DetrFeatureExtractor`, ...), and `pipeline(feature_extractor=...)` on an
image task.
"""
    why_bad = """
Vision models prepare their inputs with image processors; the vision feature extractors were thin
deprecated aliases, and transformers 5 removed them: `AutoFeatureExtractor.from_pretrained` on ViT
raises `ValueError: Unrecognized feature extractor`, and `from transformers import
ViTFeatureExtractor` raises `ImportError`. A pipeline still accepts `feature_extractor=` for an image
task, but `image_processor=` is the argument it is meant for.
"""
    fix_safety = """
Safe: the feature extractors were subclasses of the image processors they are replaced with, so the
same preprocessing runs.
"""
    invalid = (
        Invalid(
            'from transformers import AutoFeatureExtractor\n\nextractor = AutoFeatureExtractor.from_pretrained("google/vit-base-patch16-224")\n',
            fixed='from transformers import AutoImageProcessor\n\nextractor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")\n',
        ),
        Invalid(
            'from transformers import ViTFeatureExtractor\n\nextractor = ViTFeatureExtractor.from_pretrained("google/vit-base-patch16-224")\n',
            fixed='from transformers import ViTImageProcessor\n\nextractor = ViTImageProcessor.from_pretrained("google/vit-base-patch16-224")\n',
        ),
        Invalid(
            'from transformers import pipeline\n\nclassifier = pipeline("image-classification", model=model, feature_extractor=processor)\n',
            fixed='from transformers import pipeline\n\nclassifier = pipeline("image-classification", model=model, image_processor=processor)\n',
        ),
    )
    valid = (
        Valid('from transformers import AutoFeatureExtractor\n\nAutoFeatureExtractor.from_pretrained("openai/whisper-small")\n'),
        Valid('from transformers import pipeline\n\npipeline("automatic-speech-recognition", model=m, feature_extractor=fe)\n'),
        Valid('from transformers import ViTFeatureExtractor\n\nViTFeatureExtractor.from_pretrained("google/vit-base-patch16-224")\n', target="4.30"),
    )

    def interesting(self, name: str) -> bool:
        return name.endswith("FeatureExtractor") and name in vision_feature_extractors()

    def check_use(self, name, node, expr) -> None:
        target = self.ctx.target
        if target < Version(4, 57):  # measured to warn in 4.57.6; when each began to warn is not recorded
            return
        new = vision_feature_extractors()[name]
        message = self.message_formats[0 if target >= V5 else 1].format(name=name, new=new)
        self.report(node, message, PendingFix(Applicability.SAFE, f"Use `{new}`", [self.ctx.replace(node, new)]))

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        path = ctx.hf_name(node.func)
        if path == "AutoFeatureExtractor.from_pretrained":
            model = ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
            have = ctx.catalog.preprocessors
            if model and model.model_type in have["AutoImageProcessor"] and model.model_type not in have["AutoFeatureExtractor"]:
                edits = swap_class(ctx, node.func.value, "AutoImageProcessor")
                fix = PendingFix(Applicability.SAFE, "Use `AutoImageProcessor`", edits) if edits else None
                version = ctx.catalog.version
                self.report(node.func.value, self.message_formats[2].format(id=model.model_id, type=model.model_type, version=version), fix)
        elif path == "pipeline":
            extractor = keyword(node, "feature_extractor")
            task = ctx.constant(argument(node, 0, "task"))
            if extractor is None or not isinstance(task, str) or keyword(node, "image_processor") is not None:
                return
            if ctx.catalog.task(task).task in _IMAGE_TASKS:
                fix = PendingFix(Applicability.SAFE, "Pass it as `image_processor=`", [ctx.replace(extractor.keyword, "image_processor")])
                self.report(extractor.keyword, self.message_formats[3].format(task=task), fix)


def _framework_free(name: str) -> str | None:
    """`TFAutoModelForCausalLM` -> `AutoModelForCausalLM`, `FlaxBertModel` -> `BertModel`."""
    for prefix in ("TF", "Flax"):
        if name.startswith(prefix) and name[len(prefix) : len(prefix) + 1].isupper():
            return name[len(prefix) :]
    return None


@functools.cache
def framework_classes() -> frozenset[str]:
    """TensorFlow and Flax names that some release exported and the newest does not."""
    catalogs = all_catalogs()
    newest = catalogs[-1].exports
    return frozenset(
        name for catalog in catalogs[:-1] for name in catalog.exports if _framework_free(name) and name not in newest
    )


class TensorflowOrFlaxApi(NameUseRule):
    code = "HF306"
    name = "tensorflow-or-flax-api"
    summary = "TensorFlow and Flax APIs, which transformers 5 removed"
    message_formats = (
        "`{name}` was removed in transformers 5.0 with TensorFlow and Flax support (ImportError); use the PyTorch `{new}`",
        "`{name}` was removed in transformers 5.0 with TensorFlow and Flax support (ImportError)",
        "`framework=` was removed from `pipeline` in transformers 5.0: pipelines are PyTorch only",
        "`from_tf=` is ignored since transformers 5.0: only PyTorch and safetensors weights load",
        '`return_tensors="{value}"`: transformers 5 returns only PyTorch (`"pt"`) or NumPy (`"np"`) tensors',
    )
    fix_availability = "Sometimes"
    what_it_does = """
Checks TensorFlow and Flax classes (`TFAutoModel*`, `FlaxAutoModel*`, `TFBertModel`, ...),
`pipeline(framework=...)`, `from_pretrained(from_tf=True)` and `return_tensors="tf"` / `"jax"`.
"""
    why_bad = """
transformers 5 supports PyTorch only: the TF and Flax classes are gone (`ImportError`), `pipeline`
has no `framework` parameter (text generation then fails with "model_kwargs not used:
['framework']"), `from_tf=True` is silently ignored, and tokenizers cannot return TF tensors.
"""
    fix_safety = """
Dropping `framework="pt"` and `from_tf=` is safe: neither has an effect in 5.x. Swapping a TF or Flax
class for its PyTorch twin is unsafe: the calling code (Keras `fit`, `jax.numpy` inputs) must change too.
"""
    invalid = (
        Invalid(
            'from transformers import TFAutoModelForSequenceClassification\n\nmodel = TFAutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n',
            fixed='from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n',
        ),
        Invalid(
            'from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2", framework="pt")\n',
            fixed='from transformers import pipeline\n\npipe = pipeline("text-generation", model="gpt2")\n',
        ),
        Invalid(
            'from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\nbatch = tok(["hi"], return_tensors="tf")\n'
        ),
    )
    valid = (
        Valid('from transformers import AutoModel\n\nAutoModel.from_pretrained("bert-base-uncased")\n'),
        Valid('from transformers import TFAutoModel\n\nTFAutoModel.from_pretrained("bert-base-uncased")\n', target="4.57"),
        Valid('import tensorflow as tf\n\nTFRecordDataset = tf.data.TFRecordDataset\n'),
    )

    def interesting(self, name: str) -> bool:
        return name.startswith(("TF", "Flax")) and name in framework_classes()

    def check_use(self, name, node, expr) -> None:
        if self.ctx.target < V5:
            return
        new = _framework_free(name)
        if new in self.ctx.catalog.exports:
            fix = PendingFix(Applicability.UNSAFE, f"Use `{new}`", [self.ctx.replace(node, new)])
            self.report(node, self.message_formats[0].format(name=name, new=new), fix)
        else:
            self.report(node, self.message_formats[1].format(name=name))

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.target < V5 or not node.args:
            return
        given = {arg.keyword.value: arg for arg in node.args if arg.keyword is not None}
        if not ({"framework", "from_tf", "return_tensors"} & set(given)):
            return
        path = ctx.hf_name(node.func)
        if path is None:
            return
        if path == "pipeline" and "framework" in given:
            arg = given["framework"]
            fix = None
            if ctx.constant(arg.value) == "pt":
                fix = PendingFix(Applicability.SAFE, "Remove `framework=`", [ctx.replace(node, rewrite_args(node, [arg]))])
            self.report(arg.keyword, self.message_formats[2], fix)
        if path.endswith(".from_pretrained") and "from_tf" in given:
            arg = given["from_tf"]
            fix = PendingFix(Applicability.SAFE, "Remove `from_tf=`", [ctx.replace(node, rewrite_args(node, [arg]))])
            self.report(arg.keyword, self.message_formats[3], fix)
        if "return_tensors" in given:
            value = ctx.constant(given["return_tensors"].value)
            if value in ("tf", "jax"):
                self.report(given["return_tensors"].value, self.message_formats[4].format(value=value))
