"""Which library call a command makes: one return goes straight to service, several to bulk.

The commands in cli.py stay declarations; the choice between one file and a folder, and the
rewording of an output failure as a plain `CspExcelError`, live here; cli_edge prints it.
"""

from __future__ import annotations

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
) -> list[FileResult]:
    """`fill`: one return named alone is filled here; a folder or several go through bulk."""
    single = len(files) == 1 and not any(p.is_dir() for p in paths)
    if out is not None and not single and out.suffix.lower() in (".xlsx", ".xlsm"):
        raise usage_error("--out must be a folder when filling more than one return.")
    if single:
        from .service import default_output, fill_file

        target = default_output(files[0], out, single=True, keep_layout=keep_layout)
        with stop_cleanly():  # a refusal (the output exists) reaches the edge in cli_edge
            return [fill_file(files[0], target, force, keep_layout, settings)]
    from .bulk import bulk_cli

    with stop_cleanly():
        return bulk_cli(
            files, out, workers, force, keep_layout, quiet, "fill",
            settings=settings,
        )  # fmt: skip


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
    """`export`: every figure in long form to `out`; the rows written and the files that failed."""
    from .service import analyse_file, export_tidy, plain_reason, tidy_rows_of

    failures: list[FileResult] = []
    rows: Iterator[dict[str, Any]]
    if len(files) == 1:
        r = analyse_file(files[0], settings)
        if r.failed or r.ret is None:
            failures.append(r)
            rows = iter(())
        else:
            rows = tidy_rows_of(r, files[0].name)
    else:
        from .bulk import bulk_tidy

        rows = bulk_tidy(files, workers, settings=settings, failures=failures)
    try:
        with stop_cleanly():
            count = export_tidy(rows, out, force=force)
    except (OSError, ValueError, ImportError) as e:
        raise CspExcelError(f"Could not write {out.name}: {plain_reason(e)}.") from e
    return count, failures
