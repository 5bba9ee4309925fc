"""Shared by the xlwings Lite tests (CPython and Pyodide): the sample, the CLI's own fill of it,
and the cells a fill changed.

The expected figures are the command line's: `csp-excel fill --keep-layout` run as a user runs
it (a child process), read back with openpyxl; never computed by the code under test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from xw_double import Book

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "barking_dagenham_2016-12.xlsx"
LITE_DIR = ROOT / "workbook_templates" / "xlwings_lite"

Cells = dict[tuple[str, tuple[int, int]], Any]


def cli_fill(path: Path, out: Path) -> Path:
    """The return filled by the command line in its own layout."""
    cmd = [sys.executable, "-m", "csp_excel", "fill", str(path), "--keep-layout", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return out


def changed(before: dict[str, dict[Any, Any]], after: dict[str, dict[Any, Any]]) -> Cells:
    """(sheet, (row, col)) -> new value for every cell a fill wrote or emptied."""
    diff: Cells = {
        (s, rc): v for s in after for rc, v in after[s].items() if before.get(s, {}).get(rc) != v
    }
    diff |= {(s, rc): None for s in before for rc in before[s] if rc not in after.get(s, {})}
    return diff


def cli_changes(path: Path, out: Path) -> Cells:
    """The cells the command line's fill changed, as Excel would show their values."""
    return changed(Book.from_xlsx(path).values(), Book.from_xlsx(cli_fill(path, out)).values())


def run_coroutine(coro: Any) -> Any:
    """Run a coroutine that never waits (the double answers at once) without asyncio, which
    would itself load `subprocess` and spoil the import check."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError("the coroutine waited for something: the double never makes it wait")
