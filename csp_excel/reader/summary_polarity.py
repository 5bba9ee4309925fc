"""Which way is good for a row of an annual table: its 'Good to be' column, else a typed arrow.

Why: a summary sheet rarely has a 'What good looks like' text; its polarity is only read from
what the sheet says (a 'Good to be low' cell, a typed ▲/▼ with the change it describes) and is
reported as POLARITY_INFERRED so the user can override it.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.codes import finding
from ..core.model import Finding, Indicator
from .sheets import SheetData, a1


def polarity_from_arrow(sheet: str, ind: Indicator, values: list[float | None]) -> list[Finding]:
    """A typed ▲ (improved) or ▼ (worse) with the last two years' change says which way is good."""
    known = [v for v in values if v is not None]
    if ind.typed_dot not in ("improved", "worse") or len(known) < 2 or known[-1] == known[-2]:
        return []
    up = known[-1] > known[-2]
    higher = up == (ind.typed_dot == "improved")
    ind.polarity, ind.polarity_source = ("higher" if higher else "lower"), "sheet"
    word = "higher is better" if higher else "lower is better"
    return [
        finding(
            "POLARITY_INFERRED",
            sheet,
            ind.typed_dot_cell,
            f"Polarity of '{ind.title}' read as '{word}' from its typed arrow ({ind.typed_dot}) "
            f"and the change from {known[-2]:g} to {known[-1]:g}. Set Polarity in the Settings "
            "sheet to override.",
            None,
            ind.typed_dot,
        )
    ]


_GOOD_HEAD = re.compile(r"good to be|polarity|what good looks like|better if", re.I)


def good_column(hrow: list[Any], rows: list[tuple[int, str, int]], first: int,
                 sheet: SheetData) -> int | None:  # fmt: skip
    """A 'Good to be' column between the labels and the years (on the header row or above)."""
    for c in range(1, first):
        v = hrow[c - 1] if c <= len(hrow) else None
        if isinstance(v, str) and _GOOD_HEAD.search(v):
            return c
    return None


def polarity_from_column(sheet: SheetData, ind: Indicator, r: int, c: int) -> list[Finding]:
    from ..core.targets import parse_polarity

    v = sheet.value(r, c)
    if not isinstance(v, str) or not v.strip():
        return []
    word = v.strip().lower()
    pol = {"low": "lower", "lower": "lower", "high": "higher", "higher": "higher"}.get(word)
    pol = pol or parse_polarity(f"good to be {word}")
    if pol is None:
        return []
    ind.polarity, ind.polarity_source = pol, "sheet"
    return [
        finding(
            "POLARITY_INFERRED",
            sheet.name,
            a1(r, c),
            f"Polarity of '{ind.title}' read as '{pol}' from '{v.strip()}' in its 'Good to be' "
            "column. Set Polarity in the Settings sheet to override.",
            None,
            v.strip(),
        )
    ]
