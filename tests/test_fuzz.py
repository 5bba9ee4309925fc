"""A seeded mutation fuzzer over the sample workbooks (and a small .xls): nothing aborts.

Each case takes one seed workbook and applies one to three mutations chosen by a seeded RNG:
byte flips inside a decompressed XML part (with a bias to the characters that matter: quotes,
digits, '<', '>', '='), a hostile rewrite of cell references (huge rows, quotes, spaces, leading
zeros, removed r=), cached values Excel cannot hold (NaN, inf, 1e308, 400 digits), truncation of the file, a deleted member, a duplicated member; for the .xls
seed, byte flips in the compound file's header, FAT and directory. Every case must give exit
0/1/2, valid JSON from `validate --json`, no traceback or panic text, and stay within the time
and memory budgets (10 s of CPU, since wall time on a shared machine measures the neighbours;
500 MB). Wall time is recorded in the report too.

The default is a few hundred cases (CI); `CSP_FUZZ_CASES=5000` runs more, `CSP_FUZZ_SEED`
changes the seed, and `CSP_FUZZ_REPORT=file.jsonl` appends one line per case (time, memory) so a
long run can report its worst case. Most cases run in-process through the CLI app (fast); every
25th runs the real CLI in a subprocess, where the peak memory of that process is measured.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import bad_files as B
import pytest
from typer.testing import CliRunner

from csp_excel.cli import app

CASES = int(os.environ.get("CSP_FUZZ_CASES", "200"))
SEED = int(os.environ.get("CSP_FUZZ_SEED", "20261201"))
REPORT = os.environ.get("CSP_FUZZ_REPORT", "")
BUDGET_SECONDS, BUDGET_MB = 10.0, 500
SUBPROCESS_EVERY = 25
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.xlsx"))
_LOUD = ("Traceback", "panicked", "RUST_BACKTRACE", "thread '")
_INTERESTING = b"\"'<>=/&0123456789:; \x00\xff"


def _xls_seed() -> bytes:
    return B._cfb({"Workbook": B._biff8(False, None)})


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i)) for i in z.infolist()]


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one mutation
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, body in members:
                z.writestr(name, body)
    return out.getvalue()


def _flip(rng: random.Random, body: bytes, n: int) -> bytes:
    buf = bytearray(body)
    for _ in range(n):
        if not buf:
            break
        i = rng.randrange(len(buf))
        buf[i] = rng.choice(_INTERESTING) if rng.random() < 0.6 else rng.randrange(256)
    return bytes(buf)


_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_HOSTILE_REFS = (
    lambda c, r: b"r='XFD1048576'",
    lambda c, r: b'r = "' + c + r + b'"',
    lambda c, r: b'r="' + c + b"000" + r + b'"',
    lambda c, r: b'r="' + c + b"99999999999" + b'"',
    lambda c, r: b'r="' + c + b"1048577" + b'"',
    lambda c, r: b'r="XFE' + r + b'"',
    lambda c, r: b"",  # position implied
    lambda c, r: b'r="' + r + b'"',
    lambda c, r: b'r="' + c + b'"',
    lambda c, r: b'r="' + c + r + b"x" + b'"',
)


def _hostile_refs(rng: random.Random, body: bytes) -> bytes:
    hits = list(_REF.finditer(body))
    if not hits:
        return _flip(rng, body, 3)
    for m in rng.sample(hits, min(len(hits), rng.randint(1, 4))):
        new = rng.choice(_HOSTILE_REFS)(m.group(1), m.group(2))
        body = body.replace(m.group(0), new or b" ", 1)
    return body


_VALUE = re.compile(rb"<v>[^<]{1,40}</v>")
_HOSTILE_VALUES = (b"NaN", b"inf", b"-inf", b"1e308", b"-1E308", b"1e309", b"9" * 400, b"1e-320")


def _hostile_values(rng: random.Random, body: bytes) -> bytes:
    """Numbers Excel cannot hold in place of a few cached values."""
    hits = list(_VALUE.finditer(body))
    if not hits:
        return _flip(rng, body, 3)
    for m in rng.sample(hits, min(len(hits), rng.randint(1, 3))):
        body = body.replace(m.group(0), b"<v>" + rng.choice(_HOSTILE_VALUES) + b"</v>", 1)
    return body


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One mutated workbook and a short description of what was done."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            i = rng.choice(
                [rng.randrange(0, 512), rng.randrange(512, 1536), rng.randrange(len(buf))]
            )
            buf[i] = rng.randrange(256)
        return bytes(buf), "xls byte flips"
    done = []
    members = [(i.filename, body) for i, body in _members(data)]
    for _ in range(rng.randint(1, 3)):
        kind = rng.choices(
            ["flip", "refs", "values", "truncate", "delete", "duplicate"],
            weights=[5, 3, 1, 1, 1, 1],
        )[0]
        xml = [k for k, (n, _b) in enumerate(members) if n.endswith((".xml", ".rels"))]
        if kind in ("flip", "refs", "values") and xml:
            sheets = [k for k in xml if "worksheets/" in members[k][0]]
            k = rng.choice(sheets) if (kind != "flip" and sheets) else rng.choice(xml)
            name, body = members[k]
            if kind == "refs":
                body = _hostile_refs(rng, body)
            elif kind == "values":
                body = _hostile_values(rng, body)
            else:
                body = _flip(rng, body, rng.randint(1, 8))
            members[k] = (name, body)
            done.append(f"{kind} {name}")
        elif kind == "delete" and members:
            k = rng.randrange(len(members))
            done.append(f"delete {members[k][0]}")
            members.pop(k)
        elif kind == "duplicate" and members:
            k = rng.randrange(len(members))
            name, body = members[k]
            members.append((name, _flip(rng, body, 2)))
            done.append(f"duplicate {name}")
        else:
            done.append("truncate")
            out = _rezip(members)
            return out[: rng.randrange(1, len(out))], "; ".join(done)
    return _rezip(members), "; ".join(done)


def _case(i: int) -> tuple[str, bytes, str]:
    rng = random.Random(SEED * 100_003 + i)
    if i % 10 == 9:
        seed_name, data = "tiny.xls", _xls_seed()
    else:
        path = SAMPLES[i % len(SAMPLES)]
        seed_name, data = path.name, path.read_bytes()
    mutated, what = mutate(rng, data)
    return seed_name, mutated, what


def _run_subprocess(path: Path, tmp_path: Path) -> tuple[int, str, str, float, float, int]:
    """The real CLI in a child: exit code, stdout, stderr, wall and CPU seconds, peak MB."""
    err_path = tmp_path / "stderr.txt"
    start = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "csp_excel", "validate", "--json", str(path)],
            stdout=subprocess.PIPE,
            stderr=err,
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's rusage (and its workers')
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    stderr = err_path.read_text("utf-8", "replace")
    text = out.decode("utf-8", "replace")
    return proc.returncode, text, stderr, seconds, cpu, usage.ru_maxrss // 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the .xls worker)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _outcome(stdout: str) -> str:
    """'failed FILE_UNREADABLE', 'findings', 'ok' or 'no json', for the report."""
    try:
        got = json.loads(stdout)["files"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return "no json"
    if got.get("status") == "failed":
        codes = [f.get("code") for f in got.get("findings", []) if f.get("severity") == "error"]
        return f"failed {codes[0] if codes else ''}".strip()
    return str(got.get("status"))


@pytest.mark.parametrize("i", range(CASES))
def test_mutated_workbook_never_aborts(
    tmp_path: Path, i: int, capfd: pytest.CaptureFixture[str]
) -> None:
    seed_name, data, what = _case(i)
    suffix = ".xls" if seed_name.endswith(".xls") else ".xlsx"
    path = tmp_path / f"case{i}{suffix}"
    path.write_bytes(data)
    if i % SUBPROCESS_EVERY == 0:
        code, stdout, stderr, seconds, cpu, peak_mb = _run_subprocess(path, tmp_path)
        text = stdout + stderr
    else:
        start, cpu_start = time.perf_counter(), _cpu()
        res = CliRunner().invoke(app, ["validate", "--json", str(path)])
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu_start
        native = capfd.readouterr()  # what bypassed sys.stderr: a Rust panic hook writes to fd 2
        code, stdout, text = res.exit_code, res.stdout, res.output + native.out + native.err
        if res.exception is not None and not isinstance(res.exception, SystemExit):
            pytest.fail(f"case {i} ({seed_name}: {what}) raised {res.exception!r}")
        # this process's peak so far: an upper bound for this case (the .xls worker is a child)
        peak_mb = (
            max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            // 1024
        )
    outcome = _outcome(stdout)
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as f:
            line = {"case": i, "seed": seed_name, "what": what, "exit": code,
                    "seconds": round(seconds, 3), "cpu": round(cpu, 3), "peak_mb": peak_mb,
                    "outcome": outcome,
                    "subprocess": i % SUBPROCESS_EVERY == 0}  # fmt: skip
            f.write(json.dumps(line) + "\n")
    assert code in (0, 1, 2), f"case {i} ({seed_name}: {what}): exit {code}\n{text[-2000:]}"
    assert not any(w in text for w in _LOUD), f"case {i} ({seed_name}: {what}):\n{text[-2000:]}"
    doc = json.loads(stdout)
    assert doc["files"] and doc["files"][0]["status"] in ("ok", "findings", "failed"), doc
    # CPU seconds, not wall time: on a shared machine the wall clock measures the neighbours
    assert cpu < BUDGET_SECONDS, f"case {i} ({seed_name}: {what}) took {cpu:.1f} s of CPU"
    assert peak_mb < BUDGET_MB, f"case {i} ({seed_name}: {what}) peaked at {peak_mb} MB"
