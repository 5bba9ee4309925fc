"""The outcome of processing one file: shared by the service, bulk runs and the report writers.

It lives below `service` so writers (summary, comparison) can read results without importing
the orchestration layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
