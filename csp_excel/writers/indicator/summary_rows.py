"""The items of an indicator sheet's summary block: label, figure, candidate formulas, number
format and a note for each key, chosen through one table, `SUMMARY_ITEMS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from csp_excel.core.annual import period_label
from csp_excel.core.forecast import forecast_judgement
from csp_excel.core.model import Computed
from csp_excel.core.rag import compares_counts, effective_polarity
from csp_excel.writers.indicator.cells import GridCells
from csp_excel.writers.indicator.formulas import pct_month
from csp_excel.writers.indicator.judgements import (
    display_dot,
    dot_candidates,
    rag_candidates,
    rag_note,
)
from csp_excel.writers.indicator.layout import POLARITY_WORDS
from csp_excel.writers.indicator.targets import relative_target, typed_target
from csp_excel.writers.xl_formats import FMT_COUNT, FMT_PCT, Candidate, same

from ..number_formats import FMT_PCT_WHOLE


class SummaryItem(NamedTuple):
    """One line of the summary block."""

    key: str
    label: str
    value: Any
    cands: list[Candidate] | None  # None: the value is written as it is
    numfmt: str
    note: str


def fmt_figure(comp: Computed, value: float | None) -> str:
    """A forecast figure as people read it: 17,640 or 68.2%."""
    if value is None:
        return ""
    pct = comp.numerator is not None or (comp.frequency == "annual" and comp.pct_ytd is not None)
    return f"{value:.1%}" if pct else f"{value:,.0f}"


def at(g: GridCells, key: str) -> tuple[Any, list[Candidate] | None]:
    """The grid figure at the reporting period, by reference."""
    ri = g.ri
    if ri is None or key not in g.rows:
        return None, None
    x = g.a(key, ri)
    if key == "pct_month":
        c = pct_month(g, ri)
        v = c[0].value if c else None
    else:
        v = g.s(key, ri)
    return v, [Candidate(f'IF(ISNUMBER({x}),{x},"")', v)]


def _period(g: GridCells) -> str:
    return period_label(g.comp, g.ri) if g.ri is not None else "no figures yet"


def _rep(g: GridCells, key: str) -> SummaryItem:
    value = None if g.ri is None else g.ri + 1
    return SummaryItem(key, "Reporting period number", value, None, "0", _period(g))


def _actual(g: GridCells, key: str) -> SummaryItem:
    pct, year = g.pct, g.annual
    src = ("pct_ytd" if year else "pct_month") if pct else "actual"
    v, c = at(g, src)
    label = "% in the latest period" if pct else "Latest period"
    label = ("Latest year" if year else label) + (" (%)" if year and pct else "")
    return SummaryItem(key, label, v, c, g.fmt.get(src, FMT_COUNT), _period(g))


def _to_date(g: GridCells, key: str) -> SummaryItem:
    """Year to date, and the same period last year."""
    pct = g.pct
    src = {"ytd": "pct_ytd", "ytd_last_year": "pct_ytd_last_year"}.get(key, key) if pct else key
    v, c = at(g, src)
    label = {
        "ytd": "Year to date",
        "ytd_last_year": "Same period last year",
        "actual_last_year": "Same period last year",
    }[key]
    if g.annual:
        label = {"ytd": "Year to date (the year)", "ytd_last_year": "Previous year"}[key]
    label = ("% " + label.lower()) if pct and key != "actual_last_year" else label
    return SummaryItem(key, label, v, c, g.fmt.get(src, FMT_COUNT), "")


def _grid_figure(g: GridCells, key: str) -> SummaryItem:
    """A grid row's figure at the reporting period, by reference."""
    v, c = at(g, key)
    year = g.annual
    labels = {
        "pct_change": "% change on the previous year" if year else "% change on last year",
        "r12": "Rolling 12 months" if g.comp.n == 12 or year else "Rolling 4 quarters",
        "rate": f"Rate per {g.ind.per:,.0f}",
        "target": "Target" if g.level else "Target to date",
        "variance": "Variance from target",
    }
    return SummaryItem(key, labels[key], v, c, g.fmt.get(key, FMT_COUNT), "")


def _annual_target(g: GridCells, key: str) -> SummaryItem:
    """The annual target, as a reference to where it comes from when one reproduces it."""
    av, n = g.comp.annual_target, g.n
    if g.annual:  # the latest year's target: the column of the reporting period
        n = (g.ri if g.ri is not None else n - 1) + 1
    fmt = FMT_PCT if g.level and g.pct else FMT_COUNT
    cands: list[Candidate] = []
    if g.has("target_input"):
        cands += [typed_target(g, n - 1), g.cum("target_input", n - 1, False)]
    cands += relative_target(g, n - 1)
    chosen = [c for c in cands if same(c.value, av)]
    note = "change it to re-profile the target" if not chosen else ""
    if g.annual:
        fmt = FMT_PCT if g.pct_figures and not compares_counts(g.ind) else FMT_COUNT
        note = "the latest year's target; change it to re-judge the year" if not chosen else ""
    label = "Target for the latest year" if g.annual else "Annual target"
    return SummaryItem(key, label, av, chosen[:1] or None, fmt, note)


def _forecast(g: GridCells, key: str) -> SummaryItem:
    comp = g.comp
    low, high = comp.forecast_low, comp.forecast_high
    note = ""
    if low is not None and high is not None and fmt_figure(comp, low) != fmt_figure(comp, high):
        note = f"range {fmt_figure(comp, low)} – {fmt_figure(comp, high)}"
    if g.annual:
        note = "none: a year's figure is already the year-end figure"
    numfmt = FMT_PCT if g.pct else FMT_COUNT
    return SummaryItem(key, "Year-end forecast", comp.forecast, None, numfmt, note)


def _forecast_judgement(g: GridCells, key: str) -> SummaryItem:
    comp = g.comp
    judgement = forecast_judgement(comp, effective_polarity(g.ind))
    annual = comp.annual_target
    note = f"annual target {fmt_figure(comp, annual)}" if annual is not None else ""
    note = "" if g.annual else note
    label = "Forecast against annual target"
    return SummaryItem(key, label, judgement or None, None, "", note)


def _per(g: GridCells, key: str) -> SummaryItem:
    ref = g.srefs.per.get(g.sheet)
    c = [Candidate(ref, g.ind.per)] if ref else None
    return SummaryItem(key, "Rate per", g.ind.per, c, FMT_COUNT, "set on the Settings sheet")


def _tolerance(g: GridCells, key: str) -> SummaryItem:
    ind = g.ind
    tol = ind.tolerance if ind.tolerance is not None else g.settings.rag_tolerance
    ref = g.srefs.tolerance.get(g.sheet)
    c = [Candidate(f'IF({ref}="",RAG_Tolerance,{ref})', tol)] if ref else None
    note = "partnership's unless set for this indicator"
    return SummaryItem(key, "RAG tolerance", tol, c, FMT_PCT_WHOLE, note)


def _rag(g: GridCells, key: str) -> SummaryItem:
    return SummaryItem(key, "RAG rating", g.comp.rag, rag_candidates(g), "", rag_note(g))


def _typed_rag(g: GridCells, key: str) -> SummaryItem:
    return SummaryItem(key, "RAG typed in the return", g.ind.typed_rag, None, "", "")


def _typed_dot(g: GridCells, key: str) -> SummaryItem:
    typed = getattr(g.ind, "typed_dot", None)
    return SummaryItem(key, "Direction typed in the return", typed, None, "", "")


def _dot(g: GridCells, key: str) -> SummaryItem:
    arrow = display_dot(g.ind, g.comp)
    return SummaryItem(key, "Direction of travel", arrow, dot_candidates(g), "", g.comp.dot or "")


def _spc(g: GridCells, key: str) -> SummaryItem:
    spc = g.comp.spc
    return SummaryItem(key, "SPC signal", spc.variation if spc else None, None, "", "")


def _assurance(g: GridCells, key: str) -> SummaryItem:
    spc = g.comp.spc
    return SummaryItem(key, "SPC assurance", spc.assurance if spc else None, None, "", "")


SHORT_TEXT = 30  # characters a summary value shows (columns B to D)


def _target_text(g: GridCells, key: str) -> SummaryItem:
    t = g.ind.target
    src = f"from {t.source}" if t.source != "none" else ""
    text = t.text or "none"
    if len(text) > SHORT_TEXT:  # shown shortened; the note says where the words are in full
        where = "the Settings sheet" if t.source == "settings" else t.cell or "the return"
        text, src = shorten(text, SHORT_TEXT), f"{src}; in full: {where}".lstrip("; ")
    return SummaryItem(key, "Target (as worded)", text, None, "", src)


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary, marked with an ellipsis, within `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def _polarity(g: GridCells, key: str) -> SummaryItem:
    pol = effective_polarity(g.ind)
    words, note = POLARITY_WORDS.get(pol, pol), f"from {g.ind.polarity_source}"
    return SummaryItem(key, "What good looks like", words, None, "", note)


SUMMARY_ITEMS: dict[str, Callable[[GridCells, str], SummaryItem]] = {
    "rep": _rep,
    "actual": _actual,
    "ytd": _to_date,
    "ytd_last_year": _to_date,
    "actual_last_year": _to_date,
    "pct_change": _grid_figure,
    "r12": _grid_figure,
    "rate": _grid_figure,
    "target": _grid_figure,
    "variance": _grid_figure,
    "annual_target": _annual_target,
    "forecast": _forecast,
    "forecast_judgement": _forecast_judgement,
    "per": _per,
    "tolerance": _tolerance,
    "rag": _rag,
    "typed_rag": _typed_rag,
    "typed_dot": _typed_dot,
    "dot": _dot,
    "spc": _spc,
    "assurance": _assurance,
    "target_text": _target_text,
    "polarity": _polarity,
}


def block_items(g: GridCells) -> list[SummaryItem]:
    """The summary block's items, in the order `GridCells.keys` fixed."""
    return [SUMMARY_ITEMS[key](g, key) for key in g.keys]
