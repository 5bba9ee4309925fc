"""The one catalogue of finding codes (core/codes.py): its constructor, `csp-excel codes` and the
README table generated from it. (test_codes_scan.py checks the package uses it.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_findings_catalogue import CASES, SPEC_CODES
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.core.codes import CATALOGUE, CODES, finding, lookup, markdown_table, unit_of
from csp_excel.core.model import Finding

ROOT = Path(__file__).resolve().parents[1]
REGENERATE = "python tools/update_readme_codes.py"
runner = CliRunner()


def test_codes_are_unique_upper_case_names() -> None:
    assert len(CATALOGUE) == len(CODES)
    for c in CODES:
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", c.code), c.code
        assert c.severity in ("error", "warning", "info")
        assert c.other in (None, "error", "warning", "info") and c.other != c.severity
        assert bool(c.other) == bool(c.when), f"{c.code}: say when it takes its other severity"
        assert c.description.endswith(".") and "\n" not in c.description


@pytest.mark.parametrize("code", SPEC_CODES)
def test_every_spec_code_is_in_the_catalogue(code: str) -> None:
    assert code in CATALOGUE


@pytest.mark.parametrize("c", [p.values[0] for p in CASES], ids=[p.id for p in CASES])
def test_each_real_workbook_case_has_a_severity_the_catalogue_allows(c: object) -> None:
    entry = lookup(c.code)  # type: ignore[attr-defined]
    assert c.severity in entry.severities  # type: ignore[attr-defined]


def test_finding_takes_its_severity_from_the_catalogue() -> None:
    f = finding("YTD_MISMATCH", "Robbery", "F12", "The YTD differs.", 231, 241)
    assert f == Finding("YTD_MISMATCH", "error", "Robbery", "F12", "The YTD differs.", 231, 241)
    assert finding("GRID_NOT_FOUND", "Notes", None, "No grid.").severity == "warning"
    assert finding("SHEET_SKIPPED", "Notes", "A1", "Not read.").severity == "info"


def test_a_second_severity_only_where_the_catalogue_allows_it() -> None:
    assert finding("SHEET_SKIPPED", "S", "A1", "m", severity="warning").severity == "warning"
    assert finding("FILE_LEGACY_FORMAT", None, None, "m", severity="error").severity == "error"
    assert finding("YTD_MISMATCH", "S", "A1", "m", severity="error").severity == "error"
    with pytest.raises(ValueError, match="YTD_MISMATCH is error, not 'warning'"):
        finding("YTD_MISMATCH", "S", "A1", "m", severity="warning")
    with pytest.raises(ValueError, match="GRID_NOT_FOUND"):
        finding("GRID_NOT_FOUND", "S", None, "m", severity="error")
    with pytest.raises(ValueError, match="not a finding code"):
        finding("NO_SUCH_CODE", None, None, "m")


def test_units_replace_guessing_from_the_name() -> None:
    assert unit_of("PERCENT_MISMATCH") == unit_of("PERCENT_OUT_OF_RANGE") == "percent"
    assert unit_of("RATE_MISMATCH") == "rate" and unit_of("YTD_MISMATCH") == "count"
    assert unit_of("NARRATIVE_MISMATCH") == "figure" and unit_of("RAG_MISMATCH") == "none"


def test_codes_command_lists_every_code() -> None:
    res = runner.invoke(app, ["codes"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == [c.code for c in CODES]
    skipped = next(line for line in lines if line.startswith("SHEET_SKIPPED"))
    assert "info/warning" in skipped and "year cannot be known" in skipped


def test_codes_command_json() -> None:
    res = runner.invoke(app, ["codes", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["codes"]
    assert [r["code"] for r in rows] == [c.code for c in CODES]
    grid = next(r for r in rows if r["code"] == "GRID_NOT_FOUND")
    assert grid["severity"] == "warning" and grid["severities"] == ["warning"]
    assert set(grid) == {"code", "severity", "severities", "when_other", "unit", "description"}


def test_readme_table_is_the_catalogue() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- codes:start[^\n]*-->\n(.*?)<!-- codes:end -->", text, re.S)
    assert match, f"README.md has no finding-code table; add the markers and run: {REGENERATE}"
    assert match.group(1) == markdown_table(), f"README table is stale; run: {REGENERATE}"
