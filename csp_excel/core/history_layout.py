"""What a layout-kept copy cannot show: the figures borrowed from earlier returns.

Why: `--keep-layout` writes our results into the user's own sheet, and a rolling 12 months or
an SPC chart there may rest on last year's months taken from an earlier return, which the user's
layout has no row for (or a blank cell in). The copy must never be silently different from what
it shows, so each borrowed row gets a located HISTORY_NOT_SHOWN finding saying which figures came from
which file. Pure: no I/O.
"""

from __future__ import annotations

from .codes import finding
from .history_text import history_note
from .model import Finding, GridRow, Indicator, Return
from .refs import a1
from .titles import display_title


def _where(ind: Indicator, row: GridRow) -> str:
    """The first borrowed cell of a row the sheet has, else the grid's first period header."""
    assert ind.grid is not None
    for cell, source in zip(row.cells, row.extra.get("sources") or [], strict=False):
        if source and cell:
            return cell
    return a1(ind.grid.header_row, ind.grid.first_col)


def _message(ind: Indicator, row: GridRow) -> str:
    title, note = display_title(ind), history_note(row)
    if row.row > 0:
        return (f"{title}: the blank cells of '{row.label}' in this sheet were filled from earlier "
                f"returns ({note}); the results written here use them, the cells stay blank.")  # fmt: skip
    return (f"{title}: this sheet has no row for {row.label.split(' (')[0].lower()}; the results "
            f"written here use figures from earlier returns ({note}), not shown in this sheet.")  # fmt: skip


def layout_findings(ret: Return) -> list[Finding]:
    """One located HISTORY_NOT_SHOWN finding per row of figures borrowed into a layout-kept sheet."""
    out: list[Finding] = []
    for ind in ret.indicators:
        if ind.grid is None:
            continue
        for row in ind.grid.rows:
            if any(row.extra.get("sources") or []):
                out.append(
                    finding("HISTORY_NOT_SHOWN", ind.sheet, _where(ind, row), _message(ind, row))
                )
    return out
