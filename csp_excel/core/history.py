"""Earlier returns fill the months a return lacks, and revisions between returns are found.

Why: many returns carry only this year's months, so rolling 12 months, rates, the change on last
year and SPC come out blank (SPEC section 3: last year's values "may come from last year's
return"); and police figures are revised month to month without anyone noticing. Given the
return and the figures of earlier returns of the same partnership (matched by
`history_figures`), this gives the indicators with the missing months filled, each borrowed
figure saying which file it came from (`GridRow.extra`: "history", "sources", "revised"), and a
`REVISED` finding for every change of one period's figure from one return to the next.
The return's own figures always win; among earlier returns the latest one wins.
Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from .calc import reporting_index
from .codes import finding
from .history_figures import (
    Earlier,
    Figure,
    Index,
    Match,
    absolute,
    as_of,
    index_of,
    indicator_figures,
    match_indicator,
    norm,
    own_titles,
    partnership_of,
    return_figures,
)
from .history_text import borrowed_note, revision_message, sources_note
from .model import Finding, Grid, GridRow, Indicator, Return, Series
from .rows import Rows, resolve_rows

Slot = tuple[int, int, str]  # (fy, period, measure)


@dataclass(frozen=True)
class Seen:
    """One figure of one period as one file gave it."""

    file: str
    sheet: str
    cell: str
    value: float
    own: bool = False  # the return's own figure


@dataclass
class HistoryMerge:
    """The return with borrowed months, and what the history said."""

    ret: Return
    matches: dict[str, list[Match]] = field(default_factory=dict)  # own key -> earlier matches
    findings: list[Finding] = field(default_factory=list)


def merge_history(ret: Return, own_file: str, earlier: Sequence[Earlier]) -> HistoryMerge:
    """Every indicator of `ret` with the months earlier returns supply (see module docstring)."""
    own = return_figures(ret)
    own_as_of = as_of(ret, own)
    usable = sorted(
        (e for e in earlier if _not_later(e.as_of, own_as_of)),
        key=lambda e: (e.as_of if e.as_of is not None else -1, e.file),
    )
    out = HistoryMerge(ret)
    if usable and not norm(ret.partnership) and not any(i.district for i in ret.indicators):
        out.findings.append(finding("HISTORY", None, None, (
            f"{own_file} names no partnership (a 'Partnership' setting), so its earlier returns "
            "could not be matched and none of their figures was used.")))  # fmt: skip
        out.ret = dataclasses.replace(ret, findings=[*ret.findings, *out.findings])
        return out
    titles = own_titles(ret)
    indexed = [(e, index_of(e)) for e in usable]
    indicators = []
    for ind in ret.indicators:
        pship = partnership_of(ind, ret.partnership)
        found = [(m, ix) for e, ix in indexed if (m := match_indicator(ind, pship, titles, e, ix))]
        if found:
            out.matches[ind.key] = [m for m, _ in found]
            chains = _chains(ind, pship, found, own_as_of, own_file, ret.partnership)
            ind = _merged(ind, ret, chains, out.findings)
        indicators.append(ind)
    out.ret = dataclasses.replace(
        ret, indicators=indicators, findings=[*ret.findings, *out.findings]
    )
    return out


def _not_later(when: int | None, own: int | None) -> bool:
    return when is None or own is None or when <= own


def _chains(ind: Indicator, pship: str, found: list[tuple[Match, Index]], own_as_of: int | None,
            own_file: str, partnership: str | None) -> dict[Slot, list[Seen]]:  # fmt: skip
    """Each period's figure as every file gave it, earliest file first, the return's own last."""
    chains: dict[Slot, list[Seen]] = {}

    def add(f: Figure, file: str, own: bool = False) -> None:
        seen = Seen(file, f.sheet, f.cell, f.value, own)
        chains.setdefault((f.fy, f.period, f.measure), []).append(seen)

    for m, index in found:
        for f in index.get(norm(pship), {}).get(m.key, []):
            if own_as_of is None or absolute(f.fy, f.period, f.freq) <= own_as_of:
                add(f, m.file)
    for f in indicator_figures(ind, partnership):
        add(f, own_file, own=True)
    return chains


def _merged(ind: Indicator, ret: Return, chains: dict[Slot, list[Seen]],
            findings: list[Finding]) -> Indicator:  # fmt: skip
    """The indicator with blanks filled from the latest earlier figure, and its revisions."""
    grid = ind.grid
    assert grid is not None
    rows = resolve_rows(ind)
    ri = reporting_index(ind, ret.settings, rows)
    threshold = ret.settings.revision_threshold
    revised: set[Slot] = set()
    for slot in sorted(chains):
        for a, b in zip(chains[slot], chains[slot][1:], strict=False):
            if abs(a.value - b.value) > 1e-9:
                revised.add(slot)
                findings.append(_revision(ind, slot, a, b, grid, threshold))
    new_rows = list(grid.rows)
    taken = 0
    for (offset, measure), (row, kind) in _targets(ind, rows).items():
        fy = grid.fy - offset
        last = grid.n - 1 if offset else ri
        if last is None:
            continue
        filled = _fill(row, kind, fy, measure, last, grid, chains, revised)
        if filled is None:
            continue
        taken += sum(1 for s in filled.extra["sources"] if s)
        if row is not None:
            new_rows[new_rows.index(row)] = filled
        else:
            new_rows.append(filled)
    if taken:
        findings.append(finding("HISTORY", ind.sheet, None, borrowed_note(ind, taken, new_rows)))
    return dataclasses.replace(ind, grid=dataclasses.replace(grid, rows=new_rows))


def _targets(ind: Indicator, rows: Rows) -> dict[tuple[int, str], tuple[GridRow | None, str]]:
    """(years back, measure) -> the row it fills (None: add one) and that row's kind."""
    if ind.kind == "percentage":
        return {
            (0, "numerator"): (rows.numerator, "numerator"),
            (0, "denominator"): (rows.denominator, "denominator"),
            (1, "numerator"): (rows.numerator_last_year, "numerator_last_year"),
            (1, "denominator"): (rows.denominator_last_year, "denominator_last_year"),
        }
    return {
        (0, "actual"): (rows.actual, "actual"),
        (1, "actual"): (rows.actual_last_year, "actual_last_year"),
        (2, "actual"): (rows.actual_year_before_last, "actual_last_year"),
    }


def _fill(row: GridRow | None, kind: str, fy: int, measure: str, last: int, grid: Grid,
          chains: dict[Slot, list[Seen]], revised: set[Slot]) -> GridRow | None:  # fmt: skip
    """The row with its blanks up to `last` filled from the latest earlier figure; None when
    nothing was borrowed or revised (the row stays as read). A current-year row the return
    lacks is not invented: the return's own rows say what it measures."""
    n = grid.n
    values: Series = [None] * n
    if row is not None:
        values[: min(n, len(row.values))] = row.values[:n]
    sources: list[str | None] = [None] * n
    flags = [(fy, i, measure) in revised for i in range(n)]
    for i in range(min(last, n - 1) + 1):
        seen = [s for s in chains.get((fy, i, measure), []) if not s.own]
        if values[i] is None and seen:
            values[i], sources[i] = seen[-1].value, seen[-1].file
    if not any(sources) and not any(flags):
        return None
    if row is None and (fy == grid.fy or not any(sources)):
        return None
    extra = {"sources": sources, "revised": flags, "history_fy": fy}
    extra["history_note"] = sources_note(sources, flags, fy, grid.frequency)
    if row is None:
        label = "Last year" if fy == grid.fy - 1 else "Year before last"
        cells = [""] * n
        return GridRow(f"{label} (from earlier returns)", kind, values, list(values), cells, 0, "",
                       {"fy": fy, **extra})  # fmt: skip
    raw = [row.raw[i] if sources[i] is None and i < len(row.raw) else values[i] for i in range(n)]
    return dataclasses.replace(row, values=values, raw=raw, extra={**row.extra, **extra})


def _revision(ind: Indicator, slot: Slot, a: Seen, b: Seen, grid: Grid,
              threshold: float | None) -> Finding:  # fmt: skip
    """REVISED: info, or a warning when the change is above the Settings threshold."""
    change = b.value - a.value
    big = threshold is not None and (a.value == 0 or abs(change) / abs(a.value) > threshold)
    cell = b.cell if b.own else None
    message = revision_message(ind, slot, (a.file, a.sheet, a.cell), (b.file, b.sheet, b.cell),
                               (a.value, b.value), grid.frequency)  # fmt: skip
    return finding("REVISED", ind.sheet, cell or None, message, a.value, b.value,
                   severity="warning" if big else None)  # fmt: skip
