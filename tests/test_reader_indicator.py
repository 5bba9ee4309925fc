"""reader.indicator: title and text blocks, typed RAG, and target/polarity/kind/denominator
resolution (settings win; inferences reported with their cell)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from wb_factory import indicator_rows, month_headers, write_book

from csp_excel.core.model import Denominator, IndicatorOverride, Settings
from csp_excel.reader.indicator import read_indicator
from csp_excel.reader.sheets import load_sheets


def settings(**over: IndicatorOverride) -> Settings:
    s = Settings(reporting_month=date(2016, 12, 1), source="sheet")
    s.denominators = {"residents": [Denominator("Residents", 198294, date(2015, 6, 30))],
                      "households": [Denominator("Households", 69685, date(2015, 6, 30))]}  # fmt: skip
    s.indicators = {k.lower(): v for k, v in over.items()}
    return s


def read(tmp_path, rows, s: Settings | None = None, name: str = "Robbery", merged=None, **kw: Any):
    p = write_book(tmp_path / "i.xlsx", {name: rows}, merged={name: merged or []})
    return read_indicator(load_sheets(p)[0], s or settings(), **kw)


def codes(findings) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in findings]


def test_title_and_texts_side_by_side(tmp_path) -> None:
    ind, f = read(tmp_path, indicator_rows())
    assert ind is not None
    assert ind.title == "MOPAC 7: Robbery Overall"
    assert ind.portfolio.startswith("Community Safety Partnership Call Over")
    assert ind.report_month_text == "December 2016" and ind.source == "IQuanta"
    assert ind.texts["Definition"].startswith("This indicator includes")
    assert ind.texts["How this indicator works"] == "The number of incidents of robbery."
    assert ind.text_cells["How this indicator works"] == "E5"
    assert ind.text_cells["Why this indicator is important"] == "E6"
    assert (
        ind.texts["Target"] == "5% decrease from previous year" and ind.text_cells["Target"] == "B7"
    )
    assert ind.narrative == "Year To Date shows an 8% decrease." and ind.narrative_cell == "B17"
    assert ind.texts["Actions to Sustain or Improve Performance"] == "Operation Neptune."
    assert ind.texts["Benchmarking"].startswith("Currently")
    assert ind.grid is not None and ind.grid.header_row == 9 and ind.grid.fy_source == "header"


def test_merged_label_and_value_cells(tmp_path) -> None:
    rows = indicator_rows()
    rows[4] = [
        "Definition",
        None,
        "Merged definition text.",
        None,
        None,
        "How this indicator works",
        None,
        "Works.",
    ]
    ind, _ = read(tmp_path, rows, merged=["A5:B5", "C5:E5", "F5:G5"])
    assert (
        ind.texts["Definition"] == "Merged definition text."
        and ind.text_cells["Definition"] == "C5"
    )
    assert (
        ind.texts["How this indicator works"] == "Works."
        and ind.text_cells["How this indicator works"] == "H5"
    )


@pytest.mark.parametrize(
    "cells,rag,cell",
    [(["RAG Rating: R"], "R", "A18"), (["RAG Rate: None"], "None", "A18"), (["RAG Rating:", "A"], "A", "B18"),
     (["RAG Rating: G", "Using the latest rolling 12-month period..."], "G", "A18"),
     (["<p>RAG Rating: A</p>"], "A", "A18"), (["RAG Rating:", None, "Green"], "G", "C18"),
     (["RAG Rating:"], None, None)],
)  # fmt: skip
def test_typed_rag_forms(tmp_path, cells, rag, cell) -> None:
    rows = indicator_rows()
    rows[17] = cells
    ind, _ = read(tmp_path, rows)
    assert (ind.typed_rag, ind.typed_rag_cell) == (rag, cell)


@pytest.mark.parametrize(
    "label", ["2016/17 Target:", "2016/17 Targets", "2016/17: Target:", "Target"]
)
def test_target_label_forms(tmp_path, label) -> None:
    rows = indicator_rows(target="No more than 257")
    rows[6][0] = label
    ind, f = read(tmp_path, rows)
    assert ind.target.kind == "cap" and ind.target.value == 257 and ind.target.source == "sheet"
    assert ind.target.cell == "B7"
    t = [x for x in f if x.code == "TARGET_INFERRED"]
    assert (
        codes(t) == [("TARGET_INFERRED", "B7")]
        and "257" in t[0].message
        and t[0].severity == "info"
    )


def test_polarity_inferred_from_what_good_looks_like(tmp_path) -> None:
    ind, f = read(tmp_path, indicator_rows())
    assert ind.polarity == "lower" and ind.polarity_source == "sheet"
    assert ("POLARITY_INFERRED", "B6") in codes(f)


def test_polarity_inferred_from_target_when_words_say_nothing(tmp_path) -> None:
    ind, f = read(tmp_path, indicator_rows(good="Good performance is measured by the set targets.",
                                           target="More than 6587"))  # fmt: skip
    assert ind.polarity == "higher" and ("POLARITY_INFERRED", "B7") in codes(f)


def test_polarity_default_monitor(tmp_path) -> None:
    ind, f = read(
        tmp_path, indicator_rows(good="As described.", target="Service is demand driven.")
    )
    assert ind.polarity == "monitor" and ind.polarity_source == "default"
    assert ("POLARITY_INFERRED", None) in codes(f)


def test_settings_overrides_win_and_are_not_reported(tmp_path) -> None:
    ov = IndicatorOverride(polarity="higher", target="No more than 500", tolerance=0.05, profile="seasonal",
                           denominator="Households", per=100000.0)  # fmt: skip
    ind, f = read(tmp_path, indicator_rows(), settings(robbery=ov))
    assert ind.polarity == "higher" and ind.polarity_source == "settings"
    assert ind.target.kind == "cap" and ind.target.value == 500 and ind.target.source == "settings"
    assert (ind.tolerance, ind.profile, ind.denominator_name, ind.per) == (
        0.05,
        "seasonal",
        "Households",
        100000.0,
    )
    assert not {"TARGET_INFERRED", "POLARITY_INFERRED", "DENOMINATOR_MISSING"} & {x.code for x in f}


@pytest.mark.parametrize(
    "label,name,per",
    [("Per 1,000 Res", "Residents", 1000.0), ("Per 1,000 HH", "Households", 1000.0),
     ("Rate per 1,000 Population", "Residents", 1000.0), ("Rate per 100,000 residents", "Residents", 100000.0)],
)  # fmt: skip
def test_denominator_inferred_from_rate_label(tmp_path, label, name, per) -> None:
    rows = indicator_rows(grid=[["Month", 1, 2], [label, 0.1, 0.2]])
    ind, f = read(tmp_path, rows)
    assert (ind.denominator_name, ind.per) == (name, per)
    assert "DENOMINATOR_MISSING" not in {x.code for x in f}


def test_denominator_missing_at_rate_label(tmp_path) -> None:
    s = settings()
    s.denominators = {}
    ind, f = read(tmp_path, indicator_rows(), s)
    assert ind.denominator_name == "Residents"
    d = [x for x in f if x.code == "DENOMINATOR_MISSING"]
    assert codes(d) == [("DENOMINATOR_MISSING", "A14")] and d[0].severity == "warning"


def test_denominator_missing_when_override_names_unknown(tmp_path) -> None:
    s = settings(robbery=IndicatorOverride(denominator="Young people 1-19"))
    _, f = read(tmp_path, indicator_rows(), s)
    assert ("DENOMINATOR_MISSING", "A14") in codes(f)


def test_percentage_kind_from_rows_and_settings_named_rows(tmp_path) -> None:
    grid = [["Total sent out", 37, 69], ["Very Satisfied", 0, 0], ["Fairly Satisfied", 37, 69]]
    ind, _ = read(tmp_path, indicator_rows(grid=grid))
    assert ind.kind == "count"
    ov = IndicatorOverride(numerator_row="Fairly satisfied", denominator_row="Total sent out")
    ind, f = read(tmp_path, indicator_rows(grid=grid), settings(robbery=ov))
    assert ind.kind == "percentage" and ind.numerator_label == "Fairly satisfied"
    assert [r.kind for r in ind.grid.rows] == ["denominator", "unknown", "numerator"]
    ov = IndicatorOverride(numerator_row="Nope")
    _, f = read(tmp_path, indicator_rows(grid=grid), settings(robbery=ov))
    assert "SETTING_INVALID" in {x.code for x in f}


def test_percentage_and_snapshot_kinds(tmp_path) -> None:
    pct = [["Terminations (month)", 2, 5], ["Successful terminations", 3, 1]]
    assert read(tmp_path, indicator_rows(grid=pct))[0].kind == "percentage"
    snap = [["Number currently on programme", "Data collected quarterly", "TBC"]]
    assert read(tmp_path, indicator_rows(grid=snap))[0].kind == "snapshot"
    ind, _ = read(
        tmp_path, indicator_rows(grid=snap), settings(robbery=IndicatorOverride(kind="count"))
    )
    assert ind.kind == "count"


def test_indicator_without_grid(tmp_path) -> None:
    rows = [r for r in indicator_rows() if not (r and r[0] is None)]  # drop the header row
    ind, f = read(tmp_path, rows)
    assert ind is not None and ind.grid is None
    assert ("GRID_NOT_FOUND", None) in codes(f)


def test_sheet_that_is_not_an_indicator(tmp_path) -> None:
    """Not an indicator, and never silent: skipped with a located info note."""
    ind, f = read(tmp_path, [["Some notes"], ["More notes"]])
    assert ind is None and codes(f) == [("SHEET_SKIPPED", "A1")] and f[0].severity == "info"
    ind, f = read(tmp_path, indicator_rows(), name="Notes")
    assert ind is None and codes(f) == [("SHEET_SKIPPED", "A1")]
    assert "'Notes'" in f[0].message


def test_fy_from_title_when_no_settings_month(tmp_path) -> None:
    rows = indicator_rows(headers=month_headers(style="bare"))
    ind, _ = read(tmp_path, rows, Settings())
    assert ind.grid.fy == 2016 and ind.grid.fy_source == "title"


def test_period_mismatch_against_title(tmp_path) -> None:
    rows = indicator_rows(headers=month_headers(2015))
    _, f = read(tmp_path, rows, Settings())
    assert ("PERIOD_MISMATCH", "B9") in codes(f)


def test_row_synonyms_passed_through(tmp_path) -> None:
    rows = indicator_rows(grid=[["Calls", 1, 2]])
    ind, _ = read(tmp_path, rows, row_synonyms={"Calls": "actual"})
    assert ind.grid.rows[0].kind == "actual"


def test_grid_target_row_is_not_the_target_text(tmp_path) -> None:
    rows = indicator_rows(grid=[["Monthly", 26, 20], ["Target", 21, 43, 64]])
    rows[6] = ["History", "none"]  # no "2016/17 Target:" text on this sheet
    ind, f = read(tmp_path, rows)
    assert ind.target.kind == "none" and "Target" not in ind.texts
    assert "TARGET_INFERRED" not in {x.code for x in f}
    assert ind.grid.first("target").values[2] == 64


@pytest.mark.parametrize(
    "cells,rag,cell",
    [(["RAG Rating: Amber/Green"], "A", "A18"), (["RAG Rating:", "A/G"], "A", "B18"),
     (["RAG Rating:", "Nil"], "None", "B18"), (["RAG Status:", "For monitoring"], "None", "B18"),
     (["RAG Rating: -"], "None", "A18"), (["RAG Rating:", "Purple"], None, None)],
)  # fmt: skip
def test_typed_rag_uses_the_rules_wordings(tmp_path, cells, rag, cell) -> None:
    rows = indicator_rows()
    rows[17] = cells
    ind, _ = read(tmp_path, rows)
    assert (ind.typed_rag, ind.typed_rag_cell) == (rag, cell)


def test_override_target_not_understood_keeps_the_sheets_target(tmp_path) -> None:
    # an override from a config file or the command line, not checked by the Settings reader
    ind, f = read(tmp_path, indicator_rows(), settings(robbery=IndicatorOverride(target="0.7")))
    assert ind.target.kind == "reduction_pct" and ind.target.source == "sheet"
    bad = [x for x in f if x.code == "SETTING_INVALID"]
    assert len(bad) == 1 and bad[0].severity == "warning" and "0.7" in bad[0].message
    assert "TARGET_INFERRED" in {x.code for x in f}


def test_monitoring_override_target_replaces_the_sheets_target(tmp_path) -> None:
    ind, f = read(
        tmp_path, indicator_rows(), settings(robbery=IndicatorOverride(target="For monitoring"))
    )
    assert ind.target.kind == "none" and ind.target.source == "settings"
    assert "SETTING_INVALID" not in {x.code for x in f}
