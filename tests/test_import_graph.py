"""Imports inside `generator/` flow one way (issue 20): no module imports, at any depth and lazily
included, a module that imports it back. `TYPE_CHECKING` blocks are left out (types only, never run).

Run it alone to see the graph's circles: `python -m tests.test_import_graph`.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "schemagen"
ROOT = Path(__file__).resolve().parents[1] / "generator"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, current: str, is_package: bool) -> set[str]:
    """Every module of the package that `tree` imports, skipping `if TYPE_CHECKING:` bodies."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = current.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] == PACKAGE:
                found.add(module)
                found.update(f"{module}.{a.name}" for a in node.names)  # `from pkg import module`
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    modules = {module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        raw = _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py")
        # `from schemagen.output import render` names a module; `from schemagen.ir import Field` a symbol
        graph[name] = {m for m in raw if m in modules and m != name and not _is_parent(m, name)}
    return graph


def _is_parent(candidate: str, name: str) -> bool:
    """Importing `a.b.c` runs `a/__init__` and `a/b/__init__`: edges to an empty package add nothing."""
    return name.startswith(candidate + ".")


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def test_generator_has_no_import_circles() -> None:
    found = circles(import_graph())
    assert not found, "import circles in generator/ (imports must flow one way):\n" + "\n".join(
        " <-> ".join(c) for c in found)


def test_the_checker_sees_a_circle() -> None:
    """The checker itself: a two-module loop, a lazy import inside a function, and a TYPE_CHECKING one."""
    a = ast.parse("def f():\n    from schemagen.b import x\n")
    b = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from schemagen.c import y\nimport schemagen.a\n")
    graph = {"schemagen.a": _imports(a, "schemagen.a", False), "schemagen.b": _imports(b, "schemagen.b", False),
             "schemagen.c": set()}
    graph = {k: {m for m in v if m in graph} for k, v in graph.items()}
    assert graph["schemagen.b"] == {"schemagen.a"}
    assert circles(graph) == [["schemagen.a", "schemagen.b"]]


# The rooms in the order data flows. Modules at generator/'s top (ir, naming, config, diagnostics,
# cache, safety, ...) are the floor every room may stand on. review/ reads old and new schemas
# through the pipeline's front half (load, lower), so it sits above the pipeline, beside the CLI.
RANKS = {"frontend": 1, "lower": 2, "targets": 3, "output": 4, "pipeline": 5, "review": 6, "cli": 7, "__main__": 7}


def room(name: str) -> str:
    return name.split(".")[1] if name.count(".") else ""


def test_the_layout_reads_as_the_pipeline() -> None:
    """front end -> lower -> IR <- targets -> output, the pipeline over them, review and the CLI
    on top: no module imports a room above its own."""
    graph = import_graph()
    wrong = sorted(f"{name} -> {dep}" for name, deps in graph.items() for dep in deps
                   if RANKS.get(room(dep), 0) > RANKS.get(room(name), 0))
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_the_floor_imports_no_room() -> None:
    """The shared modules at generator/'s top import no room: they are what every room reads."""
    graph = import_graph()
    wrong = sorted(f"{name} -> {dep}" for name, deps in graph.items() if RANKS.get(room(name), 0) == 0
                   for dep in deps if RANKS.get(room(dep), 0) > 0)
    assert not wrong, "\n".join(wrong)


if __name__ == "__main__":
    for circle in circles(import_graph()):
        print(" <-> ".join(circle))
