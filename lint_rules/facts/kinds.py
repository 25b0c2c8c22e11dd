"""What kind of transformers object an expression holds, by import origin: a tokenizer, what calling one
returns (a `BatchEncoding`), a model, a config or a processor (`knowledge.timeline.KINDS`); None when
that is not certain.

The answer comes from the expression's symbol path (`facts.bindings`): `AutoTokenizer.from_pretrained()`,
`BertTokenizerFast.from_pretrained()()`, `AutoModelForCausalLM.from_pretrained().to().config`, or a class
itself (`CLIPConfig`, for its class methods).
"""

from __future__ import annotations

import re

from lint_rules.knowledge.placement import SAME_MODEL
from lint_rules.knowledge.timeline import timeline

_AUTO = {"AutoTokenizer": "tokenizer", "AutoConfig": "config", "AutoProcessor": "processor"}
_AUTO_MODEL = re.compile(r"^AutoModel(For\w+)?$")
_MADE = re.compile(r"^(\w+)(?:\.(?:from_pretrained|from_config|_from_config)\(\)|\(\))$")
_LOADED = re.compile(r"^(\w+)\.(?:from_pretrained|from_config)\(\)$")
_SAME = re.compile(rf"(?:\.(?:{'|'.join(sorted(SAME_MODEL))})\(\))+$")
_ENCODED = ("()", ".__call__()", ".encode_plus()", ".batch_encode_plus()", ".pad()")


def kind_of_path(path: str | None) -> tuple[str, bool] | None:
    """(kind, whether the path names the class itself rather than an object of it) for a transformers
    symbol path, or None."""
    if path is None:
        return None
    path = _SAME.sub("", path)
    if "." not in path and "(" not in path:
        kind = _class_kind(path)
        return None if kind is None else (kind, True)
    match = _MADE.match(path)
    if match is not None:
        kind = _class_kind(match.group(1))
        return None if kind is None else (kind, False)
    for suffix, owner, kind in ((".config", "model", "config"), (".tokenizer", "processor", "tokenizer")):
        if path.endswith(suffix) and _object_kind(path[: -len(suffix)]) == owner:
            return kind, False
    for suffix in _ENCODED:
        if path.endswith(suffix) and _object_kind(path[: -len(suffix)]) == "tokenizer":
            return "encoding", False
    return None


def loaded_class(path: str | None) -> str | None:
    """The class whose `from_pretrained` / `from_config` made the object, moved or not (`.to()`, `.eval()`):
    ``LlavaForConditionalGeneration`` for `LlavaForConditionalGeneration.from_pretrained().to()`."""
    match = _LOADED.match(_SAME.sub("", path or ""))
    return None if match is None else match.group(1)


def _object_kind(path: str) -> str | None:
    found = kind_of_path(path)
    return None if found is None or found[1] else found[0]


def _class_kind(name: str) -> str | None:
    if name in _AUTO:
        return _AUTO[name]
    if _AUTO_MODEL.match(name):
        return "model"
    return timeline().kind_of.get(name)
