"""The Settings sheet: partnership settings and denominators as named cells.

Indicator sheets refer to these cells (by defined name or address), so a user who edits a
population or the RAG tolerance here sees rates and RAG ratings recalculate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.model import Indicator, Return, Settings
from csp_excel.writers import palette
from csp_excel.writers.print_setup import board_page
from csp_excel.writers.xl_formats import (
    FMT_COUNT,
    FMT_DATE,
    Formats,
    cell0,
    clip_text,
    quote_sheet,
    write_value,
)

from .number_formats import FMT_MONTH, FMT_PCT, FMT_PCT_WHOLE

SETTINGS_SHEET = "Settings"

IND_COLUMNS = [
    "Sheet",
    "Polarity",
    "Target",
    "Denominator",
    "Per",
    "Tolerance",
    "Profile",
    "Kind",
    "Numerator row",
    "Denominator row",
    "SPC baseline",
    "SPC rebase from",
    "SPC rebase reason",
]
PER, TOLERANCE = IND_COLUMNS.index("Per"), IND_COLUMNS.index("Tolerance")
EDITABLE_COLUMNS = {
    PER: FMT_COUNT,
    TOLERANCE: FMT_PCT_WHOLE,
}  # column -> number format of a figure users change


@dataclass
class SettingsRefs:
    """Where things live on the Settings sheet, for formulas elsewhere."""

    sheet: str = SETTINGS_SHEET
    denominators: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # lower name -> (from, value) names
    per: dict[str, str] = field(
        default_factory=dict
    )  # indicator sheet -> absolute ref of its Per cell
    tolerance: dict[str, str] = field(
        default_factory=dict
    )  # indicator sheet -> ref of override cell
    tolerance_value: dict[str, float | None] = field(default_factory=dict)


def _name_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "X"


def write_settings(
    wb: Workbook, ws: Worksheet, fm: Formats, ret: Return, out_names: dict[str, str]
) -> SettingsRefs:
    """Fill the Settings sheet and define its names; `out_names` maps input sheet -> output sheet."""
    s = ret.settings
    refs = SettingsRefs(sheet=ws.get_name())
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 34)
    ws.set_column(3, 9, 14)
    ws.write_string(0, 0, "Settings", fm.title())
    ws.write_string(
        1,
        0,
        "Change the values in the green cells: rates, targets and RAG ratings recalculate when you do.",
        fm.get(italic=True),
    )
    r = _partnership_settings(wb, ws, fm, s, refs)
    r = _denominators(wb, ws, fm, s, refs, r)
    r = _indicator_table(ws, fm, ret, out_names, refs, r)
    ws.write_string(
        r,
        0,
        "Tolerance: a blank cell means the partnership's RAG tolerance above applies.",
        fm.get(italic=True),
    )
    board_page(ws, None, tall=0)
    return refs


def _edit() -> dict[str, object]:
    """The format of the green cells a user may change."""
    return {"bg_color": palette.EDITABLE, "border": 1, "border_color": palette.LINE_GREY}


def _partnership_settings(
    wb: Workbook, ws: Worksheet, fm: Formats, s: Settings, refs: SettingsRefs
) -> int:
    """The partnership's own settings, each a named cell; returns the next free row."""
    q = quote_sheet(refs.sheet)
    hdr, lab, edit = fm.header(), fm.label(), _edit()
    ws.write_string(3, 0, "Setting", hdr)
    ws.write_string(3, 1, "Value", hdr)
    rows = [
        ("Partnership", "Partnership", s.partnership, fm.get(**edit)),
        ("Reporting month", "Reporting_Month", s.reporting_month, fm.num(FMT_MONTH, **edit)),
        ("RAG tolerance", "RAG_Tolerance", s.rag_tolerance, fm.num(FMT_PCT_WHOLE, **edit)),
        ("Static band", "Static_Band", s.static_band, fm.num(FMT_PCT, **edit)),
        # issue #14: the earlier returns used and when a revision is a warning, read back alike
        ("History folder", "History_Folder", s.history_folder, fm.get(**edit)),
        (
            "Revision threshold",
            "Revision_Threshold",
            s.revision_threshold,
            fm.num(FMT_PCT, **edit),
        ),  # fmt: skip
    ]
    r = 4
    for label, name, value, fmt in rows:
        ws.write_string(r, 0, label, lab)
        write_value(ws, r, 1, value, fmt)
        wb.define_name(name, f"={q}!{cell0(r, 1, True, True)}")
        r += 1
    ws.write_string(r, 0, "Settings read from", lab)
    ws.write_string(r, 1, clip_text(s.source), fm.text())
    return r + 2


def _denominators(
    wb: Workbook, ws: Worksheet, fm: Formats, s: Settings, refs: SettingsRefs, r: int
) -> int:
    """Each denominator's values by date, named as two ranges for LOOKUP; returns the next row."""
    q, hdr, edit = quote_sheet(refs.sheet), fm.header(), _edit()
    ws.write_string(r, 0, "Denominator", hdr)
    ws.write_string(r, 1, "Value", hdr)
    ws.write_string(r, 2, "Effective from", hdr)
    r += 1
    used: set[str] = set()
    for key in sorted(s.denominators):
        dens = s.denominator(key)
        if not dens:
            continue
        first = r
        for d in dens:
            ws.write_string(r, 0, clip_text(d.name), fm.text())
            ws.write_number(r, 1, d.value, fm.num(FMT_COUNT, **edit))
            write_value(ws, r, 2, d.effective_from, fm.num(FMT_DATE, **edit))
            r += 1
        base = "Den_" + _name_part(dens[0].name)
        stem, k = base, 2
        while stem.lower() in used:
            stem, k = f"{base}_{k}", k + 1
        used.add(stem.lower())
        for suffix, c in (("_Value", 1), ("_From", 2)):
            wb.define_name(
                stem + suffix, f"={q}!{cell0(first, c, True, True)}:{cell0(r - 1, c, True, True)}"
            )
        refs.denominators[key] = (stem + "_From", stem + "_Value")
    if not s.denominators:
        ws.write_string(r, 0, "(none given: rates are not calculated)", fm.get(italic=True))
        r += 1
    return r + 1


def spc_values(ind: Indicator) -> list[Any]:
    """The SPC columns as read: the baseline (a number), the rebase month and its reason."""
    baseline = float(ind.spc_baseline) if ind.spc_baseline is not None else None
    if not ind.spc_rebase:
        return [baseline, None, None]
    code, reason = ind.spc_rebase[0]
    return [baseline, periods.name_from_code(code), reason or None]


def _indicator_table(
    ws: Worksheet,
    fm: Formats,
    ret: Return,
    out_names: dict[str, str],
    refs: SettingsRefs,
    r: int,
) -> int:
    """One row per indicator; its Per and Tolerance cells are the ones indicator sheets use."""
    q, s, edit = quote_sheet(refs.sheet), ret.settings, _edit()
    for c, name in enumerate(IND_COLUMNS):
        ws.write_string(r, c, name, fm.header())
    r += 1
    plain = fm.get(border=1, border_color=palette.LINE_GREY)
    for ind in ret.indicators:
        out = out_names.get(ind.sheet, ind.sheet)
        ov = s.indicators.get(ind.sheet.lower())
        values = [
            ind.sheet,
            ind.polarity,
            ind.target.text,
            ind.denominator_name,
            ind.per,
            ind.tolerance,
            ind.profile,
            ind.kind,
            ind.numerator_label or (ov.numerator_row if ov else None),
            ind.denominator_label or (ov.denominator_row if ov else None),
            *spc_values(ind),
        ]
        for c, v in enumerate(values):
            if c in EDITABLE_COLUMNS:
                write_value(ws, r, c, v, fm.num(EDITABLE_COLUMNS[c], **edit))
            elif isinstance(v, str) or v is None:
                write_value(ws, r, c, None if v is None else clip_text(v), plain)
            else:
                write_value(ws, r, c, v, fm.num(FMT_COUNT, **edit))
        refs.per[out] = f"{q}!{cell0(r, PER, True, True)}"
        refs.tolerance[out] = f"{q}!{cell0(r, TOLERANCE, True, True)}"
        refs.tolerance_value[out] = ind.tolerance
        r += 1
    return r + 1
