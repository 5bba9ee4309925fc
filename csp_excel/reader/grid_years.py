"""Place grid rows in years, and make monthly figures from cumulative-only rows.

Why: labels name years (`Actual 2015 - 2016`, `2014/15`, `Cum Actuals 15/16`, `Target 14/15`),
and which year is "this year" depends on the return's financial year, wherever that came from.
`Actual 2015 - 2016` is this year in a 2015/16 return and last year in a 2016/17 one. Two rows
naming the same year are reported, never merged; a return that gives only cumulative totals has
its monthly figures made by differencing (SPEC section 4 "rolling-only"), and says so.
"""

from __future__ import annotations

from ..core.codes import finding
from ..core.model import Finding
from ..core.periods import fy_label
from .grid_rows import RawRow, has_values
from .sheets import a1
from .synonyms import norm_label

FIGURE_KINDS = frozenset(
    {"actual", "actual_last_year", "numerator", "denominator", "snapshot"}
)  # rows that are figures (input), the evidence an indicator needs
CURRENT_KINDS = frozenset({"actual", "numerator", "denominator", "snapshot"})
KIND_WORDS = (
    "actual, last year, numerator, denominator, snapshot, ytd, target, rolling 12, rate, "
    "% change, rank"
)


def _year_kind(x: RawRow, fy: int) -> None:
    """A row naming a year: this year's, last year's, or another year's (not used)."""
    assert x.fy is not None
    named = fy_label(x.fy)
    this = x.fy == fy
    last = x.fy == fy - 1
    if x.kind in ("actual", "actual_last_year"):
        if this or last:
            x.kind = "actual" if this else "actual_last_year"
            x.how = f"year in label: {named} is {'this' if this else 'last'} year ({fy_label(fy)})"
        elif x.fy == fy - 2:  # kept with its year: the change in rolling 12 months needs it
            x.kind = "actual_last_year"
            x.how = f"year in label: {named} is the year before last ({fy_label(fy)})"
        else:
            x.kind, x.used = "unknown", False
            x.note = f"it names {named}, neither this year ({fy_label(fy)}) nor last year"
            x.advice = (
                "only this year's and last year's figures are used. If the year in its label is "
                f"wrong, add a row '{x.label} | actual' (this year's figures) or "
                f"'{x.label} | last year' to the Settings sheet's 'Row label | Kind' table"
            )
    elif x.kind == "ytd" and not this:
        x.kind, x.used = "unknown", False
        x.how = f"year in label: {named}"
        x.note = f"cumulative figures for {named}, not this year ({fy_label(fy)})"
        x.advice = (
            f"csp-excel uses only this year's running total. If it is in fact this year's, add a "
            f"row '{x.label} | ytd' to the Settings sheet's 'Row label | Kind' table"
        )
        if last:
            x.how = "last year's cumulative"
            x.advice = (
                "csp-excel does not use last year's running totals (there is no kind for last "
                "year's year to date); last year's monthly figures are used instead, so nothing "
                "needs typing"
            )
    elif x.kind == "target" and not this:
        x.kind, x.used = "unknown", False
        x.note = f"a target for {named}, but the return is for {fy_label(fy)}"
        x.advice = (
            "csp-excel uses only this year's target, so nothing needs typing. If it is in fact "
            f"this year's target, add a row '{x.label} | target' to the Settings sheet's "
            "'Row label | Kind' table"
        )
    elif x.kind in ("ytd", "target"):
        x.how = f"year in label: {named} is this year"


def _by_rule(rows: list[RawRow], fy: int) -> None:
    """A row whose label names this (or last) year but no known measure ('Gap 2015 - 2016') is
    that year's figures, when the grid has no other row for that year."""
    have = {x.kind for x in rows}
    for x in rows:
        if x.kind != "unknown" or x.user_kind or x.fy is None or x.note or not has_values(x.raw):
            continue
        kind = "actual" if x.fy == fy else "actual_last_year" if x.fy == fy - 1 else None
        if kind is None or kind in have:
            continue
        x.kind, have = kind, have | {kind}
        x.how = f"rule: the label names {fy_label(x.fy)} and no other row holds that year's figures"


def _duplicates(sheet: str, rows: list[RawRow], fy: int) -> list[Finding]:
    """Two rows read as the same year's figures: the first is used, the second reported."""
    out: list[Finding] = []
    first: dict[tuple[str, bool], RawRow] = {}
    for x in rows:
        if x.kind not in ("actual", "actual_last_year"):
            continue
        key = (x.kind, x.fy is not None and x.fy <= fy - 2)  # the year before last apart
        prev = first.get(key)
        if prev is None:
            first[key] = x
            continue
        if prev.fy is None and x.fy is None:
            continue  # two plain 'Month' rows: left to the rules as before
        x.kind, x.used = "unknown", False
        which = "this year" if prev.kind == "actual" else "last year"
        x.note = f"it names the same year ({which}) as {_cell(prev)} '{prev.label}', which was used"
        out.append(
            finding(
                "ROW_NOT_RECOGNISED",
                sheet,
                _cell(x),
                f"Rows '{prev.label}' ({_cell(prev)}) and '{x.label}' ({_cell(x)}) both hold "
                f"{which}'s figures; the first was used and this one was not. Correct the label of "
                "the row that is for another year (for example 'Actual 2015 - 2016').",
                _cell(prev),
                x.label,
                severity="warning",
            )
        )
        prev.note = prev.note or f"{_cell(x)} names the same year; this row was used"
    return out


def _cell(x: RawRow) -> str:
    return a1(x.label_row or x.row, x.label_col or 1)


def difference(raw: list[object]) -> list[float | None]:
    """Monthly figures from a cumulative row: c[i] - c[i-1], blank after the first gap."""
    out: list[float | None] = []
    prev = 0.0
    for v in raw:
        n = _number(v)
        if n is None:
            break
        out.append(n - prev)
        prev = n
    return out + [None] * (len(raw) - len(out))


def _number(v: object) -> float | None:
    from ..core.cells import parse_cell

    p = parse_cell(v)
    return p.value if p.status == "number" else None


def _derive(rows: list[RawRow], fy: int) -> list[str]:
    """Cumulative-only rows give monthly figures by differencing; notes say so."""
    notes: list[str] = []
    kinds = {x.kind for x in rows if x.kind != "actual_last_year" or x.fy in (None, fy - 1)}
    if kinds & CURRENT_KINDS and "actual_last_year" in kinds:
        return notes
    wanted = []
    if not kinds & CURRENT_KINDS:  # no row of this year's figures (or it was set aside)
        this = next((x for x in rows if x.kind == "ytd" and has_values(x.raw)), None)
        if this is not None:
            wanted.append(("actual", this))
    if "actual_last_year" not in kinds:
        last = next(
            (x for x in rows if x.how == "last year's cumulative" and has_values(x.raw)), None
        )
        if last is not None and (wanted or kinds & FIGURE_KINDS):
            wanted.append(("actual_last_year", last))
    for kind, src in wanted:
        d = RawRow(f"{src.label} (monthly, by differencing)", src.label_col, src.row,
                    list(difference(src.raw)), kind=kind)  # fmt: skip
        d.label_row, d.fy, d.derived = src.label_row, src.fy, True
        d.how = f"differenced from the cumulative row {_cell(src)}"
        rows.insert(rows.index(src) + 1, d)
        if kind == "actual_last_year":
            src.used, src.note = True, "last year's monthly figures were made from it"
        year = "this year's" if kind == "actual" else "last year's"
        notes.append(
            f"{year} monthly figures were made by differencing the cumulative row "
            f"'{src.label}' ({_cell(src)}): each month is the total less the month before"
        )
    return notes


def place_rows(sheet: str, rows: list[RawRow], fy: int) -> tuple[list[Finding], list[str]]:
    """Rows labelled with a year become this year's or last year's; duplicates reported;
    cumulative-only rows differenced. Returns (findings, notes for the reading)."""
    for x in rows:
        if x.fy is not None and not x.user_kind:
            _year_kind(x, fy)
    _by_rule(rows, fy)
    findings = _duplicates(sheet, rows, fy)
    kinds = {x.kind for x in rows}
    if "numerator" in kinds and "denominator" not in kinds:
        for x in rows:
            key = norm_label(x.label)
            if (
                x.kind == "actual"
                and not x.user_kind
                and any(w in key for w in ("terminat", "discharg", "total", "sent out"))
            ):
                x.kind, x.how = "denominator", "rule: a total beside a numerator row"
                break
    if rows and not kinds & {"actual", "numerator", "denominator", "snapshot"}:
        if not rows[0].label:
            rows[0].kind, rows[0].how = "actual", "rule: the unlabelled first row under the header"
    notes = _derive(rows, fy)
    return findings, notes


def unrecognised(sheet: str, rows: list[RawRow]) -> list[Finding]:
    """ROW_NOT_RECOGNISED (info) for each row with figures that was not used, at its label cell,
    saying which kinds were considered and exactly what to type in the Settings sheet."""
    out = []
    for x in rows:
        if x.kind != "unknown" or x.user_kind or not has_values(x.raw) or x.derived:
            continue
        if x.used is False and x.note.startswith("it names the same year"):
            continue  # already reported as a duplicate
        if x.how == "last year's cumulative" and x.used:
            continue
        label = x.label or "(unlabelled row)"
        why = x.note or f"its label matched none of the row kinds considered ({KIND_WORDS})"
        x.used = False
        # a row set aside for naming another year holds that year's figures, not this one's
        lost = _figures_nowhere_else(x, rows) if x.fy is None and not x.note else 0
        if lost:
            why += (
                f"; it holds {lost} figure(s) in periods where the rows used have none, so those"
                " periods are missing from every measure"
            )
        type_label = x.label or "<the row's label>"
        advice = _advice(x, rows) or (
            f"To use it, add a row '{type_label} | {_likely(x.label)}' (or last year, ytd, "
            "target, rolling 12, rate, ignore) to the Settings sheet's 'Row label | Kind' table"
        )
        out.append(
            finding(
                "ROW_NOT_RECOGNISED",
                sheet,
                _cell(x),
                f"Row '{label}' was not used: {why}. {advice}.",
                "a known row label",
                x.label,
                severity="warning" if lost else None,
            )
        )
    return out


def _figures_nowhere_else(x: RawRow, rows: list[RawRow]) -> int:
    """How many of an unused row's numbers sit in periods that no used figure row fills: those
    numbers reach no measure at all, so the row's finding is a warning, not a note."""
    kinds = CURRENT_KINDS | {"ytd"}  # this year's rows: a year-to-date row gives months too
    used = [r for r in rows if r.kind in kinds and r.used is not False and r is not x]
    if not used:  # no figures this year: NO_CURRENT_FIGURES or SHEET_SKIPPED says so already
        return 0
    covered = {j for r in used for j, v in enumerate(r.raw) if _number(v) is not None}
    return sum(1 for j, v in enumerate(x.raw) if _number(v) is not None and j not in covered)


def _advice(x: RawRow, rows: list[RawRow]) -> str:
    """The year-specific advice, naming last year's monthly row when one is used instead."""
    if x.how != "last year's cumulative":
        return x.advice
    ly = next((r for r in rows if r.kind == "actual_last_year" and r.used), None)
    if ly is None:
        return x.advice
    return x.advice.replace(
        "last year's monthly figures are used instead",
        f"last year's monthly figures in '{ly.label}' ({_cell(ly)}) are used instead",
    )


def _likely(label: str) -> str:
    """The kind a generic unrecognised row most likely is: never 'actual' for a target row."""
    key = norm_label(label)
    if "target" in key:
        return "target"
    if "last year" in key or "previous year" in key:
        return "last year"
    return "actual"


def considered(x: RawRow, fy: int) -> list[str]:
    """What else the reader weighed for a row, for the sheet's reading."""
    if x.derived:
        return []
    if x.fy is not None:
        return [f"this year ({fy_label(fy)})", f"last year ({fy_label(fy - 1)})",
                "the year before last", "another year (not used)"]  # fmt: skip
    if x.kind == "unknown" and not x.user_kind:
        return [k.strip() for k in KIND_WORDS.split(",")]
    return []
