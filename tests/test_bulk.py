"""Bulk conversion: discovery, worker pool (crash isolation, order), summary and comparison
workbooks read back, and a real folder end to end (fill, summary, comparison, tidy parquet).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_excel.bulk import BulkItem, Task, discover, plan, run_bulk
from csp_excel.core.model import Finding
from csp_excel.errors import OutputExists, UsageError
from csp_excel.writers.comparison import group_indicators, norm, rank_values, write_comparison
from csp_excel.writers.summary import write_summary

ROOT = Path(__file__).resolve().parents[1]


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- discovery / plan


def test_discover_skips_locks_outputs_and_hidden(tmp_path: Path) -> None:
    keep = [
        _touch(tmp_path / "a.xlsx"),
        _touch(tmp_path / "B.XLSX"),
        _touch(tmp_path / "c.xlsm"),
        _touch(tmp_path / "old.xls"),  # a legacy .xls is read in a folder too
        _touch(tmp_path / "sub" / "a.xlsx"),
        _touch(tmp_path / "sub" / "summary.xlsx"),  # a user's file of that name is an input
    ]
    for name in ["~$a.xlsx", "a.filled.xlsx", "c.filled.xlsm", ".a.x1y2.tmp.xlsx", "notes.txt",
                 ".hidden/d.xlsx"]:  # fmt: skip
        _touch(tmp_path / name)
    write_summary([], tmp_path / "summary.xlsx")  # our own reports are skipped
    write_comparison([], tmp_path / "comparison (csp-excel).xlsx")
    found = discover([tmp_path, tmp_path / "a.xlsx", tmp_path / "sub"])
    assert found == sorted(keep)
    # a file named explicitly is taken as given, even if a folder scan would skip it
    assert discover([tmp_path / "a.filled.xlsx"]) == [tmp_path / "a.filled.xlsx"]
    with pytest.raises(UsageError):
        discover([tmp_path / "missing"])


def test_plan_mirrors_subfolders_so_outputs_never_collide(tmp_path: Path) -> None:
    a = _touch(tmp_path / "in" / "north" / "same.xlsx")
    b = _touch(tmp_path / "in" / "south" / "same.xlsx")
    c = _touch(tmp_path / "in" / "top.xlsm")
    d = _touch(tmp_path / "in" / "top.xlsx")
    out = tmp_path / "out"
    tasks = plan([a, b, c, d], out, "fill", False, False, base=(tmp_path / "in").resolve())
    assert [Path(t.output or "") for t in tasks] == [
        out / "north" / "same.filled.xlsx",
        out / "south" / "same.filled.xlsx",
        out / "top.filled.xlsx",  # a new workbook has no macros, so .xlsx
        out / "top-2.filled.xlsx",  # ... and top.xlsx beside it must not overwrite it
    ]
    assert [t.label for t in tasks] == [
        "north/same.xlsx",
        "south/same.xlsx",
        "top.xlsm",
        "top.xlsx",
    ]
    kept = plan([c], out, "fill", False, True, base=(tmp_path / "in").resolve())
    assert Path(kept[0].output or "").name == "top.filled.xlsm"  # layout kept: macros kept
    beside = plan([a, b], None, "fill", False, False)
    assert [Path(t.output or "") for t in beside] == [
        a.with_name("same.filled.xlsx"),
        b.with_name("same.filled.xlsx"),
    ]
    # no common base (e.g. two drives): flat names, numbered on a clash
    flat = plan([a, b], out, "fill", False, False, base=tmp_path / "elsewhere")
    assert [Path(t.output or "").name for t in flat] == ["same.filled.xlsx", "same-2.filled.xlsx"]


# --------------------------------------------------------------------------- the pool


def fake_worker(task: Task) -> BulkItem:
    """Module level so spawned workers can import it. 'crash*' files kill their worker."""
    name = Path(task.path).name
    if name.startswith("crash"):
        time.sleep(0.05)
        os._exit(3)
    time.sleep(0.2)  # slower than the crash, so other files are in flight when the pool breaks
    return BulkItem(file=task.path, status="ok", label=task.label, partnership=name, seconds=0.01)


def test_worker_crash_marks_only_that_file_failed(tmp_path: Path) -> None:
    names = ["a.xlsx", "crash.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]
    files = [_touch(tmp_path / n) for n in names]
    seen: list[str] = []
    results = run_bulk(
        files, workers=2, mode="validate", progress=lambda r: seen.append(Path(r.file).name),
        worker=fake_worker,
    )  # fmt: skip
    assert [Path(r.file).name for r in results] == names  # input order kept
    assert sorted(seen) == sorted(names)  # progress heard about every file once
    by = {Path(r.file).name: r for r in results}
    assert by["crash.xlsx"].status == "failed"
    assert [f.code for f in by["crash.xlsx"].findings] == ["WORKER_CRASHED"]
    assert "stopped unexpectedly" in by["crash.xlsx"].findings[0].message
    assert all(by[n].status == "ok" for n in names if n != "crash.xlsx")


def test_in_process_mode_runs_every_file(tmp_path: Path) -> None:
    files = [_touch(tmp_path / f"f{i}.xlsx") for i in range(4)]
    results = run_bulk(files, workers=1, mode="validate", worker=fake_worker)
    assert [r.status for r in results] == ["ok"] * 4
    with pytest.raises(UsageError):
        run_bulk(files, mode="export")


# --------------------------------------------------------------------------- writers (no reader)


def _ind(sheet: str, partnership: str, rate: float | None, rag: str, title: str | None = None,
         polarity: str = "lower", pct_ytd: float | None = None) -> dict:  # fmt: skip
    return {
        "sheet": sheet, "title": title or sheet, "fy": "2016/17", "period": "Dec-16",
        "frequency": "monthly", "kind": "count", "polarity": polarity, "per": 1000.0,
        "denominator": "Residents", "ytd": 100.0, "r12": 150.0, "rate": rate, "pct_change": -0.05,
        "pct_ytd": pct_ytd, "rag": rag, "dot": "improved", "partnership": partnership,
        "reporting_month": "December 2016",
    }  # fmt: skip


def _items(tmp_path: Path) -> list[BulkItem]:
    out = _touch(tmp_path / "out" / "north" / "x.filled.xlsx")
    bad = Finding("YTD_MISMATCH", "error", "Robbery", "C14", "=cmd|' /C calc'!A0", 397, 398)
    warn = Finding("RAG_MISMATCH", "warning", "Robbery", "A20", "The typed RAG is G.", "R", "G")
    return [
        BulkItem(file=str(tmp_path / "north" / "x.xlsx"), status="findings", findings=[bad, warn],
                 output=str(out), seconds=0.5, label="north/x.xlsx", partnership="=Ashford",
                 reporting_month="December 2016",
                 indicators=[_ind("Robbery", "=Ashford", 2.5, "R"),
                             _ind("Satisfaction", "=Ashford", None, "G", polarity="higher", pct_ytd=0.8)]),
        BulkItem(file=str(tmp_path / "south" / "x.xlsx"), status="ok", seconds=0.4,
                 output=str(tmp_path / "out" / "south" / "x.filled.xlsx"), label="south/x.xlsx",
                 partnership="Brent", reporting_month="December 2016",
                 indicators=[_ind("ROBBERY ", "Brent", 1.5, "G", title="Robbery"),
                             _ind("Satisfaction", "Brent", None, "A", polarity="higher", pct_ytd=0.7)]),
        BulkItem(file=str(tmp_path / "c.xlsx"), status="ok", seconds=0.3, label="c.xlsx",
                 partnership="Camden", reporting_month="December 2016",
                 indicators=[_ind("Robbery", "Camden", 1.5, "A"),
                             _ind("Hate Crime", "Camden", None, "None", polarity="monitor")]),
        BulkItem(file=str(tmp_path / "empty.xlsx"), status="failed", label="empty.xlsx",
                 findings=[Finding("FILE_UNREADABLE", "error", None, None, "empty.xlsx is empty.")]),
    ]  # fmt: skip


def _one_page_wide(ws) -> bool:  # type: ignore[no-untyped-def]
    """Fit to page on, width 1 (the default, so absent), height 0 (as many pages as needed)."""
    setup = ws.page_setup
    return (
        bool(ws.sheet_properties.pageSetUpPr.fitToPage)
        and (setup.fitToWidth in (None, 1))
        and (setup.fitToHeight == 0)
    )


def test_summary_workbook_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "out" / "summary.xlsx"
    write_summary(_items(tmp_path), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Files", "Findings"]
    files = wb["Files"]
    rows = list(files.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["north/x.xlsx", "south/x.xlsx", "c.xlsx", "empty.xlsx"]
    assert [r[3] for r in rows] == ["findings", "ok", "ok", "failed"]
    assert [(r[4], r[5]) for r in rows] == [(1, 1), (0, 0), (0, 0), (1, 0)]
    assert files["B2"].value == "=Ashford" and files["B2"].data_type == "s"  # never a formula
    assert files["D2"].fill.fgColor.rgb.endswith("FFEB9C")  # amber
    assert files["D5"].fill.fgColor.rgb.endswith("FFC7CE")  # red
    assert files["D3"].fill.fgColor.rgb.endswith("C6EFCE")  # green
    link = files["I2"].hyperlink
    assert link is not None and link.target.replace("\\", "/") == "north/x.filled.xlsx"
    assert files["I5"].value is None  # failed: no output
    assert files.freeze_panes == "B2" and files.auto_filter.ref.startswith("A1")
    assert files.page_setup.orientation == "landscape" and _one_page_wide(files)
    found = list(wb["Findings"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in found] == [
        ("north/x.xlsx", "YTD_MISMATCH"),
        ("north/x.xlsx", "RAG_MISMATCH"),
        ("empty.xlsx", "FILE_UNREADABLE"),
    ]
    assert found[0][5] == "=cmd|' /C calc'!A0" and wb["Findings"]["F2"].data_type == "s"
    assert found[0][3:5] == ("Robbery", "C14") and found[0][6:8] == (397, 398)
    with pytest.raises(OutputExists):
        write_summary(_items(tmp_path), out)
    write_summary([], out, force=True)  # replaced only with force


def test_comparison_workbook_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "comparison.xlsx"
    write_comparison(_items(tmp_path), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Overview"
    assert set(wb.sheetnames[1:]) == {"Robbery", "Satisfaction", "Hate Crime"}
    ws = wb["Robbery"]  # "Robbery" and "ROBBERY " are one indicator
    header = [c.value for c in ws[4]]
    assert header[:4] == ["Partnership", "Reporting period", "Latest rolling 12 months",
                          "Rate per 1,000"]  # fmt: skip
    body = list(ws.iter_rows(min_row=5, max_row=7, values_only=True))
    assert [r[0] for r in body] == ["=Ashford", "Brent", "Camden"]
    assert ws["A5"].data_type == "s"
    assert [r[3] for r in body] == [2.5, 1.5, 1.5]
    assert [r[6] for r in body] == [1, 3, 2]  # RAG codes for the icon set
    assert [r[7] for r in body] == ["Red", "Green", "Amber"]
    assert "RANK(D5,$D$5:$D$7,1)" in ws["I5"].value  # live formula, lower rate ranks first
    cached = openpyxl.load_workbook(out, data_only=True)["Robbery"]
    assert [cached.cell(r, 9).value for r in (5, 6, 7)] == [3, 1, 1]  # ties share rank 1
    sat = openpyxl.load_workbook(out, data_only=True)["Satisfaction"]
    assert [sat.cell(r, 9).value for r in (5, 6)] == [1, 2]  # higher YTD % is better
    assert any(cf.rules[0].type == "iconSet" for cf in ws.conditional_formatting)
    overview = list(wb["Overview"].iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[1]) for r in overview] == [
        ("Robbery", 3),
        ("Satisfaction", 2),
        ("Hate Crime", 1),
    ]
    assert overview[0][2:5] == (1, 1, 1)  # one Green, one Amber, one Red
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3  # unranked Hate Crime still charts its rolling 12 months
    assert ws.page_setup.orientation == "landscape" and _one_page_wide(ws)
    # each bar in its partnership's RAG colour, in the table's order (Red, Green, Amber)
    assert _bar_colours(out, "Robbery") == ["C00000", "00B050", "FFC000"]
    with zipfile.ZipFile(out) as z:
        texts = " ".join(z.read(n).decode() for n in charts)
    assert "YTD % by partnership" in texts and "Ytd" not in texts


def _bar_colours(book: Path, sheet: str) -> list[str]:
    """The fill colour of each bar of the chart that plots `sheet`, in point order."""
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if not name.startswith("xl/charts/chart"):
                continue
            xml = z.read(name).decode()
            if f"<c:f>{sheet}!" not in xml:
                continue
            points = re.findall(r"<c:dPt>(.*?)</c:dPt>", xml, re.S)
            idx = [int(re.search(r'<c:idx val="(\d+)"', p)[1]) for p in points]  # type: ignore[index]
            assert idx == list(range(len(points)))
            return [re.search(r'srgbClr val="([0-9A-F]{6})"', p)[1] for p in points]  # type: ignore[index]
    raise AssertionError(f"no chart plots {sheet}")


def test_grouping_by_title_when_sheet_names_differ() -> None:
    a = BulkItem(
        file="a.xlsx",
        status="ok",
        indicators=[_ind("Rob", "A", 1.0, "G", title="MOPAC 7: Robbery")],
    )
    b = BulkItem(
        file="b.xlsx",
        status="ok",
        indicators=[_ind("Robbery", "B", 2.0, "G", title="MOPAC 7: Robbery")],
    )
    # a title shared by two sheets in one file identifies nothing: not used to join
    c = BulkItem(file="c.xlsx", status="ok", indicators=[_ind("X", "C", 1.0, "G", title="Same"),
                                                           _ind("Y", "C", 1.0, "G", title="Same")])  # fmt: skip
    groups = group_indicators([a, b, c])
    assert [len(g) for g in groups] == [2, 1, 1]
    assert norm("Theft & Handling ") == norm("theft and  handling")


@given(st.lists(st.one_of(st.none(), st.integers(0, 5).map(float)), max_size=12), st.booleans())
def test_rank_values_matches_excel_rank(values: list[float | None], higher: bool) -> None:
    ranks = rank_values(values, higher)
    nums = sorted((v for v in values if v is not None), reverse=higher)
    for v, r in zip(values, ranks, strict=True):
        assert (r is None) == (v is None)
        if v is not None:
            assert r == nums.index(v) + 1  # first position of the value in sorted order


# --------------------------------------------------------------------------- end to end


def _make_returns():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_returns", ROOT / "benchmarks" / "make_returns.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_returns", mod)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good returns (samples when present, else generated), bad files, a lock file, same names."""
    root = tmp_path_factory.mktemp("returns")
    mr = _make_returns()
    samples = sorted((ROOT / "samples").glob("*.xlsx"))[:2]
    for s in samples:
        shutil.copy(s, root / s.name)
    for i in range(3 - len(samples)):
        mr.make_return(root / f"gen_{i}.xlsx", i, seed=7, n_indicators=4)
    (root / "north").mkdir()
    (root / "south").mkdir()
    mr.make_return(root / "north" / "same.xlsx", 10, seed=7, n_indicators=4)
    mr.make_return(root / "south" / "same.xlsx", 11, seed=7, n_indicators=4)
    (root / "empty.xlsx").write_bytes(b"")
    (root / "csv.xlsx").write_text("Month,Apr-16\nRobbery,37\n")
    shutil.copy(root / "north" / "same.xlsx", root / "~$same.xlsx")
    return root


@pytest.fixture(scope="module")
def filled(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    from csp_excel.bulk import bulk_cli

    out = tmp_path_factory.mktemp("out")
    before = {p: p.read_bytes() for p in folder.rglob("*.xlsx")}
    results = bulk_cli([folder], out=out, workers=2, quiet=True)
    assert {p: p.read_bytes() for p in folder.rglob("*.xlsx")} == before  # inputs untouched
    return out, results


def test_folder_fill_statuses_and_outputs(folder: Path, filled: tuple[Path, list]) -> None:
    out, results = filled
    *results, not_compared = results  # the comparison says which return it left out
    assert Path(not_compared.file) == out / "comparison.xlsx"
    assert [f.code for f in not_compared.findings] == ["NOT_COMPARED"]
    assert "barking_dagenham_2016-12" in not_compared.findings[0].message
    by = {Path(r.file).relative_to(folder).as_posix(): r for r in results}
    assert "~$same.xlsx" not in by
    assert by["empty.xlsx"].status == "failed" and by["csv.xlsx"].status == "failed"
    assert by["csv.xlsx"].findings[0].code.startswith("FILE_")
    good = [k for k in by if k not in ("empty.xlsx", "csv.xlsx")]
    assert len(good) == 5
    for k in good:
        assert by[k].status in ("ok", "findings"), by[k].findings
        assert by[k].output and Path(by[k].output).exists()
        assert by[k].ret is None  # the parent never holds a parsed Return
    assert (out / "north" / "same.filled.xlsx").exists()
    assert (out / "south" / "same.filled.xlsx").exists()
    assert len(results) == 7  # summary and comparison were written: no failed entries


def test_folder_summary_and_comparison(filled: tuple[Path, list]) -> None:
    out, results = filled
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    rows = list(wb["Files"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 7
    status = {r[0]: r[3] for r in rows}
    assert status["empty.xlsx"] == "failed" and status["csv.xlsx"] == "failed"
    assert status["north/same.xlsx"] in ("ok", "findings")
    n_findings = sum(len(r.findings) for r in results[:-1])  # not the comparison's own
    assert wb["Findings"].max_row - 1 == n_findings
    comp = openpyxl.load_workbook(out / "comparison.xlsx")
    robbery = comp["Robbery"] if "Robbery" in comp.sheetnames else comp[comp.sheetnames[1]]
    names = [r[0] for r in robbery.iter_rows(min_row=5, values_only=True) if r[0]]
    # every good return side by side, a partnership once: the two Barking and Dagenham samples
    # are the same partnership's December 2016, so one of them is compared (the Overview says)
    assert len(names) == 4 and len(set(names)) == 4
    ranks = openpyxl.load_workbook(out / "comparison.xlsx", data_only=True)[robbery.title]
    cached = [ranks.cell(r, 9).value for r in range(5, 5 + len(names))]
    assert sorted(v for v in cached if v != "")[0] == 1
    with zipfile.ZipFile(out / "comparison.xlsx") as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


def test_second_run_without_force_fails_each_file_plainly(
    folder: Path, filled: tuple[Path, list]
) -> None:
    from csp_excel.bulk import bulk_cli

    out, _ = filled
    again = bulk_cli([folder / "north", folder / "south"], out=out, workers=1, quiet=True)
    # mirrored relative to the two folders' common parent, so the same outputs as before
    codes = {Path(r.file).name: [f.code for f in r.findings] for r in again}
    assert codes["same.xlsx"] == ["OUTPUT_EXISTS"]
    assert codes["summary.xlsx"] == ["OUTPUT_EXISTS"]
    assert all(r.status == "failed" for r in again)


def test_folder_tidy_export_round_trips_through_parquet(folder: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installable on this machine")
    pytest.importorskip("pyarrow", reason="pyarrow is not installable on this machine")
    from csp_excel.bulk import bulk_tidy
    from csp_excel.writers.tidy import write_tidy

    files = discover([folder])
    heard: list[str] = []
    out = tmp_path / "all.parquet"
    count = write_tidy(bulk_tidy(files, workers=2, progress=lambda r: heard.append(r.status)), out)
    frame = pd.read_parquet(out)
    assert list(frame.columns[:8]) == ["file", "partnership", "sheet", "indicator", "fy",
                                       "period", "measure", "value"]  # fmt: skip
    assert len(frame) == count > 0
    assert {"north/same.xlsx", "south/same.xlsx"} <= set(frame["file"])
    assert frame["file"].nunique() == 5  # the two bad files give no rows
    assert heard.count("failed") == 2
    assert set(frame["fy"]) >= {"2016/17"}
    assert {"actual", "ytd", "r12", "rag"} <= set(frame["measure"])
    # rows come out grouped by file in input order
    firsts = list(dict.fromkeys(frame["file"]))
    assert firsts == sorted(firsts, key=lambda f: [str(p) for p in files].index(str(folder / f)))


# --------------------------------------------------------------------------- odd folder entries


def _odd_folder(tmp_path: Path) -> Path:
    """A good return, a legacy .xls, and names that are not files: a FIFO, a dangling link, a
    link to /dev/zero, a link to a folder, and a link loop - all named like returns."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bad_files as B
    import wb_factory as W

    folder = tmp_path / "in"
    folder.mkdir()
    W.write_book(folder / "good.xlsx", {"Robbery": W.indicator_rows()})
    B.legacy_xls(folder)
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "dangling.xlsx").symlink_to(tmp_path / "gone.xlsx")
    (folder / "zero.xlsx").symlink_to("/dev/zero")
    (folder / "loop.xlsx").symlink_to(folder / "loop.xlsx")
    return folder


ODD = {
    "pipe.xlsx": "named pipe",
    "dangling.xlsx": "no longer exists",
    "zero.xlsx": "device",
    "loop.xlsx": "skipped",
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_odd_entries_are_skipped_with_a_reason_and_good_files_filled(
    tmp_path: Path, workers: str
) -> None:
    """Only regular files are opened (stat first, never blocking); the rest are listed, with why,
    on screen and in summary.xlsx; the .xls is read like a single .xls; nothing hangs."""
    import json
    import subprocess

    folder = _odd_folder(tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "csp_excel"]
    res = subprocess.run([*cmd, "fill", str(folder), "--out", str(out), "-w", workers, "--json"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "Traceback" not in res.stdout + res.stderr
    assert res.returncode == 1, res.stderr
    doc = {Path(f["file"]).name: f for f in json.loads(res.stdout)["files"]}
    for name, why in ODD.items():
        assert doc[name]["status"] == "failed"
        message = doc[name]["findings"][0]["message"]
        assert message.startswith(f"{name} was skipped") and why in message, message
    assert doc["good.xlsx"]["status"] != "failed" and (out / "good.filled.xlsx").is_file()
    assert "old.xls" in doc  # read (or refused with its reason), never silently ignored
    assert doc["old.xls"]["findings"], doc["old.xls"]
    wb = openpyxl.load_workbook(out / "summary.xlsx", read_only=True)
    listed = {r[0] for r in wb["Files"].iter_rows(min_row=2, values_only=True)}
    assert set(ODD) | {"good.xlsx", "old.xls"} <= listed
    messages = " ".join(str(r[5]) for r in wb["Findings"].iter_rows(min_row=2, values_only=True))
    assert "named pipe" in messages and "device" in messages
    # the export reads the same folder without blocking on the pipe
    res = subprocess.run([*cmd, "export", str(folder), "--out", str(tmp_path / "all.csv"),
                          "-w", workers], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "Traceback" not in res.stdout + res.stderr and res.returncode == 1
    assert "pipe.xlsx was skipped" in res.stdout + res.stderr


def test_reports_are_recognised_by_their_marker_or_their_old_sheets(tmp_path: Path) -> None:
    """summary.xlsx is skipped as an input only when csp-excel wrote it: marked, or (written
    before the marker) with exactly the sheets Files and Findings; a user's file is an input."""
    from csp_excel.writers.summary import is_own_report

    marked = tmp_path / "a" / "summary.xlsx"
    marked.parent.mkdir()
    write_summary([], marked)
    old = tmp_path / "b" / "summary.xlsx"
    old.parent.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "Files"
    wb.create_sheet("Findings")
    wb.save(old)
    users = tmp_path / "c" / "summary.xlsx"
    users.parent.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "Robbery"
    wb.save(users)
    _touch(tmp_path / "d" / "comparison.xlsx", b"PK\x03\x04 damaged")
    assert is_own_report(marked) and is_own_report(old)
    assert not is_own_report(users) and not is_own_report(tmp_path / "d" / "comparison.xlsx")
    assert discover([tmp_path]) == [users, tmp_path / "d" / "comparison.xlsx"]
