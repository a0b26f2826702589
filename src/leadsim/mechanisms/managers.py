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
style s0_j, the style moves toward four targets on the simplex (b = ``action_bias``: short-term goals win even
when output meets the target):

    D_j = drift_rate * [b + (1 - b) S_j] * pi * (1 - rho_j)   toward e_h  (SF1: bias toward action)
    K_j = compensation * D_j                           toward e_u  (SF2: compensation)
    R_j = reflection_pull * rho_j                      toward s0_j (reflection in action)
    X_j = change_push * G_j                            toward T_j  (SF6: the change response)
    s_j <- s_j + D_j (e_h - s_j) + K_j (e_u - s_j) + R_j (s0_j - s_j) + X_j (T_j - s_j)

where G_j = min(1, max(0, 1 - k_hat_j / collaboration_aim)) is the perceived collaboration
shortfall (0 when the aim is 0; :func:`~leadsim.mechanisms.organisation.perceived_shortfall`) and
T_j = (1 - tau_j) e_h + tau_j (e_a + e_v) / 2: a manager without a theory of change (tau = 0)
*orders* the change (hierarchical), one with it leads it through accountability and vision
(SF6). The parameter bounds keep D + K + R + X <= 1, so the update is a convex combination
and s stays on the simplex. A theory-guided change response also co-creates:
c_j += X_j tau_j (1 - c_j).

**Reflection and isolation (SF1, SF10).** Every week, pressure erodes reflection in proportion
to isolation ("knowing in action", Schön 1983), and isolation creeps up; peer meetings (below)
are what counter both:

    rho_j <- rho_j (1 - reflection_erosion * pi * L_j)
    L_j   <- L_j + isolation_drift (1 - L_j)

**Peer action learning (SF10).** With ``action_learning`` on, every
``action_learning_interval`` weeks the managers are paired at random into duos across teams
(with an odd number one sits out). In a duo, trust in the peer group grows first, and learning
follows trust, so effects show only after some meetings; a manager learns more from a more
reflective peer (rho_peer: the duo partner's reflection when they meet):

    trust_j <- trust_j + trust_rate (1 - trust_j)
    g_j      = action_learning_gain * trust_j * (1/2 + rho_peer / 2)
    rho_j <- rho_j + g_j (1 - rho_j);   L_j <- L_j (1 - g_j);   p_vis,j <- p_vis,j + g_j (1 - p_vis,j)
    c_j   <- c_j + g_j (1 - c_j);       tau_j <- tau_j + g_j (1 - tau_j)

(act, reflect, reframe; managers talk with their own staff, p_vis rises; a picture of the
future is built with the team, c rises; an explicit theory of change, tau rises).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from leadsim.mechanisms._math import coefficients, jit
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


class _Coefficients(NamedTuple):
    """The parameters this stage's kernel reads, as floats (see :mod:`leadsim.parameters`)."""

    perception_memory: float
    output_noise: float
    target_rate: float
    drift_rate: float
    action_bias: float
    compensation: float
    reflection_pull: float
    change_push: float
    collaboration_aim: float
    reflection_erosion: float
    isolation_drift: float


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
    _managers_week(
        coefficients(p, _Coefficients),
        float(state.pressure),
        adaptive,
        m.style,
        m.intended,
        m.reflection,
        m.isolation,
        m.co_creation,
        m.visibility,
        m.theory_of_change,
        m.perceived_output,
        m.perceived_collaboration,
        state.team_output,
        draws.output_noise,
        prof.proactivity,
        prof.effort,
        draws.visibility,
        prof.seen,
    )

    # Peer action learning in duos (SF10): every few weeks, for the managers paired up.
    if draws.pairing is not None:
        meet = duos(draws.pairing)
        peer = meet.reshape(-1, 2)[:, ::-1].ravel()  # each manager's duo partner
        peer_reflection = m.reflection[peer]  # as it was when they met
        m.trust[meet] += p.trust_rate * (1.0 - m.trust[meet])
        gain = p.action_learning_gain * m.trust[meet] * (0.5 + 0.5 * peer_reflection)
        m.reflection[meet] += gain * (1.0 - m.reflection[meet])
        m.isolation[meet] *= 1.0 - gain
        m.visibility[meet] += gain * (1.0 - m.visibility[meet])
        m.co_creation[meet] += gain * (1.0 - m.co_creation[meet])
        m.theory_of_change[meet] += gain * (1.0 - m.theory_of_change[meet])
        m.meetings[meet] += 1


@jit
def _managers_week(
    c, pi, adaptive, style, intended, reflection, isolation, co_creation, visibility, tau,
    perceived_output, perceived_collaboration, team_output, output_noise, proactivity, effort,
    visibility_draws, seen,
):  # fmt: skip
    n_teams = style.shape[0]
    size = proactivity.shape[0] // n_teams  # teams are contiguous blocks of equal size
    lam = c.perception_memory
    change_target = np.zeros(4)
    for j in range(n_teams):
        # Observation (SF8): noisy output; collaboration only where it is seen.
        observed_output = team_output[j] + c.output_noise * c.target_rate * output_noise[j]
        perceived_output[j] += lam * (observed_output - perceived_output[j])
        seen_collaboration = 0.0
        for i in range(j * size, (j + 1) * size):
            seen[i] = visibility_draws[i] < visibility[j]
            if seen[i]:
                seen_collaboration += proactivity[i] * (effort[i, CLIENT] + effort[i, NETWORK])
        perceived_collaboration[j] += lam * (seen_collaboration / size - perceived_collaboration[j])

        # Style drift, compensation, reflection and change response (SF1, SF2, SF6).
        if adaptive:
            shortfall = perceived_shortfall(perceived_output[j], c.target_rate)
            urge = c.action_bias + (1.0 - c.action_bias) * shortfall
            drift = c.drift_rate * urge * pi * (1.0 - reflection[j])
            compensate = c.compensation * drift
            pull = c.reflection_pull * reflection[j]
            gap = perceived_shortfall(perceived_collaboration[j], c.collaboration_aim)
            change = c.change_push * gap
            change_target[HIERARCHICAL] = 1.0 - tau[j]
            change_target[ACCOUNTABLE] = tau[j] / 2.0
            change_target[VISIONARY] = tau[j] / 2.0
            for k in range(4):
                s = style[j, k]
                step = (
                    drift * ((1.0 if k == HIERARCHICAL else 0.0) - s)
                    + compensate * ((1.0 if k == SUPPORTIVE else 0.0) - s)
                    + pull * (intended[j, k] - s)
                    + change * (change_target[k] - s)
                )
                style[j, k] = s + step
            co_creation[j] += change * tau[j] * (1.0 - co_creation[j])

        # Reflection erodes under pressure when isolated; isolation creeps up (SF1, SF10).
        reflection[j] *= 1.0 - c.reflection_erosion * pi * isolation[j]
        isolation[j] += c.isolation_drift * (1.0 - isolation[j])
