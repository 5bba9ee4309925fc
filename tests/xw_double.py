"""An in-memory stand-in for exactly the xlwings surface csp_excel.excel uses.

xlwings only drives Excel on Windows and macOS, so the button's Python is tested here against this
double. It mimics what Excel returns: numbers come back as float, empty cells as None, a text value
set with a leading apostrophe is stored without it (Excel's "this is text" prefix), and a text set
starting with "=" is kept as a formula (recorded in `formulas`). Only what csp_excel uses exists:

    Book(.sheets, .name, .app.alert), Sheets(iter, [name|index], .add(name)),
    Sheet(.name, .range(a, b=None), .used_range, .clear()),
    Range(.value get/set, .options(ndim=2), .number_format, .color, .expand(), .last_cell, .row, .column)

`Book(lite=True)` behaves as xlwings Lite's engine (xlwings/pro/_xlremote.py, 0.37.8) does where it
differs: a number format or fill colour cannot be read synchronously (NotImplementedError; the
async `get_number_format()` reads it), `app.status_bar` raises, and whole numbers come back as int
(Pyodide turns a whole JavaScript number into a Python int). `to_json`/`from_json` carry a book's
cells into a Pyodide runtime (tests/pyodide), where openpyxl is not loaded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

LITE_NO_SYNC_READ = "Reading the {} synchronously isn't supported on this engine."


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) and value == "":
        return None
    return value


class Range:
    def __init__(self, sheet: Sheet, first: tuple[int, int], last: tuple[int, int] | None = None):
        self.sheet = sheet
        self.first = first
        self.last_ = last or first
        self._ndim: int | None = None

    @property
    def row(self) -> int:
        return self.first[0]

    @property
    def column(self) -> int:
        return self.first[1]

    @property
    def last_cell(self) -> Range:
        return Range(self.sheet, self.last_)

    def _cells(self) -> list[list[tuple[int, int]]]:
        (r1, c1), (r2, c2) = self.first, self.last_
        return [[(r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def options(self, ndim: int | None = None, **_: Any) -> Range:
        rng = Range(self.sheet, self.first, self.last_)
        rng._ndim = ndim
        return rng

    def _get(self, rc: tuple[int, int]) -> Any:
        v = self.sheet.cells.get(rc)
        if self.sheet.book.lite and isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    @property
    def value(self) -> Any:
        grid = [[self._get(rc) for rc in row] for row in self._cells()]
        if self._ndim == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if all(len(r) == 1 for r in grid):
            return [r[0] for r in grid]
        return grid

    @value.setter
    def value(self, value: Any) -> None:
        r0, c0 = self.first
        if isinstance(value, (list, tuple)):
            rows = value if value and isinstance(value[0], (list, tuple)) else [value]
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    self.sheet.put(r0 + i, c0 + j, v)
            return
        for row in self._cells():
            for r, c in row:
                self.sheet.put(r, c, value)

    @property
    def number_format(self) -> str:
        if self.sheet.book.lite:
            raise NotImplementedError(LITE_NO_SYNC_READ.format("number format"))
        return self.sheet.formats.get(self.first, "General")

    async def get_number_format(self) -> Any:
        """Lite's read of the formats: one value for one cell, else a list of rows."""
        grid = [[self.sheet.formats.get(rc, "General") for rc in row] for row in self._cells()]
        return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        for row in self._cells():
            for rc in row:
                self.sheet.formats[rc] = fmt

    @property
    def color(self) -> tuple[int, int, int] | None:
        if self.sheet.book.lite:
            raise NotImplementedError(LITE_NO_SYNC_READ.format("fill color"))
        return self.sheet.colors.get(self.first)

    @color.setter
    def color(self, rgb: tuple[int, int, int] | None) -> None:
        for row in self._cells():
            for rc in row:
                self.sheet.colors[rc] = rgb

    def expand(self, mode: str = "table") -> Range:
        r, c = self.first
        r2, c2 = r, c
        while self.sheet.cells.get((r2 + 1, c)) is not None:
            r2 += 1
        while self.sheet.cells.get((r, c2 + 1)) is not None:
            c2 += 1
        return Range(self.sheet, (r, c), (r2, c2))


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.colors: dict[tuple[int, int], Any] = {}
        self.formulas: set[tuple[int, int]] = set()
        self.extent = (1, 1)  # formatted-but-empty cells still count in Excel's used range

    def put(self, r: int, c: int, value: Any) -> None:
        value = _norm(value)
        self.formulas.discard((r, c))
        if isinstance(value, str) and value.startswith("'"):
            value = value[1:]
        elif isinstance(value, str) and value.startswith("="):
            self.formulas.add((r, c))
        if value is None:
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = value

    def range(self, a: Any, b: Any = None) -> Range:
        return Range(self, tuple(a), tuple(b) if b is not None else None)

    @property
    def used_range(self) -> Range:
        keys = list(self.cells) + list(self.formats) + list(self.colors) + [self.extent]
        return Range(self, (1, 1), (max(k[0] for k in keys), max(k[1] for k in keys)))

    def clear(self) -> None:
        self.cells.clear()
        self.formats.clear()
        self.colors.clear()
        self.formulas.clear()
        self.extent = (1, 1)


class Sheets:
    def __init__(self, book: Book) -> None:
        self.book = book
        self._list: list[Sheet] = []

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._list))

    def __len__(self) -> int:
        return len(self._list)

    def __getitem__(self, key: int | str) -> Sheet:
        if isinstance(key, int):
            return self._list[key]
        for s in self._list:
            if s.name.lower() == key.lower():
                return s
        raise KeyError(key)

    def add(self, name: str | None = None, before: Any = None, after: Any = None) -> Sheet:
        sheet = Sheet(self.book, name or f"Sheet{len(self._list) + 1}")
        if any(s.name.lower() == sheet.name.lower() for s in self._list):
            raise ValueError(f"a sheet named {sheet.name!r} already exists")
        self._list.append(sheet)
        return sheet


class App:
    def __init__(self, lite: bool = False) -> None:
        self.alerts: list[str] = []
        self.lite = lite
        self._status_bar: str | None = None

    @property
    def status_bar(self) -> str | None:
        return self._status_bar

    @status_bar.setter
    def status_bar(self, text: str | None) -> None:
        if self.lite:
            raise NotImplementedError("status_bar is not supported: it has no equivalent setting.")
        self._status_bar = text

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> str:
        self.alerts.append(prompt)
        return "ok"


class Book:
    def __init__(self, name: str = "Book1.xlsx", lite: bool = False) -> None:
        self.name = name
        self.lite = lite
        self.sheets = Sheets(self)
        self.app = App(lite)

    @classmethod
    def from_xlsx(cls, path: Path) -> Book:
        """Cached values, number formats and extent of every sheet of an xlsx, like Excel shows."""
        from openpyxl import load_workbook

        wb = load_workbook(path, data_only=True)
        book = cls(Path(path).name)
        for ws in wb.worksheets:
            sheet = book.sheets.add(ws.title)
            sheet.extent = (ws.max_row, ws.max_column)
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        sheet.put(cell.row, cell.column, cell.value)
                    if cell.number_format != "General":
                        sheet.formats[(cell.row, cell.column)] = cell.number_format
        wb.close()
        return book

    def values(self) -> dict[str, dict[tuple[int, int], Any]]:
        """sheet -> {(row, col): value}: everything the book holds, for comparisons."""
        return {s.name: dict(s.cells) for s in self.sheets}

    def to_json(self) -> dict[str, Any]:
        """Every sheet's cells, formats, colours and extent as JSON-safe data (dates tagged)."""
        return {
            "name": self.name,
            "sheets": [
                {
                    "name": s.name,
                    "extent": list(s.extent),
                    "cells": [[r, c, _tag(v)] for (r, c), v in sorted(s.cells.items())],
                    "formulas": sorted([r, c] for r, c in s.formulas),
                    "formats": [[r, c, f] for (r, c), f in sorted(s.formats.items())],
                    "colors": [[r, c, v] for (r, c), v in sorted(s.colors.items())],
                }
                for s in self.sheets
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], lite: bool = False) -> Book:
        book = cls(data["name"], lite=lite)
        for sd in data["sheets"]:
            sheet = book.sheets.add(sd["name"])
            sheet.extent = tuple(sd["extent"])  # type: ignore[assignment]
            sheet.cells = {(r, c): _untag(v) for r, c, v in sd["cells"]}
            sheet.formulas = {(r, c) for r, c in sd["formulas"]}
            sheet.formats = {(r, c): f for r, c, f in sd["formats"]}
            sheet.colors = {
                (r, c): tuple(v) if isinstance(v, list) else v for r, c, v in sd["colors"]
            }
        return book


def _tag(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, dt.time):
        return {"time": v.isoformat()}
    if isinstance(v, dt.timedelta):
        return {"seconds": v.total_seconds()}
    return v


def _untag(v: Any) -> Any:
    if not isinstance(v, dict):
        return v
    if "datetime" in v:
        return dt.datetime.fromisoformat(v["datetime"])
    if "date" in v:
        return dt.date.fromisoformat(v["date"])
    if "time" in v:
        return dt.time.fromisoformat(v["time"])
    return dt.timedelta(seconds=v["seconds"])
