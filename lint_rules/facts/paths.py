"""A symbol path as a value: what the binding table makes of an expression by import origin, read part by part.

`AutoModelForCausalLM.from_pretrained().to().generate` is the parts `AutoModelForCausalLM`, `from_pretrained`,
`()`, `to`, `()`, `generate`: a name, then attributes, a call marked by `CALL`. The rules ask a path what it is
(a class made or loaded, a method of a trainer or of a loaded object) through these methods, not by matching
its text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

CALL = "()"
LOADERS = frozenset({"from_pretrained", "from_config"})
# what makes an object of a class: calling it, or one of its class methods
MAKERS = LOADERS | {"_from_config"}


@dataclass(frozen=True)
class SymbolPath:
    parts: tuple[str, ...]

    @staticmethod
    @functools.lru_cache(maxsize=8192)
    def parse(text: str) -> SymbolPath:
        """`X.from_pretrained()()` -> (`X`, `from_pretrained`, `()`, `()`)."""
        return SymbolPath(tuple(part for part in text.replace(CALL, "." + CALL).split(".") if part))

    def __str__(self) -> str:
        text = ""
        for part in self.parts:
            text += part if part == CALL or not text else "." + part
        return text

    def __len__(self) -> int:
        return len(self.parts)

    def ends_with(self, *parts: str) -> bool:
        return len(parts) <= len(self.parts) and self.parts[len(self.parts) - len(parts) :] == parts

    def head(self, count: int) -> SymbolPath:
        """The path without its last ``count`` parts."""
        return SymbolPath(self.parts[: len(self.parts) - count])

    def without_calls_of(self, methods: frozenset[str]) -> SymbolPath:
        """The path without the trailing calls of ``methods`` (`X.from_pretrained().to().eval()` without `to` and
        `eval`: `X.from_pretrained()`)."""
        parts = self.parts
        while len(parts) > 2 and parts[-1] == CALL and parts[-2] in methods:
            parts = parts[:-2]
        return self if parts is self.parts else SymbolPath(parts)

    def made(self, makers: frozenset[str] = MAKERS) -> str | None:
        """The class an object of which the path makes: `X()` or `X.from_pretrained()` (with ``makers``) -> `X`."""
        parts = self.parts
        if len(parts) == 2 and parts[1] == CALL or len(parts) == 3 and parts[1] in makers and parts[2] == CALL:
            return parts[0] if parts[0] != CALL else None
        return None

    def loaded(self) -> str | None:
        """The class whose loader made the object: `X.from_pretrained()`, `X.from_config()` -> `X`."""
        parts = self.parts
        return parts[0] if len(parts) == 3 and parts[1] in LOADERS and parts[2] == CALL else None

    def loader_of(self) -> str | None:
        """`X.from_pretrained` -> `X`."""
        return self.parts[0] if len(self.parts) == 2 and self.parts[1] == "from_pretrained" else None

    def method_of_loaded(self) -> tuple[str, str] | None:
        """`X.from_pretrained().push_to_hub` -> (`X`, `push_to_hub`)."""
        parts = self.parts
        if len(parts) == 4 and parts[1] == "from_pretrained" and parts[2] == CALL and parts[3] != CALL:
            return parts[0], parts[3]
        return None

    def method_of_trainer(self) -> str | None:
        """`SFTTrainer().train` (however the trainer was reached) -> `train`: an attribute read on a made object of
        a class whose name ends with `Trainer`."""
        parts = self.parts
        if len(parts) >= 3 and parts[-1] != CALL and parts[-2] == CALL and parts[-3].endswith("Trainer"):
            return parts[-1]
        return None

    def through_trainer_attribute(self, attributes: frozenset[str]) -> bool:
        """Whether the path reads further into one of a made trainer's ``attributes`` (`Trainer().model.generate`)."""
        parts = self.parts
        return any(
            parts[index].endswith("Trainer") and parts[index + 1] == CALL and parts[index + 2] in attributes
            for index in range(len(parts) - 3)
            if parts[index + 3] != CALL
        )
