"""reader.grid: header found anywhere, FY resolution, row kinds, and each grid/cell finding code
located at its exact cell. Every case writes a real .xlsx and reads it back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wb_factory import month_headers, write_book

from csp_excel.core.model import Finding, Grid
from csp_excel.reader.grid import find_grid
from csp_excel.reader.sheets import SheetData, a1, load_sheets


def read(
    tmp_path, rows: list[list[Any]], hint: int | None = 2016, **kw: Any
) -> tuple[Grid, list[Finding]]:
    p = write_book(tmp_path / "g.xlsx", {"Robbery": rows}, merged=kw.pop("merged", None),
                   origin=kw.pop("origin", (1, 1)))  # fmt: skip
    return find_grid(load_sheets(p)[0], hint, **kw)


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in findings]


MONTH = ["Month", 37, 54, 54, 47, 39, 50, 42, 34, 40]


@pytest.mark.parametrize("style", ["text", "space", "long", "date", "bare"])
def test_header_styles(tmp_path, style: str) -> None:
    g, f = read(tmp_path, [[None, *month_headers(2016, style)], MONTH])
    assert g is not None and f == []
    assert g.header_row == 1 and g.first_col == 2 and g.frequency == "monthly" and g.fy == 2016
    assert g.period_labels[0] == "Apr-16" and g.period_labels[11] == "Mar-17"
    row = g.first("actual")
    assert row is not None and row.values[:3] == [37, 54, 54] and row.values[9:] == [None] * 3
    assert row.cells[0] == "B2" and row.label_cell == "A2" and row.row == 2


def test_grid_in_odd_position_with_text_above(tmp_path) -> None:
    rows = [["Definition", "text"], [], [], [None, None, "DATA", *month_headers()],
            [None, None, "Monthly", 26, 20, 11], [None, None, "Accumulative YTD", 26, 46, 57],
            [None, None, "Target", 21, 43, 64, 86, 107, 129, 150, 171, 193, 214, 236, 257]]  # fmt: skip
    g, f = read(tmp_path, rows, origin=(7, 2))
    assert f == []
    assert (g.header_row, g.first_col) == (10, 5)
    assert [(r.label, r.kind) for r in g.rows] == [
        ("Monthly", "actual"), ("Accumulative YTD", "ytd"), ("Target", "target")]  # fmt: skip
    assert g.rows[0].cells[0] == "E11" and g.rows[0].label_cell == "D11"
    assert g.rows[2].values[-1] == 257


def test_header_label_names_unlabelled_value_row_and_blank_row_inside(tmp_path) -> None:
    rows = [["Month", *month_headers()], [None, 4, 2, 3, 8, 6, 5, 3, 12, 1], [],
            ["Year to date", 4, 6, 9, 17, 23], ["Rolling 12 month total", 57, 55],
            [], ["Performance Overview", "text"]]  # fmt: skip
    g, f = read(tmp_path, rows)
    assert [(r.label, r.kind) for r in g.rows] == [
        ("Month", "actual"), ("Year to date", "ytd"), ("Rolling 12 month total", "r12")]  # fmt: skip
    assert g.rows[0].label_cell == "A1" and g.rows[0].cells[0] == "B2"


def test_grid_stops_at_narrative_labels(tmp_path) -> None:
    rows = [[None, *month_headers()], MONTH, ["RAG Rating: R"], ["Year to date", 1, 2]]
    g, _ = read(tmp_path, rows)
    assert [r.kind for r in g.rows] == ["actual"]


def test_quarter_headers(tmp_path) -> None:
    rows = [
        ["Quarter", "Quarter 1", "Quarter 2", "Quarter 3", "Quarter 4"],
        ["Number", 131, 120, 115],
    ]
    g, f = read(tmp_path, rows)
    assert f == [] and g.frequency == "quarterly" and g.n == 4
    assert g.period_labels == ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17", "Q4 2016/17"]
    assert g.rows[0].values == [131, 120, 115, None]


def test_q_labels_out_of_order(tmp_path) -> None:
    rows = [[None, "Q1", "Q3", "Q2", "Q4"], ["Number", 1, 2, 3, 4]]
    g, f = read(tmp_path, rows)
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", "C1")]
    assert f[0].expected == "Q2 2016/17" and f[0].found == "Q3"


def test_history_columns_and_ytd_column(tmp_path) -> None:
    rows = [["DATA", "12/13.", "14/15", *month_headers(style="bare"), "YTD"],
            ["Month", 811, 738, *range(1, 13), 78]]  # fmt: skip
    g, f = read(tmp_path, rows)
    assert g.first_col == 4 and g.annual_history == {"12/13": 811, "14/15": 738}
    assert g.rows[0].values == [float(v) for v in range(1, 13)]
    assert g.rows[0].extra["YTD"] == 78 and g.rows[0].extra["cells"] == {"YTD": "P2"}


def test_fy_from_row_labels_when_no_year_anywhere(tmp_path) -> None:
    rows = [[None, *month_headers(style="bare")], ["Actual 2015 - 2016", 5, 6], ["Month", 7, 8]]
    g, _ = read(tmp_path, rows, hint=None)
    assert g.fy == 2016 and g.fy_source == "row label"
    assert [r.kind for r in g.rows] == ["actual_last_year", "actual"]
    assert g.rows[0].extra["fy"] == 2015


def test_two_year_labelled_rows_latest_is_current(tmp_path) -> None:
    rows = [
        [None, *month_headers(style="bare")],
        ["Actual 2015 - 2016", 5],
        ["Actual 2016 - 2017", 7],
    ]
    g, _ = read(tmp_path, rows, hint=None)
    assert g.fy == 2016 and [r.kind for r in g.rows] == ["actual_last_year", "actual"]


def test_fy_from_hint_source_recorded(tmp_path) -> None:
    g, _ = read(
        tmp_path, [[None, *month_headers(style="bare")], MONTH], hint=2016, fy_hint_source="title"
    )
    assert g.fy == 2016 and g.fy_source == "title"


def test_user_row_synonyms(tmp_path) -> None:
    rows = [[None, *month_headers()], ["Calls received", 1, 2], ["Calls YTD so far", 1, 3]]
    g, _ = read(tmp_path, rows, row_synonyms={"Calls received": "actual"})
    assert [r.kind for r in g.rows] == ["actual", "ytd"]


def test_percentage_rows_and_terminations_month_becomes_denominator(tmp_path) -> None:
    rows = [[None, *month_headers()], ["Terminations month", 4, 3], ["Successful terminations", 3, 0],
            ["Total terminations YTD", 4, 7], ["Total successful terminations YTD", 3, 3],
            ["% Successful (YTD)", "75%", "43%"]]  # fmt: skip
    g, f = read(tmp_path, rows)
    assert f == []
    assert [r.kind for r in g.rows] == [
        "denominator",
        "numerator",
        "ytd_denominator",
        "ytd_numerator",
        "pct",
    ]
    assert g.rows[4].values[:2] == [0.75, 0.43]


def test_unknown_rows_are_kept(tmp_path) -> None:
    rows = [[None, *month_headers(), "YTD"], ["Total sent out", 37, 69, None, None, "TBC", None, None, None,
            None, None, None, None, 202], ["Very Satisfied", 0, 0], ["Fairly Satisfied", 37, 69]]  # fmt: skip
    g, f = read(tmp_path, rows)
    assert [(r.label, r.kind) for r in g.rows] == [
        ("Total sent out", "denominator"), ("Very Satisfied", "unknown"), ("Fairly Satisfied", "unknown")]  # fmt: skip
    assert g.rows[2].values[:2] == [37, 69]
    assert g.rows[0].extra["YTD"] == 202
    # kept, and never silent: each unused row with figures is reported at its label cell
    assert codes(f) == [("PLACEHOLDER", "F2"), ("ROW_NOT_RECOGNISED", "A3"),
                        ("ROW_NOT_RECOGNISED", "A4")]  # fmt: skip


# ---- findings, each at its exact cell -------------------------------------------------------


def test_grid_not_found(tmp_path) -> None:
    g, f = read(tmp_path, [["Definition", "text"], ["Apr-16", "May-16"]])
    assert g is None and codes(f) == [("GRID_NOT_FOUND", None)]
    assert f[0].severity == "warning" and f[0].sheet == "Robbery"


def test_months_out_of_order_swapped(tmp_path) -> None:
    h = month_headers()
    h[3], h[4] = h[4], h[3]
    g, f = read(tmp_path, [[None, *h], MONTH])
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", "E1")]
    assert f[0].expected == "Jul-16" and f[0].found == "Aug-16" and "F1" in f[0].message
    assert f[0].severity == "error"
    assert g.rows[0].values[3] == 47  # read by position


def test_months_duplicated(tmp_path) -> None:
    h = month_headers()
    h[6] = h[5]
    _, f = read(tmp_path, [[None, *h], MONTH])
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", "H1")]
    assert f[0].expected == "Oct-16" and f[0].found == "Sep-16"


def test_missing_month_header_cell(tmp_path) -> None:
    h = month_headers()
    rows = [[None, *h[:4], None, *h[4:11]], ["Month", 170, 222, 196, 221, 229, 195]]
    g, f = read(tmp_path, rows)
    assert f[0].code == "MONTHS_OUT_OF_ORDER" and f[0].cell == "F1" and f[0].expected == "Aug-16"
    assert g.rows[0].values[4] == 229  # the value under the empty header is August's


def test_unreadable_month_label_is_a_warning_and_read_by_position(tmp_path) -> None:
    h = month_headers()
    h[9] = "Jan-1"
    g, f = read(tmp_path, [["DATA", *h], MONTH])
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", "K1")]
    assert f[0].severity == "warning" and f[0].expected == "Jan-17" and f[0].found == "Jan-1"
    assert g.period_labels[9] == "Jan-17"


def test_quarter_mixed_with_months(tmp_path) -> None:
    h = month_headers()
    g, f = read(tmp_path, [[None, *h[:3], "Q1", *h[3:]], ["Month", 1, 2, 3, 99, 4]])
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", "E1")]
    assert "quarter" in f[0].message.lower()
    assert g.rows[0].values[:4] == [1, 2, 3, 4]  # the quarter column is skipped


def test_period_mismatch_whole_header_from_last_year(tmp_path) -> None:
    g, f = read(tmp_path, [[None, *month_headers(2015)], MONTH], hint=2016)
    assert codes(f) == [("PERIOD_MISMATCH", "B1")]
    assert f[0].expected == "Apr-16" and f[0].found == "Apr-15" and f[0].severity == "error"
    assert g.fy == 2016 and g.period_labels[0] == "Apr-16"


def test_period_mismatch_with_date_headers(tmp_path) -> None:
    _, f = read(tmp_path, [[None, *month_headers(2015, "date")], MONTH], hint=2016)
    assert codes(f) == [("PERIOD_MISMATCH", "B1")] and f[0].found == "Apr-15"


def test_period_mismatch_single_cell(tmp_path) -> None:
    h = month_headers()
    h[9] = "Jan-16"
    g, f = read(tmp_path, [[None, *h], MONTH], hint=None)
    assert g.fy == 2016 and g.fy_source == "header"
    assert codes(f) == [("PERIOD_MISMATCH", "K1")]
    assert f[0].expected == "Jan-17" and f[0].found == "Jan-16"


def test_no_period_mismatch_for_matching_dates(tmp_path) -> None:
    h = [datetime(2016, 4, 30), *month_headers(2016, "date")[1:]]  # month-end dates are fine
    _, f = read(tmp_path, [[None, *h], MONTH], hint=2016)
    assert f == []


def test_cell_findings_located(tmp_path) -> None:
    rows = [[None, *month_headers()],
            ["Month", 5, "abc", -3, "TBC", "N/A"],
            ["% change from previous year", "+3%", "No change", "x%"],
            ["% Successful (YTD)", "75%", 1.5, 75, "-"],
            ["Rank (MET / MSG)", "11of15/ 21of32", "TBC"]]  # fmt: skip
    g, f = read(tmp_path, rows)
    got = codes(f)
    assert ("NOT_A_NUMBER", "C2") in got
    assert ("NEGATIVE_COUNT", "D2") in got
    assert ("PLACEHOLDER", "E2") in got  # one per row, at the first placeholder, naming all
    ph = next(x for x in f if x.code == "PLACEHOLDER" and x.cell == "E2")
    assert "F2" in ph.message and ph.severity == "info"
    assert ("NOT_A_NUMBER", "D3") in got
    assert ("PERCENT_OUT_OF_RANGE", "C4") in got and ("PERCENT_OUT_OF_RANGE", "D4") in got
    assert ("PLACEHOLDER", "E4") in got
    assert not [c for c in got if c[1] and c[1].endswith("5")]  # rank text is not a finding
    assert len(got) == 7
    assert g.rows[1].values[:2] == [0.03, 0.0]  # "No change" is 0% in a change row
    assert g.rows[0].values[:5] == [5, None, -3, None, None]


def test_no_findings_for_percent_change_below_zero(tmp_path) -> None:
    _, f = read(tmp_path, [[None, *month_headers()], ["% change from previous year", "-20%", -0.5]])
    assert f == []


def test_sheetdata_without_file() -> None:
    s = SheetData("X", [[None, *month_headers()], ["Month", 1.0]])
    g, f = find_grid(s, 2016)
    assert g is not None and g.rows[0].values[0] == 1.0 and f == []


@settings(max_examples=60, deadline=None)
@given(
    top=st.integers(0, 12),
    left=st.integers(0, 6),
    style=st.sampled_from(["text", "space", "long", "date", "bare"]),
    values=st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=12, max_size=12),
)
def test_grid_found_wherever_it_is(
    top: int, left: int, style: str, values: list[int | None]
) -> None:
    """Property: a grid placed anywhere is found at its exact cells and its values round-trip."""
    pad = [None] * left
    rows: list[list[Any]] = [["Title text"] if i == 0 else [] for i in range(top)]
    rows += [[*pad, "DATA", *month_headers(2016, style)], [*pad, "Month", *values]]
    g, f = find_grid(SheetData("S", rows), 2016)
    blank = all(v is None for v in values)  # a grid with no figures this year is said so
    assert [x.code for x in f] == (["NO_CURRENT_FIGURES"] if blank else []) and g is not None
    assert (g.header_row, g.first_col) == (top + 1, left + 2)
    row = g.first("actual")
    assert row is not None and row.values == [None if v is None else float(v) for v in values]
    assert row.cells[0] == a1(top + 2, left + 2) and row.label_cell == a1(top + 2, left + 1)


def _quarters(fy: int, style: str) -> list[str]:
    yy = f"{fy % 100:02d}/{(fy + 1) % 100:02d}"
    return [f"Q{q} {fy}/{(fy + 1) % 100:02d}" if style == "long" else f"Quarter {q} {yy}"
            for q in range(1, 5)]  # fmt: skip


@pytest.mark.parametrize("style", ["long", "short"])
@pytest.mark.parametrize("current_first", [False, True])
def test_quarters_of_two_years_side_by_side_read_the_reports_year(
    tmp_path, style, current_first
) -> None:
    old, new = _quarters(2015, style), _quarters(2016, style)
    old_vals, new_vals = [101, 102, 103, 104], [11, 12, 13, None]
    hdr = new + old if current_first else old + new
    vals = new_vals + old_vals if current_first else old_vals + new_vals
    g, f = read(tmp_path, [["Quarter", *hdr], ["Number", *vals]])
    assert f == [] and g.frequency == "quarterly" and g.fy == 2016 and g.fy_source == "header"
    row = g.rows[0]
    assert (row.label, row.kind, row.values) == ("Number", "actual", [11, 12, 13, None])
    assert g.first_col == (2 if current_first else 6) and g.annual_history == {}
    assert {k: v for k, v in row.extra.items() if k != "cells"} == dict(
        zip(old, old_vals, strict=True)
    )
    assert row.extra["cells"][old[0]] == ("F2" if current_first else "B2")


def test_quarters_of_two_years_without_years_read_the_first_run(tmp_path) -> None:
    hdr = ["Q1", "Q2", "Q3", "Q4"] * 2
    g, f = read(tmp_path, [["Quarter", *hdr], ["Number", 1, 2, 3, 4, 5, 6]])
    assert f == [] and g.first_col == 2 and g.rows[0].values == [1, 2, 3, 4]
    assert g.rows[0].extra["cells"] == {"Q1": "F2", "Q2": "G2"}


def test_months_of_two_years_current_year_on_the_right(tmp_path) -> None:
    rows = [["DATA", *month_headers(2015), *month_headers(2016)], ["Month", *range(1, 25)]]
    g, f = read(tmp_path, rows)
    assert f == [] and g.first_col == 14 and g.rows[0].label == "Month"
    assert g.rows[0].values == [float(v) for v in range(13, 25)]
    assert g.rows[0].extra["Apr-15"] == 1 and g.rows[0].extra["cells"]["Mar-16"] == "M2"


@pytest.mark.parametrize("unreadable", [0, 5, 11])
def test_wide_month_columns_with_an_unreadable_label(tmp_path, unreadable: int) -> None:
    # each month label merged across two columns: B:C, D:E, ... with one label mistyped
    h = month_headers()
    h[unreadable] = h[unreadable][:-1]  # "Apr-1": not a month label
    hdr: list[Any] = []
    for x in h:
        hdr += [x, None]
    vals: list[Any] = []
    for v in range(1, 13):
        vals += [v, None]
    merged = [f"{a1(1, 2 + 2 * i)}:{a1(1, 3 + 2 * i)}" for i in range(12)]
    g, f = read(tmp_path, [["DATA", *hdr], ["Month", *vals]], merged={"Robbery": merged})
    assert g.first_col == 2 and g.rows[0].values == [float(v) for v in range(1, 13)]
    assert codes(f) == [("MONTHS_OUT_OF_ORDER", a1(1, 2 + 2 * unreadable))]
    assert f[0].severity == "warning" and f[0].expected == month_headers()[unreadable]
