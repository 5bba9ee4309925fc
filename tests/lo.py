"""LibreOffice helpers for tests: full recalculation of a workbook, and a comparison of the cached
values we wrote with LibreOffice's results (as /work/shared/tools/lo_recalc.sh, lo_compare.py).

One private LibreOffice profile per call (parallel-safe), recalculation forced on load, macros
disabled. soffice exits 0 even when it could not load a file, so the output is checked.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice")


def _run(args: list[str], outdir: Path, src: Path, timeout: int = 300) -> None:
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            *args,
            "--outdir",
            str(outdir),
            str(src),
        ]
        subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)


def recalc(xlsx: Path, outdir: Path) -> Path:
    """Re-save `xlsx` into `outdir` after LibreOffice's full recalculation; returns the new file."""
    xlsx, outdir = Path(xlsx), Path(outdir)
    _run(["--convert-to", "xlsx:Calc MS Excel 2007 XML"], outdir, xlsx)
    out = outdir / (xlsx.stem + ".xlsx")
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def to_pdf(xlsx: Path, outdir: Path) -> Path:
    """Render a workbook to PDF (for looking at the print layout)."""
    xlsx, outdir = Path(xlsx), Path(outdir)
    _run(["--convert-to", "pdf"], outdir, xlsx)
    out = outdir / (xlsx.stem + ".pdf")
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def _blank(v: Any) -> bool:
    return v is None or v == ""


def equal(mine: Any, theirs: Any) -> bool:
    """Cached vs recalculated: numbers closely, "" and None alike, bools as numbers."""
    if _blank(mine) and _blank(theirs):
        return True
    if isinstance(mine, bool) or isinstance(theirs, bool):
        return mine == theirs
    if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
        return math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return mine == theirs


def compare(original: Path, recalculated: Path) -> tuple[int, list[str]]:
    """Every formula cell of `original`: our cached value vs LibreOffice's. (count, mismatches)."""
    import openpyxl
    import python_calamine as pc

    formulas = openpyxl.load_workbook(original)
    cached = openpyxl.load_workbook(original, data_only=True)
    lo = pc.CalamineWorkbook.from_path(str(recalculated))
    n, bad = 0, []
    for ws in formulas.worksheets:
        lo_rows = lo.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                n += 1
                mine = cached[ws.title][c.coordinate].value
                r, k = c.row - 1, c.column - 1
                theirs = lo_rows[r][k] if r < len(lo_rows) and k < len(lo_rows[r]) else None
                if not equal(mine, theirs):
                    bad.append(
                        f"{ws.title}!{c.coordinate} {c.value}: cached={mine!r} libreoffice={theirs!r}"
                    )
    return n, bad
