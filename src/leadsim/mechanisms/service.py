"""Stage 4, service: creaming, client experience, placement, relapse, and intake (SF9).

Each professional i divides her attention over her in-service clients. Under output pressure
attention skews to clients near the labour market ("creaming", parking the far ones); client
involvement is what makes a client feel understood (curiosity about the lifeworld, SF9), while
an efficiency focus pushes the lifeworld out of view (the system world, Habermas).

**Attention (creaming).** With d_c the client's distance, h_j her manager's hierarchical intensity:

    k_i   = creaming pi (1/2 + h_j)
    w_c   = exp(-k_i d_c)
    att_c = (REFERENCE_CASELOAD / n_i) w_c / mean_{c' of i} w_c'

n_i is i's number of clients in service; att = 1 is an equal share at the reference caseload.

**Client experience** (SF9), relaxed at ``client_rate``, with involvement
I_c = 4 att_c e_client,i P_i (1 for equal attention, a quarter of effort on clients, P = 1):

    f* = sigma(understood_base + understood_involvement I_c - system_world e_meth,i)   felt understood
    r* = sigma(respected_base + respect_wellbeing W_i)                                  felt respected
    m* = sigma(motivation_base + empowerment I_c f_c)                motivation (with the new f)

Respect rests on the professional's conduct (her well-being), understanding on involvement, so
pressure lowers the second much more than the first (SF9).

**Placement.** Three channels (essay Table 1c): methodical/output work (carried by proactivity
and, under output steering, by controlled motivation: compliance), coproduction (involvement x
client motivation), and the network: T_i, the professional's mean tie strength to *employers*
(partners of kind ``employer``; 0 if there are none):

    lambda_c = placement_base tightness exp(distance_effect (1/2 - d_c))
               [method_weight att_c 4 e_meth,i (P_i + C_i) / 2 + coproduction_weight I_c m_c
                + network_weight T_i]
    placed  <=>  U_c < 1 - exp(-lambda_c)

At placement the fit is recorded: fit_c = (f_c + m_c) / 2.

**Relapse and sustainability.** A placed client relapses with weekly hazard

    lambda_r = relapse_base exp(relapse_distance (d_c - 1/2) - relapse_fit (fit_c - 1/2)
                                - relapse_support S_i d_c)

and returns to her professional's caseload; one still in work ``followup_weeks`` after placement
is a sustainable placement and leaves the model. S_i is her professional's mean tie strength to
the *other* partners (care/GGZ, housing, debt help, UWV, welfare; 0 if there are none): support
across life domains keeps a placement going, the more so the more domains the client has
problems in (the essay's "Op koers" joint approach; connective professionalism).

**Intake.** New clients flow in to top every professional up to ``caseload`` clients in service.
A new client has a problem in each of six life domains (health, debt, housing, care, language,
skills) with probability ``problem_domain_prob``: distance d = domains / 6; motivation
m ~ U(M_INTAKE_LOW, M_INTAKE_HIGH); felt understood and respected start at F_INTAKE and R_INTAKE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import coefficients, jit, logistic_scalar
from leadsim.state import CLIENT, METHODICAL, PARTNER_KINDS, ClientState, ClientStatus, SimulationState
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
M_INTAKE_LOW, M_INTAKE_HIGH = 0.3, 0.6
F_INTAKE = 0.5
R_INTAKE = 0.7
N_DOMAINS = 6
IN_SERVICE, PLACED, EMPTY = ClientStatus.IN_SERVICE, ClientStatus.PLACED, ClientStatus.EMPTY
EMPLOYER = PARTNER_KINDS.index("employer")


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


class _Coefficients(NamedTuple):
    """The parameters this stage's kernel reads, as floats (see :mod:`leadsim.parameters`)."""

    creaming: float
    client_rate: float
    understood_base: float
    understood_involvement: float
    system_world: float
    respected_base: float
    respect_wellbeing: float
    motivation_base: float
    empowerment: float
    placement_base: float
    tightness: float
    distance_effect: float
    method_weight: float
    coproduction_weight: float
    network_weight: float
    relapse_base: float
    relapse_fit: float
    relapse_distance: float
    relapse_support: float
    followup_weeks: float


def service_stage(state: SimulationState, p: SimpleNamespace, draws: ServiceDraws) -> ServiceOutcome:
    """Apply a week of service in place (equations in the module docstring)."""
    cl = state.clients
    prof = state.professionals
    # The kernel writes its results into arrays it is given and returns nothing: a compiled
    # function's returned arrays are boxed through a Python call, where a pending Ctrl-C would
    # land and be lost (leadsim.parallel, "Ctrl-C in this process").
    counts = np.zeros(6, dtype=np.int64)
    team_output = np.zeros(state.managers.n)
    rows = np.empty((3, cl.capacity), dtype=np.int64)
    _service_week(
        coefficients(p, _Coefficients),
        float(state.pressure),
        state.managers.style,
        prof.effort,
        prof.proactivity,
        prof.controlled,
        prof.wellbeing,
        prof.ties,
        state.partners.kind,
        cl.status,
        cl.professional,
        cl.problem_domains,
        cl.distance,
        cl.motivation,
        cl.understood,
        cl.respected,
        cl.attention,
        cl.weeks_in_service,
        cl.weeks_placed,
        cl.fit,
        cl.placements,
        draws.placement,
        draws.relapse,
        team_output,
        counts,
        rows[0],
        rows[1],
        rows[2],
    )
    served, far, far_placed, n_placed, n_relapsed, n_left = counts.tolist()
    placed, relapsed, left = rows[0, :n_placed], rows[1, :n_relapsed], rows[2, :n_left]
    state.team_output = team_output
    state.far_in_service_weeks += far
    state.near_in_service_weeks += served - far
    state.far_placements_total += far_placed
    state.near_placements_total += len(placed) - far_placed
    state.served_week = served
    state.placements_week = len(placed)
    state.relapses_week = len(relapsed)
    state.sustainable_week = len(left)
    state.placements_total += len(placed)
    state.relapses_total += len(relapsed)
    state.sustainable_total += len(left)
    return ServiceOutcome(placed, relapsed, left)


@jit
def _service_week(
    c, pi, style, effort, proactivity, controlled, wellbeing, ties, partner_kind, status, professional,
    problem_domains, distance, motivation, understood, respected, attention, weeks_in_service,
    weeks_placed, fit, placements, placement_draws, relapse_draws, team_output, counts, placed, relapsed,
    left,
):  # fmt: skip
    n_prof = proactivity.shape[0]
    n_teams = style.shape[0]
    size = n_prof // n_teams  # teams are contiguous blocks of equal size
    n_rows = status.shape[0]

    # Per professional: the creaming weight of each distance class (d = domains / 6), her clients'
    # weight sum, her mean ties to employers and to the other partners, and the respect her
    # conduct earns (all shared by her clients).
    n_employers = 0
    for k in range(partner_kind.shape[0]):
        if partner_kind[k] == EMPLOYER:
            n_employers += 1
    n_support = partner_kind.shape[0] - n_employers
    creaming_weight = np.empty((n_prof, N_DOMAINS + 1))
    employer_ties = np.zeros(n_prof)
    support_ties = np.zeros(n_prof)
    respect_target = np.empty(n_prof)
    for i in range(n_prof):
        exponent = c.creaming * pi * (0.5 + style[i // size, HIERARCHICAL])
        for domains in range(N_DOMAINS + 1):
            creaming_weight[i, domains] = math.exp(-exponent * (domains / N_DOMAINS))
        for k in range(ties.shape[1]):
            if partner_kind[k] == EMPLOYER:
                employer_ties[i] += ties[i, k] / n_employers
            else:
                support_ties[i] += ties[i, k] / n_support
        respect_target[i] = logistic_scalar(c.respected_base + c.respect_wellbeing * wellbeing[i])
    distance_factor = np.empty(N_DOMAINS + 1)
    for domains in range(N_DOMAINS + 1):
        distance_factor[domains] = math.exp(c.distance_effect * (0.5 - domains / N_DOMAINS))
    weight_sum = np.zeros(n_prof)
    for row in range(n_rows):
        if status[row] == IN_SERVICE:
            weight_sum[professional[row]] += creaming_weight[professional[row], problem_domains[row]]

    n_placed = n_relapsed = n_left = served = far = far_placed = 0
    served_per_team = np.zeros(n_teams)
    placed_per_team = np.zeros(n_teams)
    rate = c.client_rate
    for row in range(n_rows):
        if status[row] == IN_SERVICE:
            i = professional[row]
            d = distance[row]
            e_meth = effort[i, METHODICAL]
            att = REFERENCE_CASELOAD * creaming_weight[i, problem_domains[row]] / weight_sum[i]
            involvement = att * 4.0 * effort[i, CLIENT] * proactivity[i]
            f = understood[row] + rate * (
                logistic_scalar(
                    c.understood_base - c.system_world * e_meth + c.understood_involvement * involvement
                )
                - understood[row]
            )
            respected[row] += rate * (respect_target[i] - respected[row])
            target_m = logistic_scalar(c.motivation_base + c.empowerment * involvement * f)
            mo = motivation[row] + rate * (target_m - motivation[row])
            attention[row], understood[row], motivation[row] = att, f, mo
            weeks_in_service[row] += 1
            channels = (
                att * c.method_weight * 4.0 * e_meth * (proactivity[i] + controlled[i]) / 2.0
                + c.coproduction_weight * involvement * mo
                + c.network_weight * employer_ties[i]
            )
            hazard = c.placement_base * c.tightness * distance_factor[problem_domains[row]] * channels
            is_placed = placement_draws[row] < 1.0 - math.exp(-hazard)
            served += 1
            served_per_team[i // size] += 1.0
            if d >= FAR_DISTANCE:
                far += 1
            if is_placed:
                placed[n_placed] = row
                n_placed += 1
                placed_per_team[i // size] += 1.0
                if d >= FAR_DISTANCE:
                    far_placed += 1
                status[row] = PLACED
                weeks_placed[row] = 0
                fit[row] = (f + mo) / 2.0
                placements[row] += 1
        elif status[row] == PLACED:
            weeks_placed[row] += 1
            hazard = c.relapse_base * math.exp(
                c.relapse_distance * (distance[row] - 0.5)
                - c.relapse_fit * (fit[row] - 0.5)
                - c.relapse_support * support_ties[professional[row]] * distance[row]
            )
            if relapse_draws[row] < 1.0 - math.exp(-hazard):
                relapsed[n_relapsed] = row
                n_relapsed += 1
                status[row] = IN_SERVICE
                weeks_placed[row] = 0
            elif weeks_placed[row] >= c.followup_weeks:
                left[n_left] = row
                n_left += 1
                status[row] = EMPTY

    for j in range(n_teams):
        team_output[j] = placed_per_team[j] / served_per_team[j] if served_per_team[j] > 0 else 0.0
    counts[0], counts[1], counts[2] = served, far, far_placed
    counts[3], counts[4], counts[5] = n_placed, n_relapsed, n_left


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
