"""Reading a file into text the way Python itself would (PEP 263 cookie, BOM), and writing it back whole."""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
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
            raise SourceError(
                f"cannot decode as utf-8 (and no coding declaration): {bad.reason} at byte {bad.start}"
            ) from None
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


def decode_utf8(data: bytes) -> SourceText:
    """Notebooks and Markdown: UTF-8 (a BOM allowed), no coding cookie."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"cannot decode as utf-8: {exc.reason} at byte {exc.start}") from None
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    return SourceText(text=text, encoding=encoding, newline=detect_newline(text))


def read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    """The file's bytes, and its status as it was when read (a fix is written back only if unchanged)."""
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            return handle.read(), status
    except IsADirectoryError:
        try:
            os.scandir(path).close()
        except OSError as exc:  # what `discover` hands on for a folder it could not list
            raise SourceError(f"cannot read this folder: {(exc.strerror or str(exc)).lower()}") from None
        raise SourceError("is a directory") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SourceError(reason[:1].lower() + reason[1:]) from None


def read_source(path: str, python: bool = True) -> tuple[bytes, SourceText]:
    data, _ = read_bytes(path)
    return data, decode(data) if python else decode_utf8(data)


def write_source(path: str, data: bytes, before: os.stat_result) -> None:
    """Replace the file atomically, keeping its permissions, unless it changed since it was read."""
    now = os.stat(path)
    if (now.st_mtime_ns, now.st_size) != (before.st_mtime_ns, before.st_size):
        raise SourceError("changed on disk while it was being fixed; left unchanged")
    if not os.access(path, os.W_OK) or not now.st_mode & 0o222:  # root may write anything: honour the mode bits
        raise SourceError("read-only; left unchanged")
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".automodel-codemod-", suffix=".tmp")
    except OSError as exc:
        raise SourceError(f"cannot write next to it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        os.replace(temp, path)
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None


_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each physical line begins, with Python's newlines only (not form feeds)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def physical_lines(text: str) -> list[str]:
    return _NEWLINE.split(text)


def encode(text: str, encoding: str) -> bytes:
    """Back to bytes as the file had them: its encoding, and its BOM if it had one."""
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)
