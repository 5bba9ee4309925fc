"""Which funnel each indicator of comparison.xlsx gets, and which partnerships it leaves out.

An indicator shared by two or more returns and compared by a rate per 1,000 (Poisson) or a YTD %
(binomial) gets a funnel (core.funnel) of every partnership with both numbers behind its figure;
each one without them is listed with the reason, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.funnel import INSIDE, Funnel, Unit, build_funnel, not_drawn_reason, usable

KIND_FIELDS = {"rate": ("rate_count", "rate_population"), "percentage": ("pct_numerator",
               "pct_denominator")}  # fmt: skip
JUDGEMENT_WORDS = {
    "worse": "worse",
    "better": "better",
    "high": "high (no polarity)",
    "low": "low (no polarity)",
    INSIDE: "inside the limits",
}


@dataclass(frozen=True)
class FunnelPlan:
    """One indicator's funnel (None when it cannot be drawn, with the reason)."""

    title: str
    sheet: str  # the indicator's own sheet in comparison.xlsx
    kind: str | None  # "rate", "percentage", or None (neither figure)
    metric: str  # "rate per 1,000", "YTD %"
    higher_better: bool | None  # None: no polarity, or the returns disagree
    funnel: Funnel | None
    reason: str | None  # why there is no funnel
    skipped: tuple[tuple[str, str], ...]  # (partnership, why it is not plotted)


def _kind(rows: Sequence[dict[str, Any]]) -> tuple[str | None, str, float]:
    """What the sheet compares (the same choice as its ranking): rate first, then YTD %."""
    rated = [r for r in rows if r.get("rate") is not None]
    if rated:
        pers = {r.get("per") or 1000.0 for r in rated}
        per = pers.pop() if len(pers) == 1 else 1000.0
        return "rate", f"rate per {per:,.0f}", per
    if any(r.get("pct_ytd") is not None for r in rows):
        return "percentage", "YTD %", 1.0
    return None, "", 1.0


def _polarity(rows: Sequence[dict[str, Any]]) -> bool | None:
    votes = [r.get("polarity") for r in rows]
    up, down = votes.count("higher"), votes.count("lower")
    return True if up > down else False if down > up else None


def plan_funnel(
    title: str, sheet: str, rows: Sequence[dict[str, Any]], labels: Sequence[str]
) -> FunnelPlan:
    """The funnel of one indicator group (rows: its summaries; labels: their partnerships)."""
    kind, metric, per = _kind(rows)
    higher = _polarity(rows)
    if kind is None:
        why = "no rate per 1,000 or YTD % to compare"
        return FunnelPlan(title, sheet, None, metric, higher, None, why, ())
    count_key, den_key = KIND_FIELDS[kind]
    units: list[Unit] = []
    skipped: list[tuple[str, str]] = []
    for row, label in zip(rows, labels, strict=True):
        count, den = row.get(count_key), row.get(den_key)
        why_not = usable(kind, count, den)
        if why_not is None and count is not None and den is not None:
            units.append(Unit(label, float(count), float(den)))
        else:
            skipped.append((label, why_not or "no figure"))
    reason = "only one return has this indicator" if len(rows) < 2 else None
    reason = reason or not_drawn_reason(kind, units)
    funnel = None if reason else build_funnel(kind, units, higher, per)
    return FunnelPlan(title, sheet, kind, metric, higher, funnel, reason, tuple(skipped))


def outside_text(plan: FunnelPlan) -> str:
    """The Overview's line: which partnerships are outside the limits (or why no funnel)."""
    if plan.funnel is None:
        return f"No funnel plot: {plan.reason}."
    parts = []
    for p in plan.funnel.points:
        if p.judgement != INSIDE:
            parts.append(f"{p.name} {p.position} ({JUDGEMENT_WORDS[p.judgement]})")
    text = "Outside the limits: " + "; ".join(parts) + "." if parts else "All inside the limits."
    if plan.skipped:
        text += " Not plotted: " + ", ".join(f"{n} ({why})" for n, why in plan.skipped) + "."
    return text
