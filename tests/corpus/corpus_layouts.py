"""Corpus returns in the Plymouth (003), Leicestershire (004), Redcar (002) and guide (000) layouts.

History columns before bare months, this/last year named by year, cumulative-only rows,
quarters in several spellings, district blocks side by side and stacked, and summary tables with
one indicator per row and years as columns.
"""

from __future__ import annotations

from typing import Any

import corpus_raw as R
from corpus_cases import Case, Ind
from corpus_xl import MONTHS, Figure, Sheet, cumulative, ref, settings, text_sheet
from openpyxl import Workbook

REDUCTION = ("reduction",)


# ------------------------------------------------------------------------------------------------
# 003 Safer Plymouth layouts

PLY_TITLE = "PERFORMANCE REPORT Safer Plymouth Partnership Thursday 23 July 2015"
HISTORY_COLS = ["12/13.", "13/14.", "14/15"]


def ply_monthly_sheet(
    wb: Workbook,
    figs: list[Figure],
    name: str,
    heading: str,
    measure: str,
    rows: list[tuple[str, list[Any], list[Any]]],
) -> None:
    """Plymouth page: title, heading with the measure, history columns then bare Apr..Mar."""
    s = Sheet(wb, name, figs)
    s.text(1, 1, PLY_TITLE, bold=True)
    s.text(3, 1, heading, bold=True)
    s.text(4, 1, measure)
    s.header(6, 1, None, HISTORY_COLS + MONTHS)
    s.text(7, 1, heading, bold=True)  # the title repeated between header and figures
    for k, (label, history, months) in enumerate(rows):
        s.row(8 + k, 1, label, history + months)


def cum_pct(ty: list[int], ly: list[int]) -> list[str]:
    return [f"{a / b - 1:.0%}" for a, b in zip(cumulative(ty), cumulative(ly), strict=False)]


def build_ply_monthly(wb: Workbook, figs: list[Figure]) -> Case:
    text_sheet(wb, "Contents", ["LIST OF CONTENTS:", "1. Exception Items",
                                "3. Performance Measures"])  # fmt: skip
    dv = R.PLY_DV
    h = [None, dv["history"]["13/14."], dv["history"]["14/15"]]
    ply_monthly_sheet(
        wb, figs, "Domestic violence",
        "To Increase Reporting of Domestic Violence. (Crimes and Incidents)",
        "SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA: (within 15% of performance measure) - "
        "(2015/16 performance measure - record more than 6587 crimes)",
        [
            ("Actual 2014 - 2015", h, dv["last_year"]),
            ("Actual 2015 - 2016", [None] * 3, dv["actual"]),
            ("Target 15/16", [None] * 3, dv["target_cum"]),
            ("Cum Actuals 14/15", [None] * 3, cumulative(dv["last_year"])),
            ("Cum Actuals 15/16", [None] * 3, cumulative(dv["actual"])),
            ("% difference in Actuals", [None] * 3,
             cum_pct(dv["actual"], dv["last_year"]) + ["-100%"] * 9),
        ],
    )  # fmt: skip
    asb = R.PLY_ASB
    ply_monthly_sheet(
        wb, figs, "ASB", "Reduce Anti-social Behaviour incidents",
        "GENERALLY SATISFIED WITH PERFORMANCE - (2015/16 performance measure of not more than "
        "10,064 Incidents)",
        [
            ("Actual 2014 - 2015", list(asb["history"].values()), asb["last_year"]),
            ("Actual 2015 - 2016", [None] * 3, asb["actual"]),
            ("Target 15/16", [None] * 3, asb["target_cum"]),
            ("Cum Actuals 14/15", [None] * 3, cumulative(asb["last_year"])),
            ("Cum Actuals 15/16", [None] * 3, cumulative(asb["actual"])),
            ("% difference in Actuals", [None] * 3, cum_pct(asb["actual"], asb["last_year"])),
        ],
    )  # fmt: skip

    def ind(sheet: str, d: dict[str, Any], **kw: Any) -> Ind:
        return Ind(sheet, None, "monthly", R.PLY_FY, actual=list(d["actual"]) + [None] * 9,
                   last_year=list(d["last_year"]), **kw)  # fmt: skip

    return Case(
        "ply_monthly_history_cols.xlsx",
        "annual history columns 12/13. 13/14. 14/15 then bare Apr..Mar; Actual 2014 - 2015 "
        "(last year) and Actual 2015 - 2016 (THIS year); title repeated under the header; "
        "Target 15/16 / Cum Actuals rows; -100% typed in future months; no Settings (FY from "
        "'July 2015' / '2015/16 performance measure')",
        "003",
        {"Contents": "skipped", "Domestic violence": "read", "ASB": "read"},
        [
            ind("Domestic violence", dv, target=("floor", 6587), polarity="higher"),
            ind("ASB", asb, target=("cap", 10064), polarity="lower"),
        ],
        # data to June (the title is the report's date, 23 July): -100% typed from July on
        expect_findings=[
            (("VALUE_AFTER_REPORTING_MONTH",), "Domestic violence", f"{c}13") for c in "HIJKLMNOP"
        ],
    )


def ply_quarter_sheet(
    wb: Workbook, figs: list[Figure], name: str, heading: str, measure: str,
    d: dict[str, list[int]], cum_ly: list[int], diff: int,
) -> None:  # fmt: skip
    s = Sheet(wb, name, figs)
    s.text(1, 2, heading, bold=True)
    s.text(2, 2, measure)
    s.text(4, 2, heading, bold=True)
    s.header(5, 2, None, ["Quarter 1", "Quarter 2", "Quarter 3", "Quarter 4"])
    rows = [
        ("Actual 2014 - 2015", d["last_year"]),
        ("Actual 2015 - 2016", d["actual"]),
        ("Target 14/15", d["target_cum"]),
        ("Cum Actuals 14/15", cum_ly),
        ("Cum Actuals 15/16", cumulative(d["actual"])),
        ("% difference in Actuals", [diff]),  # a difference typed where a % belongs (as seed)
    ]
    for k, (label, values) in enumerate(rows):
        s.row(6 + k, 2, label, list(values))


def build_ply_quarterly(wb: Workbook, figs: list[Figure]) -> Case:
    ref, dash = R.PLY_REFERRALS, R.PLY_DASH
    ply_quarter_sheet(
        wb, figs, "DA referrals", "Increase referrals to Domestic Abuse Services",
        "AREA OF SIGNIFICANT CONCERN: (outside of 15% of performance measure) - (2015/16 "
        "performance measure – to receive more than 2665 referrals)",
        ref, cumulative(ref["last_year"]), ref["actual"][0] - ref["last_year"][0],
    )  # fmt: skip
    ply_quarter_sheet(
        wb, figs, "DASH training", "Number of professionals in receipt of DASH training",
        "GENERALLY SATISFIED WITH PERFORMANCE – (2015/16 performance measure – at least 200 "
        "professionals to attend DASH training)",
        dash, dash["last_year"][:1], dash["actual"][0] - dash["last_year"][0],
    )  # fmt: skip

    def ind(sheet: str, d: dict[str, list[int]], **kw: Any) -> Ind:
        return Ind(sheet, None, "quarterly", R.PLY_FY, actual=list(d["actual"]) + [None] * 3,
                   last_year=list(d["last_year"]), **kw)  # fmt: skip

    return Case(
        "ply_quarterly.xlsx",
        "quarterly 'Quarter 1'..'Quarter 4' headers at B5 under the title; Target 14/15 in a "
        "2015/16 return; a difference (-104) typed in the % row; no Settings",
        "003",
        {"DA referrals": "read", "DASH training": "read"},
        [
            ind("DA referrals", ref, target=("floor", 2665), polarity="higher"),
            ind("DASH training", dash, target=("floor", 200), polarity="higher"),
        ],
    )


def build_ply_cumulative(wb: Workbook, figs: list[Figure]) -> Case:
    hate, sac = R.PLY_HATE, R.PLY_SAC
    ply_monthly_sheet(
        wb, figs, "Hate incidents",
        "The number of racist, disablist, homophobic and faith incidents reported",
        "GENERALLY SATISFIED WITH PERFORMANCE – (2015/16 performance measure to record 621 "
        "incidents)",
        [
            ("Cumulative average 14/15", [None] * 3, hate["cum_last_year"]),
            ("Cumulative average 15/16", [None, hate["history"]["13/14."],
                                          hate["history"]["14/15"]], hate["cum_this_year"]),
            ("Target required", [None] * 3, hate["target_cum"]),
        ],
    )  # fmt: skip
    ply_monthly_sheet(
        wb, figs, "SAC", "Serious Acquisitive Crime",
        "NO PERFORMANCE MEASURE BUT SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA – MONITORING "
        "ONLY",
        [
            ("Actual 2014 - 2015", list(sac["history"].values()), sac["last_year"]),
            ("Recorded SAC offences", [None] * 3, sac["actual"]),
            ("Cum Actuals 15/16", [None] * 3, cumulative(sac["actual"])),
            ("Cum Actuals 14/15", [None] * 3, cumulative(sac["last_year"])),
            ("% difference in Actuals", [None] * 3,
             [f"{a / b - 1:.1%}" for a, b in zip(cumulative(sac["actual"]),
                                                 cumulative(sac["last_year"]), strict=False)]),
        ],
    )  # fmt: skip
    settings(wb, "Safer Plymouth", None, None,
             [["Sheet", "Polarity", "Kind"], ["SAC", "monitor", "count"],
              ["Hate incidents", "higher", "count"]],
             synonyms=[("Recorded SAC offences", "actual")])  # fmt: skip
    return Case(
        "ply_cumulative_settings.xlsx",
        "cumulative-only rows (monthly figures by differencing); a custom row label mapped in "
        "'Row label | Kind'; Settings without a reporting month (FY from the title)",
        "003",
        {"Hate incidents": "read", "SAC": "read", "Settings": "settings"},
        [
            Ind("Hate incidents", None, "monthly", R.PLY_FY,
                cum_actual=list(hate["cum_this_year"]) + [None] * 9,
                cum_last_year=list(hate["cum_last_year"]),
                target=("floor", 621), polarity="higher"),
            Ind("SAC", None, "monthly", R.PLY_FY, actual=list(sac["actual"]) + [None] * 10,
                last_year=list(sac["last_year"]), target=("none",), polarity="monitor"),
        ],
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------
# 004 Leicestershire layouts (district figures invented)

LEI_TITLE = "LEICESTERSHIRE SAFER COMMUNITIES STRATEGY BOARD"
LEI_Q = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]


def build_lei_side_by_side(wb: Workbook, figs: list[Figure]) -> Case:
    text_sheet(wb, "Notes", [LEI_TITLE, "Appendix 1 - Safer Communities Performance Dashboard",
                             "This page is intentionally left blank"])  # fmt: skip
    s = Sheet(wb, "Criminal damage", figs)
    s.text(1, 1, LEI_TITLE, bold=True)
    s.text(2, 1, "SAFER COMMUNITIES PERFORMANCE 2014/15 QUARTER 1")
    s.text(3, 1, "Criminal damage incidents, by district")
    s.text(4, 1, "Target 2014/15:", "Reduce criminal damage compared with last year")
    districts = list(R.LEI_CRIMINAL_DAMAGE)
    for k, dname in enumerate(districts):
        c = 2 + 4 * k
        s.put(6, c, dname, bold=True)
        s.ws.merge_cells(start_row=6, start_column=c, end_row=6, end_column=c + 3)
    s.header(7, 1, "Year", LEI_Q * len(districts))
    s.row(8, 1, "2013/14", [v for d in districts for v in R.LEI_CRIMINAL_DAMAGE[d]["last_year"]])
    this_year: list[Any] = []
    for d in districts:
        this_year += R.LEI_CRIMINAL_DAMAGE[d]["actual"] + [None] * 3
    s.row(9, 1, "2014/15", this_year)
    inds = [
        Ind("Criminal damage", d, "quarterly", R.LEI_FY,
            actual=list(R.LEI_CRIMINAL_DAMAGE[d]["actual"]) + [None] * 3,
            last_year=list(R.LEI_CRIMINAL_DAMAGE[d]["last_year"]),
            target=REDUCTION, polarity="lower")
        for d in districts
    ]  # fmt: skip
    return Case(
        "lei_side_by_side_districts.xlsx",
        "four district grids side by side under one header row of quarters Apr-Jun..Jan-Mar; "
        "rows labelled by bare year 2013/14 / 2014/15; no Settings (FY from the title)",
        "004",
        {"Notes": "skipped", "Criminal damage": "read"},
        inds,
    )


def build_lei_stacked(wb: Workbook, figs: list[Figure]) -> Case:
    s = Sheet(wb, "DA reports", figs)
    s.text(1, 1, "SAFER COMMUNITIES PERFORMANCE 2014/15 QUARTER 1", bold=True)
    s.text(2, 1, "Domestic abuse incidents reported to the Police")
    s.text(3, 1, "What good looks like",
           "An increase in reporting is considered a good thing")  # fmt: skip
    r = 5
    quarters = [f"{q} {2014 + (k == 3)}" for k, q in
                enumerate(["Apr - Jun", "Jul - Sep", "Oct - Dec", "Jan - Mar"])]  # fmt: skip
    for dname, d in R.LEI_DA_REPORTS.items():
        s.text(r, 1, dname, bold=True)
        s.header(r + 1, 1, None, quarters)
        s.row(r + 2, 1, "Last year", d["last_year"])
        s.row(r + 3, 1, "This year", d["actual"])
        r += 5
    m = R.LEI_MARAC
    t = Sheet(wb, "MARAC", figs)
    t.text(2, 2, "Repeat victimisation: MARAC repeat cases", bold=True)
    t.text(3, 2, "Target 2014/15:", "A repeat rate between 25% and 30%")
    t.text(4, 2, "What good looks like", "Within the nationally expected range of 25% to 30%")
    t.header(6, 2, "2014/15", ["Q1", "Q2", "Q3", "Q4"])
    t.row(7, 2, "Repeat cases", m["numerator"])
    t.row(8, 2, "Cases discussed", m["denominator"])
    t.row(9, 2, "Repeat cases 2013/14", m["numerator_ly"])
    t.row(10, 2, "Cases discussed 2013/14", m["denominator_ly"])
    t.row(11, 2, "% repeat cases", [f"{m['numerator'][0] / m['denominator'][0]:.1%}"])
    settings(wb, "Leicestershire", None, None,
             [["Sheet", "Kind", "Numerator row", "Denominator row"],
              ["MARAC", "percentage", "Repeat cases", "Cases discussed"]],
             synonyms=[("Repeat cases 2013/14", "numerator_last_year"),
                       ("Cases discussed 2013/14", "denominator_last_year")])  # fmt: skip
    inds = [
        Ind("DA reports", dname, "quarterly", R.LEI_FY, actual=list(d["actual"]) + [None] * 3,
            last_year=list(d["last_year"]), target=("none",), polarity="higher")
        for dname, d in R.LEI_DA_REPORTS.items()
    ]  # fmt: skip
    inds.append(
        Ind("MARAC", None, "quarterly", R.LEI_FY, kind="percentage",
            numerator=list(m["numerator"]) + [None] * 3,
            denominator=list(m["denominator"]) + [None] * 3,
            numerator_ly=list(m["numerator_ly"]), denominator_ly=list(m["denominator_ly"]),
            target=("range", 0.25, 0.30), polarity="range")
    )  # fmt: skip
    return Case(
        "lei_stacked_districts_marac.xlsx",
        "district grids stacked under sub-titles with 'Apr - Jun 2014' headers, This year / "
        "Last year; a quarterly MARAC percentage with Q1..Q4 and a year in the header label "
        "cell; 'between 25% and 30%' and 'nationally expected range of 25% to 30%'",
        "004",
        {"DA reports": "read", "MARAC": "read", "Settings": "settings"},
        inds,
    )


# ------------------------------------------------------------------------------------------------
# 002 Redcar & Cleveland and 000 guide: one indicator per row, years as columns


def summary_table(
    s: Sheet, top: int, col: int, years: list[str], data: dict[str, tuple[list[Any], str]],
    super_header: bool, extra_label: str = "Trajectory",
) -> int:  # fmt: skip
    r = top
    if super_header:
        s.put(r, col, "Indicator", bold=True)
        s.put(r, col + 1, "Performance", bold=True)
        s.put(r, col + 1 + len(years), extra_label, bold=True)
        s.put(r, col + 2 + len(years), "Comments", bold=True)
        r += 1
        s.header(r, col, None, years)
    else:
        s.header(r, col, "Indicator", years + [extra_label])
    r += 1
    for label, (values, arrow) in data.items():
        s.row(r, col, label, [("N/A" if v is None else v) for v in values])
        s.put(r, col + 1 + len(years), arrow)
        r += 1
    return r


def annual_inds(sheet: str, years: list[str], fy: int,
                data: dict[str, tuple[list[Any], str]]) -> list[Ind]:  # fmt: skip
    return [Ind(sheet, label, "annual", fy, actual=list(values)) for label, (values, _) in
            data.items()]  # fmt: skip


def build_red_summary(wb: Workbook, figs: list[Figure]) -> Case:
    text_sheet(wb, "Key", ["Key to assessment of performance", "▲ Performance has improved",
                           "◀▶ Performance has remained static", "▼ Performance has declined",
                           "★ Performance has peaked and is at its maximum (i.e. 100%)"])  # fmt: skip
    s = Sheet(wb, "Crime theme", figs)
    s.text(1, 1, "Redcar & Cleveland Partnership", bold=True)
    s.text(2, 1, "LSP Performance Management 2007")
    s.text(3, 1, "Progress against PSA1 Targets.")
    end = summary_table(s, 5, 1, R.RED_YEARS, R.RED_PSA1, super_header=True)
    s.text(end + 1, 1, "The data in the table above has been provided by Cleveland Police")
    return Case(
        "red_summary_years.xlsx",
        "summary sheet: one indicator per row, years 2002..2006 as columns under a "
        "'Performance' super-header, N/A in 2002, typed arrows ▲ ▼ ◀▶ and a Comments column",
        "002",
        {"Key": "skipped", "Crime theme": "read"},
        annual_inds("Crime theme", R.RED_YEARS, 2006, R.RED_PSA1),
    )


def build_red_fy_years(wb: Workbook, figs: list[Figure]) -> Case:
    s = Sheet(wb, "Gap and drugs", figs)
    s.text(2, 3, "Redcar & Cleveland Partnership: LSP Performance Management 2007", bold=True)
    s.text(4, 3, "Narrowing the gap – Borough and National", bold=True)
    end = summary_table(s, 5, 3, R.RED_FY_YEARS, R.RED_GAP_NATIONAL, super_header=False)
    s.text(end + 1, 3, "Progress against Drugs Targets.", bold=True)
    summary_table(s, end + 2, 3, R.RED_FY_YEARS, R.RED_DRUGS, super_header=False)
    inds = annual_inds("Gap and drugs", R.RED_FY_YEARS, 2006, R.RED_GAP_NATIONAL)
    inds += annual_inds("Gap and drugs", R.RED_FY_YEARS, 2006, R.RED_DRUGS)
    return Case(
        "red_fy_year_tables.xlsx",
        "two stacked summary tables at C5 with sub-titles, years 2002/03..2006/07 as columns, "
        "the latest year N/A in one table (decimals and negatives: a gap to national)",
        "002",
        {"Gap and drugs": "read"},
        inds,
    )


def build_guide_baselines(wb: Workbook, figs: list[Figure]) -> Case:
    text_sheet(wb, "Guide", ["Community Safety Partnership Performance Guide",
                             "This guidance document is intended to inform Partnership members "
                             "of performance measure definitions."])  # fmt: skip
    s = Sheet(wb, "Baselines", figs)
    s.text(2, 2, "Baseline figures for comparison", bold=True)
    s.header(4, 2, "Performance Indicator", ["Good to be"] + R.GUIDE_YEARS)
    for k, (label, (values, good)) in enumerate(R.GUIDE.items()):
        r = 5 + k
        s.put(r, 2, label)
        s.put(r, 3, good)
        for j, v in enumerate(values):
            s.put(r, 4 + j, "N/A" if v is None else v)
            if v is not None:
                figs.append(Figure("Baselines", ref(r, 4 + j), ref(r, 2), float(v)))
    inds = [Ind("Baselines", label, "annual", 2010, actual=list(values), polarity="lower")
            for label, (values, _) in R.GUIDE.items()]  # fmt: skip
    return Case(
        "guide_baselines.xlsx",
        "a guide's baseline table at B4: one indicator per row, a 'Good to be' column between "
        "the labels and the years 2008/09..2010/11; the latest year blank in one row",
        "000",
        {"Guide": "skipped", "Baselines": "read"},
        inds,
    )


def build_ply_as_published(wb: Workbook, figs: list[Figure]) -> Case:
    """Plymouth pages exactly as published: a duplicated year label, a typo, carried figures."""
    sac = R.PLY_SAC
    ply_monthly_sheet(
        wb, figs, "SAC", "Serious Acquisitive Crime",
        "NO PERFORMANCE MEASURE BUT SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA – MONITORING "
        "ONLY",
        [
            ("Actual 2014 - 2015", list(sac["history"].values()), sac["last_year"]),
            ("Actual 2014 - 2015", [None] * 3, sac["actual"]),  # as published: really 2015/16
            ("Cum Actuals 15/16", [None] * 3, cumulative(sac["actual"])),
            ("Cum Actuals 14/15", [None] * 3, cumulative(sac["last_year"])),
            ("% difference in Actuals", [None] * 3,
             [f"{a / b - 1:.1%}" for a, b in zip(cumulative(sac["actual"]),
                                                 cumulative(sac["last_year"]), strict=False)]),
        ],
    )  # fmt: skip
    gap = R.PLY_GAP
    ply_monthly_sheet(
        wb, figs, "Closing the gap",
        "Reduce the Gap between the worst 10 neighbourhoods & city average per 1000* (one month "
        "behind)",
        "GENERALLY SATISFIED WITH PERFORMANCE – (2015/16 performance measure - “gap of not more "
        "than 77.3”)",
        [
            ("Gap 2015 - 2016", [None, 76.3, 77.4], gap["gap_this_year"]),
            ("Gap 2014 - 2015", [None] * 3, gap["gap_last_year"]),
            ("Target Gap 15/16", [None] * 3, gap["target"]),
            ("All Crime Culmative 2014 - 2015", [None] * 3, gap["crime_cum_last_year"]),
            ("All Crime Culmative 2015 - 2016", ["18,713", "18,953", "18,822"],
             gap["crime_cum_this_year"] + [gap["crime_cum_this_year"][-1]] * 9),
            ("% difference in All Crime 13/14 - 14/15", [None] * 3, ["3%", "7%", "0%"]),
        ],
    )  # fmt: skip
    # header row 6: labels A, history B..D, Apr..Mar E..P; rows from 8 (row 7 repeats the title);
    # the mis-spelt row 12 (4,799 carried into Jul..Mar) must at least be reported at its label
    return Case(
        "ply_as_published_quirks.xlsx",
        "as published: 'Actual 2014 - 2015' typed twice (the second is this year), a cumulative "
        "row mis-spelt 'Culmative' with June's 4,799 carried into Jul..Mar, gap rows per 1,000",
        "003",
        {"SAC": "read", "Closing the gap": "any"},
        [
            Ind("SAC", None, "monthly", R.PLY_FY, actual=list(sac["actual"]) + [None] * 10,
                last_year=list(sac["last_year"]), target=("none",), polarity="monitor"),
        ],
        expect_findings=[((), "SAC", "A9"), ((), "Closing the gap", "A12")],
    )  # fmt: skip
