"""An AST scan of csp_excel/: every finding is made through core.codes.finding(), and every
literal code (passed where a function takes `code`, or compared with a finding's `.code`) is in the
catalogue. tools/codemod_findings.py converts `Finding(...)` calls; re-run it after a merge."""

from __future__ import annotations

import ast
from pathlib import Path

from csp_excel.core.codes import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "csp_excel"
CATALOGUE_MODULE = PACKAGE / "core" / "codes.py"


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _code_params() -> dict[str, int]:
    """Every function of the package with a parameter named `code`: name -> its position in a
    call (self not counted). Their literal arguments there are finding codes."""
    out = {"finding": 0, "Finding": 0, "FileRefused": 0}
    for path in PACKAGE.rglob("*.py"):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in n.args.args if a.arg not in ("self", "cls")]
                if "code" in names:
                    out.setdefault(n.name, names.index("code"))
    return out


def _literal_codes(path: Path, params: dict[str, int]) -> list[tuple[int, str]]:
    """(line, code) of every literal passed as a code, compared with a finding's `.code`, or
    listed in a constant named *CODES / *_ERRORS."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    for call in _calls(tree):
        pos = params.get(_name(call))
        if pos is None:
            continue
        args = [a for a in call.args if not isinstance(a, ast.Starred)]
        node = args[pos] if pos < len(args) else None
        node = next((k.value for k in call.keywords if k.arg == "code"), node)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append((call.lineno, node.value))
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith(("CODES", "_ERRORS")) for t in n.targets
        ):  # OUTPUT_CODES = ("OUTPUT_FAILED", ...)
            for x in ast.walk(n.value):
                if isinstance(x, ast.Constant) and isinstance(x.value, str):
                    out.append((n.lineno, x.value))
        if isinstance(n, ast.Compare) and any(
            isinstance(x, ast.Attribute) and x.attr == "code" for x in [n.left, *n.comparators]
        ):
            for x in ast.walk(n):
                if isinstance(x, ast.Constant) and isinstance(x.value, str):
                    out.append((n.lineno, x.value))
    return out


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_finding_is_built_outside_the_catalogue() -> None:
    """Finding(...) only in core/codes.py: everywhere else `finding()` takes the severity."""
    bad = [
        f"{p.relative_to(ROOT)}:{c.lineno}"
        for p in _modules()
        if p != CATALOGUE_MODULE
        for c in _calls(ast.parse(p.read_text(encoding="utf-8")))
        if _name(c) == "Finding"
    ]
    assert not bad, "build findings with core.codes.finding(), not Finding(): " + ", ".join(bad)


def test_every_literal_code_is_in_the_catalogue() -> None:
    params = _code_params()
    assert {"finding", "FileRefused", "failed_result"} <= set(params)
    seen: set[str] = set()
    bad = []
    for p in _modules():
        for line, code in _literal_codes(p, params):
            seen.add(code)
            if code not in CATALOGUE:
                bad.append(f"{p.relative_to(ROOT)}:{line}: {code}")
    assert not bad, "codes not in core/codes.py: " + ", ".join(bad)
    assert {"FILE_UNREADABLE", "YTD_MISMATCH", "OUTPUT_EXISTS"} <= seen  # the scan sees codes


def test_the_scan_sees_a_wrong_code(tmp_path: Path) -> None:
    """The scan can fail: a made-up code in each position it checks is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        'finding("NOT_IN_TABLE", None, None, "m")\n'
        'if f.code == "ALSO_MISSING": pass\n'
        'MY_CODES = ("THIRD_ONE",)\n'
        '_failed(path, code="FOURTH_ONE")\n'
    )
    found = [c for _, c in _literal_codes(bad, {"finding": 0, "_failed": 1})]
    assert sorted(found) == ["ALSO_MISSING", "FOURTH_ONE", "NOT_IN_TABLE", "THIRD_ONE"]
