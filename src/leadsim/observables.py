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

from functools import partial
from types import SimpleNamespace
from typing import Any

import mesa
import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import team_means
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
    "MetricsCollector",
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
    return [REGIMES[code] for code in _regime_codes(state, passive_threshold)]


_REGIME_OF_ORIENTATION = np.array([1, -1, 2, 3])
"""Regime code of the dominant orientation: methodical -> compliant, client -> coproducing,
network -> connective (knowledge names none)."""


def _regime_codes(state: SimulationState, passive_threshold: float) -> NDArray[np.int64]:
    prof = state.professionals
    n_teams = state.managers.n
    team_proactivity = team_means(prof.proactivity, n_teams)
    return _classify(team_proactivity, team_means(prof.effort, n_teams), passive_threshold)


def _classify(
    team_proactivity: NDArray[np.float64], team_effort: NDArray[np.float64], passive_threshold: float
) -> NDArray[np.int64]:
    shares = team_effort.copy()
    shares[:, KNOWLEDGE] = -1.0
    active = _REGIME_OF_ORIENTATION[np.argmax(shares, axis=1)]
    return np.where(1.0 - team_proactivity > passive_threshold, 0, active)


def measure(state: SimulationState, p: SimpleNamespace) -> dict[str, float]:
    """Compute every metric of :data:`METRICS` from the state.

    This runs every week, so it reduces each array once (``np.add.reduce``, a dot product with
    the in-service mask) rather than calling ``mean`` per metric.
    """
    prof = state.professionals
    m = state.managers
    cl = state.clients
    n_prof, n_teams = prof.n, m.n
    total = np.add.reduce
    P = prof.proactivity
    k = collaboration(state)
    mean_k = total(k) / n_prof
    reported = mean_k + p.self_report_bias * (1.0 - mean_k)  # the mean of k + b (1 - k)
    perceived = total(m.perceived_collaboration) / n_teams

    size = n_prof // n_teams
    k_by_team = k.reshape(n_teams, size)
    team_k = total(k_by_team, axis=1, keepdims=True) / size
    spread = np.sqrt(total((k_by_team - team_k) ** 2, axis=1) / size)
    effort_mean = total(prof.effort, axis=0) / n_prof
    style_mean = total(m.style, axis=0) / n_teams
    dominant = np.bincount(np.argmax(prof.effort, axis=1), minlength=4) / n_prof
    regimes = _classify(team_means(P, n_teams), team_means(prof.effort, n_teams), p.passive_threshold)
    regime_share = np.bincount(regimes, minlength=len(REGIMES)) / n_teams

    serving = (cl.status == ClientStatus.IN_SERVICE).astype(np.float64)
    n_serving = total(serving)
    client_means = (
        (
            serving @ cl.understood / n_serving,
            serving @ cl.respected / n_serving,
            serving @ cl.motivation / n_serving,
        )
        if n_serving
        else (float("nan"),) * 3
    )
    mean_p = total(P) / n_prof
    metrics: dict[str, float] = {
        "pressure": float(state.pressure),
        "passivity": float(1.0 - mean_p),
        "proactivity": float(mean_p),
        "collaboration": float(mean_k),
        "wellbeing": float(total(prof.wellbeing) / n_prof),
        "role_ambiguity": float(total(prof.role_ambiguity) / n_prof),
        "autonomous_motivation": float(total(prof.autonomous) / n_prof),
        "controlled_motivation": float(total(prof.controlled) / n_prof),
        "felt_accountability": float(total(prof.felt_accountability) / n_prof),
        "innovation": float(P @ prof.effort[:, KNOWLEDGE] / n_prof),
        "behaviour_spread": float(total(spread) / n_teams),
        "effort_methodical": float(effort_mean[METHODICAL]),
        "effort_knowledge": float(effort_mean[KNOWLEDGE]),
        "effort_client": float(effort_mean[CLIENT]),
        "effort_network": float(effort_mean[NETWORK]),
        "partner_ties": float(total(prof.ties, axis=None) / prof.ties.size) if prof.ties.size else 0.0,
        "self_reported_collaboration": float(reported),
        "perceived_collaboration": float(perceived),
        "perception_gap": float(reported - perceived),
    }
    for col, kind in enumerate(STYLE_KINDS):
        metrics[f"style_{kind}"] = float(style_mean[col])
    for col, kind in enumerate(PROFESSIONALISM_TYPES):
        metrics[f"type_{kind}"] = float(dominant[col])
    for code, regime in enumerate(REGIMES):
        metrics[f"regime_{regime}"] = float(regime_share[code])
    metrics.update(
        reflection=float(total(m.reflection) / n_teams),
        isolation=float(total(m.isolation) / n_teams),
        co_creation=float(total(m.co_creation) / n_teams),
        visibility=float(total(m.visibility) / n_teams),
        theory_of_change=float(total(m.theory_of_change) / n_teams),
        placements=float(state.placements_week),
        placements_total=float(state.placements_total),
        sustainable_placements=float(state.sustainable_total),
        relapses_total=float(state.relapses_total),
        placement_rate=_rate(state.placements_week, state.served_week),
        far_placement_rate=_rate(state.far_placements_total, state.far_in_service_weeks),
        near_placement_rate=_rate(state.near_placements_total, state.near_in_service_weeks),
        clients_in_service=float(n_serving),
        client_understood=float(client_means[0]),
        client_respected=float(client_means[1]),
        client_motivation=float(client_means[2]),
    )
    return metrics


def _rate(events: int, exposure: int) -> float:
    return events / exposure if exposure else 0.0


def latest_metric(model: Any, name: str) -> float:
    """Model reporter: the metric ``name`` of the model's latest week (computed once per week)."""
    return model.metrics_now[name]


class MetricsCollector(mesa.DataCollector):
    """Mesa's DataCollector with one model-level column per metric of :data:`METRICS`.

    The metrics are computed once per week by :func:`measure`; ``collect`` appends them to
    ``model_vars`` in one pass instead of calling and deep-copying 60 reporters (the values are
    floats, which need no copy). Everything else is Mesa's: ``get_model_vars_dataframe``,
    ``batch_run`` and agent reporters work as usual. If a user adds reporters of her own, the
    stock path of ``mesa.DataCollector.collect`` runs instead.
    """

    def __init__(self, names: tuple[str, ...] = METRICS) -> None:
        super().__init__(model_reporters={name: partial(latest_metric, name=name) for name in names})
        self._names = names

    def collect(self, model: Any) -> None:
        """Record the model's latest metrics (and any user-added reporters)."""
        if self.agent_reporters or self.agenttype_reporters or tuple(self.model_reporters) != self._names:
            super().collect(model)
            return
        metrics = model.metrics_now
        self._collection_steps.append(model.time)
        for name, column in self.model_vars.items():
            column.append(metrics[name])
