"""The XmR (individuals and moving range) chart of "Making Data Count": mean, natural process
limits, the four special-cause rules and assurance; a run chart below 13 points.

Pure functions: values in, `SpcResult` out. No outlier screening of moving ranges (as in the
MDC Excel tool).
"""

from __future__ import annotations

from csp_excel.core.model import Series, SpcPhase, SpcResult

from .phases import split
from .rules import Signal, close, rule_text, signals, variation
from .run_chart import run_chart

MIN_POINTS = 13  # fewer points: a run chart (median, shift and trend), no limits


def latest_target(target: Series | float | None, last_used: int) -> float | None:
    """The target in force at the latest point: a number, or the series entry (last known)."""
    if target is None:
        return None
    if isinstance(target, (int, float)):
        return float(target)
    upto = target[: last_used + 1] if last_used < len(target) else target
    for v in reversed(upto):
        if v is not None:
            return float(v)
    return None


def assurance(target: float | None, polarity: str, lower: float, upper: float) -> str | None:
    """Can the process as it runs meet the target? Only for lower/higher-is-better."""
    if target is None or polarity not in ("lower", "higher"):
        return None
    above = target > upper and not close(target, upper)
    below = target < lower and not close(target, lower)
    if polarity == "lower":
        return "always met" if above else "always missed" if below else "hit and miss"
    return "always met" if below else "always missed" if above else "hit and miss"


def phase_signals(pts: list[float], phases: list[SpcPhase]) -> list[list[Signal]]:
    """The rules run within each period against its own mean and limits (runs do not cross a
    rebase, as in NHSRplotthedots' grouping by rebase group)."""
    out: list[list[Signal]] = []
    for ph in phases:
        seg = pts[ph.start : ph.end + 1]
        out += signals(seg, ph.mean, ph.lower, ph.upper, ph.sigma)
    return out


def xmr(
    values: Series,
    labels: list[str],
    polarity: str,
    target: Series | float | None = None,
    baseline: int | None = None,
    rebase: list[tuple[str, str]] | None = None,
    skipped: list[str] | None = None,
) -> SpcResult:
    """XmR analysis of the known values (None skipped) with special-cause rules and assurance.

    `labels` run alongside `values`; the result keeps only the labels of points used.
    `target` is one number or a series alongside `values`; the latest known entry is used.
    `baseline=k` (12-20) fixes each period's mean and limits on its first k points.
    `rebase` holds (label, reason) pairs: a new period starts at each; months that cannot be
    used are said in `skipped`. The result's mean and limits are the latest period's.
    """
    if len(labels) != len(values):
        raise ValueError("labels and values must be the same length")
    if baseline is not None and not 12 <= baseline <= 20:
        raise ValueError("baseline must be between 12 and 20 points")
    used = [i for i, v in enumerate(values) if v is not None]
    pts = [float(v) for v in values if v is not None]
    labels_used = [labels[i] for i in used]
    if len(pts) < MIN_POINTS:
        return run_chart(pts, labels_used, polarity)
    phases, not_used = split(pts, labels_used, rebase or [], baseline)
    if skipped is not None:
        skipped.extend(not_used)
    sig = phase_signals(pts, phases)
    now = phases[-1]
    return SpcResult(
        values=list(pts),
        labels=labels_used,
        mean=now.mean,
        lower=now.lower,
        upper=now.upper,
        sigma=now.sigma,
        special=[bool(s) for s in sig],
        rules=[rule_text(s) for s in sig],
        variation=variation(sig[-1], polarity),
        assurance=assurance(latest_target(target, used[-1]), polarity, now.lower, now.upper),
        enough_data=True,
        kind="xmr",
        phases=tuple(phases),
        direction=[s[0].direction if s else 0 for s in sig],
        both_ways=[len({x.direction for x in s}) > 1 for s in sig],
    )
