"""Stand-ins for the token classification, multiple choice and review-rating data sets (GLUE and the movie
reviews are in text.py)."""

from . import WORDS, dataset, features, label, sentence, sequence, splits, value

CONLL_NER = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
CONLL_POS = (
    '"', "''", "#", "$", "(", ")", ",", ".", ":", "``", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS",
    "LS", "MD", "NN", "NNP", "NNPS", "NNS", "NN|SYM", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM",
    "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB",
)  # fmt: skip
CONLL_CHUNK = (
    "O", "B-ADJP", "I-ADJP", "B-ADVP", "I-ADVP", "B-CONJP", "I-CONJP", "B-INTJ", "I-INTJ", "B-LST", "I-LST",
    "B-NP", "I-NP", "B-PP", "I-PP", "B-PRT", "I-PRT", "B-SBAR", "I-SBAR", "B-UCP", "I-UCP", "B-VP", "I-VP",
)  # fmt: skip


def tagged(rng, n, tags):
    """n sentences as word lists, with tags that keep B-/I- order (an I- tag only after its B- or I-)."""
    tokens, ner = [], []
    for _ in range(n):
        words = [rng.choice(WORDS).capitalize() if rng.random() < 0.3 else rng.choice(WORDS)
                 for _ in range(rng.randint(5, 14))]  # fmt: skip
        labels, previous = [], 0
        for _ in words:
            if previous and rng.random() < 0.5:  # continue the entity
                labels.append(previous + 1 if previous % 2 else previous)
            elif rng.random() < 0.3:  # start one
                labels.append(1 + 2 * rng.randrange((len(tags) - 1) // 2))
            else:
                labels.append(0)
            previous = labels[-1]
        tokens.append(words)
        ner.append(labels)
    return tokens, ner


@dataset("conll2003", "eriktks/conll2003")
def conll2003(name):
    def rows(rng, n):
        tokens, ner = tagged(rng, n, CONLL_NER)
        return {
            "id": [str(i) for i in range(n)],
            "tokens": tokens,
            "pos_tags": [[rng.randrange(len(CONLL_POS)) for _ in words] for words in tokens],
            "chunk_tags": [[rng.randrange(len(CONLL_CHUNK)) for _ in words] for words in tokens],
            "ner_tags": ner,
        }

    return splits(
        rows,
        features(
            id=value(),
            tokens=sequence(value()),
            pos_tags=sequence(label(*CONLL_POS)),
            chunk_tags=sequence(label(*CONLL_CHUNK)),
            ner_tags=sequence(label(*CONLL_NER)),
        ),
    )


@dataset("swag", "allenai/swag")
def swag(name):
    def rows(rng, n):
        columns = {
            "video-id": [f"anetv_{rng.randrange(10**6):06d}" for _ in range(n)],
            "fold-ind": [str(rng.randrange(20000)) for _ in range(n)],
            "startphrase": [],
            "sent1": [sentence(rng, 5, 12) for _ in range(n)],
            "sent2": [sentence(rng, 2, 4) for _ in range(n)],
            "gold-source": [rng.choice(["gold", "gen"]) for _ in range(n)],
        }
        columns["startphrase"] = [f"{a} {b}" for a, b in zip(columns["sent1"], columns["sent2"], strict=True)]
        for ending in range(4):
            columns[f"ending{ending}"] = [sentence(rng, 3, 8) for _ in range(n)]
        columns["label"] = [rng.randrange(4) for _ in range(n)]
        return columns

    built = splits(
        rows,
        features(
            **{
                "video-id": value(),
                "fold-ind": value(),
                "startphrase": value(),
                "sent1": value(),
                "sent2": value(),
                "gold-source": value(),
                "ending0": value(),
                "ending1": value(),
                "ending2": value(),
                "ending3": value(),
                "label": label("0", "1", "2", "3"),
            }
        ),
    )
    # the real test split has no answers: its labels are -1
    built["test"] = built["test"].map(lambda row: {"label": -1}, features=built["test"].features)
    return built


@dataset("yelp_review_full", "Yelp/yelp_review_full")
def yelp_review_full(name):
    def rows(rng, n):
        return {"label": [rng.randrange(5) for _ in range(n)], "text": [sentence(rng, 20, 60) for _ in range(n)]}

    stars = ("1 star", "2 star", "3 stars", "4 stars", "5 stars")
    return splits(rows, features(label=label(*stars), text=value()), ("train", "test"))
