"""What the command line prints: the per-file lines, the finding lists, JSON and the summary line.

Kept apart from cli.py so the commands only declare options and call the library; every word an
Excel user reads on the terminal is chosen here (plain lines, 'Sheet'!C14 locations, no Python).
Results go to stdout, errors to stderr, so `--json > out.json` stays a clean document.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from .cli_edge import EXIT_USAGE, print_error_line
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


def report(
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
            counts = f"{r.errors} error(s), {r.warnings} warning(s)" + named_warnings(r)
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


def named_warnings(r: FileResult, limit: int = 4) -> str:
    """': NO_CURRENT_FIGURES 'Robbery'!B9, ...': which warnings were counted, not just how many."""
    warns = [f for f in r.findings if f.severity == "warning"]
    if not warns:
        return ""
    shown = ", ".join(f"{f.code} {f.location}".rstrip() for f in warns[:limit])
    more = f" and {len(warns) - limit} more" if len(warns) > limit else ""
    return f": {escape(shown)}{more}"


def show_results(
    results: list[FileResult],
    as_json: bool,
    quiet: bool,
    verbose: bool,
    debug: bool,
    warnings: bool = False,
) -> None:
    """`fill` and `validate`: the JSON document, or the lines and (for several files) a total."""
    if as_json:
        print_json({"files": [r.to_dict() for r in results]})
        return
    report(results, quiet, verbose, debug, warnings)
    if not quiet and len(results) > 1:
        failed = sum(r.failed for r in results)
        out_console.print(f"{len(results)} file(s): {len(results) - failed} read, {failed} failed.")


def show_reading(doc: dict[str, Any], as_json: bool) -> None:
    """`inspect`: how each sheet was read, as lines or as JSON (without the lines)."""
    if as_json:
        print_json({k: v for k, v in doc.items() if k != "lines"})
        return
    for line in doc["lines"]:
        say(line)


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
