"""A folder holding several months of several partnerships: the comparison shows each
partnership's latest return.

Why: with `--history` a folder of monthly returns is one partnership's history, and comparing a
partnership's December return with its own November one would show it twice. The summary still
lists every file; only comparison.xlsx keeps, per partnership, its return of the latest month.
Two returns of that same month (a resubmission, or a copy) would count the partnership twice in
the rankings and the funnel's group figure, so only one is compared (the one with the fewest
errors, then the most indicators, then the last in the run's order); the Overview names the one
left out, and so does the command (a NOT_COMPARED warning).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..writers.comparison_match import norm
from .worker import BulkItem


def _month(item: BulkItem) -> datetime | None:
    try:
        return datetime.strptime(item.reporting_month or "", "%B %Y")
    except ValueError:
        return None


def latest_per_partnership(items: list[BulkItem]) -> tuple[list[BulkItem], list[str]]:
    """`items` without the earlier months of a partnership, and one return per partnership and
    month (the fewest errors, then the most indicators, then the last in the run's order), with
    a sentence for each
    return left out for being a second one of that month, or for naming no month beside a
    dated one. A file with no partnership, or the only ones of a partnership and no month, is
    kept (it cannot count anyone twice)."""
    latest: dict[str, datetime] = {}
    for item in items:
        when, who = _month(item), norm(item.partnership)
        if when is not None and who:
            latest[who] = max(when, latest.get(who, when))
    chosen: dict[str, BulkItem] = {}
    for i in items:  # the fewest errors (a corrected resubmission), the fuller one, the last
        who = norm(i.partnership)
        if who and _month(i) is not None and _month(i) == latest[who]:
            if who not in chosen or _rank(i) <= _rank(chosen[who]):
                chosen[who] = i
    kept, left_out = [], []
    for i in items:
        who, when = norm(i.partnership), _month(i)
        if not who or (when is None and who not in chosen):
            kept.append(i)  # nothing to compare it with: it cannot count anyone twice
        elif chosen[who] is i:
            kept.append(i)
        elif when is None:
            left_out.append(
                f"{_name(i)} (it names no reporting month; {chosen[who].partnership}'s"
                f" {chosen[who].reporting_month} return, {_name(chosen[who])}, is compared)"
            )
        elif when == latest[who]:
            left_out.append(
                f"{_name(i)} (another {i.partnership} return for {i.reporting_month},"
                f" {_name(chosen[who])}, is compared)"
            )
    return kept, left_out


def _rank(item: BulkItem) -> tuple[int, int]:
    """Lower is preferred: fewer errors, then more indicators."""
    return item.errors, -item.indicator_count


def _name(item: BulkItem) -> str:
    """The file as the summary names it: its path in the folder, so two a.xlsx differ."""
    return item.label or Path(item.file).name
