"""Map grid row labels to row kinds (SPEC section 4).

Returns label the same measure in many ways ("Month", "Monthly", "DATA"; "Rolling 12 month fig
for use below"). An exact table catches the labels seen in real returns; ordered patterns catch
their variants. Users extend the table (Settings sheet `Row label | Kind`, or a config dict), and
their entries always win. Anything unmapped is "unknown": kept and shown, never dropped.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.model import RowKind
from ..core.periods import parse_fy_text

ROW_KINDS: frozenset[str] = frozenset(RowKind.__args__)  # type: ignore[attr-defined]


def norm_label(label: Any) -> str:
    """Lower case, single spaces, no trailing colon/full stop: the key for every lookup."""
    text = " ".join(str(label or "").lower().split())
    return text.rstrip(":.").strip()


_EXACT: dict[str, str] = {
    # actual
    "month": "actual",
    "monthly": "actual",
    "data": "actual",
    "number": "actual",
    "actual": "actual",
    "actuals": "actual",
    "monthly actual": "actual",
    "monthly figure": "actual",
    "count": "actual",
    "terminations month": "actual",
    "quarter": "actual",
    "quarterly": "actual",
    # previous year
    "last year": "actual_last_year",
    "previous year": "actual_last_year",
    "prior year": "actual_last_year",
    "same month last year": "actual_last_year",
    "this year": "actual",
    "current year": "actual",
    "this year's figures": "actual",
    # numerator / denominator
    "successful terminations": "numerator",
    "successful completions": "numerator",
    "very + fairly satisfied": "numerator",
    "very and fairly satisfied": "numerator",
    "terminations (month)": "denominator",
    "total sent out": "denominator",
    "total terminations": "denominator",
    "terminations": "denominator",
    "total discharges": "denominator",
    # snapshot
    "number currently on programme": "snapshot",
    # ytd
    "year to date": "ytd",
    "ytd": "ytd",
    "accumulative ytd": "ytd",
    "cumulative": "ytd",
    "total successful terminations ytd": "ytd_numerator",
    "successful terminations ytd": "ytd_numerator",
    "terminations ytd": "ytd_denominator",
    "total terminations ytd": "ytd_denominator",
    # target
    "target": "target",
    "target required": "target",
    "targets": "target",
    # pct
    "% successful (ytd)": "pct",
    "overall % satisfied": "pct",
    # rank
    "rank": "rank",
    "ranking": "rank",
}

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^rank"), "rank"),
    (re.compile(r"per\s*1(?:00)?,?000|\brate per\b|\bper 100k\b"), "rate"),
    (re.compile(r"%\s*(?:change|diff)|\bchange (?:from|since|on|compared)|% var"), "pct_change"),
    (re.compile(r"^%|\b%\s*(?:successful|satisfied)|\bpercentage\b|\bsuccess rate\b"), "pct"),
    (
        re.compile(
            r"(?:ytd|year to date|cumulative|accumulative).*success|success.*(?:ytd|year to date)"
        ),
        "ytd_numerator",
    ),
    (
        re.compile(r"terminations.*(?:ytd|year to date)|(?:ytd|year to date).*terminations"),
        "ytd_denominator",
    ),
    (
        re.compile(r"\bytd\b|year to date|\bcum(?:ulative)?\b|accumulative|\bcum\. |cum actuals"),
        "ytd",
    ),
    (re.compile(r"rolling\s*12|rolling twelve|\br12\b|12[\s-]*month rolling"), "r12"),
    (re.compile(r"^target"), "target"),
    (re.compile(r"currently on|on programme|caseload|snapshot|number active"), "snapshot"),
    (re.compile(r"success.*(?:last|previous|prior) year"), "numerator_last_year"),
    (re.compile(r"terminations.*(?:last|previous|prior) year"), "denominator_last_year"),
    (
        re.compile(r"(?:last|previous|prior) year|^actuals?\s*(?:20\d\d|\d\d\s*/)"),
        "actual_last_year",
    ),
    (re.compile(r"^successful|successfully complet"), "numerator"),
    (
        re.compile(r"^terminations\b|^total (?:sent|surveys|discharges|referrals received)"),
        "denominator",
    ),
    (re.compile(r"^(?:month|monthly|data|number)\b|^number of\b|\(month\)$"), "actual"),
]


def classify_row(label: str, extra: dict[str, str] | None = None) -> str:
    """The RowKind of a grid row label; `extra` (label -> kind, user supplied) wins."""
    key = norm_label(label)
    if not key:
        return "unknown"
    if extra:
        for k, v in extra.items():
            if norm_label(k) == key and v in ROW_KINDS:
                return v
    if key in _EXACT:
        return _EXACT[key]
    for pattern, kind in _PATTERNS:
        if pattern.search(key):
            if kind == "pct_change" and re.search(r"\br12\b|rolling", key):
                return "r12_change"
            return kind
    if is_year_only(key):
        return "actual"  # '2014/15', 'FY 2015/16': that year's figures (placed by year later)
    return "unknown"


_YEAR_TEXT = re.compile(r"20\d\d\s*(?:/|-|–|to)\s*(?:20)?\d\d|\b\d\d\s*/\s*\d\d\b")
_FILLER = re.compile(r"\b(?:fy|financial year|year|figures?|actuals?|data)\b|[\s:().,*-]")


def is_year_only(label: Any) -> bool:
    """A label that is just a financial year ('2014/15', 'FY 2015/16:')."""
    key = norm_label(label)
    if not _YEAR_TEXT.search(key):
        return False
    return not _FILLER.sub("", _YEAR_TEXT.sub("", key))


def row_fy(label: str) -> int | None:
    """The financial year a label names ('Actual 2014 - 2015' -> 2014), if any."""
    return parse_fy_text(str(label or ""))


def parse_kind(text: Any) -> str | None:
    """A user-typed kind ('Actual', 'rolling 12', 'YTD') -> RowKind, or None if not one."""
    key = norm_label(text).replace(" ", "_")
    aliases = {
        "actual_last_year": "actual_last_year",
        "last_year": "actual_last_year",
        "rolling_12": "r12",
        "rolling12": "r12",
        "r12": "r12",
        "year_to_date": "ytd",
        "%": "pct",
        "percent": "pct",
        "percentage": "pct",
        "%_change": "pct_change",
        "change": "pct_change",
        "ignore": "unknown",
    }
    if key in ROW_KINDS:
        return key
    return aliases.get(key)
