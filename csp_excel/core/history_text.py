"""The words that say where borrowed figures came from and what a revision changed.

Why apart: the Data quality sheet, the "Where it comes from" column and the findings all say
it the same way, in the user's terms (file names, 'Sheet'!C14 cells, Dec-16 months). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import GridRow, Indicator
from .periods import period_name
from .titles import display_title

_MAX = 200  # the note column is a short note, not a report


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.4g}"


def _where(file: str, sheet: str, cell: str) -> str:
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"'{file}' ({quoted}!{cell})" if cell else f"'{file}' ({quoted})"


def revision_message(ind: Indicator, slot: tuple[int, int, str], a: tuple[str, str, str],
                     b: tuple[str, str, str], values: tuple[float, float],
                     freq: str) -> str:  # fmt: skip
    """'Robbery, May-16 (actual): 41 in 'june.xlsx' ('Robbery'!C10) is 45 in 'july.xlsx'
    ('Robbery'!C10): revised by +4 (+9.8%).'"""
    fy, period, measure = slot
    old, new = values
    change = new - old
    pct = f" ({change / old:+.1%})" if old else ""
    sign = "+" if change > 0 else "-"
    return (
        f"{display_title(ind)}, {period_name(fy, period, freq)} ({measure}): {_num(old)} in "
        f"{_where(*a)} is {_num(new)} in {_where(*b)}: revised by {sign}{_num(abs(change))}{pct}."
    )


def _runs(sources: Sequence[str | None]) -> list[tuple[int, int, str]]:
    """Consecutive periods taken from one file: (first, last, file)."""
    runs: list[tuple[int, int, str]] = []
    for i, s in enumerate(sources):
        if s is None:
            continue
        if runs and runs[-1][2] == s and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, s)
        else:
            runs.append((i, i, s))
    return runs


def sources_note(sources: Sequence[str | None], revised: Sequence[bool], fy: int,
                 freq: str) -> str:  # fmt: skip
    """'Jan-16…Mar-16 from 'csp 2016-03.xlsx'': which periods of a row came from which file."""
    parts = []
    for first, last, file in _runs(sources):
        span = period_name(fy, first, freq)
        if last != first:
            span += "…" + period_name(fy, last, freq)
        parts.append(f"{span} from '{file}'")
    if any(revised):
        parts.append("revised between returns (see Data quality)")
    return "; ".join(parts)[:_MAX]


def history_note(row: GridRow | None) -> str:
    """The provenance of a row's borrowed figures, or '' for a row as the return gave it."""
    return str(row.extra.get("history_note") or "") if row is not None else ""


def borrowed_note(ind: Indicator, taken: int, rows: Sequence[GridRow]) -> str:
    """The HISTORY finding of one indicator: how many figures came from earlier returns."""
    assert ind.grid is not None
    parts = [history_note(r) for r in rows if any(r.extra.get("sources") or [])]
    plural = "figure" if taken == 1 else "figures"
    return (
        f"{display_title(ind)}: {taken} {plural} taken from earlier returns ({'; '.join(parts)})."
    )
