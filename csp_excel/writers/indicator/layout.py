"""Where things go on an indicator sheet: the columns, the rows the grid shows and in what order,
and `SheetInfo`, what the dashboard and Data quality sheet need to know about a written sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from csp_excel.core.calc_annual import value_row
from csp_excel.core.history_text import history_note
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

from ..number_formats import FMT_COUNT_CHANGE, FMT_DECIMAL_1_2

LABEL_CHARS = 34  # the width of column A, the labels
SOURCE_CHARS = 56  # "where it comes from": wide enough for a row's label and the SPC rules
DEFAULT_CHARS = 8.43  # Excel's width for a column we do not size


def period_chars(n: int) -> int:
    """The width of a period column: twelve months fit narrow, quarters and years get room."""
    return 10 if n == 12 else 18


def column_chars(n: int, col: int) -> float:
    """The width (characters) an indicator sheet with `n` periods gives column `col` (0-based),
    so a block written further down can wrap its text to fit."""
    if col == LAB:
        return LABEL_CHARS
    if FIRST <= col < FIRST + n:
        return period_chars(n)
    return SOURCE_CHARS if col == FIRST + n else DEFAULT_CHARS


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


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's grid is, known once its rows are planned; every later step reads it.

    `stats` is the one counter the steps add their formulas and fallbacks to."""

    name: str
    indicator: Indicator
    comp: Computed
    n: int
    header_row: int
    rows: Mapping[str, int]  # row key -> 0-based sheet row (a percentage's numerator is "actual")
    stats: FormulaStats = field(default_factory=FormulaStats)


def sheet_layout(
    name: str, ind: Indicator, comp: Computed, plan: list[Row], header_row: int
) -> SheetLayout:
    """The layout of a planned grid whose header is at `header_row`."""
    rows = {
        r.key: header_row + 1 + k for k, r in enumerate(plan) if r.key not in ("raw", "supplied")
    }
    for alias, key in (("actual", "numerator"), ("actual_last_year", "numerator_last_year")):
        if key in rows:
            rows[alias] = rows[key]
    return SheetLayout(name, ind, comp, comp.n, header_row, rows)


@dataclass(frozen=True)
class SheetInfo:
    """What the dashboard and the Data quality sheet need to know about a written sheet,
    assembled once by `write_indicator_sheet` from what each step placed."""

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


@dataclass(frozen=True)
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
    """Where a row's figures come from: its row of the return, and any months borrowed from
    earlier returns (--history; a row added from them has no row of its own)."""
    if r is None:
        return ""
    own = f"Row {r.row} of the return: '{r.label}'" if r.row else ""
    return "; ".join(t for t in (own, history_note(r)) if t)[:200]


class Facts(NamedTuple):
    """What the row specs read: the indicator, its figures and the rows calc resolved."""

    ind: Indicator
    comp: Computed
    used: Rows
    pct: bool  # a numerator over a denominator
    annual: bool  # years as columns
    cnt: str  # the number format of the counts
    source: GridRow | None  # annual grids: the row the figures come from
    taken: frozenset[int]  # ids of the grid rows shown as inputs already


def facts_of(ind: Indicator, comp: Computed, used: Rows) -> Facts:
    annual, pct = comp.frequency == "annual", comp.numerator is not None
    source = value_row(ind, used)[1] if annual else None
    shown = [used.actual, used.actual_last_year, used.numerator, used.denominator]
    if source is not None:
        shown = [source, used.denominator if pct else None]
    shown += [used.numerator_last_year, used.denominator_last_year]
    cnt = count_fmt(comp.actual, comp.actual_last_year)
    if annual and not pct and comp.pct_ytd is not None:
        cnt = FMT_PCT  # an annual percentage: every count-like row shows it as one
    return Facts(ind, comp, used, pct, annual, cnt, source, frozenset(id(r) for r in shown if r))


def _has_last_year(f: Facts) -> bool:
    return f.pct and (
        any_values(f.comp.actual_last_year) or any_values(f.comp.denominator_last_year)
    )


def _actual_label(f: Facts) -> str:
    if f.annual and f.comp.pct_ytd is not None:
        return "Percentage"
    return "Value (snapshot)" if f.ind.kind == "snapshot" else "Actual"


class InputSpec(NamedTuple):
    """One input row: shown when `when`; its note cites `src` (or says `missing`) if `cite`."""

    key: str
    label: Callable[[Facts], str]
    series: Callable[[Facts], Series]
    fmt: Callable[[Facts], str]
    src: Callable[[Facts], GridRow | None]
    when: Callable[[Facts], bool]
    cite: bool = True
    missing: str = ""
    derived: bool = False


INPUT_ROWS = (
    InputSpec("numerator", lambda f: "Numerator", lambda f: f.comp.actual, lambda f: f.cnt,
              lambda f: f.used.numerator, lambda f: f.pct),
    InputSpec("denominator", lambda f: "Denominator", lambda f: f.comp.denominator or [],
              lambda f: FMT_COUNT, lambda f: f.used.denominator, lambda f: f.pct),
    InputSpec("numerator_last_year", lambda f: "Numerator, last year",
              lambda f: f.comp.actual_last_year, lambda f: f.cnt,
              lambda f: f.used.numerator_last_year, _has_last_year, cite=False),
    InputSpec("denominator_last_year", lambda f: "Denominator, last year",
              lambda f: f.comp.denominator_last_year or [], lambda f: f.cnt,
              lambda f: f.used.denominator_last_year, _has_last_year, cite=False),
    InputSpec("pct_month", lambda f: "% in the period", lambda f: [], lambda f: FMT_PCT,
              lambda f: None, lambda f: f.pct and not f.annual, derived=True),  # annual: % for the year
    InputSpec("actual", _actual_label, lambda f: f.comp.actual, lambda f: f.cnt,
              lambda f: f.source if f.annual else f.used.actual, lambda f: not f.pct),
    InputSpec("actual_last_year", lambda f: "Actual, last year",
              lambda f: f.comp.actual_last_year, lambda f: f.cnt,
              lambda f: f.used.actual_last_year, lambda f: not f.annual and not f.pct,
              missing="No figures for last year"),
)  # fmt: skip


def _input_rows(f: Facts) -> list[Row]:
    out = []
    for spec in (s for s in INPUT_ROWS if s.when(f)):
        src = spec.src(f)
        note = (src_note(src) or spec.missing) if spec.cite else ""
        out.append(
            Row(spec.key, spec.label(f), spec.series(f), spec.fmt(f), spec.derived, note, src)
        )
    return out


def _kept_rows(f: Facts) -> list[Row]:
    """The grid's other rows, as they are (the target row keeps its key for the formulas)."""
    g = f.ind.grid
    assert g is not None
    return [
        Row("target_input" if r is f.used.target else "raw", r.label, r.values,
            count_fmt(r.values), note=f"Row {r.row} of the return", src=r)
        for r in g.rows
        if r.kind not in SUPPLIED and id(r) not in f.taken
    ]  # fmt: skip


def _population_rows(f: Facts) -> list[Row]:
    if not any_values(f.comp.denominator_value):
        return []
    den = f.ind.denominator_name or "population"
    return [
        Row("period_end", "Period ends", [], FMT_DATE),
        Row("denominator_value", f"Denominator: {den}", f.comp.denominator_value, FMT_COUNT, True),
    ]


def _derived_rows(f: Facts) -> list[Row]:
    """The rows we calculate, as formulas, shown where they have figures."""
    comp, cnt, level = f.comp, f.cnt, is_level(f.ind)
    tfmt = FMT_PCT if f.pct and level else cnt if level else FMT_COUNT
    derived = [
        ("ytd", "Numerator, year to date" if f.pct else "Year to date", comp.ytd, cnt),
        ("ytd_last_year", "Year to date, last year", comp.ytd_last_year, cnt),
        ("pct_ytd", "% year to date", comp.pct_ytd, FMT_PCT),
        ("pct_ytd_last_year", "% year to date, last year", comp.pct_ytd_last_year, FMT_PCT),
        ("pct_change", "% change on last year", comp.pct_change, FMT_CHANGE),
        ("r12", "Rolling 12 months" if comp.n == 12 else "Rolling 4 quarters", comp.r12, cnt),
        ("r12_change", "Rolling 12 months, change on last year", comp.r12_change, FMT_CHANGE),
        ("rate", f"Rate per {f.ind.per:,.0f}", comp.rate, FMT_RATE),
        ("target", "Target" if level else "Target to date", comp.target, tfmt),
    ]
    if not level and any_values(comp.target):
        derived.append(("target_month", "Target for the period", [None], FMT_COUNT))
    vfmt = FMT_CHANGE if tfmt == FMT_PCT else FMT_COUNT_CHANGE
    derived.append(("variance", "Variance from target", comp.variance, vfmt))
    labels = ANNUAL_LABELS if f.annual else {}
    return [
        Row(key, labels.get(key, label), series or [], fmt, derived=True, note="formula")
        for key, label, series, fmt in derived
        if any_values(series) or key == "target_month"
    ] + _band_rows(f)


def _band_rows(f: Facts) -> list[Row]:
    """A range target's lower end and width, period by period: the chart stacks them to shade
    the band."""
    t = f.ind.target
    if t.kind != "range" or t.low is None or t.high is None or not f.pct or f.annual:
        return []
    note = f"the target '{t.text or 'range'}'"[:200]
    return [
        Row("target_low", "Target range, lower end", [t.low] * f.comp.n, FMT_PCT, note=note),
        Row("target_width", "Target range, width", [t.high - t.low] * f.comp.n, FMT_PCT, note=note),
    ]


SUPPLIED_FMT = {"rate": FMT_RATE, "pct": FMT_PCT, "pct_change": FMT_PCT, "r12_change": FMT_PCT}


COMPUTED_OF = {"pct": "pct_ytd", "pct_change": "pct_change", "r12_change": "r12_change"}


def supplied_format(
    kind: str,
    values: Sequence[float | None],
    count_format: str,
    raw: Sequence[Any] = (),
    computed: Sequence[float | None] | None = None,
) -> str:
    """How a row as supplied is shown. A percentage row whose figures are mostly beyond 150%
    was typed in whole numbers ("16.5" for 16.5%) or is not a percentage at all (a difference
    of counts under a "%" label): shown as a percentage it read -10400.0% for a typed -104, so
    it is shown as a plain number. Never when a cell says "%" itself, or when a big figure is
    our own change as a fraction (+286.7% typed as 2.867 is a real percentage)."""
    fmt = SUPPLIED_FMT.get(kind, count_format)
    known = [v for v in values if v is not None]
    big = [i for i, v in enumerate(values) if v is not None and abs(v) > 1.5]
    if fmt != FMT_PCT or not known or len(big) * 2 <= len(known):
        return fmt
    if any(isinstance(x, str) and "%" in x for x in raw):
        return fmt
    ours = list(computed or [])
    for i in big:
        c = ours[i] if i < len(ours) else None
        v = values[i]
        if c is not None and v is not None and abs(v - c) <= max(0.0005, 0.01 * abs(c)):
            return fmt
    return FMT_COUNT if all(float(v).is_integer() for v in known) else FMT_DECIMAL_1_2


def _supplied_rows(f: Facts) -> list[Row]:
    """The return's own derived rows, shown greyed below ours for comparison."""
    g = f.ind.grid
    assert g is not None

    def shown(r: GridRow) -> str:
        ours = getattr(f.comp, COMPUTED_OF.get(r.kind, ""), None)
        return supplied_format(r.kind, r.values, f.cnt, r.raw, ours)

    return [
        Row("supplied", f"{r.label} (as supplied)", r.values, shown(r),
            note=f"Row {r.row} of the return", src=r)
        for r in g.rows
        if r.kind in SUPPLIED and not (f.annual and id(r) in f.taken)
    ]  # fmt: skip


def plan_rows(ind: Indicator, comp: Computed, used: Rows) -> list[Row]:
    """Which rows the grid shows, in order: inputs, then derived, then rows as supplied.
    `used`: the rows calc resolved (analysis), so each row cites the cells its figures came from."""
    assert ind.grid is not None
    f = facts_of(ind, comp, used)
    return [
        *_input_rows(f), *_kept_rows(f), *_population_rows(f), *_derived_rows(f), *_supplied_rows(f)
    ]  # fmt: skip
