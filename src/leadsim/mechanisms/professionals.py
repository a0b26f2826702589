"""Stage 3, the professionals: how they respond to their own manager's enacted style.

Professional i in team j sees the style intensities s_j = (h, u, a, v) of manager j (each in
[0, 1], :mod:`leadsim.styles`), her vision co-creation c_j, pressure pi and scrutiny sigma. Each
state variable X relaxes toward a target X* at ``adaptation_rate`` r: X <- X + r (X* - X), which
keeps X in [0, 1]. sigma(.) below is the logistic function, and v_c = c_j v is the *co-created*
part of visionary leadership. Every coefficient is a named parameter (:mod:`leadsim.parameters`
gives its source or says it is an assumption); the ``*_base`` intercepts set the level of a
state when every style term is zero.

**Motivation crowding** (Frey & Jegen 2001; Deci, Koestner & Ryan 1999; SF4, SF5). Output
steering crowds out autonomous and raises controlled motivation, more so under pressure;
accountable and co-created visionary leadership support autonomy; supportive attention that is
perceived as acknowledging crowds autonomous motivation *in* (Frey & Jegen 2001):

    A* = sigma(autonomy_base + autonomy_support (a + v_c) + support_crowding_in u
               - crowding_out h (1/2 + pi))
    C* = sigma(control_base + control_gain h (1/2 + pi) + control_scrutiny sigma)

**Role ambiguity** (Rizzo, House & Lirtzman 1970; Skogstad et al. 2007; SF5). Ambiguity is what
is left when direction is absent: accountability, vision and steering each give clarity (an
imposed vision only ``imposed_clarity`` of it), and a manager low on all of them (laissez-faire,
absent leadership, Skogstad et al. 2007) leaves her staff at ``ambiguity_base``. Supportive
attention gives no direction, but by default it does not add ambiguity either. Under the
competing submodel ``support_form = "comfort"`` (the essay's reading of its survey, SF3) it does:
attention to the person *instead of* to the work is read as a signal that anything goes:

    RA* = sigma(ambiguity_base - clarity_accountable a - clarity_vision v (c + imposed_clarity (1 - c))
                - clarity_hierarchical h [+ ambiguity_support u if support_form = "comfort"])

**Felt accountability** (Tummers & Knies 2016; SF4):

    FA* = sigma(accountability_base + accountability_gain (a + accountability_vision v_c)
                + accountability_output h)

**Well-being, job demands-resources** (Crawford, LePine & Rich 2010; Bakker & Demerouti 2007).
Support and autonomy are resources, pressure x output steering a hindrance demand, accountability
a challenge demand, ambiguity a hindrance:

    W* = sigma(wellbeing_base + support_resource u + wellbeing_autonomy A - hindrance pi h
               - wellbeing_ambiguity RA + wellbeing_challenge a)

**Proactivity** (passivity = 1 - P), a state of its own beside well-being (engagement is not
satisfaction; Crawford, LePine & Rich 2010 find resources and challenge demands raise
engagement, hindrances lower it; Parker, Bindl & Strauss 2010 on proactive motivation):

    P* = sigma(proactivity_base + proactivity_autonomy A + proactivity_accountability FA
               - proactivity_ambiguity RA + proactivity_wellbeing W - proactivity_control C
               + z_i + behaviour_noise eps_i)

with the fixed disposition z_i ~ N(0, disposition_sd^2) (the "Dinges" is its upper tail).
Supportive attention reaches proactivity only through A and W (the JD-R motivational path);
whether supportive-dominant teams end up *more passive* (SF3) is therefore an outcome of how much
direction they lack, not an assumption.

**Multitask effort** (Holmström & Milgrom 1991; essay Table 1c). Effort shares e over
(methodical, knowledge, client, network) relax at ``effort_rate`` toward e* = softmax(L):

    L = EFFORT_INTERCEPT + EFFORT_AUTONOMY A + EFFORT_ACCOUNTABLE a + EFFORT_VISION v_c
        + e_client support_client_effort u
        + e_meth (output_pull h (1/2 + pi) + effort_control C) - e_know innovation_damping sigma + omega_i

(e_meth, e_know, e_client: unit vectors; the EFFORT_* vectors are per-orientation profiles,
see ``docs/odd.md``). Measured output steering pulls effort to methodical work and away from
client involvement and networking; scrutiny holds innovation back (SF7). omega_i is the
professional's fixed orientation preference, omega_i,k ~ N(0, orientation_sd^2).

**Peer influence** (Friedkin & Johnsen 1990; SF5, SF7). After the individual update x_hat, each
professional is pulled toward the team with susceptibility
lambda = conformity_base + conformity_scrutiny sigma (conformity rises with scrutiny, SF7):

    e_i <- (1 - lambda) e_hat_i + lambda [(1 - w_j) mean_{k in j} e_hat_k + w_j m_j]
    P_i <- (1 - lambda) P_hat_i + lambda mean_{k in j} P_hat_k

The manager is a node with effort profile m_j = (1 - familiar_nudge sigma) m0_j
+ familiar_nudge sigma e_meth, where m0_j = sum_k s_jk STYLE_EFFORT_k / sum_k s_jk over the three
*work-directing* kinds (hierarchical, accountable, visionary; supportive attention is about the
person and models no way of working; m0_j is the even profile if all three are 0). Under
scrutiny a manager uncertain about targets models familiar, methodical work (SF7). Her weight is
w_j = c_j / (n_j + 1) + (1 - c_j) imposed_weight: one peer among n_j when the vision is
co-created, a heavy outside weight when it is imposed (SF5). This is one Friedkin-Johnsen step per
week, with each professional's own weekly response as her anchor x(0).

**Partner ties** (connective professionalism). A professional contacts partner k with
probability q_ik = 1 - exp(-contact_rate P_i e_net,i o_k), o_k the partner's openness; every tie
decays and a contact strengthens it:

    t_ik <- (1 - tie_decay) t_ik;   t_ik <- t_ik + [U_ik < q_ik] tie_gain (1 - t_ik)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import coefficients, jit, logistic_scalar
from leadsim.state import CLIENT, KNOWLEDGE, METHODICAL, NETWORK, SimulationState
from leadsim.styles import ACCOUNTABLE, HIERARCHICAL, VISIONARY

__all__ = [
    "SUPPORT_FORMS",
    "ProfessionalDraws",
    "draw_professionals",
    "manager_weight",
    "professionals_stage",
]

SUPPORT_FORMS: tuple[str, ...] = ("resource", "comfort")
"""Competing submodels of how supportive attention acts (module docstring)."""

# Effort logits per orientation (methodical, knowledge, client, network), per unit of the driver.
# They are profiles, not magnitudes to estimate one by one: which kinds of work each driver
# favours, after the essay's Tables 1a-1c (docs/odd.md, "Submodels", gives the reading).
EFFORT_INTERCEPT = np.array([1.0, 0.2, 0.3, -0.3])
EFFORT_AUTONOMY = np.array([0.0, 1.0, 1.0, 1.0])
EFFORT_ACCOUNTABLE = np.array([0.0, 0.5, 0.75, 0.5])
EFFORT_VISION = np.array([0.0, 0.25, 0.25, 1.0])

STYLE_EFFORT = np.array(
    [
        [0.70, 0.10, 0.10, 0.10],  # hierarchical: output and method
        [0.25, 0.25, 0.25, 0.25],  # supportive: models no way of working (not used, see docstring)
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


@jit
def manager_weight(co_creation: float, team_size: int, imposed_weight: float) -> float:
    """The manager's weight w_j = c_j / (n_j + 1) + (1 - c_j) imposed_weight in team j's average."""
    return co_creation / (team_size + 1.0) + (1.0 - co_creation) * imposed_weight


class _Coefficients(NamedTuple):
    """The parameters this stage's kernel reads, as floats (see :mod:`leadsim.parameters`)."""

    adaptation_rate: float
    effort_rate: float
    scrutiny: float
    autonomy_base: float
    autonomy_support: float
    support_crowding_in: float
    crowding_out: float
    control_base: float
    control_gain: float
    control_scrutiny: float
    ambiguity_base: float
    ambiguity_support: float
    clarity_accountable: float
    clarity_vision: float
    clarity_hierarchical: float
    imposed_clarity: float
    accountability_base: float
    accountability_gain: float
    accountability_vision: float
    accountability_output: float
    wellbeing_base: float
    support_resource: float
    wellbeing_autonomy: float
    hindrance: float
    wellbeing_ambiguity: float
    wellbeing_challenge: float
    proactivity_base: float
    proactivity_autonomy: float
    proactivity_accountability: float
    proactivity_ambiguity: float
    proactivity_wellbeing: float
    proactivity_control: float
    behaviour_noise: float
    support_client_effort: float
    output_pull: float
    effort_control: float
    innovation_damping: float
    conformity_base: float
    conformity_scrutiny: float
    imposed_weight: float
    familiar_nudge: float
    contact_rate: float
    tie_gain: float
    tie_decay: float


def professionals_stage(state: SimulationState, p: SimpleNamespace, draws: ProfessionalDraws) -> None:
    """Apply the professionals' weekly update in place (equations in the module docstring)."""
    prof = state.professionals
    m = state.managers
    _professionals_week(
        coefficients(p, _Coefficients),
        float(state.pressure),
        p.support_form == "comfort",
        m.style,
        m.co_creation,
        prof.autonomous,
        prof.controlled,
        prof.role_ambiguity,
        prof.felt_accountability,
        prof.wellbeing,
        prof.proactivity,
        prof.effort,
        prof.disposition,
        prof.orientation,
        prof.ties,
        state.partners.openness,
        draws.behaviour_noise,
        draws.contact,
    )


@jit
def _professionals_week(
    c, pi, comfort, style, co_creation, autonomous, controlled, role_ambiguity, felt_accountability,
    wellbeing, proactivity, effort, disposition, orientation, ties, openness, noise, contact,
):  # fmt: skip
    n_teams = style.shape[0]
    size = proactivity.shape[0] // n_teams  # teams are contiguous blocks of equal size
    sigma, r = c.scrutiny, c.adaptation_rate
    keep = 1.0 - (c.conformity_base + c.conformity_scrutiny * sigma)
    familiar = c.familiar_nudge * sigma  # share of the manager's profile moved to methodical work
    own_effort = np.empty((size, 4))
    own_proactivity = np.empty(size)
    logits = np.empty(4)
    team_mean_effort = np.empty(4)
    norm = np.empty(4)
    for j in range(n_teams):
        h, u, a, v = style[j, 0], style[j, 1], style[j, 2], style[j, 3]
        cc = co_creation[j]
        v_c = cc * v
        steering = h * (0.5 + pi)
        # Targets every member of team j shares (motivation crowding, role ambiguity, accountability).
        target_a = logistic_scalar(
            c.autonomy_base
            + c.autonomy_support * (a + v_c)
            + c.support_crowding_in * u
            - c.crowding_out * steering
        )
        target_c = logistic_scalar(c.control_base + c.control_gain * steering + c.control_scrutiny * sigma)
        ambiguity = (
            c.ambiguity_base
            - c.clarity_accountable * a
            - c.clarity_vision * v * (cc + c.imposed_clarity * (1.0 - cc))
            - c.clarity_hierarchical * h
        )
        if comfort:  # support read as "anything goes" (support_form = "comfort")
            ambiguity += c.ambiguity_support * u
        target_ra = logistic_scalar(ambiguity)
        target_fa = logistic_scalar(
            c.accountability_base
            + c.accountability_gain * (a + c.accountability_vision * v_c)
            + c.accountability_output * h
        )
        wellbeing_base = (
            c.wellbeing_base + c.support_resource * u - c.hindrance * pi * h + c.wellbeing_challenge * a
        )
        team_mean_effort[:] = 0.0
        team_mean_proactivity = 0.0
        for member in range(size):
            i = j * size + member
            A = autonomous[i] + r * (target_a - autonomous[i])
            C = controlled[i] + r * (target_c - controlled[i])
            RA = role_ambiguity[i] + r * (target_ra - role_ambiguity[i])
            FA = felt_accountability[i] + r * (target_fa - felt_accountability[i])
            autonomous[i], controlled[i], role_ambiguity[i], felt_accountability[i] = A, C, RA, FA
            target_w = logistic_scalar(wellbeing_base + c.wellbeing_autonomy * A - c.wellbeing_ambiguity * RA)
            W = wellbeing[i] + r * (target_w - wellbeing[i])
            wellbeing[i] = W
            target_p = logistic_scalar(
                c.proactivity_base
                + c.proactivity_autonomy * A
                + c.proactivity_accountability * FA
                - c.proactivity_ambiguity * RA
                + c.proactivity_wellbeing * W
                - c.proactivity_control * C
                + disposition[i]
                + c.behaviour_noise * noise[i]
            )
            own_proactivity[member] = proactivity[i] + r * (target_p - proactivity[i])
            team_mean_proactivity += own_proactivity[member] / size

            # Multitask effort: softmax of the logits.
            top = -np.inf
            for k in range(4):
                logits[k] = (
                    EFFORT_INTERCEPT[k]
                    + EFFORT_AUTONOMY[k] * A
                    + EFFORT_ACCOUNTABLE[k] * a
                    + EFFORT_VISION[k] * v_c
                    + orientation[i, k]
                )
            logits[CLIENT] += c.support_client_effort * u
            logits[METHODICAL] += c.output_pull * steering + c.effort_control * C
            logits[KNOWLEDGE] -= c.innovation_damping * sigma
            for k in range(4):
                top = max(top, logits[k])
            total = 0.0
            for k in range(4):
                logits[k] = math.exp(logits[k] - top)
                total += logits[k]
            for k in range(4):
                own_effort[member, k] = effort[i, k] + c.effort_rate * (logits[k] / total - effort[i, k])
                team_mean_effort[k] += own_effort[member, k] / size

        # Peer influence (Friedkin-Johnsen): the team's effort norm mixes the members' mean with
        # the profile the manager models, a node of weight w_j; one norm per team.
        weight = manager_weight(cc, size, c.imposed_weight)
        directing = h + a + v  # supportive attention models no way of working
        for k in range(4):
            modelled = 0.25
            if directing > 0.0:
                modelled = (
                    h * STYLE_EFFORT[HIERARCHICAL, k]
                    + a * STYLE_EFFORT[ACCOUNTABLE, k]
                    + v * STYLE_EFFORT[VISIONARY, k]
                ) / directing
            modelled *= 1.0 - familiar
            if k == METHODICAL:
                modelled += familiar
            norm[k] = (1.0 - weight) * team_mean_effort[k] + weight * modelled
        for member in range(size):
            i = j * size + member
            proactivity[i] = keep * own_proactivity[member] + (1.0 - keep) * team_mean_proactivity
            for k in range(4):
                effort[i, k] = keep * own_effort[member, k] + (1.0 - keep) * norm[k]
            # Partner ties.
            intensity = c.contact_rate * proactivity[i] * effort[i, NETWORK]
            for k in range(ties.shape[1]):
                tie = ties[i, k] * (1.0 - c.tie_decay)
                if contact[i, k] < 1.0 - math.exp(-intensity * openness[k]):
                    tie += c.tie_gain * (1.0 - tie)
                ties[i, k] = tie
