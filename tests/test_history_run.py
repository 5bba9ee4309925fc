"""A folder run is its own history: no --history, each return borrows from its partnership's
strictly earlier returns in the run (never the same month, never a later one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from csp_excel.cli import app
from tests.history_books import another_partnership, history_folder, monthly_return
from tests.published import LAST_YEAR


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))


def _folder(tmp_path: Path) -> Path:
    folder = history_folder(tmp_path / "in")
    dec = monthly_return(folder, 8)
    shutil.copy(dec, folder / "bd copy 2016-12.xlsx")  # the same month twice
    another_partnership(dec, folder / "havering 2016-12.xlsx", "Havering")
    return folder


def _cells(path: Path, sheet: str) -> list[object]:
    return [c.value for row in openpyxl.load_workbook(path)[sheet].iter_rows() for c in row]


def test_folder_fill_borrows_from_earlier_months_without_an_option(tmp_path: Path) -> None:
    from csp_excel.bulk import bulk_cli

    folder = _folder(tmp_path)
    out = tmp_path / "out"
    results = bulk_cli([folder], out=out, workers=1, quiet=True)
    codes = {Path(r.file).name: [f.code for f in r.findings] for r in results}
    for dec in ("bd 2016-12.xlsx", "bd copy 2016-12.xlsx"):
        assert codes[dec].count("REVISED") == 2  # May-16 and Sep-16, as in tests/history_books
        assert codes[dec].count("HISTORY") == 2  # one borrowed-months note per indicator
    assert codes["bd 2016-03.xlsx"].count("HISTORY") == 0  # nothing earlier than March 2016
    assert codes["havering 2016-12.xlsx"].count("HISTORY") == 0  # another partnership
    assert codes["bd 2016-04.xlsx"].count("HISTORY") == 2  # April borrows last year
    notes = [str(v) for v in _cells(out / "bd 2016-12.filled.xlsx", "TNO") if v]
    assert "Apr-15…Mar-16 from 'bd 2016-03.xlsx'" in notes
    sources = [n for n in notes if " from '" in n]
    assert not any("copy" in n or "2016-12" in n for n in sources)  # the same month never lends
    # a return never borrows from a later one: April's notes name only March
    april = [str(v) for v in _cells(out / "bd 2016-04.filled.xlsx", "TNO") if v]
    named = {n for n in april if " from '" in n}
    assert named and all("'bd 2016-03.xlsx'" in n for n in named)


def test_the_run_says_how_many_returns_used_history(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = CliRunner().invoke(app, ["fill", str(folder), "--out", str(tmp_path / "o"),
                                      "--workers", "1"])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    # 9 bd months after March (April ... December), the December copy; not March, not Havering
    assert "10 of 12 return(s) used figures from earlier returns (history)." in result.output


def test_a_second_run_reads_the_figures_from_the_store(tmp_path: Path) -> None:
    from csp_excel.bulk.plan import plan
    from csp_excel.bulk.run_history import with_run_history
    from csp_excel.history_store import Store, file_sha256
    from csp_excel.service_history import variant_of

    folder = _folder(tmp_path)
    files = sorted(folder.glob("*.xlsx"))
    first = with_run_history(plan(files, tmp_path / "o", "fill", False, False), 1)
    store = Store()
    for f in files:  # every file's figures were kept under its sha256
        assert store.get(file_sha256(f), variant_of(None)) is not None
    store.close()
    second = with_run_history(plan(files, tmp_path / "o", "fill", False, False), 1)
    assert [t.earlier for t in first] == [t.earlier for t in second]
    dec = next(t for t in second if t.label == "bd 2016-12.xlsx")
    assert sorted(dec.earlier.shas) == sorted(
        f.name for f in files if f.name.startswith("bd 2016-") and f.name != "bd 2016-12.xlsx"
    )


def test_a_folder_export_names_the_earlier_return_a_figure_came_from(tmp_path: Path) -> None:
    from csp_excel.bulk import bulk_tidy

    folder = _folder(tmp_path)
    rows = list(bulk_tidy(sorted(folder.glob("*.xlsx")), workers=1, base=folder))
    tno = {
        (r["file"], r["measure"], r["period"]): r for r in rows if r["sheet"] == "TNO"
    }  # fmt: skip
    for dec in ("bd 2016-12.xlsx", "bd copy 2016-12.xlsx"):
        apr = tno[(dec, "actual_last_year", "2016-04")]
        assert apr["source_file"] == "bd 2016-03.xlsx"
        assert apr["value"] == LAST_YEAR["TNO"][0]
    other = tno[("havering 2016-12.xlsx", "actual_last_year", "2016-04")]  # another partnership
    assert other["value"] is None and other["source_file"] == "havering 2016-12.xlsx"


def test_history_adds_another_folder_read_once_for_the_run(tmp_path: Path) -> None:
    from csp_excel.bulk import bulk_cli
    from csp_excel.core.model import Settings

    hist = history_folder(tmp_path / "hist")  # March ... November, outside the run
    run = tmp_path / "run"
    run.mkdir()
    dec = monthly_return(run, 8)
    shutil.copy(dec, run / "bd copy 2016-12.xlsx")
    settings = Settings(source="options", history_folder=str(hist.resolve()))
    results = bulk_cli([run], out=tmp_path / "out", workers=1, quiet=True, settings=settings)
    for r in results[:2]:
        codes = [f.code for f in r.findings]
        assert codes.count("REVISED") == 2 and codes.count("HISTORY") == 2, Path(r.file).name
    notes = [str(v) for v in _cells(tmp_path / "out" / "bd 2016-12.filled.xlsx", "TNO") if v]
    assert "Apr-15…Mar-16 from 'bd 2016-03.xlsx'" in notes


def test_the_parent_keeps_no_figures_the_store_holds_and_borrows_without_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory (issue #13): the parent keeps each return's month and partnerships, and takes a
    lender's figures from the store when a task is built; with no usable store (a cache folder
    that is a file) the figures stay in memory and the borrowing is the same."""
    from csp_excel.bulk.plan import plan
    from csp_excel.bulk.run_history import with_run_history

    folder = _folder(tmp_path)
    files = sorted(folder.glob("*.xlsx"))
    with_store = with_run_history(plan(files, tmp_path / "o", "fill", False, False), 1)
    blocked = tmp_path / "not a folder"
    blocked.write_text("x")
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(blocked))
    no_store = with_run_history(plan(files, tmp_path / "o", "fill", False, False), 1)

    def lent(tasks: list) -> dict[str, list[tuple[str, int]]]:
        return {
            Path(t.path).name: [(e.file, len(e.figures)) for e in t.earlier.earlier]
            for t in tasks
            if t.earlier is not None
        }

    assert lent(with_store) == lent(no_store)
    december = dict(lent(with_store)["bd 2016-12.xlsx"])
    assert december["bd 2016-03.xlsx"] > 0  # last year's figures reached the December task
