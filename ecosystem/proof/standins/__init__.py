"""What a run-proof program gets instead of the network: small local stand-ins for the data sets and metrics
it loads, and hub calls that write nothing anywhere.

Imported by runner.py before a program runs, under either transformers release. `datasets.load_dataset` is
wrapped: a hub data set registered by a module of this package (`@dataset("glue")`) is built locally (a few
rows with the real columns and features);
anything else (local files, `"csv"`, `"json"`) goes to the real function. `evaluate.load` (and
`datasets.load_metric` where the installed datasets still has it) return a stand-in that computes the real
metric's keys from simple formulas. The hub calls that would write (create a repo, upload, log in) do
nothing; what the installed huggingface_hub lacks stays missing, so a removal still fails as it would.
"""

from __future__ import annotations

import random
from concurrent.futures import Future

ROWS = {"train": 16, "validation": 8, "test": 8}
WORDS = (
    "the movie was great and I loved it but the ending was terrible Paris is the capital of France "
    "Hugging Face is a company based in New York City the quick brown fox jumps over the lazy dog"
).split()
BUILDERS = {}


def dataset(*names):
    def register(builder):
        for name in names:
            BUILDERS[name] = builder
        return builder

    return register


def sentence(rng, low=5, high=14):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def splits(rows, features, splits=("train", "validation", "test")):
    """A DatasetDict of `rows(rng, n)` per split, with the given features."""
    from datasets import Dataset, DatasetDict

    rng = random.Random(0)
    built = {}
    for split in splits:
        columns = rows(rng, ROWS[split])
        built[split] = Dataset.from_dict(columns, features=features)
    return DatasetDict(built)


def features(**columns):
    from datasets import Features

    return Features(columns)


def label(*names):
    from datasets import ClassLabel

    return ClassLabel(names=list(names))


def value(kind="string"):
    from datasets import Value

    return Value(kind)


def sequence(feature):
    from datasets import Sequence

    return Sequence(feature)


def load_dataset_standin(real):
    def load_dataset(path, name=None, *args, **kwargs):
        key = path.rstrip("/") if isinstance(path, str) else path
        builder = BUILDERS.get(key)
        if builder is None:
            return real(path, name, *args, **kwargs)
        if name is None:
            name = kwargs.pop("name", None)
        built = builder(name)
        split = kwargs.get("split")
        if split is None:
            return built
        base, _, rest = split.partition("[")
        data = built[base]
        if rest:  # "train[:100]", "train[:10%]"
            stop = rest.rstrip("]").split(":")[-1]
            count = len(data) * int(stop[:-1]) // 100 if stop.endswith("%") else int(stop or len(data))
            data = data.select(range(min(count, len(data))))
        return data

    load_dataset.__wrapped__ = real
    return load_dataset


class Metric:
    """The keys the real metric returns, from simple formulas over what the program passes."""

    def __init__(self, name, config=None):
        self.name, self.config = name.split("/")[-1], config
        self._predictions, self._references = [], []

    def add_batch(self, predictions=None, references=None, **kwargs):
        self._predictions.extend(list(predictions))
        self._references.extend(list(references))

    def add(self, prediction=None, reference=None, **kwargs):
        self._predictions.append(prediction)
        self._references.append(reference)

    def compute(self, predictions=None, references=None, **kwargs):
        if predictions is None:
            predictions, references = self._predictions, self._references
            self._predictions, self._references = [], []
        predictions, references = list(predictions), list(references)
        same = sum(1 for p, r in zip(predictions, references, strict=False) if _same(p, r)) / max(len(predictions), 1)
        name = self.name
        if name == "glue":
            if self.config in ("mrpc", "qqp"):
                return {"accuracy": same, "f1": same}
            if self.config == "stsb":
                return {"pearson": same, "spearmanr": same}
            if self.config == "cola":
                return {"matthews_correlation": same}
            return {"accuracy": same}
        if name == "seqeval":
            return {"overall_precision": same, "overall_recall": same, "overall_f1": same, "overall_accuracy": same}
        if name in ("squad", "squad_v2"):
            return {"exact_match": 100 * same, "f1": 100 * same}
        if name == "rouge":
            return {key: _Rouge(same) for key in ("rouge1", "rouge2", "rougeL", "rougeLsum")}
        if name == "sacrebleu":
            return {"score": 100 * same, "counts": [0] * 4, "totals": [0] * 4, "precisions": [0.0] * 4,
                    "bp": 1.0, "sys_len": 1, "ref_len": 1}  # fmt: skip
        if name == "bleu":
            return {"bleu": same, "precisions": [0.0] * 4, "brevity_penalty": 1.0, "length_ratio": 1.0}
        if name in ("wer", "cer"):
            return 1 - same
        return {name: same}


class _Rouge(float):
    """A ROUGE score: a float, as evaluate's rouge returns since late 2022, with the `low`/`mid`/`high` that its
    earlier releases (and datasets' `load_metric("rouge")`) returned, each a (precision, recall, fmeasure)."""

    @property
    def mid(self):
        from collections import namedtuple

        return namedtuple("Score", "precision recall fmeasure")(float(self), float(self), float(self))

    low = high = mid


def _same(prediction, reference):
    if isinstance(reference, (list, tuple)) and not isinstance(prediction, (list, tuple)):
        return prediction in reference
    try:
        return bool(prediction == reference)
    except Exception:  # arrays of different shapes
        return False


def metric_standin(path, config_name=None, *args, **kwargs):
    return Metric(path, config_name)


class _Repo:
    def __init__(self, repo_id):
        self.repo_id = repo_id
        self.url = f"https://huggingface.co/{repo_id}"

    def __str__(self):
        return self.url


def _done(value=None, **kwargs):
    if kwargs.get("run_as_future"):
        future = Future()
        future.set_result(value)
        return future
    return value


def install():
    import importlib
    import pkgutil

    import datasets

    for module in pkgutil.iter_modules(__path__):  # the data set stand-ins, one module per family of programs
        importlib.import_module(f"{__name__}.{module.name}")
    import huggingface_hub
    from huggingface_hub import HfApi

    datasets.load_dataset = load_dataset_standin(datasets.load_dataset)
    if hasattr(datasets, "load_metric"):  # gone from datasets 3.0: its absence is what a program meets
        datasets.load_metric = metric_standin
    for name in ("login", "notebook_login", "interpreter_login"):
        if hasattr(huggingface_hub, name):
            setattr(huggingface_hub, name, lambda *args, **kwargs: None)
    HfApi.create_repo = lambda self, repo_id, **kwargs: _Repo(repo_id)
    HfApi.whoami = lambda self, *args, **kwargs: {"name": "user", "orgs": []}
    for method in ("upload_folder", "upload_file", "create_commit", "create_branch", "delete_file"):
        setattr(HfApi, method, lambda self, *args, **kwargs: _done(None, **kwargs))
    for method in ("create_repo", "whoami", "upload_folder", "upload_file", "create_commit", "create_branch"):
        if hasattr(huggingface_hub, method):  # the module-level aliases are bound to one HfApi
            setattr(huggingface_hub, method, getattr(HfApi(), method))
    try:  # after the hub calls: evaluate imports transformers, whose modules bind those calls at import
        import evaluate
    except ImportError:
        pass
    else:
        evaluate.load = metric_standin
