"""A partnership's monthly returns built from the seed figures, each carrying only its own year.

The March 2016 return carries 2015/16 (last year's monthly actuals as tests/published.py derives
them from the published rolling 12 months); April ... December 2016 returns carry 2016/17 up to
their month. Two months are revised: TNO May-16 is 4 lower in the May and June returns than from
July on, and TNO Sep-16 is 2 higher in the September return than from October on. `single_return`
is the December return carrying both years, as the answer the history must reproduce.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.published import COUNT, LAST_YEAR
from tests.wb_factory import indicator_rows, month_headers, settings_rows, write_book

NAMES = ("TNO", "Robbery")
PARTNERSHIP = "Barking and Dagenham"
MONTH_NAMES = ["April", "May", "June", "July", "August", "September", "October", "November",
               "December"]  # fmt: skip
ABBR = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DENOMINATORS = [
    ["Residents", 198294, datetime(2015, 6, 30)],
    ["Residents", 201979, datetime(2016, 6, 30)],
]
# (month index revised, returns' months that carry the first figure, change of that figure)
REVISIONS = {1: ((1, 2), -4), 5: ((5,), +2)}


def actual(name: str) -> list[float]:
    return [float(v.replace(",", "")) for v in COUNT[name]["actual"]]


def first_figures(name: str, month: int) -> list[float]:
    """The 2016/17 figures the return for `month` (0 = April) carries, revisions included."""
    out = actual(name)[: month + 1]
    if name == "TNO":
        for i, (months, change) in REVISIONS.items():
            if month in months and i <= month:
                out[i] += change
    return out


def _book(path: Path, month_text: str, rm: str, fy: int, rows: dict[str, list[Any]]) -> Path:
    sheets: dict[str, list[list[Any]]] = {}
    for name in NAMES:
        grid = [[label, *values] for label, values in rows[name]]
        sheets[name] = indicator_rows(
            title=COUNT[name]["title"], month_text=month_text, grid=grid,
            headers=month_headers(fy), target="5% decrease from previous year",
        )  # fmt: skip
    sheets["Settings"] = settings_rows(
        partnership=PARTNERSHIP, reporting_month=rm, denominators=DENOMINATORS,
        indicators=[[n, "lower", None, "Residents", 1000] for n in NAMES],
    )  # fmt: skip
    return write_book(path, sheets)


def monthly_return(folder: Path, month: int) -> Path:
    """The return for month `month` of 2016/17 (0 = April), only this year's figures."""
    rows = {n: [("Month", first_figures(n, month))] for n in NAMES}
    name = f"bd {2016}-{month + 4:02d}.xlsx" if month < 9 else f"bd {month}.xlsx"
    return _book(folder / name, f"{MONTH_NAMES[month]} 2016", f"{ABBR[month]}-16", 2016, rows)


def last_year_return(folder: Path) -> Path:
    """March 2016: the whole of 2015/16."""
    rows = {n: [("Month", [float(v) for v in LAST_YEAR[n]])] for n in NAMES}
    return _book(folder / "bd 2016-03.xlsx", "March 2016", "Mar-16", 2015, rows)


def march_return(folder: Path, fy: int, figures: dict[str, list[float]]) -> Path:
    """The March return of financial year `fy`: that whole year, `figures` per indicator."""
    rows = {n: [("Month", list(figures[n]))] for n in NAMES}
    end = fy + 1
    return _book(folder / f"bd {end}-03.xlsx", f"March {end}", f"Mar-{end % 100:02d}", fy, rows)


def history_folder(folder: Path) -> Path:
    """The earlier returns of the December return: March 2016 and April ... November 2016."""
    folder.mkdir(parents=True, exist_ok=True)
    last_year_return(folder)
    for m in range(8):
        monthly_return(folder, m)
    return folder


def another_partnership(source: Path, target: Path, name: str) -> Path:
    """A copy of `source` whose Settings sheet names another partnership."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    wb["Settings"]["B2"] = name
    wb.save(target)
    return target


def single_return(path: Path) -> Path:
    """December 2016 carrying both years: what the history must reproduce."""
    rows = {
        n: [("Month", actual(n)), ("Last year", [float(v) for v in LAST_YEAR[n]])] for n in NAMES
    }
    return _book(path, "December 2016", "Dec-16", 2016, rows)
