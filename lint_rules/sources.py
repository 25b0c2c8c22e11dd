"""Reading a file into text the way Python itself would (PEP 263 cookie, BOM), and back."""

from __future__ import annotations

import re
import io
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """A file that cannot be linted; the message names the reason, the caller names the file."""


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str  # "utf-8-sig" when the file starts with a BOM
    newline: str


def decode(data: bytes) -> SourceText:
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown codec, a cookie that contradicts the BOM, or bytes that are not UTF-8
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise SourceError(f"cannot decode as utf-8 (and no coding declaration): {bad.reason} at byte {bad.start}") from None
        raise SourceError(f"bad encoding declaration: {exc.msg}") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(f"cannot decode as {encoding}: {exc}") from None
    if encoding == "utf-8-sig" or text.startswith("\ufeff"):
        text = text.removeprefix("\ufeff")
        encoding = "utf-8-sig"
    return SourceText(text=text, encoding=encoding, newline=detect_newline(text))


def detect_newline(text: str) -> str:
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"


def read_source(path: str) -> tuple[bytes, SourceText]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    return data, decode(data)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each physical line begins, with Python's newlines only (not form feeds)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def physical_lines(text: str) -> list[str]:
    return _NEWLINE.split(text)
