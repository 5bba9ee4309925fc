"""The sample returns in samples/ (built from the published December 2016 figures) read cleanly:
every indicator sheet found with its grid, the Settings sheet applied, and the deliberate manual
errors of the 'as published' copy located."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csp_excel.reader import read_return

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FILES = sorted(SAMPLES.glob("*.xlsx"))
assert FILES, "samples/*.xlsx are missing: run samples/build_samples.py"


@pytest.fixture(scope="module", params=[p.name for p in FILES])
def ret(request):
    return read_return(SAMPLES / request.param)


def test_every_sheet_but_settings_and_contents_is_an_indicator(ret) -> None:
    assert ret.indicators
    assert {s.lower() for s in ret.other_sheets} <= {"settings", "contents", "notes", "cover"}
    assert "NO_INDICATORS" not in {f.code for f in ret.findings}
    assert not [f for f in ret.findings if f.code == "GRID_NOT_FOUND"]


def test_settings_applied(ret) -> None:
    s = ret.settings
    assert s.source == "sheet" and s.partnership and s.reporting_month == date(2016, 12, 1)
    assert s.denominator("Residents") and s.denominator("Households")
    for ind in ret.indicators:
        ov = s.indicators.get(ind.sheet.lower())
        assert ov is not None, ind.sheet
        if ov.polarity:
            assert ind.polarity == ov.polarity and ind.polarity_source == "settings"
        if ov.kind:
            assert ind.kind == ov.kind
        if ov.target:
            assert ind.target.source == "settings"


def test_grids_and_row_kinds(ret) -> None:
    for ind in ret.indicators:
        g = ind.grid
        assert (
            g is not None
            and g.fy == 2016
            and g.frequency == "monthly"
            and len(g.period_labels) == 12
        )
        kinds = {r.kind for r in g.rows}
        if ind.kind == "count":
            assert "actual" in kinds, ind.sheet
            actual = g.first("actual")
            assert (
                actual.values[8] is not None and actual.values[11] is None
            )  # Dec-16 in, Mar-17 not
        elif ind.kind == "percentage":
            assert {"numerator", "denominator"} <= kinds, ind.sheet
        else:
            assert "snapshot" in kinds
        if ind.denominator_name:
            assert ret.settings.denominator(ind.denominator_name), ind.sheet
        assert ind.texts.get("Definition"), ind.sheet
        assert ind.typed_rag in ("R", "A", "G", "None", None)


def test_known_figures_main_return() -> None:
    p = SAMPLES / "barking_dagenham_2016-12.xlsx"
    ret = read_return(p)
    by = {i.sheet: i for i in ret.indicators}
    tno = by["TNO"].grid
    assert tno.first("actual").values[:3] == [1383, 1639, 1532]
    assert tno.first("ytd").values[8] == 13207
    assert tno.first("pct_change").values[0] == pytest.approx(0.03)
    assert by["Residential burglary"].denominator_name == "Households"
    assert by["ATR"].kind == "percentage" and by["ATR"].target.value == pytest.approx(0.70)
    errors = [f for f in ret.findings if f.severity == "error"]
    assert errors == []


def test_as_published_period_mismatch_located() -> None:
    p = SAMPLES / "barking_dagenham_2016-12_as_published.xlsx"
    ret = read_return(p)
    f = [x for x in ret.findings if x.code == "PERIOD_MISMATCH"]
    assert (
        len(f) == 1
        and f[0].sheet == "Theft of MV"
        and f[0].found == "Apr-15"
        and f[0].expected == "Apr-16"
    )
    assert f[0].cell is not None
