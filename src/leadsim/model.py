"""The leadsim model: a Dutch work-and-reintegration organisation as a Mesa model.

Team managers lead professionals who guide job seekers far from the labour market. The essay
"Leidinggeven aan professionals in werk en re-integratie" (2024; ``shared/essay-digest.md``)
reports that under short-term performance pressure managers drift toward hierarchical steering
and compensate with supportive attention, that supportive leadership went with professional
passivity and accountable leadership with the most professional behaviour, and that co-created
vision and peer action learning help (stylized facts SF1..SF10). The model does not write these
findings in: it builds mechanisms from the literature they rest on, whose equations and sources
are in :mod:`leadsim.mechanisms` and ``docs/odd.md``, and tests the findings as outputs
(``docs/validation.md``), some of which the model reproduces and some not.

One step is one week. Each week runs, in order: organisation (pressure), managers, professionals,
service, intake, observation. There is no scheduler: the stages are explicit calls in
:meth:`LeadershipModel.step`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, SimpleNamespace
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd

from leadsim.agents import Client, Partner, Professional, TeamManager, deregister, register_rows
from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.limits import check_model_fits
from leadsim.mechanisms import (
    draw_intake,
    draw_managers,
    draw_professionals,
    draw_service,
    intake_stage,
    managers_stage,
    organisation_stage,
    professionals_stage,
    scenario_pressure,
    service_stage,
)
from leadsim.observables import METRICS, MetricsCollector, measure, team_regimes
from leadsim.parameters import PARAMETERS, validate_parameters
from leadsim.state import (
    PARTNER_KINDS,
    ClientState,
    ClientStatus,
    ManagerState,
    PartnerState,
    ProfessionalState,
    SimulationState,
)
from leadsim.styles import StyleSpec, resolve_style

__all__ = ["LeadershipModel"]

# Initial distributions (Beta(a, b) parameters) of professionals' states. The survey found much
# weight on methodical work and little felt accountability pressure (essay digest).
_INITIAL_EFFORT = np.array([0.40, 0.15, 0.30, 0.15])
_INITIAL_EFFORT_CONCENTRATION = 20.0
#: Concentration kappa of the initial proactivity, Beta(kappa m, kappa (1 - m)) with m the
#: ``initial_proactivity`` parameter (m = 0.5 gives Beta(5, 5)).
_INITIAL_PROACTIVITY_CONCENTRATION = 10.0
_INITIAL_BETA = {
    "wellbeing": (6.0, 4.0),
    "autonomous": (5.0, 5.0),
    "controlled": (4.0, 6.0),
    "role_ambiguity": (4.0, 6.0),
    "felt_accountability": (3.0, 7.0),
}
_INITIAL_TIE_MAX = 0.1
_PARTNER_KIND_SHARES = np.array([0.4, 0.12, 0.12, 0.12, 0.12, 0.12])
_PARTNER_OPENNESS_BETA = (2.0, 2.0)


class LeadershipModel(mesa.Model):
    """A work-and-reintegration organisation: teams of professionals, their managers, clients.

    Every parameter is keyword-only and defaulted, with ``rng`` last, so that
    ``mesa.batch_run(LeadershipModel, parameters=..., rng=[...], max_steps=...)`` works as is.
    :data:`leadsim.parameters.PARAMETERS` gives each parameter's range, unit, meaning and source;
    ``docs/odd.md`` gives the equations. Invalid values are refused before anything runs with a
    :class:`leadsim.errors.ParameterError` naming the field, the rule and the value.

    Args:
        n_teams: Number of teams (one manager each).
        team_size: Professionals per team.
        caseload: Clients in service per professional.
        pressure: Performance pressure in [0, 1] (the scenario's level).
        pressure_scenario: ``constant``, ``ramp``, ``cycle``, ``shock`` or ``endogenous``.
        style: ``None`` for adaptive managers, or a fixed style for all managers: a name among
            ``hierarchical``, ``supportive``, ``accountable``, ``visionary``, ``balanced``,
            ``laissez_faire``, or a mapping of the four intensities, each in [0, 1]
            (:mod:`leadsim.styles`).
        co_creation: Initial vision co-creation (1 co-created, 0 imposed).
        scrutiny: Political and public scrutiny in [0, 1].
        reflection: Managers' initial reflection in [0, 1].
        action_learning: Whether managers take part in peer action learning.
        rng: Seed or numpy Generator; the only source of randomness.

    Attributes:
        state: The simulation state arrays (:class:`leadsim.state.SimulationState`).
        parameters: The validated parameters, read-only.
        datacollector: Mesa DataCollector with one model-level column per metric in
            :data:`leadsim.observables.METRICS`.
        metrics_now: The metrics of the latest week, by name.
        managers: Team managers by team index.
        professionals: Professionals by row.
        partners: Partners by row.
    """

    def __init__(
        self,
        *,
        n_teams: int = 6,
        team_size: int = 10,
        caseload: int = 25,
        n_partners: int = 40,
        pressure: float = 0.5,
        pressure_scenario: str = "constant",
        ramp_weeks: int = 52,
        shock_week: int = 52,
        shock_duration: int = 26,
        shock_size: float = 0.5,
        pressure_feedback: float = 0.5,
        target_rate: float = 0.012,
        scrutiny: float = 0.3,
        tightness: float = 0.7,
        style: StyleSpec | None = None,
        intended_style: StyleSpec = "balanced",
        style_diversity: float = 0.2,
        co_creation: float = 0.3,
        reflection: float = 0.3,
        isolation: float = 0.6,
        visibility: float = 0.5,
        theory_of_change: float = 0.2,
        style_rate: float = 0.05,
        action_bias: float = 0.3,
        compensation_form: str = "strain",
        compensation: float = 0.8,
        care_response: float = 0.5,
        wellbeing_norm: float = 0.6,
        attention_budget: bool = True,
        firefighting: float = 0.4,
        steering_cost: float = 0.3,
        support_cost: float = 0.25,
        accountability_cost: float = 0.35,
        vision_cost: float = 0.35,
        reflection_erosion: float = 0.005,
        isolation_drift: float = 0.005,
        output_noise: float = 0.2,
        perception_memory: float = 0.1,
        collaboration_aim: float = 0.25,
        change_push: float = 0.3,
        action_learning: bool = False,
        action_learning_interval: int = 4,
        action_learning_gain: float = 0.15,
        trust_rate: float = 0.15,
        learning_form: str = "reframe",
        initial_proactivity: float = 0.5,
        adaptation_rate: float = 0.1,
        effort_rate: float = 0.1,
        autonomy_base: float = -0.5,
        autonomy_support: float = 1.0,
        support_crowding_in: float = 1.0,
        crowding_out: float = 1.5,
        control_base: float = -1.0,
        control_gain: float = 1.5,
        control_scrutiny: float = 1.0,
        support_form: str = "resource",
        ambiguity_base: float = 0.6,
        ambiguity_support: float = 1.25,
        clarity_accountable: float = 1.25,
        clarity_vision: float = 1.5,
        clarity_hierarchical: float = 0.5,
        imposed_clarity: float = 0.25,
        accountability_base: float = -1.0,
        accountability_gain: float = 1.5,
        accountability_vision: float = 0.5,
        accountability_output: float = 0.25,
        wellbeing_base: float = 0.2,
        support_resource: float = 2.0,
        wellbeing_autonomy: float = 0.5,
        hindrance: float = 1.5,
        wellbeing_ambiguity: float = 1.0,
        wellbeing_challenge: float = 0.25,
        proactivity_base: float = -1.2,
        proactivity_accountability: float = 2.0,
        proactivity_autonomy: float = 1.5,
        proactivity_ambiguity: float = 1.5,
        proactivity_wellbeing: float = 0.5,
        proactivity_control: float = 0.5,
        disposition_sd: float = 0.5,
        orientation_sd: float = 1.0,
        behaviour_noise: float = 0.3,
        support_client_effort: float = 0.25,
        output_pull: float = 1.0,
        effort_control: float = 1.0,
        innovation_damping: float = 1.0,
        conformity_base: float = 0.05,
        conformity_scrutiny: float = 0.25,
        imposed_weight: float = 0.5,
        familiar_nudge: float = 0.5,
        contact_rate: float = 1.0,
        tie_gain: float = 0.2,
        tie_decay: float = 0.02,
        self_report_bias: float = 0.1,
        problem_domain_prob: float = 0.4,
        creaming: float = 3.0,
        client_rate: float = 0.1,
        understood_base: float = 0.0,
        understood_involvement: float = 2.0,
        system_world: float = 2.0,
        respected_base: float = 0.5,
        respect_wellbeing: float = 1.5,
        motivation_base: float = -1.0,
        empowerment: float = 2.5,
        placement_base: float = 0.005,
        distance_effect: float = 2.0,
        method_weight: float = 1.6,
        coproduction_weight: float = 1.5,
        network_weight: float = 2.0,
        relapse_base: float = 0.03,
        relapse_fit: float = 6.0,
        relapse_distance: float = 1.0,
        relapse_support: float = 2.0,
        followup_weeks: int = 26,
        passive_threshold: float = 0.6,
        rng: Any = None,
    ) -> None:
        values = {name: value for name, value in locals().items() if name in PARAMETERS}
        validate_parameters(values)
        check_model_fits(values)  # before anything is allocated
        rng = _checked_rng(rng)
        super().__init__(rng=rng)
        self._parameters = values
        self._p = SimpleNamespace(**values)
        self._adaptive = style is None
        self._time_series = True
        self._measure_weekly = True
        self._placements_first_year = 0

        self.state = self._initial_state()
        self.managers: list[TeamManager] = register_rows(self, TeamManager, range(n_teams))
        self.professionals: list[Professional] = register_rows(
            self, Professional, range(self.state.professionals.n)
        )
        self.partners: list[Partner] = register_rows(self, Partner, range(n_partners))
        self._clients_by_row: list[Client | None] = []
        self._admit_clients(intake_stage(self.state, self._p, draw_intake(self.rng, self.state, self._p)))

        self.metrics_now: dict[str, float] = measure(self.state, self._p)
        self.datacollector = MetricsCollector(METRICS)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ set-up
    def _initial_state(self) -> SimulationState:
        p, rng = self._p, self.rng
        n_teams, n_prof = p.n_teams, p.n_teams * p.team_size

        centre = resolve_style(p.intended_style, field="intended_style")
        intended = (1.0 - p.style_diversity) * centre + p.style_diversity * rng.random((n_teams, 4))
        style = intended.copy() if self._adaptive else np.tile(resolve_style(p.style), (n_teams, 1))
        managers = ManagerState(
            style=style,
            intended=intended,
            reflection=np.full(n_teams, p.reflection),
            isolation=np.full(n_teams, p.isolation),
            co_creation=np.full(n_teams, p.co_creation),
            visibility=np.full(n_teams, p.visibility),
            theory_of_change=np.full(n_teams, p.theory_of_change),
            trust=np.zeros(n_teams),
            perceived_output=np.full(n_teams, p.target_rate),
            perceived_collaboration=np.full(n_teams, p.collaboration_aim),
            perceived_wellbeing=np.full(n_teams, p.wellbeing_norm),
            meetings=np.zeros(n_teams, dtype=np.int64),
        )
        kappa, m0 = _INITIAL_PROACTIVITY_CONCENTRATION, p.initial_proactivity
        beta = {"proactivity": rng.beta(kappa * m0, kappa * (1.0 - m0), n_prof)}
        beta |= {name: rng.beta(a, b, n_prof) for name, (a, b) in _INITIAL_BETA.items()}
        professionals = ProfessionalState(
            team=np.repeat(np.arange(n_teams, dtype=np.int64), p.team_size),
            effort=rng.dirichlet(_INITIAL_EFFORT * _INITIAL_EFFORT_CONCENTRATION, n_prof),
            disposition=p.disposition_sd * rng.standard_normal(n_prof),
            orientation=p.orientation_sd * rng.standard_normal((n_prof, 4)),
            ties=_INITIAL_TIE_MAX * rng.random((n_prof, p.n_partners)),
            seen=np.zeros(n_prof, dtype=bool),
            **beta,
        )
        partners = PartnerState(
            kind=rng.choice(len(PARTNER_KINDS), size=p.n_partners, p=_PARTNER_KIND_SHARES).astype(np.int64),
            openness=rng.beta(*_PARTNER_OPENNESS_BETA, p.n_partners),
        )
        capacity = n_prof * p.caseload
        clients = ClientState(
            status=np.full(capacity, ClientStatus.EMPTY, dtype=np.int8),
            professional=np.zeros(capacity, dtype=np.int64),
            problem_domains=np.zeros(capacity, dtype=np.int64),
            distance=np.zeros(capacity),
            motivation=np.zeros(capacity),
            understood=np.zeros(capacity),
            respected=np.zeros(capacity),
            attention=np.zeros(capacity),
            weeks_in_service=np.zeros(capacity, dtype=np.int64),
            weeks_placed=np.zeros(capacity, dtype=np.int64),
            fit=np.zeros(capacity),
            placements=np.zeros(capacity, dtype=np.int64),
        )
        return SimulationState(
            week=0,
            pressure=scenario_pressure(0, p),
            managers=managers,
            professionals=professionals,
            clients=clients,
            partners=partners,
            # Managers start believing their team meets the target: last week's output and its
            # perception both equal target_rate, so no shortfall is felt before any service.
            team_output=np.full(n_teams, p.target_rate),
        )

    def _admit_clients(self, rows: np.ndarray) -> None:
        """Create the Client agents of newly admitted rows (bulk registration, see agents.py)."""
        if not len(rows):
            return
        by_row = self._clients_by_row
        needed = int(rows.max()) + 1 - len(by_row)
        if needed > 0:
            by_row.extend([None] * needed)
        for agent in register_rows(self, Client, rows.tolist()):
            by_row[agent._row] = agent

    def _discharge_clients(self, rows: np.ndarray) -> None:
        """Remove the Client agents of rows the service stage freed this week.

        Every weekly step calls this once, right after the service stage, so it also keeps the
        placements of the first 52 weeks (for :meth:`summary`) without reading the time series.
        """
        state = self.state
        if state.week < 52:
            self._placements_first_year = state.placements_total
        by_row = self._clients_by_row
        leaving = []
        for row in rows.tolist():
            agent = by_row[row]
            if agent is not None:
                leaving.append(agent)
                by_row[row] = None
        deregister(self, leaving)

    def _release_client(self, agent: Client) -> None:
        """End a client's service on request (``client.remove()``): free its row, remove it."""
        row = agent._row
        self.state.clients.status[row] = ClientStatus.EMPTY
        if self._clients_by_row[row] is agent:
            self._clients_by_row[row] = None
        deregister(self, [agent])

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """Run one week: organisation, managers, professionals, service, intake, observation."""
        state, p, rng = self.state, self._p, self.rng
        organisation_stage(state, p)
        managers_stage(state, p, draw_managers(rng, state, p), adaptive=self._adaptive)
        professionals_stage(state, p, draw_professionals(rng, state, p))
        outcome = service_stage(state, p, draw_service(rng, state, p))
        self._discharge_clients(outcome.left)
        self._admit_clients(intake_stage(state, p, draw_intake(rng, state, p)))
        state.week += 1
        if self._measure_weekly:
            self._observe()

    def _observe(self) -> None:
        """Measure the metrics of the week just ended and hand them to the DataCollector."""
        self.metrics_now = measure(self.state, self._p)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ queries
    @property
    def parameters(self) -> Mapping[str, Any]:
        """The validated parameters, read-only."""
        return MappingProxyType(self._parameters)

    @property
    def time_series(self) -> bool:
        """Whether the DataCollector keeps every week (``True``, the default) or the latest only.

        Set it to ``False`` before the first week when only end results are wanted (a sweep that
        keeps no time series does): the DataCollector then holds the latest week only,
        :meth:`run` measures the metrics once after its last week instead of every week, and
        :meth:`dataframe` has that one row. The run, :meth:`summary` and ``metrics_now`` are the
        same. It is not a model parameter (results do not depend on it).

        Raises:
            ParameterTypeError: The value is not a bool.
            ParameterError: Switching it off after the first week (weeks would be lost), or back on.
        """
        return self._time_series

    @time_series.setter
    def time_series(self, keep: bool) -> None:
        if not isinstance(keep, bool | np.bool_):
            raise ParameterTypeError("time_series", "must be True or False", keep)
        keep = bool(keep)
        if keep == self._time_series:
            return
        if keep:
            raise ParameterError(
                "time_series", "cannot be switched back on (the weeks run are not kept)", keep
            )
        if self.state.week > 0:
            raise ParameterError(
                "time_series",
                f"must be switched off before the first week (this model has run {self.state.week})",
                keep,
            )
        self._time_series = False
        self.datacollector.keep_all = False

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.state.week

    @property
    def current_pressure(self) -> float:
        """Pressure pi(t) of the latest week."""
        return self.state.pressure

    def client_at(self, row: int) -> Client:
        """The client agent in client row ``row``."""
        agent = self._clients_by_row[row]
        if agent is None:
            raise KeyError(f"client row {row} is empty")
        return agent

    def team_regimes(self) -> list[str]:
        """The current regime of each team (see :func:`leadsim.observables.team_regimes`)."""
        return team_regimes(self.state, self._p.passive_threshold)

    def tie_network(self, threshold: float = 0.1) -> nx.Graph:
        """The professionals' ties to external partners as a networkx graph.

        Nodes are the Professional and Partner agents (with ``kind`` and ``team`` attributes);
        an edge joins a professional and a partner whose tie strength exceeds ``threshold``, with
        the strength as ``weight``. The "Dinges" shows up as a professional of high degree.

        Args:
            threshold: Minimum tie strength in [0, 1] for an edge.
        """
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
            raise ValueError(f"'threshold' must be in [0, 1] (got {threshold!r})")
        graph = nx.Graph()
        for professional in self.professionals:
            graph.add_node(professional, kind="professional", team=professional.team)
        for partner in self.partners:
            graph.add_node(partner, kind=partner.kind, team=None)
        ties = self.state.professionals.ties
        for i, k in zip(*np.nonzero(ties > threshold), strict=True):
            graph.add_edge(self.professionals[i], self.partners[k], weight=float(ties[i, k]))
        return graph

    def run(self, weeks: int) -> LeadershipModel:
        """Run ``weeks`` more weeks and return the model (for chaining).

        With :attr:`time_series` off the metrics are measured once, after the last week (the
        DataCollector keeps only the latest week anyway); the results are the same.
        """
        if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 0:
            raise ValueError(f"'weeks' must be a non-negative integer (got {weeks!r})")
        if self._time_series or not weeks:
            for _ in range(int(weeks)):
                self.step()
            return self
        self._measure_weekly = False
        try:
            for _ in range(int(weeks)):
                self.step()
        finally:
            self._measure_weekly = True
            self._observe()
        return self

    def dataframe(self) -> pd.DataFrame:
        """The collected model-level time series, one row per week (week 0 is the start).

        With :attr:`time_series` off it has one row, the latest week (indexed by that week).
        """
        frame = self.datacollector.get_model_vars_dataframe()
        if self._time_series:
            frame.index = pd.RangeIndex(len(frame), name="week")
        else:
            frame.index = pd.Index([self.state.week], name="week")
        return frame

    def summary(self) -> dict[str, Any]:
        """End-of-run metrics as floats, plus first-year placements and each team's regime.

        Returns:
            A dict with every metric of :data:`leadsim.observables.METRICS` for the latest week,
            ``placements_first_year`` (placements in weeks 1-52), ``weeks``, the share of teams
            per regime, and ``team_regimes``: the regime of each team (a list of str).
        """
        result: dict[str, Any] = dict(self.metrics_now)
        result["weeks"] = float(self.state.week)
        result["placements_first_year"] = float(self._placements_first_year)
        result["team_regimes"] = self.team_regimes()
        return result


_RNG_RULE = (
    "must be None, a non-negative integer seed, a sequence of such seeds, or a numpy SeedSequence, "
    "BitGenerator or Generator"
)


def _checked_rng(rng: Any) -> Any:
    """Refuse an ``rng`` NumPy cannot seed from, naming ``rng`` (NumPy's own errors do not).

    A NumPy integer seed is passed on as a Python int (Mesa seeds ``random.Random`` with it,
    which refuses NumPy integers).
    """
    if isinstance(rng, bool | np.bool_) or (
        isinstance(rng, list | tuple) and any(isinstance(x, bool | np.bool_) for x in rng)
    ):
        raise ParameterTypeError("rng", _RNG_RULE, rng)
    if isinstance(rng, np.random.Generator | np.random.BitGenerator | np.random.SeedSequence) or rng is None:
        return rng
    try:
        np.random.SeedSequence(rng)
    except TypeError:
        raise ParameterTypeError("rng", _RNG_RULE, rng) from None
    except ValueError:
        raise ParameterError("rng", _RNG_RULE, rng) from None
    return int(rng) if isinstance(rng, np.integer) else rng
