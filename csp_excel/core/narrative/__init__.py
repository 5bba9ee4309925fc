"""Performance Overview text: draft it from the numbers (draft, annual), and check the numbers
a typed one quotes (check, phrases); wording holds how both write a figure. This package keeps
the one import path callers use.
"""

from __future__ import annotations

from .check import check_narrative
from .draft import draft_overview
from .wording import unit_word

__all__ = ["check_narrative", "draft_overview", "unit_word"]
