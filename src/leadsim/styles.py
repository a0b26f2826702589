"""Leadership styles as four intensities, not weights on a simplex.

A manager's enacted style is a vector ``s = (h, u, a, v)`` of four *intensities*, each in
[0, 1]: how much hierarchical (performance/output) steering h, supportive attention to the person
u, accountability (asking for and giving account) a and visionary leadership v (leading the
conversation about the craft) she practises. The four names follow the essay's styles (essay
digest, "Leadership styles named in the essay"; Tummers & Knies 2016 for the accountability
scale).

The intensities are not compositional. Leadership questionnaires (the MLQ, Avolio & Bass; the
public-leadership scales of Tummers & Knies 2016) measure each style on its own scale, and one
manager can score high on all of them, or low on all (laissez-faire, absent leadership: Skogstad
et al. 2007). What forces trade-offs between them in leadsim is a manager's finite weekly
attention budget (:mod:`leadsim.mechanisms.managers`), not a sum rule on the styles.

Named styles are *dominant* profiles (0.8 on one kind, 0.3 on the others), the balanced profile
(0.5 on every kind) and the laissez-faire profile (0.1 on every kind: the absence of leadership).
The numbers are an assumption: "dominant" in the essay's survey means the style a manager mainly
shows, not the only one.
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
    "dominant_kind",
    "resolve_style",
]

STYLE_KINDS: tuple[str, str, str, str] = ("hierarchical", "supportive", "accountable", "visionary")
"""The four style kinds, in the column order used by every style array."""

HIERARCHICAL, SUPPORTIVE, ACCOUNTABLE, VISIONARY = range(4)

_DOMINANT = 0.8
_REST = 0.3

STYLE_PROFILES: dict[str, tuple[float, float, float, float]] = {
    "hierarchical": (_DOMINANT, _REST, _REST, _REST),
    "supportive": (_REST, _DOMINANT, _REST, _REST),
    "accountable": (_REST, _REST, _DOMINANT, _REST),
    "visionary": (_REST, _REST, _REST, _DOMINANT),
    "balanced": (0.5, 0.5, 0.5, 0.5),
    "laissez_faire": (0.1, 0.1, 0.1, 0.1),
}
"""Named style profiles (intensities): four dominant styles, the balanced one and laissez-faire."""

STYLE_NAMES: tuple[str, ...] = tuple(STYLE_PROFILES)

type StyleSpec = str | Mapping[str, float]
"""A style given by name (one of :data:`STYLE_NAMES`) or as a mapping of the four intensities."""


def resolve_style(value: StyleSpec, field: str = "style") -> NDArray[np.float64]:
    """Turn a style name or a mapping of intensities into an intensity vector ``(h, u, a, v)``.

    Args:
        value: A name among :data:`STYLE_NAMES`, or a mapping with exactly the keys of
            :data:`STYLE_KINDS`, each a number in [0, 1] (they need not sum to anything).
        field: The parameter name used in error messages.

    Returns:
        A float array of shape (4,) with every entry in [0, 1].

    Raises:
        ParameterError: Unknown name, missing or unknown keys, or an intensity out of [0, 1].
        ParameterTypeError: Neither a string nor a mapping of numbers.
    """
    if isinstance(value, str):
        try:
            return np.array(STYLE_PROFILES[value], dtype=float)
        except KeyError:
            valid = ", ".join(STYLE_NAMES)
            raise ParameterError(
                field, f"must be one of {valid}, or a mapping of the four intensities", value
            ) from None
    if not isinstance(value, Mapping):
        raise ParameterTypeError(field, "must be a style name or a mapping of the four intensities", value)
    keys = set(value)
    missing = [k for k in STYLE_KINDS if k not in keys]
    unknown = sorted(str(k) for k in keys - set(STYLE_KINDS))
    if unknown:
        raise ParameterError(
            field, f"has unknown style kinds {unknown}; valid kinds are {list(STYLE_KINDS)}", dict(value)
        )
    if missing:
        raise ParameterError(
            field, f"is missing the intensities {missing}; give all of {list(STYLE_KINDS)}", dict(value)
        )
    intensities = []
    for kind in STYLE_KINDS:
        w = value[kind]
        if isinstance(w, bool) or not isinstance(w, int | float | np.integer | np.floating):
            raise ParameterTypeError(f"{field}[{kind!r}]", "must be a number", w)
        w = float(w)
        if not 0.0 <= w <= 1.0:  # also refuses NaN
            raise ParameterError(f"{field}[{kind!r}]", "must be an intensity in [0, 1]", w)
        intensities.append(w)
    return np.array(intensities, dtype=float)


def dominant_kind(style: NDArray[np.float64]) -> str:
    """The style kind of highest intensity (the first of them on a tie)."""
    return STYLE_KINDS[int(np.argmax(style))]
