"""The reporting period: figures after the reporting month, and months missing up to it."""

from __future__ import annotations

from dataclasses import replace

from csp_excel.core.cells import parse_cell
from csp_excel.core.model import Finding, GridRow
from csp_excel.core.rules.context import RuleContext, cell_raw, shown_text, value_at
from csp_excel.core.rules.precision import EPS

# Rows whose cells must be blank after the reporting period (targets and last year's rows may
# legitimately run to March; unknown rows are shown as they are).
_CURRENT_ROW_KINDS = frozenset(
    {
        "actual",
        "numerator",
        "denominator",
        "snapshot",
        "ytd",
        "ytd_numerator",
        "ytd_denominator",
        "pct_change",
        "r12",
        "r12_change",
        "rate",
        "pct",
        "rank",
    }
)
_INPUT_KINDS = ("actual", "numerator", "denominator", "snapshot")


def _filled(row: GridRow, i: int) -> bool:
    if i < len(row.values) and row.values[i] is not None:
        return True
    return parse_cell(cell_raw(row, i)).status == "text"


def after_reporting(c: RuleContext) -> list[Finding]:
    """Figures in months after the reporting month: one finding per row, located at the range of
    cells from the first such month to the last (e.g. K15:M15), so every figure is pointed at."""
    out: list[Finding] = []
    if c.ri is None:
        return out
    for row in c.rows(*_CURRENT_ROW_KINDS):
        if c.row_year(row) != "current":
            continue
        later = [i for i in range(c.ri + 1, c.n) if _filled(row, i)]
        if not later:
            continue
        listed = ", ".join(f"{c.name(i)} ({shown_text(row, i)})" for i in later)
        msg = (
            f"'{row.label}' has figures after the reporting month {c.name(c.ri)}: {listed}. "
            "Months that have not been reported should be blank."
        )
        vals = [row.values[i] for i in later]
        at_report = value_at(row.values, c.ri)
        if row.kind in ("ytd", "ytd_numerator", "ytd_denominator", "r12") and all(
            v is not None and at_report is not None and abs(v - at_report) < EPS for v in vals
        ):
            msg += " It looks like the running total was carried forward."
        elif row.kind == "pct_change" and all(v is not None and abs(v + 1) < EPS for v in vals):
            msg += " A change of -100% only means those months are still empty."
        found = "; ".join(f"{c.name(i)}: {shown_text(row, i)}" for i in later)
        f = c.finding("VALUE_AFTER_REPORTING_MONTH", row, later[0], msg, None, found)
        last = row.cells[later[-1]] if later[-1] < len(row.cells) else None
        if len(later) > 1 and last and f.cell and last != f.cell:
            f = replace(f, cell=f"{f.cell}:{last}")
        out.append(f)
    return out


def missing_months(c: RuleContext) -> list[Finding]:
    """An input figure missing at a period up to the report, while a later one is present (or the
    reporting period itself is empty)."""
    out: list[Finding] = []
    if c.ri is None:
        return out
    for row in c.rows(*_INPUT_KINDS):
        if c.row_year(row) != "current":
            continue
        present = [i for i in range(c.ri + 1) if value_at(row.values, i) is not None]
        if not present:
            continue
        for i in range(c.ri + 1):
            if value_at(row.values, i) is not None:
                continue
            raw = cell_raw(row, i)
            if isinstance(raw, str) and "quarter" in raw.lower():
                continue  # "Data collected quarterly": not a gap
            shown = f" ('{raw.strip()}')" if isinstance(raw, str) and raw.strip() else ""
            if i < present[-1]:
                msg = (
                    f"'{row.label}' has no figure for {c.name(i)}{shown}, but later months have "
                    "one: the year to date and rolling figures cannot be worked out from here on."
                )
            else:
                which = (
                    "the reporting month"
                    if i == c.ri
                    else f"before the reporting month {c.name(c.ri)}"
                )
                msg = (
                    f"'{row.label}' has no figure for {c.name(i)}{shown}, {which} "
                    f"({c.name(present[-1])} is the last with a figure)."
                )
            out.append(c.finding("MISSING_MONTH", row, i, msg, None, raw if shown else None))
    return out
