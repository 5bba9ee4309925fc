"""The SPC columns of the Settings sheet's indicator table: baseline, and a rebase with its reason.

Why: MDC charts are only rebased by a person who knows the process changed (never
automatically), and a baseline fixes the limits on the first N points; both are choices a user
makes per indicator, so they live with the indicator's other settings.
"""

from __future__ import annotations

from typing import Any

from ..core.codes import finding
from ..core.model import Finding, Indicator, IndicatorOverride
from .settings_values import invalid_setting, number, parse_date

SPC_COLUMNS = {
    "spc baseline": "spc_baseline",
    "spc rebase from": "spc_rebase_from",
    "spc rebase reason": "spc_rebase_reason",
    "rebase reason": "spc_rebase_reason",
}
BASELINE_RANGE = (12, 20)  # MDC: limits on at least 12 and at most 20 points


def read_spc_setting(sheet: str, cell: str, attr: str, v: Any, o: IndicatorOverride,
                     findings: list[Finding]) -> None:  # fmt: skip
    """One SPC cell of an indicator row into the override; anything unusable is a located
    SETTING_INVALID finding and is ignored."""
    if attr == "spc_baseline":
        n = number(v)
        lo, hi = BASELINE_RANGE
        if n is None or n != int(n) or not lo <= n <= hi:
            findings.append(invalid_setting(sheet, cell, "SPC baseline", v,
                                            f"a whole number of points from {lo} to {hi}"))  # fmt: skip
            return
        o.spc_baseline = int(n)
    elif attr == "spc_rebase_from":
        d = parse_date(v)
        if d is None:
            findings.append(invalid_setting(sheet, cell, "SPC rebase from", v,
                                            "a month such as Apr-17 or 2017-04-01"))  # fmt: skip
            return
        o.spc_rebase_from = f"{d.year}-{d.month:02d}"
        o.spc_rebase_at = (sheet, cell)
    elif attr == "spc_rebase_reason":
        o.spc_rebase_reason = " ".join(str(v).split())


def apply_spc(ind: Indicator, ov: IndicatorOverride) -> list[Finding]:
    """The indicator's baseline and rebase from its Settings row; a rebase needs a reason (it
    is shown on the chart), so one without is still used but said."""
    ind.spc_baseline = ov.spc_baseline
    if not ov.spc_rebase_from:
        return []
    reason = ov.spc_rebase_reason or ""
    ind.spc_rebase = ((ov.spc_rebase_from, reason),)
    if reason:
        return []
    msg = (f"Settings: SPC rebase from {ov.spc_rebase_from} for '{ind.sheet}' has no reason; "
           "add one in the SPC rebase reason column so the chart can say why.")  # fmt: skip
    sheet, cell = ov.spc_rebase_at or (None, None)
    return [finding("SETTING_INVALID", sheet, cell, msg, "a reason", None)]
