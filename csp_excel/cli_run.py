"""Which library call a command makes: one return goes straight to service, several to bulk.

The commands in cli.py stay declarations; the choice between one file and a folder, and the
rewording of an output failure as a plain `CspExcelError`, live here; cli_edge prints it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .cli_output import usage_error
from .core.model import Settings
from .errors import CspExcelError
from .lifeline import stop_cleanly
from .results import FileResult  # service (the whole reader and writers) loads on use


def fill_returns(
    paths: list[Path],
    files: list[Path],
    out: Path | None,
    settings: Settings | None,
    *,
    force: bool,
    keep_layout: bool,
    workers: int | None,
    quiet: bool,
    pdf: bool = False,
) -> list[FileResult]:
    """`fill`: one return named alone is filled here; a folder or several go through bulk."""
    single = len(files) == 1 and not any(p.is_dir() for p in paths)
    if pdf and not single:
        raise usage_error("--pdf prints one return: name a single return file with it.")
    if out is not None and not single and out.suffix.lower() in (".xlsx", ".xlsm"):
        raise usage_error("--out must be a folder when filling more than one return.")
    if single:
        from .service import default_output, fill_file

        target = default_output(files[0], out, single=True, keep_layout=keep_layout)
        with stop_cleanly():  # a refusal (the output exists) reaches the edge in cli_edge
            if pdf:  # imported here: the PDF step is off the path of every other command
                from .service_pdf import fill_with_pdf

                return [fill_with_pdf(files[0], target, force, keep_layout, settings)]
            return [fill_file(files[0], target, force, keep_layout, settings)]
    from .bulk import bulk_cli

    with stop_cleanly():
        return bulk_cli(
            files, out, workers, force, keep_layout, quiet, "fill",
            settings=settings,
        )  # fmt: skip


def reports_written(
    paths: list[Path], out: Path | None, results: list[FileResult], since: float
) -> tuple[str, ...]:
    """The summary.xlsx and comparison.xlsx a folder `fill` wrote (now, not an earlier run's),
    so the command can say where they are; a renamed or refused report has its own result."""
    from .bulk.plan import OWN_OUTPUTS, common_base

    if len(results) < 2 and not any(p.is_dir() for p in paths):
        return ()
    folder = out or common_base(p if p.is_dir() else p.parent for p in paths)
    if folder is None:
        return ()
    named = {Path(r.file).name for r in results if r.failed}  # refused or not written
    found = [folder / n for n in OWN_OUTPUTS if n not in named]
    return tuple(str(f) for f in found if f.is_file() and f.stat().st_mtime >= since - 1)


def pdfs_written(results: list[FileResult], pdf: bool) -> tuple[str, ...]:
    """The PDF board packs `fill --pdf` made, so the command says where they are."""
    if not pdf:
        return ()
    from .service_pdf import pdf_written

    return tuple(str(p) for p in (pdf_written(r) for r in results) if p is not None)


def validate_returns(
    files: list[Path], workers: int | None, quiet: bool, settings: Settings | None
) -> list[FileResult]:
    """`validate`: read and check, write nothing; several files through bulk."""
    if len(files) == 1:
        from .service import analyse_file

        return [analyse_file(files[0], settings)]
    from .bulk import bulk_cli

    with stop_cleanly():
        return bulk_cli(
            files, None, workers, False, False, quiet, "validate", settings=settings
        )  # fmt: skip


def export_returns(
    files: list[Path], out: Path, force: bool, workers: int | None, settings: Settings | None
) -> tuple[int, list[FileResult]]:
    """`export`: every figure in long form to `out`; the rows written and the files that failed.
    When no return could be read nothing is written (0 rows): no header-only file is left."""
    from .service import analyse_file, export_tidy, plain_reason, tidy_rows_of

    failures: list[FileResult] = []
    rows: Iterator[dict[str, Any]]
    if len(files) == 1:
        r = analyse_file(files[0], settings)
        if r.failed or r.ret is None:
            return 0, [r]
        rows = tidy_rows_of(r, files[0].name)
    else:
        from .bulk import bulk_tidy

        rows = bulk_tidy(files, workers, settings=settings, failures=failures)
    try:
        with stop_cleanly():
            first = next(rows, None)  # every file may fail: then there is nothing to write
            if first is None:
                return 0, failures
            count = export_tidy(itertools.chain([first], rows), out, force=force)
    except (OSError, ValueError, ImportError) as e:
        raise CspExcelError(f"Could not write {out.name}: {plain_reason(e)}.") from e
    return count, failures
