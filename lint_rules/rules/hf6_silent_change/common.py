"""What the HF6xx rules share: which classes of the file are transformers models (a project's `PreTrainedModel`
subclasses, directly, through a transformers model class, or through another class of the same file), and where
the traversal is among them (a model class's body, one of its methods)."""

from __future__ import annotations

import libcst as cst

from lint_rules.facts.kinds import kind_of_path
from lint_rules.rule import Rule


class ModelClasses:
    """The file's model classes, by name, as the traversal meets them (a base is defined before its subclasses)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.found: dict[str, cst.ClassDef] = {}
        # per class or function the traversal is in: (the model class, the name of its method we are in)
        self.frames: list[tuple[cst.ClassDef | None, str | None]] = []

    def where(self) -> tuple[cst.ClassDef | None, str | None]:
        """The model class whose body the traversal is in (None: no model class's), and its method (None: the
        class body itself); a function nested in a method counts as that method."""
        return self.frames[-1] if self.frames else (None, None)

    def add(self, node: cst.ClassDef) -> bool:
        """Whether ``node`` is a model class; it is remembered when it is."""
        if any(self._is_model(base.value) for base in node.bases):
            self.found[node.name.value] = node
            return True
        return False

    def lineage(self, node: cst.ClassDef) -> list[cst.ClassDef]:
        """The class and its bases among the file's model classes, nearest first."""
        found, todo = [], [node]
        while todo:
            cls = todo.pop(0)
            if any(cls is seen for seen in found):
                continue
            found.append(cls)
            todo += [
                self.found[base.value.value]
                for base in cls.bases
                if isinstance(base.value, cst.Name) and base.value.value in self.found
            ]
        return found

    def _is_model(self, base: cst.BaseExpression) -> bool:
        if isinstance(base, cst.Name) and base.value in self.found:
            return True
        path = self.ctx.hf_name(base)
        return path is not None and kind_of_path(path.rsplit(".", 1)[-1]) == ("model", True)


def method(node: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    """The class body's own method ``name``."""
    return next(
        (item for item in node.body.body if isinstance(item, cst.FunctionDef) and item.name.value == name), None
    )


class ModelClassRule(Rule):
    """A rule about the model classes a project defines: it follows them in the one traversal (`self.models`)."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.models = ModelClasses(ctx)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.models.frames.append((node if self.models.add(node) else None, None))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.models.frames.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        cls, method = self.models.where()
        self.models.frames.append((cls, method or (node.name.value if cls is not None else None)))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.models.frames.pop()
