"""Stage 1, the organisation: performance pressure pi(t) from its scenario.

Upper management and politics put short-term performance pressure on the teams (essay,
setting; SF1). The scenario sets how pressure moves:

* ``constant``:   pi(t) = pressure
* ``ramp``:       pi(t) = pressure * min(1, t / ramp_weeks)
* ``cycle``:      pi(t) = pressure * max(0, min(t / ramp_weeks, 2 - t / ramp_weeks)): pressure
  rises to its level over ``ramp_weeks`` and falls back to 0 over as many weeks (the hysteresis
  protocol: is the state at equal pressure the same on the way up and on the way down?)
* ``shock``:      pi(t) = pressure + shock_size * (1 - pressure) while
  shock_week <= t < shock_week + shock_duration, else pressure
* ``endogenous``: pi(t) = pressure + pressure_feedback * (1 - pressure) * G(t), where
  G(t) = mean over teams of S_j = min(1, max(0, 1 - y_hat_j / target_rate)) is the organisation's perceived
  output shortfall (the reinforcing loop of the model brief: a shortfall raises pressure).

Every form stays in [0, 1] when its parameters do. t counts completed weeks (0 in the first
week). Scrutiny sigma is constant (a parameter).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import jit
from leadsim.state import SimulationState

__all__ = ["mean_shortfall", "organisation_stage", "perceived_shortfall", "scenario_pressure"]


@jit
def perceived_shortfall(perceived: float, aim: float) -> float:
    """Relative shortfall of a perceived level against an aim, min(1, max(0, 1 - perceived / aim)).

    The shortfall S_j of a team's perceived output against ``target_rate`` (here and in the
    managers' stage), and the managers' collaboration shortfall G_j against
    ``collaboration_aim``; 0 when the aim is 0. Clipped, since noisy observed output can be
    negative.
    """
    if aim <= 0.0:
        return 0.0
    return min(1.0, max(0.0, 1.0 - perceived / aim))


@jit
def mean_shortfall(perceived_output: NDArray[np.float64], target_rate: float) -> float:
    """The organisation's perceived output shortfall G(t): the mean of the teams' S_j."""
    total = 0.0
    for perceived in perceived_output:
        total += perceived_shortfall(perceived, target_rate)
    return total / perceived_output.shape[0]


def scenario_pressure(week: int, p: SimpleNamespace, shortfall: float = 0.0) -> float:
    """Pressure pi(t) of the scenario in week ``week``.

    Args:
        week: Weeks completed (t).
        p: Model parameters.
        shortfall: The organisation's perceived output shortfall G(t), used by ``endogenous``.

    Returns:
        pi(t) in [0, 1].
    """
    base = p.pressure
    match p.pressure_scenario:
        case "constant":
            return base
        case "ramp":
            return base * min(1.0, week / p.ramp_weeks)
        case "cycle":
            up, down = week / p.ramp_weeks, 2.0 - week / p.ramp_weeks
            return base * max(0.0, min(up, down, 1.0))
        case "shock":
            in_shock = p.shock_week <= week < p.shock_week + p.shock_duration
            return base + p.shock_size * (1.0 - base) if in_shock else base
        case "endogenous":
            return base + p.pressure_feedback * (1.0 - base) * shortfall
    raise ValueError(f"unknown pressure scenario {p.pressure_scenario!r}")  # validated earlier


def organisation_stage(state: SimulationState, p: SimpleNamespace) -> None:
    """Set ``state.pressure`` for this week (no random draws)."""
    shortfall = 0.0
    if p.pressure_scenario == "endogenous":
        shortfall = mean_shortfall(state.managers.perceived_output, float(p.target_rate))
    state.pressure = scenario_pressure(state.week, p, shortfall)
