"""Funnel-plot limits and over-dispersion (core.funnel) against published and hand-worked values.

Sources: FunnelPlotR's own test of its Poisson limits (tests/testthat/test-poisson_limits.R:
expected 15, 20, 30 at target 1); the exact Poisson limit as a chi-square / gamma quantile
(Spiegelhalter 2005, Statist. Med. 24:1185), computed here from the closed-form Poisson sum for
a whole shape; the arcsine binomial limits and the Winsorised random-effects adjustment
(Spiegelhalter 2005, QSHC 14:347) computed here step by step from their formulas.
"""

from __future__ import annotations

import math
import statistics

import pytest
from funnel_formulas import Z95, Z998, erlang_cdf, erlang_quantile

from csp_excel.core.funnel import (
    ABOVE_95,
    ABOVE_998,
    BELOW_95,
    BELOW_998,
    INSIDE,
    Funnel,
    Unit,
    build_funnel,
    dispersion,
    judge,
    not_drawn_reason,
    usable,
)
from csp_excel.core.funnel_stats import gamma_p, gamma_quantile, quantile7


def _funnel(kind: str, theta: float, tau2: float = 0.0, per: float = 1000.0) -> Funnel:
    return Funnel(kind, per if kind == "rate" else 1.0, theta, 0.0, tau2, ())


# FunnelPlotR test-poisson_limits.R: ll95, ul95, ll99 (99.8%), ul99 at expected 15, 20, 30
FUNNELPLOTR = [
    (15, 0.5596924, 1.649348, 0.3862650, 2.082907),
    (20, 0.6108260, 1.544419, 0.4479107, 1.902094),
    (30, 0.6746958, 1.427562, 0.5289724, 1.702771),
]


@pytest.mark.parametrize(("e", "ll95", "ul95", "ll998", "ul998"), FUNNELPLOTR)
def test_poisson_limits_match_funnelplotr(
    e: float, ll95: float, ul95: float, ll998: float, ul998: float
) -> None:
    theta = 0.004  # 4 per 1,000: a population of e / theta has e expected
    lim = _funnel("rate", theta).limits_at(e / theta)
    scale = theta * 1000  # the ratio O/E times the group rate per 1,000
    assert lim.low95 / scale == pytest.approx(ll95, abs=1e-7)
    assert lim.high95 / scale == pytest.approx(ul95, abs=1e-6)
    assert lim.low998 / scale == pytest.approx(ll998, abs=1e-7)
    assert lim.high998 / scale == pytest.approx(ul998, abs=1e-6)


def test_poisson_limits_hand_computed_small_case() -> None:
    # group rate 10 per 1,000, a population of 1,200: E = 12 expected, limits of O/E x 10
    lim = _funnel("rate", 0.01).limits_at(1200)
    e = 12
    assert lim.low95 == pytest.approx(erlang_quantile(0.025, e) / e * 10, rel=1e-9)
    assert lim.high95 == pytest.approx(erlang_quantile(0.975, e + 1) / e * 10, rel=1e-9)
    assert lim.low998 == pytest.approx(erlang_quantile(0.001, e) / e * 10, rel=1e-9)
    assert lim.high998 == pytest.approx(erlang_quantile(0.999, e + 1) / e * 10, rel=1e-9)


@pytest.mark.parametrize("a", [0.4, 3.0, 12.5, 250.0, 40_000.0])
def test_gamma_quantile_inverts_gamma_p(a: float) -> None:
    for p in (0.001, 0.025, 0.5, 0.975, 0.999):
        assert gamma_p(a, gamma_quantile(p, a)) == pytest.approx(p, abs=1e-10)
    assert gamma_p(3.0, 2.0) == pytest.approx(erlang_cdf(3, 2.0), abs=1e-14)


def test_binomial_limits_hand_computed() -> None:
    # 30% group figure, 200 cases: sin^2(asin(sqrt(0.3)) -/+ z / (2 sqrt(200)))
    lim = _funnel("percentage", 0.3).limits_at(200)
    centre, s = math.asin(math.sqrt(0.3)), 1 / (2 * math.sqrt(200))
    assert lim.low95 == pytest.approx(math.sin(centre - Z95 * s) ** 2, rel=1e-12)
    assert lim.high95 == pytest.approx(math.sin(centre + Z95 * s) ** 2, rel=1e-12)
    assert lim.low998 == pytest.approx(math.sin(centre - Z998 * s) ** 2, rel=1e-12)
    assert lim.high998 == pytest.approx(math.sin(centre + Z998 * s) ** 2, rel=1e-12)
    tiny = _funnel("percentage", 0.02).limits_at(5)  # the angle would go below 0: cut at 0%
    assert tiny.low998 == 0.0 and 0.0 < tiny.high998 < 1.0


# ten partnerships: counts over populations, clearly more spread than Poisson chance
UNITS = [Unit(f"P{i}", c, d) for i, (c, d) in enumerate([
    (120, 20_000), (260, 31_000), (95, 18_000), (400, 42_000), (150, 25_000),
    (610, 50_000), (80, 22_000), (330, 30_000), (205, 27_000), (140, 35_000),
])]  # fmt: skip


def test_overdispersion_hand_computed() -> None:
    theta = sum(u.count for u in UNITS) / sum(u.denominator for u in UNITS)
    e = [theta * u.denominator for u in UNITS]
    z = [2 * (math.sqrt(u.count) - math.sqrt(x)) for u, x in zip(UNITS, e, strict=True)]
    deciles = statistics.quantiles(z, n=10, method="inclusive")  # R type 7: 10th ... 90th
    wins = [min(max(v, deciles[0]), deciles[-1]) for v in z]
    phi = sum(v * v for v in wins) / len(wins)
    w = [4 * x for x in e]  # 1 / s^2, s = 1 / (2 sqrt(E))
    tau2 = (len(w) * phi - (len(w) - 1)) / (sum(w) - sum(x * x for x in w) / sum(w))
    assert phi > 1
    f = build_funnel("rate", UNITS, higher_better=False)
    assert f.phi == pytest.approx(phi, rel=1e-12)
    assert f.tau2 == pytest.approx(tau2, rel=1e-12) and f.adjusted
    # the widened limits at P5's population: (1 -/+ z sqrt(1/4E + tau^2))^2 x the group rate
    p5 = next(p for p in f.points if p.name == "P5")
    sd = math.sqrt(1 / (4 * theta * 50_000) + tau2)
    assert p5.limits.high95 == pytest.approx((1 + Z95 * sd) ** 2 * theta * 1000, rel=1e-12)
    assert p5.limits.low998 == pytest.approx((1 - Z998 * sd) ** 2 * theta * 1000, rel=1e-12)
    assert p5.value == pytest.approx(610 / 50_000 * 1000)
    assert "over-dispersion" in f.method


def test_no_adjustment_when_the_spread_is_chance() -> None:
    # every partnership exactly at the group rate: z = 0, phi = 0, plain Poisson limits
    units = [Unit("A", 50, 10_000), Unit("B", 100, 20_000), Unit("C", 150, 30_000)]
    f = build_funnel("rate", units, higher_better=True)
    assert (f.phi, f.tau2, f.adjusted) == (0.0, 0.0, False)
    assert f.points[0].limits == _funnel("rate", 0.005).limits_at(10_000)
    assert all(p.position == INSIDE for p in f.points)
    assert dispersion("percentage", 0.5, [Unit("A", 5, 10), Unit("B", 10, 20)]) == (0.0, 0.0)


def test_quantile7_is_rs_default() -> None:
    xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
    # R: quantile(c(3,1,4,1,5,9,2,6), c(0.1, 0.9)) = 1.0, 6.9
    assert quantile7(xs, 0.1) == pytest.approx(1.0)
    assert quantile7(xs, 0.9) == pytest.approx(6.9)


def test_positions_with_plain_poisson_limits() -> None:
    # a big group near 10 per 1,000 and one small partnership far above: Poisson, no adjustment
    units = [Unit(n, 1000, 100_000) for n in "ABCDEFGH"] + [Unit("High", 60, 3_000)]
    f = build_funnel("rate", units, higher_better=False)
    high = next(p for p in f.points if p.name == "High")
    assert high.value == 20.0 and high.value > high.limits.high998
    assert high.position == ABOVE_998 and high.judgement == "worse"


@pytest.mark.parametrize(
    ("position", "higher", "expected"),
    [
        (ABOVE_998, True, "better"),
        (ABOVE_95, False, "worse"),
        (BELOW_95, True, "worse"),
        (BELOW_998, False, "better"),
        (ABOVE_95, None, "high"),
        (BELOW_998, None, "low"),
        (INSIDE, True, INSIDE),
        (INSIDE, None, INSIDE),
    ],
)
def test_judgement_by_polarity(position: str, higher: bool | None, expected: str) -> None:
    assert judge(position, higher) == expected


@pytest.mark.parametrize(
    ("kind", "count", "den", "words"),
    [
        ("rate", 10, None, "no population"),
        ("percentage", 10, None, "no denominator"),
        ("rate", None, 1000, "no count"),
        ("rate", 5, 0, "denominator is 0"),
        ("rate", -1, 100, "negative"),
        ("percentage", 12, 10, "larger than the denominator"),
    ],
)
def test_unusable_partnerships_say_why(
    kind: str, count: float | None, den: float | None, words: str
) -> None:
    why = usable(kind, count, den)
    assert why is not None and words in why
    assert usable(kind, 3, 10) is None


def test_no_funnel_reasons() -> None:
    assert "fewer than two" in (not_drawn_reason("rate", [Unit("A", 1, 10)]) or "")
    zero = [Unit("A", 0, 10), Unit("B", 0, 20)]
    assert "0" in (not_drawn_reason("rate", zero) or "")
    full = [Unit("A", 10, 10), Unit("B", 20, 20)]
    assert "100%" in (not_drawn_reason("percentage", full) or "")
    assert not_drawn_reason("rate", UNITS) is None
