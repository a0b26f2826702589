"""Size limits: estimates of memory and runs, checked before any work starts.

A model's memory grows with its client places (``n_teams * team_size * caseload``) and its
professionals; a sweep's with its number of runs (every run is planned before the first starts).
Each parameter can be within its range while their product is far beyond any machine
(``n_teams=100000, team_size=1000``), so the product is checked here, before anything is
allocated, and refused with the estimate in the message. ``--force`` on the command line (or
``force=True``) lifts the limits for a user who knows the machine can take it.

The per-item costs were measured with :mod:`tracemalloc` on the default scenario and rounded up
(about 500 bytes per client place, 1.3 kB per professional, 300 bytes per planned run); they
decide only whether a job is refused, never a result.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from leadsim.errors import TooLargeError

__all__ = [
    "MAX_RUNS",
    "check_model_fits",
    "check_model_size",
    "check_sweep_size",
    "estimated_model_bytes",
    "memory_limit_bytes",
    "physical_memory_bytes",
]

BYTES_PER_CLIENT_PLACE = 600
BYTES_PER_PROFESSIONAL = 2_000
BYTES_PER_MODEL = 2_000_000
BYTES_PER_PLANNED_RUN = 400
#: A professional-partner tie: its strength and the week's contact draw, 8 bytes each, and a
#: temporary of the same size.
BYTES_PER_TIE = 24

MAX_RUNS = 1_000_000
"""Most runs a sweep may have without ``--force``."""

_FALLBACK_MEMORY = 8 * 2**30


def memory_limit_bytes() -> int:
    """Half of this machine's physical memory (8 GiB if it cannot be read)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - platforms without sysconf
        total = 2 * _FALLBACK_MEMORY
    return int(total) // 2


def _size(value: int) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value / 2**10:.0f} KiB"


def estimated_model_bytes(parameters: Mapping[str, Any]) -> int:
    """Estimated memory of one model with these parameters (defaults for those not given)."""
    from leadsim.parameters import defaults

    values = {**defaults(), **parameters}
    professionals = int(values["n_teams"]) * int(values["team_size"])
    places = professionals * int(values["caseload"])
    ties = professionals * int(values["n_partners"])
    return (
        BYTES_PER_MODEL
        + BYTES_PER_PROFESSIONAL * professionals
        + BYTES_PER_CLIENT_PLACE * places
        + BYTES_PER_TIE * ties
    )


def check_model_size(parameters: Mapping[str, Any], *, copies: int = 1, force: bool = False) -> int:
    """Refuse a model (or ``copies`` of it at once, one per worker) that would not fit in memory.

    Returns:
        The estimate in bytes.

    Raises:
        TooLargeError: The estimate is above half of the physical memory, unless ``force``.
    """
    one = estimated_model_bytes(parameters)
    total = one * max(1, copies)
    limit = memory_limit_bytes()
    if total > limit and not force:
        from leadsim.parameters import defaults

        values = {**defaults(), **parameters}
        shape = f"n_teams={values['n_teams']}, team_size={values['team_size']}, caseload={values['caseload']}"
        workers = f" x {copies} workers" if copies > 1 else ""
        raise TooLargeError(
            "n_teams * team_size * caseload",
            f"must fit in memory: the model needs about {_size(one)}{workers}, more than the limit of "
            f"{_size(limit)} (half of this machine's memory); use --force to run it anyway",
            shape,
        )
    return total


def physical_memory_bytes() -> int:
    """This machine's physical memory (16 GiB if it cannot be read)."""
    return 2 * memory_limit_bytes()


def check_model_fits(parameters: Mapping[str, Any]) -> int:
    """Refuse, before anything is allocated, a model larger than this machine's whole memory.

    :class:`leadsim.LeadershipModel` calls this for every model: each size parameter can be in
    its range while their product cannot be allocated anywhere, and the alternative is a
    ``MemoryError`` after minutes of swapping. The command line's stricter limit (half the
    memory, :func:`check_model_size`, lifted by ``--force``) comes on top.

    Returns:
        The estimate in bytes.

    Raises:
        TooLargeError: The estimate exceeds the physical memory.
    """
    need, have = estimated_model_bytes(parameters), physical_memory_bytes()
    if need > have:
        from leadsim.parameters import defaults

        values = {**defaults(), **parameters}
        shape = ", ".join(
            f"{name}={values[name]}" for name in ("n_teams", "team_size", "caseload", "n_partners")
        )
        raise TooLargeError(
            "n_teams * team_size * (caseload, n_partners)",
            f"must fit in this machine's memory: the model needs about {_size(need)}, the machine has "
            f"{_size(have)}",
            shape,
        )
    return need


def check_sweep_size(runs: int, *, force: bool = False) -> int:
    """Refuse a sweep of more than :data:`MAX_RUNS` runs, or one whose plan would not fit in memory.

    Returns:
        The estimated memory of the plan in bytes.

    Raises:
        TooLargeError: Beyond a limit, unless ``force``.
    """
    plan = BYTES_PER_PLANNED_RUN * runs
    if force:
        return plan
    if runs > MAX_RUNS:
        raise TooLargeError(
            "runs",
            f"must be at most {MAX_RUNS:,} (design points x replications; planning them needs about "
            f"{_size(plan)}); use --force to run it anyway",
            runs,
        )
    if plan > memory_limit_bytes():
        raise TooLargeError(
            "runs", f"must fit in memory: planning them needs about {_size(plan)}; use --force", runs
        )
    return plan
