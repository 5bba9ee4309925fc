"""Consistency rules (SPEC section 6): where a return contradicts itself or the computed figures.

Pure: takes the model and the `Computed` figures, returns located `Finding`s. Every finding
names the exact grid cell. Figures typed by hand are compared at the precision they are shown
with: "88.10" may be anything from 88.095 to 88.105, "+3%" from 2.5% to 3.5%. A figure shown with
decimals may also be the computed one cut short ("70.3%" for 70.37%), as people copy digits off a
calculator. Only a difference beyond that is reported, so consistent returns raise no alarms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from csp_excel.core import periods
from csp_excel.core.calc import cumulative as cum
from csp_excel.core.calc import resolve_rows
from csp_excel.core.cells import parse_cell
from csp_excel.core.model import (
    Computed,
    Finding,
    GridRow,
    Indicator,
    Series,
    Settings,
    Severity,
)
from csp_excel.core.rag import basis_series, effective_polarity, rag_range, rag_value

_EPS = 1e-9
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?|\.(\d+)")
_RAG_WORD = {"R": "Red", "A": "Amber", "G": "Green", "None": "no rating (grey)"}
# Rows whose cells must be blank after the reporting period (targets and last year's rows may
# legitimately run to March; unknown rows are shown as they are).
_CURRENT_ROW_KINDS = frozenset(
    {
        "actual",
        "numerator",
        "denominator",
        "snapshot",
        "ytd",
        "ytd_numerator",
        "ytd_denominator",
        "pct_change",
        "r12",
        "r12_change",
        "rate",
        "pct",
        "rank",
    }
)
_INPUT_KINDS = ("actual", "numerator", "denominator", "snapshot")


def validate_indicator(ind: Indicator, comp: Computed, settings: Settings) -> list[Finding]:
    """Every model-level consistency finding for one indicator, in grid order within each code."""
    if ind.grid is None:
        return []
    c = _Ctx(ind, comp, settings)
    out: list[Finding] = []
    for rule in (
        _ytd_rows,
        _r12_rows,
        _rate_rows,
        _pct_rows,
        _pct_change_rows,
        _numerator_exceeds,
        _after_reporting,
        _missing_months,
        _rag,
    ):
        out.extend(rule(c))
    return out


# ---------------------------------------------------------------- displayed precision


def displayed_unit(raw: object, value: float, percent: bool = False) -> tuple[float, int]:
    """One unit of the last digit shown, in the units of `value`, and the number of decimals.

    "88.10" -> (0.01, 2); "+3%" (value 0.03) -> (0.01, 0); 0.923 typed as a number -> (0.001, 3).
    Text without digits ("No change") counts as a whole number ("0%").
    """
    shown: float | None = None
    decimals = 0
    pct_sign = False
    if isinstance(raw, str):
        pct_sign = "%" in raw
        m = _NUMBER.search(raw)
        if m:
            frac = m.group(1) if m.group(1) is not None else m.group(2)
            decimals = len(frac) if frac else 0
            shown = float(m.group(0).replace(",", "") or 0)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        try:
            exp = Decimal(repr(float(raw))).normalize().as_tuple().exponent
            decimals = max(0, -int(exp)) if isinstance(exp, int) else 0
        except InvalidOperation:
            decimals = 0
        shown = abs(float(raw))
    if shown:
        scale = abs(value) / shown if value else 1.0
    else:
        scale = 0.01 if (pct_sign or (percent and not isinstance(raw, (int, float)))) else 1.0
        if percent and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            decimals = max(decimals, 2)  # a bare 0 in a percentage cell: read as 0%
    return 10.0**-decimals * scale, decimals


def consistent(shown: float, computed: float, unit: float, decimals: int) -> bool:
    """True when `shown` is `computed` rounded to the shown precision (or, with decimals shown,
    cut short towards zero)."""
    eps = _EPS * max(1.0, abs(computed))
    if abs(shown - computed) <= unit / 2 + eps:
        return True
    if decimals > 0 and (shown == 0 or (shown > 0) == (computed > 0)):
        excess = abs(computed) - abs(shown)
        return -eps <= excess < unit - eps
    return False


# ---------------------------------------------------------------- context and helpers


class _Ctx:
    """What every rule needs: the indicator, its figures, names of periods, the grid rows."""

    def __init__(self, ind: Indicator, comp: Computed, settings: Settings) -> None:
        assert ind.grid is not None
        self.ind, self.comp, self.settings = ind, comp, settings
        self.grid = ind.grid
        self.n = self.grid.n
        self.ri = comp.report_index
        self.fy = comp.fy or self.grid.fy

    def name(self, i: int) -> str:
        return periods.period_name(self.fy, i, self.grid.frequency)

    def rows(self, *kinds: str) -> list[GridRow]:
        return [r for r in self.grid.rows if r.kind in kinds]

    def row_year(self, row: GridRow) -> str:
        """'current', 'last' (the previous FY, by the row's label) or 'other'."""
        fy = row.extra.get("fy")
        if fy is None:
            fy = periods.parse_fy_text(row.label)
        try:
            fy = None if fy is None else int(fy)
        except (TypeError, ValueError):
            fy = None
        if fy is None or fy == self.fy:
            return "current"
        return "last" if fy == self.fy - 1 else "other"

    def checked(self, row: GridRow, year: str) -> range:
        """Periods to compare: up to the report this year (later ones are another rule's), all
        of last year."""
        if year == "last":
            return range(self.n)
        return range(0 if self.ri is None else self.ri + 1)

    def finding(
        self, code: str, row: GridRow, i: int, message: str, expected: object, found: object
    ) -> Finding:
        cell = row.cells[i] if i < len(row.cells) else row.label_cell
        sev: Severity = "error" if code in _ERRORS else "warning"
        return Finding(code, sev, self.ind.sheet, cell, message, expected, found)


_ERRORS = frozenset({"YTD_MISMATCH", "NUMERATOR_EXCEEDS_DENOMINATOR", "PERCENT_MISMATCH"})


def _at(series: Series | None, i: int) -> float | None:
    if series is None or i >= len(series):
        return None
    return series[i]


def _raw(row: GridRow, i: int) -> object:
    return row.raw[i] if i < len(row.raw) else row.values[i]


def _num(v: float, decimals: int | None = None) -> str:
    """13207 -> '13,207'; 88.1 with decimals 2 -> '88.10'."""
    if decimals is None:
        decimals = 0 if abs(v - round(v)) < _EPS else 2
    return f"{v:,.{decimals}f}"


def _pct(v: float, decimals: int = 1, sign: bool = False) -> str:
    return f"{v * 100:{'+' if sign else ''}.{decimals}f}%"


def _shown(row: GridRow, i: int) -> str:
    raw = _raw(row, i)
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    v = row.values[i]
    return "" if v is None else _num(v)


def _cmp(row: GridRow, i: int, computed: float | None, percent: bool = False) -> bool | None:
    """None when there is nothing to compare; else whether the cell agrees with `computed`."""
    shown = row.values[i] if i < len(row.values) else None
    if shown is None or computed is None:
        return None
    unit, decimals = displayed_unit(_raw(row, i), shown, percent)
    return consistent(shown, computed, unit, decimals)


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


# ---------------------------------------------------------------- reporting period


def _filled(row: GridRow, i: int) -> bool:
    if i < len(row.values) and row.values[i] is not None:
        return True
    return parse_cell(_raw(row, i)).status == "text"


def _after_reporting(c: _Ctx) -> list[Finding]:
    """Figures in months after the reporting month: one finding per row, at the first cell."""
    out: list[Finding] = []
    if c.ri is None:
        return out
    for row in c.rows(*_CURRENT_ROW_KINDS):
        if c.row_year(row) != "current":
            continue
        later = [i for i in range(c.ri + 1, c.n) if _filled(row, i)]
        if not later:
            continue
        listed = ", ".join(f"{c.name(i)} ({_shown(row, i)})" for i in later)
        msg = (
            f"'{row.label}' has figures after the reporting month {c.name(c.ri)}: {listed}. "
            "Months that have not been reported should be blank."
        )
        vals = [row.values[i] for i in later]
        at_report = _at(row.values, c.ri)
        if row.kind in ("ytd", "ytd_numerator", "ytd_denominator", "r12") and all(
            v is not None and at_report is not None and abs(v - at_report) < _EPS for v in vals
        ):
            msg += " It looks like the running total was carried forward."
        elif row.kind == "pct_change" and all(v is not None and abs(v + 1) < _EPS for v in vals):
            msg += " A change of -100% only means those months are still empty."
        found = "; ".join(f"{c.name(i)}: {_shown(row, i)}" for i in later)
        out.append(c.finding("VALUE_AFTER_REPORTING_MONTH", row, later[0], msg, None, found))
    return out


def _missing_months(c: _Ctx) -> list[Finding]:
    """An input figure missing at a period up to the report, while a later one is present (or the
    reporting period itself is empty)."""
    out: list[Finding] = []
    if c.ri is None:
        return out
    for row in c.rows(*_INPUT_KINDS):
        if c.row_year(row) != "current":
            continue
        present = [i for i in range(c.ri + 1) if _at(row.values, i) is not None]
        if not present:
            continue
        for i in range(c.ri + 1):
            if _at(row.values, i) is not None:
                continue
            raw = _raw(row, i)
            if isinstance(raw, str) and "quarter" in raw.lower():
                continue  # "Data collected quarterly": not a gap
            shown = f" ('{raw.strip()}')" if isinstance(raw, str) and raw.strip() else ""
            if i < present[-1]:
                msg = (
                    f"'{row.label}' has no figure for {c.name(i)}{shown}, but later months have "
                    "one: the year to date and rolling figures cannot be worked out from here on."
                )
            else:
                msg = (
                    f"'{row.label}' has no figure for {c.name(i)}{shown}, the reporting month "
                    f"({c.name(present[-1])} is the last with a figure)."
                )
            out.append(c.finding("MISSING_MONTH", row, i, msg, None, raw if shown else None))
    return out


# ---------------------------------------------------------------- RAG


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


def _rag(c: _Ctx) -> list[Finding]:
    typed = normalise_rag(c.ind.typed_rag)
    computed = c.comp.rag
    if typed is None or typed == computed or c.ri is None:
        return []
    why = _rag_reason(c)
    msg = f"{why}, but the return says {_RAG_WORD[typed]}."
    cell = c.ind.typed_rag_cell
    return [
        Finding(
            "RAG_MISMATCH", "warning", c.ind.sheet, cell, msg, computed, typed
        )  # computed first
    ]


def _rag_reason(c: _Ctx) -> str:
    """Why the computed rating is what it is, in the terms of the figures."""
    ind, comp, ri = c.ind, c.comp, c.ri
    assert ri is not None
    word = _RAG_WORD.get(comp.rag, comp.rag)
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
    fmt: Callable[[float], str] = _pct if percent else _num
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
        gap = _num(abs(value - target))
    side = "above" if value > target else "below"
    if mine == "G":
        judged = "on or better than target, so Green"
    elif mine == "A":
        judged = f"within the {tol:.0%} tolerance, so Amber"
    else:
        judged = f"more than the {tol:.0%} tolerance, so Red"
    if abs(value - target) <= _EPS * max(1.0, abs(target)):
        return f"{label} {fmt(value)} equals {desc}: {judged}"
    return f"{label} {fmt(value)} is {gap} {side} {desc}: {judged}"


def _target_desc(c: _Ctx, target: float, fmt: Callable[[float], str]) -> str:
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
    if kind in ("cap", "floor") and c.comp.annual_target is not None and fmt is _num:
        return f"the target to date of {fmt(target)} (of {_num(c.comp.annual_target)} for the year)"
    return f"the target of {fmt(target)}"
