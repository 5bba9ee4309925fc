"""After LibreOffice's full recalculation every formula gives the value we cached (SPEC section 7)."""

from __future__ import annotations

import os
import warnings
from datetime import date
from pathlib import Path

import pytest
from core_factory import results_for
from lo import compare, recalc, soffice
from test_writer_support import build, make_computed, make_return

from csp_excel.core.model import Denominator

warnings.filterwarnings("ignore", message=".*extension is not supported.*")

pytestmark = [
    pytest.mark.libreoffice,
    # CI sets CSP_REQUIRE_LIBREOFFICE=1: there a missing soffice fails instead of skipping
    pytest.mark.skipif(
        soffice() is None and not os.environ.get("CSP_REQUIRE_LIBREOFFICE"),
        reason="LibreOffice (soffice) not installed",
    ),
]


def test_recalculated_values_equal_cached(tmp_path: Path) -> None:
    path, _, _, infos = build(tmp_path, {"TNO": "Drafted."})
    assert all(not i.stats.fallbacks for i in infos)
    lo_file = recalc(path, tmp_path / "lo")
    n, bad = compare(path, lo_file)
    assert n > 100
    assert bad == []


def test_editing_settings_would_change_rates(tmp_path: Path) -> None:
    """The rate depends on the Settings table: a different population gives a different workbook
    whose own cached values again survive recalculation (the formula, not a constant, moved)."""
    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    ret.settings.denominators["residents"].append(
        Denominator("Residents", 210000, date(2016, 9, 30))
    )
    comps = make_computed(ret)
    path = tmp_path / "edited.xlsx"
    build_workbook(ret, results_for(ret, comps), [], path)
    n, bad = compare(path, recalc(path, tmp_path / "lo"))
    assert n > 100 and bad == []


def test_awkward_cases_recalculate_the_same(tmp_path: Path) -> None:
    from test_writer_support import build_edge

    path, _, _, infos = build_edge(tmp_path)
    assert all(not i.stats.fallbacks for i in infos)
    n, bad = compare(path, recalc(path, tmp_path / "lo"))
    assert n > 500
    assert bad == []
