"""Candidate formulas for the target rows of an indicator sheet and the variance from target.

A target trajectory can come from a typed target row, from last year's figures (a relative target
such as "reduce by 5%") or from the annual target in the summary, profiled flat or like last
year; each is offered with the value it gives and `write_derived` keeps the one `Computed` used.
"""

from __future__ import annotations

from csp_excel.core.rag import compares_counts
from csp_excel.writers.indicator.cells import GridCells, lit
from csp_excel.writers.xl_formats import Candidate

RELATIVE_KINDS = ("reduction_pct", "reduction", "increase")


def base_key(g: GridCells) -> str:
    """The row a relative target is worked out from."""
    if g.annual:  # the year before, as calc_annual bases a relative target
        return (
            "pct_ytd_last_year" if g.pct_figures and not compares_counts(g.ind) else "ytd_last_year"
        )
    if g.ind.kind == "snapshot":
        return "actual_last_year"
    return "pct_ytd_last_year" if g.level else "ytd_last_year"


def factor(g: GridCells) -> float:
    """What a relative target multiplies its base by: 0.95 for "reduce by 5%"."""
    t = g.ind.target
    if t.kind == "reduction_pct" and t.value is not None:
        return 1.0 - t.value
    if t.kind == "increase" and t.value is not None:
        return 1.0 + t.value
    return 1.0


def basis_key(g: GridCells) -> str:
    """The row judged against the target: year to date, % year to date or a snapshot."""
    if g.ind.kind == "snapshot":
        return "actual"
    return "pct_ytd" if g.level and g.pct else "ytd"


def typed_target(g: GridCells, i: int) -> Candidate:
    """The target row's figure in period i, as typed."""
    t, tv = g.a("target_input", i), g.s("target_input", i)
    return Candidate(f'IF(ISNUMBER({t}),{t},"")', tv)


def typed_percent(g: GridCells, i: int) -> Candidate:
    """The target row's figure typed as a whole percentage (95 for 95%)."""
    t, tv = g.a("target_input", i), g.s("target_input", i)
    return Candidate(f'IF(ISNUMBER({t}),{t}/100,"")', None if tv is None else tv / 100.0)


def relative_parts(g: GridCells, i: int) -> tuple[str, str, float | None] | None:
    """(base cell, target expression, target value) of a relative target in period i."""
    key = base_key(g)
    if g.ind.target.kind not in RELATIVE_KINDS or not g.has(key):
        return None
    f, b, bv = factor(g), g.a(key, i), g.s(key, i)
    expr = b if f == 1.0 else f"{b}*{lit(f)}"
    return b, expr, None if bv is None else bv * f


def relative_target(g: GridCells, i: int) -> list[Candidate]:
    """A relative target from its base row in period i (none when the target is not relative)."""
    parts = relative_parts(g, i)
    if parts is None:
        return []
    b, expr, v = parts
    return [Candidate(f'IF(ISNUMBER({b}),{expr},"")', v)]


def target(g: GridCells, i: int) -> list[Candidate]:
    """The target to date in period i."""
    if g.annual:
        return _annual_target(g, i)
    n, out = g.n, []
    annual, av = g.sref("annual_target"), g.comp.annual_target
    if g.has("target_input"):
        out += [typed_target(g, i), typed_percent(g, i), g.cum("target_input", i, False)]
    out += relative_target(g, i)
    if av is not None:
        out.append(Candidate(f"{annual}*{i + 1}/{n}", av * (i + 1) / n))
        out.append(Candidate(f'IF(ISNUMBER({annual}),{annual},"")', av))
        if g.has("ytd_last_year"):
            b, last = g.a("ytd_last_year", i), g.a("ytd_last_year", n - 1, True, True)
            bv, tot = g.s("ytd_last_year", i), g.s("ytd_last_year", n - 1)
            v = None if bv is None or not tot else av * bv / tot
            out.append(
                Candidate(f'IF(AND(ISNUMBER({b}),ISNUMBER({last})),{annual}*{b}/{last},"")', v)
            )
    return out


def _annual_target(g: GridCells, i: int) -> list[Candidate]:
    """Each year's own target from a target row, else the latest year's target only."""
    out: list[Candidate] = []
    if g.has("target_input"):
        out += [typed_target(g, i), typed_percent(g, i)]
    at_rep = g.ri == i
    parts = relative_parts(g, i)
    if parts is not None:
        b, expr, v = parts
        out.append(
            Candidate(f'IF(AND({i + 1}={g.rep},ISNUMBER({b})),{expr},"")', v if at_rep else None)
        )
    annual, av = g.sref("annual_target"), g.comp.annual_target
    out.append(Candidate(f'IF({i + 1}={g.rep},{annual},"")', av if at_rep else None))
    return out


def target_month(g: GridCells, i: int) -> list[Candidate]:
    """The target for period i alone: the target to date less the one before."""
    if not g.has("target"):
        return []
    t, tv = g.a("target", i), g.s("target", i)
    if i == 0:
        return [Candidate(f'IF(ISNUMBER({t}),{t},"")', tv)]
    p, pv = g.a("target", i - 1), g.s("target", i - 1)
    v = None if tv is None or pv is None else tv - pv
    return [Candidate(f'IF(AND(ISNUMBER({t}),ISNUMBER({p})),{t}-{p},"")', v)]


def variance(g: GridCells, i: int) -> list[Candidate]:
    """The judged figure less the target, in period i."""
    key = basis_key(g)
    if not g.has(key, "target"):
        return []
    b, t = g.a(key, i), g.a("target", i)
    bv, tv = g.s(key, i), g.s("target", i)
    guard = key == "actual"
    ok = bv is not None and tv is not None and (not guard or g.upto(i))
    cond = f"ISNUMBER({b}),ISNUMBER({t})" + (f",{i + 1}<={g.rep}" if guard else "")
    return [
        Candidate(
            f'IF(AND({cond}),{b}-{t},"")',
            bv - tv if ok and bv is not None and tv is not None else None,
        )
    ]
