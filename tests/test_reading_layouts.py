"""Real layouts read as they are (issue #9): Plymouth-style history columns and year-named rows,
Leicestershire-style quarter ranges and districts side by side, Redcar-style one indicator per
row with years as columns, stacked grids; and the evidence rules of #16 (never a year from today,
never an invented return). Every case writes a real .xlsx and reads it back; expected figures are
computed here from the raw numbers typed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wb_factory import MONTHS, month_headers, write_book

from csp_excel.core.analysis import analyse_return
from csp_excel.core.model import Finding, Return, Settings
from csp_excel.reader.workbook import read_return
from csp_excel.writers.tidy import tidy_rows

LY = [542, 572, 625, 662, 564, 528, 519, 544, 587, 480, 488, 476]
TY = [556, 572, 504]
TARGET = [549 * (i + 1) for i in range(12)]


def book(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "r.xlsx") -> Return:
    return read_return(write_book(tmp_path / name, sheets))


def codes(ret: Return) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in ret.findings]


def only(ret: Return, code: str) -> list[Finding]:
    return [f for f in ret.findings if f.code == code]


def cumulative(xs: list[int]) -> list[int]:
    out, total = [], 0
    for x in xs:
        total += x
        out.append(total)
    return out


def plymouth(title: str = "(2015/16 performance measure - record more than 6587 crimes)"):
    return [
        ["To increase reporting of domestic violence"],
        [title],
        [],
        [None, "12/13.", "13/14.", "14/15", *MONTHS],
        ["Increase reporting of domestic violence (crimes and incidents)"],  # a title row inside
        ["Actual 2014 - 2015", None, 7103, 6587, *LY],
        ["Actual 2015 - 2016", None, None, None, *TY],
        ["Target 15/16", None, None, None, *TARGET],
        ["Cum Actuals 14/15", None, None, None, *cumulative(LY)],
        ["Cum Actuals 15/16", None, None, None, *cumulative(TY)],
    ]


def test_plymouth_history_columns_bare_months_and_year_named_rows(tmp_path) -> None:
    ret = book(tmp_path, {"DV": plymouth()})
    [ind] = ret.indicators
    g = ind.grid
    assert g is not None and g.fy == 2015 and g.first_col == 5 and g.header_row == 4
    kinds = {r.label: r.kind for r in g.rows}
    assert kinds["Actual 2014 - 2015"] == "actual_last_year"
    assert kinds["Actual 2015 - 2016"] == "actual"  # this year in a 2015/16 return
    assert kinds["Target 15/16"] == "target" and kinds["Cum Actuals 15/16"] == "ytd"
    assert g.annual_history == {"13/14": 7103, "14/15": 6587}
    assert (ind.target.kind, ind.target.value, ind.polarity) == ("floor", 6587, "higher")
    [comp] = analyse_return(ret).computed
    assert comp.ytd[:3] == cumulative(TY) and comp.ytd_last_year[2] == sum(LY[:3])
    # last year's cumulative row is kept, not used, and said so at its label cell
    assert ("ROW_NOT_RECOGNISED", "DV", "A9") in codes(ret)
    [reading] = ret.readings
    assert reading.state == "read" and reading.blocks[0].fy == "2015/16"
    assert any("title or section row" in i for i in reading.ignored)


def test_the_same_labels_in_a_later_year_are_last_year(tmp_path) -> None:
    """'Actual 2015 - 2016' is last year in a 2016/17 return: the FY comes from Settings."""
    settings = [["Setting", "Value"], ["Reporting month", "Jun-16"]]
    rows = plymouth()[3:5] + [["Actual 2015 - 2016", None, None, None, *LY]]
    rows += [["Actual 2016 - 2017", None, None, None, *TY]]
    ret = book(tmp_path, {"DV": [["DV"], [], [], *rows], "Settings": settings})
    g = ret.indicators[0].grid
    assert g is not None and g.fy == 2016 and g.fy_source == "reporting month"
    assert [r.kind for r in g.rows] == ["actual_last_year", "actual"]
    assert "Settings sheet" in ret.readings[0].blocks[0].fy_source


def test_two_rows_naming_the_same_year_are_reported_not_merged(tmp_path) -> None:
    rows = [[None, *MONTHS], ["Actual 2014 - 2015", *LY], ["Actual 2014 - 2015", 196, 195],
            ["Actual 2015 - 2016", *TY]]  # fmt: skip
    ret = book(tmp_path, {"SAC": rows})
    g = ret.indicators[0].grid
    assert g is not None and [r.kind for r in g.rows] == ["actual_last_year", "unknown", "actual"]
    [dup] = only(ret, "ROW_NOT_RECOGNISED")
    assert (dup.severity, dup.cell) == ("warning", "A3") and "A2" in dup.message


def test_cumulative_only_rows_are_differenced_and_say_so(tmp_path) -> None:
    ly_cum, ty_cum = [55, 109, 152, 208], [58, 122, 174]
    rows = [["Hate incidents reported 2015/16"], [None, *MONTHS],
            ["Cumulative 14/15", *ly_cum], ["Cumulative 15/16", *ty_cum]]  # fmt: skip
    ret = book(tmp_path, {"Hate": rows})
    [comp] = analyse_return(ret).computed
    assert comp.actual[:3] == [58, 122 - 58, 174 - 122]
    assert comp.actual_last_year[:4] == [55, 109 - 55, 152 - 109, 208 - 152]
    notes = " ".join(ret.readings[0].blocks[0].notes)
    assert "differencing" in notes and "'Cumulative 15/16'" in notes


def test_quarter_ranges_districts_side_by_side_and_bare_year_rows(tmp_path) -> None:
    q = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]
    rows = [["Criminal damage incidents"], ["Target 2014/15:", "Reduce criminal damage"], [],
            [None, "Blaby", None, None, None, "Charnwood"], ["Year", *q, *q],
            ["2013/14", 212, 198, 187, 176, 455, 431, 402, 398], ["2014/15", 201, None, None, None, 419]]  # fmt: skip
    ret = book(tmp_path, {"Criminal damage": rows})
    assert [(i.block, i.district) for i in ret.indicators] == [("Blaby", "Blaby"),
                                                                ("Charnwood", "Charnwood")]  # fmt: skip
    blaby, charn = ret.indicators
    assert blaby.grid is not None and charn.grid is not None
    assert blaby.grid.frequency == "quarterly" and blaby.grid.fy == 2014
    assert blaby.grid.first("actual").values == [201, None, None, None]  # type: ignore[union-attr]
    assert charn.grid.first("actual_last_year").values == [455, 431, 402, 398]  # type: ignore[union-attr]
    assert charn.grid.first("actual").label_cell == "A7"  # type: ignore[union-attr]
    assert blaby.target.kind == "reduction" and blaby.polarity == "lower"
    assert blaby.title == charn.title == "Criminal damage incidents"  # one indicator, 2 districts
    results = analyse_return(ret).results
    rows_out = list(tidy_rows(ret, results, "r.xlsx"))
    got = {(r["partnership"], r["sheet"]) for r in rows_out}
    assert got == {("Blaby", "Criminal damage"), ("Charnwood", "Criminal damage")}
    assert ret.readings[0].headline() == "read as 2 indicators"


def test_stacked_grids_each_named_by_the_subtitle_above(tmp_path) -> None:
    q = ["Apr - Jun 2014", "Jul - Sep 2014", "Oct - Dec 2014", "Jan - Mar 2015"]
    rows = [["Domestic abuse reported"], [], ["Hinckley"], [None, *q], ["Last year", 301, 322, 340, 297],
            ["This year", 288], [], ["Melton"], [None, *q], ["Last year", 118, 124, 131, 109],
            ["This year", 121]]  # fmt: skip
    ret = book(tmp_path, {"DA": rows})
    assert [(i.block, i.grid.fy) for i in ret.indicators] == [("Hinckley", 2014), ("Melton", 2014)]  # type: ignore[union-attr]
    assert [i.grid.first("actual").values[0] for i in ret.indicators] == [288, 121]  # type: ignore[union-attr]
    assert ret.indicators[1].grid.fy_source == "header"  # type: ignore[union-attr]


def test_summary_sheet_one_indicator_per_row_with_typed_arrows(tmp_path) -> None:
    rows = [["Crime theme assessment"], ["Indicator", "Performance", None, None, None, None, "Trajectory"],
            [None, "2002", "2003", "2004", "2005", "2006"],
            ["Theft of vehicle", "N/A", "1029 (2003/04)", "721 (2004/05)", "640 (2005/06)", "547 (2006/07)", "▲"],
            ["Criminal damage", "N/A", "4317 (2003/04)", "4649 (2004/05)", "5180 (2005/06)", "5456 (2006/07)", "▼"],
            ["Robbery", "N/A", "77 (2003/04)", "107 (2004/05)", "75 (2005/06)", "76 (2006/07)", "◀▶"]]  # fmt: skip
    ret = book(tmp_path, {"Crime": rows})
    assert [i.title for i in ret.indicators] == ["Theft of vehicle", "Criminal damage", "Robbery"]
    theft = ret.indicators[0]
    g = theft.grid
    assert g is not None and g.frequency == "annual" and g.fy == 2006
    assert g.period_labels == ["2002", "2003/04", "2004/05", "2005/06", "2006/07"]
    assert g.rows[0].values == [None, 1029, 721, 640, 547] and g.rows[0].cells[1] == "C4"
    assert [i.typed_dot for i in ret.indicators] == ["improved", "worse", "static"]
    # ▲ with a fall and ▼ with a rise both say lower is better; ◀▶ says nothing
    assert [i.polarity for i in ret.indicators] == ["lower", "lower", "monitor"]
    assert theft.typed_dot_cell == "G4"


def test_a_table_of_plain_years_is_not_a_return(tmp_path) -> None:
    rows = [["2006 Gross Profits"], [None, 2004, 2005, 2006], ["Sales", 100, 120, 130],
            ["Costs", 60, 70, 80]]  # fmt: skip
    ret = book(tmp_path, {"Profits": rows})
    assert ret.indicators == []
    assert ("SHEET_SKIPPED", "Profits", "B2") in codes(ret) and only(ret, "NO_INDICATORS")


def test_no_year_anywhere_skips_the_sheet_and_says_what_to_type(tmp_path) -> None:
    rows = [["Robbery"], [None, *MONTHS], ["Month", 37, 54, 54]]
    ret = book(tmp_path, {"Robbery": rows})
    assert ret.indicators == []  # never a year from today's date
    [skip] = only(ret, "SHEET_SKIPPED")
    assert (skip.severity, skip.cell) == ("warning", "B2")
    assert "Reporting month | Dec-16" in skip.message and "--reporting-month" in skip.message
    assert ret.readings[0].state == "skipped" and ret.readings[0].cell == "B2"
    again = read_return(tmp_path / "r.xlsx", Settings(reporting_month=__import__("datetime").date(2016, 12, 1), source="options"))  # fmt: skip
    g = again.indicators[0].grid
    assert g is not None and g.fy == 2016 and g.fy_source == "reporting month"
    assert "--reporting-month" in again.readings[0].blocks[0].fy_source


def test_fy_from_the_words_above_the_grid(tmp_path) -> None:
    rows = [["Repeat cases at MARAC 2014/15"], [None, "Q1", "Q2", "Q3", "Q4"],
            ["Last year", 21, 22, 23, 24], ["This year", 27]]  # fmt: skip
    ret = book(tmp_path, {"MARAC": rows})
    g = ret.indicators[0].grid
    assert g is not None and g.fy == 2014 and g.fy_source == "title"
    assert "MARAC 2014/15" in ret.readings[0].blocks[0].fy_source


def test_a_year_typed_in_the_header_label_cell_does_not_shift_the_labels(tmp_path) -> None:
    rows = [["Robbery"], ["2016/17", *month_headers(2016)], ["Month", 5, 6, 7],
            ["Previous year", *range(4, 16)]]  # fmt: skip
    ret = book(tmp_path, {"Robbery": rows})
    g = ret.indicators[0].grid
    assert g is not None and [(r.label, r.kind) for r in g.rows] == [
        ("Month", "actual"), ("Previous year", "actual_last_year")]  # fmt: skip
    assert g.rows[1].label_cell == "A4" and g.annual_history == {}


def test_every_sheet_ends_in_exactly_one_state(tmp_path) -> None:
    sheets = {"Notes": [["Some notes"]], "DV": plymouth(), "Empty": [],
              "Chart": [[None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"], ["Sales", 1, 2, 3, 4]]}  # fmt: skip
    ret = book(tmp_path, sheets)
    states = {r.sheet: r.state for r in ret.readings}
    assert states == {"Notes": "skipped", "DV": "read", "Empty": "skipped", "Chart": "skipped"}
    skipped = {f.sheet for f in only(ret, "SHEET_SKIPPED")}
    assert skipped == {"Notes", "Chart"}  # an empty sheet holds nothing to lose


def test_a_block_has_its_own_row_in_the_settings_indicator_table(tmp_path) -> None:
    q = ["Q1", "Q2", "Q3", "Q4"]
    rows = [["Repeat victims 2014/15"], [None, "Blaby", None, None, None, "Melton"],
            [None, *q, *q], ["Last year", 5, 6, 7, 8, 9, 9, 9, 9], ["This year", 4, None, None, None, 8]]  # fmt: skip
    settings = [["Sheet", "Polarity"], ["Repeats (Melton)", "higher"], ["Repeats", "lower"]]
    ret = book(tmp_path, {"Repeats": rows, "Settings": settings})
    assert [(i.key, i.polarity) for i in ret.indicators] == [
        ("Repeats (Blaby)", "lower"), ("Repeats (Melton)", "higher")]  # fmt: skip
    assert not only(ret, "SETTING_INVALID")


def test_what_the_message_says_to_type_makes_the_row_read(tmp_path) -> None:
    rows = [["Calls 2016/17"], [None, *month_headers(2016)], ["Month", 5, 6, 7],
            ["Calls handled", 50, 60, 70]]  # fmt: skip
    ret = book(tmp_path, {"Calls": rows})
    [note] = only(ret, "ROW_NOT_RECOGNISED")
    assert (note.severity, note.cell) == ("info", "A4")
    typed = note.message.split("add a row '")[1].split("'")[0]  # 'Calls handled | actual'
    label, kind = (x.strip() for x in typed.split("|"))
    settings = [["Row label", "Kind"], [label, "last year"]]  # one of the kinds it lists
    again = book(tmp_path, {"Calls": rows, "Settings": settings}, name="r2.xlsx")
    g = again.indicators[0].grid
    assert g is not None and g.find_label("Calls handled").kind == "actual_last_year"  # type: ignore[union-attr]
    assert not only(again, "ROW_NOT_RECOGNISED") and kind == "actual"


def test_monthly_grids_of_two_districts_side_by_side(tmp_path) -> None:
    hdr = month_headers(2016)
    rows = [["Burglary by district"], [None, "North", *[None] * 11, None, "South"],
            ["Month", *hdr, "Notes", *hdr], ["Month", *range(1, 10), *[None] * 3, "ok", *range(11, 20)]]  # fmt: skip
    ret = book(tmp_path, {"Burglary": rows})
    assert [i.district for i in ret.indicators] == ["North", "South"]
    north, south = (i.grid for i in ret.indicators)
    assert north is not None and south is not None
    assert north.first("actual").values[:2] == [1, 2] and north.first("actual").cells[0] == "B4"  # type: ignore[union-attr]
    assert south.first("actual").values[:2] == [11, 12] and south.first("actual").cells[0] == "O4"  # type: ignore[union-attr]
    assert "Notes" in north.first("actual").extra  # type: ignore[union-attr]
    assert not [k for k in south.first("actual").extra if k != "cells"]  # type: ignore[union-attr]
