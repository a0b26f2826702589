"""The survey's estimates beside the essay's findings and meta-analytic magnitudes.

How to read the comparison (:func:`compare`):

* **Essay rows** judge the *sign* of a ``multiple``-model coefficient (all four perceived styles
  together) against :data:`leadsim.survey.references.ESSAY_CLAIMS`, by its 95% interval. A
  ``positive`` claim is *consistent* when the whole interval lies above 0, *contradicted* when it
  lies below, *inconclusive* otherwise. A ``not positive`` claim is *contradicted* only when the
  whole interval lies above 0.
* **Meta-analysis rows** set the ``bivariate`` coefficient (Pearson's r of the perceived style and
  the outcome) beside a meta-analytic correlation from
  :data:`leadsim.survey.references.META_ANALYTIC`, for the *rough size*: the reference lies inside
  the interval, or the estimate is larger or smaller in magnitude, or of the opposite sign. The
  pairings are analogues (each row says how loose), so a size mismatch is a prompt to look, not a
  failed test.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from leadsim.styles import STYLE_KINDS
from leadsim.survey.references import ESSAY_CLAIMS, META_ANALYTIC

if TYPE_CHECKING:
    from leadsim.survey.runner import SurveyResult

__all__ = ["COMPARISON_COLUMNS", "compare", "perception_gap", "to_markdown", "verdict"]

COMPARISON_COLUMNS: tuple[str, ...] = (
    "source",
    "fact",
    "outcome",
    "predictor",
    "model",
    "expected",
    "reference",
    "beta",
    "ci_low",
    "ci_high",
    "p",
    "verdict",
    "note",
)
"""Columns of the comparison table, in order."""


def verdict(expected: str, ci_low: float, ci_high: float, reference: float | None = None) -> str:
    """Judge an interval against an expected sign or a reference size.

    Args:
        expected: ``positive``, ``not positive`` or ``size`` (compare with ``reference``).
        ci_low: Lower end of the interval.
        ci_high: Upper end of the interval.
        reference: The reference value for ``size``.

    Returns:
        A short verdict (see the module docstring).
    """
    if expected == "positive":
        if ci_low > 0:
            return "consistent"
        return "contradicted" if ci_high < 0 else "inconclusive (CI covers 0)"
    if expected == "not positive":
        if ci_low > 0:
            return "contradicted"
        return "consistent (negative)" if ci_high < 0 else "consistent (CI covers 0)"
    if expected == "size" and reference is not None:
        if ci_low <= reference <= ci_high:
            return "reference inside CI"
        if (reference > 0 and ci_high < 0) or (reference < 0 and ci_low > 0):
            return "opposite sign"
        above = ci_low > reference
        larger = above if reference > 0 else not above
        return "estimate larger in magnitude" if larger else "estimate smaller in magnitude"
    raise ValueError(f"'expected' must be 'positive', 'not positive' or 'size' (got {expected!r})")


def _coefficient(coefficients: pd.DataFrame, outcome: str, predictor: str, model: str) -> pd.Series:
    rows = coefficients[
        (coefficients["outcome"] == outcome)
        & (coefficients["predictor"] == f"perceived_{predictor}")
        & (coefficients["model"] == model)
    ]
    if len(rows) != 1:
        raise KeyError(f"no single {model} coefficient of perceived_{predictor} on {outcome}")
    return rows.iloc[0]


def compare(coefficients: pd.DataFrame) -> pd.DataFrame:
    """Set the survey's coefficients beside the essay's claims and meta-analytic magnitudes.

    Args:
        coefficients: A coefficient table from :func:`leadsim.survey.estimation.estimate`.

    Returns:
        One row per essay claim and per meta-analytic effect, columns :data:`COMPARISON_COLUMNS`.
    """
    rows: list[dict[str, Any]] = []
    for claim in ESSAY_CLAIMS:
        c = _coefficient(coefficients, claim.outcome, claim.predictor, "multiple")
        rows.append(
            {
                "source": "essay survey",
                "fact": claim.fact,
                "outcome": claim.outcome,
                "predictor": claim.predictor,
                "model": "multiple",
                "expected": claim.direction,
                "reference": math.nan,
                "beta": c["beta"],
                "ci_low": c["ci_low"],
                "ci_high": c["ci_high"],
                "p": c["p"],
                "verdict": verdict(claim.direction, c["ci_low"], c["ci_high"]),
                "note": claim.statement,
            }
        )
    for effect in META_ANALYTIC:
        c = _coefficient(coefficients, effect.outcome, effect.predictor, "bivariate")
        rows.append(
            {
                "source": f"{effect.source} ({effect.name})",
                "fact": "",
                "outcome": effect.outcome,
                "predictor": effect.predictor,
                "model": "bivariate",
                "expected": "size",
                "reference": effect.value,
                "beta": c["beta"],
                "ci_low": c["ci_low"],
                "ci_high": c["ci_high"],
                "p": c["p"],
                "verdict": verdict("size", c["ci_low"], c["ci_high"], effect.value),
                "note": f"{effect.statistic} = {effect.value:+.2f}; analogue: {effect.analogy}",
            }
        )
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def perception_gap(respondents: pd.DataFrame, level: float = 0.95) -> dict[str, float]:
    """Professionals' self-reported collaboration minus managers' perceived collaboration (SF8).

    The difference of the two sample means with a Welch interval. Professionals are clustered in
    teams, so the interval is somewhat too narrow; it is a descriptive check of SF8's direction.

    Args:
        respondents: The survey's respondents (both roles).
        level: Confidence level of the interval.

    Returns:
        ``self_reported``, ``manager_perceived``, ``gap``, ``ci_low``, ``ci_high``,
        ``n_professionals`` and ``n_managers`` (NaN where fewer than two respondents of a role).
    """
    pros = respondents.loc[respondents["role"] == "professional", "self_reported_collaboration"].dropna()
    mgrs = respondents.loc[respondents["role"] == "manager", "perceived_collaboration"].dropna()
    result = {
        "self_reported": float(pros.mean()) if len(pros) else math.nan,
        "manager_perceived": float(mgrs.mean()) if len(mgrs) else math.nan,
        "gap": math.nan,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "n_professionals": float(len(pros)),
        "n_managers": float(len(mgrs)),
    }
    if len(pros) >= 2 and len(mgrs) >= 2:
        test = stats.ttest_ind(pros.to_numpy(), mgrs.to_numpy(), equal_var=False)
        ci = test.confidence_interval(confidence_level=level)
        result.update(
            gap=result["self_reported"] - result["manager_perceived"],
            ci_low=float(ci.low),
            ci_high=float(ci.high),
        )
    return result


# ---------------------------------------------------------------------------- Markdown
def _cell(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _table(frame: pd.DataFrame, columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(_cell(row[c]) for c in columns) + " |")
    return "\n".join(lines)


def _p(value: float) -> str:
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def to_markdown(result: SurveyResult) -> str:
    """A Markdown report of one survey: design, reliability, coefficients, comparisons.

    Args:
        result: The survey result.

    Returns:
        The report text.
    """
    d = result.design
    coef = result.coefficients.copy()
    coef["predictor"] = coef["predictor"].str.removeprefix("perceived_")
    coef["p"] = coef["p"].map(_p)
    comparison = compare(result.coefficients)
    comparison["p"] = comparison["p"].map(_p)
    n_clusters = int(result.coefficients["clusters"].max())
    gap = result.perception_gap()
    styles = ", ".join(str(s) for s in result.organisations["intended_style"].unique())
    alpha = result.reliability.pivot(index="scale", columns="role", values="alpha").reindex(list(STYLE_KINDS))
    alpha = alpha.reset_index()

    parts = [
        "# leadsim virtual survey",
        "",
        f"Root seed {result.seed}. {d.organisations} simulated organisations (pressure "
        f"{d.pressure_min:g} to {d.pressure_max:g}; managers' intended styles centred on {styles}), "
        f"each run for {d.weeks} weeks with adaptive managers; then {d.professionals} professionals and "
        f"{d.managers} managers sampled at random from the pooled frame. Perceived styles: {d.items} "
        f"items per style on a {d.scale_points}-point scale, response noise sd {d.noise:g} (style-weight "
        f"units). Regressions on {n_clusters} teams (clusters). See docs/survey.md.",
        "",
        "## Organisations",
        "",
        _table(result.organisations, list(result.organisations.columns)),
        "",
        "## Reliability of the perceived-style scales (Cronbach's alpha)",
        "",
        _table(alpha, list(alpha.columns)),
        "",
        "## Standardised coefficients (95% CI, cluster-robust by team)",
        "",
        "`multiple`: all four perceived styles together; `bivariate`: one style at a time (= r).",
        "",
        _table(coef, ["outcome", "model", "predictor", "beta", "ci_low", "ci_high", "p"]),
        "",
        "## Beside the essay and meta-analyses",
        "",
        "Essay rows judge the sign of the multiple-regression coefficient by its 95% CI; "
        "meta-analysis rows set the bivariate r beside a meta-analytic correlation, for rough size only.",
        "",
        _table(
            comparison,
            [
                "source",
                "fact",
                "outcome",
                "predictor",
                "expected",
                "reference",
                "beta",
                "ci_low",
                "ci_high",
                "verdict",
            ],
        ),
        "",
        "Notes on the pairings:",
        "",
        *(f"- {row.source}: {row.note}" for row in comparison.itertuples() if row.expected == "size"),
        "",
        "## Perception gap (SF8)",
        "",
        f"Professionals' self-reported collaboration {gap['self_reported']:.3f} "
        f"(n = {gap['n_professionals']:.0f}) minus managers' perceived collaboration "
        f"{gap['manager_perceived']:.3f} (n = {gap['n_managers']:.0f}): gap {gap['gap']:.3f} "
        f"(95% Welch CI {gap['ci_low']:.3f} to {gap['ci_high']:.3f}; professionals are clustered in "
        "teams, so the interval is somewhat narrow).",
        "",
    ]
    return "\n".join(parts)
