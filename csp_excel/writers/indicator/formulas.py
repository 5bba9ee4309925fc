"""Candidate formulas for the grid of an indicator sheet, each with the value it would give.

The formulas follow `csp_excel.core.calc` rule for rule (a gap breaks the YTD, nothing after the
reporting period, R12 only when every month is known); `write_derived` keeps the candidate that
reproduces the computed figure, so cached values always equal `Computed`. Which formulas a row
gets is one table, `ROW_FORMULAS`; the target rows are in `targets`.
"""

from __future__ import annotations

from collections.abc import Callable

from csp_excel.writers.indicator.cells import GridCells, ratio
from csp_excel.writers.indicator.targets import target, target_month, variance
from csp_excel.writers.xl_formats import Candidate

RowFormula = Callable[[GridCells, int], list[Candidate]]


def pct_month(g: GridCells, i: int) -> list[Candidate]:
    """Numerator over denominator in period i."""
    if not g.has("numerator", "denominator"):
        return []
    nn, d = g.a("numerator", i), g.a("denominator", i)
    v = ratio(g.s("numerator", i), g.s("denominator", i))
    return [Candidate(f'IF(AND(ISNUMBER({nn}),ISNUMBER({d})),IF({d}=0,"",{nn}/{d}),"")', v)]


def denominator_value(g: GridCells, i: int) -> list[Candidate]:
    """The population in force at the end of period i, looked up on the Settings sheet."""
    names = g.srefs.denominators.get((g.ind.denominator_name or "").lower())
    if names is None or not g.has("period_end"):
        return []
    v = g.s("denominator_value", i)  # the population in force, as calc worked it out
    return [Candidate(f'IFERROR(LOOKUP({g.a("period_end", i, True)},{names[0]},{names[1]}),"")', v)]


def _annual_prev(g: GridCells, key: str, i: int) -> list[Candidate]:
    """An annual row's previous column: the year before."""
    return [g.same(key, i - 1, False)] if i > 0 and g.has(key) else []


def ytd(g: GridCells, i: int) -> list[Candidate]:
    if g.annual:  # the year is its own year to date
        return [g.same("actual", i, True)] if g.has("actual") else []
    return [g.cum("actual", i, True), g.cum("actual", i, False)] if g.has("actual") else []


def ytd_last_year(g: GridCells, i: int) -> list[Candidate]:
    if g.annual:
        return _annual_prev(g, "ytd", i)
    if not g.has("actual_last_year"):
        return []
    return [g.cum("actual_last_year", i, False), g.cum("actual_last_year", i, True)]


def _change(g: GridCells, a_key: str, b_key: str, i: int, guard: bool) -> Candidate:
    a, b = g.a(a_key, i), g.a(b_key, i)
    x, y = g.s(a_key, i), g.s(b_key, i)
    ok = x is not None and y is not None and y != 0 and (not guard or g.upto(i))
    cond = f"ISNUMBER({a}),ISNUMBER({b})" + (f",{i + 1}<={g.rep}" if guard else "")
    return Candidate(
        f'IF(AND({cond}),IF({b}=0,"",{a}/{b}-1),"")',
        x / y - 1 if ok and x is not None and y else None,
    )


def pct_change(g: GridCells, i: int) -> list[Candidate]:
    out = []
    if g.has("ytd", "ytd_last_year"):
        out.append(_change(g, "ytd", "ytd_last_year", i, False))
    if g.has("actual", "actual_last_year"):
        out.append(_change(g, "actual", "actual_last_year", i, True))
    return out


def r12(g: GridCells, i: int) -> list[Candidate]:
    """The last 12 months (4 quarters): this year to i and last year after i, all known."""
    n = g.n
    if not g.has("actual") or (i < n - 1 and not g.has("actual_last_year")):
        return []
    parts = [g.rng("actual", 0, i)] + (
        [g.rng("actual_last_year", i + 1, n - 1)] if i < n - 1 else []
    )
    window = [g.s("actual", j) for j in range(i + 1)] + [
        g.s("actual_last_year", j) for j in range(i + 1, n)
    ]
    ok = g.upto(i) and all(v is not None for v in window)
    args = ",".join(parts)
    value = sum(v for v in window if v is not None) if ok else None
    return [Candidate(f'IF(AND({i + 1}<={g.rep},COUNT({args})={n}),SUM({args}),"")', value)]


def r12_change(g: GridCells, i: int) -> list[Candidate]:
    n = g.n
    if i != n - 1 or not g.has("r12", "actual_last_year"):
        return []
    r, ly = g.a("r12", i), g.rng("actual_last_year", 0, n - 1)
    lys = [g.s("actual_last_year", j) for j in range(n)]
    total = sum(v for v in lys if v is not None) if all(v is not None for v in lys) else None
    v = ratio(g.s("r12", i), total)
    return [
        Candidate(
            f'IF(AND(ISNUMBER({r}),COUNT({ly})={n}),IF(SUM({ly})=0,"",{r}/SUM({ly})-1),"")',
            None if v is None else v - 1,
        )
    ]


def rate(g: GridCells, i: int) -> list[Candidate]:
    """Rolling 12 months (or the period's figure) per `Per` of the population."""
    if not g.has("denominator_value"):
        return []
    d, per = g.a("denominator_value", i), g.sref("per")
    out = []
    for key, guard in (("r12", False), ("actual", True)):
        if not g.has(key):
            continue
        x, y = g.s(key, i), g.s("denominator_value", i)
        q = ratio(x, y) if (not guard or g.upto(i)) else None
        cond = f"ISNUMBER({g.a(key, i)}),ISNUMBER({d})" + (f",{i + 1}<={g.rep}" if guard else "")
        out.append(
            Candidate(
                f'IF(AND({cond}),IF({d}=0,"",{g.a(key, i)}/{d}*{per}),"")',
                None if q is None else q * g.ind.per,
            )
        )
    return out


def _pct_cum(g: GridCells, nk: str, dk: str, i: int, guard: bool) -> Candidate:
    nums = [g.s(nk, j) for j in range(i + 1)]
    dens = [g.s(dk, j) for j in range(i + 1)]
    ok = all(v is not None for v in nums + dens) and (not guard or g.upto(i))
    sd = sum(v for v in dens if v is not None)
    value = sum(v for v in nums if v is not None) / sd if ok and sd else None
    cond = f"COUNT({g.rng(nk, 0, i)})={i + 1},COUNT({g.rng(dk, 0, i)})={i + 1}"
    if guard:
        cond = f"{i + 1}<={g.rep}," + cond
    f = f'IF(AND({cond}),IF(SUM({g.rng(dk, 0, i)})=0,"",SUM({g.rng(nk, 0, i)})/SUM({g.rng(dk, 0, i)})),"")'
    return Candidate(f, value)


def pct_ytd(g: GridCells, i: int) -> list[Candidate]:
    if g.annual and not g.pct:  # a row of percentages: the figure itself
        return [g.same("actual", i, True)] if g.has("actual") else []
    if g.annual and g.has("numerator", "denominator"):
        nn, d = g.a("numerator", i), g.a("denominator", i)
        v = ratio(g.s("numerator", i), g.s("denominator", i))
        cond = f"{i + 1}<={g.rep},ISNUMBER({nn}),ISNUMBER({d})"
        return [Candidate(f'IF(AND({cond}),IF({d}=0,"",{nn}/{d}),"")', v if g.upto(i) else None)]
    if not g.has("numerator", "denominator"):
        return []
    return [_pct_cum(g, "numerator", "denominator", i, True)]


def pct_ytd_last_year(g: GridCells, i: int) -> list[Candidate]:
    if g.annual:
        return _annual_prev(g, "pct_ytd", i)
    if not g.has("numerator_last_year", "denominator_last_year"):
        return []
    return [_pct_cum(g, "numerator_last_year", "denominator_last_year", i, False)]


ROW_FORMULAS: dict[str, RowFormula] = {
    "pct_month": pct_month,
    "denominator_value": denominator_value,
    "ytd": ytd,
    "ytd_last_year": ytd_last_year,
    "pct_change": pct_change,
    "r12": r12,
    "r12_change": r12_change,
    "rate": rate,
    "pct_ytd": pct_ytd,
    "pct_ytd_last_year": pct_ytd_last_year,
    "target": target,
    "target_month": target_month,
    "variance": variance,
}


class GridFormulas(GridCells):
    """Builds candidate formulas for one indicator sheet, with the value each would give."""

    def candidates(self, key: str, i: int) -> list[Candidate]:
        """The formulas row `key` may hold in period i (none: the row holds figures as read)."""
        fn = ROW_FORMULAS.get(key)
        return fn(self, i) if fn is not None else []
