"""Sheets holding several indicators (district grids side by side or stacked, sub-indicators,
one indicator per row), as a user sees them in the outputs: each block titled with its
indicator and its district, the drafted overview naming the district, Data quality links going to
the block that holds the cell, and comparison.xlsx comparing like with like.

Workbooks are the real layouts in tests/corpus/ and samples/, or written here; expected words and
figures are typed from the raw cells, never computed by csp_excel.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from wb_factory import write_book

from csp_excel.bulk import BulkItem, run_bulk
from csp_excel.core.titles import block_title
from csp_excel.service import fill_file
from csp_excel.writers.comparison import group_indicators, write_comparison

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLES = [ROOT / "samples" / "barking_dagenham_2016-12.xlsx",
           ROOT / "samples" / "district_b_2016-12.xlsx"]  # fmt: skip
BLOCK_FILES = [
    "lei_side_by_side_districts.xlsx",
    "lei_stacked_districts_marac.xlsx",
    "red_summary_years.xlsx",
    "bd_stacked_blocks.xlsx",
]
SIDE = ["Blaby", "Charnwood", "Harborough", "Melton"]  # row 6 of 'Criminal damage'
STACKED = ["Hinckley and Bosworth", "North West Leicestershire", "Oadby and Wigston"]
RED_ROWS = ["Theft of Vehicle", "Theft from Vehicle", "Vehicle Interference", "Domestic Burglary",
            "Theft/unauthorised taking of a cycle", "Theft from Person", "Robbery",
            "Common Assault", "Wounding", "Criminal Damage"]  # fmt: skip


def _fill(src: Path, tmp_path: Path) -> openpyxl.Workbook:
    out = tmp_path / (src.stem + ".filled.xlsx")
    fill_file(src, out, force=True)
    return openpyxl.load_workbook(out)


def _dashboard_titles(wb: openpyxl.Workbook) -> list[str]:
    ws = wb["Dashboard"]
    head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Indicator")
    out = []
    for r in range(head + 1, head + 40):
        v = ws.cell(r, 1).value
        if not v:
            break
        out.append(str(v))
    return out


def _texts(ws: Any) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.parametrize(
    ("title", "block", "shown"),
    [
        ("Criminal damage incidents, by district", "Blaby", "Criminal damage incidents – Blaby"),
        ("Domestic abuse incidents", "Melton", "Domestic abuse incidents – Melton"),
        ("MOPAC 7: Robbery (overall and personal)", "Personal robbery", "Personal robbery"),
        ("Robbery", "Robbery", "Robbery"),
        ("Robbery", None, "Robbery"),
    ],
)
def test_block_title_says_the_indicator_and_the_block_once(
    title: str, block: str | None, shown: str
) -> None:
    assert block_title(title, block) == shown


def test_side_by_side_districts_are_titled_and_drafted_by_district(tmp_path: Path) -> None:
    wb = _fill(CORPUS / "lei_side_by_side_districts.xlsx", tmp_path)
    want = [f"Criminal damage incidents – {d}" for d in SIDE]
    assert _dashboard_titles(wb) == want
    for d, title in zip(SIDE, want, strict=True):
        ws = wb[f"Criminal damage ({d})"]
        assert ws["A1"].value == title
        # the drafted overview is written in lines (no merged cells, issue #13): read them joined
        joined = " ".join(_texts(ws))
        drafts = [t for t in _texts(ws) if t.startswith("Year to date")
                  and "compared with" in joined[joined.index(t):][:400]]  # fmt: skip
        assert drafts, f"no drafted overview on {ws.title}"
        assert f"Year to date {d} shows" in drafts[0]  # the district, not the partnership
        assert not any(o in drafts[0] for o in SIDE if o != d)


def test_stacked_district_blocks_name_the_indicator_too(tmp_path: Path) -> None:
    wb = _fill(CORPUS / "lei_stacked_districts_marac.xlsx", tmp_path)
    titles = _dashboard_titles(wb)
    assert titles[:3] == [f"Domestic abuse incidents reported to the Police – {d}" for d in STACKED]
    assert titles[3] == "Repeat victimisation: MARAC repeat cases"
    sub = _fill(CORPUS / "bd_stacked_blocks.xlsx", tmp_path)  # sub-titles that name it already
    assert _dashboard_titles(sub) == ["Robbery overall", "Personal robbery"]


def _side_by_side(path: Path) -> Path:
    q = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]
    rows = [["Criminal damage incidents"], ["Target 2014/15:", "Reduce criminal damage"], [],
            [None, "Blaby", None, None, None, "Charnwood"], ["Year", *q, *q],
            ["2013/14", 212, 198, 187, 176, 455, "about 430", 402, 398],
            ["2014/15", 201, None, None, None, 419]]  # fmt: skip
    return write_book(path, {"Criminal damage": rows})


def test_quality_links_go_to_the_block_holding_the_cell(tmp_path: Path) -> None:
    src = _side_by_side(tmp_path / "r.xlsx")
    wb = _fill(src, tmp_path)
    ws = wb["Data quality"]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Severity")
    links: dict[str | None, str] = {}
    for r in range(head + 1, ws.max_row + 1):
        cell, link = ws.cell(r, 4).value, ws.cell(r, 8).hyperlink
        if ws.cell(r, 3).value == "Criminal damage" and link is not None:
            links[cell] = link.location
    # 'about 430' is Charnwood's Jul-Sep 2013/14 (G6): its finding links to Charnwood's sheet
    assert links["G6"].startswith("'Criminal damage (Charnwood)'!")
    # the target text (B2) belongs to no one block: the sheet's first block
    assert all(v.startswith("'Criminal damage (Blaby)'!") for k, v in links.items() if k == "B2")


def _pages(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """comparison.xlsx -> {page title: [(row label, file) ...]} (page title from A1); the
    indicator pages only (the Funnel plots sheet is tested in test_comparison_funnel.py)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for ws in wb.worksheets[1:]:
        if ws.title == "Funnel plots":
            continue
        rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
        out[str(ws["A1"].value)] = [(r[0], *r[1:6], r[7], r[10]) for r in rows]
    return out


def test_comparison_compares_like_with_like(tmp_path: Path) -> None:
    both = tmp_path / "all"
    both.mkdir()
    for f in [*(CORPUS / n for n in BLOCK_FILES), *SAMPLES]:
        shutil.copy(f, both / f.name)
    items = run_bulk(sorted(both.iterdir()), tmp_path / "out", workers=1)
    write_comparison(items, tmp_path / "mixed.xlsx")
    mixed = _pages(tmp_path / "mixed.xlsx")
    # every page: no file compares two different indicators of its own, and no label repeats
    for title, rows in mixed.items():
        assert len({r[0] for r in rows}) == len(rows), title
    # one indicator per row: ten indicators, ten pages, each its own
    for name in RED_ROWS:
        assert mixed[name] == [(mixed[name][0][0], *mixed[name][0][1:-1], "red_summary_years.xlsx")]
    # the 4 side-by-side districts are 4 partnerships of one indicator, labelled by district
    damage = next(rows for t, rows in mixed.items() if t == "MOPAC 7: Criminal Damage")
    lei = [r[0] for r in damage if r[-1] == "lei_side_by_side_districts.xlsx"]
    assert lei == SIDE
    # stacked sub-indicators and districts stay indicators of their own
    assert [r[0] for r in mixed["Robbery overall"]] == ["Barking and Dagenham"]
    for d in STACKED:
        assert [r[0] for r in mixed[f"Domestic abuse incidents reported to the Police – {d}"]] == [
            "Leicestershire"
        ]
    # the two samples are compared as they are on their own
    alone = run_bulk(SAMPLES, tmp_path / "out2", workers=1)
    write_comparison(alone, tmp_path / "alone.xlsx")
    for title, rows in _pages(tmp_path / "alone.xlsx").items():
        assert [r for r in mixed[title] if r[-1] in {s.name for s in SAMPLES}] == rows, title


def _row(sheet: str, title: str, who: str) -> dict[str, Any]:
    return {"sheet": sheet, "title": title, "partnership": who, "rate": 1.0, "rag": "G"}


def test_a_chain_of_titles_never_puts_two_indicators_of_one_return_together() -> None:
    # a's 'Robbery' and 'Theft' would be joined through b's 'Robbery', titled as a's 'Theft'
    a = BulkItem(file="a.xlsx", status="ok", indicators=[_row("Robbery", "Robbery", "A"),
                                                           _row("Theft", "Street crime", "A")])  # fmt: skip
    b = BulkItem(file="b.xlsx", status="ok", indicators=[_row("Robbery", "Street crime", "B")])
    groups = group_indicators([a, b])
    for g in groups:
        sheets_of_a = {ind["sheet"] for item, ind in g if item is a}
        assert len(sheets_of_a) <= 1, g
    assert sorted(len(g) for g in groups) == [1, 2]  # the two Robbery sheets still join
