"""Bulk conversion of folders of returns in worker processes (SPEC sections 8 and 9).

A county analyst has one return per district; a national team may hold hundreds. Files are handed
to a process pool a few at a time so memory stays flat with folder size, and each worker sends
back only a slim `BulkItem` (status, findings, output path, timings and a small per-indicator
summary for the comparison workbook) - never the parsed `Return`. One bad file, or a worker
process that dies outright, never stops the rest: that file is marked failed with a plain message.

Here: the public entry points. Which files and where outputs go: `plan`; what runs in a worker:
`worker`; the process pool and crash handling: `pool`; running tasks in order: `run`; the
command-line entry with its progress bar: `progress`; summary.xlsx and comparison.xlsx: `reports`;
each finished file's findings and records kept on disk until read, not in the parent: `spill`.
"""

from .plan import discover, plan
from .progress import bulk_cli
from .reports import write_reports
from .run import bulk_tidy, run_bulk
from .worker import BulkItem, Task, indicator_summaries

__all__ = [
    "BulkItem",
    "Task",
    "bulk_cli",
    "bulk_tidy",
    "discover",
    "indicator_summaries",
    "plan",
    "run_bulk",
    "write_reports",
]
