"""One immutable result per indicator (issue #11): rows resolved once, findings merged once.

The count wraps csp_excel's own `resolve_rows` wherever a module refers to it and runs a whole
`fill_file` (reader, analysis, writers) on a bundled sample; openpyxl and xlsxwriter run for real.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from core_factory import make_indicator, make_settings

from csp_excel import service
from csp_excel.core import rows as rows_module
from csp_excel.core.analysis import analyse_return
from csp_excel.core.model import Finding, Return

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "barking_dagenham_2016-12.xlsx"


def _return() -> Return:
    reader_note = Finding("PLACEHOLDER", "info", "Robbery", "C9", "TBC read as missing")
    inds = [
        make_indicator([10, 12, 9, 11, 300, 10, 12], [11] * 12, sheet="Robbery"),
        make_indicator([5, 6, 7], [6] * 12, sheet="Burglary", target_text="No more than 80"),
    ]
    return Return(path=None, settings=make_settings(), indicators=inds, findings=[reader_note])


def test_results_are_frozen_and_complete() -> None:
    ret = _return()
    analysis = analyse_return(ret)
    assert [r.indicator for r in analysis.results] == ret.indicators
    first = analysis.results[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.draft = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.findings = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):  # the figures too: nothing patches them
        first.computed.rag = "G"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):  # and the rows the figures came from
        first.rows.actual = None  # type: ignore[misc]
    assert first.computed.spc is not None
    with pytest.raises(dataclasses.FrozenInstanceError):  # and the SPC limits
        first.computed.spc.mean = 0.0  # type: ignore[misc]
    assert isinstance(first.findings, tuple) and isinstance(analysis.results, tuple)
    for r in analysis.results:  # built complete: nothing is patched in afterwards
        assert r.computed.spc is not None and r.computed.block == r.indicator.block
        assert r.rows.actual is r.indicator.grid.first("actual")  # type: ignore[union-attr]
        assert r.key == r.indicator.key == r.computed.key


def test_findings_are_merged_once_reader_first_then_each_indicator_in_order() -> None:
    ret = _return()
    analysis = analyse_return(ret)
    expected = [*ret.findings, *(f for r in analysis.results for f in r.findings)]
    assert list(analysis.findings) == expected
    assert any(f.code == "SPC_OUTLIER" for f in analysis.results[0].findings)  # 300 stands out


def _wrap_resolve_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    for name in ("csp_excel.writers.workbook", "csp_excel.writers.placement.package"):
        importlib.import_module(name)
    original = rows_module.resolve_rows
    count = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    holders = [m for n, m in list(sys.modules.items())
               if n.startswith("csp_excel") and getattr(m, "resolve_rows", None) is original]  # fmt: skip
    assert len(holders) >= 2  # the defining module and calc, at least
    for module in holders:
        monkeypatch.setattr(module, "resolve_rows", counted)
    return count


@pytest.mark.parametrize("keep_layout", [False, True])
def test_rows_are_resolved_once_per_indicator_through_a_whole_fill(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keep_layout: bool
) -> None:
    count = _wrap_resolve_rows(monkeypatch)
    result = service.fill_file(SAMPLE, tmp_path / "out.xlsx", keep_layout=keep_layout)
    assert result.output is not None and len(result.results) > 5
    assert count[0] == len(result.results)
