"""Annual indicators (years as columns, SPEC section 3 "annual grids"): every figure hand-computed.

The year's figure is its year to date, the same period last year is the previous column, the
change is on that column, the arrow compares the last two years by polarity (static within 1%,
★ for a higher-is-better percentage at 100%), RAG compares the latest year with its target (no
profiling), there is no rolling 12 months or forecast, and SPC says "not enough data" below 13
points. Figures are the Redcar & Cleveland 2007 assessment's (seed 002), copied here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from core_factory import make_settings

from csp_excel.core.analysis import analyse_indicator, analyse_return
from csp_excel.core.calc import compute
from csp_excel.core.model import Grid, GridRow, Indicator, Return
from csp_excel.core.rules.dot import normalise_dot
from csp_excel.core.targets import parse_target

YEARS = ["2002", "2003/04", "2004/05", "2005/06", "2006/07"]
Num = float | int | None


def _row(label: str, kind: str, values: Sequence[Num], r: int, n: int) -> GridRow:
    vals = [None if v is None else float(v) for v in list(values)[:n]]
    vals += [None] * (n - len(vals))
    return GridRow(
        label=label,
        kind=kind,
        values=vals,
        raw=list(vals),
        cells=[f"{chr(ord('C') + i)}{r}" for i in range(n)],
        row=r,
        label_cell=f"B{r}",
    )


def annual(
    actual: Sequence[Num] | None = None,
    *,
    labels: Sequence[str] = YEARS,
    kind: str = "count",
    pct: Sequence[Num] | None = None,
    numerator: Sequence[Num] | None = None,
    denominator: Sequence[Num] | None = None,
    target_row: Sequence[Num] | None = None,
    target: str = "",
    polarity: str | None = None,
    denominator_name: str | None = None,
    **fields: Any,
) -> Indicator:
    """One annual indicator, as the reader hands it over: one row per measure, one slot per year."""
    n = len(labels)
    rows: list[GridRow] = []
    for label, rkind, values in (
        ("Figure", "actual", actual),
        ("Percentage", "pct", pct),
        ("Successful", "numerator", numerator),
        ("Total", "denominator", denominator),
        ("Target", "target", target_row),
    ):
        if values is not None:
            rows.append(_row(label, rkind, values, 10 + len(rows), n))
    fy = int(labels[-1][:4])
    grid = Grid(
        header_row=9, first_col=3, frequency="annual", fy=fy, period_labels=list(labels), rows=rows
    )
    ind = Indicator(
        sheet="Annual",
        title="Annual",
        grid=grid,
        kind=kind,
        polarity=polarity or "monitor",
        polarity_source="sheet" if polarity else "default",
        target=parse_target(target),
        denominator_name=denominator_name,
    )
    for name, value in fields.items():
        setattr(ind, name, value)
    return ind


VEHICLE = [None, 1029, 721, 640, 547]  # theft of a vehicle, 2003/04 .. 2006/07

# (case, indicator, expected figures at the latest year)
CASES = [
    (
        "count under its cap: green, improved",
        annual(VEHICLE, target="No more than 600", polarity="lower"),
        {
            "ri": 4,
            "ytd": 547,
            "ytd_ly": 640,
            "change": 547 / 640 - 1,
            "target": 600,
            "variance": -53,
            "rag": "G",
            "dot": "improved",
        },
    ),
    (
        "over the cap within 10%: amber",  # 547 - 500 = 47 <= 50
        annual(VEHICLE, target="No more than 500", polarity="lower"),
        {"target": 500, "variance": 47, "rag": "A"},
    ),
    (
        "over the cap by more than 10%: red",  # 547 - 480 = 67 > 48
        annual(VEHICLE, target="No more than 480", polarity="lower"),
        {"variance": 67, "rag": "R"},
    ),
    (
        "theft from the person 164 -> 163: static (0.6% < 1%)",
        annual([None, 106, 135, 164, 163], polarity="lower"),
        {"change": 163 / 164 - 1, "dot": "static", "rag": "None"},
    ),
    (
        "robbery 75 -> 76: worse (1.3% up, lower is better)",
        annual([None, 77, 107, 75, 76], polarity="lower"),
        {"change": 76 / 75 - 1, "dot": "worse"},
    ),
    (
        "criminal damage 5180 -> 5456, higher is better would be improved",
        annual([None, 4317, 4649, 5180, 5456], polarity="higher"),
        {"dot": "improved", "ytd_ly": 5180},
    ),
    (
        "5% reduction on the previous year: 640 x 0.95 = 608",
        annual(VEHICLE, target="5% decrease from previous year", polarity="lower"),
        {"target": 608, "variance": 547 - 608, "rag": "G"},
    ),
    (
        "percentages typed as a row: 45% -> 77% against 70%",
        annual(
            pct=[None, None, 0.72, 0.45, 0.77], kind="percentage", target="70%", polarity="higher"
        ),
        {
            "pct": 0.77,
            "pct_ly": 0.45,
            "target": 0.70,
            "variance": 0.77 - 0.70,
            "rag": "G",
            "dot": "improved",
            "change": 0.77 / 0.45 - 1,
        },
    ),
    (
        "whole-number percentages are read as percentages",
        annual(pct=[None, None, 72, 45, 77], kind="percentage", target="80%", polarity="higher"),
        {"pct": 0.77, "target": 0.80, "rag": "A"},  # 3 points short, within 10% of 80%
    ),
    (
        "numerator / denominator: 60 of 60 is 100%, peaked",
        annual(
            numerator=[None, 40, 45, 50, 60],
            denominator=[None, 80, 90, 80, 60],
            kind="percentage",
            polarity="higher",
        ),
        {"pct": 1.0, "pct_ly": 50 / 80, "dot": "peaked", "ytd": 60, "ytd_ly": 50},
    ),
    (
        "a percentage within 1 point of last year is static",
        annual(
            pct=[0.500, 0.505], labels=["2005/06", "2006/07"], kind="percentage", polarity="higher"
        ),
        {"ri": 1, "dot": "static"},
    ),
    (
        "each year's own target from a target row",
        annual(
            [None, 1048, 739, 829, 700], target_row=[None, None, 800, 780, 760], polarity="lower"
        ),
        {"target": 760, "variance": -60, "rag": "G", "targets": [None, None, 800, 780, 760]},
    ),
    (
        "the latest year with a figure is the reporting year",
        annual([None, 1029, 721, 640, None], target="No more than 600", polarity="lower"),
        {"ri": 3, "ytd": 640, "ytd_ly": 721, "target": 600, "rag": "A", "dot": "improved"},
    ),
    (
        "one year only: no change, no arrow",
        annual([547], labels=["2006/07"], target="No more than 600", polarity="lower"),
        {"ri": 0, "ytd": 547, "ytd_ly": None, "change": None, "dot": None, "rag": "G"},
    ),
    (
        "monitoring only: no rating, no judged arrow",
        annual(VEHICLE),
        {"rag": "None", "dot": None},
    ),
]


@pytest.mark.parametrize("case, ind, want", CASES, ids=[c[0] for c in CASES])
def test_annual_figures(case: str, ind: Indicator, want: dict[str, Any]) -> None:
    comp = compute(ind, make_settings())
    ri = comp.report_index
    assert comp.frequency == "annual" and comp.n == ind.grid.n  # type: ignore[union-attr]
    assert ri == want.get("ri", ri)
    assert ri is not None
    got = {
        "ytd": comp.ytd[ri],
        "ytd_ly": comp.ytd_last_year[ri],
        "change": comp.pct_change[ri],
        "target": comp.target[ri],
        "variance": comp.variance[ri],
        "rag": comp.rag,
        "dot": comp.dot,
        "pct": comp.pct_ytd[ri] if comp.pct_ytd else None,
        "pct_ly": comp.pct_ytd_last_year[ri] if comp.pct_ytd_last_year else None,
        "targets": comp.target,
    }
    for key, expected in want.items():
        if key == "ri":
            continue
        if isinstance(expected, float):
            assert got[key] == pytest.approx(expected), key
        else:
            assert got[key] == expected, key
    assert all(v is None for v in comp.r12)  # no rolling 12 months for years
    assert all(v is None for v in comp.actual_last_year)  # last year is the previous column


def test_year_to_date_is_the_year_and_change_is_on_the_previous_column() -> None:
    comp = compute(annual(VEHICLE, polarity="lower"), make_settings())
    assert comp.ytd == [None, 1029, 721, 640, 547]
    assert comp.ytd_last_year == [None, None, 1029, 721, 640]
    assert comp.pct_change[2] == pytest.approx(721 / 1029 - 1)
    assert comp.pct_change[:2] == [None, None]
    assert comp.period_labels == YEARS


def test_a_reporting_month_does_not_move_an_annual_indicator() -> None:
    """The report index is the latest year with a value, whatever month the settings name."""
    settings = make_settings(reporting_month=date(2006, 5, 1))
    comp = compute(annual(VEHICLE, polarity="lower"), settings)
    assert comp.report_index == 4


def test_rate_uses_the_population_in_force_at_each_year_end() -> None:
    # households: 60,000 from June 2001, 62,000 from June 2005
    settings = make_settings(
        denominators={"Households": [(60000, date(2001, 6, 30)), (62000, date(2005, 6, 30))]}
    )
    ind = annual([None, 1048, 739, 829, 700], polarity="lower", denominator_name="Households")
    comp = compute(ind, settings)
    assert comp.denominator_value == [60000, 60000, 60000, 62000, 62000]
    assert comp.rate[4] == pytest.approx(700 / 62000 * 1000)
    assert comp.rate[1] == pytest.approx(1048 / 60000 * 1000)
    assert comp.rate[0] is None


def test_no_rate_without_a_denominator() -> None:
    comp = compute(annual(VEHICLE, polarity="lower"), make_settings())
    assert all(v is None for v in comp.rate)


def test_columns_that_are_not_consecutive_years_are_said() -> None:
    comp = compute(annual([100, 90], labels=["2002", "2004/05"]), make_settings())
    assert comp.pct_change[1] == pytest.approx(-0.1)
    assert any("2 years earlier" in note for note in comp.notes)


def test_no_forecast_and_spc_says_not_enough_data() -> None:
    result = analyse_indicator(
        annual(VEHICLE, target="No more than 600", polarity="lower"), make_settings()
    )
    comp, findings = result.computed, result.findings
    assert comp.forecast is None
    assert comp.spc is not None and comp.spc.variation == "not enough data"
    assert not comp.spc.enough_data
    assert any("not enough data" in n and "4 year(s)" in n for n in comp.notes)
    assert findings == ()


def test_thirteen_years_get_process_limits() -> None:
    labels = [f"{y}/{(y + 1) % 100:02d}" for y in range(1994, 2007)]
    values = [100, 104, 98, 101, 99, 103, 97, 102, 100, 98, 101, 99, 100]
    comp = analyse_indicator(
        annual(values, labels=labels, polarity="lower"), make_settings()
    ).computed
    assert comp.spc is not None and comp.spc.enough_data
    assert comp.spc.mean == pytest.approx(sum(values) / 13)
    assert comp.spc.labels[0] == "1994/95"


def test_typed_arrow_that_contradicts_the_figures_is_reported() -> None:
    """Robbery went 75 -> 76: 1.3% up is worse, not static as typed."""
    ind = annual([None, 77, 107, 75, 76], polarity="lower", typed_dot="◀▶", typed_dot_cell="H39")
    findings = analyse_indicator(ind, make_settings()).findings
    dots = [f for f in findings if f.code == "DOT_MISMATCH"]
    assert len(dots) == 1
    f = dots[0]
    assert (f.severity, f.sheet, f.cell, f.expected, f.found) == (
        "warning", "Annual", "H39", "worse", "static",
    )  # fmt: skip
    assert "76 in 2006/07 against 75 in 2005/06" in f.message


def test_typed_arrow_that_agrees_is_quiet() -> None:
    ind = annual(VEHICLE, polarity="lower", typed_dot="▲", typed_dot_cell="H33")
    findings = analyse_indicator(ind, make_settings()).findings
    assert [f for f in findings if f.code == "DOT_MISMATCH"] == []


@pytest.mark.parametrize(
    "typed, want",
    [("▲", "improved"), ("▼", "worse"), ("◀▶", "static"), ("★", "peaked"), ("improved", "improved"),
     ("N/A", None), ("", None), (None, None)],
)  # fmt: skip
def test_typed_arrows_are_understood(typed: str | None, want: str | None) -> None:
    assert normalise_dot(typed) == want


def test_typed_rag_against_the_latest_year_names_the_year() -> None:
    ind = annual(VEHICLE, target="No more than 600", polarity="lower", typed_rag="R",
                 typed_rag_cell="J33")  # fmt: skip
    findings = analyse_indicator(ind, make_settings()).findings
    rag = [f for f in findings if f.code == "RAG_MISMATCH"]
    assert len(rag) == 1 and rag[0].cell == "J33"
    assert "The figure for 2006/07 547" in rag[0].message
    assert "target of 600 for the year" in rag[0].message


def test_supplied_change_row_is_checked_on_the_previous_year() -> None:
    """A '% change' row typed in the return: -14.5% is right, -20% for 2005/06 is not."""
    ind = annual(VEHICLE, polarity="lower")
    assert ind.grid is not None
    ind.grid.rows.append(_row("% change", "pct_change", [None, None, -0.299, -0.20, -0.145], 12, 5))
    findings = analyse_indicator(ind, make_settings()).findings
    bad = [f for f in findings if f.code == "PERCENT_MISMATCH"]
    assert [f.cell for f in bad] == ["F12"]
    assert "640 against 721 in 2004/05" in bad[0].message


def test_drafted_overview_speaks_of_years() -> None:
    draft = analyse_indicator(
        annual(VEHICLE, target="No more than 600", polarity="lower"), make_settings()
    ).draft
    assert draft.startswith("In 2006/07 there were 547 offences, a 15% decrease (down 93")
    assert "on 2005/06 (640)" in draft
    assert "The target for 2006/07 was 600 and the year is rated Green." in draft


def test_drafted_overview_for_a_percentage() -> None:
    ind = annual(pct=[None, None, 0.72, 0.45, 0.77], kind="percentage", polarity="higher")
    draft = analyse_indicator(ind, make_settings()).draft
    assert draft == "In 2006/07 the figure was 77%, up 32 percentage points on 2005/06 (45%)."


def test_an_annual_indicator_beside_monthly_ones_in_one_return() -> None:
    from core_factory import make_indicator

    monthly = make_indicator(
        actual=[10, 12, 9], last_year=[11] * 12, target_text="No more than 120"
    )
    monthly.sheet = "Monthly"
    ret = Return(path=None, settings=make_settings(), indicators=[monthly, annual(VEHICLE)])
    result = analyse_return(ret)
    assert [c.frequency for c in result.computed] == ["monthly", "annual"]
    assert result.computed[0].ytd[:3] == [10, 22, 31]
    assert not [f for f in result.findings if f.code == "INTERNAL_ERROR"]


def test_a_row_typed_with_percent_signs_is_read_as_percentages() -> None:
    """'72%' '45%' '77%' in a table of counts: the year's figure is a percentage, and the arrow
    judges points (45% -> 45.4% is static), not a relative change (0.9% would also be static,
    but 45% -> 45.6% is 1.3% relative and only 0.6 points)."""
    ind = annual([None, None, 0.72, 0.45, 0.456], polarity="higher")
    assert ind.grid is not None
    ind.grid.rows[0].raw = ["N/A", "N/A", "72%", "45%", "45.6%"]
    comp = compute(ind, make_settings())
    assert comp.pct_ytd == [None, None, 0.72, 0.45, 0.456]
    assert comp.dot == "static"
    plain = compute(annual([None, None, 0.72, 0.45, 0.456], polarity="higher"), make_settings())
    assert plain.pct_ytd is None and plain.dot == "improved"  # numbers: a 1.3% rise


def test_one_indicator_per_row_keeps_its_block_name() -> None:
    """A summary table puts many annual indicators on one sheet: each keeps its own key."""
    ind = annual(VEHICLE, polarity="lower")
    ind.block = "Theft of Vehicle"
    comp = compute(ind, make_settings())
    assert comp.block == "Theft of Vehicle" and comp.key == "Annual (Theft of Vehicle)"


def test_drafted_overview_for_a_snapshot_has_no_unit() -> None:
    ind = annual([120, 150, 140], labels=["2004/05", "2005/06", "2006/07"], kind="snapshot")
    draft = analyse_indicator(ind, make_settings()).draft
    assert draft == "In 2006/07 the figure was 140, a 7% decrease (down 10) on 2005/06 (150)."


def test_typed_static_arrow_on_a_monitoring_indicator_that_moved() -> None:
    """No polarity, so no better or worse; but 75 -> 76 (1.3%) is not static as typed."""
    ind = annual([None, 77, 107, 75, 76], typed_dot="static", typed_dot_cell="G7")
    findings = analyse_indicator(ind, make_settings()).findings
    dots = [f for f in findings if f.code == "DOT_MISMATCH"]
    assert [(f.cell, f.expected, f.found) for f in dots] == [("G7", "up", "static")]
    assert "a move up, beyond the band (static within 1%)" in dots[0].message
    same = annual([None, 106, 135, 164, 163], typed_dot="static", typed_dot_cell="G6")
    findings = analyse_indicator(same, make_settings()).findings
    assert [f for f in findings if f.code == "DOT_MISMATCH"] == []


def test_a_year_far_outside_the_limits_is_located() -> None:
    labels = [f"{y}/{(y + 1) % 100:02d}" for y in range(1994, 2008)]
    values = [100, 104, 98, 101, 99, 103, 97, 102, 100, 98, 101, 99, 100, 160]
    findings = analyse_indicator(annual(values, labels=labels), make_settings()).findings
    out = [f for f in findings if f.code == "SPC_OUTLIER"]
    assert [(f.cell, f.found) for f in out] == [("P10", 160)]  # column C + 13
    assert "The figure for 2007/08 (160)" in out[0].message
