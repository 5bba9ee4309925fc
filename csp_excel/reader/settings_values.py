"""One Settings cell understood: a percentage, a date, a target, a word from a short list.

Why: a bad entry is reported at its cell (SETTING_INVALID, saying what was expected) and
ignored, never guessed; the same rules hold for the Settings sheet and a --settings file.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ..core.cells import parse_cell, parse_fraction
from ..core.codes import finding
from ..core.model import Finding
from ..core.periods import parse_report_month
from ..core.targets import parse_target
from .synonyms import norm_label


def invalid_setting(sheet: str, cell: str, what: str, value: Any, expected: str) -> Finding:
    return finding(
        "SETTING_INVALID",
        sheet,
        cell,
        f"Settings: {what} '{value}' is not understood (expected {expected}); it was ignored.",
        expected,
        str(value),
    )


def fraction(sheet: str, cell: str, what: str, v: Any, findings: list[Finding]) -> float | None:
    """'10%', 0.1 and 10 all mean ten per cent; anything over 100% is reported and ignored."""
    f = parse_fraction(v)
    if f is None:
        findings.append(invalid_setting(sheet, cell, what, v, "a percentage such as 10%"))
        return None
    if f > 1.0:
        findings.append(
            finding(
                "SETTING_INVALID",
                sheet,
                cell,
                f"Settings: {what} '{_shown(v)}' is more than 100%; it was ignored. Use a "
                "percentage such as 10%.",
                "at most 100%",
                _shown(v),
            )  # fmt: skip
        )
        return None
    return f


def _shown(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


_MONITOR_WORDS = re.compile(r"\bmonitor(?:ing)?\b|\bno target\b", re.I)


def target_problem(text: str) -> str | None:
    """Why an override target cannot be used, or None when it can.

    Why: a target the tool reads as "no measurable target" would silently replace the sheet's
    own target, so that is only allowed when the words say so (monitoring, no target).
    """
    if parse_target(text).kind != "none" or _MONITOR_WORDS.search(text):
        return None
    return (
        f"the target '{text}' is not understood (expected words such as 'No more than 257', "
        "'5% decrease from previous year', '70%' or 'For monitoring'); the sheet's own target "
        "was used."
    )


def override_target(sheet: str, cell: str, name: str, v: Any,
                     findings: list[Finding]) -> str | None:  # fmt: skip
    """The Target cell of the indicator table as target text, or None (reported) if unusable.

    A number formatted as a percentage holds 0.7 for 70%: that is a rate. A bigger bare number
    could be a maximum or a minimum, so the user is asked to say which in words.
    """
    p = parse_cell(v)
    if p.status == "number" and p.value is not None and not (p.text and "%" in p.text):
        if 0 < p.value <= 1:
            return f"{p.value * 100:g}%"
        shown = _shown(p.value)
        findings.append(
            finding(
                "SETTING_INVALID",
                sheet,
                cell,
                f"Settings: the target for sheet '{name}' is just the number {shown}, which could "
                f"be a maximum or a minimum. Write it in words, such as 'No more than {shown}' or "
                f"'More than {shown}'; the sheet's own target was used.",
                f"No more than {shown} / More than {shown}",
                shown,
            )  # fmt: skip
        )
        return None
    text = " ".join((v.isoformat() if isinstance(v, (date, datetime)) else str(v)).split())
    problem = target_problem(text)
    if problem is None:
        return text
    findings.append(
        finding(
            "SETTING_INVALID",
            sheet,
            cell,
            f"Settings: for sheet '{name}', {problem}",
            "a target such as 'No more than 257'",
            text,
        )  # fmt: skip
    )
    return None


def number(v: Any) -> float | None:
    p = parse_cell(v)
    return p.value if p.status == "number" else None


def parse_date(v: Any) -> date | None:
    """A date cell, '2015-06-30', '30/06/2015' or 'Jun-15' (first of month)."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        return None
    s = v.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        try:
            return date(y + 2000 if y < 100 else y, mo, d)
        except ValueError:
            return None
    return parse_report_month(s)


def lookup(sheet: str, cell: str, what: str, v: Any, table: dict[str, str],
            findings: list[Finding]) -> str | None:  # fmt: skip
    got = table.get(norm_label(v))
    if got is None:
        findings.append(
            invalid_setting(sheet, cell, what, v, " / ".join(sorted(set(table.values()))))
        )
    return got
