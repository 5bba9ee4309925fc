"""How each sheet was read: plain data recorded by the reader while it decides.

Why: a blank that says nothing is the worst outcome, so every decision (which block, which
column is which period, which row is which kind and year, where the financial year and the
target came from, what was ignored) is kept with the cell that decided it. `inspect`, the Data
quality sheet's "How each sheet was read" section and the findings are all built from this, so
what the user is shown is exactly what was used. No I/O here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .row_kinds import how_words, kind_shown

SheetState = Literal["read", "skipped", "failed"]


@dataclass
class RowReading:
    """One grid row: its label, the kind it was read as, the year it was placed in, and why."""

    label: str
    label_cell: str
    kind: str
    year: str | None = None  # "2015/16" when the row belongs to a year
    how: str = ""  # "label", "Settings Row label | Kind", "year in label", "rule: ..."
    considered: list[str] = field(default_factory=list)  # other kinds that were weighed
    used: bool = True
    note: str = ""


@dataclass
class ColumnReading:
    """One header cell: the period (or history year, or extra column) it was read as."""

    cell: str
    header: str
    period: str  # "Apr-16", "Q1 2016/17", "2005/06", "history 14/15", "extra: YTD"


@dataclass
class BlockReading:
    """One grid found on a sheet: where it is and what each column and row was read as."""

    name: str | None
    range: str  # "A4:P11"
    header_row: int
    label_column: str  # "A"
    frequency: str
    fy: str | None = None  # "2015/16"
    fy_source: str = ""  # "the Settings sheet (B3)", "the title 'December 2016'", ...
    years: str = ""  # calendar years, shown instead of a financial year: "Years 2002 to 2006"
    columns: list[ColumnReading] = field(default_factory=list)
    rows: list[RowReading] = field(default_factory=list)
    target: str = ""  # what the target was understood as
    target_source: str = ""
    polarity: str = ""
    polarity_source: str = ""
    indicators: list[str] = field(default_factory=list)  # indicator keys it became ([]: not read)
    notes: list[str] = field(default_factory=list)


@dataclass
class SheetReading:
    """A sheet's outcome: read as N indicators, skipped (reason + cell), or failed."""

    sheet: str
    state: SheetState = "skipped"
    reason: str = ""
    cell: str | None = None  # the cell that decided a skip
    blocks: list[BlockReading] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # "A14 'Notes': text below the grid"
    notes: list[str] = field(default_factory=list)

    @property
    def indicators(self) -> list[str]:
        return [k for b in self.blocks for k in b.indicators]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["indicators"] = self.indicators
        return d

    def headline(self) -> str:
        """One line: 'read as 2 indicators', 'skipped: <reason>' or 'failed: <reason>'."""
        if self.state == "read":
            n = len(self.indicators)
            return f"read as {n} indicator{'s' if n != 1 else ''}"
        where = f" (at {self.cell})" if self.cell else ""
        return f"{self.state}: {self.reason}{where}"

    def lines(self) -> list[str]:
        """The reading as plain lines, for `inspect` and the Data quality sheet."""
        out = [f"Sheet '{self.sheet}': {self.headline()}"]
        for b in self.blocks:
            name = f" '{b.name}'" if b.name else ""
            out.append(
                f"  Grid{name} {b.range}: header row {b.header_row}, labels in column "
                f"{b.label_column}, {b.frequency}"
            )
            if b.years:
                out.append(f"  {b.years}")
            else:
                out.append(
                    f"  Financial year {b.fy} (from {b.fy_source})"
                    if b.fy
                    else "  Financial year unknown"
                )
            if b.columns:
                shown = ", ".join(f"{c.cell} '{c.header}' = {c.period}" for c in b.columns)
                out.append(f"  Columns: {shown}")
            for r in b.rows:
                year = f" ({r.year})" if r.year else ""
                state = "" if r.used or r.kind == "unknown" else " - not used"
                how = f" [{how_words(r.how)}]" if r.how else ""
                note = f": {r.note}" if r.note else ""
                shown = "not recognised" if r.kind == "unknown" and r.used else kind_shown(r.kind)
                out.append(f"    {r.label_cell} '{r.label}' -> {shown}{year}{how}{state}{note}")
            if b.target:
                out.append(f"  Target: {b.target} (from {b.target_source or 'nowhere'})")
            if b.polarity:
                out.append(f"  Polarity: {b.polarity} (from {b.polarity_source or 'default'})")
            out += [f"  Note: {n}" for n in b.notes]
        out += [f"  Ignored: {i}" for i in self.ignored]
        out += [f"  Note: {n}" for n in self.notes]
        return out
