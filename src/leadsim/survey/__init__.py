"""The virtual survey: the essay's survey design run on simulated organisations.

The essay behind leadsim rests on a survey of about 150 professionals and 60 team managers in
several work-and-reintegration organisations: professionals showed the most professional
behaviour under accountable leadership (SF4), while supportive leadership went with well-being but
with passivity rather than engagement (SF3). This package repeats that study inside the model:

* :mod:`leadsim.survey.design`: the sampling frame: organisations as :class:`leadsim.LeadershipModel`
  runs differing in pressure and intended manager style, and random samples of respondents;
* :mod:`leadsim.survey.perception`: respondents rate their manager's style on Likert items with
  response noise;
* :mod:`leadsim.survey.estimation`: standardised OLS with team-clustered 95% intervals
  (statsmodels);
* :mod:`leadsim.survey.references` and :mod:`leadsim.survey.report`: the essay's findings and
  meta-analytic magnitudes, as cited data, and the comparison with them;
* :mod:`leadsim.survey.cli`: ``leadsim survey``.

>>> from leadsim.survey import run_survey
>>> result = run_survey(seed=42)                     # doctest: +SKIP
>>> result.compare()[["fact", "outcome", "predictor", "beta", "verdict"]]  # doctest: +SKIP

``docs/survey.md`` describes the design, the noise model, the estimator and how to read the
comparison.
"""

from leadsim.survey.design import SurveyDesign, organisation_plan, simulate_organisation
from leadsim.survey.estimation import estimate, standardised_ols
from leadsim.survey.perception import PerceivedStyles, cronbach_alpha, perceive_styles
from leadsim.survey.references import ESSAY_CLAIMS, META_ANALYTIC, EssayClaim, MetaAnalyticEffect
from leadsim.survey.report import compare, perception_gap, to_markdown
from leadsim.survey.runner import OUTCOMES, PREDICTORS, SurveyResult, run_survey

__all__ = [
    "ESSAY_CLAIMS",
    "META_ANALYTIC",
    "OUTCOMES",
    "PREDICTORS",
    "EssayClaim",
    "MetaAnalyticEffect",
    "PerceivedStyles",
    "SurveyDesign",
    "SurveyResult",
    "compare",
    "cronbach_alpha",
    "estimate",
    "organisation_plan",
    "perceive_styles",
    "perception_gap",
    "run_survey",
    "simulate_organisation",
    "standardised_ols",
    "to_markdown",
]
