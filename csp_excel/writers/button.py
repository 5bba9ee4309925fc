"""The macro-enabled workbook with the Fill and Validate buttons (run through xlwings).

How the VBA is made, and why this way:
- the VBA project is taken from the INSTALLED xlwings package's `quickstart_standalone.xlsm`: its
  `xlwings` module hard-codes the xlwings version, and a VBA/Python version mismatch is the most
  common button failure, so the workbook is built from whatever xlwings this Python has. The
  standalone template carries the xlwings VBA itself, so users need no xlwings add-in;
- its `Module1` text is replaced with ours (`VBA_MODULE`) by pyOpenVBA (optional dependency
  `pyOpenVBA`), which rewrites one module and leaves the others intact; the resulting
  vbaProject.bin is cached in the temp folder per xlwings version and module text;
- XlsxWriter writes the workbook: `add_vba_project`, code names matching the VBA document modules
  (`ThisWorkbook`, `Sheet1` = Start, `Sheet2` = xlwings.conf; any further sheets get `Sheet3`... and
  Excel adds their empty document modules when it opens the file), and two form buttons whose
  macros are `FillWorkbook` and `ValidateWorkbook`.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ..errors import CspExcelError, UsageError
from .atomic import atomic_path
from .number_formats import FMT_DATE
from .palette import DEEP_BLUE, GREY_TEXT
from .xl_formats import sanitise_sheet_names, write_value

VBA_MODULE = """Attribute VB_Name = "Module1"
Option Explicit

' csp-excel buttons. Each runs the Python package csp-excel through xlwings on this workbook.
' Python and csp-excel must be installed; the interpreter is set on the xlwings.conf sheet.

Sub FillWorkbook()
    RunPython "import csp_excel.excel; csp_excel.excel.main()"
End Sub

Sub ValidateWorkbook()
    RunPython "import csp_excel.excel; csp_excel.excel.validate()"
End Sub
"""

XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no xlsxwriter temp files in /tmp to leak if the process is killed
}
START = "Start"
CONF = "xlwings.conf"
RESERVED = {START.lower(), CONF.lower(), "_xlwings.conf"}

# column A keys the xlwings VBA reads from the xlwings.conf sheet (A1 down to the first blank)
CONF_KEYS = [
    (
        "Interpreter_Win",
        r"Full path to pythonw.exe, e.g. C:\Users\you\AppData\Local\Programs\Python\Python311\pythonw.exe",
    ),
    (
        "Interpreter_Mac",
        "Full path to python, e.g. /Library/Frameworks/Python.framework/Versions/3.11/bin/python3",
    ),
    ("Conda Path", r"Only if you use Anaconda: its folder, e.g. C:\Users\you\anaconda3"),
    ("Conda Env", "Only if you use Anaconda: the environment name, e.g. base"),
    ("PYTHONPATH", "Leave blank unless told otherwise"),
]
CONF_NOTE = [
    "How to use this sheet",
    "Column B is read by the buttons. A value here wins over any xlwings.conf file on your computer.",
    "A blank Interpreter means: run the 'python' found on your PATH (a user-level xlwings.conf "
    "Interpreter is then NOT used).",
    "If the buttons say Python or csp_excel cannot be found, type the full path of the Python that "
    "has csp-excel installed into B1 (Windows) or B2 (Mac).",
    "Do not put anything else in column A above this note, and keep this sheet's name.",
]
START_TEXT = [
    "csp-excel: fill and check a Community Safety Partnership return",
    "",
    "1. Copy your return's sheets into this workbook, or make a button copy of your own return "
    "with the csp-excel command line (see the README, 'The Excel button').",
    "2. Press Fill: the year to date, % change, rolling 12 months, rate per 1,000, RAG and "
    "direction of travel are worked out and written into your own sheets.",
    "   Rows your grid lacks are added under it; nothing else in your sheets is changed.",
    "3. Press Validate: every problem found is listed on a 'Data quality' sheet, with a link to "
    "the cell.",
    "",
    "The buttons need Python with csp-excel installed on this computer. If a button says it cannot "
    "find Python, set the interpreter on the 'xlwings.conf' sheet.",
    "Save this workbook as .xlsm (macro-enabled) to keep the buttons.",
]


def _xlwings_template() -> tuple[Path, str]:
    try:
        import xlwings
    except ImportError as e:  # pragma: no cover - xlwings is a dependency
        raise CspExcelError("The button workbook needs the xlwings package.") from e
    path = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    if not path.exists():
        raise CspExcelError(f"xlwings {xlwings.__version__} has no quickstart_standalone.xlsm")
    return path, str(xlwings.__version__)


def _cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "csp_excel_vba"


def vba_project_bin(cache_dir: Path | None = None) -> bytes:
    """The vbaProject.bin for the button workbook: installed xlwings' VBA with our Module1."""
    template, version = _xlwings_template()
    key = hashlib.sha256(template.read_bytes() + VBA_MODULE.encode()).hexdigest()[:16]
    folder = cache_dir or _cache_dir()
    cached = folder / f"vbaProject-xlwings{version}-{key}.bin"
    if cached.exists():
        return cached.read_bytes()
    try:
        from pyopenvba import ExcelFile
    except ImportError as e:
        raise CspExcelError(
            "Making the button workbook needs the optional package pyOpenVBA: "
            "pip install pyOpenVBA (or pip install 'csp-excel[button]')."
        ) from e
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        copy = Path(work) / "template.xlsm"
        shutil.copyfile(template, copy)
        rebuilt = Path(work) / "rebuilt.xlsm"
        with ExcelFile(copy) as wb:
            wb.set_module("Module1", VBA_MODULE)
            wb.save(rebuilt)
        with zipfile.ZipFile(rebuilt) as z:
            data = z.read("xl/vbaProject.bin")
        tmp = Path(work) / "vbaProject.bin"
        tmp.write_bytes(data)
        os.replace(tmp, cached)  # atomic: another process may be building the same file
    return data


def _unique_name(name: str, used: set[str]) -> str:
    """A source sheet's name in the button workbook: a name the workbook needs itself ("Start")
    becomes "Start (return)"; then made valid and unique as every other writer does."""
    base = name if name.lower() not in RESERVED else f"{name[:21]} (return)"
    candidate = sanitise_sheet_names([base], sorted(used))[base]
    used.add(candidate.lower())
    return candidate


def _write_value(ws: Any, r: int, c: int, v: Any, date_fmt: Any) -> None:
    """A copied value: text always as text (never a formula), dates with a date format."""
    write_value(ws, r, c, v, date_fmt if isinstance(v, (date, datetime)) else None)


def _start_sheet(wb: Any, version: str) -> None:
    ws = wb.add_worksheet(START)
    ws.set_vba_name("Sheet1")
    title = wb.add_format({"bold": True, "font_size": 14, "font_color": DEEP_BLUE})
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 110)
    for i, line in enumerate(START_TEXT):
        ws.write_string(i + 1, 1, line, title if i == 0 else None)
    row = len(START_TEXT) + 2
    ws.set_row(row, 40)
    ws.insert_button(
        row,
        1,
        {"macro": "FillWorkbook", "caption": "Fill", "width": 150, "height": 40, "x_offset": 2},
    )
    ws.insert_button(
        row,
        1,
        {
            "macro": "ValidateWorkbook",
            "caption": "Validate",
            "width": 150,
            "height": 40,
            "x_offset": 170,
        },
    )
    small = wb.add_format({"font_color": GREY_TEXT, "italic": True})
    ws.write_string(
        row + 2, 1, f"Built with xlwings {version}: Python needs the same xlwings version.", small
    )
    ws.activate()


def _conf_sheet(wb: Any, codename: str) -> None:
    ws = wb.add_worksheet(CONF)
    ws.set_vba_name(codename)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 90)
    grey = wb.add_format({"font_color": GREY_TEXT, "italic": True})
    for i, (key, note) in enumerate(CONF_KEYS):
        ws.write_string(i, 0, key)
        ws.write_string(i, 2, note, grey)
    bold = wb.add_format({"bold": True})
    start = len(CONF_KEYS) + 1  # one blank row: the VBA stops reading column A there
    for i, line in enumerate(CONF_NOTE):
        ws.write_string(start + i, 0, line, bold if i == 0 else None)


def build_button_workbook(out: Path, sheets: Sequence[Any] = (), force: bool = False) -> Path:
    """Write a macro-enabled .xlsm with Fill/Validate buttons. `sheets` (objects with `.name`
    and `.rows`, e.g. the reader's SheetData for a return) are copied in, values only, after the
    Start sheet so a user gets a button workbook for their own return."""
    out = Path(out)
    if out.suffix.lower() != ".xlsm":
        raise UsageError(f"{out.name}: a workbook with buttons must be saved as .xlsm")
    _, version = _xlwings_template()
    vba = vba_project_bin()
    with atomic_path(out, force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), XLSX_OPTIONS)
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)  # type: ignore[arg-type]
        wb.set_vba_name("ThisWorkbook")
        _start_sheet(wb, version)
        date_fmt = wb.add_format({"num_format": FMT_DATE})
        used = set(RESERVED)
        for n, sd in enumerate(sheets, start=3):
            ws = wb.add_worksheet(_unique_name(sd.name, used))
            ws.set_vba_name(f"Sheet{n}")
            for r, row in enumerate(sd.rows):
                for c, v in enumerate(row):
                    _write_value(ws, r, c, v, date_fmt)
        _conf_sheet(wb, "Sheet2")
        wb.close()
    return out
