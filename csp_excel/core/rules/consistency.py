"""Figures in the return against the computed ones: YTD, R12, rate, percentages, part and whole.

A difference is only reported beyond the precision the figure is shown with
(`precision`), so consistent returns raise no alarms.
"""

from __future__ import annotations

from csp_excel.core.model import Finding, GridRow, Series
from csp_excel.core.rules.context import (
    RuleContext,
    cell_agrees,
    cell_raw,
    fmt_num,
    fmt_pct,
    shown_text,
    value_at,
)
from csp_excel.core.rules.precision import EPS, consistent, displayed_unit
from csp_excel.core.series import cumulative as cum

# ---------------------------------------------------------------- YTD / R12 / rate


def ytd_rows(c: RuleContext) -> list[Finding]:
    """Supplied YTD rows against the cumulative sums; a difference carried on month after month
    (one wrong month) is one finding at its first cell."""
    out: list[Finding] = []
    comp = c.comp
    pairs: list[tuple[str, Series | None, Series | None, str]] = [
        ("ytd", comp.ytd, comp.ytd_last_year, "the monthly figures"),
        ("ytd_numerator", cum(comp.numerator, c.n), cum(comp.numerator_last_year, c.n), ""),
        ("ytd_denominator", cum(comp.denominator, c.n), cum(comp.denominator_last_year, c.n), ""),
    ]
    rows = c.resolved
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
                exp = value_at(expected_s, i)
                ok = cell_agrees(row, i, exp)
                diff = None if ok is not False or exp is None else (row.values[i] or 0.0) - exp
                if run and (diff is None or last_diff is None or abs(diff - last_diff) > EPS):
                    out.append(_ytd_finding(c, row, run, expected_s, source))
                    run = []
                if diff is not None:
                    run.append(i)
                last_diff = diff
            if run:
                out.append(_ytd_finding(c, row, run, expected_s, source))
    return out


def _ytd_finding(
    c: RuleContext, row: GridRow, run: list[int], expected: Series | None, source: str
) -> Finding:
    i = run[0]
    exp = value_at(expected, i)
    assert exp is not None
    found = row.values[i]
    msg = (
        f"'{row.label}' for {c.name(i)} is {shown_text(row, i)}, but {source} from "
        f"{c.name(0)} to {c.name(i)} add up to {fmt_num(exp)}."
    )
    if len(run) > 1:
        msg += (
            f" The same difference of {fmt_num(abs((found or 0.0) - exp))} carries on to "
            f"{c.name(run[-1])}: one month's figure or the running total was probably mistyped."
        )
    return c.finding("YTD_MISMATCH", row, i, msg, exp, found)


def r12_rows(c: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for row in c.rows("r12", "r12_change"):
        if c.row_year(row) != "current":
            continue
        change = row.kind == "r12_change"
        series = c.comp.r12_change if change else c.comp.r12
        for i in c.checked(row, "current"):
            exp = value_at(series, i)
            if cell_agrees(row, i, exp, percent=change) is not False:
                continue
            assert exp is not None
            what = (
                f"the change in the rolling 12 months on a year before is {fmt_pct(exp, 1, True)}"
                if change
                else f"the 12 months to {c.name(i)} add up to {fmt_num(exp)}"
            )
            msg = f"'{row.label}' for {c.name(i)} is {shown_text(row, i)}, but {what}."
            out.append(c.finding("R12_MISMATCH", row, i, msg, exp, row.values[i]))
    return out


def rate_rows(c: RuleContext) -> list[Finding]:
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
            pop = value_at(comp.denominator_value, i)
            candidates: list[tuple[float, float]] = []  # (rate, r12)
            r12 = value_at(comp.r12, i)
            if value_at(comp.rate, i) is not None and r12 is not None:
                candidates.append((value_at(comp.rate, i) or 0.0, r12))
            own = value_at(supplied_r12.values, i) if supplied_r12 is not None else None
            if own is not None and pop:
                candidates.append((own / pop * per, own))
            results = [cell_agrees(row, i, rate) for rate, _ in candidates]
            if not candidates or any(r is not False for r in results):
                continue
            rate, basis = candidates[0]
            shown = row.values[i] or 0.0
            _, decimals = displayed_unit(cell_raw(row, i), shown)
            msg = (
                f"'{row.label}' for {c.name(i)} is {shown_text(row, i)}, but {fmt_num(basis)} ÷ "
                f"{fmt_num(pop or 0.0)} {pop_name} × {fmt_num(per)} = {fmt_num(rate, max(decimals, 2))}."
            )
            if shown:
                implied = fmt_num(round(basis / shown * per))
                msg += f" The figure shown implies about {implied} {pop_name}."
            out.append(c.finding("RATE_MISMATCH", row, i, msg, rate, row.values[i]))
    return out


# ---------------------------------------------------------------- percentages


def pct_rows(c: RuleContext) -> list[Finding]:
    """YTD percentage rows against sum(numerator) / sum(denominator); the inverted ratio is named."""
    out: list[Finding] = []
    comp = c.comp
    rows = c.resolved
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
            shown = value_at(row.values, i)
            candidates = [(value_at(num, i), value_at(den, i))]
            if not last and ytd_num is not None and ytd_den is not None:
                candidates.append((value_at(ytd_num.values, i), value_at(ytd_den.values, i)))
            pairs: list[tuple[float, float]] = [
                (a, b) for a, b in candidates if a is not None and b is not None and b > 0
            ]
            if shown is None or not pairs:
                continue
            unit, decimals = displayed_unit(cell_raw(row, i), shown, percent=True)

            def agrees(target: float, u: float = unit, d: int = decimals, s: float = shown) -> bool:
                if consistent(s, target, u, d):
                    return True
                return s > 1.5 and consistent(s / 100, target, u / 100, d)  # "92.3" for 92.3%

            if any(agrees(a / b) for a, b in pairs):
                continue
            a, b = pairs[0]
            exp = a / b
            msg = (
                f"'{row.label}' for {c.name(i)} is {shown_text(row, i)}, but {fmt_num(a)} ÷ {fmt_num(b)} "
                f"('{num_label}' ÷ '{den_label}', {_span(c, i)}) = {fmt_pct(exp)}."
            )
            if a > 0 and any(x > 0 and agrees(y / x) for x, y in pairs):
                msg += (
                    f" It looks upside down: {shown_text(row, i)} is {fmt_num(b)} ÷ {fmt_num(a)}, "
                    f"'{den_label}' divided by '{num_label}'."
                )
            out.append(c.finding("PERCENT_MISMATCH", row, i, msg, exp, shown))
    return out


def _span(c: RuleContext, i: int) -> str:
    return f"in {c.name(0)}" if i == 0 else f"{c.name(0)} to {c.name(i)}"


def pct_change_rows(c: RuleContext) -> list[Finding]:
    """'% change on last year' rows against YTD / same period last year - 1."""
    out: list[Finding] = []
    comp = c.comp
    supplied_ytd = next((r for r in c.rows("ytd") if c.row_year(r) == "current"), None)
    for row in c.rows("pct_change"):
        if c.row_year(row) != "current":
            continue
        for i in c.checked(row, "current"):
            ly = value_at(comp.ytd_last_year, i)
            options: list[tuple[float, float]] = []  # (change, ytd)
            if value_at(comp.pct_change, i) is not None and value_at(comp.ytd, i) is not None:
                options.append((value_at(comp.pct_change, i) or 0.0, value_at(comp.ytd, i) or 0.0))
            own = value_at(supplied_ytd.values, i) if supplied_ytd is not None else None
            if own is not None and ly:
                options.append((own / ly - 1.0, own))
            results = [cell_agrees(row, i, ch, percent=True) for ch, _ in options]
            if not options or any(r is not False for r in results):
                continue
            exp, ytd_v = options[0]
            basis = (
                f"year to date {fmt_num(ytd_v)} against {fmt_num(ly)} in the same period last year"
                if ly is not None
                else "the year to date against the same period last year"
            )
            if c.grid.frequency == "annual" and ly is not None and i > 0:
                basis = f"{fmt_num(ytd_v)} against {fmt_num(ly)} in {c.name(i - 1)}"
            msg = (
                f"'{row.label}' for {c.name(i)} is {shown_text(row, i)}, but {basis} is a change of "
                f"{fmt_pct(exp, 1, True)}."
            )
            raw = cell_raw(row, i)
            typed_pct = isinstance(raw, str) and "%" in raw
            count_like = abs(row.values[i] or 0.0) > 1.5 and not typed_pct
            if ly is not None and count_like and cell_agrees(row, i, ytd_v - ly) is True:
                msg += (
                    f" {shown_text(row, i)} is the difference in numbers ({fmt_num(ytd_v)} - "
                    f"{fmt_num(ly)}), not a percentage."
                )
            out.append(c.finding("PERCENT_MISMATCH", row, i, msg, exp, row.values[i]))
    return out


def numerator_exceeds(c: RuleContext) -> list[Finding]:
    """A part bigger than its whole: monthly, last year's, and the return's own YTD rows."""
    out: list[Finding] = []
    rows = c.resolved
    pairs: list[tuple[GridRow | None, GridRow | None]] = []
    if c.ind.kind == "percentage":
        pairs.append((rows.numerator, rows.denominator))
        pairs.append((rows.numerator_last_year, rows.denominator_last_year))
    ytd_num = [r for r in c.rows("ytd_numerator") if c.row_year(r) != "other"]
    ytd_den = [r for r in c.rows("ytd_denominator") if c.row_year(r) != "other"]
    if ytd_num and ytd_den:
        pairs.append((ytd_num[0], ytd_den[0]))
    for num, den in pairs:
        if num is None or den is None or num is den:
            continue
        for i in range(c.n):
            a, b = value_at(num.values, i), value_at(den.values, i)
            if a is None or b is None or a <= b + EPS:
                continue
            msg = (
                f"'{num.label}' for {c.name(i)} is {fmt_num(a)}, more than '{den.label}' "
                f"({fmt_num(b)}, cell {den.cells[i]}): a part cannot be bigger than the whole. "
                "One of the two figures, or the rows, may be swapped."
            )
            out.append(c.finding("NUMERATOR_EXCEEDS_DENOMINATOR", num, i, msg, b, a))
    return out
