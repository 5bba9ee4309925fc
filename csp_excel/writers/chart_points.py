"""Per-point colours of a chart series held once per colour, not once per point.

xlsxwriter turns every point's options into its own line, fill, pattern and gradient objects
(with Color instances) and keeps them until the workbook is closed: about 0.8 KB a point. The
comparison's bar charts colour each partnership's bar by RAG, so 30 indicators of 300
partnerships held 9,000 such points, and a bulk run's memory grew with the folder (issue #13).
The written XML is the same whether two points share one parsed object or hold equal copies,
so after `add_series` the points of one colour are made to share the first one's.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any


def share_points(chart: Any, keys: Sequence[Hashable]) -> None:
    """Make the last series' points with equal `keys` (one key a point) share one object.

    Leaves the series alone if xlsxwriter stores its points some other way.
    """
    series = chart.series[-1] if getattr(chart, "series", None) else None
    points = series.get("points") if isinstance(series, dict) else None
    if not isinstance(series, dict) or not isinstance(points, list) or len(points) != len(keys):
        return
    first: dict[Hashable, Any] = {}
    series["points"] = [first.setdefault(k, p) for k, p in zip(keys, points, strict=True)]
