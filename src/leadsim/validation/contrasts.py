"""The vocabulary of a validation check: arms, measures, terms and contrasts.

A stylized fact is tested as a *contrast*: a weighted sum of measures taken in one or more
scenario *arms* (parameter settings), computed per replication. Every arm runs the same
replication seeds (common random numbers), so the contrast is a paired statistic and its
replication-to-replication noise is small. A two-arm difference is the common case
(:func:`difference`); a difference-in-differences (SF1's damping by reflection, SF9's
understood-versus-respected) and a one-arm level (SF8's perception gap) are the same machinery
with other weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from leadsim.observables import METRICS

__all__ = [
    "EXTRA_MEASURES",
    "Arm",
    "Check",
    "Contrast",
    "Measure",
    "Term",
    "difference",
    "difference_in_differences",
    "level",
]

#: Summary values that are not weekly metrics but may be measured at the end of a run.
EXTRA_MEASURES: tuple[str, ...] = ("placements_first_year",)


@dataclass(frozen=True)
class Arm:
    """One scenario: parameter overrides on top of the check's base parameters.

    Attributes:
        label: A short human-readable name ("pressure 0.8", "accountable").
        overrides: Model parameters (keyword arguments of :class:`leadsim.LeadershipModel`).
    """

    label: str
    overrides: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, label: str, **overrides: Any) -> Arm:
        """Build an arm from keyword overrides (kept sorted, so equal arms compare equal)."""
        return cls(label, tuple(sorted(overrides.items())))

    @property
    def parameters(self) -> dict[str, Any]:
        """The overrides as a dict."""
        return dict(self.overrides)

    @property
    def key(self) -> tuple[tuple[str, Any], ...]:
        """Identity of the scenario, independent of its label: arms with equal keys run once."""
        return self.overrides


@dataclass(frozen=True)
class Measure:
    """What is read off one run.

    Attributes:
        metric: A name in :data:`leadsim.METRICS` or :data:`EXTRA_MEASURES`.
        week: The week to read (``None``: the last week of the run).
        window: Average over this many weeks ending at ``week`` (rates are noisy week to week).
        log: Take the natural log of the value (for relative changes); values are floored at
            1e-6 first.
    """

    metric: str
    week: int | None = None
    window: int = 1
    log: bool = False

    def __post_init__(self) -> None:
        if self.metric not in METRICS and self.metric not in EXTRA_MEASURES:
            raise ValueError(f"'metric' must be one of leadsim.METRICS (got {self.metric!r})")
        if self.window < 1:
            raise ValueError(f"'window' must be >= 1 (got {self.window!r})")
        if self.metric in EXTRA_MEASURES and (self.week is not None or self.window != 1):
            raise ValueError(f"{self.metric!r} is an end-of-run value: no 'week' or 'window'")

    def describe(self) -> str:
        """A compact label: ``passivity``, ``log placement_rate (mean of last 52 weeks)``."""
        text = self.metric
        if self.window > 1:
            text += f" (mean of {self.window} weeks)"
        if self.week is not None:
            text += f" at week {self.week}"
        return f"log {text}" if self.log else text


@dataclass(frozen=True)
class Term:
    """``weight`` times ``measure`` in ``arm``."""

    arm: Arm
    measure: Measure
    weight: float


@dataclass(frozen=True)
class Contrast:
    """A per-replication statistic sum(weight * measure(arm)) and the sign the fact predicts.

    Attributes:
        name: Identifier, unique within the suite (``sf1_pressure_drift``).
        claim: The prediction in one line.
        terms: The weighted measures.
        direction: +1 if the fact predicts a positive value, -1 a negative one.
    """

    name: str
    claim: str
    terms: tuple[Term, ...]
    direction: Literal[1, -1]


@dataclass(frozen=True)
class Check:
    """One stylized fact (or the essay's Table 1c) as a set of contrasts that must all hold.

    Attributes:
        fact: ``SF1`` .. ``SF10`` or ``Table 1c``.
        title: The fact's short name in the essay digest.
        claim: The fact in one line.
        contrasts: The contrasts; the fact holds when every one of them holds.
        notes: Mechanisms the check switches on or off, and why.
    """

    fact: str
    title: str
    claim: str
    contrasts: tuple[Contrast, ...]
    notes: str = ""


def difference(
    name: str,
    claim: str,
    measure: Measure | str,
    low: Arm,
    high: Arm,
    direction: Literal[1, -1],
) -> Contrast:
    """measure(high) - measure(low), predicted to have the sign ``direction``."""
    m = Measure(measure) if isinstance(measure, str) else measure
    return Contrast(name, claim, (Term(high, m, 1.0), Term(low, m, -1.0)), direction)


def difference_in_differences(
    name: str,
    claim: str,
    first: tuple[Measure | str, Arm, Arm],
    second: tuple[Measure | str, Arm, Arm],
    direction: Literal[1, -1],
) -> Contrast:
    """[m1(high1) - m1(low1)] - [m2(high2) - m2(low2)], predicted to have sign ``direction``.

    Each of ``first`` and ``second`` is ``(measure, low arm, high arm)``.
    """
    terms: list[Term] = []
    for (measure, low, high), sign in ((first, 1.0), (second, -1.0)):
        m = Measure(measure) if isinstance(measure, str) else measure
        terms += [Term(high, m, sign), Term(low, m, -sign)]
    return Contrast(name, claim, tuple(terms), direction)


def level(name: str, claim: str, measure: Measure | str, arm: Arm, direction: Literal[1, -1]) -> Contrast:
    """measure(arm) itself, predicted to have the sign ``direction`` (a one-arm check)."""
    m = Measure(measure) if isinstance(measure, str) else measure
    return Contrast(name, claim, (Term(arm, m, 1.0),), direction)
