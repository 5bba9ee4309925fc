"""Displayed precision (SPEC section 6): whether a figure typed by hand agrees with a computed one.

Figures are compared at the precision they are shown with: "88.10" may be anything from 88.095 to
88.105, "+3%" from 2.5% to 3.5%; a figure shown with decimals may also be the computed one cut
short ("70.3%" for 70.37%), as people copy digits off a calculator.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

EPS = 1e-9
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?|\.(\d+)")


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
    eps = EPS * max(1.0, abs(computed))
    if abs(shown - computed) <= unit / 2 + eps:
        return True
    if decimals > 0 and (shown == 0 or (shown > 0) == (computed > 0)):
        excess = abs(computed) - abs(shown)
        return -eps <= excess < unit - eps
    return False
