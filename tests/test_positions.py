"""The engine's own position recorder gives libcst's positions, node by node, for the whole module and for
the statements near the findings."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from lint_rules import positions
from lint_rules.facts.bindings import BindingTable

ROOT = Path(__file__).resolve().parent.parent
TRICKY = '''"""A module docstring
over two lines."""
import os; from transformers import AutoModel  # two statements on one line


@property
@staticmethod
def f(a, /, b=(1,
               2), *, c: "int" = 3) -> None:
    x = """text
with lines"""; y = f"{a!r:>{b}}"
    return (  # a comment
        a
        + b
    )


class C(
    object
):
    def g(self):
        if True:
            pass
        elif False:
            return [i for i in range(3) if i]
        else:
            lambda q, *r, **s: (q, r, s)
        try:
            pass
        except ValueError as e:
            raise
        match self:
            case {"k": [1, *rest]} | C(a=1):
                pass
x: int = 1 if os else 2
AutoModel.from_pretrained("m", **{"k": 1})[0].attr
'''
SOURCES = {
    "tricky": TRICKY,
    "crlf": TRICKY.replace("\n", "\r\n"),
    "cr": TRICKY.replace("\n", "\r"),
    "tabs and no final newline": "if x:\n\tif y:\n\t\tz = (1,\n\t\t     2)",
    **{
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted([*ROOT.glob("fixtures/HF*/bad.py"), *ROOT.glob("fixtures/_syntax/*.py")])
    },
}


def libcst_spans(module: cst.Module) -> positions.Spans:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    found = wrapper.resolve(PositionProvider)
    return {node: (r.start.line, r.start.column, r.end.line, r.end.column) for node, r in found.items()}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_whole_module_is_placed_as_libcst_places_it(name):
    module = cst.parse_module(SOURCES[name])
    assert positions.everywhere(module) == libcst_spans(module)


@pytest.mark.parametrize("name", ["tricky", "crlf"])
def test_statements_near_findings_are_placed_as_in_the_whole_module(name):
    text = SOURCES[name]
    module = cst.parse_module(text)
    whole = libcst_spans(module)
    seq_of = BindingTable(module).seq_of
    tops = [seq_of[id(statement)] for statement in module.body]
    for number, statement in enumerate(module.body):
        inside = [node for node in whole if _within(node, statement)]
        spans = positions.near(module, ast.parse(text), [tops[number]], seq_of, inside)
        assert {node: spans[node] for node in inside} == {node: whole[node] for node in inside}
        assert len(spans) < len(whole)  # only that statement was generated


def test_a_needed_node_elsewhere_places_the_whole_module():
    module = cst.parse_module(TRICKY)
    seq_of = BindingTable(module).seq_of
    last = module.body[-1]
    spans = positions.near(module, ast.parse(TRICKY), [seq_of[id(module.body[0])]], seq_of, [last])
    assert spans == libcst_spans(module)


def test_a_libcst_that_asks_more_of_the_recorder_is_a_clear_error(monkeypatch):
    """The recorder stands in for libcst's private code generation state: when libcst asks more of it, the
    failure names libcst and what to install, rather than falling back to positions computed another way."""
    module = cst.parse_module(TRICKY)
    monkeypatch.delattr(positions.Recorder, "add_indent_tokens")
    seq_of = BindingTable(module).seq_of
    with pytest.raises(positions.LibcstChanged, match=r"libcst \S+ generates code .*pip install 'libcst<1.10'"):
        positions.near(module, ast.parse(TRICKY), [seq_of[id(module.body[-1])]], seq_of, [])


def _within(node: cst.CSTNode, statement: cst.CSTNode) -> bool:
    stack = [statement]
    while stack:
        current = stack.pop()
        if current is node:
            return True
        stack.extend(current.children)
    return False
