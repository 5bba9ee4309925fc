"""One file at a time: read, analyse, write. The CLI, bulk conversion and the library call these.

Nothing here raises for a bad input file: the outcome is a `FileResult` with a status and the
findings, so one bad file never stops the rest of a run. Only output problems the user must act
on (the output already exists) raise, and the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from .core.analysis import Analysis, analyse_return
from .core.model import Finding, Settings
from .errors import CspExcelError, FileRefused
from .reader.safety import is_legacy_xls
from .results import STATUS_FAILED, STATUS_FINDINGS, STATUS_OK, FileResult

__all__ = ["FileResult", "STATUS_FAILED", "STATUS_FINDINGS", "STATUS_OK", "analyse_file",
           "fill_file", "default_output", "exit_code"]  # fmt: skip


def _status(findings: list[Finding]) -> str:
    return (
        STATUS_FINDINGS if any(f.severity in ("error", "warning") for f in findings) else STATUS_OK
    )


def _failed(path: Path, code: str, message: str, debug: str | None = None) -> FileResult:
    finding = Finding(code=code, severity="error", sheet=None, cell=None, message=message)
    return FileResult(file=str(path), status=STATUS_FAILED, findings=[finding], debug=debug)


def _mark_failed(result: FileResult, code: str, message: str) -> FileResult:
    """A file that was read but could not be written: failed, with one file-level error."""
    result.status = STATUS_FAILED
    result.findings.append(Finding(code, "error", None, None, message))
    return result


def analyse_file(path: str | Path, settings: Settings | None = None) -> FileResult:
    """Read and judge one return. Never raises for bad input."""
    from .reader.workbook import read_return

    path = Path(path)
    start = time.perf_counter()
    try:
        ret = read_return(path, settings)
    except FileRefused as e:
        message = e.message if path.name in e.message else f"{path.name}: {e.message}"
        debug = None
        if e.__cause__ is not None:
            debug = "".join(traceback.format_exception(e.__cause__))
        result = _failed(path, e.code, message.rstrip(".") + ".", debug=debug)
        result.seconds = time.perf_counter() - start
        return result
    except Exception:  # noqa: BLE001 - an unexpected reader bug must not stop a folder
        result = _failed(
            path,
            "FILE_UNREADABLE",
            f"{path.name} could not be read: csp-excel met a problem it did not expect. "
            "Run again with --debug for the details, and please report it with the file.",
            debug=traceback.format_exc(),
        )
        result.seconds = time.perf_counter() - start
        return result
    analysis: Analysis = analyse_return(ret)
    findings = list(ret.findings) + analysis.findings
    status = _status(findings)
    if any(f.code == "NO_INDICATORS" for f in findings) and not analysis.computed:
        status = STATUS_FAILED
    return FileResult(
        file=str(path),
        status=status,
        findings=findings,
        ret=ret,
        computed=analysis.computed,
        drafts=analysis.drafts,
        seconds=time.perf_counter() - start,
    )


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
    return out / name


def fill_file(
    path: str | Path,
    output: Path,
    force: bool = False,
    keep_layout: bool = False,
    settings: Settings | None = None,
) -> FileResult:
    """Analyse one return and write the filled workbook to `output` (via a temp file)."""
    path = Path(path)
    result = analyse_file(path, settings)
    if result.failed or result.ret is None:
        return result
    if keep_layout and is_legacy_xls(path):
        return _mark_failed(
            result,
            "FILE_LEGACY_FORMAT",
            f"'{path.name}' is an old-style .xls workbook; --keep-layout needs it saved as .xlsx. "
            "Without --keep-layout it is filled into a new workbook.",
        )
    start = time.perf_counter()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve() == output.resolve():
            raise CspExcelError(f"{output.name}: the output would replace the input; choose --out")
        if keep_layout:
            from .writers.placement import fill_copy

            fill_copy(path, output, result.ret, result.computed, force=force)
        else:
            from .writers.workbook import write_filled

            write_filled(
                result.ret, result.computed, result.findings, output, result.drafts, force=force
            )
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


def plain_reason(e: Exception) -> str:
    """A plain reason for an output failure; the technical detail goes to --debug."""
    if isinstance(e, PermissionError):
        return "permission denied (is it open in Excel?)"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    return "an unexpected problem (run again with --debug for the details)"


def exit_code(results: list[FileResult]) -> int:
    """SPEC section 10: 0 all written (warnings allowed), 1 any error finding or failed file."""
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
