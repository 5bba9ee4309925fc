"""One file at a time: read, analyse, write. The CLI, bulk conversion and the library call these.

Nothing here raises for a bad input file: the outcome is a `FileResult` with a status and the
findings, so one bad file never stops the rest of a run. Only output problems the user must act
on (the output already exists) raise, and the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import dataclasses
import re
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .core.codes import finding
from .core.history_layout import layout_findings
from .core.model import Indicator, Return, Settings
from .errors import CspExcelError, FileRefused, UsageError, os_reason
from .filekind import not_a_file, skip_message
from .reader.safety import is_legacy_xls
from .results import STATUS_FAILED, STATUS_FINDINGS, STATUS_OK, FileResult, failed_result
from .service_judge import judge_return, status_of
from .writers.summary import own_output_kind

__all__ = ["FileResult", "STATUS_FAILED", "STATUS_FINDINGS", "STATUS_OK", "analyse_file",
           "fill_file", "default_output", "exit_code", "inspect_file"]  # fmt: skip


def _mark_failed(result: FileResult, code: str, message: str) -> FileResult:
    """A file that was read but could not be written: failed, with one file-level error."""
    result.status = STATUS_FAILED
    result.findings.append(finding(code, None, None, message, severity="error"))
    return result


def analyse_file(
    path: str | Path, settings: Settings | None = None, earlier: Any = None
) -> FileResult:
    """Read and judge one return. Never raises for bad input. `earlier`: a folder run's earlier
    returns of the same partnership (a `service_history.HistoryFolder`, from bulk)."""
    from .reader.workbook import read_return

    path = Path(path)
    start = time.perf_counter()
    odd = not_a_file(path)  # stat before any open: a pipe or device would block or never end
    if odd is not None:
        return failed_result(path, "FILE_UNREADABLE", skip_message(path, odd))
    kind = own_output_kind(path)
    if kind is not None:  # our own output: its derived rows would be read as figures
        return failed_result(
            path,
            "NO_INDICATORS",
            f"{path.name} was written by csp-excel (a {kind} workbook), not a return: "
            "run csp-excel on the original return instead.",
        )
    try:
        ret = read_return(path, settings)
    except FileRefused as e:
        message = e.message if path.name in e.message else f"{path.name}: {e.message}"
        debug = None
        if e.__cause__ is not None:
            debug = "".join(traceback.format_exception(e.__cause__))
        result = failed_result(path, e.code, message.rstrip(".") + ".", debug=debug)
        result.seconds = time.perf_counter() - start
        return result
    except Exception:  # noqa: BLE001 - an unexpected reader bug must not stop a folder
        result = failed_result(
            path,
            "FILE_UNREADABLE",
            f"{path.name} could not be read: csp-excel met a problem it did not expect. "
            "Run again with --debug for the details, and please report it with the file.",
            debug=traceback.format_exc(),
        )
        result.seconds = time.perf_counter() - start
        return result
    ret = _with_history(path, ret, settings, earlier)
    return judge_return(str(path), ret, start)


def _with_history(path: Path, ret: Return, settings: Settings | None, earlier: Any) -> Return:
    """The return with the months its history folder (and a folder run's earlier returns of
    its partnership) supply (SPEC section 10, History)."""
    from .service_history import history_folder_of, with_history

    folder = history_folder_of(path, ret)
    if folder is None and earlier is None:
        return ret
    return with_history(path, ret, folder, settings, run=earlier).ret


def default_output(path: Path, out: Path | None, single: bool, keep_layout: bool = False) -> Path:
    """SPEC section 10: X.filled.xlsx beside it, or in --out DIR, or --out FILE.xlsx for one input.

    Only a layout-preserving fill of an .xlsm keeps its macros and so its extension; a new
    workbook has no macros and Excel refuses an .xlsm without them."""
    macro = keep_layout and path.suffix.lower() == ".xlsm"
    name = path.stem + ".filled" + (".xlsm" if macro else ".xlsx")
    if out is None:
        return path.with_name(name)
    if single and out.suffix.lower() in (".xlsx", ".xlsm"):
        return out
    if single and not out.is_dir() and (out.exists() or looks_like_file(out)):
        raise UsageError(
            f"--out {out} is neither a folder nor an .xlsx file name, e.g. --out filled.xlsx"
        )
    return out / name


def looks_like_file(path: Path) -> bool:
    """'notes.txt': a name with a file type, not one to make a folder of ('2016.17' is fine)."""
    return re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,4}", path.suffix) is not None


def fill_file(
    path: str | Path,
    output: Path,
    force: bool = False,
    keep_layout: bool = False,
    settings: Settings | None = None,
    earlier: Any = None,
) -> FileResult:
    """Analyse one return (`earlier` as there) and write the filled workbook (via a temp file)."""
    path = Path(path)
    result = analyse_file(path, settings, earlier)
    if result.failed or result.ret is None:
        return result
    if keep_layout and is_legacy_xls(path):
        return _mark_failed(
            result,
            "FILE_LEGACY_FORMAT",
            f"'{path.name}' is an old-style .xls workbook; --keep-layout needs it saved as .xlsx. "
            "Without --keep-layout it is filled into a new workbook.",
        )
    twice = _duplicate_sheet(result.ret.indicators)
    if twice is not None:  # Excel never saves this; another program's zip can say it
        return _mark_failed(
            result,
            "OUTPUT_FAILED",
            f"{path.name} has two sheets both named '{twice}', which Excel does not allow, so "
            "the filled workbook cannot be made. Open the file in Excel, rename one of them and "
            "run again.",
        )
    start = time.perf_counter()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve() == output.resolve():
            raise CspExcelError(f"{output.name}: the output would replace the input; choose --out")
        if keep_layout:
            from .writers.placement.package import LayoutNotKept, fill_copy

            try:
                kept = fill_copy(path, output, result.ret, result.results, force=force)
                result.findings += kept.findings + layout_findings(result.ret)
                result.status = status_of(result.findings)
            except LayoutNotKept as e:  # the layout cannot be kept: say why, write nothing
                message = f"{path.name}: {e.finding.message.rstrip('.')}."
                result.status = STATUS_FAILED
                result.findings.append(dataclasses.replace(e.finding, message=message))
                return result
        else:
            from .writers.workbook import write_filled

            write_filled(result.ret, result.results, result.findings, output, force=force)
    except CspExcelError:
        raise
    except Exception as e:  # noqa: BLE001 - report, keep going with other files
        result.debug = traceback.format_exc()
        return _mark_failed(
            result, "OUTPUT_FAILED", f"Could not write {output.name}: {plain_reason(e)}."
        )
    result.output = str(output)
    result.seconds += time.perf_counter() - start
    return result


def _duplicate_sheet(indicators: list[Indicator]) -> str | None:
    """The sheet name of two indicators that claim the same place (same sheet and block; Excel
    compares sheet names ignoring case): only two sheets with one name can do that."""
    seen: set[str] = set()
    for ind in indicators:
        key = ind.key.casefold()
        if key in seen:
            return ind.sheet
        seen.add(key)
    return None


def plain_reason(e: Exception) -> str:
    """A plain reason for an output failure; the technical detail goes to --debug."""
    reason = os_reason(e)  # also an OSError a library wrapped (xlsxwriter's FileCreateError)
    if reason is not None:
        return reason
    return "an unexpected problem (run again with --debug for the details)"


OUTPUT_CODES = ("OUTPUT_FAILED", "OUTPUT_EXISTS")  # the output, not the return, is the problem


def exit_code(results: list[FileResult]) -> int:
    """SPEC section 10: 0 all written (warnings allowed), 1 any error finding or failed file,
    2 when an output could not be written (disk full, read-only folder, already there)."""
    if any(r.failed and any(f.code in OUTPUT_CODES for f in r.findings) for r in results):
        return 2
    return 1 if any(r.failed or r.errors for r in results) else 0


def make_button_workbook(out: Path, source: Path | None = None, force: bool = False) -> Path:
    """The macro-enabled workbook with Fill/Validate buttons; with `source`, that return's sheets
    (read safely, values only) are copied in."""
    from .writers.button import build_button_workbook

    sheets = []
    if source is not None:
        from .reader.safety import check_file
        from .reader.sheets import load_sheets

        check_file(Path(source))
        sheets = load_sheets(Path(source))
    return build_button_workbook(Path(out), sheets, force=force)


def inspect_file(path: str | Path, settings: Settings | None = None) -> dict[str, Any]:
    """How each sheet of a return was read (`csp-excel inspect`): the same reading the fill and
    the findings were built from, as JSON-able data plus plain lines. Never raises for bad input."""
    from .core.periods import long_month

    result = analyse_file(path, settings)
    ret = result.ret
    readings = ret.readings if ret is not None else []
    month = ret.settings.reporting_month if ret is not None else None
    if month is not None:
        fy = month.year if month.month >= 4 else month.year - 1
        shown = long_month(fy, (month.month - 4) % 12)
        src = ret.settings.reporting_month_source if ret is not None else ""
        head = f"Reporting month: {shown} (from {src or 'the settings'})"
    else:
        head = "Reporting month: none given (each grid's year comes from its own words or dates)"
    lines = [f"{Path(path).name}: {result.status}", head]
    for r in readings:
        lines += r.lines()
    if result.failed:
        lines += [f"  {f.code}: {f.message}" for f in result.findings if f.severity == "error"]
    history: dict[str, Any] = {}
    if not result.failed and ret is not None:
        from .service_history import history_lines, history_matches

        history = history_matches(Path(path), ret, settings)
        lines += history_lines(history)
    return {
        "file": str(path),
        "status": result.status,
        "reporting_month": month.isoformat() if month else None,
        "reporting_month_source": ret.settings.reporting_month_source if ret else "",
        "sheets": [r.to_dict() for r in readings],
        "findings": [f.to_dict() for f in result.findings],
        "history": history,  # --history: each indicator's match in the earlier returns
        "lines": lines,
    }


def settings_from_file(path: Path) -> Settings:
    """Fallback settings from a settings workbook (`--settings`); raises CspExcelError."""
    from .reader.workbook import read_settings_file

    return read_settings_file(path)


def tidy_rows_of(result: FileResult, label: str) -> Iterator[dict[str, Any]]:
    """One analysed file's figures as tidy rows (none for a file that failed)."""
    from .writers.tidy import tidy_rows

    if result.failed or result.ret is None:
        return iter(())
    return tidy_rows(result.ret, result.results, label)


def export_tidy(rows: Iterable[dict[str, Any]], out: Path, force: bool = False) -> int:
    """Write tidy rows to a .csv or .parquet file (atomically); the number of rows."""
    from .writers.tidy import write_tidy

    return write_tidy(rows, out, force=force)


def write_template(out: Path, fy: int, force: bool = False) -> None:
    """A blank return in the layout csp-excel reads best (`csp-excel template`)."""
    from .writers.template import write_blank_template

    write_blank_template(out, fy, force=force)
