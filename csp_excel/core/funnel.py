"""Funnel plots: is a partnership's rate really different from the group's, given its size?

Each partnership's figure is set against its denominator with 95% and 99.8% control limits
around the group figure (sum of counts / sum of denominators), and marked inside, above or
below them; the indicator's polarity says whether outside is better or worse.

Methods (Spiegelhalter DJ, "Funnel plots for comparing institutional performance", Statist.
Med. 2005;24:1185-1202, and "Handling over-dispersion of performance indicators", Qual. Saf.
Health Care 2005;14:347-351; as coded by NHS-R FunnelPlotR, github.com/nhs-r-community/FunnelPlotR):

- rates per 1,000 (counts per population): Poisson. With E = group rate x population, the
  limits of O/E are the exact (Garwood) chi-square limits FunnelPlotR draws for ratios:
  lower = qchisq(a/2, 2E) / 2E, upper = qchisq(1 - a/2, 2(E + 1)) / 2E, times the group rate.
- percentages: binomial, by the arcsine (variance-stabilising) approximation FunnelPlotR uses
  for proportions: sin^2(asin(sqrt(p0)) +/- z / (2 sqrt(n))), cut at 0% and 100%.
- over-dispersion (Spiegelhalter 2005, QSHC, the "additive random effects" model): z-scores on
  the transformed scale (square root of O/E for rates, z = 2(sqrt(O) - sqrt(E)); arcsine for
  percentages), Winsorised at their 10th and 90th percentiles, phi = mean(z^2). When phi > 1
  (FunnelPlotR's rule) the between-partnership variance
  tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = 1 / s^2, is added to each
  partnership's s^2 and the limits drawn from sqrt(s^2 + tau^2) on the transformed scale
  (squared back for rates, where FunnelPlotR leaves them on the root scale). Otherwise the
  plain Poisson / binomial limits stand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .funnel_stats import Z95, Z998, gamma_quantile, quantile7

TRIM = 0.1  # Winsorise z-scores at the 10th and 90th percentiles (FunnelPlotR's default)
ABOVE_998, ABOVE_95, INSIDE, BELOW_95, BELOW_998 = (
    "above 99.8%", "above 95%", "inside", "below 95%", "below 99.8%",
)  # fmt: skip


@dataclass(frozen=True)
class Unit:
    """One partnership's figure: a count over a denominator (population, or cases)."""

    name: str
    count: float
    denominator: float


@dataclass(frozen=True)
class Limits:
    """The limits at one denominator, in the figure's units (rate per 1,000, or a fraction)."""

    low998: float
    low95: float
    high95: float
    high998: float


@dataclass(frozen=True)
class FunnelPoint:
    name: str
    count: float
    denominator: float
    value: float  # the rate per `per`, or the fraction
    limits: Limits
    position: str  # ABOVE_998 ... BELOW_998
    judgement: str  # "better", "worse", "high", "low" (no polarity) or "inside"


FEW_PARTNERSHIPS = 5  # below this a funnel's group figure and phi rest on too few points


@dataclass(frozen=True)
class Funnel:
    kind: str  # "rate" (Poisson) or "percentage" (binomial)
    per: float  # 1,000 for rates per 1,000; 1 for fractions
    theta: float  # the group figure per unit of denominator
    phi: float  # the dispersion ratio of the Winsorised z-scores
    tau2: float  # the between-partnership variance added (0 when not adjusted)
    points: tuple[FunnelPoint, ...]

    @property
    def centre(self) -> float:
        return self.theta * self.per

    @property
    def adjusted(self) -> bool:
        return self.tau2 > 0.0

    @property
    def method(self) -> str:
        base = "Poisson (exact)" if self.kind == "rate" else "binomial (arcsine approximation)"
        if self.adjusted:
            words = (
                f"{base}, widened for over-dispersion (phi {self.phi:.2f} > 1: "
                "Spiegelhalter 2005 random effects)"
            )
        else:
            words = f"{base}; no over-dispersion adjustment needed (phi {self.phi:.2f} <= 1)"
        return words + self.caution

    @property
    def caution(self) -> str:
        """Said when so few partnerships are plotted that the group figure and phi are rough.
        FEW_PARTNERSHIPS is our rule of thumb, not a published cut-off: FunnelPlotR sets none."""
        n = len(self.points)
        if n >= FEW_PARTNERSHIPS:
            return ""
        return (
            f"; only {n} partnership(s) plotted, so the group figure and the over-dispersion"
            " estimate rest on few points: read the limits with care"
        )

    def limits_at(self, denominator: float) -> Limits:
        if self.kind == "rate":
            return _poisson_limits(self.theta, denominator, self.tau2, self.per)
        return _binomial_limits(self.theta, denominator, self.tau2)


def _poisson_limits(theta: float, d: float, tau2: float, per: float) -> Limits:
    e = theta * d
    scale = theta * per
    if tau2 <= 0.0:
        return Limits(
            gamma_quantile(0.001, e) / e * scale,
            gamma_quantile(0.025, e) / e * scale,
            gamma_quantile(0.975, e + 1.0) / e * scale,
            gamma_quantile(0.999, e + 1.0) / e * scale,
        )
    sd = math.sqrt(1.0 / (4.0 * e) + tau2)

    def lim(z: float) -> float:
        return max(0.0, 1.0 + z * sd) ** 2 * scale

    return Limits(lim(-Z998), lim(-Z95), lim(Z95), lim(Z998))


def _binomial_limits(theta: float, n: float, tau2: float) -> Limits:
    centre = math.asin(math.sqrt(theta))
    sd = math.sqrt(1.0 / (4.0 * n) + tau2)

    def lim(z: float) -> float:
        return math.sin(min(max(centre + z * sd, 0.0), math.pi / 2.0)) ** 2

    return Limits(lim(-Z998), lim(-Z95), lim(Z95), lim(Z998))


def _z_and_weight(kind: str, theta: float, u: Unit) -> tuple[float, float]:
    """The unit's z-score on the transformed scale and its weight 1 / s^2."""
    if kind == "rate":
        e = theta * u.denominator
        return 2.0 * (math.sqrt(u.count) - math.sqrt(e)), 4.0 * e
    p = u.count / u.denominator
    y, y0 = math.asin(math.sqrt(p)), math.asin(math.sqrt(theta))
    return (y - y0) * 2.0 * math.sqrt(u.denominator), 4.0 * u.denominator


def dispersion(kind: str, theta: float, units: Sequence[Unit]) -> tuple[float, float]:
    """(phi, tau^2): Winsorised dispersion ratio and the random-effects variance (0 if phi <= 1)."""
    zw = [_z_and_weight(kind, theta, u) for u in units]
    z = [a for a, _ in zw]
    lo, hi = quantile7(z, TRIM), quantile7(z, 1.0 - TRIM)
    wins = [min(max(v, lo), hi) for v in z]
    n = len(wins)
    phi = sum(v * v for v in wins) / n
    if phi <= 1.0:
        return phi, 0.0
    w = [b for _, b in zw]
    tau2 = max(0.0, (n * phi - (n - 1)) / (sum(w) - sum(x * x for x in w) / sum(w)))
    return phi, tau2


def _position(value: float, lim: Limits) -> str:
    if value > lim.high998:
        return ABOVE_998
    if value > lim.high95:
        return ABOVE_95
    if value < lim.low998:
        return BELOW_998
    if value < lim.low95:
        return BELOW_95
    return INSIDE


def judge(position: str, higher_better: bool | None) -> str:
    """'better' / 'worse' by polarity; 'high' / 'low' when the indicator has none; 'inside'."""
    if position == INSIDE:
        return INSIDE
    high = position.startswith("above")
    if higher_better is None:
        return "high" if high else "low"
    return "better" if high == higher_better else "worse"


def not_drawn_reason(kind: str, units: Sequence[Unit]) -> str | None:
    """Why no funnel can be drawn for these units, or None when it can."""
    if len(units) < 2:
        return "fewer than two partnerships have both a count and a denominator"
    total, den = sum(u.count for u in units), sum(u.denominator for u in units)
    if total <= 0:
        return "every partnership's count is 0, so there is no group rate to compare with"
    if kind == "percentage" and total >= den:
        return "every partnership is at 100%, so there is nothing to compare"
    return None


def build_funnel(
    kind: str, units: Sequence[Unit], higher_better: bool | None, per: float = 1000.0
) -> Funnel:
    """The funnel of plottable units (each with count >= 0 and denominator > 0; percentages
    count <= denominator: `usable` says why not). Call `not_drawn_reason` first."""
    per = per if kind == "rate" else 1.0
    theta = sum(u.count for u in units) / sum(u.denominator for u in units)
    phi, tau2 = dispersion(kind, theta, units)
    funnel = Funnel(kind, per, theta, phi, tau2, ())
    points = []
    for u in units:
        lim = funnel.limits_at(u.denominator)
        value = u.count / u.denominator * per
        pos = _position(value, lim)
        points.append(
            FunnelPoint(u.name, u.count, u.denominator, value, lim, pos, judge(pos, higher_better))
        )
    return Funnel(kind, per, theta, phi, tau2, tuple(points))


def usable(kind: str, count: float | None, denominator: float | None) -> str | None:
    """Why one partnership cannot be plotted, or None when it can."""
    if denominator is None:
        what = "population" if kind == "rate" else "denominator"
        return f"no {what} to divide by"
    if count is None:
        return "no count at the reporting period"
    if denominator <= 0:
        return f"the denominator is {denominator:g}"
    if count < 0:
        return f"the count is negative ({count:g})"
    if kind == "percentage" and count > denominator:
        return f"the numerator ({count:g}) is larger than the denominator ({denominator:g})"
    return None


def curve(funnel: Funnel, steps: int = 40) -> list[tuple[float, Limits]]:
    """The limits along the x axis, for the chart: geometric steps over the denominators."""
    dens = [p.denominator for p in funnel.points]
    lo, hi = min(dens) * 0.5, max(dens) * 1.2
    ratio = (hi / lo) ** (1.0 / (steps - 1))
    return [(lo * ratio**i, funnel.limits_at(lo * ratio**i)) for i in range(steps)]
