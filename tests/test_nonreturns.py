"""Workbooks that are not returns are never read as returns, and no year is ever made up (#16).

The look-alikes in tests/nonreturns/ rebuild, one per failure class, what the reader once took
for returns among thousands of other projects' test spreadsheets (chart templates, a
questionnaire, a headcount sheet, "2006 Gross Profits" ...). Each goes through the real command
line in its own process, as a user runs it, under the time and memory budgets. A few true returns
in unusual shapes must still be read, with the year the file itself gives.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import csp_excel
from csp_excel.cli import app
from csp_excel.core.model import Settings
from csp_excel.errors import CspExcelError

HERE = Path(__file__).resolve().parent / "nonreturns"
BUILDER = HERE / "build_nonreturns.py"
MANIFEST: list[dict[str, Any]] = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
NONRETURNS = [c for c in MANIFEST if c["kind"] == "nonreturn"]
RETURNS = [c for c in MANIFEST if c["kind"] == "return"]
EDGES = [c for c in MANIFEST if c["kind"] == "edge"]  # either decision is fine; it must be safe
NO_YEAR = [c for c in NONRETURNS if c["needs_year"]]
CLI = [sys.executable, "-m", "csp_excel"]
SECONDS = 10.0  # per file, a whole process start included
PEAK_MB = 300  # a few tiny workbooks: far above normal (~50 MB), far below a runaway parser

runner = CliRunner()


def _run(args: list[str], tmp: Path) -> tuple[int, float, int, str, str]:
    """(exit code, seconds, peak RSS in KB, stdout, stderr) of one CLI run in its own process;
    killed after twice the time budget so a hang fails the test instead of stopping the suite."""
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    with out.open("wb") as o, err.open("wb") as e:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=o, stderr=e, cwd=tmp)
        timer = threading.Timer(2 * SECONDS, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return (proc.returncode, elapsed, peak_kb,
            out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"))  # fmt: skip


def _copy(case: dict[str, Any], tmp: Path) -> Path:
    dst = tmp / case["file"]
    dst.write_bytes((HERE / case["file"]).read_bytes())
    return dst


def _validate(case: dict[str, Any], tmp: Path) -> tuple[Path, int, dict[str, Any], str]:
    """validate --json through the real CLI: (copy, exit code, the file's JSON entry, all output)."""
    src = _copy(case, tmp)
    code, seconds, peak_kb, out, err = _run([*CLI, "validate", "--json", str(src)], tmp)
    assert code in (0, 1, 2), (code, err[-2000:])
    assert "Traceback" not in out + err, err[-2000:]
    assert seconds < SECONDS, f"{case['file']}: {seconds:.1f} s"
    assert peak_kb < PEAK_MB * 1024, f"{case['file']}: {peak_kb // 1024} MB"
    doc = json.loads(out)
    assert [f["file"] for f in doc["files"]] == [str(src)]
    entry = doc["files"][0]
    bad_cells = [f["cell"] for f in entry["findings"] if not _is_cell(f["cell"])]
    assert bad_cells == [], bad_cells  # never "'Linear'!1" or a column left of A
    return src, code, entry, out + err


_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?[1-9]\d{0,6}(?::\$?[A-Z]{1,3}\$?[1-9]\d{0,6})?$")


def _is_cell(cell: str | None) -> bool:
    return cell is None or bool(_CELL.match(cell))


def _export(src: Path, tmp: Path) -> tuple[list[dict[str, str]], str]:
    """The tidy export of one file: (rows, printed output). Every figure carries its fy."""
    target = tmp / "tidy.csv"
    res = runner.invoke(app, ["export", str(src), "--out", str(target)])
    assert res.exit_code in (0, 1, 2), res.output
    if not target.exists():
        return [], res.output
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # the years the export names are in every column but `value`: a count of 2098 is no year
    named = "\n".join(",".join(v for k, v in r.items() if k != "value") for r in rows)
    return rows, res.output + named


def _indicators(src: Path, settings: Any = None) -> list[Any]:
    try:
        return list(csp_excel.read(src, settings).indicators)
    except CspExcelError:  # refused outright: certainly not read as a return
        return []


_FY_LABEL = re.compile(r"\b((?:19|20)\d\d)\s*/\s*(\d\d)\b")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")


def _invented_years(text: str, case: dict[str, Any], src: Path) -> list[str]:
    """Years the output names that the file does not: a financial year 'YYYY/YY' is fine when
    either of its years is in the file, a bare year ('2017-01' in a period) when it is within a
    year of one the file names (a 2016/17 grid runs into 2017), and today's year never unless
    the file names it."""
    text = text.replace(str(src), "").replace(src.name, "").replace(str(src.parent), "")
    named = set(case["years"])
    bad = []
    for m in _FY_LABEL.finditer(text):
        start = int(m.group(1))
        if not {start, start + 1} & named:
            bad.append(m.group(0))
    for m in _YEAR.finditer(_FY_LABEL.sub(" ", text)):
        if not {int(m.group(1)) + d for d in (-1, 0, 1)} & named:
            bad.append(m.group(1))
    today = date.today().year
    if today not in named and str(today) in text:
        bad.append(f"{today} (today's year)")
    return sorted(set(bad))


def _fy_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


@pytest.mark.parametrize("case", NONRETURNS, ids=[c["file"] for c in NONRETURNS])
def test_nonreturn_is_not_read_as_a_return(case: dict[str, Any], tmp_path: Path) -> None:
    src, code, entry, output = _validate(case, tmp_path)
    codes = [f["code"] for f in entry["findings"]]
    assert entry["status"] != "ok", (case["class"], codes)
    assert "NO_INDICATORS" in codes, (case["class"], codes)
    assert code == 1
    got = _indicators(src)
    assert got == [], [(i.sheet, i.grid.fy if i.grid else None) for i in got]
    rows, _ = _export(src, tmp_path)
    assert rows == [], rows[:3]


@pytest.mark.parametrize("case", NONRETURNS, ids=[c["file"] for c in NONRETURNS])
def test_nonreturn_output_names_no_year_from_outside_the_file(case: dict[str, Any],
                                                              tmp_path: Path) -> None:  # fmt: skip
    """Whatever is decided about the sheet, no message or exported figure carries a year the
    file does not give (never today's)."""
    src = _copy(case, tmp_path)
    res = runner.invoke(app, ["validate", "--json", str(src)])
    assert res.exit_code in (0, 1, 2), res.output
    _, exported = _export(src, tmp_path)
    assert _invented_years(res.output + exported, case, src) == []


@pytest.mark.parametrize("case", RETURNS, ids=[c["file"] for c in RETURNS])
def test_true_return_in_an_unusual_form_is_read(case: dict[str, Any], tmp_path: Path) -> None:
    src, code, entry, output = _validate(case, tmp_path)
    codes = [f["code"] for f in entry["findings"]]
    assert code in (0, 1)
    assert entry["status"] in ("ok", "findings"), codes
    assert "NO_INDICATORS" not in codes
    got = _indicators(src)
    assert len(got) == case["indicators"], [i.sheet for i in got]
    assert {i.grid.fy for i in got if i.grid is not None} == {case["fy"]}
    rows, exported = _export(src, tmp_path)
    assert rows and {r["fy"] for r in rows} == {_fy_label(case["fy"])}
    assert _invented_years(output + exported, case, src) == []


@pytest.mark.parametrize("case", EDGES, ids=[c["file"] for c in EDGES])
def test_edge_case_is_safe_whichever_way_it_is_decided(case: dict[str, Any],
                                                       tmp_path: Path) -> None:  # fmt: skip
    """A mid-year header with April missing: read or skipped, but never a column left of A,
    never 'ok' (its months are out of order), and no year from outside the file."""
    src, _, entry, output = _validate(case, tmp_path)
    assert entry["status"] != "ok"
    for ind in _indicators(src):
        assert ind.grid is None or ind.grid.first_col >= 1
        for row in ind.grid.rows if ind.grid else []:
            assert all(_is_cell(c) for c in [row.label_cell, *row.cells]), row.cells
    _, exported = _export(src, tmp_path)
    assert _invented_years(output + exported, case, src) == []


@pytest.mark.parametrize("case", NO_YEAR, ids=[c["file"] for c in NO_YEAR])
def test_no_year_anywhere_says_what_to_type_and_that_is_enough(case: dict[str, Any],
                                                               tmp_path: Path) -> None:  # fmt: skip
    """A return-shaped grid with no year is skipped with a located finding naming both ways to
    give the year; giving it (--reporting-month) then reads the sheet as that year."""
    src, _, entry, _ = _validate(case, tmp_path)
    advice = [f for f in entry["findings"] if f["sheet"] in case["sheets"] and f["cell"]]
    said = " ".join(f["message"] for f in advice)
    assert "--reporting-month" in said and "Reporting month" in said, entry["findings"]
    res = runner.invoke(app, ["validate", "--json", "--reporting-month", "Dec-16", str(src)])
    assert res.exit_code in (0, 1), res.output
    (given,) = json.loads(res.stdout)["files"]
    assert given["status"] != "failed", given["findings"]
    got = _indicators(src, Settings(reporting_month=date(2016, 12, 1)))
    assert [i.grid.fy for i in got if i.grid is not None] == [2016]


def test_year_check_catches_a_year_from_today(tmp_path: Path) -> None:
    """The invented-year check itself can fail: today's FY in an output is caught."""
    case = {"years": [2008]}
    src = tmp_path / "x.xlsx"
    this = date.today().year
    assert _invented_years(f"fy {_fy_label(this)} in {src}", case, src)
    assert _invented_years("fy 2007/08 and 2008", case, src) == []
    assert _invented_years("fy 2006/07", case, src) == ["2006/07"]
    assert _invented_years("period 2011-04", case, src) == ["2011"]


def test_manifest_lists_every_file_and_both_kinds() -> None:
    files = {p.name for p in HERE.glob("*.xlsx")}
    assert files == {c["file"] for c in MANIFEST}
    assert len(NONRETURNS) >= 12 and len(RETURNS) >= 4 and NO_YEAR
    assert all(c["indicators"] >= 1 and c["fy"] for c in RETURNS)


def test_generator_rebuilds_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, str(BUILDER), str(tmp_path)], capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted([*(c["file"] for c in MANIFEST), "manifest.json"])
    for name in built:
        assert (tmp_path / name).read_bytes() == (HERE / name).read_bytes(), name
