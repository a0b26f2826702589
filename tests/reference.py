"""Per-agent reference implementation of leadsim's weekly stages: the oracle for the compiled stages.

Every function below is a plain loop over agents ("for each manager j", "for each professional
i", "for each client row c") with Python floats and :mod:`math`, written from the equations in
the module docstrings of :mod:`leadsim.mechanisms` (organisation, managers, professionals,
service). NumPy is used only to read or write one element of a state array at a time. The named
constants (EFFORT_INTERCEPT, STYLE_EFFORT, REFERENCE_CASELOAD, ...) are imported from the
mechanism modules; none of the library's stage functions or kernels is called or copied.

Each ``<stage>_stage_ref`` takes the same arguments as the library's ``<stage>_stage`` (the same
``draws``, made by the library's ``draw_<stage>``) and mutates the state in place, so that
``tests/test_reference.py`` can feed one state to both and compare them to 1e-9.
:func:`step_reference` advances a whole :class:`leadsim.LeadershipModel` by one week with these
stages, in the order of :meth:`LeadershipModel.step <leadsim.LeadershipModel.step>`, so that a
benchmark can time a per-agent run against the library's compiled one.

Where a docstring leaves something open or states it loosely, the choice made here is marked
``DOCSTRING NOTE`` in a comment.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from leadsim import LeadershipModel
from leadsim.mechanisms import draw_intake, draw_managers, draw_professionals, draw_service
from leadsim.mechanisms.managers import ManagerDraws
from leadsim.mechanisms.professionals import (
    EFFORT_ACCOUNTABLE,
    EFFORT_AUTONOMY,
    EFFORT_INTERCEPT,
    EFFORT_VISION,
    STYLE_EFFORT,
    ProfessionalDraws,
)
from leadsim.mechanisms.service import (
    F_INTAKE,
    FAR_DISTANCE,
    M_INTAKE_HIGH,
    M_INTAKE_LOW,
    N_DOMAINS,
    R_INTAKE,
    REFERENCE_CASELOAD,
    IntakeDraws,
    ServiceDraws,
    ServiceOutcome,
)
from leadsim.observables import measure
from leadsim.state import CLIENT, KNOWLEDGE, METHODICAL, NETWORK, PARTNER_KINDS, ClientStatus, SimulationState
from leadsim.styles import ACCOUNTABLE, HIERARCHICAL, SUPPORTIVE, VISIONARY

__all__ = [
    "ReferenceLeadershipModel",
    "intake_stage_ref",
    "managers_stage_ref",
    "organisation_stage_ref",
    "professionals_stage_ref",
    "service_stage_ref",
]

N_KINDS = 4
"""Style kinds (h, u, a, v) and effort orientations (methodical, knowledge, client, network)."""

# The constant vectors and matrix as plain Python floats.
_INTERCEPT = [float(x) for x in EFFORT_INTERCEPT]
_AUTONOMY = [float(x) for x in EFFORT_AUTONOMY]
_ACCOUNTABLE = [float(x) for x in EFFORT_ACCOUNTABLE]
_VISION = [float(x) for x in EFFORT_VISION]
_STYLE_EFFORT = [[float(x) for x in row] for row in STYLE_EFFORT]


# ---------------------------------------------------------------------------------------- helpers
def logistic(x: float) -> float:
    """sigma(x) = 1 / (1 + exp(-x)), written so that exp never overflows."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def relax(x: float, target: float, rate: float) -> float:
    """X <- X + rate (X* - X)."""
    return x + rate * (target - x)


def softmax(logits: list[float]) -> list[float]:
    """softmax(L)_k = exp(L_k) / sum_q exp(L_q) (shifted by max L, which changes nothing)."""
    top = max(logits)
    weights = [math.exp(x - top) for x in logits]
    total = sum(weights)
    return [w / total for w in weights]


def event_probability(hazard: float) -> float:
    """P(event in a week) = 1 - exp(-hazard) (expm1 keeps small hazards exact)."""
    return -math.expm1(-hazard)


def shortfall(perceived: float, target: float) -> float:
    """A perceived shortfall max(0, 1 - perceived / target), kept <= 1.

    DOCSTRING NOTE: managers.py and organisation.py write S_j = max(0, 1 - y_hat_j /
    target_rate) with no upper bound. The observed output y_obs = y + noise can be negative, so
    y_hat can be negative and that expression can exceed 1 (e.g. tightness=0, output_noise=2).
    The same docstrings state that pi(t) stays in [0, 1] and that D + K + R + X <= 1. Both need
    S <= 1, so S is capped at 1 here. That matches the library (``perceived_shortfall`` clips to
    [0, 1]) and is reported as a loose docstring.
    """
    return min(1.0, max(0.0, 1.0 - perceived / target))


# ----------------------------------------------------------------------- stage 1: organisation
def organisation_stage_ref(state: SimulationState, p: SimpleNamespace) -> None:
    """Set pi(t) from the scenario (organisation.py docstring); t = weeks completed."""
    t = state.week
    base = p.pressure
    managers = state.managers

    # G(t): mean over teams of the perceived output shortfall.
    total = 0.0
    for j in range(managers.n):
        total += shortfall(float(managers.perceived_output[j]), p.target_rate)
    g = total / managers.n

    if p.pressure_scenario == "constant":
        pressure = base
    elif p.pressure_scenario == "ramp":
        pressure = base * min(1.0, t / p.ramp_weeks)
    elif p.pressure_scenario == "cycle":
        # Up over ramp_weeks, down over as many, then 0.
        if t <= p.ramp_weeks:
            pressure = base * t / p.ramp_weeks
        elif t <= 2 * p.ramp_weeks:
            pressure = base * (2.0 - t / p.ramp_weeks)
        else:
            pressure = 0.0
    elif p.pressure_scenario == "shock":
        in_shock = p.shock_week <= t < p.shock_week + p.shock_duration
        pressure = base + p.shock_size * (1.0 - base) if in_shock else base
    elif p.pressure_scenario == "endogenous":
        pressure = base + p.pressure_feedback * (1.0 - base) * g
    else:
        raise ValueError(f"unknown pressure scenario {p.pressure_scenario!r}")
    state.pressure = pressure


# --------------------------------------------------------------------------- stage 2: managers
def managers_stage_ref(
    state: SimulationState, p: SimpleNamespace, draws: ManagerDraws, adaptive: bool
) -> None:
    """Observation, style update, reflection/isolation and action learning (managers.py docstring)."""
    m = state.managers
    prof = state.professionals
    pi = state.pressure
    lam = p.perception_memory

    # Observation of output: y_obs_j = y_j + noise; y_hat_j is an EWMA of y_obs_j.
    for j in range(m.n):
        y = float(state.team_output[j])
        y_obs = y + p.output_noise * p.target_rate * float(draws.output_noise[j])
        y_hat = float(m.perceived_output[j])
        m.perceived_output[j] = y_hat + lam * (y_obs - y_hat)

    # Observation of collaboration: professional i is seen with probability p_vis of her
    # manager; what is not seen counts as nothing.
    seen_collaboration = [0.0] * m.n
    members = [0] * m.n
    for i in range(prof.n):
        j = int(prof.team[i])
        seen = float(draws.visibility[i]) < float(m.visibility[j])
        prof.seen[i] = seen
        k = float(prof.proactivity[i]) * (float(prof.effort[i, CLIENT]) + float(prof.effort[i, NETWORK]))
        members[j] += 1
        if seen:
            seen_collaboration[j] += k
    team_wellbeing = [0.0] * m.n
    for i in range(prof.n):
        team_wellbeing[int(prof.team[i])] += float(prof.wellbeing[i])
    for j in range(m.n):
        # DOCSTRING NOTE: the mean over an empty team is taken as 0 (cannot occur: team_size >= 1).
        observed = seen_collaboration[j] / members[j] if members[j] else 0.0
        k_hat = float(m.perceived_collaboration[j])
        m.perceived_collaboration[j] = k_hat + lam * (observed - k_hat)
        w_obs = team_wellbeing[j] / members[j] if members[j] else 0.0
        w_hat = float(m.perceived_wellbeing[j])
        m.perceived_wellbeing[j] = w_hat + lam * (w_obs - w_hat)

    # The desired style, the attention budget and the move toward it (adaptive only).
    if adaptive:
        cost = [p.steering_cost, p.support_cost, p.accountability_cost, p.vision_cost]
        for j in range(m.n):
            rho = float(m.reflection[j])
            tau = float(m.theory_of_change[j])
            s0 = [float(m.intended[j, k]) for k in range(N_KINDS)]

            big_s = shortfall(float(m.perceived_output[j]), p.target_rate)
            urge = pi * (p.action_bias + (1.0 - p.action_bias) * big_s) * (1.0 - rho)  # D_j
            # G_j; DOCSTRING NOTE: with collaboration_aim = 0 nothing is aimed at, so G_j = 0.
            if p.collaboration_aim > 0.0:
                g = max(0.0, 1.0 - float(m.perceived_collaboration[j]) / p.collaboration_aim)
            else:
                g = 0.0
            x = p.change_push * g  # X_j

            if p.compensation_form == "strain":
                strain = max(0.0, p.wellbeing_norm - float(m.perceived_wellbeing[j])) / p.wellbeing_norm
                care = min(1.0, p.care_response * strain)
            elif p.compensation_form == "coupled":
                care = min(1.0, p.compensation * urge)
            else:
                care = 0.0

            desired = [0.0] * N_KINDS
            desired[HIERARCHICAL] = s0[HIERARCHICAL] + (1.0 - s0[HIERARCHICAL]) * min(
                1.0, urge + (1.0 - tau) * x
            )
            desired[SUPPORTIVE] = s0[SUPPORTIVE] + (1.0 - s0[SUPPORTIVE]) * care
            desired[ACCOUNTABLE] = s0[ACCOUNTABLE] + (1.0 - s0[ACCOUNTABLE]) * tau * x
            desired[VISIONARY] = s0[VISIONARY] + (1.0 - s0[VISIONARY]) * tau * x

            if p.attention_budget:
                firefighting = p.firefighting * pi  # F_j
                desired[HIERARCHICAL] = min(desired[HIERARCHICAL], (1.0 - firefighting) / cost[HIERARCHICAL])
                left = 1.0 - firefighting - cost[HIERARCHICAL] * desired[HIERARCHICAL]
                wanted = sum(cost[k] * desired[k] for k in (SUPPORTIVE, ACCOUNTABLE, VISIONARY))
                # DOCSTRING NOTE: phi = min(1, left / wanted); with nothing wanted there is nothing to cut.
                phi = min(1.0, left / wanted) if wanted > 0.0 else 1.0
                for k in (SUPPORTIVE, ACCOUNTABLE, VISIONARY):
                    desired[k] *= phi

            for k in range(N_KINDS):
                m.style[j, k] = float(m.style[j, k]) + p.style_rate * (desired[k] - float(m.style[j, k]))
            c = float(m.co_creation[j])
            m.co_creation[j] = c + p.style_rate * x * tau * (1.0 - c)

    # Reflection erodes under pressure in proportion to isolation; isolation creeps up.
    for j in range(m.n):
        m.reflection[j] = float(m.reflection[j]) * (1.0 - p.reflection_erosion * pi * float(m.isolation[j]))
        m.isolation[j] = float(m.isolation[j]) + p.isolation_drift * (1.0 - float(m.isolation[j]))

    # Peer action learning: consecutive entries of the random permutation form duos; with an
    # odd number of managers the last one sits out.
    if draws.pairing is not None:
        pairing = [int(x) for x in draws.pairing]
        for first in range(0, len(pairing) - 1, 2):
            duo = (pairing[first], pairing[first + 1])
            # Each learns from the peer's reflection as it was when they met.
            peer_reflection = {duo[0]: float(m.reflection[duo[1]]), duo[1]: float(m.reflection[duo[0]])}
            for j in duo:
                trust = float(m.trust[j])
                trust = trust + p.trust_rate * (1.0 - trust)
                m.trust[j] = trust
                gain = p.action_learning_gain * trust * (0.5 + 0.5 * peer_reflection[j])
                m.reflection[j] = float(m.reflection[j]) + gain * (1.0 - float(m.reflection[j]))
                m.isolation[j] = float(m.isolation[j]) * (1.0 - gain)
                m.visibility[j] = float(m.visibility[j]) + gain * (1.0 - float(m.visibility[j]))
                m.co_creation[j] = float(m.co_creation[j]) + gain * (1.0 - float(m.co_creation[j]))
                m.theory_of_change[j] = float(m.theory_of_change[j]) + gain * (
                    1.0 - float(m.theory_of_change[j])
                )
                if p.learning_form == "reframe":  # the intended style itself moves
                    m.intended[j, HIERARCHICAL] = float(m.intended[j, HIERARCHICAL]) * (1.0 - gain)
                    for k in (ACCOUNTABLE, VISIONARY):
                        m.intended[j, k] = float(m.intended[j, k]) + gain * (1.0 - float(m.intended[j, k]))
                m.meetings[j] = int(m.meetings[j]) + 1


# ---------------------------------------------------------------------- stage 3: professionals
def professionals_stage_ref(state: SimulationState, p: SimpleNamespace, draws: ProfessionalDraws) -> None:
    """Motivation, ambiguity, accountability, well-being, proactivity, effort, peers, ties.

    Equations from the professionals.py docstring. DOCSTRING NOTE: the docstring lists the
    targets in the order A, C, RA, FA, W, P without saying whether W* and P* use this week's new
    A, C, RA, FA (and W) or last week's. They are read here in the listed order, i.e. the new
    values (as the service docstring says explicitly for m* and the new f).
    """
    prof = state.professionals
    m = state.managers
    pi, sigma, r = state.pressure, p.scrutiny, p.adaptation_rate

    # 1. Each professional's own response to her manager: x_hat.
    own_effort: list[list[float]] = []
    own_proactivity: list[float] = []
    for i in range(prof.n):
        j = int(prof.team[i])
        h = float(m.style[j, HIERARCHICAL])
        u = float(m.style[j, SUPPORTIVE])
        a = float(m.style[j, ACCOUNTABLE])
        v = float(m.style[j, VISIONARY])
        c = float(m.co_creation[j])
        v_c = c * v  # the co-created part of visionary leadership
        steering = h * (0.5 + pi)  # h (1/2 + pi)

        a_star = logistic(
            p.autonomy_base
            + p.autonomy_support * (a + v_c)
            + p.support_crowding_in * u
            - p.crowding_out * steering
        )
        autonomous = relax(float(prof.autonomous[i]), a_star, r)

        c_star = logistic(p.control_base + p.control_gain * steering + p.control_scrutiny * sigma)
        controlled = relax(float(prof.controlled[i]), c_star, r)

        ra_logit = (
            p.ambiguity_base
            - p.clarity_accountable * a
            - p.clarity_vision * v * (c + p.imposed_clarity * (1.0 - c))
            - p.clarity_hierarchical * h
        )
        if p.support_form == "comfort":
            ra_logit += p.ambiguity_support * u
        ambiguity = relax(float(prof.role_ambiguity[i]), logistic(ra_logit), r)

        fa_star = logistic(
            p.accountability_base
            + p.accountability_gain * (a + p.accountability_vision * v_c)
            + p.accountability_output * h
        )
        accountability = relax(float(prof.felt_accountability[i]), fa_star, r)

        w_star = logistic(
            p.wellbeing_base
            + p.support_resource * u
            + p.wellbeing_autonomy * autonomous
            - p.hindrance * pi * h
            - p.wellbeing_ambiguity * ambiguity
            + p.wellbeing_challenge * a
        )
        wellbeing = relax(float(prof.wellbeing[i]), w_star, r)

        p_star = logistic(
            p.proactivity_base
            + p.proactivity_autonomy * autonomous
            + p.proactivity_accountability * accountability
            - p.proactivity_ambiguity * ambiguity
            + p.proactivity_wellbeing * wellbeing
            - p.proactivity_control * controlled
            + float(prof.disposition[i])
            + p.behaviour_noise * float(draws.behaviour_noise[i])
        )
        own_proactivity.append(relax(float(prof.proactivity[i]), p_star, r))

        prof.autonomous[i] = autonomous
        prof.controlled[i] = controlled
        prof.role_ambiguity[i] = ambiguity
        prof.felt_accountability[i] = accountability
        prof.wellbeing[i] = wellbeing

        # Multitask effort: e relaxes toward softmax(L).
        logits = [
            _INTERCEPT[k]
            + _AUTONOMY[k] * autonomous
            + _ACCOUNTABLE[k] * a
            + _VISION[k] * v_c
            + float(prof.orientation[i, k])
            for k in range(N_KINDS)
        ]
        logits[CLIENT] += p.support_client_effort * u
        logits[METHODICAL] += p.output_pull * steering + p.effort_control * controlled
        logits[KNOWLEDGE] -= p.innovation_damping * sigma
        desired = softmax(logits)
        own_effort.append(
            [relax(float(prof.effort[i, k]), desired[k], p.effort_rate) for k in range(N_KINDS)]
        )

    # 2. Peer influence: one Friedkin-Johnsen step with the manager as a node.
    susceptibility = p.conformity_base + p.conformity_scrutiny * sigma
    team_members: list[list[int]] = [[] for _ in range(m.n)]
    for i in range(prof.n):
        team_members[int(prof.team[i])].append(i)

    norm_effort: list[list[float]] = []
    team_proactivity: list[float] = []
    for j in range(m.n):
        members = team_members[j]
        n_j = len(members)
        if n_j == 0:  # a team without professionals influences nobody
            norm_effort.append([0.0] * N_KINDS)
            team_proactivity.append(0.0)
            continue
        mean_effort = [sum(own_effort[i][k] for i in members) / n_j for k in range(N_KINDS)]
        c = float(m.co_creation[j])
        w = c / (n_j + 1.0) + (1.0 - c) * p.imposed_weight  # the manager's weight w_j
        # The manager's effort profile m_j = (1 - kappa sigma) m0_j + kappa sigma e_meth, m0_j the
        # intensity-weighted mean of the work-directing kinds' profiles (even if they are all 0).
        familiar = p.familiar_nudge * p.scrutiny
        directing = (HIERARCHICAL, ACCOUNTABLE, VISIONARY)
        total = sum(float(m.style[j, q]) for q in directing)
        base_profile = [
            sum(float(m.style[j, q]) * _STYLE_EFFORT[q][k] for q in directing) / total
            if total > 0.0
            else 0.25
            for k in range(N_KINDS)
        ]
        profile = [(1.0 - familiar) * base_profile[k] + (familiar if k == 0 else 0.0) for k in range(N_KINDS)]
        norm_effort.append([(1.0 - w) * mean_effort[k] + w * profile[k] for k in range(N_KINDS)])
        team_proactivity.append(sum(own_proactivity[i] for i in members) / n_j)

    for i in range(prof.n):
        j = int(prof.team[i])
        for k in range(N_KINDS):
            prof.effort[i, k] = (1.0 - susceptibility) * own_effort[i][k] + susceptibility * norm_effort[j][k]
        prof.proactivity[i] = (1.0 - susceptibility) * own_proactivity[i] + susceptibility * team_proactivity[
            j
        ]

    # 3. Partner ties: decay, then a contact (probability q_ik) strengthens the tie.
    n_partners = prof.ties.shape[1]
    for i in range(prof.n):
        intensity = p.contact_rate * float(prof.proactivity[i]) * float(prof.effort[i, NETWORK])
        for k in range(n_partners):
            q = event_probability(intensity * float(state.partners.openness[k]))
            tie = (1.0 - p.tie_decay) * float(prof.ties[i, k])
            if float(draws.contact[i, k]) < q:
                tie = tie + p.tie_gain * (1.0 - tie)
            prof.ties[i, k] = tie


# ---------------------------------------------------------------------------- stage 4: service
def service_stage_ref(state: SimulationState, p: SimpleNamespace, draws: ServiceDraws) -> ServiceOutcome:
    """Creaming, client experience, placement, relapse and sustainability (service.py docstring).

    Returns:
        The rows placed, relapsed and left (sustainably placed) this week, each ascending.
    """
    cl = state.clients
    prof = state.professionals
    m = state.managers
    pi = state.pressure

    # Who is in service and who is in work at the start of the week.
    serving = [c for c in range(cl.capacity) if int(cl.status[c]) == ClientStatus.IN_SERVICE]
    working = [c for c in range(cl.capacity) if int(cl.status[c]) == ClientStatus.PLACED]

    # Attention (creaming): w_c = exp(-k_i d_c), att_c = (R / n_i) w_c / mean_{c' of i} w_c'.
    creaming_exponent = [
        p.creaming * pi * (0.5 + float(m.style[int(prof.team[i]), HIERARCHICAL])) for i in range(prof.n)
    ]
    n_clients = [0] * prof.n
    weight_sum = [0.0] * prof.n
    weight: dict[int, float] = {}
    for c in serving:
        i = int(cl.professional[c])
        weight[c] = math.exp(-creaming_exponent[i] * float(cl.distance[c]))
        n_clients[i] += 1
        weight_sum[i] += weight[c]

    # Mean tie strength to employers (T_i) and to the other partners (S_i); 0 without such partners.
    kinds = [PARTNER_KINDS[int(kind)] for kind in state.partners.kind]
    employers = [k for k, kind in enumerate(kinds) if kind == "employer"]
    supporters = [k for k, kind in enumerate(kinds) if kind != "employer"]
    mean_tie = [
        sum(float(prof.ties[i, k]) for k in employers) / len(employers) if employers else 0.0
        for i in range(prof.n)
    ]
    support_tie = [
        sum(float(prof.ties[i, k]) for k in supporters) / len(supporters) if supporters else 0.0
        for i in range(prof.n)
    ]

    served_per_team = [0] * m.n
    placed_per_team = [0] * m.n
    placed: list[int] = []
    for c in serving:
        i = int(cl.professional[c])
        d = float(cl.distance[c])
        n_i = n_clients[i]
        att = (REFERENCE_CASELOAD / n_i) * weight[c] / (weight_sum[i] / n_i)
        cl.attention[c] = att

        e_client = float(prof.effort[i, CLIENT])
        e_meth = float(prof.effort[i, METHODICAL])
        proactivity = float(prof.proactivity[i])
        involvement = 4.0 * att * e_client * proactivity  # I_c

        # Client experience: f first, then r, then m with the new f.
        f_star = logistic(
            p.understood_base + p.understood_involvement * involvement - p.system_world * e_meth
        )
        understood = relax(float(cl.understood[c]), f_star, p.client_rate)
        r_star = logistic(p.respected_base + p.respect_wellbeing * float(prof.wellbeing[i]))
        respected = relax(float(cl.respected[c]), r_star, p.client_rate)
        m_star = logistic(p.motivation_base + p.empowerment * involvement * understood)
        motivation = relax(float(cl.motivation[c]), m_star, p.client_rate)
        cl.understood[c] = understood
        cl.respected[c] = respected
        cl.motivation[c] = motivation
        cl.weeks_in_service[c] = int(cl.weeks_in_service[c]) + 1

        # Placement hazard: three channels (method, coproduction, network).
        channels = (
            p.method_weight * att * 4.0 * e_meth * (proactivity + float(prof.controlled[i])) / 2.0
            + p.coproduction_weight * involvement * motivation
            + p.network_weight * mean_tie[i]
        )
        hazard = p.placement_base * p.tightness * math.exp(p.distance_effect * (0.5 - d)) * channels
        is_placed = float(draws.placement[c]) < event_probability(hazard)

        team = int(prof.team[i])
        served_per_team[team] += 1
        if d >= FAR_DISTANCE:
            state.far_in_service_weeks += 1
        else:
            state.near_in_service_weeks += 1
        if is_placed:
            placed.append(c)
            placed_per_team[team] += 1
            if d >= FAR_DISTANCE:
                state.far_placements_total += 1
            else:
                state.near_placements_total += 1
            cl.status[c] = ClientStatus.PLACED
            cl.weeks_placed[c] = 0
            cl.fit[c] = (understood + motivation) / 2.0  # fit at placement
            cl.placements[c] = int(cl.placements[c]) + 1

    # Team output y_j for the managers: placements per client in service (0 if none served).
    for j in range(m.n):
        served = served_per_team[j]
        state.team_output[j] = placed_per_team[j] / served if served else 0.0

    # Relapse or sustainability of the clients who were in work at the start of the week.
    relapsed: list[int] = []
    left: list[int] = []
    for c in working:
        cl.weeks_placed[c] = int(cl.weeks_placed[c]) + 1
        relapse_hazard = p.relapse_base * math.exp(
            p.relapse_distance * (float(cl.distance[c]) - 0.5)
            - p.relapse_fit * (float(cl.fit[c]) - 0.5)
            - p.relapse_support * support_tie[int(cl.professional[c])] * float(cl.distance[c])
        )
        if float(draws.relapse[c]) < event_probability(relapse_hazard):
            relapsed.append(c)  # back on her professional's caseload
            cl.status[c] = ClientStatus.IN_SERVICE
            cl.weeks_placed[c] = 0
        elif int(cl.weeks_placed[c]) >= p.followup_weeks:
            left.append(c)  # a sustainable placement: the client leaves the model
            cl.status[c] = ClientStatus.EMPTY

    state.served_week = len(serving)
    state.placements_week = len(placed)
    state.relapses_week = len(relapsed)
    state.sustainable_week = len(left)
    state.placements_total += len(placed)
    state.relapses_total += len(relapsed)
    state.sustainable_total += len(left)
    return ServiceOutcome(_rows(placed), _rows(relapsed), _rows(left))


# ----------------------------------------------------------------------------- stage 5: intake
def intake_stage_ref(state: SimulationState, p: SimpleNamespace, draws: IntakeDraws) -> np.ndarray:
    """Admit the drawn new clients into free rows (service.py docstring, "Intake").

    Returns:
        The rows of the new clients, in the order of ``draws``.
    """
    cl = state.clients
    n_new = len(draws.professional)
    free = [c for c in range(cl.capacity) if int(cl.status[c]) == ClientStatus.EMPTY]
    if len(free) < n_new:
        # Storage, not model: the arrays grow by the library's amortised policy, so that both
        # implementations keep arrays of the same length.
        cl.grow(max(n_new - len(free), cl.capacity // 2, 16))
        free = [c for c in range(cl.capacity) if int(cl.status[c]) == ClientStatus.EMPTY]
    rows = free[:n_new]  # the lowest free rows, in order

    for q, c in enumerate(rows):
        domains = int(draws.problem_domains[q])
        cl.status[c] = ClientStatus.IN_SERVICE
        cl.professional[c] = int(draws.professional[q])
        cl.problem_domains[c] = domains
        cl.distance[c] = domains / N_DOMAINS
        cl.motivation[c] = M_INTAKE_LOW + (M_INTAKE_HIGH - M_INTAKE_LOW) * float(draws.motivation[q])
        cl.understood[c] = F_INTAKE
        cl.respected[c] = R_INTAKE
        cl.attention[c] = 0.0
        cl.weeks_in_service[c] = 0
        cl.weeks_placed[c] = 0
        cl.fit[c] = 0.0
        cl.placements[c] = 0
    return _rows(rows)


# -------------------------------------------------------------------------------- a whole week
class ReferenceLeadershipModel(LeadershipModel):
    """A :class:`leadsim.LeadershipModel` whose week runs the reference stages.

    Everything else is the library model's: set-up, the Mesa agents, the data collector, and
    Mesa's clock (``steps``, ``time``), which wraps this ``step`` as it wraps the library's. The
    model's own rng feeds the library's draw functions in the same order (managers,
    professionals, service, intake), so an identically seeded pair of models must agree.
    """

    def step(self) -> None:
        """Run one week with the per-agent reference stages."""
        state, p, rng = self.state, self._p, self.rng
        organisation_stage_ref(state, p)
        managers_stage_ref(state, p, draw_managers(rng, state, p), adaptive=self._adaptive)
        professionals_stage_ref(state, p, draw_professionals(rng, state, p))
        outcome = service_stage_ref(state, p, draw_service(rng, state, p))
        self._discharge_clients(outcome.left)
        self._admit_clients(intake_stage_ref(state, p, draw_intake(rng, state, p)))
        state.week += 1
        self.metrics_now = measure(state, p)
        self.datacollector.collect(self)


def _rows(rows: list[int]) -> np.ndarray:
    return np.array(rows, dtype=np.int64)
