"""Every Excel number format our outputs use, named once (beside the colours in palette.py).

Each name says what the cell shows. Some look alike but differ on purpose (a chart axis shows
whole percents where the table beside it shows one decimal); they are kept apart so no output
changes. A test fails if another module in writers/ spells a number format.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------- figures
FMT_COUNT = "#,##0"  # a count: 1,234
FMT_COUNT_1DP = "#,##0.0"  # a count-like figure to one decimal: SPC limits, the comparison axis
FMT_DECIMAL = "#,##0.00"  # a figure with decimals: 1,234.56
FMT_DECIMAL_1_2 = "#,##0.0#"  # a figure as typed, one or two decimals: 88.0, 92.35
FMT_HISTORY = "#,##0.##"  # a figure with up to two decimals (Excel shows "12." for a whole one,
# so a whole figure gets FMT_COUNT instead)
FMT_RATE = "0.00"  # a rate per N residents: 12.34 (also seconds in the summary)
FMT_PCT = "0.0%"  # a percentage to one decimal: 3.6%
FMT_PCT_WHOLE = "0%"  # a whole percentage: chart axes, tolerances, the keep-layout target row
FMT_CHANGE = "+0.0%;-0.0%;0.0%"  # a signed change: +3.6% / -3.6% / 0.0%
# the keep-layout copy and the input template write changes as the user's return does, in whole
# signed percents; the filled return's own sheets show one decimal (FMT_CHANGE)
FMT_CHANGE_WHOLE = "+0%;-0%;0%"
FMT_COUNT_CHANGE = "+#,##0;-#,##0;0"  # a signed change of a count: +12 / -12 / 0
FMT_DATE = "dd/mm/yyyy"  # a date, day first as in the UK
FMT_MONTH = "mmm-yy"  # a month: Apr-24
FMT_TEXT = "@"  # text: a cell Excel must not turn into a number or date
FMT_GENERAL = "General"  # Excel's default: no format chosen

# built-in number formats (ECMA-376 18.8.30) that keep-layout placement may meet or ask for
EXCEL_BUILTIN: dict[int, str] = {
    0: FMT_GENERAL,
    1: "0",
    2: FMT_RATE,
    3: FMT_COUNT,
    4: FMT_DECIMAL,
    9: FMT_PCT_WHOLE,
    10: "0.00%",
    49: FMT_TEXT,
}
