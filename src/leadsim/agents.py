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
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

import mesa
import numpy as np

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

__all__ = ["Client", "Partner", "Professional", "TeamManager"]


class _Row:
    """A descriptor exposing one row (and optionally one column) of a state array."""

    def __init__(
        self,
        array: str,
        column: int | None = None,
        *,
        bounded: bool = True,
        simplex: bool = False,
        doc: str = "",
    ) -> None:
        self.array = array
        self.column = column
        self.bounded = bounded
        self.simplex = simplex
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        values = getattr(agent._block, self.array)
        value = values[agent.row] if self.column is None else values[agent.row, self.column]
        return value.item()

    def __set__(self, agent: Any, value: float) -> None:
        if self.simplex:
            raise AttributeError(f"{self.name!r} is one share of a simplex; set the whole vector instead")
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise TypeError(f"{self.name!r} must be a number (got {value!r})")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{self.name!r} must be a finite number (got {value!r})")
        if self.bounded and not 0.0 <= number <= 1.0:
            raise ValueError(f"{self.name!r} must be in [0, 1] (got {value!r})")
        values = getattr(agent._block, self.array)
        if self.column is None:
            values[agent.row] = number
        else:
            values[agent.row, self.column] = number


class _ArrayAgent(mesa.Agent):
    """An agent that is a view on row ``row`` of a block of state arrays."""

    model: LeadershipModel
    _block_name: ClassVar[str]

    def __init__(self, model: LeadershipModel, row: int) -> None:
        super().__init__(model)
        self.row = int(row)

    @property
    def _block(self) -> Any:
        return getattr(self.model.state, self._block_name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(unique_id={self.unique_id}, row={self.row})"


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
        "perceived_output", bounded=False, doc="Perceived weekly placement rate of the team."
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
    disposition = _Row("disposition", bounded=False, doc="Fixed proactive disposition z (logit units).")
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
            client leaves; the agent is removed from the model when it leaves).
    """

    _block_name = "clients"

    distance = _Row("distance", doc="Distance to the labour market d in [0, 1].")
    motivation = _Row("motivation", doc="Motivation / empowerment m in [0, 1].")
    understood = _Row("understood", doc="Felt understood f in [0, 1] (SF9).")
    respected = _Row("respected", doc="Felt respected in [0, 1] (SF9).")
    attention = _Row("attention", bounded=False, doc="Attention received last week (1 = equal share).")
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
