"""The RAG rating typed in the return against the computed one, with the reason in plain words."""

from __future__ import annotations

from collections.abc import Callable

from csp_excel.core.codes import finding
from csp_excel.core.model import Finding
from csp_excel.core.rag import RAG_WORDS, basis_series, effective_polarity, rag_range, rag_value
from csp_excel.core.rules.context import RuleContext, fmt_num, fmt_pct
from csp_excel.core.rules.precision import EPS

RULE_RAG_WORD = {**RAG_WORDS, "None": "no rating (grey)"}  # mid-sentence, lower case


def normalise_rag(text: str | None) -> str | None:
    """'R', 'red', 'Amber ', 'n/a', 'None' -> 'R', 'R', 'A', 'None', 'None'; unknown -> None."""
    if text is None:
        return None
    t = text.strip().lower().rstrip(".")
    if t in ("r", "red"):
        return "R"
    if t in ("a", "amber", "a/g", "amber/green"):
        return "A"
    if t in ("g", "green"):
        return "G"
    if t in ("none", "n/a", "na", "grey", "gray", "-", "monitoring", "for monitoring", "nil"):
        return "None"
    return None


def rag_typed(c: RuleContext) -> list[Finding]:
    typed = normalise_rag(c.ind.typed_rag)
    computed = c.comp.rag
    if typed is None or typed == computed or c.ri is None:
        return []
    why = _rag_reason(c)
    msg = f"{why}, but the return says {RULE_RAG_WORD[typed]}."
    cell = c.ind.typed_rag_cell
    return [
        finding("RAG_MISMATCH", c.ind.sheet, cell, msg, computed, typed)  # computed first
    ]


def _rag_reason(c: RuleContext) -> str:
    """Why the computed rating is what it is, in the terms of the figures."""
    ind, comp, ri = c.ind, c.comp, c.ri
    assert ri is not None
    word = RULE_RAG_WORD.get(comp.rag, comp.rag)
    polarity = effective_polarity(ind)
    if comp.rag == "None":
        if polarity == "monitor" or ind.target.kind == "none":
            return "This indicator is for monitoring only (no target), so it gets no rating"
        return f"There is no figure or target to rate at {c.name(ri)}, so it gets no rating"
    basis = basis_series(ind, comp)
    value = basis[ri]
    target = comp.target[ri] if ri < len(comp.target) else None
    percent = comp.pct_ytd is not None and basis is comp.pct_ytd
    tol = ind.tolerance if ind.tolerance is not None else c.settings.rag_tolerance
    label = "The year-to-date percentage" if percent else "Year to date"
    if comp.frequency == "annual":
        label = f"The {'percentage' if percent else 'figure'} for {c.name(ri)}"
    fmt: Callable[[float], str] = fmt_pct if percent else fmt_num
    if value is None:
        return f"The figures give {word}"
    if polarity == "range" and ind.target.low is not None and ind.target.high is not None:
        low, high = ind.target.low, ind.target.high
        rng = f"the target range {fmt(low)} to {fmt(high)}"
        if rag_range(value, low, high, tol) == "G":
            return f"{label} {fmt(value)} is inside {rng}, so Green"
        target, polarity = (low, "higher") if value < low else (high, "lower")
        desc = f"the {'bottom' if value < low else 'top'} of {rng}"
    elif target is None:
        return f"The figures give {word}"
    else:
        desc = _target_desc(c, target, fmt)
    mine = rag_value(value, target, polarity, tol)  # the rating's own rule: never a 2nd opinion
    if mine != comp.rag:
        return f"The figures give {word} ({label.lower()} {fmt(value)} against {desc})"
    if percent:
        gap = f"{abs(value - target) * 100:.1f} points"
    elif target:
        gap = f"{abs(value - target) / abs(target):.1%}"
    else:
        gap = fmt_num(abs(value - target))
    side = "above" if value > target else "below"
    if mine == "G":
        judged = "on or better than target, so Green"
    elif mine == "A":
        judged = f"within the {tol:.0%} tolerance, so Amber"
    else:
        judged = f"more than the {tol:.0%} tolerance, so Red"
    if abs(value - target) <= EPS * max(1.0, abs(target)):
        return f"{label} {fmt(value)} equals {desc}: {judged}"
    return f"{label} {fmt(value)} is {gap} {side} {desc}: {judged}"


def _target_desc(c: RuleContext, target: float, fmt: Callable[[float], str]) -> str:
    kind = c.ind.target.kind
    if kind == "reduction":
        return f"last year's {fmt(target)}"
    if kind == "increase":
        x = c.ind.target.value
        if x:  # "5% increase": the target is last year x 1.05, not last year itself
            return f"last year's plus {x * 100:g}% ({fmt(target)})"
        return f"last year's {fmt(target)}"
    if kind == "reduction_pct" and c.ind.target.value is not None:
        return f"the target of {fmt(target)} ({c.ind.target.value:.0%} below last year)"
    if c.comp.frequency == "annual" and kind in ("reduction", "increase", "reduction_pct"):
        return f"the target of {fmt(target)} (set on the year before)"
    if kind in ("cap", "floor") and c.comp.frequency == "annual":
        return f"the target of {fmt(target)} for the year"
    if kind in ("cap", "floor") and c.comp.annual_target is not None and fmt is fmt_num:
        return (
            f"the target to date of {fmt(target)} (of {fmt_num(c.comp.annual_target)} for the year)"
        )
    return f"the target of {fmt(target)}"
