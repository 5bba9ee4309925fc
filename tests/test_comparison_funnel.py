"""The funnel plots of comparison.xlsx: a real folder run read back (tables, chart, Overview).

The expected limits are recomputed here from the counts and denominators in the sheet, by the
published formulas (see tests/test_core_funnel.py for the sources), never read from our code.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from funnel_formulas import erlang_quantile, phi_tau2, widened_limits

from csp_excel.bulk.worker import BulkItem
from csp_excel.writers.comparison import write_comparison

ROOT = Path(__file__).resolve().parents[1]
HEADS = ("Population", "Denominator (cases)")  # the limits table's first column
ODD_NAME = '=HYPERLINK("http://x","y")'


def _make_returns():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_returns", ROOT / "benchmarks" / "make_returns.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_returns", mod)
    spec.loader.exec_module(mod)
    return mod


def _settings_edit(path: Path, partnership: str | None = None, drop: str | None = None) -> None:
    """Rename the partnership, or blank a denominator's rows, in a generated return's Settings."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    for row in ws.iter_rows():
        if partnership and row[0].value == "Partnership":
            row[1].value = partnership
            row[1].data_type = "s"  # text that looks like a formula, not a formula
        if drop and row[0].value == drop:
            for cell in row:
                cell.value = None
    wb.save(path)


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from csp_excel.bulk import bulk_cli

    folder = tmp_path_factory.mktemp("funnel_in")
    mr = _make_returns()
    for i in range(6):
        mr.make_return(folder / f"r{i}.xlsx", i, seed=5, n_indicators=12, quirk=0.0)
    _settings_edit(folder / "r4.xlsx", partnership=ODD_NAME)
    _settings_edit(folder / "r5.xlsx", drop="Residents")  # no population: no rate per 1,000
    out = tmp_path_factory.mktemp("funnel_out")
    bulk_cli([folder], out=out, workers=1, quiet=True)
    return out / "comparison.xlsx"


def _blocks(ws: Any) -> dict[str, dict[str, Any]]:
    """Each block of the sheet: its title row, partnership rows and limits rows (1-based)."""
    out: dict[str, dict[str, Any]] = {}
    r = 1
    while r <= ws.max_row:
        if ws.cell(r + 2, 1).value == "Partnership" and ws.cell(r, 1).value:
            title = ws.cell(r, 1).value
            rows, k = [], r + 3
            while ws.cell(k, 1).value not in (None, ""):
                rows.append(k)
                k += 1
            lim_head = next(x for x in range(k, k + 5) if ws.cell(x, 1).value in HEADS)
            lims, k = [], lim_head + 1
            while isinstance(ws.cell(k, 1).value, int | float):
                lims.append(k)
                k += 1
            out[title] = {"top": r, "rows": rows, "limits": lims, "note": ws.cell(r + 1, 1).value}
            r = k
        r += 1
    return out


def _expected_limits(counts: list[float], dens: list[float], d: float) -> tuple[float, ...]:
    """The widened Poisson funnel at denominator d, from the raw counts (these returns are far
    more spread than chance, so the over-dispersed limits apply: checked here)."""
    theta, phi, tau2 = phi_tau2(counts, dens)
    assert phi > 1 and tau2 > 0
    return widened_limits(theta, tau2, d)


def test_funnel_sheet_limits_match_the_formulas(comparison: Path) -> None:
    wb = openpyxl.load_workbook(comparison)
    assert wb.sheetnames[:2] == ["Overview", "Funnel plots"]
    ws = wb["Funnel plots"]
    blocks = _blocks(ws)
    tno = blocks["Total Notifiable Offences (TNO's)"]
    names = [ws.cell(r, 1).value for r in tno["rows"]]
    assert ODD_NAME in names and ws.cell(tno["rows"][names.index(ODD_NAME)], 1).data_type == "s"
    plotted = [r for r in tno["rows"] if ws.cell(r, 9).value != "not plotted"]
    assert len(plotted) == 5
    counts = [ws.cell(r, 2).value for r in plotted]
    dens = [ws.cell(r, 3).value for r in plotted]
    for r, c, d in zip(plotted, counts, dens, strict=True):
        assert ws.cell(r, 4).value == pytest.approx(c / d * 1000, rel=1e-12)
        got = tuple(ws.cell(r, k).value for k in range(5, 9))
        assert got == pytest.approx(_expected_limits(counts, dens, d), rel=1e-9)
        low998, low95, high95, high998 = got
        v, pos = ws.cell(r, 4).value, ws.cell(r, 9).value
        expected = ("above 99.8%" if v > high998 else "above 95%" if v > high95 else
                    "below 99.8%" if v < low998 else "below 95%" if v < low95 else "inside")  # fmt: skip
        assert pos == expected
    for r in tno["limits"][::7]:  # the chart's lines: the same formulas along the axis
        got = [ws.cell(r, k).value for k in (2, 3, 5, 6)]
        assert got == pytest.approx(_expected_limits(counts, dens, ws.cell(r, 1).value), rel=1e-9)
        assert ws.cell(r, 4).value == pytest.approx(sum(counts) / sum(dens) * 1000, rel=1e-12)
    skipped = [r for r in tno["rows"] if ws.cell(r, 9).value == "not plotted"]
    assert [ws.cell(r, 10).value for r in skipped] == ["no population to divide by"]
    assert "Poisson" in tno["note"] and "DA Arrests" not in blocks  # titled by the indicator
    pct = blocks["Domestic Abuse Arrest Rate"]
    assert "binomial" in pct["note"] and len(pct["rows"]) == 6  # no population needed for a %
    assert all(isinstance(c.value, str) is False or not c.value.startswith("=") or
               c.data_type == "s" for row in ws.iter_rows() for c in row)  # fmt: skip


def _chart_refs(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/")]
    return [re.findall(r"<c:f>([^<]*)</c:f>", c) for c in charts if "Funnel plots" in c]


def test_funnel_chart_series_refer_to_the_tables(comparison: Path) -> None:
    ws = openpyxl.load_workbook(comparison)["Funnel plots"]
    blocks = _blocks(ws)
    refs = _chart_refs(comparison)
    assert len(refs) == len(blocks) >= 10
    tno = blocks["Total Notifiable Offences (TNO's)"]
    lim_a, lim_b = tno["limits"][0], tno["limits"][-1]
    mine = next(r for r in refs if f"$A${lim_a}:$A${lim_b}" in r[0])
    for col in "BCDEF":  # 99.8% / 95% lower, group, 95% / 99.8% upper
        assert f"'Funnel plots'!${col}${lim_a}:${col}${lim_b}" in mine
    points = [r for r in mine if f"${lim_a}:" not in r]  # the partnerships' series
    cells = set()
    for ref in points:
        assert re.search(r"!\$[CD]\$", ref)  # x: the denominator, y: the figure
        a, b = (int(n) for n in re.findall(r"\$(\d+)", ref))
        cells.update(range(a, b + 1))
    plotted = {r for r in tno["rows"] if ws.cell(r, 9).value != "not plotted"}
    assert cells == plotted  # every plotted partnership, and nothing else, is a point
    with zipfile.ZipFile(comparison) as z:
        xml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
    funnels = [x for x in xml if "Funnel plots" in x]
    assert funnels and not any("HYPERLINK" in x for x in funnels)  # names stay in the cells


def test_overview_names_the_partnerships_outside(comparison: Path) -> None:
    wb = openpyxl.load_workbook(comparison)
    ws = wb["Funnel plots"]
    overview = {r[0]: r[8] for r in wb["Overview"].iter_rows(min_row=5, values_only=True)}
    assert wb["Overview"].cell(4, 9).value.startswith("Funnel plot")
    for title, block in _blocks(ws).items():
        outside = [ws.cell(r, 1).value for r in block["rows"]
                   if ws.cell(r, 9).value not in ("inside", "not plotted")]  # fmt: skip
        line = overview[title]
        if outside:
            assert line.startswith("Outside the limits: ")
            for name in outside:
                assert name in line
        else:
            assert line.startswith("All inside the limits.")
        if any(ws.cell(r, 9).value == "not plotted" for r in block["rows"]):
            assert "Not plotted: " in line and "no population to divide by" in line
    assert any(v and v.startswith("Outside the limits") for v in overview.values())


def _ind(partnership: str, count: float, pop: float | None, polarity: str = "lower") -> dict:
    rate = count / pop * 1000 if pop else None
    return {"sheet": "Robbery", "title": "Robbery", "kind": "count", "polarity": polarity,
            "per": 1000.0, "rate": rate, "r12": count, "rag": "G", "partnership": partnership,
            "rate_count": count, "rate_population": pop}  # fmt: skip


def test_overview_words_for_a_small_hand_case(tmp_path: Path) -> None:
    # eight partnerships at 10 per 1,000 on 100,000 people, one at 20 and one at 0 per 1,000 on
    # 3,000: the group rate is 10 per 1,000, E = 30 for the small two, and the spread is chance
    # (phi <= 1), so the exact Poisson limits stand: 20 is above 99.8% (worse, lower is better),
    # 0 below 99.8% (better)
    units = [(n, 1000, 100_000) for n in "ABCDEFGH"] + [("High", 60, 3000), ("Low", 0, 3000)]
    items = [BulkItem(file=f"{n}.xlsx", status="ok", indicators=[_ind(n, c, d)])
             for n, c, d in units]  # fmt: skip
    items.append(BulkItem(file="n.xlsx", status="ok", indicators=[_ind("NoPop", 60, None)]))
    out = tmp_path / "comparison.xlsx"
    write_comparison(items, out)
    wb = openpyxl.load_workbook(out)
    line = wb["Overview"]["I5"].value
    assert line == (
        "Outside the limits: High above 99.8% (worse); Low below 99.8% (better). "
        "Not plotted: NoPop (no population to divide by)."
    )
    ws = wb["Funnel plots"]
    assert [ws[f"A{r}"].value for r in (7, 8, 9)] == ["High", "Low", "A"]  # outside first
    assert [ws[f"J{r}"].value for r in (7, 8, 9)] == ["worse", "better", "inside the limits"]
    theta, phi, tau2 = phi_tau2([c for _, c, _ in units], [d for _, _, d in units])
    assert theta == pytest.approx(0.01) and phi <= 1 and tau2 == 0
    expected = [erlang_quantile(0.001, 30) / 30 * 10, erlang_quantile(0.025, 30) / 30 * 10,
                erlang_quantile(0.975, 31) / 30 * 10, erlang_quantile(0.999, 31) / 30 * 10]  # fmt: skip
    assert [ws.cell(7, c).value for c in range(5, 9)] == pytest.approx(expected, rel=1e-9)
    assert ws["D7"].value == pytest.approx(20.0) and ws["H7"].value < 20.0
    assert "no over-dispersion adjustment" in ws["A5"].value
    assert [ws[f"A{r}"].value for r in (17, 18)] == ["NoPop", None]
    assert ws["I17"].value == "not plotted"
