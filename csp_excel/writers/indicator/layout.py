"""Where things go on an indicator sheet: the columns, the rows the grid shows and in what order,
and `SheetInfo`, what the dashboard and Data quality sheet need to know about a written sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from csp_excel.core.calc_annual import value_row
from csp_excel.core.model import Computed, GridRow, Indicator, Series
from csp_excel.core.rag import is_level
from csp_excel.core.rows import Rows
from csp_excel.writers.xl_formats import (
    FMT_CHANGE,
    FMT_COUNT,
    FMT_DATE,
    FMT_DECIMAL,
    FMT_PCT,
    FMT_RATE,
    FormulaStats,
)

LAB, FIRST = 0, 1
SUMMARY_SPAN = 4  # label column + value merged over 2 columns + note
SUPPLIED: tuple[str, ...] = (
    "ytd", "ytd_numerator", "ytd_denominator", "pct_change", "r12", "r12_change", "rate", "pct",
)  # fmt: skip
ANNUAL_LABELS = {  # annual grids: a year is its own year to date
    "ytd": "Year to date (the year)",
    "ytd_last_year": "Previous year",
    "pct_ytd": "% for the year",
    "pct_ytd_last_year": "% the previous year",
    "pct_change": "% change on the previous year",
    "target": "Target",
}
POLARITY_WORDS = {
    "lower": "lower is better",
    "higher": "higher is better",
    "range": "within a range",
    "monitor": "monitoring only",
}


@dataclass
class SheetInfo:
    """What the dashboard and the Data quality sheet need to know about a written sheet."""

    name: str
    indicator: Indicator
    comp: Computed | None
    rows: dict[str, int] = field(default_factory=dict)  # row key -> 0-based sheet row
    n: int = 12
    header_row: int = 0
    summary: dict[str, tuple[str, Any, str]] = field(
        default_factory=dict
    )  # key -> ($A$1, cached, fmt)
    cell_map: dict[str, str] = field(default_factory=dict)  # input A1 -> output A1
    stats: FormulaStats = field(default_factory=FormulaStats)
    charts: int = 0
    trend_row: int | None = None  # row of the monthly figures, for the dashboard sparkline
    spc_rows: tuple[int, int] | None = None  # first and last 0-based rows of the XmR table


@dataclass
class Row:
    key: str
    label: str
    series: Series
    fmt: str
    derived: bool = False
    note: str = ""
    src: GridRow | None = None  # the input row it shows


def any_values(series: Series | None) -> bool:
    return series is not None and any(v is not None for v in series)


def count_fmt(*series: Series | None) -> str:
    for s in series:
        for v in s or []:
            if v is not None and abs(v - round(v)) > 1e-9:
                return FMT_DECIMAL
    return FMT_COUNT


def src_note(r: GridRow | None) -> str:
    return f"Row {r.row} of the return: '{r.label}'"[:200] if r is not None else ""


def plan_rows(ind: Indicator, comp: Computed, used: Rows) -> list[Row]:
    """Which rows the grid shows, in order: inputs, then derived, then rows as supplied.
    `used`: the rows calc resolved (analysis), so each row cites the cells its figures came from."""
    g = ind.grid
    assert g is not None
    pct = comp.numerator is not None
    cnt = count_fmt(comp.actual, comp.actual_last_year)
    plan: list[Row] = []
    annual = comp.frequency == "annual"
    source = value_row(ind, used)[1] if annual else None
    if pct:
        plan.append(
            Row(
                "numerator",
                "Numerator",
                comp.actual,
                cnt,
                note=src_note(used.numerator),
                src=used.numerator,
            )
        )
        plan.append(
            Row(
                "denominator",
                "Denominator",
                comp.denominator or [],
                FMT_COUNT,
                note=src_note(used.denominator),
                src=used.denominator,
            )
        )
        if any_values(comp.actual_last_year) or any_values(comp.denominator_last_year):
            plan.append(
                Row(
                    "numerator_last_year",
                    "Numerator, last year",
                    comp.actual_last_year,
                    cnt,
                    src=used.numerator_last_year,
                )
            )
            plan.append(
                Row(
                    "denominator_last_year",
                    "Denominator, last year",
                    comp.denominator_last_year or [],
                    cnt,
                    src=used.denominator_last_year,
                )
            )
        if not annual:  # an annual grid's "% for the year" is the same figure
            plan.append(Row("pct_month", "% in the period", [], FMT_PCT, derived=True))
    elif annual:
        label = "Value (snapshot)" if ind.kind == "snapshot" else "Actual"
        if comp.pct_ytd is not None:
            label, cnt = "Percentage", FMT_PCT
        plan.append(Row("actual", label, comp.actual, cnt, note=src_note(source), src=source))
    else:
        label = "Value (snapshot)" if ind.kind == "snapshot" else "Actual"
        plan.append(
            Row("actual", label, comp.actual, cnt, note=src_note(used.actual), src=used.actual)
        )
        plan.append(
            Row(
                "actual_last_year",
                "Actual, last year",
                comp.actual_last_year,
                cnt,
                note=src_note(used.actual_last_year) or "No figures for last year",
                src=used.actual_last_year,
            )
        )
    taken = {
        id(r) for r in (used.actual, used.actual_last_year, used.numerator, used.denominator) if r
    }
    if source is not None:
        taken = {id(source)} | ({id(used.denominator)} if pct and used.denominator else set())
    taken |= {id(r) for r in (used.numerator_last_year, used.denominator_last_year) if r}
    for r in g.rows:
        if r.kind in SUPPLIED or id(r) in taken:
            continue
        key = "target_input" if r is used.target else "raw"
        plan.append(
            Row(
                key,
                r.label,
                r.values,
                count_fmt(r.values),
                note=f"Row {r.row} of the return",
                src=r,
            )
        )
    if any_values(comp.denominator_value):
        plan.append(Row("period_end", "Period ends", [], FMT_DATE))
        den = ind.denominator_name or "population"
        plan.append(
            Row("denominator_value", f"Denominator: {den}", comp.denominator_value, FMT_COUNT, True)
        )
    per = f"{ind.per:,.0f}"
    level = is_level(ind)
    tfmt = FMT_PCT if pct and level else cnt if level else FMT_COUNT
    derived = [
        ("ytd", "Numerator, year to date" if pct else "Year to date", comp.ytd, cnt),
        ("ytd_last_year", "Year to date, last year", comp.ytd_last_year, cnt),
        ("pct_ytd", "% year to date", comp.pct_ytd, FMT_PCT),
        ("pct_ytd_last_year", "% year to date, last year", comp.pct_ytd_last_year, FMT_PCT),
        ("pct_change", "% change on last year", comp.pct_change, FMT_CHANGE),
        ("r12", "Rolling 12 months" if comp.n == 12 else "Rolling 4 quarters", comp.r12, cnt),
        ("r12_change", "Rolling 12 months, change on last year", comp.r12_change, FMT_CHANGE),
        ("rate", f"Rate per {per}", comp.rate, FMT_RATE),
        ("target", "Target" if level else "Target to date", comp.target, tfmt),
    ]
    if not level and any_values(comp.target):
        derived.append(("target_month", "Target for the period", [None], FMT_COUNT))
    vfmt = "+0.0%;-0.0%;0.0%" if tfmt == FMT_PCT else "+#,##0;-#,##0;0"
    derived.append(("variance", "Variance from target", comp.variance, vfmt))
    if annual:
        derived = [(k, ANNUAL_LABELS.get(k, lab), ser, f) for k, lab, ser, f in derived]
    for key, label, series, fmt in derived:
        if any_values(series) or key == "target_month":
            plan.append(Row(key, label, series or [], fmt, derived=True, note="formula"))
    for r in g.rows:
        if r.kind in SUPPLIED and not (annual and id(r) in taken):
            fmt = (
                FMT_RATE
                if r.kind == "rate"
                else FMT_PCT
                if r.kind in ("pct", "pct_change", "r12_change")
                else cnt
            )
            plan.append(
                Row(
                    "supplied",
                    f"{r.label} (as supplied)",
                    r.values,
                    fmt,
                    note=f"Row {r.row} of the return",
                    src=r,
                )
            )
    return plan
