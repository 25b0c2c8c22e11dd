"""`which-class` answers from the same snapshots and resolution the rules use, for both release lines."""

import json

import pytest

from conftest import run_cli
from lint_rules.knowledge.catalog import catalog_for
from lint_rules.versions import NEWEST_KNOWN, Version
from lint_rules.which import UnknownTask, which_class

RELEASES = [Version(4, 57), NEWEST_KNOWN]


@pytest.mark.parametrize("target", RELEASES, ids=str)
@pytest.mark.parametrize(
    ("model", "task", "use", "preprocessor"),
    [
        ("google/flan-t5-base", "translation", "AutoModelForSeq2SeqLM", "AutoTokenizer"),
        ("openai/whisper-small", "speech-to-text", "AutoModelForSpeechSeq2Seq", "AutoProcessor"),
        ("facebook/wav2vec2-base-960h", "speech-to-text", "AutoModelForCTC", "AutoProcessor"),
        ("bert-base-uncased", "embeddings", "AutoModel", "AutoTokenizer"),
        ("cross-encoder/ms-marco-MiniLM-L-6-v2", "reranking", "AutoModelForSequenceClassification", "AutoTokenizer"),
        ("gpt2", "generation", "AutoModelForCausalLM", "AutoTokenizer"),
        (
            "google/vit-base-patch16-224",
            "image-classification",
            "AutoModelForImageClassification",
            "AutoImageProcessor",
        ),
        ("facebook/detr-resnet-50", "object-detection", "AutoModelForObjectDetection", "AutoImageProcessor"),
        ("bert-base-uncased", "ner", "AutoModelForTokenClassification", "AutoTokenizer"),
    ],
)
def test_model_and_task(target, model, task, use, preprocessor):
    answer = which_class(catalog_for(target), model, task)
    assert (answer.use, answer.preprocessor, answer.fits) == (use, preprocessor, True)
    assert answer.use in answer.classes


def test_pipeline_task_depends_on_the_release():
    old = which_class(catalog_for(Version(4, 57)), "google/flan-t5-base", "translation")
    new = which_class(catalog_for(NEWEST_KNOWN), "google/flan-t5-base", "translation")
    assert old.pipeline == "translation" and new.pipeline is None
    assert any("text-generation" in note for note in new.notes)
    assert "AutoModelWithLMHead" in old.classes and "AutoModelWithLMHead" not in new.classes


@pytest.mark.parametrize("target", RELEASES, ids=str)
def test_a_task_that_does_not_fit(target):
    answer = which_class(catalog_for(target), "gpt2", "translation")
    assert answer.fits is False and answer.use is None
    assert "does not fit translation" in answer.notes[0]
    assert any(family.startswith(("t5", "marian")) for family in answer.families)


@pytest.mark.parametrize("target", RELEASES, ids=str)
def test_every_family_that_fits_is_offered(target):
    answer = which_class(catalog_for(target), "gpt2", "summarization")
    offered = {family.split(" ", 1)[0] for family in answer.families}
    assert {"bart", "t5", "pegasus", "led"} <= offered


def test_task_alone_and_unknown_inputs():
    answer = which_class(catalog_for(NEWEST_KNOWN), None, "speech-to-text")
    assert (answer.use, answer.preprocessor, answer.pipeline) == (
        "AutoModelForSpeechSeq2Seq",
        "AutoProcessor",
        "automatic-speech-recognition",
    )
    unresolved = which_class(catalog_for(NEWEST_KNOWN), "my-org/private", "generation")
    assert unresolved.model_type is None and "could not be resolved offline" in unresolved.notes[0]
    with pytest.raises(UnknownTask, match="unknown task"):
        which_class(catalog_for(NEWEST_KNOWN), "gpt2", "dancing")
    with pytest.raises(UnknownTask, match="removed"):
        which_class(catalog_for(NEWEST_KNOWN), "gpt2", "text2text-generation")


def test_local_directory(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text('{"model_type": "marian"}')
    answer = which_class(catalog_for(NEWEST_KNOWN), str(tmp_path / "m"), "translation")
    assert (answer.source, answer.use) == ("local", "AutoModelForSeq2SeqLM")


def test_cli(tmp_path):
    text = run_cli("which-class", "openai/whisper-small", "--task", "speech-to-text", cwd=tmp_path)
    assert text.returncode == 0 and "use AutoModelForSpeechSeq2Seq with AutoProcessor" in text.stdout
    data = json.loads(
        run_cli(
            "which-class",
            "gpt2",
            "--task",
            "translation",
            "--output-format",
            "json",
            "--target-transformers",
            "4.57",
            cwd=tmp_path,
        ).stdout
    )
    assert data["fits"] is False and data["target"] == "4.57.6"
    assert run_cli("which-class", "gpt2", "--task", "translation", cwd=tmp_path).returncode == 1
    assert run_cli("which-class", cwd=tmp_path).returncode == 2
