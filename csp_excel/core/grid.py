"""The period grid of an indicator as read: its header, its rows and the kind of each row.

Pure dataclasses, no I/O: the reader builds them, the core reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .kinds import Frequency, Series

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
