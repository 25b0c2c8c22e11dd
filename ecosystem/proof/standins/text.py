"""Stand-ins for the text classification data sets: GLUE and movie reviews."""

from . import dataset, features, label, sentence, splits, value

GLUE = {  # config -> (text columns, labels)
    "cola": (("sentence",), ("unacceptable", "acceptable")),
    "sst2": (("sentence",), ("negative", "positive")),
    "mrpc": (("sentence1", "sentence2"), ("not_equivalent", "equivalent")),
    "qqp": (("question1", "question2"), ("not_duplicate", "duplicate")),
    "stsb": (("sentence1", "sentence2"), None),
    "mnli": (("premise", "hypothesis"), ("entailment", "neutral", "contradiction")),
    "qnli": (("question", "sentence"), ("entailment", "not_entailment")),
    "rte": (("sentence1", "sentence2"), ("entailment", "not_entailment")),
    "wnli": (("sentence1", "sentence2"), ("not_entailment", "entailment")),
}


@dataset("glue", "nyu-mll/glue")
def glue(name):
    texts, labels = GLUE[name]
    schema = {text: value() for text in texts}
    schema["label"] = label(*labels) if labels else value("float32")
    schema["idx"] = value("int32")

    def rows(rng, n):
        columns = {text: [sentence(rng) for _ in range(n)] for text in texts}
        columns["label"] = [rng.randrange(len(labels)) if labels else rng.random() * 5 for _ in range(n)]
        columns["idx"] = list(range(n))
        return columns

    result = splits(rows, features(**schema), ("train", "validation", "test"))
    if name == "mnli":
        from datasets import DatasetDict

        result = DatasetDict(
            {
                "train": result["train"],
                "validation_matched": result["validation"],
                "validation_mismatched": result["validation"],
                "test_matched": result["test"],
                "test_mismatched": result["test"],
            }
        )
    return result


@dataset("imdb", "stanfordnlp/imdb", "rotten_tomatoes", "cornell-movie-review-data/rotten_tomatoes")
def reviews(name):
    def rows(rng, n):
        return {"text": [sentence(rng, 20, 60) for _ in range(n)], "label": [rng.randrange(2) for _ in range(n)]}

    return splits(rows, features(text=value(), label=label("neg", "pos")), ("train", "test", "validation"))
