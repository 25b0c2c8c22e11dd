"""Stand-ins for the language modelling, vision, audio, PEFT and TRL programs: wikitext, ELI5, RVL-CDIP, SUPERB
keyword spotting, financial tweets and English quotes.

Audio: the real `superb` "ks" data set has an `Audio(sampling_rate=16000)` column, which datasets decodes with
soundfile (2.x) or torchcodec (4.x and later), neither installed in the run-proof stacks. The stand-in's `audio`
column is the decoded form itself, a struct {"array", "path", "sampling_rate"}, with a transform that turns the
array into numpy, so that `example["audio"]["array"]` is a numpy array of floats under either datasets release,
as it is after decoding.
"""

from . import WORDS, dataset, features, label, sentence, sequence, splits, value


def _paragraph(rng, low, high):
    return " " + sentence(rng, low, high).capitalize() + " .\n"


@dataset("wikitext", "Salesforce/wikitext")
def wikitext(name):
    """Lines of Wikipedia articles: empty lines, ` = Heading = ` lines and long paragraphs, as in the raw files."""

    def rows(rng, n):
        lines = []
        for i in range(n):
            if i % 8 == 0:
                lines.append("")
            elif i % 8 == 1:
                lines.append(" = " + sentence(rng, 2, 4).title() + " = \n")
            else:
                lines.append(_paragraph(rng, 120, 200))
        return {"text": lines}

    return splits(rows, features(text=value()), ("train", "validation", "test"))


@dataset("eli5_category", "dany0407/eli5_category", "rexarski/eli5_category")
def eli5_category(name):
    """ELI5 questions with their answers as a dict of lists (flattened to `answers.text` etc.)."""
    answers = {
        "a_id": sequence(value()),
        "text": sequence(value()),
        "score": sequence(value("int32")),
        "text_urls": sequence(sequence(value())),
    }
    columns = features(
        q_id=value(),
        title=value(),
        selftext=value(),
        category=value(),
        subreddit=value(),
        answers=answers,
        title_urls=sequence(value()),
        selftext_urls=sequence(value()),
    )

    def rows(rng, n):
        built = {key: [] for key in columns}
        for i in range(n):
            count = rng.randint(1, 3)
            built["q_id"].append(f"q{i:04d}")
            built["title"].append(sentence(rng, 5, 10).capitalize() + "?")
            built["selftext"].append("")
            built["category"].append(rng.choice(["Biology", "Physics", "Economics", "Technology"]))
            built["subreddit"].append("explainlikeimfive")
            built["answers"].append(
                {
                    "a_id": [f"a{i:04d}{k}" for k in range(count)],
                    "text": [sentence(rng, 130, 200) for _ in range(count)],
                    "score": [rng.randint(1, 100) for _ in range(count)],
                    "text_urls": [[] for _ in range(count)],
                }
            )
            built["title_urls"].append([])
            built["selftext_urls"].append([])
        return built

    from datasets import DatasetDict

    built = splits(rows, columns, ("train", "validation", "test"))
    return DatasetDict(
        {"train": built["train"], "validation1": built["validation"], "validation2": built["validation"],
         "test": built["test"]}
    )  # fmt: skip


RVLCDIP = (
    "letter", "form", "email", "handwritten", "advertisement", "scientific report", "scientific publication",
    "specification", "file folder", "news article", "budget", "invoice", "presentation", "questionnaire", "resume",
    "memo",
)  # fmt: skip


def _scan(rng, width=96, height=128):
    """A grey page: the documents of RVL-CDIP are greyscale scans."""
    from PIL import Image

    return Image.frombytes("L", (width, height), bytes(rng.randrange(256) for _ in range(width * height)))


@dataset("nielsr/rvlcdip-demo")
def rvlcdip_demo(name):
    """Scanned documents in the sixteen RVL-CDIP classes; one `train` split, as on the hub."""
    from datasets import Image

    def rows(rng, n):
        return {"image": [_scan(rng) for _ in range(n)], "label": [i % len(RVLCDIP) for i in range(n)]}

    return splits(rows, features(image=Image(), label=label(*RVLCDIP)), ("train",))


KEYWORDS = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "_silence_", "_unknown_")


@dataset("superb", "s3prl/superb")
def superb(name):
    """SUPERB keyword spotting ("ks"): one-second clips at 16 kHz, in twelve classes (see the module's note)."""
    audio = {"array": sequence(value("float32")), "path": value(), "sampling_rate": value("int32")}
    columns = features(file=value(), audio=audio, label=label(*KEYWORDS))

    def rows(rng, n):
        files, clips, labels = [], [], []
        for _ in range(n):
            word = KEYWORDS[rng.randrange(len(KEYWORDS))]
            path = f"{word}/{rng.getrandbits(32):08x}_nohash_0.wav"
            files.append(path)
            clips.append(
                {"array": [rng.uniform(-0.1, 0.1) for _ in range(16000)], "path": path, "sampling_rate": 16000}
            )
            labels.append(KEYWORDS.index(word))
        return {"file": files, "audio": clips, "label": labels}

    built = splits(rows, columns, ("train", "validation", "test"))
    for split in built.values():
        split.set_transform(_decoded, columns=["audio"], output_all_columns=True)
    return built


def _decoded(batch):
    """The clips as a decoded Audio column gives them: a numpy array of floats, the path, the rate."""
    import numpy

    if "audio" in batch:
        batch["audio"] = [
            {**clip, "array": numpy.asarray(clip["array"], dtype=numpy.float32)} for clip in batch["audio"]
        ]
    return batch


@dataset("zeroshot/twitter-financial-news-sentiment")
def financial_tweets(name):
    """Finance tweets with an integer label (0 Bearish, 1 Bullish, 2 Neutral); splits train and validation."""

    def rows(rng, n):
        return {
            "text": ["$" + rng.choice(["AAPL", "TSLA", "MSFT"]) + " " + sentence(rng, 6, 20) for _ in range(n)],
            "label": [rng.randrange(3) for _ in range(n)],
        }

    return splits(rows, features(text=value(), label=value("int64")), ("train", "validation"))


@dataset("Abirate/english_quotes")
def english_quotes(name):
    """Quotes with their author and tags; one `train` split."""

    def rows(rng, n):
        return {
            "quote": ["\u201c" + sentence(rng, 6, 20).capitalize() + ".\u201d" for _ in range(n)],
            "author": [rng.choice(["Oscar Wilde", "Albert Einstein", "Marilyn Monroe", "Dr. Seuss"]) for _ in range(n)],
            "tags": [sorted({rng.choice(WORDS) for _ in range(3)}) for _ in range(n)],
        }

    return splits(rows, features(quote=value(), author=value(), tags=sequence(value())), ("train",))


def _text_progress_bars():
    """`tqdm.notebook` draws with ipywidgets, which a notebook has and the run-proof stacks lack: text bars there."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        import tqdm.notebook
        import tqdm.std

        tqdm.notebook.tqdm = tqdm.notebook.tqdm_notebook = tqdm.std.tqdm
        tqdm.notebook.trange = tqdm.notebook.tnrange = tqdm.std.trange


_text_progress_bars()
