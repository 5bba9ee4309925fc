"""The xlwings Lite buttons (csp_excel/excel_lite.py, workbook_templates/xlwings_lite/) in CPython.

Run against the in-memory double in Lite mode (tests/xw_double.py: no synchronous format reads,
whole numbers as int, no status bar). tests/test_pyodide_lite.py runs the same Fill in a real
Pyodide runtime.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lite_support import LITE_DIR, ROOT, SAMPLE, changed, cli_changes, run_coroutine
from xw_double import Book

from csp_excel import excel, excel_lite

# never on the Lite path: compiled or file/process-bound, or the command line's
FORBIDDEN = {
    "python_calamine", "pyarrow", "typer", "rich", "msoffcrypto", "openpyxl", "xlsxwriter",
    "pandas", "numpy", "defusedxml", "xlwings", "subprocess", "tempfile", "zipfile",
    "multiprocessing", "csp_excel.reader.legacy", "csp_excel.reader.quiet",
    "csp_excel.reader.safety", "csp_excel.reader.safety_zip", "csp_excel.reader.safety_ole",
    "csp_excel.reader.compound", "csp_excel.reader.extent_scan", "csp_excel.filekind",
    "csp_excel.service", "csp_excel.writers.atomic", "csp_excel.writers.workbook",
    "csp_excel.writers.quality", "csp_excel.cli", "csp_excel.bulk",
}  # fmt: skip

IMPORT_CHECK = """
import json, sys
sys.path.insert(0, {tests!r})
from xw_double import Book
from lite_support import run_coroutine
book = Book.from_json(json.load(open({data!r})), lite=True)
before = set(sys.modules)
from csp_excel import excel_lite
run_coroutine(excel_lite.fill(book))
run_coroutine(excel_lite.validate(book))
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def lite_book(path: Path = SAMPLE) -> Book:
    """The return's cells in a book that behaves as xlwings Lite's engine does."""
    return Book.from_json(json.loads(json.dumps(Book.from_xlsx(path).to_json())), lite=True)


@pytest.fixture(scope="module")
def lite_imports(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every module the Lite path loads (importing it, a Fill and a Validate), in a fresh
    interpreter so nothing another test imported hides one."""
    data = tmp_path_factory.mktemp("lite") / "book.json"
    data.write_text(json.dumps(Book.from_xlsx(SAMPLE).to_json()))
    code = IMPORT_CHECK.format(tests=str(ROOT / "tests"), data=str(data))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_lite_path_loads_none_of_the_file_or_compiled_modules(lite_imports: list[str]) -> None:
    loaded = set(lite_imports)
    bad = {m for m in loaded if m in FORBIDDEN or m.split(".")[0] in FORBIDDEN}
    assert not bad, f"the Lite path loaded {sorted(bad)}"
    assert "csp_excel.writers.placement.place" in loaded  # the classic button's placement
    assert "csp_excel.service_book" in loaded  # and its service


def test_lite_path_needs_only_the_standard_library(lite_imports: list[str]) -> None:
    outside = {m.split(".")[0] for m in lite_imports} - set(sys.stdlib_module_names)
    assert outside == {"csp_excel"}


def test_lite_fill_writes_what_the_command_line_writes(tmp_path: Path) -> None:
    book = lite_book()
    before = Book.from_xlsx(SAMPLE).values()
    message = run_coroutine(excel_lite.fill(book))
    assert message.startswith("Filled 19 indicator sheet(s)")
    assert book.app.alerts == [message]
    got = changed(before, book.values())
    assert got, "nothing was written"
    assert got == cli_changes(SAMPLE, tmp_path / "cli.xlsx")


def test_lite_fill_formats_and_colours_like_the_classic_button() -> None:
    classic, lite = Book.from_xlsx(SAMPLE), lite_book()
    assert excel.fill_book(classic) == run_coroutine(excel_lite.fill(lite))
    for a, b in zip(classic.sheets, lite.sheets, strict=True):
        assert (a.name, a.cells, a.formats, a.colors) == (b.name, b.cells, b.formats, b.colors)
    assert any(s.colors for s in lite.sheets), "no RAG colour was set"


def test_lite_keeps_a_users_own_number_format() -> None:
    """Formats can only be read asynchronously in Lite: they are fetched first, so a cell the
    user formatted keeps its format, as with the classic button."""
    classic, lite = Book.from_xlsx(SAMPLE), lite_book()
    excel.fill_book(classic)
    written = {
        (s.name, rc) for s in classic.sheets for rc, f in s.formats.items() if f != "General"
    } - {(s.name, rc) for s in Book.from_xlsx(SAMPLE).sheets for rc in s.formats}
    sheet, rc = sorted(written)[0]
    lite.sheets[sheet].formats[rc] = "0.000"  # the user's own choice, before Fill
    run_coroutine(excel_lite.fill(lite))
    assert lite.sheets[sheet].formats[rc] == "0.000"


def test_lite_validate_lists_what_the_classic_button_lists() -> None:
    classic, lite = Book.from_xlsx(SAMPLE), lite_book()
    assert excel.validate_book(classic) == run_coroutine(excel_lite.validate(lite))
    assert classic.sheets[excel.DATA_QUALITY].cells == lite.sheets[excel.DATA_QUALITY].cells
    assert lite.app.alerts and lite.app.alerts[0].startswith("Checked 19 indicator sheet(s)")


def test_lite_error_is_a_message_box_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    book = lite_book()

    def broken(*_: Any) -> Any:
        raise RuntimeError("boom inside Excel")

    book.sheets[0].range = broken  # type: ignore[method-assign]
    message = run_coroutine(excel_lite.fill(book))
    assert message.startswith("csp-excel could not finish.") and "boom" not in message
    assert book.app.alerts == [message]
    assert "RuntimeError: boom inside Excel" in capsys.readouterr().err  # the Output pane


def test_lite_fill_of_a_book_without_indicators() -> None:
    book = Book(lite=True)
    book.sheets.add("Notes").put(1, 1, "Nothing to see")
    message = run_coroutine(excel_lite.fill(book))
    assert message == "Nothing was filled: no indicator sheets were found in this workbook."


def _main_module(xlwings: Any) -> Any:
    spec = importlib.util.spec_from_file_location("lite_main", LITE_DIR / "main.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_py_scripts_are_plain_functions_in_ordinary_python() -> None:
    xlwings = pytest.importorskip("xlwings", reason="xlwings is not installable on this machine")
    main = _main_module(xlwings)
    book = lite_book()
    run_coroutine(main.fill(book))  # the decorator changed nothing: it fills
    assert book.app.alerts and book.app.alerts[0].startswith("Filled 19 indicator sheet(s)")
    run_coroutine(main.validate(book))
    assert book.app.alerts[1].startswith("Checked 19 indicator sheet(s)")


def test_main_py_buttons_are_the_documented_ones() -> None:
    tree = ast.parse((LITE_DIR / "main.py").read_text())
    buttons = {
        fn.name: kw.value.value
        for fn in tree.body
        if isinstance(fn, ast.AsyncFunctionDef)
        for dec in fn.decorator_list
        if isinstance(dec, ast.Call)
        for kw in dec.keywords
        if kw.arg == "button" and isinstance(kw.value, ast.Constant)
    }
    assert buttons == {"fill": excel_lite.FILL_BUTTON, "validate": excel_lite.VALIDATE_BUTTON}
    readme = (ROOT / "README.md").read_text()
    for shape in ("csp_fill", "csp_validate"):
        assert f"`{shape}`" in readme


def test_requirements_pin_the_xlwings_checked_against() -> None:
    lines = [
        x.strip()
        for x in (LITE_DIR / "requirements.txt").read_text().splitlines()
        if x.strip() and not x.startswith("#")
    ]
    assert lines[0] == "xlwings==0.37.8"
    assert lines[1].endswith("/csp_excel-0.1.0-py3-none-any.whl")


def test_lite_wheel_has_no_dependencies(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_lite_wheel import strip_dependencies
    finally:
        sys.path.remove(str(ROOT / "tools"))
    wheel = tmp_path / "in" / "pkg-1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    meta = "Metadata-Version: 2.1\nName: pkg\nRequires-Dist: pyarrow>=14\nRequires-Dist: rich\n"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("pkg/__init__.py", "X = 1\n")
        z.writestr("pkg-1.0.dist-info/METADATA", meta)
        z.writestr("pkg-1.0.dist-info/RECORD", "stale\n")
    (tmp_path / "out").mkdir()
    out = strip_dependencies(wheel, tmp_path / "out")
    with zipfile.ZipFile(out) as z:
        assert "Requires-Dist" not in z.read("pkg-1.0.dist-info/METADATA").decode()
        record = z.read("pkg-1.0.dist-info/RECORD").decode().splitlines()
        assert z.read("pkg/__init__.py") == b"X = 1\n"
    assert any(r.startswith("pkg/__init__.py,sha256=") and r.endswith(",6") for r in record)
    assert "stale" not in record
