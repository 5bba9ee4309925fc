"""A folder holding several months of several partnerships: the comparison shows each
partnership's latest return.

Why: with `--history` a folder of monthly returns is one partnership's history, and comparing a
partnership's December return with its own November one would show it twice. The summary still
lists every file; only comparison.xlsx keeps, per partnership, the returns of its latest month
(two returns of that same month are both kept: neither is "the" latest).
"""

from __future__ import annotations

from datetime import datetime

from ..writers.comparison_match import norm
from .worker import BulkItem


def _month(item: BulkItem) -> datetime | None:
    try:
        return datetime.strptime(item.reporting_month or "", "%B %Y")
    except ValueError:
        return None


def latest_per_partnership(items: list[BulkItem]) -> list[BulkItem]:
    """`items` without the earlier months of a partnership; a file with no partnership or no
    month is kept (it cannot be placed in anyone's history)."""
    latest: dict[str, datetime] = {}
    for item in items:
        when, who = _month(item), norm(item.partnership)
        if when is not None and who:
            latest[who] = max(when, latest.get(who, when))
    return [
        i
        for i in items
        if _month(i) is None or not norm(i.partnership) or _month(i) == latest[norm(i.partnership)]
    ]
