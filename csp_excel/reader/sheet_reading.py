"""Read one sheet into its indicators (one per block) and its reading: never silent.

Why: every sheet must end in exactly one state (read as N indicators, skipped with a located
reason, or failed), and an indicator exists only with evidence: a period header, a row read as
figures (by label or a stated rule), and a known financial year. Anything less is a skip with a
finding at the cell that decided it, saying what to type.
"""

from __future__ import annotations

import re

from ..core.cells import parse_cell
from ..core.codes import finding
from ..core.model import Finding, Indicator, Settings, indicator_key
from ..core.periods import fy_label, parse_fy_text, parse_report_month
from ..core.reading import BlockReading, SheetReading
from ..core.targets import parse_target
from .grid import GridResult, grid_not_found, read_grids
from .indicator import NOT_INDICATOR_SHEETS, fy_hint, make_indicator
from .indicator_resolve import describe_target
from .indicator_texts import Text, read_texts
from .indicator_title import Title
from .indicator_title import read_title as read_title_block
from .sheets import SheetData, a1
from .summary_table import read_annual_tables
from .synonyms import norm_label

_TARGET_HINT = re.compile(r"target|performance measure|\bmeasure\b|expected range", re.I)


def _has_numbers(sheet: SheetData) -> str | None:
    """The first cell holding a number, or None: a sheet with figures must not vanish."""
    for r, row in enumerate(sheet.rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None and not isinstance(v, bool) and parse_cell(v).status == "number":
                if isinstance(v, (int, float)) or any(ch.isdigit() for ch in str(v)):
                    return a1(r, c)
    return None


def _title_fy(sheet: SheetData, top: int) -> tuple[int | None, str]:
    """A financial year in the words above the first grid ('2015/16 performance measure')."""
    for row in sheet.rows[: max(0, min(top - 1, 15))]:
        for v in row:
            if isinstance(v, str) and 4 <= len(v) <= 200:
                fy = parse_fy_text(v)
                if fy is not None:
                    return fy, f"the words '{' '.join(v.split())[:60]}'"
    return None, ""


_SEGMENTS = re.compile(r"[()]")
_NOT_TARGET = re.compile(r"\b(?:within|outside)\b.*\bof\b", re.I)


def _target_words(sheet: SheetData, top: int, header: int) -> tuple[str, str] | None:
    """A target sentence in the title lines of a block ('record more than 6587 crimes'): the
    part of the line that names the measure, not a judgement such as 'within 15% of it'."""
    for r in range(header - 1, max(0, top - 1), -1):
        for c, v in enumerate(sheet.rows[r - 1], start=1):
            if not (isinstance(v, str) and _TARGET_HINT.search(v) and len(v) <= 300):
                continue
            parts = [" ".join(p.split()) for p in _SEGMENTS.split(v)]
            parts = [p for p in parts if p and _TARGET_HINT.search(p) and not _NOT_TARGET.search(p)]
            for text in [*parts, " ".join(v.split())]:
                if parse_target(text).kind != "none":
                    return text, a1(r, c)
    return None


def _first_cell(sheet: SheetData) -> str | None:
    for r, row in enumerate(sheet.rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                return a1(r, c)
    return None


def _skipped(sheet: SheetData, reading: SheetReading, figure: str | None = None) -> list[Finding]:
    """SHEET_SKIPPED (info) for a sheet that is not an indicator; nothing for an empty sheet."""
    if reading.cell is None:
        return []
    held = f" It holds figures (the first at {figure})." if figure else ""
    return [
        finding(
            "SHEET_SKIPPED",
            sheet.name,
            reading.cell,
            f"Sheet '{sheet.name}' was not read as an indicator: {reading.reason}.{held}",
        )
    ]


def _subtitle(sheet: SheetData, header_row: int, name: str | None) -> str | None:
    """Districts side by side share the indicator named on the line above their names
    ('Criminal damage incidents, by district'), not the report's heading at the top."""
    for r in range(header_row - 1, 0, -1):
        cells = [v for v in sheet.rows[r - 1] if v is not None]
        if name in cells or not cells:
            continue
        if len(cells) == 1 and isinstance(cells[0], str) and len(cells[0].split()) >= 2:
            text = " ".join(cells[0].split())
            if parse_report_month(text) is not None:
                continue  # 'December 2016': the report's month, not the indicator
            if not text.endswith(":") and parse_target(text).kind == "none":
                return text
        if len(cells) > 1:
            continue  # a label and its value ('Target 2014/15: | Reduce ...')
    return None


def _skip_finding(sheet: str, res: GridResult) -> Finding:
    if res.skip_why == "no year":
        return finding(
            "SHEET_SKIPPED",
            sheet,
            res.skip_cell,
            f"The grid at {res.skip_cell} was not read: {res.skip}. Add 'Reporting month | "
            "Dec-16' (your month) to a Settings sheet, or run with --reporting-month Dec-16, or "
            "give the headers their years (Apr-16 ... Mar-17).",
            "a reporting month",
            None,
            severity="warning",
        )
    severity = "info" if res.skip_why == "no figures" else "warning"
    return finding(
        "SHEET_SKIPPED",
        sheet,
        res.skip_cell,
        f"The grid at {res.skip_cell} was not read as an indicator: {res.skip}.",
        None,
        None,
        severity=severity,
    )


# what is wrong with a grid's period headers: noise for a grid that was not read (its skip says
# why it was not); kept in the block's reading, so `inspect` still shows them
HEADER_CODES = frozenset({"MONTHS_OUT_OF_ORDER", "PERIOD_MISMATCH"})


def _unread_grid_findings(res: GridResult) -> list[Finding]:
    """A skipped grid's findings without its header errors (moved to the block's notes)."""
    kept = []
    for f in res.findings:
        if f.code in HEADER_CODES:
            res.reading.notes.append(f"not reported, the grid was not read: {f.message}")
        else:
            kept.append(f)
    return kept


def read_sheet(
    sheet: SheetData, settings: Settings, row_synonyms: dict[str, str] | None = None
) -> tuple[list[Indicator], list[Finding], SheetReading]:
    """One sheet -> its indicators (one per block), findings, and how it was read."""
    if norm_label(sheet.name) in NOT_INDICATOR_SHEETS:
        reason = f"a sheet named '{sheet.name}' is not an indicator sheet"
        reading = SheetReading(sheet.name, reason=reason, cell=_first_cell(sheet))
        return [], _skipped(sheet, reading), reading
    synonyms = _with_named_rows(sheet, settings, row_synonyms)
    texts, title, results = _find_blocks(sheet, settings, synonyms)
    if not results:
        return _without_grid(sheet, settings, texts, title)
    return _read_blocks(sheet, settings, texts, title, results)


def _with_named_rows(sheet: SheetData, settings: Settings,
                     row_synonyms: dict[str, str] | None) -> dict[str, str] | None:  # fmt: skip
    """The row synonyms plus the numerator/denominator rows this sheet's Settings row names."""
    ov = settings.indicators.get(" ".join(sheet.name.split()).lower())
    if ov is None or not (ov.numerator_row or ov.denominator_row):
        return row_synonyms
    out = dict(row_synonyms or {})  # the rows Settings names are figures
    for label, kind in ((ov.numerator_row, "numerator"), (ov.denominator_row, "denominator")):
        if label:
            out.setdefault(label, kind)
    return out


def _find_blocks(sheet: SheetData, settings: Settings, row_synonyms: dict[str, str] | None
                 ) -> tuple[list[Text], Title, list[GridResult]]:  # fmt: skip
    """The sheet's texts (those outside its grids), its title block and its grids. The title is
    read above the first grid, never in it; a year in the title's words is used only when no
    grid could otherwise be given a year."""
    texts = read_texts(sheet)
    first_label_row = min((t.row for t in texts), default=None)
    title = read_title_block(sheet, first_label_row)
    hint, hint_source, hint_words = fy_hint(settings, title)
    results = read_grids(sheet, hint, hint_source, row_synonyms, None, hint_words)
    first_header = min((r.header_row for r in results if r.header_row), default=None)
    if first_header is not None and (first_label_row is None or first_header < first_label_row):
        title = read_title_block(sheet, first_header)  # the title is above the grid, never in it
    if results and all(r.skip_why == "no year" for r in results):
        tfy, words = _title_fy(sheet, results[0].header_row)
        if tfy is not None:
            results = read_grids(sheet, hint, hint_source, row_synonyms, tfy, words)
    in_grid: set[int] = set()
    for res in results:
        if res.grid is not None:
            in_grid |= {res.grid.header_row, *(r.row for r in res.grid.rows)}
    return [t for t in texts if t.row not in in_grid], title, results


def _without_grid(sheet: SheetData, settings: Settings, texts: list[Text],
                  title: Title) -> tuple[list[Indicator], list[Finding], SheetReading]:  # fmt: skip
    """A sheet with no period grid: annual tables, else a text-only indicator (Definition and
    Target), else skipped at the cell that decided it."""
    annual, found, blocks = read_annual_tables(sheet, settings, title.title)
    if annual:
        return annual, found, SheetReading(sheet.name, "read", blocks=blocks)
    by_label = {t.label for t in texts}
    if "Definition" in by_label and "Target" in by_label:
        ind, f = make_indicator(sheet, settings, texts, title, None)
        reading = SheetReading(sheet.name, "read", "no grid: text only", blocks=blocks)
        return [ind], [grid_not_found(sheet.name), *found, *f], reading
    cell = _has_numbers(sheet)
    reason = "no row of month, quarter or year headers was found"
    reading = SheetReading(sheet.name, "skipped", reason, cell or _first_cell(sheet), blocks)
    return [], found or _skipped(sheet, reading, cell), reading


def _read_blocks(sheet: SheetData, settings: Settings, texts: list[Text], title: Title,
                 results: list[GridResult]) -> tuple[list[Indicator], list[Finding], SheetReading]:  # fmt: skip
    """Each block read as an indicator, or a located skip; the sheet's reading assembled once."""
    findings: list[Finding] = []
    indicators: list[Indicator] = []
    for res in results:
        if res.grid is None:
            findings += _unread_grid_findings(res)
            findings.append(_skip_finding(sheet.name, res))
            continue
        findings += res.findings
        ind, f = _block_indicator(sheet, settings, texts, title, res, results)
        findings += f
        _describe(res.reading, ind)
        indicators.append(ind)
    reading = SheetReading(
        sheet.name,
        "read" if indicators else "skipped",
        "" if indicators else results[0].skip,
        None if indicators else results[0].skip_cell,
        [r.reading for r in results],
        [x for r in results for x in r.ignored],
    )
    return indicators, findings, reading


def _block_indicator(sheet: SheetData, settings: Settings, texts: list[Text], title: Title,
                     res: GridResult, results: list[GridResult]) -> tuple[Indicator, list[Finding]]:  # fmt: skip
    """The indicator of one block; with several blocks it is named by its block (a district side
    by side, or a sub-title above a stacked block)."""
    said = _target_words(sheet, res.top_row, res.header_row)
    several = len(results) > 1
    key = indicator_key(sheet.name, res.name) if several else None
    ind, f = make_indicator(sheet, settings, texts, title, res.grid, said, key)
    if several:
        ind.block = res.name
        side = any(o is not res and o.header_row == res.header_row for o in results)
        if side:
            ind.district = res.name
            ind.title = _subtitle(sheet, res.header_row, res.name) or ind.title
        elif res.name and not res.name.startswith("grid at"):
            # the indicator's line is above the first block; `display_title` adds the block
            top = min(results, key=lambda o: o.header_row)
            ind.title = _subtitle(sheet, top.header_row, top.name) or ind.title
    return ind, f


def _describe(b: BlockReading, ind: Indicator) -> None:
    """Target, polarity and the indicator a block became, in the block's reading."""
    b.indicators.append(ind.key)
    b.target = describe_target(ind.target)
    t = ind.target
    where = f" {t.cell}" if t.cell else ""
    b.target_source = {
        "settings": "the Settings sheet",
        "sheet": f"the return's words{where} '{t.text}'",
        "target row": "the target row",
    }.get(t.source, "nowhere: no target found")
    b.polarity = ind.polarity
    b.polarity_source = {
        "settings": "the Settings sheet",
        "sheet": "the return's words",
    }.get(ind.polarity_source, "default (monitoring only)")
    if ind.grid is not None and b.fy is None:
        b.fy = fy_label(ind.grid.fy)
