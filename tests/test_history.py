"""Earlier returns supply the months a return lacks; revisions between returns are found.

The returns are real workbooks (tests/history_books.py) built from the seed's published figures;
the expected rolling 12 months, rates and SPC limits are computed here from the raw numbers.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from statistics import mean

import openpyxl
import pytest
from typer.testing import CliRunner

from csp_excel import service
from csp_excel.cli import app
from csp_excel.core.model import Settings
from csp_excel.history_store import Store
from csp_excel.service_history import load_folder
from tests.history_books import (
    NAMES,
    actual,
    history_folder,
    last_year_return,
    monthly_return,
    single_return,
)
from tests.lo import soffice
from tests.published import LAST_YEAR

RESIDENTS_DEC_16 = 201979


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own store, so none reads another's (or the user's) cache."""
    where = tmp_path / "cache"
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(where))
    return where


@pytest.fixture()
def books(tmp_path: Path) -> tuple[Path, Path]:
    """(the December return carrying only 2016/17, its history folder)."""
    hist = history_folder(tmp_path / "hist")
    return monthly_return(tmp_path, 8), hist


def _with(hist: Path, **kw: object) -> Settings:
    return Settings(source="options", history_folder=str(hist), **kw)  # type: ignore[arg-type]


def test_history_gives_what_one_return_with_both_years_gives(books, tmp_path) -> None:
    dec, hist = books
    borrowed = service.analyse_file(dec, _with(hist))
    both = service.analyse_file(single_return(tmp_path / "both.xlsx"))
    assert [r.indicator.key for r in borrowed.results] == list(NAMES)
    for got, want, name in zip(borrowed.results, both.results, NAMES, strict=True):
        points = [float(v) for v in LAST_YEAR[name]] + actual(name)
        r12 = sum(points[-12:])
        assert got.computed.r12[8] == pytest.approx(r12)
        assert got.computed.rate[8] == pytest.approx(r12 / RESIDENTS_DEC_16 * 1000)
        spc = got.computed.spc
        assert spc is not None and spc.values == points
        assert spc.mean == pytest.approx(mean(points))
        moving = mean(abs(a - b) for a, b in zip(points[1:], points, strict=False))
        assert spc.upper == pytest.approx(mean(points) + 2.66 * moving)
        assert got.computed.r12 == want.computed.r12
        assert got.computed.rate == want.computed.rate
        assert got.computed.pct_change == want.computed.pct_change
        assert spc == want.computed.spc


def test_without_history_last_year_is_blank(books) -> None:
    dec, _ = books
    alone = service.analyse_file(dec)
    assert all(v is None for v in alone.results[0].computed.r12)
    assert not [f for f in alone.findings if f.code in ("HISTORY", "REVISED")]


def test_the_revisions_are_found_exactly(books) -> None:
    dec, hist = books
    found = [f for f in service.analyse_file(dec, _with(hist)).findings if f.code == "REVISED"]
    assert [(f.severity, f.sheet, f.cell, f.expected, f.found) for f in found] == [
        ("info", "TNO", None, 1635.0, 1639.0),
        ("info", "TNO", None, 1427.0, 1425.0),
    ]
    assert [f.message for f in found] == [
        "Total Notifiable Offences (TNO's), May-16 (actual): 1,635 in 'bd 2016-06.xlsx' "
        "('TNO'!C10) is 1,639 in 'bd 2016-07.xlsx' ('TNO'!C10): revised by +4 (+0.2%).",
        "Total Notifiable Offences (TNO's), Sep-16 (actual): 1,427 in 'bd 2016-09.xlsx' "
        "('TNO'!G10) is 1,425 in 'bd 2016-10.xlsx' ('TNO'!G10): revised by -2 (-0.1%).",
    ]


def test_a_revision_in_the_return_itself_is_located_at_its_cell(books, tmp_path) -> None:
    dec, hist = books
    wb = openpyxl.load_workbook(dec)
    wb["Robbery"]["E10"] = 50  # Jul-16 was 47 in every earlier return
    wb.save(dec)
    found = [f for f in service.analyse_file(dec, _with(hist)).findings if f.code == "REVISED"]
    robbery = [f for f in found if f.sheet == "Robbery"]
    assert [(f.cell, f.expected, f.found) for f in robbery] == [("E10", 47.0, 50.0)]
    assert (
        "47 in 'bd 2016-11.xlsx' ('Robbery'!E10) is 50 in 'bd 2016-12.xlsx'" in robbery[0].message
    )


def test_the_settings_threshold_makes_a_big_revision_a_warning(books) -> None:
    dec, _ = books
    wb = openpyxl.load_workbook(dec)
    ws = wb["Settings"]
    ws.insert_rows(6, 2)
    ws["A6"], ws["B6"] = "Revision threshold", "0.2%"
    ws["A7"], ws["B7"] = "History folder", "hist"  # relative to the return
    wb.save(dec)
    found = [f for f in service.analyse_file(dec).findings if f.code == "REVISED"]
    assert [(f.severity, f.expected) for f in found] == [("warning", 1635.0), ("info", 1427.0)]


def test_the_returns_own_figures_win_and_later_returns_are_not_used(books, tmp_path) -> None:
    dec, hist = books
    monthly_return(hist, 8)  # the December return itself, copied into its own history
    (tmp_path / "nov").mkdir()
    nov = monthly_return(tmp_path / "nov", 7)
    r = service.analyse_file(nov, _with(hist))
    assert r.results[0].computed.actual[:9] == [*actual("TNO")[:8], None]
    r = service.analyse_file(dec, _with(hist))
    assert r.results[0].computed.actual[:9] == actual("TNO")
    files = " ".join(f.message for f in r.findings if f.code == "HISTORY")
    assert "bd 2016-12.xlsx" not in files


def test_another_partnerships_returns_are_not_used(books, tmp_path) -> None:
    dec, _ = books
    other = tmp_path / "other"
    other.mkdir()
    wb_path = last_year_return(other)
    wb = openpyxl.load_workbook(wb_path)
    wb["Settings"]["B2"] = "Havering"
    wb.save(wb_path)
    r = service.analyse_file(dec, _with(other))
    assert all(v is None for v in r.results[0].computed.r12)
    assert not [f for f in r.findings if f.code == "HISTORY"]


def test_the_store_is_used_on_a_second_run_and_rebuilt_after_corruption(books, cache) -> None:
    _, hist = books
    path = cache / "history.sqlite3"
    first = Store(path)
    cold = load_folder(hist, store=first)
    assert (first.stats.hits, first.stats.misses) == (0, 9)
    first.close()
    second = Store(path)
    warm = load_folder(hist, store=second)
    assert (second.stats.hits, second.stats.misses) == (9, 0)
    assert warm.earlier == cold.earlier
    second.close()
    with sqlite3.connect(path) as db:  # one entry tampered with: its checksum fails
        db.execute("UPDATE entries SET payload = replace(payload, '1342.0', '9999.0')")
    third = Store(path)
    again = load_folder(hist, store=third)
    assert third.stats.bad_entries == 1 and again.earlier == cold.earlier
    third.close()
    path.write_bytes(b"not a database" * 100)  # the whole store damaged: rebuilt
    fourth = Store(path)
    assert fourth.stats.rebuilt == 1
    assert load_folder(hist, store=fourth).earlier == cold.earlier
    assert (fourth.stats.hits, fourth.stats.misses) == (0, 9)
    fourth.close()


def test_a_changed_file_is_read_again(books, cache) -> None:
    _, hist = books
    path = cache / "history.sqlite3"
    store = Store(path)
    load_folder(hist, store=store)
    wb = openpyxl.load_workbook(hist / "bd 2016-03.xlsx")
    wb["TNO"]["B10"] = 1
    wb.save(hist / "bd 2016-03.xlsx")
    store.stats.hits = store.stats.misses = 0
    after = load_folder(hist, store=store)
    assert (store.stats.hits, store.stats.misses) == (8, 1)
    march = next(e for e in after.earlier if e.file == "bd 2016-03.xlsx")
    assert march.figures[0].value == 1.0
    store.close()


def test_an_unwritable_cache_still_fills(books, tmp_path, monkeypatch) -> None:
    dec, hist = books
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(blocker / "cache"))
    r = service.analyse_file(dec, _with(hist))
    assert r.results[0].computed.r12[8] == pytest.approx(
        sum(LAST_YEAR["TNO"][-3:]) + sum(actual("TNO"))
    )


def test_the_filled_workbook_says_where_figures_came_from(books, tmp_path) -> None:
    dec, hist = books
    out = tmp_path / "out.xlsx"
    result = service.fill_file(dec, out, settings=_with(hist))
    assert result.output == str(out)
    wb = openpyxl.load_workbook(out)
    notes = [c.value for row in wb["TNO"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Apr-15…Mar-16 from 'bd 2016-03.xlsx'" in notes
    assert any(
        n.startswith("Row 10 of the return: 'Month'; revised between returns") for n in notes
    )
    quality = [str(c.value) for row in wb["Data quality"].iter_rows() for c in row if c.value]
    assert sum(1 for v in quality if v == "REVISED") == 2
    assert any("1,635 in 'bd 2016-06.xlsx'" in v for v in quality)


def test_the_tidy_export_names_the_source_file_and_the_revisions(books) -> None:
    dec, hist = books
    result = service.analyse_file(dec, _with(hist))
    rows = list(service.tidy_rows_of(result, dec.name))
    tno = {(r["measure"], r["period"]): r for r in rows if r["sheet"] == "TNO"}
    # SPEC section 10: last year's April is the 2016-04 row's actual_last_year
    assert tno[("actual_last_year", "2016-04")]["source_file"] == "bd 2016-03.xlsx"
    assert tno[("actual_last_year", "2016-04")]["value"] == LAST_YEAR["TNO"][0]
    assert tno[("actual", "2016-05")]["source_file"] == "bd 2016-12.xlsx"
    assert [tno[("actual", p)]["revised"] for p in ("2016-04", "2016-05", "2016-09")] == [
        False, True, True,
    ]  # fmt: skip
    assert tno[("r12", "2016-12")]["source_file"] == "bd 2016-12.xlsx"


runner = CliRunner()


def test_cli_fill_validate_export_inspect_with_history(books, tmp_path) -> None:
    dec, hist = books
    out = tmp_path / "filled.xlsx"
    r = runner.invoke(app, ["fill", str(dec), "--history", str(hist), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines() == [
        f"✔ bd 2016-12.xlsx → {out} (0 error(s), 2 warning(s))",
        "  WARNING RAG_MISMATCH 'TNO'!A13: Year to date 13,207 is 6.5% above the target of "
        "12,395.60 (5% below last year): within the 10% tolerance, so Amber, but the return "
        "says Green.",
        "  WARNING NARRATIVE_MISMATCH 'TNO'!B12: The Performance Overview quotes a 8% change in "
        "the year-to-date figure but the grid's change at December 2016 is +1%.",
    ]
    r = runner.invoke(app, ["validate", str(dec), "--history", str(hist), "--json"])
    import json

    codes = [f["code"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert codes.count("REVISED") == 2 and codes.count("HISTORY") == 2
    csv_out = tmp_path / "t.csv"
    r = runner.invoke(app, ["export", str(dec), "--history", str(hist), "--out", str(csv_out)])
    assert r.exit_code == 0, r.output
    assert csv_out.read_text(encoding="utf-8").splitlines()[0].endswith(",source_file,revised")
    r = runner.invoke(app, ["inspect", str(dec), "--history", str(hist)])
    assert f"History folder: {hist.resolve()}" in r.stdout
    assert "  TNO: matched in 'bd 2016-03.xlsx' (same sheet: TNO), 'bd 2016-04.xlsx'" in r.stdout
    r = runner.invoke(app, ["inspect", str(dec), "--history", str(hist), "--json"])
    doc = json.loads(r.stdout)["history"]
    assert doc["folder"] == str(hist.resolve())
    assert doc["indicators"]["Robbery"][0] == {
        "file": "bd 2016-03.xlsx", "indicator": "Robbery", "rule": "same sheet",
    }  # fmt: skip
    assert len(doc["indicators"]["TNO"]) == 9


def test_cli_history_that_is_not_a_folder(books, tmp_path) -> None:
    dec, _ = books
    r = runner.invoke(app, ["fill", str(dec), "--history", str(tmp_path / "nowhere")])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"Error: --history {tmp_path / 'nowhere'}: no such folder."


def test_the_excel_button_reads_the_history_folder_setting(books) -> None:
    from csp_excel.excel import DATA_QUALITY, validate_book
    from tests.xw_double import Book

    dec, _ = books
    wb = openpyxl.load_workbook(dec)
    ws = wb["Settings"]
    ws.insert_rows(6, 1)
    ws["A6"], ws["B6"] = "History folder", "hist"  # relative to the saved workbook
    wb.save(dec)
    book = Book.from_xlsx(dec)
    book.fullname = str(dec)  # type: ignore[attr-defined]  # as xlwings' Book.fullname
    validate_book(book)
    dq = book.sheets[DATA_QUALITY]
    codes = [v for (r, c), v in dq.cells.items() if c == 2]
    assert codes.count("REVISED") == 2 and codes.count("HISTORY") == 2


def test_a_return_that_names_no_partnership_borrows_nothing_and_says_why(books) -> None:
    dec, hist = books
    wb = openpyxl.load_workbook(dec)
    wb["Settings"]["B2"] = None
    wb.save(dec)
    r = service.analyse_file(dec, _with(hist))
    assert all(v is None for v in r.results[0].computed.r12)
    said = [(f.severity, f.sheet, f.message) for f in r.findings if f.code == "HISTORY"]
    assert said == [
        ("info", None, "bd 2016-12.xlsx names no partnership (a 'Partnership' setting), so its "
         "earlier returns could not be matched and none of their figures was used."),
    ]  # fmt: skip


def test_an_unreadable_earlier_file_is_reported_and_left_out(books) -> None:
    dec, hist = books
    (hist / "broken.xlsx").write_bytes(b"not a workbook")
    r = service.analyse_file(dec, _with(hist))
    said = [f.message for f in r.findings if f.code == "HISTORY" and f.sheet is None]
    assert len(said) == 1 and said[0].startswith("The earlier return 'broken.xlsx' was not used: ")
    assert r.results[0].computed.r12[8] == pytest.approx(17587)


@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CSP_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice (soffice) is not installed; CSP_REQUIRE_LIBREOFFICE=1 makes this fail",
)
def test_libreoffice_recalculates_a_workbook_filled_from_history(books, tmp_path) -> None:
    """The borrowed months are inputs the formulas read: LibreOffice gets our cached values."""
    from tests.lo import compare, recalc

    dec, hist = books
    out = tmp_path / "out.xlsx"
    service.fill_file(dec, out, settings=_with(hist))
    n, bad = compare(out, recalc(out, tmp_path / "lo"))
    assert n > 100
    assert bad == []
