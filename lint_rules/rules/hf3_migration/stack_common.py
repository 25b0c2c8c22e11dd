"""What HF322 and HF323 share: the release of each stack package the code must work with, and what a symbol path
of huggingface_hub, datasets, peft or trl is, read from that package's timeline (`knowledge.stack`).

A path is what the binding table makes of an expression by import origin, calls marked by ``()``:
``huggingface_hub.HfApi().upload_folder``, ``datasets.load_dataset().map``, ``datasets.arrow_dataset.Dataset``.
After the package's module path comes an exported name: a class (``HfApi``) or a function (``load_dataset``);
calling a class gives an instance of it, calling a function the classes its return annotation names, and an
attribute of either is a method of those classes. Anything else is not known, and nothing is said of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.stack import PACKAGES, StackTimeline, stack_timeline
from lint_rules.knowledge.stack_replacements import DROP
from lint_rules.rules.hf3_migration.common import ReleaseGuards
from lint_rules.versions import Version

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ADVICE = re.compile(r"\binstead\b|\bin favou?r of\b|\b[Uu]se [`'\w]|\b[Pp]ass ")


@dataclass(frozen=True)
class Resolved:
    """What a symbol path of a stack package names."""

    timeline: StackTimeline
    classes: tuple[str, ...] = ()  # an instance of one of these exported classes
    callables: tuple[str, ...] = ()  # one of these exported callables (a class: its `__init__`)
    attribute: str | None = None  # the last attribute, where the path ends with one on ``owners``
    owners: tuple[str, ...] = ()  # the exported classes that attribute is read on


def package_of(path: str | None) -> str | None:
    package = (path or "").split(".", 1)[0]
    return package if package in PACKAGES else None


def resolve(path: str | None) -> Resolved | None:
    """What ``path`` names, or None when it is not known: see the module's docstring."""
    package = package_of(path)
    if package is None:
        return None
    timeline = stack_timeline(package)
    parts = SymbolPath.parse(path).parts
    module = package
    index = 1
    while index < len(parts) and parts[index] != "()" and timeline.module(f"{module}.{parts[index]}"):
        module, index = f"{module}.{parts[index]}", index + 1
    if index >= len(parts) or parts[index] == "()":
        return None
    name = parts[index]
    if not (timeline.callable(name) or timeline.is_class(name)):
        return None
    found = Resolved(timeline, callables=(name,))
    for part in parts[index + 1 :]:
        if part == "()":
            classes = tuple(dict.fromkeys(cls for key in found.callables for cls in timeline.returns(key)))
            if not classes:
                return None
            found = Resolved(timeline, classes=classes)
        else:
            owners = found.classes or tuple(key for key in found.callables if timeline.is_class(key))
            if not owners:
                return None
            methods = tuple(f"{owner}.{part}" for owner in owners)
            found = Resolved(timeline, callables=methods, attribute=part, owners=owners)
    return found


def hint(notice_message: str) -> str:
    """The sentence of a deprecation notice that says what to do instead, or ""."""
    for sentence in _SENTENCE.split(" ".join((notice_message or "").split())):
        if _ADVICE.search(sentence):
            return sentence
    return ""


class StackRule(ReleaseGuards):
    """A rule about what transformers' stack removed: knows each package's release range."""

    modules = PACKAGES

    def newest(self, package: str) -> Version:
        return self.ctx.stack.range(package).newest

    def oldest(self, package: str) -> Version:
        """The oldest release a fix must work on (the first the timeline records when the project admits any)."""
        oldest = self.ctx.stack.range(package).oldest
        timeline = stack_timeline(package)
        return oldest if oldest is not None and timeline.covers(oldest) else timeline.releases[0]

    def active(self, package: str) -> bool:
        """The package's release is one the timeline records, and this file is not part of the package itself."""
        return package not in self.ctx.own_packages and stack_timeline(package).covers(self.newest(package))

    def release(self, package: str) -> str:
        """``huggingface_hub 2.4 (the newest that transformers 5.25 admits)``: the release findings are judged for,
        and why."""
        timeline = stack_timeline(package)
        stated = self.ctx.stack.range(package)
        shown = f"{package} {timeline.at(stated.newest)}"
        if stated.source == "newest known":
            return f"{shown} (the newest release)"
        return f"{shown} (the newest that {stated.source} admits)"

    def works_everywhere(self, timeline: StackTimeline, spans) -> bool:
        """A fact (a replacement's name or keyword) holds at both ends of the range the project admits."""
        package = timeline.package
        return timeline.has(spans, self.newest(package)) and timeline.has(spans, self.oldest(package))

    def removal(self, timeline: StackTimeline, spans) -> Version | None:
        return timeline.removed_in(spans, self.newest(timeline.package))


def hint_suffix(text: str) -> str:
    return f"; {text}" if text else ""


def rewrite_call(ctx, call: cst.Call, func: str, row) -> str | None:
    """The text of ``call`` as a call of ``func`` with its arguments mapped as ``row``
    (`knowledge.stack_replacements.CallReplacement`) says; None where they do not fit it."""
    if any(arg.star for arg in call.args):
        return None
    positional = [arg for arg in call.args if arg.keyword is None]
    named = [arg for arg in call.args if arg.keyword is not None]
    if row.when is not None and not (len(call.args) == 1 and positional and ctx.code(positional[0].value) == row.when):
        return None
    if row.arguments is None:
        kept = list(call.args)
    else:
        if len(positional) > len(row.arguments):
            return None
        mapped = [(arg, keyword) for arg, keyword in zip(positional, row.arguments, strict=False) if keyword != DROP]
        named_from = next((index for index, (_, keyword) in enumerate(mapped) if keyword is not None), len(mapped))
        if any(keyword is None for _, keyword in mapped[named_from:]):
            return None  # a positional argument after one that became a keyword
        given = {arg.keyword.value for arg in named}
        if any(keyword in given for _, keyword in mapped if keyword):
            return None
        kept = [arg if keyword is None else _named(arg, keyword) for arg, keyword in mapped]
        kept += named
    arguments = ", ".join(ctx.code(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for arg in kept)
    return f"{func}({arguments})"


def _named(arg: cst.Arg, keyword: str) -> cst.Arg:
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    return arg.with_changes(keyword=cst.Name(keyword), equal=equal)
