"""The survey's estimates beside the essay's findings and construct-matched benchmarks.

How to read the comparison (:func:`compare`):

* **Essay rows** judge the *sign* of a ``multiple``-model coefficient (all four perceived styles
  together) against :data:`leadsim.survey.references.ESSAY_CLAIMS`, by its 95% interval, and say
  whether the survey *agrees* with the essay. A ``positive`` claim: the survey agrees when the
  whole interval lies above 0, disagrees when it lies below, is inconclusive otherwise. A
  ``not positive`` claim: the survey disagrees only when the whole interval lies above 0. The
  verdict is a finding about the model, reported, never asserted: the model need not agree with
  one survey of about 150 people.
* **Benchmark rows** set the ``bivariate`` coefficient (Pearson's r of a perceived style, or of
  the absence of leadership, with an outcome) beside the construct-matched meta-analytic
  correlation from :data:`leadsim.survey.references.BENCHMARKS`, for the *rough size*: the
  reference lies inside the interval, or the estimate is larger or smaller in magnitude, or of the
  opposite sign. Beside each estimate stands the population's true-score coefficient
  (``population_beta``, without measurement error or common-method variance), so a reader can see
  how much of a survey estimate is measurement.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from leadsim.survey.references import BENCHMARKS, ESSAY_CLAIMS, MEASUREMENT_SOURCES, UNVERIFIED

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
    "population_beta",
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

    Raises:
        ValueError: An unknown ``expected``, or ``size`` without a reference.
    """
    if expected == "positive":
        if ci_low > 0:
            return "agrees"
        return "disagrees" if ci_high < 0 else "inconclusive (CI covers 0)"
    if expected == "not positive":
        if ci_low > 0:
            return "disagrees"
        return "agrees (negative)" if ci_high < 0 else "agrees (CI covers 0)"
    if expected == "size" and reference is not None:
        if ci_low <= reference <= ci_high:
            return "reference inside CI"
        if (reference > 0 and ci_high < 0) or (reference < 0 and ci_low > 0):
            return "opposite sign"
        above = ci_low > reference
        larger = above if reference > 0 else not above
        return "estimate larger in magnitude" if larger else "estimate smaller in magnitude"
    raise ValueError(f"'expected' must be 'positive', 'not positive' or 'size' (got {expected!r})")


def _name(predictor: str) -> str:
    return f"perceived_{predictor}"


def _coefficient(coefficients: pd.DataFrame, outcome: str, predictor: str, model: str) -> pd.Series:
    rows = coefficients[
        (coefficients["outcome"] == outcome)
        & (coefficients["predictor"] == _name(predictor))
        & (coefficients["model"] == model)
    ]
    if len(rows) != 1:
        raise KeyError(f"no single {model} coefficient of {_name(predictor)} on {outcome}")
    return rows.iloc[0]


def _population(population: pd.DataFrame | None, outcome: str, predictor: str, model: str) -> float:
    if population is None:
        return math.nan
    return float(_coefficient(population, outcome, predictor, model)["beta"])


def compare(coefficients: pd.DataFrame, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Set the survey's coefficients beside the essay's claims and the construct-matched benchmarks.

    Args:
        coefficients: A survey's coefficient table (:attr:`SurveyResult.coefficients`).
        population: The population's true-score coefficients, set beside each estimate as
            ``population_beta`` (NaN without).

    Returns:
        One row per essay claim and per benchmark, columns :data:`COMPARISON_COLUMNS`.
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
                "population_beta": _population(population, claim.outcome, claim.predictor, "multiple"),
                "verdict": verdict(claim.direction, c["ci_low"], c["ci_high"]),
                "note": claim.statement,
            }
        )
    for bench in BENCHMARKS:
        c = _coefficient(coefficients, bench.outcome, bench.predictor, "bivariate")
        rows.append(
            {
                "source": f"{bench.cite} ({bench.construct})",
                "fact": "",
                "outcome": bench.outcome,
                "predictor": bench.predictor,
                "model": "bivariate",
                "expected": "size",
                "reference": bench.value,
                "beta": c["beta"],
                "ci_low": c["ci_low"],
                "ci_high": c["ci_high"],
                "p": c["p"],
                "population_beta": _population(population, bench.outcome, bench.predictor, "bivariate"),
                "verdict": verdict("size", c["ci_low"], c["ci_high"], bench.value),
                "note": f"{bench.statistic} = {bench.value:+.2f}, {bench.criterion}; {bench.match}",
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
    population = result.population_coefficients
    coef["population_beta"] = [
        float(
            population.loc[
                (population["outcome"] == r.outcome)
                & (population["predictor"] == r.predictor)
                & (population["model"] == r.model),
                "beta",
            ].iloc[0]
        )
        for r in coef.itertuples()
    ]
    coef["predictor"] = coef["predictor"].str.removeprefix("perceived_")
    coef["p"] = coef["p"].map(_p)
    comparison = result.compare()
    comparison["p"] = comparison["p"].map(_p)
    n_clusters = int(result.coefficients["clusters"].max())
    gap = result.perception_gap()
    styles = ", ".join(str(s) for s in result.organisations["intended_style"].unique())
    alpha = result.reliability.pivot_table(
        index="scale", columns="role", values="alpha", sort=False
    ).reset_index()
    nulls = (
        f" Null test: {', '.join(d.null_styles)} leadership has no causal effect in any organisation "
        "(leadsim.survey.design.NULL_EFFECTS)."
        if d.null_styles
        else ""
    )
    rater = (
        "professionals rate their own manager's styles and report their own outcomes (single source: "
        "a shared common-method factor)"
        if d.rater == "professional"
        else "the predictors are the managers' self-ratings, the outcomes the professionals' self-reports "
        "(two sources)"
    )
    sampled = result.organisations[result.organisations["sampled"]]

    parts = [
        "# leadsim virtual survey",
        "",
        f"Root seed {result.seed}. A simulated population of {d.population_organisations} organisations "
        f"of {d.teams} teams (pressure {d.pressure_min:g} to {d.pressure_max:g}; managers' intended styles "
        f"centred on {styles}), each run for {d.weeks} weeks with adaptive managers. Two-stage sample: "
        f"{d.organisations} organisations at random, then {d.managers} teams spread over them (their "
        f"managers answer), then {d.professionals} professionals spread over those teams. {d.items} items "
        f"per style scale, {d.outcome_items} per outcome, on a {d.scale_points}-point scale; "
        f"common-method share {d.method_share:g} and random-error share {d.error_share:g} of every scale "
        f"score's variance; {rater}. Standard errors clustered by {d.cluster} ({n_clusters} clusters)."
        f"{nulls} See docs/survey.md.",
        "",
        "## Sampled organisations",
        "",
        _table(sampled, [c for c in sampled.columns if c != "sampled"]),
        "",
        "## Reliability of the scales (Cronbach's alpha)",
        "",
        _table(alpha, list(alpha.columns)),
        "",
        f"## Standardised coefficients (95% CI, cluster-robust by {d.cluster})",
        "",
        "`multiple`: all four perceived styles together; `bivariate`: one at a time (= r); `absence`: "
        "minus the mean of the four scales. `population_beta`: the same model on every professional of "
        "the population with true scores (no sampling, no measurement error, no common-method variance).",
        "",
        _table(coef, ["outcome", "model", "predictor", "beta", "ci_low", "ci_high", "p", "population_beta"]),
        "",
        "## Beside the essay and the construct-matched benchmarks",
        "",
        "Essay rows say whether the survey agrees with the essay's sign (multiple regression, by its "
        "95% CI): a finding about the model, not a test it must pass. Benchmark rows set the bivariate "
        "r beside a construct-matched meta-analytic correlation, for rough size only.",
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
                "population_beta",
                "verdict",
            ],
        ),
        "",
        "Construct matches:",
        "",
        *dict.fromkeys(
            f"- {bench.predictor} ~ {bench.construct} ({bench.source}): {bench.match}" for bench in BENCHMARKS
        ),
        "",
        "Not used, because we could not check them: " + "; ".join(UNVERIFIED) + ".",
        "",
        "## Measurement model sources",
        "",
        *(f"- {m.name}: {m.value:g} ({m.source}); {m.use}" for m in MEASUREMENT_SOURCES),
        "",
        "## Perception gap (SF8)",
        "",
        f"Professionals' self-reported collaboration {gap['self_reported']:.3f} "
        f"(n = {gap['n_professionals']:.0f}) minus managers' perceived collaboration "
        f"{gap['manager_perceived']:.3f} (n = {gap['n_managers']:.0f}): gap {gap['gap']:.3f} "
        f"(95% Welch CI {gap['ci_low']:.3f} to {gap['ci_high']:.3f}; professionals are clustered in "
        "teams, so the interval is somewhat narrow). These are the model's values, without measurement "
        "error.",
        "",
    ]
    return "\n".join(parts)
