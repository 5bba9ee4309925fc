"""The docs a user of the repository reads are in the repository: nothing sends them to ../shared,
every reference page the README links exists, and the generated code table is current."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.core.codes import CODES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["settings.md", "codes.md", "tidy-export.md", "json.md"]
OUTSIDE = re.compile(r"\.\./shared|\bshared/")

runner = CliRunner()


def _help_texts() -> dict[str, str]:
    group = typer.main.get_command(app)
    names = ["", *getattr(group, "commands", {})]
    return {
        n or "csp-excel": runner.invoke(app, [*([n] if n else []), "--help"]).stdout for n in names
    }


def test_readme_docs_and_help_never_send_people_to_shared() -> None:
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    }
    texts.update({f"{k} --help": v for k, v in _help_texts().items()})
    bad = {name for name, text in texts.items() if OUTSIDE.search(text)}
    assert not bad, f"these send people outside the repository: {sorted(bad)}"


def test_the_pattern_catches_a_reference_to_shared() -> None:
    assert OUTSIDE.search("see ../shared/SPEC.md") and OUTSIDE.search("in shared/seeds")
    assert not OUTSIDE.search("sharedStrings.xml, a shared title")


@pytest.mark.parametrize("page", DOCS)
def test_every_reference_page_exists_and_the_readme_links_it(page: str) -> None:
    path = ROOT / "docs" / page
    assert path.is_file() and len(path.read_text(encoding="utf-8")) > 1000, page
    assert f"](docs/{page})" in (ROOT / "README.md").read_text(encoding="utf-8"), page


def test_codes_page_is_current_and_lists_every_code() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from update_readme_codes import readme_with_table

    text = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert readme_with_table(text) == text, (
        "docs/codes.md is stale; run: python tools/update_readme_codes.py"
    )
    for c in CODES:
        assert f"| `{c.code}` |" in text, c.code


def test_tidy_page_names_every_measure_the_export_writes(tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "all.csv"
    res = runner.invoke(
        app, ["export", str(ROOT / "samples" / "district_b_2016-12.xlsx"), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    page = (ROOT / "docs" / "tidy-export.md").read_text(encoding="utf-8")
    for measure in set(pd.read_csv(out)["measure"]):
        assert f"`{measure}`" in page, measure
    for column in pd.read_csv(out).columns:
        assert f"| `{column}` |" in page, column


def test_settings_page_names_every_setting_the_reader_knows() -> None:
    from csp_excel.reader.settings import SETTING_NAMES
    from csp_excel.reader.settings_tables import INDICATOR_COLUMNS

    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8").lower()
    for name in {*SETTING_NAMES, *INDICATOR_COLUMNS}:
        assert f"`{name}`" in page, name
