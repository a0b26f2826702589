"""Stage 2, the team managers: observation, style drift, compensation, reflection, action learning.

Managers sit between upper management (targets, pressure, scrutiny) and their professionals
(essay, setting). Each week, in this order:

**Observation (SF8).** Manager j sees last week's team placement rate y_j with noise and
keeps an exponentially weighted memory of it; she sees each professional's collaboration
k_i = P_i (e_client,i + e_network,i) only with probability p_vis,j and counts what she does not
see as nothing, so perceived collaboration falls short of what professionals report:

    y_obs_j  = y_j + output_noise * target_rate * eps_j,            eps_j ~ N(0, 1)
    y_hat_j += perception_memory * (y_obs_j - y_hat_j)
    seen_i   = [U_i < p_vis,j]                                       U_i ~ U(0, 1)
    k_hat_j += perception_memory * (mean_{i in j} seen_i k_i - k_hat_j)

**Style update (SF1, SF2, SF6), adaptive managers only** (``style=None``). With perceived
shortfall S_j = min(1, max(0, 1 - y_hat_j / target_rate)) (clipped, since noisy observed
output can be negative), pressure pi, reflection rho_j and intended
style s0_j, the style moves toward four targets on the simplex:

    D_j = drift_rate * S_j * pi * (1 - rho_j)          toward e_h  (SF1: bias toward action)
    K_j = compensation * D_j                           toward e_u  (SF2: compensation)
    R_j = reflection_pull * rho_j                      toward s0_j (reflection in action)
    X_j = change_push * G_j                            toward T_j  (SF6: the change response)
    s_j <- s_j + D_j (e_h - s_j) + K_j (e_u - s_j) + R_j (s0_j - s_j) + X_j (T_j - s_j)

where G_j = max(0, 1 - k_hat_j / collaboration_aim) is the perceived collaboration shortfall and
T_j = (1 - tau_j) e_h + tau_j (e_a + e_v) / 2: a manager without a theory of change (tau = 0)
*orders* the change (hierarchical), one with it leads it through accountability and vision
(SF6). The parameter bounds keep D + K + R + X <= 1, so the update is a convex combination
and s stays on the simplex. A theory-guided change response also co-creates:
c_j += X_j tau_j (1 - c_j).

**Reflection and isolation (SF1, SF10).** Without peers, pressure erodes reflection in
proportion to isolation ("knowing in action", Schön 1983), and isolation creeps up:

    rho_j <- rho_j (1 - reflection_erosion * pi * L_j)
    L_j   <- L_j + isolation_drift (1 - L_j)

**Peer action learning (SF10).** With ``action_learning`` on, every
``action_learning_interval`` weeks the managers are paired at random into duos across teams
(with an odd number one sits out). In a duo, trust in the peer group grows first, and learning
follows trust, so effects show only after some meetings:

    trust_j <- trust_j + trust_rate (1 - trust_j)
    g_j      = action_learning_gain * trust_j
    rho_j <- rho_j + g_j (1 - rho_j);   L_j <- L_j (1 - g_j);   p_vis,j <- p_vis,j + g_j (1 - p_vis,j)
    c_j   <- c_j + g_j (1 - c_j);       tau_j <- tau_j + g_j (1 - tau_j)

(act, reflect, reframe; managers talk with their own staff, p_vis rises; a picture of the
future is built with the team, c rises; an explicit theory of change, tau rises).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import group_mean
from leadsim.mechanisms.organisation import perceived_shortfall
from leadsim.state import CLIENT, NETWORK, SimulationState
from leadsim.styles import ACCOUNTABLE, HIERARCHICAL, SUPPORTIVE, VISIONARY

__all__ = [
    "ManagerDraws",
    "action_learning_meets",
    "draw_managers",
    "duos",
    "managers_stage",
]


@dataclass(frozen=True, slots=True)
class ManagerDraws:
    """Random numbers of one managers' stage.

    Attributes:
        output_noise: eps_j ~ N(0, 1), one per manager.
        visibility: U_i ~ U(0, 1), one per professional.
        pairing: A random permutation of managers for action-learning duos, or ``None`` in a
            week without a meeting.
    """

    output_noise: NDArray[np.float64]
    visibility: NDArray[np.float64]
    pairing: NDArray[np.int64] | None


def action_learning_meets(week: int, p: SimpleNamespace) -> bool:
    """Whether an action-learning meeting is held in week ``week`` (weeks completed)."""
    return bool(p.action_learning) and (week + 1) % p.action_learning_interval == 0


def draw_managers(rng: np.random.Generator, state: SimulationState, p: SimpleNamespace) -> ManagerDraws:
    """Draw the random numbers of the managers' stage."""
    n_managers = state.managers.n
    noise = rng.standard_normal(n_managers)
    visibility = rng.random(state.professionals.n)
    pairing = rng.permutation(n_managers) if action_learning_meets(state.week, p) else None
    return ManagerDraws(noise, visibility, pairing)


def duos(pairing: NDArray[np.int64]) -> NDArray[np.int64]:
    """Managers who meet a peer: consecutive pairs of the permutation (an odd one sits out)."""
    return pairing[: 2 * (len(pairing) // 2)]


def managers_stage(
    state: SimulationState, p: SimpleNamespace, draws: ManagerDraws, *, adaptive: bool
) -> None:
    """Apply the managers' weekly update in place (equations in the module docstring).

    Args:
        state: Simulation state; managers are updated in place.
        p: Model parameters.
        draws: The stage's random numbers.
        adaptive: Whether managers' styles adapt (``style=None``) or are fixed.
    """
    m = state.managers
    prof = state.professionals
    pi = state.pressure
    lam = p.perception_memory

    # Observation (SF8).
    observed_output = state.team_output + p.output_noise * p.target_rate * draws.output_noise
    m.perceived_output += lam * (observed_output - m.perceived_output)
    seen = draws.visibility < m.visibility[prof.team]
    prof.seen = seen
    collaboration = prof.proactivity * (prof.effort[:, CLIENT] + prof.effort[:, NETWORK])
    observed_collab = group_mean(seen * collaboration, prof.team, m.n)
    m.perceived_collaboration += lam * (observed_collab - m.perceived_collaboration)

    # Style drift, compensation, reflection and change response (SF1, SF2, SF6).
    if adaptive:
        shortfall = perceived_shortfall(m.perceived_output, p.target_rate)
        drift = p.drift_rate * shortfall * pi * (1.0 - m.reflection)
        compensate = p.compensation * drift
        pull = p.reflection_pull * m.reflection
        change = p.change_push * collaboration_shortfall(m.perceived_collaboration, p.collaboration_aim)
        tau = m.theory_of_change
        change_target = np.zeros_like(m.style)
        change_target[:, HIERARCHICAL] = 1.0 - tau
        change_target[:, ACCOUNTABLE] = tau / 2.0
        change_target[:, VISIONARY] = tau / 2.0
        s = m.style
        step = (
            drift[:, None] * (_vertex(HIERARCHICAL) - s)
            + compensate[:, None] * (_vertex(SUPPORTIVE) - s)
            + pull[:, None] * (m.intended - s)
            + change[:, None] * (change_target - s)
        )
        m.style = s + step
        m.co_creation += change * tau * (1.0 - m.co_creation)

    # Reflection erodes under pressure when isolated; isolation creeps up (SF1, SF10).
    m.reflection *= 1.0 - p.reflection_erosion * pi * m.isolation
    m.isolation += p.isolation_drift * (1.0 - m.isolation)

    # Peer action learning in duos (SF10).
    if draws.pairing is not None:
        meet = duos(draws.pairing)
        m.trust[meet] += p.trust_rate * (1.0 - m.trust[meet])
        gain = p.action_learning_gain * m.trust[meet]
        m.reflection[meet] += gain * (1.0 - m.reflection[meet])
        m.isolation[meet] *= 1.0 - gain
        m.visibility[meet] += gain * (1.0 - m.visibility[meet])
        m.co_creation[meet] += gain * (1.0 - m.co_creation[meet])
        m.theory_of_change[meet] += gain * (1.0 - m.theory_of_change[meet])
        m.meetings[meet] += 1


def collaboration_shortfall(perceived: NDArray[np.float64], aim: float) -> NDArray[np.float64]:
    """Perceived collaboration shortfall G_j = max(0, 1 - k_hat_j / aim), 0 when aim is 0."""
    if aim <= 0.0:
        return np.zeros_like(perceived)
    return np.clip(1.0 - perceived / aim, 0.0, 1.0)


def _vertex(kind: int) -> NDArray[np.float64]:
    vertex = np.zeros(4)
    vertex[kind] = 1.0
    return vertex
