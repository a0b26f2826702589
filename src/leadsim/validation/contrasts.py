"""The vocabulary of a validation check: arms, measures, terms and contrasts.

A stylized fact is tested as a *contrast*: a weighted sum of measures taken in one or more
scenario *arms* (parameter settings), computed per replication. Every arm runs the same
replication seeds (common random numbers), so the contrast is a paired statistic and its
replication-to-replication noise is small. A two-arm difference is the common case
(:func:`difference`); a difference-in-differences (SF1's damping by reflection, SF9's
understood-versus-respected) and a one-arm level (SF8's perception gap) are the same machinery
with other weights.

Every contrast declares a :class:`Minimum`: the smallest effect that would matter, in the
measure's own units (absolute) or in units of replication noise (standardised), with the reason
for it. The engine's decision rule (:func:`leadsim.validation.engine.decide`) says a contrast
*holds* only when its whole 95% interval lies beyond that minimum on the predicted side.

A check may be *held out* (``Check.held_out``): a pattern the coefficients were never tuned
on, reported apart from the essay's facts (:func:`leadsim.validation.facts.essay_checks`).
A check may also name *knock-outs* (:class:`Knockout`): parameter overrides that switch off
exactly one term of the model, to ask whether that one term alone carries the fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from leadsim.errors import ParameterError
from leadsim.observables import METRICS

__all__ = [
    "EXTRA_MEASURES",
    "Arm",
    "Check",
    "Contrast",
    "Knockout",
    "Measure",
    "Minimum",
    "Term",
    "difference",
    "difference_in_differences",
    "first_week",
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
        """Identity of the scenario, independent of its label: arms with equal keys run once.

        Hashable even when a value is not (a style given as a mapping of intensities becomes
        its sorted items).
        """
        return tuple(
            (name, tuple(sorted(value.items())) if isinstance(value, Mapping) else value)
            for name, value in self.overrides
        )


@dataclass(frozen=True)
class Measure:
    """What is read off one run.

    Attributes:
        metric: A name in :data:`leadsim.METRICS` or :data:`EXTRA_MEASURES`.
        week: The week to read (``None``: the last week of the run).
        window: Average over this many weeks ending at ``week`` (rates are noisy week to week).
        log: Take the natural log of the value (for relative changes); values are floored at
            1e-6 first.
        crosses: If set, the measure is not a level but a *time*: the first week (the run's
            week index, 0 being the initial state) in which the metric is at least ``crosses``;
            a run in which it never gets there reads as the horizon + 1 (the run is censored
            there, so a contrast of such times is conservative). Build it with
            :func:`first_week`.
    """

    metric: str
    week: int | None = None
    window: int = 1
    log: bool = False
    crosses: float | None = None

    def __post_init__(self) -> None:
        if self.metric not in METRICS and self.metric not in EXTRA_MEASURES:
            raise ValueError(f"'metric' must be one of leadsim.METRICS (got {self.metric!r})")
        if self.window < 1:
            raise ValueError(f"'window' must be >= 1 (got {self.window!r})")
        if self.metric in EXTRA_MEASURES and (self.week is not None or self.window != 1):
            raise ValueError(f"{self.metric!r} is an end-of-run value: no 'week' or 'window'")
        if self.crosses is not None:
            if self.metric in EXTRA_MEASURES:
                raise ValueError(f"{self.metric!r} is an end-of-run value: it has no first week to cross")
            if self.week is not None or self.window != 1 or self.log:
                raise ValueError("'crosses' reads a whole time series: no 'week', 'window' or 'log'")
            if not math.isfinite(self.crosses):
                raise ValueError(f"'crosses' must be a finite number (got {self.crosses!r})")

    def describe(self) -> str:
        """A compact label: ``passivity``, ``log placement_rate (mean of last 52 weeks)``."""
        if self.crosses is not None:
            return f"first week {self.metric} >= {self.crosses:g}"
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


Scale = Literal["absolute", "standardised"]


@dataclass(frozen=True)
class Minimum:
    """The smallest effect of a contrast that would matter, and why.

    Attributes:
        value: The minimum meaningful effect, a positive number.
        scale: ``"absolute"``: in the contrast's own units (a share, a log ratio, weeks);
            ``"standardised"``: in units of the root mean replication variance of the measures
            the contrast combines (the engine's standardised effect, Cohen's d for a two-arm
            difference). Prefer absolute: with near-deterministic replications a standardised
            minimum is cleared by a tiny effect, which is the failure a minimum is there to stop.
        reason: One line on why this size matters (the unit made concrete, and a source where
            there is one; an assumption says so).
    """

    value: float
    scale: Scale
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise ParameterError("minimum", "must be a number", self.value)
        if not (math.isfinite(self.value) and self.value > 0):
            raise ParameterError("minimum", "must be a positive finite number", self.value)
        if self.scale not in ("absolute", "standardised"):
            raise ParameterError("minimum scale", "must be 'absolute' or 'standardised'", self.scale)
        if not self.reason.strip():
            raise ParameterError("minimum reason", "must say why this size matters", self.reason)

    @classmethod
    def absolute(cls, value: float, reason: str) -> Minimum:
        """A minimum in the contrast's own units."""
        return cls(value, "absolute", reason)

    @classmethod
    def standardised(cls, value: float, reason: str) -> Minimum:
        """A minimum in units of replication noise (Cohen's d-like)."""
        return cls(value, "standardised", reason)

    def describe(self) -> str:
        """``0.05`` for an absolute minimum, ``d 0.5`` for a standardised one."""
        return f"{self.value:g}" if self.scale == "absolute" else f"d {self.value:g}"


@dataclass(frozen=True)
class Contrast:
    """A per-replication statistic sum(weight * measure(arm)) and the sign the fact predicts.

    Attributes:
        name: Identifier, unique within the suite (``sf1_pressure_drift``).
        claim: The prediction in one line.
        terms: The weighted measures.
        direction: +1 if the fact predicts a positive value, -1 a negative one.
        minimum: The smallest effect that would matter (the decision rule's threshold).
    """

    name: str
    claim: str
    terms: tuple[Term, ...]
    direction: Literal[1, -1]
    minimum: Minimum

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ParameterError(f"direction of {self.name}", "must be +1 or -1", self.direction)
        if not isinstance(self.minimum, Minimum):
            raise ParameterError(f"minimum of {self.name}", "must be a Minimum", self.minimum)


@dataclass(frozen=True)
class Knockout:
    """Parameter overrides that switch off exactly one term of the model.

    Attributes:
        term: The term switched off, in words ("the change response's style step").
        overrides: Model parameters that do it (``(("change_push", 0.0),)``).
    """

    term: str
    overrides: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, term: str, **overrides: Any) -> Knockout:
        """Build a knock-out from keyword overrides (kept sorted)."""
        if not overrides:
            raise ParameterError("knockout overrides", "must name at least one parameter", overrides)
        return cls(term, tuple(sorted(overrides.items())))

    @property
    def parameters(self) -> dict[str, Any]:
        """The overrides as a dict."""
        return dict(self.overrides)

    @property
    def label(self) -> str:
        """``change_push=0`` (several joined by commas)."""
        return ", ".join(f"{name}={value!r}" for name, value in self.overrides)


@dataclass(frozen=True)
class Check:
    """One stylized fact (or the essay's Table 1c) as a set of contrasts that must all hold.

    Attributes:
        fact: ``SF1`` .. ``SF10`` or ``Table 1c``.
        title: The fact's short name in the essay digest.
        claim: The fact in one line.
        contrasts: The contrasts; the fact holds when every one of them holds.
        notes: Mechanisms the check switches on or off, and why.
        held_out: True for a pattern no coefficient was tuned on: reported apart ("Held-out
            patterns"); no coefficient was set by looking at them.
        knockouts: One-term knock-outs to try against this fact (``leadsim validate
            --knockouts``). A knock-out may not set a parameter that an arm of the check sets
            (the arm would silently win).
    """

    fact: str
    title: str
    claim: str
    contrasts: tuple[Contrast, ...]
    notes: str = ""
    held_out: bool = False
    knockouts: tuple[Knockout, ...] = ()

    def __post_init__(self) -> None:
        arm_parameters = {
            name for contrast in self.contrasts for term in contrast.terms for name in term.arm.parameters
        }
        for knockout in self.knockouts:
            clash = sorted(arm_parameters.intersection(knockout.parameters))
            if clash:
                raise ParameterError(
                    f"knockouts of {self.fact}", "may not set a parameter an arm of the check sets", clash
                )


def difference(
    name: str,
    claim: str,
    measure: Measure | str,
    low: Arm,
    high: Arm,
    direction: Literal[1, -1],
    *,
    minimum: Minimum,
) -> Contrast:
    """measure(high) - measure(low), predicted to have the sign ``direction``."""
    m = Measure(measure) if isinstance(measure, str) else measure
    return Contrast(name, claim, (Term(high, m, 1.0), Term(low, m, -1.0)), direction, minimum)


def difference_in_differences(
    name: str,
    claim: str,
    first: tuple[Measure | str, Arm, Arm],
    second: tuple[Measure | str, Arm, Arm],
    direction: Literal[1, -1],
    *,
    minimum: Minimum,
) -> Contrast:
    """[m1(high1) - m1(low1)] - [m2(high2) - m2(low2)], predicted to have sign ``direction``.

    Each of ``first`` and ``second`` is ``(measure, low arm, high arm)``.
    """
    terms: list[Term] = []
    for (measure, low, high), sign in ((first, 1.0), (second, -1.0)):
        m = Measure(measure) if isinstance(measure, str) else measure
        terms += [Term(high, m, sign), Term(low, m, -sign)]
    return Contrast(name, claim, tuple(terms), direction, minimum)


def level(
    name: str,
    claim: str,
    measure: Measure | str,
    arm: Arm,
    direction: Literal[1, -1],
    *,
    minimum: Minimum,
) -> Contrast:
    """measure(arm) itself, predicted to have the sign ``direction`` (a one-arm check)."""
    m = Measure(measure) if isinstance(measure, str) else measure
    return Contrast(name, claim, (Term(arm, m, 1.0),), direction, minimum)


def first_week(metric: str, threshold: float) -> Measure:
    """The first week in which ``metric`` is at least ``threshold`` (horizon + 1 if never).

    Example: ``first_week("regime_passive_drift", 0.5)`` is the week by which half the teams
    are in passive drift.
    """
    return Measure(metric, crosses=float(threshold))
