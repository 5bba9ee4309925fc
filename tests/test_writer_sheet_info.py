"""The indicator sheet's facts are values: the layout is built once, each block returns what it
placed, and the `SheetInfo` the dashboard and Data quality sheet read is assembled once, never
patched afterwards (issue 11)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from test_writer_support import build, build_edge

from csp_excel.writers.indicator.layout import SheetLayout, plan_rows, sheet_layout

OLD_SUFFIX = re.compile(r"_ly$")  # the writers' old row keys: actual_ly, ytd_ly, ...


@pytest.fixture(scope="module")
def infos(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("sheet_info")
    return [*build(tmp)[3], *build_edge(tmp)[3]]


def test_sheet_info_cannot_be_patched(infos) -> None:
    info = infos[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.charts = 99  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.trend_row = 0  # type: ignore[misc]


def test_sheet_info_holds_what_each_block_placed(infos) -> None:
    for info in infos:
        assert info.summary and info.cell_map, info.name  # summary block and grid both placed
        assert info.trend_row == info.rows["actual"], info.name
        assert info.header_row < min(info.rows.values()), info.name
        if info.spc_rows is not None:  # the XmR table is below the grid and the summary
            assert info.spc_rows[0] > max(info.rows.values()), info.name


def test_row_keys_are_the_models_names(infos) -> None:
    keys = {k for info in infos for k in [*info.rows, *info.summary]}
    assert "ytd_last_year" in keys and "actual_last_year" in keys
    assert not [k for k in keys if OLD_SUFFIX.search(k) or k == "den_value"]


def test_the_layout_is_one_value(infos) -> None:
    info = next(i for i in infos if i.comp is not None and i.comp.numerator is not None)
    from csp_excel.core.rows import resolve_rows

    ind, comp = info.indicator, info.comp
    plan = plan_rows(ind, comp, resolve_rows(ind))
    lay = sheet_layout(info.name, ind, comp, plan, info.header_row)
    assert isinstance(lay, SheetLayout)
    assert dict(lay.rows) == info.rows  # the same rows the written sheet reports
    assert lay.rows["actual"] == lay.rows["numerator"]  # a percentage's actual is its numerator
    with pytest.raises(dataclasses.FrozenInstanceError):
        lay.header_row = 0  # type: ignore[misc]
