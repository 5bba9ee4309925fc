"""The outcome of processing one file: shared by the service, bulk runs and the report writers.

It lives below `service` so writers (summary, comparison) can read results without importing
the orchestration layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.codes import finding, lookup
from .core.model import Computed, Finding, Return
from .core.result import IndicatorResult

STATUS_OK, STATUS_FINDINGS, STATUS_FAILED = "ok", "findings", "failed"


@dataclass
class FileResult:
    """The outcome for one input file (the SPEC section 10 JSON 'files' entry, plus the data)."""

    file: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    ret: Return | None = None
    results: tuple[IndicatorResult, ...] = ()  # one per indicator with a grid (core.analysis)
    output: str | None = None
    seconds: float = 0.0
    debug: str | None = None  # traceback text, shown only with --debug

    @property
    def computed(self) -> list[Computed]:
        """Each result's figures, in order (read-only view)."""
        return [r.computed for r in self.results]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def failed(self) -> bool:
        return self.status == STATUS_FAILED

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
        }


def failed_result(
    path: Path | str,
    code: str,
    message: str,
    debug: str | None = None,
    kind: type[FileResult] = FileResult,  # a subclass for bulk runs (BulkItem)
    **extra: Any,
) -> FileResult:
    """A file that failed: one file-level error. The severity is passed only when the code's
    default is not an error (a code that may take two, such as FILE_LEGACY_FORMAT)."""
    sev = None if lookup(code).severity == "error" else "error"
    one = finding(code=code, sheet=None, cell=None, message=message, severity=sev)
    return kind(file=str(path), status=STATUS_FAILED, findings=[one], debug=debug, **extra)
