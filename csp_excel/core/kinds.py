"""The shared vocabulary of the model: a series, and the kinds a value can take.

Why a module of its own: the input model (grid, indicator), the computed model and the writers all
name these, and none of them should have to import the others to do so. Pure, no I/O.

Series are plain lists with one slot per period of the financial year (12 months April..March,
or 4 quarters), `None` where there is no figure. Percentages and changes are fractions
(0.03 for 3%), never rounded here.
"""

from __future__ import annotations

from typing import Literal

Series = list[float | None]

Frequency = Literal["monthly", "quarterly", "annual"]
IndicatorKind = Literal["count", "percentage", "snapshot"]
Polarity = Literal["lower", "higher", "range", "monitor"]
Profile = Literal["linear", "seasonal"]
Rag = Literal["R", "A", "G", "None"]
Dot = Literal["improved", "static", "worse", "peaked"]
