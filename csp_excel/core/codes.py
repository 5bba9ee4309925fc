"""The one catalogue of finding codes: code -> severity, unit, a plain description.

Every `Finding` in the package is made by `finding()` below, which takes the severity from this
table, so one code never means an error in one place and a warning in another. The codes are the
stable strings of SPEC section 10 (and the ones added since); `csp-excel codes` and the README
table are printed from here. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .model import Finding, Severity

# What a finding's `expected` / `found` numbers are, so a writer can format them without guessing:
# a count (whole numbers), a percent (a fraction shown as 3.6%), a rate (per 1,000 etc.), a figure
# quoted in a narrative (a count, or a fraction when it is a percentage), or none (text, or empty).
Unit = Literal["count", "percent", "rate", "figure", "none"]


@dataclass(frozen=True)
class Code:
    """One finding code. `other` is the second severity a code may take, `when` says when."""

    code: str
    severity: Severity
    unit: Unit
    description: str
    other: Severity | None = None
    when: str = ""

    @property
    def severities(self) -> tuple[Severity, ...]:
        return (self.severity,) if self.other is None else (self.severity, self.other)


# short names keep the table readable
E: Severity = "error"
W: Severity = "warning"
I: Severity = "info"  # noqa: E741

CODES: tuple[Code, ...] = (
    # the file (SPEC section 6): the file is not read, status 'failed'
    Code("FILE_UNREADABLE", E, "none", "The file is not an Excel workbook, or it is damaged."),
    Code("FILE_ENCRYPTED", E, "none", "The workbook is protected by a password."),
    Code("FILE_LEGACY_FORMAT", W, "none", "An old-style .xls workbook: read, but save it as .xlsx.",
         E, "error when the .xls is refused, or --keep-layout needs it saved as .xlsx"),
    Code("FILE_TOO_LARGE", E, "none", "The workbook is too large (or a zip bomb) to read safely."),
    Code("NO_INDICATORS", E, "none", "No sheet of the workbook could be read as an indicator."),
    # sheets and grids
    Code("GRID_NOT_FOUND", W, "none",
         "A sheet with no row of 12 month (or 4 quarter) headers; it is kept as it is."),
    Code("SHEET_UNREADABLE", E, "none", "One sheet could not be read; the other sheets were."),
    Code("SHEET_SKIPPED", I, "none", "A sheet (or grid) that was not read as an indicator, and why.",
         W, "warning when it looks like an indicator but its year cannot be known"),
    Code("MONTHS_OUT_OF_ORDER", E, "none",
         "Period headers out of order, repeated, or months and quarters mixed.",
         W, "warning when one header cell is empty or unreadable and was read by position"),
    Code("PERIOD_MISMATCH", E, "none", "Header periods from another year than the return's."),
    Code("ROW_NOT_RECOGNISED", I, "none",
         "A grid row whose label was not recognised; it is kept as it is.",
         W, "warning when two rows hold the same year's figures and one was not used, or when the "
         "row holds figures in periods no used row fills (they reach no measure)"),
    Code("NO_CURRENT_FIGURES", W, "none", "The grid has no figures for the current year."),
    Code("TEXT_TOO_LONG", W, "count", "A cell holds more text than Excel can show whole."),
    # cells
    Code("NOT_A_NUMBER", W, "none", "Text where a number was expected."),
    Code("PLACEHOLDER", I, "none", "A placeholder such as TBC or n/a, read as no figure."),
    Code("NEGATIVE_COUNT", W, "count", "A negative number in a row of counts."),
    Code("PERCENT_OUT_OF_RANGE", W, "percent", "A percentage below 0% or above 100%."),
    # the return contradicting itself
    Code("YTD_MISMATCH", E, "count", "A typed year-to-date figure differs from the months' sum."),
    Code("R12_MISMATCH", W, "count", "A typed rolling 12-month figure differs from the months."),
    Code("RATE_MISMATCH", W, "rate", "A typed rate differs from the count and its denominator."),
    Code("NUMERATOR_EXCEEDS_DENOMINATOR", E, "count",
         "A percentage's numerator is larger than its denominator."),
    Code("PERCENT_MISMATCH", E, "percent",
         "A typed percentage differs from its numerator and denominator."),
    # the reporting period
    Code("VALUE_AFTER_REPORTING_MONTH", W, "count", "Figures after the reporting month."),
    Code("MISSING_MONTH", W, "count", "A month up to the reporting month has no figure."),
    # judgement
    Code("RAG_MISMATCH", W, "none", "The typed RAG rating differs from the one computed."),
    Code("DOT_MISMATCH", W, "none", "The typed direction of travel differs from the computed one."),
    Code("NARRATIVE_MISMATCH", W, "figure", "A figure in the narrative differs from the grid."),
    Code("SPC_OUTLIER", W, "count", "A month outside the SPC control limits."),
    # earlier returns (--history)
    Code("HISTORY", I, "none", "What earlier returns supplied to an indicator, or why none could."),
    Code("REVISED", I, "count", "A period's figure differs between two returns (a revision).",
         W, "warning when the change is above the Settings 'Revision threshold'"),
    Code("HISTORY_NOT_SHOWN", I, "none",
         "A layout-kept sheet's results use figures from earlier returns it does not show."),
    # what was assumed
    Code("TARGET_INFERRED", I, "none", "How the target was read from the indicator's text."),
    Code("POLARITY_INFERRED", I, "none", "Whether higher or lower is better, and from what."),
    Code("DENOMINATOR_MISSING", W, "none", "A rate row whose denominator is not in the Settings."),
    Code("SETTING_INVALID", W, "none", "A Settings entry that could not be understood or used."),
    # computing and writing
    Code("INTERNAL_ERROR", E, "none", "One indicator could not be computed (a csp-excel problem)."),
    Code("LAYOUT_NOT_KEPT", E, "none", "--keep-layout could not fill a copy of this workbook."),
    Code("VALUE_NOT_WRITTEN", W, "none", "--keep-layout left a figure unwritten, and why."),
    Code("OUTPUT_EXISTS", E, "none", "The output is already there; use --force to replace it."),
    Code("OUTPUT_FAILED", E, "none", "The output could not be written (disk full, read-only...)."),
    Code("PDF_NOT_WRITTEN", W, "none", "fill --pdf: the PDF was not made (the workbook was), and why."),
    Code("OUTPUT_RENAMED", W, "none", "A folder report took another name so as not to replace a file."),
    Code("NOT_COMPARED", W, "none",
         "A return left out of comparison.xlsx: its partnership's return of that month (or, if it "
         "names no month, a dated one) is compared."),
    Code("WORKER_CRASHED", E, "none", "The process reading this file stopped unexpectedly."),
)  # fmt: skip

CATALOGUE: dict[str, Code] = {c.code: c for c in CODES}


def lookup(code: str) -> Code:
    """The catalogue entry; an unknown code is a programming error."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise ValueError(f"{code!r} is not a finding code in core/codes.py") from None


def finding(
    code: str,
    sheet: str | None,
    cell: str | None,
    message: str,
    expected: Any = None,
    found: Any = None,
    severity: str | None = None,
) -> Finding:
    """A Finding with its severity from the catalogue. `severity` is only for the codes that may
    take two; any severity the code cannot take raises ValueError (a bug, caught by the tests)."""
    entry = lookup(code)
    if severity is None:
        sev: Severity = entry.severity
    elif severity in entry.severities:
        sev = severity  # type: ignore[assignment]
    else:
        allowed = " or ".join(entry.severities)
        raise ValueError(f"{code} is {allowed}, not {severity!r} (core/codes.py)")
    return Finding(code, sev, sheet, cell, message, expected, found)


def unit_of(code: str) -> Unit:
    """What the expected/found numbers of `code` are; 'none' for codes not in the catalogue."""
    entry = CATALOGUE.get(code)
    return entry.unit if entry is not None else "none"


def severity_text(c: Code) -> str:
    """'info (warning when ...)' for the table."""
    return c.severity if c.other is None else f"{c.severity} ({c.when})"


def code_rows() -> list[dict[str, Any]]:
    """The catalogue as plain rows (`csp-excel codes --json`)."""
    return [
        {
            "code": c.code,
            "severity": c.severity,
            "severities": list(c.severities),
            "when_other": c.when,
            "unit": c.unit,
            "description": c.description,
        }
        for c in CODES
    ]


def markdown_table() -> str:
    """The README table, generated: README.md must hold exactly this between its markers."""
    lines = ["| Code | Severity | Unit | What it means |", "|---|---|---|---|"]
    for c in CODES:
        lines.append(f"| `{c.code}` | {severity_text(c)} | {c.unit} | {c.description} |")
    return "\n".join(lines) + "\n"
