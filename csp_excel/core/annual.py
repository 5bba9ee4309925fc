"""Annual indicators: a grid whose columns are years (`2002` ... `2006/07`), oldest first.

Why a path of its own: a year is not a month of a financial year. The year's figure IS its "year
to date", the same period last year is the previous column, the change is on that column, there is
no rolling 12 months and no linear profiling of a target: the target applies to the latest year as
it is. Everything else (RAG, direction of travel, the writers) reads the same `Computed` fields as
for monthly grids, so an annual indicator is judged by the same rules.
"""

from __future__ import annotations

import re
from datetime import date

from csp_excel.core import periods
from csp_excel.core.model import Computed, Grid, GridRow, Series, Settings

_BARE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*\.?\s*$")


def is_annual(frequency: str | None) -> bool:
    return frequency == "annual"


def label_fy(label: str) -> int | None:
    """'2004/05' -> 2004 (a financial year); anything else -> None."""
    return periods.parse_fy_text(label)


def bare_year(label: str) -> int | None:
    """'2002' -> 2002 (a year written without its financial-year partner); else None."""
    m = _BARE_YEAR.match(label)
    return int(m.group(1)) if m else None


def years_of(labels: list[str], latest_fy: int) -> list[int]:
    """The year each column stands for: the FY start year of an FY label, the year of a bare
    year; a label that names neither is placed by counting back from the latest column's FY."""
    n = len(labels)
    out: list[int] = []
    for i, label in enumerate(labels):
        y = label_fy(label)
        if y is None:
            y = bare_year(label)
        out.append(y if y is not None else latest_fy - (n - 1 - i))
    return out


def column_years(grid: Grid) -> list[int]:
    return years_of(grid.period_labels[: grid.n], grid.fy)


def column_years_of(comp: Computed) -> list[int]:
    labels = comp.period_labels + [""] * (comp.n - len(comp.period_labels))
    return years_of(labels[: comp.n], comp.fy)


def column_end(label: str, year: int) -> date:
    """When the column's figure ends: 31 March for a financial year, 31 December for a bare
    calendar year. Used only to pick the population in force for a rate."""
    if label_fy(label) is not None or bare_year(label) is None:
        return date(year + 1, 3, 31)
    return date(year, 12, 31)


def period_label(comp: Computed, i: int) -> str:
    """The column's own label ('2006/07') for annual figures, else 'Dec-16' / 'Q3 2016/17'."""
    if is_annual(comp.frequency):
        return comp.period_labels[i] if i < len(comp.period_labels) else f"year {i + 1}"
    return periods.period_name(comp.fy, i, comp.frequency)


def tidy_period(comp: Computed, i: int) -> str:
    """Tidy-export period: the year label for annual figures ('2006/07'), else '2016-04'."""
    if is_annual(comp.frequency):
        return period_label(comp, i).strip()
    return periods.period_code(comp.fy, i, comp.frequency)


def tidy_fy(comp: Computed, i: int) -> str:
    """Tidy-export fy of one column: '2006/07' for an FY label, a bare year as written ('2002':
    which financial year a calendar year belongs to is not ours to guess), else the grid's FY."""
    if not is_annual(comp.frequency):
        return periods.fy_label(comp.fy)
    label = period_label(comp, i).strip()
    fy = label_fy(label)
    if fy is not None:
        return periods.fy_label(fy)
    year = bare_year(label)
    return str(year) if year is not None else label


def previous(series: Series) -> Series:
    """Each column's previous column: [None, s0, s1, ...]."""
    out: Series = [None]
    return out + list(series[:-1]) if series else []


def as_fractions(values: Series) -> tuple[Series, str | None]:
    """A percentage row as fractions; whole numbers (72 for 72%) are divided by 100 and noted."""
    known = [v for v in values if v is not None]
    if known and all(v <= 100 for v in known) and any(v > 1.5 for v in known):
        return [None if v is None else v / 100.0 for v in values], (
            "percentages typed as whole numbers (72 for 72%) read as percentages"
        )
    return list(values), None


def gaps_note(grid: Grid, values: Series) -> list[str]:
    """Say so when a change compares two columns that are not consecutive years."""
    years = column_years(grid)
    labels = grid.period_labels
    out = []
    for i in range(1, len(values)):
        if values[i] is None or values[i - 1] is None:
            continue
        step = years[i] - years[i - 1]
        if step != 1:
            out.append(
                f"the change for {labels[i]} is on {labels[i - 1]}, {step} years earlier "
                "(the columns are not consecutive years)"
            )
    return out


def denominators(settings: Settings, name: str | None, grid: Grid) -> tuple[Series, list[str]]:
    """The population in force at each column's end (latest effective_from on or before it)."""
    n = grid.n
    if not name:
        return [None] * n, []
    dens = settings.denominator(name)
    if not dens:
        return [None] * n, [f"denominator '{name}' not found in settings: no rate"]
    out: Series = []
    for label, year in zip(grid.period_labels[:n], column_years(grid), strict=False):
        end = column_end(label, year)
        valid = [d for d in dens if d.effective_from <= end]
        out.append(valid[-1].value if valid else None)
    out += [None] * (n - len(out))
    notes = []
    if any(v is None for v in out):
        notes.append(
            f"no '{name}' figure effective before {dens[0].effective_from.isoformat()}: "
            "rate blank for earlier years"
        )
    return out, notes


def first_row(grid: Grid, *kinds: str) -> GridRow | None:
    for kind in kinds:
        row = grid.first(kind)
        if row is not None:
            return row
    return None


def spc_note(points: int, needed: int) -> str:
    """Why an annual indicator usually has no SPC chart, in plain words."""
    return (
        f"SPC needs at least {needed} points; this annual indicator has {points} year(s) of "
        "figures: not enough data for process limits"
    )
