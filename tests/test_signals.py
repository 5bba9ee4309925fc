"""Stopping a folder run with SIGINT, SIGTERM or SIGKILL (of the parent only) leaves no worker
process and no temp file; a temp file left by a process killed outright is removed by the next run.

Real processes: `python -m csp_excel fill folder --workers 2` in its own session, signalled once
its workers are busy. Linux only (worker pids are found through /proc).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import wb_factory as W

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

FILES = 24


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    first = W.write_book(folder / "r00.xlsx", {"Robbery": W.indicator_rows()})
    data = first.read_bytes()
    for i in range(1, FILES):
        (folder / f"r{i:02d}.xlsx").write_bytes(data)
    return folder


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".csp-tmp-" in p.name)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_parent_leaves_no_worker_and_no_temp(tmp_path: Path, sig: int) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "csp_excel", "fill", str(folder), "--out", str(out), "-w", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a signal to the parent only, as `kill PID` would send
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            kids = [k for k in _children(proc.pid) if "multiprocessing" in _cmdline(k)]
            workers.update(kids)
            done = len(list(out.glob("*.filled.xlsx"))) if out.exists() else 0
            if len(kids) >= 2 and done >= 1:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be stopped"
        assert len(workers) >= 2, "no worker processes seen"
        os.kill(proc.pid, sig)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    gone_by = time.monotonic() + 10
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.1)
    orphans = [w for w in workers if _alive(w)]
    for w in orphans:
        os.kill(w, signal.SIGKILL)
    assert orphans == [], f"workers still running after {signal.Signals(sig).name}"
    assert _temps(out) == []
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig
        done = len(list(out.glob("*.filled.xlsx")))
        assert done < FILES, "the run was not stopped early"


def test_temp_file_of_a_killed_process_is_removed_by_the_next_run(tmp_path: Path) -> None:
    from csp_excel.writers.atomic import TEMP_TAG, atomic_path

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no longer runs
    stale = tmp_path / f".a{TEMP_TAG}{dead.pid}.k3j_x9.tmp.xlsx"
    stale.write_bytes(b"half")
    live = tmp_path / f".b{TEMP_TAG}{os.getpid()}.zz.tmp.xlsx"
    live.write_bytes(b"being written by a running process")
    with atomic_path(tmp_path / "new.xlsx") as tmp:
        tmp.write_bytes(b"ok")
    assert not stale.exists()
    assert live.exists()  # a running process's temp file is left alone
    assert (tmp_path / "new.xlsx").read_bytes() == b"ok"


def test_worker_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    """The worker initializer alone: a child using it outlives a SIGKILLed parent by < 3 s."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing as mp, os, sys, time\n"
        "from csp_excel.lifeline import worker_init\n"
        "def work(parent):\n"
        "    worker_init(parent)\n"
        "    time.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    p = mp.get_context('spawn').Process(target=work, args=(os.getpid(),))\n"
        "    p.start()\n"
        "    print(p.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    time.sleep(1.0)  # let the child run its initializer
    assert _alive(child)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    still = _alive(child)
    if still:
        os.kill(child, signal.SIGKILL)
    assert not still
