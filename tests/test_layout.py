"""The layout the project keeps: no import cycle, one rule per module named for its code, the rule
index generated from the rules."""

import ast
import os
import re

from conftest import ROOT
from lint_rules import registry
from lint_rules.registry import all_rules, index_source, rule_modules, rules_in

PACKAGES = ("lint_rules", "codemods")


def _modules() -> dict[str, str]:
    """Dotted module name -> path, for every module of the project's packages."""
    found = {}
    for package in PACKAGES:
        for folder, _, names in os.walk(os.path.join(ROOT, package)):
            for name in names:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    parts = os.path.relpath(path, ROOT)[: -len(".py")].split(os.sep)
                    if parts[-1] == "__init__":
                        parts.pop()
                    found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module -> the project modules it imports anywhere in its source (inside functions too,
    and the packages Python runs on the way to a submodule)."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        is_package = path.endswith("__init__.py")
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = module.split(".") if is_package else module.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        # Importing `a.b.c` runs `a` and `a.b` first, except the packages the importer is inside of
        # (they are running already): those count only when imported by name.
        ancestors = {".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 1)}
        edges = set(targets)
        for target in targets:
            parts = target.split(".")
            edges.update(".".join(parts[:end]) for end in range(1, len(parts)))
        edges -= ancestors - targets
        graph[module] = {target for target in edges if target in modules and target != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of modules, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_no_import_cycle():
    graph = import_graph()
    assert "lint_rules.rules.hf2_device.hf203_move_after_device_map" in graph
    assert "lint_rules.rule" in graph["lint_rules.rules.hf2_device.hf203_move_after_device_map"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_rules_import_neither_the_engine_nor_the_registry():
    graph = import_graph()
    for module, targets in graph.items():
        if module.startswith("lint_rules.rules."):
            assert not targets & {"lint_rules.engine", "lint_rules.registry", "lint_rules.analysis"}, module


def test_one_rule_per_module_named_for_its_code():
    import importlib

    names = rule_modules()
    assert len(names) == len(all_rules())
    for name in names:
        family, stem = name.split(".")[-2:]
        rules = rules_in(importlib.import_module(name))
        assert len(rules) == 1, f"{name} holds {len(rules)} rules"
        [rule] = rules
        assert stem == f"{rule.code.lower()}_{rule.name.replace('-', '_')}", name
        assert re.fullmatch(rf"hf{rule.code[2]}_[a-z_]+", family), name
    assert os.path.isfile(
        os.path.join(ROOT, "lint_rules", "rules", "hf3_migration", "hf305_bitsandbytes_load_kwargs.py")
    )


def test_shared_modules_hold_no_rule():
    import importlib
    import pkgutil

    from lint_rules import rules

    for info in pkgutil.walk_packages(rules.__path__, rules.__name__ + "."):
        if not registry.RULE_MODULE.match(info.name.rsplit(".", 1)[-1]):
            assert rules_in(importlib.import_module(info.name)) == [], info.name


def test_rule_index_is_generated_from_the_rules():
    with open(registry.INDEX_FILE, encoding="utf-8") as handle:
        assert handle.read() == index_source(), "run `python -m lint_rules.docs`"
