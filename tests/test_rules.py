"""Consistency rules against the real published December 2016 figures (tests/published.py).

The published report has known errors (ATR July, DRR April, % change rows that disagree with the
R12-derived last year, RAG letters); everything else in it is consistent within the precision it
is shown with and must raise nothing.
"""

from __future__ import annotations

from datetime import date

import published as P
import pytest
from core_factory import make_indicator, make_row, make_settings
from hypothesis import given
from hypothesis import strategies as st

from csp_excel.core.calc import compute
from csp_excel.core.cells import parse_cell
from csp_excel.core.model import Computed, Finding, GridRow, Indicator, Settings, Target
from csp_excel.core.rules import consistent, displayed_unit, normalise_rag, validate_indicator

SETTINGS = make_settings(reporting_month=date(2016, 12, 1), denominators=P.DENOMINATORS)
COLS = "CDEFGHIJKLMN"  # core_factory puts April in column C


def supplied(label: str, kind: str, texts: list, row: int, percent: bool = False) -> GridRow:
    """A derived row as the reader would give it: raw cell text and the parsed values."""
    texts = list(texts) + [None] * (12 - len(texts))
    r = make_row(label, kind, [None] * 12, row)
    r.raw = texts
    r.values = [parse_cell(t, percent=percent).value for t in texts]
    return r


def count_indicator(name: str, target: str = "Reduction on last years figures") -> Indicator:
    d = P.COUNT[name]
    ind = make_indicator(
        actual=d["actual_n"],
        last_year=P.LAST_YEAR[name],
        target_text=target,
        denominator_name=d["denominator"],
        sheet=name,
    )
    assert ind.grid is not None
    rows = ind.grid.rows
    rows.append(supplied(d["labels"][1], "ytd", d["ytd"], 20))
    if d["pct"]:
        rows.append(supplied(d["labels"][2] or "% change", "pct_change", d["pct"], 21, True))
    rows.append(supplied(d["labels"][3], "r12", d["r12"], 22))
    if d["rate"]:
        rows.append(supplied(d["labels"][4], "rate", d["rate"], 23))
    if d["rank"]:
        rows.append(supplied(d["labels"][5], "rank", d["rank"], 24))
    if d.get("r12_change"):
        rows.append(supplied(d["r12_change_label"], "r12_change", d["r12_change"], 25, True))
    return ind


def percent_indicator(name: str) -> Indicator:
    d = P.PERCENT[name]
    ind = make_indicator(
        kind="percentage",
        numerator=d["numerator"],
        denominator=d["denominator"],
        target_text=d["target"],
        sheet=name,
    )
    assert ind.grid is not None
    ind.grid.rows[0].label, ind.grid.rows[1].label = d["labels"][1], d["labels"][0]
    ind.grid.rows += [
        supplied(d["labels"][2], "ytd_denominator", [str(v) for v in d["ytd_denominator"]], 20),
        supplied(d["labels"][3], "ytd_numerator", [str(v) for v in d["ytd_numerator"]], 21),
        supplied(d["labels"][4], "pct", d["pct"], 22, True),
    ]
    return ind


def run(ind: Indicator, settings: Settings = SETTINGS) -> list[Finding]:
    return validate_indicator(ind, compute(ind, settings), settings)


def codes(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.code, f.cell) for f in findings}


# ---------------------------------------------------------------- the published report


@pytest.mark.parametrize("name", list(P.COUNT))
def test_published_count_sheets_only_the_known_percent_changes(name: str) -> None:
    expected = {
        ("PERCENT_MISMATCH", f"{COLS[i]}21") for (sheet, i) in P.PCT_EXCEPTIONS if sheet == name
    }
    assert codes(run(count_indicator(name))) == expected


def test_tno_percent_change_plus_3_is_half_a_point_either_side() -> None:
    ind = count_indicator("TNO")
    findings = run(ind)
    # Apr-16 "+3%" and Dec-16 "+1%" agree (rounded); Oct-16 "+3%" is 3.6%: rounds to 4%.
    assert [f.cell for f in findings] == ["I21"]
    f = findings[0]
    assert f.severity == "error" and f.sheet == "TNO"
    assert "Oct-16" in f.message and "+3.6%" in f.message and "10,434" in f.message
    assert f.found == pytest.approx(0.03) and f.expected == pytest.approx(10434 / 10071 - 1)


def test_atr_july_terminations_and_upside_down_percentage() -> None:
    findings = run(percent_indicator("ATR"))
    assert codes(findings) == {
        ("NUMERATOR_EXCEEDS_DENOMINATOR", "F10"),  # 9 successes of 3 terminations
        ("NUMERATOR_EXCEEDS_DENOMINATOR", "F21"),  # YTD 13 of 12
        ("PERCENT_MISMATCH", "F22"),  # "92.3%" = 12/13
    }
    by_cell = {f.cell: f for f in findings}
    monthly = by_cell["F10"]
    assert (monthly.found, monthly.expected) == (9, 3)
    assert "Jul-16" in monthly.message and "Successful terminations" in monthly.message
    pct = by_cell["F22"]
    assert "upside down" in pct.message and "12 ÷ 13" in pct.message
    assert pct.expected == pytest.approx(13 / 12) and pct.found == pytest.approx(0.923)
    assert all(f.severity == "error" for f in findings)


def test_atr_truncated_and_rounded_percentages_are_not_flagged() -> None:
    # 44.4% (4/9), 82.3% (14/17 = 82.35%, cut short), 70.3% (19/27 = 70.37%), 71% (17/24 = 70.8%)
    flagged = {f.cell for f in run(percent_indicator("ATR")) if f.code == "PERCENT_MISMATCH"}
    assert flagged == {"F22"}


def test_drr_april_two_terminations_three_successes() -> None:
    findings = run(percent_indicator("DRR"))
    assert codes(findings) == {
        ("NUMERATOR_EXCEEDS_DENOMINATOR", "C10"),
        ("NUMERATOR_EXCEEDS_DENOMINATOR", "C21"),
        ("PERCENT_MISMATCH", "C22"),
    }
    pct = next(f for f in findings if f.code == "PERCENT_MISMATCH")
    assert "67%" in pct.message and "upside down" in pct.message and "2 ÷ 3" in pct.message
    assert "Apr-16" in pct.message


def test_corrected_numerators_leave_only_what_they_did_not_fix() -> None:
    ind = percent_indicator("ATR")
    ind.grid.rows[0].values = [float(v) for v in P.MAIN_NUMERATOR["ATR"]] + [None] * 3
    findings = run(ind)
    assert not any(f.code == "NUMERATOR_EXCEEDS_DENOMINATOR" and f.cell == "F10" for f in findings)


def test_tno_rag_red_where_the_figures_give_amber() -> None:
    ind = count_indicator("TNO")
    ind.typed_rag, ind.typed_rag_cell = "R", "A30"
    rag = [f for f in run(ind) if f.code == "RAG_MISMATCH"]
    assert len(rag) == 1
    f = rag[0]
    assert (f.sheet, f.cell, f.expected, f.found, f.severity) == ("TNO", "A30", "A", "R", "warning")
    assert f.message == (
        "Year to date 13,207 is 1.2% above last year's 13,048: within the 10% tolerance, "
        "so Amber, but the return says Red."
    )


@pytest.mark.parametrize(
    ("name", "target", "typed", "flagged"),
    [
        ("Robbery", "5% decrease from previous year", "G", False),
        ("Theft from person", "Reduction on last years figures", "R", False),
        ("Theft from MV", "Reduction on last years figures", "R", True),
        ("Sexual offences", "For monitoring", "None", False),
        ("Sexual offences", "For monitoring", "G", True),
    ],
)
def test_rag_letters(name: str, target: str, typed: str, flagged: bool) -> None:
    ind = count_indicator(name, target)
    ind.typed_rag = typed
    rag = [f for f in run(ind) if f.code == "RAG_MISMATCH"]
    assert bool(rag) is flagged
    if flagged and target == "For monitoring":
        assert "monitoring only" in rag[0].message


def test_percentage_rag_reason_in_points() -> None:
    ind = make_indicator(
        kind="percentage", numerator=[14], denominator=[36], target_text="70%", sheet="DRR"
    )
    ind.typed_rag = "G"
    f = next(f for f in run(ind, make_settings()) if f.code == "RAG_MISMATCH")
    assert "38.9%" in f.message and "points below" in f.message and "Red" in f.message


@pytest.mark.parametrize(
    ("december", "rag", "judged"),
    [
        # YTD a hair (5e-5) over the 90,000 target to date: the rating calls it Green
        (10000.00005, "G", "equals the target to date of 90,000 (of 120,000 for the year): on or "
         "better than target, so Green"),
        # a hair past the 10% tolerance by the same margin: still Amber by the rating's rule
        (19000.00005, "A", "within the 10% tolerance, so Amber"),
    ],
)  # fmt: skip
def test_rag_reason_uses_the_ratings_own_rule(december: float, rag: str, judged: str) -> None:
    ind = make_indicator([10000] * 8 + [december], target_text="No more than 120000")
    ind.typed_rag = "R"
    comp = compute(ind, make_settings())
    assert comp.rag == rag
    [f] = [f for f in validate_indicator(ind, comp, make_settings()) if f.code == "RAG_MISMATCH"]
    assert judged in f.message and not f.message.startswith("The figures give")


@given(
    ytd=st.floats(0, 1e7, allow_nan=False),
    annual=st.floats(1, 1e8, allow_nan=False),
    tolerance=st.sampled_from([0.0, 0.05, 0.1]),
)
def test_rag_reason_never_disagrees_with_the_rating(
    ytd: float, annual: float, tolerance: float
) -> None:
    ind = make_indicator([ytd], target=Target("cap", annual), tolerance=tolerance)
    comp = compute(ind, make_settings())
    word = {"R": "Red", "A": "Amber", "G": "Green"}[comp.rag]
    ind.typed_rag = "None"
    [f] = [f for f in validate_indicator(ind, comp, make_settings()) if f.code == "RAG_MISMATCH"]
    assert f.message.endswith(f"so {word}, but the return says no rating (grey).")


def test_percentage_increase_target_is_described_as_last_year_plus() -> None:
    ind = make_indicator([100, 100], [100] * 12, target_text="5% increase on last year")
    ind.typed_rag = "G"
    f = next(f for f in run(ind, make_settings()) if f.code == "RAG_MISMATCH")
    assert "last year's plus 5% (210)" in f.message
    assert "below last year's plus 5% (210): within the 10% tolerance, so Amber" in f.message


# ---------------------------------------------------------------- YTD, R12, rate


def test_arson_ytd_one_above_from_july_is_one_finding() -> None:
    d = P.FIRE["Arson"]
    ind = make_indicator(actual=d["actual"], last_year=d["last_year"], sheet="Arson")
    ind.grid.rows.append(supplied("YTD", "ytd", [str(v) for v in d["ytd"]], 20))
    findings = run(ind)
    assert codes(findings) == {("YTD_MISMATCH", "F20")}
    f = findings[0]
    assert (f.expected, f.found, f.severity) == (81, 82, "error")
    assert "Jul-16" in f.message and "carries on to Dec-16" in f.message
    ind.grid.rows[0].values[3] = 27.0  # the main sample's correction
    assert run(ind) == []


def test_ytd_mismatch_each_wrong_month() -> None:
    ind = make_indicator(actual=[10, 10, 10, 10], sheet="S")
    ind.grid.rows.append(supplied("YTD", "ytd", ["10", "25", "30", "45"], 20))
    findings = run(ind, make_settings())
    assert [(f.cell, f.expected, f.found) for f in findings] == [
        ("D20", 20, 25),
        ("F20", 40, 45),
    ]


def test_last_years_ytd_row_is_compared_with_last_year() -> None:
    ind = make_indicator(actual=[5, 5, 5], last_year=[4] * 12, sheet="S")
    row = supplied("Cum Actuals 15/16", "ytd", [str(4 * (i + 1)) for i in range(12)], 20)
    ind.grid.rows.append(row)
    assert run(ind, make_settings()) == []
    row.values[11] = 47.0
    assert codes(run(ind, make_settings())) == {("YTD_MISMATCH", "N20")}


def test_r12_mismatch_and_no_cascade_into_rate() -> None:
    ind = count_indicator("TNO")
    r12 = ind.grid.find_label("Rolling 12 month period (for use below)")
    r12.raw[8], r12.values[8] = "17,651", 17651.0  # the narrative's figure, not the grid's
    findings = run(ind)
    r12_findings = [f for f in findings if f.code == "R12_MISMATCH"]
    assert codes(r12_findings) == {("R12_MISMATCH", "K22")}
    assert r12_findings[0].expected == 17587 and r12_findings[0].severity == "warning"
    assert not any(f.code == "RATE_MISMATCH" for f in findings)


def test_rate_mismatch_reports_implied_population() -> None:
    ind = count_indicator("TNO")
    rate = ind.grid.find_label("Per 1,000 Res")
    rate.raw[0], rate.values[0] = "88.20", 88.2
    f = next(f for f in run(ind) if f.code == "RATE_MISMATCH")
    assert f.cell == "C23" and f.found == 88.2
    assert f.expected == pytest.approx(17469 / 198294 * 1000)
    assert "17,469 ÷ 198,294 residents × 1,000 = 88.10" in f.message
    assert "198,061" in f.message


def test_rate_uses_population_in_force_each_month() -> None:
    # Apr-May 2016 use 198,294, June on 201,979: a single population would flag some months.
    ind = count_indicator("Robbery")
    single = make_settings(
        reporting_month=date(2016, 12, 1), denominators={"Residents": [(198294, date(2015, 6, 30))]}
    )
    assert not any(f.code == "RATE_MISMATCH" for f in run(ind))
    assert any(f.code == "RATE_MISMATCH" for f in run(ind, single))


# ---------------------------------------------------------------- reporting period


def test_ytd_carried_forward_into_future_months() -> None:
    ind = count_indicator("Robbery")
    ytd = ind.grid.find_label("Year to date")
    for i in (9, 10, 11):
        ytd.raw[i], ytd.values[i] = "397", 397.0
    findings = run(ind)
    after = [f for f in findings if f.code == "VALUE_AFTER_REPORTING_MONTH"]
    assert codes(after) == {("VALUE_AFTER_REPORTING_MONTH", "L20:N20")}
    f = after[0]
    assert "Jan-17" in f.message and "Mar-17" in f.message and "carried forward" in f.message
    assert f.severity == "warning"
    assert not any(f.code == "YTD_MISMATCH" for f in findings)


def test_minus_100_percent_in_empty_months() -> None:
    ind = count_indicator("Robbery")
    pct = ind.grid.find_label("% change from previous year")
    for i in (9, 10, 11):
        pct.raw[i], pct.values[i] = "-100%", -1.0
    after = [f for f in run(ind) if f.code == "VALUE_AFTER_REPORTING_MONTH"]
    assert [f.cell for f in after] == ["L21:N21"] and "-100%" in after[0].message


def test_rank_published_for_a_month_not_yet_reported() -> None:
    ind = count_indicator("Criminal damage")
    rank = ind.grid.find_label("Rank (MET / MSG)")
    rank.raw[9] = P.COUNT["Criminal damage"]["rank_after"]
    after = [f for f in run(ind) if f.code == "VALUE_AFTER_REPORTING_MONTH"]
    assert [f.cell for f in after] == ["L24"]


def test_target_and_last_year_rows_may_run_to_march() -> None:
    d = P.FIRE["Outdoor rubbish fires"]
    ind = make_indicator(
        actual=d["actual"],
        last_year=d["last_year"],
        target_row=d["target_row"],
        target_text=d["target"],
        sheet="Rubbish",
    )
    assert [f for f in run(ind) if f.code == "VALUE_AFTER_REPORTING_MONTH"] == []


def test_missing_month_gap_and_missing_reporting_month() -> None:
    ind = make_indicator(actual=[5, 6, 7, None, 8, 9, 4, 3], sheet="S")
    ind.grid.rows[0].raw[3] = "TBC"
    findings = run(ind, SETTINGS)  # reporting month December: Dec-16 has no figure
    missing = [f for f in findings if f.code == "MISSING_MONTH"]
    assert [f.cell for f in missing] == ["F10", "K10"]
    assert "Jul-16" in missing[0].message and "'TBC'" in missing[0].message
    assert "reporting month" in missing[1].message
    assert all(f.severity == "warning" for f in missing)


def test_quarterly_placeholder_is_not_a_gap() -> None:
    ind = make_indicator(actual=[None, None, 30, None, None, 28], sheet="Q")
    ind.grid.rows[0].raw[:5] = (
        ["Data collected quarterly"] * 2 + [30.0] + ["Data collected quarterly"] * 2
    )
    assert run(ind, make_settings()) == []


def test_no_grid_or_no_data_gives_nothing() -> None:
    ind = make_indicator(actual=[], sheet="Empty")
    assert run(ind, make_settings()) == []
    ind.grid = None
    comp = Computed(
        sheet="Empty", fy=2016, frequency="monthly", report_index=None, actual=[], actual_last_year=[],
        ytd=[], ytd_last_year=[], pct_change=[], r12=[], r12_change=[], rate=[],
        denominator_value=[], target=[], variance=[],
    )  # fmt: skip
    assert validate_indicator(ind, comp, make_settings()) == []


# ---------------------------------------------------------------- displayed precision


@pytest.mark.parametrize(
    ("raw", "value", "percent", "unit", "decimals"),
    [
        ("88.10", 88.1, False, 0.01, 2),
        ("1,383", 1383.0, False, 1.0, 0),
        ("+3%", 0.03, True, 0.01, 0),
        ("92.3%", 0.923, True, 0.001, 1),
        ("No change", 0.0, True, 0.01, 0),
        ("-0%", 0.0, True, 0.01, 0),
        (0.3, 0.3, False, 0.1, 1),
        (0.923, 0.923, True, 0.001, 3),
        (13207, 13207.0, False, 1.0, 0),
    ],
)
def test_displayed_unit(
    raw: object, value: float, percent: bool, unit: float, decimals: int
) -> None:
    got_unit, got_decimals = displayed_unit(raw, value, percent)
    assert got_unit == pytest.approx(unit) and got_decimals == decimals


@given(
    st.floats(min_value=-1000, max_value=1000, allow_nan=False),
    st.integers(min_value=0, max_value=3),
)
def test_rounded_figure_is_always_consistent(x: float, decimals: int) -> None:
    shown = round(x, decimals)
    assert consistent(shown, x, 10.0**-decimals, decimals)


@given(
    st.floats(min_value=-1000, max_value=1000, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=2, max_value=50),
    st.booleans(),
)
def test_two_or_more_units_off_is_never_consistent(
    x: float, decimals: int, k: int, up: bool
) -> None:
    unit = 10.0**-decimals
    shown = round(round(x, decimals) + (k if up else -k) * unit, decimals)
    assert not consistent(shown, x, unit, decimals)


def test_whole_numbers_must_be_rounded_not_cut() -> None:
    assert not consistent(3.0, 3.6, 1.0, 0)  # "+3%" for 3.6%
    assert consistent(70.3, 70.37, 0.1, 1)  # "70.3%" for 70.37%
    assert not consistent(13206.0, 13207.0, 1.0, 0)


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("R", "R"),
        ("red", "R"),
        ("Amber ", "A"),
        ("G", "G"),
        ("None", "None"),
        ("n/a", "None"),
        ("x?", None),
    ],
)
def test_normalise_rag(text: str, rag: str | None) -> None:
    assert normalise_rag(text) == rag
