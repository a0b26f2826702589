"""Experiment files, designs, seeds, storage and analysis (leadsim.experiments), without subprocesses.

Executors, resume after SIGKILL and Ctrl-C, Dask and the shipped files are in
``test_experiments_run.py``.
"""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from leadsim import METRICS, PARAMETERS
from leadsim.cli import main
from leadsim.experiments import (
    AnalysisError,
    ExperimentError,
    analyze,
    build_design,
    load_experiment,
    load_results,
    parse_experiment,
    plan_runs,
    replay_run,
    replication_seeds,
    run_sweep,
    sensitivity,
    summarize,
)
from leadsim.experiments.analysis import discover_scenarios
from leadsim.experiments.design import design_size
from leadsim.experiments.storage import Results

TINY_MODEL = {"n_teams": 2, "team_size": 3, "caseload": 4, "n_partners": 4}

TINY = """
name = "tiny"
description = "a tiny grid"

[run]
steps = 6
replications = 2
seed = 11

[parameters]
n_teams = 2
team_size = 3
caseload = 4
n_partners = 4

[factors.pressure]
levels = [0.2, 0.9]

[factors.style]
levels = ["adaptive", "supportive", {hierarchical = 0.4, supportive = 0.2, accountable = 0.3, visionary = 0.1}]

[design]
kind = "grid"

[output]
metrics = ["passivity", "collaboration", "placements_first_year"]
timeseries = true
period = 4
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def experiment(**sections) -> dict:
    """An experiment as a dict (the structure of a file), tiny model, with sections replaced."""
    data = {
        "name": "t",
        "run": {"steps": 4, "replications": 2, "seed": 3},
        "parameters": dict(TINY_MODEL),
        "factors": {"pressure": {"low": 0.0, "high": 1.0}, "reflection": {"low": 0.0, "high": 1.0}},
        "design": {"kind": "lhs", "samples": 4},
    }
    data.update(sections)
    return data


def problems_of(excinfo) -> dict[str, str]:
    return {problem.key: problem.message for problem in excinfo.value.problems}


# ---------------------------------------------------------------------------- experiment files
def test_load_experiment_reads_every_section(tmp_path):
    exp = load_experiment(write(tmp_path, TINY))
    assert exp.name == "tiny"
    assert exp.steps == 6 and exp.replications == 2 and exp.seed == 11
    assert exp.fixed == TINY_MODEL
    assert exp.factor_names == ("pressure", "style")
    assert exp.factors[1].levels[0] is None  # "adaptive" is style=None
    assert exp.design.kind == "grid"
    assert exp.metrics == ("passivity", "collaboration", "placements_first_year")
    assert set(exp.kept_metrics) >= {f"regime_{r}" for r in ("passive_drift", "compliant")}
    assert exp.timeseries and exp.period == 4
    assert exp.file_sha256 and len(exp.hash) == 64


def test_hash_ignores_comments_and_description_but_not_content(tmp_path):
    base = load_experiment(write(tmp_path, TINY))
    edited = load_experiment(
        write(tmp_path, "# a comment\n" + TINY.replace("a tiny grid", "other"), "b.toml")
    )
    changed = load_experiment(write(tmp_path, TINY.replace("seed = 11", "seed = 12"), "c.toml"))
    assert edited.hash == base.hash
    assert edited.file_sha256 != base.file_sha256
    assert changed.hash != base.hash
    assert base.quick().hash != base.hash


def test_defaults_when_sections_are_left_out():
    exp = parse_experiment({"factors": {"pressure": {"levels": [0.1, 0.2]}}, "design": {"kind": "grid"}})
    assert (exp.steps, exp.replications, exp.seed) == (156, 1, 42)
    assert exp.metrics[: len(METRICS)] == METRICS
    assert not exp.timeseries


def test_quick_shrinks_every_design():
    grid = parse_experiment(
        experiment(
            factors={
                "pressure": {"levels": [0.1, 0.2, 0.3]},
                "reflection": {"low": 0.0, "high": 1.0, "points": 5},
            },
            design={"kind": "grid"},
            run={"steps": 100, "replications": 9, "seed": 1},
        )
    ).quick()
    assert grid.is_quick and grid.steps == 8 and grid.replications == 2
    assert grid.factors[0].levels == (0.1, 0.3) and grid.factors[1].points == 2
    assert design_size(grid) == 4
    sobol = parse_experiment(experiment(design={"kind": "sobol", "samples": 512})).quick()
    assert sobol.design.samples == 4
    morris = parse_experiment(experiment(design={"kind": "morris", "trajectories": 30})).quick()
    assert morris.design.trajectories == 3
    lhs = parse_experiment(experiment(design={"kind": "lhs", "samples": 300})).quick()
    assert lhs.design.samples == 8


# ---------------------------------------------------------------------------- bad input
def test_unknown_parameter_names_the_key_and_lists_valid_names():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(experiment(parameters={"pressur": 0.5}), source="x.toml")
    message = str(excinfo.value)
    assert message.startswith("x.toml: parameters.pressur: 'pressur' is not a model parameter")
    assert "did you mean pressure" in message
    assert all(name in message for name in PARAMETERS)


def test_unknown_factor_and_metric_names():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(
            experiment(
                factors={"reflexion": {"low": 0.0, "high": 1.0}},
                output={"metrics": ["passivity", "pasivity"]},
            )
        )
    found = problems_of(excinfo)
    assert "did you mean reflection" in found["factors.reflexion"]
    assert "'pasivity' is not a metric" in found["output.metrics[1]"]
    assert "placements_first_year" in found["output.metrics[1]"]  # the valid ones are listed


def test_bounds_out_of_range_and_reversed():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(
            experiment(
                factors={
                    "pressure": {"low": 0.2, "high": 1.5},
                    "reflection": {"low": 0.8, "high": 0.2},
                    "reflection_erosion": {"low": -0.1, "high": 0.05},
                }
            )
        )
    found = problems_of(excinfo)
    assert found["factors.pressure.high"] == "must be a number in [0, 1] (got 1.5)"
    assert found["factors.reflection"] == "low must be below high (got low = 0.8, high = 0.2)"
    assert found["factors.reflection_erosion.low"] == "must be a number in [0, 0.1] (got -0.1)"


def test_wrong_types():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(
            experiment(
                parameters={"n_teams": 6.0, "pressure": "high", "action_learning": 1},
                run={"steps": "10", "replications": 2, "seed": 1},
                factors={"team_size": {"low": 2, "high": 9, "type": "float"}, "style": {"low": 0, "high": 1}},
            )
        )
    found = problems_of(excinfo)
    assert found["parameters.n_teams"] == "must be an integer in [1, 100000] (got 6.0)"
    assert "(got 'high')" in found["parameters.pressure"]
    assert "True or False" in found["parameters.action_learning"]
    assert found["run.steps"] == "must be an integer >= 1 (got '10')"
    assert "team_size is an integer parameter" in found["factors.team_size.type"]
    assert "give its levels, not a range" in found["factors.style"]


def test_sobol_size_must_be_a_power_of_two():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(experiment(design={"kind": "sobol", "samples": 100}))
    assert "(got 100; try 64 or 128)" in problems_of(excinfo)["design.samples"]
    assert parse_experiment(experiment(design={"kind": "sobol", "samples": 128})).design.samples == 128


def test_design_keys_are_checked_per_kind():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(experiment(design={"kind": "grid", "samples": 10}))
    found = problems_of(excinfo)
    assert "'samples' is not a key of a grid design" in found["design.samples"]
    assert "factors.pressure.points" in found  # a range on a grid needs points
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(experiment(design={"kind": "morris", "trajectories": 1, "levels": 3}))
    found = problems_of(excinfo)
    assert set(found) == {"design.trajectories", "design.levels"}
    with pytest.raises(ExperimentError, match=r"design\.kind: must be one of grid, lhs, sobol, morris"):
        parse_experiment(experiment(design={"kind": "factorial"}))


def test_missing_sections_and_unknown_keys():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment({"name": "x", "runs": {"steps": 3}})
    found = problems_of(excinfo)
    assert "did you mean run" in found["runs"]
    assert "[design]" in found["design"] and "[factors]" in found["factors"]


def test_factor_both_fixed_and_varied_and_bad_levels():
    with pytest.raises(ExperimentError) as excinfo:
        parse_experiment(
            experiment(
                parameters={"pressure": 0.5},
                factors={
                    "pressure": {"levels": [0.1, 0.2]},
                    "style": {"levels": ["adaptive", "bossy"]},
                    "scrutiny": {"levels": [0.1, 0.1]},
                    "reflection": {"levels": []},
                },
            )
        )
    found = problems_of(excinfo)
    assert "also fixed in [parameters]" in found["factors.pressure"]
    assert "must be 'adaptive' or one of hierarchical" in found["factors.style.levels[1]"]
    assert "lists 0.1 twice" in found["factors.scrutiny.levels"]
    assert "non-empty list" in found["factors.reflection.levels"]


def test_every_problem_is_reported_together(tmp_path):
    path = write(
        tmp_path,
        """
        [run]
        steps = 0
        [factors.pressure]
        low = 0
        high = 2
        [design]
        kind = "sobol"
        samples = 3
        [output]
        metrics = ["nope"]
        """,
    )
    with pytest.raises(ExperimentError) as excinfo:
        load_experiment(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}: 4 problems:")
    for key in ("run.steps", "factors.pressure.high", "design.samples", "output.metrics[0]"):
        assert f"\n  {key}: " in message


def test_malformed_toml_reports_its_line(tmp_path):
    path = write(tmp_path, 'name = "x"\n[run\nsteps = 3\n')
    with pytest.raises(ExperimentError, match=r"exp.toml: line 2, column \d+: malformed TOML"):
        load_experiment(path)


def test_missing_file(tmp_path):
    with pytest.raises(ExperimentError, match="cannot read the experiment file"):
        load_experiment(tmp_path / "absent.toml")


def test_cli_reports_experiment_errors_with_exit_2_before_any_run(tmp_path, capsys):
    path = write(tmp_path, TINY.replace("levels = [0.2, 0.9]", "levels = [0.2, 1.9]"))
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"leadsim: error: {path}: factors.pressure.levels[1]: must be in [0, 1] (got 1.9)")
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_check_prints_the_design_size(tmp_path, capsys):
    path = write(tmp_path, TINY)
    assert main(["sweep", str(path), "--check"]) == 0
    assert "grid design of 6 points x 2 replications = 12 runs of 6 weeks" in capsys.readouterr().out


# ---------------------------------------------------------------------------- designs and seeds
def test_grid_is_every_combination_in_file_order(tmp_path):
    exp = load_experiment(write(tmp_path, TINY))
    design = build_design(exp)
    assert len(design) == design_size(exp) == 6
    assert design.points["pressure"].tolist() == [0.2, 0.2, 0.2, 0.9, 0.9, 0.9]
    assert design.points["style"].tolist()[:2] == [None, "supportive"]
    assert design.unit is None


def test_grid_ranges_give_evenly_spaced_points():
    exp = parse_experiment(
        experiment(
            factors={
                "reflection": {"low": 0.0, "high": 0.9, "points": 4},
                "followup_weeks": {"low": 2, "high": 8, "points": 4},
            },
            design={"kind": "grid"},
        )
    )
    points = build_design(exp).points
    assert sorted(set(points["reflection"])) == pytest.approx([0.0, 0.3, 0.6, 0.9])
    assert sorted(set(points["followup_weeks"])) == [2, 4, 6, 8]
    assert points["followup_weeks"].dtype == np.int64


@pytest.mark.parametrize(
    ("design", "size"),
    [
        ({"kind": "lhs", "samples": 7}, 7),
        ({"kind": "sobol", "samples": 8}, 8 * (3 + 2)),
        ({"kind": "sobol", "samples": 8, "second_order": True}, 8 * (2 * 3 + 2)),
        ({"kind": "morris", "trajectories": 5}, 5 * (3 + 1)),
    ],
)
def test_sampled_design_sizes_and_bounds(design, size):
    factors = {
        "pressure": {"low": 0.2, "high": 0.6},
        "followup_weeks": {"low": 3, "high": 5},
        "pressure_scenario": {"levels": ["constant", "shock"]},
    }
    exp = parse_experiment(experiment(factors=factors, design=design))
    points = build_design(exp).points
    assert len(points) == design_size(exp) == size
    assert points["pressure"].between(0.2, 0.6).all()
    assert set(points["followup_weeks"]) <= {3, 4, 5} and points["followup_weeks"].dtype == np.int64
    assert set(points["pressure_scenario"]) <= {"constant", "shock"}


def test_latin_hypercube_has_one_point_per_stratum():
    exp = parse_experiment(experiment(design={"kind": "lhs", "samples": 20}))
    unit = build_design(exp).unit
    for column in unit:
        strata = np.floor(unit[column].to_numpy() * 20).astype(int)
        assert sorted(strata) == list(range(20))


def test_designs_are_deterministic_in_their_seed():
    exp = parse_experiment(experiment(design={"kind": "sobol", "samples": 8}))
    other = parse_experiment(experiment(design={"kind": "sobol", "samples": 8, "seed": 99}))
    pd.testing.assert_frame_equal(build_design(exp).points, build_design(exp).points)
    assert not build_design(exp).points.equals(build_design(other).points)


def test_replication_seeds_are_spawned_from_one_root():
    seeds = replication_seeds(2024, 5)
    expected = [int(c.generate_state(1)[0]) for c in np.random.SeedSequence(2024).spawn(5)]
    assert seeds == expected
    assert len(set(seeds)) == 5
    assert replication_seeds(2024, 8)[:5] == seeds  # more replications keep the first seeds


def test_runs_have_unique_ids_and_common_random_numbers(tmp_path):
    exp = load_experiment(write(tmp_path, TINY))
    runs = plan_runs(exp, build_design(exp))
    assert [run.run_id for run in runs] == list(range(12))
    assert all(run.run_id == run.point * 2 + run.replication for run in runs)
    seeds = replication_seeds(11, 2)
    assert all(run.seed == seeds[run.replication] for run in runs)
    assert runs[0].parameters == {**TINY_MODEL, "pressure": 0.2, "style": None}


# ---------------------------------------------------------------------------- storage
@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory) -> Results:
    tmp = tmp_path_factory.mktemp("tiny")
    path = write(tmp, TINY)
    outcome = run_sweep(path, tmp / "out", executor="serial", progress=False)
    assert outcome.complete and outcome.ran == 12
    return load_results(tmp / "out")


def test_results_have_one_row_per_run_with_ids_seeds_parameters_and_metrics(tiny_results):
    runs = tiny_results.runs
    assert runs["run_id"].tolist() == list(range(12))
    assert list(runs.columns[:4]) == ["run_id", "point", "replication", "seed"]
    assert {f"param_{name}" for name in PARAMETERS} <= set(runs.columns)
    assert set(tiny_results.experiment.kept_metrics) <= set(runs.columns)
    assert runs["param_style"].tolist()[:4] == ["adaptive", "adaptive", "supportive", "supportive"]
    assert json.loads(runs["param_style"].iloc[4]) == {
        "accountable": 0.3,
        "hierarchical": 0.4,
        "supportive": 0.2,
        "visionary": 0.1,
    }
    regimes = runs[[f"regime_{r}" for r in ("passive_drift", "compliant", "coproducing", "connective")]]
    assert np.allclose(regimes.sum(axis=1), 1.0)


def test_timeseries_are_subsampled_every_period_with_the_last_week(tiny_results):
    series = tiny_results.timeseries
    assert series.groupby("run_id")["week"].apply(list).tolist() == [[0, 4, 6]] * 12
    last = series[series["week"] == 6].set_index("run_id")["passivity"]
    assert np.array_equal(last.to_numpy(), tiny_results.runs.set_index("run_id")["passivity"].to_numpy())


def test_manifest_records_hash_versions_and_sessions(tiny_results):
    manifest = tiny_results.manifest
    assert manifest["experiment_hash"] == tiny_results.experiment.hash
    assert manifest["experiment_file_sha256"]
    assert {"leadsim", "mesa", "numpy", "python"} <= set(manifest["versions"])
    assert manifest["created"] and manifest["completed"]
    assert manifest["runs_total"] == 12
    assert manifest["sessions"][0]["runs_stored_after"] == 12
    assert (tiny_results.path / "experiment.toml").exists()


@pytest.mark.parametrize("run_id", [0, 5, 11])
def test_every_run_replays_alone_from_its_row(tiny_results, run_id):
    model = replay_run(tiny_results.path, run_id)
    row = tiny_results.runs.set_index("run_id").loc[run_id]
    summary = model.summary()
    for metric in ("passivity", "collaboration", "placements_first_year", "regime_passive_drift"):
        assert summary[metric] == row[metric]


def test_a_finished_sweep_does_nothing_when_run_again(tiny_results):
    parts = sorted((tiny_results.path / "runs").iterdir())
    outcome = run_sweep(tiny_results.manifest["experiment_file"], tiny_results.path, progress=False)
    assert outcome.ran == 0 and outcome.complete
    assert sorted((tiny_results.path / "runs").iterdir()) == parts


def test_a_results_directory_of_another_experiment_is_refused(tiny_results, tmp_path):
    other = write(tmp_path, TINY.replace("steps = 6", "steps = 7"))
    with pytest.raises(
        ExperimentError, match=r"holds experiment 'tiny' .* never mixed: choose another --out"
    ):
        run_sweep(other, tiny_results.path, executor="serial", progress=False)
    with pytest.raises(ExperimentError, match="holds experiment"):
        run_sweep(tiny_results.manifest["experiment_file"], tiny_results.path, quick=True, progress=False)


def test_a_directory_that_is_not_a_results_directory_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with pytest.raises(ExperimentError, match="not a leadsim results directory"):
        run_sweep(write(tmp_path, TINY), tmp_path / "out", executor="serial", progress=False)
    with pytest.raises(ExperimentError, match="not a leadsim results directory"):
        load_results(tmp_path / "out")


def test_resuming_is_refused_when_the_model_defaults_changed(tmp_path):
    path = write(tmp_path, TINY)
    exp = load_experiment(path).quick()
    run_sweep(exp, tmp_path / "out", executor="serial", progress=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    manifest["model_defaults"]["style_rate"] = 0.123
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ExperimentError, match=r"model's defaults changed .*style_rate 0.123 ->"):
        run_sweep(exp, tmp_path / "out", executor="serial", progress=False)


def test_resume_drops_leftovers_and_runs_only_what_is_missing(tmp_path):
    path = write(tmp_path, TINY)
    out = tmp_path / "out"
    run_sweep(path, out, executor="serial", chunk_size=2, progress=False)
    parts = sorted((out / "runs").glob("part-*.parquet"))
    assert len(parts) == 6
    # A session killed mid-way: one runs part lost, its time series kept, a temporary file left.
    parts[2].unlink()
    (out / "runs" / ".part-000099.parquet.x.tmp").write_bytes(b"partial")
    outcome = run_sweep(path, out, executor="serial", chunk_size=2, progress=False)
    assert outcome.ran == 2 and outcome.complete
    assert not list(out.rglob("*.tmp"))
    assert not (out / "timeseries" / parts[2].name).exists()  # the orphan time series was removed
    results = load_results(out)
    assert results.runs["run_id"].tolist() == list(range(12))
    assert results.timeseries.groupby("run_id").size().tolist() == [3] * 12


# ---------------------------------------------------------------------------- analysis
def test_summaries_give_t_intervals_per_design_point(tiny_results):
    summary = summarize(tiny_results)
    assert len(summary) == 6 and (summary["runs"] == 2).all()
    assert summary["style"].tolist()[:2] == ["adaptive", "supportive"]
    runs = tiny_results.runs[tiny_results.runs["point"] == 3]["passivity"]
    mean, sem = runs.mean(), runs.std(ddof=1) / math.sqrt(2)
    row = summary.set_index("point").loc[3]
    assert row["passivity_mean"] == pytest.approx(mean)
    assert row["passivity_ci_high"] - mean == pytest.approx(stats.t.ppf(0.975, 1) * sem)
    assert (summary["regime_passive_drift_ci_low"] <= summary["regime_passive_drift_mean"]).all()


def test_interval_columns_stay_within_the_metrics_range_and_say_when_clipped(tiny_results):
    summary = summarize(tiny_results)
    shares = [m for m in tiny_results.metrics if m.startswith("regime_") or m == "passivity"]
    assert "regime_passive_drift" in shares
    for share in shares:
        assert (summary[f"{share}_ci_low"].dropna() >= 0).all()
        assert (summary[f"{share}_ci_high"].dropna() <= 1).all()
        # Flagged exactly where the plain Student-t interval of the 2 runs leaves [0, 1].
        groups = tiny_results.runs.groupby("point")[share]
        half = groups.sem() * stats.t.ppf(0.975, 1)
        leaves = ((groups.mean() - half) < 0) | ((groups.mean() + half) > 1)
        assert summary.set_index("point")[f"{share}_ci_clipped"].tolist() == leaves.tolist()


def test_the_effects_figure_draws_the_intervals_of_the_summary(tiny_results, monkeypatch):
    """Issue 14, item 11: one interval method in the table and the figure."""
    import leadsim.experiments.report as report
    from leadsim.experiments.intervals import t_interval

    drawn: list[tuple[float, float]] = []

    def recording(values, confidence=0.95, bounds=(-math.inf, math.inf)):
        interval = t_interval(values, confidence, bounds)
        drawn.append(interval)
        return interval

    monkeypatch.setattr(report, "t_interval", recording)
    report.plot_effects(tiny_results, ["passivity"])
    summary = summarize(tiny_results)
    factor = tiny_results.factors[0]
    table = tiny_results.factor_table().join(tiny_results.runs[["passivity"]])
    for level, runs in table.groupby(factor)["passivity"]:
        expected = t_interval(runs, 0.95, (0.0, 1.0))
        assert any(np.allclose(expected, got, equal_nan=True) for got in drawn), (factor, level)
    one_point = summary.groupby(factor).size().eq(1)
    for level in one_point[one_point].index:
        row = summary[summary[factor] == level].iloc[0]
        assert any(np.allclose((row["passivity_ci_low"], row["passivity_ci_high"]), got) for got in drawn)


def synthetic_results(tmp_path: Path, design: dict, outcome) -> Results:
    """Results of a design whose 'passivity' is a known function of the unit coordinates."""
    exp = parse_experiment(
        experiment(
            factors={name: {"low": 0.0, "high": 1.0} for name in ("pressure", "reflection", "scrutiny")},
            design=design,
            run={"steps": 1, "replications": 1, "seed": 1},
            output={"metrics": ["passivity", "collaboration"]},
        )
    )
    built = build_design(exp)
    unit = built.unit.to_numpy()
    runs = pd.DataFrame({"run_id": range(len(unit)), "point": range(len(unit)), "replication": 0, "seed": 1})
    for name in exp.factor_names:
        runs[f"param_{name}"] = built.points[name].to_numpy()
    runs["passivity"] = outcome(unit)
    runs["collaboration"] = 1.0  # does not vary: left out of the indices
    manifest = {"runs_total": len(unit), "experiment_hash": exp.hash}
    return Results(tmp_path, manifest, exp, runs, None, built.table())


def test_sobol_indices_recover_a_known_function(tmp_path):
    # y = 4 u0 + 2 u1 (u2 inert): Var = 16/12 + 4/12, so S1 = ST = 0.8, 0.2, 0.
    results = synthetic_results(
        tmp_path, {"kind": "sobol", "samples": 1024}, lambda u: 4 * u[:, 0] + 2 * u[:, 1]
    )
    indices = sensitivity(results).set_index("factor")
    assert list(indices["metric"].unique()) == ["passivity"]
    assert indices.loc["pressure", "ST"] == pytest.approx(0.8, abs=0.05)
    assert indices.loc["reflection", "S1"] == pytest.approx(0.2, abs=0.05)
    assert abs(indices.loc["scrutiny", "ST"]) < 0.02
    assert (indices.loc[["pressure", "reflection"], "ST_conf"] > 0).all()


def test_second_order_sobol_indices_find_the_interaction(tmp_path):
    # y = u0 u1: the pair (pressure, reflection) interacts, scrutiny takes no part.
    design = {"kind": "sobol", "samples": 1024, "second_order": True}
    results = synthetic_results(tmp_path, design, lambda u: u[:, 0] * u[:, 1])
    indices = sensitivity(results).set_index("factor")
    assert indices.loc["pressure x reflection", "S2"] > 0.1
    assert abs(indices.loc["pressure x scrutiny", "S2"]) < 0.05
    assert indices.loc[["pressure", "reflection", "scrutiny"], "S1"].notna().all()


def test_morris_ranks_factors_by_their_effect(tmp_path):
    results = synthetic_results(
        tmp_path, {"kind": "morris", "trajectories": 10}, lambda u: 4 * u[:, 0] + 2 * u[:, 1] ** 2
    )
    indices = sensitivity(results).set_index("factor")
    assert indices.loc["pressure", "mu_star"] == pytest.approx(4.0)
    assert indices.loc["pressure", "sigma"] == pytest.approx(0.0, abs=1e-9)  # linear: no spread
    assert indices.loc["reflection", "sigma"] > 0  # non-linear
    assert indices.loc["scrutiny", "mu_star"] == 0


def test_sensitivity_needs_a_sampled_design_and_every_run(tiny_results, tmp_path):
    with pytest.raises(AnalysisError, match="need a sobol or morris design"):
        sensitivity(tiny_results)
    results = synthetic_results(tmp_path, {"kind": "sobol", "samples": 8}, lambda u: u[:, 0])
    partial = Results(
        results.path, results.manifest, results.experiment, results.runs.iloc[:-3], None, results.design
    )
    with pytest.raises(AnalysisError, match="37 of 40 are stored; rerun the sweep"):
        sensitivity(partial)


def test_prim_finds_the_box_of_passive_drift(tmp_path):
    results = synthetic_results(
        tmp_path, {"kind": "lhs", "samples": 400}, lambda u: ((u[:, 0] > 0.6) & (u[:, 1] < 0.5)).astype(float)
    )
    results.runs["regime_passive_drift"] = results.runs["passivity"]
    box = discover_scenarios(results)
    limits = box.limits.set_index("factor")
    assert set(limits.index) == {"pressure", "reflection"}
    assert limits.loc["pressure", "min"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc["reflection", "max"] == pytest.approx(0.5, abs=0.05)
    assert box.coverage >= 0.7 and box.density > 0.9
    assert "regime_passive_drift > 0.5" in box.describe()


def test_prim_on_categorical_factors(tiny_results):
    results = tiny_results
    box = discover_scenarios(results, metric="passivity", threshold=float(results.runs["passivity"].median()))
    assert box.cases == 12 and 0 < box.cases_of_interest < 12


def test_analyze_writes_tables_figures_and_one_html_report(tiny_results, tmp_path):
    report = analyze(tiny_results, tmp_path / "analysis")
    names = {path.name for path in report.files}
    assert {
        "summary.csv",
        "phase_pressure_style.png",
        "effects.png",
        "trajectories.png",
        "report.html",
    } <= names
    html = report.html.read_text()
    assert html.count("data:image/png;base64,") == sum(name.endswith(".png") for name in names)
    assert "tiny" in html and tiny_results.experiment.hash in html
    assert pd.read_csv(tmp_path / "analysis" / "summary.csv").shape[0] == 6


def test_analyze_rejects_unknown_metrics_and_factors(tiny_results, tmp_path):
    with pytest.raises(AnalysisError, match="'wellbeing' not stored"):
        analyze(tiny_results, tmp_path / "a", metrics=["wellbeing"], prim=False)
    with pytest.raises(AnalysisError, match="'scrutiny' is not a factor"):
        analyze(tiny_results, tmp_path / "a", phase=("pressure", "scrutiny"), prim=False)


def test_cli_analyze(tiny_results, tmp_path, capsys):
    assert main(["analyze", str(tiny_results.path), "--out", str(tmp_path / "a"), "--no-prim"]) == 0
    assert "12 of 12 runs analysed" in capsys.readouterr().out
    assert (tmp_path / "a" / "report.html").exists()
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not a leadsim results directory" in capsys.readouterr().err
