"""What kind of transformers object an expression holds, by import origin: a tokenizer, what calling one
returns (a `BatchEncoding`), a model, a config or a processor (`knowledge.timeline.KINDS`); None when
that is not certain.

The answer comes from the expression's symbol path (`facts.bindings`): `AutoTokenizer.from_pretrained()`,
`BertTokenizerFast.from_pretrained()()`, `AutoModelForCausalLM.from_pretrained().to().config`, or a class
itself (`CLIPConfig`, for its class methods).
"""

from __future__ import annotations

import re

from lint_rules.facts.paths import CALL, SymbolPath
from lint_rules.knowledge.placement import SAME_MODEL
from lint_rules.knowledge.timeline import timeline

_AUTO = {"AutoTokenizer": "tokenizer", "AutoConfig": "config", "AutoProcessor": "processor"}
_AUTO_MODEL = re.compile(r"^AutoModel(For\w+)?$")
# What a tokenizer returns an encoding from: calling it, or these methods.
_ENCODED = ((CALL,), ("__call__", CALL), ("encode_plus", CALL), ("batch_encode_plus", CALL), ("pad", CALL))
# An attribute of an object of one kind that holds an object of another: (attribute, owner kind, kind).
_HELD = (("config", "model", "config"), ("tokenizer", "processor", "tokenizer"))


def kind_of_path(path: str | None) -> tuple[str, bool] | None:
    """(kind, whether the path names the class itself rather than an object of it) for a transformers
    symbol path, or None."""
    return None if path is None else _kind(SymbolPath.parse(path).without_calls_of(SAME_MODEL))


def _kind(path: SymbolPath) -> tuple[str, bool] | None:
    if len(path) == 1:
        kind = _class_kind(path.parts[0])
        return None if kind is None else (kind, True)
    made = path.made()
    if made is not None:
        kind = _class_kind(made)
        return None if kind is None else (kind, False)
    for attribute, owner, kind in _HELD:
        if path.ends_with(attribute) and _object_kind(path.head(1)) == owner:
            return kind, False
    for suffix in _ENCODED:
        if path.ends_with(*suffix) and _object_kind(path.head(len(suffix))) == "tokenizer":
            return "encoding", False
    return None


def loaded_class(path: str | None) -> str | None:
    """The class whose `from_pretrained` / `from_config` made the object, moved or not (`.to()`, `.eval()`):
    ``LlavaForConditionalGeneration`` for `LlavaForConditionalGeneration.from_pretrained().to()`."""
    return None if path is None else SymbolPath.parse(path).without_calls_of(SAME_MODEL).loaded()


def _object_kind(path: SymbolPath) -> str | None:
    found = _kind(path.without_calls_of(SAME_MODEL))
    return None if found is None or found[1] else found[0]


def _class_kind(name: str) -> str | None:
    if name in _AUTO:
        return _AUTO[name]
    if _AUTO_MODEL.match(name):
        return "model"
    return timeline().kind_of.get(name)
