"""A rebased XmR chart: each period's mean and limits drawn as their own line segments.

Why: a line chart joins every point of a series, so one mean column would draw a slope from
the old mean to the new one as if the process had drifted. Each period gets three helper
columns (mean, lower, upper) that hold its own rows only, blank elsewhere, and the chart
shows blanks as gaps. The reason for each rebase is a note on the period's first row.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.model import SpcResult
from csp_excel.writers import palette
from csp_excel.writers.indicator.layout import SheetLayout
from csp_excel.writers.xl_formats import Formats, cell0, clip_text

from .spc_table import TABLE_COL

HELPER_COL = TABLE_COL + 8  # after the rule column
NAMES = ("Mean", "Lower limit", "Upper limit")


def rebase_notes(res: SpcResult) -> list[str]:
    """'Rebased from Apr 2017: a new triage service', one per rebase, oldest first."""
    out = []
    for ph in res.phases[1:]:
        when = periods.name_from_code(res.labels[ph.start])
        out.append(f"Rebased from {when}: {ph.reason}" if ph.reason else f"Rebased from {when}")
    return out


def write_segments(
    ws: Worksheet, fm: Formats, lay: SheetLayout, res: SpcResult, top: int, first: int, num: Any
) -> None:
    """The helper columns (3 per period) and the rebase notes on the period cells."""
    border = {"border": 1, "border_color": palette.CELL_BORDER}
    for p, ph in enumerate(res.phases):
        when = periods.name_from_code(res.labels[ph.start])
        for k, name in enumerate(NAMES):
            col = HELPER_COL + 3 * p + k
            ws.write_string(top, col, clip_text(f"{name} from {when}"), fm.header())
            for j in range(len(res.values)):
                r = first + j
                if ph.start <= j <= ph.end:
                    value = (ph.mean, ph.lower, ph.upper)[k]
                    ws.write_formula(r, col, f"={cell0(r, TABLE_COL + 2 + k)}", num, value)
                    lay.stats.formulas += 1
                else:
                    ws.write_blank(r, col, None, fm.get(**border))
    for ph, note in zip(res.phases[1:], rebase_notes(res), strict=True):
        ws.write_comment(first + ph.start, TABLE_COL, note, {"x_scale": 2, "y_scale": 1.2})


def phase_series(res: SpcResult) -> list[tuple[int, dict[str, Any]]]:
    """(column, line options) for each period's mean, lower and upper limit segment."""
    mean = {"color": palette.SPC_PROCESS, "width": 1.25}
    limit = {"color": palette.SPC_LIMIT, "width": 1.25, "dash_type": "dash"}
    out = []
    for p in range(len(res.phases)):
        for k in range(3):
            out.append((HELPER_COL + 3 * p + k, mean if k == 0 else limit))
    return out
