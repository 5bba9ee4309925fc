"""Signal, not noise: the XmR table and chart on indicator sheets, SPC symbols, assurance and the
year-end forecast on the Dashboard, read back with openpyxl and from the chart XML."""

from __future__ import annotations

import dataclasses
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from core_factory import results_for
from test_writer_support import build, make_computed, make_return

from csp_excel.core.forecast import forecast_judgement
from csp_excel.core.model import Computed, Indicator, SpcResult
from csp_excel.writers.dashboard import ASSURANCE, COL, COLUMNS, VARIATION
from csp_excel.writers.indicator.spc_chart import (
    TABLE_COL,
    TITLE,
    axis_bounds,
    not_enough_text,
    point_direction,
    side_names,
)
from csp_excel.writers.indicator.summary import forecast_text
from csp_excel.writers.xl_formats import col_name0, same, text_height

warnings.filterwarnings("ignore", message=".*extension is not supported.*")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("spc")
    path, ret, comps, infos = build(tmp)
    return (
        path,
        ret,
        comps,
        infos,
        openpyxl.load_workbook(path),
        openpyxl.load_workbook(path, data_only=True),
    )


def _charts(path: Path) -> list[str]:
    z = zipfile.ZipFile(path)
    return [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]


def _xmr_charts(path: Path) -> list[str]:
    return [c for c in _charts(path) if TITLE in c]


def _quoted(name: str) -> str:
    """The sheet name as xlsxwriter writes it in chart references (quoted only when needed)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def test_xmr_chart_for_each_sheet_with_enough_points(written) -> None:
    path, _, comps, infos, _, _ = written
    enough = [i for i, c in zip(infos, comps, strict=True) if c.spc and c.spc.enough_data]
    assert {i.name for i in enough} == {"TNO", "Residential burglary", "Drug treatment"}
    xmr = _xmr_charts(path)
    assert len(xmr) == len(enough)
    for info in enough:
        comp = info.comp
        assert comp is not None and comp.spc is not None and len(comp.spc.values) >= 13
        first, last = info.spc_rows
        assert last - first + 1 == len(comp.spc.values)
        q = _quoted(info.name)
        mine = [c for c in xmr if f"{q}!$" in c]
        assert len(mine) == 1, info.name
        vals = re.findall(r"<c:val><c:numRef><c:f>([^<]+)</c:f>", mine[0])
        assert len(vals) >= 4
        want = [
            f"{q}!${col_name0(TABLE_COL + k)}${first + 1}:${col_name0(TABLE_COL + k)}${last + 1}"
            for k in range(1, 5)
        ]  # value, mean, lower and upper limit columns of the table
        assert vals[:4] == want
        cats = re.findall(r"<c:cat><c:strRef><c:f>([^<]+)</c:f>", mine[0])
        assert cats and all(c.startswith(f"{q}!${col_name0(TABLE_COL)}$") for c in cats)
        assert 'prstDash val="dash"' in mine[0]  # the process limits


def xmr_points(ind: Indicator) -> list[float]:
    """The XmR chart's points worked out from the raw rows: last year's months, then this year's
    known months; a percentage indicator's monthly numerator / denominator."""
    raw = {r.kind: r.values for r in ind.grid.rows}
    if ind.kind == "percentage":
        pairs = list(zip(raw["numerator_last_year"], raw["denominator_last_year"], strict=True))
        pairs += list(zip(raw["numerator"], raw["denominator"], strict=True))
        return [a / b for a, b in pairs if a is not None and b]
    return [v for v in raw["actual_last_year"] + raw["actual"] if v is not None]


def test_xmr_table_values_and_formulas(written) -> None:
    """Cached points, mean and limits against the XmR arithmetic done here (mean -/+ 2.66 x the
    mean moving range), not against the SpcResult the writer was given."""
    _, _, comps, infos, wb, cached = written
    for info in infos:
        if info.spc_rows is None or info.comp.spc.kind != "xmr":  # run charts: test_run_chart_*
            continue
        points = xmr_points(info.indicator)
        mean = sum(points) / len(points)
        steps = [abs(b - a) for a, b in zip(points[:-1], points[1:], strict=True)]
        mr = sum(steps) / len(steps)
        ws, wc = wb[info.name], cached[info.name]
        first, last = info.spc_rows
        assert last - first + 1 == len(points), info.name
        for j, v in enumerate(points):
            r, c = first + 1 + j, TABLE_COL + 1
            assert same(wc.cell(row=r, column=c + 1).value, v), (info.name, j)
            assert same(wc.cell(row=r, column=c + 2).value, mean)
            assert same(wc.cell(row=r, column=c + 3).value, mean - 2.66 * mr)
            assert same(wc.cell(row=r, column=c + 4).value, mean + 2.66 * mr)
            assert ws.cell(row=r, column=c + 1).data_type == "f"  # refers to the grid cell
        top_mean = ws.cell(row=first + 1, column=TABLE_COL + 3).value
        assert top_mean.startswith("=AVERAGE(")
        upper = ws.cell(row=first + 1, column=TABLE_COL + 5).value
        assert "2.66*SUMPRODUCT(ABS(" in upper
        assert info.stats.fallbacks == [], info.name


def test_special_cause_points_get_their_own_series(written) -> None:
    path, _, comps, infos, _, cached = written
    info = next(i for i in infos if i.name == "Residential burglary")
    res = info.comp.spc
    specials = [j for j, s in enumerate(res.special) if s]
    assert specials, "the sample has a point above the upper limit"
    first, _ = info.spc_rows
    wc = cached[info.name]
    # lower is better: a high point is concerning, in the first special column, orange
    for j, v in enumerate(res.values):
        got = wc.cell(row=first + 1 + j, column=TABLE_COL + 6).value
        assert (got == v) if j in specials else got in (None, "")
        assert wc.cell(row=first + 1 + j, column=TABLE_COL + 7).value in (None, "")
        rule = wc.cell(row=first + 1 + j, column=TABLE_COL + 8).value or ""
        assert ("above upper limit" in rule) == (j in specials and "above" in res.rules[j])
    header = wc.cell(row=first, column=TABLE_COL + 6).value
    assert header == "Special cause: concerning"
    chart = next(c for c in _xmr_charts(path) if "'Residential burglary'!$" in c)
    assert len(re.findall(r"<c:ser>", chart)) == 5
    assert "ED8B00" in chart  # orange markers


def test_not_enough_data_note(written) -> None:
    path, _, comps, infos, _, cached = written
    for info, comp in zip(infos, comps, strict=True):
        texts = [c.value for row in cached[info.name].iter_rows() for c in row if c.value]
        if comp.spc is not None and comp.spc.kind in ("xmr", "run"):
            assert not any(str(t).startswith("Not enough data for SPC") for t in texts)
        else:
            assert not_enough_text(comp) in texts, info.name
            assert not any(f"{_quoted(info.name)}!$" in c for c in _xmr_charts(path))
    assert not_enough_text(comps[0]) == "Not enough data for SPC (fewer than 13 months)"


def test_dashboard_spc_and_forecast_columns(written) -> None:
    _, _, comps, infos, wb, cached = written
    ws, wc = wb["Dashboard"], cached["Dashboard"]
    header = [c.value for c in ws[4]]
    for title in ("SPC variation", "SPC assurance", "Year-end forecast", "RAG", "Trend"):
        assert title in header
    for k, (info, comp) in enumerate(zip(infos, comps, strict=True)):
        r = 5 + k
        variation = wc.cell(row=r, column=COL["SPC variation"] + 1).value or ""
        assurance = wc.cell(row=r, column=COL["SPC assurance"] + 1).value or ""
        forecast = wc.cell(row=r, column=COL["Year-end forecast"] + 1).value or ""
        spc = comp.spc
        run = " (run chart)" if spc and spc.kind == "run" else ""  # labelled: median rules only
        assert variation == (VARIATION[spc.variation] + run if spc else "")
        assert assurance == (ASSURANCE.get(spc.assurance or "", "") if spc else "")
        assert forecast == forecast_text(info.indicator, comp)
    assert any(c.spc and c.spc.kind == "run" for c in comps)  # the label above is exercised
    burglary = 5 + next(k for k, i in enumerate(infos) if i.name == "Residential burglary")
    assert wc.cell(row=burglary, column=COL["SPC assurance"] + 1).value == "≈ hit and miss"
    assert wc.cell(row=5, column=COL["SPC variation"] + 1).value == "• common cause"
    tno = wc.cell(row=5, column=COL["Year-end forecast"] + 1).value
    assert re.fullmatch(r"[\d,]+ \((likely to (meet|miss)|too close to call)\)", tno), tno
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    begins = {r.text for r in rules if r.type == "beginsWith"}
    assert {"⚠", "✓", "◆", "•", "✔", "✘", "≈"} <= begins
    assert {r.text for r in rules if r.type == "containsText"} >= {
        "likely to meet",
        "likely to miss",
    }


def test_dashboard_legend_explains_symbols(written) -> None:
    _, _, _, _, _, cached = written
    texts = [str(c.value) for row in cached["Dashboard"].iter_rows() for c in row if c.value]
    for sym in (*VARIATION.values(), *ASSURANCE.values()):
        if sym != "not enough data":
            assert sym in texts, sym
    assert any(t.startswith("SPC variation, special cause concerning") for t in texts)
    assert any(t.startswith("SPC assurance: the target is inside the limits") for t in texts)
    assert any(t.startswith("Year-end forecast:") for t in texts)


def test_dashboard_layout_polish(written) -> None:
    _, _, _, infos, wb, _ = written
    ws = wb["Dashboard"]
    assert ws.column_dimensions["A"].width >= 40
    assert ws.column_dimensions[col_name0(COL["RAG"])].width >= 7
    for k in range(len(infos)):
        c = ws.cell(row=5 + k, column=1)
        assert c.alignment.wrap_text and c.alignment.vertical == "center"
        for col in (COL["RAG"], COL["SPC variation"], COL["Year-end forecast"]):
            assert ws.cell(row=5 + k, column=col + 1).alignment.vertical == "center"
    width = COLUMNS[0][2] * 1.1
    for k, info in enumerate(infos):
        # tall enough for the wrapped title and the wrapped (bold) judgement texts
        want = [18.0, text_height(info.indicator.title, width)]
        for title in ("SPC variation", "SPC assurance", "Year-end forecast"):
            c = COL[title]
            assert ws.cell(row=5 + k, column=c + 1).alignment.wrap_text
            want.append(text_height(ws.cell(row=5 + k, column=c + 1).value or "", COLUMNS[c][2]))
        assert ws.row_dimensions[5 + k].height == pytest.approx(max(want), abs=0.5)  # whole px
    assert (
        text_height("The % of offenders who complete an Alcohol Treatment Requirement", width) >= 28
    )
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None)


def test_summary_forecast_range_and_judgement(written) -> None:
    _, _, comps, infos, _, cached = written
    info, comp = infos[0], comps[0]
    assert comp.forecast is not None and comp.forecast_low is not None
    wc = cached[info.name]
    a1 = info.summary["forecast"][0].replace("$", "")
    assert same(wc[a1].value, comp.forecast)
    note = wc.cell(row=wc[a1].row, column=5).value
    assert note == f"range {comp.forecast_low:,.0f} – {comp.forecast_high:,.0f}"
    j1 = info.summary["forecast_judgement"][0].replace("$", "")
    assert wc[j1].value == forecast_judgement(comp, "lower") == "likely to miss target"
    assert wc.cell(row=wc[j1].row, column=5).value == f"annual target {comp.annual_target:,.0f}"


def test_title_with_quotes_stays_text_in_the_link(tmp_path: Path) -> None:
    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    ret.indicators[0].title = 'Say "no" to =crime, +1'
    path = tmp_path / "q.xlsx"
    build_workbook(ret, results_for(ret, make_computed(ret)), [], path)
    ws = openpyxl.load_workbook(path)["Dashboard"]
    wc = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    assert wc["A5"].value == 'Say "no" to =crime, +1'
    assert ws["A5"].value == 'Say "no" to =crime, +1'  # a literal string, never a formula
    link = ws.cell(row=5, column=COL["Indicator sheet"] + 1)  # the link: our own text
    assert link.value == "Go to" and link.hyperlink.location == "'TNO'!A1"


@pytest.mark.parametrize(
    "rules, want",
    [
        ("", 0),
        ("above upper limit", 1),
        ("below lower limit; 2 of 3 beyond 2 sigma (low)", -1),
        ("2 of 3 beyond 2 sigma (high); run of 7 below the mean", 1),
        ("run of 8 below the mean", -1),
        ("7 points rising", 1),
        ("9 points falling", -1),
    ],
)
def test_point_direction(rules: str, want: int) -> None:
    assert point_direction(rules) == want


@pytest.mark.parametrize(
    "polarity, high, low",
    [
        ("lower", "Special cause: concerning", "Special cause: improving"),
        ("higher", "Special cause: improving", "Special cause: concerning"),
        ("monitor", "Special cause: high", "Special cause: low"),
        ("range", "Special cause: high", "Special cause: low"),
    ],
)
def test_side_names(polarity: str, high: str, low: str) -> None:
    (h, _), (lo, _) = side_names(polarity)
    assert (h, lo) == (high, low)


@pytest.mark.parametrize(
    "values, lower, upper",
    [
        ([20.0, 25, 31, 28], 21.3, 28.9),
        ([1342.0, 1639, 1386], 1197.0, 1721.0),
        ([0.5, 0.7, 0.8], 0.41, 0.99),
        ([3.0, 0, 9], -4.0, 12.0),
    ],
)
def test_axis_bounds_frame_points_and_limits(values: list, lower: float, upper: float) -> None:
    res = SpcResult(values=values, labels=[""] * len(values), mean=0, lower=lower, upper=upper)
    b = axis_bounds(res)
    assert b["min"] <= min(values + [lower]) or b["min"] == 0
    assert b["min"] >= 0  # counts and rates never go below zero
    assert b["max"] >= max(values + [upper])
    assert (b["max"] - b["min"]) / b["major_unit"] <= 10


def test_forecast_text_for_percentages() -> None:
    comp = Computed(
        sheet="x", fy=2016, frequency="monthly", report_index=8, actual=[], actual_last_year=[],
        ytd=[], ytd_last_year=[], pct_change=[], r12=[], r12_change=[], rate=[],
        denominator_value=[], target=[], variance=[], numerator=[1.0], denominator=[2.0],
        forecast=0.682, forecast_low=0.66, forecast_high=0.70, annual_target=0.6,
    )  # fmt: skip
    from csp_excel.core.model import Indicator, Target

    ind = Indicator(
        sheet="x",
        title="x",
        grid=None,
        kind="percentage",
        polarity="higher",
        polarity_source="sheet",
        target=Target(kind="rate", value=0.6),
    )
    assert forecast_text(ind, comp) == "68.2% (likely to meet)"
    comp = dataclasses.replace(comp, forecast=None)
    assert forecast_text(ind, comp) == ""


@pytest.mark.parametrize(
    "title, want",
    [
        ("Robbery", "Robbery"),
        (
            "The % of offenders who complete an Alcohol Treatment Requirement (ATR) successfully",
            "The % of offenders who complete an Alcohol Treatment Requirement (ATR)…",
        ),
    ],
)
def test_chart_titles_cut_at_a_word(title: str, want: str) -> None:
    from csp_excel.writers.indicator.charts import short_title

    assert short_title(title) == want
