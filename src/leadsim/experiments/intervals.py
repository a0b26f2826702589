"""One interval method for every summary of a sweep: Student-t intervals of means, within range.

``leadsim analyze`` reports each metric's mean over the replications of a design point with a
Student-t confidence interval (:func:`summarize <leadsim.experiments.analysis.summarize>`,
``summary.csv``), and draws the same intervals in its effects figure, so the table and the
figure never disagree. A Student-t interval of a bounded quantity can leave its range at small
replication counts (a share of teams below 0, a count of placements below 0); the interval is
clipped to the range the metric can take (:func:`metric_bounds`) and the summary says where it
was (``<metric>_ci_clipped``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

__all__ = ["metric_bounds", "t_interval"]

#: Metrics that are shares, intensities or means of [0, 1] states.
_UNIT_PREFIXES = ("regime_", "type_", "style_", "effort_")
_UNIT_METRICS = frozenset(
    {
        "pressure",
        "passivity",
        "proactivity",
        "collaboration",
        "wellbeing",
        "role_ambiguity",
        "autonomous_motivation",
        "controlled_motivation",
        "felt_accountability",
        "innovation",
        "behaviour_spread",
        "passivity_between_teams",
        "partner_ties",
        "self_reported_collaboration",
        "perceived_collaboration",
        "reflection",
        "isolation",
        "co_creation",
        "visibility",
        "theory_of_change",
        "placement_rate",
        "client_understood",
        "client_respected",
        "client_motivation",
    }
)
#: Counts and rates that cannot be negative.
_NON_NEGATIVE = frozenset(
    {
        "placements",
        "placements_total",
        "sustainable_placements",
        "relapses_total",
        "far_placement_rate",
        "near_placement_rate",
        "clients_in_service",
        "placements_first_year",
        "weeks",
    }
)


def metric_bounds(metric: str) -> tuple[float, float]:
    """The range a metric can take: (0, 1) for shares, (0, inf) for counts, else unbounded.

    ``perception_gap`` (a difference of two shares) lies in (-1, 1); an unknown name is
    unbounded.
    """
    if metric in _UNIT_METRICS or metric.startswith(_UNIT_PREFIXES):
        return (0.0, 1.0)
    if metric in _NON_NEGATIVE:
        return (0.0, math.inf)
    if metric == "perception_gap":
        return (-1.0, 1.0)
    return (-math.inf, math.inf)


def t_interval(
    values: ArrayLike, confidence: float = 0.95, bounds: tuple[float, float] = (-math.inf, math.inf)
) -> tuple[float, float]:
    """The Student-t confidence interval of the mean of ``values``, clipped to ``bounds``.

    NaN values are left out; with fewer than two values the interval is (NaN, NaN).
    """
    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    if data.size < 2:
        return (math.nan, math.nan)
    mean = float(data.mean())
    half = float(stats.sem(data)) * float(stats.t.ppf((1 + confidence) / 2, data.size - 1))
    low, high = bounds
    return (max(mean - half, low), min(mean + half, high))
