"""The virtual survey: the essay's survey design run on simulated organisations.

The essay behind leadsim rests on a survey of about 150 professionals and 60 team managers in
several work-and-reintegration organisations: professionals showed the most professional
behaviour under accountable leadership (SF4), while supportive leadership went with well-being but
with passivity rather than engagement (SF3). This package repeats that study inside the model:

* :mod:`leadsim.survey.design`: a simulated population of organisations
  (:class:`leadsim.LeadershipModel` runs differing in pressure and intended manager style), a
  two-stage sample of it (organisations, then teams and their managers, then professionals), and
  the null sets that give a style no causal effect;
* :mod:`leadsim.survey.perception`: respondents rate their manager's style intensities and
  report their own outcomes on Likert items, with a shared common-method factor and item error;
* :mod:`leadsim.survey.estimation`: standardised OLS with team-clustered 95% intervals
  (statsmodels);
* :mod:`leadsim.survey.references` and :mod:`leadsim.survey.report`: the essay's findings and
  construct-matched meta-analytic benchmarks, as cited data, and the comparison with them;
* :mod:`leadsim.survey.cli`: ``leadsim survey``.

>>> from leadsim.survey import run_survey
>>> result = run_survey(seed=42)                     # doctest: +SKIP
>>> result.compare()[["fact", "outcome", "predictor", "beta", "verdict"]]  # doctest: +SKIP

``docs/survey.md`` describes the design, the measurement model, the estimator and how to read the
comparison.
"""

from leadsim.survey.design import (
    NULL_EFFECTS,
    SurveyDesign,
    null_parameters,
    organisation_plan,
    simulate_organisation,
)
from leadsim.survey.estimation import estimate, standardised_ols
from leadsim.survey.perception import (
    Loadings,
    RatedScales,
    cronbach_alpha,
    expected_correlation,
    loadings,
    rate_scales,
)
from leadsim.survey.references import (
    BENCHMARKS,
    ESSAY_CLAIMS,
    MEASUREMENT_SOURCES,
    Benchmark,
    EssayClaim,
    MeasurementSource,
)
from leadsim.survey.report import compare, perception_gap, to_markdown
from leadsim.survey.runner import (
    ABSENCE,
    OUTCOMES,
    PREDICTORS,
    Population,
    Replications,
    SurveyResult,
    conduct_survey,
    replicate_designs,
    replicate_survey,
    run_survey,
    simulate_population,
)

__all__ = [
    "ABSENCE",
    "BENCHMARKS",
    "ESSAY_CLAIMS",
    "MEASUREMENT_SOURCES",
    "NULL_EFFECTS",
    "OUTCOMES",
    "PREDICTORS",
    "Benchmark",
    "EssayClaim",
    "Loadings",
    "MeasurementSource",
    "Population",
    "RatedScales",
    "Replications",
    "SurveyDesign",
    "SurveyResult",
    "compare",
    "conduct_survey",
    "cronbach_alpha",
    "estimate",
    "expected_correlation",
    "loadings",
    "null_parameters",
    "organisation_plan",
    "perception_gap",
    "rate_scales",
    "replicate_designs",
    "replicate_survey",
    "run_survey",
    "simulate_organisation",
    "simulate_population",
    "standardised_ols",
    "to_markdown",
]
