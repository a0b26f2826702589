"""The survey's design: which organisations are simulated and who is asked.

The essay's survey asked about 150 professionals and 60 team managers in several Dutch
work-and-reintegration organisations (essay digest). The virtual survey mirrors that:

* **Organisations.** ``organisations`` runs of :class:`leadsim.LeadershipModel` with adaptive
  managers (``style=None``) for ``weeks`` weeks. They differ in performance pressure and in the
  centre of their managers' intended style: organisation i (0-based) gets pressure
  ``pressure_min + i (pressure_max - pressure_min) / (organisations - 1)`` and the intended style
  ``intended_styles[i % len(intended_styles)]``. With the defaults (10 organisations, five styles,
  pressure 0.2..0.8) every intended style appears once at a lower and once at a higher pressure,
  so pressure and intended style are not confounded. Within an organisation the managers'
  intended styles scatter around that centre (the model's ``style_diversity``) and their enacted
  styles drift under pressure, which gives the survey its variation in perceived styles.
  Every other model parameter keeps its default unless given in ``model``.
* **Sampling frame.** All professionals and all managers of all organisations at the end of the
  horizon. ``professionals`` professionals and ``managers`` managers are drawn by simple random
  sampling without replacement from the pooled frame (the essay does not describe its sampling;
  this is the plainest assumption). A sampled professional rates her own manager whether or not
  that manager is sampled.

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

__all__ = [
    "DESIGN_PARAMETERS",
    "SurveyDesign",
    "organisation_plan",
    "simulate_organisation",
]

DEFAULT_INTENDED_STYLES: tuple[str, ...] = (
    "hierarchical",
    "supportive",
    "accountable",
    "visionary",
    "balanced",
)

# Model parameters the design sets per organisation; they cannot also be overridden.
DESIGN_PARAMETERS: frozenset[str] = frozenset({"pressure", "intended_style"})


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


@dataclass(frozen=True)
class SurveyDesign:
    """The virtual survey's design: organisations, horizon, sample sizes and rating scale.

    Attributes:
        organisations: Number of simulated organisations (>= 1).
        professionals: Professionals sampled (>= 10, at most the professionals in the frame).
        managers: Managers sampled (>= 0, at most the managers in the frame).
        weeks: Weeks each organisation runs before the survey (>= 1).
        noise: Response-noise sd of a style item, in style-weight units, in [0, 1]
            (see :mod:`leadsim.survey.perception`).
        items: Items per style scale, in [1, 20].
        scale_points: Categories of the rating scale, in [2, 11].
        pressure_min: Pressure of the first organisation, in [0, 1].
        pressure_max: Pressure of the last organisation, in [pressure_min, 1].
        intended_styles: Centres of the managers' intended styles, cycled over organisations
            (style names or mappings of the four weights).
        model: Other model parameters for every organisation (not ``pressure`` or
            ``intended_style``, which the design sets).
    """

    organisations: int = 10
    professionals: int = 150
    managers: int = 60
    weeks: int = 104
    noise: float = 0.1
    items: int = 4
    scale_points: int = 5
    pressure_min: float = 0.2
    pressure_max: float = 0.8
    intended_styles: tuple[StyleSpec, ...] = DEFAULT_INTENDED_STYLES
    model: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_int("organisations", self.organisations, 1, 1000)
        _check_int("weeks", self.weeks, 1, 5200)
        _check_float("noise", self.noise, 0.0, 1.0)
        _check_int("items", self.items, 1, 20)
        _check_int("scale_points", self.scale_points, 2, 11)
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
        if not isinstance(self.model, Mapping):
            raise ParameterTypeError("model", "must be a mapping of model parameters", self.model)
        fixed = sorted(DESIGN_PARAMETERS & set(self.model))
        if fixed:
            raise ParameterError(
                fixed[0],
                "is set per organisation by the survey design (use pressure_min/pressure_max and "
                "intended_styles)",
                self.model[fixed[0]],
            )
        validate_parameters(self.model)
        object.__setattr__(self, "model", MappingProxyType(dict(self.model)))
        _check_int("professionals", self.professionals, 10, self.frame_professionals)
        _check_int("managers", self.managers, 0, self.frame_managers)

    def _model_value(self, name: str) -> Any:
        return self.model[name] if name in self.model else defaults()[name]

    @property
    def frame_managers(self) -> int:
        """Managers in the sampling frame (organisations x teams)."""
        return int(self.organisations * self._model_value("n_teams"))

    @property
    def frame_professionals(self) -> int:
        """Professionals in the sampling frame (organisations x teams x team size)."""
        return int(self.frame_managers * self._model_value("team_size"))

    def as_dict(self) -> dict[str, Any]:
        """The design as plain data (for records and JSON)."""
        return {
            "organisations": self.organisations,
            "professionals": self.professionals,
            "managers": self.managers,
            "weeks": self.weeks,
            "noise": self.noise,
            "items": self.items,
            "scale_points": self.scale_points,
            "pressure_min": self.pressure_min,
            "pressure_max": self.pressure_max,
            "intended_styles": [s if isinstance(s, str) else dict(s) for s in self.intended_styles],
            "model": dict(self.model),
        }


def organisation_plan(design: SurveyDesign) -> list[dict[str, Any]]:
    """The model parameters of each organisation (pressure, intended style, overrides).

    Returns:
        One dict of keyword arguments for :class:`leadsim.LeadershipModel` per organisation
        (without ``rng``), in organisation order.
    """
    n = design.organisations
    pressures = np.linspace(design.pressure_min, design.pressure_max, n) if n > 1 else [design.pressure_min]
    styles = design.intended_styles
    return [
        {
            **design.model,
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
