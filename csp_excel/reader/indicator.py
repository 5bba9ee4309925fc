"""Read one indicator sheet: title block, label/value texts, the grid, and resolved settings.

Text blocks are found by their labels wherever they are (two pairs side by side, merged cells,
label and value in one cell). Target, polarity, kind and denominator come from the Settings sheet
when it says so, else from the sheet's own words; whatever was inferred is reported (info) so
the user can see what the tool understood and override it.

Here the indicator is put together; its texts are found in `indicator_texts`, its title block in
`indicator_title`, and its target, polarity, kind and denominator resolved in `indicator_resolve`.
"""

from __future__ import annotations

from ..core.model import Finding, Grid, Indicator, IndicatorOverride, Settings
from ..core.periods import fy_of, parse_report_month
from ..core.rules import normalise_rag
from .indicator_resolve import resolve_denominator, resolve_polarity, resolve_rows, resolve_target
from .indicator_texts import RAG_LABEL, TAGS, Text
from .indicator_title import Title
from .settings_spc import apply_spc
from .sheets import SheetData, a1
from .synonyms import norm_label

NOT_INDICATOR_SHEETS = frozenset(
    {"settings", "notes", "note", "contents", "cover", "index", "readme", "read me", "lists",
     "lookups", "lookup", "data quality", "dashboard", "instructions", "guidance"}
)  # fmt: skip


def fy_hint(settings: Settings, title: Title) -> tuple[int | None, str, str]:
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


def make_indicator(
    sheet: SheetData,
    settings: Settings,
    texts: list[Text],
    title: Title,
    grid: Grid | None,
    target_words: tuple[str, str] | None = None,
    key: str | None = None,
) -> tuple[Indicator, list[Finding]]:
    """An Indicator from a sheet's texts and one of its grids, with target, polarity, kind and
    denominator resolved. `target_words` (text, cell): a target sentence above the grid, used
    when the sheet has no Target label."""
    findings: list[Finding] = []
    by_label: dict[str, Text] = {}
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
        target = Text("Target", 0, 0, target_words[0], target_words[1])
    findings += resolve_target(ind, ov, target)
    good = by_label.get("What good looks like")
    if (good is None or not good.value) and title.good is not None:
        good = Text("What good looks like", 0, 0, title.good[0], title.good[1])
    findings += resolve_polarity(ind, ov, good)
    findings += resolve_rows(ind, ov, grid)
    findings += resolve_denominator(ind, ov, settings, grid)
    if ov.tolerance is not None:
        ind.tolerance = ov.tolerance
    if ov.profile:
        ind.profile = ov.profile
    findings += apply_spc(ind, ov)
    return ind, findings


def _read_rag(sheet: SheetData, t: Text, ind: Indicator) -> None:
    """'RAG Rating: R' in one cell, or 'RAG Rating:' with the letter in the next cell."""
    if ind.typed_rag is not None:
        return
    label_value = sheet.rows[t.row - 1][t.col - 1]
    m = RAG_LABEL.match(norm_label(TAGS.sub(" ", str(label_value))))
    letter = m.group(1) if m and m.group(1) else None
    cell = a1(t.row, t.col)
    if letter is None and t.value and len(t.value) <= 20:
        letter, cell = t.value, t.value_cell or cell
    rag = normalise_rag(letter)
    if rag is not None:
        ind.typed_rag, ind.typed_rag_cell = rag, cell
