"""Judging a return that is already read: shared by files (`service`) and open workbooks
(`service_book`, the Excel buttons).

Kept apart from `service` so the in-Excel buttons (classic and xlwings Lite under Pyodide) do not
import the file checks, file writers and xlsxwriter that `service` needs for files.
"""

from __future__ import annotations

import time

from .core.analysis import analyse_return
from .core.model import Finding, Return
from .results import STATUS_FAILED, STATUS_FINDINGS, STATUS_OK, FileResult


def status_of(findings: list[Finding]) -> str:
    """A result's status from its findings: an error or a warning means 'findings'."""
    return (
        STATUS_FINDINGS if any(f.severity in ("error", "warning") for f in findings) else STATUS_OK
    )


def judge_return(file: str, ret: Return, start: float) -> FileResult:
    """Analyse a read return: one result per indicator and every finding, merged once
    (`start`: the perf_counter when reading began, for the timing)."""
    analysis = analyse_return(ret)
    findings = list(analysis.findings)
    status = status_of(findings)
    if any(f.code == "NO_INDICATORS" for f in findings) and not analysis.results:
        status = STATUS_FAILED
    return FileResult(
        file=file,
        status=status,
        findings=findings,
        ret=ret,
        results=analysis.results,
        seconds=time.perf_counter() - start,
    )
