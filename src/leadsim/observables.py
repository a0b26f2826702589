"""Observables: the model-level metrics collected every week, and team regimes.

Names follow the model brief ("Observables"). Every metric is a plain function of the
simulation state, so the DataCollector, :meth:`leadsim.LeadershipModel.summary` and the
experiment pipeline all read the same numbers.

Definitions (i over professionals, j over teams, c over clients in service):

* ``passivity`` = mean_i (1 - P_i); ``proactivity`` = mean_i P_i
* ``collaboration`` = mean_i k_i with k_i = P_i (e_client,i + e_network,i)
* ``innovation`` = mean_i P_i e_knowledge,i (SF7)
* ``behaviour_spread`` = mean_j sd_{i in j} k_i, the within-team spread of behaviour (SF7)
* ``self_reported_collaboration`` = mean_i [k_i + self_report_bias (1 - k_i)];
  ``perceived_collaboration`` = mean_j k_hat_j; ``perception_gap`` = their difference (SF8)
* ``style_<kind>`` = mean_j s_j,kind (SF1, SF2)
* ``type_<type>`` = share of professionals whose largest effort share is that type's orientation
* ``regime_<regime>`` = share of teams in each regime (see :func:`team_regimes`)
* ``placements`` (this week), ``placements_total``, ``sustainable_placements`` (cumulative,
  still in work ``followup_weeks`` after placement), ``relapses_total``, ``placement_rate``
  (this week, per client in service)
* ``far_placement_rate`` / ``near_placement_rate``: placements per client-week in service so far,
  for clients with d >= 0.5 and d < 0.5 (SF9: creaming)
* ``client_understood``, ``client_respected``, ``client_motivation``: means over clients in service
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import group_mean
from leadsim.state import (
    CLIENT,
    KNOWLEDGE,
    METHODICAL,
    NETWORK,
    PROFESSIONALISM_TYPES,
    ClientStatus,
    SimulationState,
)
from leadsim.styles import STYLE_KINDS

__all__ = [
    "METRICS",
    "REGIMES",
    "collaboration",
    "measure",
    "self_reported_collaboration",
    "team_regimes",
]

REGIMES: tuple[str, str, str, str] = ("passive_drift", "compliant", "coproducing", "connective")
"""Team regimes: passive drift, compliant/managerial, coproducing, connective."""

METRICS: tuple[str, ...] = (
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
    "effort_methodical",
    "effort_knowledge",
    "effort_client",
    "effort_network",
    "partner_ties",
    "self_reported_collaboration",
    "perceived_collaboration",
    "perception_gap",
    *(f"style_{kind}" for kind in STYLE_KINDS),
    *(f"type_{kind}" for kind in PROFESSIONALISM_TYPES),
    *(f"regime_{regime}" for regime in REGIMES),
    "reflection",
    "isolation",
    "co_creation",
    "visibility",
    "theory_of_change",
    "placements",
    "placements_total",
    "sustainable_placements",
    "relapses_total",
    "placement_rate",
    "far_placement_rate",
    "near_placement_rate",
    "clients_in_service",
    "client_understood",
    "client_respected",
    "client_motivation",
)
"""Names of the model-level metrics, in column order."""


def collaboration(state: SimulationState) -> NDArray[np.float64]:
    """Each professional's collaboration k_i = P_i (e_client,i + e_network,i)."""
    prof = state.professionals
    return prof.proactivity * (prof.effort[:, CLIENT] + prof.effort[:, NETWORK])


def self_reported_collaboration(state: SimulationState, bias: float) -> NDArray[np.float64]:
    """Each professional's self-reported collaboration k_i + bias (1 - k_i) (SF8)."""
    k = collaboration(state)
    return k + bias * (1.0 - k)


def team_regimes(state: SimulationState, passive_threshold: float) -> list[str]:
    """Classify each team's current behaviour into a regime.

    A team whose mean passivity exceeds ``passive_threshold`` is in ``passive_drift``;
    otherwise the orientation with the largest mean effort share among methodical (``compliant``,
    the managerial type), client involvement (``coproducing``) and network collaboration
    (``connective``) names the regime. Knowledge effort underlies every type and names none.
    """
    prof = state.professionals
    n_teams = state.managers.n
    passivity = 1.0 - group_mean(prof.proactivity, prof.team, n_teams)
    shares = np.stack(
        [group_mean(prof.effort[:, k], prof.team, n_teams) for k in (METHODICAL, CLIENT, NETWORK)],
        axis=1,
    )
    active = np.argmax(shares, axis=1) + 1
    codes = np.where(passivity > passive_threshold, 0, active)
    return [REGIMES[code] for code in codes]


def measure(state: SimulationState, p: SimpleNamespace) -> dict[str, float]:
    """Compute every metric of :data:`METRICS` from the state."""
    prof = state.professionals
    m = state.managers
    cl = state.clients
    n_teams = m.n
    k = collaboration(state)
    reported = k + p.self_report_bias * (1.0 - k)
    perceived = float(m.perceived_collaboration.mean())

    team_mean_k = group_mean(k, prof.team, n_teams)
    team_var_k = group_mean((k - team_mean_k[prof.team]) ** 2, prof.team, n_teams)
    effort_mean = prof.effort.mean(axis=0)
    style_mean = m.style.mean(axis=0)
    dominant = np.bincount(np.argmax(prof.effort, axis=1), minlength=4) / prof.n

    regimes = team_regimes(state, p.passive_threshold)
    serving = cl.status == ClientStatus.IN_SERVICE
    n_serving = int(serving.sum())

    def client_mean(values: NDArray[np.float64]) -> float:
        return float(values[serving].mean()) if n_serving else float("nan")

    metrics: dict[str, float] = {
        "pressure": float(state.pressure),
        "passivity": float(1.0 - prof.proactivity.mean()),
        "proactivity": float(prof.proactivity.mean()),
        "collaboration": float(k.mean()),
        "wellbeing": float(prof.wellbeing.mean()),
        "role_ambiguity": float(prof.role_ambiguity.mean()),
        "autonomous_motivation": float(prof.autonomous.mean()),
        "controlled_motivation": float(prof.controlled.mean()),
        "felt_accountability": float(prof.felt_accountability.mean()),
        "innovation": float((prof.proactivity * prof.effort[:, KNOWLEDGE]).mean()),
        "behaviour_spread": float(np.sqrt(team_var_k).mean()),
        "effort_methodical": float(effort_mean[METHODICAL]),
        "effort_knowledge": float(effort_mean[KNOWLEDGE]),
        "effort_client": float(effort_mean[CLIENT]),
        "effort_network": float(effort_mean[NETWORK]),
        "partner_ties": float(prof.ties.mean()) if prof.ties.size else 0.0,
        "self_reported_collaboration": float(reported.mean()),
        "perceived_collaboration": perceived,
        "perception_gap": float(reported.mean()) - perceived,
    }
    for col, kind in enumerate(STYLE_KINDS):
        metrics[f"style_{kind}"] = float(style_mean[col])
    for col, kind in enumerate(PROFESSIONALISM_TYPES):
        metrics[f"type_{kind}"] = float(dominant[col])
    for regime in REGIMES:
        metrics[f"regime_{regime}"] = regimes.count(regime) / n_teams
    metrics.update(
        reflection=float(m.reflection.mean()),
        isolation=float(m.isolation.mean()),
        co_creation=float(m.co_creation.mean()),
        visibility=float(m.visibility.mean()),
        theory_of_change=float(m.theory_of_change.mean()),
        placements=float(state.placements_week),
        placements_total=float(state.placements_total),
        sustainable_placements=float(state.sustainable_total),
        relapses_total=float(state.relapses_total),
        placement_rate=state.placements_week / n_serving if n_serving else 0.0,
        far_placement_rate=_rate(state.far_placements_total, state.far_in_service_weeks),
        near_placement_rate=_rate(state.near_placements_total, state.near_in_service_weeks),
        clients_in_service=float(n_serving),
        client_understood=client_mean(cl.understood),
        client_respected=client_mean(cl.respected),
        client_motivation=client_mean(cl.motivation),
    )
    return metrics


def _rate(events: int, exposure: int) -> float:
    return events / exposure if exposure else 0.0
