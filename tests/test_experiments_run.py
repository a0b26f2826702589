"""Running sweeps: identical results under every executor, resume after SIGKILL and Ctrl-C, a lost
worker, a Dask local cluster on loopback, and every shipped experiment file at a tiny size."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from leadsim.experiments import (
    ExperimentError,
    analyze,
    build_design,
    load_experiment,
    load_results,
    plan_runs,
    run_sweep,
    sensitivity,
    summarize,
)
from leadsim.experiments import execute as execute_module
from leadsim.experiments.sweep import SweepWorkerLost

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "experiments").glob("*.toml"))

SMALL = """
name = "small"

[run]
steps = 5
replications = 3
seed = 5

[parameters]
n_teams = 2
team_size = 3
caseload = 4
n_partners = 4

[factors.pressure]
low = 0.0
high = 1.0

[factors.style]
levels = ["adaptive", "accountable"]

[design]
kind = "lhs"
samples = 6

[output]
metrics = ["passivity", "collaboration"]
timeseries = true
period = 2
"""


def write(tmp_path: Path, text: str = SMALL, name: str = "small.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def stored(path: Path) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    results = load_results(path)
    return results.runs, results.timeseries


@pytest.fixture(scope="module")
def serial_reference(tmp_path_factory) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    tmp = tmp_path_factory.mktemp("serial")
    path = write(tmp)
    run_sweep(path, tmp / "out", executor="serial", progress=False)
    runs, series = stored(tmp / "out")
    assert len(runs) == 18
    return path, runs, series


# ---------------------------------------------------------------------------- executors
@pytest.mark.parametrize(
    ("executor", "options"),
    [
        ("serial", {"chunk_size": 1}),
        ("serial", {"chunk_size": 7}),
        ("processes", {"jobs": 2, "chunk_size": 2}),
        ("processes", {"jobs": 1}),
    ],
)
def test_every_executor_chunking_and_worker_count_gives_identical_results(
    serial_reference, tmp_path, executor, options
):
    path, runs, series = serial_reference
    outcome = run_sweep(path, tmp_path / "out", executor=executor, progress=False, **options)
    assert outcome.complete and outcome.ran == 18
    other_runs, other_series = stored(tmp_path / "out")
    pd.testing.assert_frame_equal(other_runs, runs, check_exact=True)
    pd.testing.assert_frame_equal(other_series, series, check_exact=True)


@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_process_pool_is_identical_whether_workers_spawn_or_fork(serial_reference, tmp_path, start_method):
    if start_method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"{start_method} is not available here")
    path, runs, _ = serial_reference
    experiment = load_experiment(path)
    design = build_design(experiment)
    from leadsim.experiments.storage import ResultStore

    store = ResultStore.open(tmp_path / "out", experiment, design)
    chunks = execute_module.chunk_runs(
        plan_runs(experiment, design),
        4,
        steps=experiment.steps,
        metrics=experiment.kept_metrics,
        series=(),
        period=1,
    )
    with execute_module.ProcessExecutor(2, start_method=start_method) as pool:
        assert start_method in pool.description
        for result in pool.map_unordered(chunks):
            store.write(result)
    pd.testing.assert_frame_equal(load_results(tmp_path / "out").runs, runs, check_exact=True)


def test_dask_local_cluster_on_loopback_runs_a_sweep(serial_reference, tmp_path):
    path, runs, series = serial_reference
    outcome = run_sweep(path, tmp_path / "out", executor="dask", jobs=2, chunk_size=3, progress=False)
    assert outcome.complete and "Dask local cluster" in outcome.executor
    other_runs, other_series = stored(tmp_path / "out")
    pd.testing.assert_frame_equal(other_runs, runs, check_exact=True)
    pd.testing.assert_frame_equal(other_series, series, check_exact=True)


_REAL_RUN_CHUNK = execute_module.run_chunk


def dies_on_run_7(chunk):
    """A task that kills its worker process, as the kernel's OOM killer would."""
    if any(run.run_id == 7 for run in chunk.runs):
        time.sleep(0.5)  # let the other chunks finish first
        os._exit(1)
    return _REAL_RUN_CHUNK(chunk)


def test_a_lost_worker_keeps_finished_runs_and_rerunning_resumes(serial_reference, tmp_path, monkeypatch):
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("needs fork to hand the failing task to the worker")
    path, runs, _ = serial_reference
    monkeypatch.setattr(execute_module, "run_chunk", dies_on_run_7)
    monkeypatch.setattr(execute_module, "default_start_method", lambda: "fork")
    with pytest.raises(
        SweepWorkerLost,
        match=r"worker process died \(killed, or out of memory\); \d+ of 18 runs are stored .* resume",
    ) as excinfo:
        run_sweep(path, tmp_path / "out", executor="processes", jobs=2, chunk_size=1, progress=False)
    kept = load_results(tmp_path / "out").runs
    assert 7 not in set(kept["run_id"]) and len(kept) == excinfo.value.outcome.stored < 18
    monkeypatch.undo()
    outcome = run_sweep(path, tmp_path / "out", executor="serial", progress=False)
    assert outcome.complete and outcome.ran == 18 - len(kept)
    pd.testing.assert_frame_equal(load_results(tmp_path / "out").runs, runs, check_exact=True)


# ---------------------------------------------------------------------------- interruption
SLOW = (
    SMALL.replace("samples = 6", "samples = 40")
    .replace("steps = 5", "steps = 30")
    .replace("replications = 3", "replications = 1")
)


def start_sweep(path: Path, out: Path, executor: str = "serial") -> subprocess.Popen:
    command = ["-m", "leadsim", "sweep", str(path), "--out", str(out), "--executor", executor]
    return subprocess.Popen(
        [sys.executable, *command, "--jobs", "2", "--chunk-size", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def processes_writing_to(out: Path) -> list[int]:
    """Pids of processes whose command line names ``out`` (a sweep and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(out) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for_parts(out: Path, process: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / "runs").glob("part-*.parquet"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sweep stored nothing in time"
        time.sleep(0.02)


def run_ids_of_design(path: Path) -> list[int]:
    experiment = load_experiment(path)
    return [run.run_id for run in plan_runs(experiment, build_design(experiment))]


@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_sigkill_part_way_then_rerun_ends_with_exactly_the_design(tmp_path, executor):
    path, out = write(tmp_path, SLOW), tmp_path / "out"
    process = start_sweep(path, out, executor)
    wait_for_parts(out, process, 3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if sys.platform == "linux":  # orphaned pool workers notice and end
        deadline = time.monotonic() + 15
        while processes_writing_to(out) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not processes_writing_to(out), "workers outlived the killed sweep"
    interrupted = load_results(out).runs["run_id"]
    assert 3 <= len(interrupted) < 40, "the sweep should have been killed part-way"

    rerun = subprocess.run(
        [sys.executable, "-m", "leadsim", "sweep", str(path), "--out", str(out), "--executor", "serial"],
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    results = load_results(out)
    ids = results.runs["run_id"].tolist()
    assert ids == run_ids_of_design(path)  # every run once: none lost, none duplicated
    assert not results.runs["run_id"].duplicated().any()
    assert results.timeseries.groupby("run_id").size().nunique() == 1  # each run's series once
    assert set(interrupted) <= set(ids)
    assert len(results.manifest["sessions"]) == 2


def test_ctrl_c_keeps_finished_runs_exits_130_and_rerunning_resumes(tmp_path):
    path, out = write(tmp_path, SLOW), tmp_path / "out"
    process = start_sweep(path, out)
    wait_for_parts(out, process, 2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    kept = len(load_results(out).runs)
    assert f"interrupted: {kept} of 40 runs are stored in {out}; run the same command again to resume" in err
    assert "Traceback" not in err
    outcome = run_sweep(path, out, executor="serial", progress=False)
    assert outcome.ran == 40 - kept and outcome.complete
    assert load_results(out).runs["run_id"].tolist() == run_ids_of_design(path)


def test_a_second_sweep_on_the_same_directory_is_refused_while_the_first_runs(tmp_path):
    path, out = write(tmp_path), tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from leadsim.experiments import load_experiment, build_design; "
            "from leadsim.experiments.storage import ResultStore; "
            f"e = load_experiment({str(path)!r}); s = ResultStore.open({str(out)!r}, e, build_design(e)); "
            "print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ExperimentError, match="another leadsim sweep is writing to this directory"):
            run_sweep(path, out, executor="serial", progress=False)
    finally:
        holder.communicate("")
    assert run_sweep(path, out, executor="serial", progress=False).complete  # free again


# ---------------------------------------------------------------------------- shipped files
def test_the_five_studies_of_the_issue_are_shipped():
    names = {path.stem for path in SHIPPED}
    assert {"sf1_pressure_reflection", "sf3_sf4_pure_styles", "sf10_action_learning", "sf7_scrutiny"} <= names
    sobol = load_experiment(ROOT / "experiments" / "sensitivity_sobol.toml")
    assert sobol.design.kind == "sobol" and len(sobol.factors) == 8
    assert {"passivity", "collaboration"} <= set(sobol.metrics)


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_every_shipped_experiment_validates_and_runs_at_a_tiny_size(path, tmp_path):
    experiment = load_experiment(path)
    assert experiment.description
    quick = experiment.quick()
    outcome = run_sweep(quick, tmp_path / "out", executor="serial", progress=False)
    assert outcome.complete
    results = load_results(tmp_path / "out")
    summary = summarize(results)
    assert len(summary) == len(build_design(quick))
    assert summary["runs"].eq(quick.replications).all()
    if experiment.design.kind in ("sobol", "morris"):
        indices = sensitivity(results)
        assert set(indices["factor"]) <= set(experiment.factor_names)


def test_quick_sweep_and_analysis_from_the_command_line(tmp_path):
    from leadsim.cli import main

    experiment = ROOT / "experiments" / "sf1_pressure_reflection.toml"
    out = tmp_path / "sf1"
    assert main(["sweep", str(experiment), "--out", str(out), "--quick", "--executor", "serial", "-q"]) == 0
    report = analyze(out, prim=False)
    assert (out / "analysis" / "phase_pressure_reflection.png").exists()
    assert report.html.exists()
