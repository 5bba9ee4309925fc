"""The command line as a new user meets it (issue #13): plain --help, one output stream, named
warnings, settings typed on the command line winning, and each defect of a first run, with the
exact words printed."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.cli_options import tolerance_fraction

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "barking_dagenham_2016-12.xlsx"
PUBLISHED = ROOT / "samples" / "barking_dagenham_2016-12_as_published.xlsx"

runner = CliRunner()
NOT_PLAIN = re.compile(r"<[a-z][^>]*>|\{[a-z_. ]+\}|\[x[<>=]")  # <bool> <list[Path]> {paths} [x>=1]


def _copy(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(src, folder / src.name))


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return ["", *getattr(group, "commands", {})]


@pytest.mark.parametrize("name", _commands())
def test_help_shows_plain_names_never_python_types(name: str) -> None:
    res = runner.invoke(app, [*([name] if name else []), "--help"], terminal_width=100)
    assert res.exit_code == 0
    assert not NOT_PLAIN.findall(res.stdout), (name, NOT_PLAIN.findall(res.stdout))
    if name in ("fill", "validate", "export"):
        assert f"Usage: csp-excel {name} [OPTIONS] PATHS..." in res.stdout
    if name == "inspect":
        assert "Usage: csp-excel inspect [OPTIONS] RETURN" in res.stdout


def test_the_help_pattern_catches_what_typer_prints_by_default() -> None:
    for shown in (
        "paths...  <list[Path]>",
        "[OPTIONS] {paths}...",
        "NUMBER [x>=1]",
        "--json <bool>",
    ):
        assert NOT_PLAIN.search(shown), shown


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("fill", {"--quiet", "--verbose", "--json", "--debug"}),
        ("validate", {"--quiet", "--verbose", "--json", "--debug"}),
        ("export", {"--quiet", "--json", "--debug"}),
        ("inspect", {"--quiet", "--json"}),
        ("template", {"--quiet", "--json"}),
        ("button", {"--quiet", "--json"}),
        ("codes", {"--json"}),
    ],
)
def test_every_command_takes_the_output_flags_that_make_sense(
    command: str, flags: set[str]
) -> None:
    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    given = {o for p in cmd.params for o in p.opts}
    assert flags <= given, flags - given


def test_export_takes_the_settings_options_fill_takes() -> None:
    group = typer.main.get_command(app)
    fill, export = group.commands["fill"], group.commands["export"]  # type: ignore[attr-defined]
    settings = {"--settings", "--reporting-month", "--partnership", "--tolerance"}
    assert settings <= {o for p in fill.params for o in p.opts}
    assert settings <= {o for p in export.params for o in p.opts}


def test_errors_and_warnings_go_to_the_same_stream_in_order(tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", str(_copy(PUBLISHED, tmp_path))])
    assert res.exit_code == 1
    assert res.stderr == ""
    lines = res.stdout.splitlines()
    assert lines[0].startswith("✘ barking_dagenham_2016-12_as_published.xlsx (")
    assert any(x.startswith("  ERROR   YTD_MISMATCH 'Arson'!E15: ") for x in lines)
    assert any(x.startswith("  WARNING ") for x in lines)


def test_a_failing_files_line_names_its_errors_first(tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", str(_copy(PUBLISHED, tmp_path))])
    first = res.stdout.splitlines()[0]
    doc = json.loads(
        runner.invoke(app, ["validate", str(tmp_path / PUBLISHED.name), "--json"]).stdout
    )
    errors = [f for f in doc["files"][0]["findings"] if f["severity"] == "error"]
    named = f"{errors[0]['code']} '{errors[0]['sheet']}'!{errors[0]['cell']}"
    assert first.split("warning(s): ", 1)[1].startswith(named), first


def test_validate_quiet_over_several_files_names_the_file_of_each_error(tmp_path: Path) -> None:
    _copy(SAMPLE, tmp_path / "in")
    _copy(PUBLISHED, tmp_path / "in")
    res = runner.invoke(app, ["validate", "-q", str(tmp_path / "in")])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0].startswith("✘ barking_dagenham_2016-12_as_published.xlsx (16 error(s), ")
    assert all(x.startswith("  ERROR ") for x in lines[1:]), lines
    assert len(lines) == 17  # the file with errors, its 16 errors; the clean file says nothing
    assert "barking_dagenham_2016-12.xlsx" not in res.stdout


def test_fill_names_its_warnings_one_per_line_up_to_ten(tmp_path: Path) -> None:
    src = _copy(PUBLISHED, tmp_path)
    doc = json.loads(runner.invoke(app, ["validate", str(src), "--json"]).stdout)
    warns = [f for f in doc["files"][0]["findings"] if f["severity"] == "warning"]
    assert len(warns) > 10
    res = runner.invoke(app, ["fill", str(src), "--out", str(tmp_path / "o.xlsx")])
    lines = res.stdout.splitlines()
    shown = [x for x in lines if x.startswith("  WARNING ")]
    first = warns[0]
    assert shown[0].startswith(f"  WARNING {first['code']} '{first['sheet']}'!{first['cell']}: ")
    assert len(shown) == 10
    assert lines[-1] == f"  … and {len(warns) - 10} more warning(s): see the Data quality sheet"
    assert "(16 error(s), " in lines[0] and "warning(s))" in lines[0]


def test_fill_lists_all_warnings_when_there_are_few(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["fill", str(_copy(SAMPLE, tmp_path)), "--out", str(tmp_path / "o.xlsx")]
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        f"✔ {SAMPLE.name} → {tmp_path / 'o.xlsx'} (0 error(s), 2 warning(s))",
        *[x for x in res.stdout.splitlines() if x.startswith("  WARNING MISSING_MONTH 'IDAP'!")],
    ]
    assert res.stdout.count("  WARNING MISSING_MONTH 'IDAP'!") == 2


@pytest.mark.parametrize("typed", ["10%", "10", "0.1", " 10 % "])
def test_tolerance_ten_per_cent_typed_three_ways(typed: str) -> None:
    assert tolerance_fraction(typed) == pytest.approx(0.10)


def test_tolerance_keeps_a_fraction_of_a_percent() -> None:
    assert tolerance_fraction("12.5%") == pytest.approx(0.125)
    assert tolerance_fraction("0.5%") == pytest.approx(0.005)


@pytest.mark.parametrize("typed", ["abc", "150%", "-5"])
def test_a_bad_tolerance_is_one_plain_line(tmp_path: Path, typed: str) -> None:
    res = runner.invoke(app, ["validate", str(_copy(SAMPLE, tmp_path)), "--tolerance", typed])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"Error: --tolerance {typed!r} is not a percentage between 0% and 100%, e.g. 10% or 10."
    )
    assert res.stdout == ""


def _settings_values(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Settings"]
    return {str(r[0].value): r[1].value for r in ws.iter_rows(min_row=1, max_col=2) if r[0].value}


def test_the_command_line_wins_over_the_returns_settings_sheet(tmp_path: Path) -> None:
    """The sample's own Settings sheet says 10% and Barking and Dagenham; what is typed wins,
    the terminal says so, and the filled Settings sheet shows what was used and from where."""
    src, out = _copy(SAMPLE, tmp_path), tmp_path / "o.xlsx"
    args = ["fill", str(src), "--out", str(out), "--tolerance", "25%", "--partnership", "Testshire"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == (
        "Using --partnership 'Testshire', --tolerance 25% from the command line, over any "
        "Settings sheet in the returns."
    )
    values = _settings_values(out)
    assert values["RAG tolerance"] == pytest.approx(0.25)
    assert values["Partnership"] == "Testshire"
    assert values["Settings read from"] == "sheet; --partnership, --tolerance from the command line"


def test_reporting_month_on_the_command_line_moves_the_rag_period(tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    res = runner.invoke(app, ["export", str(_copy(SAMPLE, tmp_path)), "--out", str(out),
                              "--reporting-month", "Nov-16", "--partnership", "Testshire"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["period"] for r in rows if r["measure"] == "rag" and r["sheet"] == "TNO"} == {
        "2016-11"
    }
    assert {r["partnership"] for r in rows} == {"Testshire"}


def test_export_of_an_unreadable_return_says_so_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    out = tmp_path / "b.csv"
    res = runner.invoke(app, ["export", str(bad), "--out", str(out)])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "✘ bad.xlsx: 'bad.xlsx' is not an Excel workbook (it looks like a CSV/text file).",
        f"Nothing written to {out}: no return could be read.",
    ]
    assert not out.exists()


def test_export_with_one_failed_file_of_two_names_it(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.xlsx").write_text("not a workbook")
    _copy(SAMPLE, tmp_path / "in")
    out = tmp_path / "all.csv"
    res = runner.invoke(app, ["export", str(tmp_path / "in"), "--out", str(out)])
    assert res.exit_code == 1
    rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    assert (
        res.stdout.splitlines()[-1]
        == f"Wrote {rows:,} rows to {out}; 1 of 2 file(s) failed and have no rows"
    )
    doc = json.loads(
        runner.invoke(
            app, ["export", str(tmp_path / "in"), "--out", str(out), "--force", "--json"]
        ).stdout
    )
    assert doc["rows"] == rows and doc["files"] == 2 and doc["failed"][0]["status"] == "failed"


def test_tidy_csv_writes_counts_as_whole_numbers(tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    runner.invoke(app, ["export", str(_copy(SAMPLE, tmp_path)), "--out", str(out)])
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    tno = [r["value"] for r in rows if r["sheet"] == "TNO" and r["measure"] == "actual"]
    assert tno[:3] == ["1383", "1639", "1532"]  # the published TNO months Apr-Jun 2016
    assert not [r for r in rows if re.fullmatch(r"-?\d+\.0", r["value"])]
    change = next(
        r["value"] for r in rows if r["sheet"] == "TNO" and r["measure"] == "pct_change_ytd"
    )
    assert "." in change  # a fraction stays a fraction, unrounded


def test_fill_folder_names_its_reports_and_a_rerun_counts_only_the_returns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copy(SAMPLE, folder)
    _copy(ROOT / "samples" / "district_b_2016-12.xlsx", folder)
    res = runner.invoke(app, ["fill", str(folder)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert f"Wrote {folder / 'summary.xlsx'}" in lines
    assert f"Wrote {folder / 'comparison.xlsx'}" in lines
    assert lines[-1] == "2 file(s): 2 read, 0 failed."
    again = runner.invoke(app, ["fill", str(folder)])
    assert again.exit_code == 2
    assert again.stdout.splitlines()[-1] == "2 file(s): 0 read, 2 failed."
    assert "Wrote" not in again.stdout
    assert (
        f"✘ summary.xlsx: summary.xlsx already exists in {folder}; use --force to replace it."
        in again.stdout
    )


def test_template_needs_fy_and_never_guesses_it(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    res = runner.invoke(app, ["template", "--out", str(out)])
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr.strip() == (
        "Error: template needs --fy, the year the financial year starts, e.g. --fy 2016 for"
        " 2016/17 (csp-excel does not guess the year from today's date)."
    )
    ok = runner.invoke(app, ["template", "--out", str(out), "--fy", "2016"])
    assert ok.stdout.strip() == f"Wrote {out} (financial year 2016/17, from --fy 2016)"
    cells = [
        c.value for ws in openpyxl.load_workbook(out).worksheets for r in ws.iter_rows() for c in r
    ]
    assert "Apr-16" in cells and "Mar-17" in cells  # the months of the year given


def test_template_and_button_json_and_quiet(tmp_path: Path) -> None:
    doc = json.loads(
        runner.invoke(
            app, ["template", "--fy", "2016", "--out", str(tmp_path / "t.xlsx"), "--json"]
        ).stdout
    )
    assert doc == {
        "written": str(tmp_path / "t.xlsx"),
        "what": "financial year 2016/17, from --fy 2016",
    }
    quiet = runner.invoke(app, ["button", "--out", str(tmp_path / "b.xlsm"), "-q"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and (tmp_path / "b.xlsm").is_file()


def test_inspect_quiet_keeps_one_line_per_sheet(tmp_path: Path) -> None:
    src = _copy(ROOT / "samples" / "district_b_2016-12.xlsx", tmp_path)
    full = runner.invoke(app, ["inspect", str(src)]).stdout.splitlines()
    quiet = runner.invoke(app, ["inspect", str(src), "-q"]).stdout.splitlines()
    assert quiet == [x for x in full if not x.startswith(" ")]
    assert len(quiet) < len(full) and "Sheet 'TNO': read as 1 indicator" in quiet
