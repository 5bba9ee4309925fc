"""`csp-excel`: the command line. Thin: options in, library calls, messages and exit codes out.

Exit codes (SPEC section 10): 0 every file written (warnings allowed), 1 any error finding or any
failed file, 2 usage or I/O problems. No traceback reaches the user unless --debug.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .cli_edge import EdgeGroup, state
from .core.cells import parse_fraction
from .core.model import Settings
from .core.periods import parse_report_month
from .errors import CspExcelError
from .lifeline import stop_cleanly
from .service import FileResult, analyse_file, default_output, exit_code, fill_file, plain_reason

app = typer.Typer(
    name="csp-excel",
    help="Read, check and fill Community Safety Partnership performance returns (Excel).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=EdgeGroup,  # every exception that escapes a command becomes a plain message, exit 2
)
out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

PathsArg = Annotated[
    list[Path], typer.Argument(help="Return workbooks (.xlsx/.xlsm) or folders of them.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="List every finding, the notes (info) too.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show technical detail on failures.")]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Worker processes for folders.")
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        help="A workbook with a 'Settings' sheet used where a return has no settings of its own.",
    ),
]
MonthOpt = Annotated[
    str | None, typer.Option("--reporting-month", help="Reporting month, e.g. Dec-16.")
]
PartnershipOpt = Annotated[str | None, typer.Option("--partnership", help="Partnership name.")]
ToleranceOpt = Annotated[
    float | None, typer.Option("--tolerance", help="RAG tolerance as a percentage, e.g. 10.")
]


def _version(value: bool) -> None:
    if value:
        out_console.print(f"csp-excel {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Read, check and fill Community Safety Partnership performance returns (Excel)."""


def _usage(message: str) -> typer.Exit:
    err_console.print(f"[red]Error:[/red] {escape(message)}")
    return typer.Exit(2)


def _fallback_settings(
    settings_file: Path | None, month: str | None, partnership: str | None, tolerance: float | None
) -> Settings | None:
    """Settings used where a return's own Settings sheet is silent (SPEC section 3)."""
    base: Settings | None = None
    if settings_file is not None:
        from .service import settings_from_file

        _need_file(settings_file, "a workbook with a Settings sheet")
        try:
            base = settings_from_file(settings_file)
        except CspExcelError as e:
            raise _usage(f"{settings_file.name}: {e}") from e
    if month is None and partnership is None and tolerance is None:
        return base
    base = base or Settings(source="options")
    if month is not None:
        parsed: date | None = parse_report_month(month)
        if parsed is None:
            raise _usage(
                f"--reporting-month {month!r} is not a month like Dec-16 or 'December 2016'."
            )
        base.reporting_month = parsed
    if partnership is not None:
        base.partnership = partnership
    if tolerance is not None:
        fraction = parse_fraction(tolerance)
        if fraction is None or fraction > 1:
            raise _usage("--tolerance is a percentage between 0 and 100, e.g. 10.")
        base.rag_tolerance = fraction
    return base


def _need_file(path: Path, what: str) -> None:
    """An input that must be one file: say plainly when it is missing or is a folder."""
    if path.is_dir():
        raise _usage(f"{path} is a folder, not {what}.")
    if not path.is_file():
        raise _usage(f"Not found: {path} ({what}).")


def _inputs(paths: list[Path]) -> list[Path]:
    from .bulk import discover

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _usage(f"Not found: {', '.join(str(p) for p in missing)}")
    files = discover(paths)
    if not files:
        raise _usage(
            "No Excel returns (.xlsx, .xlsm or .xls) found in " + ", ".join(map(str, paths))
        )
    return files


def _report(
    results: list[FileResult], quiet: bool, verbose: bool, debug: bool, warnings: bool = False
) -> None:
    """One line per file, then findings: errors always, warnings too when asked (`validate`),
    every finding with --verbose; --quiet keeps only the errors."""
    for r in results:
        name = escape(Path(r.file).name)
        if r.failed:
            first = r.findings[-1].message if r.findings else "failed"
            err_console.print(f"[red]✘ {name}[/red]: {escape(first)}")
            if debug and r.debug:
                err_console.print(escape(r.debug))
            continue
        if not quiet:
            counts = f"{r.errors} error(s), {r.warnings} warning(s)" + _named(r)
            target = f" → {escape(r.output)}" if r.output else ""
            colour = "red" if r.errors else ("yellow" if r.warnings else "green")
            mark = "✘" if r.errors else "✔"
            out_console.print(f"[{colour}]{mark} {name}[/{colour}]{target} ({counts})")
        for f in r.findings:
            wanted = verbose or (warnings and f.severity == "warning")
            if f.severity == "error" or (wanted and not quiet):
                where = f" {f.location}" if f.location else ""
                line = f"  {f.severity.upper():7} {f.code}{where}: {f.message}"
                (err_console if f.severity == "error" else out_console).print(escape(line))


def _named(r: FileResult, limit: int = 4) -> str:
    """': NO_CURRENT_FIGURES 'Robbery'!B9, ...': which warnings were counted, not just how many."""
    warns = [f for f in r.findings if f.severity == "warning"]
    if not warns:
        return ""
    shown = ", ".join(f"{f.code} {f.location}".rstrip() for f in warns[:limit])
    more = f" and {len(warns) - limit} more" if len(warns) > limit else ""
    return f": {escape(shown)}{more}"


@app.command(
    epilog="Examples:  csp-excel fill return.xlsx   |   csp-excel fill returns/ --out filled/"
    "   |   csp-excel fill return.xlsx --keep-layout"
)
def fill(
    paths: PathsArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output folder, or an .xlsx file name when filling one return."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing outputs.")] = False,
    keep_layout: Annotated[
        bool,
        typer.Option(
            "--keep-layout", help="Fill a copy of the return in its own layout (house style)."
        ),
    ] = False,
    workers: WorkersOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    partnership: PartnershipOpt = None,
    tolerance: ToleranceOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check each return and write a filled workbook: dashboard, derived rows, RAG, charts.

    Writes X.filled.xlsx beside each input (or into --out). Inputs are never changed.
    For folders also writes summary.xlsx and comparison.xlsx.
    """
    state.debug = debug
    files = _inputs(paths)
    fallback = _fallback_settings(settings_file, reporting_month, partnership, tolerance)
    single = len(files) == 1 and not any(p.is_dir() for p in paths)
    if out is not None and not single and out.suffix.lower() in (".xlsx", ".xlsm"):
        raise _usage("--out must be a folder when filling more than one return.")
    if single:
        target = default_output(files[0], out, single=True, keep_layout=keep_layout)
        try:
            with stop_cleanly():
                results = [fill_file(files[0], target, force, keep_layout, fallback)]
        except CspExcelError as e:
            raise _usage(str(e)) from e
    else:
        from .bulk import bulk_cli

        with stop_cleanly():
            results = bulk_cli(
                files, out, workers, force, keep_layout, quiet or as_json, "fill",
                settings=fallback,
            )  # fmt: skip
    _finish(results, as_json, quiet, verbose, debug)


@app.command(
    epilog="Examples:  csp-excel validate return.xlsx   |   csp-excel validate returns/ --json"
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
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check returns and list every error and warning with its sheet and cell. Writes nothing.

    --verbose lists the notes (info: what was assumed) as well.
    """
    state.debug = debug
    files = _inputs(paths)
    fallback = _fallback_settings(settings_file, reporting_month, partnership, tolerance)
    if len(files) == 1:
        results = [analyse_file(files[0], fallback)]
    else:
        from .bulk import bulk_cli

        with stop_cleanly():
            results = bulk_cli(
                files, None, workers, False, False, quiet or as_json, "validate",
                settings=fallback,
            )  # fmt: skip
    _finish(results, as_json, quiet, verbose, debug, warnings=True)


def _finish(
    results: list[FileResult],
    as_json: bool,
    quiet: bool,
    verbose: bool,
    debug: bool,
    warnings: bool = False,
) -> None:
    if as_json:
        doc = {"files": [r.to_dict() for r in results]}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        _report(results, quiet, verbose, debug, warnings)
        if not quiet and len(results) > 1:
            failed = sum(r.failed for r in results)
            out_console.print(
                f"{len(results)} file(s): {len(results) - failed} read, {failed} failed."
            )
    raise typer.Exit(exit_code(results))


@app.command(epilog="Example:  csp-excel export returns/ --out all.parquet")
def export(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="A .csv or .parquet file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    workers: WorkersOpt = None,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write every figure of the returns in long ('tidy') form for Power BI or pandas."""
    from .service import export_tidy, tidy_rows_of

    if out.suffix.lower() not in (".csv", ".parquet"):
        raise _usage("--out must end in .csv or .parquet")
    if out.exists() and not force:
        raise _usage(f"{out} already exists; use --force to replace it")
    files = _inputs(paths)
    fallback = _fallback_settings(settings_file, reporting_month, None, None)
    failures: list[FileResult] = []
    rows: Iterator[dict[str, Any]]
    if len(files) == 1:
        r = analyse_file(files[0], fallback)
        if r.failed or r.ret is None:
            failures.append(r)
            rows = iter(())
        else:
            rows = tidy_rows_of(r, files[0].name)
    else:
        from .bulk import bulk_tidy

        rows = bulk_tidy(files, workers, settings=fallback, failures=failures)
    try:
        with stop_cleanly():
            count = export_tidy(rows, out, force=force)
    except CspExcelError as e:
        raise _usage(str(e)) from e
    except (OSError, ValueError, ImportError) as e:
        raise _usage(f"Could not write {out.name}: {plain_reason(e)}.") from e
    _report(failures, quiet, False, False)
    if not quiet:
        out_console.print(f"Wrote {count:,} rows to {escape(str(out))}")
    raise typer.Exit(1 if failures else 0)


@app.command()
def template(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The blank return to write (.xlsx).")
    ] = Path("blank_return.xlsx"),
    fy: Annotated[
        int | None, typer.Option("--fy", help="Financial year start, e.g. 2016 for 2016/17.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a blank return in the layout csp-excel reads best, with a Settings sheet."""
    from .service import write_template

    today = date.today()
    year = fy if fy is not None else (today.year if today.month >= 4 else today.year - 1)
    try:
        write_template(out, year, force=force)
    except CspExcelError as e:
        raise _usage(str(e)) from e
    out_console.print(f"Wrote {escape(str(out))}")


@app.command()
def button(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The macro-enabled workbook to write (.xlsm).")
    ] = Path("csp_return.xlsm"),
    source: Annotated[
        Path | None, typer.Option("--from", help="Copy this return's sheets into the new workbook.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Make a macro-enabled workbook with Fill and Validate buttons (runs through xlwings)."""
    from .service import make_button_workbook

    if out.suffix.lower() != ".xlsm":
        raise _usage("--out must end in .xlsm (a macro-enabled workbook)")
    if source is not None:
        _need_file(source, "a return workbook")
    try:
        make_button_workbook(out, source, force=force)
    except CspExcelError as e:
        raise _usage(str(e)) from e
    out_console.print(f"Wrote {escape(str(out))}")


@app.command(
    epilog="Examples:  csp-excel inspect return.xlsx   |   csp-excel inspect return.xlsx --json"
)
def inspect(
    path: Annotated[Path, typer.Argument(help="One return workbook.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the reading as JSON.")] = False,
    settings_file: SettingsOpt = None,
    reporting_month: MonthOpt = None,
) -> None:
    """Show how each sheet was read: grid, columns, rows, year, target, what was ignored."""
    from .service import inspect_file

    _need_file(path, "a return workbook")
    fallback = _fallback_settings(settings_file, reporting_month, None, None)
    doc = inspect_file(path, fallback)
    if as_json:
        doc = {k: v for k, v in doc.items() if k != "lines"}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        for line in doc["lines"]:
            out_console.print(escape(line))
    raise typer.Exit(1 if doc["status"] == "failed" else 0)


@app.command(epilog="Examples:  csp-excel codes   |   csp-excel codes --json")
def codes(
    as_json: Annotated[bool, typer.Option("--json", help="Print the codes as JSON.")] = False,
) -> None:
    """List every finding code with its severity, unit and meaning."""
    from .core.codes import CODES, code_rows

    if as_json:
        sys.stdout.write(json.dumps({"codes": code_rows()}, indent=2) + "\n")
        return
    for c in CODES:
        when = f" ({c.when})" if c.when else ""
        sev = "/".join(c.severities)
        out_console.print(escape(f"{c.code:30} {sev:13} {c.unit:7} {c.description}{when}"))


if __name__ == "__main__":  # pragma: no cover
    app()
