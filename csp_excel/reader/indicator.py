"""Read one indicator sheet: title block, label/value texts, the grid, and resolved settings.

Text blocks are found by their labels wherever they are (two pairs side by side, merged cells,
label and value in one cell). Target, polarity, kind and denominator come from the Settings sheet
when it says so, else from the sheet's own words; whatever was inferred is reported (info) so
the user can see what the tool understood and override it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core.codes import finding
from ..core.model import Finding, Grid, Indicator, IndicatorOverride, Settings, Target
from ..core.periods import fy_of, parse_report_month
from ..core.rules import normalise_rag
from ..core.targets import parse_polarity, parse_target, polarity_for_target
from .grid import pair_ytd_rows, show
from .settings import target_problem
from .sheets import SheetData, a1
from .synonyms import norm_label

NOT_INDICATOR_SHEETS = frozenset(
    {"settings", "notes", "note", "contents", "cover", "index", "readme", "read me", "lists",
     "lookups", "lookup", "data quality", "dashboard", "instructions", "guidance"}
)  # fmt: skip

TEXT_LABELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^definitions?$"), "Definition"),
    (re.compile(r"^how (?:this|the) indicator works$"), "How this indicator works"),
    (re.compile(r"^what good (?:looks|look) like$"), "What good looks like"),
    (
        re.compile(r"^why (?:this|the) indicator is important$|^why this indicator"),
        "Why this indicator is important",
    ),  # fmt: skip
    (
        re.compile(
            r"^(?:\d{4}\s*/\s*\d{2,4}\s*:?\s*)?targets?\s*(?:for\s+)?(?:\d{4}\s*[/-]\s*\d{2,4})?\s*:?$"
        ),
        "Target",
    ),
    (re.compile(r"^history (?:with|of) (?:this|the) indicator$"), "History with this indicator"),
    (re.compile(r"^any issues to consider$"), "Any issues to consider"),
    (re.compile(r"^performance overview$"), "Performance Overview"),
    (
        re.compile(r"^actions to sustain or improve performance$|^actions to sustain"),
        "Actions to Sustain or Improve Performance",
    ),  # fmt: skip
    (re.compile(r"^benchmarking$"), "Benchmarking"),
]
_RAG = re.compile(r"^rag(?:\s+(?:rating|rate|status))?\s*:?\s*(.*)$")
_TAGS = re.compile(r"<[^>]+>|\*\*")


def _clean_text(v: Any) -> str:
    return " ".join(_TAGS.sub(" ", show(v)).split())


def _label_key(v: Any) -> str | None:
    """The canonical text label a cell holds ('2016/17: Target:' -> 'Target'), else None."""
    if not isinstance(v, str) or len(v) > 60:
        return None
    return _text_label(v)


@lru_cache(maxsize=8192)
def _text_label(v: str) -> str | None:
    """Cached: the same labels recur on every sheet of a return (and across a folder)."""
    key = norm_label(_TAGS.sub(" ", v))
    for pattern, name in TEXT_LABELS:
        if pattern.search(key):
            return name
    m = _RAG.match(key)
    if m and (not m.group(1) or normalise_rag(m.group(1)) is not None):
        return "RAG"  # "RAG Rating:", "RAG: Amber/Green"; not "Ragged" or "RAG tolerance"
    return None


@dataclass
class _Text:
    label: str
    row: int
    col: int
    value: str
    value_cell: str | None


def _read_texts(sheet: SheetData) -> list[_Text]:
    """Every known label on the sheet with its value: the next non-empty cell to the right."""
    out: list[_Text] = []
    for r, row in enumerate(sheet.rows, start=1):
        for c, v in enumerate(row, start=1):
            name = _label_key(v)
            if name is None:
                continue
            value, vcell = "", None
            for c2 in range(c + 1, len(row) + 1):
                v2 = row[c2 - 1]
                if v2 is None or not str(v2).strip():
                    continue
                if _label_key(v2) is None:
                    value, vcell = _clean_text(v2), a1(r, c2)
                break
            if not value and name == "Performance Overview" and r < len(sheet.rows):
                below = sheet.rows[r]
                for c2 in range(c, min(len(below), c + 2) + 1):
                    v2 = below[c2 - 1]
                    if v2 is not None and str(v2).strip() and _label_key(v2) is None:
                        value, vcell = _clean_text(v2), a1(r + 1, c2)
                        break
            out.append(_Text(name, r, c, value, vcell))
    return out


_PORTFOLIO = re.compile(
    r"portfolio|partnership\b|\bservices?\b|\bgroup\b|\bboard\b|\s/\s|\bcsp\b|directorate"
)


# Status and judgement lines ("AREA OF SIGNIFICANT CONCERN: (outside of 15% ...)", "GENERALLY
# SATISFIED WITH PERFORMANCE") and target wording sit beside the name; they are never the title.
# A line that says which way is good ('Good to be high', 'Lower is better'): polarity evidence,
# never the indicator's title.
_GOOD_LINE = re.compile(
    r"\bgood to be (?:high|low)\b|\b(?:higher|lower|high|low) is (?:better|good)\b"
)
_JUDGEMENT = re.compile(
    r"\bconcern\b|\bgenerally satisfied\b|\bsatisfied with (?:the )?performance\b|"
    r"\bperformance measure\b",
    re.I,
)

_PERIOD_WORD = re.compile(
    r"^\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|"
    r"(?:q|qtr|quarter)\s*[1-4])(?:[\s\-']+\d{2,4}(?:/\d{2,4})?)?\s*$",
    re.I,
)


@dataclass
class _Title:
    title: str | None = None
    portfolio: str | None = None
    month_text: str | None = None
    source: str | None = None
    good: tuple[str, str] | None = None  # a line such as 'Good to be high' (text, cell)


def read_title(sheet: SheetData, first_label_row: int | None) -> _Title:
    """Portfolio line, indicator title, 'December 2016' and 'Source: ...' above the texts."""
    t = _Title()
    lines: list[str] = []
    last = (first_label_row - 1) if first_label_row else min(len(sheet.rows), 8)
    for r, row in enumerate(sheet.rows[: max(0, min(last, 15))], start=1):
        for c, v in enumerate(row, start=1):
            if not isinstance(v, str) or not v.strip():
                if t.month_text is None and v is not None and parse_report_month(v):
                    t.month_text = show(v)
                continue
            text = _clean_text(v)
            low = text.lower()
            m = re.search(r"\bsource\s*:\s*(.*)$", text, re.I)
            if m:
                t.source = t.source or m.group(1).strip() or None
                text = text[: m.start()].strip()
                low = text.lower()
            month = parse_report_month(text) if len(text) <= 120 else None
            if month is not None and t.month_text is None:
                mm = re.search(
                    r"\b(?:january|february|march|april|may|june|july|august|september|october|"
                    r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
                    r"[\s\-]+'?\d{2,4}\b",
                    text,
                    re.I,
                )
                t.month_text = mm.group(0) if mm else text
                text = (text[: mm.start()] + text[mm.end() :]).strip() if mm else ""
                low = text.lower()
            if not re.search(r"[a-z]", low) or (text.endswith(":") and len(text) < 30):
                continue
            if _GOOD_LINE.search(low) and len(text) <= 60:  # what good looks like, not a name
                t.good = t.good or (text, a1(r, c))
                continue
            lines.append(text)
    named = [x for x in lines if not _JUDGEMENT.search(x)] or lines  # the name, not a verdict
    named = [x for x in named if not _PERIOD_WORD.match(x)]  # a header's 'Apr', 'Qtr 1'
    for text in named:
        if t.portfolio is None and _PORTFOLIO.search(text.lower()) and t.title is None:
            t.portfolio = text
        elif t.title is None:
            t.title = text
    if t.title is None and t.portfolio:  # "X Portfolio The number of sexual offences" on one line
        m = re.search(r"\bportfolio\b\W*(?:\(new\))?\s*(.+)$", t.portfolio, re.I)
        if m and re.search(r"[a-z]{3}", m.group(1)):
            t.portfolio, t.title = t.portfolio[: m.start(1)].strip(), m.group(1).strip()
    if t.portfolio is not None and t.portfolio == t.title:  # the name given twice (B1 and B4)
        t.portfolio = None
    if t.title is None and t.portfolio is not None:  # one line only: it is the indicator's name
        t.title, t.portfolio = t.portfolio, None
    return t


def fy_hint(settings: Settings, title: _Title) -> tuple[int | None, str, str]:
    """(FY, source code, source in words) from the reporting month or this sheet's title month."""
    if settings.reporting_month is not None:
        words = settings.reporting_month_source or "the reporting month"
        return fy_of(settings.reporting_month), "reporting month", words
    month = parse_report_month(title.month_text) if title.month_text else None
    if month is not None:
        return fy_of(month), "title", f"the title '{title.month_text}'"
    return None, "", ""


def read_indicator(
    sheet: SheetData, settings: Settings, row_synonyms: dict[str, str] | None = None
) -> tuple[Indicator | None, list[Finding]]:
    """One sheet -> its first Indicator and the sheet's findings; (None, []) when the sheet is
    not an indicator and holds no figures. `reader.sheet_reading.read_sheet` gives every block."""
    from .sheet_reading import read_sheet

    inds, findings, _ = read_sheet(sheet, settings, row_synonyms)
    return (inds[0] if inds else None), findings


def read_texts(sheet: SheetData) -> list[_Text]:
    return _read_texts(sheet)


def make_indicator(
    sheet: SheetData,
    settings: Settings,
    texts: list[_Text],
    title: _Title,
    grid: Grid | None,
    target_words: tuple[str, str] | None = None,
    key: str | None = None,
) -> tuple[Indicator, list[Finding]]:
    """An Indicator from a sheet's texts and one of its grids, with target, polarity, kind and
    denominator resolved. `target_words` (text, cell): a target sentence above the grid, used
    when the sheet has no Target label."""
    findings: list[Finding] = []
    by_label: dict[str, _Text] = {}
    for t in texts:
        by_label.setdefault(t.label, t)
    ind = Indicator(sheet=sheet.name, title=title.title or sheet.name, grid=grid)
    ind.portfolio, ind.source, ind.report_month_text = (
        title.portfolio,
        title.source,
        title.month_text,
    )
    for t in texts:
        if t.label == "RAG":
            _read_rag(sheet, t, ind)
            continue
        if t.label in ind.texts:
            continue
        ind.texts[t.label] = t.value
        if t.value_cell:
            ind.text_cells[t.label] = t.value_cell
    ov = (
        (settings.indicators.get(" ".join(key.split()).lower()) if key else None)
        or settings.indicators.get(" ".join(sheet.name.split()).lower())
        or IndicatorOverride()
    )  # a block ('Criminal damage (Blaby)') may have its own row in the Settings table
    if "Performance Overview" in ind.texts:
        ind.narrative = ind.texts["Performance Overview"] or None
        ind.narrative_cell = ind.text_cells.get("Performance Overview")
    target = by_label.get("Target")
    if (target is None or not target.value) and target_words is not None:
        target = _Text("Target", 0, 0, target_words[0], target_words[1])
    findings += _resolve_target(ind, ov, target)
    good = by_label.get("What good looks like")
    if (good is None or not good.value) and title.good is not None:
        good = _Text("What good looks like", 0, 0, title.good[0], title.good[1])
    findings += _resolve_polarity(ind, ov, good)
    findings += _resolve_rows(ind, ov, grid)
    findings += _resolve_denominator(ind, ov, settings, grid)
    if ov.tolerance is not None:
        ind.tolerance = ov.tolerance
    if ov.profile:
        ind.profile = ov.profile
    return ind, findings


def _read_rag(sheet: SheetData, t: _Text, ind: Indicator) -> None:
    """'RAG Rating: R' in one cell, or 'RAG Rating:' with the letter in the next cell."""
    if ind.typed_rag is not None:
        return
    label_value = sheet.rows[t.row - 1][t.col - 1]
    m = _RAG.match(norm_label(_TAGS.sub(" ", str(label_value))))
    letter = m.group(1) if m and m.group(1) else None
    cell = a1(t.row, t.col)
    if letter is None and t.value and len(t.value) <= 20:
        letter, cell = t.value, t.value_cell or cell
    rag = normalise_rag(letter)
    if rag is not None:
        ind.typed_rag, ind.typed_rag_cell = rag, cell


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


def _resolve_target(ind: Indicator, ov: IndicatorOverride, text: _Text | None) -> list[Finding]:
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


def _resolve_polarity(ind: Indicator, ov: IndicatorOverride, good: _Text | None) -> list[Finding]:
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


def _resolve_rows(ind: Indicator, ov: IndicatorOverride, grid: Grid | None) -> list[Finding]:
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


def _resolve_denominator(ind: Indicator, ov: IndicatorOverride, settings: Settings,
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
