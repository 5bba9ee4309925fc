"""tools/codemod_findings.py on small made-up modules: positional, keyword and multi-line calls,
codes and severities passed as variables, a local named `finding`, a severity the catalogue
refuses, and a second run that changes nothing."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "codemod_findings", ROOT / "tools/codemod_findings.py"
)
assert _spec is not None and _spec.loader is not None
codemod = importlib.util.module_from_spec(_spec)
sys.modules["codemod_findings"] = codemod
_spec.loader.exec_module(codemod)

SOURCE = """\
from ..core.model import Finding, Settings


def one(sheet: str) -> list[Finding]:
    return [Finding("YTD_MISMATCH", "error", sheet, "F12", "The YTD differs.", 231, 241)]


def many(sheet: str, sev: str) -> list[object]:
    return [
        Finding(
            "SHEET_SKIPPED",
            "warning",
            sheet,
            "A1",
            "Not read "
            "at all.",
        ),
        Finding("MONTHS_OUT_OF_ORDER", sev, sheet, "B9", "m", None, None),  # type: ignore[arg-type]
        Finding(code="GRID_NOT_FOUND", severity="warning", sheet=sheet, cell=None, message="m"),
    ]


def failed(code: str) -> object:
    finding = Finding(code=code, severity="error", sheet=None, cell=None, message="m")
    return [finding]
"""


def _run(tmp_path: Path, source: str) -> tuple[str | None, object]:
    path = tmp_path / "mod.py"
    path.write_text(source)
    rep = codemod.Report()
    cat = codemod._catalogue(ROOT)
    return codemod.convert_file(path, "mod.py", cat, rep), rep


def test_every_form_is_converted(tmp_path: Path) -> None:
    new, rep = _run(tmp_path, SOURCE)
    assert new is not None
    assert "Finding(" not in new
    assert "from ..core.codes import finding\nfrom ..core.model import Finding, Settings" in new
    assert 'finding("YTD_MISMATCH", sheet, "F12", "The YTD differs.", 231, 241)' in new
    assert '"at all.", severity="warning"' in new  # a second severity is kept (ruff lays it out)
    assert "severity=sev" in new and "type: ignore" not in new
    assert 'finding(code="GRID_NOT_FOUND", sheet=sheet, cell=None, message="m")' in new
    assert 'one = finding(code=code, sheet=None, cell=None, message="m", severity="error")' in new
    assert "return [one]" in new
    assert len(rep.converted) == 5 and not rep.refused  # type: ignore[attr-defined]
    assert [r.split(":")[0] for r in rep.variable_code] == ["mod.py"]  # type: ignore[attr-defined]
    compile(new, "mod.py", "exec")


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    new, _ = _run(tmp_path, SOURCE)
    assert new is not None
    again, rep = _run(tmp_path, new)
    assert again is None and not rep.converted  # type: ignore[attr-defined]


def test_a_severity_the_catalogue_refuses_is_left_and_listed(tmp_path: Path) -> None:
    source = textwrap.dedent("""\
        from .model import Finding

        x = Finding("GRID_NOT_FOUND", "error", "S", None, "m")
    """)
    new, rep = _run(tmp_path, source)
    assert new is None
    assert rep.refused and "GRID_NOT_FOUND 'error'" in rep.refused[0]  # type: ignore[attr-defined]


def test_finding_dropped_from_the_import_when_no_longer_used(tmp_path: Path) -> None:
    source = 'from .model import Finding\n\nx = Finding("PLACEHOLDER", "info", "S", "A1", "m")\n'
    new, _ = _run(tmp_path, source)
    assert new == 'from .codes import finding\n\nx = finding("PLACEHOLDER", "S", "A1", "m")\n'
