"""Agent state as arrays: one row per agent, one array per state variable.

leadsim keeps every agent's state in NumPy arrays so that each weekly stage updates a whole
population at once (the design of Mesa's PropertyLayer and of mesa-frames). The Mesa agents
(:mod:`leadsim.agents`) are thin views: ``professional.proactivity`` reads row
``professional.row`` of :attr:`ProfessionalState.proactivity`.

Column orders: style arrays follow :data:`leadsim.styles.STYLE_KINDS`; effort arrays follow
:data:`ORIENTATIONS`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ORIENTATIONS",
    "PARTNER_KINDS",
    "ClientState",
    "ClientStatus",
    "ManagerState",
    "PartnerState",
    "ProfessionalState",
    "SimulationState",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ORIENTATIONS: tuple[str, str, str, str] = ("methodical", "knowledge", "client", "network")
"""The four professionalism orientations of effort (essay Tables 1a-1c): methodical/output
(managerial), knowledge/innovation (traditional), client involvement (coproducing) and network
collaboration (connective)."""

METHODICAL, KNOWLEDGE, CLIENT, NETWORK = range(4)

PROFESSIONALISM_TYPES: tuple[str, str, str, str] = (
    "managerial",
    "traditional",
    "coproducing",
    "connective",
)
"""The professionalism type whose orientation dominates a professional's effort, by column."""

PARTNER_KINDS: tuple[str, ...] = ("employer", "care", "housing", "debt_help", "uwv", "welfare")
"""Kinds of external partner (essay: employers, GGZ, housing corporations, debt help, UWV, welfare)."""


class ClientStatus:
    """Codes of :attr:`ClientState.status`."""

    IN_SERVICE = 0
    PLACED = 1
    EMPTY = -1
    """A free row: the client left (sustainably placed) and the row awaits a new client."""

    NAMES: ClassVar[dict[int, str]] = {IN_SERVICE: "in_service", PLACED: "placed", EMPTY: "exited"}


@dataclass
class ManagerState:
    """State of the team managers, one row per team.

    Attributes:
        style: Enacted style intensities (h, u, a, v), each in [0, 1], shape (n, 4).
        intended: Intended style intensities s0, shape (n, 4).
        reflection: Reflection rho in [0, 1].
        isolation: Professional isolation L in [0, 1].
        co_creation: Vision co-creation c in [0, 1] (1 co-created, 0 imposed).
        visibility: Probability p_vis of seeing a professional's collaboration in a week.
        theory_of_change: Share of the change response guided by a theory of change, [0, 1].
        trust: Trust in the action-learning peer group, [0, 1].
        perceived_output: EWMA of the observed weekly placement rate (placements/client/week).
        perceived_collaboration: EWMA of the collaboration the manager sees, [0, 1].
        perceived_wellbeing: EWMA of the team's mean well-being as the manager sees it, [0, 1].
        meetings: Action-learning meetings attended.
    """

    style: FloatArray
    intended: FloatArray
    reflection: FloatArray
    isolation: FloatArray
    co_creation: FloatArray
    visibility: FloatArray
    theory_of_change: FloatArray
    trust: FloatArray
    perceived_output: FloatArray
    perceived_collaboration: FloatArray
    perceived_wellbeing: FloatArray
    meetings: IntArray

    @property
    def n(self) -> int:
        """Number of managers."""
        return len(self.reflection)


@dataclass
class ProfessionalState:
    """State of the professionals, one row per professional.

    Teams are contiguous blocks of equal size: professionals ``j * size ... (j + 1) * size - 1``
    form team j (``team == repeat(arange(n_teams), size)``). Team averages rely on this layout.

    Attributes:
        team: Team index of each professional.
        effort: Effort shares over :data:`ORIENTATIONS` on the simplex, shape (n, 4).
        proactivity: Proactivity P in [0, 1]; passivity is 1 - P.
        wellbeing: Well-being W in [0, 1].
        autonomous: Autonomous motivation A in [0, 1].
        controlled: Controlled motivation C in [0, 1].
        role_ambiguity: Role ambiguity RA in [0, 1].
        felt_accountability: Felt accountability FA in [0, 1].
        disposition: Fixed proactive disposition z (logit units).
        orientation: Fixed orientation preference o over :data:`ORIENTATIONS` (logit units),
            shape (n, 4).
        ties: Tie strength to each partner in [0, 1], shape (n, n_partners).
        seen: Whether the manager saw this professional's collaboration last week.
    """

    team: IntArray
    effort: FloatArray
    proactivity: FloatArray
    wellbeing: FloatArray
    autonomous: FloatArray
    controlled: FloatArray
    role_ambiguity: FloatArray
    felt_accountability: FloatArray
    disposition: FloatArray
    orientation: FloatArray
    ties: FloatArray
    seen: BoolArray

    @property
    def n(self) -> int:
        """Number of professionals."""
        return len(self.proactivity)


@dataclass
class ClientState:
    """State of the clients, one row per client slot (rows of departed clients are reused).

    Attributes:
        status: :class:`ClientStatus` code per row.
        professional: Index of the client's professional.
        problem_domains: Number of problem domains (0..6) among health, debt, housing, care,
            language and skills.
        distance: Distance to the labour market d = problem_domains / 6, in [0, 1].
        motivation: Motivation / empowerment m in [0, 1].
        understood: Felt understood f in [0, 1] (curiosity about the lifeworld).
        respected: Felt respected in [0, 1].
        attention: Attention received last week (1 = an equal share at the reference caseload).
        weeks_in_service: Weeks in service since intake.
        weeks_placed: Weeks in work since placement (0 while in service).
        fit: Fit of the placement at the moment of placement, in [0, 1].
        placements: Times this client has been placed.
    """

    status: NDArray[np.int8]
    professional: IntArray
    problem_domains: IntArray
    distance: FloatArray
    motivation: FloatArray
    understood: FloatArray
    respected: FloatArray
    attention: FloatArray
    weeks_in_service: IntArray
    weeks_placed: IntArray
    fit: FloatArray
    placements: IntArray

    @property
    def capacity(self) -> int:
        """Number of rows, used and free."""
        return len(self.status)

    def grow(self, extra: int) -> None:
        """Add ``extra`` free rows to every array (amortised doubling is the caller's choice)."""
        for f in fields(self):
            arr = getattr(self, f.name)
            pad = np.full(extra, ClientStatus.EMPTY if f.name == "status" else 0, dtype=arr.dtype)
            setattr(self, f.name, np.concatenate([arr, pad]))


@dataclass
class PartnerState:
    """State of the external partners, one row per partner.

    Attributes:
        kind: Index into :data:`PARTNER_KINDS`.
        openness: Openness to collaboration in [0, 1].
    """

    kind: IntArray
    openness: FloatArray


@dataclass
class SimulationState:
    """Everything that changes during a run, apart from the Mesa bookkeeping.

    Attributes:
        week: Weeks completed.
        pressure: Current pressure pi(t).
        managers: Manager state.
        professionals: Professional state.
        clients: Client state.
        partners: Partner state.
        team_output: Last week's placement rate per team.
        served_week: Clients in service at the start of the last week's service.
        placements_week: Placements in the last week.
        relapses_week: Relapses in the last week.
        sustainable_week: Placements that became sustainable in the last week.
        placements_total: Cumulative placements.
        sustainable_total: Cumulative sustainable placements.
        relapses_total: Cumulative relapses.
        far_in_service_weeks: Client-weeks in service of far-distance clients (d >= 0.5).
        far_placements_total: Placements of far-distance clients.
        near_in_service_weeks: Client-weeks in service of near clients (d < 0.5).
        near_placements_total: Placements of near clients.
    """

    week: int
    pressure: float
    managers: ManagerState
    professionals: ProfessionalState
    clients: ClientState
    partners: PartnerState
    team_output: FloatArray
    served_week: int = 0
    placements_week: int = 0
    relapses_week: int = 0
    sustainable_week: int = 0
    placements_total: int = 0
    sustainable_total: int = 0
    relapses_total: int = 0
    far_in_service_weeks: int = 0
    far_placements_total: int = 0
    near_in_service_weeks: int = 0
    near_placements_total: int = 0

    def copy(self) -> SimulationState:
        """Return a deep copy (used by tests that feed the same state to two implementations)."""
        return copy.deepcopy(self)
