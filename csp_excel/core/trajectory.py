"""The target per period (SPEC section 5): a parsed or settings target profiled over the year, or
a target row of the grid read as cumulative or per-period figures."""

from __future__ import annotations

from csp_excel.core.model import Series, Target
from csp_excel.core.series import Values, fit, ytd


def trajectory(
    target: Target, n: int, base: Values, cumulative: bool, profile: str = "linear"
) -> tuple[Series, float | None, list[str]]:
    """Target per period and the annual target.

    cumulative=True (counts): `base` is last year's YTD; caps/floors are profiled over the year.
    cumulative=False (YTD %, snapshots): `base` is last year's value per period; the target
    applies to each period's figure as it is.
    """
    notes: list[str] = []
    base = fit(base, n)
    total = base[n - 1]
    kind, x = target.kind, target.value
    if kind in ("cap", "floor") and x is not None:
        if not cumulative:
            return [x] * n, x, notes
        if profile == "seasonal":
            if total:
                return [None if b is None else x * b / total for b in base], x, notes
            notes.append("seasonal profile needs last year's full year: profiled linearly")
        return [x * (i + 1) / n for i in range(n)], x, notes
    if kind in ("reduction_pct", "reduction", "increase"):
        factor = 1.0
        if kind == "reduction_pct" and x is not None:
            factor = 1.0 - x
        elif kind == "increase" and x is not None:
            factor = 1.0 + x
        if all(b is None for b in base):
            notes.append("target is relative to last year, but last year's figures are missing")
        series: Series = [None if b is None else b * factor for b in base]
        return series, (None if total is None else total * factor), notes
    if kind == "rate" and x is not None:
        if cumulative:
            notes.append("a percentage target needs a percentage indicator: not applied")
            return [None] * n, None, notes
        return [x] * n, x, notes
    return [None] * n, None, notes


def target_from_row(
    values: Values, n: int, annual: float | None, level: bool
) -> tuple[Series, float | None, str] | None:
    """Read a grid target row: cumulative (ends near the annual target or rises every period)
    or per-period (then cumulated). `level` rows (YTD % or snapshot targets) are used as they are.
    Returns (series, annual, note), or None when the row holds no figures."""
    vals = fit(values, n)
    known = [(i, v) for i, v in enumerate(vals) if v is not None]
    if not known:
        return None
    if level:
        note = "target row read as the target for each period"
        if all(v <= 100 for _, v in known) and any(v > 1.5 for _, v in known):
            vals = [None if v is None else v / 100.0 for v in vals]
            note += " (whole numbers read as percentages)"
        return vals, known[-1][1], note
    last_i, last = known[-1]
    summed = sum(v for _, v in known)
    cumulative: bool
    if annual and last_i == n - 1 and abs(last - annual) <= 0.1 * abs(annual):
        cumulative = True
    elif annual and len(known) == n and abs(summed - annual) <= 0.1 * abs(annual):
        cumulative = False
    else:
        steps = [b - a for (_, a), (_, b) in zip(known, known[1:], strict=False)]
        cumulative = len(steps) > 0 and all(s > 0 for s in steps)
    if cumulative:
        return vals, vals[n - 1], "target row read as cumulative"
    cum = ytd(vals)
    return cum, cum[n - 1], "target row read as per-period targets and cumulated"
