"""The survey's design: a simulated population, a two-stage sample, and the measurement model.

The essay's survey asked about 150 professionals and 60 team managers in several Dutch
work-and-reintegration organisations (essay digest); it does not say how they were sampled. The
virtual survey draws them from a *larger* simulated population, so that its managers are a sample
and not a census:

* **Population.** ``population_organisations`` runs of :class:`leadsim.LeadershipModel` with
  adaptive managers (``style=None``) and ``teams`` teams each, for ``weeks`` weeks. Organisation
  i (0-based) of P gets pressure ``pressure_min + i (pressure_max - pressure_min) / (P - 1)`` and
  the intended-style centre ``intended_styles[i % len(intended_styles)]``, so pressure and
  intended style are crossed, not confounded. Within an organisation the managers' intended
  styles scatter around that centre (the model's ``style_diversity``) and their enacted styles
  drift under pressure. Every other model parameter keeps its default unless given in ``model``.
* **Stage 1, organisations.** ``organisations`` organisations by simple random sampling without
  replacement from the population.
* **Stage 2, teams.** ``managers`` teams, spread as evenly as possible over the sampled
  organisations (``managers // organisations`` each, one more in ``managers % organisations``
  organisations chosen at random), by simple random sampling without replacement within each
  organisation. Every sampled team's manager answers (she rates her own style).
* **Stage 3, professionals.** ``professionals`` professionals, spread as evenly as possible over
  the sampled teams in the same way, drawn without replacement within each team. Every sampled
  professional rates her own manager, who is therefore always in the sample.

The assumption is that of a cluster survey: an organisation agrees to take part, a subset of its
teams is approached, and in each of them the manager and some of her professionals answer, with
no non-response and no selection on style or outcome. With the defaults (30 organisations of 12
teams; 10 organisations, 60 teams and 150 professionals sampled) one manager in six and one
professional in 24 of the population is asked.

The measurement model (:mod:`leadsim.survey.perception`): ``items`` Likert items per style scale
and ``outcome_items`` per self-reported outcome, ``scale_points`` categories, a common-method
factor with variance share ``method_share`` and item error with share ``error_share`` of every
scale score. ``rater`` chooses who rates the manager's style in the regressions: the
professional herself (``"professional"``, single source: styles and outcomes share her method
factor) or her manager's self-rating (``"manager"``, two sources).

``null_styles`` removes a style's causal effects from every organisation (:data:`NULL_EFFECTS`),
for the null test: a survey of a population in which the style does nothing.

The design is data (:class:`SurveyDesign`), validated at construction: a bad value raises
:class:`leadsim.errors.ParameterError` naming the field, the rule and the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.model import LeadershipModel
from leadsim.parameters import defaults, validate_parameters
from leadsim.state import CLIENT, NETWORK, ORIENTATIONS
from leadsim.styles import STYLE_KINDS, StyleSpec, resolve_style
from leadsim.survey.perception import loadings

__all__ = [
    "CLUSTERS",
    "DEFAULT_INTENDED_STYLES",
    "DESIGN_PARAMETERS",
    "NULL_EFFECTS",
    "POPULATION_FIELDS",
    "RATERS",
    "SurveyDesign",
    "null_parameters",
    "organisation_plan",
    "simulate_organisation",
]

DEFAULT_INTENDED_STYLES: tuple[str, ...] = (
    "hierarchical",
    "supportive",
    "accountable",
    "visionary",
    "balanced",
    "laissez_faire",
)
"""Intended-style centres cycled over the population's organisations: the four dominant
profiles, the balanced one and laissez-faire (the absence of leadership)."""

# Model parameters the design sets per organisation; they cannot also be overridden.
DESIGN_PARAMETERS: frozenset[str] = frozenset({"pressure", "intended_style", "n_teams"})

NULL_EFFECTS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "supportive": MappingProxyType(
            {
                "support_resource": 0.0,
                "support_crowding_in": 0.0,
                "support_client_effort": 0.0,
                "support_form": "resource",
                "attention_budget": False,
            }
        ),
    }
)
"""Model parameters that give a style no causal effect, by style kind.

Supportive leadership acts on professionals through exactly three paths (``support_resource``:
a job resource for well-being; ``support_crowding_in``: crowding in autonomous motivation;
``support_client_effort``: the pull of effort toward client involvement) and, with
``support_form="comfort"``, through role ambiguity; ``support_form="resource"`` closes that path.
With ``attention_budget=True`` an adaptive manager's supportive attention also takes time from her
other styles, an indirect effect; ``attention_budget=False`` removes it. With all five set as here,
a manager's supportive intensity changes nothing else in the model."""

RATERS: tuple[str, str] = ("professional", "manager")
"""Who rates the manager's style in the regressions."""

CLUSTERS: tuple[str, str] = ("organisation", "team")
"""The cluster of the regressions' robust standard errors."""

POPULATION_FIELDS: tuple[str, ...] = (
    "population_organisations",
    "teams",
    "weeks",
    "pressure_min",
    "pressure_max",
    "intended_styles",
    "null_styles",
    "model",
)
"""The design fields that define the simulated population (the rest define sample and measures)."""


def _check_int(name: str, value: object, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ParameterTypeError(name, "must be an integer", value)
    if value < low or (high is not None and value > high):
        rule = f"must be an integer >= {low}" if high is None else f"must be an integer in [{low}, {high}]"
        raise ParameterError(name, rule, value)


def _check_float(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(name, "must be a number", value)
    if not low <= float(value) <= high:
        raise ParameterError(name, f"must be in [{low:g}, {high:g}]", value)


def null_parameters(kinds: tuple[str, ...]) -> dict[str, Any]:
    """The model parameters that remove the causal effects of the style kinds ``kinds``.

    Args:
        kinds: Style kinds, each a key of :data:`NULL_EFFECTS`.

    Returns:
        The merged parameter overrides.

    Raises:
        ParameterError: A kind without a defined null.
    """
    merged: dict[str, Any] = {}
    for kind in kinds:
        if kind not in NULL_EFFECTS:
            raise ParameterError(
                "null_styles", f"must name style kinds with a defined null ({', '.join(NULL_EFFECTS)})", kind
            )
        merged.update(NULL_EFFECTS[kind])
    return merged


@dataclass(frozen=True)
class SurveyDesign:
    """The virtual survey's design: population, two-stage sample and measurement model.

    Attributes:
        population_organisations: Organisations in the simulated population (>= 1).
        organisations: Organisations sampled at stage 1, in [1, population_organisations].
        teams: Teams (managers) per organisation in the population, in [1, 1000].
        managers: Teams sampled at stage 2 (each team's manager answers), in
            [max(2, organisations), organisations x teams].
        professionals: Professionals sampled at stage 3 from the sampled teams, in
            [10, managers x team_size].
        weeks: Weeks each organisation runs before the survey (>= 1).
        items: Items per style scale, in [1, 20].
        outcome_items: Items per self-reported outcome scale, in [1, 20].
        scale_points: Categories of the rating scale, in [2, 11].
        method_share: Share of a scale score's population variance due to the respondent's
            common-method factor, in [0, 1) (default 0.32, Doty & Glick 1998).
        error_share: Share due to random item error, in [0, 1), with method_share +
            error_share < 1 (default 0.22, Doty & Glick 1998).
        rater: ``"professional"`` (the professional rates her manager: single source) or
            ``"manager"`` (the manager's self-rating is the predictor: two sources).
        cluster: Cluster of the robust standard errors: ``"organisation"`` (the primary sampling
            unit of the two-stage sample, default) or ``"team"``.
        pressure_min: Pressure of the population's first organisation, in [0, 1].
        pressure_max: Pressure of its last organisation, in [pressure_min, 1].
        intended_styles: Centres of the managers' intended styles, cycled over organisations
            (style names or mappings of the four intensities).
        null_styles: Style kinds given no causal effect in every organisation
            (:data:`NULL_EFFECTS`).
        model: Other model parameters for every organisation (not ``pressure``,
            ``intended_style`` or ``n_teams``, which the design sets, nor a parameter that
            ``null_styles`` sets).
    """

    population_organisations: int = 30
    organisations: int = 10
    teams: int = 12
    managers: int = 60
    professionals: int = 150
    weeks: int = 104
    items: int = 4
    outcome_items: int = 4
    scale_points: int = 5
    method_share: float = 0.32
    error_share: float = 0.22
    rater: str = "professional"
    cluster: str = "organisation"
    pressure_min: float = 0.2
    pressure_max: float = 0.8
    intended_styles: tuple[StyleSpec, ...] = DEFAULT_INTENDED_STYLES
    null_styles: tuple[str, ...] = ()
    model: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_int("population_organisations", self.population_organisations, 1, 1000)
        _check_int("organisations", self.organisations, 1, self.population_organisations)
        _check_int("teams", self.teams, 1, 1000)
        _check_int("weeks", self.weeks, 1, 5200)
        _check_int("items", self.items, 1, 20)
        _check_int("outcome_items", self.outcome_items, 1, 20)
        _check_int("scale_points", self.scale_points, 2, 11)
        _check_float("method_share", self.method_share, 0.0, 1.0)
        _check_float("error_share", self.error_share, 0.0, 1.0)
        loadings(
            np.ones(1), method_share=float(self.method_share), error_share=float(self.error_share), items=1
        )
        if self.rater not in RATERS:
            raise ParameterError("rater", f"must be one of {', '.join(RATERS)}", self.rater)
        if self.cluster not in CLUSTERS:
            raise ParameterError("cluster", f"must be one of {', '.join(CLUSTERS)}", self.cluster)
        _check_float("pressure_min", self.pressure_min, 0.0, 1.0)
        _check_float("pressure_max", self.pressure_max, 0.0, 1.0)
        if self.pressure_max < self.pressure_min:
            raise ParameterError(
                "pressure_max", f"must be >= pressure_min ({self.pressure_min:g})", self.pressure_max
            )
        styles = tuple(self.intended_styles)
        if not styles:
            raise ParameterError("intended_styles", "must name at least one style", self.intended_styles)
        for style in styles:
            resolve_style(style, field="intended_styles")
        object.__setattr__(self, "intended_styles", styles)
        if isinstance(self.null_styles, str):
            raise ParameterTypeError("null_styles", "must be a tuple of style kinds", self.null_styles)
        nulls = tuple(self.null_styles)
        null = null_parameters(nulls)
        object.__setattr__(self, "null_styles", nulls)
        if not isinstance(self.model, Mapping):
            raise ParameterTypeError("model", "must be a mapping of model parameters", self.model)
        fixed = sorted(DESIGN_PARAMETERS & set(self.model))
        if fixed:
            raise ParameterError(
                fixed[0],
                "is set per organisation by the survey design (use pressure_min/pressure_max, "
                "intended_styles and teams)",
                self.model[fixed[0]],
            )
        clash = sorted(set(null) & set(self.model))
        if clash:
            raise ParameterError(clash[0], f"is set by null_styles {list(nulls)}", self.model[clash[0]])
        validate_parameters({**self.model, **null})
        object.__setattr__(self, "model", MappingProxyType(dict(self.model)))
        _check_int("managers", self.managers, max(2, self.organisations), self.organisations * self.teams)
        if self.cluster == "organisation" and self.organisations < 2:
            raise ParameterError(
                "organisations", "must be >= 2 when the standard errors cluster by organisation", 1
            )
        _check_int("professionals", self.professionals, 10, self.managers * self.team_size)

    def _model_value(self, name: str) -> Any:
        return self.model[name] if name in self.model else defaults()[name]

    @property
    def team_size(self) -> int:
        """Professionals per team (the model's ``team_size``)."""
        return int(self._model_value("team_size"))

    @property
    def frame_managers(self) -> int:
        """Managers in the population (organisations x teams)."""
        return int(self.population_organisations * self.teams)

    @property
    def frame_professionals(self) -> int:
        """Professionals in the population (organisations x teams x team size)."""
        return self.frame_managers * self.team_size

    @property
    def model_parameters(self) -> dict[str, Any]:
        """The model overrides of every organisation: ``model`` and the null set."""
        return {**self.model, **null_parameters(self.null_styles)}

    def as_dict(self) -> dict[str, Any]:
        """The design as plain data (for records and JSON)."""
        return {
            "population_organisations": self.population_organisations,
            "organisations": self.organisations,
            "teams": self.teams,
            "managers": self.managers,
            "professionals": self.professionals,
            "weeks": self.weeks,
            "items": self.items,
            "outcome_items": self.outcome_items,
            "scale_points": self.scale_points,
            "method_share": self.method_share,
            "error_share": self.error_share,
            "rater": self.rater,
            "cluster": self.cluster,
            "pressure_min": self.pressure_min,
            "pressure_max": self.pressure_max,
            "intended_styles": [s if isinstance(s, str) else dict(s) for s in self.intended_styles],
            "null_styles": list(self.null_styles),
            "model": dict(self.model),
        }


def organisation_plan(design: SurveyDesign) -> list[dict[str, Any]]:
    """The model parameters of each organisation of the population (pressure, style, overrides).

    Returns:
        One dict of keyword arguments for :class:`leadsim.LeadershipModel` per organisation of
        the population (without ``rng``), in organisation order.
    """
    n = design.population_organisations
    pressures = np.linspace(design.pressure_min, design.pressure_max, n) if n > 1 else [design.pressure_min]
    styles = design.intended_styles
    return [
        {
            **design.model_parameters,
            "n_teams": design.teams,
            "pressure": float(pressures[i]),
            "intended_style": styles[i % len(styles)],
        }
        for i in range(n)
    ]


def _style_label(style: StyleSpec) -> str:
    if isinstance(style, str):
        return style
    return "{" + ", ".join(f"{k}: {float(style[k]):g}" for k in STYLE_KINDS) + "}"


def simulate_organisation(
    organisation: int, parameters: Mapping[str, Any], seed: int, weeks: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run one organisation and return its professionals and managers at the end of the horizon.

    A module-level function of plain arguments, so that it runs in a worker process as well.

    Args:
        organisation: Index of the organisation in the design.
        parameters: Keyword arguments of :class:`leadsim.LeadershipModel` (without ``rng``).
        seed: The model's seed; ``LeadershipModel(**parameters, rng=seed).run(weeks)`` replays it.
        weeks: Weeks to run.

    Returns:
        ``(professionals, managers)``: one row per professional (true manager style, proactivity,
        well-being, external orientation, effort shares, collaboration) and one per manager
        (enacted and intended style, perceived collaboration, reflection).
    """
    model = LeadershipModel(**parameters, rng=seed).run(weeks)
    n_teams = int(model.parameters["n_teams"])
    common = {
        "organisation": organisation,
        "seed": seed,
        "pressure": float(model.parameters["pressure"]),
        "intended_style": _style_label(model.parameters["intended_style"]),
    }
    style = model.state.managers.style
    managers = pd.DataFrame(
        [
            {
                **common,
                "team": organisation * n_teams + m.row,
                "team_in_organisation": m.row,
                **{f"true_{kind}": float(style[m.row, k]) for k, kind in enumerate(STYLE_KINDS)},
                **{f"intended_{kind}": w for kind, w in m.intended_style.items()},
                "perceived_collaboration": m.perceived_collaboration,
                "reflection": m.reflection,
            }
            for m in model.managers
        ]
    )
    professionals = pd.DataFrame(
        [
            {
                **common,
                "team": organisation * n_teams + p.team,
                "team_in_organisation": p.team,
                "professional": p.row,
                **{f"true_{kind}": float(style[p.team, k]) for k, kind in enumerate(STYLE_KINDS)},
                "proactivity": p.proactivity,
                "external_orientation": float(
                    model.state.professionals.effort[p.row, CLIENT]
                    + model.state.professionals.effort[p.row, NETWORK]
                ),
                "wellbeing": p.wellbeing,
                **{f"effort_{name}": share for name, share in zip(ORIENTATIONS, _effort(p), strict=True)},
                "role_ambiguity": p.role_ambiguity,
                "felt_accountability": p.felt_accountability,
                "collaboration": p.collaboration,
                "self_reported_collaboration": p.self_reported_collaboration,
            }
            for p in model.professionals
        ]
    )
    return professionals, managers


def _effort(professional: Any) -> list[float]:
    return list(professional.effort.values())
