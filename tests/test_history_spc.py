"""More SPC history (issue #14): with the year before last in the history, a count's XmR chart
has up to 36 points, and its mean and limits are those of a hand computation on the raw figures."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pytest

from csp_excel import service
from csp_excel.core.model import Settings
from tests.history_books import NAMES, actual, history_folder, march_return, monthly_return
from tests.published import LAST_YEAR

# 2014/15, made up for the test: each of 2015/16's figures less a fixed step, so it is plainly
# a different year and its R12 differs
STEP = {"TNO": 37.0, "Robbery": 3.0}


def _two_years_back(name: str) -> list[float]:
    return [float(v) - STEP[name] for v in LAST_YEAR[name]]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("spc3")
    hist = history_folder(root / "history")
    march_return(hist, 2014, {n: _two_years_back(n) for n in NAMES})
    return monthly_return(root, 8), hist  # December 2016, this year only


def test_spc_uses_three_years_from_the_history(filled: tuple[Path, Path]) -> None:
    dec, hist = filled
    res = service.analyse_file(dec, Settings(source="test", history_folder=str(hist)))
    for r, name in zip(res.results, NAMES, strict=True):
        points = _two_years_back(name) + [float(v) for v in LAST_YEAR[name]] + actual(name)
        assert len(points) == 33  # Apr-14 ... Dec-16
        spc = r.computed.spc
        assert spc is not None and spc.values == points
        assert spc.labels[0] == "2014-04" and spc.labels[-1] == "2016-12"
        centre = mean(points)
        moving = mean(abs(a - b) for a, b in zip(points[1:], points, strict=False))
        assert spc.mean == pytest.approx(centre)
        assert spc.upper == pytest.approx(centre + 2.66 * moving)
        assert spc.lower == pytest.approx(centre - 2.66 * moving)
        # the rolling 12 months' change at December uses the year before last too
        r12_now = sum(points[-12:])
        r12_then = sum(points[-24:-12])
        assert r.computed.r12_change[8] == pytest.approx(r12_now / r12_then - 1)


def test_the_filled_sheet_charts_the_three_years(filled: tuple[Path, Path], tmp_path: Path) -> None:
    import openpyxl

    dec, hist = filled
    out = tmp_path / "dec.filled.xlsx"
    res = service.fill_file(
        dec, out, True, False, Settings(source="test", history_folder=str(hist))
    )
    assert not res.failed and out.is_file()
    ws = openpyxl.load_workbook(out)["TNO"]
    periods = [c.value for row in ws.iter_rows() for c in row if c.value in ("Apr-14", "Dec-16")]
    assert "Apr-14" in periods and "Dec-16" in periods  # the SPC table starts two years back


def test_without_the_year_before_last_the_chart_has_two_years(
    filled: tuple[Path, Path], tmp_path: Path
) -> None:
    dec, _ = filled
    two = history_folder(tmp_path / "two")
    res = service.analyse_file(dec, Settings(source="test", history_folder=str(two)))
    spc = res.results[0].computed.spc
    assert spc is not None and len(spc.values) == 21 and spc.labels[0] == "2015-04"


def test_a_part_year_before_last_is_not_joined_across_the_gap(tmp_path: Path) -> None:
    # 2014/15 known only for Apr-Sep: charting it would join Sep-14 to Apr-15 as if adjacent
    hist = history_folder(tmp_path / "history")
    march_return(hist, 2014, {n: _two_years_back(n)[:6] for n in NAMES})
    dec = monthly_return(tmp_path, 8)
    res = service.analyse_file(dec, Settings(source="test", history_folder=str(hist)))
    spc = res.results[0].computed.spc
    assert spc is not None and len(spc.values) == 21 and spc.labels[0] == "2015-04"
