"""Mesa agents of leadsim: team managers, professionals, clients and partners.

The agents are ``mesa.Agent`` subclasses created with ``create_agents``, so Mesa's AgentSet
queries (``select``, ``groupby``, ``agg``, ``get``) and the DataCollector work on them. Their
state lives in the model's arrays (:mod:`leadsim.state`), which the weekly stages update for a
whole population at once; each agent reads and writes its own row, so
``professional.proactivity`` is always current and ``professional.proactivity = 0.9`` is an
intervention the next week responds to.

>>> from leadsim import LeadershipModel, Professional
>>> model = LeadershipModel(rng=1)
>>> pros = model.agents_by_type[Professional]
>>> by_team = pros.groupby("team").agg("proactivity", max)

Lifecycle: clients come and go (a client sustainably placed leaves, and a new client takes the
free row), so a :class:`Client` is removed from the model when it leaves, as in Mesa; a removed
client refuses to read or write state (:class:`RemovedAgentError`), because its old row now
belongs to someone else. ``client.remove()`` ends a client's service (its row is freed and
refilled at the next intake). Managers, professionals and partners are fixed populations and
refuse ``remove()``.

Registration: the model registers the clients it admits every week in bulk
(:func:`register_rows`, :func:`deregister`), with the same outcome as Mesa's own
``Agent.__init__`` and ``Agent.remove`` (``model.agents``, ``agents_by_type``, increasing
``unique_id``); whenever something could tell the difference (signal observers, Mesa datasets,
a subclass that overrides ``register_agent``, debug logging), Mesa's own path runs instead.
"""

from __future__ import annotations

import gc
import logging
import math
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

import mesa
import numpy as np
from mesa.agentset import _HardKeyAgentSet
from mesa.experimental.mesa_signals import ModelSignals

from leadsim.errors import LeadsimError, ParameterError, ParameterTypeError
from leadsim.state import (
    CLIENT,
    NETWORK,
    ORIENTATIONS,
    PARTNER_KINDS,
    PROFESSIONALISM_TYPES,
    ClientStatus,
)
from leadsim.styles import STYLE_KINDS, StyleSpec, dominant_kind, resolve_style

if TYPE_CHECKING:
    from leadsim.model import LeadershipModel

__all__ = [
    "Client",
    "Partner",
    "Professional",
    "RemovedAgentError",
    "TeamManager",
    "deregister",
    "register_rows",
]


class RemovedAgentError(LeadsimError, RuntimeError):
    """An agent removed from the model was asked for its state (its row is someone else's now)."""


class _Row:
    """A descriptor exposing one row (and optionally one column) of a state array.

    Args:
        array: Name of the state array in the agent's block.
        column: Column of a two-dimensional array, or ``None``.
        rule: ``unit`` (a number in [0, 1]), ``nonnegative`` (a finite number >= 0) or
            ``finite`` (any finite number).
        simplex: The column is one share of a simplex (read-only through the agent).
        doc: The attribute's docstring.
    """

    _RULES: ClassVar[dict[str, str]] = {
        "unit": "must be in [0, 1]",
        "nonnegative": "must be a finite number >= 0",
        "finite": "must be a finite number",
    }

    def __init__(
        self,
        array: str,
        column: int | None = None,
        *,
        rule: str = "unit",
        simplex: bool = False,
        doc: str = "",
    ) -> None:
        if rule not in self._RULES:
            raise ValueError(f"unknown rule {rule!r}")
        self.array = array
        self.column = column
        self.rule = rule
        self.simplex = simplex
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        row = agent._row
        if row < 0:
            agent._refuse(self.name)
        values = getattr(getattr(agent.model.state, agent._block_name), self.array)
        value = values[row] if self.column is None else values[row, self.column]
        return value.item()

    def __set__(self, agent: Any, value: float) -> None:
        if self.simplex:
            raise AttributeError(f"{self.name!r} is one share of a simplex; set the whole vector instead")
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise ParameterTypeError(self.name, "must be a number", value)
        number = float(value)
        if not math.isfinite(number):
            raise ParameterError(self.name, "must be a finite number", value)
        if (self.rule == "unit" and not 0.0 <= number <= 1.0) or (
            self.rule == "nonnegative" and number < 0.0
        ):
            raise ParameterError(self.name, self._RULES[self.rule], value)
        row = agent._row
        if row < 0:
            agent._refuse(self.name)
        values = getattr(getattr(agent.model.state, agent._block_name), self.array)
        if self.column is None:
            values[row] = number
        else:
            values[row, self.column] = number


class _ArrayAgent(mesa.Agent):
    """An agent that is a view on row ``row`` of a block of state arrays."""

    model: LeadershipModel
    _block_name: ClassVar[str]
    _row: int
    _left_in_week: int | None

    def __init__(self, model: LeadershipModel, row: int) -> None:
        super().__init__(model)
        self._row = int(row)
        self._left_in_week = None

    @property
    def row(self) -> int:
        """The agent's row in its block of state arrays."""
        if self._row < 0:
            self._refuse("row")
        return self._row

    @property
    def _block(self) -> Any:
        if self._row < 0:
            self._refuse(sys._getframe(1).f_code.co_name)  # the property that asked, for the message
        return getattr(self.model.state, self._block_name)

    @property
    def removed(self) -> bool:
        """Whether the agent has been removed from the model (it then has no state)."""
        return self._row < 0

    def _refuse(self, name: str) -> None:
        raise RemovedAgentError(
            f"{type(self).__name__} {self.unique_id} was removed from the model (after "
            f"{self._left_in_week} completed weeks), so it has no {name!r} any more (its state row "
            f"belongs to another agent now); look the current agents up in "
            f"model.agents_by_type[{type(self).__name__}]"
        )

    def _retire(self) -> None:
        """Mark the agent removed: from now on it refuses to read or write state."""
        self._left_in_week = self.model.state.week
        self._row = -1

    def remove(self) -> None:
        """Refused: managers, professionals and partners are fixed populations."""
        raise RemovedAgentError(
            f"{type(self).__name__} agents cannot be removed: teams and partners are fixed for a run "
            "(set n_teams, team_size or n_partners instead); only clients leave"
        )

    def __repr__(self) -> str:
        where = f"row={self._row}" if self._row >= 0 else f"removed after week {self._left_in_week}"
        return f"{type(self).__name__}(unique_id={self.unique_id}, {where})"


# --------------------------------------------------------------------------- bulk registration
_MODEL_LOGGER = logging.getLogger("MESA.mesa.model")


def _mesa_path_needed(model: LeadershipModel, cls: type[mesa.Agent], signal: str) -> bool:
    """Whether anything could tell bulk (de)registration from Mesa's own per-agent path."""
    return (
        type(model).register_agent is not mesa.Model.register_agent
        or type(model).deregister_agent is not mesa.Model.deregister_agent
        or bool(cls._datasets)
        or model._batch_context is not None
        or model._has_subscribers("agents", signal)
        or _MODEL_LOGGER.isEnabledFor(logging.DEBUG)
        or type(model._all_agents) is not _HardKeyAgentSet
        or type(getattr(model._all_agents, "_agents", None)) is not dict
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many agents are created.

    Each new agent is a container object that survives, so creating 400,000 of them triggers
    repeated collections over an ever larger heap that find nothing to free (two thirds of a
    national-scale set-up). Reference counting still frees everything it frees; the collector
    is switched back on afterwards (if it was on) and runs as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def register_rows[T: _ArrayAgent](model: LeadershipModel, cls: type[T], rows: Iterable[int]) -> list[T]:
    """Create and register one agent of ``cls`` per state row, in order.

    The outcome is that of ``cls(model, row)`` for each row, which is what Mesa's
    ``Agent.create_agents`` does: each agent gets the next ``unique_id``, joins ``model.agents``
    and ``model.agents_by_type[cls]`` in creation order, with ``model`` and ``pos`` set. Mesa 3.5
    has no bulk registration, and its per-agent path (signal wrapper, logging, a weak-reference
    AgentSet per call) cost about 4 us per agent, most of a default week's Mesa bookkeeping; here
    the registration dicts are extended once. When anything could observe the difference (see
    :func:`_mesa_path_needed`), Mesa's own path runs instead.
    """
    rows = [int(row) for row in rows]
    if not rows:
        return []
    if _mesa_path_needed(model, cls, ModelSignals.AGENT_ADDED):
        return [cls(model, row) for row in rows]
    first = model.agent_id_counter
    agents: list[T] = []
    append = agents.append
    new = object.__new__
    with _collector_paused():
        for unique_id, row in zip(range(first, first + len(rows)), rows, strict=True):
            agent = new(cls)
            agent.__dict__.update(model=model, unique_id=unique_id, pos=None, _row=row, _left_in_week=None)
            append(agent)
    model.agent_id_counter = first + len(rows)
    added = dict.fromkeys(agents)
    model._all_agents._agents.update(added)
    by_type = model._agents_by_type.get(cls)
    if by_type is None:
        model._agents_by_type[cls] = _HardKeyAgentSet(agents, random=model.random)
    else:
        by_type._agents.update(added)
    return agents


def deregister(model: LeadershipModel, agents: list[_ArrayAgent]) -> None:
    """Remove agents from the model as ``mesa.Agent.remove`` would, and retire them.

    Retired agents refuse to read or write state (their rows are reused). When anything could
    observe the difference, Mesa's own ``Agent.remove`` runs for each agent instead.
    """
    if not agents:
        return
    cls = type(agents[0])
    if _mesa_path_needed(model, cls, ModelSignals.AGENT_REMOVED) or any(type(a) is not cls for a in agents):
        for agent in agents:
            mesa.Agent.remove(agent)
            agent._retire()
        return
    everyone = model._all_agents._agents
    same_type = model._agents_by_type[cls]._agents
    week = model.state.week
    for agent in agents:
        if agent in everyone:
            del everyone[agent]
            del same_type[agent]
        agent._left_in_week = week
        agent._row = -1


class TeamManager(_ArrayAgent):
    """A team manager (direct leidinggevende), one per team.

    Attributes:
        row: The manager's row in :class:`leadsim.state.ManagerState`; also the team index.
    """

    _block_name = "managers"

    reflection = _Row("reflection", doc="Reflection rho in [0, 1] (SF1, SF10).")
    isolation = _Row("isolation", doc="Professional isolation L in [0, 1] (SF10).")
    co_creation = _Row("co_creation", doc="Vision co-creation c in [0, 1] (SF5).")
    visibility = _Row("visibility", doc="Probability p_vis of seeing a professional's collaboration (SF8).")
    theory_of_change = _Row(
        "theory_of_change", doc="Share of the change response guided by a theory of change (SF6)."
    )
    trust = _Row("trust", doc="Trust in the action-learning peer group (SF10).")
    perceived_output = _Row(
        "perceived_output", rule="nonnegative", doc="Perceived weekly placement rate of the team."
    )
    perceived_collaboration = _Row(
        "perceived_collaboration", doc="Collaboration the manager perceives (SF8)."
    )
    hierarchical = _Row("style", 0, doc="Intensity h of hierarchical steering, in [0, 1].")
    supportive = _Row("style", 1, doc="Intensity u of supportive attention, in [0, 1].")
    accountable = _Row("style", 2, doc="Intensity a of accountable leadership, in [0, 1].")
    visionary = _Row("style", 3, doc="Intensity v of visionary leadership, in [0, 1].")

    @property
    def team(self) -> int:
        """The team this manager leads."""
        return self.row

    @property
    def style(self) -> dict[str, float]:
        """Enacted style intensities by kind (hierarchical, supportive, accountable, visionary)."""
        return dict(zip(STYLE_KINDS, self._block.style[self.row].tolist(), strict=True))

    @style.setter
    def style(self, intensities: StyleSpec) -> None:
        self._block.style[self.row] = resolve_style(intensities, field="style")

    @property
    def intended_style(self) -> dict[str, float]:
        """Intended style intensities s0 by kind."""
        return dict(zip(STYLE_KINDS, self._block.intended[self.row].tolist(), strict=True))

    @property
    def dominant_style(self) -> str:
        """The kind of highest enacted intensity."""
        return dominant_kind(self._block.style[self.row])

    @property
    def regime(self) -> str:
        """The current regime of this manager's team."""
        return self.model.team_regimes()[self.row]

    @property
    def professionals(self) -> mesa.agent.AgentSet:
        """The professionals of this manager's team."""
        return self.model.agents_by_type[Professional].select(lambda a: a.team == self.row)


class Professional(_ArrayAgent):
    """A work-and-reintegration professional (case manager, job coach, employer-service adviser).

    Attributes:
        row: The professional's row in :class:`leadsim.state.ProfessionalState`.
    """

    _block_name = "professionals"

    proactivity = _Row("proactivity", doc="Proactivity P in [0, 1]; passivity is 1 - P (SF3, SF4).")
    wellbeing = _Row("wellbeing", doc="Well-being W in [0, 1] (job demands-resources).")
    autonomous_motivation = _Row("autonomous", doc="Autonomous motivation A in [0, 1].")
    controlled_motivation = _Row("controlled", doc="Controlled motivation C in [0, 1].")
    role_ambiguity = _Row("role_ambiguity", doc="Role ambiguity RA in [0, 1] (SF5).")
    felt_accountability = _Row("felt_accountability", doc="Felt accountability FA in [0, 1] (SF4).")
    disposition = _Row("disposition", rule="finite", doc="Fixed proactive disposition z (logit units).")
    effort_methodical = _Row("effort", 0, simplex=True, doc="Effort share on methodical/output work.")
    effort_knowledge = _Row("effort", 1, simplex=True, doc="Effort share on knowledge and innovation.")
    effort_client = _Row("effort", 2, simplex=True, doc="Effort share on client involvement.")
    effort_network = _Row("effort", 3, simplex=True, doc="Effort share on network collaboration.")

    @property
    def team(self) -> int:
        """Index of the professional's team."""
        return int(self._block.team[self.row])

    @property
    def manager(self) -> TeamManager:
        """The professional's own team manager."""
        return self.model.managers[self.team]

    @property
    def passivity(self) -> float:
        """Passivity 1 - P."""
        return 1.0 - self.proactivity

    @property
    def effort(self) -> dict[str, float]:
        """Effort shares by orientation (methodical, knowledge, client, network)."""
        return dict(zip(ORIENTATIONS, self._block.effort[self.row].tolist(), strict=True))

    @property
    def collaboration(self) -> float:
        """Collaboration k = P (e_client + e_network)."""
        e = self._block.effort[self.row]
        return self.proactivity * float(e[CLIENT] + e[NETWORK])

    @property
    def self_reported_collaboration(self) -> float:
        """Collaboration as the professional reports it (SF8)."""
        k = self.collaboration
        return k + self.model.parameters["self_report_bias"] * (1.0 - k)

    @property
    def professionalism_type(self) -> str:
        """The professionalism type whose orientation takes the largest effort share."""
        return PROFESSIONALISM_TYPES[int(np.argmax(self._block.effort[self.row]))]

    @property
    def partner_ties(self) -> float:
        """Mean tie strength to the external partners, in [0, 1]."""
        ties = self._block.ties[self.row]
        return float(ties.mean()) if ties.size else 0.0

    @property
    def ties(self) -> dict[int, float]:
        """Tie strength by partner row, for partners with a tie above 0.01."""
        ties = self._block.ties[self.row]
        return {int(k): float(ties[k]) for k in np.flatnonzero(ties > 0.01)}

    @property
    def clients(self) -> list[Client]:
        """The professional's current clients (in service or placed and followed up)."""
        rows = np.flatnonzero(
            (self.model.state.clients.professional == self.row)
            & (self.model.state.clients.status != ClientStatus.EMPTY)
        )
        return [self.model.client_at(int(r)) for r in rows]


class Client(_ArrayAgent):
    """A job seeker far from the labour market, guided by one professional.

    Attributes:
        row: The client's row in :class:`leadsim.state.ClientState` (rows are reused after a
            client leaves; the agent is removed from the model when it leaves, and then refuses
            to read or write state).
    """

    _block_name = "clients"

    def remove(self) -> None:
        """End this client's service: free its state row (refilled at the next intake) and remove it.

        As in Mesa, removing an agent twice does nothing the second time. The removed agent
        refuses to read or write state from then on (:class:`RemovedAgentError`).
        """
        if self._row < 0:
            return
        self.model._release_client(self)

    distance = _Row("distance", doc="Distance to the labour market d in [0, 1].")
    motivation = _Row("motivation", doc="Motivation / empowerment m in [0, 1].")
    understood = _Row("understood", doc="Felt understood f in [0, 1] (SF9).")
    respected = _Row("respected", doc="Felt respected in [0, 1] (SF9).")
    attention = _Row("attention", rule="nonnegative", doc="Attention received last week (1 = equal share).")
    fit = _Row("fit", doc="Fit of the latest placement at the moment of placement.")

    @property
    def problem_domains(self) -> int:
        """Number of life domains with a problem (health, debt, housing, care, language, skills)."""
        return int(self._block.problem_domains[self.row])

    @property
    def status(self) -> str:
        """``in_service`` or ``placed``."""
        return ClientStatus.NAMES[int(self._block.status[self.row])]

    @property
    def weeks_in_service(self) -> int:
        """Weeks in service since intake."""
        return int(self._block.weeks_in_service[self.row])

    @property
    def weeks_placed(self) -> int:
        """Weeks in work since the latest placement (0 while in service)."""
        return int(self._block.weeks_placed[self.row])

    @property
    def professional(self) -> Professional:
        """The client's professional."""
        return self.model.professionals[int(self._block.professional[self.row])]

    @property
    def team(self) -> int:
        """The team of the client's professional."""
        return int(self.model.state.professionals.team[self._block.professional[self.row]])


class Partner(_ArrayAgent):
    """An external partner organisation: employer, care (GGZ), housing, debt help, UWV or welfare.

    Attributes:
        row: The partner's row in :class:`leadsim.state.PartnerState` and its column in the
            professionals' tie matrix.
    """

    _block_name = "partners"

    openness = _Row("openness", doc="Openness to collaboration in [0, 1].")

    @property
    def kind(self) -> str:
        """Kind of partner, one of :data:`leadsim.state.PARTNER_KINDS`."""
        return PARTNER_KINDS[int(self._block.kind[self.row])]

    @property
    def tie_strength(self) -> float:
        """Sum of the professionals' tie strengths to this partner."""
        return float(self.model.state.professionals.ties[:, self.row].sum())
