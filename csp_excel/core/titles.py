"""The title a block of a sheet with several grids is shown under. Pure: no I/O.

Why: a sheet of district grids names its indicator once ('Criminal damage incidents, by
district') and each grid by its district ('Blaby'); either alone is ambiguous on a dashboard, so
the displayed title says both, once: 'Criminal damage incidents – Blaby'.
"""

from __future__ import annotations

import re

from .model import Indicator

# a closing 'by district' / ', by area' phrase: the block's own name says which one it is
_BY_PHRASE = re.compile(
    r"[\s,;:–-]*\bby\s+(district|area|borough|ward|locality|partnership)s?\W*$", re.I
)
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def block_title(title: str | None, block: str | None) -> str:
    """The indicator's title and the block's name, without repeating words already in the title.

    A block named with words of the title ('Robbery overall' under 'Robbery (overall and
    personal)') already names the indicator, so it is shown as it is; otherwise 'title – block'.
    """
    title = " ".join((title or "").split())
    block = " ".join((block or "").split())
    if not block or block.lower().startswith("grid at"):
        return title or block
    if not title:
        return block
    base = _BY_PHRASE.sub("", title).strip() or title
    have, own = _words(base), _words(block)
    if own & have:
        return block
    return f"{base} – {block}"


def display_title(ind: Indicator) -> str:
    """What every page shows an indicator as: its title, and its block's name when the sheet has
    several blocks ('Criminal damage incidents – Blaby', 'Personal robbery')."""
    return block_title(ind.title or ind.sheet, ind.block)


def shared_title(ind: Indicator) -> str:
    """The indicator across partnerships: a district block's partnership is its district, so it
    shares its indicator's title; any other block is an indicator of its own."""
    return (ind.title or ind.sheet) if ind.district else display_title(ind)
