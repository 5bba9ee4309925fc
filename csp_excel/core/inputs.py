"""A return as read: its settings, its indicators (text, grid, target) and what reading found.

Pure dataclasses, no I/O. The reader builds `Return`/`Indicator`; the core turns each
`Indicator` into a `Computed` (core.computed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .finding import Finding
from .grid import Grid
from .reading import SheetReading


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
    spc_baseline: int | None = None  # "SPC baseline": XmR limits on the first N points (12-20)
    spc_rebase_from: str | None = None  # "SPC rebase from": a month as a period code "2017-04"
    spc_rebase_reason: str | None = None  # "SPC rebase reason": why, shown on the chart
    spc_rebase_at: tuple[str, str] | None = None  # (sheet, cell) where the month was typed


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
    # settings typed on the command line (e.g. "rag_tolerance"): they win over a Settings sheet
    given: tuple[str, ...] = ()
    history_folder: str | None = None  # earlier returns of the partnership (--history)
    revision_threshold: float | None = None  # a revision above this fraction is a warning

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
    spc_baseline: int | None = None  # Settings "SPC baseline": limits on the first N points
    spc_rebase: tuple[
        tuple[str, str], ...
    ] = ()  # Settings "SPC rebase from": (period code, reason)

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
