"""A Finding: one located problem, and its SPEC section 10 JSON shape.

Why apart from the rest of the model: every layer makes and reads findings, and their fields,
order and JSON are a contract with users' scripts. Codes and severities come from core.codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One located problem. Findings are data: collected, never raised."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    message: str
    expected: Any = None
    found: Any = None

    @property
    def location(self) -> str:
        """`'Robbery'!F12`, `'Robbery'`, or '' for whole-file findings."""
        if self.sheet is None:
            return ""
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!{self.cell}" if self.cell else quoted

    def to_dict(self) -> dict[str, Any]:
        """The SPEC section 10 JSON shape."""
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": _jsonable(self.expected),
            "found": _jsonable(self.found),
        }


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, date):
        return v.isoformat()
    return str(v)
