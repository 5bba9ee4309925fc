"""I/O problems are plain messages with exit 2, never tracebacks: disk full, read-only output
folder, `--out ro/sub`, impossible `template --fy`, an exact duplicate sheet name, an --out that
is a file; and every command given bad arguments.

Real processes (`python -m csp_excel`) so the real stderr and exit code are seen. Disk full is a
file-size limit (RLIMIT_FSIZE) set in the child, and also a tiny tmpfs where mounting works.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import wb_factory as W


def run(args: list[str], cwd: Path, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "csp_excel", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit if fsize is not None else None,
    )


def plain(res: subprocess.CompletedProcess[str], code: int = 2) -> str:
    text = res.stdout + res.stderr
    assert "Traceback" not in text, text
    assert res.returncode == code, (res.returncode, text)
    return text


@pytest.fixture()
def ret(tmp_path: Path) -> Path:
    return W.write_book(tmp_path / "r.xlsx", {"Robbery": W.indicator_rows()})


@pytest.fixture()
def readonly(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write to: chmod for a normal user, a read-only tmpfs for root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                         capture_output=True)  # fmt: skip
    if res.returncode != 0:
        pytest.skip("running as root and cannot mount a read-only folder")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_disk_full_is_a_message(ret: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    text = plain(run(["fill", str(ret), "--out", str(out)], tmp_path, fsize=4096))
    assert "Could not write r.filled.xlsx" in text and "disk is full" in text
    assert not list(out.glob("*")), "no temp file or half output left"


def test_disk_full_in_a_folder_run_and_export(ret: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in ("a", "b"):
        (folder / f"{n}.xlsx").write_bytes(ret.read_bytes())
    out = tmp_path / "out"
    text = plain(run(["fill", str(folder), "--out", str(out), "-w", "1"], tmp_path, fsize=4096))
    assert "disk is full" in text
    text = plain(run(["export", str(folder), "--out", "all.parquet"], tmp_path, fsize=2048))
    assert "disk is full" in text
    assert not [p for p in tmp_path.rglob("*") if ".csp-tmp-" in p.name]


def test_tiny_disk_is_a_message(ret: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)],
                         capture_output=True)  # fmt: skip
    if res.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (RLIMIT_FSIZE test covers disk full)")
    try:
        text = plain(run(["fill", str(ret), "--out", str(disk)], tmp_path))
        assert "disk is full" in text or "no space" in text.lower()
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_read_only_output_folder(ret: Path, tmp_path: Path, readonly: Path) -> None:
    for out in (readonly, readonly / "sub", readonly / "x.xlsx"):
        text = plain(run(["fill", str(ret), "--out", str(out)], tmp_path))
        assert "Could not write" in text, text
    text = plain(run(["template", "--out", str(readonly / "t.xlsx"), "--fy", "2016"], tmp_path))
    assert "read-only" in text or "permission denied" in text
    text = plain(run(["export", str(ret), "--out", str(readonly / "a.csv")], tmp_path))
    assert "read-only" in text or "permission denied" in text


@pytest.mark.parametrize("fy", ["9999", "0", "-1", "10000"])
def test_template_impossible_year(tmp_path: Path, fy: str) -> None:
    text = plain(run(["template", "--fy", fy, "--out", "t.xlsx"], tmp_path))
    assert "between 1990 and 2099" in text
    assert not (tmp_path / "t.xlsx").exists()


def _duplicate_sheet_names(tmp_path: Path) -> Path:
    """Two sheets with exactly the same name (Excel never writes it; a zip can say it)."""
    src = W.write_book(tmp_path / "two.xlsx", {"Robbery": W.indicator_rows(),
                                                "Other": W.indicator_rows()})  # fmt: skip
    out = tmp_path / "dup.xlsx"
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w") as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="Other"', b'name="Robbery"')
            zo.writestr(info, data)
    return out


def test_exact_duplicate_sheet_name(tmp_path: Path) -> None:
    dup = _duplicate_sheet_names(tmp_path)
    res = run(["button", "--from", str(dup), "--out", "b.xlsm"], tmp_path)
    assert "Traceback" not in res.stdout + res.stderr
    if res.returncode == 0:  # copied, the second one under a distinct name
        with zipfile.ZipFile(tmp_path / "b.xlsm") as zf:
            wb = zf.read("xl/workbook.xml").decode()
        assert wb.count('name="Robbery"') == 1 and "Robbery (2)" in wb
    else:
        plain(res)
    text = plain(run(["fill", str(dup), "--out", "f.xlsx"], tmp_path))
    assert "two sheets both named 'Robbery'" in text
    assert not (tmp_path / "f.xlsx").exists()


def test_out_is_an_existing_file_for_several_inputs(ret: Path, tmp_path: Path) -> None:
    other = tmp_path / "s.xlsx"
    other.write_bytes(ret.read_bytes())
    (tmp_path / "notes.txt").write_text("mine")
    text = plain(run(["fill", str(ret), str(other), "--out", "notes.txt"], tmp_path))
    assert "--out must be a folder" in text
    assert (tmp_path / "notes.txt").read_text() == "mine"


BAD_ARGS = [
    ["fill", "missing.xlsx"],
    ["fill", "r.xlsx", "--tolerance", "lots"],
    ["fill", "r.xlsx", "--tolerance", "500"],
    ["fill", "r.xlsx", "--reporting-month", "someday"],
    ["fill", "r.xlsx", "--settings", "missing.xlsx"],
    ["fill", "r.xlsx", "--settings", "notes.txt"],
    ["fill", "r.xlsx", "--workers", "0"],
    ["fill", "r.xlsx", "notes.txt", "--out", "x.xlsx"],
    ["fill", "r.xlsx", "--out", "notes.txt/x.xlsx"],
    ["fill", "r.xlsx", "--bogus"],
    ["fill"],
    ["validate", "missing.xlsx"],
    ["validate", "empty"],
    ["validate", "r.xlsx", "--reporting-month", "13-99"],
    ["export", "r.xlsx", "--out", "x.txt"],
    ["export", "r.xlsx"],
    ["export", "r.xlsx", "--out", "notes.txt/a.csv"],
    ["export", "missing.xlsx", "--out", "a.csv"],
    ["template", "--fy", "abc"],
    ["template", "--fy", "9999"],
    ["template", "--out", "notes.txt/t.xlsx", "--fy", "2016"],
    ["button", "--out", "x.xlsx"],
    ["button", "--from", "missing.xlsx"],
    ["button", "--out", "notes.txt/b.xlsm"],
    ["inspect", "missing.xlsx"],
    ["inspect", "empty"],
    ["inspect", "r.xlsx", "--reporting-month", "someday"],
    ["nosuchcommand"],
]


@pytest.mark.parametrize("args", BAD_ARGS, ids=lambda a: " ".join(a) or "none")
def test_every_command_with_bad_arguments(ret: Path, tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "notes.txt").write_text("not a workbook")
    (tmp_path / "empty").mkdir()
    plain(run(args, tmp_path))
