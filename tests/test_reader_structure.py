"""The reader stays a house a newcomer can walk: small modules, short functions, and no module
importing another's private name (issue #11). Read from the source, so it fails on a regression."""

from __future__ import annotations

import ast
from pathlib import Path

import csp_excel.reader

READER = Path(csp_excel.reader.__file__).parent
MODULES = sorted(READER.glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_reader_modules_are_small() -> None:
    big = {
        p.name: n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 310
    }
    assert not big, f"reader modules over ~300 lines: {big}"


def test_reader_functions_are_short() -> None:
    long = [
        f"{p.name}:{n.lineno} {n.name} ({n.end_lineno - n.lineno + 1} lines)"
        for p in MODULES
        for n in ast.walk(_tree(p))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        and n.end_lineno is not None
        and n.end_lineno - n.lineno + 1 > 60
    ]
    assert not long, f"reader functions over 60 lines: {long}"


def _private_imports(source: str) -> list[str]:
    """`from .x import _y` (or from csp_excel...) in `source`: line and name."""
    return [
        f"{n.lineno} {a.name} from {n.module}"
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("csp_excel"))
        for a in n.names
        if a.name.startswith("_") and not a.name.startswith("__")
    ]


def test_no_private_name_imported_across_reader_modules() -> None:
    found = [f"{p.name}:{x}" for p in MODULES for x in _private_imports(p.read_text("utf-8"))]
    assert not found, f"private names imported across modules: {found}"


def test_the_private_import_check_sees_one() -> None:
    bad = "from .grid_rows import RawRow, _has_values\nfrom __future__ import annotations\n"
    assert _private_imports(bad) == ["1 _has_values from grid_rows"]
