"""Performance Overview: drafting from the numbers, and checking the numbers a typed one quotes.

Fixtures are the published December 2016 summaries (seeds/001): last year's months are the ones
the published grid implies (rolling 12 months minus year to date), so the grid stays consistent.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_excel.core.model import Computed, Finding, Indicator, Series, Target
from csp_excel.core.narrative import check_narrative, draft_overview, unit_word


def cum(values: Series) -> Series:
    out: Series = []
    total: float | None = 0.0
    for v in values:
        total = None if v is None or total is None else total + v
        out.append(total)
    return out


def pad(values: Series) -> Series:
    return list(values) + [None] * (12 - len(values))


def make(
    this: list[float],
    last: list[float],
    *,
    r12: Series | None = None,
    prev_r12: float | None = None,
    **kw: object,
) -> Computed:
    """A Computed as calc would give it, for a monthly count indicator in 2016/17."""
    blank: Series = [None] * 12
    actual = pad(this)
    ytd, ytd_ly = cum(actual), cum(last)
    m = len(this) - 1
    r12_s = pad(r12) if r12 is not None else list(blank)
    r12_change = list(blank)
    r12_now = r12_s[m]
    if prev_r12 is not None and r12_now is not None:
        r12_change[m] = r12_now / prev_r12 - 1
    pct: Series = [
        None if a is None or b is None or b == 0 else a / b - 1
        for a, b in zip(ytd, ytd_ly, strict=True)
    ]
    return Computed(
        sheet="S",
        fy=2016,
        frequency="monthly",
        report_index=m,
        actual=actual,
        actual_last_year=list(last),
        ytd=ytd,
        ytd_last_year=ytd_ly,
        pct_change=pct,
        r12=r12_s,
        r12_change=r12_change,
        rate=list(blank),
        denominator_value=list(blank),
        target=kw.pop("target", list(blank)),  # type: ignore[arg-type]
        variance=list(blank),
        **kw,  # type: ignore[arg-type]
    )


def indicator(title: str, narrative: str | None = None, **kw: object) -> Indicator:
    return Indicator(
        sheet=title,
        title=title,
        grid=None,
        narrative=narrative,
        narrative_cell="B24",
        **kw,  # type: ignore[arg-type]
    )


# ---- Total Notifiable Offences, December 2016 (seed 001)
TNO_THIS = [1383.0, 1639, 1532, 1614, 1438, 1425, 1403, 1387, 1386]
TNO_LAST = [1369.0, 1496, 1440, 1584, 1411, 1432, 1366, 1514, 1463, 1500, 1400, 1480]
TNO_R12 = [17469.0, 17612, 17704, 17734, 17761, 17754, 17791, 17664, 17587]
TNO_TEXT = (
    "Year To Date (YTD) B&D shows a 1% increase (up 132 offences) at December 2016 (13,207 "
    "offences) when compared to December 2015 (13,075). In comparison the MET average YTD is +3%. "
    "Using the latest rolling 12-month period (January 2016 to December 2016) 17,651 B&D shows a "
    "3% increase up 484 compared to the previous rolling 12 month (January 2015 to December 2015) "
    "17,167. In comparison, the MET average across the latest rolling 12-month period is +4%."
)

# ---- Criminal damage, December 2016 (seed 001): the overview was last month's, half updated
CD_THIS = [125.0, 203, 141, 165, 152, 126, 141, 139, 127]
CD_LAST = [132.0, 178, 122, 162, 130, 128, 114, 162, 177, 160, 150, 176]
CD_R12 = [1784.0, 1809, 1828, 1831, 1853, 1851, 1878, 1855, 1805]
CD_TEXT = (
    "<p>Year To Date (YTD) B&amp;D shows a 1% increase (up 14 offences) at December 2016 (1,192 "
    "offences) when compared to November 2015 (1,128 offences). In comparison the MET average YTD "
    "is +1%.</p> <p>Using the latest rolling 12-month period (January 2016 to November 2016) 1,962 "
    "B&amp;D shows a 7% increase up 124 compared to the previous rolling 12 month (January 2015 to "
    "November 2015) 1,838. In comparison the MET average across the latest rolling 12-month "
    "period is +2%.</p>"
)

# ---- Outdoor rubbish fires, December 2016 (seed 001): no more than 257
FIRE_THIS = [26.0, 20, 11, 13, 25, 11, 13, 12, 13]
FIRE_LAST = [20.0, 20, 20, 20, 20, 20, 21, 21, 21, 10, 9, 9]  # 211, 28 of it Jan-Mar
FIRE_TEXT = (
    "There were 13 outdoor rubbish fires at December 2016 bringing the YTD at December to 144 "
    "which are below than the expected figure (193). Using the rolling 12 months' figures "
    "(January 2016 to December 2016) (172 Barking and Dagenham shows a 21.1% decrease down 46 "
    "incidents compared to the previous rolling 12 months (January 2015 to December 2015) (218)."
)


def tno(text: str = TNO_TEXT) -> tuple[Indicator, Computed]:
    ind = indicator(
        "Total Notifiable Offences (TNO's)",
        text,
        polarity="lower",
        target=Target("reduction", text="Reduction on last years figures"),
    )
    return ind, make(TNO_THIS, TNO_LAST, r12=TNO_R12, prev_r12=17103.0)


def criminal_damage() -> tuple[Indicator, Computed]:
    ind = indicator(
        "MOPAC 7: Criminal Damage",
        CD_TEXT,
        polarity="lower",
        target=Target("reduction", text="Reduction on last years figures"),
    )
    return ind, make(CD_THIS, CD_LAST, r12=CD_R12)


def fires(text: str = FIRE_TEXT) -> tuple[Indicator, Computed]:
    ind = indicator(
        "Fire Service: Outdoor Rubbish Fires",
        text,
        polarity="lower",
        target=Target("cap", 257.0, text="No more than 257"),
    )
    trajectory: Series = [257 * (i + 1) / 12 for i in range(12)]
    comp = make(FIRE_THIS, FIRE_LAST, r12=[None] * 8 + [172.0], prev_r12=218.0, target=trajectory)
    comp = dataclasses.replace(comp, annual_target=257.0, rag="G")
    return ind, comp


def by_found(findings: list[Finding]) -> dict[object, Finding]:
    return {f.found: f for f in findings}


# ---------------------------------------------------------------- the fixtures are the seed's


def test_fixtures_reproduce_the_published_grids() -> None:
    for this, last, r12 in ((TNO_THIS, TNO_LAST, TNO_R12), (CD_THIS, CD_LAST, CD_R12)):
        for m in range(9):
            assert sum(last[m + 1 :]) + sum(this[: m + 1]) == r12[m]
    assert sum(TNO_THIS) == 13207 and sum(TNO_LAST[:9]) == 13075
    assert sum(CD_THIS) == 1319 and sum(CD_LAST[:8]) == 1128 and sum(CD_LAST) == 1791
    assert sum(FIRE_THIS) == 144 and sum(FIRE_LAST) == 211 and sum(FIRE_LAST[9:]) == 172 - 144


# ---------------------------------------------------------------- checking


def test_tno_year_to_date_figures_all_match() -> None:
    found = check_narrative(*tno())
    quoted = {f.found for f in found}
    assert not quoted & {13207, 132, 13075, 0.01, 0.03}  # YTD, change, last year, % changes
    assert all("year-to-date" not in f.message for f in found)


def test_tno_rolling_figure_not_the_grids() -> None:
    found = by_found(check_narrative(*tno()))
    latest = found[17651]
    assert latest.expected == 17587 and isinstance(latest.found, int)
    assert latest.code == "NARRATIVE_MISMATCH" and latest.severity == "warning"
    assert (latest.sheet, latest.cell) == ("Total Notifiable Offences (TNO's)", "B24")
    assert "17,651" in latest.message and "17,587" in latest.message
    assert found[17167].expected == pytest.approx(17103)
    assert 484 not in found  # 17,587 - 17,103


def test_criminal_damage_year_to_date_from_last_month() -> None:
    found = check_narrative(*criminal_damage())
    ytd = by_found(found)[1192]
    assert ytd.message == (
        "The Performance Overview quotes a year-to-date figure of 1,192 but the grid's year to "
        "date at December 2016 is 1,319."
    )
    assert (ytd.expected, ytd.found) == (1319, 1192)
    month = by_found(found)["November 2015"]
    assert month.expected == "December 2015"
    assert "December 2015" in month.message
    assert 1128 not in by_found(found)  # right for November 2015, the month it names
    assert 14 not in by_found(found)  # 1,319 - 1,305
    assert by_found(found)[1962].expected == 1855  # rolling 12 months to November 2016
    assert "to November 2016" in by_found(found)


def test_fire_narrative_with_trajectory_and_rolling_change_matches() -> None:
    assert check_narrative(*fires()) == []


@pytest.mark.parametrize(
    "wrong, right",
    [
        ("to 144 which", "to 150 which"),  # YTD at December
        ("figure (193)", "figure (200)"),  # target trajectory 192.75
        ("(172 Barking", "(179 Barking"),  # rolling 12 months
        ("21.1% decrease", "25.1% decrease"),  # rolling change at written precision
        ("down 46 incidents", "down 40 incidents"),
        ("(218).", "(230)."),  # previous rolling 12 months
    ],
)
def test_each_fire_figure_is_checked(wrong: str, right: str) -> None:
    text = FIRE_TEXT.replace(wrong, right)
    assert text != FIRE_TEXT
    found = check_narrative(*fires(text))
    assert len(found) == 1, found


def test_month_mismatch_in_a_december_report() -> None:
    text = TNO_TEXT.replace("when compared to December 2015", "when compared to November 2015")
    found = by_found(check_narrative(*tno(text)))
    assert found["November 2015"].expected == "December 2015"


def test_percentage_written_precision() -> None:
    # YTD change 13,207 / 13,075 - 1 = 1.0096%: "1%" and "1.0%" fit, "1.2%" does not
    for written, flagged in (("1%", False), ("1.0%", False), ("1.2%", True), ("2%", True)):
        text = TNO_TEXT.replace("a 1% increase", f"a {written} increase")
        found = [
            f
            for f in check_narrative(*tno(text))
            if "year-to-date %" in f.message or "%" in f.message
        ]
        assert bool(found) is flagged, written


def test_met_average_and_other_areas_are_not_checked() -> None:
    text = "Year To Date (YTD) shows a 1% increase. In comparison the MET average YTD is +30%."
    assert check_narrative(*tno(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # another indicator quoted in the overview, no year-to-date or rolling words
        "Residential burglary shows a 27% decrease compared to the previous year.",
        # a quarter, not a month of the grid
        "Compared to the previous year (Jul 15 to Jun 16) (131) (Jul 14 to Jun 2015) (109) up 22.",
        "The last quarter showed more than 50% reduction in arson incidents.",
        # a single month's figure, not a running total
        "In December 2016 there were 30 referrals compared to December 2015 (42).",
        "There were 13 fires at December 2016 (13 fires).",
        # a new sentence, or a clause after a semicolon, does not take the year to date's context
        "Compared to December 2015 (42) there were fewer referrals.",
        "There were 30 referrals; compared to December 2015 (42) that is fewer.",
        # a run-on after a full stop has only the context of the sentence it continues (none)
        "There were 30 referrals at December 2016. (42) when compared to December 2015 (42).",
    ],
)
def test_sentences_about_something_else_are_not_checked(text: str) -> None:
    assert check_narrative(*tno(TNO_TEXT[:136] + " " + text)) == []


# Published Burglary / Theft from person: a full stop inside the year-to-date sentence.
SPLIT_TEXT = (
    "Year To Date (YTD) B&D shows a 1% increase (up 132 offences) at December 2016. (13,207 "
    "offences) when compared to December 2015 (13,075 offences)."
)


def test_a_sentence_broken_by_a_full_stop_matches() -> None:
    assert check_narrative(*tno(SPLIT_TEXT)) == []


@pytest.mark.parametrize(
    "wrong, right, found, expected",
    [
        ("(13,075 offences)", "(13,000 offences)", 13000, 13075),  # last year's year to date
        ("2016. (13,207", "2016. (13,000", 13000, 13207),  # this year's, before the stop
        ("2016. (13,207 offences) when", "2016. when", "November 2015", "December 2015"),
        ("to December 2015", "to November 2015", "November 2015", "December 2015"),
    ],
)
def test_a_run_on_after_a_full_stop_keeps_the_year_to_date_context(
    wrong: str, right: str, found: object, expected: object
) -> None:
    text = SPLIT_TEXT.replace(wrong, right)
    if right.endswith("when"):  # a lower-case run-on, comparing with the wrong month
        text = text.replace("December 2015", "November 2015")
    assert text != SPLIT_TEXT
    assert by_found(check_narrative(*tno(text)))[found].expected == expected


def test_a_run_on_after_a_full_stop_keeps_the_rolling_context() -> None:
    text = "Using the latest rolling 12 months the figure is 17,587. (up 400 on the year before)"
    assert by_found(check_narrative(*tno(text)))[400].expected == 484
    assert check_narrative(*tno(text.replace("up 400", "up 484"))) == []
    # a capital letter starts a new sentence, which says neither year to date nor rolling
    assert check_narrative(*tno(text.replace(". (up 400", ". Up 400"))) == []


def test_rolling_span_with_a_dash() -> None:
    text = "The rolling 12-month figure (January 2016 - December 2016) 17,600 is up."
    assert by_found(check_narrative(*tno(text)))[17600].expected == 17587


def test_nothing_to_check() -> None:
    ind, comp = tno(None)  # type: ignore[arg-type]
    assert check_narrative(ind, comp) == []
    ind, comp = tno("Data TBC.")
    assert check_narrative(ind, comp) == []
    ind, comp = tno()
    comp = dataclasses.replace(comp, report_index=None)
    assert check_narrative(ind, comp) == []


# ---------------------------------------------------------------- drafting


def test_draft_tno_in_the_partnerships_style() -> None:
    ind, comp = tno()
    text = draft_overview(ind, comp, None)
    assert text.startswith(
        "Year to date shows a 1% increase (up 132 offences) at December 2016 (13,207 offences) "
        "compared with December 2015 (13,075). Using the latest rolling 12 months (January 2016 "
        "to December 2016), 17,587 offences, a 3% increase (up 484) on the previous rolling 12 "
        "months (17,103)."
    )
    named = draft_overview(ind, comp, "Barking and Dagenham")
    assert named.startswith("Year to date Barking and Dagenham shows a 1% increase")


def test_draft_target_trajectory_rag_and_forecast() -> None:
    ind, comp = fires()
    comp = dataclasses.replace(comp, forecast=180.0, forecast_low=175.0, forecast_high=192.0)
    text = draft_overview(ind, comp, None)
    assert (
        "This is below the expected 193 at this point (target no more than 257) and is rated Green."
    ) in text
    assert "about 180 (between 175 and 192)" in text
    assert "likely to meet it" in text
    assert "21% decrease (down 46)" in text


def test_draft_small_numbers_no_percentage() -> None:
    ind, comp = tno()
    small = make([1.0, 2, 4], [3.0, 4, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    text = draft_overview(ind, small, None)
    assert "numbers are too small to judge a percentage change" in text
    assert "%" not in text
    assert "7 offences at June 2016 compared with 12 at June 2015 (down 5)" in text


def test_draft_monitoring_only_makes_no_judgement() -> None:
    ind = indicator("Domestic Violence", polarity="monitor")
    comp = make(TNO_THIS, TNO_LAST, r12=TNO_R12)
    comp = dataclasses.replace(comp, forecast=1, forecast_low=1, forecast_high=2, annual_target=1)
    text = draft_overview(ind, comp, None).lower()
    for word in ("rated", "target", "likely", "expected", "better", "worse"):
        assert word not in text


def test_draft_percentage_indicator() -> None:
    ind = indicator(
        "The % of offenders who complete an ATR successfully",
        kind="percentage",
        polarity="higher",
        target=Target("rate", 0.70),
        numerator_label="Successful terminations",
    )
    num: Series = pad([3.0, 0, 1, 9, 1, 1, 2, 2, 2])
    den: Series = pad([4.0, 3, 2, 3, 5, 1, 6, 3, 3])
    comp = make([3.0, 0, 1, 9, 1, 1, 2, 2, 2], [1.0] * 12, numerator=num, denominator=den)
    pct_ytd = [
        a / b if a is not None and b else None for a, b in zip(cum(num), cum(den), strict=True)
    ]
    comp = dataclasses.replace(comp, pct_ytd=pct_ytd)
    comp = dataclasses.replace(comp, rag="G")
    text = draft_overview(ind, comp, None)
    assert text.startswith(
        "Year to date 21 of 30 terminations were successful (70%), against a target of 70%."
    )
    assert "rated Green" in text


@pytest.mark.parametrize(
    "this, article",
    [
        (92.0, "an 8% decrease"),
        (111.0, "an 11% increase"),
        (118.0, "an 18% increase"),
        (110.0, "a 10% increase"),
        (80.0, "a 20% decrease"),
        (180.0, "an 80% increase"),
    ],
)
def test_draft_article_follows_the_spoken_figure(this: float, article: str) -> None:
    ind, _ = tno()
    text = draft_overview(ind, make([this], [100.0] * 12), None)
    assert f"shows {article} " in text


def test_draft_without_data() -> None:
    ind, comp = tno()
    comp = dataclasses.replace(comp, report_index=None)
    assert "No figures" in draft_overview(ind, comp, None)


@pytest.mark.parametrize(
    "title, texts, word",
    [
        ("Total Notifiable Offences (TNO's)", {}, "offences"),
        ("Hate Crime", {}, "offences"),
        ("Victim Support: Total Referrals Received", {}, "referrals"),
        ("Fire Service: Arson Incidents (all deliberate fires)", {}, "incidents"),
        ("The number of calls to the Police reporting Anti-Social Behaviour", {}, "calls"),
        (
            "Domestic Violence",
            {"How this indicator works": "count of offences reported"},
            "offences",
        ),
        ("MARAC", {"Definition": "repeat referral to the MARAC"}, "referrals"),
        ("Physically active young people", {}, "offences"),  # 'call' inside a word
        ("Something else", {}, "offences"),
    ],
)
def test_unit_word(title: str, texts: dict[str, str], word: str) -> None:
    assert unit_word(indicator(title, texts=texts)) == word


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=12),
    st.lists(st.integers(min_value=0, max_value=3000), min_size=12, max_size=12),
)
def test_a_drafted_overview_passes_its_own_check(this: list[int], last: list[int]) -> None:
    m = len(this) - 1
    r12 = [float(sum(last[i + 1 :]) + sum(this[: i + 1])) for i in range(m + 1)]
    comp = make(
        [float(v) for v in this], [float(v) for v in last], r12=r12, prev_r12=sum(last) or None
    )
    ind = indicator("Total Notifiable Offences", polarity="lower", target=Target("reduction"))
    comp = dataclasses.replace(comp, target=list(comp.ytd_last_year))
    ind.narrative = draft_overview(ind, comp, "Barking and Dagenham")
    assert check_narrative(ind, comp) == [], ind.narrative


def test_every_finding_points_at_the_narrative_cell() -> None:
    ind, comp = criminal_damage()
    found = check_narrative(ind, comp)
    assert len(found) == 4
    assert {(f.sheet, f.cell, f.code) for f in found} == {
        ("MOPAC 7: Criminal Damage", "B24", "NARRATIVE_MISMATCH")
    }
