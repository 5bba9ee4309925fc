"""Shared formats, cell helpers and the "formula if it reproduces the figure" writer.

Every derived cell is offered as one or more candidate formulas, each with the value it would
evaluate to (worked out here in Python from the same cached figures). The first candidate whose
value equals the computed figure is written as a live formula with that figure cached; if none
does, the computed figure is written as a plain value, marked, so the workbook never shows a
number that a full recalculation would change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import xlsxwriter.worksheet as xlsxwriter_worksheet
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .number_formats import FMT_CHANGE as FMT_CHANGE  # noqa: F401 - re-exported
from .number_formats import FMT_COUNT as FMT_COUNT  # noqa: F401
from .number_formats import FMT_DATE as FMT_DATE  # noqa: F401
from .number_formats import FMT_DECIMAL as FMT_DECIMAL  # noqa: F401
from .number_formats import FMT_PCT as FMT_PCT  # noqa: F401
from .number_formats import FMT_RATE as FMT_RATE  # noqa: F401
from .palette import ARROWS as ARROWS  # noqa: F401 - the DoT symbols, re-exported
from .palette import DOT_FONTS, FORECAST_FONTS, LIGHT_BLUE, LINE_GREY, NAVY, RAG_FILLS, WHITE

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": False,
    "in_memory": True,  # no temp folder per workbook; faster for return-sized files
}

MAX_STRING = 32767


class Formats:
    """Creates each xlsxwriter format once per workbook, keyed by its properties."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}
        self._quick: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        # Memoised on the call's own (unsorted) properties first: a fill asks ~1,300 times per
        # indicator for a few dozen formats. The sorted key decides identity, so two call orders
        # of the same properties still share one format (and one xf record in the file).
        quick = tuple(props.items())
        hit = self._quick.get(quick)
        if hit is not None:
            return hit
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(base)
        self._quick[quick] = self._cache[key]
        return self._cache[key]

    def num(self, num_format: str, **props: Any) -> Any:
        return self.get(num_format=num_format, **props)

    def title(self) -> Any:
        return self.get(bold=True, font_size=14, font_color=NAVY)

    def header(self) -> Any:
        return self.get(
            bold=True, bg_color=NAVY, font_color=WHITE, border=1, text_wrap=True, align="center"
        )

    def label(self) -> Any:
        return self.get(
            bold=True, text_wrap=True, bg_color=LIGHT_BLUE, border=1, border_color=LINE_GREY
        )

    def text(self) -> Any:
        return self.get(text_wrap=True, border=1, border_color=LINE_GREY)

    def rag_fill(self, rag: str) -> Any:
        """Conditional-format formats (no font name: Excel dxf formats carry colours only)."""
        bg, fg = RAG_FILLS.get(rag, RAG_FILLS["None"])
        key = (("dxf", rag),)
        if key not in self._cache:
            self._cache[key] = self.wb.add_format({"bg_color": bg, "font_color": fg, "bold": True})
        return self._cache[key]

    def font_colour(self, colour: str) -> Any:
        key = (("dxf_font", colour),)
        if key not in self._cache:
            self._cache[key] = self.wb.add_format({"font_color": colour, "bold": True})
        return self._cache[key]


@lru_cache(maxsize=1 << 16)  # the same few thousand cells are named again and again
def cell0(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    """0-based (row, col), as xlsxwriter counts -> A1 reference. The 0 in the name says so:
    `core.refs.a1` counts from 1, as Excel and openpyxl do."""
    return xl_rowcol_to_cell(row, col, row_abs, col_abs)


@lru_cache(maxsize=1 << 12)
def col_name0(col: int) -> str:
    """0-based column -> letters (0 -> "A"); `core.refs.col_letter` counts from 1."""
    return xl_col_to_name(col)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def ref(sheet: str, a1: str) -> str:
    return f"{quote_sheet(sheet)}!{a1}"


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sanitise_sheet_names(names: list[str], reserved: list[str]) -> dict[str, str]:
    """Input sheet name -> a valid, unique (case-insensitive) Excel sheet name of <= 31 chars."""
    taken = {r.lower() for r in reserved}
    out: dict[str, str] = {}
    for name in names:
        base = _BAD_SHEET_CHARS.sub("_", name).strip().strip("'")[:31] or "Sheet"
        if base.lower() == "history":
            base = "History_"
        candidate, k = base, 2
        while candidate.lower() in taken:
            suffix = f" ({k})"
            candidate = base[: 31 - len(suffix)] + suffix
            k += 1
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def clip_text(value: Any) -> str:
    """Any value as text cut to Excel's cell limit (32,767 characters). It does NOT neutralise
    formulas: xlsxwriter's write_string (and WORKBOOK_OPTIONS) already keep text as text."""
    text = "" if value is None else str(value)
    return text[:MAX_STRING]


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write anything that came from the input: text always as text, never as a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, clip_text(value), fmt)


def same(a: Any, b: Any) -> bool:
    """Cached-value equality: None and "" are the same blank; numbers compared closely."""
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@dataclass
class Candidate:
    formula: str  # without the leading "="
    value: Any  # what it evaluates to, given the cached values it references


@dataclass
class FormulaStats:
    """How many derived cells became live formulas, and which fell back to values."""

    formulas: int = 0
    fallbacks: list[str] = field(default_factory=list)  # A1 cells written as values


def write_derived(
    ws: Worksheet,
    row: int,
    col: int,
    computed: Any,
    candidates: list[Candidate],
    fmt: Any,
    stats: FormulaStats,
    fallback_fmt: Any = None,
    note: str | None = None,
) -> bool:
    """Write the first candidate formula that reproduces `computed`; else the value. True if formula."""
    cached = "" if computed is None else computed
    for cand in candidates:
        if same(cand.value, computed):
            ws.write_formula(row, col, "=" + cand.formula, fmt, cached)
            stats.formulas += 1
            return True
    if computed is None and not candidates:
        ws.write_blank(row, col, None, fmt)
        return False
    write_value(ws, row, col, computed, fallback_fmt or fmt)
    if candidates:
        stats.fallbacks.append(cell0(row, col))
        ws.write_comment(
            row,
            col,
            note
            or "This is the calculated figure as a fixed value: no simple formula reproduces it "
            "(see the notes for this indicator).",
            {"x_scale": 2, "y_scale": 1.5},
        )
    return False


def text_height(text: str, chars_per_line: float, line_pt: float = 13.0) -> float:
    """Row height (points) that shows wrapped `text` in a cell `chars_per_line` wide."""
    lines = 0
    for para in (text or "").splitlines() or [""]:
        lines += max(1, math.ceil(len(para) / max(chars_per_line, 1.0)))
    return min(409.0, max(15.0, lines * line_pt + 3))


def _text_formats(
    ws: Worksheet, r1: int, c1: int, r2: int, c2: int, rules: list[tuple[str, str, Any]]
) -> None:
    """One conditional format per (criteria, text, format): cells equal to, or containing, text."""
    for criteria, text, fmt in rules:
        if criteria == "==":
            spec = {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": fmt}
        else:
            spec = {"type": "text", "criteria": "containing", "value": text, "format": fmt}
        ws.conditional_format(r1, c1, r2, c2, spec)


def rag_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Fill colours for R / A / G / None text cells."""
    rules = [("==", letter, fm.rag_fill(letter)) for letter in ("R", "A", "G", "None")]
    _text_formats(ws, r1, c1, r2, c2, rules)


def dot_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Green improved arrows, red worse ones."""
    rules = [("==", arrow, fm.font_colour(c)) for arrow, c in DOT_FONTS.items()]
    _text_formats(ws, r1, c1, r2, c2, rules)


def judgement_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Forecast judgements: green when likely to meet the target, red when likely to miss."""
    rules = [("containing", w, fm.font_colour(c)) for w, c in FORECAST_FONTS.items()]
    _text_formats(ws, r1, c1, r2, c2, rules)


# xlsxwriter rewrites every formula with ~30 regex passes for Excel 365 dynamic-array functions
# (FILTER, XLOOKUP, ...), and conditional-format formulas with ~180 (every "future" function).
# Our cell formulas never use them, and with ~3,400 formulas a return that is a third of the write
# time. This worksheet checks once and hands anything that might contain one back to xlsxwriter's
# own preparation, so the output is byte-for-byte what xlsxwriter would write. The check is
# case-sensitive, as xlsxwriter's rewrites are, and a superset of them: no \b, and `INGLE(` for
# xlsxwriter's own `\SINGLE\(` pattern (any character, then INGLE).
_DYNAMIC = re.compile(
    r"(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
    r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|"
    r"TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\("
)

# What xlsxwriter's preparation returned, by (formula, future functions expanded). Its result
# depends on nothing else, so a cached answer is the one it would give. Conditional formats ask
# for the same few dozen formulas (`"R"`, `"▲"`, ...) hundreds of times per return, each through
# ~180 regex substitutions; bounded so a long bulk run cannot grow it without limit.
_PREPARED: dict[tuple[str, bool], str] = {}
_PREPARED_MAX = 4096


# xlsxwriter builds its whole table of 36 sparkline styles (252 colour objects, ~1.3 ms) for
# every sparkline, to read one style from it; the style is only read, never changed, so each
# style built once is the same answer. The original, looked up on xlsxwriter's module.
_BUILD_SPARKLINE_STYLE = xlsxwriter_worksheet._get_sparkline_style
_SPARKLINE_STYLES: dict[int, Any] = {}


def _sparkline_style(style_id: int) -> Any:
    style = _SPARKLINE_STYLES.get(style_id)
    if style is None:
        style = _SPARKLINE_STYLES[style_id] = _BUILD_SPARKLINE_STYLE(style_id)
    return style


class FastFormulaWorksheet(Worksheet):
    """An xlsxwriter Worksheet whose formula preparation skips work our formulas never need."""

    def add_sparkline(self, row: int, col: int, options: Any = None) -> int:  # type: ignore[override]
        """xlsxwriter's own, with each sparkline style built once (see _sparkline_style);
        plain worksheets keep xlsxwriter's lookup (it is swapped only for this call)."""
        xlsxwriter_worksheet._get_sparkline_style = _sparkline_style
        try:
            return super().add_sparkline(row, col, options)
        finally:
            xlsxwriter_worksheet._get_sparkline_style = _BUILD_SPARKLINE_STYLE

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:  # type: ignore[override]
        future = bool(self.use_future_functions or expand_future_functions)
        if future or _DYNAMIC.search(formula):
            key = (formula, future)
            done = _PREPARED.get(key)
            if done is None:
                done = super()._prepare_formula(formula, expand_future_functions)
                if len(_PREPARED) >= _PREPARED_MAX:
                    _PREPARED.clear()
                _PREPARED[key] = done
            return done
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula
