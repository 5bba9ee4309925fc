"""Read the optional Settings sheet of a return (SPEC section 10).

Three things live there, in any order and position: `Setting | Value` pairs, a denominator table
(`Denominator | Value | Effective from`, several rows per name when the population changed) and an
indicator table (`Sheet | Polarity | Target | ...`) whose non-blank cells override what the reader
infers from an indicator's own words. A `Row label | Kind` table extends the row synonym table.
Bad entries are reported as findings at their cell and otherwise ignored.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ..core.cells import parse_cell, parse_fraction
from ..core.codes import finding
from ..core.model import Denominator, Finding, IndicatorOverride, Settings
from ..core.periods import parse_report_month
from ..core.targets import parse_target
from .sheets import SheetData, a1
from .synonyms import norm_label, parse_kind

SETTING_NAMES = {
    "partnership": "Partnership",
    "partnership name": "Partnership",
    "csp": "Partnership",
    "reporting month": "Reporting month",
    "report month": "Reporting month",
    "rag tolerance": "RAG tolerance",
    "tolerance": "RAG tolerance",
    "static band": "Static band",
    "dot static band": "Static band",
}
INDICATOR_COLUMNS = {
    "polarity": "polarity",
    "target": "target",
    "denominator": "denominator",
    "per": "per",
    "tolerance": "tolerance",
    "rag tolerance": "tolerance",
    "profile": "profile",
    "kind": "kind",
    "numerator row": "numerator_row",
    "denominator row": "denominator_row",
}
POLARITIES = {
    "lower": "lower",
    "low": "lower",
    "lower is better": "lower",
    "higher": "higher",
    "high": "higher",
    "higher is better": "higher",
    "range": "range",
    "monitor": "monitor",
    "monitoring": "monitor",
    "none": "monitor",
}
KINDS = {"count": "count", "percentage": "percentage", "percent": "percentage", "%": "percentage",
         "snapshot": "snapshot"}  # fmt: skip
PROFILES = {"linear": "linear", "seasonal": "seasonal"}


def _cells(row: list[Any]) -> list[tuple[int, Any]]:
    return [(c, v) for c, v in enumerate(row, start=1) if v is not None and str(v).strip()]


def _invalid(sheet: str, cell: str, what: str, value: Any, expected: str) -> Finding:
    return finding(
        "SETTING_INVALID",
        sheet,
        cell,
        f"Settings: {what} '{value}' is not understood (expected {expected}); it was ignored.",
        expected,
        str(value),
    )


def _fraction(sheet: str, cell: str, what: str, v: Any, findings: list[Finding]) -> float | None:
    """'10%', 0.1 and 10 all mean ten per cent; anything over 100% is reported and ignored."""
    f = parse_fraction(v)
    if f is None:
        findings.append(_invalid(sheet, cell, what, v, "a percentage such as 10%"))
        return None
    if f > 1.0:
        findings.append(
            finding(
                "SETTING_INVALID",
                sheet,
                cell,
                f"Settings: {what} '{_shown(v)}' is more than 100%; it was ignored. Use a "
                "percentage such as 10%.",
                "at most 100%",
                _shown(v),
            )  # fmt: skip
        )
        return None
    return f


def _shown(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


_MONITOR_WORDS = re.compile(r"\bmonitor(?:ing)?\b|\bno target\b", re.I)


def target_problem(text: str) -> str | None:
    """Why an override target cannot be used, or None when it can.

    Why: a target the tool reads as "no measurable target" would silently replace the sheet's
    own target, so that is only allowed when the words say so (monitoring, no target).
    """
    if parse_target(text).kind != "none" or _MONITOR_WORDS.search(text):
        return None
    return (
        f"the target '{text}' is not understood (expected words such as 'No more than 257', "
        "'5% decrease from previous year', '70%' or 'For monitoring'); the sheet's own target "
        "was used."
    )


def _override_target(sheet: str, cell: str, name: str, v: Any,
                     findings: list[Finding]) -> str | None:  # fmt: skip
    """The Target cell of the indicator table as target text, or None (reported) if unusable.

    A number formatted as a percentage holds 0.7 for 70%: that is a rate. A bigger bare number
    could be a maximum or a minimum, so the user is asked to say which in words.
    """
    p = parse_cell(v)
    if p.status == "number" and p.value is not None and not (p.text and "%" in p.text):
        if 0 < p.value <= 1:
            return f"{p.value * 100:g}%"
        shown = _shown(p.value)
        findings.append(
            finding(
                "SETTING_INVALID",
                sheet,
                cell,
                f"Settings: the target for sheet '{name}' is just the number {shown}, which could "
                f"be a maximum or a minimum. Write it in words, such as 'No more than {shown}' or "
                f"'More than {shown}'; the sheet's own target was used.",
                f"No more than {shown} / More than {shown}",
                shown,
            )  # fmt: skip
        )
        return None
    text = " ".join((v.isoformat() if isinstance(v, (date, datetime)) else str(v)).split())
    problem = target_problem(text)
    if problem is None:
        return text
    findings.append(
        finding(
            "SETTING_INVALID",
            sheet,
            cell,
            f"Settings: for sheet '{name}', {problem}",
            "a target such as 'No more than 257'",
            text,
        )  # fmt: skip
    )
    return None


def _number(v: Any) -> float | None:
    p = parse_cell(v)
    return p.value if p.status == "number" else None


def parse_date(v: Any) -> date | None:
    """A date cell, '2015-06-30', '30/06/2015' or 'Jun-15' (first of month)."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        return None
    s = v.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        try:
            return date(y + 2000 if y < 100 else y, mo, d)
        except ValueError:
            return None
    return parse_report_month(s)


def _table_header(cells: list[tuple[int, Any]]) -> str | None:
    """Which table a row heads: 'denominator', 'indicator', 'synonym', 'pairs' or None."""
    names = [norm_label(v) for _, v in cells]
    if not names:
        return None
    if names[0] == "denominator" and "value" in names:
        return "denominator"
    if names[0] in ("sheet", "indicator sheet") and any(n in INDICATOR_COLUMNS for n in names[1:]):
        return "indicator"
    if names[0] == "row label" and "kind" in names:
        return "synonym"
    if names[0] == "setting" and "value" in names:
        return "pairs"
    return None


def _tables(sheet: SheetData) -> list[tuple[str, int, dict[str, int]]]:
    """(kind, header row, {column name: col}) for every table header on the sheet."""
    out = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = _cells(row)
        kind = _table_header(cells)
        if kind:
            out.append((kind, r, {norm_label(v): c for c, v in cells}))
    return out


def _body(sheet: SheetData, header_row: int) -> list[tuple[int, list[Any]]]:
    """Rows under a table header until a blank row or the next table."""
    out = []
    for r in range(header_row + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        cells = _cells(row)
        if not cells or _table_header(cells):
            break
        out.append((r, row))
    return out


def _at(row: list[Any], col: int | None) -> Any:
    if col is None or col > len(row):
        return None
    v = row[col - 1]
    return v.strip() if isinstance(v, str) else v


def read_settings(sheet: SheetData) -> tuple[Settings, list[Finding]]:
    """The Settings sheet as a `Settings` (source "sheet") and findings for entries not understood."""
    s = Settings(source="sheet")
    findings: list[Finding] = []
    in_table: set[int] = set()
    for kind, hr, cols in _tables(sheet):
        body = _body(sheet, hr)
        if kind != "pairs":
            in_table.add(hr)
            in_table.update(r for r, _ in body)
        if kind == "denominator":
            _read_denominators(sheet, body, cols, s, findings)
        elif kind == "indicator":
            _read_overrides(sheet, body, cols, s, findings)
    for r, row in enumerate(sheet.rows, start=1):
        if r in in_table:
            continue
        cells = _cells(row)
        if len(cells) < 2:
            continue
        (_, label), (vc, value) = cells[0], cells[1]
        name = SETTING_NAMES.get(norm_label(label))
        if name is None:
            continue
        cell = a1(r, vc)
        _apply_pair(sheet.name, s, name, value, cell, findings)
    return s, findings


def _apply_pair(sheet: str, s: Settings, name: str, value: Any, cell: str,
                findings: list[Finding]) -> None:  # fmt: skip
    if name == "Partnership":
        s.partnership = " ".join(str(value).split())
    elif name == "Reporting month":
        d = parse_date(value)
        if d is None:
            findings.append(_invalid(sheet, cell, "reporting month", value, "a date or 'Dec-16'"))
            return
        s.reporting_month = date(d.year, d.month, 1)
    else:
        f = _fraction(sheet, cell, name, value, findings)
        if f is None:
            return
        if name == "RAG tolerance":
            s.rag_tolerance = f
        else:
            s.static_band = f
    s.cells[name] = cell


def _read_denominators(sheet: SheetData, body: list[tuple[int, list[Any]]], cols: dict[str, int],
                       s: Settings, findings: list[Finding]) -> None:  # fmt: skip
    nc, vc = cols.get("denominator"), cols.get("value")
    ec = cols.get("effective from") or cols.get("effective") or cols.get("date")
    for r, row in body:
        name = _at(row, nc)
        if not name:
            continue
        value = _number(_at(row, vc))
        if value is None or value <= 0:
            findings.append(_invalid(sheet.name, a1(r, vc or 2), f"value of denominator '{name}'",
                                     _at(row, vc), "a positive number"))  # fmt: skip
            continue
        raw_date = _at(row, ec)
        eff = parse_date(raw_date) if raw_date is not None else date(1900, 1, 1)
        if eff is None:
            findings.append(_invalid(sheet.name, a1(r, ec or 3), f"effective date of '{name}'",
                                     raw_date, "a date such as 2016-06-30"))  # fmt: skip
            continue
        label = " ".join(str(name).split())
        s.denominators.setdefault(label.lower(), []).append(Denominator(label, value, eff))
        s.cells[f"{label} ({eff.isoformat()})"] = a1(r, vc or 2)


def _read_overrides(sheet: SheetData, body: list[tuple[int, list[Any]]], cols: dict[str, int],
                    s: Settings, findings: list[Finding]) -> None:  # fmt: skip
    sc = cols.get("sheet") or cols.get("indicator sheet")
    for r, row in body:
        name = _at(row, sc)
        if not name:
            continue
        o = IndicatorOverride()
        for head, c in cols.items():
            attr = INDICATOR_COLUMNS.get(head)
            v = _at(row, c)
            if attr is None or v is None or v == "":
                continue
            cell = a1(r, c)
            if attr == "polarity":
                o.polarity = _lookup(sheet.name, cell, "polarity", v, POLARITIES, findings)
            elif attr == "kind":
                o.kind = _lookup(sheet.name, cell, "kind", v, KINDS, findings)
            elif attr == "profile":
                o.profile = _lookup(sheet.name, cell, "profile", v, PROFILES, findings)
            elif attr == "per":
                per = _number(v)
                if per is None or per <= 0:
                    findings.append(_invalid(sheet.name, cell, "per", v, "1000 or 100000"))
                o.per = per if per and per > 0 else None
            elif attr == "tolerance":
                o.tolerance = _fraction(sheet.name, cell, "tolerance", v, findings)
            elif attr == "target":
                o.target = _override_target(sheet.name, cell, str(name).strip(), v, findings)
            else:
                text = v.isoformat() if isinstance(v, (date, datetime)) else str(v)
                setattr(o, attr, " ".join(text.split()))
        s.indicators[" ".join(str(name).split()).lower()] = o


def _lookup(sheet: str, cell: str, what: str, v: Any, table: dict[str, str],
            findings: list[Finding]) -> str | None:  # fmt: skip
    got = table.get(norm_label(v))
    if got is None:
        findings.append(_invalid(sheet, cell, what, v, " / ".join(sorted(set(table.values())))))
    return got


def read_row_synonyms(sheet: SheetData) -> dict[str, str]:
    """The `Row label | Kind` table: user labels -> RowKind (unknown kinds are skipped)."""
    out: dict[str, str] = {}
    for kind, hr, cols in _tables(sheet):
        if kind != "synonym":
            continue
        lc, kc = cols.get("row label"), cols.get("kind")
        for _, row in _body(sheet, hr):
            label, k = _at(row, lc), parse_kind(_at(row, kc))
            if label and k:
                out[" ".join(str(label).split())] = k
    return out
