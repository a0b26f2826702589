"""Parameter uncertainty carried into the facts: a Latin hypercube over every assumed coefficient.

Until the ABC calibration of issue 10 gives a posterior, the honest statement of what the
coefficients are is "assumptions" (``leadsim.PARAMETERS``, ``basis == "assumption"``). This
script asks how much the validation verdicts depend on them: every assumed numeric coefficient
whose default is not 0 is sampled together, each in [1 - SPREAD, 1 + SPREAD] times its default
(clipped to its declared range), in one Latin hypercube (``scipy.stats.qmc``, one root seed);
every sample runs the whole suite (the essay's facts and the held-out patterns) at reduced
replications. It prints each sample's failing facts and, per fact, the share of samples in
which it holds, with a 95% Wilson interval. Nothing is tuned: the hypercube is a sensitivity
statement, reported in docs/calibration.md.

    python experiments/uncertainty_lhs.py --samples 16 --replications 5 --jobs 2 [--csv out.csv]

With ``--csv`` every sample's verdicts are written as soon as the sample finishes, so an
interrupted run keeps what it computed.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

from leadsim import PARAMETERS, defaults
from leadsim.validation import HOLDS, validate


def assumed_coefficients() -> tuple[str, ...]:
    """Numeric parameters declared as assumptions whose default is not 0 (their order is fixed)."""
    centre = defaults()
    return tuple(
        name
        for name, spec in PARAMETERS.items()
        if spec.basis == "assumption" and spec.kind == "float" and float(centre[name]) != 0.0
    )


def sample_bases(samples: int, spread: float, seed: int) -> list[dict[str, float]]:
    """The hypercube's parameter sets, each coefficient scaled and clipped to its range."""
    names, centre = assumed_coefficients(), defaults()
    unit = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(seed)).random(samples)
    bases = []
    for row in 1 - spread + 2 * spread * unit:
        base = {}
        for name, factor in zip(names, row, strict=True):
            spec = PARAMETERS[name]
            value = float(centre[name]) * float(factor)
            low = -math.inf if spec.low is None else spec.low
            high = math.inf if spec.high is None else spec.high
            base[name] = min(max(value, low), high)
        bases.append(base)
    return bases


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def main() -> None:
    """Sample, validate each sample, and print the share of samples in which each fact holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--spread", type=float, default=0.25, help="relative half-width around each default")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--csv", type=Path, help="write every sample's verdicts here as it finishes")
    args = parser.parse_args()

    names = assumed_coefficients()
    print(f"{len(names)} assumed coefficients, spread ±{args.spread:.0%}, {args.samples} samples")
    rows: list[dict[str, object]] = []
    started = time.perf_counter()
    for index, base in enumerate(sample_bases(args.samples, args.spread, args.seed)):
        verdicts = validate(replications=args.replications, seed=args.seed + index, base=base, jobs=args.jobs)
        row: dict[str, object] = {"sample": index, **verdicts.verdicts(), **base}
        rows.append(row)
        failing = [fact for fact, verdict in verdicts.verdicts().items() if verdict != HOLDS]
        print(f"sample {index:2d}: " + ("every check holds" if not failing else "not " + ", ".join(failing)))
        if args.csv is not None:
            pd.DataFrame(rows).to_csv(args.csv, index=False)
    table = pd.DataFrame(rows)
    facts = [column for column in table.columns if column not in ("sample", *names)]
    print(f"\n{args.samples} samples in {time.perf_counter() - started:.0f} s; share holding [95% Wilson]:")
    for fact in facts:
        held = int((table[fact] == HOLDS).sum())
        low, high = wilson(held, len(table))
        print(f"  {fact:9s} {held:3d}/{len(table)}  [{low:.2f}, {high:.2f}]")


if __name__ == "__main__":
    main()
