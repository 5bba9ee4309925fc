"""Layers import one way (docs/ARCHITECTURE.md): a wrong import fails here, not in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "csp_excel"

# layer -> the csp_excel modules/packages it must never import
FORBIDDEN = {
    "core": {"reader", "writers", "service", "bulk", "cli", "excel", "results"},
    "reader": {"writers", "service", "bulk", "cli", "excel"},
    "writers": {"reader", "service", "bulk", "cli", "excel"},
    "bulk": {"cli", "excel", "reader"},  # a service-level peer: it may call service and writers
}
IO_MODULES = {"openpyxl", "xlsxwriter", "pandas", "python_calamine", "zipfile", "xlwings", "os"}


def _imports(path: Path) -> set[str]:
    """Top-level csp_excel subpackages and third-party modules a file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PKG).parts) - 1  # 0 for csp_excel/x.py, 1 for csp_excel/core/x.py
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                parts = node.module.split(".")
                found.add(parts[1] if parts[0] == "csp_excel" and len(parts) > 1 else parts[0])
            elif node.level > depth and node.module:  # from ..x import / from ..x.y import
                found.add(node.module.split(".")[0])
            elif node.level > depth:
                found |= {a.name for a in node.names}
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    bad = {
        str(p.relative_to(PKG)): sorted(_imports(p) & FORBIDDEN[layer])
        for p in (PKG / layer).rglob("*.py")
        if _imports(p) & FORBIDDEN[layer]
    }
    assert not bad, f"{layer} imports a higher layer: {bad}"


def test_core_does_no_file_io() -> None:
    bad = {
        str(p.relative_to(PKG)): sorted(_imports(p) & IO_MODULES)
        for p in (PKG / "core").rglob("*.py")
        if _imports(p) & IO_MODULES
    }
    assert not bad, f"core must stay pure: {bad}"
    for p in (PKG / "core").rglob("*.py"):
        assert "open(" not in p.read_text(encoding="utf-8").replace("_open(", ""), p.name


@pytest.mark.parametrize("edge", [*sorted(p.name for p in PKG.glob("cli*.py")), "excel.py"])
def test_edges_go_through_service_only(edge: str) -> None:
    """The command line and the Excel button call the service; reading and writing are its job."""
    bad = _imports(PKG / edge) & {"reader", "writers"}
    assert not bad, f"{edge} imports {sorted(bad)}: call a service function instead"
