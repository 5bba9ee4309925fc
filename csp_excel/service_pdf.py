"""`fill --pdf`: the board pack printed to PDF beside the filled workbook.

The workbook is the product; the PDF is a convenience. So a PDF that cannot be made (LibreOffice
not installed, a timeout, a PDF already there without --force) is a warning that says why and how
to fix it, and the file keeps its status otherwise: the xlsx is written, the exit code is the
workbook's (SPEC: 0 when every file was written).
"""

from __future__ import annotations

from pathlib import Path

from .core.codes import finding
from .core.model import Settings
from .errors import CspExcelError
from .results import STATUS_FAILED, STATUS_FINDINGS, FileResult
from .service import fill_file
from .writers.pdf import PdfNotWritten, pdf_path, write_pdf


def fill_with_pdf(
    path: Path, output: Path, force: bool, keep_layout: bool, settings: Settings | None
) -> FileResult:
    """`service.fill_file`, then the written workbook printed to PDF beside it."""
    return add_pdf(fill_file(path, output, force, keep_layout, settings), output, force)


def add_pdf(result: FileResult, output: Path, force: bool) -> FileResult:
    """Print the written `output` to PDF; a PDF not made becomes a PDF_NOT_WRITTEN warning."""
    if result.status == STATUS_FAILED or result.output is None:
        return result
    target = pdf_path(output)
    try:
        write_pdf(output, target, force=force)
    except (PdfNotWritten, CspExcelError) as e:
        message = (
            f"The PDF board pack was not made: {str(e).rstrip('.')}. {output.name} was written."
        )
        result.findings.append(finding("PDF_NOT_WRITTEN", None, None, message))
        result.status = STATUS_FINDINGS
        return result
    return result


def pdf_written(result: FileResult) -> Path | None:
    """The PDF beside a filled workbook, when this run made it (no PDF_NOT_WRITTEN finding)."""
    if result.output is None or any(f.code == "PDF_NOT_WRITTEN" for f in result.findings):
        return None
    target = pdf_path(Path(result.output))
    return target if target.is_file() else None
