"""Property tests: bounds, simplices and the monotone directions the model brief claims.

For any valid parameters and state, every bounded variable stays in its bounds, shares stay on
the simplex and nothing becomes NaN. The monotone claims are checked on single stages with
``adaptation_rate = effort_rate = 1``, so that one step lands each variable on its target.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsim import Client, LeadershipModel
from leadsim.mechanisms import draw_managers, draw_professionals, managers_stage, professionals_stage
from leadsim.state import KNOWLEDGE, ClientStatus
from leadsim.styles import STYLE_KINDS

from strategies import model_parameters, style_intensities

UNIT_INTERVAL = {
    "managers": [
        "reflection",
        "isolation",
        "co_creation",
        "visibility",
        "theory_of_change",
        "trust",
        "perceived_collaboration",
    ],
    "professionals": [
        "proactivity",
        "wellbeing",
        "autonomous",
        "controlled",
        "role_ambiguity",
        "felt_accountability",
        "ties",
    ],
}
TOLERANCE = 1e-12


def assert_invariants(model: LeadershipModel) -> None:
    state = model.state
    for block, names in UNIT_INTERVAL.items():
        for name in names:
            values = getattr(getattr(state, block), name)
            assert np.isfinite(values).all(), f"{block}.{name} has NaN/inf"
            assert values.min(initial=0.0) >= -TOLERANCE and values.max(initial=0.0) <= 1 + TOLERANCE, (
                f"{block}.{name} left [0, 1]"
            )
    for intensities in (state.managers.style, state.managers.intended):
        assert np.isfinite(intensities).all()
        assert intensities.min() >= -TOLERANCE and intensities.max() <= 1 + TOLERANCE
    effort = state.professionals.effort
    assert np.isfinite(effort).all() and effort.min() >= -TOLERANCE
    np.testing.assert_allclose(effort.sum(axis=1), 1.0, atol=1e-9)
    cl = state.clients
    used = cl.status != ClientStatus.EMPTY
    for name in ("distance", "motivation", "understood", "respected", "fit"):
        values = getattr(cl, name)[used]
        assert (
            np.isfinite(values).all()
            and values.min(initial=0) >= 0
            and values.max(initial=0) <= 1 + TOLERANCE
        ), name
    assert (cl.attention[used] >= 0).all()
    assert 0.0 <= state.pressure <= 1.0
    assert len(model.agents_by_type[Client]) == int(used.sum())
    for name, value in model.metrics_now.items():
        assert np.isfinite(value), name


@settings(max_examples=60)
@given(params=model_parameters(), seed=st.integers(0, 2**32 - 1), weeks=st.integers(1, 25))
def test_state_stays_bounded_and_finite(params, seed, weeks):
    model = LeadershipModel(**params, rng=seed)
    assert_invariants(model)
    for _ in range(weeks):
        model.step()
        assert_invariants(model)


def _professional_response(style: dict[str, float], **overrides: float):
    """Professionals' state after one week with a fixed style, landing on the targets."""
    params = {
        "n_teams": 2,
        "team_size": 3,
        "caseload": 2,
        "n_partners": 2,
        "adaptation_rate": 1.0,
        "effort_rate": 1.0,
    }
    params.update(overrides)
    model = LeadershipModel(style=style, **params, rng=0)
    state = model.state
    draws = draw_professionals(np.random.default_rng(1), state, model._p)
    professionals_stage(state, model._p, draws)
    return state.professionals


def _raise(style: dict[str, float], kind: str, share: float) -> dict[str, float]:
    """The style with intensity ``kind`` raised by ``share`` of its headroom."""
    raised = dict(style)
    raised[kind] += share * (1.0 - raised[kind])
    return raised


def _shift(style: dict[str, float], source: str, target: str, share: float) -> dict[str, float]:
    """Move ``share`` of the ``source`` intensity to ``target`` (capped at 1)."""
    moved = style[source] * share
    shifted = dict(style)
    shifted[source] -= moved
    shifted[target] = min(1.0, shifted[target] + moved)
    return shifted


common = {
    "pressure": st.floats(0, 1),
    "scrutiny": st.floats(0, 1),
    "co_creation": st.floats(0, 1),
}


@settings(max_examples=80)
@given(
    style=style_intensities(),
    share=st.floats(0.01, 1),
    gain=st.floats(0, 10),
    **common,
)
def test_more_accountable_intensity_never_lowers_felt_accountability(
    style, share, gain, pressure, scrutiny, co_creation
):
    kw = {"accountability_gain": gain, "pressure": pressure, "scrutiny": scrutiny, "co_creation": co_creation}
    before = _professional_response(style, **kw).felt_accountability
    after = _professional_response(_raise(style, "accountable", share), **kw).felt_accountability
    assert (after >= before - 1e-12).all()


@settings(max_examples=80)
@given(
    style=style_intensities(),
    share=st.floats(0.01, 1),
    **common,
)
def test_more_hierarchical_intensity_never_raises_autonomous_motivation(
    style, share, pressure, scrutiny, co_creation
):
    kw = {"pressure": pressure, "scrutiny": scrutiny, "co_creation": co_creation}
    before = _professional_response(style, **kw).autonomous
    after = _professional_response(_raise(style, "hierarchical", share), **kw).autonomous
    assert (after <= before + 1e-12).all()


@settings(max_examples=80)
@given(style=style_intensities(), share=st.floats(0.01, 1), **common)
def test_moving_intensity_from_hierarchical_to_accountable_never_lowers_proactivity(
    style, share, pressure, scrutiny, co_creation
):
    # Conformity off, so that each professional's proactivity is her own response.
    kw = {
        "pressure": pressure,
        "scrutiny": scrutiny,
        "co_creation": co_creation,
        "conformity_base": 0.0,
        "conformity_scrutiny": 0.0,
    }
    before = _professional_response(style, **kw).proactivity
    after = _professional_response(_shift(style, "hierarchical", "accountable", share), **kw).proactivity
    assert (after >= before - 1e-12).all()


@settings(max_examples=60)
@given(style=style_intensities(), imposed=st.floats(0, 1), pressure=st.floats(0, 1))
def test_co_created_vision_lowers_role_ambiguity_at_least_as_much_as_imposed(style, imposed, pressure):
    kw = {"imposed_clarity": imposed, "pressure": pressure}
    co_created = _professional_response(style, co_creation=1.0, **kw).role_ambiguity
    imposed_vision = _professional_response(style, co_creation=0.0, **kw).role_ambiguity
    assert (co_created <= imposed_vision + 1e-12).all()


@settings(max_examples=60)
@given(style=style_intensities(), low=st.floats(0, 1), high=st.floats(0, 1), co_creation=st.floats(0, 1))
def test_scrutiny_never_raises_desired_knowledge_effort(style, low, high, co_creation):
    low, high = sorted((low, high))
    kw = {"co_creation": co_creation, "conformity_base": 0.0, "conformity_scrutiny": 0.0}
    calm = _professional_response(style, scrutiny=low, **kw).effort[:, KNOWLEDGE]
    watched = _professional_response(style, scrutiny=high, **kw).effort[:, KNOWLEDGE]
    assert (watched <= calm + 1e-12).all()


@settings(max_examples=80)
@given(
    low=st.floats(0, 1),
    high=st.floats(0, 1),
    reflection=st.floats(0, 1),
    start=style_intensities(),
    form=st.sampled_from(["strain", "coupled", "none"]),
    budget=st.booleans(),
    output=st.floats(0, 0.02),
)
def test_more_pressure_never_weakens_the_drift_toward_hierarchy_from_any_start(
    low, high, reflection, start, form, budget, output
):
    """SF1 at the level of one manager: h' - h grows with pi, whatever style she starts from.

    The old simplex model reversed above h = 1 / (1 + compensation) (issue 9); with intensities
    and steering served first in the budget, the claim holds unconditionally.
    """
    low, high = sorted((low, high))
    results = []
    for pressure in (low, high):
        model = LeadershipModel(
            n_teams=2,
            team_size=2,
            caseload=2,
            reflection=reflection,
            compensation_form=form,
            attention_budget=budget,
            rng=3,
        )
        state = model.state
        state.pressure = pressure
        state.team_output[:] = output
        state.managers.style[:] = [start[kind] for kind in STYLE_KINDS]
        before = state.managers.style[:, 0].copy()
        managers_stage(
            state, model._p, draw_managers(np.random.default_rng(5), state, model._p), adaptive=True
        )
        results.append(state.managers.style[:, 0] - before)
    assert (results[1] >= results[0] - 1e-12).all()


@settings(max_examples=60)
@given(params=model_parameters(), seed=st.integers(0, 2**32 - 1), weeks=st.integers(1, 10))
def test_a_manager_who_follows_her_desired_style_stays_within_her_attention_budget(params, seed, weeks):
    """With style_rate = 1 the enacted style is the desired one, which the budget caps."""
    params |= {"style": None, "attention_budget": True, "style_rate": 1.0, "pressure_scenario": "constant"}
    model = LeadershipModel(**params, rng=seed)
    p = model._p
    cost = np.array([p.steering_cost, p.support_cost, p.accountability_cost, p.vision_cost])
    for _ in range(weeks):
        model.step()
        used = model.state.managers.style @ cost + p.firefighting * model.state.pressure
        assert (used <= 1.0 + 1e-9).all(), used


@pytest.mark.parametrize("kind", STYLE_KINDS)
def test_named_style_profiles_dominate_their_kind(kind):
    model = LeadershipModel(style=kind, n_teams=1, team_size=1, caseload=1, rng=0)
    assert model.managers[0].dominant_style == kind
