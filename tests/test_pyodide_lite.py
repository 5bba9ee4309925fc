"""The xlwings Lite Fill and Validate in a REAL Pyodide runtime (Python compiled to WebAssembly,
as xlwings Lite runs it), under Node.

The pyodide npm package (version in tests/pyodide/package.json) is installed into a cache outside
the repository (CSP_PYODIDE_CACHE, default ~/.cache/csp-excel-pyodide); the wheels are our own
Lite wheel (tools/build_lite_wheel.py, built fresh), and xlwings' and micropip's pure-Python
wheels (pip download, cached). tests/pyodide/run_lite_fill.mjs installs them with micropip from
local files and runs workbook_templates/xlwings_lite/main.py's scripts on the stand-in book
(tests/xw_double.py in Lite mode) holding the bundled sample's cells. The figures written must be
the command line's (`csp-excel fill --keep-layout`, read back with openpyxl).

Skipped, saying why, only when Node is not installed and CI is not set; with CI=true (.ci/run)
a missing Node fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lite_support import LITE_DIR, ROOT, SAMPLE, changed, cli_changes
from xw_double import Book

from csp_excel import excel

HERE = ROOT / "tests" / "pyodide"
PINS = {"micropip": "0.11.1", "xlwings": "0.37.8"}  # xlwings: requirements.txt's pin
COMPILED_OR_FILES = {
    "python_calamine", "pyarrow", "typer", "rich", "msoffcrypto", "openpyxl", "xlsxwriter",
    "pandas", "defusedxml",
}  # fmt: skip
NOT_OURS_ON_LITE = {"csp_excel.service", "csp_excel.reader.legacy", "csp_excel.reader.safety",
                    "csp_excel.reader.quiet", "csp_excel.filekind", "csp_excel.writers.workbook",
                    "csp_excel.writers.atomic", "csp_excel.cli"}  # fmt: skip

pytestmark = pytest.mark.slow


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    reason = f"'{tool}' (Node.js) is not installed: the real Pyodide test needs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}, and CI must run it (.ci/run installs nodejs and npm)")
    pytest.skip(f"{reason} (apt-get install nodejs npm); CI runs it")


def _cache() -> Path:
    return Path(os.environ.get("CSP_PYODIDE_CACHE", Path.home() / ".cache" / "csp-excel-pyodide"))


def _pyodide(cache: Path) -> Path:
    """The pinned pyodide npm package in the cache, installed with npm if missing."""
    version = json.loads((HERE / "package.json").read_text())["dependencies"]["pyodide"]
    pkg = cache / "node_modules" / "pyodide"
    meta = pkg / "package.json"
    if not meta.exists() or json.loads(meta.read_text())["version"] != version:
        npm = _need("npm")
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [npm, "install", "--prefix", str(cache), "--no-save", f"pyodide@{version}"]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    assert (pkg / "pyodide.mjs").exists() and (pkg / "pyodide.asm.wasm").exists()
    return pkg


def _wheels(cache: Path, tmp: Path) -> list[Path]:
    """micropip and xlwings (pure-Python wheels, cached), and our Lite wheel built now."""
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    out = []
    for name, version in PINS.items():
        found = sorted(wheels.glob(f"{name}-{version}-py3-none-any.whl"))
        if not found:
            cmd = [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps",
                   "--only-binary", ":all:", "--platform", "any", "--python-version", "3.13",
                   "--implementation", "py", "-q", "-d", str(wheels)]  # fmt: skip
            subprocess.run(cmd, check=True, capture_output=True, timeout=600)
            found = sorted(wheels.glob(f"{name}-{version}-py3-none-any.whl"))
        out.append(found[0])
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_lite_wheel import build
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return [*out, build(tmp / "lite-wheel")]


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Lite scripts' results from inside Pyodide (see tests/pyodide/lite_fill.py)."""
    node = _need("node")
    tmp = tmp_path_factory.mktemp("pyodide")
    cache = _cache()
    book = tmp / "book.json"
    book.write_text(json.dumps(Book.from_xlsx(SAMPLE).to_json()))
    config = {
        "pyodide": str(_pyodide(cache)),
        "wheels": [str(w) for w in _wheels(cache, tmp)],
        "files": {
            "xw_double.py": str(ROOT / "tests" / "xw_double.py"),
            "main.py": str(LITE_DIR / "main.py"),
            "book.json": str(book),
        },
        "out": str(tmp / "result.json"),
    }
    (tmp / "config.json").write_text(json.dumps(config))
    run = subprocess.run(
        [node, str(HERE / "run_lite_fill.mjs"), str(tmp / "config.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    result: dict[str, Any] = json.loads((tmp / "result.json").read_text())
    print("pyodide seconds:", json.dumps(result["seconds"]))  # shown with pytest -s
    return result


def test_runs_in_pyodide_from_the_wheels(pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["platform"] == "emscripten"
    assert pyodide_run["csp_excel"].endswith("/site-packages/csp_excel/__init__.py")
    assert pyodide_run["xlwings"] == PINS["xlwings"]
    assert {"csp-excel", "xlwings"} <= set(pyodide_run["installed"])


def test_pyodide_fill_writes_what_the_command_line_writes(
    pyodide_run: dict[str, Any], tmp_path: Path
) -> None:
    assert pyodide_run["alerts"][0].startswith("Filled 19 indicator sheet(s)")
    filled = Book.from_json(pyodide_run["filled"])
    got = changed(Book.from_xlsx(SAMPLE).values(), filled.values())
    assert got, "nothing was written"
    assert got == cli_changes(SAMPLE, tmp_path / "cli.xlsx")


def test_pyodide_fill_formats_and_colours_like_the_classic_button(
    pyodide_run: dict[str, Any],
) -> None:
    classic = Book.from_xlsx(SAMPLE)
    assert excel.fill_book(classic) == pyodide_run["alerts"][0]
    lite = Book.from_json(pyodide_run["filled"])
    for a, b in zip(classic.sheets, lite.sheets, strict=True):
        assert (a.name, a.formats, a.colors) == (b.name, b.formats, b.colors)


def test_pyodide_validate_lists_what_the_classic_button_lists(
    pyodide_run: dict[str, Any],
) -> None:
    classic = Book.from_xlsx(SAMPLE)
    assert excel.validate_book(classic) == pyodide_run["validate_alerts"][0]
    lite = Book.from_json(pyodide_run["validated"])
    assert lite.sheets[excel.DATA_QUALITY].cells == classic.sheets[excel.DATA_QUALITY].cells


def test_pyodide_loaded_nothing_compiled_or_file_bound(pyodide_run: dict[str, Any]) -> None:
    loaded = set(pyodide_run["modules"])
    assert not {m for m in loaded if m.split(".")[0] in COMPILED_OR_FILES}
    assert not loaded & NOT_OURS_ON_LITE
