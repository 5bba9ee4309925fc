"""The `Sheet` interface placement writes through, and what every adapter shares.

Two adapters implement it: `package.PackageSheet` (the user's own file, patched) and
`xlwings.XlwingsSheet` (the open workbook, for the Excel button).
"""

from __future__ import annotations

from typing import Any, Protocol

from ...core.refs import a1
from ...core.text import neutralise_formula
from ..number_formats import FMT_CHANGE_WHOLE, FMT_COUNT, FMT_GENERAL, FMT_PCT, FMT_RATE, FMT_TEXT

# row kind -> (Computed attribute, number format)
DERIVED: dict[str, tuple[str, str]] = {
    "ytd": ("ytd", FMT_COUNT),
    "pct_change": ("pct_change", FMT_CHANGE_WHOLE),
    "r12": ("r12", FMT_COUNT),
    "r12_change": ("r12_change", FMT_CHANGE_WHOLE),
    "rate": ("rate", FMT_RATE),
    "pct": ("pct_ytd", FMT_PCT),
}

PLAIN_FORMATS = (FMT_GENERAL, FMT_TEXT)  # formats we may replace; any other is the user's choice
RAG_LABEL = "Computed RAG:"
ADDED_NOTE = "Figures added by csp-excel for the grid above"


class Sheet(Protocol):
    """The handful of operations placement needs; rows and columns are 1-based."""

    def get(self, row: int, col: int) -> Any: ...

    def set(self, row: int, col: int, value: Any) -> None: ...

    def set_format(self, row: int, col: int, number_format: str) -> None:
        """Set a number format, but never replace a format the user chose (only "General")."""
        ...

    def add_rag_conditional_format(self, ref: str) -> None:
        """Colour the cells of `ref` ("D30" or "D30:D31") by their R/A/G/None text."""
        ...

    def max_row(self) -> int: ...

    def writable(self, row: int, col: int) -> bool:
        """False for cells hidden inside a merged range (only its top-left cell takes a value)."""
        ...


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def safe_text(value: Any) -> Any:
    """Text must never turn into a formula in Excel: a leading ' keeps it as text."""
    return neutralise_formula(value) if isinstance(value, str) else value


class Writer:
    """Writes through a Sheet and remembers every cell it touched."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.written: list[str] = []

    def put(self, row: int, col: int, value: Any, fmt: str | None = None) -> None:
        if not self.sheet.writable(row, col):
            # inside a merged range: skipped; a sheet that keeps a `not_written` list is told
            skipped = getattr(self.sheet, "not_written", None)
            if isinstance(skipped, list) and value is not None:
                skipped.append(a1(row, col))
            return
        if value is None and is_empty(self.sheet.get(row, col)):
            return  # nothing to clear: leave the cell exactly as it is
        self.sheet.set(row, col, value)
        if fmt and value is not None:
            self.sheet.set_format(row, col, fmt)
        self.written.append(a1(row, col))
