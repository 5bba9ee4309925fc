"""A hand-built return for the writer tests (no reader involved), computed with the real core.

Figures for Total Notifiable Offences are the published December 2016 ones (seed 001): YTD 13,207
against 13,075 last year, rolling 12 months 17,587.
"""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date
from pathlib import Path

from core_factory import results_for

from csp_excel.core import calc, spc
from csp_excel.core.forecast import forecast
from csp_excel.core.model import (
    Computed,
    Denominator,
    Finding,
    Grid,
    GridRow,
    Indicator,
    Return,
    Settings,
    Target,
)
from csp_excel.core.periods import period_name

COLS = "BCDEFGHIJKLM"
FORMULA_TEXT = '=HYPERLINK("http://example.com","click")'


def row(label: str, kind: str, values: list, r: int, raw: list | None = None, **extra) -> GridRow:
    n = len(values)
    vals = [v if isinstance(v, (int, float)) else None for v in values]
    return GridRow(
        label=label,
        kind=kind,
        values=[float(v) if v is not None else None for v in vals],
        raw=raw if raw is not None else list(values),
        cells=[f"{COLS[i]}{r}" for i in range(n)],
        row=r,
        label_cell=f"A{r}",
        extra=dict(extra),
    )


def grid(rows: list[GridRow], n: int = 12, fy: int = 2016) -> Grid:
    freq = "monthly" if n == 12 else "quarterly"
    return Grid(
        header_row=14,
        first_col=2,
        frequency=freq,
        fy=fy,
        period_labels=[period_name(fy, i, freq) for i in range(n)],
        rows=rows,
    )


def pad(values: list, n: int = 12) -> list:
    return list(values) + [None] * (n - len(values))


TNO = [1383, 1639, 1532, 1614, 1438, 1425, 1403, 1387, 1386]
TNO_LY = [1342, 1546, 1450, 1540, 1372, 1376, 1371, 1504, 1574, 1480, 1400, 1500]


def make_return() -> Return:
    settings = Settings(
        partnership="Barking & Dagenham",
        reporting_month=date(2016, 12, 1),
        rag_tolerance=0.10,
        static_band=0.01,
        denominators={
            "residents": [
                Denominator("Residents", 198294, date(2015, 6, 30)),
                Denominator("Residents", 201979, date(2016, 6, 30)),
            ],
            "households": [Denominator("Households", 69685, date(2015, 6, 30))],
        },
        source="sheet",
    )
    tno = Indicator(
        sheet="TNO",
        title="Total Notifiable Offences (TNO's)",
        portfolio="Crime and Enforcement Portfolio",
        source="Source: IQuanta",
        report_month_text="December 2016",
        grid=grid(
            [
                row("Month", "actual", pad(TNO), 15),
                row("Actual 2015 - 2016", "actual_last_year", TNO_LY, 16),
                row(
                    "Year to date",
                    "ytd",
                    pad([1383, 3022, 4554, 6168, 7606, 9031, 10434, 11821, 13207]),
                    17,
                ),
                row("Rank (MET / MSG)", "rank", pad(["11of15/ 21of32"] * 9), 18),
                row(
                    "Comment",
                    "unknown",
                    pad([FORMULA_TEXT, "+44 (0)20", "-5 offences", "@mention"]),
                    19,
                ),
            ]
        ),
        kind="count",
        polarity="lower",
        polarity_source="sheet",
        target=Target(
            kind="reduction", text="Reduction on last years figures", source="sheet", cell="B8"
        ),
        denominator_name="Residents",
        texts={
            "Definition": "Total Notifiable Offences counts all crimes recorded by the police.",
            "How this indicator works": FORMULA_TEXT + " see Home Office counting rules. " * 8,
            "What good looks like": "We are looking for a decrease in this figure.",
        },
        text_cells={
            "Definition": "B5",
            "How this indicator works": "D5",
            "What good looks like": "B6",
        },
        typed_rag="R",
        typed_rag_cell="A22",
        narrative="Year To Date (YTD) B&D shows a 1% increase (up 132 offences) at December 2016.",
        narrative_cell="B21",
    )
    burglary = Indicator(
        sheet="Residential burglary",
        title="Residential burglary",
        grid=grid(
            [
                row("Number", "actual", pad([95, 101, 88, 120, 97, 99, 110, 104, 96, "TBC"]), 15),
                row(
                    "Last year",
                    "actual_last_year",
                    [90, 92, 100, 105, 98, 97, 99, 101, 102, 95, 93, 96],
                    16,
                ),
                row("Target", "target", [100 * (i + 1) for i in range(12)], 17),
            ]
        ),
        kind="count",
        polarity="lower",
        polarity_source="settings",
        target=Target(kind="cap", value=1200, text="No more than 1200", source="sheet"),
        denominator_name="Households",
    )
    drugs = Indicator(
        sheet="Drug treatment",
        title="Successful completions of drug treatment",
        grid=grid(
            [
                row("Successful terminations", "numerator", pad([7, 9, 8, 6, 10, 9, 8, 7, 9]), 15),
                row(
                    "Terminations (month)",
                    "denominator",
                    pad([10, 12, 11, 10, 13, 12, 11, 10, 12]),
                    16,
                ),
                row(
                    "Successful terminations 15/16",
                    "numerator_last_year",
                    [6, 8, 7, 7, 9, 8, 7, 8, 7, 8, 9, 8],
                    17,
                ),
                row("Terminations 15/16", "denominator_last_year", [10] * 12, 18),
            ]
        ),
        kind="percentage",
        polarity="higher",
        polarity_source="sheet",
        target=Target(kind="rate", value=0.70, text="70% success rate", source="sheet"),
    )
    marac = Indicator(
        sheet="MARAC repeat referrals: rate [all agencies] 2016",
        title="MARAC repeat referral rate",
        grid=grid(
            [
                row("Repeat referrals", "numerator", pad([3, 4, 5, 2, 6, 4, 5, 3, 4]), 15),
                row("Referrals", "denominator", pad([11, 12, 13, 10, 14, 12, 11, 12, 13]), 16),
            ]
        ),
        kind="percentage",
        polarity="range",
        polarity_source="sheet",
        target=Target(kind="range", low=0.28, high=0.40, text="between 28% - 40%", source="sheet"),
    )
    asb = Indicator(
        sheet="ASB",
        title="Anti-social behaviour calls (quarterly)",
        grid=grid(
            [
                row("Quarterly", "actual", [1210, 1350, 1180, None], 15),
                row("Previous year", "actual_last_year", [1100, 1250, 1300, 1150], 16),
            ],
            n=4,
        ),
        kind="count",
        polarity="monitor",
        polarity_source="sheet",
        target=Target(kind="none", text="For monitoring", source="sheet"),
        denominator_name="Residents",
    )
    ret = Return(
        path="returns.xlsx", settings=settings, indicators=[tno, burglary, drugs, marac, asb]
    )
    ret.findings.append(
        Finding(
            "PLACEHOLDER", "info", "Residential burglary", "K15", "TBC read as missing", None, "TBC"
        )
    )
    return ret


def make_computed(ret: Return) -> list[Computed]:
    out = []
    for ind in ret.indicators:
        comp = calc.compute(ind, ret.settings)
        comp = dataclasses.replace(comp, spc=spc.spc_for(ind, comp))
        fc = forecast(comp)
        if fc is not None:
            comp = dataclasses.replace(
                comp, forecast=fc[0], forecast_low=fc[1], forecast_high=fc[2]
            )
        out.append(comp)
    return out


def period_end(fy: int, i: int, n: int) -> date:
    """The last day of period i (0 = April) of a monthly (n=12) or quarterly (n=4) year."""
    months = 12 // n
    m = 4 + (i + 1) * months - 1
    y, m = fy + (m - 1) // 12, (m - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


def reference_figures(ind: Indicator, settings: Settings) -> dict[str, list]:
    """The derived rows worked out here from the raw input rows, by plain arithmetic (SPEC
    section 5), independent of csp_excel.core: what the filled workbook's cached values must be."""
    assert ind.grid is not None
    n = len(ind.grid.period_labels)
    raw = {r.kind: r.values for r in ind.grid.rows}
    month = settings.reporting_month
    assert month is not None
    report_end = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    last = max(i for i in range(n) if period_end(ind.grid.fy, i, n) <= report_end)
    now = [i <= last for i in range(n)]

    def cum(vals: list) -> list:
        return [sum(v or 0 for v in vals[: i + 1]) for i in range(n)]

    def upto(vals: list) -> list:
        return [v if ok else None for v, ok in zip(vals, now, strict=True)]

    out: dict[str, list] = {}
    if ind.kind == "percentage":
        num, den = cum(raw["numerator"]), cum(raw["denominator"])
        out["ytd"] = upto(num)
        out["pct_ytd"] = upto([a / b for a, b in zip(num, den, strict=True)])
        if "numerator_last_year" in raw:
            num_ly, den_ly = cum(raw["numerator_last_year"]), cum(raw["denominator_last_year"])
            out["ytd_last_year"] = num_ly
            out["pct_ytd_last_year"] = [a / b for a, b in zip(num_ly, den_ly, strict=True)]
            out["pct_change"] = upto([a / b - 1 for a, b in zip(num, num_ly, strict=True)])
        if ind.target.value is not None:
            out["target"] = [ind.target.value] * n
            out["variance"] = [
                p - ind.target.value if p is not None else None for p in out["pct_ytd"]
            ]
        return out
    act, ly = raw["actual"], raw.get("actual_last_year")
    out["ytd"] = upto(cum(act))
    if ly is None:
        return out
    out["ytd_last_year"] = cum(ly)
    out["pct_change"] = upto([a / b - 1 for a, b in zip(cum(act), cum(ly), strict=True)])
    out["r12"] = upto([cum(act)[i] + sum(ly[i + 1 :]) for i in range(n)])
    if ind.denominator_name:
        pops = settings.denominator(ind.denominator_name)
        out["denominator_value"] = [
            [d.value for d in pops if d.effective_from <= period_end(ind.grid.fy, i, n)][-1]
            for i in range(n)
        ]
        out["rate"] = [
            r / p * 1000 if r is not None else None
            for r, p in zip(out["r12"], out["denominator_value"], strict=True)
        ]
    target = raw.get("target") or (out["ytd_last_year"] if ind.target.kind == "reduction" else None)
    if target is not None:
        out["target"] = list(target)  # a target row is typed year-to-date
        out["variance"] = upto([a - t for a, t in zip(cum(act), out["target"], strict=True)])
    return out


def make_findings() -> list[Finding]:
    return [
        Finding(
            "YTD_MISMATCH",
            "error",
            "TNO",
            "J17",
            "The YTD for December is not the sum of the months.",
            13207,
            13208,
        ),
        Finding(
            "RAG_MISMATCH",
            "warning",
            "TNO",
            "A22",
            "The RAG typed (R) is not the computed one.",
            "G",
            "R",
        ),
        Finding("NARRATIVE_MISMATCH", "warning", "TNO", "B21", FORMULA_TEXT, None, "=1+1"),
        Finding("FILE_NOTE", "info", None, None, "A whole-file note", None, None),
        Finding("GRID_NOT_FOUND", "warning", "Notes", "A1", "No grid on this sheet", None, None),
    ]


def build(tmp_path: Path, drafts: dict[str, str] | None = None):
    """Write the sample and return (path, return, computed, infos)."""
    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    comp = make_computed(ret)
    path = tmp_path / "out.xlsx"
    infos = build_workbook(
        ret, results_for(ret, comp, drafts), [*make_findings(), *ret.findings], path
    )
    return path, ret, comp, infos


def make_edge_return() -> Return:
    """Awkward cases: a gap, figures after the reporting month, a seasonal cap, a % reduction,
    per-month target rows, a floor, a snapshot, a quarter-only year and April reporting."""
    ret = make_return()
    ret.settings.reporting_month = date(2016, 11, 1)  # TNO has December too: must not count
    tno, burglary, drugs, marac, asb = ret.indicators
    burglary.grid.rows[0] = row("Number", "actual", pad([95, 101, None, 120, 97, 99, 110, 104]), 15)
    burglary.grid.rows[2] = row("Target", "target", [100] * 12, 17)  # per-month targets
    tno.target = Target(
        kind="reduction_pct", value=0.05, text="5% decrease from previous year", source="sheet"
    )
    drugs.target = Target(kind="cap", value=200, text="No more than 200", source="sheet")
    drugs.profile = "seasonal"
    seasonal = Indicator(
        sheet="Robbery",
        title="Robbery (seasonal profile)",
        grid=grid(
            [
                row("Month", "actual", pad([40, 35, 50, 44, 39, 41, 47, 52]), 15),
                row(
                    "Last year",
                    "actual_last_year",
                    [38, 36, 45, 40, 42, 44, 46, 50, 48, 39, 37, 41],
                    16,
                ),
            ]
        ),
        kind="count",
        polarity="lower",
        polarity_source="sheet",
        target=Target(kind="cap", value=480, text="No more than 480", source="settings"),
        profile="seasonal",
    )
    floor = Indicator(
        sheet="Stop and search",
        title="Positive outcomes",
        grid=grid([row("Month", "actual", pad([60, 70, 65, 80, 75, 72, 71, 69]), 15)]),
        kind="count",
        polarity="higher",
        polarity_source="sheet",
        target=Target(kind="floor", value=900, text="More than 900", source="sheet"),
    )
    snap = Indicator(
        sheet="On programme",
        title="Number currently on programme",
        grid=grid(
            [
                row(
                    "Number currently on programme",
                    "snapshot",
                    pad([24, 25, 27, 26, 30, 31, 29, 28]),
                    15,
                ),
                row(
                    "Last year",
                    "actual_last_year",
                    [20, 21, 22, 22, 23, 25, 24, 26, 27, 25, 24, 23],
                    16,
                ),
            ]
        ),
        kind="snapshot",
        polarity="higher",
        polarity_source="sheet",
        target=Target(kind="floor", value=25, text="At least 25", source="sheet"),
        denominator_name="Residents",
        per=100000.0,
    )
    april = Indicator(
        sheet="Fires",
        title="Deliberate fires",
        grid=grid(
            [
                row("Month", "actual", pad([12], 12), 15),
                row(
                    "Last year",
                    "actual_last_year",
                    [10, 11, 9, 14, 12, 8, 9, 10, 11, 12, 13, 9],
                    16,
                ),
            ],
            fy=2017,
        ),
        kind="count",
        polarity="lower",
        polarity_source="sheet",
        target=Target(kind="reduction", text="Reduction on last year", source="sheet"),
    )
    ret.indicators += [seasonal, floor, snap, april]
    return ret


def build_edge(tmp_path: Path):
    from csp_excel.writers.workbook import build_workbook

    ret = make_edge_return()
    comp = make_computed(ret)
    path = tmp_path / "edge.xlsx"
    infos = build_workbook(ret, results_for(ret, comp), [], path)
    return path, ret, comp, infos
