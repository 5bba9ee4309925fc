"""summary.xlsx and comparison.xlsx of a bulk run, never written over an input or a user's file."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.codes import finding
from ..core.model import Finding
from ..errors import OutputExists, UsageError
from ..results import failed_result
from ..service import STATUS_FINDINGS, FileResult, plain_reason
from ..writers.summary import is_own_report
from .history import latest_per_partnership
from .plan import OWN_OUTPUTS, real_path, report_name
from .worker import BulkItem, exists_message

SUMMARY_NAME, COMPARISON_NAME = OWN_OUTPUTS


def write_reports(items: list[BulkItem], folder: Path, force: bool) -> list[FileResult]:
    """summary.xlsx and comparison.xlsx; a failed FileResult for each that could not be written.

    Never over an input or a file csp-excel did not write: then the report takes another name
    (`summary (csp-excel).xlsx`) and a result with an OUTPUT_RENAMED warning says so. The
    comparison's result also carries a NOT_COMPARED warning for each return it left out.
    """
    from ..writers.comparison import write_comparison
    from ..writers.summary import write_summary

    problems: list[FileResult] = []
    folder.mkdir(parents=True, exist_ok=True)
    inputs = {str(real_path(Path(i.file))).lower() for i in items}
    for name in (SUMMARY_NAME, COMPARISON_NAME):
        target = _report_target(folder, name, inputs)
        try:
            if name == SUMMARY_NAME:
                write_summary(items, target, force=force)
            else:
                kept, left_out = latest_per_partnership(items)
                write_comparison(kept, target, force=force, left_out=left_out)
        except OutputExists:
            problems.append(failed_result(target, "OUTPUT_EXISTS", exists_message(target)))
            continue
        except Exception as e:  # noqa: BLE001 - the per-file outputs are already written
            problems.append(
                failed_result(
                    target, "OUTPUT_FAILED", f"Could not write {target.name}: {plain_reason(e)}."
                )
            )
            continue
        found = []
        if target.name != name:
            kind = name.rsplit(".", 1)[0]
            message = (
                f"{name} in {folder} is not a csp-excel report (it is one of your files), so it "
                f"was left alone and the {kind} was written as {target.name}."
            )
            found.append(finding("OUTPUT_RENAMED", None, None, message))
        if name == COMPARISON_NAME:
            found += _not_compared(left_out)
        if found:
            problems.append(
                FileResult(file=str(target), status=STATUS_FINDINGS, findings=found,
                           output=str(target) if target.name != name else None)
            )  # fmt: skip
    return problems


def _not_compared(left_out: list[str]) -> list[Finding]:
    """The returns the comparison left out, said where the command prints, not only in its
    Overview: an analyst who sent a resubmission should see which one was compared."""
    return [
        finding("NOT_COMPARED", None, None, f"Not compared, so no partnership counts twice: {s}.")
        for s in left_out
    ]


def _report_target(folder: Path, name: str, inputs: set[str]) -> Path:
    """The first of summary.xlsx, summary (csp-excel).xlsx, ... that is neither an input nor a
    file someone else wrote (our own earlier report may be replaced, with --force)."""
    for n in range(1000):
        target = folder / report_name(name, n)
        if str(real_path(target)).lower() in inputs:
            continue
        if os.path.lexists(target) and not is_own_report(target):
            continue
        return target
    raise UsageError(f"{folder}: no free name for {name}")
