"""Run the virtual survey: simulate a population, sample it in stages, measure, estimate.

>>> from leadsim.survey import run_survey
>>> result = run_survey(seed=42)                       # doctest: +SKIP
>>> result.coefficients.query("model == 'multiple'")    # doctest: +SKIP
>>> result.compare()                                    # doctest: +SKIP

The work is split so that one simulated population can be surveyed several ways:
:func:`simulate_population` runs the organisations, :func:`conduct_survey` samples and asks
the respondents and estimates the regressions, :func:`run_survey` does both, and
:func:`replicate_survey` repeats the whole survey over seeded replications and summarises each
coefficient by its mean and a t interval over replications (:func:`replicate_designs` surveys each
replication's population with several designs, e.g. with and without common-method variance).

Randomness: one root seed, ``numpy.random.SeedSequence(seed).spawn(3)`` gives three independent
streams: the organisations' models (spawned once more, one child per organisation of the
population, turned into the integer seed recorded in every row), the sampling of respondents, and
the responses (method factors and item errors). The organisations do not share a stream, so the
result is the same whichever ``jobs`` runs them. The response stream draws the same numbers
whatever the measurement shares, so surveys of one population that differ only in
``method_share``, ``error_share`` or ``rater`` ask the same respondents with the same draws (a
paired comparison).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.files import save_csv, save_text
from leadsim.parallel import start_pool
from leadsim.seeds import replication_seeds
from leadsim.styles import STYLE_KINDS, StyleSpec
from leadsim.survey.design import (
    DEFAULT_INTENDED_STYLES,
    POPULATION_FIELDS,
    SurveyDesign,
    organisation_plan,
    simulate_organisation,
)
from leadsim.survey.estimation import COEFFICIENT_COLUMNS, estimate, standardised_ols
from leadsim.survey.perception import cronbach_alpha, loadings, rate_scales

__all__ = [
    "ABSENCE",
    "DEFAULT_INTENDED_STYLES",
    "DEFAULT_SEED",
    "OUTCOMES",
    "PREDICTORS",
    "Population",
    "Replications",
    "SurveyResult",
    "check_run_options",
    "conduct_survey",
    "replicate_designs",
    "replicate_survey",
    "run_survey",
    "simulate_population",
]

OUTCOMES: tuple[str, str, str] = ("proactivity", "external_orientation", "wellbeing")
"""Survey outcomes: proactivity P; external orientation, the effort share on client involvement
plus network collaboration (the essay's external, service-oriented behaviour, Tables 1a-1c);
well-being W. In the regressions each is the professional's self-report on a rating scale."""

PREDICTORS: tuple[str, ...] = tuple(f"perceived_{kind}" for kind in STYLE_KINDS)
"""Perceived style scale scores, in :data:`leadsim.styles.STYLE_KINDS` order."""

ABSENCE = "perceived_absence"
"""The absence of leadership: minus the mean of the four perceived style scales (bivariate only;
in the multiple model it would be collinear with the four)."""

DEFAULT_SEED = 42

_REPORTED = tuple(f"reported_{name}" for name in OUTCOMES)
_TRUE_STYLES = tuple(f"true_{kind}" for kind in STYLE_KINDS)


@dataclass
class Population:
    """A simulated population of organisations, before anyone is sampled.

    Attributes:
        design: The design whose population fields (:data:`leadsim.survey.design.POPULATION_FIELDS`)
            made it.
        seed: The root seed.
        organisations: One row per organisation: index, model seed, pressure, intended style.
        professionals: Every professional of every organisation at the survey week.
        managers: Every manager of every organisation at the survey week.
    """

    design: SurveyDesign
    seed: int
    organisations: pd.DataFrame
    professionals: pd.DataFrame
    managers: pd.DataFrame

    def coefficients(self) -> pd.DataFrame:
        """The population's true-score coefficients: what a census without measurement error finds.

        True outcomes regressed on the managers' true intensities over every professional of the
        population, standardised, with intervals clustered as the design says (multiple and
        bivariate models, and the bivariate absence of leadership).
        """
        frame = self.professionals.copy()
        for kind in STYLE_KINDS:
            frame[f"perceived_{kind}"] = frame[f"true_{kind}"]
        return _estimate_all(frame, list(OUTCOMES), self.design.cluster)


@dataclass
class SurveyResult:
    """The outcome of one virtual survey.

    Attributes:
        design: The survey design.
        seed: The root seed.
        organisations: One row per organisation of the population: its index, model seed,
            pressure, intended style and whether it was sampled
            (``LeadershipModel(pressure=..., intended_style=..., n_teams=..., rng=seed)`` replays
            it).
        respondents: One row per respondent: ``role`` (professional or manager), organisation,
            team, model seed, the manager's true style (``true_*``), her method-factor value
            (``method_factor``), the perceived style scale scores (``perceived_*``) and item
            ratings (``item_<kind>_<j>``); for professionals also the true outcomes
            (``proactivity``, ...), the self-reported ones (``reported_*``, items
            ``item_<outcome>_<j>``), and the manager's self-rated style (``manager_rated_*``).
        coefficients: Standardised coefficients of the survey with cluster-robust 95% intervals
            (columns :data:`leadsim.survey.estimation.COEFFICIENT_COLUMNS`).
        population_coefficients: The same models on the whole population with true scores
            (:meth:`Population.coefficients`).
        reliability: Cronbach's alpha of each scale, by role.
    """

    design: SurveyDesign
    seed: int
    organisations: pd.DataFrame
    respondents: pd.DataFrame
    coefficients: pd.DataFrame
    population_coefficients: pd.DataFrame
    reliability: pd.DataFrame

    @property
    def professionals(self) -> pd.DataFrame:
        """The professional respondents."""
        return self.respondents[self.respondents["role"] == "professional"].dropna(axis=1, how="all")

    @property
    def managers(self) -> pd.DataFrame:
        """The manager respondents."""
        return self.respondents[self.respondents["role"] == "manager"].dropna(axis=1, how="all")

    def compare(self) -> pd.DataFrame:
        """The estimates beside the essay's findings and construct-matched benchmarks.

        See :func:`leadsim.survey.report.compare`.
        """
        from leadsim.survey.report import compare

        return compare(self.coefficients, self.population_coefficients)

    def perception_gap(self) -> dict[str, float]:
        """Professionals' self-reported minus managers' perceived collaboration (SF8).

        See :func:`leadsim.survey.report.perception_gap`.
        """
        from leadsim.survey.report import perception_gap

        return perception_gap(self.respondents)

    def to_markdown(self) -> str:
        """A Markdown report of design, reliability, coefficients and comparisons."""
        from leadsim.survey.report import to_markdown

        return to_markdown(self)

    def write(self, out: Path) -> list[Path]:
        """Write ``respondents.csv``, ``coefficients.csv`` and ``report.md`` to directory ``out``.

        ``coefficients.csv`` holds the survey's coefficients (``level`` = ``survey``) and the
        population's true-score ones (``level`` = ``population``).

        Returns:
            The paths written.
        """
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "respondents.csv", out / "coefficients.csv", out / "report.md"]
        coefficients = pd.concat(
            [
                self.coefficients.assign(level="survey"),
                self.population_coefficients.assign(level="population"),
            ],
            ignore_index=True,
        )
        save_csv(self.respondents, paths[0])
        save_csv(coefficients, paths[1])
        save_text(self.to_markdown(), paths[2])
        return paths


def _seed_int(sequence: np.random.SeedSequence) -> int:
    # 63 bits, so that the seed fits pandas' int64 columns (and CSV) exactly.
    return int(sequence.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def _simulate_all(
    plan: Sequence[Mapping[str, Any]], seeds: Sequence[int], weeks: int, jobs: int
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    indices = list(range(len(plan)))
    if jobs == 1 or len(plan) == 1:
        return [simulate_organisation(i, plan[i], seeds[i], weeks) for i in indices]
    with start_pool(min(jobs, len(plan))) as pool:
        return list(pool.map(simulate_organisation, indices, plan, seeds, [weeks] * len(plan)))


def check_run_options(seed: object, jobs: object) -> None:
    """Check the root seed and the number of worker processes.

    Raises:
        ParameterError: A negative seed or fewer than one job.
        ParameterTypeError: A seed or jobs that is not an integer.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ParameterTypeError("seed", "must be a non-negative integer", seed)
    if seed < 0:
        raise ParameterError("seed", "must be a non-negative integer", seed)
    if isinstance(jobs, bool) or not isinstance(jobs, int | np.integer):
        raise ParameterTypeError("jobs", "must be a positive integer", jobs)
    if jobs < 1:
        raise ParameterError("jobs", "must be a positive integer", jobs)


def _streams(seed: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence(int(seed)).spawn(3)


def simulate_population(
    design: SurveyDesign | None = None, *, seed: int = DEFAULT_SEED, jobs: int = 1
) -> Population:
    """Run every organisation of the design's population for ``design.weeks`` weeks.

    Args:
        design: The design (defaults: :class:`SurveyDesign`); only its population fields matter.
        seed: Root seed (a non-negative integer).
        jobs: Worker processes; the result does not depend on it.

    Returns:
        The population at the survey week.
    """
    check_run_options(seed, jobs)
    design = design if design is not None else SurveyDesign()
    org_stream = _streams(int(seed))[0]
    seeds = [_seed_int(child) for child in org_stream.spawn(design.population_organisations)]
    plan = organisation_plan(design)
    simulated = _simulate_all(plan, seeds, design.weeks, int(jobs))
    professionals = pd.concat([pros for pros, _ in simulated], ignore_index=True)
    managers = pd.concat([mgrs for _, mgrs in simulated], ignore_index=True)
    organisations = pd.DataFrame(
        [
            {
                "organisation": i,
                "seed": seeds[i],
                "pressure": plan[i]["pressure"],
                "intended_style": managers.loc[managers["organisation"] == i, "intended_style"].iloc[0],
            }
            for i in range(design.population_organisations)
        ]
    )
    return Population(design, int(seed), organisations, professionals, managers)


def _spread(total: int, groups: int, rng: np.random.Generator) -> np.ndarray:
    """``total`` units over ``groups`` groups as evenly as possible, the remainder at random."""
    counts = np.full(groups, total // groups, dtype=np.int64)
    counts[rng.choice(groups, size=total % groups, replace=False)] += 1
    return counts


def _sample(
    population: Population, design: SurveyDesign, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the sampled managers and professionals (two-stage cluster sample)."""
    orgs = np.sort(rng.choice(design.population_organisations, size=design.organisations, replace=False))
    per_org = _spread(design.managers, design.organisations, rng)
    managers = population.managers
    teams: list[int] = []
    for org, count in zip(orgs, per_org, strict=True):
        candidates = managers.loc[managers["organisation"] == org, "team"].to_numpy()
        teams.extend(np.sort(rng.choice(candidates, size=int(count), replace=False)).tolist())
    per_team = _spread(design.professionals, len(teams), rng)
    pros = population.professionals
    by_team = pros.groupby("team").indices
    pro_rows: list[int] = []
    for team, count in zip(teams, per_team, strict=True):
        pro_rows.extend(np.sort(rng.choice(by_team[team], size=int(count), replace=False)).tolist())
    mgr_rows = managers.index[managers["team"].isin(teams)].to_numpy()
    return mgr_rows, np.sort(np.asarray(pro_rows, dtype=np.int64))


def _item_columns(prefix: Sequence[str], ratings: np.ndarray) -> dict[str, np.ndarray]:
    return {
        f"item_{name}_{j + 1}": ratings[:, k, j]
        for k, name in enumerate(prefix)
        for j in range(ratings.shape[2])
    }


def _unidentified(outcome: str, n: int, clusters: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"outcome": outcome, "predictor": name, "model": "multiple", "n": n, "clusters": clusters}
            for name in PREDICTORS
        ],
        columns=list(COEFFICIENT_COLUMNS),
    )


def _estimate_all(frame: pd.DataFrame, outcomes: list[str], groups: str) -> pd.DataFrame:
    frame = frame.copy()
    frame[ABSENCE] = -frame[list(PREDICTORS)].mean(axis=1)
    try:
        table = estimate(frame, outcomes, PREDICTORS, groups)
    except ParameterError as error:
        if error.field != "predictors":
            raise
        # True intensities that are exactly collinear (e.g. every manager on one profile): the
        # multiple model is not identified; its rows are NaN, the bivariate ones are still fitted.
        n, clusters = len(frame), int(frame[groups].nunique())
        parts = []
        for outcome in outcomes:
            parts.append(_unidentified(outcome, n, clusters))
            parts.extend(
                standardised_ols(frame, outcome, [name], groups).assign(model="bivariate")
                for name in PREDICTORS
            )
        table = pd.concat(parts, ignore_index=True)
    absence = [
        standardised_ols(frame, outcome, [ABSENCE], groups).assign(model="bivariate") for outcome in outcomes
    ]
    return pd.concat([table, *absence], ignore_index=True)[list(COEFFICIENT_COLUMNS)]


def _population_key(design: SurveyDesign) -> dict[str, Any]:
    data = design.as_dict()
    return {name: data[name] for name in POPULATION_FIELDS}


def conduct_survey(population: Population, design: SurveyDesign | None = None) -> SurveyResult:
    """Sample respondents from a simulated population, let them answer, estimate the regressions.

    Args:
        population: The simulated population.
        design: The survey design (default: the population's). Its population fields must be
            the population's; sample sizes and measurement may differ.

    Returns:
        The survey result (seeded by the population's root seed).

    Raises:
        ParameterError: A design whose population fields differ from the population's.
    """
    design = design if design is not None else population.design
    mine, theirs = _population_key(design), _population_key(population.design)
    for name in POPULATION_FIELDS:
        if mine[name] != theirs[name]:
            raise ParameterError(name, f"must match the simulated population ({theirs[name]!r})", mine[name])
    _, sampling_stream, response_stream = _streams(population.seed)
    mgr_rows, pro_rows = _sample(population, design, np.random.default_rng(sampling_stream))
    mgrs = population.managers.loc[mgr_rows].reset_index(drop=True)
    pros = population.professionals.loc[pro_rows].reset_index(drop=True)

    # Loadings from the population's true-score spread (one instrument for every respondent).
    everyone = population.professionals
    shares = {"method_share": float(design.method_share), "error_share": float(design.error_share)}
    style_load = loadings(everyone[list(_TRUE_STYLES)].std(ddof=1).to_numpy(), items=design.items, **shares)
    outcome_load = loadings(
        everyone[list(OUTCOMES)].std(ddof=1).to_numpy(), items=design.outcome_items, **shares
    )

    rng = np.random.default_rng(response_stream)
    n_p, n_m = len(pros), len(mgrs)
    pro_method = rng.standard_normal(n_p)
    mgr_method = rng.standard_normal(n_m)
    pro_style_eps = rng.standard_normal((n_p, len(STYLE_KINDS), design.items))
    pro_outcome_eps = rng.standard_normal((n_p, len(OUTCOMES), design.outcome_items))
    mgr_style_eps = rng.standard_normal((n_m, len(STYLE_KINDS), design.items))
    points = design.scale_points
    pro_styles = rate_scales(
        pros[list(_TRUE_STYLES)].to_numpy(), pro_method, pro_style_eps, style_load, scale_points=points
    )
    pro_outcomes = rate_scales(
        pros[list(OUTCOMES)].to_numpy(), pro_method, pro_outcome_eps, outcome_load, scale_points=points
    )
    mgr_styles = rate_scales(
        mgrs[list(_TRUE_STYLES)].to_numpy(), mgr_method, mgr_style_eps, style_load, scale_points=points
    )

    mgr_scores = pd.DataFrame(mgr_styles.scores, columns=[f"manager_rated_{k}" for k in STYLE_KINDS])
    mgr_scores["team"] = mgrs["team"].to_numpy()
    pro_part = pd.concat(
        [
            pros,
            pd.DataFrame(
                {
                    "method_factor": pro_method,
                    **{f"perceived_{k}": pro_styles.scores[:, i] for i, k in enumerate(STYLE_KINDS)},
                    **{f"reported_{o}": pro_outcomes.scores[:, i] for i, o in enumerate(OUTCOMES)},
                    **_item_columns(STYLE_KINDS, pro_styles.ratings),
                    **_item_columns(OUTCOMES, pro_outcomes.ratings),
                }
            ),
        ],
        axis=1,
    ).merge(mgr_scores, on="team", how="left")
    mgr_part = pd.concat(
        [
            mgrs,
            pd.DataFrame(
                {
                    "method_factor": mgr_method,
                    **{f"perceived_{k}": mgr_styles.scores[:, i] for i, k in enumerate(STYLE_KINDS)},
                    **_item_columns(STYLE_KINDS, mgr_styles.ratings),
                }
            ),
        ],
        axis=1,
    )
    pro_part["role"], mgr_part["role"] = "professional", "manager"
    respondents = pd.concat([pro_part, mgr_part], ignore_index=True)
    respondents["professional"] = respondents["professional"].astype("Int64")  # managers: <NA>
    respondents.insert(0, "respondent", np.arange(len(respondents)))
    first = ["role", "respondent"]
    respondents = respondents[first + [c for c in respondents.columns if c not in first]]

    analysis = pro_part.drop(columns=list(OUTCOMES)).rename(
        columns=dict(zip(_REPORTED, OUTCOMES, strict=True))
    )
    if design.rater == "manager":
        for kind in STYLE_KINDS:
            analysis[f"perceived_{kind}"] = analysis[f"manager_rated_{kind}"]
    coefficients = _estimate_all(analysis, list(OUTCOMES), design.cluster)
    reliability = pd.DataFrame(
        [
            {
                "role": role,
                "scale": name,
                "items": view.ratings.shape[2],
                "alpha": cronbach_alpha(view.ratings[:, k, :]),
            }
            for role, view, names in (
                ("professional", pro_styles, STYLE_KINDS),
                ("professional", pro_outcomes, OUTCOMES),
                ("manager", mgr_styles, STYLE_KINDS),
            )
            for k, name in enumerate(names)
        ]
    )
    organisations = population.organisations.assign(
        sampled=population.organisations["organisation"].isin(mgrs["organisation"])
    )
    return SurveyResult(
        design=design,
        seed=population.seed,
        organisations=organisations,
        respondents=respondents,
        coefficients=coefficients,
        population_coefficients=population.coefficients(),
        reliability=reliability,
    )


_SHORTHANDS = (
    "population_organisations",
    "organisations",
    "teams",
    "managers",
    "professionals",
    "weeks",
    "items",
    "outcome_items",
    "scale_points",
    "method_share",
    "error_share",
    "rater",
    "cluster",
    "intended_styles",
    "null_styles",
    "model",
)


def _make_design(design: SurveyDesign | None, given: Mapping[str, Any]) -> SurveyDesign:
    changes = {k: v for k, v in given.items() if v is not None}
    for name in ("intended_styles", "null_styles"):
        if name in changes and not isinstance(changes[name], str):
            changes[name] = tuple(changes[name])
    return replace(design, **changes) if design is not None else SurveyDesign(**changes)


def run_survey(
    design: SurveyDesign | None = None,
    *,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    population_organisations: int | None = None,
    organisations: int | None = None,
    teams: int | None = None,
    managers: int | None = None,
    professionals: int | None = None,
    weeks: int | None = None,
    items: int | None = None,
    outcome_items: int | None = None,
    scale_points: int | None = None,
    method_share: float | None = None,
    error_share: float | None = None,
    rater: str | None = None,
    cluster: str | None = None,
    intended_styles: Sequence[StyleSpec] | None = None,
    null_styles: Sequence[str] | None = None,
    model: Mapping[str, Any] | None = None,
) -> SurveyResult:
    """Simulate the population and survey it: :func:`simulate_population`, then :func:`conduct_survey`.

    Args:
        design: The full design; the keyword shorthands override its fields (each is the
            :class:`SurveyDesign` field of the same name).
        seed: Root seed (a non-negative integer).
        jobs: Worker processes for the organisations (1 runs them in this process); the result
            does not depend on it.
        population_organisations: See :class:`SurveyDesign`.
        organisations: See :class:`SurveyDesign`.
        teams: See :class:`SurveyDesign`.
        managers: See :class:`SurveyDesign`.
        professionals: See :class:`SurveyDesign`.
        weeks: See :class:`SurveyDesign`.
        items: See :class:`SurveyDesign`.
        outcome_items: See :class:`SurveyDesign`.
        scale_points: See :class:`SurveyDesign`.
        method_share: See :class:`SurveyDesign`.
        error_share: See :class:`SurveyDesign`.
        rater: See :class:`SurveyDesign`.
        cluster: See :class:`SurveyDesign`.
        intended_styles: See :class:`SurveyDesign`.
        null_styles: See :class:`SurveyDesign` (e.g. ``("supportive",)`` for the null test).
        model: See :class:`SurveyDesign`.

    Returns:
        The respondents, coefficients (survey and population), reliabilities and organisations.

    Raises:
        ParameterError: A design value, seed or ``jobs`` out of range (the message names the
            field, the rule and the value).
        ParameterTypeError: A value of the wrong type.
    """
    check_run_options(seed, jobs)
    local = locals()
    design = _make_design(design, {name: local[name] for name in _SHORTHANDS})
    return conduct_survey(simulate_population(design, seed=seed, jobs=jobs), design)


@dataclass
class Replications:
    """Coefficients of a survey repeated over seeded replications.

    Attributes:
        design: The design.
        seed: The root seed the replications' seeds are spawned from.
        seeds: The replications' root seeds.
        coefficients: Every replication's coefficients (survey and population, column ``level``),
            with its ``replication`` index and ``seed``.
    """

    design: SurveyDesign
    seed: int
    seeds: list[int]
    coefficients: pd.DataFrame

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Mean coefficient over replications with a t interval (replications are independent).

        Args:
            level: Confidence level of the interval.

        Returns:
            One row per level (survey, population), outcome, model and predictor: ``mean``, ``sd``,
            ``ci_low``, ``ci_high``, ``replications`` and ``significant`` (the share of
            replications whose own interval excludes 0).
        """
        if not 0.0 < level < 1.0:
            raise ParameterError("level", "must be in (0, 1)", level)
        rows = []
        keys = ["level", "outcome", "model", "predictor"]
        for key, group in self.coefficients.groupby(keys, sort=False):
            beta = group["beta"].to_numpy()
            n = len(beta)
            mean, sd = float(beta.mean()), float(beta.std(ddof=1)) if n > 1 else float("nan")
            half = float(stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)) if n > 1 else float("nan")
            excludes = ((group["ci_low"] > 0) | (group["ci_high"] < 0)).mean()
            rows.append(
                {
                    **dict(zip(keys, key, strict=True)),
                    "mean": mean,
                    "sd": sd,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                    "replications": n,
                    "significant": float(excludes),
                }
            )
        return pd.DataFrame(rows)


def replicate_survey(
    design: SurveyDesign | None = None,
    *,
    replications: int = 5,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
) -> Replications:
    """Repeat the whole survey (new population, new sample, new answers) over seeded replications.

    Replication r uses root seed ``leadsim.seeds.replication_seeds(seed, replications)[r]``.

    Args:
        design: The design (default :class:`SurveyDesign`).
        replications: Number of replications (>= 2, so that an interval exists).
        seed: Root seed of the replications.
        jobs: Worker processes per population.

    Returns:
        The replications' coefficients.
    """
    return replicate_designs(
        {"": design if design is not None else SurveyDesign()},
        replications=replications,
        seed=seed,
        jobs=jobs,
    )[""]


def replicate_designs(
    designs: Mapping[str, SurveyDesign],
    *,
    replications: int = 5,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
) -> dict[str, Replications]:
    """Survey each replication's population with several designs (a paired comparison).

    The designs must share their population fields (e.g. they differ only in ``method_share`` or
    ``rater``): each replication's population is simulated once and surveyed with every design,
    with the same sample and the same response draws.

    Args:
        designs: The designs, by name.
        replications: Number of replications (>= 2).
        seed: Root seed of the replications (as in :func:`replicate_survey`).
        jobs: Worker processes per population.

    Returns:
        The replications of each design, by the same names.

    Raises:
        ParameterError: Fewer than two replications, no designs, or designs that differ in a
            population field.
    """
    check_run_options(seed, jobs)
    if isinstance(replications, bool) or not isinstance(replications, int | np.integer) or replications < 2:
        raise ParameterError("replications", "must be an integer >= 2", replications)
    named = dict(designs)
    if not named:
        raise ParameterError("designs", "must name at least one design", named)
    first = next(iter(named.values()))
    for name, other in named.items():
        if _population_key(other) != _population_key(first):
            raise ParameterError("designs", "must share their population fields", name)
    seeds = replication_seeds(int(seed), int(replications))
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in named}
    for r, root in enumerate(seeds):
        population = simulate_population(first, seed=root, jobs=jobs)
        population_table = population.coefficients().assign(level="population")
        for name, d in named.items():
            result = conduct_survey(population, d)
            both = pd.concat(
                [result.coefficients.assign(level="survey"), population_table], ignore_index=True
            )
            tables[name].append(both.assign(replication=r, seed=root))
    return {
        name: Replications(d, int(seed), list(seeds), pd.concat(tables[name], ignore_index=True))
        for name, d in named.items()
    }
