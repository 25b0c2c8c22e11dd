"""What transformers 5 moved out of the model configs (knowledge/data/moves.json): regenerated from the wheels
of the releases the timeline compares, it is what is stored; and what the rule reads from it."""

import pytest

from lint_rules.knowledge import reviewable
from lint_rules.knowledge.moves import moves
from lint_rules.versions import Version
from tools.knowledge import generate_moves, generate_timeline


@pytest.mark.slow
def test_the_stored_data_is_what_the_wheels_say():
    try:
        releases = [*generate_moves.timeline_wheels(), generate_moves.first_major_release()]
        wheels = [generate_timeline.wheel(generate_timeline.WHEELS, release) for release in releases]
    except Exception as error:  # no cached wheel and no package index
        pytest.skip(f"the transformers wheels are not cached and cannot be downloaded: {error}")
    with open(generate_moves.DATA, encoding="utf-8") as handle:
        stored = handle.read()
    assert reviewable.dumps(generate_moves.snapshot(*wheels)) == stored, (
        "run `python -m tools.knowledge.generate_moves`"
    )


def test_the_facts_the_rule_reads():
    facts = moves()
    assert facts.releases == generate_moves.timeline_wheels()
    assert {"max_length", "temperature", "num_beams"} <= facts.dropped(frozenset({"llama", "gpt2"}))
    assert "suppress_tokens" not in facts.dropped(frozenset({"whisper"}))  # a field of Whisper's config
    assert "suppress_tokens" not in facts.dropped(None)  # any type: one that keeps it may be the one
    assert facts.rope_theta_gone(frozenset({"llama", "mistral", "qwen2"}))
    assert not facts.rope_theta_gone(frozenset({"llama", "bert"}))  # BERT never had it
    assert not facts.rope_theta_gone(None) and not facts.rope_theta_gone(frozenset())
    assert facts.classes["LlamaConfig"] == "llama"
    assert facts.aliases["GreedySearchDecoderOnlyOutput"] == "GenerateDecoderOnlyOutput"
    assert facts.ignored_keywords["bert"] == {"position_embedding_type": "'absolute'"}
    assert "llama" not in facts.ignored_keywords
    assert facts.forwarded["LlavaForConditionalGeneration"]["language_model"] == "model.language_model"
    assert facts.config_constructors["from_text_vision_configs"] == ["text_config", "vision_config"]
    assert facts.nested_in(frozenset({"qwen2_vl", "qwen2_5_vl"}), "vocab_size") == "text_config"
    assert facts.nested_in(frozenset({"qwen2_vl", "llava"}), "vocab_size") is None  # not for every type
    assert facts.nested_in(frozenset({"qwen2_vl"}), "image_token_id") is None  # the outer config's own
    assert facts.generative_only == {"generation_config"}
    assert {"LlamaForCausalLM", "WhisperForConditionalGeneration", "BarkModel", "BlipForQuestionAnswering"} <= (
        facts.generative
    )  # through `WhisperGenerationMixin`, a `can_generate` of its own, a question-answering head that generates
    assert not {"BertModel", "BertForSequenceClassification", "GPT2Model"} & facts.generative
    assert facts.first_major == Version(5, 0)
    assert "language_model" in facts.model_class_lost("LlavaForConditionalGeneration", Version(5, 23))
    assert not facts.model_class_lost("LlavaForConditionalGeneration", Version(4, 57))
    assert "prepare_inputs_for_generation" not in facts.model_class_lost("BertForMaskedLM", Version(5, 0))  # later
    bert = facts.tokenizer_lost("bert", Version(5, 23))
    assert bert[0] == "BertTokenizer" and "build_inputs_with_special_tokens" in bert[1]
    assert facts.tokenizer_lost("bert", Version(4, 57)) is None
    assert {"from_legacy_cache", "to_legacy_cache"} <= facts.cache_lost and "DynamicCache" in facts.cache_classes
    assert "get_seq_length" not in facts.cache_lost
    assert facts.tokenizer_files["BertTokenizer"] == {"vocab_file"}
    assert facts.tokenizer_files["GPT2Tokenizer"] == {"vocab_file", "merges_file"}
    assert facts.tokenizer_files["BertTokenizerFast"] == {"vocab_file"}  # 5.x's alias of `BertTokenizer`
    assert facts.merged == {"SpecialTokensMixin": "PreTrainedTokenizerBase"}
    assert facts.inlined["tokenizer"]["sanitize_special_tokens()"].startswith("self.add_tokens(")
    assert facts.positional_names["PreTrainedModel.push_to_hub"][:3] == ["repo_id", "use_temp_dir", "commit_message"]
