"""The code's layers, checked by reading every import (function-level ones included):

    model  <  importers  <  sample_data  <  dashboard  <  cli

A package imports only from itself and the packages below it (``importers`` never reaches up
into ``dashboard``; ``model`` into nothing of ours), only ``dashboard`` imports streamlit, and no
two modules import each other at module level (an import circle)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

LAYERS = ("model", "importers", "sample_data", "dashboard", "cli")


def _modules() -> dict[str, Path]:
    out = {}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(path: Path, *, module_level_only: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file; ``module_level_only``: only those
    that run when the module is imported (not inside functions, not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if module_level_only:
        nodes: list[ast.AST] = []
        for stmt in tree.body:
            if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
                continue
            if isinstance(stmt, ast.Try | ast.If):
                nodes.extend(ast.walk(stmt))
            else:
                nodes.append(stmt)
    else:
        nodes = list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def test_no_package_imports_a_layer_above_it_and_only_dashboard_imports_streamlit():
    problems = []
    for name, path in _modules().items():
        layer = name.split(".")[0]
        for imported, line in _imports(path):
            top = imported.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line}"
            if top == "streamlit" and layer != "dashboard":
                problems.append(f"{where} importerer streamlit")
            if top in LAYERS and LAYERS.index(top) > LAYERS.index(layer):
                problems.append(f"{where} importerer {imported} (et lag over {layer})")
    assert not problems, "\n".join(problems)


def test_no_import_circles_at_module_level():
    modules = _modules()
    graph = {
        name: {
            target
            for imported, _ in _imports(path, module_level_only=True)
            for target in (imported, imported.rsplit(".", 1)[0])
            if target in modules and target != name
        }
        for name, path in modules.items()
    }
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" → ".join(trail[trail.index(nxt) :] + [node, nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, node] if nxt not in trail else trail)
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not circles, "\n".join(circles)
