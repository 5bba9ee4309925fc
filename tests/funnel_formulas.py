"""Funnel limits worked from the published formulas, for the tests (independent of csp_excel).

Poisson exact limits (Spiegelhalter 2005, Statist. Med. 24:1185; FunnelPlotR's ratio limits):
lower = Gamma^-1(a/2; E) / E, upper = Gamma^-1(1 - a/2; E + 1) / E, times the group rate; for a
whole E the gamma CDF is 1 - the Poisson sum, so a bisection on that sum gives the quantile.
Over-dispersion (Spiegelhalter 2005, QSHC 14:347; FunnelPlotR od_adjustment.R): z = 2(sqrt(O) -
sqrt(E)), Winsorised at the 10th / 90th percentiles (R type 7 = statistics 'inclusive'),
phi = mean z^2, tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = 4E.
"""

from __future__ import annotations

import math
import statistics

Z95 = statistics.NormalDist().inv_cdf(0.975)
Z998 = statistics.NormalDist().inv_cdf(0.999)


def erlang_cdf(k: int, x: float) -> float:
    """P(Gamma(k, 1) <= x) for a whole k: 1 - P(Poisson(x) < k), summed term by term."""
    term, total = math.exp(-x), 0.0
    for i in range(k):
        total += term
        term *= x / (i + 1)
    return 1.0 - total


def erlang_quantile(p: float, k: int) -> float:
    lo, hi = 0.0, 10.0 * k + 50
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if erlang_cdf(k, mid) < p else (lo, mid)
    return (lo + hi) / 2


def phi_tau2(counts: list[float], dens: list[float]) -> tuple[float, float, float]:
    """(theta, phi, tau^2) of a Poisson funnel; tau^2 is 0 when phi <= 1."""
    theta = sum(counts) / sum(dens)
    e = [theta * x for x in dens]
    z = [2 * (math.sqrt(c) - math.sqrt(x)) for c, x in zip(counts, e, strict=True)]
    dec = statistics.quantiles(z, n=10, method="inclusive")
    wins = [min(max(v, dec[0]), dec[-1]) for v in z]
    phi = sum(v * v for v in wins) / len(wins)
    if phi <= 1:
        return theta, phi, 0.0
    w = [4 * x for x in e]
    return theta, phi, (len(w) * phi - (len(w) - 1)) / (sum(w) - sum(x * x for x in w) / sum(w))


def widened_limits(theta: float, tau2: float, d: float, per: float = 1000.0) -> tuple[float, ...]:
    """(99.8% low, 95% low, 95% high, 99.8% high) on the square-root scale, squared back."""
    sd = math.sqrt(1 / (4 * theta * d) + tau2)
    return tuple(max(0.0, 1 + k * sd) ** 2 * theta * per for k in (-Z998, -Z95, Z95, Z998))
