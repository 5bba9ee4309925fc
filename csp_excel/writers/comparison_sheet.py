"""One indicator's sheet of comparison.xlsx: the partnerships side by side, ranked, with a chart.

Each sheet lists partnerships with latest R12, rate, % change YTD, RAG (an icon-set traffic light
on a 3/2/1 code plus the letter with its fill) and a live RANK formula by rate, with a bar chart of
the ranked figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.rag import RAG_WORDS
from ..results import FileResult
from . import literal
from .chart_points import share_points
from .number_formats import (
    FMT_CHANGE,
    FMT_COUNT,
    FMT_COUNT_1DP,
    FMT_DECIMAL,
    FMT_PCT,
    FMT_PCT_WHOLE,
    FMT_RATE,
)
from .palette import LINK_BLUE, NAVY, NOTE_TEXT, RAG_FILLS
from .report_book import header_row, print_setup, upper_first, write_text

RAG_CODE = {"G": 3, "A": 2, "R": 1}
RAG_WORD = {**RAG_WORDS, "None": "No rating"}  # a table cell, capitalised
DOT_WORD = {"improved": "Improved", "static": "Static", "worse": "Worse", "peaked": "At maximum"}
FIRST_DATA_ROW = 4  # 0-based: title, note, blank, header, data
Entry = tuple[FileResult, dict[str, Any]]  # a file and one indicator summary of it

COLUMNS = [
    ("Partnership", 28),
    ("Reporting period", 12),
    ("Latest rolling 12 months", 13),
    ("Rate", 11),
    ("% change YTD on last year", 13),
    ("YTD %", 9),
    ("RAG", 6),
    ("RAG rating", 11),
    ("Rank in this set", 9),
    ("Direction of travel", 12),
    ("File", 30),
]
RAG_ICONS = {
    "type": "icon_set", "icon_style": "3_traffic_lights", "icons_only": False,
    "icons": [{"criteria": ">=", "type": "number", "value": 3},
              {"criteria": ">=", "type": "number", "value": 2}],
}  # fmt: skip


class ComparisonFormats:
    """The formats of comparison.xlsx, made once per workbook."""

    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": NAVY})
        self.note = wb.add_format({"italic": True, "font_color": NOTE_TEXT})
        self.count = wb.add_format({"num_format": FMT_COUNT})
        self.rate = wb.add_format({"num_format": FMT_RATE})
        self.pct = wb.add_format({"num_format": FMT_PCT})
        self.change = wb.add_format({"num_format": FMT_CHANGE})
        self.code = wb.add_format({"align": "center"})
        self.center = wb.add_format({"align": "center"})
        self.link = wb.add_format({"font_color": LINK_BLUE, "underline": 1})
        self.rag = {
            k: wb.add_format({"bg_color": bg, "font_color": fg, "bold": True, "align": "center"})
            for k, (bg, fg) in RAG_FILLS.items()
        }


@dataclass(frozen=True)
class Ranking:
    """What a sheet is ranked and charted by, and where its table's rows are."""

    metric: str | None  # "rate", "pct_ytd", or None (unranked)
    text: str  # "rate per 1,000", "YTD %", "rolling 12 months"
    higher: bool  # higher is better
    first: int
    last: int

    @property
    def key_col(self) -> int:
        return 3 if self.metric == "rate" else 5


def _metric(rows: Sequence[dict[str, Any]]) -> tuple[str | None, str]:
    """What the set is ranked and charted by: rate, YTD %, or (unranked) rolling 12 months."""
    if any(r.get("rate") is not None for r in rows):
        per = {r.get("per") for r in rows if r.get("rate") is not None}
        per_text = f"{per.pop():,.0f}" if len(per) == 1 else "1,000 / 100,000"
        return "rate", f"rate per {per_text}"
    if any(r.get("pct_ytd") is not None for r in rows):
        return "pct_ytd", "YTD %"
    return None, "rolling 12 months"


def _direction(rows: Sequence[dict[str, Any]]) -> str:
    """'higher' when most partnerships say higher is better, else 'lower'."""
    votes = [r.get("polarity") for r in rows]
    return "higher" if votes.count("higher") > votes.count("lower") else "lower"


def rank_values(values: Sequence[float | None], higher_better: bool) -> list[int | None]:
    """Excel RANK semantics: ties share a rank, the next rank is skipped; blanks get none."""
    nums = [v for v in values if v is not None]
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        else:
            out.append(1 + sum(1 for w in nums if (w > v if higher_better else w < v)))
    return out


def row_labels(entries: Sequence[Entry]) -> list[str]:
    base = [
        e[1].get("partnership") or getattr(e[0], "partnership", None) or Path(e[0].file).stem
        for e in entries
    ]
    out = []
    for (item, ind), b in zip(entries, base, strict=True):
        if base.count(b) > 1:
            extra = getattr(item, "label", "") or Path(item.file).name
            b = f"{b} ({extra}, {ind.get('sheet')})" if extra else b
        out.append(b)
    return out


def _note(rows: Sequence[dict[str, Any]], rk: Ranking) -> str:
    """The line under the title: what rank 1 means, and a warning when months differ."""
    if rk.metric is None:
        note = "Not ranked: no rate per 1,000 or YTD % to compare partnerships of different sizes."
    else:
        best = "highest" if rk.higher else "lowest"
        note = f"Rank 1 = {best} {rk.text} ({'higher' if rk.higher else 'lower'} is better)."
    months = sorted({str(r.get("reporting_month")) for r in rows if r.get("reporting_month")})
    if len(months) > 1:
        note += " Returns are for different months: " + ", ".join(months) + "."
    return note


def write_indicator_sheet(
    wb: Workbook, fm: ComparisonFormats, name: str, entries: Sequence[Entry]
) -> dict[str, Any]:
    """One indicator's sheet; returns its overview figures."""
    ws: Worksheet = wb.add_worksheet(name)
    entries = sorted(entries, key=lambda e: (str(e[1].get("partnership") or "")).lower())
    rows = [e[1] for e in entries]
    title = rows[0].get("title") or rows[0].get("sheet") or name
    metric, metric_text = _metric(rows)
    last = FIRST_DATA_ROW + len(rows) - 1
    rk = Ranking(metric, metric_text, _direction(rows) == "higher", FIRST_DATA_ROW, last)
    ws.write_string(0, 0, str(title)[:255], fm.title)
    ws.write_string(1, 0, _note(rows, rk), fm.note)
    cols = list(COLUMNS)
    cols[3] = (upper_first(metric_text) if metric == "rate" else "Rate", 11)
    header_row(wb, ws, cols, row=FIRST_DATA_ROW - 1)
    values = [r.get(metric) if metric else None for r in rows]
    ranks = rank_values(values, rk.higher)
    for i, (entry, label) in enumerate(zip(entries, row_labels(entries), strict=True)):
        _table_row(ws, fm, rk.first + i, entry, label, rk, ranks[i])
    ws.conditional_format(rk.first, 6, last, 6, RAG_ICONS)
    ws.autofilter(FIRST_DATA_ROW - 1, 0, last, len(cols) - 1)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    print_setup(ws, FIRST_DATA_ROW - 1)
    _chart(wb, ws, name, rows, rk)
    counts = {k: sum(1 for r in rows if (r.get("rag") or "None") == k) for k in RAG_WORD}
    return {"title": title, "sheet": name, "n": len(rows), "metric": metric_text, **counts}


def _table_row(
    ws: Worksheet, fm: ComparisonFormats, row: int, entry: Entry, label: str, rk: Ranking,
    rank: int | None,
) -> None:  # fmt: skip
    """One partnership's line: its figures, RAG code and letter, live rank, direction, file."""
    item, r = entry
    write_text(ws, row, 0, label)
    write_text(ws, row, 1, r.get("period"))
    write_text(ws, row, 2, r.get("r12"), fm.count)
    write_text(ws, row, 3, r.get("rate"), fm.rate)
    write_text(ws, row, 4, r.get("pct_change"), fm.change)
    write_text(ws, row, 5, r.get("pct_ytd"), fm.pct)
    rag = r.get("rag") or "None"
    if rag in RAG_CODE:
        ws.write_number(row, 6, RAG_CODE[rag], fm.code)
    write_text(ws, row, 7, RAG_WORD.get(rag, str(rag)), fm.rag.get(rag))
    if rk.metric is not None:
        cell = xl_rowcol_to_cell(row, rk.key_col)
        rng = (
            xl_rowcol_to_cell(rk.first, rk.key_col, True, True)
            + ":"
            + xl_rowcol_to_cell(rk.last, rk.key_col, True, True)
        )
        formula = f'=IF(ISNUMBER({cell}),RANK({cell},{rng},{0 if rk.higher else 1}),"")'
        ws.write_formula(row, 8, formula, fm.center, rank if rank is not None else "")
    write_text(ws, row, 9, DOT_WORD.get(str(r.get("dot")), r.get("dot")), fm.center)
    write_text(ws, row, 10, getattr(item, "label", "") or Path(item.file).name)


def _chart(
    wb: Workbook, ws: Worksheet, name: str, rows: Sequence[dict[str, Any]], rk: Ranking
) -> None:
    """A bar chart of the ranked figure (or R12 when unranked), bars coloured by RAG."""
    metric, metric_text, first, last = rk.metric, rk.text, rk.first, rk.last
    col = rk.key_col if metric is not None else 2
    if not any(r.get(metric or "r12") is not None for r in rows):
        return
    chart = wb.add_chart({"type": "bar"})
    colours = [RAG_FILLS.get(r.get("rag") or "None", RAG_FILLS["None"])[0] for r in rows]
    points = [{"fill": {"color": c}} for c in colours]
    literal.add_series(
        chart,
        {
            "name": upper_first(metric_text),
            "categories": [name, first, 0, last, 0],
            "values": [name, first, col, last, col],
            "points": points,
            "data_labels": {
                "value": True,
                "num_format": FMT_PCT if metric == "pct_ytd" else FMT_DECIMAL,
            },
        },
    )
    share_points(chart, colours)  # memory per colour, not per partnership
    literal.set_title(chart, f"{upper_first(metric_text)} by partnership", name_font={"size": 11})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # same top-to-bottom order as the table
    chart.set_x_axis(
        {
            "num_format": FMT_PCT_WHOLE if metric == "pct_ytd" else FMT_COUNT_1DP,
            "major_gridlines": {"visible": True},
        }
    )
    height = max(260, 22 * len(rows) + 90)
    chart.set_size({"width": 760, "height": height})
    ws.insert_chart(last + 2, 0, chart, {"object_position": 1})
