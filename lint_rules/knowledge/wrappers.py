"""What trl and peft build on transformers, read from `data/wrappers.json` (written from their wheels by
`python -m tools.knowledge.generate_wrappers`): their configs and trainers that subclass
`TrainingArguments` and `Trainer`, their models that inherit `push_to_hub`, and the `from_pretrained`
methods that hand their keywords to a transformers Auto class."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

# A Trainer's model is the one its caller passed in, which peft may have wrapped: a method reached
# through it (`trainer.model.save_pretrained(...)`) is not known to be transformers'.
AS_PASSED = frozenset({"model", "model_wrapped"})
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "wrappers.json")
LIBRARIES = ("peft", "trl")  # what the data describes (a test checks it against the file)


@dataclass(frozen=True)
class Wrapper:
    """A class of another library, as far as transformers is concerned."""

    library: str  # "trl 1.16.0": the release the facts come from
    name: str
    base: str | None  # the transformers class it derives from (`TrainingArguments`), or None
    params: frozenset[str]  # keywords its own `__init__` takes (a dataclass: the fields it adds)
    closed: bool  # its own `__init__` decides alone: no `**kwargs` reach the base's
    methods: frozenset[str]  # what its library defines; any other method is the transformers base's
    forwards: dict[str, tuple[str, frozenset[str]]]  # method -> (the transformers callable its `**kwargs`
    # reach, the keywords that are its library's own on the way)
    returns: dict[str, tuple[str, ...]]  # method -> the classes of its library it returns


@functools.cache
def _data() -> dict:
    with open(DATA, encoding="utf-8") as handle:
        return json.load(handle)


def _split(qualified: str | None) -> tuple[str, str, list[str]] | None:
    """`trl.trainer.sft_trainer.SFTTrainer.train` -> ("trl", "SFTTrainer", ["train"])."""
    if qualified is None:
        return None
    library, *parts = qualified.split(".")
    if library not in _data():
        return None
    while len(parts) > 1 and parts[0][:1].islower():
        parts.pop(0)
    return (library, parts[0], parts[1:]) if parts else None


@functools.cache
def wrapper(library: str, name: str) -> Wrapper | None:
    data = _data().get(library, {})
    row = data.get("classes", {}).get(name)
    if row is None:
        return None
    return Wrapper(
        f"{library} {data['version']}", name, row["base"], frozenset(row["params"]), row["closed"],
        frozenset(row["methods"]), {k: (v["to"], frozenset(v["own"])) for k, v in row["forwards"].items()},
        {k: tuple(v) for k, v in row["returns"].items()},
    )  # fmt: skip


def wrapper_class(qualified: str | None) -> Wrapper | None:
    """The trl / peft class a qualified name is (`trl.SFTConfig`), or None."""
    found = _split(qualified)
    return wrapper(found[0], found[1]) if found is not None and not found[2] else None


def returned_classes(qualified: str | None) -> tuple[Wrapper, ...]:
    """The trl / peft classes a call returns, by what it calls (`peft.get_peft_model`,
    `peft.PeftModel.from_pretrained`); () when that is not known."""
    found = _split(qualified)
    if found is None:
        return ()
    library, name, rest = found
    if not rest:
        names = _data()[library]["functions"].get(name, ())
    else:
        owner = wrapper(library, name)
        names = owner.returns.get(rest[0], ()) if owner is not None and len(rest) == 1 else ()
    classes = tuple(wrapper(library, n) for n in names)
    return classes if all(classes) else ()
