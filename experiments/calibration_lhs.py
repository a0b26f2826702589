"""Pattern-oriented check of the calibrated defaults: a Latin hypercube filtered by every fact.

The hypercube lies around the defaults; the filter is every stylized fact at once (Grimm et al.
2005), as reported in docs/calibration.md.

Each tuned coefficient is sampled in [1 - SPREAD, 1 + SPREAD] times its default (scipy.stats.qmc
Latin hypercube, one root seed); every sample runs the whole validation suite at reduced
replications, and a sample *passes* when every fact holds. The script prints, per sample, the
facts that fail, and at the end the share of samples that pass and, per fact, how often it held.

    python experiments/calibration_lhs.py --samples 16 --replications 5 --jobs 2
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import qmc

from leadsim import defaults
from leadsim.validation import calibration_checks, validate

#: The coefficients tuned in docs/calibration.md.
TUNED = (
    "target_rate",
    "style_rate",
    "action_bias",
    "compensation",
    "familiar_nudge",
    "method_weight",
    "relapse_fit",
    "relapse_base",
    "support_resource",
)


def main() -> None:
    """Sample, validate each sample, and print the pass rates."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--spread", type=float, default=0.25, help="relative half-width around each default")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    centre = defaults()
    unit = qmc.LatinHypercube(d=len(TUNED), rng=np.random.default_rng(args.seed)).random(args.samples)
    factors = 1 - args.spread + 2 * args.spread * unit
    held: dict[str, int] = {}
    passing = 0
    started = time.perf_counter()
    for row, scale in enumerate(factors):
        base = {name: float(centre[name]) * float(f) for name, f in zip(TUNED, scale, strict=True)}
        base["action_bias"] = min(base["action_bias"], 1.0)
        base["compensation"] = min(base["compensation"], 1.0)
        base["familiar_nudge"] = min(base["familiar_nudge"], 1.0)
        checks = calibration_checks()  # never the held-out patterns
        result = validate(
            checks, replications=args.replications, seed=args.seed + row, base=base, jobs=args.jobs
        )
        facts = result.facts()
        for fact, holds in zip(facts["fact"], facts["holds"], strict=True):
            held[fact] = held.get(fact, 0) + int(holds)
        failing = facts.loc[~facts["holds"], "fact"].tolist()
        passing += not failing
        settings = ", ".join(f"{k}={v:.3g}" for k, v in base.items())
        verdict = "all facts hold" if not failing else "fails " + ", ".join(failing)
        print(f"sample {row:2d}: {verdict}  [{settings}]")
    print(
        f"\n{passing}/{args.samples} samples satisfy every pattern (spread ±{args.spread:.0%}, "
        f"{args.replications} replications, {time.perf_counter() - started:.0f} s)"
    )
    for fact, count in held.items():
        print(f"  {fact:9s} held in {count}/{args.samples}")


if __name__ == "__main__":
    main()
