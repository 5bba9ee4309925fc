"""Bulk conversion of folders of returns in worker processes (SPEC sections 8 and 9).

A county analyst has one return per district; a national team may hold hundreds. Files are handed
to a process pool a few at a time so memory stays flat with folder size, and each worker sends
back only a slim `BulkItem` (status, findings, output path, timings and a small per-indicator
summary for the comparison workbook) - never the parsed `Return`. One bad file, or a worker
process that dies outright, never stops the rest: that file is marked failed with a plain message.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.model import Finding, Settings
from .core.periods import fy_label, month_date, period_name
from .errors import CspExcelError, OutputExists, UsageError
from .service import (
    STATUS_FAILED,
    FileResult,
    analyse_file,
    default_output,
    fill_file,
    plain_reason,
)

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OWN_OUTPUTS = ("summary.xlsx", "comparison.xlsx")
SUMMARY_NAME, COMPARISON_NAME = OWN_OUTPUTS
WINDOW_PER_WORKER = 3  # files in flight per worker: enough to keep cores busy, small enough for RAM


@dataclass
class BulkItem(FileResult):
    """A `FileResult` without the heavy `Return`, plus what the summary and comparison need.

    `indicators` holds one plain dict per computed indicator (see `indicator_summaries`).
    """

    label: str = ""  # the file's path relative to the folder given, shown in the summary
    partnership: str | None = None
    reporting_month: str | None = None  # "December 2016"
    indicators: list[dict[str, Any]] = field(default_factory=list)
    peak_rss_kb: int | None = None  # the worker process's peak resident memory so far


@dataclass(frozen=True)
class _Task:
    path: str
    output: str | None
    label: str
    mode: str = "fill"  # "fill" | "validate" | "tidy"
    force: bool = False
    keep_layout: bool = False
    settings: Settings | None = None  # fallback settings from the command line / config file


# ---------------------------------------------------------------------------------------------
# discovery


def _is_candidate(path: Path) -> bool:
    name = path.name.lower()
    return (
        name.endswith(EXCEL_SUFFIXES)
        and not name.startswith(("~$", "."))
        and not name.endswith((".filled.xlsx", ".filled.xlsm"))
        and name not in OWN_OUTPUTS
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched recursively for returns (*.xlsx / *.xlsm, any case).

    Skips Excel lock files (`~$x.xlsx`), our own outputs (`*.filled.xlsx`, summary.xlsx,
    comparison.xlsx, half-written `.x.tmp.xlsx`), hidden files and hidden folders. A path that
    does not exist is a usage error. Sorted; a file reached twice is listed once.
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(Path(root, n) for n in names if _is_candidate(Path(n)))
        elif p.is_file():
            found.add(p)  # a file named explicitly is taken as given
        else:
            raise UsageError(f"{p}: no such file or folder")
    by_real: dict[Path, Path] = {}
    for f in sorted(found):
        by_real.setdefault(f.resolve(), f)
    return sorted(by_real.values())


# ---------------------------------------------------------------------------------------------
# the worker side


def _peak_rss_kb() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _fail(task: _Task, code: str, message: str, debug: str | None = None) -> BulkItem:
    finding = Finding(code=code, severity="error", sheet=None, cell=None, message=message)
    return BulkItem(
        file=task.path, status=STATUS_FAILED, findings=[finding], debug=debug, label=task.label
    )


def indicator_summaries(result: FileResult) -> tuple[str | None, str | None, list[dict[str, Any]]]:
    """(partnership, reporting month, one small dict per computed indicator) for the comparison."""
    ret = result.ret
    if ret is None:
        return None, None, []
    partnership = ret.partnership
    by_sheet = {ind.sheet: ind for ind in ret.indicators}
    month = _month_text(ret.settings.reporting_month)
    latest = None
    rows: list[dict[str, Any]] = []
    for comp in result.computed:
        ind = by_sheet.get(comp.sheet)
        idx = comp.report_index
        if idx is not None and comp.frequency == "monthly":
            when = month_date(comp.fy, idx)
            latest = when if latest is None or when > latest else latest
        rows.append(
            {
                "sheet": comp.sheet,
                "title": ind.title if ind and ind.title else comp.sheet,
                "fy": fy_label(comp.fy),
                "period": period_name(comp.fy, idx, comp.frequency) if idx is not None else None,
                "frequency": comp.frequency,
                "kind": ind.kind if ind else "count",
                "polarity": ind.polarity if ind else "monitor",
                "per": ind.per if ind else 1000.0,
                "denominator": ind.denominator_name if ind else None,
                "ytd": comp.at_report(comp.ytd),
                "r12": comp.at_report(comp.r12),
                "rate": comp.at_report(comp.rate),
                "pct_change": comp.at_report(comp.pct_change),
                "pct_ytd": comp.at_report(comp.pct_ytd),
                "rag": comp.rag,
                "dot": comp.dot,
                "partnership": partnership,
            }
        )
    if month is None and latest is not None:
        month = latest.strftime("%B %Y")
    for row in rows:
        row["reporting_month"] = month
    return partnership, month, rows


def _month_text(d: Any) -> str | None:
    return d.strftime("%B %Y") if d is not None else None


def _slim(result: FileResult, task: _Task) -> BulkItem:
    partnership, month, rows = indicator_summaries(result)
    return BulkItem(
        file=result.file,
        status=result.status,
        findings=list(result.findings),
        output=result.output,
        seconds=result.seconds,
        debug=result.debug,
        label=task.label,
        partnership=partnership,
        reporting_month=month,
        indicators=rows,
    )


def _analyse(task: _Task) -> FileResult | BulkItem:
    """Run one task; every failure becomes a failed result with a plain message."""
    name = Path(task.path).name
    try:
        if task.mode in ("validate", "tidy"):
            return analyse_file(task.path, task.settings)
        assert task.output is not None
        out = Path(task.output)
        if out.exists() and not task.force:
            return _fail(task, "OUTPUT_EXISTS", _exists_message(out))
        return fill_file(task.path, out, task.force, task.keep_layout, task.settings)
    except OutputExists:
        return _fail(task, "OUTPUT_EXISTS", _exists_message(Path(task.output or name)))
    except CspExcelError as e:
        return _fail(task, "OUTPUT_FAILED", f"{name}: {e}")
    except Exception:  # noqa: BLE001 - one file's bug must not stop a folder
        return _fail(
            task,
            "INTERNAL_ERROR",
            f"{name}: csp-excel could not process this file because of a problem it did not expect; "
            "please report it with the file.",
            debug=traceback.format_exc(),
        )


def _exists_message(out: Path) -> str:
    return f"{out.name} already exists in {out.parent}; use --force to replace it."


def _process(task: _Task) -> BulkItem:
    """Worker entry for fill / validate: analyse (and write), return the slim result."""
    start = time.perf_counter()
    result = _analyse(task)
    item = result if isinstance(result, BulkItem) else _slim(result, task)
    item.seconds = max(item.seconds, time.perf_counter() - start)
    item.peak_rss_kb = _peak_rss_kb()
    return item


def _process_tidy(task: _Task) -> tuple[BulkItem, list[dict[str, Any]]]:
    """Worker entry for the tidy export: the slim result and every tidy row of the file."""
    start = time.perf_counter()
    result = _analyse(task)
    rows: list[dict[str, Any]] = []
    if result.ret is not None and not result.failed:
        from .writers.tidy import tidy_rows

        rows = list(tidy_rows(result.ret, result.computed, task.label))
    item = result if isinstance(result, BulkItem) else _slim(result, task)
    item.seconds = time.perf_counter() - start
    item.peak_rss_kb = _peak_rss_kb()
    return item, rows


def _crashed(task: _Task, detail: str | None = None) -> BulkItem:
    """The result for a file whose worker died (detail None) or whose result was lost."""
    name = Path(task.path).name
    if detail is not None:
        return _fail(
            task,
            "INTERNAL_ERROR",
            f"{name}: csp-excel could not process this file because of a problem it did not "
            "expect; please report it with the file.",
        )
    return _fail(
        task,
        "WORKER_CRASHED",
        f"{name}: csp-excel stopped unexpectedly while reading this file (the worker process "
        "ended). The file may be damaged or too large; the other files were still processed.",
    )


# ---------------------------------------------------------------------------------------------
# the parent side


def _context() -> Any:
    """'spawn' everywhere: the same behaviour as Windows, and safe next to rich's refresh thread."""
    return multiprocessing.get_context("spawn")


def _execute(
    tasks: list[_Task],
    workers: int,
    fn: Callable[[_Task], Any],
    on_crash: Callable[[_Task, str | None], Any],
) -> Iterator[tuple[int, Any]]:
    """Yield (task index, result) as tasks finish, at most `workers * WINDOW` in flight.

    When a worker dies the pool breaks and every task in flight fails with it; those are then
    retried one at a time in a single-worker pool, so only a file that kills a worker on its own
    is lost (marked with `on_crash(task, None)`); the rest carry on in a fresh pool.
    """
    if workers <= 1:
        for i, task in enumerate(tasks):
            yield i, fn(task)
        return
    queue = list(range(len(tasks)))
    while queue:
        suspects: list[int] = []
        rest: list[int] = []
        yield from _pool_pass(tasks, queue, workers, fn, on_crash, suspects, rest)
        while suspects:  # one at a time: a file that still kills its worker alone is the culprit
            culprit: list[int] = []
            later: list[int] = []
            yield from _pool_pass(tasks, suspects, 1, fn, on_crash, culprit, later, window=1)
            for i in culprit:
                yield i, on_crash(tasks[i], None)
            suspects = later
        queue = rest


def _pool_pass(
    tasks: list[_Task],
    order: list[int],
    workers: int,
    fn: Callable[[_Task], Any],
    on_crash: Callable[[_Task, str | None], Any],
    suspects: list[int],
    rest: list[int],
    window: int | None = None,
) -> Iterator[tuple[int, Any]]:
    """One pool's life: feed `order` through it until done or broken (then fill suspects/rest)."""
    todo = iter(order)
    window = window or max(1, workers) * WINDOW_PER_WORKER
    pending: dict[Future[Any], int] = {}
    broken = False
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        while True:
            while not broken and len(pending) < window:
                nxt = next(todo, None)
                if nxt is None:
                    break
                try:
                    pending[ex.submit(fn, tasks[nxt])] = nxt
                except BrokenProcessPool:
                    suspects.append(nxt)
                    broken = True
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    suspects.append(i)
                    broken = True
                    continue
                except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    result = on_crash(tasks[i], f"{type(e).__name__}: {e}")
                yield i, result
        rest.extend(todo)
    except BaseException:
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown(wait=True)


def _common_base(paths: Iterable[Path]) -> Path | None:
    folders = [str(p.resolve()) for p in paths]
    if not folders:
        return None
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return None


def _relative(path: Path, base: Path | None) -> Path:
    if base is not None:
        try:
            return path.resolve().relative_to(base)
        except ValueError:
            pass
    return Path(path.name)


def plan(
    files: list[Path],
    out_dir: Path | None,
    mode: str,
    force: bool,
    keep_layout: bool,
    base: Path | None = None,
    settings: Settings | None = None,
) -> list[_Task]:
    """One task per file, with its output path: beside the input, or mirrored under out_dir.

    Two inputs can never share an output: the relative folder is kept under out_dir, and any
    remaining clash (x.xlsx beside x.xlsm, inputs on different drives) gets a numbered name.
    """
    files = [Path(f) for f in files]
    if base is None:
        base = _common_base(f.parent for f in files)
    tasks: list[_Task] = []
    taken: set[str] = set()
    for f in files:
        rel = _relative(f, base)
        output: Path | None = None
        if mode == "fill":
            folder = None if out_dir is None else out_dir / rel.parent
            output = default_output(f, folder, False, keep_layout)
            n = 2
            while str(output).lower() in taken:
                stem = output.name.split(".filled")[0]
                output = output.with_name(f"{stem}-{n}.filled{output.suffix}")
                n += 1
            taken.add(str(output).lower())
        tasks.append(
            _Task(
                str(f),
                str(output) if output else None,
                rel.as_posix(),
                mode,
                force,
                keep_layout,
                settings,
            )
        )
    return tasks


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
        raise UsageError("No returns (.xlsx or .xlsm files) found in " + ", ".join(map(str, paths)))
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"{out}: --out must be a folder when converting several files")
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
    """summary.xlsx and comparison.xlsx; a failed FileResult for each that could not be written."""
    from .writers.comparison import write_comparison
    from .writers.summary import write_summary

    problems: list[FileResult] = []
    folder.mkdir(parents=True, exist_ok=True)
    for name, writer in ((SUMMARY_NAME, write_summary), (COMPARISON_NAME, write_comparison)):
        target = folder / name
        try:
            writer(items, target, force=force)
        except OutputExists:
            problems.append(_report_failed(target, "OUTPUT_EXISTS", _exists_message(target)))
        except Exception as e:  # noqa: BLE001 - the per-file outputs are already written
            problems.append(
                _report_failed(
                    target, "OUTPUT_FAILED", f"Could not write {name}: {plain_reason(e)}."
                )
            )
    return problems


def _report_failed(target: Path, code: str, message: str) -> FileResult:
    finding = Finding(code=code, severity="error", sheet=None, cell=None, message=message)
    return FileResult(file=str(target), status=STATUS_FAILED, findings=[finding])


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
