"""The button workbook (.xlsm with Fill/Validate), the blank template, and the Excel entry point.

The .xlsm is read back as Excel would see it: the zip parts, the VBA text (oletools olevba), the
form buttons' VML, and openpyxl. The entry point runs against the in-memory xlwings double.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from xw_double import Book

from csp_excel.errors import CspExcelError, OutputExists, UsageError
from csp_excel.service import make_button_workbook
from csp_excel.writers import button
from csp_excel.writers.button import CONF_KEYS, build_button_workbook, vba_project_bin
from csp_excel.writers.template import grid_rows, write_blank_template

# Only the tests that truly need xlwings skip without it (the .xlsm copies xlwings' own VBA;
# the entry-point tests patch xlwings.Book.caller): the template and excel.py tests always run.
# Building the VBA needs the optional pyOpenVBA; reading it back needs oletools (test extra).
needs_vba = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("xlwings", "pyopenvba", "oletools")),
    reason="xlwings, pyOpenVBA and oletools are needed to build and read the VBA project",
)


@pytest.fixture()
def xlwings() -> Any:
    """The xlwings module, for the tests that use it; they skip where it cannot be installed."""
    return pytest.importorskip("xlwings", reason="xlwings is not installable on this machine")


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("button") / "buttons.xlsm"
    build_button_workbook(out)
    return out


def _load_vba(path: Path) -> Any:
    """openpyxl with keep_vba; its in-memory VBA zip is closed at once (only values are checked)."""
    wb = load_workbook(path, keep_vba=True)
    wb.vba_archive.close()
    return wb


def _macros(path: Path) -> dict[str, str]:
    from oletools import olevba

    parser = olevba.VBA_Parser(str(path))
    try:
        return {name: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


# ---------------------------------------------------------------------------- the .xlsm


@needs_vba
def test_xlsm_has_a_vba_project_with_our_macros(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    macros = _macros(xlsm)
    module = macros["Module1.bas"]
    assert re.search(r"^Sub FillWorkbook\(\)", module, re.M)
    assert re.search(r"^Sub ValidateWorkbook\(\)", module, re.M)
    assert 'RunPython "import csp_excel.excel; csp_excel.excel.main()"' in module
    assert 'RunPython "import csp_excel.excel; csp_excel.excel.validate()"' in module
    assert "SampleCall" not in module  # the quickstart macro was replaced, not appended to


@needs_vba
def test_vba_is_the_installed_xlwings_version(xlsm: Path, xlwings: Any) -> None:
    macros = _macros(xlsm)
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in macros["xlwings.bas"]
    assert "Function RunPython" in macros["xlwings.bas"]
    assert {"ThisWorkbook.cls", "Sheet1.cls", "Sheet2.cls", "Dictionary.cls"} <= set(macros)


@needs_vba
def test_buttons_call_the_macros(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as z:
        vml = [z.read(n).decode() for n in z.namelist() if n.endswith(".vml")]
    assert len(vml) == 1
    assert "<x:FmlaMacro>[0]!FillWorkbook</x:FmlaMacro>" in vml[0]
    assert "<x:FmlaMacro>[0]!ValidateWorkbook</x:FmlaMacro>" in vml[0]
    assert ">Fill<" in vml[0] and ">Validate<" in vml[0]


@needs_vba
def test_code_names_match_the_vba_document_modules(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as z:
        assert 'codeName="ThisWorkbook"' in z.read("xl/workbook.xml").decode()
        sheets = [z.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
    assert 'codeName="Sheet1"' in sheets[0] and 'codeName="Sheet2"' in sheets[1]


@needs_vba
def test_opens_with_openpyxl_and_has_start_and_conf_sheets(xlsm: Path, xlwings: Any) -> None:
    wb = _load_vba(xlsm)
    assert wb.sheetnames == ["Start", "xlwings.conf"]
    start = " ".join(str(c.value) for row in wb["Start"].iter_rows() for c in row if c.value)
    assert "Fill" in start and "Validate" in start and xlwings.__version__ in start
    conf = wb["xlwings.conf"]
    keys = [conf.cell(r, 1).value for r in range(1, len(CONF_KEYS) + 1)]
    assert keys == ["Interpreter_Win", "Interpreter_Mac", "Conda Path", "Conda Env", "PYTHONPATH"]
    assert all(conf.cell(r, 2).value is None for r in range(1, 20))  # blank values
    assert conf.cell(len(CONF_KEYS) + 1, 1).value is None  # the VBA stops reading at this blank
    assert "pythonw.exe" in conf.cell(1, 3).value


@needs_vba
def test_source_return_values_are_copied_after_start(tmp_path: Path) -> None:
    src = tmp_path / "mine.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Robbery"
    ws["A1"] = "=cmd|' /C calc'!A0"  # a formula in the source: only its value is copied
    ws["A2"] = "Month"
    ws["B2"] = 12
    wb.create_sheet("Start")["A1"] = "their own start sheet"
    wb.save(src)
    out = tmp_path / "mine.xlsm"
    assert make_button_workbook(out, src) == out
    got = _load_vba(out)
    assert got.sheetnames == ["Start", "Robbery", "Start (return)", "xlwings.conf"]
    assert got["Robbery"]["A2"].value == "Month" and got["Robbery"]["B2"].value == 12
    assert got["Start (return)"]["A1"].value == "their own start sheet"
    with zipfile.ZipFile(out) as z:
        xml = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")
        )
        assert "<f>" not in xml
        assert 'codeName="Sheet3"' in z.read("xl/worksheets/sheet2.xml").decode()


@needs_vba
def test_refuses_xlsx_and_existing_output(tmp_path: Path, xlsm: Path) -> None:
    with pytest.raises(UsageError):
        build_button_workbook(tmp_path / "x.xlsx")
    with pytest.raises(OutputExists):
        build_button_workbook(xlsm)
    build_button_workbook(xlsm, force=True)


@needs_vba
def test_vba_bin_is_cached_and_needs_pyopenvba_only_to_build(tmp_path, monkeypatch) -> None:
    first = vba_project_bin(tmp_path)
    assert len(list(tmp_path.glob("vbaProject-xlwings*.bin"))) == 1
    monkeypatch.setitem(sys.modules, "pyopenvba", None)  # import now fails
    assert vba_project_bin(tmp_path) == first  # served from the cache
    with pytest.raises(CspExcelError, match="pyOpenVBA"):
        vba_project_bin(tmp_path / "empty")


@needs_vba
def test_shipped_template_is_current(tmp_path: Path) -> None:
    """workbook_templates/ holds what build_templates.py writes (same sheets, same macros)."""
    root = Path(__file__).resolve().parent.parent / "workbook_templates"
    shipped = root / "csp_return_button.xlsm"
    assert shipped.exists(), (
        "workbook_templates/csp_return_button.xlsm is missing: run build_templates.py"
    )
    sys.path.insert(0, str(root))
    import build_templates

    build_templates.build(tmp_path)
    fresh = tmp_path / "csp_return_button.xlsm"
    assert load_workbook(shipped).sheetnames == load_workbook(fresh).sheetnames
    assert _macros(shipped)["Module1.bas"] == _macros(fresh)["Module1.bas"]


# ---------------------------------------------------------------------------- blank template


def test_blank_template_layout(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    write_blank_template(out, 2016, ["Robbery", "ASB: calls/incidents"])
    wb = load_workbook(out)
    assert wb.sheetnames == ["Settings", "Robbery", "ASB calls incidents"]
    st = wb["Settings"]
    col_a = [st.cell(r, 1).value for r in range(1, st.max_row + 1)]
    for label in [
        "Setting",
        "Partnership",
        "Reporting month",
        "RAG tolerance",
        "Static band",
        "Denominator",
    ]:
        assert label in col_a
    head = col_a.index("Sheet") + 1
    assert [st.cell(head, c).value for c in range(1, 11)][:4] == [
        "Sheet",
        "Polarity",
        "Target",
        "Denominator",
    ]
    assert st.cell(head + 1, 1).value == "Robbery"
    ws = wb["Robbery"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    header = cells["Apr-16"].row
    months = [ws.cell(header, cells["Apr-16"].column + i).value for i in range(12)]
    assert months[0] == "Apr-16" and months[-1] == "Mar-17"
    labels = [ws.cell(header + i, 1).value for i in range(1, 7)]
    assert labels == [label for label, _ in grid_rows(2016)]
    assert labels[1] == "Actual 2015 - 2016"
    for text in [
        "Definition",
        "What good looks like",
        "2016/17 Target:",
        "Performance Overview",
        "RAG Rating:",
    ]:
        assert text in cells


def test_blank_template_is_read_by_the_reader(tmp_path: Path) -> None:
    from csp_excel.reader.workbook import read_return

    out = tmp_path / "blank.xlsx"
    write_blank_template(out, 2016, ["Robbery"])
    ret = read_return(out)
    assert [i.sheet for i in ret.indicators] == ["Robbery"]
    grid = ret.indicators[0].grid
    assert grid is not None and grid.fy == 2016 and grid.frequency == "monthly"
    kinds = [r.kind for r in grid.rows]
    assert kinds == ["actual", "actual_last_year", "ytd", "pct_change", "r12", "rate"]
    assert not [f for f in ret.findings if f.severity == "error"]


# ---------------------------------------------------------------------------- entry point


@pytest.fixture()
def return_path(tmp_path: Path) -> Path:
    from test_placement import build_return

    path = tmp_path / "return.xlsx"
    build_return(path)
    return path


def test_read_book_reads_like_read_return(return_path: Path) -> None:
    from csp_excel.excel import read_book
    from csp_excel.reader.workbook import read_return

    a, b = read_return(return_path), read_book(Book.from_xlsx(return_path))
    assert a.indicators and a.indicators == b.indicators
    assert a.settings == b.settings
    assert a.findings == b.findings
    assert a.other_sheets == b.other_sheets


def test_validate_book_writes_and_rewrites_data_quality(return_path: Path) -> None:
    from csp_excel.excel import DATA_QUALITY, validate_book

    book = Book.from_xlsx(return_path)
    before = {s.name: dict(s.cells) for s in book.sheets}
    message = validate_book(book)
    assert "4 indicator sheet(s)" in message and DATA_QUALITY in message
    dq = book.sheets[DATA_QUALITY]
    # the same columns as the filled workbook's Data quality sheet (writers/quality.py)
    assert [dq.cells[(1, c)] for c in range(1, 9)] == [
        "Severity",
        "Code",
        "Sheet",
        "Cell",
        "Message",
        "Expected",
        "Found",
        "Go to",
    ]
    rows = dq.used_range.last_cell.row
    assert rows >= 2 and dq.cells[(2, 2)]
    links = [dq.cells[(r, 8)] for r in range(2, rows + 1) if (r, 8) in dq.formulas]
    assert any(link.startswith("=HYPERLINK(\"#'") for link in links)
    dq.put(rows + 5, 1, "stale")
    validate_book(book)
    assert len(book.sheets) == len(before) + 1  # cleared and reused, not added twice
    assert (rows + 5, 1) not in book.sheets[DATA_QUALITY].cells
    assert {s.name: dict(s.cells) for s in book.sheets if s.name != DATA_QUALITY} == before


def test_findings_text_never_becomes_a_formula() -> None:
    from csp_excel.core.model import Finding
    from csp_excel.excel import write_findings

    book = Book()
    sheet = book.sheets.add("Data quality")
    bad = Finding("NOT_A_NUMBER", "warning", "S", "C5", "Not a number", None, "=2+2")
    write_findings(sheet, [bad])
    assert sheet.cells[(2, 7)] == "=2+2" and (2, 7) not in sheet.formulas
    assert (2, 8) in sheet.formulas  # only our link is a formula


def test_fill_book_on_a_workbook_without_indicators() -> None:
    from csp_excel.excel import fill_book

    book = Book()
    book.sheets.add("Notes").put(1, 1, "hello")
    assert "no indicator sheets" in fill_book(book)
    assert book.values() == {"Notes": {(1, 1): "hello"}}


class _Caller:
    """Stands in for xw.Book.caller() while main()/validate() run."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def __call__(self) -> Any:
        return self.book


def test_main_shows_errors_as_a_message_not_a_traceback(monkeypatch, capsys, xlwings) -> None:
    import csp_excel.excel as excel

    book = Book()
    monkeypatch.setattr(xlwings.Book, "caller", _Caller(book), raising=False)

    def broken(_book: Any) -> str:
        raise KeyError("Robbery")

    monkeypatch.setattr(excel, "fill_book", broken)
    excel.main()
    assert len(book.app.alerts) == 1
    alert = book.app.alerts[0]
    assert "could not finish" in alert and "send the workbook" in alert
    assert "KeyError" not in alert and "Robbery" not in alert and "Traceback" not in alert
    err = capsys.readouterr().err  # the detail goes to xlwings' console only
    assert "Traceback" in err and "KeyError: 'Robbery'" in err
    assert book.values() == {}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_data_quality_text_never_becomes_a_formula(text: str) -> None:
    from csp_excel.core.model import Finding
    from csp_excel.writers.quality import quality_table

    finding = Finding("NOT_A_NUMBER", "warning", None, None, text, 3.5, text)
    [_, row] = quality_table([finding])
    assert row[4] == "'" + text and row[6] == "'" + text
    assert row[1] == "NOT_A_NUMBER" and row[5] == 3.5 and row[2] is None and row[7] is None


@pytest.mark.parametrize(
    ("name", "used", "expected"),
    [
        ("Robbery", set(), "Robbery"),
        ("Start", set(), "Start (return)"),
        ("History", set(), "History_"),  # a name Excel reserves
        ("Robbery", {"robbery"}, "Robbery (2)"),
        ("A" * 40, set(), "A" * 31),
    ],
)
def test_copied_sheet_names_are_valid_and_unique(name: str, used: set[str], expected: str) -> None:
    taken = set(button.RESERVED) | used
    assert button._unique_name(name, taken) == expected
    assert expected.lower() in taken


def test_copied_values_never_crash_or_become_formulas(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "v.xlsx"
    wb = xlsxwriter.Workbook(str(path), button.XLSX_OPTIONS)
    ws = wb.add_worksheet("S")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    values = ["=1+1", float("nan"), 12, dt.date(2016, 4, 1), None, "", True, "x" * 40_000]
    for c, v in enumerate(values):
        button._write_value(ws, 0, c, v, date_fmt)
    wb.close()
    row = [c.value for c in load_workbook(path)["S"][1]]
    assert row[0] == "=1+1" and row[1] == "nan" and row[2] == 12
    assert row[3] == dt.datetime(2016, 4, 1) and row[4:6] == [None, None] and row[6] is True
    assert len(row[7]) == 32767


def test_validate_entry_point_alerts_the_summary(
    monkeypatch, return_path: Path, xlwings: Any
) -> None:
    import csp_excel.excel as excel

    book = Book.from_xlsx(return_path)
    monkeypatch.setattr(xlwings.Book, "caller", _Caller(book), raising=False)
    excel.validate()
    assert book.app.alerts and book.app.alerts[0].startswith("Checked 4 indicator sheet(s)")


def test_excel_module_imports_without_xlwings_or_openpyxl() -> None:
    import subprocess

    code = "import sys, csp_excel.excel; print('xlwings' in sys.modules, 'openpyxl' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_button_module_documents_its_macro_names() -> None:
    assert (
        "Sub FillWorkbook()" in button.VBA_MODULE and "Sub ValidateWorkbook()" in button.VBA_MODULE
    )
