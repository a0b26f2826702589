"""Competing submodels and one-term knock-outs: which theory, and which term, carries each fact.

Strong inference for agent-based models (Grimm et al. 2005; Railsback & Grimm 2019, ch. 19):
where the literature disagrees on how a mechanism works, the model ships each plausible version
as a switch, and the patterns are used to tell them apart. A :class:`Submodel` is one contested
mechanism (a name and the question it answers) with its named :class:`Alternative` versions,
each a set of parameter overrides and the theory behind it. :func:`submodel_matrix` runs the
validation suite under every alternative, one submodel varied at a time with the others at
their defaults, and returns a :class:`SubmodelMatrix`: rows are alternatives, columns facts,
cells the fact's verdict (:func:`leadsim.validation.engine.fact_verdict`). A fact that holds
under one alternative and not another discriminates between them; a fact that holds under
all of them says nothing about that mechanism.

A *knock-out* (:class:`leadsim.validation.Knockout`, declared per check) switches off exactly
one term of the model. :func:`knockouts` runs each check with each of its knock-outs and
returns a :class:`KnockoutTable`: per fact and knock-out, the verdict with and without the
term. A fact that holds and that one knock-out alone breaks *rests on one term*: it is an input
of that term rather than an outcome of the model's interplay, and the report says so.

Both are opt-in (``leadsim validate --submodels`` / ``--knockouts``): they multiply the suite's
runs by the number of alternatives or knock-outs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from leadsim.errors import ParameterError
from leadsim.parameters import defaults, validate_parameters
from leadsim.validation.contrasts import Check, Knockout
from leadsim.validation.engine import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    DEFAULT_WEEKS,
    HOLDS,
    Progress,
    ValidationResult,
    Verdict,
    validate,
)
from leadsim.validation.facts import CHECKS

__all__ = [
    "DEFAULTS_ROW",
    "SUBMODELS",
    "Alternative",
    "KnockoutRow",
    "KnockoutTable",
    "MatrixRow",
    "Submodel",
    "SubmodelMatrix",
    "knockouts",
    "submodel_matrix",
    "submodel_named",
]

#: Name of the matrix row with every submodel at its default.
DEFAULTS_ROW = "defaults"


@dataclass(frozen=True)
class Alternative:
    """One version of a contested mechanism.

    Attributes:
        name: Short name (``"resource"``, ``"comfort"``).
        overrides: The model parameters that select it.
        theory: The theory behind it in one line, with its citation.
    """

    name: str
    overrides: tuple[tuple[str, Any], ...]
    theory: str

    @classmethod
    def of(cls, name: str, theory: str, **overrides: Any) -> Alternative:
        """Build an alternative from keyword overrides (kept sorted)."""
        if not overrides:
            raise ParameterError(f"overrides of alternative {name!r}", "must name a parameter", overrides)
        return cls(name, tuple(sorted(overrides.items())), theory)

    @property
    def parameters(self) -> dict[str, Any]:
        """The overrides as a dict."""
        return dict(self.overrides)

    @property
    def label(self) -> str:
        """``support_form='comfort'`` (several joined by commas)."""
        return ", ".join(f"{name}={value!r}" for name, value in self.overrides)


@dataclass(frozen=True)
class Submodel:
    """A contested mechanism and its competing versions.

    Attributes:
        name: Identifier (``"support"``).
        question: What the alternatives disagree on, as a question.
        alternatives: At least two, with distinct names, all setting the same parameters.
    """

    name: str
    question: str
    alternatives: tuple[Alternative, ...]

    def __post_init__(self) -> None:
        if len(self.alternatives) < 2:
            raise ParameterError(
                f"alternatives of {self.name}", "must be at least two", len(self.alternatives)
            )
        names = [alternative.name for alternative in self.alternatives]
        if len(set(names)) != len(names):
            raise ParameterError(f"alternatives of {self.name}", "must have distinct names", names)
        axes = {tuple(sorted(alternative.parameters)) for alternative in self.alternatives}
        if len(axes) != 1:
            raise ParameterError(
                f"alternatives of {self.name}", "must all set the same parameters", sorted(axes)
            )


SUBMODELS: tuple[Submodel, ...] = (
    Submodel(
        "support",
        "How does supportive attention act on professionals?",
        (
            Alternative.of(
                "resource",
                "a job resource that raises well-being and engagement and crowds autonomous "
                "motivation in (JD-R: Crawford, LePine & Rich 2010; Frey & Jegen 2001)",
                support_form="resource",
            ),
            Alternative.of(
                "comfort",
                "the essay's reading: supportive attention also raises role ambiguity, comfort "
                "without direction (Leidinggeven aan professionals, 2024)",
                support_form="comfort",
            ),
        ),
    ),
    Submodel(
        "compensation",
        "Why do managers under pressure also give more supportive attention?",
        (
            Alternative.of(
                "strain",
                "managers answer the strain they perceive in their staff with attention for the "
                "person (consideration as a response to followers' needs)",
                compensation_form="strain",
            ),
            Alternative.of(
                "coupled",
                "supportive attention as a fixed share of the urge to steer: the hand-written term "
                "of earlier leadsim versions",
                compensation_form="coupled",
            ),
            Alternative.of("none", "no compensation at all: the null alternative", compensation_form="none"),
        ),
    ),
    Submodel(
        "attention",
        "Does a finite week force managers to trade one style off against another?",
        (
            Alternative.of(
                "budget",
                "a finite weekly attention budget: firefighting and steering come first "
                "(Mintzberg 1973: managerial work is brief, fragmented, driven by the day)",
                attention_budget=True,
            ),
            Alternative.of(
                "unbounded",
                "no trade-off: intensities are independent, as questionnaire scales are",
                attention_budget=False,
            ),
        ),
    ),
    Submodel(
        "learning",
        "What does peer action learning change in a manager?",
        (
            Alternative.of(
                "reframe",
                "double-loop learning: managers revise their own intended style toward vision and "
                "accountability (Argyris & Schön 1978; the essay's Actielab)",
                learning_form="reframe",
            ),
            Alternative.of(
                "restore",
                "single-loop learning: reflection and sight are restored, the intended style stays "
                "(Argyris & Schön 1978)",
                learning_form="restore",
            ),
        ),
    ),
    Submodel(
        "drift",
        "What drives managers toward hierarchical steering?",
        (
            Alternative.of(
                "bias",
                "pressure alone, a pure bias toward action, even when output meets the target "
                "(Gino & Staats 2019)",
                action_bias=1.0,
            ),
            Alternative.of(
                "feedback",
                "only a perceived output shortfall: performance-feedback theory (Cyert & March "
                "1963; Greve 2003)",
                action_bias=0.0,
            ),
        ),
    ),
)


def submodel_named(name: str) -> Submodel:
    """The submodel called ``name``.

    Raises:
        ParameterError: If there is none; the message lists the valid names.
    """
    for submodel in SUBMODELS:
        if submodel.name == name:
            return submodel
    valid = ", ".join(submodel.name for submodel in SUBMODELS)
    raise ParameterError("submodel", f"must be one of {valid}", name)


# ----------------------------------------------------------------------------- the matrix
@dataclass(frozen=True)
class MatrixRow:
    """One row of the submodel matrix: an alternative and the suite's result under it.

    Attributes:
        submodel: The submodel's name (:data:`DEFAULTS_ROW` for the reference row).
        alternative: The alternative's name.
        label: Its parameter overrides in words.
        theory: The theory behind it.
        is_default: True when the alternative is what the model runs by default.
        result: The validation run under it.
    """

    submodel: str
    alternative: str
    label: str
    theory: str
    is_default: bool
    result: ValidationResult


@dataclass
class SubmodelMatrix:
    """Which alternatives reproduce which facts.

    Attributes:
        rows: The reference row (every submodel at its default), then one row per alternative.
        checks: The checks that were run (the matrix's columns).
        replications: Replications per arm of every run.
        seed: The root seed (the same replication seeds in every row).
        weeks: The horizon.
        base: Parameter overrides under every row.
    """

    rows: list[MatrixRow]
    checks: tuple[Check, ...]
    replications: int
    seed: int
    weeks: int
    base: dict[str, Any] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """The matrix: one row per alternative, one column per fact.

        Columns: submodel, alternative, its overrides, whether it is the default, then per fact
        the fact's verdict (``holds``, ``reversed``, ``negligible``, ``inconclusive``).
        """
        records = []
        for row in self.rows:
            record: dict[str, Any] = {
                "submodel": row.submodel,
                "alternative": row.alternative,
                "overrides": row.label,
                "default": row.is_default,
            }
            record.update(row.result.verdicts())
            records.append(record)
        return pd.DataFrame(records)

    def contrasts(self) -> pd.DataFrame:
        """Every contrast under every alternative, as one long table.

        Columns: submodel, alternative, then those of :meth:`ValidationResult.contrasts`.
        """
        frames = []
        for row in self.rows:
            frame = row.result.contrasts()
            frame.insert(0, "alternative", row.alternative)
            frame.insert(0, "submodel", row.submodel)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def reproducing(self, fact: str) -> list[tuple[str, str]]:
        """The (submodel, alternative) rows under which ``fact`` holds."""
        return [
            (row.submodel, row.alternative) for row in self.rows if row.result.verdicts().get(fact) == HOLDS
        ]

    def discriminating(self) -> dict[str, list[str]]:
        """Per submodel, the facts whose verdict differs between its alternatives."""
        out: dict[str, list[str]] = {}
        for submodel in dict.fromkeys(row.submodel for row in self.rows if row.submodel != DEFAULTS_ROW):
            mine = [row.result.verdicts() for row in self.rows if row.submodel == submodel]
            out[submodel] = [
                check.fact for check in self.checks if len({verdicts[check.fact] for verdicts in mine}) > 1
            ]
        return out


def _full_parameters(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> str:
    """Identity of the model a row runs: every parameter, defaults filled in."""
    return json.dumps({**defaults(), **base, **overrides}, sort_keys=True, default=repr)


def _check_reference(
    reference: ValidationResult | None,
    checks: Sequence[Check],
    replications: int,
    seed: int,
    weeks: int,
    base: Mapping[str, Any],
) -> None:
    if reference is None:
        return
    same = (
        reference.replications == replications
        and reference.seed == seed
        and reference.weeks == weeks
        and dict(reference.base) == dict(base)
        and [c.fact for c in reference.checks] == [c.fact for c in checks]
    )
    if not same:
        raise ParameterError(
            "reference",
            "must be a run of the same checks with the same replications, seed, weeks and base",
            f"{reference.replications} replications, seed {reference.seed}, {reference.weeks} weeks",
        )


def submodel_matrix(
    checks: Iterable[Check] = CHECKS,
    submodels: Iterable[Submodel] = SUBMODELS,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    base: Mapping[str, Any] | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    reference: ValidationResult | None = None,
) -> SubmodelMatrix:
    """Run the checks under every alternative of every submodel, one submodel at a time.

    Args:
        checks: The checks (the matrix's columns).
        submodels: The submodels to vary (default: all of :data:`SUBMODELS`).
        replications: Seeded replications per arm (at least 3).
        seed: Root seed; every row uses the same replication seeds.
        weeks: Horizon of every run.
        base: Parameter overrides under every row (an alternative's own overrides win).
        jobs: Worker processes.
        progress: Called with the number of runs finished since the last call.
        reference: A finished run of the same checks and settings at the defaults, reused for the
            reference row and for every alternative that is the default.

    Returns:
        The :class:`SubmodelMatrix`. An alternative that equals the defaults is not run again.

    Raises:
        ParameterError: An unknown or bad parameter in any alternative (named), before any run.
    """
    checks = tuple(checks)
    submodels = tuple(submodels)
    base = dict(base or {})
    _check_reference(reference, checks, replications, seed, weeks, base)
    for submodel in submodels:
        for alternative in submodel.alternatives:
            validate_parameters({**base, **alternative.parameters})
    default_values = defaults()

    done: dict[str, ValidationResult] = {}

    def run(overrides: Mapping[str, Any]) -> ValidationResult:
        key = _full_parameters(base, overrides)
        if key not in done:
            if not overrides and reference is not None:
                done[key] = reference
            else:
                done[key] = validate(
                    checks,
                    replications=replications,
                    seed=seed,
                    weeks=weeks,
                    base={**base, **overrides},
                    jobs=jobs,
                    progress=progress,
                )
        return done[key]

    rows = [MatrixRow(DEFAULTS_ROW, DEFAULTS_ROW, "every submodel at its default", "", True, run({}))]
    for submodel in submodels:
        for alternative in submodel.alternatives:
            is_default = all(
                default_values.get(name) == value and name not in base
                for name, value in alternative.overrides
            )
            result = run({} if is_default else alternative.parameters)
            rows.append(
                MatrixRow(
                    submodel.name,
                    alternative.name,
                    alternative.label,
                    alternative.theory,
                    is_default,
                    result,
                )
            )
    return SubmodelMatrix(rows, checks, replications, seed, weeks, base)


# ----------------------------------------------------------------------------- knock-outs
@dataclass(frozen=True)
class KnockoutRow:
    """One fact under one of its knock-outs.

    Attributes:
        fact: The fact.
        held_out: Whether the fact is a held-out pattern.
        knockout: The knock-out.
        baseline: The fact's verdict with every term on.
        verdict: The fact's verdict with the term switched off.
        result: The knocked-out run of the fact's check.
        broken: The fact's contrasts that hold with the term and not without it.
    """

    fact: str
    held_out: bool
    knockout: Knockout
    baseline: Verdict
    verdict: Verdict
    result: ValidationResult
    broken: tuple[str, ...] = ()

    @property
    def breaks(self) -> bool:
        """True when the fact holds with the term and does not without it."""
        return self.baseline == HOLDS and self.verdict != HOLDS

    @property
    def reading(self) -> str:
        """What the row says, in words."""
        if self.baseline != HOLDS:
            return f"the fact does not hold with the term on ({self.baseline}): the knock-out cannot tell"
        if self.breaks:
            return (
                f"rests on one term: without {self.knockout.term} alone it is {self.verdict} "
                f"({', '.join(self.broken)} no longer holding), so the fact is an input of that term"
            )
        return "survives the knock-out: it does not rest on this term alone"


@dataclass
class KnockoutTable:
    """Every fact's knock-outs and what they did.

    Attributes:
        rows: One per (fact, knock-out), in suite order.
        baseline: The run with every term on.
        without: The facts that declare no knock-out.
    """

    rows: list[KnockoutRow]
    baseline: ValidationResult
    without: list[str]

    def table(self) -> pd.DataFrame:
        """One row per (fact, knock-out): the term, its overrides, both verdicts and the reading."""
        return pd.DataFrame(
            [
                {
                    "fact": row.fact,
                    "held_out": row.held_out,
                    "term": row.knockout.term,
                    "knockout": row.knockout.label,
                    "baseline": row.baseline,
                    "knocked_out": row.verdict,
                    "breaks": row.breaks,
                    "broken_contrasts": " ".join(row.broken),
                    "reading": row.reading,
                }
                for row in self.rows
            ],
            columns=[
                "fact",
                "held_out",
                "term",
                "knockout",
                "baseline",
                "knocked_out",
                "breaks",
                "broken_contrasts",
                "reading",
            ],
        )

    def resting_on_one_term(self) -> dict[str, list[str]]:
        """Per fact, the terms whose knock-out alone breaks it (facts with none left out)."""
        out: dict[str, list[str]] = {}
        for row in self.rows:
            if row.breaks:
                out.setdefault(row.fact, []).append(row.knockout.term)
        return out


def knockouts(
    checks: Iterable[Check] = CHECKS,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    base: Mapping[str, Any] | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    reference: ValidationResult | None = None,
) -> KnockoutTable:
    """Run every check with each of its declared knock-outs, one term off at a time.

    Checks that share a knock-out run it together. Arguments are those of
    :func:`submodel_matrix`; a knock-out's overrides win over ``base``.

    Returns:
        The :class:`KnockoutTable`.

    Raises:
        ParameterError: An unknown or bad parameter in any knock-out (named), before any run.
    """
    checks = tuple(checks)
    base = dict(base or {})
    _check_reference(reference, checks, replications, seed, weeks, base)
    grouped: dict[tuple[tuple[str, Any], ...], list[Check]] = {}
    for check in checks:
        for knockout in check.knockouts:
            validate_parameters({**base, **knockout.parameters})
            grouped.setdefault(knockout.overrides, []).append(check)
    baseline = reference or validate(
        checks, replications=replications, seed=seed, weeks=weeks, base=base, jobs=jobs, progress=progress
    )
    base_verdicts = baseline.verdicts()
    knocked: dict[tuple[tuple[str, Any], ...], dict[str, Verdict]] = {}
    results: dict[tuple[tuple[str, Any], ...], ValidationResult] = {}
    for overrides, mine in grouped.items():
        result = validate(
            mine,
            replications=replications,
            seed=seed,
            weeks=weeks,
            base={**base, **dict(overrides)},
            jobs=jobs,
            progress=progress,
        )
        knocked[overrides] = result.verdicts()
        results[overrides] = result
    held_before = {r.contrast.name for r in baseline.results if r.holds}
    rows = [
        KnockoutRow(
            check.fact,
            check.held_out,
            knockout,
            base_verdicts[check.fact],
            knocked[knockout.overrides][check.fact],
            results[knockout.overrides],
            tuple(
                r.contrast.name
                for r in results[knockout.overrides].results
                if r.fact == check.fact and r.contrast.name in held_before and not r.holds
            ),
        )
        for check in checks
        for knockout in check.knockouts
    ]
    without = [check.fact for check in checks if not check.knockouts]
    return KnockoutTable(rows, baseline, without)
