"""Observables: the model-level metrics collected every week, and team regimes.

Names follow the model brief ("Observables"). Every metric is a plain function of the
simulation state, so the DataCollector, :meth:`leadsim.LeadershipModel.summary` and the
experiment pipeline all read the same numbers.

Definitions (i over professionals, j over teams, c over clients in service):

* ``passivity`` = mean_i (1 - P_i); ``proactivity`` = mean_i P_i
* ``collaboration`` = mean_i k_i with k_i = P_i (e_client,i + e_network,i)
* ``innovation`` = mean_i P_i e_knowledge,i (SF7)
* ``behaviour_spread`` = mean_j sd_{i in j} k_i, the within-team spread of behaviour (SF7)
* ``passivity_between_teams`` = sd_j of the team-mean passivity (population sd over teams)
* ``tie_degree_skewness`` = sample skewness (Fisher's g1, population moments) of the
  professionals' tie degree, the number of partners to whom a tie exceeds :data:`TIE_THRESHOLD`
  (0 when every degree is equal): a right-skewed degree distribution is the "Dinges" tail
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

import math
from functools import partial
from types import SimpleNamespace
from typing import Any

import mesa
import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import jit
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
    "TIE_THRESHOLD",
    "MetricsCollector",
    "measure",
    "regime_code",
    "team_regimes",
]

TIE_THRESHOLD = 0.1
"""Tie strength above which a professional-partner tie counts toward degree (as in ``tie_network``)."""

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
    "passivity_between_teams",
    "tie_degree_skewness",
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


def team_regimes(state: SimulationState, passive_threshold: float) -> list[str]:
    """Classify each team's current behaviour into a regime (see :func:`regime_code`)."""
    prof = state.professionals
    codes = np.empty(state.managers.n, dtype=np.int64)
    _team_regime_codes(prof.proactivity, prof.effort, float(passive_threshold), codes)
    return [REGIMES[code] for code in codes]


@jit
def regime_code(passivity: float, mean_effort: NDArray[np.float64], passive_threshold: float) -> int:
    """The regime of a team, as an index into :data:`REGIMES`, from its mean behaviour.

    A team whose mean passivity exceeds ``passive_threshold`` is in ``passive_drift``;
    otherwise the orientation with the largest mean effort share among methodical (``compliant``,
    the managerial type), client involvement (``coproducing``) and network collaboration
    (``connective``) names the regime, the first of them on a tie. Knowledge effort underlies
    every type and names none.
    """
    methodical, client, network = mean_effort[METHODICAL], mean_effort[CLIENT], mean_effort[NETWORK]
    if passivity > passive_threshold:
        return 0
    if client > methodical and client >= network:
        return 2
    if network > max(methodical, client):
        return 3
    return 1


@jit
def _team_regime_codes(proactivity, effort, passive_threshold, codes):
    n_teams = codes.shape[0]
    size = proactivity.shape[0] // n_teams  # teams are contiguous blocks of equal size
    for j in range(n_teams):
        mean_p = 0.0
        mean_effort = np.zeros(4)
        for i in range(j * size, (j + 1) * size):
            mean_p += proactivity[i] / size
            for kind in range(4):
                mean_effort[kind] += effort[i, kind] / size
        codes[j] = regime_code(1.0 - mean_p, mean_effort, passive_threshold)


_KERNEL_FIELDS: tuple[str, ...] = (
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
    "tie_degree_skewness",
    "effort_methodical",
    "effort_knowledge",
    "effort_client",
    "effort_network",
    "partner_ties",
    *(f"type_{kind}" for kind in PROFESSIONALISM_TYPES),
    *(f"regime_{regime}" for regime in REGIMES),
    *(f"style_{kind}" for kind in STYLE_KINDS),
    "reflection",
    "isolation",
    "co_creation",
    "visibility",
    "theory_of_change",
    "perceived_collaboration",
    "clients_in_service",
    "client_understood",
    "client_respected",
    "client_motivation",
)
_N_KERNEL_FIELDS = len(_KERNEL_FIELDS)
# Where _population_means writes each mean (groups start at the first name of the group).
_I_PROACTIVITY = _KERNEL_FIELDS.index("proactivity")
_I_COLLABORATION = _KERNEL_FIELDS.index("collaboration")
_I_WELLBEING = _KERNEL_FIELDS.index("wellbeing")
_I_ROLE_AMBIGUITY = _KERNEL_FIELDS.index("role_ambiguity")
_I_AUTONOMOUS = _KERNEL_FIELDS.index("autonomous_motivation")
_I_CONTROLLED = _KERNEL_FIELDS.index("controlled_motivation")
_I_ACCOUNTABILITY = _KERNEL_FIELDS.index("felt_accountability")
_I_INNOVATION = _KERNEL_FIELDS.index("innovation")
_I_SPREAD = _KERNEL_FIELDS.index("behaviour_spread")
_I_BETWEEN = _KERNEL_FIELDS.index("passivity_between_teams")
_I_SKEW = _KERNEL_FIELDS.index("tie_degree_skewness")
_I_EFFORT = _KERNEL_FIELDS.index("effort_methodical")
_I_TIES = _KERNEL_FIELDS.index("partner_ties")
_I_TYPE = _KERNEL_FIELDS.index(f"type_{PROFESSIONALISM_TYPES[0]}")
_I_REGIME = _KERNEL_FIELDS.index(f"regime_{REGIMES[0]}")
_I_STYLE = _KERNEL_FIELDS.index(f"style_{STYLE_KINDS[0]}")
_I_MANAGER = _KERNEL_FIELDS.index("reflection")  # then isolation ... perceived_collaboration
_I_CLIENTS = _KERNEL_FIELDS.index("clients_in_service")  # then understood, respected, motivation
_IN_SERVICE = ClientStatus.IN_SERVICE


def measure(state: SimulationState, p: SimpleNamespace) -> dict[str, float]:
    """Compute every metric of :data:`METRICS` from the state (definitions in the module docstring).

    The population means run as one compiled pass (:func:`_population_means`), since this is
    called every week.
    """
    prof = state.professionals
    m = state.managers
    cl = state.clients
    # The kernel fills ``values`` and returns nothing (a returned array is boxed through a Python
    # call, where a pending Ctrl-C would be lost: leadsim.parallel, "Ctrl-C in this process").
    values = np.zeros(_N_KERNEL_FIELDS)
    _population_means(
        prof.proactivity,
        prof.effort,
        prof.wellbeing,
        prof.role_ambiguity,
        prof.autonomous,
        prof.controlled,
        prof.felt_accountability,
        prof.ties,
        m.style,
        m.reflection,
        m.isolation,
        m.co_creation,
        m.visibility,
        m.theory_of_change,
        m.perceived_collaboration,
        cl.status,
        cl.understood,
        cl.respected,
        cl.motivation,
        float(p.passive_threshold),
        values,
    )
    means = dict(zip(_KERNEL_FIELDS, values.tolist(), strict=True))
    reported = means["collaboration"] + p.self_report_bias * (1.0 - means["collaboration"])
    means.update(
        pressure=float(state.pressure),
        passivity=1.0 - means["proactivity"],
        self_reported_collaboration=reported,
        perception_gap=reported - means["perceived_collaboration"],
        placements=float(state.placements_week),
        placements_total=float(state.placements_total),
        sustainable_placements=float(state.sustainable_total),
        relapses_total=float(state.relapses_total),
        placement_rate=_rate(state.placements_week, state.served_week),
        far_placement_rate=_rate(state.far_placements_total, state.far_in_service_weeks),
        near_placement_rate=_rate(state.near_placements_total, state.near_in_service_weeks),
    )
    return {name: means[name] for name in METRICS}


@jit
def _population_means(
    proactivity, effort, wellbeing, role_ambiguity, autonomous, controlled, felt_accountability, ties,
    style, reflection, isolation, co_creation, visibility, theory_of_change, perceived_collaboration,
    status, understood, respected, motivation, passive_threshold, out,
):  # fmt: skip
    """Write the means of :data:`_KERNEL_FIELDS`, in that order, into ``out`` (zeros on entry)."""
    n = proactivity.shape[0]
    n_teams = style.shape[0]
    size = n // n_teams
    team_passivity = np.empty(n_teams)
    degree = np.zeros(n)
    for j in range(n_teams):
        # Professionals of team j.
        team_p = 0.0
        team_k = 0.0
        team_effort = np.zeros(4)
        for i in range(j * size, (j + 1) * size):
            k = proactivity[i] * (effort[i, CLIENT] + effort[i, NETWORK])
            team_p += proactivity[i] / size
            team_k += k / size
            out[_I_PROACTIVITY] += proactivity[i] / n
            out[_I_COLLABORATION] += k / n
            out[_I_WELLBEING] += wellbeing[i] / n
            out[_I_ROLE_AMBIGUITY] += role_ambiguity[i] / n
            out[_I_AUTONOMOUS] += autonomous[i] / n
            out[_I_CONTROLLED] += controlled[i] / n
            out[_I_ACCOUNTABILITY] += felt_accountability[i] / n
            out[_I_INNOVATION] += proactivity[i] * effort[i, KNOWLEDGE] / n
            dominant = 0
            for kind in range(4):
                out[_I_EFFORT + kind] += effort[i, kind] / n
                team_effort[kind] += effort[i, kind] / size
                if effort[i, kind] > effort[i, dominant]:
                    dominant = kind
            out[_I_TYPE + dominant] += 1.0 / n
            for partner in range(ties.shape[1]):
                out[_I_TIES] += ties[i, partner] / (n * ties.shape[1])
                if ties[i, partner] > TIE_THRESHOLD:
                    degree[i] += 1.0
        variance = 0.0
        for i in range(j * size, (j + 1) * size):
            k = proactivity[i] * (effort[i, CLIENT] + effort[i, NETWORK])
            variance += (k - team_k) ** 2 / size
        out[_I_SPREAD] += math.sqrt(variance) / n_teams
        team_passivity[j] = 1.0 - team_p
        out[_I_REGIME + regime_code(1.0 - team_p, team_effort, passive_threshold)] += 1.0 / n_teams
        # Manager j.
        for kind in range(4):
            out[_I_STYLE + kind] += style[j, kind] / n_teams
        for offset, values in enumerate(
            (reflection, isolation, co_creation, visibility, theory_of_change, perceived_collaboration)
        ):
            out[_I_MANAGER + offset] += values[j] / n_teams
    # Between-team spread of passivity; skewness of the tie degree ("Dinges" tail).
    mean_passivity = team_passivity.mean()
    out[_I_BETWEEN] = math.sqrt(((team_passivity - mean_passivity) ** 2).mean())
    mean_degree = degree.mean()
    m2 = ((degree - mean_degree) ** 2).mean()
    m3 = ((degree - mean_degree) ** 3).mean()
    out[_I_SKEW] = m3 / m2**1.5 if m2 > 1e-12 else 0.0
    # Clients in service.
    for row in range(status.shape[0]):
        if status[row] == _IN_SERVICE:
            out[_I_CLIENTS] += 1.0
            out[_I_CLIENTS + 1] += understood[row]
            out[_I_CLIENTS + 2] += respected[row]
            out[_I_CLIENTS + 3] += motivation[row]
    for offset in (1, 2, 3):
        n_clients = out[_I_CLIENTS]
        out[_I_CLIENTS + offset] = out[_I_CLIENTS + offset] / n_clients if n_clients > 0 else np.nan


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

    Args:
        names: The metric columns.
        keep_all: Keep every collected week (a time series); if ``False``, each ``collect``
            replaces the previous week's row, so the collector holds the latest week only (what
            ``batch_run`` with ``data_collection_period=-1`` and end-of-run summaries read).
    """

    def __init__(self, names: tuple[str, ...] = METRICS, *, keep_all: bool = True) -> None:
        super().__init__(model_reporters={name: partial(latest_metric, name=name) for name in names})
        self._names = names
        self.keep_all = keep_all

    def collect(self, model: Any) -> None:
        """Record the model's latest metrics (and any user-added reporters)."""
        if not self.keep_all:
            self._collection_steps.clear()
            for column in self.model_vars.values():
                column.clear()
        if self.agent_reporters or self.agenttype_reporters or tuple(self.model_reporters) != self._names:
            super().collect(model)
            return
        metrics = model.metrics_now
        self._collection_steps.append(model.time)
        for name, column in self.model_vars.items():
            column.append(metrics[name])

    def drop_incomplete_week(self) -> None:
        """Trim every column to the weeks recorded in full.

        An interruption (Ctrl-C) while :meth:`collect` appends leaves the last week in some
        columns only; trimming keeps every complete week and a rectangular data frame.
        """
        complete = min([len(self._collection_steps), *(len(column) for column in self.model_vars.values())])
        del self._collection_steps[complete:]
        for column in self.model_vars.values():
            del column[complete:]
