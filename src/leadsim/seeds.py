"""Replication seeds: one root seed, independent streams for every replication.

Every part of leadsim that replicates runs (the validation suite, sweeps, the virtual survey)
derives its seeds here, from ``numpy.random.SeedSequence(root).spawn(n)``, never ``root + i``:
spawned children are statistically independent, and the i-th seed does not depend on how many
replications there are, on the order in which runs finish or on how many workers run them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["replication_seeds"]


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """The model seed of each replication, spawned from one root.

    Args:
        root_seed: The root seed (a non-negative integer).
        replications: How many seeds.

    Returns:
        One 32-bit integer per replication, ``SeedSequence(root_seed).spawn(replications)[i]``'s
        first state word, to pass as ``LeadershipModel(rng=...)`` and to record beside the run.
    """
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]
