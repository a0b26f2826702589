"""Speed and memory of one leadsim run, against references measured in the same run.

Prints, for this machine and this moment:

1. agent-steps per second of the default scenario (6 teams x 10 professionals, caseload 25,
   156 weeks, data collection on), counting every Mesa agent alive in each week;
2. the same for Mesa's own ``BoltzmannWealth`` example (1,000 agents), and the ratio
   (target: leadsim >= 20x Boltzmann);
3. the same for the per-agent reference implementation in ``tests/reference.py`` (plain loops,
   the oracle of the compiled stages), and the ratio;
4. a national-scale run: 16,000 professionals (1,600 teams of 10) and 400,000 clients for 52
   weeks, in a fresh process: wall time and peak memory, set-up included (targets: < 20 s,
   < 2 GiB).

Usage: ``python benchmarks/bench_model.py [--repeats N] [--skip-national] [--json PATH]``.
Wall-clock figures depend on the machine and its load; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

NATIONAL = {"n_teams": 1600, "team_size": 10, "caseload": 25, "weeks": 52}

_NATIONAL_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from leadsim import LeadershipModel
model = LeadershipModel(n_teams={n_teams}, team_size={team_size}, caseload={caseload}, rng=1)
t1 = time.perf_counter()
model.run({weeks})
t2 = time.perf_counter()
print(json.dumps({{"setup_s": t1 - t0, "run_s": t2 - t1, "total_s": t2 - t0,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "professionals": model.state.professionals.n,
                  "clients_start": {n_teams} * {team_size} * {caseload},
                  "agents_end": len(model.agents)}}))
"""


def agent_steps_per_second(make, step, steps: int, repeats: int) -> tuple[float, float]:
    """Best agent-steps/s over ``repeats`` fresh runs; also the seconds of the best run."""
    best_rate, best_time = 0.0, float("inf")
    for seed in range(repeats):
        model = make(seed)
        agent_steps = 0
        start = time.perf_counter()
        for _ in range(steps):
            step(model)
            agent_steps += len(model.agents)
        elapsed = time.perf_counter() - start
        if agent_steps / elapsed > best_rate:
            best_rate, best_time = agent_steps / elapsed, elapsed
    return best_rate, best_time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh runs per measurement (best is kept)")
    parser.add_argument("--skip-national", action="store_true", help="skip the national-scale run")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    import mesa
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    import leadsim
    from leadsim import LeadershipModel

    from reference import ReferenceLeadershipModel

    print(
        f"leadsim {leadsim.__version__}, Mesa {mesa.__version__}, Python {platform.python_version()}, {platform.machine()}"
    )
    results: dict[str, object] = {}

    # The weekly kernels are compiled by numba on first use and cached on disk; warm them up so
    # that the figures below are steady-state speeds (the warm-up time is printed apart).
    start = time.perf_counter()
    LeadershipModel(rng=0).run(2)
    results["warm_up_s"] = time.perf_counter() - start
    print(f"warm-up (numba compilation, or loading its on-disk cache): {results['warm_up_s']:.2f} s")

    boltzmann, b_time = agent_steps_per_second(
        lambda seed: BoltzmannWealth(BoltzmannScenario(n=1000, rng=seed)),
        lambda m: m.step(),
        100,
        args.repeats,
    )
    default, d_time = agent_steps_per_second(
        lambda seed: LeadershipModel(rng=seed), lambda m: m.step(), 156, args.repeats
    )
    reference, r_time = agent_steps_per_second(
        lambda seed: ReferenceLeadershipModel(rng=seed), lambda m: m.step(), 156, 1
    )
    results.update(
        boltzmann_agent_steps_per_s=boltzmann,
        leadsim_agent_steps_per_s=default,
        reference_agent_steps_per_s=reference,
        ratio_vs_boltzmann=default / boltzmann,
        ratio_vs_reference=default / reference,
        leadsim_default_run_s=d_time,
        reference_default_run_s=r_time,
    )
    print()
    print(f"{'run':44s} {'agent-steps/s':>14s} {'seconds':>9s}")
    print(f"{'Mesa BoltzmannWealth, 1,000 agents, 100 steps':44s} {boltzmann:14,.0f} {b_time:9.3f}")
    print(f"{'leadsim default scenario, 156 weeks':44s} {default:14,.0f} {d_time:9.3f}")
    print(f"{'per-agent reference (tests/reference.py)':44s} {reference:14,.0f} {r_time:9.3f}")
    print(f"leadsim / Boltzmann: {default / boltzmann:6.1f}x   (target >= 20x)")
    print(f"leadsim / reference: {default / reference:6.1f}x")

    if not args.skip_national:
        child = subprocess.run(
            [sys.executable, "-c", _NATIONAL_CHILD.format(**NATIONAL)],
            capture_output=True,
            text=True,
            check=True,
        )
        national = json.loads(child.stdout)
        results["national"] = national
        print()
        print(
            f"national scale: {national['professionals']:,} professionals, {national['clients_start']:,} clients, "
            f"{NATIONAL['weeks']} weeks"
        )
        print(
            f"  set-up {national['setup_s']:.1f} s + run {national['run_s']:.1f} s = {national['total_s']:.1f} s (target < 20 s)"
        )
        print(f"  peak memory {national['peak_rss_mib']:,.0f} MiB (target < 2,048 MiB)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
