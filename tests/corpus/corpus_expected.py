"""Expected figures of a corpus indicator, computed here from the raw inputs (SPEC section 5).

Deliberately independent of csp_excel: plain arithmetic on the numbers the builder typed in.
Each function returns {measure: [value or None per period]}; None means "not checked here"
(not computable from what the return holds, or after the reporting period).
"""

from __future__ import annotations

from datetime import date

from corpus_cases import Ind

Series = list[float | None]


def differenced(cum: Series) -> Series:
    """Monthly figures from a cumulative row (rolling-only, SPEC section 4)."""
    out: Series = []
    prev: float | None = 0.0
    for c in cum:
        out.append(None if c is None or prev is None else c - prev)
        prev = c
    return out


def running(values: Series) -> Series:
    """YTD: running sum, blank from the first missing period on (never carried forward)."""
    out: Series = []
    total: float | None = 0.0
    for v in values:
        total = None if v is None or total is None else total + v
        out.append(total)
    return out


def report_index(values: Series) -> int | None:
    known = [i for i, v in enumerate(values) if v is not None]
    return known[-1] if known else None


def month_end(fy: int, i: int) -> date:
    y, m = (fy, i + 4) if i < 9 else (fy + 1, i - 8)
    return date(y + (m == 12), m % 12 + 1, 1)


def population(ind: Ind, i: int) -> float | None:
    """The denominator effective at month i: the latest on/before the month's end."""
    if not ind.denominators:
        return None
    end = month_end(ind.fy, i) if ind.frequency == "monthly" else month_end(ind.fy, 3 * i + 2)
    ok = [v for v, eff in sorted(ind.denominators, key=lambda d: d[1]) if eff < end]
    return ok[-1] if ok else None


def this_year(ind: Ind) -> Series:
    return list(ind.actual) if ind.cum_actual is None else differenced(ind.cum_actual)


def last_year(ind: Ind) -> Series | None:
    if ind.cum_last_year is not None:
        return differenced(ind.cum_last_year)
    return None if ind.last_year is None else list(ind.last_year)


def _upto(series: Series, last: int) -> Series:
    return [v if i <= last else None for i, v in enumerate(series)]


def expected_count(ind: Ind) -> dict[str, Series]:
    ty, ly = this_year(ind), last_year(ind)
    n = ind.n
    last = report_index(ty)
    if last is None:
        return {}
    out: dict[str, Series] = {"actual": _upto(ty, last), "ytd": _upto(running(ty), last)}
    if ly is not None:
        ytd_ly = running(ly)
        out["actual_last_year"] = list(ly)
        out["ytd_last_year"] = _upto(ytd_ly, last)
        pct: Series = []
        for i in range(n):
            a, b = out["ytd"][i], ytd_ly[i]
            pct.append(None if a is None or b in (None, 0) else a / b - 1)  # type: ignore[operator]
        out["pct_change"] = pct
        both = list(ly) + ty
        r12: Series = []
        for i in range(n):
            window = both[i + 1 : i + 1 + n]
            r12.append(sum(window) if i <= last and None not in window else None)  # type: ignore[arg-type]
        out["r12"] = r12
        if ind.year_before_last is not None:
            older = list(ind.year_before_last) + list(ly)
            change: Series = []
            for i, x in enumerate(r12):
                window = older[i + 1 : i + 1 + n]
                prev = None if None in window else sum(window)  # type: ignore[arg-type]
                change.append(None if x is None or not prev else x / prev - 1)
            out["r12_change"] = change
        if ind.denominators:
            rate: Series = []
            for i, x in enumerate(r12):
                pop = population(ind, i)
                rate.append(None if x is None or not pop else x / pop * ind.per)
            out["rate"] = rate
    return out


def expected_percentage(ind: Ind) -> dict[str, Series]:
    num, den = ind.numerator or [], ind.denominator or []
    last = report_index(num)
    if last is None:
        return {}
    cn, cd = running(num), running(den)
    pct = [None if a is None or not b or i > last else a / b for i, (a, b) in
           enumerate(zip(cn, cd, strict=True))]  # fmt: skip
    out = {"numerator": _upto(num, last), "denominator": _upto(den, last), "pct_ytd": pct}
    if ind.numerator_ly and ind.denominator_ly:
        ln, ld = running(ind.numerator_ly), running(ind.denominator_ly)
        out["pct_ytd_last_year"] = [
            None if a is None or not b or i > last else a / b
            for i, (a, b) in enumerate(zip(ln, ld, strict=True))
        ]
    return out


def expected_annual(ind: Ind) -> dict[str, Series]:
    """Annual: one slot per year; YTD is the latest year's value, change on the previous year."""
    values = list(ind.actual)
    last = report_index(values)
    if last is None:
        return {}
    n = len(values)
    blank: Series = [None] * n
    ytd, ytd_ly, pct = list(blank), list(blank), list(blank)
    ytd[last] = values[last]
    prev = values[last - 1] if last > 0 else None
    ytd_ly[last] = prev
    if prev not in (None, 0):
        pct[last] = values[last] / prev - 1  # type: ignore[operator]
    return {"actual": values, "ytd": ytd, "ytd_last_year": ytd_ly, "pct_change": pct}


def expected(ind: Ind) -> dict[str, Series]:
    if ind.frequency == "annual":
        return expected_annual(ind)
    if ind.kind == "percentage":
        return expected_percentage(ind)
    return expected_count(ind)


def last_index(ind: Ind) -> int | None:
    """The indicator's last period with a figure of this year."""
    if ind.frequency == "annual":
        return report_index(list(ind.actual))
    if ind.kind == "percentage":
        return report_index(ind.numerator or [])
    return report_index(this_year(ind))


def n_figures(ind: Ind) -> int:
    return sum(1 for s in expected(ind).values() for v in s if v is not None)
