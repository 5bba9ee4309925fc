"""Target, polarity, kind and denominator of an indicator: the Settings sheet, else its words.

Why: whatever was inferred from the sheet's own words is reported (info) so the user can see
what the tool understood and override it in the Settings sheet; a bad override is a warning.
"""

from __future__ import annotations

import re

from ..core.codes import finding
from ..core.model import Finding, Grid, Indicator, IndicatorOverride, Settings, Target
from ..core.targets import parse_polarity, parse_target, polarity_for_target
from .grid import pair_ytd_rows
from .indicator_texts import Text
from .settings_values import target_problem

_TARGET_WORDS = {
    "cap": "an annual maximum of {v:g}",
    "floor": "an annual minimum of {v:g}",
    "reduction_pct": "a {p:g}% reduction on last year",
    "reduction": "fewer than last year (same period)",
    "increase": "more than last year (same period)",
    "rate": "a year-to-date rate of {p:g}%",
    "range": "a year-to-date rate between {lo:g}% and {hi:g}%",
    "none": "no measurable target (monitoring only)",
}


def describe_target(t: Target) -> str:
    """Plain words for what a target was understood as."""
    pct = (t.value or 0) * 100
    return _TARGET_WORDS.get(t.kind, t.kind).format(
        v=t.value or 0,
        p=round(pct, 4),
        lo=round((t.low or 0) * 100, 4),
        hi=round((t.high or 0) * 100, 4),
    )


def resolve_target(ind: Indicator, ov: IndicatorOverride, text: Text | None) -> list[Finding]:
    findings: list[Finding] = []
    problem = target_problem(ov.target) if ov.target else None
    if ov.target and problem is None:
        t = parse_target(ov.target)
        t.source, t.text = "settings", ov.target
        ind.target = t
        return []
    if problem is not None:  # overrides from a config file; the Settings sheet checks its own
        msg = f"Settings: {problem[0].upper()}{problem[1:]}"
        findings.append(finding("SETTING_INVALID", ind.sheet, None, msg, None, ov.target))
    if text is None or not text.value:
        return findings
    t = parse_target(text.value)
    t.cell = text.value_cell
    ind.target = t
    return findings + [
        finding(
            "TARGET_INFERRED",
            ind.sheet,
            text.value_cell,
            f"Target read from the sheet's words '{text.value}' as {describe_target(t)}. "
            "Set it in the Settings sheet to override.",
            None,
            text.value,
        )  # fmt: skip
    ]


_POLARITY_WORDS = {"lower": "lower is better", "higher": "higher is better",
                   "range": "within a range is best", "monitor": "monitoring only (no judgement)"}  # fmt: skip


def resolve_polarity(ind: Indicator, ov: IndicatorOverride, good: Text | None) -> list[Finding]:
    if ov.polarity:
        ind.polarity, ind.polarity_source = ov.polarity, "settings"
        return []
    pol = parse_polarity(good.value) if good is not None and good.value else None
    if pol is not None and good is not None:
        ind.polarity, ind.polarity_source = pol, "sheet"
        msg = f"Polarity read as '{_POLARITY_WORDS[pol]}' from 'What good looks like'."
        return [finding("POLARITY_INFERRED", ind.sheet, good.value_cell, msg, None, good.value)]
    pol = polarity_for_target(ind.target)
    if pol is not None:
        ind.polarity, ind.polarity_source = pol, "sheet"
        msg = f"Polarity read as '{_POLARITY_WORDS[pol]}' from the target '{ind.target.text}'."
        return [
            finding("POLARITY_INFERRED", ind.sheet, ind.target.cell, msg, None, ind.target.text)
        ]
    ind.polarity, ind.polarity_source = "monitor", "default"
    return [
        finding(
            "POLARITY_INFERRED",
            ind.sheet,
            None,
            "No polarity could be read from the sheet; treated as monitoring only. Set "
            "Polarity in the Settings sheet to judge it.",
        )  # fmt: skip
    ]


def resolve_rows(ind: Indicator, ov: IndicatorOverride, grid: Grid | None) -> list[Finding]:
    """Kind of indicator, and the numerator/denominator rows the Settings sheet names."""
    findings: list[Finding] = []
    for attr, kind in (("numerator_row", "numerator"), ("denominator_row", "denominator")):
        label = getattr(ov, attr)
        if not label:
            continue
        setattr(ind, f"{kind}_label", label)
        row = grid.find_label(label) if grid is not None else None
        if row is None:
            findings.append(
                finding(
                    "SETTING_INVALID",
                    ind.sheet,
                    None,
                    f"Settings name '{label}' as the {kind} row, but no grid row on this sheet "
                    "has that label.",
                    label,
                    None,
                )  # fmt: skip
            )
            continue
        if grid is not None:
            for r in grid.rows:  # the named row replaces any row the synonyms picked
                if r.kind == kind and r is not row:
                    r.kind = "unknown"
        row.kind = kind
    if grid is not None:
        pair_ytd_rows(grid.rows)
    kinds = {r.kind for r in grid.rows} if grid is not None else set()
    if ov.kind:
        ind.kind = ov.kind
    elif {"numerator", "denominator"} <= kinds:
        ind.kind = "percentage"
    elif "snapshot" in kinds and "actual" not in kinds:
        ind.kind = "snapshot"
    else:
        ind.kind = "count"
    return findings


def _denominator_from_label(label: str) -> str | None:
    key = label.lower()
    if re.search(r"\bhh\b|household", key):
        return "Households"
    if re.search(r"young people|\byp\b|aged? 1-19|1-19", key):
        return "Young people 1-19"
    if re.search(r"\bres\b|resident|population|pop\b|per\s*1(?:00)?,?000", key):
        return "Residents"
    return None


def resolve_denominator(ind: Indicator, ov: IndicatorOverride, settings: Settings,
                         grid: Grid | None) -> list[Finding]:  # fmt: skip
    rate = grid.first("rate") if grid is not None else None
    name = ov.denominator or (_denominator_from_label(rate.label) if rate is not None else None)
    if ov.per:
        ind.per = ov.per
    elif rate is not None and re.search(r"100,?000|100k", rate.label.lower()):
        ind.per = 100000.0
    if name is None:
        return []
    known = {k: v[0].name for k, v in settings.denominators.items() if v}
    match = known.get(name.lower())
    if match is None and not ov.denominator:
        first = name.lower().split()[0]
        match = next((v for k, v in known.items() if k.split() and k.split()[0] == first), None)
    ind.denominator_name = match or name
    if match is not None:
        return []
    where = f"the rate row '{rate.label}'" if rate is not None else "the Settings sheet"
    return [
        finding(
            "DENOMINATOR_MISSING",
            ind.sheet,
            rate.label_cell if rate else None,
            f"{where[0].upper() + where[1:]} needs a '{name}' population, but the Settings "
            f"sheet has no '{name}' denominator, so rates cannot be computed or checked. Add "
            f"a row '{name} | value | effective from' to the Settings denominator table.",
            name,
            None,
        )  # fmt: skip
    ]
