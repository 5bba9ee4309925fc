"""The data model every layer shares: a return as read, and the figures computed from it.

Pure dataclasses, no I/O, kept in small modules by what they hold; this module is the one import
path callers use (`from csp_excel.core.model import X`):
- kinds: `Series` and the Literal kinds (frequency, polarity, RAG, ...);
- finding: `Finding`, one located problem, and its SPEC section 10 JSON;
- grid: `Grid`, `GridRow` and the row kinds a grid row is mapped to;
- inputs: `Return`, `Settings`, `Indicator`, `Target`, ... as the reader builds them;
- computed: `Computed` and `SpcResult`, what the core derives from each `Indicator`.
"""

from __future__ import annotations

from .computed import Computed, SpcPhase, SpcResult
from .finding import Finding, Severity
from .grid import INPUT_ROW_KINDS, Grid, GridRow, RowKind
from .inputs import (
    Denominator,
    Indicator,
    IndicatorOverride,
    Return,
    Settings,
    Target,
    indicator_key,
)
from .kinds import Dot, Frequency, IndicatorKind, Polarity, Profile, Rag, Series
from .reading import SheetReading

__all__ = [
    "INPUT_ROW_KINDS",
    "Computed",
    "Denominator",
    "Dot",
    "Finding",
    "Frequency",
    "Grid",
    "GridRow",
    "Indicator",
    "IndicatorKind",
    "IndicatorOverride",
    "Polarity",
    "Profile",
    "Rag",
    "Return",
    "RowKind",
    "Series",
    "Settings",
    "Severity",
    "SheetReading",
    "SpcPhase",
    "SpcResult",
    "Target",
    "indicator_key",
]
