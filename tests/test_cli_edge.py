"""Every command of the app, each with every kind of bad argument that applies to it: exit 2, one
plain `Error:` line on stderr, no traceback, nothing on stdout.

The commands and their options are read from the typer app itself, so a new command or option
is covered without editing this file; a case is made only where the command has that option.
"""

from __future__ import annotations

import shutil
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from csp_excel.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "barking_dagenham_2016-12.xlsx"
runner = CliRunner()
GROUP: Any = typer.main.get_command(app)
COMMANDS: dict[str, Any] = dict(GROUP.commands)

# a valid value for each required parameter, so only the bad argument is at fault
VALID = {"paths": ["r.xlsx"], "path": ["r.xlsx"], "out": ["--out", "new.csv"]}
INPUTS = ("paths", "path", "settings_file", "source")  # Path parameters read, not written


def _required(cmd: Any, but: str = "") -> list[str]:
    args: list[str] = []
    for p in cmd.params:
        if p.required and p.name != but:
            assert p.name in VALID, f"add a valid value for {cmd.name}'s {p.name} to VALID"
            args += VALID[p.name]
    return args


def _flag(p: Any) -> str:
    return max(p.opts, key=len)


def _types(cmd: Any) -> dict[str, set[type]]:
    """Each parameter's Python types, from the command function's annotations."""
    hints = typing.get_type_hints(cmd.callback)
    return {k: {t for t in (typing.get_args(v) or (v,)) if isinstance(t, type)}
            for k, v in hints.items()}  # fmt: skip


@dataclass(frozen=True)
class Bad:
    command: str
    why: str
    args: tuple[str, ...]


def _cases_for(name: str, cmd: Any) -> list[Bad]:
    out = [Bad(name, "unknown option", (name, *_required(cmd), "--no-such-option"))]
    if any(p.required for p in cmd.params):
        out.append(Bad(name, "missing required argument", (name,)))
    if not any(p.param_type_name == "argument" for p in cmd.params):
        out.append(Bad(name, "unexpected argument", (name, *_required(cmd), "extra")))
    types = _types(cmd)
    for p in cmd.params:
        if p.name in INPUTS:
            given = p.param_type_name == "argument"
            for why, value in (("nonexistent input file", "missing.xlsx"),
                               ("folder where a file is expected", "empty")):  # fmt: skip
                if why.startswith("folder") and p.name == "paths":
                    continue  # a folder of returns is a good argument
                arg = (value,) if given else (_flag(p), value)
                base = _required(cmd, but=p.name if given else "")
                out.append(Bad(name, f"{why} ({p.name})", (name, *base, *arg)))
        if p.name == "reporting_month":
            out.append(
                Bad(name, "bad --reporting-month", (name, *_required(cmd), _flag(p), "13-99"))
            )
        if p.name == "tolerance":
            for v in ("500", "-3", "abc"):  # a percentage typed as text: not a number too
                out.append(Bad(name, f"bad --tolerance {v}", (name, *_required(cmd), _flag(p), v)))
        if p.param_type_name == "option" and types.get(p.name, set()) & {int, float}:
            out.append(
                Bad(name, f"not a number ({p.name})", (name, *_required(cmd), _flag(p), "x"))
            )
        if p.name == "workers":
            out.append(Bad(name, "no workers", (name, *_required(cmd), _flag(p), "0")))
        if p.name == "out" and "folder" in (p.help or "") and _takes_many(cmd):
            for target in ("notes.txt", "new.txt"):  # an existing plain file; a file's name
                args = (name, "r.xlsx", "r2.xlsx", _flag(p), target)
                out.append(Bad(name, f"--out {target} for several inputs", args))
                args = (name, "r.xlsx", _flag(p), target)  # neither a folder nor a workbook
                out.append(Bad(name, f"--out {target} for one input", args))
    return out  # fmt: skip


def _takes_many(cmd: Any) -> bool:
    return any(p.param_type_name == "argument" and p.nargs == -1 for p in cmd.params)


CASES = [c for name, cmd in COMMANDS.items() for c in _cases_for(name, cmd)]


def test_the_app_has_the_commands_we_expect_to_cover() -> None:
    """Enumeration works: every command is found and every one gets cases."""
    assert {"fill", "validate", "export", "inspect", "template", "button", "codes"} <= set(COMMANDS)
    assert {c.command for c in CASES} == set(COMMANDS)
    whys = {c.why.split(" (")[0] for c in CASES}
    assert {"nonexistent input file", "folder where a file is expected", "bad --reporting-month",
            "missing required argument", "--out notes.txt for several inputs"} <= whys  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLE, tmp_path / "r.xlsx")
    shutil.copy(SAMPLE, tmp_path / "r2.xlsx")
    (tmp_path / "notes.txt").write_text("not a workbook")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("bad", CASES, ids=lambda c: f"{c.command}: {c.why}")
def test_bad_arguments_exit_2_with_one_plain_line(folder: Path, bad: Bad) -> None:
    before = sorted(p.name for p in folder.iterdir())
    res = runner.invoke(app, list(bad.args))
    shown = f"{' '.join(bad.args)}\nstdout: {res.stdout}\nstderr: {res.stderr}"
    assert res.exit_code == 2, shown
    assert "Traceback" not in res.stdout + res.stderr, shown
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit), shown
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), shown
    assert not res.stdout.strip(), shown
    assert sorted(p.name for p in folder.iterdir()) == before, "a bad command wrote something"


def test_help_and_version_still_exit_0() -> None:
    for args in (["--help"], ["--version"], *([name, "--help"] for name in COMMANDS)):
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and "Traceback" not in res.output, (args, res.output)


def test_verbose_adds_the_notes_to_validate(folder: Path) -> None:
    """validate lists errors and warnings; -v adds the info notes, as its help says."""
    plain = runner.invoke(app, ["validate", "r.xlsx"])
    verbose = runner.invoke(app, ["validate", "r.xlsx", "-v"])
    assert plain.exit_code == verbose.exit_code
    assert "  INFO" not in plain.stdout and "  INFO" in verbose.stdout
    assert "  WARNING" in plain.stdout
    assert set(plain.stdout.splitlines()) < set(verbose.stdout.splitlines())
    assert "notes" in COMMANDS["validate"].params[-2].help or any(
        "notes" in (p.help or "") for p in COMMANDS["validate"].params
    )


def test_debug_shows_the_chain_of_an_expected_refusal(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal the commands expect still goes through the edge: one plain line, exit 2, and
    with --debug (or CSP_EXCEL_DEBUG=1) the exception chain under it."""
    (folder / "out.xlsx").write_bytes(b"already here")
    plain = runner.invoke(app, ["fill", "r.xlsx", "--out", "out.xlsx"])
    assert plain.exit_code == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.strip() == "Error: out.xlsx already exists; use --force to replace it"
    debug = runner.invoke(app, ["fill", "r.xlsx", "--out", "out.xlsx", "--debug"])
    assert debug.exit_code == 2
    assert debug.stderr.startswith("Error: out.xlsx already exists; use --force to replace it")
    assert "Traceback" in debug.stderr and "OutputExists" in debug.stderr
    monkeypatch.setenv("CSP_EXCEL_DEBUG", "1")
    unwritable = runner.invoke(app, ["export", "r.xlsx", "--out", "nodir/x.csv"])
    assert unwritable.exit_code == 2
    assert unwritable.stderr.startswith("Error: Could not write x.csv: no such file or folder.")
    assert "FileNotFoundError" in unwritable.stderr and "direct cause" in unwritable.stderr
