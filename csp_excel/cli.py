"""`csp-excel`: the command line. Thin: this module only declares the commands and their options.

What is printed lives in cli_output, the shared options and input checks in cli_options, the
choice between service (one return) and bulk (a folder) in cli_run, the exception edge in cli_edge.

Exit codes (SPEC section 10): 0 every file written (warnings allowed), 1 any error finding or any
failed file, 2 usage or I/O problems. No traceback reaches the user unless --debug.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_edge import EdgeGroup, PlainCommand, state
from .cli_history import HistoryOpt, with_history_option
from .cli_options import (
    DebugOpt,
    ForceOpt,
    JsonWrittenOpt,
    MonthOpt,
    PartnershipOpt,
    PathsArg,
    QuietOpt,
    SettingsOpt,
    ToleranceOpt,
    VerboseOpt,
    WorkersOpt,
    fallback_settings,
    financial_year,
    input_files,
    need_file,
)
from .cli_output import (
    say,
    show_codes,
    show_export,
    show_given,
    show_reading,
    show_results,
    show_written,
    usage_error,
)
from .cli_run import (
    export_returns,
    fill_returns,
    pdfs_written,
    reports_written,
    validate_returns,
)

app = typer.Typer(
    name="csp-excel",
    help="Read, check and fill Community Safety Partnership performance returns (Excel).",
    epilog="Exit codes: 0 done (warnings allowed), 1 an error finding or a file that failed,"
    " 2 a usage problem.  Everything about the returns is printed on standard output; only"
    " 'Error:' lines (nothing could be checked) go to standard error.  Reference:"
    " docs/settings.md, docs/codes.md, docs/tidy-export.md, docs/json.md.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=EdgeGroup,  # every exception that escapes a command becomes a plain message, exit 2
)


def _version(value: bool) -> None:
    if value:
        say(f"csp-excel {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Read, check and fill Community Safety Partnership performance returns (Excel)."""


@app.command(
    cls=PlainCommand,
    epilog="Examples:  csp-excel fill return.xlsx   |   csp-excel fill returns/ --out filled/"
    "   |   csp-excel fill return.xlsx --keep-layout",
)
def fill(
    paths: PathsArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FOLDER/FILE",
            help="Output folder, or an .xlsx file name when filling one return.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing outputs.")] = False,
    keep_layout: Annotated[
        bool,
        typer.Option(
            "--keep-layout", help="Fill a copy of the return in its own layout (house style)."
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also print the workbook to X.filled.pdf (needs LibreOffice)."),
    ] = False,
    workers: WorkersOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    partnership: PartnershipOpt = None,
    tolerance: ToleranceOpt = None,
    history: HistoryOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check each return and write a filled workbook: dashboard, derived rows, RAG, charts.

    Writes X.filled.xlsx beside each input, or into --out.
    Inputs are never changed; a folder also gets summary.xlsx and comparison.xlsx.
    Lists each file's errors and first 10 warnings (code and cell);
    the rest are on the filled workbook's Data quality sheet.
    """
    state.debug = debug
    files = input_files(paths)
    fallback = fallback_settings(settings_file, reporting_month, partnership, tolerance)
    started = time.time()
    fallback = with_history_option(fallback, history)
    results = fill_returns(
        paths, files, out, fallback,
        force=force, keep_layout=keep_layout, workers=workers, quiet=quiet or as_json, pdf=pdf,
    )  # fmt: skip
    written = reports_written(paths, out, results, started) + pdfs_written(results, pdf)
    show_given(fallback, quiet or as_json)
    show_results(results, as_json, quiet, verbose, debug, inputs=len(files), written=written)
    raise typer.Exit(_exit_code(results))


@app.command(
    cls=PlainCommand,
    epilog="Examples:  csp-excel validate return.xlsx   |   csp-excel validate returns/ --json",
)
def validate(
    paths: PathsArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print findings as one JSON document.")
    ] = False,
    workers: WorkersOpt = None,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    partnership: PartnershipOpt = None,
    tolerance: ToleranceOpt = None,
    history: HistoryOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check returns and list every error and warning with its sheet and cell. Writes nothing.

    --verbose lists the notes (info: what was assumed) as well.
    """
    state.debug = debug
    files = input_files(paths)
    fallback = fallback_settings(settings_file, reporting_month, partnership, tolerance)
    fallback = with_history_option(fallback, history)
    results = validate_returns(files, workers, quiet or as_json, fallback)
    show_given(fallback, quiet or as_json)
    show_results(results, as_json, quiet, verbose, debug, warnings=True, inputs=len(files))
    raise typer.Exit(_exit_code(results))


@app.command(cls=PlainCommand, epilog="Example:  csp-excel export returns/ --out all.parquet")
def export(
    paths: PathsArg,
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="A .csv or .parquet file to write.")
    ],
    force: ForceOpt = False,
    workers: WorkersOpt = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the rows written and the files that failed as JSON."),
    ] = False,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    partnership: PartnershipOpt = None,
    tolerance: ToleranceOpt = None,
    history: HistoryOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write every figure of the returns in long ('tidy') form for Power BI or pandas.

    Columns and measures: docs/tidy-export.md.
    A return that cannot be read is named and has no rows;
    when none can be read nothing is written. Exit 1 when any file failed.
    """
    state.debug = debug
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise usage_error("--out must end in .csv or .parquet")
    if out.exists() and not force:
        raise usage_error(f"{out} already exists; use --force to replace it")
    files = input_files(paths)
    fallback = fallback_settings(settings_file, reporting_month, partnership, tolerance)
    fallback = with_history_option(fallback, history)
    count, failures = export_returns(files, out, force, workers, fallback)
    show_given(fallback, quiet or as_json)
    show_export(out, count, len(files), failures, as_json, quiet, debug)
    raise typer.Exit(1 if failures else 0)


@app.command(cls=PlainCommand, epilog="Example:  csp-excel template --fy 2016 --out blank.xlsx")
def template(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="The blank return to write (.xlsx).")
    ] = Path("blank_return.xlsx"),
    fy: Annotated[
        str | None,
        typer.Option(
            "--fy",
            metavar="YEAR",
            help="Required: the year the financial year starts, e.g. 2016 (or 2016/17) for"
            " 2016/17 (never guessed from today's date).",
        ),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonWrittenOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Write a blank return in the layout csp-excel reads best, with a Settings sheet."""
    from .service import write_template

    year = financial_year(fy)
    if out.suffix.lower() != ".xlsx":
        raise usage_error("--out must end in .xlsx (the blank return is an Excel workbook)")
    write_template(out, year, force=force)  # a refusal reaches the edge: one line, exit 2
    show_written(
        out, f"financial year {year}/{(year + 1) % 100:02d}, from --fy {fy}", as_json, quiet
    )


@app.command(cls=PlainCommand)
def button(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="FILE", help="The macro-enabled workbook to write (.xlsm)."
        ),
    ] = Path("csp_return.xlsm"),
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="WORKBOOK", help="Copy this return's sheets into the new workbook."
        ),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonWrittenOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Make a macro-enabled workbook whose Fill and Validate buttons run csp-excel from Excel.

    The buttons use xlwings, installed with csp-excel; see the README for the one-off setup.
    """
    from .service import make_button_workbook

    if out.suffix.lower() != ".xlsm":
        raise usage_error("--out must end in .xlsm (a macro-enabled workbook)")
    if source is not None:
        need_file(source, "a return workbook")
    make_button_workbook(out, source, force=force)
    what = f"the sheets of {source.name} copied in" if source is not None else "no sheets copied in"
    show_written(out, what, as_json, quiet)


@app.command(
    cls=PlainCommand,
    epilog="Examples:  csp-excel inspect return.xlsx   |   csp-excel inspect return.xlsx --json",
)
def inspect(
    path: Annotated[Path, typer.Argument(metavar="RETURN", help="One return workbook.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the reading as JSON.")] = False,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    partnership: PartnershipOpt = None,
    tolerance: ToleranceOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="One line per sheet: how it was read, no detail.")
    ] = False,
    history: HistoryOpt = None,
) -> None:
    """Show how each sheet was read: grid, columns, rows, year, target, what was ignored."""
    from .service import inspect_file

    need_file(path, "a return workbook")
    fallback = fallback_settings(settings_file, reporting_month, partnership, tolerance)
    fallback = with_history_option(fallback, history)
    doc = inspect_file(path, fallback)
    show_reading(doc, as_json, quiet)
    raise typer.Exit(1 if doc["status"] == "failed" else 0)


@app.command(cls=PlainCommand, epilog="Examples:  csp-excel codes   |   csp-excel codes --json")
def codes(
    as_json: Annotated[bool, typer.Option("--json", help="Print the codes as JSON.")] = False,
) -> None:
    """List every finding code with its severity, unit and meaning."""
    show_codes(as_json)


def _exit_code(results: list[Any]) -> int:
    """service.exit_code, imported when a command has run (`--help` never loads the readers)."""
    from .service import exit_code

    return exit_code(results)


if __name__ == "__main__":  # pragma: no cover
    app()
