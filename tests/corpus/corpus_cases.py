"""What the corpus expects: per return, its sheets' end states and its indicators' raw inputs.

`Case` and `Ind` hold only raw inputs (this year's and last year's actuals, numerators and
denominators, populations) and the targets/polarity a careful analyst reads from the return's
words. The expected derived figures are computed from these by tests/corpus/expected.py, never
by csp_excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus_xl import Denoms, Figure


@dataclass
class Ind:
    """One indicator (or block) the reader must find, with the raw numbers typed for it."""

    sheet: str
    block: str | None  # district / sub-title / row label naming the block; None: one per sheet
    frequency: str  # "monthly", "quarterly", "annual"
    fy: int  # FY start year (annual: the FY of the latest column)
    actual: list[float | None] = field(default_factory=list)  # this year, one slot per period
    last_year: list[float | None] | None = None
    year_before_last: list[float | None] | None = None  # gives R12 change (24 months known)
    cum_actual: list[float | None] | None = None  # the return gives only cumulative figures
    cum_last_year: list[float | None] | None = None
    kind: str = "count"  # "count" / "percentage"
    numerator: list[float | None] | None = None
    denominator: list[float | None] | None = None
    numerator_ly: list[float | None] | None = None
    denominator_ly: list[float | None] | None = None
    denominators: Denoms | None = None  # population for the rate, with effective dates
    per: float = 1000.0
    target: tuple[Any, ...] | None = None  # ("cap", 10064) / ("range", 0.25, 0.30) / ("none",)
    target_source: str | None = None  # "settings" when a Settings override must win
    polarity: str | None = None

    @property
    def n(self) -> int:
        if self.frequency == "monthly":
            return 12
        if self.frequency == "quarterly":
            return 4
        return len(self.actual)


@dataclass
class Case:
    """One corpus return: file name, layout class, seed, sheets' end states, indicators."""

    file: str
    layout: str
    seed: str
    sheets: dict[str, str]  # sheet -> "read" / "skipped" / "settings" / "any" (read or skipped)
    indicators: list[Ind]
    # findings that must exist: (acceptable codes, or () for any code; sheet; a cell it covers)
    expect_findings: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def indicators_on(self, sheet: str) -> list[Ind]:
        return [i for i in self.indicators if i.sheet == sheet]
