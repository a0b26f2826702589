"""Stage 4, service: creaming, client experience, placement, relapse, and intake (SF9).

Each professional i divides her attention over her in-service clients. Under output pressure
attention skews to clients near the labour market ("creaming", parking the far ones); client
involvement is what makes a client feel understood (curiosity about the lifeworld, SF9), while
an efficiency focus pushes the lifeworld out of view (the system world, Habermas).

**Attention (creaming).** With d_c the client's distance, h_j her manager's hierarchical weight:

    k_i   = creaming pi (1/2 + h_j)
    w_c   = exp(-k_i d_c)
    att_c = (REFERENCE_CASELOAD / n_i) w_c / mean_{c' of i} w_c'

n_i is i's number of clients in service; att = 1 is an equal share at the reference caseload.

**Client experience** (SF9), relaxed at ``client_rate``, with involvement
I_c = 4 att_c e_client,i P_i (1 for equal attention, a quarter of effort on clients, P = 1):

    f* = sigma(F0 + understood_involvement I_c - system_world e_meth,i)     felt understood
    r* = sigma(R0 + respect_wellbeing W_i)                                   felt respected
    m* = sigma(M0 + empowerment I_c f_c)                                     motivation (with the new f)

Respect rests on the professional's conduct (her well-being), understanding on involvement, so
pressure lowers the second much more than the first (SF9).

**Placement.** Three channels (essay Table 1c): methodical/output work (carried by proactivity
and, under output steering, by controlled motivation: compliance), coproduction (involvement x
client motivation), and the network (mean tie strength T_i):

    lambda_c = placement_base tightness exp(distance_effect (1/2 - d_c))
               [method_weight att_c 4 e_meth,i (P_i + C_i) / 2 + coproduction_weight I_c m_c
                + network_weight T_i]
    placed  <=>  U_c < 1 - exp(-lambda_c)

At placement the fit is recorded: fit_c = (f_c + m_c) / 2.

**Relapse and sustainability.** A placed client relapses with weekly hazard

    lambda_r = relapse_base exp(relapse_distance (d_c - 1/2) - relapse_fit (fit_c - 1/2))

and returns to her professional's caseload; one still in work ``followup_weeks`` after placement
is a sustainable placement and leaves the model.

**Intake.** New clients flow in to top every professional up to ``caseload`` clients in service.
A new client has a problem in each of six life domains (health, debt, housing, care, language,
skills) with probability ``problem_domain_prob``: distance d = domains / 6; motivation
m ~ U(M_INTAKE_LOW, M_INTAKE_HIGH); felt understood and respected start at F_INTAKE and R_INTAKE.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import logistic, relax
from leadsim.state import CLIENT, METHODICAL, ClientState, ClientStatus, SimulationState
from leadsim.styles import HIERARCHICAL

__all__ = [
    "FAR_DISTANCE",
    "REFERENCE_CASELOAD",
    "IntakeDraws",
    "ServiceDraws",
    "ServiceOutcome",
    "draw_intake",
    "draw_service",
    "intake_stage",
    "service_stage",
]

REFERENCE_CASELOAD = 25.0
"""Caseload at which an equal share of attention is 1."""
FAR_DISTANCE = 0.5
"""Distance from which a client counts as far from the labour market (3 or more domains)."""
F0 = 0.0
R0 = 0.5
M0 = -1.0
M_INTAKE_LOW, M_INTAKE_HIGH = 0.3, 0.6
F_INTAKE = 0.5
R_INTAKE = 0.7
N_DOMAINS = 6


@dataclass(frozen=True, slots=True)
class ServiceDraws:
    """Random numbers of one service stage, one per client row.

    Attributes:
        placement: U_c ~ U(0, 1) for placement of in-service clients.
        relapse: U_c ~ U(0, 1) for relapse of placed clients.
    """

    placement: NDArray[np.float64]
    relapse: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ServiceOutcome:
    """What a service stage changed, for the model's bookkeeping.

    Attributes:
        placed: Rows placed this week.
        relapsed: Rows that relapsed this week.
        left: Rows whose client left the model (sustainable placement); now free.
    """

    placed: NDArray[np.int64]
    relapsed: NDArray[np.int64]
    left: NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class IntakeDraws:
    """Random numbers of one intake, one per new client.

    Attributes:
        professional: The professional of each new client (fixed by the caseload deficits).
        problem_domains: Number of problem domains ~ Binomial(6, problem_domain_prob).
        motivation: U ~ U(0, 1), scaled to the intake motivation range.
    """

    professional: NDArray[np.int64]
    problem_domains: NDArray[np.int64]
    motivation: NDArray[np.float64]


def draw_service(rng: np.random.Generator, state: SimulationState, p: SimpleNamespace) -> ServiceDraws:
    """Draw the random numbers of the service stage."""
    capacity = state.clients.capacity
    return ServiceDraws(rng.random(capacity), rng.random(capacity))


def attention(
    distance: NDArray[np.float64],
    professional: NDArray[np.int64],
    creaming_exponent: NDArray[np.float64],
    n_professionals: int,
) -> NDArray[np.float64]:
    """Attention att_c of in-service clients (arguments restricted to them), see the module docstring."""
    weight = np.exp(-creaming_exponent[professional] * distance)
    sums = np.bincount(professional, weights=weight, minlength=n_professionals)
    # (R / n_i) w_c / (sum_i / n_i) = R w_c / sum_i; every served client's own weight is in sum_i > 0.
    return REFERENCE_CASELOAD * weight / sums[professional]


def service_stage(state: SimulationState, p: SimpleNamespace, draws: ServiceDraws) -> ServiceOutcome:
    """Apply a week of service in place (equations in the module docstring).

    Terms that depend only on the professional are computed once per professional and then
    gathered per client, which keeps the per-client work to a few array operations.
    """
    cl = state.clients
    prof = state.professionals
    pi = state.pressure
    n_prof = prof.n

    serving = np.flatnonzero(cl.status == ClientStatus.IN_SERVICE)
    working = np.flatnonzero(cl.status == ClientStatus.PLACED)
    i = cl.professional[serving]
    d = cl.distance[serving]

    # Per professional.
    e_meth = prof.effort[:, METHODICAL]
    creaming_exponent = p.creaming * pi * (0.5 + state.managers.style[prof.team, HIERARCHICAL])
    involvement_per_attention = 4.0 * prof.effort[:, CLIENT] * prof.proactivity
    understood_offset = F0 - p.system_world * e_meth
    respect_target = logistic(R0 + p.respect_wellbeing * prof.wellbeing)
    method_channel = p.method_weight * 4.0 * e_meth * (prof.proactivity + prof.controlled) / 2.0
    network_channel = p.network_weight * (prof.ties.mean(axis=1) if prof.ties.shape[1] else np.zeros(n_prof))

    # Per client in service.
    att = attention(d, i, creaming_exponent, n_prof)
    involvement = att * involvement_per_attention[i]
    understood = relax(
        cl.understood[serving],
        logistic(understood_offset[i] + p.understood_involvement * involvement),
        p.client_rate,
    )
    respected = relax(cl.respected[serving], respect_target[i], p.client_rate)
    motivation = relax(
        cl.motivation[serving], logistic(M0 + p.empowerment * involvement * understood), p.client_rate
    )
    cl.attention[serving] = att
    cl.understood[serving] = understood
    cl.respected[serving] = respected
    cl.motivation[serving] = motivation
    cl.weeks_in_service[serving] += 1

    channels = att * method_channel[i] + p.coproduction_weight * involvement * motivation + network_channel[i]
    hazard = p.placement_base * p.tightness * np.exp(p.distance_effect * (0.5 - d)) * channels
    is_placed = draws.placement[serving] < -np.expm1(-hazard)
    placed = serving[is_placed]

    # Team output for managers: placements / clients in service, per team.
    served_per_team = np.bincount(
        prof.team, weights=np.bincount(i, minlength=n_prof), minlength=state.managers.n
    )
    placed_per_team = np.bincount(
        prof.team, weights=np.bincount(i[is_placed], minlength=n_prof), minlength=state.managers.n
    )
    state.team_output = np.divide(
        placed_per_team, served_per_team, out=np.zeros_like(served_per_team), where=served_per_team > 0
    )
    far = d >= FAR_DISTANCE
    n_far = int(np.count_nonzero(far))
    n_far_placed = int(np.count_nonzero(is_placed & far))
    state.far_in_service_weeks += n_far
    state.near_in_service_weeks += len(serving) - n_far
    state.far_placements_total += n_far_placed
    state.near_placements_total += len(placed) - n_far_placed

    # Relapse or sustainability of earlier placements.
    cl.weeks_placed[working] += 1
    relapse_hazard = p.relapse_base * np.exp(
        p.relapse_distance * (cl.distance[working] - 0.5) - p.relapse_fit * (cl.fit[working] - 0.5)
    )
    is_relapse = draws.relapse[working] < -np.expm1(-relapse_hazard)
    relapsed = working[is_relapse]
    kept = working[~is_relapse]
    left = kept[cl.weeks_placed[kept] >= p.followup_weeks]

    cl.status[relapsed] = ClientStatus.IN_SERVICE
    cl.weeks_placed[relapsed] = 0
    cl.status[left] = ClientStatus.EMPTY

    cl.status[placed] = ClientStatus.PLACED
    cl.weeks_placed[placed] = 0
    cl.fit[placed] = (understood[is_placed] + motivation[is_placed]) / 2.0
    cl.placements[placed] += 1

    state.served_week = len(serving)
    state.placements_week = len(placed)
    state.relapses_week = len(relapsed)
    state.sustainable_week = len(left)
    state.placements_total += len(placed)
    state.relapses_total += len(relapsed)
    state.sustainable_total += len(left)
    return ServiceOutcome(placed, relapsed, left)


def caseload_deficit(state: SimulationState, caseload: int) -> NDArray[np.int64]:
    """Clients each professional needs to reach ``caseload`` clients in service."""
    cl = state.clients
    serving = cl.status == ClientStatus.IN_SERVICE
    counts = np.bincount(cl.professional[serving], minlength=state.professionals.n)
    return np.maximum(caseload - counts, 0)


def draw_intake(rng: np.random.Generator, state: SimulationState, p: SimpleNamespace) -> IntakeDraws:
    """Draw the new clients that top every caseload up to ``caseload``."""
    deficit = caseload_deficit(state, p.caseload)
    professional = np.repeat(np.arange(state.professionals.n), deficit)
    n_new = len(professional)
    domains = rng.binomial(N_DOMAINS, p.problem_domain_prob, size=n_new)
    motivation = rng.random(n_new)
    return IntakeDraws(professional, domains, motivation)


def intake_stage(state: SimulationState, p: SimpleNamespace, draws: IntakeDraws) -> NDArray[np.int64]:
    """Admit the drawn clients into free rows (growing the arrays if needed).

    Returns:
        The rows of the new clients, in the order of ``draws``.
    """
    cl = state.clients
    n_new = len(draws.professional)
    free = np.flatnonzero(cl.status == ClientStatus.EMPTY)
    if len(free) < n_new:
        cl.grow(max(n_new - len(free), cl.capacity // 2, 16))
        free = np.flatnonzero(cl.status == ClientStatus.EMPTY)
    rows = free[:n_new]
    _admit(cl, rows, draws)
    return rows


def _admit(cl: ClientState, rows: NDArray[np.int64], draws: IntakeDraws) -> None:
    cl.status[rows] = ClientStatus.IN_SERVICE
    cl.professional[rows] = draws.professional
    cl.problem_domains[rows] = draws.problem_domains
    cl.distance[rows] = draws.problem_domains / N_DOMAINS
    cl.motivation[rows] = M_INTAKE_LOW + (M_INTAKE_HIGH - M_INTAKE_LOW) * draws.motivation
    cl.understood[rows] = F_INTAKE
    cl.respected[rows] = R_INTAKE
    cl.attention[rows] = 0.0
    cl.weeks_in_service[rows] = 0
    cl.weeks_placed[rows] = 0
    cl.fit[rows] = 0.0
    cl.placements[rows] = 0
