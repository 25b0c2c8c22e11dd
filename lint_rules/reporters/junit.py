"""JUnit XML: a test suite per file, a failing test case per finding."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree

from lint_rules.reporters.common import display_path


def write(diagnostics, stream) -> None:
    suites = ElementTree.Element(
        "testsuites", name="automodel-lint", tests=str(max(1, len(diagnostics))), failures=str(len(diagnostics))
    )
    by_file = defaultdict(list)
    for d in diagnostics:
        by_file[display_path(d.filename)].append(d)
    if not by_file:
        suite = ElementTree.SubElement(suites, "testsuite", name="automodel-lint", tests="1", failures="0")
        ElementTree.SubElement(suite, "testcase", name="No errors found", classname="automodel-lint")
    for path, found in sorted(by_file.items()):
        suite = ElementTree.SubElement(suites, "testsuite", name=path, tests=str(len(found)), failures=str(len(found)))
        for d in found:
            where = (
                f"{path}:" + (f"cell {d.cell}:" if d.cell is not None else "") + f"{d.start.row}:{d.start.column + 1}"
            )
            case = ElementTree.SubElement(
                suite, "testcase", name=f"{d.code} {where}", classname=path, line=str(d.start.row)
            )
            failure = ElementTree.SubElement(case, "failure", message=d.message, type=d.code)
            failure.text = f"{where}: {d.code} {d.message}"
    stream.write(ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n")
