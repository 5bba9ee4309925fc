"""Tests that cannot hide a break: no skip of our own code, no test reading ../shared.

A skip is for what the machine lacks (LibreOffice, xlwings, a read-only mount), never for our
own modules failing to import or an exception raised by our code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCES = sorted([*TESTS.glob("*.py"), *TESTS.glob("*/*.py")])


def calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Every call of pytest.<name>(...) or <name>(...) in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            attr = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if attr == name:
                found.append(node)
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_importorskip_of_our_own_modules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for call in calls(tree, "importorskip"):
        module = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else ""
        assert not str(module).startswith("csp_excel"), f"{path.name}:{call.lineno}: import it"
        assert any(k.arg == "reason" for k in call.keywords), f"{path.name}:{call.lineno}: reason"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_exception_is_turned_into_a_skip(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for handler in (n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)):
        for call in calls(handler, "skip"):
            raise AssertionError(f"{path.name}:{call.lineno}: a skip inside 'except' hides a break")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_reads_the_shared_folder(path: Path) -> None:
    if path.name == Path(__file__).name:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            assert node.value not in ("shared", "../shared") and "/work/shared" not in node.value, (
                f"{path.name}:{node.lineno}: tests carry their own data (tests/data/)"
            )


def test_the_check_finds_a_hidden_skip(tmp_path: Path) -> None:
    bad = "import pytest\ntry:\n    import csp_excel.x\nexcept Exception:\n    pytest.skip('no')\n"
    tree = ast.parse(bad)
    handler = next(n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler))
    assert calls(handler, "skip")
    assert calls(ast.parse("pytest.importorskip('csp_excel.reader')"), "importorskip")
