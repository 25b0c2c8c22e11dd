"""Reading files as Python does: PEP 263 cookies, BOM, newline style, and clear refusals."""

import codecs

import pytest

from lint_rules.sources import SourceError, decode, line_starts, physical_lines, read_source


def test_utf8_default():
    source = decode("x = 'é'\n".encode())
    assert source.text == "x = 'é'\n" and source.encoding == "utf-8" and source.newline == "\n"


def test_bom_is_stripped_and_remembered():
    data = codecs.BOM_UTF8 + b"x = 1\r\n"
    source = decode(data)
    assert source.text == "x = 1\r\n" and source.encoding == "utf-8-sig" and source.newline == "\r\n"


def test_latin1_cookie():
    data = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    source = decode(data)
    assert "café" in source.text and source.encoding == "iso-8859-1"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"x = 1\x00\n", "binary"),
        (b"x = '\xff\xfe'\n", "cannot decode"),
        (b"# coding: no-such-codec\nx = 1\n", "encoding"),
    ],
)
def test_refusals(data, reason):
    with pytest.raises(SourceError, match=reason):
        decode(data)


def test_unreadable(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_source(str(tmp_path / "missing.py"))
    with pytest.raises(SourceError, match="directory"):
        read_source(str(tmp_path))


def test_lines_split_on_python_newlines_only():
    text = "a = 1\x0cb\r\nc\rd\n"
    assert physical_lines(text) == ["a = 1\x0cb", "c", "d", ""]
    assert line_starts(text) == [0, 9, 11, 13]
