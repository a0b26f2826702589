"""Run the virtual survey: simulate organisations, sample respondents, perceive, estimate.

>>> from leadsim.survey import run_survey
>>> result = run_survey(seed=42)                       # doctest: +SKIP
>>> result.coefficients.query("model == 'multiple'")    # doctest: +SKIP
>>> result.compare()                                    # doctest: +SKIP

Randomness: one root seed, ``numpy.random.SeedSequence(seed).spawn(3)`` gives three independent
streams: the organisations' models (spawned once more, one child per organisation, turned into
the integer seed recorded in every row), the sampling of respondents, and the response noise.
The organisations do not share a stream, so the result is the same whichever ``jobs`` runs them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.parallel import start_pool
from leadsim.styles import STYLE_KINDS, StyleSpec
from leadsim.survey.design import (
    DEFAULT_INTENDED_STYLES,
    SurveyDesign,
    organisation_plan,
    simulate_organisation,
)
from leadsim.survey.estimation import estimate
from leadsim.survey.perception import cronbach_alpha, perceive_styles

__all__ = [
    "DEFAULT_INTENDED_STYLES",
    "DEFAULT_SEED",
    "OUTCOMES",
    "PREDICTORS",
    "SurveyResult",
    "check_run_options",
    "run_survey",
]

OUTCOMES: tuple[str, str, str] = ("proactivity", "external_orientation", "wellbeing")
"""Survey outcomes: proactivity P; external orientation, the effort share on client involvement
plus network collaboration (the essay's external, service-oriented behaviour, Tables 1a-1c);
well-being W."""

PREDICTORS: tuple[str, ...] = tuple(f"perceived_{kind}" for kind in STYLE_KINDS)
"""Perceived style scale scores, in :data:`leadsim.styles.STYLE_KINDS` order."""

DEFAULT_SEED = 42


@dataclass
class SurveyResult:
    """The outcome of one virtual survey.

    Attributes:
        design: The survey design.
        seed: The root seed.
        organisations: One row per organisation: its index, model seed, pressure and intended
            style (``LeadershipModel(pressure=..., intended_style=..., rng=seed)`` replays it).
        respondents: One row per respondent: ``role`` (professional or manager), organisation,
            team, model seed, the manager's true style (``true_*``), the perceived style scale
            scores (``perceived_*``) and item ratings (``item_<kind>_<j>``); for professionals
            the outcomes and collaboration, for managers their perceived collaboration.
        coefficients: Standardised coefficients with cluster-robust 95% intervals (columns
            :data:`leadsim.survey.estimation.COEFFICIENT_COLUMNS`).
        reliability: Cronbach's alpha of each perceived-style scale, by role.
    """

    design: SurveyDesign
    seed: int
    organisations: pd.DataFrame
    respondents: pd.DataFrame
    coefficients: pd.DataFrame
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
        """The estimates beside the essay's findings and meta-analytic magnitudes.

        See :func:`leadsim.survey.report.compare`.
        """
        from leadsim.survey.report import compare

        return compare(self.coefficients)

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

        Returns:
            The paths written.
        """
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "respondents.csv", out / "coefficients.csv", out / "report.md"]
        self.respondents.to_csv(paths[0], index=False)
        self.coefficients.to_csv(paths[1], index=False)
        paths[2].write_text(self.to_markdown())
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


def _perceived_columns(prefix_frame: pd.DataFrame, ratings: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    columns: dict[str, Any] = {f"perceived_{kind}": scores[:, k] for k, kind in enumerate(STYLE_KINDS)}
    for k, kind in enumerate(STYLE_KINDS):
        for j in range(ratings.shape[2]):
            columns[f"item_{kind}_{j + 1}"] = ratings[:, k, j]
    return pd.concat([prefix_frame.reset_index(drop=True), pd.DataFrame(columns)], axis=1)


def _true_styles(frame: pd.DataFrame) -> np.ndarray:
    return frame[[f"true_{kind}" for kind in STYLE_KINDS]].to_numpy(dtype=float)


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


def run_survey(
    design: SurveyDesign | None = None,
    *,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    organisations: int | None = None,
    professionals: int | None = None,
    managers: int | None = None,
    weeks: int | None = None,
    noise: float | None = None,
    items: int | None = None,
    scale_points: int | None = None,
    intended_styles: Sequence[StyleSpec] | None = None,
    model: Mapping[str, Any] | None = None,
) -> SurveyResult:
    """Run the virtual survey of the essay's design on simulated organisations.

    Args:
        design: The full design; the keyword shorthands below override its fields.
        seed: Root seed (a non-negative integer).
        jobs: Worker processes for the organisations (1 runs them in this process); the result
            does not depend on it.
        organisations: Shorthand for :attr:`SurveyDesign.organisations`.
        professionals: Shorthand for :attr:`SurveyDesign.professionals`.
        managers: Shorthand for :attr:`SurveyDesign.managers`.
        weeks: Shorthand for :attr:`SurveyDesign.weeks`.
        noise: Shorthand for :attr:`SurveyDesign.noise`.
        items: Shorthand for :attr:`SurveyDesign.items`.
        scale_points: Shorthand for :attr:`SurveyDesign.scale_points`.
        intended_styles: Shorthand for :attr:`SurveyDesign.intended_styles`.
        model: Shorthand for :attr:`SurveyDesign.model`.

    Returns:
        The respondents, coefficients, reliabilities and organisations of the survey.

    Raises:
        ParameterError: A design value, seed or ``jobs`` out of range (the message names the
            field, the rule and the value).
        ParameterTypeError: A value of the wrong type.
    """
    check_run_options(seed, jobs)
    base = design.as_dict() if design is not None else {}
    given = {
        "organisations": organisations,
        "professionals": professionals,
        "managers": managers,
        "weeks": weeks,
        "noise": noise,
        "items": items,
        "scale_points": scale_points,
        "intended_styles": tuple(intended_styles) if intended_styles is not None else None,
        "model": model,
    }
    fields = {**base, **{k: v for k, v in given.items() if v is not None}}
    if "intended_styles" in fields:
        fields["intended_styles"] = tuple(fields["intended_styles"])
    design = SurveyDesign(**fields)

    org_stream, sampling_stream, noise_stream = np.random.SeedSequence(int(seed)).spawn(3)
    seeds = [_seed_int(child) for child in org_stream.spawn(design.organisations)]
    plan = organisation_plan(design)
    simulated = _simulate_all(plan, seeds, design.weeks, int(jobs))
    frame_pros = pd.concat([pros for pros, _ in simulated], ignore_index=True)
    frame_mgrs = pd.concat([mgrs for _, mgrs in simulated], ignore_index=True)

    sampler = np.random.default_rng(sampling_stream)
    pro_rows = np.sort(sampler.choice(len(frame_pros), size=design.professionals, replace=False))
    mgr_rows = np.sort(sampler.choice(len(frame_mgrs), size=design.managers, replace=False))
    pros = frame_pros.iloc[pro_rows]
    mgrs = frame_mgrs.iloc[mgr_rows]

    responder = np.random.default_rng(noise_stream)
    pro_view = perceive_styles(
        _true_styles(pros),
        responder,
        noise=design.noise,
        items=design.items,
        scale_points=design.scale_points,
    )
    mgr_view = perceive_styles(
        _true_styles(mgrs),
        responder,
        noise=design.noise,
        items=design.items,
        scale_points=design.scale_points,
    )
    pro_part = _perceived_columns(pros, pro_view.ratings, pro_view.scores).assign(role="professional")
    mgr_part = _perceived_columns(mgrs, mgr_view.ratings, mgr_view.scores).assign(role="manager")
    respondents = pd.concat([pro_part, mgr_part], ignore_index=True)
    respondents["professional"] = respondents["professional"].astype("Int64")  # managers: <NA>
    first = ["role", "respondent"]
    respondents.insert(0, "respondent", np.arange(len(respondents)))
    respondents = respondents[first + [c for c in respondents.columns if c not in first]]

    coefficients = estimate(pro_part, OUTCOMES, PREDICTORS, "team")
    reliability = pd.DataFrame(
        [
            {
                "role": role,
                "scale": kind,
                "items": design.items,
                "alpha": cronbach_alpha(view.ratings[:, k, :]),
            }
            for role, view in (("professional", pro_view), ("manager", mgr_view))
            for k, kind in enumerate(STYLE_KINDS)
        ]
    )
    organisations_frame = pd.DataFrame(
        [
            {
                "organisation": i,
                "seed": seeds[i],
                "pressure": plan[i]["pressure"],
                "intended_style": frame_mgrs.loc[frame_mgrs["organisation"] == i, "intended_style"].iloc[0],
            }
            for i in range(design.organisations)
        ]
    )
    return SurveyResult(
        design=design,
        seed=int(seed),
        organisations=organisations_frame,
        respondents=respondents,
        coefficients=coefficients,
        reliability=reliability,
    )
