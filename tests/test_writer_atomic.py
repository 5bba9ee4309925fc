"""atomic_path: temp file beside the output, renamed on success, removed on failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_excel.errors import OutputExists
from csp_excel.writers.atomic import atomic_path


def test_renames_on_success(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    with atomic_path(out, force=False) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".") and tmp.name.endswith(".tmp.xlsx")
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_refuses_existing_without_force(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputExists, match="already exists; use --force to replace it"):
        with atomic_path(out, force=False):
            pytest.fail("must not get here")
    assert out.read_bytes() == b"keep"
    assert len(list(tmp_path.iterdir())) == 1


def test_force_replaces(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")
    with atomic_path(out, force=True) as tmp:
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new"


@pytest.mark.parametrize("exc", [ValueError("boom"), KeyboardInterrupt()])
def test_failure_removes_temp_and_keeps_old(tmp_path: Path, exc: BaseException) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(type(exc)):
        with atomic_path(out, force=True) as tmp:
            tmp.write_bytes(b"half")
            raise exc
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_fast_formula_worksheet_prepares_formulas_exactly_as_xlsxwriter() -> None:
    """The speed-up must not change a single formula xlsxwriter would write."""
    from xlsxwriter.worksheet import Worksheet

    from csp_excel.writers.xl_formats import FastFormulaWorksheet

    fast, plain = FastFormulaWorksheet(), Worksheet()
    formulas = [
        '=IF(C10="","",SUM($C$10:C10))',
        '=IFERROR(C14/C15-1,"")',
        "=LOOKUP(2,1/(Den_Residents_From<=DATE(2016,6,30)),Den_Residents_Value)",
        "{=SUM(A1:A3*B1:B3)}",
        "=XLOOKUP(A1,B:B,C:C)",  # dynamic function: handed back to xlsxwriter
        "=_xlfn.STDEV.S(A1:A9)",
        "=SORT(A1:A9)",
    ]
    for f in formulas:
        assert fast._prepare_formula(f) == plain._prepare_formula(f), f


def test_file_appearing_while_writing_is_never_replaced(tmp_path: Path) -> None:
    """The "exists?" check is repeated, exclusively, at the very end."""
    out = tmp_path / "a.xlsx"
    with pytest.raises(OutputExists):
        with atomic_path(out, force=False) as tmp:
            tmp.write_bytes(b"ours")
            out.write_bytes(b"someone else's")  # e.g. saved from Excel meanwhile
    assert out.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_force_replaces_only_the_file_that_was_checked(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(OutputExists, match="changed while it was being written"):
        with atomic_path(out, force=True) as tmp:
            tmp.write_bytes(b"ours")
            out.unlink()
            out.write_bytes(b"newer, from someone else")
    assert out.read_bytes() == b"newer, from someone else"
    # and a file that appeared meanwhile is not replaced even with force
    new = tmp_path / "b.xlsx"
    with pytest.raises(OutputExists):
        with atomic_path(new, force=True) as tmp:
            tmp.write_bytes(b"ours")
            new.write_bytes(b"theirs")
    assert new.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_without_hard_links_the_name_is_still_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filesystems without hard links (FAT, some shares): an O_EXCL claim, then the rename."""
    import errno
    import os

    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "a.xlsx"
    with atomic_path(out) as tmp:
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new"
    with pytest.raises(OutputExists):
        with atomic_path(tmp_path / "b.xlsx") as tmp:
            tmp.write_bytes(b"ours")
            (tmp_path / "b.xlsx").write_bytes(b"theirs")
    assert (tmp_path / "b.xlsx").read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]
