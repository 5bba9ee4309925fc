"""Draft the Performance Overview of an annual indicator: the latest year against the year
before, then the target.

Why apart from draft: an annual grid has one column per year, so there is no year to date,
rolling 12 months or forecast to speak of, and the sentences compare whole years by their labels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Computed, Indicator
from ..rag import compares_counts
from .wording import (
    RAG_WORD,
    SMALL,
    change_words,
    fmt_num,
    fmt_pct,
    points_change,
    rate_sentence,
    same_percent,
    small_change,
    unit_word,
    value_at,
)


@dataclass(frozen=True)
class _Year:
    """The latest year and the one before it, as the sentences name and quote them."""

    now: str
    then: str | None
    who: str  # " Blaby" or ""
    v: float
    prev: float | None


def draft_annual(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    """An annual indicator: the latest year against the year before, then the target."""
    labels = comp.period_labels
    now = labels[m] if m < len(labels) else "the latest year"
    then = labels[m - 1] if 0 < m <= len(labels) else None
    pct = comp.pct_ytd is not None and not compares_counts(ind)
    series = comp.pct_ytd if pct else comp.ytd
    v, prev = value_at(series, m), value_at(series, m - 1) if m > 0 else None
    if v is None:
        return [f"There is no figure for {now}."]
    year = _Year(now, then, f" {partnership}" if partnership else "", v, prev)
    line = _percent_year(year) if pct else _count_year(ind, comp, m, year)
    return [line, *_year_judgement(ind, comp, m, now, pct)]


def _percent_year(y: _Year) -> str:
    line = f"In {y.now}{y.who} the figure was {fmt_pct(y.v)}"
    if y.prev is None or y.then is None:
        return line + "; there is no figure for the year before to compare with."
    if same_percent(y.v, y.prev):
        return line + f", about the same as in {y.then} ({fmt_pct(y.prev)})."
    return line + f", {points_change(y.v, y.prev)} on {y.then} ({fmt_pct(y.prev)})."


def _count_year(ind: Indicator, comp: Computed, m: int, y: _Year) -> str:
    unit = "" if ind.kind == "snapshot" else unit_word(ind)  # a level, not a count of events
    v, prev = y.v, y.prev
    line = f"In {y.now}{y.who} " + (
        f"the figure was {fmt_num(v)}" if not unit else f"there were {fmt_num(v)} {unit}"
    )
    if prev is None or y.then is None:
        line += "; there is no figure for the year before to compare with."
    elif v < SMALL or prev < SMALL:
        line += (
            f" compared with {fmt_num(prev)} in {y.then} ({small_change(v, prev)}); numbers are "
            "too small to judge a percentage change."
        )
    elif v == prev:
        line += f", no change on {y.then}."
    else:
        line += f", {change_words(v, prev, unit)} on {y.then} ({fmt_num(prev)})."
    rate = value_at(comp.rate, m)
    if rate is not None:
        line += " " + rate_sentence(ind, rate)
    return line


def _year_judgement(ind: Indicator, comp: Computed, m: int, now: str, pct: bool) -> list[str]:
    """The year's target and RAG; a grid target row counts as a target."""
    rag = RAG_WORD.get(comp.rag)
    target = value_at(comp.target, m)
    judged = ind.polarity in ("lower", "higher", "range") and (
        ind.target.kind != "none" or target is not None
    )
    fmt: Callable[[float], str] = fmt_pct if pct else fmt_num
    if judged and target is not None:
        return [
            f"The target for {now} was {fmt(target)}"
            + (f" and the year is rated {rag}." if rag else ".")
        ]
    if rag:
        return [f"The year is rated {rag}."]
    return []
