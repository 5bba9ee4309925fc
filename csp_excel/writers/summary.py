"""summary.xlsx for a bulk run: every file's status and every finding, for the analyst's triage.

Sheet "Files" has one row per input file with a traffic-light status and a relative link to its
filled workbook (so the folder can be moved or shared); sheet "Findings" lists every finding with
its location. Text from the returns is always written as text, never as a formula. The making of
report workbooks is report_book's; recognising our own outputs is own_reports'.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook

from ..results import FileResult
from .atomic import atomic_path
from .number_formats import FMT_RATE
from .own_reports import REPORT_PROPERTY, is_own_report, own_output_kind
from .palette import LINK_BLUE, SEVERITY_STATUS_FILLS, STATUS_FILLS
from .report_book import header_row, new_workbook, print_setup, write_text

# re-exported: callers ask summary whether a file is one of our reports
__all__ = ["REPORT_PROPERTY", "is_own_report", "own_output_kind", "write_summary"]

# Status colours (palette.STATUS_FILLS) are Excel's own Good / Neutral / Bad cell styles: readable
# in print and for colour-blind readers because the status word is always there too. A finding
# is coloured as the status it gives its file (palette.SEVERITY_STATUS_FILLS).
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
    secs = wb.add_format({"num_format": FMT_RATE})
    link = wb.add_format({"font_color": LINK_BLUE, "underline": 1})
    for r, item in enumerate(items, start=1):
        write_text(ws, r, 0, _label(item))
        write_text(ws, r, 1, getattr(item, "partnership", None))
        write_text(ws, r, 2, getattr(item, "reporting_month", None))
        write_text(ws, r, 3, item.status, status_fmt.get(item.status))
        ws.write_number(r, 4, item.errors)
        ws.write_number(r, 5, item.warnings)
        ws.write_number(r, 6, _indicator_count(item))
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


def _indicator_count(item: FileResult) -> int:
    """How many indicators the file has (a bulk item counts them without loading them)."""
    count = getattr(item, "indicator_count", None)
    return count if isinstance(count, int) else len(getattr(item, "indicators", []) or [])


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
        wb = new_workbook(tmp, stream=True)  # rows in order: memory flat with findings
        _files_sheet(wb, items, out.resolve().parent)
        _findings_sheet(wb, items)
        wb.close()
