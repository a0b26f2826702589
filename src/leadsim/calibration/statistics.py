"""Summary statistics of a finished run, as the quantitative targets name them.

Every statistic is computed from the public output of a finished
:class:`leadsim.LeadershipModel` (:meth:`~leadsim.LeadershipModel.dataframe` and its
``parameters``), never from its internal state, over a measurement window at the end of the run
(the first ``burn_in`` weeks let the organisation settle). With T the last week, W = 52 the
window, F = ``followup_weeks``, ``placements[t]`` the placements of week t, ``stock[t]`` the
clients in service at the end of week t (they are the clients served in week t + 1),
``P[t]`` = ``placements_total`` and ``S[t]`` = ``sustainable_placements`` (cumulative):

* ``exit_to_work_share``: placements in weeks T-W+1..T over the mean caseload in service
  (rows T-W..T-1):  sum placements / mean stock. This counts placement *events* per client-year
  in service. CBS counts *persons* who left assistance for a job in the year over the stock at
  the end of the year; a client placed twice in the window (placed, relapsed, placed again)
  counts twice here, which makes the model's figure slightly higher than a person count.
* ``far_exit_to_work_share`` / ``near_exit_to_work_share``: 52 x ``far_placement_rate`` (and
  ``near_placement_rate``) of the last week. The model reports these rates as placements per
  client-week in service *since week 1*, so they include the burn-in; no window can be taken
  from the public output (the core would have to collect the cumulative far placements and far
  client-weeks as columns). 52 x the weekly rate is the same reading as the overall share
  (placements per client-year in service); the probability that a client in service all year is
  placed at least once would be 1 - exp(-52 r), slightly lower (0.113 against 0.120 at r = 0.0023).
* ``far_near_exit_ratio``: ``far_placement_rate / near_placement_rate`` of the last week.
* ``in_work_26w``: the share of the placements made in weeks T-F-W+1..T-F that were still in
  work F weeks later, from cohorts: (S[T] - S[T-W]) / (P[T-F] - P[T-F-W]). A placement that
  does not relapse leaves the model as sustainable exactly F weeks after it was made, so the
  numerator counts exactly the sustained placements of that cohort and the estimator has no
  censoring bias (the naive 1 - relapses_total / placements_total is biased upward: the last
  F weeks' placements have not yet had their chance to relapse). It is defined only for
  F = 26. Against CBS's 82% it differs in what counts: CBS reads a status at 6 months (someone
  who lost a job and found another counts as in work; someone who left work for another benefit
  does not), the model whether the placement survived without a relapse, and it counts
  placements, not persons.
* ``in_work_78w``, ``off_assistance_78w``: not measurable yet (see :data:`OBSERVABLES`).

A statistic without placements to divide by is NaN; the ABC distance treats NaN as infinitely
far. :func:`required_steps` gives the least run length for a burn-in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from leadsim.model import LeadershipModel

__all__ = [
    "DURABILITY_WEEKS",
    "OBSERVABLES",
    "WINDOW_WEEKS",
    "Observable",
    "available_observables",
    "mean_statistics",
    "required_steps",
    "summary_statistics",
]

WINDOW_WEEKS = 52
"""Length of the measurement window at the end of a run (one year)."""
DURABILITY_WEEKS = 26
"""The horizon of ``in_work_26w`` (CBS's 6 months); it needs ``followup_weeks`` = 26."""


@dataclass(frozen=True, slots=True)
class Observable:
    """A summary statistic a target can name.

    Attributes:
        name: The name targets use.
        doc: What it measures.
        available: Whether the model can compute it now.
        needs: For an unavailable observable, what the model core would have to provide.
    """

    name: str
    doc: str
    available: bool = True
    needs: str = ""


OBSERVABLES: dict[str, Observable] = {
    o.name: o
    for o in (
        Observable("exit_to_work_share", "placements in the last 52 weeks over the mean caseload in service"),
        Observable("far_exit_to_work_share", "52 x placements per client-week of far clients (d >= 0.5)"),
        Observable("near_exit_to_work_share", "52 x placements per client-week of near clients (d < 0.5)"),
        Observable("far_near_exit_ratio", "far over near placements per client-week"),
        Observable("in_work_26w", "share of a year's placements still in work 26 weeks later (cohort)"),
        Observable(
            "in_work_78w",
            "share of a year's placements in work 78 weeks later",
            available=False,
            needs=(
                "clients stay in the model after followup_weeks (a 'sustained' status that can still "
                "relapse), and cumulative columns of placements still in work 78 weeks after placement"
            ),
        ),
        Observable(
            "off_assistance_78w",
            "share of a year's placements not back in service 78 weeks later",
            available=False,
            needs="as in_work_78w, plus a way out of work that is not a return to service",
        ),
    )
}
"""Every observable a target may name, by name."""


def available_observables() -> tuple[str, ...]:
    """The names of the observables the model can compute now."""
    return tuple(name for name, o in OBSERVABLES.items() if o.available)


def required_steps(burn_in: int, followup_weeks: int) -> int:
    """The least run length whose measurement windows start after the burn-in.

    The durability cohort is placed in weeks T-F-W+1..T-F, so T >= burn_in + W + F.

    Args:
        burn_in: Weeks left out at the start.
        followup_weeks: The model's ``followup_weeks`` (F).

    Returns:
        The least T.
    """
    return burn_in + WINDOW_WEEKS + followup_weeks


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def summary_statistics(model: LeadershipModel, burn_in: int = 0) -> dict[str, float]:
    """Compute every available observable from a finished run.

    Args:
        model: A model that has run at least ``required_steps(burn_in, followup_weeks)`` weeks.
        burn_in: Weeks left out at the start (only checked here: every window is at the end).

    Returns:
        One float per available observable (NaN where there is nothing to divide by).
        ``in_work_26w`` is NaN unless ``followup_weeks`` is 26.

    Raises:
        ValueError: The run is shorter than the windows need.
    """
    frame = model.dataframe()
    last = len(frame) - 1
    followup = int(model.parameters["followup_weeks"])
    needed = required_steps(burn_in, followup)
    if last < needed:
        raise ValueError(
            f"summary statistics need at least {needed} weeks (burn-in {burn_in} + window "
            f"{WINDOW_WEEKS} + followup {followup}); the run has {last}"
        )
    w = WINDOW_WEEKS
    placements = frame["placements"].to_numpy(dtype=float)
    stock = frame["clients_in_service"].to_numpy(dtype=float)
    total = frame["placements_total"].to_numpy(dtype=float)
    sustained = frame["sustainable_placements"].to_numpy(dtype=float)
    far = float(frame["far_placement_rate"].iloc[-1])
    near = float(frame["near_placement_rate"].iloc[-1])

    in_work = math.nan
    if followup == DURABILITY_WEEKS:
        cohort = total[last - followup] - total[last - followup - w]
        in_work = _ratio(sustained[last] - sustained[last - w], cohort)
    return {
        "exit_to_work_share": _ratio(
            float(placements[last - w + 1 :].sum()), float(stock[last - w : last].mean())
        ),
        "far_exit_to_work_share": 52.0 * far,
        "near_exit_to_work_share": 52.0 * near,
        "far_near_exit_ratio": _ratio(far, near),
        "in_work_26w": in_work,
    }


def mean_statistics(runs: list[dict[str, float]]) -> dict[str, float]:
    """The mean of each statistic over replications (NaN only if every replication is NaN).

    Args:
        runs: Statistics of each replication, as :func:`summary_statistics` returns them.

    Returns:
        One mean per statistic.
    """
    names = runs[0].keys()
    result: dict[str, float] = {}
    for name in names:
        values = np.array([run[name] for run in runs], dtype=float)
        finite = values[np.isfinite(values)]
        result[name] = float(finite.mean()) if finite.size else math.nan
    return result
