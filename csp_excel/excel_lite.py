"""The Fill and Validate buttons with nothing to install: xlwings Lite (Python inside Excel,
through Pyodide).

`workbook_templates/xlwings_lite/main.py` is pasted into the add-in's editor; its two `@script`
functions only call `fill` and `validate` here, which run the classic buttons' own
`excel.fill_book` / `excel.validate_book` (the same service and placement code) on the open book.
What Lite's engine does differently is absorbed by a thin adapter, not by a second code path:

- it cannot read a number format synchronously (only `await rng.get_number_format()`), so the
  formats of every sheet that is read are fetched first, one call per sheet, and placement then
  keeps a user's own formats exactly as the classic button does;
- whole numbers arrive as int (Pyodide's conversion) where Excel on the desktop gives float:
  they are given back as float, so the reader sees what the classic button sees;
- there is no status bar; a message box (`app.alert`) appears when the script ends.

Imports only the pure core, the reader of pulled cell values, placement and the service for an
open workbook: nothing that needs files, a child process or a compiled package
(tests/test_excel_lite.py checks the list; tests/pyodide runs it in a real Pyodide runtime).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from . import excel
from .excel import MAX_COLS, MAX_ROWS, OUR_SHEETS

# the shapes main.py's buttons are, on a sheet named Start (which the reader never reads)
FILL_BUTTON = "[csp_fill]Start!B4"
VALIDATE_BUTTON = "[csp_validate]Start!B7"
GENERAL = "General"


def _as_desktop(value: Any) -> Any:
    """A value as Excel on the desktop gives it: whole numbers as float, rows as lists."""
    if isinstance(value, list):
        return [_as_desktop(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


class LiteRange:
    """One range of a Lite sheet; number formats read from the ones fetched beforehand."""

    def __init__(self, sheet: LiteSheet, rng: Any) -> None:
        self._sheet, self._rng = sheet, rng

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rng, name)

    def options(self, *args: Any, **kwargs: Any) -> LiteRange:
        return LiteRange(self._sheet, self._rng.options(*args, **kwargs))

    @property
    def last_cell(self) -> Any:
        return self._rng.last_cell

    @property
    def value(self) -> Any:
        return _as_desktop(self._rng.value)

    @value.setter
    def value(self, value: Any) -> None:
        self._rng.value = value

    @property
    def number_format(self) -> str:
        return self._sheet.format_at(self._rng.row, self._rng.column)

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        self._rng.number_format = fmt
        self._sheet.formats[(self._rng.row, self._rng.column)] = fmt

    @property
    def color(self) -> Any:
        raise NotImplementedError("csp-excel never reads a fill colour")

    @color.setter
    def color(self, rgb: Any) -> None:
        self._rng.color = rgb


class LiteSheet:
    """A Lite sheet with its number formats (row, column) -> format, as fetched."""

    def __init__(self, sheet: Any, formats: dict[tuple[int, int], str]) -> None:
        self._sheet, self.formats = sheet, formats

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    @property
    def name(self) -> str:
        return str(self._sheet.name)

    def format_at(self, row: int, col: int) -> str:
        # outside the used range nothing was ever formatted: General, as Excel shows it
        return self.formats.get((row, col), GENERAL)

    def range(self, *args: Any) -> LiteRange:
        return LiteRange(self, self._sheet.range(*args))


class LiteSheets:
    def __init__(self, book: LiteBook) -> None:
        self._book = book

    def _wrap(self, sheet: Any) -> LiteSheet:
        return LiteSheet(sheet, self._book.formats.setdefault(str(sheet.name), {}))

    def __iter__(self) -> Any:
        return iter([self._wrap(s) for s in self._book.book.sheets])

    def __len__(self) -> int:
        return len(self._book.book.sheets)

    def __getitem__(self, key: Any) -> LiteSheet:
        return self._wrap(self._book.book.sheets[key])

    def add(self, *args: Any, **kwargs: Any) -> LiteSheet:
        return self._wrap(self._book.book.sheets.add(*args, **kwargs))


class LiteBook:
    """The open book as the classic button's code expects it (see csp_excel/excel.py)."""

    def __init__(self, book: Any, formats: dict[str, dict[tuple[int, int], str]]) -> None:
        self.book, self.formats = book, formats
        self.sheets = LiteSheets(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.book, name)


def _grid(fetched: Any, n_rows: int, n_cols: int) -> dict[tuple[int, int], str]:
    """`get_number_format()`'s answer (one format for the whole range, or a list of rows) as
    (row, column) -> format, leaving out General."""
    rows = fetched if isinstance(fetched, list) else [[fetched] * n_cols] * n_rows
    return {
        (r, c): str(fmt)
        for r, line in enumerate(rows, start=1)
        for c, fmt in enumerate(line if isinstance(line, list) else [line], start=1)
        if fmt is not None and str(fmt) != GENERAL
    }


async def fetch_formats(book: Any) -> dict[str, dict[tuple[int, int], str]]:
    """Every read sheet's number formats over the area the button reads: one call per sheet."""
    formats: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in book.sheets:
        if sheet.name.strip().lower() in OUR_SHEETS:
            continue
        last = sheet.used_range.last_cell
        n_rows, n_cols = min(int(last.row), MAX_ROWS), min(int(last.column), MAX_COLS)
        fetched = await sheet.range((1, 1), (n_rows, n_cols)).get_number_format()
        formats[str(sheet.name)] = _grid(fetched, n_rows, n_cols)
    return formats


async def fill_lite(book: Any) -> str:
    """The Fill button's work on a Lite book (excel.fill_book); a message."""
    return excel.fill_book(LiteBook(book, await fetch_formats(book)))


async def validate_lite(book: Any) -> str:
    """The Validate button's work on a Lite book (excel.validate_book); a message."""
    return excel.validate_book(LiteBook(book, {}))


async def _run(book: Any, action: Callable[[Any], Awaitable[str]]) -> str:
    """Run a button, and tell the user in a message box, never as a traceback in a cell."""
    try:
        message = await action(book)
    except Exception as e:  # noqa: BLE001 - the user sees a message box, never a traceback
        message = excel.failure_message(e)  # the detail goes to the Output pane (stderr)
    print(message)  # the Output pane keeps it after the message box is closed
    _tell(book, message)
    return message


def _tell(book: Any, message: str) -> None:
    """A message box, shown when the script ends (Lite has no status bar to fall back on)."""
    try:
        book.app.alert(message, title="csp-excel")
    except Exception:  # noqa: BLE001 - the message is in the Output pane already
        pass


async def fill(book: Any) -> str:
    """The Lite Fill button (main.py `fill`)."""
    return await _run(book, fill_lite)


async def validate(book: Any) -> str:
    """The Lite Validate button (main.py `validate`)."""
    return await _run(book, validate_lite)
