"""The sample returns hold the published December 2016 figures, and computing them reproduces them.

Three layers: tests/published.py against the seed text (transcription; the seed's lines are in
tests/data/seed_001_lines.json, copied verbatim, so no test reads ../shared), the sample workbooks
against tests/published.py (drift), and read -> compute against the published grid (end to end).
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

import openpyxl
import published as P
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
MAIN = SAMPLES / "barking_dagenham_2016-12.xlsx"
AS_PUBLISHED = SAMPLES / "barking_dagenham_2016-12_as_published.xlsx"
DISTRICT_B = SAMPLES / "district_b_2016-12.xlsx"
SEED_LINES = Path(__file__).resolve().parent / "data" / "seed_001_lines.json"


def seed_text() -> str:
    """The seed's transcribed lines; a gap between non-adjacent lines is marked so no match spans it."""
    lines = json.loads(SEED_LINES.read_text(encoding="utf-8"))["lines"]
    out, last = [], None
    for n in sorted(lines, key=int):
        if last is not None and int(n) != last + 1:
            out.append("\u2026")
        out.append(lines[n])
        last = int(n)
    return "\n".join(out)


def half_up(x: float, places: int) -> float:
    """Round half away from zero, as Excel and the published pages do."""
    q = Decimal(1).scaleb(-places)
    return float(Decimal(x).quantize(q, rounding=ROUND_HALF_UP))


def pct_round(x: float) -> float:
    """A fraction rounded to a whole percent: 0.0360 -> 0.04."""
    return half_up(x * 100, 0) / 100


def denominator_at(name: str, month: int) -> int:
    """The value in force at month (0 = April 2016): the latest effective on or before month end."""
    y, m = 2016 + (month >= 9), (month + 3) % 12 + 1
    end = date(y, m, calendar.monthrange(y, m)[1])
    return [v for v, eff in P.DENOMINATORS[name] if eff <= end][-1]


def number(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    t = str(v).strip()
    if t.lower() == "no change":
        return 0.0
    if t.endswith("%"):
        return round(float(t[:-1].replace("+", "")) / 100, 6)
    return float(t.replace(",", ""))


@pytest.fixture(scope="module")
def main_wb() -> Any:
    return openpyxl.load_workbook(MAIN)


@pytest.fixture(scope="module")
def pub_wb() -> Any:
    return openpyxl.load_workbook(AS_PUBLISHED)


def grid_row(ws: Any, label: str, label_col: int = 1, first: int = 2) -> tuple[int, list[Any]]:
    for row in ws.iter_rows(min_col=label_col, max_col=label_col):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.strip() == label:
            vals = [ws.cell(cell.row, first + j).value for j in range(12)]
            return cell.row, vals
    raise AssertionError(f"row {label!r} not found on {ws.title!r}")


# ---- published.py against the seed text ------------------------------------------------------


@pytest.mark.parametrize("name", list(P.COUNT))
def test_count_rows_transcribed_from_seed(name: str) -> None:
    text = seed_text()
    d = P.COUNT[name]
    for label, key in zip(
        d["labels"], ("actual", "ytd", "pct", "r12", "rate", "rank"), strict=True
    ):
        if label is None:
            continue
        line = label + "\t" + "\t".join(d[key])
        assert line in text, f"{name}: {line!r} not in the seed"
    if d.get("r12_change"):
        assert d["r12_change_label"] + "\t" + "\t".join(d["r12_change"]) in text
    assert re.search(r"2015/16\s*[:=]\s*" + re.escape(f"{d['total_ly']:,}") + r"\b", text)


def test_other_rows_transcribed_from_seed() -> None:
    text = seed_text()
    for d in P.PERCENT.values():
        for label, key in zip(
            d["labels"],
            ("denominator", "numerator", "ytd_denominator", "ytd_numerator", "pct"),
            strict=True,
        ):
            assert label + "\t" + "\t".join(str(v) for v in d[key]) in text, label
    for d in P.FIRE.values():
        assert "Monthly\t" + "\t".join(map(str, d["actual"])) in text
        assert "Accumulative YTD\t" + "\t".join(map(str, d["ytd"])) in text
        assert "Target\t" + "\t".join(map(str, d["target_row"])) in text
        assert f"2015/16: {d['total_ly']}" in text
    assert "Month\t" + "\t".join(map(str, P.MARAC["repeats"])) in text
    assert "Year to Date\t" + "\t".join(map(str, P.MARAC["ytd"])) in text


# ---- internal consistency of the published figures and the derivation ------------------------


@pytest.mark.parametrize("name", list(P.COUNT))
def test_last_year_reproduces_published_r12_and_total(name: str) -> None:
    d, ly = P.COUNT[name], P.LAST_YEAR[name]
    act = d["actual_n"]
    assert len(ly) == 12 and all(isinstance(v, int) and v >= 0 for v in ly)
    assert sum(ly) == d["total_ly"]
    assert list(accumulate(act)) == d["ytd_n"]
    for i in range(9):
        assert sum(act[: i + 1]) + sum(ly[i + 1 :]) == d["r12_n"][i], (name, i)


@pytest.mark.parametrize("name", P.COUNT_WITH_PCT)
def test_published_pct_change_agrees_with_derivation_except_listed(name: str) -> None:
    d = P.COUNT[name]
    for i in range(9):
        consistent = pct_round(d["ytd_n"][i] / P.YTD_LAST_YEAR[name][i] - 1)
        if (name, i) in P.PCT_EXCEPTIONS:
            text, expected = P.PCT_EXCEPTIONS[(name, i)]
            assert d["pct"][i] == text and consistent == expected != d["pct_n"][i]
        else:
            assert consistent == d["pct_n"][i], (name, i, consistent, d["pct"][i])


@pytest.mark.parametrize("name", P.COUNT_WITH_RATE)
def test_denominators_reproduce_every_published_rate(name: str) -> None:
    d = P.COUNT[name]
    for i in range(9):
        rate = d["r12_n"][i] / denominator_at(d["denominator"], i) * 1000
        assert half_up(rate, 2) == d["rate_n"][i], (name, i, rate)


def test_narrative_table_is_consistent() -> None:
    for n in P.NARRATIVE:
        if n["grid"] is None:
            continue
        assert n["agree"] == (n["quoted"] == n["grid"]), n
        if n["sheet"] in P.COUNT and n["sheet"] != "Criminal damage":
            d, ytd_ly = P.COUNT[n["sheet"]], P.YTD_LAST_YEAR[n["sheet"]][8]
            grid = {
                "ytd": d["ytd_n"][8],
                "ytd_ly": ytd_ly,
                "diff": d["ytd_n"][8] - ytd_ly,
                "r12": d["r12_n"][8],
            }[n["kind"]]
            assert grid == n["grid"], n
    assert P.YTD_LAST_YEAR["TNO"][8] == 13048  # the narrative says 13,075


# ---- the workbooks against published.py ------------------------------------------------------


@pytest.mark.parametrize("path", [MAIN, AS_PUBLISHED, DISTRICT_B], ids=lambda p: p.name)
def test_sample_exists_and_opens(path: Path) -> None:
    assert path.exists(), f"run .venv/bin/python samples/build_samples.py ({path.name} missing)"
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) >= 10


def test_builder_reproduces_the_committed_files() -> None:
    sys.path.insert(0, str(SAMPLES))
    import build_samples

    for path, data in build_samples.build_all().items():
        assert path.read_bytes() == data, f"{path.name} differs from what build_samples.py writes"


@pytest.mark.parametrize("name", list(P.COUNT))
def test_main_sample_count_sheet_holds_published_rows(main_wb: Any, name: str) -> None:
    ws, d = main_wb[name], P.COUNT[name]
    for label, key in zip(
        d["labels"], ("actual", "ytd", "pct", "r12", "rate", "rank"), strict=True
    ):
        if label is None:
            continue
        _, vals = grid_row(ws, label)
        if key == "rank":
            assert vals[:9] == d["rank"] and vals[9:] == [None] * 3
            continue
        want = [number(t) for t in d[key]]
        if key == "pct":  # the main sample puts the 8 published slips right
            for (sheet, i), (_, consistent) in P.PCT_EXCEPTIONS.items():
                if sheet == name:
                    want[i] = consistent
        assert [number(v) for v in vals[:9]] == pytest.approx(want), (name, label)
        assert vals[9:] == [None] * 3, (name, label)
    _, ly = grid_row(ws, "Actual 2015 - 2016")
    assert [number(v) for v in ly] == P.LAST_YEAR[name]


def test_main_sample_pinned_cells(main_wb: Any) -> None:
    tno = main_wb["TNO"]
    assert [tno[c].value for c in ("B13", "J15", "J16", "J17", "J18")] == [
        "1,383",
        "13,207",
        "+1%",
        "17,587",
        "87.07",
    ]
    assert tno["B12"].value == "Apr-16" and tno["A23"].value == "RAG Rating: A"
    assert isinstance(main_wb["Burglary"]["B12"].value, datetime)
    assert isinstance(main_wb["Arson"]["B12"].value, datetime)
    assert isinstance(main_wb["DRR"]["B9"].value, datetime)
    assert main_wb["Theft from person"]["B12"].value == "Apr"
    assert main_wb["Theft of MV"]["B9"].value == "Apr-16"
    assert main_wb["Robbery"]["J16"].value == -0.08  # numeric % change
    assert main_wb["Sexual offences"]["A20"].value == "RAG Rate: None"
    idap = [main_wb["IDAP"].cell(10, c).value for c in range(2, 14)]
    assert {"TBC", "N/A", "Data collected quarterly"} <= set(idap)


def test_main_sample_percent_and_fire_sheets_are_consistent(main_wb: Any) -> None:
    for name, d in P.PERCENT.items():
        ws = main_wb[name]
        _, den = grid_row(ws, d["labels"][0])
        _, num = grid_row(ws, d["labels"][1])
        _, yden = grid_row(ws, d["labels"][2])
        _, ynum = grid_row(ws, d["labels"][3])
        assert all(n <= m for n, m in zip(num[:9], den[:9], strict=True)), name
        assert yden[:9] == list(accumulate(den[:9])) and ynum[:9] == list(accumulate(num[:9]))
        assert ynum[8] == d["ytd_numerator"][8] and yden[8] == d["ytd_denominator"][8]
    for name, d in P.FIRE.items():
        ws = main_wb[name]
        _, act = grid_row(ws, "Monthly")
        _, ytd = grid_row(ws, "Accumulative YTD")
        _, tgt = grid_row(ws, "Target")
        assert act[:9] == d["main_actual"] and ytd[:9] == list(accumulate(act[:9])) == d["ytd"]
        assert tgt == d["target_row"]


def test_settings_sheet(main_wb: Any) -> None:
    ws = main_wb["Settings"]
    rows = [[c.value for c in r] for r in ws.iter_rows(max_col=8)]
    assert ["Partnership", "Barking and Dagenham"] == rows[1][:2]
    assert rows[2][1] == datetime(2016, 12, 1)
    dens = [(r[0], r[1], r[2].date()) for r in rows if r[0] in ("Residents", "Households")]
    assert dens == [
        ("Residents", 198294, date(2015, 6, 30)),
        ("Residents", 201979, date(2016, 6, 30)),
        ("Households", 69677, date(2015, 6, 30)),
    ]
    atr = next(r for r in rows if r[0] == "ATR")
    assert atr[1:8] == [
        "higher",
        "70%",
        None,
        None,
        "percentage",
        "Successful terminations",
        "Terminations month",
    ]


def test_as_published_keeps_the_manual_errors(pub_wb: Any) -> None:
    tno = pub_wb["TNO"]
    assert [tno.cell(15, c).value for c in (11, 12, 13)] == ["13,207"] * 3
    assert [tno.cell(16, c).value for c in (11, 12, 13)] == ["-100%"] * 3
    assert tno["A23"].value == "RAG Rating: R"
    assert pub_wb["ATR"]["E10"].value == 3 and pub_wb["ATR"]["E11"].value == 9
    assert pub_wb["ATR"]["E14"].value == "92.3%"
    assert pub_wb["DRR"]["B10"].value == 2 and pub_wb["DRR"]["B11"].value == 3
    assert pub_wb["DRR"]["B14"].value == "67%"
    cd = pub_wb["Criminal damage"]["B22"].value
    assert "(1,192 offences)" in cd and "November 2015" in cd
    assert pub_wb["Criminal damage"]["K19"].value == "7of15/ 32of32"
    assert pub_wb["Theft of MV"]["B9"].value == "Apr-15"
    assert pub_wb["Arson"]["E13"].value == 26 and pub_wb["Arson"]["E15"].value == 82
    assert pub_wb["IDAP"]["A14"].value == "RAG Rating: G"
    assert "13,075" in tno["B22"].value and "up 132" in tno["B22"].value


def test_district_b_is_internally_consistent() -> None:
    sys.path.insert(0, str(SAMPLES))
    import _district_b as B

    wb = openpyxl.load_workbook(DISTRICT_B)
    assert wb.sheetnames[:2] == ["Contents", "settings"]
    for name in B.COUNT_SHEETS:
        ws = wb[name]
        col = B.FIRST_MONTH_COL

        def row(label: str, ws: Any = ws, col: int = col) -> list[Any]:
            return grid_row(ws, label, B.LABEL_COL, col)[1]

        act, ly, ytd, r12 = (
            row("Actual"),
            row("Last year"),
            row("YTD"),
            row("Rolling 12 months total"),
        )
        assert isinstance(ws.cell(B.HEADER_ROW, col).value, datetime)
        assert ytd[:9] == list(accumulate(act[:9]))
        assert r12[:9] == [sum(act[: i + 1]) + sum(ly[i + 1 :]) for i in range(9)]
        den = P.COUNT[name]["denominator"]
        rate = row(f"Rate per 1,000 {'households' if den == 'Households' else 'residents'}")
        assert rate[:9] == pytest.approx(
            [r / B.denominator_at(den, i) * 1000 for i, r in enumerate(r12[:9])]
        )


# ---- end to end: read -> compute reproduces the published grid ----------------------------------


@pytest.fixture(scope="module")
def computed_main() -> dict[str, tuple[Any, Any]]:
    from csp_excel.core.calc import compute  # imported here: a break fails the end-to-end tests
    from csp_excel.reader.workbook import read_return

    ret = read_return(MAIN)
    return {ind.sheet: (ind, compute(ind, ret.settings)) for ind in ret.indicators}


@pytest.mark.parametrize("name", list(P.COUNT))
def test_e2e_count_indicator_reproduces_published_grid(computed_main: Any, name: str) -> None:
    ind, c = computed_main[name]
    d = P.COUNT[name]
    assert c.actual_last_year == pytest.approx(P.LAST_YEAR[name])
    for i in range(9):
        assert c.ytd[i] == d["ytd_n"][i], (name, "YTD", i)
        assert c.r12[i] == d["r12_n"][i], (name, "R12", i)
        if d["pct"]:
            want = P.PCT_EXCEPTIONS.get((name, i), (None, d["pct_n"][i]))[1]
            assert pct_round(c.pct_change[i]) == want, (name, "% change", i, c.pct_change[i])
        if d["rate"]:
            assert half_up(c.rate[i], 2) == d["rate_n"][i], (name, "rate", i, c.rate[i])
    assert all(v is None for v in c.ytd[9:]) and all(v is None for v in c.r12[9:])


def test_e2e_percentage_fire_and_rag(computed_main: Any) -> None:
    for name, d in P.PERCENT.items():
        _, c = computed_main[name]
        num = list(accumulate(P.MAIN_NUMERATOR[name]))
        den = d["ytd_denominator"]
        assert c.pct_ytd[:9] == pytest.approx([a / b for a, b in zip(num, den, strict=True)]), name
    for name, d in P.FIRE.items():
        _, c = computed_main[name]
        assert c.ytd[:9] == d["ytd"]
        assert [half_up(t, 0) for t in c.target] == d["target_row"], name
    got = {name: c.rag for name, (_, c) in computed_main.items()}
    assert got == P.EXPECTED_RAG


def test_e2e_district_b_matches_its_own_derived_rows() -> None:
    from csp_excel.core.calc import compute
    from csp_excel.reader.workbook import read_return

    sys.path.insert(0, str(SAMPLES))
    import _district_b as B

    ret = read_return(DISTRICT_B)
    assert ret.settings.partnership == B.NAME
    wb = openpyxl.load_workbook(DISTRICT_B)
    by_sheet = {ind.sheet: ind for ind in ret.indicators}
    for name in B.COUNT_SHEETS:
        c = compute(by_sheet[name], ret.settings)
        r12 = grid_row(wb[name], "Rolling 12 months total", B.LABEL_COL, B.FIRST_MONTH_COL)[1]
        assert c.r12[:9] == r12[:9], name
