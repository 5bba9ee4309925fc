"""One RAG word table (core/rag.py RAG_WORDS): the drafted text, rule messages and comparison agree."""

from __future__ import annotations

from csp_excel.core.narrative import wording
from csp_excel.core.rag import RAG_WORDS
from csp_excel.core.rules import rag as rag_rules
from csp_excel.writers import comparison_sheet


def test_every_user_words_r_a_g_as_the_core_table() -> None:
    assert RAG_WORDS == {"R": "Red", "A": "Amber", "G": "Green"}
    for table in (wording.RAG_WORD, rag_rules.RULE_RAG_WORD, comparison_sheet.RAG_WORD):
        assert {k: table[k] for k in "RAG"} == RAG_WORDS


def test_no_rating_is_worded_by_each_sentence() -> None:
    """Kept as they were: the narrative says nothing, a rule message mid-sentence, a table cell."""
    assert "None" not in wording.RAG_WORD
    assert rag_rules.RULE_RAG_WORD["None"] == "no rating (grey)"
    assert comparison_sheet.RAG_WORD["None"] == "No rating"
