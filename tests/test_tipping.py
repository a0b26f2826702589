"""The tipping-point protocols: initial states (one attractor or two) and hysteresis (pressure
raised, then lowered). The analysis is checked on synthetic trajectories whose answer is known
(two sets that stay apart, two that meet; a switch with a loop, a system that tracks pressure, a
lagging one whose loop shrinks with slower ramps), and both shipped experiment files are run end
to end at a small size through the sweep engine and ``leadsim analyze``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsim.experiments import analyze, load_experiment, load_results, parse_experiment, run_sweep
from leadsim.experiments.tipping import (
    APART,
    LOOP,
    MEMORY,
    MIN_GAP,
    MIN_SHARE_GAP,
    NO_LOOP,
    NO_MEMORY,
    ONE_ATTRACTOR,
    UNDECIDED,
    TippingError,
    decide,
    detrend,
    hysteresis_loops,
    hysteresis_verdict,
    initial_state_convergence,
    initial_state_gaps,
    initial_state_verdict,
    loop_branches,
    min_gap_for,
    remanence,
    remanence_verdict,
)

ROOT = Path(__file__).resolve().parents[1]
INITIAL = ROOT / "experiments" / "tipping_initial_state.toml"
HYSTERESIS = ROOT / "experiments" / "tipping_hysteresis.toml"
SMALL_MODEL = {"n_teams": 3, "team_size": 4, "caseload": 5, "n_partners": 4}


# ---------------------------------------------------------------------------- the decision rule
def test_decide_needs_the_whole_interval_beyond_or_within_the_minimum():
    assert decide(0.06, 0.2, 0.05, apart="a", together="t") == "a"
    assert decide(-0.3, -0.051, 0.05, apart="a", together="t") == "a"
    assert decide(-0.04, 0.049, 0.05, apart="a", together="t") == "t"
    assert decide(0.01, 0.06, 0.05, apart="a", together="t") == UNDECIDED  # reaches past the minimum
    assert decide(-0.2, 0.2, 0.05, apart="a", together="t") == UNDECIDED  # too wide to tell
    assert decide(np.nan, np.nan, 0.05, apart="a", together="t") == UNDECIDED


def test_minimum_gaps_are_declared_per_metric_and_bad_ones_refused():
    assert min_gap_for("passivity") == MIN_GAP == 0.05
    assert min_gap_for("regime_passive_drift") == MIN_SHARE_GAP == 0.10
    assert min_gap_for("passivity", {"passivity": 0.02}) == 0.02
    assert min_gap_for("collaboration", {"passivity": 0.02}) == MIN_GAP
    with pytest.raises(TippingError, match=r"min_gap\['passivity'\] must be a positive number \(got -0.1\)"):
        min_gap_for("passivity", -0.1)
    with pytest.raises(TippingError, match=r"min_gap\['wellbeing'\] must be a positive number \(got 'x'\)"):
        min_gap_for("wellbeing", {"wellbeing": "x"})


# ---------------------------------------------------------------------------- initial states
def synthetic_starts(
    *, bistable: bool, replications: int = 12, weeks: int = 200, noise: float = 0.01, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Runs and series of two starts (0.15 and 0.85 proactivity) in two pressure cells.

    Passivity relaxes toward an attractor with a time constant of 20 weeks. Bistable: each start
    has its own attractor (0.8 from the passive start, 0.2 from the collaborative one); otherwise
    both relax to the same one (0.5 + 0.2 pressure).
    """
    rng = np.random.default_rng(seed)
    runs, series, run_id = [], [], 0
    week = np.arange(0, weeks + 1, 10)
    for pressure in (0.2, 0.8):
        for start in (0.15, 0.85):
            begin = 1 - start
            target = (0.8 if start < 0.5 else 0.2) if bistable else 0.5 + 0.2 * pressure
            for replication in range(replications):
                path = target + (begin - target) * np.exp(-week / 20) + noise * rng.standard_normal(week.size)
                runs.append(
                    {
                        "run_id": run_id,
                        "replication": replication,
                        "initial_proactivity": start,
                        "pressure": pressure,
                        "passivity": path[-1],
                    }
                )
                series.append(pd.DataFrame({"run_id": run_id, "week": week, "passivity": path}))
                run_id += 1
    return pd.DataFrame(runs), pd.concat(series, ignore_index=True)


def week0(runs: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    first = series[series["week"] == 0][["run_id", "passivity"]]
    return first.merge(runs.drop(columns="passivity"), on="run_id")


def test_starts_that_stay_apart_are_bistability():
    runs, series = synthetic_starts(bistable=True)
    gaps = initial_state_gaps(
        runs, cells=["pressure"], metrics=["passivity"], starts=week0(runs, series)
    ).set_index("pressure")
    assert (gaps["verdict"] == APART).all()
    assert gaps["end_gap"].to_numpy() == pytest.approx([0.6, 0.6], abs=0.02)
    assert gaps["start_gap"].to_numpy() == pytest.approx([0.7, 0.7], abs=0.02)
    assert (gaps["ci_low"] > MIN_GAP).all() and (gaps["replications"] == 12).all()
    text = initial_state_verdict(gaps.reset_index(), ["pressure"])
    assert text.startswith("bistability: runs started at initial_proactivity 0.15 and 0.85 stay apart")
    assert "in 2 of 2 cells" in text and "pressure 0.2" in text and "from +0.70" in text


def test_starts_that_meet_are_one_attractor():
    runs, series = synthetic_starts(bistable=False)
    gaps = initial_state_gaps(runs, cells=["pressure"], metrics=["passivity"], starts=week0(runs, series))
    assert (gaps["verdict"] == ONE_ATTRACTOR).all()
    assert (gaps["ci_low"] > -MIN_GAP).all() and (gaps["ci_high"] < MIN_GAP).all()
    assert gaps["start_gap"].to_numpy() == pytest.approx([0.7, 0.7], abs=0.02)
    text = initial_state_verdict(gaps, ["pressure"])
    assert text.startswith("one attractor: in all 2 cells, runs started at initial_proactivity 0.15 and 0.85")
    assert "within +-0.05 (passivity)" in text


def test_noise_too_large_to_tell_is_undecided_not_one_attractor():
    runs, _ = synthetic_starts(bistable=False, replications=3, noise=0.15, seed=3)
    gaps = initial_state_gaps(runs, cells=["pressure"], metrics=["passivity"])
    assert (gaps["verdict"] == UNDECIDED).all()
    assert initial_state_verdict(gaps, ["pressure"]).startswith("undecided:")


def test_gaps_are_paired_by_replication():
    # The same seed's noise in both starts: a paired gap is exact although runs differ a lot.
    runs = pd.DataFrame(
        {
            "replication": [0, 1, 2, 0, 1, 2],
            "initial_proactivity": [0.15] * 3 + [0.85] * 3,
            "passivity": [0.1, 0.5, 0.9, 0.1, 0.5, 0.9],
        }
    )
    row = initial_state_gaps(runs, metrics=["passivity"]).iloc[0]
    assert row["end_gap"] == 0 and row["ci_low"] == row["ci_high"] == 0
    assert row["verdict"] == ONE_ATTRACTOR


def test_convergence_week_by_week_shrinks_for_runs_that_meet():
    runs, series = synthetic_starts(bistable=False)
    table = initial_state_convergence(runs, series, cells=["pressure"], metrics=["passivity"])
    cell = table[table["pressure"] == 0.2].set_index("week")["gap"]
    assert cell.loc[0] == pytest.approx(0.7, abs=0.02)
    assert abs(cell.loc[200]) < 0.02
    assert (np.diff(cell.to_numpy()[:8]) < 0).all()


def test_initial_state_input_errors_name_the_problem():
    runs, _ = synthetic_starts(bistable=False, replications=2)
    with pytest.raises(TippingError, match="the runs table has no column 'reflection'"):
        initial_state_gaps(runs, cells=["reflection"], metrics=["passivity"])
    with pytest.raises(
        TippingError,
        match=r"'initial_proactivity' must have at least two levels to compare starts \(got \[0.15\]\)",
    ):
        initial_state_gaps(runs[runs["initial_proactivity"] == 0.15], metrics=["passivity"])
    with pytest.raises(TippingError, match=r"confidence must be a number in \(0, 1\) \(got 1.5\)"):
        initial_state_gaps(runs, metrics=["passivity"], confidence=1.5)


# ---------------------------------------------------------------------------- hysteresis
def cycle_pressure(ramp: int, weeks: int, peak: float = 1.0) -> np.ndarray:
    t = np.arange(weeks + 1, dtype=float)
    return peak * np.clip(np.minimum(t / ramp, 2 - t / ramp), 0, None)


def respond(pressure: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    """A state driven by pressure: tracks it, lags behind it, or switches with a loop."""
    out = np.empty_like(pressure)
    if kind == "tracks":
        out = 0.2 + 0.6 * pressure
    elif kind == "lags":  # relaxes toward 0.2 + 0.6 pressure with a 15-week time constant
        state = 0.2
        for i, p in enumerate(pressure):
            state += (0.2 + 0.6 * p - state) / 15
            out[i] = state
    elif kind == "switch":  # up at pressure 0.7, down only below 0.3: a loop whatever the speed
        high = False
        for i, p in enumerate(pressure):
            high = p > 0.7 or (high and p > 0.3)
            out[i] = 0.8 if high else 0.2
    return out + 0.005 * rng.standard_normal(pressure.size)


def synthetic_cycles(kind: str, ramps=(40, 160), replications: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(1)
    runs, series, run_id = [], [], 0
    for ramp in ramps:
        pressure = cycle_pressure(ramp, 2 * max(ramps) + 20)
        for replication in range(replications):
            runs.append({"run_id": run_id, "replication": replication, "ramp_weeks": ramp})
            week = np.arange(pressure.size)
            keep = week % 2 == 0
            series.append(
                pd.DataFrame(
                    {
                        "run_id": run_id,
                        "week": week[keep],
                        "pressure": pressure[keep],
                        "passivity": respond(pressure, kind, rng)[keep],
                    }
                )
            )
            run_id += 1
    return pd.DataFrame(runs), pd.concat(series, ignore_index=True)


def test_loop_branches_read_up_and_down_at_the_same_pressures():
    pressure = cycle_pressure(10, 30)
    state = np.where(np.arange(31) <= 10, pressure, pressure + 0.1)  # down is 0.1 higher
    q, up, down = loop_branches(pressure, state)
    assert q[0] == pytest.approx(0.1) and q[-1] == pytest.approx(0.9)
    assert up == pytest.approx(q) and down == pytest.approx(q + 0.1)


def test_loop_branches_skip_weeks_held_at_zero_pressure_before_the_cycle():
    pressure = np.concatenate([np.zeros(15), cycle_pressure(10, 30)])
    state = np.concatenate([np.full(15, 9.0), np.where(np.arange(31) <= 10, 0.0, 1.0)])  # 9: burn-in
    _, up, down = loop_branches(pressure, state)
    assert up == pytest.approx(0.0) and down == pytest.approx(1.0)


def test_loop_branches_of_an_unfinished_cycle_are_none():
    pressure = cycle_pressure(10, 14)  # back down only to 0.6
    assert loop_branches(pressure, pressure) is None
    assert loop_branches(np.zeros(20), np.zeros(20)) is None


def test_a_switch_has_a_loop_at_every_speed_hysteresis():
    runs, series = synthetic_cycles("switch")
    loops, curves = hysteresis_loops(runs, series, cells=["ramp_weeks"], metrics=["passivity"])
    assert (loops["verdict"] == LOOP).all() and (loops["replications"] == 8).all()
    slow = loops.set_index("ramp_weeks").loc[160]
    assert slow["mid_gap"] == pytest.approx(0.6, abs=0.02)  # down: still high at 0.5; up: low
    assert slow["loop_ci_low"] > MIN_GAP
    mid = curves[(curves["ramp_weeks"] == 160) & np.isclose(curves["q_share"], 0.5)].iloc[0]
    assert mid["up"] == pytest.approx(0.2, abs=0.02) and mid["down"] == pytest.approx(0.8, abs=0.02)
    text = hysteresis_verdict(loops, ["ramp_weeks"])
    assert text.startswith("hysteresis: at the slowest ramp the way down differs from the way up")
    assert "At ramp_weeks 40, 160 the loops (mean over the other cells): passivity 0.3" in text
    assert "(about the same size)" in text  # a switch does not care how fast pressure moves


def test_a_state_that_tracks_pressure_has_no_hysteresis():
    runs, series = synthetic_cycles("tracks")
    loops, _ = hysteresis_loops(runs, series, cells=["ramp_weeks"], metrics=["passivity"])
    assert (loops["verdict"] == NO_LOOP).all()
    assert hysteresis_verdict(loops, ["ramp_weeks"]).startswith("no hysteresis: at the slowest ramp")


def test_a_loop_that_shrinks_with_slower_ramps_is_called_lag():
    runs, series = synthetic_cycles("lags", ramps=(20, 400), replications=6)
    loops, _ = hysteresis_loops(runs, series, cells=["ramp_weeks"], metrics=["passivity"])
    by_ramp = loops.set_index("ramp_weeks")
    assert by_ramp.loc[20, "verdict"] == LOOP  # the fast cycle leaves a loop
    assert by_ramp.loc[400, "loop"] < 0.5 * by_ramp.loc[20, "loop"]
    text = hysteresis_verdict(loops, ["ramp_weeks"])
    assert "(shrinks by" in text and "a loop that shrinks when pressure moves more slowly is lag" in text
    assert not text.startswith("hysteresis:")


def test_a_loop_that_crosses_itself_is_a_loop_though_its_signed_area_is_zero():
    # down below up at low pressure, above it at high pressure: a figure eight
    pressure = cycle_pressure(40, 100)
    rising = np.arange(pressure.size) <= 40
    runs = pd.DataFrame({"run_id": range(6), "replication": range(6)})
    series = pd.concat(
        [
            pd.DataFrame(
                {
                    "run_id": run_id,
                    "week": np.arange(pressure.size),
                    "pressure": pressure,
                    "passivity": np.where(rising, 0.5, 0.5 + 0.4 * (pressure - 0.5)) + 0.001 * run_id,
                }
            )
            for run_id in range(6)
        ]
    )
    loops, _ = hysteresis_loops(runs, series, metrics=["passivity"])
    row = loops.iloc[0]
    assert row["loop"] == pytest.approx(0.4 * 0.2, abs=0.005)  # mean |0.4 (q - 0.5)| over [0.1, 0.9]
    assert row["mid_gap"] == pytest.approx(0.0, abs=1e-9)
    assert row["low_end_gap"] == pytest.approx(-0.16) and row["high_end_gap"] == pytest.approx(0.16)
    assert row["verdict"] == LOOP


def test_hysteresis_needs_the_weekly_pressure_and_finished_cycles():
    runs, series = synthetic_cycles("tracks", replications=2)
    with pytest.raises(
        TippingError, match=r"needs the weekly 'pressure' in the time series: add \"pressure\""
    ):
        hysteresis_loops(runs, series.drop(columns="pressure"), metrics=["passivity"])
    with pytest.raises(TippingError, match=r"band must be two shares of the peak.*\(got \(0.6, 0.9\)\)"):
        hysteresis_loops(runs, series, metrics=["passivity"], band=(0.6, 0.9))
    early = series[series["week"] <= 100]  # the 40-week cycles are done, the 160-week ones not
    loops, _ = hysteresis_loops(runs, early, cells=["ramp_weeks"], metrics=["passivity"])
    assert loops.set_index("ramp_weeks").loc[160, "replications"] == 0
    assert loops.set_index("ramp_weeks").loc[160, "runs_incomplete"] == 2
    assert loops.set_index("ramp_weeks").loc[40, "replications"] == 2


def test_remanence_tells_memory_of_the_cycle_from_none():
    rng = np.random.default_rng(4)
    shared = rng.normal(0.45, 0.05, size=10)  # each seed's end state, the same in both arms
    base = pd.DataFrame({"replication": range(10), "reflection": 0.5, "passivity": shared})
    runs = pd.concat([base.assign(pressure=0.0), base.assign(pressure=1.0)], ignore_index=True)
    table = remanence(runs, cells=["reflection"], metrics=["passivity"])
    assert table["verdict"].tolist() == [NO_MEMORY] and table["remanence"].iloc[0] == 0
    assert remanence_verdict(table, ["reflection"]).startswith("no memory: after the pressure cycle")
    runs.loc[runs["pressure"] == 1.0, "passivity"] += 0.12 + rng.normal(0, 0.01, size=10)
    table = remanence(runs, cells=["reflection"], metrics=["passivity"])
    row = table.iloc[0]
    assert row["verdict"] == MEMORY and row["remanence"] == pytest.approx(0.12, abs=0.01)
    assert row["ci_low"] > MIN_GAP and row["peak"] == 1.0
    assert remanence_verdict(table, ["reflection"]).startswith("memory: after the pressure cycle")
    with pytest.raises(TippingError, match=r"'pressure' must have the level 0 .* \(got \[1.0\]\)"):
        remanence(runs[runs["pressure"] == 1.0], metrics=["passivity"])


def test_net_of_the_never_pressured_twin_a_start_up_transient_is_no_loop():
    # The state tracks pressure but starts far from where it settles, slowly (a 60-week transient),
    # the same in the twin that never sees pressure: raw, the way up reads the transient.
    weeks = np.arange(201)
    pressure = cycle_pressure(60, 200)
    transient = 0.3 * np.exp(-weeks / 60)
    runs, reference, parts = [], [], []
    for replication in range(6):
        noise = 0.002 * np.random.default_rng(replication).standard_normal(weeks.size)
        runs.append({"run_id": replication, "replication": replication})
        reference.append({"run_id": 100 + replication, "replication": replication})
        parts.append(
            pd.DataFrame(
                {
                    "run_id": replication,
                    "week": weeks,
                    "pressure": pressure,
                    "passivity": 0.3 + transient + 0.3 * pressure + noise,
                }
            )
        )
        parts.append(
            pd.DataFrame(
                {
                    "run_id": 100 + replication,
                    "week": weeks,
                    "pressure": 0.0,
                    "passivity": 0.3 + transient + noise,
                }
            )
        )
    runs, reference, series = pd.DataFrame(runs), pd.DataFrame(reference), pd.concat(parts)
    raw, _ = hysteresis_loops(runs, series, metrics=["passivity"])
    assert raw["verdict"].iloc[0] == LOOP and raw["low_end_gap"].iloc[0] < -0.1
    net = detrend(runs, reference, series)
    assert set(net["run_id"]) == set(range(6)) and net["pressure"].max() == 1.0
    loops, _ = hysteresis_loops(runs, net, metrics=["passivity"])
    assert loops["verdict"].iloc[0] == NO_LOOP and abs(loops["loop"].iloc[0]) < 0.01
    text = hysteresis_verdict(loops, detrended=True)
    assert text.startswith("no hysteresis") and "start-up transient" not in text


# ---------------------------------------------------------------------------- end to end
def small_version(path: Path, *, steps: int, replications: int, **factors) -> object:
    """The shipped experiment, at a small model size and horizon, otherwise unchanged."""
    data = tomllib.loads(path.read_text())
    data["run"].update(steps=steps, replications=replications)
    data["parameters"].update(SMALL_MODEL)
    for name, levels in factors.items():
        data["factors"][name] = {"levels": levels}
    return parse_experiment(data, source=path)


def test_shipped_protocol_files_check_and_say_what_they_ask():
    initial = load_experiment(INITIAL)
    assert initial.factor_names[0] == "initial_proactivity"
    assert dict(zip(initial.factor_names, [f.levels for f in initial.factors], strict=True)) == {
        "initial_proactivity": (0.15, 0.85),
        "pressure": (0.2, 0.5, 0.8),
        "reflection": (0.1, 0.6),
    }
    assert initial.steps == 520 and initial.replications >= 10 and initial.timeseries
    hysteresis = load_experiment(HYSTERESIS)
    levels = {f.name: f.levels for f in hysteresis.factors}
    assert hysteresis.fixed["pressure_scenario"] == "cycle"
    assert "pressure" in hysteresis.series_metrics and hysteresis.timeseries and hysteresis.period == 1
    assert hysteresis.steps >= 2 * max(levels["ramp_weeks"])  # every cycle finishes
    assert len(levels["ramp_weeks"]) >= 2 and len(levels["reflection"]) >= 3
    assert levels["pressure"] == (0.0, 1.0)  # a peak, and the never-pressured reference


def test_initial_state_protocol_runs_end_to_end(tmp_path):
    experiment = small_version(INITIAL, steps=30, replications=3)
    assert run_sweep(experiment, tmp_path / "out", executor="serial", progress=False).complete
    report = analyze(load_results(tmp_path / "out"), prim=False)
    tipping = report.tipping
    assert tipping is not None and tipping.hysteresis is None
    gaps = tipping.initial_state
    assert len(gaps) == 6 * 3  # 3 pressures x 2 reflections, 3 metrics
    assert set(gaps["metric"]) == {"passivity", "collaboration", "regime_passive_drift"}
    assert (gaps["replications"] == 3).all()
    passivity = gaps[gaps["metric"] == "passivity"]
    assert (passivity["start_gap"] > 0.4).all()  # the passive start began far more passive
    assert set(gaps["verdict"]) <= {APART, ONE_ATTRACTOR, UNDECIDED}
    assert tipping.initial_state_verdict.split(":")[0] in {"bistability", "one attractor", "undecided"}
    names = {path.name for path in report.files}
    assert {"initial_state.csv", "initial_state_convergence.csv", "initial_state.png"} <= names
    html = report.html.read_text()
    assert "<h2>Tipping point</h2>" in html and "Initial states: one attractor or two?" in html
    assert html.count("data:image/png;base64,") == sum(name.endswith(".png") for name in names)


def test_hysteresis_protocol_runs_end_to_end(tmp_path):
    experiment = small_version(
        HYSTERESIS, steps=50, replications=3, ramp_weeks=[10, 20], reflection=[0.1, 0.9]
    )
    assert run_sweep(experiment, tmp_path / "out", executor="serial", progress=False).complete
    report = analyze(load_results(tmp_path / "out"), prim=False)
    tipping = report.tipping
    assert tipping is not None and tipping.initial_state is None
    loops = tipping.hysteresis
    assert len(loops) == 4 * 3 and (loops["replications"] == 3).all()
    assert loops["peak"].to_numpy() == pytest.approx(1.0)
    assert set(loops["verdict"]) <= {LOOP, NO_LOOP, UNDECIDED}
    assert tipping.hysteresis_verdict.split(":")[0] in {"hysteresis", "no hysteresis", "undecided"}
    curves = tipping.hysteresis_curves
    assert set(curves["ramp_weeks"]) == {10, 20} and curves["q_share"].between(0.1, 0.9).all()
    names = {path.name for path in report.files}
    assert {"hysteresis.csv", "hysteresis_curves.csv", "hysteresis.png", "remanence.csv"} <= names
    assert {"hysteresis_detrended.csv", "hysteresis_detrended.png"} <= names
    assert len(tipping.hysteresis_detrended) == 4 * 3
    assert tipping.hysteresis_detrended_verdict.split(":")[0] in {"hysteresis", "no hysteresis", "undecided"}
    memory = tipping.remanence
    assert len(memory) == 4 * 3 and (memory["replications"] == 3).all() and (memory["peak"] == 1.0).all()
    assert set(memory["verdict"]) <= {MEMORY, NO_MEMORY, UNDECIDED}
    assert "(30, 10 weeks after the cycle ended, for ramp_weeks 10, 20)" in tipping.remanence_verdict
    html = report.html.read_text()
    assert "Hysteresis: pressure raised, then lowered" in html and "Memory of the cycle" in html


def test_a_cycle_longer_than_the_run_is_skipped_with_a_note(tmp_path):
    experiment = load_experiment(HYSTERESIS, quick=True)  # 8 weeks of a 104-week ramp
    run_sweep(experiment, tmp_path / "out", executor="serial", progress=False)
    report = analyze(load_results(tmp_path / "out"), prim=False)
    assert report.tipping is not None and report.tipping.hysteresis is None
    assert any("no run completes the pressure cycle within the 8 weeks simulated" in n for n in report.notes)


def analyze_command(argv: list[str]) -> int:
    """``leadsim analyze`` as the experiments' command line defines it (argparse exits 2 on bad input)."""
    import argparse

    from leadsim.experiments.cli import add_parsers

    parser = argparse.ArgumentParser(prog="leadsim")
    add_parsers(parser.add_subparsers())
    args = parser.parse_args(["analyze", *argv])
    return args.handler(args)


def test_cli_analyze_prints_the_verdict(tmp_path, capsys):
    experiment = small_version(INITIAL, steps=12, replications=2)
    run_sweep(experiment, tmp_path / "out", executor="serial", progress=False)
    assert analyze_command([str(tmp_path / "out"), "--no-prim", "--min-gap", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "tipping point, initial states: " in out
    gaps = pd.read_csv(tmp_path / "out" / "analysis" / "initial_state.csv")
    assert (gaps["min_gap"] == 0.1).all()
    with pytest.raises(SystemExit) as exit_info:
        analyze_command([str(tmp_path / "out"), "--min-gap", "-1"])
    assert exit_info.value.code == 2
    assert "argument --min-gap: must be a number in (0, 1) (got '-1')" in capsys.readouterr().err


# ---------------------------------------------------------------------------- phase diagrams
def surface_results(tmp_path: Path, threshold: float, *, style_factor: bool = False, slope: float = 0.5):
    """Results of a grid whose mean passivity is the smooth surface 0.3 + slope x pressure."""
    from leadsim.experiments import build_design
    from leadsim.experiments.storage import Results

    second = (
        {"style": {"levels": ["adaptive", "accountable"]}}
        if style_factor
        else {"reflection": {"levels": [0.0, 0.5, 1.0]}}
    )
    exp = parse_experiment(
        {
            "name": "surface",
            "run": {"steps": 1, "replications": 2, "seed": 1},
            "factors": {"pressure": {"levels": [0.0, 0.25, 0.5, 0.75, 1.0]}, **second},
            "design": {"kind": "grid"},
            "output": {"metrics": ["passivity", "collaboration"]},
        }
    )
    design = build_design(exp)
    points = design.points.loc[design.points.index.repeat(2)].reset_index()
    runs = pd.DataFrame(
        {
            "run_id": range(len(points)),
            "point": points["point"],
            "replication": [0, 1] * len(design),
            "seed": 1,
        }
    )
    for name in exp.factor_names:
        runs[f"param_{name}"] = ["adaptive" if v is None else v for v in points[name]]
    runs["param_passive_threshold"] = threshold
    runs["passivity"] = 0.3 + slope * points["pressure"].to_numpy(dtype=float)
    runs["collaboration"] = 1 - runs["passivity"]
    runs["regime_passive_drift"] = (runs["passivity"] > threshold).astype(float)
    manifest = {"runs_total": len(runs), "experiment_hash": exp.hash}
    return Results(tmp_path, manifest, exp, runs, None, design.table())


def panel(figure, start: str):
    return next(ax for ax in figure.axes if ax.get_title().startswith(start))


def contour_sets(ax, *, filled: bool):
    from matplotlib.contour import ContourSet

    return [c for c in ax.collections if isinstance(c, ContourSet) and c.filled == filled]


def test_phase_diagram_draws_the_continuous_mean_and_the_threshold_as_a_dashed_contour(tmp_path):
    from leadsim.experiments.report import plot_phase_diagram

    figure = plot_phase_diagram(
        surface_results(tmp_path, 0.6), "pressure", "reflection", ["passivity", "collaboration"]
    )
    ax = panel(figure, "mean passivity over pressure x reflection")
    assert len(contour_sets(ax, filled=True)) == 1  # a filled contour of the surface, not cells
    (line,) = contour_sets(ax, filled=False)
    assert list(line.levels) == [0.6] and line.get_linestyles()[0][1] is not None  # dashed
    xs = np.concatenate([path.vertices[:, 0] for path in line.get_paths()])
    assert xs == pytest.approx(0.6, abs=1e-9)  # 0.3 + 0.5 p = 0.6 at p = 0.6: a line across the surface
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "classification threshold (passive_threshold = 0.6)" in labels
    assert not contour_sets(panel(figure, "mean collaboration"), filled=False)  # no threshold there
    secondary = panel(figure, "secondary: share of teams classified passive drift")
    assert "team passivity > passive_threshold = 0.6" in secondary.get_title()


def test_phase_diagram_says_when_the_threshold_is_not_crossed(tmp_path):
    from leadsim.experiments.report import plot_phase_diagram

    figure = plot_phase_diagram(surface_results(tmp_path, 0.95), "pressure", "reflection", ["passivity"])
    ax = panel(figure, "mean passivity")
    assert not contour_sets(ax, filled=False)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert (
        "classification threshold (passive_threshold = 0.95): not crossed (mean passivity 0.30 to 0.80)"
        in labels
    )


def test_phase_diagram_over_a_categorical_factor_is_a_heat_map_with_the_threshold(tmp_path):
    from matplotlib.collections import QuadMesh

    from leadsim.experiments.report import plot_phase_diagram

    figure = plot_phase_diagram(
        surface_results(tmp_path, 0.6, style_factor=True), "pressure", "style", ["passivity"]
    )
    ax = panel(figure, "mean passivity over pressure x style")
    assert any(isinstance(c, QuadMesh) for c in ax.collections) and not contour_sets(ax, filled=True)
    (line,) = contour_sets(ax, filled=False)
    assert list(line.levels) == [0.6]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["accountable", "adaptive"]


def test_a_nearly_flat_surface_is_drawn_on_a_scale_of_at_least_the_meaningful_span(tmp_path):
    from leadsim.experiments.report import MIN_COLOUR_SPAN, plot_phase_diagram

    figure = plot_phase_diagram(
        surface_results(tmp_path, 0.6, slope=0.004), "pressure", "reflection", ["passivity"]
    )
    (filled,) = contour_sets(panel(figure, "mean passivity"), filled=True)
    assert filled.levels[-1] - filled.levels[0] == pytest.approx(MIN_COLOUR_SPAN)
    assert filled.levels.mean() == pytest.approx(0.302)  # centred on the surface


@pytest.mark.parametrize(
    ("path", "size"),
    [
        (INITIAL, "12 points x 20 replications = 240 runs of 520 weeks"),
        (HYSTERESIS, "18 points x 20 replications = 360 runs of 1144 weeks"),
    ],
    ids=["initial_state", "hysteresis"],
)
def test_leadsim_sweep_check_accepts_the_protocol_files(path, size, capsys):
    from leadsim.cli import main

    assert main(["sweep", str(path), "--check"]) == 0
    # --check also says where the sweep would write (it checks that folder too).
    assert capsys.readouterr().out.strip().startswith(f"{path}: valid; grid design of {size}")
