"""Thameside: an invented second partnership for bulk comparison (figures are NOT real).

Monthly actuals are the Barking and Dagenham ones scaled by a per-indicator factor with fixed-seed
noise; every derived row is computed here (exact values, as formulas would leave them), so this
return is internally consistent. Laid out unlike the main sample so the reader is exercised: a
contents sheet first, a lower-case `settings` sheet, labels in column B, two annual-history columns
(14/15, 15/16) before April, real dates as month headers, a YTD column after March, "YTD" and
"Last year" labels, per-month (not cumulative) fire targets, tolerance typed as text "5%".
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import published as P  # noqa: E402

SEED = 20161201
NAME = "Thameside"
TOLERANCE = 0.05
DENOMINATORS: dict[str, list[tuple[int, datetime]]] = {
    "Residents": [(151420, datetime(2015, 6, 30)), (153960, datetime(2016, 6, 30))],
    "Households": [(62310, datetime(2015, 6, 30))],
    "Young people 1-19": [(38900, datetime(2011, 3, 27))],
}
COUNT_SHEETS = [
    "TNO",
    "Violence with injury",
    "Robbery",
    "Burglary",
    "Residential burglary",
    "Criminal damage",
    "Theft from person",
    "Theft from MV",
    "Sexual offences",
]
FIVE_PCT = {"Robbery"}
HEADER_ROW, LABEL_COL, FIRST_MONTH_COL = 16, 2, 5  # months in E..P; C, D hold 14/15 and 15/16
DATES = [datetime(2016 + (i >= 9), (i + 3) % 12 + 1, 1) for i in range(12)]


def denominator_at(name: str, i: int) -> int:
    """The value in force at month i (0 = April 2016): latest effective on or before month end."""
    entries = DENOMINATORS[name]
    return entries[-1][0] if i >= 2 or len(entries) == 1 else entries[0][0]


def rag(polarity: str, value: float, target: float | tuple[float, float] | None) -> str:
    """SPEC section 5 default rule with this partnership's tolerance."""
    if polarity == "monitor" or target is None:
        return "None"
    if isinstance(target, tuple):
        lo, hi = target
        if lo <= value <= hi:
            return "G"
        edge = lo if value < lo else hi
        return "A" if abs(value - edge) <= TOLERANCE * edge else "R"
    worse = value - target if polarity == "lower" else target - value
    if worse <= 0:
        return "G"
    return "A" if worse <= TOLERANCE * target else "R"


class Data:
    """All invented figures, drawn once from the fixed seed in a fixed order."""

    def __init__(self) -> None:
        rng = random.Random(SEED)
        self.count: dict[str, dict[str, Any]] = {}
        for name in COUNT_SHEETS:
            f = rng.uniform(0.62, 0.82)
            act = [max(0, round(v * f * rng.uniform(0.9, 1.1))) for v in P.COUNT[name]["actual_n"]]
            ly = [max(0, round(v * f * rng.uniform(0.9, 1.1))) for v in P.LAST_YEAR[name]]
            self.count[name] = dict(
                actual=act, last_year=ly, y1415=round(sum(ly) * rng.uniform(0.9, 1.08))
            )
        self.percent: dict[str, tuple[list[int], list[int]]] = {}
        for name, d in P.PERCENT.items():
            den = [max(1, round(v * rng.uniform(0.6, 1.2))) for v in d["denominator"]]
            num = [min(m, round(m * rng.uniform(0.3, 0.9))) for m in den]
            self.percent[name] = (num, den)
        self.marac_ref = [round(v * rng.uniform(0.55, 0.75)) for v in P.MARAC["referrals"]]
        self.marac_rep = [
            min(r, round(v * rng.uniform(0.6, 0.9)))
            for v, r in zip(P.MARAC["repeats"], self.marac_ref, strict=True)
        ]
        self.arson = [max(0, round(v * rng.uniform(0.5, 0.8))) for v in P.FIRE["Arson"]["actual"]]


def put(
    ws: Any, row: int, col: int, value: Any, fmt: str | None = None, bold: bool = False
) -> None:
    if value is None:
        return
    c = ws.cell(row=row, column=col, value=value)
    if fmt:
        c.number_format = fmt
    if bold:
        c.font = Font(bold=True)


def head(
    ws: Any, title: str, target: str, good: str, source: str = "Police recorded crime"
) -> None:
    ws.column_dimensions["B"].width = 30
    put(ws, 2, 2, f"{NAME} Community Safety Partnership", bold=True)
    put(ws, 3, 2, title, bold=True)
    put(ws, 4, 2, "Reporting period: December 2016")
    put(ws, 5, 2, f"Source: {source}")
    pairs = [
        ("Definition", f"{title} (invented sample data)."),
        ("What good looks like", good),
        ("2016/17 Target:", target),
        ("History with this indicator", "See annual columns."),
    ]
    for k, (label, text) in enumerate(pairs):
        put(ws, 8 + k, 2, label, bold=True)
        put(ws, 8 + k, 3, text)
        ws.merge_cells(start_row=8 + k, start_column=3, end_row=8 + k, end_column=10)


def grid(
    ws: Any,
    rows: list[tuple[str, list[Any], str | None]],
    annual: tuple[Any, Any] | None,
    ytd_col: float | None,
) -> int:
    put(ws, HEADER_ROW, LABEL_COL, "Measure", bold=True)
    if annual:
        put(ws, HEADER_ROW, 3, "14/15", bold=True)
        put(ws, HEADER_ROW, 4, "15/16", bold=True)
    for j, d in enumerate(DATES):
        put(ws, HEADER_ROW, FIRST_MONTH_COL + j, d, fmt="mmm-yy", bold=True)
    if ytd_col is not None:
        put(ws, HEADER_ROW, FIRST_MONTH_COL + 12, "YTD", bold=True)
    r = HEADER_ROW + 1
    for k, (label, values, fmt) in enumerate(rows):
        put(ws, r, LABEL_COL, label)
        if k == 0 and annual:
            put(ws, r, 3, annual[0], "#,##0")
            put(ws, r, 4, annual[1], "#,##0")
        for j, v in enumerate(values):
            put(ws, r, FIRST_MONTH_COL + j, v, fmt)
        if k == 0 and ytd_col is not None:
            put(ws, r, FIRST_MONTH_COL + 12, ytd_col, "#,##0")
        r += 1
    return r + 1


def narrative(ws: Any, row: int, text: str, rating: str) -> None:
    put(ws, row, 2, "Performance Overview", bold=True)
    put(ws, row, 3, text)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=12)
    put(ws, row + 1, 2, f"RAG Rating: {rating}", bold=True)


def count_sheet(wb: Workbook, data: Data, name: str) -> tuple[str, str]:
    d = data.count[name]
    act, ly = d["actual"], d["last_year"]
    den_name = P.COUNT[name]["denominator"]
    ytd, ytd_ly = list(accumulate(act)), list(accumulate(ly))[:9]
    pct = [a / b - 1 for a, b in zip(ytd, ytd_ly, strict=True)]
    r12 = [sum(act[: i + 1]) + sum(ly[i + 1 :]) for i in range(9)]
    rate = [r / denominator_at(den_name, i) * 1000 for i, r in enumerate(r12)]
    monitor = name == "Sexual offences"
    target_text = (
        "For monitoring"
        if monitor
        else (
            "5% decrease from previous year"
            if name in FIVE_PCT
            else "Reduction on last years figures"
        )
    )
    good = "For monitoring only." if monitor else "We are looking for a decrease in this figure."
    ws = wb.create_sheet(name)
    head(ws, P.COUNT[name]["title"], target_text, good)
    per = "households" if den_name == "Households" else "residents"
    rows = [
        ("Actual", act, "#,##0"),
        ("Last year", ly, "#,##0"),
        ("YTD", ytd, "#,##0"),
        ("% change on last year", pct, "+0.0%;-0.0%;0.0%"),
        ("Rolling 12 months total", r12, "#,##0"),
        (f"Rate per 1,000 {per}", rate, "0.00"),
    ]
    nxt = grid(ws, rows, (d["y1415"], sum(ly)), ytd[8])
    traj = None if monitor else ytd_ly[8] * (0.95 if name in FIVE_PCT else 1.0)
    rating = rag("monitor" if monitor else "lower", ytd[8], traj)
    word = "up" if ytd[8] >= ytd_ly[8] else "down"
    text = (
        f"YTD to December 2016: {ytd[8]:,} offences, {word} {abs(pct[8]) * 100:.1f}% on the "
        f"same period last year ({ytd_ly[8]:,}). Rolling 12 months: {r12[8]:,} "
        f"({rate[8]:.2f} per 1,000 {per})."
    )
    narrative(ws, nxt + 1, text, rating)
    return name, "monitor" if monitor else "lower"


def percent_sheet(wb: Workbook, data: Data, name: str) -> None:
    num, den = data.percent[name]
    target = 0.70 if name == "ATR" else 0.54
    ynum, yden = list(accumulate(num)), list(accumulate(den))
    pct = [a / b for a, b in zip(ynum, yden, strict=True)]
    ws = wb.create_sheet(name)
    head(
        ws,
        P.PERCENT[name]["title"],
        f"{round(target * 100)}% success rate",
        "Good to be high.",
        "Probation",
    )
    lab = P.PERCENT[name]["labels"]
    rows = [
        (lab[0], den, None),
        (lab[1], num, None),
        (lab[2], yden, None),
        (lab[3], ynum, None),
        (lab[4], pct, "0.0%"),
    ]
    nxt = grid(ws, rows, None, None)
    text = f"Year to date {ynum[8]} of {yden[8]} terminations were successful ({pct[8]:.1%})."
    narrative(ws, nxt + 1, text, rag("higher", pct[8], target))


def marac_sheet(wb: Workbook, data: Data) -> None:
    rep, ref = data.marac_rep, data.marac_ref
    yrep, yref = list(accumulate(rep)), list(accumulate(ref))
    pct = [a / b for a, b in zip(yrep, yref, strict=True)]
    ws = wb.create_sheet("MARAC repeats")
    head(
        ws,
        "MARAC: Number of repeat referrals to MARAC",
        "To achieve a repeat referral rate between 28% - 40%.",
        "Within 28-40%.",
        "MARAC",
    )
    rows = [
        ("Repeat referrals (month)", rep, None),
        ("Repeat referrals YTD", yrep, None),
        ("All referrals (month)", ref, None),
        ("All referrals YTD", yref, None),
        ("% repeat referrals (YTD)", pct, "0.0%"),
    ]
    nxt = grid(ws, rows, None, None)
    text = f"YTD {yrep[8]} repeat referrals of {yref[8]} referrals ({pct[8]:.1%})."
    narrative(ws, nxt + 1, text, rag("range", pct[8], (0.28, 0.40)))


def arson_sheet(wb: Workbook, data: Data) -> None:
    act = data.arson
    ytd = list(accumulate(act))
    targets = [10] * 12  # per-month targets summing to the annual cap of 120
    ws = wb.create_sheet("Arson")
    head(
        ws,
        "Fire Service: Arson Incidents (all deliberate fires)",
        "No more than 120",
        "Fewer arson incidents than the monthly target.",
        "Fire and Rescue Service",
    )
    rows = [("Monthly", act, None), ("YTD", ytd, None), ("Target (month)", targets, None)]
    nxt = grid(ws, rows, None, None)
    text = f"YTD at December 2016: {ytd[8]} incidents against an expected 90."
    narrative(ws, nxt + 1, text, rag("lower", ytd[8], 90))


def settings_sheet(wb: Workbook, polarities: dict[str, str]) -> None:
    ws = wb.create_sheet("settings", 1)
    ws.column_dimensions["A"].width = 24
    rows: list[list[Any]] = [
        ["Denominator", "Value", "Effective from"],
        *[[k, v, eff] for k, entries in DENOMINATORS.items() for v, eff in entries],
        [],
        ["Setting", "Value"],
        ["Reporting month", "Dec-16"],
        ["Partnership", NAME],
        ["RAG tolerance", "5%"],
        ["Static band", "1%"],
        [],
        ["Sheet", "Kind", "Denominator", "Polarity", "Target", "Numerator row", "Denominator row"],
        *[[n, "count", P.COUNT[n]["denominator"], pol] for n, pol in polarities.items()],
        [
            "ATR",
            "percentage",
            None,
            "higher",
            "70%",
            "Successful terminations",
            "Terminations month",
        ],
        [
            "DRR",
            "percentage",
            None,
            "higher",
            "54%",
            "Successful terminations",
            "Terminations (month)",
        ],
        [
            "MARAC repeats",
            "percentage",
            None,
            "range",
            "28%-40%",
            "Repeat referrals (month)",
            "All referrals (month)",
        ],
        ["Arson", "count", None, "lower", "No more than 120"],
    ]
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            put(
                ws,
                i,
                j,
                v,
                "yyyy-mm-dd" if isinstance(v, datetime) else None,
                bold=row[0] in ("Denominator", "Setting", "Sheet"),
            )


def build() -> Workbook:
    data = Data()
    wb = Workbook()
    contents = wb.active
    contents.title = "Contents"
    put(contents, 1, 1, f"{NAME} CSP performance return - December 2016", bold=True)
    polarities = {}
    for name in COUNT_SHEETS:
        n, pol = count_sheet(wb, data, name)
        polarities[n] = pol
    for name in P.PERCENT:
        percent_sheet(wb, data, name)
    marac_sheet(wb, data)
    arson_sheet(wb, data)
    for k, ws in enumerate(wb.worksheets[1:], start=3):
        put(contents, k, 1, ws.title)
    settings_sheet(wb, polarities)
    return wb
