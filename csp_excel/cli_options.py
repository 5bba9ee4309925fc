"""The options several commands share, and turning what was typed into checked inputs.

A bad value stops here with one plain line and exit 2 (SPEC section 10), before any file is read.
"""

from __future__ import annotations

import re
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
    list[Path],
    typer.Argument(
        metavar="PATHS",
        show_default=False,
        help="Return workbooks (.xlsx/.xlsm/.xls) or folders of them.",
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print only the errors (and the files that have them)."),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="List every finding, the notes (info: what was assumed) too."
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show technical detail on failures.")]


def _workers(value: int | None) -> int | None:
    """--workers 0 (or less) as one plain line, not a '[x>=1]' range."""
    if value is not None and value < 1:
        raise usage_error(f"--workers {value}: give a number of 1 or more, e.g. --workers 2.")
    return value


WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        callback=_workers,
        metavar="NUMBER",
        help="How many returns of a folder to read at once (default: one per processor core).",
    ),
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        metavar="WORKBOOK",
        help="A workbook with a 'Settings' sheet, used for what a return's own Settings sheet"
        " leaves out (--reporting-month, --partnership and --tolerance win over both).",
    ),
]
MonthOpt = Annotated[
    str | None,
    typer.Option(
        "--reporting-month",
        metavar="MONTH",
        help="Reporting month, e.g. Dec-16; used over the return's own Settings sheet.",
    ),
]
PartnershipOpt = Annotated[
    str | None,
    typer.Option(
        "--partnership",
        metavar="NAME",
        help="Partnership name; used over the return's own Settings sheet.",
    ),
]
ToleranceOpt = Annotated[
    str | None,
    typer.Option(
        "--tolerance",
        metavar="PERCENT",
        help="RAG tolerance, e.g. 10% or 10 (ten per cent; a number below 1 is a fraction, so"
        " 0.1 is also ten per cent). Used over the return's own Settings sheet.",
    ),
]
JsonWrittenOpt = Annotated[
    bool,
    typer.Option("--json", help="Print what was written as JSON (the file and what it holds)."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def fallback_settings(
    settings_file: Path | None,
    month: str | None,
    partnership: str | None = None,
    tolerance: str | None = None,
) -> Settings | None:
    """Settings used where a return's own Settings sheet is silent (SPEC section 3)."""
    base: Settings | None = None
    if settings_file is not None:
        from .service import settings_from_file

        need_file(settings_file, "a workbook with a Settings sheet")
        try:
            base = settings_from_file(settings_file)
        except CspExcelError as e:
            # the reader's words are for a return's own sheet, where a bad entry is skipped;
            # a --settings file applies to every return, so the run stops instead
            reason = str(e).replace("; it was ignored", "").rstrip(".")
            raise CspExcelError(
                f"{settings_file.name}: {reason}. Nothing was run: correct it and try again."
            ) from e
    if month is None and partnership is None and tolerance is None:
        return base
    base = base or Settings(source="options")
    if month is not None:
        base.reporting_month = reporting_month(month)
    if partnership is not None:
        base.partnership = partnership
    if tolerance is not None:
        base.rag_tolerance = tolerance_fraction(tolerance)
    typed = {"reporting_month": month, "partnership": partnership, "rag_tolerance": tolerance}
    base.given = tuple(k for k, v in typed.items() if v is not None)
    return base


def reporting_month(text: str) -> date:
    """--reporting-month as the first day of that month, or a plain usage error."""
    parsed = parse_report_month(text)
    if parsed is None:
        raise usage_error(
            f"--reporting-month {text!r} is not a month like Dec-16 or 'December 2016'."
        )
    return parsed


def tolerance_fraction(text: str) -> float:
    """--tolerance '10%', '10' or '0.1' as 0.1 (the Settings sheet's own rule), or a plain
    usage error naming what was typed."""
    fraction = parse_fraction(text.strip())
    if fraction is None or fraction > 1:
        raise usage_error(
            f"--tolerance {text!r} is not a percentage between 0% and 100%, e.g. 10% or 10."
        )
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


FIRST_FY, LAST_FY = 1990, 2099  # the years a template can be made for


def financial_year(text: str | None) -> int:
    """`--fy`: the year a financial year starts, typed `2016`, `2016/17` or `2016-17`."""
    if text is None:
        raise usage_error(
            "template needs --fy, the year the financial year starts, e.g. --fy 2016 for"
            " 2016/17 (csp-excel does not guess the year from today's date)."
        )
    m = re.fullmatch(r"\s*(-?\d+)\s*(?:[/-]\s*(\d\d|\d{4}))?\s*", text)
    if m is not None:
        start, end = int(m.group(1)), m.group(2)
        if not FIRST_FY <= start <= LAST_FY:
            raise usage_error(
                f"--fy {text!r}: give the year the financial year starts, between {FIRST_FY}"
                f" and {LAST_FY}, e.g. 2016 for 2016/17."
            )
        if end is None or (len(end) == 2 and int(end) == (start + 1) % 100):
            return start
        if len(end) == 4 and int(end) == start + 1:
            return start
    raise usage_error(
        f"--fy {text!r} is not a financial year: give the year it starts, e.g. 2016 or 2016/17."
    )
