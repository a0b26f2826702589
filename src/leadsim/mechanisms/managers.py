"""Stage 2, the team managers: observation, style update under an attention budget, action learning.

Managers sit between upper management (targets, pressure, scrutiny) and their professionals
(essay, setting). A manager's enacted style is four intensities s = (h, u, a, v) in [0, 1]
(:mod:`leadsim.styles`): hierarchical steering, supportive attention, accountability, vision.
Each week, in this order:

**Observation (SF8).** Manager j sees last week's team placement rate y_j with noise and keeps an
exponentially weighted memory of it; she sees each professional's collaboration
k_i = P_i (e_client,i + e_network,i) only with probability p_vis,j and counts what she does not
see as nothing, so perceived collaboration falls short of what professionals report; she also
keeps a memory of her team's mean well-being (she meets her staff, and strain shows):

    y_obs_j  = y_j + output_noise * target_rate * eps_j,            eps_j ~ N(0, 1)
    y_hat_j += perception_memory * (y_obs_j - y_hat_j)
    seen_i   = [U_i < p_vis,j]                                       U_i ~ U(0, 1)
    k_hat_j += perception_memory * (mean_{i in j} seen_i k_i - k_hat_j)
    W_hat_j += perception_memory * (mean_{i in j} W_i - W_hat_j)

**Style update, adaptive managers only** (``style=None``). The manager has a *desired* style s*
and moves her enacted style toward it at ``style_rate`` (habits change slowly):
s_j <- s_j + style_rate (s*_j - s_j). The desired style starts from her intended style s0_j
and is pushed by three things:

* *Bias toward action* (SF1; Gino & Staats 2019; performance-feedback theory, Cyert & March
  1963, Greve 2003). With perceived output shortfall S_j = min(1, max(0, 1 - y_hat_j /
  target_rate)) and b = ``action_bias`` (b = 1: pressure alone drives steering, Gino & Staats's
  bias toward action; b = 0: only a shortfall does, performance-feedback theory), the urge to
  steer is D_j = pi [b + (1 - b) S_j] (1 - rho_j): a reflective manager ("reflection in action",
  Schön 1983) does not simply act on the day's pressure.
* *The change response* (SF6). With the perceived collaboration shortfall
  G_j = min(1, max(0, 1 - k_hat_j / collaboration_aim)) (0 when the aim is 0), the push to change
  is X_j = change_push G_j. Without a theory of change (tau_j = 0) the manager *orders* the change
  (more steering); with one she leads it through accountability and vision.
* *Compensation* (SF2), by ``compensation_form``: ``strain`` (default) -- the manager answers the
  strain she perceives in her team with attention for the person, strain_j =
  max(0, wellbeing_norm - W_hat_j) / wellbeing_norm; ``coupled`` -- supportive attention is a
  fixed share ``compensation`` of the urge to steer (the hand-written coupling of earlier
  versions, kept as a competing submodel); ``none`` -- no compensation.

    h*_j = s0_h + (1 - s0_h) min(1, D_j + (1 - tau_j) X_j)
    u*_j = s0_u + (1 - s0_u) min(1, care_response strain_j)     (strain)
         = s0_u + (1 - s0_u) min(1, compensation D_j)            (coupled)
         = s0_u                                                  (none)
    a*_j = s0_a + (1 - s0_a) tau_j X_j;   v*_j = s0_v + (1 - s0_v) tau_j X_j

**Attention budget** (``attention_budget``; Mintzberg 1973: managerial work is brief, fragmented
and driven by the day's demands). A week has one unit of a manager's time. Pressure brings
firefighting (incidents, reporting, escalations) that takes F_j = firefighting pi first; each
unit of intensity of style kind k costs ``*_cost`` kappa_k of the week. Short-term demands come
first (SF1: "short-term goals quickly win"): steering is served next, then whatever time is left
is shared over supportive attention, accountability and vision in proportion to what the manager
desires of each:

    h*_j <- min(h*_j, (1 - F_j) / kappa_h)
    phi_j = min(1, (1 - F_j - kappa_h h*_j) / (kappa_u u*_j + kappa_a a*_j + kappa_v v*_j))
    u*_j, a*_j, v*_j <- phi_j u*_j, phi_j a*_j, phi_j v*_j

(phi_j = 1 when the denominator is 0: nothing is desired, so nothing is cut).

With ``attention_budget=False`` there is no such trade-off (phi = 1, h* uncapped). A theory-guided
change response also co-creates the vision: c_j += style_rate X_j tau_j (1 - c_j).

**Reflection and isolation (SF1, SF10).** Every week, pressure erodes reflection in proportion
to isolation ("knowing in action", Schön 1983), and isolation creeps up; peer meetings (below)
are what counter both:

    rho_j <- rho_j (1 - reflection_erosion * pi * L_j)
    L_j   <- L_j + isolation_drift (1 - L_j)

**Peer action learning (SF10).** With ``action_learning`` on, every ``action_learning_interval``
weeks the managers are paired at random into duos across teams (with an odd number one sits
out). In a duo, trust in the peer group grows first, and learning follows trust, so effects show
only after some meetings; a manager learns more from a more reflective peer (rho_peer: the duo
partner's reflection when they meet):

    trust_j <- trust_j + trust_rate (1 - trust_j)
    g_j      = action_learning_gain * trust_j * (1/2 + rho_peer / 2)
    rho_j <- rho_j + g_j (1 - rho_j);   L_j <- L_j (1 - g_j);   p_vis,j <- p_vis,j + g_j (1 - p_vis,j)
    c_j   <- c_j + g_j (1 - c_j);       tau_j <- tau_j + g_j (1 - tau_j)

(act, reflect, reframe; managers talk with their own staff, p_vis rises; a picture of the future
is built with the team, c rises; an explicit theory of change, tau rises). What the programme
does to the manager's *own* picture of good leadership is a competing submodel,
``learning_form``:

* ``reframe`` (default; the essay's account of the Actielab, SF10, read as double-loop learning,
  Argyris & Schön 1978): managers find their assumptions about staff motivation often wrong (they
  need less control: McGregor 1960's Theory X and Y) and move toward visionary and relational
  leadership, so their intended style itself changes:
  s0_h <- s0_h (1 - g_j);  s0_a <- s0_a + g_j (1 - s0_a);  s0_v <- s0_v + g_j (1 - s0_v).
* ``restore`` (single-loop learning): the programme only restores reflection and sight; the
  intended style stays what it was.
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
    "COMPENSATION_FORMS",
    "LEARNING_FORMS",
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


COMPENSATION_FORMS: tuple[str, ...] = ("strain", "coupled", "none")
"""Competing submodels of SF2's compensation (module docstring)."""
LEARNING_FORMS: tuple[str, ...] = ("reframe", "restore")
"""Competing submodels of what action learning changes in a manager (module docstring)."""


class _Coefficients(NamedTuple):
    """The parameters this stage's kernel reads, as floats (see :mod:`leadsim.parameters`)."""

    perception_memory: float
    output_noise: float
    target_rate: float
    style_rate: float
    action_bias: float
    compensation: float
    care_response: float
    wellbeing_norm: float
    change_push: float
    collaboration_aim: float
    firefighting: float
    steering_cost: float
    support_cost: float
    accountability_cost: float
    vision_cost: float
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
        COMPENSATION_FORMS.index(p.compensation_form),
        bool(p.attention_budget),
        m.style,
        m.intended,
        m.reflection,
        m.isolation,
        m.co_creation,
        m.visibility,
        m.theory_of_change,
        m.perceived_output,
        m.perceived_collaboration,
        m.perceived_wellbeing,
        state.team_output,
        draws.output_noise,
        prof.proactivity,
        prof.effort,
        prof.wellbeing,
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
        if p.learning_form == "reframe":  # double-loop learning: the intended style itself moves
            m.intended[meet, HIERARCHICAL] *= 1.0 - gain
            for kind in (ACCOUNTABLE, VISIONARY):
                m.intended[meet, kind] += gain * (1.0 - m.intended[meet, kind])
        m.meetings[meet] += 1


@jit
def _managers_week(
    c, pi, adaptive, compensation_form, budget, style, intended, reflection, isolation, co_creation,
    visibility, tau, perceived_output, perceived_collaboration, perceived_wellbeing, team_output,
    output_noise, proactivity, effort, wellbeing, visibility_draws, seen,
):  # fmt: skip
    n_teams = style.shape[0]
    size = proactivity.shape[0] // n_teams  # teams are contiguous blocks of equal size
    lam = c.perception_memory
    desired = np.empty(4)
    cost = np.array([c.steering_cost, c.support_cost, c.accountability_cost, c.vision_cost])
    for j in range(n_teams):
        # Observation (SF8): noisy output; collaboration only where it is seen; the team's strain.
        observed_output = team_output[j] + c.output_noise * c.target_rate * output_noise[j]
        perceived_output[j] += lam * (observed_output - perceived_output[j])
        seen_collaboration = 0.0
        team_wellbeing = 0.0
        for i in range(j * size, (j + 1) * size):
            seen[i] = visibility_draws[i] < visibility[j]
            if seen[i]:
                seen_collaboration += proactivity[i] * (effort[i, CLIENT] + effort[i, NETWORK])
            team_wellbeing += wellbeing[i]
        perceived_collaboration[j] += lam * (seen_collaboration / size - perceived_collaboration[j])
        perceived_wellbeing[j] += lam * (team_wellbeing / size - perceived_wellbeing[j])

        if adaptive:
            # The desired style: bias toward action, the change response, compensation (SF1, SF2, SF6).
            shortfall = perceived_shortfall(perceived_output[j], c.target_rate)
            urge = pi * (c.action_bias + (1.0 - c.action_bias) * shortfall) * (1.0 - reflection[j])
            change = c.change_push * perceived_shortfall(perceived_collaboration[j], c.collaboration_aim)
            led = tau[j] * change
            desired[HIERARCHICAL] = intended[j, HIERARCHICAL] + (1.0 - intended[j, HIERARCHICAL]) * min(
                1.0, urge + (1.0 - tau[j]) * change
            )
            if compensation_form == 0:  # strain: attention for the person where strain shows
                strain = max(0.0, c.wellbeing_norm - perceived_wellbeing[j]) / c.wellbeing_norm
                care = min(1.0, c.care_response * strain)
            elif compensation_form == 1:  # coupled: a fixed share of the urge to steer
                care = min(1.0, c.compensation * urge)
            else:
                care = 0.0
            desired[SUPPORTIVE] = intended[j, SUPPORTIVE] + (1.0 - intended[j, SUPPORTIVE]) * care
            desired[ACCOUNTABLE] = intended[j, ACCOUNTABLE] + (1.0 - intended[j, ACCOUNTABLE]) * led
            desired[VISIONARY] = intended[j, VISIONARY] + (1.0 - intended[j, VISIONARY]) * led

            # The attention budget: firefighting first, then steering, then the rest pro rata.
            if budget:
                free = 1.0 - c.firefighting * pi
                desired[HIERARCHICAL] = min(desired[HIERARCHICAL], free / cost[HIERARCHICAL])
                free -= cost[HIERARCHICAL] * desired[HIERARCHICAL]
                wanted = 0.0
                for k in range(1, 4):
                    wanted += cost[k] * desired[k]
                if wanted > free:
                    share = free / wanted
                    for k in range(1, 4):
                        desired[k] *= share
            for k in range(4):
                style[j, k] += c.style_rate * (desired[k] - style[j, k])
            co_creation[j] += c.style_rate * led * (1.0 - co_creation[j])

        # Reflection erodes under pressure when isolated; isolation creeps up (SF1, SF10).
        reflection[j] *= 1.0 - c.reflection_erosion * pi * isolation[j]
        isolation[j] += c.isolation_drift * (1.0 - isolation[j])
