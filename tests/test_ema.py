"""leadsim.ema: the EMA Workbench model, the results converter, PRIM and CART.

Tiny sizes throughout (2 teams of 3, caseload 3, 6 weeks): the checks are about seeds, shapes
and the mapping of parameters, not about the model's behaviour.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ema_workbench import (
    ArrayOutcome,
    BooleanParameter,
    CategoricalParameter,
    IntegerParameter,
    MultiprocessingEvaluator,
    RealParameter,
    Sample,
    SequentialEvaluator,
    TimeSeriesOutcome,
    perform_experiments,
)

from leadsim import PARAMETERS, STYLE_NAMES, LeadershipModel, ParameterError, ema
from leadsim.experiments import load_results, parse_experiment, run_sweep
from leadsim.seeds import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
TINY = {"n_teams": 2, "team_size": 3, "caseload": 3}
STEPS, REPLICATIONS, SEED, PERIOD = 6, 2, 7, 2
END = ["passivity", "collaboration", "placements_first_year"]

EXPERIMENT = parse_experiment(
    {
        "name": "ema-adapter",
        "run": {"steps": STEPS, "replications": REPLICATIONS, "seed": SEED},
        "parameters": TINY,
        "factors": {
            "pressure": {"low": 0.1, "high": 0.9, "points": 2},
            "style": {"levels": ["adaptive", "supportive"]},
            "action_learning": {"levels": [False, True]},
        },
        "design": {"kind": "grid"},
        "output": {"metrics": END, "timeseries": True, "period": PERIOD},
    }
)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("ema") / "sweep"
    run_sweep(EXPERIMENT, out, executor="serial")
    return load_results(out)


@pytest.fixture(scope="module")
def sequential():
    model = ema.ema_model_for(EXPERIMENT)
    with SequentialEvaluator(model) as evaluator:
        return evaluator.perform_experiments(scenarios=ema.ema_scenarios(EXPERIMENT))


def assert_same_outcomes(left, right):
    assert list(left) == list(right)
    for name in left:
        assert left[name].shape == right[name].shape, name
        assert np.array_equal(left[name], right[name]), name


# ---------------------------------------------------------------------------- the model
def test_parameters_follow_their_declared_specs():
    model = ema.ema_model(
        ["pressure", "team_size", "action_learning", "pressure_scenario", "style", "intended_style"],
        levers=["reflection"],
    )
    uncertainties = {p.name: p for p in model.uncertainties}
    assert isinstance(uncertainties["pressure"], RealParameter)
    assert (uncertainties["pressure"].lower_bound, uncertainties["pressure"].upper_bound) == (0, 1)
    team_size = PARAMETERS["team_size"]
    assert isinstance(uncertainties["team_size"], IntegerParameter)
    assert (uncertainties["team_size"].lower_bound, uncertainties["team_size"].upper_bound) == (
        team_size.low,
        team_size.high,
    )
    assert isinstance(uncertainties["action_learning"], BooleanParameter)
    scenario = uncertainties["pressure_scenario"]
    assert isinstance(scenario, CategoricalParameter)
    assert [c.value for c in scenario.categories] == list(PARAMETERS["pressure_scenario"].choices)
    assert [c.value for c in uncertainties["style"].categories] == ["adaptive", *STYLE_NAMES]
    assert [c.value for c in uncertainties["intended_style"].categories] == list(STYLE_NAMES)
    assert [lever.name for lever in model.levers] == ["reflection"]
    assert all(isinstance(o, ArrayOutcome) for o in model.outcomes)
    assert [r["rng"] for r in model.replications] == replication_seeds(ema.DEFAULT_SEED, 1)


def test_every_parameter_can_vary_over_its_declared_range():
    model = ema.ema_model(list(PARAMETERS))
    assert [p.name for p in model.uncertainties] == list(PARAMETERS)
    for parameter in model.uncertainties:
        spec = PARAMETERS[parameter.name]
        if spec.kind in ("int", "float"):
            assert (parameter.lower_bound, parameter.upper_bound) == (spec.low, spec.high)


def test_ranges_levels_constants_and_time_series():
    model = ema.ema_model(
        {
            "pressure": (0.2, 0.8),
            "caseload": [3, 5],
            "style": [
                "adaptive",
                {"hierarchical": 0.9, "supportive": 0.1, "accountable": 0.5, "visionary": 0.2},
            ],
        },
        constants={"style_diversity": 0.3, "intended_style": "accountable"},
        outcomes=["passivity"],
        timeseries=["collaboration"],
        replications=3,
        seed=11,
    )
    pressure, caseload, style = model.uncertainties
    assert (pressure.lower_bound, pressure.upper_bound) == (0.2, 0.8)
    assert [c.value for c in caseload.categories] == [3, 5]
    assert style.categories[0].value == "adaptive"
    assert style.categories[1].value.startswith("{")
    assert {c.name: c.value for c in model.constants} == {
        "style_diversity": 0.3,
        "intended_style": "accountable",
    }
    names = [o.name for o in model.outcomes]
    assert names == ["passivity", "collaboration_series", "TIME"]
    assert isinstance(model.outcomes["TIME"], TimeSeriesOutcome)
    assert [r["rng"] for r in model.replications] == replication_seeds(11, 3)


@pytest.mark.parametrize(
    ("call", "field", "rule", "value"),
    [
        (
            lambda: ema.ema_model(["presure"]),
            "presure",
            "is not a leadsim parameter (uncertainties); did you mean pressure",
            "presure",
        ),
        (
            lambda: ema.ema_model(levers=["nonsense"]),
            "nonsense",
            "is not a leadsim parameter (levers)",
            "nonsense",
        ),
        (
            lambda: ema.ema_model({"pressure": (0.0, 1.5)}),
            "pressure",
            "range must lie within its declared range [0, 1]",
            (0.0, 1.5),
        ),
        (
            lambda: ema.ema_model({"team_size": (0, 5)}),
            "team_size",
            "range must lie within its declared range [1, 1000]",
            (0, 5),
        ),
        (
            lambda: ema.ema_model({"pressure": (0.8, 0.2)}),
            "pressure",
            "range must have low < high",
            (0.8, 0.2),
        ),
        (
            lambda: ema.ema_model({"team_size": (2.5, 5)}),
            "team_size",
            "range must be a pair of integers",
            (2.5, 5),
        ),
        (
            lambda: ema.ema_model({"pressure_scenario": (0, 1)}),
            "pressure_scenario",
            "takes levels (a list), not a range",
            (0, 1),
        ),
        (
            lambda: ema.ema_model({"style": ["adaptive", "bossy"]}),
            "style",
            "levels: must be None (adaptive managers)",
            "bossy",
        ),
        (
            lambda: ema.ema_model({"style": ["adaptive", {"hierarchical": "x"}]}),
            "style",
            "levels:",
            {"hierarchical": "x"},
        ),
        (
            lambda: ema.ema_model({"intended_style": ["adaptive", "supportive"]}),
            "intended_style",
            "levels:",
            "adaptive",
        ),
        (lambda: ema.ema_model({"pressure": [0.5]}), "pressure", "must have at least two levels", [0.5]),
        (
            lambda: ema.ema_model(["pressure"], levers=["pressure"]),
            "pressure",
            "is already one of the uncertainties",
            "levers",
        ),
        (
            lambda: ema.ema_model(["pressure"], constants={"pressure": 0.5}),
            "pressure",
            "cannot be a constant",
            0.5,
        ),
        (lambda: ema.ema_model(constants={"pressure": 1.3}), "pressure", "must be in [0, 1]", 1.3),
        (
            lambda: ema.ema_model(constants={"bogus": 1}),
            "bogus",
            "is not a leadsim parameter (constants)",
            "bogus",
        ),
        (
            lambda: ema.ema_model(outcomes=["passivty"]),
            "outcomes",
            "must be end metrics (leadsim.METRICS or placements_first_year); did you mean passivity",
            "passivty",
        ),
        (
            lambda: ema.ema_model(timeseries=["placements_first_year"]),
            "timeseries",
            "must be weekly metrics (leadsim.METRICS)",
            "placements_first_year",
        ),
        (
            lambda: ema.ema_model(outcomes="passivity"),
            "outcomes",
            "must be a list of end metrics",
            "passivity",
        ),
        (lambda: ema.ema_model(replications=0), "replications", "must be an integer >= 1", 0),
        (lambda: ema.ema_model(name="lead sim"), "name", "must be a Python identifier", "lead sim"),
    ],
)
def test_bad_input_is_refused_naming_field_rule_and_value(call, field, rule, value):
    with pytest.raises(ParameterError) as caught:
        call()
    error = caught.value
    assert error.field == field
    assert rule in error.rule
    assert error.value == value
    assert str(error).startswith(f"{field!r} ")
    assert repr(value) in str(error)


# ---------------------------------------------------------------------------- same seeds, same outcomes
def test_sequential_multiprocessing_and_sweep_give_identical_outcomes(results, sequential):
    experiments, outcomes = sequential
    model = ema.ema_model_for(EXPERIMENT)
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        parallel_experiments, parallel_outcomes = evaluator.perform_experiments(
            scenarios=ema.ema_scenarios(EXPERIMENT)
        )
    assert outcomes["passivity"].shape == (8, REPLICATIONS)
    assert outcomes["passivity_series"].shape == (8, REPLICATIONS, 4)  # weeks 0, 2, 4, 6
    assert_same_outcomes(outcomes, parallel_outcomes)
    pd.testing.assert_frame_equal(experiments, parallel_experiments)

    swept_experiments, swept_outcomes = ema.to_ema(results)
    assert_same_outcomes(swept_outcomes, outcomes)
    pd.testing.assert_frame_equal(swept_experiments, experiments)
    # The outcomes are not trivially equal: they differ between runs.
    assert np.ptp(outcomes["passivity"]) > 0


def test_a_model_built_from_parameters_matches_the_sweep(results):
    model = ema.ema_model(
        {"pressure": (0.1, 0.9), "style": ["adaptive", "supportive"], "action_learning": None},
        constants=TINY,
        outcomes=END,
        timeseries=["passivity"],
        replications=REPLICATIONS,
        seed=SEED,
        steps=STEPS,
        period=PERIOD,
    )
    _, outcomes = perform_experiments(model, scenarios=ema.ema_scenarios(EXPERIMENT))
    _, swept = ema.to_ema(results)
    for name in [*END, "passivity_series", "TIME"]:
        assert np.array_equal(outcomes[name], swept[name]), name


def run_one(seed, style="adaptive"):
    model = ema.ema_model(
        {"style": ["adaptive", "supportive"]},
        constants=TINY,
        outcomes=["passivity", "wellbeing"],
        replications=2,
        seed=seed,
        steps=STEPS,
    )
    _, outcomes = perform_experiments(model, scenarios=[Sample(name=0, style=style)])
    return outcomes


def test_the_root_seed_decides_the_outcomes_and_adaptive_means_none():
    first, again, other = run_one(3), run_one(3), run_one(4)
    assert_same_outcomes(first, again)
    assert not np.array_equal(first["passivity"], other["passivity"])
    # "adaptive" reaches the model as style=None: the same as running it directly.
    for replication, seed in enumerate(replication_seeds(3, 2)):
        direct = LeadershipModel(**TINY, style=None, rng=seed).run(STEPS).summary()
        assert first["passivity"][0, replication] == direct["passivity"]
        assert first["wellbeing"][0, replication] == direct["wellbeing"]
    supportive = run_one(3, style="supportive")
    assert not np.array_equal(first["passivity"], supportive["passivity"])


# ---------------------------------------------------------------------------- the converter
def sweep_tables(results):
    runs = results.factor_table().merge(results.runs[["run_id", "seed", *results.metrics]], on="run_id")
    return runs.sort_values("run_id", ignore_index=True), results.timeseries


@pytest.mark.parametrize("flatten", [False, True])
def test_the_converter_round_trips(results, flatten):
    experiments, outcomes = ema.to_ema(results, flatten=flatten)
    rows = 16 if flatten else 8
    assert len(experiments) == rows
    assert outcomes["passivity"].shape == ((16,) if flatten else (8, REPLICATIONS))
    assert outcomes["TIME"].shape == (rows, 4)
    assert experiments.attrs["leadsim_seeds"] == replication_seeds(SEED, REPLICATIONS)
    tables = ema.from_ema(experiments, outcomes)
    runs, series = sweep_tables(results)
    pd.testing.assert_frame_equal(tables.runs[runs.columns], runs)
    pd.testing.assert_frame_equal(tables.timeseries, series)


def test_ema_outcomes_convert_to_the_sweeps_tables(results, sequential):
    experiments, outcomes = sequential
    model = ema.ema_model_for(EXPERIMENT)
    tables = ema.from_ema(experiments, outcomes, seeds=[r["rng"] for r in model.replications])
    runs, series = sweep_tables(results)
    pd.testing.assert_frame_equal(tables.runs[runs.columns], runs)
    pd.testing.assert_frame_equal(tables.timeseries, series)
    unseeded = ema.from_ema(experiments, outcomes)
    assert unseeded.runs["seed"].isna().all()


def test_incomplete_results_are_refused(results):
    partial = dataclasses.replace(results, runs=results.runs.iloc[:-1])
    with pytest.raises(ema.ConversionError, match="15 of 16 runs are stored"):
        ema.to_ema(partial)


def test_outcomes_of_inconsistent_shapes_are_refused(results):
    experiments, outcomes = ema.to_ema(results)
    outcomes = dict(outcomes, collaboration=outcomes["collaboration"][:, 0])
    with pytest.raises(ema.ConversionError, match="'collaboration' has shape"):
        ema.from_ema(experiments, outcomes)


# ---------------------------------------------------------------------------- scenario discovery
def synthetic_pair(n=1000):
    rng = np.random.default_rng(5)
    experiments = pd.DataFrame(
        {
            "pressure": rng.uniform(0, 1, n),
            "reflection": rng.uniform(0, 1, n),
            "style": pd.Categorical(rng.choice(["adaptive", "supportive"], n)),
        }
    )
    experiments["scenario"] = pd.Categorical(range(n))
    inside = (experiments["pressure"] > 0.6) & (experiments["reflection"] < 0.3)
    passivity = np.where(inside, 0.8, 0.3) + rng.normal(0, 0.05, n)
    return experiments, {"passivity": passivity}


def limits_of(frame):
    return {row["factor"]: row for row in frame.to_dict("records")}


def test_prim_finds_the_known_box():
    box = ema.prim(synthetic_pair(), "passivity", 0.55)
    limits = limits_of(box.limits)
    assert set(limits) == {"pressure", "reflection"}  # style is irrelevant and stays free
    assert limits["pressure"]["min"] == pytest.approx(0.6, abs=0.03)
    assert limits["reflection"]["max"] == pytest.approx(0.3, abs=0.03)
    assert box.density > 0.9 and box.coverage >= 0.7
    assert box.cases == 1000 and 0.08 < box.cases_of_interest / box.cases < 0.16
    assert "pressure" in box.describe() and "passivity > 0.55" in box.describe()
    assert box.prim_box is not None


def test_prim_below_a_threshold_finds_the_complement_side():
    box = ema.prim(synthetic_pair(), "passivity", 0.55, above=False, min_coverage=0.5)
    assert box.condition == "passivity < 0.55"
    assert box.density > 0.95  # nearly every run outside the box is below the threshold


def test_prim_on_sweep_results_with_a_planted_answer(results):
    table = results.factor_table()
    planted = ((table["pressure"] > 0.5) & table["action_learning"]).astype(float).to_numpy()
    runs = results.runs.copy()
    runs["passivity"] = planted
    box = ema.prim(dataclasses.replace(results, runs=runs), "passivity", 0.5, mass_min=0.1)
    limits = limits_of(box.limits)
    assert set(limits) == {"pressure", "action_learning"}
    assert 0.1 < limits["pressure"]["min"] <= 0.9  # the levels are 0.1 and 0.9: the box keeps 0.9
    assert limits["action_learning"]["levels"] == "True"
    assert (box.density, box.coverage, box.cases, box.cases_of_interest) == (1.0, 1.0, 16, 4)


def test_prim_on_replicated_ema_outcomes_counts_every_replication(sequential):
    experiments, outcomes = sequential
    threshold = float(np.median(outcomes["passivity"]))
    box = ema.prim((experiments, outcomes), "passivity", threshold)
    assert box.cases == 16
    assert box.cases_of_interest == int((outcomes["passivity"] > threshold).sum())


def test_cart_finds_the_known_box():
    tree = ema.cart(synthetic_pair(), "passivity", 0.55)
    best = tree.best()
    limits = limits_of(tree.boxes[best])
    assert {"pressure", "reflection"} <= set(limits)
    assert limits["pressure"]["min"] == pytest.approx(0.6, abs=0.03)
    assert limits["reflection"]["max"] == pytest.approx(0.3, abs=0.03)
    stats = tree.leaves.set_index("leaf").loc[best]
    assert stats["density"] > 0.95 and stats["coverage"] > 0.7
    assert tree.leaves["mass"].sum() == pytest.approx(1.0)
    assert "passivity > 0.55" in tree.describe()


@pytest.mark.parametrize(
    ("metric", "threshold", "field", "rule"),
    [
        ("passivty", 0.5, "metric", "must be one of the stored metrics"),
        ("passivity", 2.0, "threshold", "must separate the runs, but no run meets passivity > 2"),
        ("passivity", -1.0, "threshold", "every run meets"),
        ("passivity", "high", "threshold", "must be a number"),
    ],
)
def test_scenario_discovery_refuses_bad_input(results, metric, threshold, field, rule):
    for method in (ema.prim, ema.cart):
        with pytest.raises(ParameterError) as caught:
            method(results, metric, threshold)
        assert caught.value.field == field
        assert rule in caught.value.rule
        assert caught.value.value == (metric if field == "metric" else threshold)


def test_scenario_discovery_on_a_pair_refuses_a_time_series(sequential):
    with pytest.raises(ParameterError, match="must be one of the end metrics"):
        ema.prim(sequential, "passivity_series", 0.5)


# ---------------------------------------------------------------------------- without the extra, and the docs
def test_leadsim_ema_imports_without_the_workbench_and_says_how_to_install_it():
    code = (
        "import sys\n"
        "import leadsim, leadsim.ema\n"
        "assert 'ema_workbench' not in sys.modules, 'imported at import time'\n"
        "sys.modules['ema_workbench'] = None\n"
        "try:\n"
        "    leadsim.ema.ema_model(['pressure'])\n"
        "except leadsim.ema.EMAUnavailableError as exc:\n"
        "    assert isinstance(exc, ImportError) and isinstance(exc, leadsim.LeadsimError)\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "pip install 'leadsim[prim]'" in done.stdout


def test_the_docs_snippet_runs(tmp_path, monkeypatch):
    text = (ROOT / "docs" / "ema.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/ema.md has no python snippet"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_ema"}
    for block in blocks:
        exec(compile(block, "docs/ema.md", "exec"), namespace)
    assert isinstance(namespace["box"], ema.ScenarioBox)
