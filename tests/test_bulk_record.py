"""The compact per-indicator record a bulk run keeps for its reports (issue #13): dict-style
reads, picklable to and from workers, and the counts behind the rate and the YTD % that give back
those figures."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import openpyxl
import pytest

from csp_excel import service
from csp_excel.bulk import BulkItem, indicator_summaries
from csp_excel.core.codes import finding
from csp_excel.summary_record import IndicatorSummary
from csp_excel.writers.summary import write_summary

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "barking_dagenham_2016-12.xlsx"


@pytest.fixture(scope="module")
def records() -> list[IndicatorSummary]:
    return indicator_summaries(service.analyse_file(SAMPLE))[2]


def test_records_read_like_dicts_and_survive_pickling(records: list[IndicatorSummary]) -> None:
    rec = records[0]
    assert rec.get("sheet") == rec["sheet"] == rec.sheet
    assert rec.get("no such key") is None and rec.get("no such key", 5) == 5
    with pytest.raises(KeyError):
        rec["no such key"]
    assert not hasattr(rec, "__dict__")  # slotted: small in a parent holding thousands
    back = pickle.loads(pickle.dumps(records))
    assert [r.to_dict() for r in back] == [r.to_dict() for r in records]
    assert all(r.reporting_month == "December 2016" for r in records)


def test_funnel_counts_give_back_the_figures(records: list[IndicatorSummary]) -> None:
    pct = [r for r in records if r.pct_ytd is not None and r.pct_numerator is not None]
    rates = [r for r in records if r.rate is not None and r.rate_count is not None]
    assert pct and rates
    for r in pct:
        assert r.pct_denominator
        assert math.isclose(r.pct_numerator / r.pct_denominator, r.pct_ytd)
    for r in rates:
        assert r.rate_population and r.per
        rate = r.rate_count / r.rate_population * r.per
        assert math.isclose(rate, r.rate, rel_tol=1e-9)


def test_streamed_summary_keeps_every_finding_in_order(tmp_path: Path) -> None:
    items = []
    for n in range(40):
        found = [finding("YTD_MISMATCH", f"Sheet {n}", f"C{k + 2}", f"file {n} finding {k}")
                 for k in range(25)]  # fmt: skip
        items.append(BulkItem(file=f"f{n}.xlsx", status="findings", findings=found,
                              label=f"f{n}.xlsx", partnership=f"P{n}"))  # fmt: skip
    out = tmp_path / "summary.xlsx"
    write_summary(items, out, force=True)
    wb = openpyxl.load_workbook(out, read_only=True)
    files = list(wb["Files"].iter_rows(min_row=2, values_only=True))
    rows = list(wb["Findings"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in files] == [f"f{n}.xlsx" for n in range(40)]
    assert [r[1] for r in files] == [f"P{n}" for n in range(40)]
    assert len(rows) == 40 * 25
    assert [r[5] for r in rows] == [f"file {n} finding {k}" for n in range(40) for k in range(25)]
    assert rows[-1][3:5] == ("Sheet 39", "C26")


def test_a_streamed_report_refuses_a_cell_above_a_written_row(tmp_path: Path) -> None:
    from csp_excel.writers.report_book import new_workbook

    wb = new_workbook(tmp_path / "r.xlsx", stream=True)
    ws = wb.add_worksheet("S")
    ws.write_string(0, 0, "a")
    ws.write_string(5, 0, "b")
    ws.write_string(5, 1, "c")  # the same row: fine
    with pytest.raises(RuntimeError, match="top to bottom"):
        ws.write_string(2, 0, "lost")
    wb.close()
    cells = list(openpyxl.load_workbook(tmp_path / "r.xlsx")["S"].values)
    assert cells[0][0] == "a" and cells[5][:2] == ("b", "c")
