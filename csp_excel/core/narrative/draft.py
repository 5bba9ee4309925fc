"""Draft a Performance Overview paragraph from the computed figures, in the partnerships' style.

Why: analysts copy figures into sentences by hand every month, and the published reports show
what goes wrong (a year to date from last month, a rolling figure that is not the grid's, a
comparison with the wrong month). Drafting removes the copying. Figures are written as
narrative.wording formats them, which is also how narrative.check quotes them back.
"""

from __future__ import annotations

from collections.abc import Callable

from ..forecast import forecast_judgement
from ..model import Computed, Indicator, Target
from .annual import draft_annual
from .wording import (
    RAG_WORD,
    SMALL,
    change_words,
    fmt_num,
    fmt_pct,
    half_up,
    points_change,
    prev_r12,
    rate_sentence,
    same_percent,
    small_change,
    unit_word,
    value_at,
    when,
)

Drafter = Callable[[Indicator, Computed, int, str | None], list[str]]


def draft_overview(ind: Indicator, comp: Computed, partnership: str | None = None) -> str:
    """A Performance Overview paragraph in the style partnerships already use; a district block
    names its district, not the whole partnership."""
    partnership = ind.district or partnership
    m = comp.report_index
    if m is None:
        return "No figures have been reported for this indicator yet."
    if comp.frequency == "annual":
        return " ".join(p for p in draft_annual(ind, comp, m, partnership) if p)
    parts = _DRAFTERS.get(ind.kind, _draft_count)(ind, comp, m, partnership)
    parts += _draft_judgement(ind, comp, m)
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- counts


def _draft_count(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    """The year to date against last year, then the rolling 12 months and the rate."""
    unit = unit_word(ind)
    out = [_count_ytd(comp, m, partnership, unit)]
    r12 = value_at(comp.r12, m)
    if r12 is not None and comp.frequency == "monthly":
        out.append(_count_r12(comp, m, r12, unit))
        rate = value_at(comp.rate, m)
        if rate is not None:
            out.append(rate_sentence(ind, rate))
    return out


def _count_ytd(comp: Computed, m: int, partnership: str | None, unit: str) -> str:
    now, then = when(comp.fy, m, comp.frequency), when(comp.fy - 1, m, comp.frequency)
    who = f" {partnership}" if partnership else ""
    ytd, ytd_ly = value_at(comp.ytd, m), value_at(comp.ytd_last_year, m)
    if ytd is None:
        return f"The year to date at {now} cannot be worked out because a figure is missing."
    if ytd_ly is None:
        return (
            f"Year to date there were {fmt_num(ytd)} {unit} at {now}; "
            "there is no figure for the same period last year to compare with."
        )
    if ytd < SMALL or ytd_ly < SMALL:
        return (
            f"Year to date there were {fmt_num(ytd)} {unit} at {now} compared with {fmt_num(ytd_ly)} "
            f"at {then} ({small_change(ytd, ytd_ly)}); numbers are too small to judge a "
            "percentage change."
        )
    if ytd == ytd_ly:
        return (
            f"Year to date{who} shows no change at {now} ({fmt_num(ytd)} {unit}) "
            f"compared with {then} ({fmt_num(ytd_ly)})."
        )
    return (
        f"Year to date{who} shows {change_words(ytd, ytd_ly, unit)} at {now} "
        f"({fmt_num(ytd)} {unit}) compared with {then} ({fmt_num(ytd_ly)})."
    )


def _count_r12(comp: Computed, m: int, r12: float, unit: str) -> str:
    now = when(comp.fy, m, comp.frequency)
    span = f"({when(comp.fy, m - 11, 'monthly')} to {now})"
    prev = prev_r12(comp, m)
    text = f"Using the latest rolling 12 months {span}, {fmt_num(r12)} {unit}"
    if prev is None:
        return text + "."
    if r12 < SMALL or prev < SMALL:
        return text + (
            f" against {fmt_num(prev)} in the previous rolling 12 months; "
            "numbers are too small to judge a percentage change."
        )
    if round(r12) == round(prev):
        return text + f", no change on the previous rolling 12 months ({fmt_num(prev)})."
    words = change_words(r12, prev, "")
    return text + f", {words} on the previous rolling 12 months ({fmt_num(prev)})."


def _draft_snapshot(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    v = value_at(comp.actual, m)
    shown = fmt_num(v) if v is not None else "not available"
    return [f"At {when(comp.fy, m, comp.frequency)} the figure was {shown}."]


# ---------------------------------------------------------------- percentages

# What a percentage counts, from words in its title, definition and row labels: first match wins.
_PCT_BODIES = (
    ("success", "{num} of {den} {noun} were successful ({pct})"),
    ("satisf", "{num} of {den} respondents were satisfied ({pct})"),
    ("repeat", "{num} of {den} referrals were repeats ({pct})"),
)
_PCT_BODY = "the figure was {pct} ({num} of {den})"
_SUCCESS_NOUNS = ("termination", "completion", "discharge")


def _draft_percentage(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    """The year-to-date percentage (with its target), then the same point last year."""
    now = when(comp.fy, m, comp.frequency)
    num = sum(v for v in (comp.numerator or [])[: m + 1] if v is not None)
    den = sum(v for v in (comp.denominator or [])[: m + 1] if v is not None)
    pct = value_at(comp.pct_ytd, m)
    if pct is None and den:
        pct = num / den
    if pct is None or not den:
        return [f"There is no year-to-date percentage at {now} yet."]
    out = [f"Year to date {_pct_body(ind, num, den, pct)}{_pct_target(ind)}."]
    pct_ly = value_at(comp.pct_ytd_last_year, m)
    if pct_ly is not None:
        den_ly = sum(v for v in (comp.denominator_last_year or [])[: m + 1] if v is not None)
        line = f"At {when(comp.fy - 1, m, comp.frequency)} it was {fmt_pct(pct_ly)}"
        if den < SMALL or den_ly < SMALL:
            line += "; numbers are too small to judge a change."
        elif same_percent(pct, pct_ly):
            line += ", about the same."
        else:
            line += f" ({points_change(pct, pct_ly)})."
        out.append(line)
    return out


def _pct_body(ind: Indicator, num: float, den: float, pct: float) -> str:
    labels = [ind.numerator_label or "", ind.denominator_label or ""]
    if ind.grid is not None:
        labels += [r.label for r in ind.grid.rows if r.kind in ("numerator", "denominator")]
    text = " ".join([ind.title, ind.texts.get("Definition", ""), *labels]).lower()
    noun = next((w + "s" for w in _SUCCESS_NOUNS if w in text), "cases")
    template = next((t for word, t in _PCT_BODIES if word in text), _PCT_BODY)
    return template.format(num=fmt_num(num), den=fmt_num(den), pct=fmt_pct(pct), noun=noun)


def _pct_target(ind: Indicator) -> str:
    t = ind.target
    if ind.polarity == "monitor":
        return ""
    if t.kind == "rate" and t.value is not None:
        return f", against a target of {fmt_pct(t.value)}"
    if t.kind == "range" and t.low is not None and t.high is not None:
        return f", against a target range of {fmt_pct(t.low)} to {fmt_pct(t.high)}"
    return ""


# ---------------------------------------------------------------- judgement

# A target in words, by its kind; None (no value to quote) falls back to the text as typed.
_TARGET_PHRASES: dict[str, Callable[[float | None], str | None]] = {
    "cap": lambda v: None if v is None else f"no more than {fmt_num(v)}",
    "floor": lambda v: None if v is None else f"at least {fmt_num(v)}",
    "reduction_pct": lambda v: None if v is None else f"{fmt_pct(v)} below last year",
    "reduction": lambda v: "below last year",
    "increase": lambda v: "above last year",
}


def _target_phrase(t: Target) -> str:
    phrase = _TARGET_PHRASES.get(t.kind, lambda v: None)(t.value)
    return t.text if phrase is None else phrase


def _draft_judgement(ind: Indicator, comp: Computed, m: int) -> list[str]:
    """Trajectory, RAG and forecast; monitoring-only indicators get the forecast figure only."""
    out: list[str] = []
    judged = ind.polarity in ("lower", "higher", "range") and ind.target.kind != "none"
    pct = ind.kind == "percentage"
    expected, ytd = value_at(comp.target, m), value_at(comp.ytd, m)
    rag = RAG_WORD.get(comp.rag)
    if judged and not pct and expected is not None and ytd is not None:
        rel = (
            "in line with"
            if half_up(ytd) == half_up(expected)
            else ("below" if ytd < expected else "above")
        )
        line = f"This is {rel} the expected {fmt_num(expected)} at this point"
        line += f" (target {_target_phrase(ind.target)})"
        out.append(line + (f" and is rated {rag}." if rag else "."))
    elif judged and rag:
        out.append(f"It is rated {rag}.")
    if comp.forecast is not None:
        out.append(_forecast_line(ind, comp, comp.forecast, judged))
    return out


def _forecast_line(ind: Indicator, comp: Computed, forecast: float, judged: bool) -> str:
    fmt: Callable[[float], str] = fmt_pct if ind.kind == "percentage" else fmt_num
    line = (
        "If the rest of the year follows last year's pattern the year-end figure "
        f"will be about {fmt(forecast)}"
    )
    lo, hi = comp.forecast_low, comp.forecast_high
    if lo is not None and hi is not None and fmt(lo) != fmt(hi):
        line += f" (between {fmt(lo)} and {fmt(hi)})"
    judgement = forecast_judgement(comp, ind.polarity) if judged else ""
    if judgement and comp.annual_target is not None:
        said = judgement.replace("target", "it")
        line += f"; against the year-end target of {fmt(comp.annual_target)} it is {said}"
    return line + "."


# how each kind of indicator is drafted before the judgement; any other kind reads as a count
_DRAFTERS: dict[str, Drafter] = {
    "percentage": _draft_percentage,
    "snapshot": _draft_snapshot,
}
