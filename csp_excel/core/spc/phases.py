"""The periods of an XmR chart: the whole series, or split where the user rebased it.

Why: after a real, lasting change (a new service, a new way of counting) the old limits judge
the new process against the old one. MDC lets the analyst rebase from a chosen point; each
period then has its own mean and limits, from its own first N points (the baseline). The
moving range does not cross a rebase (as in NHSRplotthedots, which groups by rebase). Never
automatic: the rebase months come from the Settings sheet only.
"""

from __future__ import annotations

from csp_excel.core.model import SpcPhase

LIMIT_FACTOR = 2.66  # mean +/- 2.66 x mean moving range
D2 = 1.128  # sigma = mean moving range / d2
MIN_PHASE = 2  # a period needs two points for a moving range


def phase_limits(
    pts: list[float], start: int, end: int, baseline: int | None, reason: str
) -> SpcPhase:
    """Mean and limits of points start..end, computed on the first `baseline` of them."""
    seg = pts[start : end + 1]
    base = seg[: min(baseline, len(seg))] if baseline else seg
    mean = sum(base) / len(base)
    mrs = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mr_bar = sum(mrs) / len(mrs)
    return SpcPhase(
        start=start,
        end=end,
        mean=mean,
        lower=mean - LIMIT_FACTOR * mr_bar,
        upper=mean + LIMIT_FACTOR * mr_bar,
        sigma=mr_bar / D2,
        baseline=len(base),
        reason=reason,
    )


def split(
    pts: list[float], labels: list[str], rebase: list[tuple[str, str]], baseline: int | None
) -> tuple[list[SpcPhase], list[str]]:
    """The phases, and a sentence for each rebase month that could not be used.

    `rebase` holds (period label, reason) pairs; a month not among the points, or one that would
    leave a period with fewer than two points, is skipped and said (never silent)."""
    starts: dict[int, str] = {}
    skipped: list[str] = []
    for label, reason in sorted(rebase):
        if label not in labels:
            skipped.append(f"SPC rebase from {label}: no figure for that period, not rebased")
            continue
        starts[labels.index(label)] = reason
    bounds = sorted(k for k in starts if k > 0)
    cuts: list[int] = [0]
    for k in bounds:
        if k - cuts[-1] < MIN_PHASE or len(pts) - k < MIN_PHASE:
            skipped.append(f"SPC rebase from {labels[k]}: fewer than 2 points, not rebased")
            continue
        cuts.append(k)
    ends = [c - 1 for c in cuts[1:]] + [len(pts) - 1]
    phases = [
        phase_limits(pts, a, b, baseline, starts.get(a, "") if a else "")
        for a, b in zip(cuts, ends, strict=True)
    ]
    return phases, skipped
