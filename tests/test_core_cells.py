"""parse_cell: the messy cells real returns hold."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_excel.core.cells import (
    PLACEHOLDERS,
    ParsedCell,
    is_placeholder,
    parse_cell,
    parse_fraction,
)


@pytest.mark.parametrize(
    ("raw", "percent", "value", "status"),
    [
        ("1,383", False, 1383.0, "number"),
        (" 1383 ", False, 1383.0, "number"),
        ("17,469", False, 17469.0, "number"),
        ("1,234,567.5", False, 1234567.5, "number"),
        ("+3%", True, 0.03, "number"),
        ("+3%", False, 0.03, "number"),
        ("-0%", True, 0.0, "number"),
        ("-13%", True, -0.13, "number"),
        ("- 8%", True, -0.08, "number"),
        ("31%", True, 0.31, "number"),
        ("100%", True, 1.0, "number"),
        ("44.4%", True, 0.444, "number"),
        ("3 %", True, 0.03, "number"),
        ("No change", True, 0.0, "number"),
        ("no change", True, 0.0, "number"),
        ("No change", False, None, "placeholder"),
        (0.75, True, 0.75, "number"),
        (75, True, 75.0, "number"),  # a percent row holding 75: left for the rules
        ("0.75", True, 0.75, "number"),
        ("75", True, 75.0, "number"),
        (1383, False, 1383.0, "number"),
        (88.1, False, 88.1, "number"),
        (Decimal("2.5"), False, 2.5, "number"),
        ("(13)", False, -13.0, "number"),
        ("£1,200", False, 1200.0, "number"),
        ("−5", False, -5.0, "number"),  # unicode minus
        (".5", False, 0.5, "number"),
        (None, False, None, "blank"),
        ("", False, None, "blank"),
        ("   ", False, None, "blank"),
        ("\u00a0", False, None, "blank"),
        (float("nan"), False, None, "text"),  # <v>NaN</v>: a finding, never a silent blank
        (1e308, False, None, "text"),  # would overflow every sum: not a figure
        (-1e16, False, None, "text"),
        (1e15, False, 1e15, "number"),  # the largest magnitude taken as a figure
        ("99,999,999,999,999,999", False, None, "text"),
        (10**400, False, None, "text"),
        ("TBC", False, None, "placeholder"),
        ("tbc", True, None, "placeholder"),
        ("N/A", False, None, "placeholder"),
        ("n/a", True, None, "placeholder"),
        ("NA", False, None, "placeholder"),
        ("n.a.", False, None, "placeholder"),
        ("-", False, None, "placeholder"),
        ("--", False, None, "placeholder"),
        ("–", False, None, "placeholder"),
        ("Data collected quarterly", False, None, "placeholder"),
        ("Data Collected Quarterly.", False, None, "placeholder"),
        ("Not available", False, None, "placeholder"),
        ("Not available until May", False, None, "placeholder"),
        ("Awaiting data", False, None, "placeholder"),
        ("11of15/ 21of32", False, None, "text"),
        ("12of15/ 21of32", False, None, "text"),
        ("1,38", False, None, "text"),
        ("1383 offences", False, None, "text"),
        ("=SUM(A1:A3)", False, None, "text"),
        ("#DIV/0!", False, None, "text"),
        ("(-13)", False, None, "text"),
        (True, False, None, "text"),
        (False, False, None, "text"),
        (date(2016, 4, 1), False, None, "text"),
        (datetime(2016, 4, 1, 0, 0), False, None, "text"),
        (float("inf"), False, None, "text"),
    ],
)
def test_parse_cell_table(raw: object, percent: bool, value: float | None, status: str) -> None:
    got = parse_cell(raw, percent=percent)
    assert got.status == status
    if value is None:
        assert got.value is None
    else:
        assert got.value == pytest.approx(value)


def test_negative_zero_is_plain_zero() -> None:
    got = parse_cell("-0%", percent=True)
    assert got.value == 0.0
    assert str(got.value) == "0.0"


def test_text_keeps_what_was_found() -> None:
    assert parse_cell(" TBC ").text == "TBC"
    assert parse_cell("11of15/ 21of32").text == "11of15/ 21of32"
    assert parse_cell("1,383").text == "1,383"
    assert parse_cell(1383).text is None
    assert parse_cell(date(2016, 4, 1)).text == "2016-04-01"
    assert parse_cell(True).text == "TRUE"


def test_placeholders_are_lower_case() -> None:
    assert all(p == p.lower() for p in PLACEHOLDERS)
    assert {
        "tbc",
        "n/a",
        "na",
        "-",
        "--",
        "data collected quarterly",
        "not available",
    } <= PLACEHOLDERS
    assert is_placeholder("Awaiting Data")
    assert not is_placeholder("12of15")


def test_parsed_cell_shape() -> None:
    assert parse_cell("1,383") == ParsedCell(1383.0, "number", "1,383")


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_cell(f"{n:,}").value == float(n)
    assert parse_cell(f" {n} ").value == float(n)


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
def test_numbers_stored_as_numbers_are_never_rescaled(x: float) -> None:
    for percent in (False, True):
        got = parse_cell(x, percent=percent)
        assert got.status == "number"
        assert got.value == x


@given(st.integers(min_value=-500, max_value=500))
def test_percent_text_is_a_fraction(p: int) -> None:
    sign = "+" if p > 0 else ""
    got = parse_cell(f"{sign}{p}%", percent=True)
    assert got.value == pytest.approx(p / 100)


@pytest.mark.parametrize(
    "raw,want",
    [("10%", 0.10), ("150%", 1.5), ("0%", 0.0), (" 2.5 % ", 0.025), (1, 0.01), (1.0, 0.01),
     (10, 0.10), ("10", 0.10), (100, 1.0), (0.1, 0.1), ("0.1", 0.1), (0.999, 0.999), (0, 0.0),
     (-0.1, None), ("-10%", None), (-5, None), ("(10%)", None), ("lots", None), ("", None),
     (None, None), (True, None), ("TBC", None), ("No change", None), (float("nan"), None),
     (float("inf"), None), (date(2016, 1, 1), None)],
)  # fmt: skip
def test_parse_fraction_table(raw: object, want: float | None) -> None:
    got = parse_fraction(raw)
    assert got == (pytest.approx(want) if want is not None else None)


@given(st.integers(min_value=1, max_value=10**6))
def test_parse_fraction_percent_text_and_bare_whole_number_agree(n: int) -> None:
    # "n%" and a bare n (>= 1) mean the same share; a bare number below 1 is kept as it is.
    assert parse_fraction(f"{n}%") == pytest.approx(parse_fraction(n))
    assert parse_fraction(n / (n + 1)) == pytest.approx(n / (n + 1))
