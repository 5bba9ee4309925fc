"""What the core concluded about one indicator, and about a whole return: built once, never changed.

Every consumer (service, the writers, the tidy export, placement, the Excel button) reads these,
so nothing downstream resolves rows again, recomputes a figure or merges findings a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from csp_excel.core.model import Computed, Finding, Indicator
from csp_excel.core.rows import Rows


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator: its resolved rows, every computed figure, its findings, its drafted text."""

    indicator: Indicator
    rows: Rows  # the grid rows calc used (the writers show and cite the same ones)
    computed: Computed  # complete when built: SPC, forecast and block included
    findings: tuple[Finding, ...] = ()
    draft: str = ""  # the drafted Performance Overview ("" when none could be drafted)

    @property
    def key(self) -> str:
        """The indicator's key: its sheet, plus the block when a sheet has several grids."""
        return self.indicator.key


@dataclass(frozen=True)
class Analysis:
    """A whole return: one result per indicator with a grid, and every finding merged once
    (the reader's first, then each indicator's in sheet order)."""

    results: tuple[IndicatorResult, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def computed(self) -> list[Computed]:
        """Each result's figures, in order (read-only view for callers that need only those)."""
        return [r.computed for r in self.results]


def by_key(results: Iterable[IndicatorResult]) -> dict[str, IndicatorResult]:
    """Results joined to their indicators by key (sheet plus block), never by sheet name alone."""
    return {r.key: r for r in results}
