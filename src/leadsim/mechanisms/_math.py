"""Small numerical helpers shared by the mechanisms."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

__all__ = ["group_mean", "group_sums", "logistic", "relax", "softmax_rows"]


def logistic(x: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """The logistic function 1 / (1 + exp(-x)), computed without overflow (scipy's expit)."""
    return expit(x)


def relax(current: NDArray[np.float64], target: NDArray[np.float64], rate: float) -> NDArray[np.float64]:
    """One step of first-order relaxation: x + rate * (target - x).

    With ``rate`` in [0, 1] and both arguments in [0, 1], the result stays in [0, 1].
    """
    return current + rate * (target - current)


def softmax_rows(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax: each row becomes a point on the simplex."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=1, keepdims=True)


def group_mean(values: NDArray[np.float64], groups: NDArray[np.int64], n_groups: int) -> NDArray[np.float64]:
    """Mean of ``values`` per group (groups with no members get 0)."""
    counts = np.bincount(groups, minlength=n_groups)
    sums = np.bincount(groups, weights=values, minlength=n_groups)
    return np.divide(sums, counts, out=np.zeros(n_groups), where=counts > 0)


def group_sums(values: NDArray[np.float64], groups: NDArray[np.int64], n_groups: int) -> NDArray[np.float64]:
    """Column sums of a (n, k) array per group, shape (n_groups, k)."""
    return np.stack(
        [np.bincount(groups, weights=values[:, col], minlength=n_groups) for col in range(values.shape[1])],
        axis=1,
    )
