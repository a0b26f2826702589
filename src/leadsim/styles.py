"""Leadership styles as weights on the simplex.

A manager's enacted style is a vector ``s = (h, u, a, v)`` of non-negative weights that sum
to one: h for hierarchical (performance/output steering), u for supportive (attention to
well-being), a for accountable (responsibility and account-giving) and v for visionary
(leading the conversation about the craft). The four names follow the essay's styles
(essay digest, "Leadership styles named in the essay"; Tummers & Knies 2016 for the
accountability scale).

Named styles are *dominant* profiles (0.7 on one kind), not pure vertices: the survey
measured which style dominates, and a vertex would switch every other mechanism off.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from leadsim.errors import ParameterError, ParameterTypeError

__all__ = [
    "ACCOUNTABLE",
    "HIERARCHICAL",
    "STYLE_KINDS",
    "STYLE_NAMES",
    "STYLE_PROFILES",
    "SUPPORTIVE",
    "VISIONARY",
    "StyleSpec",
    "resolve_style",
]

STYLE_KINDS: tuple[str, str, str, str] = ("hierarchical", "supportive", "accountable", "visionary")
"""The four style kinds, in the column order used by every style array."""

HIERARCHICAL, SUPPORTIVE, ACCOUNTABLE, VISIONARY = range(4)

_DOMINANT = 0.7
_REST = (1.0 - _DOMINANT) / 3.0

STYLE_PROFILES: dict[str, tuple[float, float, float, float]] = {
    "hierarchical": (_DOMINANT, _REST, _REST, _REST),
    "supportive": (_REST, _DOMINANT, _REST, _REST),
    "accountable": (_REST, _REST, _DOMINANT, _REST),
    "visionary": (_REST, _REST, _REST, _DOMINANT),
    "balanced": (0.25, 0.25, 0.25, 0.25),
}
"""Named style profiles: four dominant styles and the balanced one."""

STYLE_NAMES: tuple[str, ...] = tuple(STYLE_PROFILES)

type StyleSpec = str | Mapping[str, float]
"""A style given by name (one of :data:`STYLE_NAMES`) or as a mapping of the four weights."""

_SUM_TOLERANCE = 1e-6


def resolve_style(value: StyleSpec, field: str = "style") -> NDArray[np.float64]:
    """Turn a style name or a mapping of weights into a weight vector ``(h, u, a, v)``.

    Args:
        value: A name among :data:`STYLE_NAMES`, or a mapping with exactly the keys of
            :data:`STYLE_KINDS`, each in [0, 1], summing to 1.
        field: The parameter name used in error messages.

    Returns:
        A float array of shape (4,) on the simplex.

    Raises:
        ParameterError: Unknown name, missing or unknown keys, weights out of [0, 1], or
            weights that do not sum to 1 (the sum is shown).
        ParameterTypeError: Neither a string nor a mapping of numbers.
    """
    if isinstance(value, str):
        try:
            return np.array(STYLE_PROFILES[value], dtype=float)
        except KeyError:
            valid = ", ".join(STYLE_NAMES)
            raise ParameterError(field, f"must be one of {valid}, or a mapping of weights", value) from None
    if not isinstance(value, Mapping):
        raise ParameterTypeError(field, "must be a style name or a mapping of the four weights", value)
    keys = set(value)
    missing = [k for k in STYLE_KINDS if k not in keys]
    unknown = sorted(str(k) for k in keys - set(STYLE_KINDS))
    if unknown:
        raise ParameterError(
            field, f"has unknown style kinds {unknown}; valid kinds are {list(STYLE_KINDS)}", dict(value)
        )
    if missing:
        raise ParameterError(
            field, f"is missing the weights {missing}; give all of {list(STYLE_KINDS)}", dict(value)
        )
    weights = []
    for kind in STYLE_KINDS:
        w = value[kind]
        if isinstance(w, bool) or not isinstance(w, int | float | np.integer | np.floating):
            raise ParameterTypeError(f"{field}[{kind!r}]", "must be a number", w)
        w = float(w)
        if not 0.0 <= w <= 1.0:
            raise ParameterError(f"{field}[{kind!r}]", "must be in [0, 1]", w)
        weights.append(w)
    total = float(np.sum(weights))
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise ParameterError(field, f"weights must sum to 1 (they sum to {total:.6g})", dict(value))
    return np.array(weights, dtype=float)
