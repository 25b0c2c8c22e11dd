"""Stand-ins for the summarization, translation and extractive question answering data sets, and for the
NLTK sentence splitter the summarization programs call (its `punkt` data is a download)."""

from __future__ import annotations

import random
import sys
import types

from . import ROWS, dataset, features, sentence, sequence, value

FRENCH = "le chat est sur la table et il fait beau aujourd'hui Paris est la capitale de la France".split()
ROMANIAN = "pisica este pe masa si vremea este frumoasa astazi Bucuresti este capitala Romaniei".split()
OTHER = {"fr": FRENCH, "ro": ROMANIAN}


def words(rng, vocabulary, low, high):
    return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(low, high)))


def build(rows, feats, names, counts=None):
    """A DatasetDict of `rows(rng, n, split)` per split (any split names, `counts` overriding ROWS)."""
    from datasets import Dataset, DatasetDict

    rng = random.Random(0)
    counts = counts or {}
    return DatasetDict(
        {
            name: Dataset.from_dict(rows(rng, counts.get(name, ROWS.get(name, 16)), name), features=feats)
            for name in names
        }
    )


@dataset("xsum", "EdinburghNLP/xsum")
def xsum(name):
    def rows(rng, n, split):
        return {
            "document": [". ".join(sentence(rng) for _ in range(rng.randint(3, 6))) + "." for _ in range(n)],
            "summary": [sentence(rng, 6, 12) + "." for _ in range(n)],
            "id": [str(30000000 + rng.randrange(10**6)) for _ in range(n)],
        }

    return build(rows, features(document=value(), summary=value(), id=value()), ("train", "validation", "test"))


@dataset("billsum", "FiscalNote/billsum")
def billsum(name):
    def rows(rng, n, split):
        return {
            "text": [". ".join(sentence(rng, 8, 16) for _ in range(rng.randint(4, 8))) + "." for _ in range(n)],
            "summary": [sentence(rng, 10, 20) + "." for _ in range(n)],
            "title": ["An act to amend " + sentence(rng, 3, 6) for _ in range(n)],
        }

    feats = features(text=value(), summary=value(), title=value())
    return build(rows, feats, ("train", "test", "ca_test"), {"ca_test": 16})


def translation(source, target, splits, with_id):
    from datasets import Translation

    def rows(rng, n, split):
        pairs = []
        for _ in range(n):
            pair = {}
            for lang in (source, target):
                pair[lang] = sentence(rng, 4, 12) if lang == "en" else words(rng, OTHER.get(lang, FRENCH), 4, 12)
            pairs.append(pair)
        columns = {"translation": pairs}
        if with_id:
            columns = {"id": [str(i) for i in range(n)], **columns}
        return columns

    feats = {"translation": Translation(languages=[source, target])}
    if with_id:
        feats = {"id": value(), **feats}
    return build(rows, features(**feats), splits)


@dataset("wmt16", "wmt/wmt16")
def wmt16(name):
    source, target = (name or "ro-en").split("-")
    return translation(source, target, ("train", "validation", "test"), with_id=False)


@dataset("opus_books", "Helsinki-NLP/opus_books")
def opus_books(name):
    source, target = (name or "en-fr").split("-")
    return translation(source, target, ("train",), with_id=True)


QUESTIONS = ("What is {}?", "Where is {}?", "Who loved {}?", "Which {} was great?")


def squad_rows(v2):
    def rows(rng, n, split):
        columns = {"id": [], "title": [], "context": [], "question": [], "answers": []}
        for i in range(n):
            long = split == "train" and i == 2  # one context longer than a 384-token window: a real overflow
            before = sentence(rng, 2, 6)
            answer = " ".join(rng.choice(("New York City", "Paris", "Hugging Face", "the lazy dog")).split())
            after = sentence(rng, 400, 420) if long else sentence(rng, 8, 30)
            context = f"{before} {answer} {after}."
            columns["id"].append(f"{rng.getrandbits(96):024x}")
            columns["title"].append(rng.choice(("New_York_City", "Paris", "Hugging_Face")))
            columns["context"].append(context)
            columns["question"].append(rng.choice(QUESTIONS).format(rng.choice(before.split())))
            if v2 and i % 4 == 3:  # squad_v2 has unanswerable questions
                columns["answers"].append({"text": [], "answer_start": []})
            else:
                columns["answers"].append({"text": [answer], "answer_start": [len(before) + 1]})
        return columns

    return rows


def squad_features():
    return features(
        id=value(), title=value(), context=value(), question=value(),
        answers=sequence({"text": value(), "answer_start": value("int32")}),
    )  # fmt: skip


@dataset("squad", "rajpurkar/squad")
def squad(name):
    return build(squad_rows(False), squad_features(), ("train", "validation"))


@dataset("squad_v2", "rajpurkar/squad_v2")
def squad_v2(name):
    return build(squad_rows(True), squad_features(), ("train", "validation"))


def _sent_tokenize(text, language="english"):
    import re

    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def _nltk():
    """`nltk.download` fetches data (here: nothing to fetch); `sent_tokenize` needs the `punkt` data it fetches."""
    try:
        import nltk
    except ImportError:
        from importlib.machinery import ModuleSpec

        nltk = types.ModuleType("nltk")
        nltk.__version__ = "3.9.1"
        tokenize = types.ModuleType("nltk.tokenize")
        nltk.__spec__, tokenize.__spec__ = ModuleSpec("nltk", None), ModuleSpec("nltk.tokenize", None)
        nltk.tokenize = tokenize
        sys.modules["nltk"], sys.modules["nltk.tokenize"] = nltk, tokenize
    nltk.download = lambda *args, **kwargs: True
    nltk.sent_tokenize = _sent_tokenize
    nltk.tokenize.sent_tokenize = _sent_tokenize


_nltk()
