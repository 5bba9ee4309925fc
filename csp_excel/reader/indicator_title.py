"""The title block above an indicator's texts: portfolio, name, report month, source.

Why: the name is the line that is not a verdict ('AREA OF SIGNIFICANT CONCERN'), not a period
header and not a 'Good to be high' line (that is polarity evidence); nothing here is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.periods import parse_report_month
from .grid_cells import show
from .indicator_texts import clean_text
from .sheets import SheetData, a1

_PORTFOLIO = re.compile(
    r"portfolio|partnership\b|\bservices?\b|\bgroup\b|\bboard\b|\s/\s|\bcsp\b|directorate"
)


# Status and judgement lines ("AREA OF SIGNIFICANT CONCERN: (outside of 15% ...)", "GENERALLY
# SATISFIED WITH PERFORMANCE") and target wording sit beside the name; they are never the title.
# A line that says which way is good ('Good to be high', 'Lower is better'): polarity evidence,
# never the indicator's title.
_GOOD_LINE = re.compile(
    r"\bgood to be (?:high|low)\b|\b(?:higher|lower|high|low) is (?:better|good)\b"
)


_JUDGEMENT = re.compile(
    r"\bconcern\b|\bgenerally satisfied\b|\bsatisfied with (?:the )?performance\b|"
    r"\bperformance measure\b",
    re.I,
)


_PERIOD_WORD = re.compile(
    r"^\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|"
    r"(?:q|qtr|quarter)\s*[1-4])(?:[\s\-']+\d{2,4}(?:/\d{2,4})?)?\s*$",
    re.I,
)


@dataclass
class Title:
    title: str | None = None
    portfolio: str | None = None
    month_text: str | None = None
    source: str | None = None
    good: tuple[str, str] | None = None  # a line such as 'Good to be high' (text, cell)


def read_title(sheet: SheetData, first_label_row: int | None) -> Title:
    """Portfolio line, indicator title, 'December 2016' and 'Source: ...' above the texts."""
    t = Title()
    lines: list[str] = []
    last = (first_label_row - 1) if first_label_row else min(len(sheet.rows), 8)
    for r, row in enumerate(sheet.rows[: max(0, min(last, 15))], start=1):
        for c, v in enumerate(row, start=1):
            if not isinstance(v, str) or not v.strip():
                if t.month_text is None and v is not None and parse_report_month(v):
                    t.month_text = show(v)
                continue
            text = clean_text(v)
            low = text.lower()
            m = re.search(r"\bsource\s*:\s*(.*)$", text, re.I)
            if m:
                t.source = t.source or m.group(1).strip() or None
                text = text[: m.start()].strip()
                low = text.lower()
            month = parse_report_month(text) if len(text) <= 120 else None
            if month is not None and t.month_text is None:
                mm = re.search(
                    r"\b(?:january|february|march|april|may|june|july|august|september|october|"
                    r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
                    r"[\s\-]+'?\d{2,4}\b",
                    text,
                    re.I,
                )
                t.month_text = mm.group(0) if mm else text
                text = (text[: mm.start()] + text[mm.end() :]).strip() if mm else ""
                low = text.lower()
            if not re.search(r"[a-z]", low) or (text.endswith(":") and len(text) < 30):
                continue
            if _GOOD_LINE.search(low) and len(text) <= 60:  # what good looks like, not a name
                t.good = t.good or (text, a1(r, c))
                continue
            lines.append(text)
    named = [x for x in lines if not _JUDGEMENT.search(x)] or lines  # the name, not a verdict
    named = [x for x in named if not _PERIOD_WORD.match(x)]  # a header's 'Apr', 'Qtr 1'
    for text in named:
        if t.portfolio is None and _PORTFOLIO.search(text.lower()) and t.title is None:
            t.portfolio = text
        elif t.title is None:
            t.title = text
    if t.title is None and t.portfolio:  # "X Portfolio The number of sexual offences" on one line
        m = re.search(r"\bportfolio\b\W*(?:\(new\))?\s*(.+)$", t.portfolio, re.I)
        if m and re.search(r"[a-z]{3}", m.group(1)):
            t.portfolio, t.title = t.portfolio[: m.start(1)].strip(), m.group(1).strip()
    if t.portfolio is not None and t.portfolio == t.title:  # the name given twice (B1 and B4)
        t.portfolio = None
    if t.title is None and t.portfolio is not None:  # one line only: it is the indicator's name
        t.title, t.portfolio = t.portfolio, None
    return t
