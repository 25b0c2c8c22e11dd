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


def _wheel(path, files: dict[str, str]) -> str:
    """A wheel-shaped zip of transformers sources."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"transformers/{name}", text)
    return str(path)


GENERATION_DEFAULTS = (
    "class GenerationConfig:\n    @staticmethod\n    def _get_default_generation_params():\n"
    '        return {"max_length": 20, "temperature": 1.0, "use_cache": True}\n'
)


def test_moves_record_the_dropped_settings_the_moved_rope_base_the_nested_configs_and_the_aliases(tmp_path):
    from tools.knowledge.generate_moves import snapshot

    before = _wheel(tmp_path / "transformers-4.57.6-py3-none-any.whl", {
        "configuration_utils.py": (
            "class PretrainedConfig:\n    def __init__(self, **kwargs):\n        self.max_length = 20\n"
        ),
        "models/llama/configuration_llama.py": (
            "class LlamaConfig(PretrainedConfig):\n    model_type = 'llama'\n\n"
            "    def __init__(self, rope_theta=10000.0, **kwargs):\n        self.rope_theta = rope_theta\n"
        ),
        "generation/utils.py": (
            "class GenerateOutput:\n    pass\n\n\nSampleOutput = GenerateOutput\nKept = GenerateOutput\n"
        ),
        "models/gemma/configuration_gemma.py": (
            "class GemmaConfig(PretrainedConfig):\n    model_type = 'gemma'\n\n"
            "    def __init__(self, rope_theta=10000.0, position_embedding_type='absolute', **kwargs):\n"
            "        self.rope_theta = rope_theta\n        self.position_embedding_type = position_embedding_type\n"
        ),
        "modeling_utils.py": (
            "class PreTrainedModel:\n    def __init__(self, config):\n        self.config = config\n"
            "        self.generation_config = Generation(config) if self.can_generate() else None\n"
        ),
        "cache_utils.py": (
            "class Cache:\n    def get_seq_length(self):\n        pass\n\n\n"
            "class DynamicCache(Cache):\n    def to_legacy_cache(self):\n        pass\n\n"
            "    def _internal(self):\n        pass\n\n\nclass OffloadedCache(Cache):\n    pass\n"
        ),
        "models/qwen2_vl/configuration_qwen2_vl.py": (  # forwards the text model's attributes
            "class Qwen2VLTextConfig(PretrainedConfig):\n    model_type = 'qwen2_vl_text'\n\n"
            "    def __init__(self, vocab_size=1, hidden_size=2, **kwargs):\n"
            "        self.vocab_size = vocab_size\n        self.hidden_size = hidden_size\n\n\n"
            "class Qwen2VLConfig(PretrainedConfig):\n    model_type = 'qwen2_vl'\n"
            "    sub_configs = {'text_config': Qwen2VLTextConfig}\n\n"
            "    def __init__(self, text_config=None, **kwargs):\n"
            "        self.text_config = Qwen2VLTextConfig(**(text_config or {}))\n\n"
            "    def __getattribute__(self, key):\n        inner = super().__getattribute__('text_config')\n"
            "        return getattr(inner, key) if key in inner.__dict__ else super().__getattribute__(key)\n"
        ),
    })  # fmt: skip
    after = _wheel(tmp_path / "transformers-5.0.0-py3-none-any.whl", {
        "configuration_utils.py": "class PreTrainedConfig:\n    model_type: str = ''\n",
        "generation/configuration_utils.py": GENERATION_DEFAULTS,
        "generation/utils.py": "class GenerateOutput:\n    pass\n\n\nclass Kept:\n    pass\n",
        "models/llama/configuration_llama.py": (
            "class LlamaConfig(PreTrainedConfig):\n    model_type = 'llama'\n    rope_parameters: dict | None = None\n"
            "    use_cache: bool = True\n"
        ),
        "models/llama/modeling_llama.py": (
            "def attention(config):\n    return config.rope_parameters\n\n\n"
            "class LlamaForCausalLM(LlamaPreTrainedModel, GenerationMixin):\n    pass\n\n\n"
            "class LlamaForSequenceClassification(LlamaPreTrainedModel):\n    pass\n"
        ),
        "models/bark/modeling_bark.py": (
            "class BarkModel(BarkPreTrainedModel):\n    @classmethod\n    def can_generate(cls):\n        return True\n"
        ),
        "modeling_utils.py": (
            "class PreTrainedModel:\n    def __init__(self, config):\n        self.config = config\n"
            "        if self.can_generate():\n            self.generation_config = Generation(config)\n"
        ),
        "modeling_rope_utils.py": "LEGACY = ('rope_theta', 'rope_scaling')\n",  # the base converts these
        "cache_utils.py": (
            "class Cache:\n    def get_seq_length(self):\n        pass\n\n\n"
            "class DynamicCache(Cache):\n    def __init__(self, pairs=None):\n        pass\n"
        ),
        "models/gemma/configuration_gemma.py": (  # kept its own field
            "class GemmaConfig(PreTrainedConfig):\n    model_type = 'gemma'\n    rope_theta: float = 10000.0\n"
            "    attribute_map = {'max_length': 'max_position_embeddings'}\n"
        ),
        "models/qwen2_vl/configuration_qwen2_vl.py": (  # no longer forwards
            "class Qwen2VLTextConfig(PreTrainedConfig):\n    model_type = 'qwen2_vl_text'\n    vocab_size: int = 1\n"
            "    hidden_size: int = 2\n    layer_types: list | None = None\n\n\n"
            "class Qwen2VLConfig(PreTrainedConfig):\n    model_type = 'qwen2_vl'\n"
            "    sub_configs_defaults = {'text_config': Qwen2VLTextConfig}\n    text_config: dict | None = None\n"
        ),
    })  # fmt: skip
    assert snapshot(before, after) == {
        "releases": ["4.57.6", "5.0.0"],
        "generation_parameters": ["max_length", "temperature", "use_cache"],
        "declared": {"gemma": ["max_length"], "llama": ["use_cache"]},
        "rope_theta_moved": ["llama"],
        "classes": {
            "GemmaConfig": "gemma",
            "LlamaConfig": "llama",
            "Qwen2VLConfig": "qwen2_vl",
            "Qwen2VLTextConfig": "qwen2_vl_text",
        },  # fmt: skip
        "ignored_keywords": {"gemma": {"position_embedding_type": "'absolute'"}},  # stored, read nowhere
        "forwarded": {},
        "config_constructors": {},
        "merged": {},
        "positional_names": {},
        "inlined": {},
        "nested": {"qwen2_vl": {"text_config": ["hidden_size", "vocab_size"]}},  # not what 4.x's lacked
        "generative_only": ["generation_config"],  # 4.x: None on a model that cannot generate; 5.x: unset
        "generative": ["BarkModel", "LlamaForCausalLM"],
        "lost_by_first_major": {"release": None, "models": {}, "tokenizers": {}},  # no first release of the major
        "cache": {"classes": ["Cache", "DynamicCache"], "lost": ["to_legacy_cache"]},  # private ones aside
        "tokenizer_files": {},  # no tokenizer module in these wheels
        "aliases": {"SampleOutput": "GenerateOutput"},  # `Kept` is still defined
    }


def test_moves_record_what_a_model_class_lost_by_the_first_release_of_the_major(tmp_path):
    from tools.knowledge.generate_moves import _lost_by_first_major

    first = _wheel(tmp_path / "transformers-5.0.0-py3-none-any.whl", {
        "__init__.py": "from .models.llava.modeling_llava import LlavaForConditionalGeneration\n",
        "modeling_utils.py": "from torch import nn\n\n\nclass PreTrainedModel(nn.Module):\n    pass\n",
        "models/llava/modeling_llava.py": (
            "from ...modeling_utils import PreTrainedModel\n\n\n"
            "class LlavaForConditionalGeneration(PreTrainedModel):\n"
            "    @property\n    def vision_tower(self):\n        return self.model.vision_tower\n"
        ),
    })  # fmt: skip
    found = _lost_by_first_major(first)
    # the timeline's Llava lost three members by the newest; 5.0 still had one; classes it lacks are not judged
    assert found == {
        "release": "5.0.0",
        "models": {"LlavaForConditionalGeneration": ["language_model", "multi_modal_projector"]},
        "tokenizers": {},  # no tokenizer mapping in this wheel
    }


def test_moves_record_the_vocabulary_files_a_tokenizer_constructor_ignores(tmp_path):
    from tools.knowledge.generate_moves import _tokenizer_files

    old = {
        "__init__.py": "",
        "models/bert/tokenization_bert.py": (
            "class BertTokenizer(PreTrainedTokenizer):\n    def __init__(self, vocab_file, do_lower_case=True):\n"
            "        self.vocab = load(vocab_file)\n"
        ),
        "models/bert/tokenization_bert_fast.py": (
            "class BertTokenizerFast(PreTrainedTokenizerFast):\n"
            "    def __init__(self, vocab_file=None, tokenizer_file=None):\n        pass\n"
        ),
        "models/t5/tokenization_t5.py": (
            "class T5Tokenizer(PreTrainedTokenizer):\n    def __init__(self, vocab_file):\n        pass\n"
        ),
    }
    new = {
        "__init__.py": "",
        "tokenization_utils_tokenizers.py": (
            "class TokenizersBackend:\n    def __init__(self, **kwargs):\n"
            "        self.vocab_file = kwargs.get('vocab_file')  # kept, never read\n"
        ),
        "models/bert/tokenization_bert.py": (
            "from ...tokenization_utils_tokenizers import TokenizersBackend\n\n\n"
            "class BertTokenizer(TokenizersBackend):\n    def __init__(self, vocab=None, **kwargs):\n"
            "        super().__init__(**kwargs)\n\n\nBertTokenizerFast = BertTokenizer\n"
        ),
        "models/t5/tokenization_t5.py": (  # still reads its file
            "from ...tokenization_utils_tokenizers import TokenizersBackend\n\n\n"
            "class T5Tokenizer(TokenizersBackend):\n    def __init__(self, vocab_file=None, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
        ),
    }
    assert _tokenizer_files(old, new) == {"BertTokenizer": ["vocab_file"], "BertTokenizerFast": ["vocab_file"]}


DEPRECATING = {
    "__init__.py": "",
    "processing_utils.py": (
        "class ProcessorMixin:\n"
        '    @deprecate_kwarg("video_fps", version="4.58", new_name="fps")\n'
        "    def apply_chat_template(self, conversation, fps=None, **kwargs):\n        pass\n"
    ),
    "models/clap/processing_clap.py": (
        "class ClapProcessor(ProcessorMixin):\n"
        '    @deprecate_kwarg("audios", version="v4.59.0", new_name="audio")\n'
        "    def __call__(self, text=None, audios=None, audio=None, **kwargs):\n        pass\n\n"
        '    @deprecate_kwarg("sampling", version="5")\n'
        "    def _prepare(self, sampling=None):\n        pass\n\n\n"
        "class LoudClapProcessor(ClapProcessor):\n    pass\n\n\n"
        "class OwnCallProcessor(ClapProcessor):\n    def __call__(self, text=None):\n        pass\n"
    ),
    "models/llama/modeling_llama.py": (
        "class LlamaModel:\n"
        '    @deprecate_kwarg("past_key_values", "5.40.0", new_name="cache")\n'
        "    def forward(self, input_ids=None, past_key_values=None, cache=None):\n        pass\n"
    ),
    "models/vip/modeling_vip.py": (
        "class VipModel:\n"
        '    @deprecate_kwarg("past_key_values", "5.40.0", new_name="cache")\n'
        '    @deprecate_kwarg("vision_feature_layers", version="v5.25", new_name="vision_feature_layer")\n'
        "    def forward(self, pixel_values=None, past_key_values=None, vision_feature_layers=None):\n        pass\n"
    ),
    "models/old/modeling_old.py": (
        "class OldModel:\n    def forward(self, input_ids=None, vision_feature_layers=None):\n        pass\n"
    ),
    "training_args.py": (
        "class TrainingArguments:\n"
        "    gradient_checkpointing: bool | None = field(\n"
        '        default=None, metadata={"help": "Deprecated alias of `activation_checkpointing`, will be removed in'
        ' v6."}\n    )\n\n\n'
        "class Seq2SeqTrainingArguments(TrainingArguments):\n    pass\n"
    ),
}


def test_deprecated_keywords_are_read_from_decorators_and_help_texts():
    from tools.knowledge.generate_timeline import _forwards
    from tools.knowledge.stated_deprecations import class_index, deprecated_keywords

    exported = {"ClapProcessor", "LoudClapProcessor", "OwnCallProcessor", "LlamaModel", "VipModel", "OldModel"}
    found = deprecated_keywords(
        DEPRECATING,
        exported | {"TrainingArguments", "Seq2SeqTrainingArguments"},
        _forwards(DEPRECATING),
        class_index(DEPRECATING),
    )
    assert found == {
        "<model>.forward": {"past_key_values": ("cache", "5.40.0")},  # every `forward` taking it deprecates it
        "<processor>.apply_chat_template": {"video_fps": ("fps", "4.58")},  # on the kind's base
        "ClapProcessor.__call__": {"audios": ("audio", "4.59.0")},
        "LoudClapProcessor.__call__": {"audios": ("audio", "4.59.0")},  # inherits the method; `OwnCall` does not
        "Seq2SeqTrainingArguments.__init__": {"gradient_checkpointing": ("activation_checkpointing", "6")},
        "TrainingArguments.__init__": {"gradient_checkpointing": ("activation_checkpointing", "6")},
        # `OldModel.forward` takes `vision_feature_layers` as it is: only VipModel's is deprecated; private methods
        # (`_prepare`) are no API of user code
        "VipModel.forward": {"vision_feature_layers": ("vision_feature_layer", "5.25")},
    }


def test_a_deprecated_keyword_is_gone_where_the_method_no_longer_takes_it(tmp_path):
    from tools.knowledge.generate_timeline import no_longer_taken

    later = _wheel(tmp_path / "later.whl", {
        "__init__.py": "",
        "processing_utils.py": "class ProcessorMixin:\n    def __call__(self, text=None, audio=None, **kwargs):\n"
                               "        pass\n",
        "models/clap/processing_clap.py": "from ...processing_utils import ProcessorMixin\n\n\n"
                                          "class ClapProcessor(ProcessorMixin):\n    pass\n",
        "models/vip/modeling_vip.py": "class VipModel:\n    def forward(self, pixel_values=None, **kwargs):\n"
                                      "        pass\n\n    def resize(self, image, max_size=None):\n        pass\n",
        "training_args.py": "class TrainingArguments:\n    gradient_checkpointing: bool = False\n",
    })  # fmt: skip
    wanted = [
        ("ClapProcessor.__call__", "audios"),  # the base's `__call__` does not take it: gone
        ("VipModel.forward", "vision_feature_layers"),  # only `**kwargs` would: gone
        ("VipModel.resize", "max_size"),  # a parameter again: not gone
        ("VipModel.get_image_features", "vision_feature_layers"),  # the method is gone: HF316's, not this
        ("TrainingArguments.__init__", "gradient_checkpointing"),  # still a field
        ("GoneProcessor.__call__", "audios"),  # the class is gone: HF314's
    ]
    assert no_longer_taken(later, wanted) == [
        ("ClapProcessor.__call__", "audios"),
        ("VipModel.forward", "vision_feature_layers"),
    ]


def test_deprecated_callables_are_what_warns_about_itself():
    from tools.knowledge.generate_timeline import module_of
    from tools.knowledge.stated_deprecations import class_index, deprecated_callables

    files = {
        "utils/import_utils.py": (
            "def is_flash_attn_greater_or_equal_2_10():\n"
            '    logger.warning_once("`is_flash_attn_greater_or_equal_2_10` is deprecated and will be removed "\n'
            '        "in v5.8. "\n'
            "        \"Please use `is_flash_attn_greater_or_equal(library_version='2.1.0')` instead if needed.\")\n\n\n"
            "def from_pretrained(tp_plan=None):\n"
            "    if tp_plan is not None:\n"
            '        warnings.warn("Passing `tp_plan` is deprecated and will be removed in v5.18.")\n'
        ),
        "models/wav2vec2_with_lm/processing_wav2vec2_with_lm.py": (
            "class Wav2Vec2ProcessorWithLM:\n    def __init__(self, decoder):\n"
            '        warnings.warn(f"`Wav2Vec2ProcessorWithLM` is deprecated and will be removed in Transformers "\n'
            '                      f"v6. "\n'
            '                      f"To keep it, call pyctcdecode directly: {URL}")\n\n'
            "    def decode(self, logits):\n"
            '        logger.warning("`batch_decode` is deprecated and will be removed in v7.")\n'  # not its own name
        ),
        "models/idefics3/configuration_idefics3.py": (
            "class Idefics3Config:\n    @property\n    def pad_token_id(self):\n"
            '        logger.warning("`self.pad_token_id` is deprecated and will be removed in v5.22.")\n'
        ),
        "modeling_utils.py": (
            "class PreTrainedModel:\n    def gradient_checkpointing_enable(self, **kwargs):\n"
            '        warnings.warn("`gradient_checkpointing_enable` is deprecated and will be removed in v6. Use "\n'
            '                      "`activation_checkpointing_enable` instead.", FutureWarning)\n'
        ),
    }
    found = deprecated_callables(files, {"Wav2Vec2ProcessorWithLM", "Idefics3Config"}, class_index(files), module_of)
    assert found == {
        "<model>.gradient_checkpointing_enable": ("Use `activation_checkpointing_enable` instead", "6"),
        "Idefics3Config.pad_token_id": ("", "5.22"),
        "transformers.models.wav2vec2_with_lm.processing_wav2vec2_with_lm.Wav2Vec2ProcessorWithLM": ("", "6"),
        "transformers.utils.import_utils.is_flash_attn_greater_or_equal_2_10": (
            "Please use `is_flash_attn_greater_or_equal(library_version='2.1.0')` instead if needed",
            "5.8",
        ),
    }  # `from_pretrained` warns about a keyword, `decode` about another method: neither is what they deprecate


def test_peft_expert_mapping_and_transformers_conversion_patterns_are_read_from_their_tables():
    from tools.knowledge.generate_stack import expert_facts
    from tools.knowledge.generate_timeline import _conversion_patterns

    peft = {
        "utils/transformers_weight_conversion.py": (
            "from peft.utils.constants import INCLUDE_LINEAR_LAYERS_SHORTHAND\n"
            "_MODEL_TO_CONVERSION_PATTERN = _MODEL_TO_CONVERSION_PATTERN.copy()\n"
            '_MODEL_TO_CONVERSION_PATTERN["mixtral"] = "mixtral"\n'
            '_MOE_TARGET_MODULE_MAPPING: dict = {"mixtral": {"w1": "gate_up_proj", "w2": "down_proj"}}\n'
            '_MOE_FUSED_TARGETS = {"mixtral": {"gate_up_proj": ["w1", "w3"]}}\n'
            "def resolve(config):\n    return config.target_modules == INCLUDE_LINEAR_LAYERS_SHORTHAND\n"
        )
    }
    assert expert_facts(peft) == {
        "pattern mixtral mixtral", "target mixtral w1 gate_up_proj", "target mixtral w2 down_proj",
        "fused mixtral gate_up_proj w1 w3", "shorthand all-linear",
    }  # fmt: skip
    assert expert_facts({"__init__.py": ""}) == set()  # a release before the mapping
    transformers = {"conversion_mapping.py": '_MODEL_TO_CONVERSION_PATTERN = {"qwen3_moe": "qwen2_moe", "x": "y"}\n'}
    assert _conversion_patterns(transformers) == {"qwen3_moe qwen2_moe", "x y"}
    assert _conversion_patterns({"__init__.py": ""}) == set()
