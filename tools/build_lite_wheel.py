"""Build the csp-excel wheel for xlwings Lite: our pure-Python package with no dependencies.

    python tools/build_lite_wheel.py [OUT_DIR]      (default: dist-lite/)

Why: xlwings Lite installs requirements.txt with Pyodide's micropip, which also installs every
`Requires-Dist` of a wheel; python-calamine, pyarrow and msoffcrypto-tool have no WebAssembly
wheel, so the ordinary wheel cannot be installed there. The Lite buttons import none of them
(tests/test_excel_lite.py), so the Lite wheel is `pip wheel . --no-deps` with the
dependency lines taken out of its METADATA (RECORD rewritten to match). The source is copied to
a temporary folder first, so no build/ or egg-info is left in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "csp_excel")


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def strip_dependencies(wheel: Path, out: Path) -> Path:
    """A copy of `wheel` in `out` whose METADATA has no Requires-Dist (RECORD updated)."""
    target = out / wheel.name
    with zipfile.ZipFile(wheel) as src:
        files = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
    meta = next(n for n in files if n.endswith(".dist-info/METADATA"))
    record = next(n for n in files if n.endswith(".dist-info/RECORD"))
    lines = files[meta].decode("utf-8").split("\n")
    files[meta] = "\n".join(x for x in lines if not x.startswith("Requires-Dist:")).encode()
    del files[record]
    rows = [_record_line(n, d) for n, d in files.items()] + [f"{record},,"]
    files[record] = ("\n".join(rows) + "\n").encode()
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    return target


def build(out: Path) -> Path:
    """Build with pip from a copy of the source; the Lite wheel's path."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(
                    ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                src.mkdir(exist_ok=True)
                shutil.copy2(ROOT / name, src / name)
        built = Path(tmp) / "built"
        cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(built)]
        subprocess.run(cmd, check=True)
        (wheel,) = built.glob("csp_excel-*.whl")
        return strip_dependencies(wheel, out)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist-lite"))
