"""How respondents answer: true scores, a common-method factor, item error and a rating scale.

A respondent does not see her manager's style intensities ``s = (h, u, a, v)`` (each in [0, 1])
or her own proactivity, external orientation and well-being; she answers questionnaire items
about them. Each construct k (four style scales and three self-report scales) is measured by
``items`` Likert items with ``scale_points`` categories. Item j of scale k for respondent i is

    x_ijk = T_ik + lambda_k * M_i + sigma_k * eps_ijk,      M_i, eps_ijk ~ N(0, 1) independent
    rating_ijk = 1 + round((scale_points - 1) * clip(x_ijk, 0, 1))

and the scale score is the mean of the scale's item ratings (1..scale_points). ``T_ik`` is the
true score (an intensity or an outcome in [0, 1], so 0 maps to the lowest category and 1 to the
highest). ``M_i`` is the respondent's **common-method factor**: a general positivity or
acquiescence tendency that raises every rating and every self-report she gives (Podsakoff et al.
2003 review its sources: consistency motif, social desirability, leniency, acquiescence,
positive affectivity). Because the same professional rates her manager's styles and reports her
own outcomes, the factor is shared by predictors and outcomes, as in a single-source survey.
``eps`` is item-level random error.

The loadings are set by **variance shares** of a scale score in the population, the way
multitrait-multimethod studies report them: a scale score's variance (before the rating scale's
rounding) is a share ``1 - method_share - error_share`` of trait variance, ``method_share`` of
common-method variance and ``error_share`` of random error. With ``sd_k`` the population standard
deviation of the true score T_k, and t the trait share,

    lambda_k = sd_k * sqrt(method_share / t),    sigma_k = sd_k * sqrt(items * error_share / t)

(the item error averages over the scale's items). Two scales of the same respondent with true
correlation rho then correlate, before rounding, at

    r = rho * t + method_share

(:func:`expected_correlation`): random error attenuates the true correlation by the factor t,
the shared method factor adds method_share. The defaults are Doty & Glick's (1998) average over
the multitrait-multimethod matrices of six journals: 46% trait, 32% method, so 22% error
(:data:`leadsim.survey.references.MEASUREMENT_SOURCES`). The rounding of the rating scale adds a
little more error; the realised reliability is reported as Cronbach's alpha.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from leadsim.errors import ParameterError

__all__ = [
    "Loadings",
    "RatedScales",
    "cronbach_alpha",
    "expected_correlation",
    "loadings",
    "rate_scales",
]


@dataclass(frozen=True, slots=True)
class Loadings:
    """Method loadings and item-error sds of a set of scales, in true-score units.

    Attributes:
        method: The loading lambda_k of the common-method factor, shape (scales,).
        error: The item-level error sd sigma_k, shape (scales,).
    """

    method: NDArray[np.float64]
    error: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RatedScales:
    """Item ratings and scale scores.

    Attributes:
        ratings: Integer item ratings, shape (respondents, scales, items), in 1..scale_points.
        scores: Scale scores (mean item rating), shape (respondents, scales).
    """

    ratings: NDArray[np.int64]
    scores: NDArray[np.float64]


def _check_shares(method_share: float, error_share: float) -> float:
    for name, value in (("method_share", method_share), ("error_share", error_share)):
        if not 0.0 <= value < 1.0:  # also refuses NaN
            raise ParameterError(name, "must be in [0, 1)", value)
    if method_share + error_share >= 1.0:
        raise ParameterError(
            "error_share",
            f"must leave a positive trait share (method_share + error_share < 1; method_share is "
            f"{method_share:g})",
            error_share,
        )
    return 1.0 - method_share - error_share


def loadings(sd: NDArray[np.float64], *, method_share: float, error_share: float, items: int) -> Loadings:
    """Method loadings and item-error sds that give each scale score the declared variance shares.

    Args:
        sd: Population standard deviation of each scale's true score, shape (scales,).
        method_share: Share of a scale score's variance due to the common-method factor, in [0, 1).
        error_share: Share due to random item error, in [0, 1), with method_share + error_share < 1.
        items: Items per scale (>= 1).

    Returns:
        The loadings, in true-score units.

    Raises:
        ParameterError: Shares out of range, or no positive trait share left.
    """
    trait = _check_shares(method_share, error_share)
    sd = np.asarray(sd, dtype=float)
    return Loadings(
        method=sd * math.sqrt(method_share / trait),
        error=sd * math.sqrt(items * error_share / trait),
    )


def expected_correlation(rho: float, *, method_share: float, error_share: float) -> float:
    """Correlation of two same-respondent scale scores whose true scores correlate at ``rho``.

    Before the rating scale's rounding and clipping: ``rho * (1 - method_share - error_share) +
    method_share``.
    """
    return rho * _check_shares(method_share, error_share) + method_share


def rate_scales(
    true: NDArray[np.float64],
    method: NDArray[np.float64],
    eps: NDArray[np.float64],
    load: Loadings,
    *,
    scale_points: int,
) -> RatedScales:
    """Let respondents rate true scores on Likert items with a method factor and item error.

    The random draws are arguments so that a caller can reuse them (the same respondents with and
    without common-method variance see the same item errors).

    Args:
        true: True scores in [0, 1], shape (respondents, scales).
        method: Each respondent's common-method factor value, shape (respondents,).
        eps: Standard-normal item errors, shape (respondents, scales, items).
        load: Method loadings and item-error sds, each of shape (scales,).
        scale_points: Categories of the rating scale (>= 2).

    Returns:
        The item ratings and scale scores.
    """
    true = np.asarray(true, dtype=float)
    latent = (
        true[:, :, None]
        + load.method[None, :, None] * np.asarray(method, dtype=float)[:, None, None]
        + load.error[None, :, None] * eps
    )
    ratings = (1 + np.rint((scale_points - 1) * np.clip(latent, 0.0, 1.0))).astype(np.int64)
    return RatedScales(ratings=ratings, scores=ratings.mean(axis=2))


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
