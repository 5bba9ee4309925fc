"""No module imports another module's private (`_name`) names: a family that needs to share is a
sub-package with public names (bulk/, writers/placement/, core/rules/ ...)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "csp_excel"


def private_imports(source: str) -> list[str]:
    """`from <csp_excel module> import _name` lines (relative or absolute), as "module _name"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        ours = node.level > 0 or (node.module or "").split(".")[0] == "csp_excel"
        for alias in node.names if ours else []:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{'.' * node.level}{node.module or ''} {alias.name}")
    return found


def test_no_private_name_is_imported_across_modules() -> None:
    bad = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        if found := private_imports(path.read_text(encoding="utf-8")):
            bad[str(rel)] = found
    assert not bad, f"make these public names of the module that owns them: {bad}"


def test_the_check_finds_a_private_import() -> None:
    source = (
        "from .worker import _Task, BulkItem\nfrom csp_excel.core import _x\nfrom os import _exit\n"
    )
    assert private_imports(source) == [".worker _Task", "csp_excel.core _x"]
