"""summary.xlsx for a bulk run: every file's status and every finding, for the analyst's triage.

Sheet "Files" has one row per input file with a traffic-light status and a relative link to its
filled workbook (so the folder can be moved or shared); sheet "Findings" lists every finding with
its location. Text from the returns is always written as text, never as a formula.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..results import FileResult
from .atomic import atomic_path
from .palette import LINK_BLUE, NAVY, SEVERITY_STATUS_FILLS, STATUS_FILLS, WHITE

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no temp folder per workbook: faster, and nothing left behind on a crash
}
MAX_TEXT = 32767
# Status colours (palette.STATUS_FILLS) are Excel's own Good / Neutral / Bad cell styles: readable
# in print and for colour-blind readers because the status word is always there too. A finding
# is coloured as the status it gives its file (palette.SEVERITY_STATUS_FILLS).
HEADER = {"bold": True, "font_color": WHITE, "bg_color": NAVY, "text_wrap": True,
          "valign": "top", "border": 1}  # fmt: skip

FILE_COLUMNS = [
    ("File", 40),
    ("Partnership", 24),
    ("Reporting month", 16),
    ("Status", 10),
    ("Errors", 8),
    ("Warnings", 9),
    ("Indicators", 10),
    ("Seconds", 9),
    ("Output", 40),
]
FINDING_COLUMNS = [
    ("File", 34),
    ("Severity", 9),
    ("Code", 26),
    ("Sheet", 22),
    ("Cell", 7),
    ("Message", 70),
    ("Expected", 14),
    ("Found", 14),
]


REPORT_PROPERTY = "csp-excel report"  # custom document property marking our own reports
_MAX_PROPS_BYTES = 1 << 16


def new_workbook(path: Path, kind: str = "summary") -> Workbook:
    """An xlsxwriter workbook that never turns input text into formulas, links or numbers,
    marked as a csp-excel report (`is_own_report`) so a later run never takes it for a return."""
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_custom_property(REPORT_PROPERTY, kind)
    return wb


def is_own_report(path: Path) -> bool:
    """True for a summary/comparison workbook csp-excel wrote (never raises; reads two small zip
    members, and only from a regular file). Reports from before the marker are recognised by
    their sheets: exactly Files + Findings, or Overview with the comparison's heading."""
    import stat
    import zipfile

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with zipfile.ZipFile(path) as zf:
            if REPORT_PROPERTY.encode() in _head(zf, "docProps/custom.xml"):
                return True
            sheets = re.findall(rb'<sheet [^>]*name="([^"]*)"', _head(zf, "xl/workbook.xml"))
            if sheets == [b"Files", b"Findings"]:
                return True
            heading = b"Partnerships compared side by side"
            return sheets[:1] == [b"Overview"] and heading in _head(zf, "xl/sharedStrings.xml")
    except Exception:  # noqa: BLE001 - a damaged zip is simply not one of our reports
        return False


def own_output_kind(path: Path) -> str | None:
    """What csp-excel wrote this workbook as ("filled", "summary", "comparison"), from its
    custom document property; None for anything else (never raises, reads one small member)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            props = _head(zf, "docProps/custom.xml")
    except Exception:  # noqa: BLE001 - not a zip, or damaged: not one of ours
        return None
    m = re.search(
        re.escape(REPORT_PROPERTY.encode()) + rb'"[^>]*>\s*<vt:lpwstr>([^<]{1,40})<', props
    )
    return m.group(1).decode("utf-8", "replace") if m else None


def _head(zf: Any, member: str) -> bytes:
    """The first 64 KB of a zip member (b"" if absent): enough to recognise our own reports."""
    try:
        with zf.open(member) as fh:
            return bytes(fh.read(_MAX_PROPS_BYTES))
    except KeyError:
        return b""


def write_text(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Numbers as numbers, everything else as text (so '=cmd' stays text)."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):  # NaN / inf
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)
        return
    ws.write_string(row, col, str(value)[:MAX_TEXT], fmt)


def header_row(
    wb: Workbook, ws: Worksheet, columns: Sequence[tuple[str, float]], row: int = 0
) -> None:
    fmt = wb.add_format(HEADER)
    ws.set_row(row, 30)  # room for two-line wrapped headers
    for c, (title, width) in enumerate(columns):
        ws.write_string(row, c, title, fmt)
        ws.set_column(c, c, width)


def print_setup(ws: Worksheet, repeat_row: int = 0) -> None:
    """Landscape, A4, one page wide, header row repeated on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _label(item: FileResult) -> str:
    return getattr(item, "label", "") or Path(item.file).name


def _link_target(output: str, folder: Path) -> str:
    """The output path relative to the summary's folder (absolute if on another drive)."""
    try:
        return os.path.relpath(output, folder)
    except ValueError:
        return str(Path(output).resolve())


def _files_sheet(wb: Workbook, items: Sequence[FileResult], folder: Path) -> None:
    ws = wb.add_worksheet("Files")
    header_row(wb, ws, FILE_COLUMNS)
    status_fmt = {
        k: wb.add_format({"bg_color": bg, "font_color": fg, "bold": True})
        for k, (bg, fg) in STATUS_FILLS.items()
    }
    secs = wb.add_format({"num_format": "0.00"})
    link = wb.add_format({"font_color": LINK_BLUE, "underline": 1})
    for r, item in enumerate(items, start=1):
        write_text(ws, r, 0, _label(item))
        write_text(ws, r, 1, getattr(item, "partnership", None))
        write_text(ws, r, 2, getattr(item, "reporting_month", None))
        write_text(ws, r, 3, item.status, status_fmt.get(item.status))
        ws.write_number(r, 4, item.errors)
        ws.write_number(r, 5, item.warnings)
        ws.write_number(r, 6, len(getattr(item, "indicators", []) or []))
        ws.write_number(r, 7, round(item.seconds, 3), secs)
        if item.output:
            target = _link_target(item.output, folder)
            shown = Path(target).as_posix()
            ok = "#" not in target and ws.write_url(
                r, 8, "external:" + target, link, string=shown, tip="Open the filled workbook"
            ) == 0  # fmt: skip
            if not ok:
                write_text(ws, r, 8, target)
    last = max(1, len(items))
    ws.autofilter(0, 0, last, len(FILE_COLUMNS) - 1)
    ws.freeze_panes(1, 1)
    print_setup(ws)


def _findings_sheet(wb: Workbook, items: Sequence[FileResult]) -> None:
    ws = wb.add_worksheet("Findings")
    header_row(wb, ws, FINDING_COLUMNS)
    sev_fmt = {
        k: wb.add_format({"bg_color": bg, "font_color": fg})
        for k, (bg, fg) in SEVERITY_STATUS_FILLS.items()
    }
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    r = 0
    for item in items:
        label = _label(item)
        for f in item.findings:
            r += 1
            write_text(ws, r, 0, label)
            write_text(ws, r, 1, f.severity, sev_fmt.get(f.severity))
            write_text(ws, r, 2, f.code)
            write_text(ws, r, 3, f.sheet)
            write_text(ws, r, 4, f.cell)
            write_text(ws, r, 5, f.message, wrap)
            write_text(ws, r, 6, _plain(f.expected))
            write_text(ws, r, 7, _plain(f.found))
    if r == 0:
        ws.write_string(1, 0, "No findings: every file was read without problems.")
    ws.autofilter(0, 0, max(1, r), len(FINDING_COLUMNS) - 1)
    ws.freeze_panes(1, 0)
    print_setup(ws)


def _plain(v: Any) -> Any:
    if v is None or isinstance(v, (int, float, str)) and not isinstance(v, bool):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def write_summary(items: Iterable[FileResult], out: Path, force: bool = False) -> None:
    """Write summary.xlsx (sheets Files and Findings) through a temp file.

    Raises OutputExists if `out` exists and `force` is false.
    """
    items = list(items)
    out = Path(out)
    with atomic_path(out, force) as tmp:
        wb = new_workbook(tmp)
        _files_sheet(wb, items, out.resolve().parent)
        _findings_sheet(wb, items)
        wb.close()
