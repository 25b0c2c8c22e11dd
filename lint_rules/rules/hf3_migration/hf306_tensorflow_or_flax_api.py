"""HF306: TensorFlow and Flax APIs, which transformers 5 removed."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.names import (
    FRAMEWORK_KEYWORDS,
    FRAMEWORK_PREFIXES,
    FRAMEWORKS_REMOVED_IN,
    REMOVED_TENSOR_TYPES,
    framework_classes,
    framework_free,
)
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class TensorflowOrFlaxApi(NameUseRule):
    code = "HF306"
    name = "tensorflow-or-flax-api"
    summary = "TensorFlow and Flax APIs, which transformers 5 removed"
    messages = {
        "twin": (
            "`{name}` was removed in transformers 5.0 with TensorFlow and Flax support (ImportError); use the "
            "PyTorch `{new}`"
        ),
        "removed_class": "`{name}` was removed in transformers 5.0 with TensorFlow and Flax support (ImportError)",
        "framework": "`framework=` was removed from `pipeline` in transformers 5.0: pipelines are PyTorch only",
        "from_tf": "`from_tf=` is ignored since transformers 5.0: only PyTorch and safetensors weights load",
        "from_pt": (
            "`from_pt=` is a TensorFlow / Flax class's: a PyTorch class's `from_pretrained` hands it to the model's "
            "constructor (TypeError), and loads PyTorch weights anyway"
        ),
        "return_tensors": (
            '`return_tensors="{value}"`: transformers 5 returns only PyTorch (`"pt"`) or NumPy (`"np"`) tensors'
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks TensorFlow and Flax classes (`TFAutoModel*`, `FlaxAutoModel*`, `TFBertModel`, ...),
`pipeline(framework=...)`, `from_pretrained(from_tf=True)`, `from_pt=` left on a PyTorch class (what swapping
a TF class for its twin leaves) and `return_tensors="tf"` / `"jax"`.
"""
    why_bad = """
transformers 5 supports PyTorch only: the TF and Flax classes are gone (`ImportError`), `pipeline`
has no `framework` parameter (text generation then fails with "model_kwargs not used:
['framework']"), `from_tf=True` is silently ignored, and tokenizers cannot return TF tensors.
"""
    fix_safety = """
Dropping `framework="pt"` and `from_tf=` is safe: neither has an effect in 5.x; so is dropping `from_pt=` from a
PyTorch class, which loads PyTorch weights without it (and raised with it). Swapping a TF or Flax
class for its PyTorch twin is unsafe: the calling code (Keras `fit`, `jax.numpy` inputs) must change too.
"""
    invalid = (
        Invalid(
            """
            from transformers import TFAutoModelForSequenceClassification

            model = TFAutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            """,
            fixed="""
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2", framework="pt")
            """,
            fixed="""
            from transformers import pipeline

            pipe = pipeline("text-generation", model="gpt2")
            """,
        ),
        Invalid(
            """
            from transformers import TFAutoModel

            model = TFAutoModel.from_pretrained("bert-base-uncased", from_pt=True)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained("bert-base-uncased")
            batch = tok(["hi"], return_tensors="tf")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased", from_pt=True)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoTokenizer

            # `from_pretrained` never used `return_tensors`: 4.x ignored it as 5.x does
            tok = AutoTokenizer.from_pretrained("Helsinki-NLP/opus-mt-en-fr", return_tensors="tf")
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("bert-base-uncased")
            """,
        ),
        Valid(
            """
            from transformers import TFAutoModel

            TFAutoModel.from_pretrained("bert-base-uncased")
            """,
            target="4.57",
        ),
        Valid(
            """
            import tensorflow as tf

            TFRecordDataset = tf.data.TFRecordDataset
            """,
        ),
    )

    def interesting(self, name: str) -> bool:
        return name.startswith(FRAMEWORK_PREFIXES) and name in framework_classes()

    def check_use(self, name, node, expr) -> None:
        if self.ctx.target < FRAMEWORKS_REMOVED_IN:
            return
        new = framework_free(name)
        if new in self.ctx.catalog.exports:
            fix = PendingFix(Applicability.UNSAFE, f"Use `{new}`", [self.ctx.replace(node, new)])
            self.report(node, self.message("twin", name=name, new=new), fix)
        else:
            self.report(node, self.message("removed_class", name=name))

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if ctx.target < FRAMEWORKS_REMOVED_IN or not node.args:
            return
        given = {arg.keyword.value: arg for arg in node.args if arg.keyword is not None}
        if not ((FRAMEWORK_KEYWORDS | {"return_tensors"}) & set(given)):
            return
        path = ctx.hf_name(node.func)
        if path is None:
            return
        if path == "pipeline" and "framework" in given:
            arg = given["framework"]
            fix = None
            if ctx.constant(arg.value) == "pt":
                fix = PendingFix(
                    Applicability.SAFE, "Remove `framework=`", [ctx.replace(node, rewrite_args(node, [arg]))]
                )
            self.report(arg.keyword, self.message("framework"), fix)
        if path.endswith(".from_pretrained") and "from_pt" in given and not path.startswith(FRAMEWORK_PREFIXES):
            arg = given["from_pt"]
            fix = PendingFix(Applicability.SAFE, "Remove `from_pt=`", [ctx.replace(node, rewrite_args(node, [arg]))])
            self.report(arg.keyword, self.message("from_pt"), fix)
        if path.endswith(".from_pretrained") and "from_tf" in given:
            arg = given["from_tf"]
            fix = PendingFix(Applicability.SAFE, "Remove `from_tf=`", [ctx.replace(node, rewrite_args(node, [arg]))])
            self.report(arg.keyword, self.message("from_tf"), fix)
        if "return_tensors" in given and not path.endswith(".from_pretrained"):  # there it never did anything
            value = ctx.constant(given["return_tensors"].value)
            if value in REMOVED_TENSOR_TYPES:
                self.report(given["return_tensors"].value, self.message("return_tensors", value=value))
