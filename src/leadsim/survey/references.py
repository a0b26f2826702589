"""What the virtual survey is compared with: the essay's findings and meta-analytic magnitudes.

Every reference number the survey reports beside its own estimates lives here, as cited data,
so that a reader can check each one against its source in one place:

* :data:`ESSAY_CLAIMS`: the signs the essay's own survey found (about 150 professionals and 60
  managers in Dutch work and reintegration; ``shared/essay-digest.md``, SF3 and SF4). The essay
  reports directions, not coefficients, so a claim is a sign, never a size.
* :data:`META_ANALYTIC`: effect sizes from meta-analyses that the model brief
  (``shared/model-brief.md``, "Stylized facts as tests", virtual survey) names as yardsticks for
  the *rough size* of leadership effects. They are correlations from other settings and other
  instruments; the survey's nearest analogue is a bivariate (zero-order) standardised slope,
  which equals Pearson's r.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ESSAY_CLAIMS", "META_ANALYTIC", "EssayClaim", "MetaAnalyticEffect"]

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
class MetaAnalyticEffect:
    """A meta-analytic effect size used as a yardstick for the rough size of an estimate.

    Attributes:
        name: Short label of the effect.
        value: The reported correlation (r or corrected rho).
        statistic: ``r`` or ``rho`` (corrected for unreliability).
        source: The meta-analysis.
        cited_in: Where leadsim takes the number from.
        outcome: The survey outcome taken as the nearest analogue.
        predictor: The perceived style taken as the nearest analogue.
        analogy: Why that pairing, and how loose it is.
    """

    name: str
    value: float
    statistic: str
    source: str
    cited_in: str
    outcome: str
    predictor: str
    analogy: str


_DIGEST = "essay digest (shared/essay-digest.md)"
_BRIEF = "model brief (shared/model-brief.md), virtual survey"

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

META_ANALYTIC: tuple[MetaAnalyticEffect, ...] = (
    MetaAnalyticEffect(
        name="positive leadership and work engagement",
        value=0.47,
        statistic="r",
        source="Decuypere & Schaufeli 2021",
        cited_in=_BRIEF,
        outcome="proactivity",
        predictor="accountable",
        analogy=(
            "accountable leadership is the model's most engaging positive style, and proactivity "
            "is its behavioural side of engagement; engagement also carries vigour, so the pairing "
            "is loose"
        ),
    ),
    MetaAnalyticEffect(
        name="laissez-faire leadership and outcomes",
        value=-0.37,
        statistic="rho",
        source="Judge & Piccolo 2004",
        cited_in=_BRIEF,
        outcome="proactivity",
        predictor="supportive",
        analogy=(
            "the model treats supportive leadership without direction as laissez-faire-like "
            "(Skogstad et al. 2007, role ambiguity); real supportive leadership is not "
            "laissez-faire, so this is the model's analogue, not the same construct"
        ),
    ),
)
"""Meta-analytic magnitudes the model brief names, with the survey's nearest analogue."""
