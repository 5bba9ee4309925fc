"""Read a target and a polarity from the return's own words.

Analysts write targets as sentences ("No more than 257", "5% decrease from previous year",
"To achieve a repeat referral rate between 28% - 40%", "For monitoring") and polarity as prose in
"What good looks like". These functions turn that prose into a `Target` and a polarity word so the
calculations never depend on how a particular partnership phrases things. Settings win over both;
the reader decides that, not this module.
"""

from __future__ import annotations

import re

from csp_excel.core.model import Target

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def _norm(text: str) -> str:
    t = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").replace("−", "-")
    t = re.sub(r"<[^>]+>", " ", t)  # HTML leftovers from exported reports
    return " ".join(t.lower().split())


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _frac(s: str) -> float:
    """'78.6' (a percentage) -> 0.786, without float noise such as 0.78599999."""
    return round(_num(s) / 100.0, 10)


_MONITOR = re.compile(
    r"^(?:for )?monitoring\b|^monitor only\b|^no target\b|^n/?a$|^none$|\bmonitoring only\b|"
    r"\bno performance (?:measure|target)\b"
)
# "(within 15% of performance measure)": a tolerance band around the measure, not the measure
_TOLERANCE = re.compile(
    r"\(?\s*\b(?:within|outside(?: of)?)\s+\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+)?"
    r"(?:performance\s+measure|target|measure)\s*\)?"
)
_RANGE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*%?\s*(?:-|to|and)\s*(\d+(?:\.\d+)?)\s*%",
)
_PCT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%")
_DOWN = r"(?:decrease|reduction|reduce|reducing|lower|fewer|less|down|drop|fall)"
_UP = r"(?:increase|rise|higher|more|up|growth)"
# "5% decrease", "a reduction of 10%", "reduce 10 BCS comparator crimes by 17.5%"
_AT_LEAST = r"(?:at least\s+|a minimum of\s+)?"
_PCT_DOWN = re.compile(
    rf"(\d+(?:\.\d+)?)\s*%\s*(?:a\s+)?{_DOWN}|{_DOWN}\w*\s+(?:of|by)\s+{_AT_LEAST}"
    rf"(\d+(?:\.\d+)?)\s*%|\b{_DOWN}\w*(?:\s+[^\s%]+){{1,6}}?\s+by\s+{_AT_LEAST}(\d+(?:\.\d+)?)\s*%"
)
_PCT_UP = re.compile(
    rf"(\d+(?:\.\d+)?)\s*%\s*(?:a\s+)?{_UP}|{_UP}\w*\s+(?:of|by)\s+{_AT_LEAST}"
    rf"(\d+(?:\.\d+)?)\s*%|\b{_UP}\w*(?:\s+[^\s%]+){{1,6}}?\s+by\s+{_AT_LEAST}(\d+(?:\.\d+)?)\s*%"
)
_CAP_WORDS = (
    r"no more than|not more than|not to exceed|no greater than|not greater than|fewer than|"
    r"less than|lower than|maximum(?: of)?|max\.?|at most|below|under|up to|cap(?: of)?"
)
# "no more than 30%" (not "... 30% increase"): a percentage that must stay in 0..30%
_OR_LESS = r"\s+or\s+(?:less|lower|fewer|below|under)\b"
_PCT_CAP = re.compile(
    rf"\b(?:{_CAP_WORDS})\s+(?:the\s+)?(\d+(?:\.\d+)?)\s*%(?!\s*(?:a\s+)?(?:{_DOWN}|{_UP}))"
    rf"|(?<![\d.])(\d+(?:\.\d+)?)\s*%{_OR_LESS}"
)
# checked before the caps: "no fewer than 200" is a floor although it contains "fewer than 200"
_FLOOR_NEG = re.compile(
    rf"\b(?:no fewer than|not fewer than|no less than|not less than|no lower than)\s+{_NUM}"
)
_CAP = re.compile(rf"\b(?:{_CAP_WORDS})\s+{_NUM}|(?<![\d.,]){_NUM}(?:\s+\w+)?{_OR_LESS}")
_FLOOR = re.compile(
    rf"\b(?:more than|at least|minimum(?: of)?|min\.?|no less than|no fewer than|not less than|"
    rf"greater than|over|above|exceed)\s+{_NUM}"
    rf"|(?<![\d.,]){_NUM}(?:\s+\w+)?\s+or\s+(?:more|higher|above|over|greater)\b"
)
# "to record 621 incidents", "to receive 2665 referrals": a count to reach (never a year)
_RECORD = re.compile(
    rf"\b(?:record|receive|achieve|reach|deliver|train|support|engage|visit|secure)\s+"
    rf"{_NUM}(?![\d/%.])"
)
_BARE_COUNT = re.compile(
    rf"^(?:to achieve\s+)?{_NUM}\s+(?:individuals|people|persons|clients|starts|completions|"
    r"successful|referrals|homes|visits|households|cases|offenders|victims|young people)\b"
)
_REDUCTION = re.compile(
    r"\b(?:reduction|decrease|reduce|reducing|lower than (?:last|previous)|fewer than "
    r"(?:last|previous)|less than (?:last|previous)|below (?:last|previous)|as low as possible)"
)
_INCREASE = re.compile(
    r"\b(?:increase|rise|higher|more|improvement|improve)\w*\s+(?:on|from|than|over|compared "
    r"(?:to|with))\s+(?:the\s+)?(?:last|previous|same period)|\bas high as possible\b"
)


def parse_target(text: str | None) -> Target:
    """Target phrase -> `Target` (source "sheet"; "none" when the text is empty).

    Unrecognised prose ("To remain within the top-quartile range", "Service is demand driven")
    gives kind "none": it states no figure the tool could measure against.
    """
    raw = (text or "").strip()
    if not raw:
        return Target(kind="none", text=raw, source="none")
    t = _norm(raw)

    def make(
        kind: str, value: float | None = None, low: float | None = None, high: float | None = None
    ) -> Target:
        return Target(kind=kind, value=value, low=low, high=high, text=raw, source="sheet")

    if _MONITOR.search(t):
        return make("none")
    t = _TOLERANCE.sub(" ", t)
    m = _RANGE.search(t)
    if m:
        low, high = sorted((_frac(m.group(1)), _frac(m.group(2))))
        return make("range", None, low=low, high=high)
    m = _PCT_CAP.search(t)
    if m:
        return make("range", None, low=0.0, high=_frac(m.group(1) or m.group(2)))
    m = _PCT_DOWN.search(t)
    if m:
        return make("reduction_pct", _frac(next(g for g in m.groups() if g)))
    m = _PCT_UP.search(t)
    if m:
        return make("increase", _frac(next(g for g in m.groups() if g)))
    m = _PCT.search(t)
    if m:
        return make("rate", _frac(m.group(1)))
    for pattern, kind in ((_FLOOR_NEG, "floor"), (_CAP, "cap"), (_FLOOR, "floor"),
                          (_RECORD, "floor"), (_BARE_COUNT, "floor")):  # fmt: skip
        m = pattern.search(t)
        if m:
            return make(kind, _num(next(g for g in m.groups() if g)))
    if _REDUCTION.search(t):
        return make("reduction")
    if _INCREASE.search(t):
        return make("increase")
    return make("none")


# Polarity cues in "What good looks like". The earliest cue in the text wins, so
# "a lower number of residential burglaries and a higher number of attempted..." reads as lower.
_POL_MONITOR = re.compile(r"^(?:for )?monitoring\b|\bfor monitoring\b|\bmonitoring only\b")
_POL_RANGE = re.compile(
    r"\bbetween\s+\d+(?:\.\d+)?\s*%?\s*(?:-|and|to)\s*\d+(?:\.\d+)?\s*%|"
    r"(?<![\d.])\d+(?:\.\d+)?\s*%?\s*-\s*\d+(?:\.\d+)?\s*%\s*range|"
    r"\brange of\s+\d+(?:\.\d+)?\s*%?\s*(?:-|and|to)\s*\d+(?:\.\d+)?\s*%|"
    r"\b(?:expected|recommended) range\b|\bwithin (?:the )?target range\b"
)
_POL_LOWER = re.compile(
    r"\bgood to be low\b|\b(?:decrease[sd]?|decreasing|reduction|reductions|reduce[sd]?|"
    r"reducing|fewer|lower|lowest|less|fall|falls|falling|drop|down)\b|\bas low as\b|"
    r"^low$|\blow is (?:good|better)\b"
)
_POL_HIGHER = re.compile(
    r"\bgood to be high\b|\b(?:increase[sd]?|increasing|higher|highest|rise|more homes|"
    r"more properties|more people|more victims|more referrals)\b"
    r"|\bas (?:near|close) (?:to )?100\s*%|\bas high as\b|^high$|\bhigh is (?:good|better)\b"
)


def parse_polarity(text: str | None) -> str | None:
    """'What good looks like' prose -> "lower" / "higher" / "range" / "monitor", or None."""
    if not text or not text.strip():
        return None
    t = _norm(text)
    if _POL_MONITOR.search(t):
        return "monitor"
    if _POL_RANGE.search(t):
        return "range"
    lo = _POL_LOWER.search(t)
    hi = _POL_HIGHER.search(t)
    if lo and hi:
        return "lower" if lo.start() < hi.start() else "higher"
    if lo:
        return "lower"
    if hi:
        return "higher"
    return None


def polarity_for_target(target: Target) -> str | None:
    """The polarity a target implies: a cap means lower is better, a floor higher, and so on."""
    return {
        "range": "range",
        "cap": "lower",
        "reduction": "lower",
        "reduction_pct": "lower",
        "floor": "higher",
        "rate": "higher",
        "increase": "higher",
    }.get(target.kind)
