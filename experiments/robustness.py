"""Robustness of the facts: do those that hold at the defaults also hold where nobody looked?

Issue 9, "How it is judged". Runs the whole validation suite (``leadsim.validation.validate``)
at the defaults and in each variant below, which changes one structural setting, the scenario,
the managers' starting style or the root seed, and prints a fact x variant table of verdicts
(holds, reversed, negligible, inconclusive). No coefficient was tuned on any of these
variants. ``docs/validation.md`` ("Robustness") reports the table; ``tests/test_validation.py``
checks that the facts the docs claim as robust hold in every variant.

    python experiments/robustness.py --replications 10 --jobs 2 [--csv robustness.csv]

The table is printed as Markdown; with ``--csv`` it is also written after every variant, so an
interrupted run keeps the variants it finished.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import pandas as pd

from leadsim.validation import OTHER_ROOT_SEED, ROBUSTNESS_VARIANTS, validate
from leadsim.validation.engine import DEFAULT_SEED, DEFAULT_WEEKS

#: The defaults first, then the suite's variants, then the defaults under another root seed.
VARIANTS: dict[str, tuple[dict[str, Any], int]] = {
    "defaults": ({}, DEFAULT_WEEKS),
    **ROBUSTNESS_VARIANTS,
    "another root seed": ({}, DEFAULT_WEEKS),
}


def robustness_table(
    replications: int,
    jobs: int,
    variants: dict[str, tuple[dict[str, Any], int]],
    csv: Path | None = None,
) -> pd.DataFrame:
    """Verdicts per fact (rows) and variant (columns); written to ``csv`` after every variant."""
    columns: dict[str, pd.Series] = {}
    for name, (base, weeks) in variants.items():
        seed = OTHER_ROOT_SEED if name == "another root seed" else DEFAULT_SEED
        started = time.perf_counter()
        result = validate(replications=replications, seed=seed, base=base, weeks=weeks, jobs=jobs)
        columns[name] = pd.Series(result.verdicts())
        print(f"{name}: {time.perf_counter() - started:.0f} s", flush=True)
        if csv is not None:
            pd.DataFrame(columns).to_csv(csv, index_label="fact")
    return pd.DataFrame(columns)


def markdown(table: pd.DataFrame) -> str:
    """The table as a Markdown table (facts as rows)."""
    lines = ["| fact | " + " | ".join(table.columns) + " |", "|---" * (len(table.columns) + 1) + "|"]
    lines += [f"| {fact} | " + " | ".join(str(v) for v in row) + " |" for fact, row in table.iterrows()]
    return "\n".join(lines)


def main() -> None:
    """Run every variant and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--csv", type=Path, help="also write the table to this CSV file")
    args = parser.parse_args()
    print(markdown(robustness_table(args.replications, args.jobs, VARIANTS, args.csv)))


if __name__ == "__main__":
    main()
