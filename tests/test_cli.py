"""The command line as a user runs it: exit codes, messages, --json equal to the library result."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from csp_excel import service
from csp_excel.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "barking_dagenham_2016-12.xlsx"
PUBLISHED = ROOT / "samples" / "barking_dagenham_2016-12_as_published.xlsx"

runner = CliRunner()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    dst = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, dst)
    return dst


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("fill", "validate", "export", "template", "button"):
        assert command in result.stdout


def test_every_option_is_explained_in_plain_words() -> None:
    """--help is read by Excel users: each option has a help line and a plain value name (FILE,
    MONTH...), and no Python type (<bool>, <str>, <int>, <float>) stands beside any option."""
    import typer

    group = typer.main.get_command(app)
    commands = {"": group, **getattr(group, "commands", {})}
    for name, cmd in commands.items():
        for p in cmd.params:
            if p.param_type_name != "option":
                continue
            assert p.help, f"{name} {p.opts}: no help text"
            if not p.is_flag:
                assert p.metavar and p.metavar == p.metavar.upper(), (name, p.opts, p.metavar)
        shown = runner.invoke(app, [*([name] if name else []), "--help"]).stdout
        for python_type in ("<bool>", "<str>", "<int", "<float>"):
            assert python_type not in shown, f"{name or 'csp-excel'} --help shows {python_type}"


def test_fill_sample_writes_output_and_keeps_input(sample: Path) -> None:
    before = sha(sample)
    result = runner.invoke(app, ["fill", str(sample)])
    assert result.exit_code == 0, result.output
    out = sample.with_name("barking_dagenham_2016-12.filled.xlsx")
    assert out.is_file()
    assert sha(sample) == before
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[0] == "Dashboard"
    # no temp files left behind
    assert not [p for p in sample.parent.iterdir() if p.name.startswith(".")]


def test_fill_refuses_to_overwrite_without_force(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"precious")
    result = runner.invoke(app, ["fill", str(sample), "--out", str(out)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_bytes() == b"precious"
    result = runner.invoke(app, ["fill", str(sample), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != b"precious"


def test_validate_json_equals_library_result(sample: Path) -> None:
    result = runner.invoke(app, ["validate", str(sample), "--json"])
    doc = json.loads(result.stdout)
    expected = {"files": [service.analyse_file(sample).to_dict()]}
    assert doc == expected
    assert result.exit_code == service.exit_code([service.analyse_file(sample)])
    assert doc["files"][0]["status"] in ("ok", "findings")


def test_validate_published_errors_exit_1_with_locations(tmp_path: Path) -> None:
    src = tmp_path / PUBLISHED.name
    shutil.copy(PUBLISHED, src)
    result = runner.invoke(app, ["validate", str(src), "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    codes = {f["code"] for f in findings}
    assert "NUMERATOR_EXCEEDS_DENOMINATOR" in codes
    for f in findings:
        assert set(f) == {"code", "severity", "sheet", "cell", "message", "expected", "found"}


def test_bad_file_fails_cleanly_and_others_continue(sample: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_text("Month,Apr-16\nTNO,1383\n")
    result = runner.invoke(app, ["validate", str(bad), str(sample), "--json", "--workers", "1"])
    assert result.exit_code == 1
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["broken.xlsx"]["status"] == "failed"
    assert files["broken.xlsx"]["findings"][0]["code"] == "FILE_UNREADABLE"
    assert files[sample.name]["status"] in ("ok", "findings")
    plain = runner.invoke(app, ["validate", str(bad)])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    assert "broken.xlsx" in plain.output


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fill", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "Not found" in result.output
    assert "Traceback" not in result.output


def test_bad_option_value_is_a_usage_error(sample: Path) -> None:
    result = runner.invoke(app, ["validate", str(sample), "--reporting-month", "someday"])
    assert result.exit_code == 2


def test_export_csv_has_contract_columns(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", str(sample), "--out", str(out)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    frame = pd.read_csv(out)
    assert list(frame.columns) == [
        "file",
        "partnership",
        "sheet",
        "indicator",
        "fy",
        "period",
        "measure",
        "value",
        "source_file",  # added by --history (SPEC section 10: columns are only ever added)
        "revised",
    ]
    assert set(frame["fy"]) == {"2016/17"}
    assert {"ytd", "r12", "rate", "rag", "dot"} <= set(frame["measure"])


def test_template_and_button_commands(tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    result = runner.invoke(app, ["template", "--out", str(blank), "--fy", "2016"])
    assert result.exit_code == 0, result.output
    assert "Settings" in openpyxl.load_workbook(blank).sheetnames
    again = runner.invoke(app, ["template", "--out", str(blank), "--fy", "2016"])
    assert again.exit_code == 2 and "already exists" in again.output
    xlsm = tmp_path / "button.xlsm"
    result = runner.invoke(app, ["button", "--out", str(xlsm)])
    assert result.exit_code == 0, result.output
    assert xlsm.is_file()
    wrong = runner.invoke(app, ["button", "--out", str(tmp_path / "b.xlsx")])
    assert wrong.exit_code == 2


def test_force_replaces_template_button_and_export(sample: Path, tmp_path: Path) -> None:
    """--force must work on every command that writes (and nothing is replaced without it)."""
    blank, xlsm, csv_out = tmp_path / "b.xlsx", tmp_path / "b.xlsm", tmp_path / "all.csv"
    for path in (blank, xlsm, csv_out):
        path.write_bytes(b"keep")
    runs = [
        (["template", "--out", str(blank), "--fy", "2016"], blank),
        (["button", "--out", str(xlsm)], xlsm),
        (["export", str(sample), "--out", str(csv_out)], csv_out),
    ]
    for args, path in runs:
        refused = runner.invoke(app, args)
        assert refused.exit_code == 2 and "already exists" in refused.output, args
        assert path.read_bytes() == b"keep"
        forced = runner.invoke(app, [*args, "--force"])
        assert forced.exit_code == 0, (args, forced.output)
        assert path.read_bytes() != b"keep"
        assert "Traceback" not in forced.output


def test_settings_file_fills_gaps_and_bad_entries_are_refused(tmp_path: Path) -> None:
    from wb_factory import indicator_rows, settings_rows, write_book

    ret = tmp_path / "no_settings.xlsx"
    write_book(ret, {"Robbery": indicator_rows()})
    good = tmp_path / "county.xlsx"
    write_book(good, {"Settings": settings_rows(partnership="Thameside", tolerance="15%")})
    result = runner.invoke(app, ["export", str(ret), "--out", str(tmp_path / "a.csv"),
                                 "--settings", str(good)])  # fmt: skip
    assert result.exit_code == 0, result.output
    import pandas as pd

    assert set(pd.read_csv(tmp_path / "a.csv")["partnership"]) == {"Thameside"}
    bad = tmp_path / "bad.xlsx"
    write_book(bad, {"Settings": settings_rows(tolerance="lots")})
    refused = runner.invoke(app, ["validate", str(ret), "--settings", str(bad)])
    assert refused.exit_code == 2
    assert "could not be understood" in refused.output and "Traceback" not in refused.output


@pytest.mark.parametrize(("given", "ok"), [("10", True), ("0.1", True), ("150", False)])
def test_tolerance_option(sample: Path, given: str, ok: bool) -> None:
    result = runner.invoke(app, ["validate", str(sample), "--tolerance", given, "-q"])
    assert (result.exit_code != 2) is ok, result.output


def test_data_quality_sheet_shows_percent_findings_as_percent(tmp_path: Path) -> None:
    src = tmp_path / PUBLISHED.name
    shutil.copy(PUBLISHED, src)
    out = tmp_path / "o.xlsx"
    runner.invoke(app, ["fill", str(src), "--out", str(out)])
    ws = openpyxl.load_workbook(out)["Data quality"]
    rows = [r for r in ws.iter_rows(min_row=5) if r[1].value == "PERCENT_MISMATCH"]
    assert rows, "the as-published sample has percent mismatches"
    for r in rows:
        assert r[5].number_format == "0.0%" and r[6].number_format == "0.0%"
        assert ws.row_dimensions[r[0].row].height >= 30  # two lines of message at least
