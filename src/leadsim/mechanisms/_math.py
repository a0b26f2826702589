"""Small numerical helpers shared by the mechanisms."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

__all__ = ["group_mean", "logistic", "relax", "softmax_rows", "team_means"]


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
    weights = np.exp(logits - np.maximum.reduce(logits, axis=1, keepdims=True))
    return weights / np.add.reduce(weights, axis=1, keepdims=True)


def group_mean(values: NDArray[np.float64], groups: NDArray[np.int64], n_groups: int) -> NDArray[np.float64]:
    """Mean of ``values`` per group (groups with no members get 0)."""
    counts = np.bincount(groups, minlength=n_groups)
    sums = np.bincount(groups, weights=values, minlength=n_groups)
    return np.divide(sums, counts, out=np.zeros(n_groups), where=counts > 0)


def team_means(values: NDArray[np.float64], n_teams: int) -> NDArray[np.float64]:
    """Mean of ``values`` (rows = professionals) per team.

    Relies on the layout of :class:`leadsim.state.ProfessionalState`: teams are contiguous
    blocks of equal size, so a team mean is a reshape and a sum.
    """
    size = len(values) // n_teams
    return np.add.reduce(values.reshape(n_teams, size, *values.shape[1:]), axis=1) / size
