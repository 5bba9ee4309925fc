"""comparison.xlsx: the partnerships of a bulk run side by side, one sheet per indicator.

Indicators are matched across files (comparison_match), each group gets its sheet ranked by rate
(comparison_sheet), a funnel plot where it has a rate or YTD % (comparison_funnel, after the
Overview), and an Overview sheet lists every indicator, its coverage and who is outside the funnel.
The workbook streams (rows written top to bottom) and holds one indicator's records at a time, so
a bulk run's memory does not grow with the folder (issue #13).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..results import FileResult
from .atomic import atomic_path
from .comparison_funnel import FUNNEL_SHEET, FunnelSheet
from .comparison_funnel_plan import FunnelPlan, outside_text, plan_funnel
from .comparison_match import (
    Entry,
    GroupRef,
    group_indicators,
    group_refs,
    load_group,
    record_of,
)
from .comparison_match import norm as norm  # noqa: F401 - re-exported
from .comparison_sheet import FIRST_DATA_ROW, ComparisonFormats, row_labels, write_indicator_sheet
from .comparison_sheet import rank_values as rank_values  # noqa: F401 - re-exported
from .report_book import header_row, new_workbook, print_setup, write_text

__all__ = ["group_indicators", "norm", "rank_values", "write_comparison"]

RESERVED = {"overview", "history", FUNNEL_SHEET.lower()}


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", wanted).strip().strip("'").strip() or "Indicator"
    base = base[:31]
    name, n = base, 2
    while name.lower() in taken or name.lower() in RESERVED:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _overview(
    wb: Workbook,
    fm: ComparisonFormats,
    ws: Worksheet,
    infos: list[dict[str, Any]],
    n_files: int,
    left_out: Sequence[str],
) -> None:
    cols = [("Indicator", 46), ("Partnerships", 12), ("Green", 8), ("Amber", 8), ("Red", 8),
            ("No rating", 10), ("Compared by", 20), ("Sheet", 26),
            ("Funnel plot: partnerships outside the limits", 60)]  # fmt: skip
    ws.write_string(0, 0, "Partnerships compared side by side", fm.title)
    ws.write_string(
        1,
        0,
        f"{n_files} returns; {len(infos)} indicators. Click a sheet name to see the ranking."
        + (f" Not compared: {'; '.join(left_out)}." if left_out else ""),
        fm.note,
    )
    header_row(wb, ws, cols, row=FIRST_DATA_ROW - 1)
    for i, info in enumerate(infos):
        r = FIRST_DATA_ROW + i
        write_text(ws, r, 0, info["title"])
        ws.write_number(r, 1, info["n"])
        for c, k in enumerate(("G", "A", "R", "None"), start=2):
            ws.write_number(r, c, info[k], fm.rag[k] if info[k] and k != "None" else None)
        write_text(ws, r, 6, info["metric"])
        quoted = "'" + info["sheet"].replace("'", "''") + "'"
        ws.write_url(r, 7, f"internal:{quoted}!A1", fm.link, string=info["sheet"])
        write_text(ws, r, 8, info.get("funnel"))
    if not infos:
        ws.write_string(FIRST_DATA_ROW, 0, "No indicators could be read from these returns.")
    ws.autofilter(FIRST_DATA_ROW - 1, 0, FIRST_DATA_ROW + max(0, len(infos) - 1), len(cols) - 1)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    print_setup(ws, FIRST_DATA_ROW - 1)


def write_comparison(
    items: Iterable[FileResult], out: Path, force: bool = False, left_out: Sequence[str] = ()
) -> None:
    """Write comparison.xlsx through a temp file. Raises OutputExists if it exists without force.
    `left_out`: a sentence for each return not compared (a second one of a partnership's month)."""
    items = list(items)
    groups = group_refs(items)
    with atomic_path(Path(out), force) as tmp:
        wb = new_workbook(tmp, "comparison", stream=True)  # rows top to bottom: flat memory
        fm = ComparisonFormats(wb)
        overview = wb.add_worksheet("Overview")
        names = _sheet_names(items, groups)
        outside = _funnels(wb, items, groups, names)  # the funnel sheet comes before the others
        infos = []
        for name, ref, text in zip(names, groups, outside, strict=True):
            info = write_indicator_sheet(wb, fm, name, load_group(items, ref))
            infos.append({**info, "funnel": text})
        _overview(wb, fm, overview, infos, len(items), left_out)
        wb.close()


def _sheet_names(items: Sequence[FileResult], groups: Sequence[GroupRef]) -> list[str]:
    """Each group's sheet name, from its first record's key, sheet or title."""
    taken: set[str] = set()
    names = []
    for ref in groups:
        first = record_of(items[ref.files[0]], ref.records[0])
        wanted = first.get("match") or first.get("sheet") or first.get("title")
        names.append(_sheet_name(str(wanted or "Indicator"), taken))
    return names


def _funnels(
    wb: Workbook, items: Sequence[FileResult], groups: Sequence[GroupRef], names: Sequence[str]
) -> list[str]:
    """The funnel sheet (made at the first funnel), one group at a time; each group's Overview
    line."""
    sheet: FunnelSheet | None = None
    lines = []
    for name, ref in zip(names, groups, strict=True):
        plan = _plan(name, load_group(items, ref))
        if plan.funnel is not None:
            sheet = sheet or FunnelSheet(wb, wb.add_worksheet(FUNNEL_SHEET))
            sheet.add(plan)
        lines.append(outside_text(plan))
    if sheet is not None:
        sheet.finish()
    return lines


def _plan(name: str, entries: list[Entry]) -> FunnelPlan:
    rows = [e[1] for e in entries]
    title = rows[0].get("title") or rows[0].get("sheet") or name
    return plan_funnel(str(title), name, rows, row_labels(entries))
