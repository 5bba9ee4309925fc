"""Build `Indicator` / `Grid` / `Settings` objects directly, for core tests (no workbook needed).

ind = make_indicator(actual=[10, 12, 9], last_year=[11] * 12, target_text="No more than 120")
settings = make_settings(reporting_month=date(2016, 6, 1),
                         denominators={"Residents": [(198294, date(2015, 6, 30))]})
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from csp_excel.core.model import (
    Computed,
    Denominator,
    Grid,
    GridRow,
    Indicator,
    Return,
    Settings,
    Target,
)
from csp_excel.core.periods import period_name
from csp_excel.core.result import IndicatorResult
from csp_excel.core.rows import resolve_rows

Num = float | int | None
_COLS = "CDEFGHIJKLMN"  # period 1 in column C


def make_row(
    label: str, kind: str, values: Sequence[Num], row: int, n: int = 12, **extra: Any
) -> GridRow:
    vals = [None if v is None else float(v) for v in list(values)[:n]]
    vals += [None] * (n - len(vals))
    return GridRow(
        label=label,
        kind=kind,
        values=list(vals),
        raw=list(vals),
        cells=[f"{_COLS[i]}{row}" for i in range(n)],
        row=row,
        label_cell=f"B{row}",
        extra=dict(extra),
    )


def make_indicator(
    actual: Sequence[Num] | None = None,
    last_year: Sequence[Num] | None = None,
    year_before_last: Sequence[Num] | None = None,
    *,
    kind: str = "count",
    target_text: str | None = None,
    target: Target | None = None,
    polarity: str | None = None,
    numerator: Sequence[Num] | None = None,
    denominator: Sequence[Num] | None = None,
    numerator_last_year: Sequence[Num] | None = None,
    denominator_last_year: Sequence[Num] | None = None,
    target_row: Sequence[Num] | None = None,
    denominator_name: str | None = None,
    per: float = 1000.0,
    tolerance: float | None = None,
    profile: str = "linear",
    fy: int = 2016,
    frequency: str = "monthly",
    sheet: str = "Test",
    last_year_fy: bool = True,
) -> Indicator:
    """An indicator with a grid built from plain lists (shorter lists are padded with None).

    `target_text` is parsed with `parse_target`; polarity defaults to what the target implies
    (source "default" then, as the reader would leave it).
    """
    from csp_excel.core.targets import parse_target, polarity_for_target

    n = 12 if frequency == "monthly" else 4
    rows: list[GridRow] = []
    r = 10

    def add(label: str, rkind: str, values: Sequence[Num] | None, **extra: Any) -> None:
        nonlocal r
        if values is not None:
            rows.append(make_row(label, rkind, values, r, n, **extra))
            r += 1

    add("Month", "snapshot" if kind == "snapshot" else "actual", actual)
    ly_extra = {"fy": fy - 1} if last_year_fy else {}
    add("Last year", "actual_last_year", last_year, **ly_extra)
    add("Year before last", "actual_last_year", year_before_last, fy=fy - 2)
    add("Successful", "numerator", numerator)
    add("Total", "denominator", denominator)
    add("Successful last year", "numerator_last_year", numerator_last_year, fy=fy - 1)
    add("Total last year", "denominator_last_year", denominator_last_year, fy=fy - 1)
    add("Target", "target", target_row)
    if frequency == "monthly":
        labels = [period_name(fy, i) for i in range(n)]
    else:
        labels = [f"Q{i + 1}" for i in range(n)]
    grid = Grid(
        header_row=9, first_col=3, frequency=frequency, fy=fy, period_labels=labels, rows=rows
    )
    tgt = target if target is not None else parse_target(target_text or "")
    pol_source = "default"
    pol = polarity
    if pol is None:
        pol = polarity_for_target(tgt) or "monitor"
    else:
        pol_source = "settings"
    return Indicator(
        sheet=sheet,
        title=sheet,
        grid=grid,
        kind=kind,
        polarity=pol,
        polarity_source=pol_source,
        target=tgt,
        denominator_name=denominator_name,
        per=per,
        tolerance=tolerance,
        profile=profile,
    )


def make_settings(
    reporting_month: date | None = None,
    denominators: dict[str, list[tuple[float, date]]] | None = None,
    rag_tolerance: float = 0.10,
    static_band: float = 0.01,
) -> Settings:
    dens = {
        name.lower(): [Denominator(name, float(v), d) for v, d in items]
        for name, items in (denominators or {}).items()
    }
    return Settings(
        reporting_month=reporting_month,
        rag_tolerance=rag_tolerance,
        static_band=static_band,
        denominators=dens,
    )


def results_for(
    ret: Return, computed: Sequence[Computed], drafts: dict[str, str] | None = None
) -> tuple[IndicatorResult, ...]:
    """Hand-made figures as analysis results: each joined to its indicator by key, with the rows
    resolved as analysis resolves them (for writer tests that build `Computed` themselves)."""
    inds = {ind.key: ind for ind in ret.indicators}
    drafts = drafts or {}
    return tuple(
        IndicatorResult(inds[c.key], resolve_rows(inds[c.key]), c, (), drafts.get(c.key, ""))
        for c in computed
        if c.key in inds  # figures of an indicator the return does not hold are not written
    )


def result_of(ind: Indicator, comp: Computed) -> IndicatorResult:
    """One indicator's hand-made figures as its analysis result (rows resolved as analysis does)."""
    return IndicatorResult(ind, resolve_rows(ind), comp)
