"""What the virtual survey is compared with: the essay's findings and construct-matched benchmarks.

Every reference number the survey reports beside its own estimates lives here, as cited data,
so that a reader can check each one against its source in one place:

* :data:`ESSAY_CLAIMS`: the signs the essay's own survey found (about 150 professionals and 60
  managers in Dutch work and reintegration; ``shared/essay-digest.md``, SF3 and SF4). The essay
  reports directions, not coefficients, so a claim is a sign, never a size.
* :data:`BENCHMARKS`: meta-analytic correlations of the leadership construct that matches each of
  leadsim's four styles, and of laissez-faire leadership for the *absence* of leadership (low on
  all four). Each number was checked against the meta-analysis' abstract (see
  ``verified_from``); figures we could not check are not used (see :data:`UNVERIFIED`).
* :data:`MEASUREMENT_SOURCES`: where the defaults of the measurement model (common-method and
  random-error variance shares, :mod:`leadsim.survey.perception`) come from.

The survey's nearest analogue of a meta-analytic correlation is a bivariate (zero-order)
standardised slope, which equals Pearson's r. Meta-analytic rho is corrected for unreliability
but not for common-method variance; the survey reports both its observed r (with measurement
error and common-method variance) and the population's true-score r beside each benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BENCHMARKS",
    "ESSAY_CLAIMS",
    "MEASUREMENT_SOURCES",
    "UNVERIFIED",
    "Benchmark",
    "EssayClaim",
    "MeasurementSource",
]

type Direction = Literal["positive", "not positive"]


@dataclass(frozen=True, slots=True)
class EssayClaim:
    """A sign the essay's survey found for one perceived style and one outcome.

    Attributes:
        outcome: Survey outcome (``proactivity``, ``external_orientation`` or ``wellbeing``).
        predictor: Perceived style kind (``hierarchical``, ``supportive``, ``accountable``,
            ``visionary``).
        direction: ``positive`` (the coefficient's interval should lie above 0) or
            ``not positive`` (the interval should not lie above 0).
        fact: The stylized fact it rests on (``SF3``, ``SF4``).
        source: Where the claim is stated.
        statement: The claim in words.
    """

    outcome: str
    predictor: str
    direction: Direction
    fact: str
    source: str
    statement: str


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A construct-matched meta-analytic correlation set beside one bivariate survey estimate.

    Attributes:
        predictor: The survey predictor (a style kind, or ``absence`` for low leadership on all
            four kinds: minus the mean of the four perceived scales).
        outcome: The survey outcome it is set beside.
        construct: The leadership construct of the meta-analysis.
        criterion: The meta-analysis' criterion the value refers to.
        value: The reported correlation.
        statistic: ``r`` (observed) or ``rho`` (corrected for unreliability).
        source: The meta-analysis.
        cite: Short citation (authors and year).
        verified_from: Where the value was checked.
        match: Why this construct matches the style, and how loosely.
    """

    predictor: str
    outcome: str
    construct: str
    criterion: str
    value: float
    statistic: str
    source: str
    cite: str
    verified_from: str
    match: str


@dataclass(frozen=True, slots=True)
class MeasurementSource:
    """A published figure behind a default of the measurement model.

    Attributes:
        name: What the figure is.
        value: The figure (a share of variance, or a relative bias).
        source: The study.
        verified_from: Where the value was checked.
        use: How leadsim uses it.
    """

    name: str
    value: float
    source: str
    verified_from: str
    use: str


_DIGEST = "essay digest (shared/essay-digest.md)"

ESSAY_CLAIMS: tuple[EssayClaim, ...] = (
    EssayClaim(
        outcome="proactivity",
        predictor="accountable",
        direction="positive",
        fact="SF4",
        source=f"{_DIGEST}, SF4",
        statement="accountable leadership goes with the most professional behaviour (active)",
    ),
    EssayClaim(
        outcome="external_orientation",
        predictor="accountable",
        direction="positive",
        fact="SF4",
        source=f"{_DIGEST}, SF4",
        statement="accountable leadership goes with behaviour toward clients and partners",
    ),
    EssayClaim(
        outcome="wellbeing",
        predictor="supportive",
        direction="positive",
        fact="SF3",
        source=f"{_DIGEST}, SF3; issue 3",
        statement="supportive leadership is attention to professionals' personal well-being",
    ),
    EssayClaim(
        outcome="proactivity",
        predictor="supportive",
        direction="not positive",
        fact="SF3",
        source=f"{_DIGEST}, SF3",
        statement="supportive leadership goes with passivity, not with engagement or enthusiasm",
    ),
    EssayClaim(
        outcome="external_orientation",
        predictor="supportive",
        direction="not positive",
        fact="SF3",
        source=f"{_DIGEST}, SF3",
        statement="supportive leadership does not help professional behaviour",
    ),
)
"""The essay survey's findings as signs of standardised coefficients (multiple regression)."""

_JPI = "Judge, Piccolo & Ilies 2004, J. Appl. Psychol. 89(1), 36-51"
_JPI_CITE = "Judge, Piccolo & Ilies 2004"
_JP_CITE = "Judge & Piccolo 2004"
_JPI_ABSTRACT = "abstract of Judge, Piccolo & Ilies 2004 (doi:10.1037/0021-9010.89.1.36)"
_JP = "Judge & Piccolo 2004, J. Appl. Psychol. 89(5), 755-768"
_JP_ABSTRACT = "abstract of Judge & Piccolo 2004 (doi:10.1037/0021-9010.89.5.755)"
_DS = "Decuypere & Schaufeli 2021, Int. J. Environ. Res. Public Health (moderated meta-analysis, k = 86)"
_DS_ABSTRACT = "abstract of Decuypere & Schaufeli 2021, 'Exploring the leadership-engagement nexus'"
_OVERALL = "overall validity (all criteria pooled)"

_SUPPORTIVE_MATCH = (
    "consideration is the Ohio State dimension of concern and respect for followers and their "
    "welfare, the construct supportive attention to the person measures"
)
_HIERARCHICAL_MATCH = (
    "initiating structure is the leader defining and organising roles and tasks toward goal "
    "attainment; leadsim's hierarchical style is steering on output and procedure"
)
_ACCOUNTABLE_MATCH = (
    "contingent reward sets clear expectations and ties consequences to meeting them; accountable "
    "leadership (asking for and giving account of one's responsibilities) shares the "
    "clarify-then-account core but not the reward exchange, so the match is loose (initiating "
    "structure would be the other candidate)"
)
_VISIONARY_MATCH = (
    "transformational leadership includes inspirational motivation, articulating an appealing "
    "vision; leadsim's visionary style leads the conversation about the craft"
)
_ABSENCE_MATCH = (
    "laissez-faire leadership is the absence of leadership; its survey analogue is low intensity on "
    "all four styles (minus the mean of the four scales), not supportive leadership"
)

BENCHMARKS: tuple[Benchmark, ...] = (
    *(
        Benchmark(kind, outcome, construct, _OVERALL, value, "rho", source, cite, verified, match)
        for kind, construct, value, source, cite, verified, match in (
            ("supportive", "consideration", 0.48, _JPI, _JPI_CITE, _JPI_ABSTRACT, _SUPPORTIVE_MATCH),
            (
                "hierarchical",
                "initiating structure",
                0.29,
                _JPI,
                _JPI_CITE,
                _JPI_ABSTRACT,
                _HIERARCHICAL_MATCH,
            ),
            ("accountable", "contingent reward", 0.39, _JP, _JP_CITE, _JP_ABSTRACT, _ACCOUNTABLE_MATCH),
            ("visionary", "transformational leadership", 0.44, _JP, _JP_CITE, _JP_ABSTRACT, _VISIONARY_MATCH),
            ("absence", "laissez-faire leadership", -0.37, _JP, _JP_CITE, _JP_ABSTRACT, _ABSENCE_MATCH),
        )
        for outcome in ("proactivity", "wellbeing")
    ),
    Benchmark(
        predictor="visionary",
        outcome="proactivity",
        construct="positive leadership and engagement",
        criterion="work engagement",
        value=0.47,
        statistic="r",
        source=_DS,
        cite="Decuypere & Schaufeli 2021",
        verified_from=_DS_ABSTRACT,
        match=(
            "positive leadership pools transformational, authentic, empowering, ethical and servant "
            "leadership; visionary leadership is leadsim's nearest positive style to "
            "transformational leadership; proactivity is the behavioural side of engagement, "
            "which also carries vigour and absorption, so the criterion match is loose"
        ),
    ),
)
"""Construct-matched meta-analytic correlations, each beside one bivariate survey estimate.

The overall validities pool the meta-analyses' criteria (follower satisfaction, motivation,
leader effectiveness, performance), so each is set beside both of the survey's follower outcomes
(proactivity and well-being). No benchmark is set beside external orientation: no meta-analysis
above has a criterion that matches behaviour toward clients and partners."""

UNVERIFIED: tuple[str, ...] = (
    "Judge, Piccolo & Ilies 2004, consideration with follower motivation rho = .50 and with follower "
    "job satisfaction rho = .46 (per-criterion figures named in the issue brief; the tables of the "
    "paper were not available to check them, so the overall validity .48 is used instead)",
)
"""Figures named as benchmarks elsewhere that could not be checked, and are therefore not used."""

_DG = "Doty & Glick 1998, Organizational Research Methods 1(4), 374-406"
_DG_ABSTRACT = "abstract of Doty & Glick 1998 (doi:10.1177/109442819814002)"

MEASUREMENT_SOURCES: tuple[MeasurementSource, ...] = (
    MeasurementSource(
        name="share of a measure's variance due to the construct",
        value=0.46,
        source=_DG,
        verified_from=_DG_ABSTRACT,
        use="trait share of a scale score; the default method and error shares leave 0.46",
    ),
    MeasurementSource(
        name="share of a measure's variance due to common-method variance",
        value=0.32,
        source=_DG,
        verified_from=_DG_ABSTRACT,
        use="default method_share",
    ),
    MeasurementSource(
        name="share of a measure's variance due to random error",
        value=0.22,
        source=f"{_DG} (1 - 0.46 - 0.32, by subtraction)",
        verified_from=_DG_ABSTRACT,
        use="default error_share",
    ),
    MeasurementSource(
        name="average bias of observed relationships from common-method variance",
        value=0.26,
        source=_DG,
        verified_from=_DG_ABSTRACT,
        use="reported beside the survey's own common-method inflation; not an input",
    ),
    MeasurementSource(
        name="share of variance due to method in MTMM studies of organisational research",
        value=0.18,
        source="Lance, Dawson, Birkelbach & Hoffman 2010, Organizational Research Methods",
        verified_from="abstract of 'Method effects, measurement error, and substantive conclusions'",
        use="a lower alternative for method_share (they also find the inflation largely offset "
        "by the attenuation from measurement error)",
    ),
)
"""Published figures behind the measurement model's defaults (Podsakoff et al. 2003 review the
sources of common-method variance; the magnitudes are Doty & Glick's)."""
