"""What the command line prints: the per-file lines, the finding lists, JSON and the summary line.

Kept apart from cli.py so the commands only declare options and call the library; every word an
Excel user reads on the terminal is chosen here (plain lines, 'Sheet'!C14 locations, no Python).
Every result line (files, errors, warnings, totals) goes to stdout, in order, so
`validate ... > report.txt` keeps everything; only a usage or fatal `Error:` line (nothing was
checked) and --debug detail go to stderr, so `--json > out.json` stays a clean document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from .cli_edge import EXIT_USAGE, print_error_line
from .core.inputs import Settings
from .results import FileResult

out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def usage_error(message: str) -> typer.Exit:
    """Print one plain `Error:` line and return the exit (2: a usage or I/O problem) to raise."""
    print_error_line(message)
    return typer.Exit(EXIT_USAGE)


def say(message: str) -> None:
    """One plain line on stdout (what was written, the version)."""
    out_console.print(escape(message))


def print_json(doc: dict[str, Any], ascii_only: bool = False) -> None:
    """A JSON document alone on stdout, so it can be piped or saved as it is."""
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=ascii_only) + "\n")


def print_json_list(key: str, rows: Iterable[Any]) -> None:
    """`print_json({key: list(rows)})`, byte for byte, written one row at a time: a bulk run's
    files are loaded back one by one (bulk.spill), never all held to build one document."""
    write = sys.stdout.write
    first = True
    for row in rows:
        text = json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        write(("{\n  " + json.dumps(key) + ": [\n    " if first else ",\n    ") + text)
        first = False
    write("{\n  " + json.dumps(key) + ": []\n}\n" if first else "\n  ]\n}\n")


FILL_LIMIT = 10  # warnings `fill` lists one per line before "... and N more"


def report(
    results: list[FileResult],
    quiet: bool,
    verbose: bool,
    debug: bool,
    warnings: bool = False,
    limit: int | None = None,
) -> None:
    """One line per file, then its findings, all on stdout in that order (so `> report.txt`
    keeps errors beside their file): errors always; every warning when asked (`validate`), or
    the first `limit` of them (`fill`); every finding with --verbose. --quiet keeps only the
    errors, each file with errors still named on its own line."""
    for r in results:
        name = escape(Path(r.file).name)
        if r.failed:
            first = r.findings[-1].message if r.findings else "failed"
            out_console.print(f"[red]✘ {name}[/red]: {escape(first)}")
            if debug and r.debug:
                err_console.print(escape(r.debug))
            continue
        if not quiet or r.errors:
            out_console.print(file_line(r, named=limit is None))
        listed = warnings or limit is not None
        shown = [f for f in r.findings if _wanted(f.severity, quiet, verbose, listed)]
        hidden = _over_limit(shown, None if verbose else limit)
        for f in shown:
            if id(f) not in hidden:
                where = f" {f.location}" if f.location else ""
                line = f"  {f.severity.upper():7} {f.code}{where}: {f.message}"
                out_console.print(escape(line))
        if hidden:
            more = f"  … and {len(hidden)} more warning(s): see the Data quality sheet"
            out_console.print(escape(more))


def _wanted(severity: str, quiet: bool, verbose: bool, warnings: bool) -> bool:
    if severity == "error":
        return True
    return not quiet and (verbose or (warnings and severity == "warning"))


def _over_limit(shown: list[Any], limit: int | None) -> set[int]:
    """The warnings past the first `limit` (ids): every error is always listed."""
    if limit is None:
        return set()
    warns = [f for f in shown if f.severity == "warning"]
    return {id(f) for f in warns[limit:]}


def file_line(r: FileResult, named: bool = True) -> str:
    """'✔ x.xlsx → x.filled.xlsx (0 error(s), 2 warning(s): MISSING_MONTH 'IDAP'!H10, ...)'."""
    name = escape(Path(r.file).name)
    counts = f"{r.errors} error(s), {r.warnings} warning(s)" + (named_findings(r) if named else "")
    target = f" → {escape(r.output)}" if r.output else ""
    colour = "red" if r.errors else ("yellow" if r.warnings else "green")
    mark = "✘" if r.errors else "✔"
    return f"[{colour}]{mark} {name}[/{colour}]{target} ({counts})"


def named_findings(r: FileResult, limit: int = 4) -> str:
    """': YTD_MISMATCH 'Arson'!E15, NO_CURRENT_FIGURES 'Robbery'!B9, ...': which errors and
    warnings were counted (errors first), not just how many."""
    counted = [f for f in r.findings if f.severity == "error"]
    counted += [f for f in r.findings if f.severity == "warning"]
    if not counted:
        return ""
    shown = ", ".join(f"{f.code} {f.location or ''}".rstrip() for f in counted[:limit])
    more = f" and {len(counted) - limit} more" if len(counted) > limit else ""
    return f": {escape(shown)}{more}"


def show_results(
    results: list[FileResult],
    as_json: bool,
    quiet: bool,
    verbose: bool,
    debug: bool,
    warnings: bool = False,
    *,
    inputs: int | None = None,
    written: tuple[str, ...] = (),
) -> None:
    """`fill` and `validate`: the JSON document, or the lines, the folder reports written and
    (for several files) a total that counts the `inputs` only, not summary.xlsx or comparison.xlsx.
    `fill` passes `warnings=False`: it lists its warnings up to FILL_LIMIT lines."""
    if as_json:
        print_json_list("files", (r.to_dict() for r in results))
        return
    report(results, quiet, verbose, debug, warnings, None if warnings else FILL_LIMIT)
    if quiet:
        return
    for path in written:
        say(f"Wrote {path}")
    files = results[:inputs] if inputs is not None else results
    if len(files) > 1:
        failed = sum(r.failed for r in files)
        with_errors = sum(1 for r in files if not r.failed and r.errors)
        errors = f", {with_errors} with errors" if with_errors else ""
        total = f"{len(files)} file(s): {len(files) - failed} read{errors}, {failed} failed."
        out_console.print(total)
        borrowed = sum(1 for r in files if any(f.code == "HISTORY" and f.sheet for f in r.findings))
        if borrowed:
            say(
                f"{borrowed} of {len(files)} return(s) used figures from earlier returns (history)."
            )


def show_export(
    out: Path,
    count: int,
    inputs: int,
    failures: list[FileResult],
    as_json: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """`export`: the files that failed, then what was written, or that nothing was."""
    if as_json:
        doc = {"out": str(out) if count else None, "rows": count, "files": inputs}
        print_json({**doc, "failed": [r.to_dict() for r in failures]})
        return
    report(failures, quiet, False, debug)
    if not count:
        read = "no return could be read" if failures else "the returns hold no figures"
        out_console.print(escape(f"Nothing written to {out}: {read}."))
    elif not quiet:
        failed = (
            f"; {len(failures)} of {inputs} file(s) failed and have no rows" if failures else ""
        )
        say(f"Wrote {count:,} rows to {out}{failed}")


def show_given(settings: Settings | None, quiet: bool) -> None:
    """Say which settings typed on the command line were used (they win over a Settings sheet)."""
    if quiet or settings is None or not settings.given:
        return
    shown = {
        "reporting_month": lambda s: f"--reporting-month {s.reporting_month:%b-%y}",
        "partnership": lambda s: f"--partnership {s.partnership!r}",
        "rag_tolerance": lambda s: f"--tolerance {s.rag_tolerance * 100:g}%",
    }
    typed = ", ".join(shown[k](settings) for k in settings.given if k in shown)
    say(f"Using {typed} from the command line, over any Settings sheet in the returns.")


def show_reading(doc: dict[str, Any], as_json: bool, quiet: bool = False) -> None:
    """`inspect`: how each sheet was read, as lines or as JSON (without the lines); --quiet
    keeps the unindented lines (the file, the month, one per sheet)."""
    if as_json:
        print_json({k: v for k, v in doc.items() if k != "lines"})
        return
    for line in doc["lines"]:
        if not quiet or not line.startswith(" "):
            say(line)


def show_written(out: Path, what: str, as_json: bool, quiet: bool) -> None:
    """`template` and `button`: the file written and what it holds, as a line or as JSON."""
    if as_json:
        print_json({"written": str(out), "what": what})
    elif not quiet:
        say(f"Wrote {out} ({what})")


def show_codes(as_json: bool) -> None:
    """`codes`: the catalogue of finding codes, one line each, or as JSON."""
    from .core.codes import CODES, code_rows

    if as_json:
        print_json({"codes": code_rows()}, ascii_only=True)
        return
    for c in CODES:
        when = f" ({c.when})" if c.when else ""
        sev = "/".join(c.severities)
        say(f"{c.code:30} {sev:13} {c.unit:7} {c.description}{when}")
