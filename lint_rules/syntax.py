"""The syntax gate: whether a text is Python, whatever Python runs the tool.

Python's own parser answers first: it is about 9x faster than libcst's, and it refuses, quickly and safely, the
pathological nesting that libcst's native parser has no limit for (10,000 nested `not` take it 24 GB). But it
knows only the running interpreter's grammar: under 3.11 it refuses `type Vec = list[float]` (3.12) or
`except A, B:` (3.14). So its refusal is final only when it is about nesting; any other refusal may be newer
syntax, and libcst's parser, which reads the syntax of every Python 3 whatever runs it, decides (the engine
runs it on a deep stack). Before libcst sees such a text, `too_deep` bounds its nesting lexically, as Python's
parser would have.
"""

from __future__ import annotations

import ast
import re
import sys

from lint_rules.sources import SourceError

# Python's parser: at most 200 nested brackets (its tokenizer's limit), and, from 3.11, operator chains it can
# build within its default recursion limit (a 2,000-term sum passes, 3,000 terms do not); libcst parses
# either in a few seconds at most. Python 3.10's parser builds any chain (a 100,000-term sum, which libcst's
# then takes hours over), so there the bound applies to every text libcst parses.
MAX_BRACKETS = 200
MAX_CHAIN = 3_000
PYTHON_BOUNDS_CHAINS = sys.version_info >= (3, 11)

_NESTING = ("too many nested parentheses", "too many levels of indentation")
# Errors in every Python 3 that libcst's parser lets through (it checks the grammar, not these rules).
_FINAL = ("iterable unpacking cannot be used in comprehension", "dict unpacking cannot be used in dict comprehension")


def python_tree(text: str) -> tuple[ast.Module | None, SyntaxError | None]:
    """(Python's parse of ``text``, None), or (None, its refusal) when the refusal may be syntax newer than the
    running Python; raises SourceError when the text is too deeply nested for any parser here."""
    try:
        return ast.parse(text), None
    except SyntaxError as exc:
        if exc.msg and exc.msg.startswith(_NESTING + _FINAL):
            raise SourceError(describe(exc)) from None
        refusal = exc
    except (RecursionError, MemoryError):
        raise SourceError("too deeply nested to parse") from None
    except ValueError as exc:  # Python before 3.12: "source code string cannot contain null bytes"
        raise SourceError(str(exc)) from None
    bound_nesting(text)
    return None, refusal


def bound_nesting(text: str) -> None:
    """Raise SourceError when ``text`` is nested beyond what Python's parser accepts (`too_deep`)."""
    reason = too_deep(text)
    if reason is not None:
        raise SourceError(reason)


def describe(error: SyntaxError) -> str:
    return f"syntax error at {error.lineno}:{error.offset or 0}: {error.msg}"


_TOKENS = re.compile(
    r"""
      (?P<string>(?:"{3}(?:\\.|[^\\])*?"{3}|'{3}(?:\\.|[^\\])*?'{3}|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
    | (?P<comment>\#[^\n]*)
    | (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<reset>[,;]|\n)
    | (?P<operator>\b(?:not|and|or|if|else|lambda|await)\b|\*\*|//|<<|>>|[-+*/%@&|^~.])
    """,
    re.VERBOSE | re.DOTALL,
)
# Operators that nest into one another in the tree when repeated, by precedence level (`a * b + c * d` is a
# chain of two sums, not of four operators); comparisons stay flat and are not counted.
_LEVEL = {"+": "sum", "-": "sum", "*": "term", "/": "term", "//": "term", "%": "term", "@": "term"}
_LEVEL |= {"<<": "shift", ">>": "shift", "if": "if", "else": "if", ".": "trailer", "(": "trailer", "[": "trailer"}


def too_deep(text: str) -> str | None:
    """Why ``text`` is nested beyond what Python's parser accepts, or None: brackets within brackets, and the
    longest chain of operators of one precedence level (`not not ...`, `a + a - ...`, `lambda: lambda: ...`,
    `a.b().c[0]...`) between two commas, semicolons or line ends of one bracket level. Read lexically, strings
    and comments left out, so that it holds for syntax the running Python does not know."""
    chains: list[dict[str, int]] = [{}]  # per open bracket: each level's operators since the last separator
    longest = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "operator" or kind == "open":
            token = match.group()
            level = _LEVEL.get(token, token)
            if level != "{":
                counts = chains[-1]
                counts[level] = count = counts.get(level, 0) + 1
                longest = max(longest, count)
            if kind == "open":
                chains.append({})
                if len(chains) > MAX_BRACKETS + 1:
                    return f"too many nested parentheses (more than {MAX_BRACKETS})"
        elif kind == "close":
            if len(chains) > 1:
                chains.pop()
        elif kind == "reset" and (match.group() != "\n" or len(chains) == 1):
            chains[-1] = {}
    if longest > MAX_CHAIN:
        return f"too deeply nested to parse (a chain of {longest:,} operators)"
    return None
