"""Standardised regressions with cluster-robust confidence intervals (statsmodels).

The survey estimates standardised coefficients ("beta weights"), as survey studies of leadership
report them: outcome and predictors are z-scored over the analysed sample (mean 0, sd 1, ddof 1),
then fitted by ordinary least squares with an intercept,

    z(y)_i = b0 + sum_k beta_k z(x_k)_i + e_i.

Professionals in one team rate the same manager and share her influence, so their errors are
not independent. The standard errors are therefore cluster-robust by team (CRV1 with the usual
small-sample factor G/(G-1) (n-1)/(n-k)), and intervals and p-values use Student's t with
G - 1 degrees of freedom, G the number of teams in the sample: statsmodels'
``OLS(...).fit(cov_type="cluster", cov_kwds={"groups": ..., "use_correction": True,
"df_correction": True}, use_t=True)``.

Two models per outcome:

* ``multiple``: all predictors at once (the survey's main model). Perceived style weights are
  shares of one manager's leadership, so each coefficient is the style's association *holding the
  other perceived styles fixed*, i.e. relative to the other styles.
* ``bivariate``: one predictor at a time. The standardised slope then equals Pearson's r, the
  statistic meta-analyses report, so this is the model compared with meta-analytic magnitudes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm

from leadsim.errors import ParameterError

__all__ = ["COEFFICIENT_COLUMNS", "MODELS", "estimate", "standardised_ols"]

COEFFICIENT_COLUMNS: tuple[str, ...] = (
    "outcome",
    "predictor",
    "model",
    "beta",
    "se",
    "ci_low",
    "ci_high",
    "p",
    "n",
    "clusters",
)
"""Columns of a coefficient table, in order."""

MODELS: tuple[str, str] = ("multiple", "bivariate")
"""The two regression models fitted per outcome."""


def _zscore(values: pd.Series, name: str) -> pd.Series:
    sd = float(values.std(ddof=1))
    if not np.isfinite(sd) or sd == 0.0:
        raise ParameterError(name, "must vary across the sampled respondents to be standardised", sd)
    return (values - values.mean()) / sd


def standardised_ols(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    groups: str,
    *,
    level: float = 0.95,
) -> pd.DataFrame:
    """Fit one standardised OLS regression with team-clustered intervals.

    Args:
        data: One row per respondent; rows with a missing value in any used column are dropped.
        outcome: Column of the outcome.
        predictors: Columns of the predictors (at least one).
        groups: Column of the cluster label (the team).
        level: Confidence level of the intervals, in (0, 1).

    Returns:
        One row per predictor with ``outcome``, ``predictor``, ``beta`` (standardised
        coefficient), ``se``, ``ci_low``, ``ci_high``, ``p`` (two-sided, H0: beta = 0), ``n`` and
        ``clusters``.

    Raises:
        ParameterError: Unknown columns, a level outside (0, 1), too few respondents or clusters
            for the number of predictors, a column without variance, or collinear predictors.
    """
    predictors = list(predictors)
    if not predictors:
        raise ParameterError("predictors", "must name at least one column", predictors)
    if not 0.0 < level < 1.0:
        raise ParameterError("level", "must be in (0, 1)", level)
    columns = [outcome, *predictors, groups]
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ParameterError("data", f"has no columns {missing}", sorted(map(str, data.columns)))
    frame = data[columns].dropna()
    n = len(frame)
    codes, uniques = pd.factorize(frame[groups], sort=True)
    clusters = len(uniques)
    if n < len(predictors) + 2:
        raise ParameterError("respondents", f"must number at least {len(predictors) + 2} for this model", n)
    if clusters < 2:
        raise ParameterError("clusters", "must number at least 2 teams among the respondents", clusters)

    y = _zscore(frame[outcome], outcome)
    x = pd.DataFrame({name: _zscore(frame[name], name) for name in predictors})
    design = sm.add_constant(x.to_numpy(), has_constant="add")
    if np.linalg.matrix_rank(design) < design.shape[1]:
        # e.g. true style weights, which sum to one: the coefficients would not be identified.
        raise ParameterError("predictors", "are collinear (with the intercept); drop one of them", predictors)
    fit = sm.OLS(y.to_numpy(), design).fit(
        cov_type="cluster",
        cov_kwds={"groups": codes, "use_correction": True, "df_correction": True},
        use_t=True,
    )
    ci = np.asarray(fit.conf_int(alpha=1.0 - level))
    params, bse, pvalues = (np.asarray(v) for v in (fit.params, fit.bse, fit.pvalues))
    rows = [
        {
            "outcome": outcome,
            "predictor": name,
            "beta": float(params[k + 1]),
            "se": float(bse[k + 1]),
            "ci_low": float(ci[k + 1, 0]),
            "ci_high": float(ci[k + 1, 1]),
            "p": float(pvalues[k + 1]),
            "n": n,
            "clusters": clusters,
        }
        for k, name in enumerate(predictors)
    ]
    return pd.DataFrame(rows)


def estimate(
    data: pd.DataFrame,
    outcomes: Sequence[str],
    predictors: Sequence[str],
    groups: str,
    *,
    level: float = 0.95,
) -> pd.DataFrame:
    """Fit the multiple and the bivariate standardised models for every outcome.

    Args:
        data: One row per respondent.
        outcomes: Outcome columns.
        predictors: Predictor columns.
        groups: Cluster column (the team).
        level: Confidence level of the intervals.

    Returns:
        A coefficient table with the columns :data:`COEFFICIENT_COLUMNS`: for each outcome, the
        ``multiple`` model's coefficients, then each predictor's ``bivariate`` coefficient.
    """
    tables = []
    for outcome in outcomes:
        multiple = standardised_ols(data, outcome, predictors, groups, level=level)
        tables.append(multiple.assign(model="multiple"))
        for name in predictors:
            single = standardised_ols(data, outcome, [name], groups, level=level)
            tables.append(single.assign(model="bivariate"))
    return pd.concat(tables, ignore_index=True)[list(COEFFICIENT_COLUMNS)]
