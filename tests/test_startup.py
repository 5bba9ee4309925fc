"""Start-up stays light (issue #13): the Excel button never loads the command line's libraries,
and `csp-excel --help` never loads the readers and writers. Checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loaded(code: str) -> set[str]:
    """Module names loaded by a fresh interpreter after running `code`."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def _tops(mods: set[str]) -> set[str]:
    return {m.split(".")[0] for m in mods}


def test_excel_button_loads_no_cli_libraries() -> None:
    mods = _loaded("import csp_excel.excel")
    assert "csp_excel.excel" in mods
    assert not _tops(mods) & {"typer", "rich", "pydantic", "click"}


def test_help_loads_no_reader_or_writer() -> None:
    mods = _loaded("import csp_excel.cli")
    assert "typer" in _tops(mods)
    heavy = {"csp_excel.service", "csp_excel.reader", "csp_excel.writers.workbook"}
    assert not mods & heavy
    assert not _tops(mods) & {"xlsxwriter", "openpyxl", "python_calamine", "pandas"}


def test_help_still_works() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run(
        [sys.executable, "-m", "csp_excel", "--help"], capture_output=True, text=True, env=env
    )
    assert res.returncode == 0, res.stderr
    assert "fill" in res.stdout and "Traceback" not in res.stdout + res.stderr
