"""Figures in the return against the computed ones: YTD, R12, rate, percentages, part and whole.

A difference is only reported beyond the precision the figure is shown with
(`rules_precision`), so consistent returns raise no alarms.
"""

from __future__ import annotations

from csp_excel.core.calc import cumulative as cum
from csp_excel.core.calc import resolve_rows
from csp_excel.core.model import Finding, GridRow, Series
from csp_excel.core.rules.context import _at, _cmp, _Ctx, _num, _pct, _raw, _shown
from csp_excel.core.rules.precision import _EPS, consistent, displayed_unit

# ---------------------------------------------------------------- YTD / R12 / rate


def _ytd_rows(c: _Ctx) -> list[Finding]:
    """Supplied YTD rows against the cumulative sums; a difference carried on month after month
    (one wrong month) is one finding at its first cell."""
    out: list[Finding] = []
    comp = c.comp
    pairs: list[tuple[str, Series | None, Series | None, str]] = [
        ("ytd", comp.ytd, comp.ytd_last_year, "the monthly figures"),
        ("ytd_numerator", cum(comp.numerator, c.n), cum(comp.numerator_last_year, c.n), ""),
        ("ytd_denominator", cum(comp.denominator, c.n), cum(comp.denominator_last_year, c.n), ""),
    ]
    rows = resolve_rows(c.ind)
    for kind, this_year, last_year, source in pairs:
        if kind == "ytd_numerator":
            source = f"the '{rows.numerator.label}' figures" if rows.numerator else "the months"
        elif kind == "ytd_denominator":
            source = f"the '{rows.denominator.label}' figures" if rows.denominator else "the months"
        for row in c.rows(kind):
            year = c.row_year(row)
            if year == "other" or (kind == "ytd" and c.ind.kind == "snapshot"):
                continue
            expected_s = this_year if year == "current" else last_year
            run: list[int] = []
            last_diff: float | None = None
            for i in c.checked(row, year):
                exp = _at(expected_s, i)
                ok = _cmp(row, i, exp)
                diff = None if ok is not False or exp is None else (row.values[i] or 0.0) - exp
                if run and (diff is None or last_diff is None or abs(diff - last_diff) > _EPS):
                    out.append(_ytd_finding(c, row, run, expected_s, source))
                    run = []
                if diff is not None:
                    run.append(i)
                last_diff = diff
            if run:
                out.append(_ytd_finding(c, row, run, expected_s, source))
    return out


def _ytd_finding(
    c: _Ctx, row: GridRow, run: list[int], expected: Series | None, source: str
) -> Finding:
    i = run[0]
    exp = _at(expected, i)
    assert exp is not None
    found = row.values[i]
    msg = (
        f"'{row.label}' for {c.name(i)} is {_shown(row, i)}, but {source} from "
        f"{c.name(0)} to {c.name(i)} add up to {_num(exp)}."
    )
    if len(run) > 1:
        msg += (
            f" The same difference of {_num(abs((found or 0.0) - exp))} carries on to "
            f"{c.name(run[-1])}: one month's figure or the running total was probably mistyped."
        )
    return c.finding("YTD_MISMATCH", row, i, msg, exp, found)


def _r12_rows(c: _Ctx) -> list[Finding]:
    out: list[Finding] = []
    for row in c.rows("r12", "r12_change"):
        if c.row_year(row) != "current":
            continue
        change = row.kind == "r12_change"
        series = c.comp.r12_change if change else c.comp.r12
        for i in c.checked(row, "current"):
            exp = _at(series, i)
            if _cmp(row, i, exp, percent=change) is not False:
                continue
            assert exp is not None
            what = (
                f"the change in the rolling 12 months on a year before is {_pct(exp, 1, True)}"
                if change
                else f"the 12 months to {c.name(i)} add up to {_num(exp)}"
            )
            msg = f"'{row.label}' for {c.name(i)} is {_shown(row, i)}, but {what}."
            out.append(c.finding("R12_MISMATCH", row, i, msg, exp, row.values[i]))
    return out


def _rate_rows(c: _Ctx) -> list[Finding]:
    """Rate rows against R12 / population x per; the computed R12 or the return's own R12 row
    may be the basis (a wrong R12 is reported once, by R12_MISMATCH)."""
    out: list[Finding] = []
    comp, per = c.comp, c.ind.per
    supplied_r12 = next((r for r in c.rows("r12") if c.row_year(r) == "current"), None)
    pop_name = (c.ind.denominator_name or "population").lower()
    for row in c.rows("rate"):
        if c.row_year(row) != "current":
            continue
        for i in c.checked(row, "current"):
            pop = _at(comp.denominator_value, i)
            candidates: list[tuple[float, float]] = []  # (rate, r12)
            r12 = _at(comp.r12, i)
            if _at(comp.rate, i) is not None and r12 is not None:
                candidates.append((_at(comp.rate, i) or 0.0, r12))
            own = _at(supplied_r12.values, i) if supplied_r12 is not None else None
            if own is not None and pop:
                candidates.append((own / pop * per, own))
            results = [_cmp(row, i, rate) for rate, _ in candidates]
            if not candidates or any(r is not False for r in results):
                continue
            rate, basis = candidates[0]
            shown = row.values[i] or 0.0
            _, decimals = displayed_unit(_raw(row, i), shown)
            msg = (
                f"'{row.label}' for {c.name(i)} is {_shown(row, i)}, but {_num(basis)} ÷ "
                f"{_num(pop or 0.0)} {pop_name} × {_num(per)} = {_num(rate, max(decimals, 2))}."
            )
            if shown:
                implied = _num(round(basis / shown * per))
                msg += f" The figure shown implies about {implied} {pop_name}."
            out.append(c.finding("RATE_MISMATCH", row, i, msg, rate, row.values[i]))
    return out


# ---------------------------------------------------------------- percentages


def _pct_rows(c: _Ctx) -> list[Finding]:
    """YTD percentage rows against sum(numerator) / sum(denominator); the inverted ratio is named."""
    out: list[Finding] = []
    comp = c.comp
    rows = resolve_rows(c.ind)
    num_label = rows.numerator.label if rows.numerator else "numerator"
    den_label = rows.denominator.label if rows.denominator else "denominator"
    ytd_num = next(iter(c.rows("ytd_numerator")), None)
    ytd_den = next(iter(c.rows("ytd_denominator")), None)
    for row in c.rows("pct"):
        year = c.row_year(row)
        if year == "other":
            continue
        last = year == "last"
        num = cum(comp.numerator_last_year if last else comp.numerator, c.n)
        den = cum(comp.denominator_last_year if last else comp.denominator, c.n)
        for i in c.checked(row, year):
            shown = _at(row.values, i)
            candidates = [(_at(num, i), _at(den, i))]
            if not last and ytd_num is not None and ytd_den is not None:
                candidates.append((_at(ytd_num.values, i), _at(ytd_den.values, i)))
            pairs: list[tuple[float, float]] = [
                (a, b) for a, b in candidates if a is not None and b is not None and b > 0
            ]
            if shown is None or not pairs:
                continue
            unit, decimals = displayed_unit(_raw(row, i), shown, percent=True)

            def agrees(target: float, u: float = unit, d: int = decimals, s: float = shown) -> bool:
                if consistent(s, target, u, d):
                    return True
                return s > 1.5 and consistent(s / 100, target, u / 100, d)  # "92.3" for 92.3%

            if any(agrees(a / b) for a, b in pairs):
                continue
            a, b = pairs[0]
            exp = a / b
            msg = (
                f"'{row.label}' for {c.name(i)} is {_shown(row, i)}, but {_num(a)} ÷ {_num(b)} "
                f"('{num_label}' ÷ '{den_label}', {_span(c, i)}) = {_pct(exp)}."
            )
            if a > 0 and any(x > 0 and agrees(y / x) for x, y in pairs):
                msg += (
                    f" It looks upside down: {_shown(row, i)} is {_num(b)} ÷ {_num(a)}, "
                    f"'{den_label}' divided by '{num_label}'."
                )
            out.append(c.finding("PERCENT_MISMATCH", row, i, msg, exp, shown))
    return out


def _span(c: _Ctx, i: int) -> str:
    return f"in {c.name(0)}" if i == 0 else f"{c.name(0)} to {c.name(i)}"


def _pct_change_rows(c: _Ctx) -> list[Finding]:
    """'% change on last year' rows against YTD / same period last year - 1."""
    out: list[Finding] = []
    comp = c.comp
    supplied_ytd = next((r for r in c.rows("ytd") if c.row_year(r) == "current"), None)
    for row in c.rows("pct_change"):
        if c.row_year(row) != "current":
            continue
        for i in c.checked(row, "current"):
            ly = _at(comp.ytd_last_year, i)
            options: list[tuple[float, float]] = []  # (change, ytd)
            if _at(comp.pct_change, i) is not None and _at(comp.ytd, i) is not None:
                options.append((_at(comp.pct_change, i) or 0.0, _at(comp.ytd, i) or 0.0))
            own = _at(supplied_ytd.values, i) if supplied_ytd is not None else None
            if own is not None and ly:
                options.append((own / ly - 1.0, own))
            results = [_cmp(row, i, ch, percent=True) for ch, _ in options]
            if not options or any(r is not False for r in results):
                continue
            exp, ytd_v = options[0]
            basis = (
                f"year to date {_num(ytd_v)} against {_num(ly)} in the same period last year"
                if ly is not None
                else "the year to date against the same period last year"
            )
            if c.grid.frequency == "annual" and ly is not None and i > 0:
                basis = f"{_num(ytd_v)} against {_num(ly)} in {c.name(i - 1)}"
            msg = (
                f"'{row.label}' for {c.name(i)} is {_shown(row, i)}, but {basis} is a change of "
                f"{_pct(exp, 1, True)}."
            )
            out.append(c.finding("PERCENT_MISMATCH", row, i, msg, exp, row.values[i]))
    return out


def _numerator_exceeds(c: _Ctx) -> list[Finding]:
    """A part bigger than its whole: monthly, last year's, and the return's own YTD rows."""
    out: list[Finding] = []
    rows = resolve_rows(c.ind)
    pairs: list[tuple[GridRow | None, GridRow | None]] = []
    if c.ind.kind == "percentage":
        pairs.append((rows.numerator, rows.denominator))
        pairs.append((rows.numerator_ly, rows.denominator_ly))
    ytd_num = [r for r in c.rows("ytd_numerator") if c.row_year(r) != "other"]
    ytd_den = [r for r in c.rows("ytd_denominator") if c.row_year(r) != "other"]
    if ytd_num and ytd_den:
        pairs.append((ytd_num[0], ytd_den[0]))
    for num, den in pairs:
        if num is None or den is None or num is den:
            continue
        for i in range(c.n):
            a, b = _at(num.values, i), _at(den.values, i)
            if a is None or b is None or a <= b + _EPS:
                continue
            msg = (
                f"'{num.label}' for {c.name(i)} is {_num(a)}, more than '{den.label}' "
                f"({_num(b)}, cell {den.cells[i]}): a part cannot be bigger than the whole. "
                "One of the two figures, or the rows, may be swapped."
            )
            out.append(c.finding("NUMERATOR_EXCEEDS_DENOMINATOR", num, i, msg, b, a))
    return out
