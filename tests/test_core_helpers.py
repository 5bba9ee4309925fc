"""The small shared helpers every layer uses: formula-safe text, A1 parsing, period codes back to
names, running totals and "does the target apply per period"."""

from __future__ import annotations

import pytest
from core_factory import make_indicator
from hypothesis import given
from hypothesis import strategies as st

from csp_excel.core.calc import cumulative, ytd
from csp_excel.core.model import Target
from csp_excel.core.periods import name_from_code, period_code, period_name
from csp_excel.core.rag import is_level
from csp_excel.core.refs import a1, parse_a1
from csp_excel.core.text import neutralise_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44", "'+44"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Robbery", "Robbery"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise_formula(text: str | None, expected: str) -> None:
    assert neutralise_formula(text) == expected


@given(st.integers(1, 1_048_576), st.integers(1, 16_384))
def test_parse_a1_inverts_a1(row: int, col: int) -> None:
    assert parse_a1(a1(row, col)) == (row, col)
    assert parse_a1(f"${a1(row, col)[: -len(str(row))]}${row}") == (row, col)


@pytest.mark.parametrize("bad", ["", "14", "C", "C0x", "'Sheet'!C14", "ABCD1"])
def test_parse_a1_rejects_what_is_not_a_cell(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_a1(bad)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("2016-08", "Aug-16"),
        ("2017-03", "Mar-17"),
        ("2016-04", "Apr-16"),
        ("2016-Q1", "Q1 2016/17"),
        ("2015-Q4", "Q4 2015/16"),
        ("2016-13", "2016-13"),
        ("not a code", "not a code"),
    ],
)
def test_name_from_code(code: str, name: str) -> None:
    assert name_from_code(code) == name


@given(st.integers(2000, 2040), st.integers(0, 11), st.sampled_from(["monthly", "quarterly"]))
def test_name_from_code_inverts_period_code(fy: int, i: int, frequency: str) -> None:
    i = i % 4 if frequency == "quarterly" else i
    assert name_from_code(period_code(fy, i, frequency)) == period_name(fy, i, frequency)


@pytest.mark.parametrize(
    ("values", "n", "expected"),
    [
        ([1, 2, 3], 3, [1, 3, 6]),
        ([1, None, 3], 3, [1, None, None]),  # a gap breaks the running total
        ([1, 2], 4, [1, 3, None, None]),  # padded to n
        ([1, 2, 3, 4], 2, [1, 3]),  # cut to n
        (None, 2, [None, None]),
    ],
)
def test_cumulative(values: list[float | None] | None, n: int, expected: list) -> None:
    assert cumulative(values, n) == expected
    assert cumulative(values, n) == ytd((list(values or []) + [None] * n)[:n])


@pytest.mark.parametrize(
    ("kind", "target", "level"),
    [
        ("count", Target("cap", 120), False),
        ("snapshot", Target("cap", 26), True),
        ("percentage", Target("rate", 0.7), True),
        ("percentage", Target("range", low=0.28, high=0.4), True),
        ("percentage", Target("floor", 24), False),  # "24 individuals": a running count
    ],
)
def test_is_level(kind: str, target: Target, level: bool) -> None:
    ind = make_indicator([1], kind=kind, target=target)
    assert is_level(ind) is level


@pytest.mark.parametrize(
    ("to_date", "expected"),
    [
        ([10, 20, 30, 25], [10, 10, 10, -5]),  # a total that goes down: a negative period
        ([5, None, 12], [5, None, None]),  # a gap blanks both sides of it
        ([], []),
        (None, []),
    ],
)
def test_per_period_undoes_running_totals(
    to_date: list[float | None] | None, expected: list[float | None]
) -> None:
    from csp_excel.core.series import per_period

    assert per_period(to_date) == expected


@given(st.lists(st.integers(-1000, 1000), max_size=12))
def test_per_period_is_the_inverse_of_ytd(values: list[int]) -> None:
    from csp_excel.core.series import per_period

    floats: list[float | None] = [float(v) for v in values]
    assert per_period(ytd(floats)) == floats
