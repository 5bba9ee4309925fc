"""The judgements of the summary block as live formulas: the RAG rating against the target and
the direction of travel against the period before, each with the value it gives worked out here
the same way, so the cached cell equals `Computed` and a recalculation changes nothing.
"""

from __future__ import annotations

from csp_excel.core.model import Computed, Indicator
from csp_excel.core.rag import effective_polarity, monitor_direction
from csp_excel.writers.indicator.cells import GridCells, lit
from csp_excel.writers.indicator.targets import basis_key
from csp_excel.writers.xl_formats import ARROWS, Candidate


def display_dot(ind: Indicator, comp: Computed) -> str:
    """The arrow shown: judged arrows by polarity; monitoring indicators show the bare direction."""
    direction = monitor_direction(comp)
    if direction is not None and comp.dot in (None, "static"):
        return {"up": "▲", "down": "▼"}.get(direction, ARROWS["static"])
    return ARROWS.get(comp.dot or "", "")


def rag_candidates(g: GridCells) -> list[Candidate] | None:
    """The RAG formula at the reporting period, or None when there is nothing to judge."""
    ri, ind = g.ri, g.ind
    pol = effective_polarity(ind)
    key = basis_key(g)
    if ri is None or pol not in ("lower", "higher", "range") or not g.has(key):
        return None
    y, yv, tol = g.a(key, ri), g.s(key, ri), g.sref("tolerance")
    tolv = ind.tolerance if ind.tolerance is not None else g.settings.rag_tolerance
    if pol == "range":
        return _range_rag(g, y, yv, tol, tolv)
    if not g.has("target"):
        return None
    t, tv = g.a("target", ri), g.s("target", ri)
    short = f"{y}-{t}" if pol == "lower" else f"{t}-{y}"
    f = f'IF(OR(NOT(ISNUMBER({y})),NOT(ISNUMBER({t}))),"None",IF({short}<=0,"G",IF({short}<={tol}*ABS({t}),"A","R")))'
    if yv is None or tv is None:
        v = "None"
    else:
        sv = yv - tv if pol == "lower" else tv - yv
        v = "G" if sv <= 0 else "A" if sv <= tolv * abs(tv) else "R"
    return [Candidate(f, v)]


def _range_rag(
    g: GridCells, y: str, yv: float | None, tol: str, tolv: float
) -> list[Candidate] | None:
    """Green inside the target range, Amber within the tolerance of its nearer end."""
    lo, hi = g.ind.target.low, g.ind.target.high
    if lo is None or hi is None:
        return None
    f = (
        f'IF(NOT(ISNUMBER({y})),"None",IF(AND({y}>={lit(lo)},{y}<={lit(hi)}),"G",'
        f'IF({y}<{lit(lo)},IF({lit(lo)}-{y}<={tol}*{lit(abs(lo))},"A","R"),'
        f'IF({y}-{lit(hi)}<={tol}*{lit(abs(hi))},"A","R"))))'
    )
    if yv is None:
        v = "None"
    elif lo <= yv <= hi:
        v = "G"
    elif yv < lo:
        v = "A" if lo - yv <= tolv * abs(lo) else "R"
    else:
        v = "A" if yv - hi <= tolv * abs(hi) else "R"
    return [Candidate(f, v)]


def rag_note(g: GridCells) -> str:
    """What the RAG rating judges, in words."""
    if g.comp.rag == "None":
        return "no judgement: monitoring only, no target or no figure"
    if g.annual:
        return "the latest year against its target"
    what = "% year to date" if g.level and g.pct else "year to date"
    return f"{what} against the target at the reporting period"


def _dot_cells(g: GridCells, ri: int) -> tuple[str, tuple[str, int]] | None:
    """(headline row, (row, period) compared with): at the first period, last year's close."""
    n = g.n
    if g.pct_figures:
        return "pct_ytd", ("pct_ytd", ri - 1) if ri > 0 else ("pct_ytd_last_year", n - 1)
    if g.ind.kind == "snapshot":
        return "actual", ("actual", ri - 1) if ri > 0 else ("actual_last_year", n - 1)
    if g.s("r12", ri) is not None:
        return "r12", ("r12", ri - 1) if ri > 0 else ("ytd_last_year", n - 1)
    if ri == 0:
        return None
    return "actual", ("actual", ri - 1)


def dot_candidates(g: GridCells) -> list[Candidate] | None:
    """Headline now vs the period before (at the first period: last year's closing figure)."""
    ri, ind = g.ri, g.ind
    if ri is None:
        return None
    if g.annual and ri == 0:
        return None  # the oldest year has no year before it
    cells = _dot_cells(g, ri)
    if cells is None or not g.has(cells[0], cells[1][0]):
        return None
    hk, pk = cells
    h, p = g.a(hk, ri), g.a(pk[0], pk[1])
    hv, pv = g.s(hk, ri), g.s(pk[0], pk[1])
    pol = effective_polarity(ind)
    band = "Static_Band"
    if hk == "pct_ytd":
        static_f = f"ABS({h}-{p})<{band}"
    else:
        static_f = f"IF({p}=0,{h}=0,ABS({h}-{p})/ABS({p})<{band})"
    if pol == "range":
        lo, hi = ind.target.low, ind.target.high
        if lo is None or hi is None:
            return None
        dh = f"MAX({lit(lo)}-{h},{h}-{lit(hi)},0)"
        dp = f"MAX({lit(lo)}-{p},{p}-{lit(hi)},0)"
        judged = f'IF({dh}<{dp},"▲",IF({dh}>{dp},"▼","◀▶"))'
    elif pol == "lower":
        judged = f'IF({h}<{p},"▲","▼")'
    else:  # higher, or monitoring: the bare direction
        judged = f'IF({h}>{p},"▲","▼")'
    inner = f'IF({static_f},"◀▶",{judged})'
    if g.pct_figures and pol == "higher":
        inner = f'IF({h}>=1,"★",{inner})'
    f = f'IF(OR(NOT(ISNUMBER({h})),NOT(ISNUMBER({p}))),"",{inner})'
    bandv, pct = g.settings.static_band, g.pct_figures
    return [Candidate(f, dot_value(hv, pv, pol, hk == "pct_ytd", pct, bandv, ind))]


def dot_value(
    hv: float | None,
    pv: float | None,
    pol: str,
    absolute: bool,
    pct: bool,
    band: float,
    ind: Indicator,
) -> str:
    """What the direction-of-travel formula gives, worked out in Python."""
    if hv is None or pv is None:
        return ""
    if pct and pol == "higher" and hv >= 1:
        return "★"
    if absolute:
        static = abs(hv - pv) < band
    else:
        static = hv == 0 if pv == 0 else abs(hv - pv) / abs(pv) < band
    if static:
        return "◀▶"
    if pol == "range":
        lo, hi = ind.target.low or 0.0, ind.target.high or 0.0
        dh, dp = max(lo - hv, hv - hi, 0.0), max(lo - pv, pv - hi, 0.0)
        return "▲" if dh < dp else "▼" if dh > dp else "◀▶"
    if pol == "lower":
        return "▲" if hv < pv else "▼"
    return "▲" if hv > pv else "▼"
