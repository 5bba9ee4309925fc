"""Bulk conversion of folders of returns in worker processes (SPEC sections 8 and 9).

A county analyst has one return per district; a national team may hold hundreds. Files are handed
to a process pool a few at a time so memory stays flat with folder size, and each worker sends
back only a slim `BulkItem` (status, findings, output path, timings and a small per-indicator
summary for the comparison workbook) - never the parsed `Return`. One bad file, or a worker
process that dies outright, never stops the rest: that file is marked failed with a plain message.

Here: the public entry points. Which files and where outputs go: `bulk_plan`; what runs in a
worker: `bulk_worker`; the process pool and crash handling: `bulk_pool`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .bulk_plan import OWN_OUTPUTS, _common_base, discover, plan, real_path, report_name
from .bulk_pool import _execute
from .bulk_worker import (
    BulkItem,
    _crashed,
    _exists_message,
    _process,
    _process_tidy,
    _Task,
    indicator_summaries,
)
from .core.codes import finding
from .core.model import Settings
from .errors import OutputExists, UsageError
from .service import STATUS_FAILED, STATUS_FINDINGS, FileResult, looks_like_file, plain_reason
from .writers.summary import is_own_report

SUMMARY_NAME, COMPARISON_NAME = OWN_OUTPUTS


def run_bulk(
    files: list[Path],
    out_dir: Path | None = None,
    workers: int | None = None,
    force: bool = False,
    keep_layout: bool = False,
    mode: str = "fill",
    progress: Callable[[FileResult], None] | None = None,
    *,
    base: Path | None = None,
    settings: Settings | None = None,
    worker: Callable[[_Task], BulkItem] = _process,
) -> list[BulkItem]:
    """Fill (or validate) every file in worker processes; results in input order.

    `workers` defaults to the CPU count; 1 runs in this process (for debugging). `progress` is
    called in this process after each file. `worker` is replaceable for tests only.
    """
    if mode not in ("fill", "validate"):
        raise UsageError(f"unknown bulk mode {mode!r}")
    tasks = plan(files, out_dir, mode, force, keep_layout, base, settings)
    n = min(workers or os.cpu_count() or 1, max(1, len(tasks)))
    results: list[BulkItem | None] = [None] * len(tasks)
    for i, item in _execute(tasks, n, worker, _crashed):
        results[i] = item
        if progress is not None:
            progress(item)
    return [r if r is not None else _crashed(t) for r, t in zip(results, tasks, strict=True)]


def bulk_tidy(
    files: list[Path],
    workers: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    *,
    base: Path | None = None,
    settings: Settings | None = None,
    failures: list[FileResult] | None = None,
) -> Iterator[dict[str, Any]]:
    """Tidy rows (SPEC section 10) for every file, read in worker processes, in input order.

    Failed files yield no rows and are appended to `failures`; `progress` hears about every
    file. Rows of files finished early wait in memory only until the files before them are done.
    """
    tasks = plan(files, None, "tidy", False, False, base, settings)
    n = min(workers or os.cpu_count() or 1, max(1, len(tasks)))
    ready: dict[int, list[dict[str, Any]]] = {}
    nxt = 0
    for i, (item, rows) in _execute(tasks, n, _process_tidy, lambda t, d: (_crashed(t, d), [])):
        if progress is not None:
            progress(item)
        if failures is not None and item.failed:
            failures.append(item)
        ready[i] = rows
        while nxt in ready:
            yield from ready.pop(nxt)
            nxt += 1


# ---------------------------------------------------------------------------------------------
# the command-line entry (called by the lead's typer command)


def _base_of(paths: list[Path]) -> Path | None:
    return _common_base(p if p.is_dir() else p.parent for p in paths)


def _report_dir(paths: list[Path], out: Path | None) -> Path:
    """--out, else the folder holding all the inputs (the folder given, when one was)."""
    if out is not None:
        return out
    return _base_of(paths) or (paths[0] if paths[0].is_dir() else paths[0].parent)


def bulk_cli(
    paths: list[Path],
    out: Path | None = None,
    workers: int | None = None,
    force: bool = False,
    keep_layout: bool = False,
    quiet: bool = False,
    mode: str = "fill",
    *,
    settings: Settings | None = None,
) -> list[FileResult]:
    """Fill or validate files/folders with a progress bar (on a terminal, unless quiet).

    In fill mode also writes summary.xlsx and comparison.xlsx into `out`, else into the folder
    that holds all the inputs. Returns one result per file, plus a failed result for a summary or
    comparison that could not be written (e.g. it exists without --force). Raises UsageError when
    no return is found or `out` is an existing file. `paths` may be folders or discovered files.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    paths = [Path(p) for p in paths]
    files = discover(paths)
    if not files:
        raise UsageError(
            "No returns (.xlsx, .xlsm or .xls files) found in " + ", ".join(map(str, paths))
        )
    if out is not None and not out.is_dir() and (out.exists() or looks_like_file(out)):
        kind = "a file" if out.exists() else "a file's name"
        raise UsageError(
            f"--out must be a folder when converting several files, and {out} is {kind}; "
            "give a folder (a new one is made), e.g. --out filled"
        )
    console = Console(stderr=True)
    show = not quiet and sys.stderr.isatty()
    failures = 0
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files  [red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not show, transient=False) as bar:
        job = bar.add_task("Filling" if mode == "fill" else "Checking", total=len(files), failed=0)

        def tick(result: FileResult) -> None:
            nonlocal failures
            failures += result.failed
            bar.update(job, advance=1, failed=failures)

        items = run_bulk(
            files, out, workers, force, keep_layout, mode, tick,
            base=_base_of(paths), settings=settings,
        )  # fmt: skip
    results: list[FileResult] = list(items)
    if mode == "fill":
        results += write_reports(items, _report_dir(paths, out), force)
    return results


def write_reports(items: list[BulkItem], folder: Path, force: bool) -> list[FileResult]:
    """summary.xlsx and comparison.xlsx; a failed FileResult for each that could not be written.

    Never over an input or a file csp-excel did not write: then the report takes another name
    (`summary (csp-excel).xlsx`) and a result with an OUTPUT_RENAMED warning says so.
    """
    from .writers.comparison import write_comparison
    from .writers.summary import write_summary

    problems: list[FileResult] = []
    folder.mkdir(parents=True, exist_ok=True)
    inputs = {str(real_path(Path(i.file))).lower() for i in items}
    for name, writer in ((SUMMARY_NAME, write_summary), (COMPARISON_NAME, write_comparison)):
        target = _report_target(folder, name, inputs)
        try:
            writer(items, target, force=force)
        except OutputExists:
            problems.append(_report_failed(target, "OUTPUT_EXISTS", _exists_message(target)))
            continue
        except Exception as e:  # noqa: BLE001 - the per-file outputs are already written
            problems.append(
                _report_failed(
                    target, "OUTPUT_FAILED", f"Could not write {target.name}: {plain_reason(e)}."
                )
            )
            continue
        if target.name != name:
            kind = name.rsplit(".", 1)[0]
            message = (
                f"{name} in {folder} is not a csp-excel report (it is one of your files), so it "
                f"was left alone and the {kind} was written as {target.name}."
            )
            one = finding("OUTPUT_RENAMED", None, None, message)
            problems.append(
                FileResult(
                    file=str(target), status=STATUS_FINDINGS, findings=[one],
                    output=str(target),
                )
            )  # fmt: skip
    return problems


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


def _report_failed(target: Path, code: str, message: str) -> FileResult:
    one = finding(code=code, sheet=None, cell=None, message=message, severity="error")
    return FileResult(file=str(target), status=STATUS_FAILED, findings=[one])


__all__ = [
    "BulkItem",
    "bulk_cli",
    "bulk_tidy",
    "discover",
    "indicator_summaries",
    "plan",
    "run_bulk",
    "write_reports",
]
