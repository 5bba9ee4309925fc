"""The figures computed for one indicator, period by period, and its SPC analysis.

Pure dataclasses, no I/O: the core builds them once; writers and the export only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .inputs import indicator_key
from .kinds import Series


@dataclass(frozen=True)
class SpcPhase:
    """One period of an XmR chart with its own mean and limits: the whole series, or the points
    from a rebase month (set on the Settings sheet, never automatically) to the next."""

    start: int  # index of the phase's first point in SpcResult.values
    end: int  # index of its last point
    mean: float
    lower: float
    upper: float
    sigma: float
    baseline: int  # the number of points the mean and limits were computed on
    reason: str = ""  # why the chart was rebased here ("" for the first phase)


@dataclass(frozen=True)
class SpcResult:
    """XmR analysis over every known monthly actual (previous and current FY)."""

    values: Series  # the points analysed, oldest first
    labels: list[str]  # "2015-04" ... one per point
    mean: float | None = None
    lower: float | None = None  # lower process limit
    upper: float | None = None  # upper process limit
    sigma: float | None = None  # mean moving range / 1.128
    special: list[bool] = field(default_factory=list)  # per point: part of a special-cause signal
    rules: list[str] = field(default_factory=list)  # per point: "" or e.g. "outside limits"
    variation: str = (
        "not enough data"  # common cause / special cause improving / ... concerning / ... neutral
    )
    assurance: str | None = None  # "always met", "always missed", "hit and miss", None (no target)
    enough_data: bool = False  # True: an XmR chart (mean, limits); False: a run chart or nothing
    kind: str = "none"  # "xmr", "run" (median and run rules only, under 13 points) or "none"
    median: float | None = None  # the run chart's centre line
    phases: tuple[SpcPhase, ...] = ()  # XmR: one per period (rebasing); mean/limits = the last
    direction: list[int] = field(default_factory=list)  # per point: the winning side +1/-1, 0
    both_ways: list[bool] = field(default_factory=list)  # per point: signals in both directions


@dataclass(frozen=True)
class Computed:
    """Every derived figure for one indicator, period by period (SPEC section 5)."""

    sheet: str
    fy: int
    frequency: str  # Frequency
    report_index: int | None  # 0-based index of the reporting period, None if no data
    actual: Series
    actual_last_year: Series
    ytd: Series
    ytd_last_year: Series
    pct_change: Series  # YTD vs same period last year
    r12: Series
    r12_change: Series
    rate: Series
    denominator_value: Series  # the population effective in each period (None if no denominator)
    target: Series  # cumulative target trajectory (count) or target % (percentage)
    variance: Series  # YTD - trajectory (count) or pct_ytd - target (percentage)
    numerator: Series | None = None
    denominator: Series | None = None
    numerator_last_year: Series | None = None
    denominator_last_year: Series | None = None
    pct_ytd: Series | None = None  # sum(numerator)/sum(denominator), percentage indicators
    pct_ytd_last_year: Series | None = None
    # counts: the year before last (from the return or its history), for a longer SPC chart
    actual_year_before_last: Series | None = None
    headline: Series | None = (
        None  # the figure DoT compares: R12 (count), pct_ytd (percentage), value (snapshot)
    )
    rag: str = "None"  # Rag
    dot: str | None = None  # Dot
    forecast: float | None = None  # year-end forecast (count indicators)
    forecast_low: float | None = None
    forecast_high: float | None = None
    annual_target: float | None = None  # the year-end figure the forecast is judged against
    spc: SpcResult | None = None
    notes: list[str] = field(
        default_factory=list
    )  # what was assumed, e.g. "target row read as cumulative"
    period_labels: list[str] = field(default_factory=list)  # annual: the year labels, oldest first
    block: str | None = None  # Indicator.block: which grid of a sheet with several

    @property
    def key(self) -> str:
        return indicator_key(self.sheet, self.block)

    @property
    def n(self) -> int:
        if self.frequency == "annual":
            return len(self.actual)
        return 12 if self.frequency == "monthly" else 4

    def at_report(self, series: Series | None) -> float | None:
        if series is None or self.report_index is None:
            return None
        return series[self.report_index]
