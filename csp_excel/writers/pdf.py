"""The board pack as PDF: the filled workbook printed by LibreOffice, when it is installed.

LibreOffice runs headless with a private profile in a temporary folder (so it neither touches the
user's own LibreOffice nor collides with another run), macros disabled, under a time limit.
soffice exits 0 even when it could not convert a file, so the PDF is checked: it must exist,
be non-empty and start like a PDF. The file is then moved into place atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from csp_excel.writers.atomic import atomic_path

TIMEOUT_SECONDS = 300
INSTALL_HINT = (
    "LibreOffice, which csp-excel uses to print the workbook, is not installed on this machine. "
    "Install it (Windows or Mac: https://www.libreoffice.org/download/ ; Debian or Ubuntu: "
    "sudo apt-get install libreoffice-calc-nogui) and run the fill again with --pdf"
)
# recalculation never (our cached values are the figures), macros off at the highest security
_PROFILE = """\
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


class PdfNotWritten(Exception):
    """The PDF could not be made; the message says why in plain words."""


def soffice() -> str | None:
    """LibreOffice's command, if it is on the PATH."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_path(xlsx: Path) -> Path:
    """Where the PDF of a filled workbook goes: beside it, same name."""
    return xlsx.with_suffix(".pdf")


def write_pdf(xlsx: Path, out: Path, force: bool = False, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Print `xlsx` to the PDF `out`; raises `PdfNotWritten` (plain message) when it cannot."""
    exe = soffice()
    if exe is None:
        raise PdfNotWritten(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="csp-excel-pdf-") as tmp:
        made = _convert(exe, Path(xlsx), Path(tmp), timeout)
        with atomic_path(out, force) as target:
            shutil.copyfile(made, target)
    return out


def _convert(exe: str, xlsx: Path, tmp: Path, timeout: int) -> Path:
    """Run LibreOffice once into `tmp`; returns the checked PDF."""
    user = tmp / "profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    outdir = tmp / "out"
    cmd = [
        exe,
        f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
        "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
        "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx),
    ]  # fmt: skip
    env = dict(os.environ, HOME=str(tmp))  # nothing of the user's own profile is read
    try:
        subprocess.run(
            cmd,
            check=False,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise PdfNotWritten(
            f"LibreOffice did not finish printing {xlsx.name} within {timeout} seconds"
        ) from None
    except OSError as e:
        raise PdfNotWritten(f"LibreOffice could not be started ({e.strerror or e})") from None
    made = outdir / (xlsx.stem + ".pdf")
    if not made.is_file() or made.stat().st_size == 0 or made.read_bytes()[:5] != b"%PDF-":
        raise PdfNotWritten(f"LibreOffice ran but did not print {xlsx.name} to PDF")
    return made
