"""The worker side of bulk conversion: one file in, one slim `BulkItem` out.

Everything here runs in a worker process started with "spawn", so what is sent to a worker
(`process`, `process_tidy`, `Task`) stays importable at module top level. A worker sends back
only the slim result - never the parsed `Return` - and turns every failure into a failed result
with a plain message.
"""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.model import Settings
from ..core.periods import month_date
from ..errors import CspExcelError, OutputExists
from ..results import failed_result
from ..service import FileResult, analyse_file, fill_file
from ..summary_record import IndicatorSummary, summarise


@dataclass
class BulkItem(FileResult):
    """A `FileResult` without the heavy `Return`, plus what the summary and comparison need.

    `indicators` holds one slotted record per computed indicator (`summary_record`; a plain
    dict with the same keys is read alike).
    """

    label: str = ""  # the file's path relative to the folder given, shown in the summary
    partnership: str | None = None
    reporting_month: str | None = None  # "December 2016"
    indicators: list[IndicatorSummary | dict[str, Any]] = field(default_factory=list)
    peak_rss_kb: int | None = None  # the worker process's peak resident memory so far

    def indicator_record(self, j: int) -> IndicatorSummary | dict[str, Any]:
        """The j-th record (a spilled item reads only that one back from disk)."""
        return self.indicators[j]

    @property
    def indicator_count(self) -> int:
        return len(self.indicators)


@dataclass(frozen=True)
class Task:
    path: str
    output: str | None
    label: str
    mode: str = "fill"  # "fill" | "validate" | "tidy"
    force: bool = False
    keep_layout: bool = False
    settings: Settings | None = None  # fallback settings from the command line / config file
    earlier: Any = None  # the run's earlier returns of this partnership (bulk/run_history)


def _peak_rss_kb() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _fail(task: Task, code: str, message: str, debug: str | None = None) -> BulkItem:
    item = failed_result(task.path, code, message, debug, kind=BulkItem, label=task.label)
    assert isinstance(item, BulkItem)
    return item


def indicator_summaries(
    result: FileResult,
) -> tuple[str | None, str | None, list[IndicatorSummary]]:
    """(partnership, reporting month, one small record per computed indicator) for the reports."""
    ret = result.ret
    if ret is None:
        return None, None, []
    partnership = ret.partnership
    month = _month_text(ret.settings.reporting_month)
    latest = None
    rows: list[IndicatorSummary] = []
    for res in result.results:  # a sheet may hold several blocks: each result its own
        comp = res.computed
        idx = comp.report_index
        if idx is not None and comp.frequency == "monthly":
            when = month_date(comp.fy, idx)
            latest = when if latest is None or when > latest else latest
        rows.append(summarise(res, partnership))
    if month is None and latest is not None:
        month = latest.strftime("%B %Y")
    for row in rows:
        row.reporting_month = month
    return partnership, month, rows


def _month_text(d: Any) -> str | None:
    return d.strftime("%B %Y") if d is not None else None


def _slim(result: FileResult, task: Task) -> BulkItem:
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
        indicators=list[IndicatorSummary | dict[str, Any]](rows),
    )


def _analyse(task: Task) -> FileResult | BulkItem:
    """Run one task; every failure becomes a failed result with a plain message."""
    name = Path(task.path).name
    try:
        if task.mode in ("validate", "tidy"):
            return analyse_file(task.path, task.settings, task.earlier)
        assert task.output is not None
        out = Path(task.output)
        if out.exists() and not task.force:
            return _fail(task, "OUTPUT_EXISTS", exists_message(out))
        return fill_file(task.path, out, task.force, task.keep_layout, task.settings, task.earlier)
    except OutputExists:
        return _fail(task, "OUTPUT_EXISTS", exists_message(Path(task.output or name)))
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


def exists_message(out: Path) -> str:
    return f"{out.name} already exists in {out.parent}; use --force to replace it."


def process(task: Task) -> BulkItem:
    """Worker entry for fill / validate: analyse (and write), return the slim result."""
    start = time.perf_counter()
    result = _analyse(task)
    item = result if isinstance(result, BulkItem) else _slim(result, task)
    item.seconds = max(item.seconds, time.perf_counter() - start)
    item.peak_rss_kb = _peak_rss_kb()
    return item


def process_tidy(task: Task) -> tuple[BulkItem, list[dict[str, Any]]]:
    """Worker entry for the tidy export: the slim result and every tidy row of the file."""
    start = time.perf_counter()
    result = _analyse(task)
    rows: list[dict[str, Any]] = []
    if result.ret is not None and not result.failed:
        from ..writers.tidy import tidy_rows

        rows = list(tidy_rows(result.ret, result.results, task.label))
    item = result if isinstance(result, BulkItem) else _slim(result, task)
    item.seconds = time.perf_counter() - start
    item.peak_rss_kb = _peak_rss_kb()
    return item, rows


def crashed(task: Task, detail: str | None = None) -> BulkItem:
    """The result for a file whose worker died (detail None) or whose result was lost."""
    name = Path(task.path).name
    if detail is not None:
        return _fail(
            task,
            "INTERNAL_ERROR",
            f"{name}: csp-excel could not process this file because of a problem it did not "
            "expect; please report it with the file.",
            debug=detail,
        )
    return _fail(
        task,
        "WORKER_CRASHED",
        f"{name}: csp-excel stopped unexpectedly while reading this file (the worker process "
        "ended). The file may be damaged or too large; the other files were still processed.",
    )
