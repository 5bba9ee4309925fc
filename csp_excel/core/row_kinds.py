"""Row kinds in plain English, for every text a user reads.

Why: `actual_last_year`, `r12` and `pct_change` are our names, not the user's. `inspect`, the
Data quality sheet and the findings show a row kind as plain words, with the word the Settings
sheet's `Row label | Kind` table accepts (what a user would type) beside it. One table, so the
words are the same everywhere. No I/O here.
"""

from __future__ import annotations

# kind -> (plain words, what to type in the Settings 'Row label | Kind' table)
ROW_KIND_WORDS: dict[str, tuple[str, str]] = {
    "actual": ("this year's figures", "actual"),
    "actual_last_year": ("last year's figures", "last year"),
    "numerator": ("this year's numerator", "numerator"),
    "denominator": ("this year's denominator", "denominator"),
    "numerator_last_year": ("last year's numerator", "numerator last year"),
    "denominator_last_year": ("last year's denominator", "denominator last year"),
    "snapshot": ("a snapshot figure (not added up)", "snapshot"),
    "ytd": ("year to date", "ytd"),
    "ytd_numerator": ("year-to-date numerator", "ytd numerator"),
    "ytd_denominator": ("year-to-date denominator", "ytd denominator"),
    "pct_change": ("% change on last year", "% change"),
    "r12": ("rolling 12 months", "rolling 12"),
    "r12_change": ("change in rolling 12 months", "r12 change"),
    "rate": ("rate per 1,000", "rate"),
    "target": ("target", "target"),
    "pct": ("a percentage", "percent"),
    "rank": ("a rank", "rank"),
    "unknown": ("not used", "ignore"),
}

# how a row's kind was decided -> plain words (other 'how' texts are already plain)
HOW_WORDS: dict[str, str] = {
    "label": "from its label",
    "Settings Row label | Kind": "from the Settings sheet's 'Row label | Kind' table",
    "one indicator per row": "one indicator per row",
}


def kind_shown(kind: str) -> str:
    """Plain words with the typed word in brackets: "last year's figures ('last year')"."""
    words, typed = ROW_KIND_WORDS.get(kind, (kind.replace("_", " "), ""))
    return f"{words} ('{typed}')" if typed and typed != words and kind != "unknown" else words


def how_words(how: str) -> str:
    return HOW_WORDS.get(how, how)
