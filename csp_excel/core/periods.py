"""Financial-year arithmetic and period labels.

A financial year (FY) is named by the calendar year it starts in: 2016 means 1 April 2016 to
31 March 2017, written "2016/17". Month index 0 is April, 11 is March; quarter index 0 is Q1
(April-June). Label parsing accepts what real returns hold: `Apr-16`, `Apr 16`, `April 2016`,
real dates, bare `Apr`, `Quarter 1`, `Q1`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache

MONTHS = ["apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar"]
_MONTH_NUM = {m: i for i, m in enumerate(calendar.month_abbr) if m}  # "Jan" -> 1
_FULL = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}


def fy_label(fy: int) -> str:
    """2016 -> '2016/17'."""
    return f"{fy}/{(fy + 1) % 100:02d}"


def fy_of(d: date) -> int:
    """The FY a date falls in: 2017-01-15 -> 2016."""
    return d.year if d.month >= 4 else d.year - 1


def month_index(d: date) -> int:
    """0 for April ... 11 for March."""
    return (d.month - 4) % 12


def month_date(fy: int, index: int) -> date:
    """First day of month `index` (0 = April) of `fy`; index may run past 11 or below 0."""
    total = fy * 12 + 3 + index  # months since year 0, 0-based; April = 3
    return date(total // 12, total % 12 + 1, 1)


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def period_code(fy: int, index: int, frequency: str = "monthly") -> str:
    """Tidy-export period: '2016-04' for a month, '2016-Q1' for a quarter (FY quarters)."""
    if frequency == "quarterly":
        return f"{fy}-Q{index + 1}"
    d = month_date(fy, index)
    return f"{d.year}-{d.month:02d}"


def period_end(fy: int, index: int, frequency: str = "monthly") -> date:
    """Last day of a period: used to pick the denominator in force."""
    if frequency == "quarterly":
        return month_end(month_date(fy, index * 3 + 2))
    return month_end(month_date(fy, index))


@lru_cache(maxsize=4096)
def period_name(fy: int, index: int, frequency: str = "monthly") -> str:
    """Human label: 'Dec-16' or 'Q3 2016/17'."""
    if frequency == "quarterly":
        return f"Q{index + 1} {fy_label(fy)}"
    d = month_date(fy, index)
    return f"{calendar.month_abbr[d.month]}-{d.year % 100:02d}"


def long_month(fy: int, index: int) -> str:
    """'December 2016'."""
    d = month_date(fy, index)
    return f"{calendar.month_name[d.month]} {d.year}"


_CODE = re.compile(r"^(\d{4})-(?:(\d{2})|Q([1-4]))$")


def name_from_code(code: str) -> str:
    """A tidy period code back to its human label: '2016-08' -> 'Aug-16', '2016-Q1' ->
    'Q1 2016/17' (the inverse of `period_code` then `period_name`); anything else unchanged."""
    m = _CODE.match(code.strip())
    if not m:
        return code
    year = int(m.group(1))
    if m.group(3):
        return period_name(year, int(m.group(3)) - 1, "quarterly")
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return code
    d = date(year, month, 1)
    return period_name(fy_of(d), month_index(d))


_QUARTER = re.compile(r"^\s*(?:q|qtr|quarter)\s*([1-4])\b", re.I)
_MONTH_TEXT = re.compile(r"^\s*([a-z]{3,9})\.?(?:[\s\-/']+(\d{2}|\d{4}))?\s*$", re.I)


def _month_from_word(word: str) -> int | None:
    """'Apr', 'April', 'Sept' -> 4, 4, 9; anything else -> None."""
    w = word.lower()
    if w in _FULL:
        return _FULL[w]
    if w == "sept":
        return 9
    if len(w) == 3:
        return _MONTH_NUM.get(w.title())
    return None


def parse_month_label(value: object) -> tuple[int, int | None] | None:
    """A month header cell -> (calendar month 1-12, calendar year or None if not given).

    Accepts datetime/date, 'Apr-16', 'Apr 16', 'April 2016', 'Apr'. Anything else -> None.
    """
    if isinstance(value, datetime):
        return value.month, value.year
    if isinstance(value, date):
        return value.month, value.year
    if not isinstance(value, str):
        return None
    return _month_text(value)


@lru_cache(maxsize=8192)
def _month_text(value: str) -> tuple[int, int | None] | None:
    m = _MONTH_TEXT.match(value)
    if not m:
        return None
    month = _month_from_word(m.group(1))
    if month is None:
        return None
    year_text = m.group(2)
    if year_text is None:
        return month, None
    year = int(year_text)
    if year < 100:
        year += 2000
    return month, year


_RANGE = re.compile(
    r"^\s*([a-z]{3,9})\.?\s*(?:-|–|—|to)\s*([a-z]{3,9})\.?(?:[\s,'/-]+(\d{2}|\d{4}))?\s*$", re.I
)
_RANGE_QUARTER = {(4, 6): 1, (7, 9): 2, (10, 12): 3, (1, 3): 4}


def _quarter_range(value: str) -> tuple[int, int | None] | None:
    """'Apr-Jun', 'Apr - Jun 2014', 'Jan-Mar 15' -> (quarter 1..4, FY start year or None)."""
    m = _RANGE.match(value)
    if not m:
        return None
    a, b = _month_from_word(m.group(1)), _month_from_word(m.group(2))
    q = _RANGE_QUARTER.get((a or 0, b or 0))
    if q is None:
        return None
    if m.group(3) is None:
        return q, None
    year = int(m.group(3))
    year = year + 2000 if year < 100 else year
    return q, (year - 1 if q == 4 else year)


def parse_quarter_label(value: object) -> int | None:
    """'Quarter 1', 'Q1', 'Qtr 1', 'Apr-Jun', 'Apr - Jun 2014' -> 1..4; anything else -> None."""
    if not isinstance(value, str):
        return None
    return _quarter_text(value)


@lru_cache(maxsize=8192)
def _quarter_text(value: str) -> int | None:
    m = _QUARTER.match(value)
    if m:
        return int(m.group(1))
    r = _quarter_range(value)
    return r[0] if r else None


def quarter_label_fy(value: object) -> int | None:
    """The FY a quarter label names: 'Q1 2016/17' -> 2016, 'Jan - Mar 2015' -> 2014; else None."""
    if not isinstance(value, str):
        return None
    r = _quarter_range(value)
    if r is not None:
        return r[1]
    return parse_fy_text(value)


_FY_TEXT = re.compile(r"(20\d{2})\s*(?:/|-|–|to)\s*(?:20)?(\d{2})\b")


def parse_fy_text(text: str) -> int | None:
    """'Actual 2015 - 2016', '2016/17', 'Target 15/16' -> start year of the FY, or None."""
    m = _FY_TEXT.search(text)
    if m:
        start = int(m.group(1))
        end = int(m.group(2))
        if (start + 1) % 100 == end:
            return start
    m = re.search(r"\b(\d{2})\s*/\s*(\d{2})\b", text)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        return 2000 + int(m.group(1))
    return None


_REPORT_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[\s\-]+'?(\d{4}|\d{2})\b",
    re.I,
)


_ISO_MONTH = re.compile(r"^\s*(20\d{2})-(0?[1-9]|1[0-2])\s*$")


def parse_report_month(value: object) -> date | None:
    """'December 2016', 'Dec-16', '2016-12', a date -> first day of that month; else None."""
    if isinstance(value, (datetime, date)):
        return date(value.year, value.month, 1)
    if not isinstance(value, str):
        return None
    iso = _ISO_MONTH.match(value)
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), 1)
    m = _REPORT_MONTH.search(value)
    if not m:
        return None
    word = m.group(1).lower()
    month = _FULL.get(word) or (9 if word == "sept" else _MONTH_NUM[word[:3].title()])
    year = int(m.group(2))
    if year < 100:
        year += 2000
    return date(year, month, 1)
