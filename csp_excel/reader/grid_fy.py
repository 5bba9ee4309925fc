"""Which financial year a grid is read as, and where the year came from.

Why: the year is never guessed from today's date. The reporting month decides when known; else
the header's years, the words above the grid or the row labels; header months of another year
than the one read are reported (PERIOD_MISMATCH) at their cell.
"""

from __future__ import annotations

from collections import Counter

from ..core.codes import finding
from ..core.model import Finding
from ..core.periods import fy_label, period_name
from .grid_cells import Header, show
from .grid_rows import RawRow
from .sheets import a1

FY_SOURCE_WORDS = {
    "header": "the years in the period headers",
    "title": "the words above the grid",
    "row label": "the row labels",
    "reporting month": "the reporting month",
}


def resolve_fy(h: Header, rows: list[RawRow], fy_hint: int | None, fy_hint_source: str,
                title_fy: int | None = None) -> tuple[int | None, str]:  # fmt: skip
    """The FY the grid is read as: the reporting month's, else the header's years, else a year
    in the words above the grid, else the row labels; (None, "") when nothing says (the year is
    never guessed from today's date)."""
    named = [f for f in h.fys if f is not None]
    header_fy = Counter(named).most_common(1)[0][0] if named else None
    if fy_hint is not None:
        return fy_hint, ("header" if header_fy == fy_hint else fy_hint_source)
    if header_fy is not None:
        return header_fy, "header"
    actual_like = [x for x in rows if x.fy is not None and x.kind in ("actual", "actual_last_year")]
    if title_fy is not None and not actual_like:
        return title_fy, "title"
    if actual_like:
        fys = {x.fy for x in actual_like if x.fy is not None}
        plain_actual = any(x.kind == "actual" and x.fy is None for x in rows)
        if title_fy is not None and title_fy in fys | {f + 1 for f in fys}:
            return title_fy, "title"
        if len(fys) >= 2:
            return max(fys), "row label"
        (only,) = fys
        return (only + 1 if plain_actual else only), "row label"
    target_fys = [x.fy for x in rows if x.fy is not None and x.kind == "target"]
    if target_fys:
        return target_fys[0], "row label"
    ytd_fys = {x.fy for x in rows if x.fy is not None and x.kind == "ytd"}
    if ytd_fys:
        return max(ytd_fys), "row label"
    return None, ""


def period_findings(sheet: str, h: Header, fy: int, source: str) -> list[Finding]:
    """PERIOD_MISMATCH for header months that belong to another FY than the one read."""
    bad = [
        (i, c, f)
        for i, (c, f) in enumerate(zip(h.cols, h.fys, strict=False))
        if f is not None and f != fy
    ]
    if not bad:
        return []
    row = h.row
    if len(bad) == sum(1 for f in h.fys if f is not None):
        i, c, f = bad[0]
        found = show(h.labels[i])
        return [
            finding(
                "PERIOD_MISMATCH",
                sheet,
                a1(row, c),
                f"The month headers are for {fy_label(f)} but the return reports {fy_label(fy)} "
                f"(from the {source}); the grid was read as {fy_label(fy)}.",
                period_name(fy, i, h.frequency),
                found,
            )
        ]
    out = []
    for i, c, f in bad:
        out.append(
            finding(
                "PERIOD_MISMATCH",
                sheet,
                a1(row, c),
                f"Header {a1(row, c)} names a month of {fy_label(f)} inside a {fy_label(fy)} grid; "
                f"it was read as {period_name(fy, i, h.frequency)}.",
                period_name(fy, i, h.frequency),
                show(h.labels[i]),
            )
        )
    return out
