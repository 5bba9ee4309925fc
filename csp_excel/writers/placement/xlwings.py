"""The xlwings adapter: placement into the open workbook, for the Excel button."""

from __future__ import annotations

from typing import Any

from ...core.refs import parse_a1
from ..number_formats import FMT_GENERAL
from ..palette import RAG_COLOURS, rgb_tuple
from .interface import PLAIN_FORMATS, safe_text


def _range_cells(ref: str) -> list[tuple[int, int]]:
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


class XlwingsSheet:
    """Adapter over an xlwings `Sheet` (the open workbook, for the Excel button).

    Uses only `sheet.range((r, c)).value` / `.number_format` / `.color` and
    `sheet.used_range.last_cell.row`, so it also runs against the in-memory double in tests.
    `values` (the sheet's values from A1, as already pulled for the reader) saves one call to
    Excel per cell read: each call costs milliseconds on Windows.
    Conditional formats need the Windows-only COM api in xlwings, so RAG cells are given a plain
    fill colour matching the letter written now: if a user later types another letter by hand the
    colour does not follow it (pressing Fill again recolours it).
    """

    def __init__(self, sheet: Any, values: list[list[Any]] | None = None) -> None:
        self.sheet = sheet
        self._values = values
        self._max_row: int | None = None

    def get(self, row: int, col: int) -> Any:
        if self._values is None:
            return self.sheet.range((row, col)).value
        if row - 1 < len(self._values) and col - 1 < len(self._values[row - 1]):
            return self._values[row - 1][col - 1]
        return None

    def set(self, row: int, col: int, value: Any) -> None:
        self.sheet.range((row, col)).value = safe_text(value)
        if self._values is not None:
            while len(self._values) < row:
                self._values.append([])
            line = self._values[row - 1]
            while len(line) < col:
                line.append(None)
            line[col - 1] = value
        if self._max_row is not None and value is not None:
            self._max_row = max(self._max_row, row)

    def set_format(self, row: int, col: int, number_format: str) -> None:
        rng = self.sheet.range((row, col))
        if str(rng.number_format or FMT_GENERAL) in PLAIN_FORMATS:
            rng.number_format = number_format

    def add_rag_conditional_format(self, ref: str) -> None:
        for r, c in _range_cells(ref):
            colour = RAG_COLOURS.get(str(self.get(r, c)))
            if colour:
                self.sheet.range((r, c)).color = rgb_tuple(colour)

    def max_row(self) -> int:
        if self._max_row is None:
            # Excel's last row is 1,048,576: keep room for rows appended at the end
            self._max_row = min(int(self.sheet.used_range.last_cell.row), 1_048_500)
        return self._max_row

    def writable(self, row: int, col: int) -> bool:
        return True
