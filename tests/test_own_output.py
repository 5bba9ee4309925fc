"""A workbook csp-excel wrote is never read as a return (its derived rows would be read as
figures and give dozens of false errors): it is refused with a plain message."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from csp_excel import service
from csp_excel.cli import app
from csp_excel.writers.summary import own_output_kind

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "barking_dagenham_2016-12.xlsx"


def test_a_filled_workbook_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    out = tmp_path / "filled.xlsx"
    service.fill_file(SAMPLE, out, force=False)
    assert own_output_kind(out) == "filled"
    renamed = tmp_path / "march_return.xlsx"  # a renamed output is still recognised
    shutil.copy(out, renamed)
    res = CliRunner().invoke(app, ["validate", str(renamed)])
    assert res.exit_code == 1
    assert (
        "march_return.xlsx was written by csp-excel (a filled workbook), not a return: "
        "run csp-excel on the original return instead." in res.output
    )
    assert "Traceback" not in res.output


def test_a_return_is_not_taken_for_an_output(tmp_path: Path) -> None:
    assert own_output_kind(SAMPLE) is None
    assert own_output_kind(tmp_path / "missing.xlsx") is None
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert own_output_kind(junk) is None
    assert service.analyse_file(SAMPLE).status != "failed"
