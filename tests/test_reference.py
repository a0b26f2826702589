"""The compiled weekly stages agree with the per-agent reference (tests/reference.py) to 1e-9.

Each stage test builds a state from a real model run in some condition, brings it to the point
in the week where the stage runs (using the library's earlier stages), draws the stage's random
numbers once, and applies the library stage to one deep copy and the reference to another.
Every array and counter of the two states must agree (floats to 1e-9, integers, statuses and
booleans exactly).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest

from leadsim import LeadershipModel
from leadsim.mechanisms import (
    draw_intake,
    draw_managers,
    draw_professionals,
    draw_service,
    intake_stage,
    managers_stage,
    organisation_stage,
    professionals_stage,
    service_stage,
)
from leadsim.state import ClientStatus, SimulationState

from reference import (
    ReferenceLeadershipModel,
    intake_stage_ref,
    managers_stage_ref,
    organisation_stage_ref,
    professionals_stage_ref,
    service_stage_ref,
)

ATOL = 1e-9
STAGES = ("organisation", "managers", "professionals", "service", "intake")


@dataclass(frozen=True)
class Case:
    """A model condition and how many (library) weeks to run before testing a stage."""

    name: str
    seed: int
    weeks: int
    kwargs: dict[str, Any] = field(default_factory=dict)


SMALL = {"n_teams": 4, "team_size": 6, "caseload": 12, "n_partners": 15}

CASES = [
    Case("fresh-default", 1, 0),
    Case("default-adaptive", 2, 40),
    Case("hierarchical-high-pressure", 3, 30, {**SMALL, "style": "hierarchical", "pressure": 0.9}),
    Case(
        "supportive-ramp",
        4,
        35,
        {**SMALL, "style": "supportive", "pressure_scenario": "ramp", "ramp_weeks": 50},
    ),
    Case(
        "supportive-ramp-early",
        5,
        3,
        {**SMALL, "style": "supportive", "pressure_scenario": "ramp", "ramp_weeks": 50},
    ),
    Case(
        "accountable-shock",
        6,
        32,
        {
            **SMALL,
            "style": "accountable",
            "pressure_scenario": "shock",
            "shock_week": 25,
            "shock_duration": 10,
        },
    ),
    Case("visionary-endogenous", 7, 45, {**SMALL, "style": "visionary", "pressure_scenario": "endogenous"}),
    Case(
        "balanced-scrutiny-imposed",
        8,
        30,
        {**SMALL, "style": "balanced", "scrutiny": 0.9, "co_creation": 0.0},
    ),
    Case(
        "intensities-no-partners",
        9,
        40,
        {
            **SMALL,
            "style": {"hierarchical": 0.1, "supportive": 0.9, "accountable": 0.0, "visionary": 0.4},
            "n_partners": 0,
        },
    ),
    Case(
        "adaptive-learning-odd-endogenous",
        10,
        40,
        {
            **SMALL,
            "n_teams": 5,
            "action_learning": True,
            "action_learning_interval": 1,
            "pressure_scenario": "endogenous",
            "pressure": 0.8,
        },
    ),
    Case(
        "adaptive-learning-even-shock",
        11,
        55,
        {
            **SMALL,
            "action_learning": True,
            "action_learning_interval": 1,
            "pressure_scenario": "shock",
            "shock_week": 40,
            "co_creation": 0.9,
            "theory_of_change": 0.8,
        },
    ),
    Case(
        "team-size-one",
        12,
        60,
        {
            "n_teams": 3,
            "team_size": 1,
            "caseload": 3,
            "n_partners": 5,
            "action_learning": True,
            "action_learning_interval": 1,
        },
    ),
    Case(
        "one-team",
        13,
        50,
        {
            "n_teams": 1,
            "team_size": 7,
            "caseload": 4,
            "n_partners": 0,
            "action_learning": True,
            "action_learning_interval": 1,
        },
    ),
    Case(
        "fast-turnover",
        14,
        30,
        {
            **SMALL,
            "caseload": 5,
            "placement_base": 0.3,
            "relapse_base": 0.3,
            "followup_weeks": 3,
            "tightness": 1.0,
        },
    ),
    Case(
        # Negative perceived output: the shortfall cap of reference.shortfall matters here.
        "no-placements-noisy-endogenous",
        15,
        30,
        {
            **SMALL,
            "tightness": 0.0,
            "output_noise": 2.0,
            "pressure_scenario": "endogenous",
            "pressure": 0.9,
            "pressure_feedback": 1.0,
        },
    ),
    Case(
        "no-collaboration-aim",
        16,
        20,
        {
            **SMALL,
            "collaboration_aim": 0.0,
            "change_push": 0.1,
            "style_rate": 0.3,
            "compensation": 1.0,
            "compensation_form": "coupled",
        },
    ),
    Case(
        "strong-change-response",
        17,
        25,
        {
            **SMALL,
            "collaboration_aim": 1.0,
            "change_push": 0.1,
            "theory_of_change": 0.6,
            "creaming": 20.0,
            "pressure": 1.0,
        },
    ),
]
CASES += [
    # The competing submodels and the budget's edge cases.
    Case("laissez-faire-comfort", 18, 30, {**SMALL, "style": "laissez_faire", "support_form": "comfort"}),
    Case(
        "no-direction-at-all",
        19,
        20,
        {**SMALL, "style": {"hierarchical": 0.0, "supportive": 1.0, "accountable": 0.0, "visionary": 0.0}},
    ),
    Case(
        "budget-squeezed-restore",
        20,
        40,
        {
            **SMALL,
            "pressure": 1.0,
            "firefighting": 0.9,
            "steering_cost": 0.9,
            "intended_style": "visionary",
            "action_learning": True,
            "action_learning_interval": 2,
            "learning_form": "restore",
        },
    ),
    Case(
        "no-budget-no-compensation-cycle",
        21,
        45,
        {
            **SMALL,
            "attention_budget": False,
            "compensation_form": "none",
            "pressure_scenario": "cycle",
            "ramp_weeks": 15,
            "initial_proactivity": 0.15,
        },
    ),
    Case(
        "strain-reframe-high-care",
        22,
        50,
        {
            **SMALL,
            "care_response": 5.0,
            "wellbeing_norm": 1.0,
            "action_bias": 1.0,
            "action_learning": True,
            "action_learning_interval": 1,
            "intended_style": "hierarchical",
        },
    ),
]
CASE_IDS = [case.name for case in CASES]


@functools.cache
def _warmed(name: str) -> LeadershipModel:
    case = next(case for case in CASES if case.name == name)
    return LeadershipModel(rng=case.seed, **case.kwargs).run(case.weeks)


def warmed(case: Case) -> LeadershipModel:
    """The case's model after ``case.weeks`` library weeks (shared: never mutate it)."""
    return _warmed(case.name)


def state_before(case: Case, stage: str) -> tuple[LeadershipModel, SimulationState]:
    """A copy of the case's state, taken through the week's earlier stages (library code)."""
    model = warmed(case)
    state, p = model.state.copy(), model._p
    rng = np.random.default_rng([case.seed, 1])
    for earlier in STAGES[: STAGES.index(stage)]:
        if earlier == "organisation":
            organisation_stage(state, p)
        elif earlier == "managers":
            managers_stage(state, p, draw_managers(rng, state, p), adaptive=model._adaptive)
        elif earlier == "professionals":
            professionals_stage(state, p, draw_professionals(rng, state, p))
        elif earlier == "service":
            service_stage(state, p, draw_service(rng, state, p))
    return model, state


def draw_rng(case: Case) -> np.random.Generator:
    return np.random.default_rng([case.seed, 2])


# --------------------------------------------------------------------------------- comparison
def assert_same(library: Any, reference: Any, path: str = "state") -> None:
    """Recursively compare two states: floats to 1e-9, everything else exactly."""
    if dataclasses.is_dataclass(library):
        assert type(library) is type(reference), path
        for f in dataclasses.fields(library):
            assert_same(getattr(library, f.name), getattr(reference, f.name), f"{path}.{f.name}")
    elif isinstance(library, np.ndarray):
        assert isinstance(reference, np.ndarray), path
        assert library.shape == reference.shape, f"{path}: shape {library.shape} != {reference.shape}"
        assert library.dtype == reference.dtype, f"{path}: dtype {library.dtype} != {reference.dtype}"
        if np.issubdtype(library.dtype, np.floating):
            np.testing.assert_allclose(reference, library, atol=ATOL, rtol=0, err_msg=path)
        else:
            np.testing.assert_array_equal(reference, library, err_msg=path)
    elif isinstance(library, float | np.floating):
        np.testing.assert_allclose(reference, library, atol=ATOL, rtol=0, err_msg=path)
    else:  # ints (week, counters), dicts (extra)
        assert library == reference, f"{path}: {library!r} != {reference!r}"


# --------------------------------------------------------------------------------- stage tests
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_organisation_stage(case: Case) -> None:
    model, state = state_before(case, "organisation")
    library, reference = state.copy(), state.copy()
    organisation_stage(library, model._p)
    organisation_stage_ref(reference, model._p)
    assert_same(library, reference)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_managers_stage(case: Case) -> None:
    model, state = state_before(case, "managers")
    draws = draw_managers(draw_rng(case), state, model._p)
    library, reference = state.copy(), state.copy()
    managers_stage(library, model._p, draws, adaptive=model._adaptive)
    managers_stage_ref(reference, model._p, draws, adaptive=model._adaptive)
    assert_same(library, reference)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_professionals_stage(case: Case) -> None:
    model, state = state_before(case, "professionals")
    draws = draw_professionals(draw_rng(case), state, model._p)
    library, reference = state.copy(), state.copy()
    professionals_stage(library, model._p, draws)
    professionals_stage_ref(reference, model._p, draws)
    assert_same(library, reference)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_service_stage(case: Case) -> None:
    model, state = state_before(case, "service")
    draws = draw_service(draw_rng(case), state, model._p)
    library, reference = state.copy(), state.copy()
    lib_outcome = service_stage(library, model._p, draws)
    ref_outcome = service_stage_ref(reference, model._p, draws)
    assert_same(library, reference)
    for name in ("placed", "relapsed", "left"):
        np.testing.assert_array_equal(getattr(ref_outcome, name), getattr(lib_outcome, name), err_msg=name)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_intake_stage(case: Case) -> None:
    model, state = state_before(case, "intake")
    draws = draw_intake(draw_rng(case), state, model._p)
    library, reference = state.copy(), state.copy()
    lib_rows = intake_stage(library, model._p, draws)
    ref_rows = intake_stage_ref(reference, model._p, draws)
    assert_same(library, reference)
    np.testing.assert_array_equal(ref_rows, lib_rows)


def test_cases_reach_every_branch() -> None:
    """The cases above exercise what the stage tests are meant to check."""
    placed = relapsed = left = meetings_odd = grown = negative_output = 0
    for case in CASES:
        model, state = state_before(case, "service")
        p = model._p
        outcome = service_stage(state, p, draw_service(draw_rng(case), state, p))
        placed += len(outcome.placed)
        relapsed += len(outcome.relapsed)
        left += len(outcome.left)
        free = int((state.clients.status == ClientStatus.EMPTY).sum())
        grown += len(draw_intake(draw_rng(case), state, p).professional) > free
        _, before_managers = state_before(case, "managers")
        draws = draw_managers(draw_rng(case), before_managers, p)
        meetings_odd += draws.pairing is not None and len(draws.pairing) % 2 == 1
        negative_output += bool((model.state.managers.perceived_output < 0).any())
    assert placed and relapsed and left
    assert meetings_odd and grown and negative_output


# --------------------------------------------------------------------------- whole-run tests
RUNS = [
    Case("default-adaptive", 21, 30),
    Case(
        "learning-odd-endogenous",
        22,
        40,
        {
            **SMALL,
            "n_teams": 3,
            "action_learning": True,
            "action_learning_interval": 1,
            "pressure_scenario": "endogenous",
        },
    ),
    Case(
        "accountable-shock-no-partners",
        23,
        30,
        {**SMALL, "style": "accountable", "pressure_scenario": "shock", "shock_week": 10, "n_partners": 0},
    ),
    Case(
        "tiny-fast-turnover-ramp",
        24,
        40,
        {
            "n_teams": 2,
            "team_size": 1,
            "caseload": 4,
            "n_partners": 3,
            "placement_base": 0.3,
            "relapse_base": 0.2,
            "followup_weeks": 4,
            "pressure_scenario": "ramp",
            "ramp_weeks": 20,
        },
    ),
]


@pytest.mark.parametrize("case", RUNS, ids=[case.name for case in RUNS])
def test_reference_model_reproduces_a_run(case: Case) -> None:
    library = LeadershipModel(rng=case.seed, **case.kwargs).run(case.weeks)
    reference = ReferenceLeadershipModel(rng=case.seed, **case.kwargs).run(case.weeks)
    pd.testing.assert_frame_equal(
        reference.dataframe(), library.dataframe(), check_exact=False, rtol=0, atol=ATOL
    )
    assert len(library.dataframe()) == case.weeks + 1
    assert_same(library.state, reference.state)
    assert (reference.steps, reference.time) == (library.steps, library.time)
    assert len(reference.agents) == len(library.agents)
    rows = [agent.row if agent else None for agent in library._clients_by_row]
    assert [agent.row if agent else None for agent in reference._clients_by_row] == rows
    assert library.state.sustainable_total > 0 or case.weeks < 30
