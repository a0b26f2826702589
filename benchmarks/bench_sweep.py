"""Speed of a sweep: runs per second of each leadsim executor beside ``mesa.batch_run``, same run.

The sweep: the default scenario (156 weeks, data collection on) with ``--runs`` replications
(200 by default), each seeded from one root with ``SeedSequence.spawn``. Measured, one after the
other in this process, each from a cold start of its workers (pool or cluster start-up counts,
as it does for a user):

1. ``leadsim sweep --executor serial``;
2. ``leadsim sweep --executor processes --jobs 2``;
3. ``leadsim sweep --executor dask --jobs 2`` (a 2-worker Dask ``LocalCluster`` on loopback);
4. ``mesa.batch_run(LeadershipModel, ..., number_processes=2)`` with the same seeds.

Each leadsim sweep writes its Parquet results to a fresh temporary directory. The script checks
that the three executors stored identical results, and that ``batch_run`` ended every run with the
same passivity as leadsim (same model, same seeds). Targets (issue 11): processes >= 1.9x serial
on 2 cores, and >= 2x ``batch_run`` with the same number of processes. The sweep keeps end metrics
only, so its runs switch ``time_series`` off (metrics measured once, at the end); ``batch_run``
runs the model as a Mesa user would, collecting every week.

Usage: ``python benchmarks/bench_sweep.py [--runs N] [--jobs N] [--skip-dask] [--json PATH]``.
Wall-clock figures depend on the machine and its load; the ratios are what to compare, on an
otherwise idle machine. The "cores used" column (CPU time of this process and its workers over
wall time) shows whether the workers had the cores to themselves.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

STEPS = 156


def experiment_for(runs: int):
    from leadsim.experiments import parse_experiment

    return parse_experiment(
        {
            "name": "bench-default",
            "run": {"steps": STEPS, "replications": runs, "seed": 2024},
            "factors": {"pressure": {"levels": [0.5]}},  # the default scenario, one design point
            "design": {"kind": "grid"},
        }
    )


CPU = {}  # name -> CPU seconds used by this process and its (joined) worker processes


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def cpu_of(name: str):
    """Record the CPU time spent inside the block (workers included once they have exited)."""
    start = _cpu_seconds()
    yield
    CPU[name] = _cpu_seconds() - start


def time_sweep(experiment, executor: str, jobs: int) -> tuple[float, object]:
    from leadsim.experiments import load_results, run_sweep

    with tempfile.TemporaryDirectory(prefix=f"bench-{executor}-") as tmp:
        start = time.perf_counter()
        outcome = run_sweep(experiment, Path(tmp) / "out", executor=executor, jobs=jobs, progress=False)
        elapsed = time.perf_counter() - start
        assert outcome.complete, outcome
        runs = load_results(Path(tmp) / "out").runs
    return elapsed, runs


def time_batch_run(seeds: list[int], jobs: int) -> tuple[float, list[dict]]:
    import mesa

    from leadsim import LeadershipModel

    start = time.perf_counter()
    rows = mesa.batch_run(
        LeadershipModel,
        parameters={"pressure": 0.5},
        rng=seeds,
        max_steps=STEPS,
        number_processes=jobs,
        data_collection_period=-1,
        display_progress=False,
    )
    return time.perf_counter() - start, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs in the sweep (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--skip-dask", action="store_true", help="skip the Dask local cluster")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    import mesa
    import pandas as pd

    import leadsim
    from leadsim import LeadershipModel
    from leadsim.experiments import replication_seeds

    print(
        f"leadsim {leadsim.__version__}, Mesa {mesa.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; {args.runs} runs of the default scenario, {STEPS} weeks"
    )
    LeadershipModel(rng=0).run(2)  # load the compiled kernels in this process first
    experiment = experiment_for(args.runs)
    seeds = replication_seeds(experiment.seed, args.runs)

    seconds: dict[str, float] = {}
    stored = {}
    load_before = os.getloadavg()[0]
    processes, dask, batch = (
        f"{name} x{args.jobs}" for name in ("processes", "dask local cluster", "mesa.batch_run")
    )
    with cpu_of("serial"):
        seconds["serial"], stored["serial"] = time_sweep(experiment, "serial", 1)
    with cpu_of(processes):
        seconds[processes], stored["processes"] = time_sweep(experiment, "processes", args.jobs)
    if not args.skip_dask:
        with cpu_of(dask):
            seconds[dask], stored["dask"] = time_sweep(experiment, "dask", args.jobs)
    with cpu_of(batch):
        seconds[batch], batch_rows = time_batch_run(seeds, args.jobs)

    reference = stored["serial"]
    for name, runs in stored.items():
        pd.testing.assert_frame_equal(runs, reference, check_exact=True, obj=f"{name} vs serial")
    batch_end = sorted((row["rng"], row["passivity"]) for row in batch_rows)
    ours = sorted(zip(reference["seed"], reference["passivity"], strict=True))
    assert [p for _, p in batch_end] == [p for _, p in ours], "mesa.batch_run and leadsim disagree"

    rates = {name: args.runs / value for name, value in seconds.items()}
    serial_rate = rates["serial"]
    print()
    print(f"{'executor':32s} {'seconds':>8s} {'runs/s':>8s} {'vs serial':>10s} {'cores used':>11s}")
    for name, rate in rates.items():
        cores = CPU[name] / seconds[name]
        print(f"{name:32s} {seconds[name]:8.2f} {rate:8.2f} {rate / serial_rate:9.2f}x {cores:11.2f}")
    processes_rate, batch_rate = rates[processes], rates[batch]
    print()
    print(f"processes / serial:         {processes_rate / serial_rate:5.2f}x   (target >= 1.9x on 2 cores)")
    print(f"processes / mesa.batch_run: {processes_rate / batch_rate:5.2f}x   (target >= 2x)")
    print("results identical across executors; mesa.batch_run agrees run by run")
    print(
        f"load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f}; 'cores used' is CPU "
        "time over wall time: well under the worker count means other jobs held the cores"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"runs": args.runs, "seconds": seconds, "runs_per_s": rates, "cpu_seconds": CPU}, indent=2
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
