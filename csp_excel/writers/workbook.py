"""The filled output workbook (SPEC section 7): Dashboard, one sheet per indicator, Data quality,
Settings. Written with xlsxwriter through a temp file, so a failure never leaves a partial file.

Callers decide whether an existing output may be replaced (`atomic_path(out, force)` raises
OutputExists); this function always writes atomically and replaces what is at `out`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xlsxwriter import Workbook

from csp_excel.core.model import Finding, Return
from csp_excel.core.result import IndicatorResult, by_key
from csp_excel.writers.atomic import atomic_path
from csp_excel.writers.dashboard import write_dashboard
from csp_excel.writers.indicator import SheetInfo, write_indicator_sheet
from csp_excel.writers.quality import write_quality
from csp_excel.writers.settings_sheet import write_settings
from csp_excel.writers.summary import REPORT_PROPERTY
from csp_excel.writers.xl_formats import (
    WORKBOOK_OPTIONS,
    FastFormulaWorksheet,
    Formats,
    sanitise_sheet_names,
)

DASHBOARD, QUALITY, SETTINGS = "Dashboard", "Data quality", "Settings"


def write_filled(
    ret: Return,
    results: Sequence[IndicatorResult],
    findings: Sequence[Finding],
    out: Path,
    force: bool = True,
) -> None:
    """Write the output workbook for one return to `out` through a temp file.

    Raises OutputExists if `out` exists and `force` is false (the CLI passes --force)."""
    with atomic_path(Path(out), force=force) as tmp:
        build_workbook(ret, results, findings, tmp)


def build_workbook(
    ret: Return,
    results: Sequence[IndicatorResult],
    findings: Sequence[Finding],
    path: Path,
) -> list[SheetInfo]:
    """Write straight to `path`; returns what was written per indicator sheet (for tests).

    `findings` are all of the return's, merged once by analysis (the Data quality sheet)."""
    joined = by_key(results)  # key: the sheet, plus the block when it has several
    names = sanitise_sheet_names([i.key for i in ret.indicators], [DASHBOARD, QUALITY, SETTINGS])
    for ind in ret.indicators:  # findings name the input sheet: its first block's output sheet
        names.setdefault(ind.sheet, names[ind.key])
    wb = Workbook(str(path), WORKBOOK_OPTIONS)
    wb.worksheet_class = FastFormulaWorksheet
    try:
        title = "Community Safety Partnership performance"
        wb.set_properties(
            {
                "title": title,
                "company": ret.settings.partnership or "",
                "comments": "Written by csp-excel",
            }
        )
        wb.set_custom_property(
            REPORT_PROPERTY, "filled"
        )  # so a later run never reads it as a return
        fm = Formats(wb)
        ws_dash = wb.add_worksheet(DASHBOARD)
        sheets = [wb.add_worksheet(names[ind.key]) for ind in ret.indicators]
        ws_quality = wb.add_worksheet(QUALITY)
        ws_settings = wb.add_worksheet(SETTINGS)
        srefs = write_settings(wb, ws_settings, fm, ret, names)
        infos = [
            write_indicator_sheet(wb, ws, fm, ind, joined.get(ind.key), ret.settings, srefs)
            for ind, ws in zip(ret.indicators, sheets, strict=True)
        ]
        write_dashboard(ws_dash, fm, ret, infos)
        write_quality(
            ws_quality, fm, list(findings), names, {i.name: i for i in infos}, ret.readings
        )
        ws_dash.activate()
    finally:
        wb.close()
    return infos
