"""Corpus returns in the Barking and Dagenham one-page-summary family (seed 001), varied.

Grid position, header forms (text, dates, bare, `April 2016`, `Apr 16`), label forms, a year in
the header's label cell, blank/title rows inside the grid, text-typed figures, stacked blocks,
percentage indicators and Settings overrides. Each builder returns the `Case` it expects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import corpus_raw as R
from corpus_cases import Case, Ind
from corpus_xl import (
    Denoms,
    Figure,
    Sheet,
    cumulative,
    denominator_at,
    month_headers,
    pct_text,
    r12_row,
    settings,
    text_sheet,
)
from openpyxl import Workbook

LOOK_DOWN = "We are looking for a decrease in this figure, compared with the same period last year."


BD_LABELS = dict(
    actual="Month",
    ly="Actual 2015 - 2016",
    ytd="Year to date",
    pct="% change from previous year",
    r12="Rolling 12 month period (for use below)",
    rate="Per 1,000 Res",
)


def bd_sheet(
    wb: Workbook,
    figs: list[Figure],
    name: str,
    title: str,
    *,
    top: int,
    col: int,
    header: str,
    target: str,
    good: str,
    denoms: Denoms | None,
    per: float = 1000.0,
    labels: dict[str, str] | None = None,
    header_label: str | None = None,
    gap: str | None = None,
    as_text: bool = False,
    block_title: str | None = None,
    data: dict[str, list[int]] | None = None,
    header_fy: int | None = None,
    after: dict[str, list[Any]] | None = None,
) -> int:
    """A Barking and Dagenham one-page summary at (top, col); returns the next free row.

    `header_fy` types the month header of another year (a header copied from last year's page);
    `after` types values into the months after the reporting month (row key -> values), as the
    published pages did (YTD carried forward, -100% for empty months).
    """
    d = data or R.BD[name]
    lab = {**BD_LABELS, **(labels or {})}
    s = Sheet(wb, name, figs) if name not in wb.sheetnames else _existing(wb, name, figs)
    r = top
    if block_title is None:
        s.text(r, col, "Community Safety Partnership Call Over / Crime and Enforcement Portfolio")
        s.text(r + 1, col, title, bold=True)
        s.text(r + 2, col, "December 2016")
        s.text(r + 3, col, "Source: IQuanta")
        s.text(r + 5, col, "What good looks like", good)
        s.text(r + 6, col, "2016/17 Target:", target)
        r += 8
    else:
        s.text(r, col, block_title, bold=True)
        r += 1
    s.header(r, col, header_label, month_headers(header, header_fy or R.BD_FY))
    r += 1
    if gap in ("blank", "both"):
        r += 1
    if gap in ("title", "both"):
        s.text(r, col, title, bold=True)
        r += 1
    ty, ly = d["actual"], d["last_year"]
    ytd, ytd_ly = cumulative(ty), cumulative(ly)
    pct = [a / b - 1 for a, b in zip(ytd, ytd_ly, strict=False)]
    r12 = r12_row(ty, ly)

    def show(v: list[Any], kind: str) -> list[Any]:
        if not as_text:
            return v
        if kind == "pct":
            return [pct_text(x) for x in v]
        if kind == "rate":
            return [f"{x:.2f}" for x in v]
        return [f"{x:,}" for x in v]

    rows: list[tuple[str, list[Any], str | None]] = [
        (lab["actual"], show(ty, "n"), "#,##0"),
        (lab["ly"], show(ly, "n"), "#,##0"),
        (lab["ytd"], show(ytd, "n"), "#,##0"),
        (lab["pct"], [pct_text(x) for x in pct] if as_text else [round(x, 2) for x in pct], "+0%"),
        (lab["r12"], show(r12, "n"), "#,##0"),
    ]
    if denoms:
        rate = [round(x / denominator_at(denoms, R.BD_FY, i) * per, 2) for i, x in enumerate(r12)]
        rows.append((lab["rate"], show(rate, "rate"), "0.00"))
    keys = ["actual", "ly", "ytd", "pct", "r12", "rate"]
    for key, (label, values, fmt) in zip(keys, rows, strict=False):
        s.row(r, col, label, values + list((after or {}).get(key, [])), fmt)
        r += 1
    return r + 1


def _existing(wb: Workbook, name: str, figs: list[Figure]) -> Sheet:
    s = Sheet.__new__(Sheet)
    s.ws, s.name, s.figures = wb[name], name, figs
    return s


def bd_ind(name: str, denoms: Denoms | None, per: float = 1000.0, **kw: Any) -> Ind:
    d = R.BD[name]
    return Ind(
        sheet=kw.pop("sheet", name),
        block=kw.pop("block", None),
        frequency="monthly",
        fy=R.BD_FY,
        actual=list(d["actual"]) + [None] * 3,
        last_year=list(d["last_year"]),
        denominators=denoms,
        per=per,
        **kw,
    )


RES, HH = R.BD_DENOMINATORS["Residents"], R.BD_DENOMINATORS["Households"]
REDUCTION = ("reduction",)


# ------------------------------------------------------------------------------------------------
# 001 Barking and Dagenham layouts


def build_bd_offset(wb: Workbook, figs: list[Figure]) -> Case:
    text_sheet(wb, "Contents", ["Contents", "TNO - Total notifiable offences", "Robbery"])
    bd_sheet(wb, figs, "TNO", "Total Notifiable Offences (TNO's)", top=3, col=3, header="text",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=RES)  # fmt: skip
    bd_sheet(wb, figs, "Robbery", "MOPAC 7: Robbery Overall", top=5, col=2, header="text",
             target="5% decrease from previous year", good=LOOK_DOWN, denoms=RES)  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), {"Residents": RES},
             [["Sheet", "Denominator"], ["TNO", "Residents"], ["Robbery", "Residents"]])  # fmt: skip
    return Case(
        "bd_offset_grid.xlsx",
        "one sheet per indicator; grid at C11/B13 (label column not A); text Apr-16 headers",
        "001",
        {"Contents": "skipped", "TNO": "read", "Robbery": "read", "Settings": "settings"},
        [
            bd_ind("TNO", RES, target=REDUCTION, polarity="lower"),
            bd_ind("Robbery", RES, target=("reduction_pct", 0.05), polarity="lower"),
        ],
    )


def build_bd_dates_gaps(wb: Workbook, figs: list[Figure]) -> Case:
    labels = dict(actual="This year", ly="Last year", rate="Rate Per 1,000")
    bd_sheet(wb, figs, "Burglary", "MOPAC 7: Burglary overall", top=2, col=1, header="date",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=RES,
             labels=labels, gap="blank")  # fmt: skip
    bd_sheet(wb, figs, "Residential burglary", "MOPAC 7: Residential Burglary", top=1, col=1,
             header="date", target="Reduction on last years figures", good=LOOK_DOWN,
             denoms=HH, labels={"rate": "Per 1,000 HH"}, gap="title")  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1),
             {"Residents": RES, "Households": HH},
             [["Sheet", "Denominator", "Per"], ["Burglary", "Residents", 1000],
              ["Residential burglary", "Households", 1000]])  # fmt: skip
    return Case(
        "bd_dates_gaps.xlsx",
        "real-date headers; blank row / repeated title row between header and figures; "
        "This year / Last year labels; rate per 1,000 households",
        "001",
        {"Burglary": "read", "Residential burglary": "read", "Settings": "settings"},
        [
            bd_ind("Burglary", RES, target=REDUCTION, polarity="lower"),
            bd_ind("Residential burglary", HH, target=REDUCTION, polarity="lower"),
        ],
    )


def build_bd_long_headers(wb: Workbook, figs: list[Figure]) -> Case:
    bd_sheet(wb, figs, "Criminal damage", "Criminal Damage", top=4, col=2, header="long",
             header_label="2016/17", target="Reduction on last years figures", good=LOOK_DOWN,
             denoms=RES)  # fmt: skip
    labels = dict(actual="Monthly", ly="Previous year", ytd="YTD",
                  pct="% change since last year", r12="Rolling 12 months total",
                  rate="Rate per 1,000 Population")  # fmt: skip
    bd_sheet(wb, figs, "Theft from MV", "Theft from Motor Vehicles", top=2, col=1,
             header="space", header_label="2016/17", target="Reduction on last years figures",
             good=LOOK_DOWN, denoms=RES, labels=labels)  # fmt: skip
    settings(wb, "Barking and Dagenham", "Dec-16", {"Residents": RES},
             [["Sheet", "Denominator"], ["Criminal damage", "Residents"],
              ["Theft from MV", "Residents"]])  # fmt: skip
    return Case(
        "bd_long_headers.xlsx",
        "headers 'April 2016' and 'Apr 16'; the year 2016/17 typed in the header row's label "
        "cell; Monthly / Previous year / YTD labels",
        "001",
        {"Criminal damage": "read", "Theft from MV": "read", "Settings": "settings"},
        [
            bd_ind("Criminal damage", RES, target=REDUCTION, polarity="lower"),
            bd_ind("Theft from MV", RES, target=REDUCTION, polarity="lower"),
        ],
    )


def build_bd_no_settings(wb: Workbook, figs: list[Figure]) -> Case:
    bd_sheet(wb, figs, "Theft of MV", "Theft of Motor Vehicles", top=1, col=1, header="bare",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=None)  # fmt: skip
    bd_sheet(wb, figs, "Sexual offences", "Sexual Offences", top=3, col=2, header="bare",
             target="For monitoring", good="For monitoring only", denoms=None)  # fmt: skip
    return Case(
        "bd_no_settings_bare_months.xlsx",
        "no Settings sheet: FY from the title 'December 2016' and the 'Actual 2015 - 2016' row; "
        "bare Apr..Mar headers",
        "001",
        {"Theft of MV": "read", "Sexual offences": "read"},
        [
            bd_ind("Theft of MV", None, target=REDUCTION, polarity="lower"),
            bd_ind("Sexual offences", None, target=("none",), polarity="monitor"),
        ],
    )


def pct_sheet(
    wb: Workbook,
    figs: list[Figure],
    name: str,
    title: str,
    target: str,
    labels: tuple[str, str, str, str, str],
    data: dict[str, list[int]],
    *,
    top: int,
    col: int,
    good: str,
) -> None:
    s = Sheet(wb, name, figs)
    s.text(top, col, "Community Safety & Public Protection Services", None, None, "December 2016")
    s.text(top + 1, col, title, bold=True)
    s.text(top + 3, col, "What good looks like", good)
    s.text(top + 4, col, "2016/17 Target:", target)
    r = top + 6
    s.header(r, col, None, month_headers("text", R.BD_FY))
    num, den = data["numerator"], data["denominator"]
    ytd_n, ytd_d = cumulative(num), cumulative(den)
    pct = [f"{a / b:.1%}" for a, b in zip(ytd_n, ytd_d, strict=True)]
    for k, (label, values) in enumerate(zip(labels, [den, num, ytd_d, ytd_n, pct], strict=True)):
        s.row(r + 1 + k, col, label, values)


def build_bd_percentages(wb: Workbook, figs: list[Figure]) -> Case:
    pct_sheet(wb, figs, "ATR", "The % of offenders who complete an ATR successfully",
              "24 individuals, 70% success rate",
              ("Terminations month", "Successful terminations", "Total terminations YTD",
               "Total successful terminations YTD", "% Successful (YTD)"), R.BD_ATR,
              top=1, col=1, good="Good to be high")  # fmt: skip
    pct_sheet(wb, figs, "DRR", "The % of offenders who successfully complete a DRR",
              "24 individuals (Barking and Dagenham only)",
              ("Terminations (month)", "Successful terminations", "Terminations YTD",
               "Successful terminations YTD", "% Successful (YTD)"), R.BD_DRR,
              top=2, col=2, good="Good to be high")  # fmt: skip
    pct_sheet(wb, figs, "MARAC repeats", "MARAC: Number of repeat referrals to MARAC",
              "To achieve a repeat referral rate between 28% - 40%",
              ("Cases heard", "Repeat cases heard", "Cases heard YTD", "Repeat cases YTD",
               "% repeat referrals (YTD)"), R.BD_MARAC,
              top=1, col=1, good="A rate within the expected range")  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), None,
             [["Sheet", "Polarity", "Target", "Kind", "Numerator row", "Denominator row"],
              ["ATR", "higher", "70%", "percentage", "Successful terminations",
               "Terminations month"],
              ["DRR", "higher", "54%", "percentage", "Successful terminations",
               "Terminations (month)"],
              ["MARAC repeats", None, None, "percentage", None, None]],
             synonyms=[("Repeat cases heard", "numerator"), ("Cases heard", "denominator"),
                       ("Repeat cases YTD", "ytd_numerator"),
                       ("Cases heard YTD", "ytd_denominator")])  # fmt: skip

    def ind(name: str, data: dict[str, list[int]], **kw: Any) -> Ind:
        return Ind(name, None, "monthly", R.BD_FY, kind="percentage",
                   numerator=list(data["numerator"]) + [None] * 3,
                   denominator=list(data["denominator"]) + [None] * 3, **kw)  # fmt: skip

    return Case(
        "bd_percentages_settings.xlsx",
        "percentage indicators (numerator / denominator rows); Settings overrides incl. a "
        "'Row label | Kind' table; a range target in words",
        "001",
        {"ATR": "read", "DRR": "read", "MARAC repeats": "read", "Settings": "settings"},
        [
            ind("ATR", R.BD_ATR, target=("rate", 0.70), target_source="settings",
                polarity="higher"),
            ind("DRR", R.BD_DRR, target=("rate", 0.54), target_source="settings",
                polarity="higher"),
            ind("MARAC repeats", R.BD_MARAC, target=("range", 0.28, 0.40), polarity="range"),
        ],
    )  # fmt: skip


def build_bd_text_cells(wb: Workbook, figs: list[Figure]) -> Case:
    yp, dv = R.BD_DENOMINATORS["Young people 1-19"], R.BD_DENOMINATORS["DV residents"]
    bd_sheet(wb, figs, "SYV", "Serious Youth Violence", top=12, col=2, header="text",
             target="5% reduction on last year", good=LOOK_DOWN, denoms=yp, as_text=True,
             labels={"rate": "Per 1,000 young people"})  # fmt: skip
    bd_sheet(wb, figs, "Domestic violence", "Domestic Violence offences", top=9, col=2,
             header="text", target="For monitoring", good="For monitoring only", denoms=dv,
             as_text=True)  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1),
             {"Young people 1-19": yp, "DV residents": dv},
             [["Sheet", "Denominator", "Per"], ["SYV", "Young people 1-19", 1000],
              ["Domestic violence", "DV residents", 1000]])  # fmt: skip
    return Case(
        "bd_text_cells.xlsx",
        "every figure typed as text ('1,383', '+3%', '88.10'); label column B, headers at rows 17 and 20",
        "001",
        {"SYV": "read", "Domestic violence": "read", "Settings": "settings"},
        [
            bd_ind("SYV", yp, target=("reduction_pct", 0.05), polarity="lower"),
            bd_ind("Domestic violence", dv, target=("none",), polarity="monitor"),
        ],
    )


def build_bd_stacked(wb: Workbook, figs: list[Figure]) -> Case:
    Sheet(wb, "Robbery", figs).text(1, 1, "MOPAC 7: Robbery (overall and personal)", bold=True)
    ws = wb["Robbery"]
    ws.cell(row=2, column=1, value="December 2016")
    ws.cell(row=3, column=1, value="2016/17 Target:")
    ws.cell(row=3, column=2, value="5% decrease from previous year")
    ws.cell(row=4, column=1, value="What good looks like")
    ws.cell(row=4, column=2, value=LOOK_DOWN)
    r = bd_sheet(wb, figs, "Robbery", "Robbery overall", top=6, col=1, header="date",
                 target="", good="", denoms=RES, block_title="Robbery overall")  # fmt: skip
    bd_sheet(wb, figs, "Robbery", "Personal robbery", top=r + 1, col=1, header="date",
             target="", good="", denoms=RES, block_title="Personal robbery",
             data=R.BD["Personal robbery"])  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), {"Residents": RES},
             [["Sheet", "Denominator"], ["Robbery", "Residents"]])  # fmt: skip
    base = dict(target=("reduction_pct", 0.05), polarity="lower", sheet="Robbery")
    return Case(
        "bd_stacked_blocks.xlsx",
        "two grids stacked on one sheet, each under its own sub-title; real-date headers",
        "001",
        {"Robbery": "read", "Settings": "settings"},
        [
            bd_ind("Robbery", RES, block="Robbery overall", **base),
            bd_ind("Personal robbery", RES, block="Personal robbery", **base),
        ],
    )  # fmt: skip


def build_bd_overrides(wb: Workbook, figs: list[Figure]) -> Case:
    labels = dict(actual="Offences recorded", ly="Same month 2015/16")
    bd_sheet(wb, figs, "TNO", "Total Notifiable Offences", top=2, col=1, header="text",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=RES,
             labels=labels)  # fmt: skip
    bd_sheet(wb, figs, "Theft from person", "Theft from the person", top=2, col=1,
             header="text", target="Reduction on last years figures", good=LOOK_DOWN,
             denoms=RES, per=100000.0, labels={**labels, "rate": "Rate per 100,000"})  # fmt: skip
    bd_sheet(wb, figs, "Violence with injury", "MOPAC 7: Violence with injury", top=2, col=1,
             header="text", target="5% decrease from previous year", good=LOOK_DOWN,
             denoms=RES, labels=labels)  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), {"Residents": RES},
             [["Sheet", "Polarity", "Target", "Denominator", "Per", "Tolerance"],
              ["TNO", "lower", "No more than 13,000", "Residents", 1000, 0.05],
              ["Theft from person", None, None, "Residents", 100000, None],
              ["Violence with injury", None, None, "Residents", None, None]],
             synonyms=[("Offences recorded", "actual"), ("Same month 2015/16", "last year")],
             start=3)  # fmt: skip
    return Case(
        "bd_settings_overrides.xlsx",
        "Settings overrides win over the sheet's words (target, per 100,000); custom row labels "
        "mapped in the 'Row label | Kind' table; Settings table not at row 1",
        "001",
        {"TNO": "read", "Theft from person": "read", "Violence with injury": "read",
         "Settings": "settings"},
        [
            bd_ind("TNO", RES, target=("cap", 13000), target_source="settings",
                   polarity="lower"),
            bd_ind("Theft from person", RES, per=100000.0, target=REDUCTION, polarity="lower"),
            bd_ind("Violence with injury", RES, target=("reduction_pct", 0.05),
                   polarity="lower"),
        ],
    )  # fmt: skip


def build_bd_as_published(wb: Workbook, figs: list[Figure]) -> Case:
    """The published pages' manual errors, which must each be reported at their cells."""
    after = {"ytd": [13207] * 3, "pct": ["-100%"] * 3}
    bd_sheet(wb, figs, "TNO", "Total Notifiable Offences (TNO's)", top=1, col=1, header="text",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=RES,
             after=after)  # fmt: skip
    bd_sheet(wb, figs, "Theft of MV", "Theft of Motor Vehicles", top=1, col=1, header="text",
             target="Reduction on last years figures", good=LOOK_DOWN, denoms=RES,
             header_fy=R.BD_FY - 1)  # fmt: skip
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), {"Residents": RES},
             [["Sheet", "Denominator"], ["TNO", "Residents"], ["Theft of MV", "Residents"]])  # fmt: skip
    # grid header on row 9 (labels A, Apr..Mar in B..M): YTD row 12, % change row 13
    carried = [f"{c}{r}" for r in (12, 13) for c in "KLM"]
    return Case(
        "bd_as_published_quirks.xlsx",
        "as published: YTD 13,207 carried into Jan-Mar, -100% for empty months, a month header "
        "copied from last year's page (Apr-15..Mar-16 in a December 2016 return)",
        "001",
        {"TNO": "read", "Theft of MV": "read", "Settings": "settings"},
        [
            bd_ind("TNO", RES, target=REDUCTION, polarity="lower"),
            bd_ind("Theft of MV", RES, target=REDUCTION, polarity="lower"),
        ],
        expect_findings=[(("VALUE_AFTER_REPORTING_MONTH",), "TNO", c) for c in carried]
        + [(("PERIOD_MISMATCH",), "Theft of MV", "B9")],
    )


def build_bd_three_years(wb: Workbook, figs: list[Figure]) -> Case:
    """Three years of months, every row named by its year; R12 change needs all 24+ months."""
    d, older = R.BD["TNO"], R.BD_TNO_2014
    s = Sheet(wb, "TNO", figs)
    s.text(2, 2, "Total Notifiable Offences (TNO's)", bold=True)
    s.text(3, 2, "December 2016")
    s.text(5, 2, "What good looks like", LOOK_DOWN)
    s.text(6, 2, "2016/17 Target:", "Reduction on last years figures")
    s.header(8, 2, "Offences", month_headers("space", R.BD_FY))
    ty, ly = d["actual"], d["last_year"]
    r12, r12_prev = r12_row(ty, ly), r12_row(ly[: len(ty)], older)
    rows: list[tuple[str, list[Any]]] = [
        ("Actual 2014 - 2015", older),
        ("Actual 2015 - 2016", ly),
        ("Actual 2016 - 2017", ty),
        ("Rolling 12 months", r12),
        (
            "% change in rolling 12 months",
            [f"{a / b - 1:+.1%}" for a, b in zip(r12, r12_prev, strict=True)],
        ),
    ]
    for k, (label, values) in enumerate(rows):
        s.row(9 + k, 2, label, list(values))
    settings(wb, "Barking and Dagenham", datetime(2016, 12, 1), {"Residents": RES})
    return Case(
        "bd_three_years_named.xlsx",
        "three years of monthly rows, each named by its year (Actual 2014 - 2015 / 2015 - 2016 "
        "/ 2016 - 2017) in a 2016/17 return; R12 change from 24+ known months; 'Apr 16' headers",
        "001",
        {"TNO": "read", "Settings": "settings"},
        [bd_ind("TNO", None, year_before_last=list(older), target=REDUCTION, polarity="lower")],
    )
