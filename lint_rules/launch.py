"""Launch commands: the `TrainingArguments` fields a shell line passes to a training script.

A script that parses its command line with `HfArgumentParser((ModelArguments, ..., TrainingArguments))` is
started from shell scripts and README command lines (`python run.py --evaluation_strategy epoch`, `torchrun ...
train.py`, `deepspeed ... train.py`, `accelerate launch ... train.py`); a field the target release removed makes
`HfArgumentParser` refuse the command line before the program starts, and no edit of the `.py` can see it. This
module reads those lines in `.sh` files and in Markdown's `bash` / `sh` / `shell` / `console` blocks, finds the
script (beside the file, or under the project's root), checks by import origin that the script hands
`TrainingArguments` (or a class of its own derived from it) to `HfArgumentParser`, and judges each `--flag`
against HF309's rows (`knowledge.keywords.TRAINING_ARGUMENTS`): the findings are HF309's, their fixes rename or
remove the flag as HF309 does for a keyword.
"""

from __future__ import annotations

import ast
import bisect
import os
import re
from dataclasses import dataclass

from lint_rules.diagnostics import Applicability, Diagnostic, Edit, Fix, Location
from lint_rules.knowledge.changes import KeywordChange, MapValues, Remove, Rename
from lint_rules.knowledge.keywords import owned_by
from lint_rules.sources import line_starts
from lint_rules.versions import Version

CODE = "HF309"
SHELL_SUFFIXES = (".sh", ".bash")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
_SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh"})
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"^(?:.*/)?python(?:3(?:\.\d+)?)?$")
_LAUNCHERS = frozenset({"torchrun", "deepspeed"})
_PREFIXES = frozenset({"sudo", "nohup", "time", "exec", "env", "$"})
_TRAINING_CLASSES = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})


@dataclass(frozen=True)
class Token:
    text: str  # as written (quotes and all)
    start: int  # offsets in the file's text
    end: int

    @property
    def value(self) -> str:
        return self.text.strip("'\"")


def shell_lines(text: str, path: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the shell text to read: the whole file, or a Markdown file's shell blocks."""
    if path.endswith(SHELL_SUFFIXES):
        return [(0, len(text))]
    spans, offset, opened, start = [], 0, None, 0
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fence and opened is None:
            opened, start = (fence.group("fence"), fence.group("lang").lower()), offset + len(line)
        elif (
            fence and opened is not None and fence.group("fence").startswith(opened[0][:3]) and not fence.group("lang")
        ):
            if opened[1] in _SHELL_LANGUAGES:
                spans.append((start, offset))
            opened = None
        offset += len(line)
    return spans


def _tokens(text: str, start: int, end: int) -> list[list[Token]]:
    """The commands of a stretch of shell, each a list of words with their offsets: backslash-newlines join
    lines, `#` starts a comment, `;`, `&&`, `||` and newlines end a command. Quotes are kept whole."""
    commands, words, index = [], [], start
    word_start, quote = None, None
    while index < end:
        char = text[index]
        if quote is not None:
            if char == quote:
                quote = None
            index += 1
            continue
        if char in "'\"":
            quote = char
            word_start = index if word_start is None else word_start
        elif char == "\\" and index + 1 < end and text[index + 1] == "\n":
            if word_start is not None:
                words.append(Token(text[word_start:index], word_start, index))
                word_start = None
            index += 2
            continue
        elif char in " \t":
            if word_start is not None:
                words.append(Token(text[word_start:index], word_start, index))
                word_start = None
        elif char in "\n;|&" or (char == "#" and word_start is None):
            if word_start is not None:
                words.append(Token(text[word_start:index], word_start, index))
                word_start = None
            if char == "#":
                while index < end and text[index] != "\n":
                    index += 1
                continue
            if words:
                commands.append(words)
            words = []
        elif word_start is None:
            word_start = index
        index += 1
    if word_start is not None:
        words.append(Token(text[word_start:end], word_start, end))
    if words:
        commands.append(words)
    return commands


def script_of(words: list[Token]) -> tuple[Token, list[Token]] | None:
    """(the script, its arguments) of a command that starts a Python script; None for any other command."""
    index = 0
    while index < len(words) and (_ENV.match(words[index].value) or words[index].value in _PREFIXES):
        index += 1
    if index >= len(words):
        return None
    head = words[index].value
    if _PYTHON.match(head):
        rest = words[index + 1 :]
        if rest and rest[0].value == "-m":
            if len(rest) < 2 or rest[1].value not in ("torch.distributed.launch", "torch.distributed.run"):
                return None
    elif head in _LAUNCHERS:
        rest = words[index + 1 :]
    elif head == "accelerate" and index + 1 < len(words) and words[index + 1].value == "launch":
        rest = words[index + 2 :]
    else:
        return None
    for number, word in enumerate(rest):
        if word.value.endswith(".py") and not word.value.startswith("-"):
            return word, rest[number + 1 :]
    return None


def parses_training_arguments(script: str) -> tuple[str, frozenset[str]] | None:
    """(the TrainingArguments class, the fields the parser's other dataclasses declare) when ``script`` hands
    `TrainingArguments` to `HfArgumentParser`, by import origin; None when that is not certain."""
    try:
        with open(script, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    imported, modules, classes = {}, set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "transformers":
            for alias in node.names:
                imported[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "transformers")
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = node

    def transformers_name(expr: ast.expr) -> str | None:
        if isinstance(expr, ast.Name):
            return imported.get(expr.id)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in modules:
            return expr.attr
        return None

    def training(expr: ast.expr, depth: int = 0) -> str | None:
        name = transformers_name(expr)
        if name in _TRAINING_CLASSES:
            return name
        if isinstance(expr, ast.Name) and expr.id in classes and depth < 8:
            for base in classes[expr.id].bases:
                found = training(base, depth + 1)
                if found is not None:
                    return expr.id
        return None

    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and transformers_name(node.func) == "HfArgumentParser" and node.args):
            continue
        first = node.args[0]
        members = first.elts if isinstance(first, (ast.Tuple, ast.List)) else [first]
        found, fields = None, set()
        for member in members:
            cls = training(member)
            if cls is not None:
                found = cls
                if cls in classes:
                    fields |= _fields(classes[cls])
            elif isinstance(member, ast.Name) and member.id in classes:
                fields |= _fields(classes[member.id])
            else:
                return None  # a dataclass from elsewhere: its fields cannot be known here
        if found is not None:
            return found, frozenset(fields)
    return None


def _fields(node: ast.ClassDef) -> set[str]:
    return {
        item.target.id for item in node.body if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }


def find_script(named: str, path: str, root: str) -> str | None:
    """The script a command names, beside the file that holds the command, or under the project's root."""
    if os.path.isabs(named):
        return named if os.path.isfile(named) else None
    folder = os.path.dirname(os.path.abspath(path))
    for base in (folder, os.path.abspath(root)):
        candidate = os.path.normpath(os.path.join(base, named))
        if os.path.isfile(candidate):
            return candidate
    return None


def _changes(target: Version) -> dict[str, KeywordChange]:
    return {
        change.old: change
        for change in owned_by(CODE)
        if change.removed_in is not None and target >= change.removed_in and change.when is None
    }


def check(
    text: str, path: str, target: Version, floor: Version | None, root: str, name: str, url: str
) -> tuple[list[Diagnostic], bool]:
    """HF309's findings on the launch commands of a shell script or Markdown file, and whether any command
    started a script this check read (then the findings depend on that file too)."""
    changes = _changes(target)
    floor = floor or target
    starts = line_starts(text)
    found, read = [], False
    for begin, end in shell_lines(text, path):
        for words in _tokens(text, begin, end):
            started = script_of(words)
            if started is None:
                continue
            script = find_script(started[0].value, path, root)
            parsed = parses_training_arguments(script) if script is not None else None
            read = read or script is not None
            if parsed is None:
                continue
            cls, own = parsed
            arguments = started[1]
            for number, word in enumerate(arguments):
                if not word.value.startswith("--"):
                    continue
                flag, equal, inline = word.value[2:].partition("=")
                change = changes.get(flag)
                if change is None or flag in own:
                    continue
                value = None
                if equal:
                    value = inline
                elif number + 1 < len(arguments) and not arguments[number + 1].value.startswith("--"):
                    value = arguments[number + 1]
                fix = _fix(text, word, flag, value, change, floor, starts)
                message = (
                    f"`--{flag}` is not a field of `{cls}` in transformers {target} (removed in {change.removed_in}): "
                    f"`{started[0].value}` parses its command line with `HfArgumentParser`, which refuses it"
                    + (f"; {_instead(change)}" if _instead(change) else "")
                )
                found.append(
                    Diagnostic(
                        CODE, name, message, _location(starts, word.start), _location(starts, word.end), fix,
                        filename=path, url=url,
                    )
                )  # fmt: skip
    return found, read


def _fix(text, word: Token, flag, value, change: KeywordChange, floor: Version, starts) -> Fix | None:
    """What HF309's row does to the keyword, done to the flag: rename it, map its value, or remove it."""
    value_token = value if isinstance(value, Token) else None
    literal = value_token.value if value_token is not None else value
    action = change.action
    safe = change.new_since is not None and floor >= change.new_since
    if isinstance(action, MapValues):  # `--group_by_length` (True) -> `--train_sampling_strategy group_by_length`
        mapped = dict(action.values).get("True" if literal in (None, "True", "true") else str(literal))
        if not mapped or value_token is not None and literal not in ("True", "true"):
            return None
        end = value_token.end if value_token is not None else word.end
        return _edit(starts, word.start, end, f"--{action.new} {mapped.strip(chr(34))}", safe, f"Use `--{action.new}`")
    if isinstance(action, Rename):
        if action.ratio and not _fraction(literal):
            return None
        new = f"--{action.new}" + word.text[2 + len(flag) :]  # `=value` stays where it was
        return _edit(starts, word.start, word.end, new, safe, f"Use `--{action.new}`")
    if isinstance(action, Remove):
        if action.safe_for and ("*" in action.safe_for or str(literal) in action.safe_for or literal is None):
            return _removal(text, word, value_token, starts, True)
        return _removal(text, word, value_token, starts, False) if action.otherwise else None
    return None  # a value that moves into another flag's dict or the environment: left to the reader


def _instead(change: KeywordChange) -> str:
    """What to pass instead, said of flags."""
    if change.new and change.new != change.old:
        return f"use `--{change.new}`"
    return change.advice


def _fraction(literal) -> bool:
    try:
        return 0 < float(str(literal)) < 1
    except ValueError:
        return False


def _removal(text: str, word: Token, value: Token | None, starts, safe: bool) -> Fix:
    """The flag and its value go; a line that held only them goes whole, keeping the command's continuations."""
    end = value.end if value is not None else word.end
    line_start = text.rfind("\n", 0, word.start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    alone, rest = not text[line_start : word.start].strip(), text[end:line_end].strip()
    if alone and rest == "\\":  # `  --flag value \` on a line of its own
        return _edit(starts, line_start, min(line_end + 1, len(text)), "", safe, "Remove the flag")
    begin = word.start
    if alone and not rest and text[max(line_start - 2, 0) : line_start] == "\\\n":  # the command's last line
        begin = line_start - 2
    while begin > 0 and text[begin - 1] in " \t":
        begin -= 1
    return _edit(starts, begin, end, "", safe, "Remove the flag")


def _edit(starts, begin: int, end: int, new: str, safe: bool, title: str) -> Fix:
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    return Fix(applicability, title, (Edit(_location(starts, begin), _location(starts, end), new),))


def _location(starts: list[int], offset: int) -> Location:
    row = bisect.bisect_right(starts, offset)
    return Location(row, offset - starts[row - 1])
