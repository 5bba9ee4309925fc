"""Performance Overview text: draft it from the numbers (narrative_draft), and check the numbers
a typed one quotes (narrative_check). This module keeps the one import path callers use.
"""

from __future__ import annotations

from .check import check_narrative
from .draft import draft_overview, unit_word

__all__ = ["check_narrative", "draft_overview", "unit_word"]
