"""Stage 3, the professionals: how they respond to their own manager's enacted style.

Professional i in team j sees the style s_j = (h, u, a, v) of manager j, her vision
co-creation c_j, pressure pi and scrutiny sigma. Each state variable X relaxes toward a target
X* at ``adaptation_rate`` r: X <- X + r (X* - X), which keeps X in [0, 1]. sigma(.) below is the
logistic function, and v_c = c_j v is the *co-created* part of visionary leadership.

**Motivation crowding** (Frey & Jegen 2001; Deci, Koestner & Ryan 1999; SF4, SF5). Output
steering crowds out autonomous and raises controlled motivation, more so under pressure;
accountable and co-created visionary leadership support autonomy:

    A* = sigma(A0 + autonomy_support (a + v_c) - crowding_out h (1/2 + pi))
    C* = sigma(C0 + control_gain h (1/2 + pi) + CONTROL_SCRUTINY sigma)

**Role ambiguity** (Skogstad et al. 2007; SF3, SF5). Supportive leadership without direction is
laissez-faire-like and raises ambiguity; accountability and vision give clarity, an imposed
vision only ``imposed_clarity`` of it:

    RA* = sigma(RA0 + ambiguity_support u - clarity_accountable a
                - clarity_vision v (c + imposed_clarity (1 - c)) - CLARITY_HIERARCHICAL h)

**Felt accountability** (Tummers & Knies 2016; SF4):

    FA* = sigma(FA0 + accountability_gain (a + ACCOUNTABILITY_VISION v_c) + ACCOUNTABILITY_OUTPUT h)

**Well-being, job demands-resources** (Crawford, LePine & Rich 2010; SF3). Support and autonomy
are resources, pressure x output steering a hindrance demand, accountability a challenge demand:

    W* = sigma(W0 + support_resource u + WELLBEING_AUTONOMY A - hindrance pi h
               - WELLBEING_AMBIGUITY RA + WELLBEING_CHALLENGE a)

**Proactivity** (passivity = 1 - P), separate from well-being so that supportive-only
leadership can raise W while P sags (SF3) and accountable leadership raises P most (SF4):

    P* = sigma(P0 + proactivity_autonomy A + proactivity_accountability FA - proactivity_ambiguity RA
               + proactivity_wellbeing W - PROACTIVITY_CONTROL C + z_i + behaviour_noise eps_i)

with the fixed disposition z_i ~ N(0, disposition_sd) (the "Dinges" is its upper tail).

**Multitask effort** (Holmström & Milgrom 1991; essay Table 1c). Effort shares e over
(methodical, knowledge, client, network) relax at ``effort_rate`` toward e* = softmax(L):

    L = EFFORT_INTERCEPT + EFFORT_AUTONOMY A + EFFORT_ACCOUNTABLE a + EFFORT_SUPPORTIVE u
        + EFFORT_VISION v_c + e_meth (output_pull h (1/2 + pi) + EFFORT_CONTROL C)
        - e_know innovation_damping sigma + o_i

(e_meth, e_know: unit vectors). Measured output steering pulls effort to methodical work and
away from client involvement and networking; scrutiny holds innovation back (SF7). o_i is the
professional's fixed orientation preference, o_i,k ~ N(0, orientation_sd): professionals differ
in which kind of professionalism draws them (essay Tables 1a-1c; the "Dinges" is a strong
network orientation with a high disposition).

**Peer influence** (Friedkin & Johnsen 1990; SF5, SF7). After the individual update x_hat, each
professional is pulled toward the team with susceptibility
lambda = conformity_base + conformity_scrutiny sigma (conformity rises with scrutiny, SF7):

    e_i <- (1 - lambda) e_hat_i + lambda [(1 - w_j) mean_{k in j} e_hat_k + w_j m_j]
    P_i <- (1 - lambda) P_hat_i + lambda mean_{k in j} P_hat_k

The manager is a node with effort profile m_j = s_j STYLE_EFFORT and weight
w_j = c_j / (n_j + 1) + (1 - c_j) imposed_weight: one peer among n_j when the vision is
co-created, a heavy outside weight when it is imposed (SF5). This is one Friedkin-Johnsen step
per week, with each professional's own weekly response as her anchor x(0).

**Partner ties** (connective professionalism). A professional contacts partner k with
probability q_ik = 1 - exp(-contact_rate P_i e_net,i o_k), o_k the partner's openness; every tie
decays and a contact strengthens it:

    t_ik <- (1 - tie_decay) t_ik;   t_ik <- t_ik + [U_ik < q_ik] tie_gain (1 - t_ik)
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import logistic, relax, softmax_rows
from leadsim.state import KNOWLEDGE, METHODICAL, NETWORK, SimulationState

__all__ = [
    "ProfessionalDraws",
    "draw_professionals",
    "manager_weight",
    "professionals_stage",
]

# Intercepts and fixed coefficients (logit units). Calibrated so that a balanced style at
# moderate pressure gives mid-range states; see docs/odd.md, "Submodels".
A0 = -0.5
C0 = -1.0
CONTROL_SCRUTINY = 1.0
RA0 = 0.0
CLARITY_HIERARCHICAL = 1.0
FA0 = -1.0
ACCOUNTABILITY_VISION = 0.5
ACCOUNTABILITY_OUTPUT = 0.5
W0 = 0.2
WELLBEING_AUTONOMY = 0.5
WELLBEING_AMBIGUITY = 1.0
WELLBEING_CHALLENGE = 0.5
P0 = -1.2
PROACTIVITY_CONTROL = 0.5

# Effort logits per orientation (methodical, knowledge, client, network).
EFFORT_INTERCEPT = np.array([1.0, 0.2, 0.3, -0.3])
EFFORT_AUTONOMY = np.array([0.0, 1.0, 1.0, 1.0])
EFFORT_ACCOUNTABLE = np.array([0.0, 1.0, 1.5, 1.0])
EFFORT_SUPPORTIVE = np.array([0.0, 0.0, 0.5, 0.0])
EFFORT_VISION = np.array([0.0, 0.5, 0.5, 2.0])
EFFORT_CONTROL = 1.0

STYLE_EFFORT = np.array(
    [
        [0.70, 0.10, 0.10, 0.10],  # hierarchical: output and method
        [0.25, 0.25, 0.25, 0.25],  # supportive: no direction for the work
        [0.20, 0.30, 0.30, 0.20],  # accountable: knowledge and clients
        [0.10, 0.30, 0.20, 0.40],  # visionary: the craft and the network
    ]
)
"""Effort profile each style kind models for the team (rows: style kinds; columns: orientations)."""


@dataclass(frozen=True, slots=True)
class ProfessionalDraws:
    """Random numbers of one professionals' stage.

    Attributes:
        behaviour_noise: eps_i ~ N(0, 1), one per professional.
        contact: U_ik ~ U(0, 1), one per professional and partner.
    """

    behaviour_noise: NDArray[np.float64]
    contact: NDArray[np.float64]


def draw_professionals(
    rng: np.random.Generator, state: SimulationState, p: SimpleNamespace
) -> ProfessionalDraws:
    """Draw the random numbers of the professionals' stage."""
    n = state.professionals.n
    noise = rng.standard_normal(n)
    contact = rng.random((n, state.professionals.ties.shape[1]))
    return ProfessionalDraws(noise, contact)


def manager_weight(
    co_creation: NDArray[np.float64], team_sizes: NDArray[np.int64] | int, imposed_weight: float
) -> NDArray[np.float64]:
    """The manager's weight w_j = c_j / (n_j + 1) + (1 - c_j) imposed_weight in team j's average."""
    return co_creation / (team_sizes + 1.0) + (1.0 - co_creation) * imposed_weight


def professionals_stage(state: SimulationState, p: SimpleNamespace, draws: ProfessionalDraws) -> None:
    """Apply the professionals' weekly update in place (equations in the module docstring).

    The targets of A, C, RA and FA depend only on the team (style, co-creation, pressure,
    scrutiny), so they are computed once per team and repeated over its members; team averages
    use the layout of :class:`leadsim.state.ProfessionalState` (teams are contiguous blocks of
    equal size), so that a team mean is a reshape and a mean rather than a grouped sum.
    """
    prof = state.professionals
    m = state.managers
    n_teams = m.n
    size = prof.n // n_teams
    pi, sigma, r = state.pressure, p.scrutiny, p.adaptation_rate

    # Per team: the style s_j = (h, u, a, v) and co-creation c_j every member responds to.
    h, u, a, v = m.style.T
    c = m.co_creation
    v_c = c * v
    steering = h * (0.5 + pi)
    clarity_of_vision = p.clarity_vision * v * (c + p.imposed_clarity * (1.0 - c))
    team_predictors = np.empty((n_teams, 5))
    team_predictors[:, 0] = A0 + p.autonomy_support * (a + v_c) - p.crowding_out * steering
    team_predictors[:, 1] = C0 + p.control_gain * steering + CONTROL_SCRUTINY * sigma
    team_predictors[:, 2] = (
        RA0
        + p.ambiguity_support * u
        - p.clarity_accountable * a
        - clarity_of_vision
        - CLARITY_HIERARCHICAL * h
    )
    team_predictors[:, 3] = (
        FA0 + p.accountability_gain * (a + ACCOUNTABILITY_VISION * v_c) + ACCOUNTABILITY_OUTPUT * h
    )
    team_predictors[:, 4] = W0 + p.support_resource * u - p.hindrance * pi * h + WELLBEING_CHALLENGE * a
    team_predictors[:, :4] = logistic(team_predictors[:, :4])
    per_professional = np.repeat(team_predictors, size, axis=0)

    # Motivation crowding, role ambiguity, felt accountability (targets shared by the team).
    prof.autonomous = relax(prof.autonomous, per_professional[:, 0], r)
    prof.controlled = relax(prof.controlled, per_professional[:, 1], r)
    prof.role_ambiguity = relax(prof.role_ambiguity, per_professional[:, 2], r)
    prof.felt_accountability = relax(prof.felt_accountability, per_professional[:, 3], r)
    A, C, RA, FA = prof.autonomous, prof.controlled, prof.role_ambiguity, prof.felt_accountability

    # Well-being (job demands-resources) and proactivity: individual terms on top of the team's.
    prof.wellbeing = relax(
        prof.wellbeing,
        logistic(per_professional[:, 4] + WELLBEING_AUTONOMY * A - WELLBEING_AMBIGUITY * RA),
        r,
    )
    proactivity_target = logistic(
        P0
        + p.proactivity_autonomy * A
        + p.proactivity_accountability * FA
        - p.proactivity_ambiguity * RA
        + p.proactivity_wellbeing * prof.wellbeing
        - PROACTIVITY_CONTROL * C
        + prof.disposition
        + p.behaviour_noise * draws.behaviour_noise
    )
    own_proactivity = relax(prof.proactivity, proactivity_target, r)

    # Multitask effort (Holmström & Milgrom 1991): the team's logits plus the individual's.
    team_logits = EFFORT_INTERCEPT + a[:, None] * EFFORT_ACCOUNTABLE + u[:, None] * EFFORT_SUPPORTIVE
    team_logits += v_c[:, None] * EFFORT_VISION
    team_logits[:, METHODICAL] += p.output_pull * steering
    team_logits[:, KNOWLEDGE] -= p.innovation_damping * sigma
    logits = np.repeat(team_logits, size, axis=0) + A[:, None] * EFFORT_AUTONOMY + prof.orientation
    logits[:, METHODICAL] += EFFORT_CONTROL * C
    own_effort = relax(prof.effort, softmax_rows(logits), p.effort_rate)

    # Peer influence, Friedkin-Johnsen with the manager as a node (SF5, SF7).
    keep = 1.0 - (p.conformity_base + p.conformity_scrutiny * sigma)
    by_team = own_effort.reshape(n_teams, size, 4)
    weight = manager_weight(c, size, p.imposed_weight)[:, None]
    team_mean = np.add.reduce(by_team, axis=1) / size
    norm = (1.0 - weight) * team_mean + weight * (m.style @ STYLE_EFFORT)
    prof.effort = (keep * by_team + (1.0 - keep) * norm[:, None, :]).reshape(prof.n, 4)
    own_by_team = own_proactivity.reshape(n_teams, size)
    team_proactivity = np.add.reduce(own_by_team, axis=1, keepdims=True) / size
    prof.proactivity = (keep * own_by_team + (1.0 - keep) * team_proactivity).ravel()

    # Partner ties (connective professionalism).
    if prof.ties.shape[1]:
        intensity = p.contact_rate * (prof.proactivity * prof.effort[:, NETWORK])
        contact_prob = 1.0 - np.exp(-intensity[:, None] * state.partners.openness)
        ties = prof.ties * (1.0 - p.tie_decay)
        prof.ties = np.where(draws.contact < contact_prob, ties + p.tie_gain * (1.0 - ties), ties)
