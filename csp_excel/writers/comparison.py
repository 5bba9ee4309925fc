"""comparison.xlsx: the partnerships of a bulk run side by side, one sheet per indicator.

Indicators are matched across files by their normalised sheet name, or by title when a title is
unambiguous within each file (so "Robbery" and "ROBBERY " line up, and a renamed sheet with the
same title still joins). Each sheet lists partnerships with latest R12, rate, % change YTD, RAG
(an icon-set traffic light on a 3/2/1 code plus the letter with its fill) and a live RANK formula
by rate, with a bar chart of the rates. An Overview sheet lists every indicator and its coverage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..results import FileResult
from . import literal
from .atomic import atomic_path
from .palette import LINK_BLUE, NAVY, NOTE_TEXT, RAG_FILLS
from .summary import header_row, new_workbook, print_setup, write_text

RAG_CODE = {"G": 3, "A": 2, "R": 1}
RAG_WORD = {"G": "Green", "A": "Amber", "R": "Red", "None": "No rating"}
DOT_WORD = {"improved": "Improved", "static": "Static", "worse": "Worse", "peaked": "At maximum"}
RESERVED = {"overview", "history"}
FIRST_DATA_ROW = 4  # 0-based: title, note, blank, header, data


def norm(text: str | None) -> str:
    """'MOPAC 7: Robbery  Overall' -> 'mopac 7 robbery overall'; '&' reads as 'and'."""
    t = (text or "").lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", t).split())


class _Groups:
    """Union-find over 's:<sheet>' and 't:<title>' keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def group_indicators(items: Sequence[FileResult]) -> list[list[tuple[FileResult, dict[str, Any]]]]:
    """Every indicator summary grouped across files, groups in first-seen order."""
    uf = _Groups()
    entries: list[tuple[FileResult, dict[str, Any], str]] = []
    owners: dict[str, set[tuple[int, str]]] = {}  # root -> (file, sheet key) it holds
    for n, item in enumerate(items):
        inds = getattr(item, "indicators", None) or []
        title_count: dict[str, int] = {}
        for ind in inds:
            t = norm(ind.get("title"))
            title_count[t] = title_count.get(t, 0) + 1
        for ind in inds:
            s_key = "s:" + norm(ind.get("match") or ind.get("sheet"))  # blocks: own key
            root = uf.find(s_key)
            owners.setdefault(root, set()).add((n, s_key))
            t = norm(ind.get("title"))
            if t and title_count.get(t) == 1:
                _join(uf, owners, s_key, "t:" + t)
            entries.append((item, ind, s_key))
    groups: dict[str, list[tuple[FileResult, dict[str, Any]]]] = {}
    for item, ind, s_key in entries:
        groups.setdefault(uf.find(s_key), []).append((item, ind))
    return list(groups.values())


def _join(uf: _Groups, owners: dict[str, set[tuple[int, str]]], a: str, b: str) -> None:
    """Union a and b unless that would put two different indicators of one return together."""
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return
    held_a, held_b = owners.get(ra, set()), owners.get(rb, set())
    files_a: dict[int, set[str]] = {}
    for f, k in held_a:
        files_a.setdefault(f, set()).add(k)
    if any(f in files_a and k not in files_a[f] for f, k in held_b):
        return
    uf.union(ra, rb)
    owners[uf.find(ra)] = held_a | held_b


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", wanted).strip().strip("'").strip() or "Indicator"
    base = base[:31]
    name, n = base, 2
    while name.lower() in taken or name.lower() in RESERVED:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


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


def _row_labels(entries: Sequence[tuple[FileResult, dict[str, Any]]]) -> list[str]:
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


class _Fmts:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": NAVY})
        self.note = wb.add_format({"italic": True, "font_color": NOTE_TEXT})
        self.count = wb.add_format({"num_format": "#,##0"})
        self.rate = wb.add_format({"num_format": "0.00"})
        self.pct = wb.add_format({"num_format": "0.0%"})
        self.change = wb.add_format({"num_format": "+0.0%;-0.0%;0.0%"})
        self.code = wb.add_format({"align": "center"})
        self.center = wb.add_format({"align": "center"})
        self.link = wb.add_format({"font_color": LINK_BLUE, "underline": 1})
        self.rag = {
            k: wb.add_format({"bg_color": bg, "font_color": fg, "bold": True, "align": "center"})
            for k, (bg, fg) in RAG_FILLS.items()
        }


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


def _indicator_sheet(
    wb: Workbook, fm: _Fmts, name: str, entries: Sequence[tuple[FileResult, dict[str, Any]]]
) -> dict[str, Any]:
    """One indicator's sheet; returns its overview figures."""
    ws: Worksheet = wb.add_worksheet(name)
    entries = sorted(entries, key=lambda e: (str(e[1].get("partnership") or "")).lower())
    rows = [e[1] for e in entries]
    labels = _row_labels(entries)
    title = rows[0].get("title") or rows[0].get("sheet") or name
    metric, metric_text = _metric(rows)
    higher = _direction(rows) == "higher"
    ws.write_string(0, 0, str(title)[:255], fm.title)
    if metric is None:
        note = "Not ranked: no rate per 1,000 or YTD % to compare partnerships of different sizes."
    else:
        best = "highest" if higher else "lowest"
        note = f"Rank 1 = {best} {metric_text} ({'higher' if higher else 'lower'} is better)."
    months = sorted({str(r.get("reporting_month")) for r in rows if r.get("reporting_month")})
    if len(months) > 1:
        note += " Returns are for different months: " + ", ".join(months) + "."
    ws.write_string(1, 0, note, fm.note)
    cols = list(COLUMNS)
    cols[3] = (metric_text.capitalize() if metric == "rate" else "Rate", 11)
    header_row(wb, ws, cols, row=FIRST_DATA_ROW - 1)
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows) - 1
    key_col = 3 if metric == "rate" else 5
    values = [r.get(metric) if metric else None for r in rows]
    ranks = rank_values(values, higher)
    for i, (r, label) in enumerate(zip(rows, labels, strict=True)):
        row = first + i
        item = entries[i][0]
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
        if metric is not None:
            cell = xl_rowcol_to_cell(row, key_col)
            rng = (
                xl_rowcol_to_cell(first, key_col, True, True)
                + ":"
                + xl_rowcol_to_cell(last, key_col, True, True)
            )
            formula = f'=IF(ISNUMBER({cell}),RANK({cell},{rng},{0 if higher else 1}),"")'
            ws.write_formula(row, 8, formula, fm.center, ranks[i] if ranks[i] is not None else "")
        write_text(ws, row, 9, DOT_WORD.get(str(r.get("dot")), r.get("dot")), fm.center)
        write_text(ws, row, 10, getattr(item, "label", "") or Path(item.file).name)
    ws.conditional_format(
        first, 6, last, 6,
        {"type": "icon_set", "icon_style": "3_traffic_lights", "icons_only": False,
         "icons": [{"criteria": ">=", "type": "number", "value": 3},
                   {"criteria": ">=", "type": "number", "value": 2}]},
    )  # fmt: skip
    ws.autofilter(FIRST_DATA_ROW - 1, 0, last, len(cols) - 1)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    print_setup(ws, FIRST_DATA_ROW - 1)
    _chart(wb, ws, name, rows, metric, metric_text, first, last, key_col)
    counts = {k: sum(1 for r in rows if (r.get("rag") or "None") == k) for k in RAG_WORD}
    return {"title": title, "sheet": name, "n": len(rows), "metric": metric_text, **counts}


def _chart(
    wb: Workbook, ws: Worksheet, name: str, rows: Sequence[dict[str, Any]], metric: str | None,
    metric_text: str, first: int, last: int, key_col: int,
) -> None:  # fmt: skip
    """A bar chart of the ranked figure (or R12 when unranked), bars coloured by RAG."""
    col = key_col if metric is not None else 2
    if not any(r.get(metric or "r12") is not None for r in rows):
        return
    chart = wb.add_chart({"type": "bar"})
    points = [
        {"fill": {"color": RAG_FILLS.get(r.get("rag") or "None", RAG_FILLS["None"])[0]}}
        for r in rows
    ]
    literal.add_series(
        chart,
        {
            "name": metric_text.capitalize(),
            "categories": [name, first, 0, last, 0],
            "values": [name, first, col, last, col],
            "points": points,
            "data_labels": {
                "value": True,
                "num_format": "0.0%" if metric == "pct_ytd" else "#,##0.00",
            },
        },
    )
    literal.set_title(chart, f"{metric_text.capitalize()} by partnership", name_font={"size": 11})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # same top-to-bottom order as the table
    chart.set_x_axis(
        {
            "num_format": "0%" if metric == "pct_ytd" else "#,##0.0",
            "major_gridlines": {"visible": True},
        }
    )
    height = max(260, 22 * len(rows) + 90)
    chart.set_size({"width": 760, "height": height})
    ws.insert_chart(last + 2, 0, chart, {"object_position": 1})


def _overview(
    wb: Workbook, fm: _Fmts, ws: Worksheet, infos: list[dict[str, Any]], n_files: int
) -> None:
    cols = [("Indicator", 46), ("Partnerships", 12), ("Green", 8), ("Amber", 8), ("Red", 8),
            ("No rating", 10), ("Compared by", 20), ("Sheet", 26)]  # fmt: skip
    ws.write_string(0, 0, "Partnerships compared side by side", fm.title)
    ws.write_string(
        1,
        0,
        f"{n_files} returns; {len(infos)} indicators. Click a sheet name to see the ranking.",
        fm.note,
    )
    header_row(wb, ws, cols, row=FIRST_DATA_ROW - 1)
    for i, info in enumerate(infos):
        r = FIRST_DATA_ROW + i
        write_text(ws, r, 0, info["title"])
        ws.write_number(r, 1, info["n"])
        for c, k in enumerate(("G", "A", "R", "None"), start=2):
            ws.write_number(r, c, info[k], fm.rag[k] if info[k] and k != "None" else None)
        write_text(ws, r, 6, info["metric"])
        quoted = "'" + info["sheet"].replace("'", "''") + "'"
        ws.write_url(r, 7, f"internal:{quoted}!A1", fm.link, string=info["sheet"])
    if not infos:
        ws.write_string(FIRST_DATA_ROW, 0, "No indicators could be read from these returns.")
    ws.autofilter(FIRST_DATA_ROW - 1, 0, FIRST_DATA_ROW + max(0, len(infos) - 1), len(cols) - 1)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    print_setup(ws, FIRST_DATA_ROW - 1)


def write_comparison(items: Iterable[FileResult], out: Path, force: bool = False) -> None:
    """Write comparison.xlsx through a temp file. Raises OutputExists if it exists without force."""
    items = list(items)
    groups = group_indicators(items)
    with atomic_path(Path(out), force) as tmp:
        wb = new_workbook(tmp, "comparison")
        fm = _Fmts(wb)
        overview = wb.add_worksheet("Overview")
        taken: set[str] = set()
        infos = []
        for entries in groups:
            first = entries[0][1]
            wanted = first.get("match") or first.get("sheet") or first.get("title")
            name = _sheet_name(str(wanted or "Indicator"), taken)
            infos.append(_indicator_sheet(wb, fm, name, entries))
        _overview(wb, fm, overview, infos, len(items))
        wb.close()
