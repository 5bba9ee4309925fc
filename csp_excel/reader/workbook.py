"""Read a whole return: safety checks, every sheet once, settings, then each indicator.

One bad sheet never stops the rest: an unexpected error while reading a sheet becomes a
SHEET_UNREADABLE error on that sheet and reading carries on.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from ..core.codes import finding
from ..core.model import Finding, Indicator, IndicatorOverride, Return, Settings
from ..core.periods import parse_month_label, parse_report_month
from ..core.reading import SheetReading
from ..errors import CspExcelError
from .settings import read_row_synonyms, read_settings
from .sheet_reading import read_sheet
from .sheets import SheetData, load_sheets
from .synonyms import norm_label

_log = logging.getLogger(__name__)


def _check_file(path: Path) -> list[Finding]:
    """Safety checks before any parser runs. An unencrypted legacy .xls passes (calamine reads
    BIFF) and comes back as a FILE_LEGACY_FORMAT warning; anything unsafe raises FileRefused."""
    from .safety import check_file, is_legacy_xls, legacy_message

    check_file(path, allow_legacy=True)
    if not is_legacy_xls(path):
        return []
    return [finding("FILE_LEGACY_FORMAT", None, None, legacy_message(path) + ".")]


_SHEET_KEYS = {
    "partnership": "Partnership",
    "reporting_month": "Reporting month",
    "rag_tolerance": "RAG tolerance",
    "static_band": "Static band",
    "history_folder": "History folder",
    "revision_threshold": "Revision threshold",
}


def merge_settings(sheet: Settings | None, fallback: Settings | None) -> Settings:
    """The return's own Settings sheet first; `fallback` (a config file) fills only what the
    sheet leaves unsaid, except what was typed on the command line (`fallback.given`): that wins."""
    if sheet is None and fallback is None:
        return Settings()
    if sheet is None:
        assert fallback is not None
        return dataclasses.replace(fallback)
    if fallback is None:
        return sheet
    out = dataclasses.replace(sheet)
    for name, label in _SHEET_KEYS.items():
        said = label in sheet.cells or (
            getattr(sheet, name) is not None and name in ("partnership", "reporting_month")
        )
        if not said or name in fallback.given:
            setattr(out, name, getattr(fallback, name))
    out.given = fallback.given
    if fallback.given:
        flags = ", ".join("--" + n.replace("rag_", "").replace("_", "-") for n in fallback.given)
        out.source = f"{sheet.source}; {flags} from the command line"
    out.denominators = {**fallback.denominators, **sheet.denominators}
    out.indicators = dict(fallback.indicators)
    for key, own in sheet.indicators.items():
        merged = dataclasses.replace(out.indicators.get(key) or IndicatorOverride())
        for f in dataclasses.fields(IndicatorOverride):
            v = getattr(own, f.name)
            if v is not None:
                setattr(merged, f.name, v)
        out.indicators[key] = merged
    out.cells = dict(sheet.cells)
    return out


def read_settings_file(path: str | Path) -> Settings:
    """Settings from a separate workbook's 'Settings' sheet (the --settings option).

    Raises FileRefused if the file is not a readable workbook, CspExcelError if it has no
    Settings sheet."""
    p = Path(path)
    _check_file(p)
    for sheet in load_sheets(p):
        if norm_label(sheet.name) == "settings":
            settings, found = read_settings(sheet)
            bad = [f for f in found if f.severity in ("error", "warning")]
            if bad:
                listed = "; ".join(f"{f.location}: {f.message}" for f in bad[:5])
                raise CspExcelError(f"{p.name} has settings that could not be understood: {listed}")
            settings.source = "config"
            settings.cells = {}  # its cells are in another workbook
            return settings
    raise CspExcelError(f"{p.name} has no sheet named 'Settings'.")


# 'Thursday 23 July 2015': the day a report was written (or a meeting), not the month it reports
_DATED = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b")


def _title_month(sheet: SheetData, rows: int = 12) -> date | None:
    """A 'December 2016' style month in the top rows of a sheet (not a row of month headers)."""
    for row in sheet.rows[:rows]:
        texts = [v for v in row if isinstance(v, str)]
        if sum(1 for v in texts if parse_month_label(v) is not None) >= 3:
            continue  # a header row of months names periods, not the reporting month
        for v in row:
            if isinstance(v, str) and 0 < len(v) <= 80 and not _DATED.search(v):
                m = parse_report_month(v)
                if m is not None:
                    return m
    return None


def infer_reporting_month(sheets: list[SheetData]) -> date | None:
    """The most common title month across sheets (ties: the latest)."""
    months = Counter(m for s in sheets if (m := _title_month(s)) is not None)
    if not months:
        return None
    best = max(months.values())
    return max(m for m, n in months.items() if n == best)


def read_return(path: str | Path, settings: Settings | None = None) -> Return:
    """Workbook -> Return with indicators and located findings. Raises FileRefused only for a
    file that cannot be read at all (see reader.safety)."""
    p = Path(path)
    legacy = _check_file(p)
    ret = read_sheets(load_sheets(p), settings, str(p))
    ret.findings = legacy + ret.findings
    return ret


def read_sheets(
    sheets: list[SheetData], settings: Settings | None = None, name: str | None = None
) -> Return:
    """Sheets already in memory -> Return. Shared by files and the Excel button (open workbook),
    so both read a return exactly the same way."""
    label = Path(name).name if name else "the workbook"
    settings_sheet = next((s for s in sheets if norm_label(s.name) == "settings"), None)
    merged, synonyms, findings = _settings_of(sheets, settings_sheet, settings)
    ret = Return(path=name, settings=merged)
    for sheet in sheets:
        findings += sheet.findings  # found while loading: long text, a missing part (sheets.py)
        inds, found, reading = _read_one(sheet, sheet is settings_sheet, merged, synonyms)
        ret.readings.append(reading)
        if not inds:
            ret.other_sheets.append(sheet.name)
        ret.indicators += inds
        findings += found
    findings += _unknown_override_sheets(ret, merged, settings_sheet)
    if not ret.indicators:
        findings.append(finding("NO_INDICATORS", None, None, _no_indicators(label, ret, findings)))
    ret.findings = findings
    return ret


def _settings_of(sheets: list[SheetData], settings_sheet: SheetData | None,
                 fallback: Settings | None) -> tuple[Settings, dict[str, str], list[Finding]]:  # fmt: skip
    """The return's settings (its Settings sheet over `fallback`), its row synonyms, and what
    its Settings sheet holds that could not be understood."""
    findings: list[Finding] = []
    own: Settings | None = None
    synonyms: dict[str, str] = {}
    if settings_sheet is not None:
        own, findings = read_settings(settings_sheet)
        synonyms = read_row_synonyms(settings_sheet)
    merged = merge_settings(own, fallback)
    merged.reporting_month_source = _month_source(own, fallback, merged)
    if merged.reporting_month is None:
        merged.reporting_month = infer_reporting_month(sheets)
        if merged.reporting_month is not None:
            merged.reporting_month_source = "the month named in the sheets' titles"
    return merged, synonyms, findings


def _read_one(sheet: SheetData, is_settings: bool, settings: Settings,
              synonyms: dict[str, str]) -> tuple[list[Indicator], list[Finding], SheetReading]:  # fmt: skip
    """One sheet in exactly one state: failed to load, the Settings sheet, read, or failed while
    being read (a located SHEET_UNREADABLE; the other sheets are still read)."""
    if sheet.failed is not None:
        return [], [], SheetReading(sheet.name, "failed", sheet.failed)
    if is_settings:
        return [], [], SheetReading(sheet.name, "skipped", "the Settings sheet")
    try:
        return read_sheet(sheet, settings, synonyms)
    except Exception as e:  # noqa: BLE001 - one bad sheet must not stop the rest
        reading = SheetReading(sheet.name, "failed", "an unexpected problem in the sheet")
        return [], [_sheet_failed(sheet.name, e)], reading


def _no_indicators(label: str, ret: Return, findings: list[Finding]) -> str:
    """Why nothing was read, from what was found: 'no headers' is only said when it is true
    (a sheet skipped for no year, a grid left of column A, no row of figures had headers)."""
    with_headers = [r.sheet for r in ret.readings if r.blocks]
    failed = [r.sheet for r in ret.readings if r.state == "failed"]
    if not with_headers and not failed:
        return (
            f"No indicator sheets were found in '{label}': no sheet has a row of 12 month "
            "(or 4 quarter) headers or an indicator definition and target."
        )
    skipped = {f.sheet for f in findings if f.code == "SHEET_SKIPPED" and f.sheet}
    parts = []
    if skipped:
        parts.append(f"{_sheets(len(skipped))} skipped (see the SHEET_SKIPPED notes)")
    if failed:
        parts.append(f"{_sheets(len(failed))} could not be read")
    if not parts:
        parts.append("no grid with period headers could be read as an indicator")
    return f"No indicator sheets were read in '{label}': " + " and ".join(parts) + "."


def _sheets(n: int) -> str:
    return "1 sheet was" if n == 1 else f"{n} sheets were"


def _month_source(own: Settings | None, fallback: Settings | None, merged: Settings) -> str:
    """Where the reporting month came from, in the user's words."""
    if merged.reporting_month is None:
        return ""
    if fallback is not None and "reporting_month" in fallback.given:
        return "--reporting-month"
    if own is not None and own.reporting_month is not None:
        cell = own.cells.get("Reporting month")
        return f"the Settings sheet ({cell})" if cell else "the Settings sheet"
    if fallback is not None and fallback.source == "config":
        return "the --settings file"
    return "--reporting-month"


def _sheet_failed(name: str, e: Exception) -> Finding:
    """A plain finding for the user; the technical detail goes to the debug log only."""
    _log.debug("reading sheet %r failed", name, exc_info=e)
    return finding(
        "SHEET_UNREADABLE",
        name,
        None,
        f"Sheet '{name}' could not be read because of an unexpected problem in the sheet; "
        "the other sheets were read.",
    )


def _unknown_override_sheets(ret: Return, s: Settings, sheet: SheetData | None) -> list[Any]:
    """Indicator table rows naming a sheet that is not in the workbook (probably a typo)."""
    names = {
        " ".join(n.split()).lower()
        for n in [i.sheet for i in ret.indicators]
        + [i.key for i in ret.indicators]
        + ret.other_sheets
    }
    out = []
    for key in s.indicators:
        if key not in names:
            out.append(
                finding(
                    "SETTING_INVALID",
                    sheet.name if sheet else None,
                    None,
                    f"The Settings indicator table names sheet '{key}', which is not in this "
                    "workbook; that row was not used.",
                    None,
                    key,
                )  # fmt: skip
            )
    return out
