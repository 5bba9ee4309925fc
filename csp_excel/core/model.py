"""The data model every layer shares: a return as read, and the figures computed from it.

Pure dataclasses, no I/O. The reader builds `Return`/`Indicator`/`Grid`; the core turns each
`Indicator` into a `Computed`; writers and the export only read these objects.

Series are plain lists with one slot per period of the financial year (12 months April..March,
or 4 quarters), `None` where there is no figure. Percentages and changes are fractions
(0.03 for 3%), never rounded here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .reading import SheetReading

Series = list[float | None]

Severity = Literal["error", "warning", "info"]
Frequency = Literal["monthly", "quarterly", "annual"]
IndicatorKind = Literal["count", "percentage", "snapshot"]
Polarity = Literal["lower", "higher", "range", "monitor"]
Profile = Literal["linear", "seasonal"]
Rag = Literal["R", "A", "G", "None"]
Dot = Literal["improved", "static", "worse", "peaked"]

# Row kinds a grid row is mapped to (SPEC section 4). "unknown" rows are kept and shown as they are.
RowKind = Literal[
    "actual",
    "actual_last_year",
    "numerator",
    "denominator",
    "numerator_last_year",
    "denominator_last_year",
    "snapshot",
    "ytd",
    "ytd_numerator",
    "ytd_denominator",
    "pct_change",
    "r12",
    "r12_change",
    "rate",
    "target",
    "pct",
    "rank",
    "unknown",
]
INPUT_ROW_KINDS: frozenset[str] = frozenset(
    {
        "actual",
        "actual_last_year",
        "numerator",
        "denominator",
        "numerator_last_year",
        "denominator_last_year",
        "snapshot",
        "target",
        "rank",
        "unknown",
    }
)


@dataclass(frozen=True)
class Finding:
    """One located problem. Findings are data: collected, never raised."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    message: str
    expected: Any = None
    found: Any = None

    @property
    def location(self) -> str:
        """`'Robbery'!F12`, `'Robbery'`, or '' for whole-file findings."""
        if self.sheet is None:
            return ""
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!{self.cell}" if self.cell else quoted

    def to_dict(self) -> dict[str, Any]:
        """The SPEC section 10 JSON shape."""
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": _jsonable(self.expected),
            "found": _jsonable(self.found),
        }


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


@dataclass
class GridRow:
    """One row of an indicator's period grid, as read."""

    label: str
    kind: str  # a RowKind
    values: Series  # parsed numbers per period (None = missing/placeholder/not a number)
    raw: list[Any]  # the cell values as found, per period
    cells: list[str]  # A1 references per period, e.g. "C14"
    row: int  # 1-based sheet row
    label_cell: str  # A1 reference of the label
    extra: dict[str, Any] = field(
        default_factory=dict
    )  # cells right of the grid, e.g. {"YTD": 202}


@dataclass
class Grid:
    """The period grid: a header of 12 months (or 4 quarters) and the rows beneath it."""

    header_row: int  # 1-based
    first_col: int  # 1-based column of period 1
    frequency: Frequency
    fy: int  # start year of the financial year: 2016 for 2016/17
    period_labels: list[str]
    rows: list[GridRow]
    fy_source: str = "header"  # where the year came from: header, reporting month, row label, title
    annual_history: dict[str, float] = field(default_factory=dict)  # {"14/15": 1874} columns

    @property
    def n(self) -> int:
        """Periods per row: 12 months, 4 quarters, or one per year label (annual grids)."""
        if self.frequency == "annual":
            return len(self.period_labels)
        return 12 if self.frequency == "monthly" else 4

    def first(self, kind: str) -> GridRow | None:
        for r in self.rows:
            if r.kind == kind:
                return r
        return None

    def find_label(self, label: str) -> GridRow | None:
        want = " ".join(label.lower().split())
        for r in self.rows:
            if " ".join(r.label.lower().split()) == want:
                return r
        return None


@dataclass
class Target:
    """What the indicator is measured against (SPEC section 5).

    kind:
      cap            annual maximum N ("No more than 257")           value=N
      floor          annual minimum N ("More than 6587")             value=N
      reduction_pct  x% reduction on last year ("5% decrease")       value=x (0.05)
      reduction      below last year's figures                       value=None
      increase       above last year's figures                       value=None
      rate           a YTD percentage to reach ("70%")               value=0.70
      range          a YTD percentage band ("28% - 40%")             low, high
      none           monitoring only / no target
    """

    kind: str = "none"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    text: str = ""
    source: str = (
        "none"  # "settings", "sheet" (parsed from the return's words), "target row", "none"
    )
    cell: str | None = None  # where the text was found


@dataclass
class Denominator:
    name: str
    value: float
    effective_from: date


@dataclass
class IndicatorOverride:
    """A row of the Settings sheet's indicator table; None means "not overridden"."""

    polarity: str | None = None
    target: str | None = None
    denominator: str | None = None
    per: float | None = None
    tolerance: float | None = None
    profile: str | None = None
    kind: str | None = None
    numerator_row: str | None = None
    denominator_row: str | None = None


@dataclass
class Settings:
    partnership: str | None = None
    reporting_month: date | None = None  # first day of the month
    rag_tolerance: float = 0.10
    static_band: float = 0.01
    denominators: dict[str, list[Denominator]] = field(default_factory=dict)  # key: lower-case name
    indicators: dict[str, IndicatorOverride] = field(default_factory=dict)  # key: lower-case sheet
    source: str = "default"  # "sheet", "config", "options", "default"
    cells: dict[str, str] = field(default_factory=dict)  # setting name -> A1 cell in Settings sheet
    # where the reporting month came from, in the user's words: "the Settings sheet (B3)",
    # "--reporting-month", "the titles ('December 2016')"; "" when there is none
    reporting_month_source: str = ""

    def denominator(self, name: str | None) -> list[Denominator]:
        if not name:
            return []
        return sorted(self.denominators.get(name.lower(), []), key=lambda d: d.effective_from)


@dataclass
class Indicator:
    """One indicator sheet of a return, as read, with its text, grid and resolved settings."""

    sheet: str
    title: str
    grid: Grid | None
    kind: str = "count"  # IndicatorKind
    polarity: str = "monitor"  # Polarity
    polarity_source: str = "default"  # "settings", "sheet", "default"
    target: Target = field(default_factory=Target)
    denominator_name: str | None = None  # e.g. "Residents", "Households"
    per: float = 1000.0
    tolerance: float | None = None  # None: use the partnership's
    profile: str = "linear"  # Profile
    portfolio: str | None = None
    source: str | None = None  # "Source: IQuanta"
    report_month_text: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # "Definition" -> text, in sheet order
    text_cells: dict[str, str] = field(
        default_factory=dict
    )  # "Definition" -> "B6" (the value cell)
    typed_rag: str | None = None  # "R"/"A"/"G"/"None" as typed in the return
    typed_rag_cell: str | None = None
    narrative: str | None = None  # Performance Overview text
    narrative_cell: str | None = None
    numerator_label: str | None = None  # settings "Numerator row"
    denominator_label: str | None = None  # settings "Denominator row"
    # several grids on one sheet: the district or sub-title naming this one (None: one grid)
    block: str | None = None
    district: str | None = None  # side-by-side blocks: the district is the block's partnership
    typed_dot: str | None = None  # a direction-of-travel arrow typed in the return ("improved"...)
    typed_dot_cell: str | None = None

    @property
    def key(self) -> str:
        """Unique within a return: the sheet name, plus the block name when a sheet has several."""
        return indicator_key(self.sheet, self.block)


def indicator_key(sheet: str, block: str | None) -> str:
    """'Criminal damage' or 'Criminal damage (Blaby)': how indicators are joined and named."""
    return f"{sheet} ({block})" if block else sheet


@dataclass
class Return:
    """A whole workbook read: its indicators, settings and the findings met while reading."""

    path: str | None
    settings: Settings
    indicators: list[Indicator] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    other_sheets: list[str] = field(default_factory=list)  # sheets that are not indicators
    readings: list[SheetReading] = field(default_factory=list)  # how each sheet was read

    @property
    def partnership(self) -> str | None:
        return self.settings.partnership


@dataclass
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
    enough_data: bool = False


@dataclass
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
