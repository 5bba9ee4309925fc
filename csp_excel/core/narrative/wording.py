"""How the narrative writes and reads figures: number formats, periods, units and changes.

Why one module: drafting (draft, annual) writes figures this way and the check (check) quotes
them back the same way, so a drafted paragraph and a finding about a typed one read alike.
"""

from __future__ import annotations

import math
import re

from ..model import Computed, Indicator, Series
from ..periods import long_month, period_name
from ..rag import RAG_WORDS

SMALL = 20  # below this a percentage change is not worth quoting
RAG_WORD = RAG_WORDS  # no words for "None": the text then says nothing of a rating


def half_up(x: float, digits: int = 0) -> float:
    """Round half away from zero, as people (and Excel) round, not banker's rounding."""
    f = 10**digits
    return math.floor(abs(x) * f + 0.5) / f * (1 if x >= 0 else -1)


def fmt_num(x: float) -> str:
    """Counts as people write them: 13,207; non-whole figures to 2 decimals."""
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{int(half_up(x)):,}"
    return f"{x:,.2f}"


def fmt_pct(frac: float) -> str:
    """0.0096 -> '1%'; under 1% keeps one decimal (0.1%) so a real change never reads as 0%."""
    v = abs(frac) * 100
    if 0 < v < 0.05:
        return f"{half_up(v, 2):.2f}%"
    if 0 < v < 0.95:
        return f"{half_up(v, 1):.1f}%"
    return f"{int(half_up(v))}%"


def when(fy: int, idx: int, frequency: str) -> str:
    """The period as a sentence names it: 'December 2016', or the quarter's name."""
    if frequency == "quarterly":
        return period_name(fy, idx, "quarterly")
    return long_month(fy, idx)


def value_at(series: Series | None, i: int) -> float | None:
    """The figure at period i, None when the series or the period is not there."""
    if series is None or i < 0 or i >= len(series):
        return None
    return series[i]


_TITLE_UNITS = (
    (r"\breferral", "referrals"),
    (r"\bcalls?\b", "calls"),
    (r"\bincident", "incidents"),
    (r"\boffen[cs]e|\bcrime", "offences"),
    (r"\bfires?\b", "fires"),
)
_TEXT_UNITS = (
    (r"\boffen[cs]e|\bcrime", "offences"),
    (r"\breferral", "referrals"),
    (r"\bcalls?\b", "calls"),
    (r"\bincident", "incidents"),
)


def unit_word(ind: Indicator) -> str:
    """The noun for a count: the title decides first, then how it works / the definition."""
    body = " ".join(ind.texts.get(k, "") for k in ("How this indicator works", "Definition"))
    for text, table in ((ind.title, _TITLE_UNITS), (body, _TEXT_UNITS)):
        for pattern, word in table:
            if re.search(pattern, text, re.I):
                return word
    return "offences"


def per_figure(ind: Indicator) -> int:
    """The 'per N' of a rate: the indicator's own, else per 1,000."""
    return int(ind.per) if ind.per else 1000


def rate_sentence(ind: Indicator, rate: float) -> str:
    """'That is 5.12 per 1,000 residents.'"""
    who = (ind.denominator_name or "population").lower()
    return f"That is {rate:,.2f} per {per_figure(ind):,} {who}."


def prev_r12(comp: Computed, i: int) -> float | None:
    """R12 twelve months before period i, from the R12 change (or last year's total at year end)."""
    r12, chg = value_at(comp.r12, i), value_at(comp.r12_change, i)
    if r12 is not None and chg is not None and chg != -1:
        return r12 / (1 + chg)
    if i == comp.n - 1 and all(v is not None for v in comp.actual_last_year[: comp.n]):
        return float(sum(v for v in comp.actual_last_year[: comp.n] if v is not None))
    return None


def change_words(a: float, b: float, unit: str) -> str:
    """'a 1% increase (up 132 offences)' for a against b."""
    diff = a - b
    word = "increase" if diff > 0 else "decrease"
    updown = "up" if diff > 0 else "down"
    unit_part = f" {unit}" if unit else ""
    pct = fmt_pct(diff / b)
    return f"{_article(pct)} {pct} {word} ({updown} {fmt_num(abs(diff))}{unit_part})"


def small_change(a: float, b: float) -> str:
    """'no change', 'up 3' or 'down 2': how a change between small numbers is said."""
    diff = a - b
    return "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {fmt_num(abs(diff))}"


def points_change(v: float, prev: float) -> str:
    """'up 4 percentage points' between two fractions."""
    pts = int(half_up(abs(v - prev) * 100))
    return f"{'up' if v > prev else 'down'} {pts} percentage points"


def same_percent(a: float, b: float) -> bool:
    """Two fractions that read as the same whole percentage."""
    return half_up(a * 100) == half_up(b * 100)


def _article(said: str) -> str:
    """'an 8%', 'an 11%', 'an 18%', otherwise 'a' (as the figure is spoken)."""
    eleven = said.startswith(("11", "18")) and (len(said) == 2 or not said[2].isdigit())
    return "an" if said.startswith("8") or eleven else "a"
