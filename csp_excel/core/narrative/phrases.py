"""The phrases of a typed Performance Overview the check recognises, and how it reads them.

Why apart from check: the patterns are the check's whole vocabulary ("at December 2016 (13,207
offences)", "up 132", "1% increase", "compared to December 2015 (13,075)", "rolling 12-month
period (January 2016 to December 2016) 17,651", "YTD at December is 165", "expected figure
(193)"); keeping them together shows at a glance what is read and what never is.
"""

from __future__ import annotations

import html
import re
from datetime import date

from ..periods import fy_of, long_month, month_index, parse_report_month

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MY = rf"({_MONTH}\.?\s+\d{{4}})"
_N = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\.?\d|,\d|\s?%)"
_PAREN_N = rf"\(\s*{_N}\s*(?:[a-z][a-z '\-]*)?\)"
YTD_AT = re.compile(rf"\bat\s+{_MY}\s*[.,]?\s*{_PAREN_N}", re.I)
COMPARED = re.compile(rf"\bcompared\s+(?:to|with)\s+{_MY}\s*[.,]?\s*{_PAREN_N}", re.I)
YTD_IS = re.compile(
    rf"\b(?:ytd|year to date)(?:\s+(?:figure|total)s?)?(?:\s+at\s+({_MONTH})(?:\s+(\d{{4}}))?)?"
    rf"\s+(?:is|was|to|of|=)\s+{_N}",
    re.I,
)
EXPECTED = re.compile(rf"\bexpected\s+(?:figure\s+)?(?:for the month\s+)?\(?\s*{_N}", re.I)
SPAN = re.compile(rf"\(\s*{_MY}\s+(?:to|-)\s+{_MY}\s*(?:\)\s*)?(?:(?:=\s*|\(\s*)?{_N})?", re.I)
PCT = re.compile(
    r"(?<![\w.])([+\-]?\s?\d+(?:\.\d+)?)\s?%\s+(?:increase|decrease|rise|reduction|fall|drop)",
    re.I,
)
UPDOWN = re.compile(rf"\b(?:up|down)\s+(?:by\s+)?{_N}(?!\s*%)", re.I)
_CONTEXT = re.compile(r"rolling|year to date|\bytd\b", re.I)
# A full stop followed by "(" or a lower-case word does not end the sentence: published text
# breaks "at December 2016. (900 offences) when compared to December 2015 (1,143 offences)" and
# the second half is still about the year to date. Case-sensitive on purpose.
_SENTENCE_END = re.compile(r"[!?;](?=\s|$)|\.(?=\s|$)(?!\s+[(a-z])")


def clean(text: str) -> str:
    """The narrative as plain text: tags dropped, entities and dashes read, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def number(s: str) -> float:
    """A figure as written ('13,207') as a number."""
    return float(s.replace(",", ""))


def context(text: str, pos: int) -> str | None:
    """'rolling' or 'ytd': what the sentence around pos is about, None if it does not say.

    The nearest keyword before pos within the sentence wins, else the first one after it; a
    sentence with neither (another indicator, a quarter, a hate-crime month) is not checked. A
    sentence runs on over a full stop followed by "(" or a lower-case word (_SENTENCE_END), so
    such a continuation shares the context of the words before the stop.
    """
    ends = [mt.end() for mt in _SENTENCE_END.finditer(text)]  # whole text: lookahead past pos
    start = max((e for e in ends if e <= pos), default=0)
    end = min((e for e in ends if e > pos), default=len(text))
    before = [mt.group(0).lower() for mt in _CONTEXT.finditer(text, start, pos)]
    after = [mt.group(0).lower() for mt in _CONTEXT.finditer(text, pos, end)]
    word = before[-1] if before else after[0] if after else None
    if word is None:
        return None
    return "rolling" if word == "rolling" else "ytd"


def month(s: str) -> date | None:
    """'Dec. 2016' -> 2016-12-01; None when it is not a month."""
    return parse_report_month(s.replace(".", ""))


def same(claimed: float, figure: float | None) -> bool:
    """A quoted whole number matches the grid's figure when it rounds to it."""
    return figure is not None and abs(claimed - figure) <= 0.5 + 1e-9


def plain(v: object) -> object:
    """Whole numbers as ints, so findings read 1319 rather than 1319.0 in JSON."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def long_date(d: date) -> str:
    """A date's month as 'December 2016' (periods.long_month names it)."""
    return long_month(fy_of(d), month_index(d))
