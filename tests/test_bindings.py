"""Names resolve by import origin and scope, never by spelling."""

import libcst as cst
import pytest

from lint_rules.analysis import Context, _Traversal
from lint_rules.facts.bindings import BindingTable, transformers_path
from lint_rules.versions import NEWEST_KNOWN


class _Probe:
    """Records what the func of every call named `probe(...)`'s argument resolves to."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.seen = []

    def visit_Call(self, node):
        if isinstance(node.func, cst.Name) and node.func.value == "probe":
            self.seen.append(self.ctx.qualified_name(node.args[0].value))


def resolve_probes(code):
    module = cst.parse_module(code)
    ctx = Context(module, BindingTable(module), NEWEST_KNOWN)
    probe = _Probe(ctx)
    _Traversal(ctx, [probe]).walk(module)
    return probe.seen


CASES = {
    "alias": (
        "from transformers import AutoModel as AM\nprobe(AM.from_pretrained)\n",
        ["transformers.AutoModel.from_pretrained"],
    ),
    "module alias": ("import transformers as tr\nprobe(tr.pipeline)\n", ["transformers.pipeline"]),
    "dotted import": (
        "import transformers.models.auto\nprobe(transformers.models.auto.AutoModel)\n",
        ["transformers.models.auto.AutoModel"],
    ),
    "function-local import": (
        "def f():\n    from transformers import pipeline\n    probe(pipeline)\nprobe(pipeline)\n",
        ["transformers.pipeline", None],
    ),
    "rebinding": (
        "from transformers import pipeline\npipeline = pipeline('x')\nprobe(pipeline)\n",
        ["transformers.pipeline()"],
    ),
    "use before rebinding": (
        "from transformers import pipeline\nprobe(pipeline)\npipeline = object()\n",
        ["transformers.pipeline"],
    ),
    "local def shadows": ("from transformers import pipeline\ndef pipeline():\n    pass\nprobe(pipeline)\n", [None]),
    "local class shadows": (
        "from transformers import AutoModel\nclass AutoModel:\n    pass\nprobe(AutoModel)\n",
        [None],
    ),
    "parameter shadows": ("from transformers import AutoModel\ndef f(AutoModel):\n    probe(AutoModel)\n", [None]),
    "except fallback": (
        "try:\n    from transformers import AutoModel\nexcept ImportError:\n    AutoModel = None\nprobe(AutoModel)\n",
        ["transformers.AutoModel"],
    ),
    "nested function, one binding": (
        "from transformers import AutoModel\ndef f():\n    probe(AutoModel)\n",
        ["transformers.AutoModel"],
    ),
    "nested function, import after def": (
        "def f():\n    probe(AutoModel)\nfrom transformers import AutoModel\n",
        ["transformers.AutoModel"],
    ),
    "nested function, rebinding is ambiguous": (
        "from transformers import pipeline\ndef f():\n    probe(pipeline)\npipeline = pipeline('x')\n",
        [None],
    ),
    "class body is not visible in methods": (
        "class C:\n    from transformers import AutoModel\n    probe(AutoModel)\n"
        "    def m(self):\n        probe(AutoModel)\n",
        ["transformers.AutoModel", None],
    ),
    "value flow": (
        "from transformers import AutoModel\nm = AutoModel.from_pretrained('x')\nm = m.to('cuda')\n"
        "probe(m.push_to_hub)\n",
        ["transformers.AutoModel.from_pretrained().to().push_to_hub"],
    ),
    "alias assignment": (
        "from transformers import AutoModel\ncls = AutoModel\nprobe(cls.from_pretrained)\n",
        ["transformers.AutoModel.from_pretrained"],
    ),
    "other libraries": (
        "from diffusers import StableDiffusionPipeline\nfrom peft import PeftModel\n"
        "probe(StableDiffusionPipeline)\nprobe(PeftModel)\n",
        ["diffusers.StableDiffusionPipeline", "peft.PeftModel"],
    ),
    "relative import": ("from .modeling import AutoModel\nprobe(AutoModel)\n", [".modeling.AutoModel"]),
    "cycle": ("a = b\nb = a\nprobe(a)\n", [None]),
    "global": (
        "def setup():\n    global AutoModel\n    from transformers import AutoModel\nprobe(AutoModel)\n",
        ["transformers.AutoModel"],
    ),
    "for target shadows": ("from transformers import AutoModel\nfor AutoModel in []:\n    probe(AutoModel)\n", [None]),
    "with target shadows": (
        "from transformers import pipeline\nwith open('f') as pipeline:\n    probe(pipeline)\n",
        [None],
    ),
    "elif branch": (
        "if a:\n    pass\nelif b:\n    from transformers import AutoModel\n    probe(AutoModel)\n",
        ["transformers.AutoModel"],
    ),
    "defaults and decorators run in the enclosing scope": (
        "from transformers import AutoModel\n@probe(AutoModel)\n"
        "def f(AutoModel=probe(AutoModel)):\n    probe(AutoModel)\n",
        ["transformers.AutoModel", "transformers.AutoModel", None],
    ),
    "class bases run in the enclosing scope": (
        "from transformers import PreTrainedModel\nclass M(probe(PreTrainedModel)):\n    PreTrainedModel = None\n",
        ["transformers.PreTrainedModel"],
    ),
    "what a function of the module returns": (
        "from transformers import AutoTokenizer\n"
        "def load(name):\n    tok = AutoTokenizer.from_pretrained(name)\n    tok.pad_token = '.'\n    return tok\n"
        "probe(load('t5-small'))\n",
        ["transformers.AutoTokenizer.from_pretrained()"],
    ),
    "returns that disagree, a bare return, a generator": (
        "from transformers import AutoModel, AutoTokenizer\n"
        "def a(x):\n    if x:\n        return AutoModel.from_pretrained(x)\n"
        "    return AutoTokenizer.from_pretrained(x)\n"
        "def b(x):\n    if x:\n        return\n    return AutoModel.from_pretrained(x)\n"
        "def c(x):\n    yield AutoModel.from_pretrained(x)\n    return AutoModel.from_pretrained(x)\n"
        "def d():\n    return d()\n"
        "probe(a(1))\nprobe(b(1))\nprobe(c(1))\nprobe(d())\n",
        [None, None, None, None],
    ),
    "an instance attribute its methods assign": (
        "from transformers import AutoTokenizer\n"
        "class E:\n    def __init__(self, name):\n        self.tok = AutoTokenizer.from_pretrained(name)\n"
        "    def run(me):\n        probe(me.tok)\n        probe(me.load())\n"
        "    def load(self):\n        return self.tok\n",
        ["transformers.AutoTokenizer.from_pretrained()", "transformers.AutoTokenizer.from_pretrained()"],
    ),
    "an instance attribute assigned two ways, or changed in place": (
        "from transformers import AutoModel, AutoTokenizer\n"
        "class E:\n    def __init__(self, name):\n        self.m = AutoModel.from_pretrained(name)\n"
        "        self.n = 0\n    def swap(self):\n        self.m = AutoTokenizer.from_pretrained('x')\n"
        "        self.n += 1\n    def run(self):\n        probe(self.m)\n        probe(self.n)\n"
        "    @staticmethod\n    def other(self):\n        probe(self.m)\n",
        [None, None, None],
    ),
    "unbound builtin": ("probe(print)\n", [None]),
    "star import is unknown": ("from transformers import *\nprobe(AutoModel)\n", [None]),
}


@pytest.mark.parametrize(("code", "expected"), CASES.values(), ids=CASES.keys())
def test_resolution(code, expected):
    assert resolve_probes(code) == expected


@pytest.mark.parametrize(
    ("qualified", "expected"),
    [
        ("transformers.AutoModel.from_pretrained", "AutoModel.from_pretrained"),
        ("transformers.models.auto.modeling_auto.AutoModel", "AutoModel"),
        ("transformers.pipelines.pipeline", "pipeline"),
        ("transformers.pipeline", "pipeline"),
        ("transformers.pipeline().model", "pipeline().model"),
        ("diffusers.StableDiffusionPipeline", None),
        ("transformers_extra.AutoModel", None),
        (None, None),
    ],
)
def test_transformers_path(qualified, expected):
    assert transformers_path(qualified) == expected


def _lineage(code, name):
    module = cst.parse_module(code)
    table = BindingTable(module)
    return table.derived(cst.Name(name), table.module_scope, 10**6)


LINEAGES = {  # code, the class asked about, (origin, local classes, some members) or None
    "direct subclass": (
        "from transformers import Trainer\nclass WeightedTrainer(Trainer):\n    def compute_loss(self): pass\n",
        "WeightedTrainer",
        ("transformers.Trainer", ("WeightedTrainer",), {"compute_loss"}),
    ),
    "through a local base and a module alias": (
        "import transformers as tr\nclass Base(tr.Trainer):\n    pass\nclass Mine(Base, object):\n    x = 1\n",
        "Mine",
        ("transformers.Trainer", ("Mine", "Base"), {"x"}),
    ),
    "another library's class": (
        "from trl import SFTTrainer\nclass T(SFTTrainer):\n    pass\n",
        "T",
        ("trl.SFTTrainer", ("T",), set()),
    ),
    "two imported bases: open": (
        "from a import A\nfrom transformers import Trainer\nclass T(A, Trainer):\n    pass\n",
        "T",
        None,
    ),
    "a base computed at run time: open": (
        "from transformers import Trainer\nclass T(make(Trainer)):\n    pass\n",
        "T",
        None,
    ),
    "a base bound to a value: open": (
        "from transformers import Trainer\nBase = pick(Trainer)\nclass T(Base):\n    pass\n",
        "T",
        None,
    ),
    "no imported base": ("class T:\n    pass\n", "T", None),
    "a cycle of names": ("class A(B):\n    pass\nclass B(A):\n    pass\n", "B", None),
    "not a class": ("from transformers import Trainer\nT = Trainer\n", "T", None),
}


@pytest.mark.parametrize(("code", "name", "expected"), LINEAGES.values(), ids=LINEAGES.keys())
def test_local_class_lineage(code, name, expected):
    found = _lineage(code, name)
    if expected is None:
        assert found is None
        return
    origin, names, members = expected
    assert (found.origin, found.names) == (origin, names)
    assert members <= found.members


def test_dataclass_fields_of_a_local_subclass():
    code = (
        "from dataclasses import dataclass\nfrom transformers import TrainingArguments\n"
        "@dataclass\nclass Args(TrainingArguments):\n    lora_r: int = 8\n    def helper(self): pass\n"
    )
    found = _lineage(code, "Args")
    assert found.fields == {"lora_r"} and {"lora_r", "helper"} <= found.members


def test_parameters_and_imported_packages_are_recorded():
    module = cst.parse_module(
        "import torch.nn\nfrom transformers.models import auto\ndef f(tok: int, *rest):\n    pass\n"
    )
    table = BindingTable(module)
    assert table.imported == {"torch", "transformers"}
    function = table.scope_of[id(module.body[2])]
    assert function.bindings["tok"][0].param.name.value == "tok"
    assert function.bindings["rest"][0].param is None


class _Names:
    """Records the identifiers its `visit_Name` / `visit_Attribute` are called with."""

    def __init__(self, ctx):
        self.seen = []

    def visit_Name(self, node):
        self.seen.append(node.value)

    def visit_Attribute(self, node):
        self.seen.append("." + node.attr.value)


class _AutoNames(_Names):
    def interesting(self, identifier):
        return identifier.startswith("Auto")


def test_identifier_filter_limits_name_visits_and_not_other_rules():
    code = "from transformers import AutoModel\nimport x\nm = AutoModel.from_pretrained(x.AutoConfig, AutoModel)\n"
    module = cst.parse_module(code)
    ctx = Context(module, BindingTable(module), NEWEST_KNOWN)
    everything, autos = _Names(ctx), _AutoNames(ctx)
    _Traversal(ctx, [everything, autos]).walk(module)
    assert everything.seen == ["transformers", "m", ".from_pretrained", "AutoModel", ".AutoConfig", "x", "AutoModel"]
    assert autos.seen == ["AutoModel", ".AutoConfig", "AutoModel"]


def test_keys_given_to_a_dict_after_it_is_made_are_passed():
    """`kw = {}; kw["use_auth_token"] = True; f(**kw)` and `kw.update(...)`: the keys reach the call, and are
    renamed where the dict's content is all known and each key is given once."""
    from lint_rules.engine import lint_source
    from lint_rules.fixer import fix_source
    from lint_rules.versions import Version

    code = (
        "from transformers import AutoModel\n"
        "kw = {}\nkw['use_auth_token'] = True\nAutoModel.from_pretrained('x', **kw)\n"
        "cfg = dict(revision='main')\ncfg.update(use_auth_token=True)\nAutoModel.from_pretrained('x', **cfg)\n"
        "made = make()\nmade['use_auth_token'] = True\nAutoModel.from_pretrained('x', **made)\n"
        "odd = {}\nodd[name] = 1\nodd['use_auth_token'] = True\nAutoModel.from_pretrained('x', **odd)\n"
        "late = {}\nAutoModel.from_pretrained('x', **late)\nlate['use_auth_token'] = True\n"
    )
    found = lint_source(code, frozenset({"HF302"}), Version(5, 0))
    assert [(d.start.row, d.fix is not None) for d in found] == [(3, True), (6, True), (9, False)]
    fixed = fix_source(code, frozenset({"HF302"}), Version(5, 0)).text
    assert "kw['token'] = True" in fixed and "cfg.update(token=True)" in fixed and "made['use_auth_token']" in fixed
