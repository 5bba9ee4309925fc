"""The input figures of one return as plain records, and which earlier indicator is which.

Why: an earlier return supplies months a return lacks (SPEC section 10, History). Its figures are
kept as flat `Figure` records (so the service can cache them) and matched to the return's
indicators by rules that use only what the reader read, never a file's or a sample's words:

- partnership: the indicator's partnership (a district block's district, else the return's
  Partnership) must be named on both sides and equal once normalised (case, spacing,
  punctuation and '&' / 'and' ignored). A return with no partnership name borrows nothing.
- indicator: the same normalised sheet-and-block key, else the same normalised display title
  when that title is held by exactly one indicator in each of the two returns; the frequency
  (monthly / quarterly) and the kind (count, percentage, snapshot) must also agree.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import GridRow, Indicator, Return
from .periods import fy_of, month_index
from .rows import resolve_rows
from .titles import display_title

# the measures a return supplies for a period (derived rows are recomputed, never borrowed)
MEASURES = ("actual", "numerator", "denominator")


@dataclass(frozen=True)
class Figure:
    """One input figure of a return: which indicator, which period, which cell."""

    partnership: str
    key: str  # the indicator's sheet (and block)
    title: str  # its display title
    kind: str  # count / percentage / snapshot
    freq: str  # monthly / quarterly
    fy: int
    period: int  # 0-based month (April = 0) or quarter
    measure: str  # one of MEASURES
    value: float
    sheet: str
    cell: str


@dataclass(frozen=True)
class Earlier:
    """An earlier return, as figures: its file name and the month it reports (an absolute
    month number, fy * 12 + index; None when it cannot be known)."""

    file: str
    as_of: int | None
    figures: tuple[Figure, ...]


def norm(text: str | None) -> str:
    """'MOPAC 7: Robbery  Overall' -> 'mopac 7 robbery overall'; '&' reads as 'and'."""
    t = (text or "").lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", t).split())


def absolute(fy: int, period: int, freq: str) -> int:
    """A period as a month number that orders months and quarters alike."""
    return fy * 12 + (period * 3 + 2 if freq == "quarterly" else period)


def partnership_of(ind: Indicator, ret_partnership: str | None) -> str:
    return ind.district or ret_partnership or ""


def _sources(ind: Indicator) -> list[tuple[GridRow | None, int, str]]:
    """(row, fy, measure) for every input row of an indicator that calc would read."""
    assert ind.grid is not None
    rows, fy = resolve_rows(ind), ind.grid.fy
    first = "numerator" if ind.kind == "percentage" else "actual"
    out = [(rows.actual, fy, first), (rows.actual_last_year, fy - 1, first)]
    out.append((rows.actual_year_before_last, fy - 2, first))
    if ind.kind == "percentage":
        out += [(rows.denominator, fy, "denominator")]
        out += [(rows.denominator_last_year, fy - 1, "denominator")]
    return out


def indicator_figures(ind: Indicator, partnership: str | None) -> list[Figure]:
    """The input figures of one monthly or quarterly indicator (annual grids lend nothing)."""
    g = ind.grid
    if g is None or g.frequency not in ("monthly", "quarterly"):
        return []
    out: list[Figure] = []
    for row, fy, measure in _sources(ind):
        if row is None:
            continue
        for i, v in enumerate(row.values[: g.n]):
            if v is None:
                continue
            cell = row.cells[i] if i < len(row.cells) else ""
            out.append(Figure(partnership_of(ind, partnership), ind.key, display_title(ind),
                              ind.kind, g.frequency, fy, i, measure, float(v), ind.sheet, cell))  # fmt: skip
    return out


def return_figures(ret: Return) -> tuple[Figure, ...]:
    return tuple(f for ind in ret.indicators for f in indicator_figures(ind, ret.partnership))


def as_of(ret: Return, figures: Sequence[Figure]) -> int | None:
    """The month a return reports: its reporting month, else its latest current-year figure."""
    rm = ret.settings.reporting_month
    if rm is not None:
        return fy_of(rm) * 12 + month_index(rm)
    current = [f for f in figures if f.fy == max((g.fy for g in figures), default=0)]
    return max((absolute(f.fy, f.period, f.freq) for f in current), default=None)


@dataclass(frozen=True)
class Match:
    """An earlier return's indicator taken as the same as one of the return's, and why."""

    file: str
    key: str  # the earlier indicator's key
    rule: str  # "same sheet" or "same title"


def _unique_titles(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """norm(title) -> key, for titles held by exactly one indicator."""
    seen: dict[str, set[str]] = {}
    for key, title in items:
        seen.setdefault(norm(title), set()).add(key)
    return {t: next(iter(keys)) for t, keys in seen.items() if t and len(keys) == 1}


Index = dict[str, dict[str, list[Figure]]]  # norm(partnership) -> indicator key -> figures


def index_of(earlier: Earlier) -> Index:
    """An earlier return's figures by partnership and indicator, built once per merge."""
    out: Index = {}
    for f in earlier.figures:
        out.setdefault(norm(f.partnership), {}).setdefault(f.key, []).append(f)
    return out


def match_indicator(ind: Indicator, own_partnership: str, own_titles: dict[str, str],
                    earlier: Earlier, index: Index) -> Match | None:  # fmt: skip
    """The indicator of `earlier` that is `ind`, or None (rules in the module docstring);
    `index` is `index_of(earlier)`."""
    g = ind.grid
    want = norm(own_partnership)
    if not want or g is None:
        return None
    keys = {k: figs[0] for k, figs in index.get(want, {}).items()}
    same = [k for k, f in keys.items() if norm(k) == norm(ind.key)]
    rule = "same sheet"
    if not same:
        title = norm(display_title(ind))
        theirs = _unique_titles((k, f.title) for k, f in keys.items())
        same = [theirs[title]] if own_titles.get(title) == ind.key and title in theirs else []
        rule = "same title"
    if not same:
        return None
    f = keys[same[0]]
    if f.freq != g.frequency or f.kind != ind.kind:
        return None
    return Match(earlier.file, same[0], rule)


def own_titles(ret: Return) -> dict[str, str]:
    return _unique_titles((ind.key, display_title(ind)) for ind in ret.indicators)
