"""Draft a Performance Overview paragraph from the computed figures, in the partnerships' style.

Why: analysts copy figures into sentences by hand every month, and the published reports show
what goes wrong (a year to date from last month, a rolling figure that is not the grid's, a
comparison with the wrong month). Drafting removes the copying. The number formatting here
(fmt_num, fmt_pct) is also how narrative_check quotes figures back, so both read the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from ..forecast import forecast_judgement
from ..model import Computed, Indicator, Series
from ..periods import long_month, period_name
from ..rag import compares_counts

SMALL = 20  # below this a percentage change is not worth quoting
_RAG_WORD = {"R": "Red", "A": "Amber", "G": "Green"}

# ---------------------------------------------------------------- formatting


def _half_up(x: float, digits: int = 0) -> float:
    f = 10**digits
    return math.floor(abs(x) * f + 0.5) / f * (1 if x >= 0 else -1)


def fmt_num(x: float) -> str:
    """Counts as people write them: 13,207; non-whole figures to 2 decimals."""
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{int(_half_up(x)):,}"
    return f"{x:,.2f}"


def fmt_pct(frac: float) -> str:
    """0.0096 -> '1%'; under 1% keeps one decimal (0.1%) so a real change never reads as 0%."""
    v = abs(frac) * 100
    if 0 < v < 0.05:
        return f"{_half_up(v, 2):.2f}%"
    if 0 < v < 0.95:
        return f"{_half_up(v, 1):.1f}%"
    return f"{int(_half_up(v))}%"


def _when(fy: int, idx: int, frequency: str) -> str:
    if frequency == "quarterly":
        return period_name(fy, idx, "quarterly")
    return long_month(fy, idx)


def value_at(series: Series | None, i: int) -> float | None:
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


def prev_r12(comp: Computed, i: int) -> float | None:
    """R12 twelve months before period i, from the R12 change (or last year's total at year end)."""
    r12, chg = value_at(comp.r12, i), value_at(comp.r12_change, i)
    if r12 is not None and chg is not None and chg != -1:
        return r12 / (1 + chg)
    if i == comp.n - 1 and all(v is not None for v in comp.actual_last_year[: comp.n]):
        return float(sum(v for v in comp.actual_last_year[: comp.n] if v is not None))
    return None


def _change_words(a: float, b: float, unit: str) -> str:
    """'a 1% increase (up 132 offences)' for a against b."""
    diff = a - b
    word = "increase" if diff > 0 else "decrease"
    updown = "up" if diff > 0 else "down"
    unit_part = f" {unit}" if unit else ""
    pct = fmt_pct(diff / b)
    return f"{_article(pct)} {pct} {word} ({updown} {fmt_num(abs(diff))}{unit_part})"


def _article(said: str) -> str:
    """'an 8%', 'an 11%', 'an 18%', otherwise 'a' (as the figure is spoken)."""
    eleven = said.startswith(("11", "18")) and (len(said) == 2 or not said[2].isdigit())
    return "an" if said.startswith("8") or eleven else "a"


# ---------------------------------------------------------------- drafting


def draft_overview(ind: Indicator, comp: Computed, partnership: str | None = None) -> str:
    """A Performance Overview paragraph in the style partnerships already use; a district block
    names its district, not the whole partnership."""
    partnership = ind.district or partnership
    m = comp.report_index
    if m is None:
        return "No figures have been reported for this indicator yet."
    if comp.frequency == "annual":
        return " ".join(p for p in _draft_annual(ind, comp, m, partnership) if p)
    if ind.kind == "percentage":
        parts = _draft_percentage(ind, comp, m)
    elif ind.kind == "snapshot":
        v = value_at(comp.actual, m)
        shown = fmt_num(v) if v is not None else "not available"
        parts = [f"At {_when(comp.fy, m, comp.frequency)} the figure was {shown}."]
    else:
        parts = _draft_count(ind, comp, m, partnership)
    parts += _draft_judgement(ind, comp, m)
    return " ".join(p for p in parts if p)


def _draft_count(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    unit = unit_word(ind)
    now, then = _when(comp.fy, m, comp.frequency), _when(comp.fy - 1, m, comp.frequency)
    who = f" {partnership}" if partnership else ""
    ytd, ytd_ly = value_at(comp.ytd, m), value_at(comp.ytd_last_year, m)
    out: list[str] = []
    if ytd is None:
        out.append(f"The year to date at {now} cannot be worked out because a figure is missing.")
    elif ytd_ly is None:
        out.append(
            f"Year to date there were {fmt_num(ytd)} {unit} at {now}; "
            "there is no figure for the same period last year to compare with."
        )
    elif ytd < SMALL or ytd_ly < SMALL:
        diff = ytd - ytd_ly
        change = (
            "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {fmt_num(abs(diff))}"
        )
        out.append(
            f"Year to date there were {fmt_num(ytd)} {unit} at {now} compared with {fmt_num(ytd_ly)} "
            f"at {then} ({change}); numbers are too small to judge a percentage change."
        )
    elif ytd == ytd_ly:
        out.append(
            f"Year to date{who} shows no change at {now} ({fmt_num(ytd)} {unit}) "
            f"compared with {then} ({fmt_num(ytd_ly)})."
        )
    else:
        out.append(
            f"Year to date{who} shows {_change_words(ytd, ytd_ly, unit)} at {now} "
            f"({fmt_num(ytd)} {unit}) compared with {then} ({fmt_num(ytd_ly)})."
        )
    r12 = value_at(comp.r12, m)
    if r12 is not None and comp.frequency == "monthly":
        span = f"({_when(comp.fy, m - 11, 'monthly')} to {now})"
        prev = prev_r12(comp, m)
        text = f"Using the latest rolling 12 months {span}, {fmt_num(r12)} {unit}"
        if prev is None:
            text += "."
        elif r12 < SMALL or prev < SMALL:
            text += (
                f" against {fmt_num(prev)} in the previous rolling 12 months; "
                "numbers are too small to judge a percentage change."
            )
        elif round(r12) == round(prev):
            text += f", no change on the previous rolling 12 months ({fmt_num(prev)})."
        else:
            words = _change_words(r12, prev, "")
            text += f", {words} on the previous rolling 12 months ({fmt_num(prev)})."
        out.append(text)
        rate = value_at(comp.rate, m)
        if rate is not None:
            per = f"{_per(ind):,}"
            who_per = (ind.denominator_name or "population").lower()
            out.append(f"That is {rate:,.2f} per {per} {who_per}.")
    return out


def _per(ind: Indicator) -> int:
    return int(ind.per) if ind.per else 1000


def _draft_percentage(ind: Indicator, comp: Computed, m: int) -> list[str]:
    now, then = _when(comp.fy, m, comp.frequency), _when(comp.fy - 1, m, comp.frequency)
    num = sum(v for v in (comp.numerator or [])[: m + 1] if v is not None)
    den = sum(v for v in (comp.denominator or [])[: m + 1] if v is not None)
    pct = value_at(comp.pct_ytd, m)
    if pct is None and den:
        pct = num / den
    if pct is None or not den:
        return [f"There is no year-to-date percentage at {now} yet."]
    labels = [ind.numerator_label or "", ind.denominator_label or ""]
    if ind.grid is not None:
        labels += [r.label for r in ind.grid.rows if r.kind in ("numerator", "denominator")]
    text = " ".join([ind.title, ind.texts.get("Definition", ""), *labels]).lower()
    if "success" in text:
        noun = next(
            (w + "s" for w in ("termination", "completion", "discharge") if w in text), "cases"
        )
        body = f"{fmt_num(num)} of {fmt_num(den)} {noun} were successful ({fmt_pct(pct)})"
    elif "satisf" in text:
        body = f"{fmt_num(num)} of {fmt_num(den)} respondents were satisfied ({fmt_pct(pct)})"
    elif "repeat" in text:
        body = f"{fmt_num(num)} of {fmt_num(den)} referrals were repeats ({fmt_pct(pct)})"
    else:
        body = f"the figure was {fmt_pct(pct)} ({fmt_num(num)} of {fmt_num(den)})"
    t = ind.target
    if ind.polarity != "monitor" and t.kind == "rate" and t.value is not None:
        body += f", against a target of {fmt_pct(t.value)}"
    elif (
        ind.polarity != "monitor" and t.kind == "range" and t.low is not None and t.high is not None
    ):
        body += f", against a target range of {fmt_pct(t.low)} to {fmt_pct(t.high)}"
    out = [f"Year to date {body}."]
    pct_ly = value_at(comp.pct_ytd_last_year, m)
    if pct_ly is not None:
        den_ly = sum(v for v in (comp.denominator_last_year or [])[: m + 1] if v is not None)
        line = f"At {then} it was {fmt_pct(pct_ly)}"
        if den < SMALL or den_ly < SMALL:
            line += "; numbers are too small to judge a change."
        elif _half_up(pct * 100) == _half_up(pct_ly * 100):
            line += ", about the same."
        else:
            pts = int(_half_up(abs(pct - pct_ly) * 100))
            line += f" ({'up' if pct > pct_ly else 'down'} {pts} percentage points)."
        out.append(line)
    return out


def _target_phrase(ind: Indicator) -> str:
    t = ind.target
    if t.kind == "cap" and t.value is not None:
        return f"no more than {fmt_num(t.value)}"
    if t.kind == "floor" and t.value is not None:
        return f"at least {fmt_num(t.value)}"
    if t.kind == "reduction_pct" and t.value is not None:
        return f"{fmt_pct(t.value)} below last year"
    if t.kind == "reduction":
        return "below last year"
    if t.kind == "increase":
        return "above last year"
    return t.text


def _draft_judgement(ind: Indicator, comp: Computed, m: int) -> list[str]:
    """Trajectory, RAG and forecast; monitoring-only indicators get the forecast figure only."""
    out: list[str] = []
    judged = ind.polarity in ("lower", "higher", "range") and ind.target.kind != "none"
    pct = ind.kind == "percentage"
    fmt: Callable[[float], str] = fmt_pct if pct else fmt_num
    expected, ytd = value_at(comp.target, m), value_at(comp.ytd, m)
    rag = _RAG_WORD.get(comp.rag)
    if judged and not pct and expected is not None and ytd is not None:
        rel = (
            "in line with"
            if _half_up(ytd) == _half_up(expected)
            else ("below" if ytd < expected else "above")
        )
        line = f"This is {rel} the expected {fmt_num(expected)} at this point"
        line += f" (target {_target_phrase(ind)})"
        out.append(line + (f" and is rated {rag}." if rag else "."))
    elif judged and rag:
        out.append(f"It is rated {rag}.")
    if comp.forecast is not None:
        line = (
            "If the rest of the year follows last year's pattern the year-end figure "
            f"will be about {fmt(comp.forecast)}"
        )
        lo, hi = comp.forecast_low, comp.forecast_high
        if lo is not None and hi is not None and fmt(lo) != fmt(hi):
            line += f" (between {fmt(lo)} and {fmt(hi)})"
        judgement = forecast_judgement(comp, ind.polarity) if judged else ""
        if judgement and comp.annual_target is not None:
            said = judgement.replace("target", "it")
            line += f"; against the year-end target of {fmt(comp.annual_target)} it is {said}"
        out.append(line + ".")
    return out


def _draft_annual(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    """An annual indicator: the latest year against the year before, then the target."""
    labels = comp.period_labels
    now = labels[m] if m < len(labels) else "the latest year"
    then = labels[m - 1] if 0 < m <= len(labels) else None
    pct = comp.pct_ytd is not None and not compares_counts(ind)
    series = comp.pct_ytd if pct else comp.ytd
    v, prev = value_at(series, m), value_at(series, m - 1) if m > 0 else None
    who = f" {partnership}" if partnership else ""
    out: list[str] = []
    if v is None:
        return [f"There is no figure for {now}."]
    if pct:
        line = f"In {now}{who} the figure was {fmt_pct(v)}"
        if prev is None or then is None:
            line += "; there is no figure for the year before to compare with."
        elif _half_up(v * 100) == _half_up(prev * 100):
            line += f", about the same as in {then} ({fmt_pct(prev)})."
        else:
            pts = int(_half_up(abs(v - prev) * 100))
            line += f", {'up' if v > prev else 'down'} {pts} percentage points on {then}"
            line += f" ({fmt_pct(prev)})."
    else:
        unit = "" if ind.kind == "snapshot" else unit_word(ind)  # a level, not a count of events
        line = f"In {now}{who} " + (
            f"the figure was {fmt_num(v)}" if not unit else f"there were {fmt_num(v)} {unit}"
        )
        if prev is None or then is None:
            line += "; there is no figure for the year before to compare with."
        elif v < SMALL or prev < SMALL:
            diff = v - prev
            change = (
                "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {fmt_num(abs(diff))}"
            )
            line += (
                f" compared with {fmt_num(prev)} in {then} ({change}); numbers are too small to "
                "judge a percentage change."
            )
        elif v == prev:
            line += f", no change on {then}."
        else:
            line += f", {_change_words(v, prev, unit)} on {then} ({fmt_num(prev)})."
        rate = value_at(comp.rate, m)
        if rate is not None:
            who_per = (ind.denominator_name or "population").lower()
            line += f" That is {rate:,.2f} per {_per(ind):,} {who_per}."
    out.append(line)
    rag = _RAG_WORD.get(comp.rag)
    target = value_at(comp.target, m)
    judged = ind.polarity in ("lower", "higher", "range") and (
        ind.target.kind != "none" or target is not None  # a grid target row counts
    )
    fmt: Callable[[float], str] = fmt_pct if pct else fmt_num
    if judged and target is not None:
        out.append(
            f"The target for {now} was {fmt(target)}"
            + (f" and the year is rated {rag}." if rag else ".")
        )
    elif rag:
        out.append(f"The year is rated {rag}.")
    return out
