"""The options several commands share, and turning what was typed into checked inputs.

A bad value stops here with one plain line and exit 2 (SPEC section 10), before any file is read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .cli_output import usage_error
from .core.cells import parse_fraction
from .core.model import Settings
from .core.periods import parse_report_month
from .errors import CspExcelError

PathsArg = Annotated[
    list[Path], typer.Argument(help="Return workbooks (.xlsx/.xlsm) or folders of them.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="List every finding, the notes (info: what was assumed) too."
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show technical detail on failures.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="NUMBER",
        help="How many returns of a folder to read at once (default: one per processor core).",
    ),
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        metavar="WORKBOOK",
        help="A workbook with a 'Settings' sheet used where a return has no settings of its own.",
    ),
]
MonthOpt = Annotated[
    str | None,
    typer.Option(
        "--reporting-month",
        metavar="MONTH",
        help="Reporting month, e.g. Dec-16, for returns that do not give one.",
    ),
]
PartnershipOpt = Annotated[
    str | None,
    typer.Option(
        "--partnership", metavar="NAME", help="Partnership name, for returns that do not give one."
    ),
]
ToleranceOpt = Annotated[
    float | None,
    typer.Option(
        "--tolerance",
        metavar="PERCENT",
        help="RAG tolerance as a percentage, e.g. 10, for returns that do not give one.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def fallback_settings(
    settings_file: Path | None,
    month: str | None,
    partnership: str | None = None,
    tolerance: float | None = None,
) -> Settings | None:
    """Settings used where a return's own Settings sheet is silent (SPEC section 3)."""
    base: Settings | None = None
    if settings_file is not None:
        from .service import settings_from_file

        need_file(settings_file, "a workbook with a Settings sheet")
        try:
            base = settings_from_file(settings_file)
        except CspExcelError as e:
            raise CspExcelError(f"{settings_file.name}: {e}") from e
    if month is None and partnership is None and tolerance is None:
        return base
    base = base or Settings(source="options")
    if month is not None:
        base.reporting_month = reporting_month(month)
    if partnership is not None:
        base.partnership = partnership
    if tolerance is not None:
        base.rag_tolerance = tolerance_fraction(tolerance)
    return base


def reporting_month(text: str) -> date:
    """--reporting-month as the first day of that month, or a plain usage error."""
    parsed = parse_report_month(text)
    if parsed is None:
        raise usage_error(
            f"--reporting-month {text!r} is not a month like Dec-16 or 'December 2016'."
        )
    return parsed


def tolerance_fraction(percent: float) -> float:
    """--tolerance 10 (a percentage) as 0.1, or a plain usage error."""
    fraction = parse_fraction(percent)
    if fraction is None or fraction > 1:
        raise usage_error("--tolerance is a percentage between 0 and 100, e.g. 10.")
    return fraction


def need_file(path: Path, what: str) -> None:
    """An input that must be one file: say plainly when it is missing or is a folder."""
    if path.is_dir():
        raise usage_error(f"{path} is a folder, not {what}.")
    if not path.is_file():
        raise usage_error(f"Not found: {path} ({what}).")


def input_files(paths: list[Path]) -> list[Path]:
    """The returns named or found in the folders given; none at all is a usage error."""
    from .bulk import discover

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise usage_error(f"Not found: {', '.join(str(p) for p in missing)}")
    files = discover(paths)
    if not files:
        raise usage_error(
            "No Excel returns (.xlsx, .xlsm or .xls) found in " + ", ".join(map(str, paths))
        )
    return files
