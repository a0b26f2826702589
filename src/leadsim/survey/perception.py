"""How respondents perceive a manager's style: response noise and a rating scale.

A respondent does not see a manager's style weights ``s = (h, u, a, v)``; she answers questionnaire
items about them. Each style kind is measured by a scale of ``items`` Likert items with
``scale_points`` categories (the public-leadership scales of Tummers & Knies 2016, which surveys
like the essay's use, have several items per style on a rating scale). Item j of scale k for
respondent i is

    x_ijk = s_k + noise * eps_ijk,           eps_ijk ~ N(0, 1) independent
    rating_ijk = 1 + round((scale_points - 1) * clip(x_ijk, 0, 1))

so a weight of 0 maps to the lowest category and a weight of 1 to the highest, ``noise`` is the
standard deviation of the response noise in units of the style weight, and the rounding is the
rating scale's discretisation. The scale score is the mean of the scale's item ratings (in
rating-scale units, 1..scale_points). Professionals in the same team rate the same manager, each
with her own noise; managers rate themselves the same way.

With the defaults (``noise = 0.1``, four items, five points) one item has a noise sd of 0.4 scale
points; the scale score's reliability depends on how much managers' styles differ and is
reported as Cronbach's alpha (:func:`cronbach_alpha`) with every survey.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["PerceivedStyles", "cronbach_alpha", "perceive_styles"]


@dataclass(frozen=True, slots=True)
class PerceivedStyles:
    """Item ratings and scale scores of perceived styles.

    Attributes:
        ratings: Integer item ratings, shape (respondents, 4 style kinds, items), in
            1..scale_points.
        scores: Scale scores (mean item rating), shape (respondents, 4).
    """

    ratings: NDArray[np.int64]
    scores: NDArray[np.float64]


def perceive_styles(
    styles: NDArray[np.float64],
    rng: np.random.Generator,
    *,
    noise: float,
    items: int,
    scale_points: int,
) -> PerceivedStyles:
    """Let respondents rate the style weights ``styles`` with response noise on a rating scale.

    Args:
        styles: True style weights of each respondent's manager, shape (respondents, 4).
        rng: The generator of the response noise.
        noise: Standard deviation of the response noise, in style-weight units (>= 0).
        items: Items per style scale (>= 1).
        scale_points: Categories of the rating scale (>= 2).

    Returns:
        The item ratings and scale scores.
    """
    styles = np.asarray(styles, dtype=float)
    n, kinds = styles.shape
    eps = rng.standard_normal((n, kinds, items))
    latent = np.clip(styles[:, :, None] + noise * eps, 0.0, 1.0)
    ratings = (1 + np.rint((scale_points - 1) * latent)).astype(np.int64)
    return PerceivedStyles(ratings=ratings, scores=ratings.mean(axis=2))


def cronbach_alpha(ratings: NDArray[np.int64] | NDArray[np.float64]) -> float:
    """Cronbach's alpha of one scale: k/(k-1) (1 - sum of item variances / variance of the sum).

    Args:
        ratings: Item ratings of one scale, shape (respondents, items).

    Returns:
        Alpha, or NaN when it is undefined (fewer than two items or two respondents, or a sum
        score without variance).
    """
    ratings = np.asarray(ratings, dtype=float)
    n, k = ratings.shape
    if k < 2 or n < 2:
        return float("nan")
    total_var = float(ratings.sum(axis=1).var(ddof=1))
    if total_var == 0.0:
        return float("nan")
    item_var = float(ratings.var(axis=0, ddof=1).sum())
    return k / (k - 1) * (1.0 - item_var / total_var)
