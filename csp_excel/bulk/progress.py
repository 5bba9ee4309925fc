"""The command-line entry of bulk conversion (called by the typer command): a progress bar, then
the reports."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.model import Settings
from ..errors import UsageError
from ..service import FileResult, looks_like_file
from .plan import common_base, discover
from .reports import write_reports
from .run import run_bulk


def _base_of(paths: list[Path]) -> Path | None:
    return common_base(p if p.is_dir() else p.parent for p in paths)


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
    that holds all the inputs. Returns one result per file, plus a result for a summary or
    comparison that could not be written (e.g. it exists without --force), was renamed, or left
    a return out (NOT_COMPARED). Raises UsageError when
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
