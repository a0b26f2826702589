"""Speed and memory of one leadsim run, against references measured in the same run.

Prints, for this machine and this moment, the median over ``--repeats`` rounds (5 by default) in
which every measurement below runs once, interleaved, so that a change in the machine's load
affects leadsim and its references alike:

1. agent-steps per second of the default scenario (6 teams x 10 professionals, caseload 25,
   156 weeks, data collection on), counting every Mesa agent alive in each week; also with
   ``time_series=False`` (the end metrics only, as a sweep that keeps no time series runs it);
2. the same for Mesa's own ``BoltzmannWealth`` example at 1,000 agents x 100 steps and at
   Mesa's own benchmark sizes, 100 agents x 125 steps and 10,000 agents x 10 steps, and the
   ratio of leadsim's median to each (target: leadsim >= 50x Boltzmann at 1,000 agents);
3. the same for the per-agent reference implementation in ``tests/reference.py`` (plain loops,
   the oracle of the compiled stages), and the ratio (target >= 100x);
4. a national-scale run: 16,000 professionals (1,600 teams of 10) and 400,000 clients for 52
   weeks, each in a fresh process after the kernels are cached: import, set-up and run times and
   peak memory (targets: < 10 s with set-up, < 1 GiB).

Only the weeks are timed in (1)-(3), not the set-up (for Boltzmann: not the agents' creation).
The per-round ratios are printed as a range beside the ratio of the medians.

Usage: ``python benchmarks/bench_model.py [--repeats N] [--national-repeats N] [--skip-national]
[--json PATH]``. Wall-clock figures depend on the machine and its load; the ratios are what to
compare, on an otherwise idle machine (the load average is printed before and after).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

NATIONAL = {"n_teams": 1600, "team_size": 10, "caseload": 25, "weeks": 52}

_NATIONAL_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from leadsim import LeadershipModel
t1 = time.perf_counter()
model = LeadershipModel(n_teams={n_teams}, team_size={team_size}, caseload={caseload}, rng=1)
t2 = time.perf_counter()
model.run({weeks})
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "setup_s": t2 - t1, "run_s": t3 - t2, "total_s": t3 - t0,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "professionals": model.state.professionals.n,
                  "clients_start": {n_teams} * {team_size} * {caseload},
                  "agents_end": len(model.agents)}}))
"""


def agent_steps_per_second(model: Any, steps: int) -> tuple[float, float]:
    """Agent-steps per second of ``steps`` steps of ``model`` (agents alive after each step)."""
    agent_steps = 0
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
        agent_steps += len(model.agents)
    elapsed = time.perf_counter() - start
    return agent_steps / elapsed, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds (the median is kept)")
    parser.add_argument("--national-repeats", type=int, default=1, help="national-scale runs (median)")
    parser.add_argument("--skip-national", action="store_true", help="skip the national-scale run")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    import mesa
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    import leadsim
    from leadsim import LeadershipModel

    from reference import ReferenceLeadershipModel

    load_before = os.getloadavg()
    print(
        f"leadsim {leadsim.__version__}, Mesa {mesa.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; load average {load_before[0]:.2f}"
    )
    results: dict[str, Any] = {"load_before": load_before}

    # The weekly kernels are compiled by numba on first use and cached on disk; warm them up so
    # that the figures below are steady-state speeds (the warm-up time is printed apart).
    start = time.perf_counter()
    LeadershipModel(rng=0).run(2)
    ReferenceLeadershipModel(rng=0).run(1)
    results["warm_up_s"] = time.perf_counter() - start
    print(f"warm-up (numba compilation, or loading its on-disk cache): {results['warm_up_s']:.2f} s")

    def boltzmann(n: int, steps: int) -> Callable[[int], tuple[float, float]]:
        return lambda seed: agent_steps_per_second(BoltzmannWealth(BoltzmannScenario(n=n, rng=seed)), steps)

    agent_steps_of_seed: dict[int, int] = {}

    def leadsim_default(seed: int) -> tuple[float, float]:
        model = LeadershipModel(rng=seed)
        rate, elapsed = agent_steps_per_second(model, 156)
        agent_steps_of_seed[seed] = round(rate * elapsed)
        return rate, elapsed

    def leadsim_end_metrics_only(seed: int) -> tuple[float, float]:
        # model.run() is what measures the metrics once at the end; the run is the default run of
        # the same seed (bit-identical), so it has the same agent-steps.
        model = LeadershipModel(rng=seed)
        model.time_series = False
        start = time.perf_counter()
        model.run(156)
        elapsed = time.perf_counter() - start
        return agent_steps_of_seed[seed] / elapsed, elapsed

    measurements: dict[str, Callable[[int], tuple[float, float]]] = {
        "leadsim default scenario, 156 weeks": leadsim_default,
        "leadsim default, time_series off, run()": leadsim_end_metrics_only,
        "Mesa BoltzmannWealth, 1,000 agents x 100": boltzmann(1000, 100),
        "Mesa BoltzmannWealth, 100 agents x 125": boltzmann(100, 125),
        "Mesa BoltzmannWealth, 10,000 agents x 10": boltzmann(10_000, 10),
        "per-agent reference (tests/reference.py)": lambda seed: agent_steps_per_second(
            ReferenceLeadershipModel(rng=seed), 156
        ),
    }
    rates: dict[str, list[float]] = {name: [] for name in measurements}
    seconds: dict[str, list[float]] = {name: [] for name in measurements}
    for seed in range(args.repeats):
        for name, measure in measurements.items():
            rate, elapsed = measure(seed)
            rates[name].append(rate)
            seconds[name].append(elapsed)

    default = "leadsim default scenario, 156 weeks"
    print()
    print(f"median of {args.repeats} interleaved rounds")
    print(f"{'run':44s} {'agent-steps/s':>14s} {'seconds':>9s}")
    for name in measurements:
        print(f"{name:44s} {statistics.median(rates[name]):14,.0f} {statistics.median(seconds[name]):9.4f}")
    print()
    ratios: dict[str, dict[str, float]] = {}
    targets = {
        "Mesa BoltzmannWealth, 1,000 agents x 100": "target >= 50x",
        "per-agent reference (tests/reference.py)": "target >= 100x",
    }
    for name in measurements:
        if name == default:
            continue
        per_round = [ours / theirs for ours, theirs in zip(rates[default], rates[name], strict=True)]
        ratio = statistics.median(rates[default]) / statistics.median(rates[name])
        ratios[name] = {"ratio_of_medians": ratio, "min": min(per_round), "max": max(per_round)}
        print(
            f"leadsim default / {name:44s} {ratio:7.2f}x  (rounds {min(per_round):.1f}x-{max(per_round):.1f}x)"
            f"  {targets.get(name, '')}"
        )
    results.update(agent_steps_per_s=rates, seconds=seconds, ratios=ratios)

    if not args.skip_national:
        runs = []
        for _ in range(args.national_repeats):
            child = subprocess.run(
                [sys.executable, "-c", _NATIONAL_CHILD.format(**NATIONAL)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(child.stdout))
        national = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        results["national"] = {"median": national, "runs": runs}
        print()
        print(
            f"national scale: {national['professionals']:,.0f} professionals, "
            f"{national['clients_start']:,.0f} clients, {NATIONAL['weeks']} weeks, fresh process "
            f"(median of {len(runs)})"
        )
        print(
            f"  import {national['import_s']:.1f} s + set-up {national['setup_s']:.1f} s + run "
            f"{national['run_s']:.1f} s = {national['total_s']:.1f} s (target < 10 s)"
        )
        print(f"  peak memory {national['peak_rss_mib']:,.0f} MiB (target < 1,024 MiB)")
    load_after = os.getloadavg()
    results["load_after"] = load_after
    print(f"\nload average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
