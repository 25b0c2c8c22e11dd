"""The generators' steps on small synthetic input (tools/knowledge/generate_timeline.py): how releases merge into
spans, and what classes lost between two releases. The drift tests run them on the real wheels; these say what
each step does, fast, without a wheel."""

from lint_rules.knowledge.timeline import KINDS
from tools.knowledge.generate_timeline import Facts, class_changes, merge

KIND = sorted(KINDS)[0]


def _release(**fields) -> Facts:
    facts = Facts(**fields)
    facts.members.setdefault(KIND, set())
    facts.defined.setdefault(KIND, set())
    return facts


def test_merge_turns_what_each_release_offers_into_spans():
    releases = ["4.56.2", "4.57.6", "5.0.0"]
    merged = merge(
        releases,
        [
            _release(names={"AdamW", "Trainer"}, modules={"transformers.onnx"},
                     keywords={"Trainer": {"tokenizer"}}, var_keyword={"Trainer"}, positional={"decode": 3},
                     tasks={"summarization": "SummarizationPipeline"}, defaults={"save": {"max_shard_size": '"5GB"'}},
                     members={KIND: {"use_return_dict"}}),
            _release(names={"AdamW", "Trainer"}, keywords={"Trainer": {"tokenizer", "processing_class"}},
                     positional={"decode": 3}, defaults={"save": {"max_shard_size": '"5GB"'}},
                     defined={KIND: {"use_return_dict"}}),
            _release(names={"Trainer"}, keywords={"Trainer": {"processing_class"}}, positional={"decode": 2},
                     tasks={"summarization": "Text2TextPipeline"}, defaults={"save": {"max_shard_size": '"50GB"'}}),
        ],
    )  # fmt: skip
    assert merged["releases"] == releases
    assert merged["names"] == {"AdamW": [[0, 1]], "Trainer": [[0, 2]]}
    assert merged["modules"] == {"transformers.onnx": [[0, 0]]}
    assert merged["keywords"] == {"Trainer": {"tokenizer": [[0, 1]], "processing_class": [[1, 2]]}}
    assert merged["var_keyword"] == {"Trainer": [[0, 0]]}
    assert merged["positional"] == {"decode": {"3": [[0, 1]], "2": [[2, 2]]}}
    assert merged["tasks"] == {"summarization": "Text2TextPipeline"}  # the newest release that has it says
    assert merged["defaults"] == {"save": {"max_shard_size": {'"5GB"': [[0, 1]], '"50GB"': [[2, 2]]}}}
    # an attribute the base class had: there while the base or some class of the release still offers it
    assert merged["members"][KIND] == {"use_return_dict": [[0, 1]]}


def test_merge_leaves_out_defaults_that_never_changed():
    same = {"save": {"safe_serialization": "True"}}
    assert merge(["4.57.6", "5.0.0"], [_release(defaults=same), _release(defaults=same)])["defaults"] == {"save": {}}


def _tree(folder, files: dict[str, str]) -> str:
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return str(folder)


MAPPING = """from collections import OrderedDict

TOKENIZER_MAPPING_NAMES = OrderedDict([("bert", ("BertTokenizer", "{fast}"))])
"""


def test_class_changes_name_the_methods_a_tokenizer_lost(tmp_path):
    before = _tree(tmp_path / "before", {
        "__init__.py": "",
        "models/auto/tokenization_auto.py": MAPPING.format(fast="BertTokenizerFast"),
        "models/bert/tokenization_bert_fast.py": (
            "class BertTokenizerFast:\n    def encode_plus(self, text):\n        pass\n\n"
            "    def build_inputs_with_special_tokens(self, ids):\n        pass\n\n"
            "    def decode(self, ids):\n        pass\n"
        ),
    })  # fmt: skip
    after = _tree(tmp_path / "after", {
        "__init__.py": "",
        "models/auto/tokenization_auto.py": MAPPING.format(fast="BertTokenizer"),
        "models/bert/tokenization_bert.py": "class BertTokenizer:\n    def decode(self, ids):\n        pass\n",
    })  # fmt: skip
    changes = class_changes(before, after)
    assert changes["tokenizers"] == {
        "bert": {
            "before": "BertTokenizerFast", "after": "BertTokenizer",
            "lost": ["build_inputs_with_special_tokens", "encode_plus"],
        }
    }  # fmt: skip
