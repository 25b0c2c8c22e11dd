"""Do HF107's written-out pipelines return what transformers 4.57's own pipelines returned?

    python parity.py SHIMS.py     # under the 4.57 stack, with the stand-in hub; prints one JSON line

SHIMS.py holds the functions HF107's fix writes (lint_rules/knowledge/pipeline_shims.py). Each case builds the
4.57 pipeline and the function with the same arguments, calls both the same way, and compares the results
(scores to 5 decimals).
"""

from __future__ import annotations

import json
import sys
import warnings

TEXT = "The quick brown fox jumps over the lazy dog. Paris is the capital of France."
CONTEXT = "My name is Sylvain and I work at Hugging Face in Brooklyn. Paris is the capital of France and a big city."
QA = {"model": "distilbert/distilbert-base-cased-distilled-squad", "revision": "564e9b5"}
CASES = [  # (task, pipeline arguments, call arguments, call keywords)
    ("summarization", {"model": "sshleifer/distilbart-cnn-12-6", "revision": "a4f8f3e"}, (TEXT,), {"max_length": 12}),
    ("summarization", {"model": "t5-small"}, ([TEXT, "hello world"],), {"max_length": 12}),
    ("translation_en_to_fr", {"model": "t5-small"}, (TEXT,), {"max_length": 10}),
    ("translation", {"model": "Helsinki-NLP/opus-mt-fr-en"}, ("Ce cours est produit par Hugging Face.",), {}),
    ("text2text-generation", {"model": "t5-small"}, ("question: what?",), {"max_new_tokens": 5, "num_beams": 2,
                                                                          "num_return_sequences": 2}),
    ("question-answering", QA, (), {"question": "Where do I work?", "context": CONTEXT}),
    ("question-answering", QA, ({"question": "Who?", "context": CONTEXT},), {"top_k": 3}),
    ("question-answering", QA, (), {"question": ["Where?", "What is Paris?"], "context": CONTEXT}),
    ("question-answering", QA, (), {"question": "Where?", "context": CONTEXT, "handle_impossible_answer": True}),
    ("question-answering", QA, (), {"question": "Where?", "context": CONTEXT * 30, "max_seq_len": 64,
                                    "doc_stride": 16, "top_k": 2}),
]  # fmt: skip
FUNCTIONS = {
    "summarization": "summarization_pipeline",
    "translation": "translation_pipeline",
    "text2text-generation": "text2text_generation_pipeline",
    "question-answering": "question_answering_pipeline",
}


def rounded(value):
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def main(shims: str) -> None:
    import torch
    from transformers import pipeline

    warnings.simplefilter("ignore")
    scope: dict = {}
    with open(shims, encoding="utf-8") as handle:
        exec(compile(handle.read(), shims, "exec"), scope)
    same, differ = 0, []
    for task, built, args, keywords in CASES:
        family = "translation" if task.startswith("translation") else task
        torch.manual_seed(0)
        expected = pipeline(task, **built)(*args, **keywords)
        torch.manual_seed(0)
        found = scope[FUNCTIONS[family]](task, **built)(*args, **keywords)
        if rounded(expected) == rounded(found):
            same += 1
        else:
            differ.append(
                {"task": task, "call": repr(keywords)[:80], "4.57": repr(expected)[:200], "written": repr(found)[:200]}
            )
    print("PARITY " + json.dumps({"same": same, "of": len(CASES), "differ": differ}))


if __name__ == "__main__":
    main(sys.argv[1])
