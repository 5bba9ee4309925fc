"""SPEC section 9, 'nothing is lost' and 'untrusted input', checked from the outside.

Inputs keep their bytes whatever command runs on them; a fill killed with SIGKILL while it writes
leaves no output file (only the hidden temp); text that looks like a formula stays text in the
filled workbook and is neutralised in the tidy export; a zip bomb is refused by the real command
line in seconds with flat memory. The slow-ish checks run the CLI in a subprocess, as users do.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import bad_files as B
import openpyxl
import pytest
import wb_factory as W
from typer.testing import CliRunner

from csp_excel.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE = SAMPLES / "barking_dagenham_2016-12.xlsx"
CLI = [sys.executable, "-m", "csp_excel.cli"]  # cli.py runs the typer app under __main__
runner = CliRunner()


def fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns


# ------------------------------------------------------------------ inputs are never modified


def _sample(folder: Path) -> Path:
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.name))


def _button_return(folder: Path) -> Path:
    """A macro-enabled return (the sample's sheets in the Excel-button workbook)."""
    out = folder / "button_return.xlsm"
    res = runner.invoke(app, ["button", "--out", str(out), "--from", str(SAMPLE)])
    assert res.exit_code == 0, res.output
    return out


INPUTS = [
    pytest.param(_sample, 0, id="sample"),
    pytest.param(B.macro_xlsm, 1, id="xlwings-quickstart.xlsm"),  # no indicators: fails, exit 1
    pytest.param(_button_return, 0, id="button-return.xlsm"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("make", "code"), INPUTS)
def test_no_command_changes_its_input(tmp_path: Path, make, code: int) -> None:
    src = make(tmp_path)
    before = fingerprint(src)
    time.sleep(0.01)  # so a rewrite with the same bytes would still move the mtime
    commands = [
        ["validate", str(src)],
        ["validate", str(src), "--json"],
        ["fill", str(src)],
        ["fill", str(src), "--force"],
        ["fill", str(src), "--out", str(tmp_path / "out")],
        ["fill", str(src), "--keep-layout", "--out", str(tmp_path / "kept")],
        ["export", str(src), "--out", str(tmp_path / "tidy.csv")],
    ]
    for args in commands:
        res = runner.invoke(app, args)
        assert res.exit_code == code, (args, res.output)
        assert "Traceback" not in res.output
        assert fingerprint(src) == before, args
    # only new files appeared beside it, and no hidden temp files were left
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]


@pytest.mark.parametrize("keep_layout", [False, True], ids=["new-workbook", "keep-layout"])
def test_fill_refuses_to_write_over_its_input(tmp_path: Path, keep_layout: bool) -> None:
    src = _sample(tmp_path)
    before = fingerprint(src)
    args = ["fill", str(src), "--out", str(src), "--force"]
    res = runner.invoke(app, args + (["--keep-layout"] if keep_layout else []))
    assert res.exit_code == 2 and "replace the input" in res.output
    assert fingerprint(src) == before


# ------------------------------------------------------------------ a crash mid-write


def big_return(folder: Path, sheets: int = 60) -> Path:
    book = {f"Ind {i:02d}": W.indicator_rows(title=f"Indicator {i}") for i in range(sheets)}
    book["Settings"] = W.settings_rows()
    return W.write_book(folder / "big_return.xlsx", book)


@pytest.mark.slow
def test_sigkill_while_writing_leaves_no_output(tmp_path: Path) -> None:
    src = big_return(tmp_path)
    before = fingerprint(src)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [*CLI, "fill", str(src), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    temp: list[str] = []
    try:
        while proc.poll() is None and time.monotonic() < deadline and not temp:
            temp = [n for n in os.listdir(out) if n.startswith(".") and n.endswith(".tmp.xlsx")]
        assert temp and proc.poll() is None, "the fill finished before its temp file was seen"
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    names = os.listdir(out)
    assert "big_return.filled.xlsx" not in names
    assert not [n for n in names if n.endswith(".filled.xlsx")]
    assert all(n.startswith(".") and n.endswith(".tmp.xlsx") for n in names), names
    assert fingerprint(src) == before
    # the next run is not confused by the leftover temp file and writes a whole workbook
    res = runner.invoke(app, ["fill", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (
        len(openpyxl.load_workbook(out / "big_return.filled.xlsx", read_only=True).sheetnames) > 60
    )


# ------------------------------------------------------------------ formula-looking text

TITLE = '=HYPERLINK("http://x","y")'
DEFINITION = "+44 20"
NARRATIVE = "@SUM(1)"
PARTNERSHIP = "-Thameside"
HOSTILE = (TITLE, DEFINITION, NARRATIVE, PARTNERSHIP)


def hostile_return(folder: Path) -> Path:
    rows = W.indicator_rows(title=TITLE, overview=NARRATIVE)
    rows[4][1] = DEFINITION  # 'Definition' value, B5
    return W.write_book(
        folder / "hostile.xlsx",
        {"Robbery": rows, "Settings": W.settings_rows(partnership=PARTNERSHIP)},
    )


def _texts(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every cell holding one of the hostile strings: {string: [(sheet, cell, data_type)]}."""
    wb = openpyxl.load_workbook(path)  # not read-only: data_type tells text from formula
    found: dict[str, list[tuple[str, str, str]]] = {s: [] for s in HOSTILE}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str):
                    continue
                for s in HOSTILE:
                    if s in c.value or (c.data_type == "f" and s.lstrip("=+-@") in c.value):
                        found[s].append((ws.title, c.coordinate, c.data_type))
    return found


@pytest.mark.parametrize("keep_layout", [False, True], ids=["new-workbook", "keep-layout"])
def test_formula_looking_text_is_written_as_text(tmp_path: Path, keep_layout: bool) -> None:
    src = hostile_return(tmp_path)
    out = tmp_path / "hostile.filled.xlsx"
    args = ["fill", str(src), "--out", str(out)] + (["--keep-layout"] if keep_layout else [])
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    found = _texts(out)
    for s in (TITLE, DEFINITION, NARRATIVE):
        assert found[s], f"{s!r} was not carried into the filled workbook"
    formulas = [(s, where) for s, cells in found.items() for where in cells if where[2] != "s"]
    assert not formulas


def test_formula_looking_text_is_neutralised_in_the_tidy_export(tmp_path: Path) -> None:
    src = hostile_return(tmp_path)
    out = tmp_path / "tidy.csv"
    res = runner.invoke(app, ["export", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["indicator"] for r in rows} == {"'" + TITLE}
    assert {r["partnership"] for r in rows} == {"'" + PARTNERSHIP}
    for r in rows:
        for value in r.values():
            if value[:1] in ("=", "+", "-", "@"):
                float(value)  # only numbers (negative changes) may start with a sign


# ------------------------------------------------------------------ zip bomb via the real CLI


def _run_measured(args: list[str]) -> tuple[int, float, int, str]:
    """(exit code, wall seconds, peak RSS in KB, what it printed) of one CLI run in its own
    process; a file's failure line is on stdout, with the other results (docs/json.md)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # os.wait4 gives this child's own peak memory (not the running maximum of every child)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    err = (proc.stdout.read().decode("utf-8", "replace") if proc.stdout else "") + err
    proc.stdout.close() if proc.stdout else None
    proc.stderr.close() if proc.stderr else None
    return proc.returncode, elapsed, usage.ru_maxrss, err


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 (POSIX)")
def test_zip_bomb_refused_by_the_cli_fast_with_flat_memory(tmp_path: Path) -> None:
    bomb = B.zip_bomb(tmp_path)  # ~5 MB that inflates to 1.5 GB
    small = W.write_book(tmp_path / "small.xlsx", {"Robbery": W.indicator_rows()})
    code, _, baseline_kb, _ = _run_measured([*CLI, "validate", str(small)])
    assert code == 0
    code, seconds, peak_kb, err = _run_measured([*CLI, "validate", str(bomb)])
    assert code == 1 and seconds < 5
    assert "zip bomb" in err and "bomb.xlsx" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert peak_kb < baseline_kb + 50 * 1024, (peak_kb, baseline_kb)  # not a byte of 1.5 GB


# ------------------------------------------------------------ reports never replace an input


def test_inputs_named_like_the_reports_are_read_and_never_replaced(tmp_path: Path) -> None:
    """A return called summary.xlsx / comparison.xlsx is an input: it is read, and the reports
    go to 'summary (csp-excel).xlsx' with a warning saying so, even under --force, run after run.
    Our own earlier report of that name is skipped as input and replaced with --force."""
    import json

    folder = tmp_path / "returns"
    folder.mkdir()
    for name in ("summary.xlsx", "comparison.xlsx", "north.xlsx"):
        shutil.copy(SAMPLE, folder / name)
    before = {p.name: fingerprint(p) for p in folder.iterdir()}
    for _ in range(2):
        res = runner.invoke(app, ["fill", str(folder), "--force", "--json", "-w", "1"])
        assert res.exit_code in (0, 1), res.output
        doc = json.loads(res.stdout)
        read = {Path(f["file"]).name for f in doc["files"]}
        assert {"summary.xlsx", "comparison.xlsx", "north.xlsx"} <= read
        renamed = [
            f for f in doc["files"] if any(x["code"] == "OUTPUT_RENAMED" for x in f["findings"])
        ]
        assert len(renamed) == 2
        assert any(
            "summary (csp-excel).xlsx" in x["message"] for f in renamed for x in f["findings"]
        )
        for name, fp in before.items():
            assert fingerprint(folder / name) == fp, f"{name} was changed"
    assert (folder / "summary (csp-excel).xlsx").is_file()
    assert (folder / "comparison (csp-excel).xlsx").is_file()
    assert (folder / "summary.filled.xlsx").is_file()  # the return called summary was filled
    # a csp-excel summary.xlsx (not an input) is ours: replaced with --force, never read
    out = tmp_path / "out"
    for _ in range(2):
        res = runner.invoke(app, ["fill", str(folder / "north.xlsx"), str(SAMPLE), "--out",
                                  str(out), "--force", "-q"])  # fmt: skip
        assert res.exit_code in (0, 1), res.output
    assert sorted(p.name for p in out.iterdir() if "summary" in p.name) == ["summary.xlsx"]
