"""Stand-ins for the Hugging Face course's chapter 7 data sets that no other module has: KDE4 (translation) and
Amazon's multilingual reviews (summarization). GLUE, CoNLL-2003 and SQuAD are in text.py, classification.py and
seq2seq.py.

Sizes follow what the notebooks index: chapter 7.4 reads `split_datasets["train"][172]` after a 90/10 split of
KDE4's only split, and chapter 7.5 reads the 101st English and Spanish book review of the test split. Its book
reviews of the validation split fit one evaluation batch of 8: a random model's generated summaries differ in
length from batch to batch, and the Trainer pads them together with -100, which its `compute_metrics` decodes.
"""

from __future__ import annotations

from . import dataset, features, sentence, value
from .seq2seq import FRENCH, build, words


@dataset("kde4", "Helsinki-NLP/kde4")
def kde4(name):
    """KDE4's English-French pairs (the notebook picks the pair with `lang1=`/`lang2=`): one `train` split."""
    from datasets import Translation

    source, target = (name or "en-fr").split("-")

    def rows(rng, n, split):
        pairs = [
            {source: sentence(rng, 2, 10).capitalize(), target: words(rng, FRENCH, 2, 10).capitalize()}
            for _ in range(n)
        ]
        return {"id": [str(i) for i in range(n)], "translation": pairs}

    feats = features(id=value(), translation=Translation(languages=[source, target]))
    return build(rows, feats, ("train",), {"train": 200})


SPANISH = (
    "el libro es muy bueno y me encanta la historia de los personajes pero el final fue terrible "
    "recomiendo este producto a todos calidad precio excelente no funciona como esperaba"
).split()
CATEGORIES = (
    "book", "digital_ebook_purchase", "book", "digital_ebook_purchase", "book", "home", "wireless", "toy",
    "pc", "kitchen", "book", "digital_ebook_purchase",
)  # fmt: skip


@dataset("amazon_reviews_multi", "mteb/amazon_reviews_multi")
def amazon_reviews_multi(name):
    """Product reviews in one language (the config: "en", "es", ...); most of them books, as the notebook filters."""
    language = name if name and name != "all_languages" else "en"

    def text(rng, low, high):
        return sentence(rng, low, high) if language == "en" else words(rng, SPANISH, low, high)

    def rows(rng, n, split):
        columns = {key: [] for key in feats}
        for _ in range(n):
            columns["review_id"].append(f"{language}_{rng.randrange(10**7):07d}")
            columns["product_id"].append(f"product_{language}_{rng.randrange(10**7):07d}")
            columns["reviewer_id"].append(f"reviewer_{language}_{rng.randrange(10**7):07d}")
            columns["stars"].append(rng.randint(1, 5))
            body = ". ".join(text(rng, 5, 14).capitalize() for _ in range(rng.randint(1, 5))) + "."
            columns["review_body"].append(body)
            columns["review_title"].append(text(rng, 2, 8).capitalize())
            columns["language"].append(language)
            columns["product_category"].append(rng.choice(CATEGORIES))
        return columns

    feats = features(
        review_id=value(), product_id=value(), reviewer_id=value(), stars=value("int32"), review_body=value(),
        review_title=value(), language=value(), product_category=value(),
    )  # fmt: skip
    return build(rows, feats, ("train", "validation", "test"), {"train": 32, "validation": 6, "test": 120})
