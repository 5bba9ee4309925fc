"""Write the look-alike workbooks of tests/nonreturns/ (and manifest.json) deterministically.

Why: run over thousands of real spreadsheets from other projects' test suites, the reader took
chart templates, questionnaires, headcount and budget sheets for returns, and set their year
from today's date. Those files may not be copied into this repository, so each failure class is
rebuilt here as a small generated workbook; a few true returns in unusual shapes guard against
refusing too much. Every value is fixed (seeded random numbers, fixed document dates), so a
rebuild is byte-identical: tests/test_nonreturns.py checks that.

    python tests/nonreturns/build_nonreturns.py [OUT_DIR]   (default: this folder)
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent
CREATED = datetime(2020, 1, 1, 0, 0, 0)  # fixed document date: no build time in the files
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"]  # fmt: skip
FY_MONTHS = MONTHS[3:] + MONTHS[:3]  # Apr .. Mar

Rows = Sequence[Any]  # rows of cell values (mixed lists)


@dataclass
class Sheet:
    name: str
    rows: Rows
    origin: tuple[int, int] = (0, 0)  # 0-based (row, col) of rows[0][0]
    chart: str | None = None  # xlsxwriter chart type drawn from the data block
    chart_head: int | None = None  # index in rows of the categories row (default: first full row)
    date_format: str = "mmm-yy"


@dataclass
class Case:
    name: str  # file stem
    kind: str  # "nonreturn", "return", or "edge" (either decision is fine; it must be safe)
    cls: str  # the failure class it reproduces (nonreturn) or the unusual form (return)
    sheets: list[Sheet]
    years: list[int] = field(default_factory=list)  # every calendar year the file names
    indicators: int = 0  # returns: indicators that must be read
    fy: int | None = None  # returns: start year of the financial year that must be read
    needs_year: bool = False  # return-shaped but no year anywhere: the finding says what to type


def _rng(seed: str) -> random.Random:
    return random.Random(seed)  # str seeds are hashed deterministically (not PYTHONHASHSEED)


def _numbers(seed: str, rows: int, cols: int, lo: int = 10, hi: int = 900) -> list[list[int]]:
    r = _rng(seed)
    return [[r.randint(lo, hi) for _ in range(cols)] for _ in range(rows)]


def _labelled(labels: Sequence[str], seed: str, cols: int, **kw: int) -> list[list[Any]]:
    return [[lab, *vals] for lab, vals in zip(labels, _numbers(seed, len(labels), cols, **kw),
                                              strict=True)]  # fmt: skip


def _fy_dates(fy: int) -> list[datetime]:
    return [datetime(fy + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def _fy_text(fy: int) -> list[str]:
    return [f"{m}-{(fy + (i >= 9)) % 100:02d}" for i, m in enumerate(FY_MONTHS)]


# ----------------------------------------------------------------------------- non-returns


def chart_template() -> Case:
    rows = [[None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"],
            *_labelled(["Series 1", "Series 2", "Series 3"], "chart", 4)]  # fmt: skip
    return Case("chart_template_quarters", "nonreturn",
                "chart template: 4 'Qtr' headers over series rows, with a chart",
                [Sheet("Chart1", rows, chart="column")])  # fmt: skip


def qtr_numeric_row() -> Case:
    rows = [["Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"], *_numbers("qtr-row", 2, 4)]
    return Case("qtr_headers_unlabelled_numbers", "nonreturn",
                "4 'Qtr' headers and rows of numbers with no labels at all",
                [Sheet("Sheet1", rows, origin=(0, 1))])  # fmt: skip


def gross_profits() -> Case:
    rows = [
        ["2006 Gross Profits"],
        [],
        ["Region", "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4", "Total"],
        *_labelled(["North", "South", "East", "West"], "gross", 5, lo=1000, hi=9000),
    ]
    return Case("gross_profits_2006", "nonreturn",
                "'2006 Gross Profits': calendar quarters by region, a year only in the title",
                [Sheet("Profits", rows, chart="bar")], years=[2006])  # fmt: skip


def dated_quarters() -> Case:
    # a two-row header: the year above, the quarters below (as exported by reporting tools)
    head = ["Product", *(f"Qtr {q}" for q in (1, 2, 3, 4))]
    rows = [[None, 2008], head, *_labelled(["Widgets", "Gadgets", "Sprockets"], "2008q", 4)]
    return Case("sales_2008_quarters", "nonreturn",
                "'2008 Qtr 1..4' sales data, no financial year anywhere",
                [Sheet("Sales", rows)], years=[2008])  # fmt: skip


def financial_period_quarters() -> Case:
    # The chart-template data sheet: "Financial Period", calendar years above "Qtr" headers,
    # and a row that happens to be called "Actual".
    years = [None, 2008, None, None, None, 2009, None, None]
    head = [None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4", "Qtr 1", "Qtr 2", "Qtr 3"]
    body = _labelled(["Budget", "Projected", "Actual", "Forecast"], "finperiod", 7, lo=800, hi=3500)
    rows = [[None, "Financial Period"], years, head, *body]
    return Case("chart_data_financial_period_2008", "nonreturn",
                "chart template data: 'Financial Period', 2008/2009 over 'Qtr 1..4', a row "
                "called 'Actual', no financial year",
                [Sheet("Data", rows, chart="line", chart_head=2)], years=[2008, 2009])  # fmt: skip


def weekly_dates_sparklines() -> Case:
    # Weekly dates read as months put the first column left of A; the year is in the dates.
    weeks = [datetime(2016, 1, 22)]
    for _ in range(13):
        d = weeks[-1]
        weeks.append(datetime.fromordinal(d.toordinal() + 7))
    r = _rng("sparkline")
    rows: list[list[Any]] = [[None, None, *weeks]]
    for title in ("Linear, Colorful 1, All markers", "Linear, Colorful 2, High and low"):
        for k in range(3):
            rows.append([title if k == 0 else None, None,
                         *(r.randint(-40, 40) for _ in weeks)])  # fmt: skip
    return Case("weekly_dates_sparkline_data", "nonreturn",
                "sparkline data: 14 weekly dates from column C (months repeat; April is late)",
                [Sheet("Linear", rows, date_format="dd/mm/yyyy")], years=[2016])  # fmt: skip


def monthly_series_many_years() -> Case:
    months = [f"{2001 + (i + 11) // 12} {MONTHS[(i + 11) % 12]}" for i in range(37)]  # 2001 Dec..
    rows: list[list[Any]] = [[None, "MONETARY AGGREGATES"], [None, "(millions)"], [],
                             [None, None, *months]]  # fmt: skip
    for code, lab in (("M1", "Currency held by the public"), ("M2", "Transferable deposits"),
                      ("M3", "Other deposits")):  # fmt: skip
        rows.append([code, lab, *_numbers("series" + code, 1, len(months), 1000, 20000)[0]])
    return Case("monthly_series_2001_to_2004", "nonreturn",
                "a statistical time series: three years of '2002 Jan' months in one row",
                [Sheet("Series", rows)], years=[2001, 2002, 2003, 2004])  # fmt: skip


def calendar_year_downtime() -> Case:
    head = [None, *MONTHS, "Oct-Dec", "Total 14 CY"]
    rows: list[list[Any]] = [[None, "2014 CY"], head]
    r = _rng("downweeks")
    for site in ("FRAP", "Chicago", "Denver"):
        vals = [r.choice([None, 1, 2, 3]) for _ in range(12)]
        rows.append([site, *vals, sum(v or 0 for v in vals[9:]), sum(v or 0 for v in vals)])
    return Case("calendar_year_2014_downtime", "nonreturn",
                "'2014 CY' plant down-weeks: Jan..Dec, a quarter total and a year total",
                [Sheet("14 CY Downweeks", rows)], years=[2014])  # fmt: skip


def bare_months_number_row_no_year() -> Case:
    rows = [
        ["Calls received"],
        [],
        ["", *FY_MONTHS],
        ["Number", 41, 38, 45, 50, 47, 39, 44, 52, 40, None, None, None],
    ]
    return Case("bare_months_number_row_no_year", "nonreturn",
                "a return-shaped grid (Apr..Mar, a 'Number' row) with no year anywhere: skipped "
                "with a finding that says what to type, never dated from today",
                [Sheet("Calls", rows)], needs_year=True)  # fmt: skip


def mid_year_dated_header_col_b() -> Case:
    # Oct-16 .. Sep-17 from column B, April missing, under a row that reads as figures.
    order = [(10, 2016), (11, 2016), (12, 2016), (1, 2017), (2, 2017), (3, 2017),
             (5, 2017), (6, 2017), (7, 2017), (8, 2017), (9, 2017)]  # fmt: skip
    head = [None, *(f"{MONTHS[m - 1]}-{y % 100:02d}" for m, y in order)]
    rows = [head, ["Number", *_numbers("midyear", 1, len(order))[0]]]
    return Case("mid_year_header_number_row", "edge",
                "Oct-16..Sep-17 from column B without April, a 'Number' row: read or skipped, "
                "never a column left of A",
                [Sheet("Academic", rows)], years=[2016, 2017])  # fmt: skip


def record_table_with_date_rows() -> Case:
    # One record per column; rows of dates (the same date again and again) look like a header.
    r = _rng("loans")
    ids = [f"{i:03d}" for i in range(1, 14)]
    analysed = [datetime(2007, 5, 10)] * 7 + [datetime(2007, 3, r.randint(1, 28)) for _ in range(6)]
    approved = [datetime(2006 + r.randint(0, 1), r.randint(1, 12), r.randint(1, 28)) for _ in ids]
    rows = [
        ["Field", "Section", *ids],
        ["loan_number", "General", *range(1, 14)],
        ["analysis_date", "General", *analysed],
        ["approval_date", "General", *approved],
        ["amount", "Terms", *(r.randint(50, 900) * 1000 for _ in ids)],
        ["business_line", "General", *(r.choice(["CREL", "MFL", "CML"]) for _ in ids)],
    ]
    return Case("record_table_with_date_rows", "nonreturn",
                "a record per column with rows of dates (repeated dates read as months)",
                [Sheet("Pilot Loans", rows, date_format="yyyy-mm-dd")],
                years=[2006, 2007])  # fmt: skip


def monthly_performance_fractions() -> Case:
    # A fund report: 13 dated months and one unlabelled row of monthly returns (fractions, some
    # negative). The reader's stated rule "the unlabelled first row under the header" may read
    # it; whichever way, it must not say "ok" and must name no year outside the file.
    r = _rng("fund")
    head = [datetime(2007 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 17)]
    rows = [
        ["Fund: Example LS"],
        [],
        ["Country split"],
        ["France", 0.41],
        ["Germany", 0.18],
        [],
        ["Monthly performance"],
        head,
        [round(r.uniform(-0.13, 0.09), 4) for _ in head],
    ]
    return Case("monthly_performance_fractions", "edge",
                "a fund report: Apr-07..Apr-08 as dates over one unlabelled row of fractions",
                [Sheet("data", rows)], years=[2007, 2008])  # fmt: skip


def quarters_number_row_no_year() -> Case:
    rows = [
        ["Orders"],
        [None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"],
        ["Number", *_numbers("orders", 1, 4)[0]],
    ]
    return Case("quarters_number_row_no_year", "nonreturn",
                "quarter headers and a row labelled like figures ('Number'), but no year at all",
                [Sheet("Orders", rows)], needs_year=True)  # fmt: skip


def questionnaire() -> Case:
    head = ["Respondent", "Q1", "Q2", "Q3", "Q4", "Q5", "Comments"]
    r = _rng("survey")
    rows: list[list[Any]] = [["Customer satisfaction questionnaire"], [], head]
    for i in range(1, 9):
        rows.append([f"Respondent {i}", *(r.randint(1, 5) for _ in range(5)),
                     r.choice(["Good", "Fine", "", "Slow reply"])])  # fmt: skip
    rows += [[], ["Scale: 1 = very poor, 5 = very good"]]
    return Case("questionnaire_q1_q5", "nonreturn",
                "questionnaire: question columns Q1..Q5 look like quarters",
                [Sheet("Survey", rows)])  # fmt: skip


def headcount() -> Case:
    head = ["Department", *(datetime(2008, m, 1) for m in range(1, 13))]
    rows = [
        ["Headcount by department"],
        head,
        *_labelled(["Finance", "HR", "IT", "Operations", "Sales"], "heads", 12, lo=3, hi=60),
    ]
    return Case("headcount_by_department", "nonreturn",
                "headcount sheet: Jan..Dec 2008 as dates, departments as rows",
                [Sheet("Headcount", rows, date_format="mmm yyyy")], years=[2008])  # fmt: skip


def months_mid_year_col_b() -> Case:
    # Oct..Sep from column B with April missing: the first column lands left of A if the
    # columns are worked out by offset from October.
    order = ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "May", "Jun", "Jul", "Aug", "Sep"]
    rows = [[None, *order], *(["Trend", *v] for v in _numbers("linear", 1, len(order)))]
    rows += [[None, *v] for v in _numbers("linear2", 2, len(order))]
    return Case("months_from_october_in_b", "nonreturn",
                "month header starting mid-year in column B (no April): a grid left of A",
                [Sheet("Linear", rows, chart="line")])  # fmt: skip


def months_mid_year_full() -> Case:
    order = MONTHS[6:] + MONTHS[:6]  # Jul .. Jun
    rows = [[None, *order], *_numbers("jul-jun", 3, 12)]
    return Case("months_july_to_june_unlabelled", "nonreturn",
                "twelve months Jul..Jun from column A over unlabelled numbers",
                [Sheet("Data", rows, origin=(0, 0))])  # fmt: skip


def random_under_months() -> Case:
    rows = [LONG, *_numbers("random", 20, 12, lo=0, hi=100)]
    return Case("random_numbers_under_month_names", "nonreturn",
                "a block of random numbers under month names, no row labels",
                [Sheet("Random", rows)])  # fmt: skip


def pivot() -> Case:
    rows = [["Sum of Sales", "Column Labels"], ["Row Labels", *MONTHS, "Grand Total"]]
    body = _labelled(["Apples", "Bananas", "Cherries", "Dates"], "pivot", 12)
    for line in body:
        line.append(sum(line[1:]))
    rows += body
    rows.append(["Grand Total", *(sum(x[c] for x in body) for c in range(1, 14))])
    return Case("pivot_sales_by_month", "nonreturn",
                "pivot-like table: 'Row Labels' by Jan..Dec with Grand Total",
                [Sheet("Pivot", rows)])  # fmt: skip


def calendar() -> Case:
    rows: list[list[Any]] = [["2008 Calendar"], ["Day", *LONG]]
    for d in range(1, 32):
        line: list[Any] = [d]
        for m in range(1, 13):
            try:
                line.append(date(2008, m, d).strftime("%a"))
            except ValueError:
                line.append(None)
        rows.append(line)
    return Case("calendar_2008", "nonreturn", "a year calendar: month names over weekday names",
                [Sheet("Calendar", rows)], years=[2008])  # fmt: skip


def timesheet() -> Case:
    head = ["", *(f"{m}-08" for m in MONTHS)]
    rows = [
        ["Timesheet"],
        ["Employee:", "J Smith"],
        [],
        head,
        *_labelled(["Hours worked", "Overtime", "Holiday taken"], "hours", 12, lo=0, hi=160),
    ]
    return Case("timesheet_2008", "nonreturn", "timesheet: hours by month Jan-08..Dec-08",
                [Sheet("Timesheet", rows)], years=[2008])  # fmt: skip


def budget() -> Case:
    rows = [["Household budget"], ["Item", *MONTHS, "Total"]]
    body = _labelled(["Rent", "Food", "Utilities", "Travel", "Savings"], "budget", 12)
    for line in body:
        line.append(sum(line[1:]))
    rows += body
    return Case("budget_jan_dec", "nonreturn", "a budget with Jan..Dec columns and a Total",
                [Sheet("Budget", rows)])  # fmt: skip


def profit_and_loss_fy() -> Case:
    rows = [
        ["Profit and loss 2016/17"],
        ["", *_fy_text(2016)],
        *_labelled(["Revenue", "Cost of sales", "Overheads", "Profit"], "pl", 12),
    ]
    return Case("profit_and_loss_2016_17", "nonreturn",
                "accounts by financial-year month (Apr-16..Mar-17), no row read as figures",
                [Sheet("P&L", rows)], years=[2016, 2017])  # fmt: skip


def project_plan() -> Case:
    r = _rng("plan")
    rows: list[list[Any]] = [["Project plan"], ["Task", *FY_MONTHS]]
    for task in ("Design", "Build", "Test", "Launch"):
        rows.append([task, *(("x" if r.random() < 0.4 else None) for _ in range(12))])
    return Case("project_plan_apr_mar", "nonreturn", "a Gantt-style plan: Apr..Mar marked 'x'",
                [Sheet("Plan", rows)])  # fmt: skip


def weather() -> Case:
    rows = [
        ["Average rainfall (mm)"],
        ["Station", *LONG],
        *_labelled(["Heathrow", "Ringway", "Dyce"], "rain", 12, lo=20, hi=120),
    ]
    return Case("rainfall_by_month", "nonreturn", "monthly averages by place, no year",
                [Sheet("Rainfall", rows, chart="line")])  # fmt: skip


# ----------------------------------------------------------------------------- true returns


def ret_minimal() -> Case:
    actual = [31, 28, 35, 40, 29, 33, 37, 30, 26, None, None, None]
    rows = [["Burglary - December 2016"], [], ["", *_fy_text(2016)], ["Month", *actual]]
    return Case("return_minimal_burglary", "return",
                "minimal return: a title with the month, Apr-16..Mar-17, one 'Month' row",
                [Sheet("Burglary", rows)], years=[2016, 2017], indicators=1, fy=2016)  # fmt: skip


def ret_dates_offset() -> Case:
    rows: list[list[Any]] = [
        ["Crime and Disorder Portfolio"],
        ["Residential burglary"],
        ["December 2016"],
        ["Definition:", "Number of residential burglaries recorded by the police"],
        ["2016/17 Target:", "No more than 900"],
        ["What good looks like:", "Looking for a decrease"],
        [],
        ["", *_fy_dates(2016)],
        ["Month", 70, 64, 81, 77, 69, 72, 85, 90, 74, None, None, None],
        ["Year to date", 70, 134, 215, 292, 361, 433, 518, 608, 682, None, None, None],
        ["Last year", 80, 71, 79, 88, 75, 70, 92, 95, 83, 78, 69, 74],
    ]
    return Case("return_dated_header_offset", "return",
                "grid at C2 with real dates, label/value block, YTD and last-year rows",
                [Sheet("Res Burglary", rows, origin=(1, 2))],
                years=[2015, 2016, 2017], indicators=1, fy=2016)  # fmt: skip


def ret_settings_bare() -> Case:
    settings = [["Setting", "Value"], ["Partnership", "Anytown"], ["Reporting month", "Dec-16"]]
    grid = [
        ["Violence with injury"],
        [],
        ["", *FY_MONTHS],
        ["Number", 110, 98, 120, 131, 102, 99, 117, 123, 104, None, None, None],
    ]
    return Case("return_bare_months_with_settings", "return",
                "bare Apr..Mar headers; the year comes from the Settings sheet",
                [Sheet("Settings", settings), Sheet("VWI", grid)],
                years=[2016], indicators=1, fy=2016)  # fmt: skip


def ret_row_label_year() -> Case:
    rows = [
        ["Anti-social behaviour calls"],
        ["", *FY_MONTHS],
        ["Actual 2016 - 2017", 510, 498, 530, 560, 540, 505, 470, 455, 430, None, None, None],
        ["Actual 2015 - 2016", 520, 515, 540, 575, 550, 520, 480, 470, 445, 420, 430, 470],
    ]
    return Case("return_year_in_row_labels", "return",
                "bare months; the year comes from the row labels 'Actual 2016 - 2017'",
                [Sheet("ASB", rows)], years=[2015, 2016, 2017], indicators=1, fy=2016)  # fmt: skip


def ret_quarterly() -> Case:
    head = ["", *(f"Q{q} 2016/17" for q in (1, 2, 3, 4))]
    rows = [["Reoffending by young people"], [], head, ["Quarterly", 14, 11, 9, None]]
    return Case(
        "return_quarterly_named_fy",
        "return",
        "quarterly grid 'Q1 2016/17'..'Q4 2016/17', one 'Quarterly' row",
        [Sheet("YOS reoffending", rows)],
        years=[2016, 2017],
        indicators=1,
        fy=2016,
    )


def ret_with_notes() -> Case:
    rows = [
        ["Robbery - December 2016"],
        ["", *_fy_text(2016)],
        ["Monthly", 12, 9, 15, 11, 8, 13, 10, 14, 9, None, None, None],
    ]
    notes = [["Notes"], ["Figures are provisional until the year end."]]
    return Case("return_with_notes_sheet", "return",
                "a return with a notes sheet beside its one indicator",
                [Sheet("Notes", notes), Sheet("Robbery", rows)],
                years=[2016, 2017], indicators=1, fy=2016)  # fmt: skip


CASES: list[Callable[[], Case]] = [
    chart_template, qtr_numeric_row, gross_profits, dated_quarters, quarters_number_row_no_year,
    questionnaire, headcount, months_mid_year_col_b, months_mid_year_full, random_under_months,
    pivot, calendar, timesheet, budget, profit_and_loss_fy, project_plan, weather,
    financial_period_quarters, weekly_dates_sparklines, monthly_series_many_years,
    calendar_year_downtime, bare_months_number_row_no_year, mid_year_dated_header_col_b,
    record_table_with_date_rows, monthly_performance_fractions,
    ret_minimal, ret_dates_offset, ret_settings_bare, ret_row_label_year, ret_quarterly,
    ret_with_notes,
]  # fmt: skip


def _write_sheet(wb: xlsxwriter.Workbook, s: Sheet) -> None:
    ws = wb.add_worksheet(s.name)
    dfmt = wb.add_format({"num_format": s.date_format})
    r0, c0 = s.origin
    width = 0
    for r, row in enumerate(s.rows):
        width = max(width, len(row))
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, (date, datetime)):
                ws.write_datetime(r0 + r, c0 + c, v, dfmt)
            elif isinstance(v, str):
                ws.write_string(r0 + r, c0 + c, v)
            else:
                ws.write_number(r0 + r, c0 + c, v)
    if s.chart:
        _add_chart(wb, ws, s, width)


def _add_chart(wb: xlsxwriter.Workbook, ws: Any, s: Sheet, width: int) -> None:
    """A chart over the block's numeric rows (first row = categories), as chart templates do."""
    chart = wb.add_chart({"type": s.chart})
    r0, c0 = s.origin
    head = s.chart_head
    if head is None:
        head = next(i for i, row in enumerate(s.rows) if len(row) == width)
    for i in range(head + 1, len(s.rows)):
        if len(s.rows[i]) != width:
            continue
        chart.add_series({
            "categories": [s.name, r0 + head, c0 + 1, r0 + head, c0 + width - 1],
            "values": [s.name, r0 + i, c0 + 1, r0 + i, c0 + width - 1],
        })  # fmt: skip
    ws.insert_chart(r0 + len(s.rows) + 2, c0, chart)


def build(case: Case, out_dir: Path) -> Path:
    path = out_dir / f"{case.name}.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": CREATED, "author": "csp-excel tests"})
    for s in case.sheets:
        _write_sheet(wb, s)
    wb.close()
    return path


def manifest(cases: list[Case]) -> list[dict[str, Any]]:
    return [
        {"file": f"{c.name}.xlsx", "kind": c.kind, "class": c.cls, "years": c.years,
         "indicators": c.indicators, "fy": c.fy, "needs_year": c.needs_year,
         "sheets": [s.name for s in c.sheets]}
        for c in cases
    ]  # fmt: skip


def build_all(out_dir: Path = HERE) -> list[Path]:
    """Write every case and manifest.json into `out_dir`; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = [make() for make in CASES]
    paths = [build(c, out_dir) for c in cases]
    m = out_dir / "manifest.json"
    m.write_text(json.dumps(manifest(cases), indent=1) + "\n", encoding="utf-8")
    return [*paths, m]


if __name__ == "__main__":
    for p in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
