"""The classroom page's controls and the Mesa model it steps.

The controls are data (:data:`CONTROLS`): each one that sets a model parameter takes its range
from :data:`leadsim.PARAMETERS`, narrowed where the full range makes no sense on a projector
(a national organisation of 100,000 teams), so the page stays in step with the model.
:func:`model_params` turns them into the ``model_params`` of Mesa's ``SolaraViz``.

SolaraViz builds a new model from the controls when *Reset* is pressed, by calling the model
class with the controls' values as keywords. :class:`ClassroomModel` is that class: a small
``mesa.Model`` that translates the controls into the keywords of
:class:`leadsim.LeadershipModel` (a style name, adaptive managers, or four custom intensities,
each in [0, 1] and free of any sum rule), builds the simulation and steps it. When the model
refuses a setting (a seed that is not a whole number, an intensity outside [0, 1] given from
Python), it does not raise: it keeps the model's message in :attr:`ClassroomModel.refusal`,
builds nothing and does not run, so the page can show the message instead of crashing.

Some settings can also be changed while a model runs (:data:`LIVE_SETTINGS`: pressure, scrutiny,
peer action learning): :meth:`ClassroomModel.intervene` checks the new value with the model's own
rules and writes it into the parameter namespace that the model's weekly stages read
(``LeadershipModel._p``, a :class:`types.SimpleNamespace`; the stages read ``p.pressure``,
``p.action_learning`` and, through a packed tuple of coefficients that is cached on the
namespace, ``p.scrutiny``: the cache is dropped so the next week packs the new value). The change
acts from the next week on and is kept as an :class:`Intervention`, which the views mark at its
week. ``LeadershipModel.parameters`` keeps the values the run started with.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import mesa
import numpy as np
from numpy.typing import NDArray

from leadsim.app.figures import Mark, Snapshot, snapshot_of
from leadsim.errors import LeadsimError, ParameterError
from leadsim.model import LeadershipModel
from leadsim.observables import REGIMES
from leadsim.parameters import PARAMETERS, defaults, validate_parameters
from leadsim.styles import STYLE_KINDS, STYLE_NAMES

__all__ = [
    "ADAPTIVE",
    "CONTROLS",
    "CUSTOM",
    "CUSTOM_DEFAULT",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "LIVE_SETTINGS",
    "STYLE_CHOICES",
    "ClassroomModel",
    "Control",
    "Intervention",
    "model_kwargs",
    "model_params",
    "parse_seed",
]

ADAPTIVE = "adaptive"
"""The manager-style choice for adaptive managers (``style=None``)."""
CUSTOM = "custom intensities"
"""The manager-style choice that uses the four intensity sliders."""
CUSTOM_DEFAULT = 0.5
"""Initial value of each intensity slider (the balanced profile)."""
STYLE_CHOICES: tuple[str, ...] = (ADAPTIVE, *STYLE_NAMES, CUSTOM)

DEFAULT_SEED = 42
DEFAULT_WEEKS = 156
MAX_WEEKS = 520
_RUN_IDS = itertools.count(1)

LIVE_SETTINGS: tuple[str, ...] = ("pressure", "scrutiny", "action_learning")
"""The settings that :meth:`ClassroomModel.intervene` can change while a model runs."""

ControlKind = Literal["float", "int", "bool", "choice", "text"]


@dataclass(frozen=True, slots=True)
class Control:
    """One control of the page.

    Attributes:
        name: The keyword of :class:`ClassroomModel` the control sets.
        label: What the page shows next to it.
        kind: ``float`` or ``int`` (a slider), ``bool`` (a checkbox), ``choice`` (a select) or
            ``text`` (a text field).
        value: The initial value.
        low: Lowest slider value.
        high: Highest slider value.
        step: Slider step.
        choices: The options of a ``choice``.
        parameter: The :data:`leadsim.PARAMETERS` entry whose range and meaning it follows, if any.
    """

    name: str
    label: str
    kind: ControlKind
    value: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    parameter: str | None = None

    @property
    def doc(self) -> str:
        """The meaning of the control (the parameter's documentation where there is one)."""
        if self.parameter is not None:
            return PARAMETERS[self.parameter].doc
        return _EXTRA_DOCS.get(self.name, self.label)


_EXTRA_DOCS = {
    "weeks": "weeks to simulate before Play stops (156 = three years)",
    "seed": "root seed of the model's random numbers: the same seed gives the same run",
    "style": (
        "adaptive managers drift under pressure; a named style fixes every manager's four style "
        "intensities (laissez_faire: all low, the absence of leadership); 'custom intensities' uses "
        "the four intensity sliders, each in [0, 1] on its own scale (a manager can be high on all)"
    ),
}

# Classroom caps on ranges that the model allows but a projector cannot show (or step live).
_CAPS = {"n_teams": 12, "team_size": 30}


def _parameter_slider(name: str, label: str, step: float) -> Control:
    spec = PARAMETERS[name]
    assert spec.low is not None and spec.high is not None  # every slider parameter is bounded
    high = min(spec.high, _CAPS.get(name, spec.high))
    value = defaults()[name]
    return Control(name, label, spec.kind, value, spec.low, high, step, parameter=name)  # type: ignore[arg-type]


def _intensity_slider(kind: str) -> Control:
    return Control(f"intensity_{kind}", f"Intensity: {kind}", "float", CUSTOM_DEFAULT, 0.0, 1.0, 0.05)


def _parameter_choice(name: str, label: str) -> Control:
    spec = PARAMETERS[name]
    return Control(name, label, "choice", defaults()[name], choices=spec.choices, parameter=name)


CONTROLS: tuple[Control, ...] = (
    _parameter_slider("pressure", "Pressure", 0.05),
    _parameter_choice("pressure_scenario", "Pressure scenario"),
    Control("style", "Manager style", "choice", ADAPTIVE, choices=STYLE_CHOICES, parameter=None),
    *(_intensity_slider(kind) for kind in STYLE_KINDS),
    _parameter_slider("co_creation", "Vision co-creation", 0.05),
    _parameter_slider("scrutiny", "Scrutiny", 0.05),
    _parameter_slider("reflection", "Reflection", 0.05),
    _parameter_slider("theory_of_change", "Theory of change", 0.05),
    _parameter_slider("visibility", "Visibility", 0.05),
    Control(
        "action_learning",
        "Peer action learning",
        "bool",
        defaults()["action_learning"],
        parameter="action_learning",
    ),
    _parameter_choice("learning_form", "Action learning changes"),
    _parameter_choice("support_form", "Support acts as"),
    _parameter_choice("compensation_form", "Compensation"),
    Control(
        "attention_budget",
        "Attention budget",
        "bool",
        defaults()["attention_budget"],
        parameter="attention_budget",
    ),
    _parameter_slider("n_teams", "Teams", 1),
    _parameter_slider("team_size", "Team size", 1),
    Control("weeks", "Weeks", "int", DEFAULT_WEEKS, 4, MAX_WEEKS, 4),
    Control("seed", "Seed", "text", str(DEFAULT_SEED)),
)
"""The page's controls, in the order the sidebar shows them."""

_MESA_TYPES = {
    "float": "SliderFloat",
    "int": "SliderInt",
    "bool": "Checkbox",
    "choice": "Select",
    "text": "InputText",
}


def model_params() -> dict[str, dict[str, Any]]:
    """The controls as SolaraViz ``model_params`` (Mesa's dict specs of user inputs).

    Returns:
        A dict from keyword of :class:`ClassroomModel` to ``{"type": ..., "value": ..., ...}``.
    """
    params: dict[str, dict[str, Any]] = {}
    for control in CONTROLS:
        spec: dict[str, Any] = {
            "type": _MESA_TYPES[control.kind],
            "value": control.value,
            "label": control.label,
        }
        if control.kind in ("float", "int"):
            spec.update(min=control.low, max=control.high, step=control.step)
        elif control.kind == "choice":
            spec["values"] = list(control.choices)
        params[control.name] = spec
    return params


def parse_seed(value: object) -> int:
    """Read the seed control: a non-negative integer, also as text.

    Raises:
        ParameterError: The value is not a non-negative integer.
    """
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= 0:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and text.isascii():
            return int(text)
    raise ParameterError("seed", "must be a non-negative integer", value)


def _style_value(settings: Mapping[str, Any]) -> Any:
    style = settings["style"]
    if style == ADAPTIVE:
        return None
    if style == CUSTOM:
        return {kind: settings[f"intensity_{kind}"] for kind in STYLE_KINDS}
    return style


def model_kwargs(settings: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """Translate the controls into :class:`leadsim.LeadershipModel` keywords and a seed.

    Args:
        settings: A value for every control in :data:`CONTROLS`, by name.

    Returns:
        The model's keywords (checked by :func:`leadsim.parameters.validate_parameters`) and
        the seed.

    Raises:
        ParameterError: A value the model refuses; the message names the field, the rule and
            the value, exactly as the model words it.
        ParameterTypeError: A value of the wrong type.
    """
    kwargs: dict[str, Any] = {
        control.parameter: settings[control.name]
        for control in CONTROLS
        if control.parameter is not None and control.name == control.parameter
    }
    kwargs["style"] = _style_value(settings)
    validate_parameters(kwargs)
    weeks = settings["weeks"]
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or not 1 <= weeks <= MAX_WEEKS:
        raise ParameterError("weeks", f"must be an integer in [1, {MAX_WEEKS}]", weeks)
    return kwargs, parse_seed(settings["seed"])


@dataclass(frozen=True, slots=True)
class Intervention:
    """A setting changed while the model ran.

    Attributes:
        week: Weeks simulated when it changed; the new value acts from week ``week + 1`` on.
        name: The setting (one of :data:`LIVE_SETTINGS`).
        old: The value before.
        new: The value after.
    """

    week: int
    name: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        """A short text for the plots, e.g. ``pressure 0.50→0.90`` or ``action learning on``."""
        if isinstance(self.new, bool):
            return f"{self.name.replace('_', ' ')} {'on' if self.new else 'off'}"
        return f"{self.name} {self.old:.2f}→{self.new:.2f}"


class ClassroomModel(mesa.Model):
    """The Mesa model the classroom page steps: one leadsim run, or the reason it was refused.

    SolaraViz calls this class with the controls' values (see :data:`CONTROLS`) whenever Reset
    is pressed. Invalid settings do not raise: :attr:`refusal` holds the model's message,
    :attr:`simulation` is ``None`` and the model does not run.

    Args:
        pressure: Performance pressure.
        pressure_scenario: How pressure moves over time.
        style: ``adaptive``, a style name, or ``custom intensities``.
        intensity_hierarchical: Hierarchical intensity of a custom style, in [0, 1].
        intensity_supportive: Supportive intensity of a custom style, in [0, 1].
        intensity_accountable: Accountable intensity of a custom style, in [0, 1].
        intensity_visionary: Visionary intensity of a custom style, in [0, 1].
        co_creation: Initial vision co-creation.
        scrutiny: Political and public scrutiny.
        reflection: Managers' initial reflection.
        theory_of_change: Managers' initial theory of change.
        visibility: Initial visibility of professionals' collaboration to managers.
        action_learning: Whether managers take part in peer action learning.
        learning_form: What action learning changes (``reframe`` or ``restore``).
        support_form: How supportive attention acts (``resource`` or ``comfort``).
        compensation_form: How supportive attention answers steering (``strain``, ``coupled``
            or ``none``).
        attention_budget: Whether a finite weekly attention budget forces trade-offs.
        n_teams: Number of teams.
        team_size: Professionals per team.
        weeks: Weeks to simulate before the run stops.
        seed: Seed of the simulation (an integer, or its text).

    Attributes:
        settings: The controls' values this model was built from.
        refusal: The model's error message if the settings were refused, else ``None``.
        simulation: The :class:`leadsim.LeadershipModel`, or ``None`` if refused.
        seed: The simulation's seed, or ``None`` if refused.
        weeks: The horizon; ``running`` turns False when it is reached.
        interventions: The settings changed during the run, in order.
        run_id: A number that is different for every model built in this process (the page
            redraws its views when it changes).
    """

    def __init__(
        self,
        *,
        pressure: float = defaults()["pressure"],
        pressure_scenario: str = defaults()["pressure_scenario"],
        style: str = ADAPTIVE,
        intensity_hierarchical: float = CUSTOM_DEFAULT,
        intensity_supportive: float = CUSTOM_DEFAULT,
        intensity_accountable: float = CUSTOM_DEFAULT,
        intensity_visionary: float = CUSTOM_DEFAULT,
        co_creation: float = defaults()["co_creation"],
        scrutiny: float = defaults()["scrutiny"],
        reflection: float = defaults()["reflection"],
        theory_of_change: float = defaults()["theory_of_change"],
        visibility: float = defaults()["visibility"],
        action_learning: bool = defaults()["action_learning"],
        learning_form: str = defaults()["learning_form"],
        support_form: str = defaults()["support_form"],
        compensation_form: str = defaults()["compensation_form"],
        attention_budget: bool = defaults()["attention_budget"],
        n_teams: int = defaults()["n_teams"],
        team_size: int = defaults()["team_size"],
        weeks: int = DEFAULT_WEEKS,
        seed: int | str = DEFAULT_SEED,
    ) -> None:
        # The wrapper draws no random numbers; the simulation has its own generator.
        super().__init__(rng=0)
        self.run_id = next(_RUN_IDS)
        self.settings: dict[str, Any] = {
            name: value for name, value in locals().items() if name in {c.name for c in CONTROLS}
        }
        self.refusal: str | None = None
        self.simulation: LeadershipModel | None = None
        self.seed: int | None = None
        self.weeks = weeks
        self.interventions: list[Intervention] = []
        self._regimes: list[NDArray[np.int64]] = []
        try:
            kwargs, seed_value = model_kwargs(self.settings)
            self.simulation = LeadershipModel(**kwargs, rng=seed_value)
        except LeadsimError as exc:
            # Whatever the model refuses is shown on the page, in the model's own words.
            self.refusal = str(exc)
            self.simulation = None
            self.running = False
            return
        self.seed = seed_value
        self._record_regimes()
        self.running = self.simulation.week < self.weeks

    def step(self) -> None:
        """Simulate one week (nothing if the settings were refused or the horizon is reached)."""
        if self.simulation is None or self.simulation.week >= self.weeks:
            self.running = False
            return
        self.simulation.step()
        self._record_regimes()
        self.running = self.simulation.week < self.weeks

    def _record_regimes(self) -> None:
        assert self.simulation is not None
        self._regimes.append(np.array([REGIMES.index(r) for r in self.simulation.team_regimes()]))

    @property
    def week(self) -> int:
        """Weeks simulated so far (0 if refused)."""
        return 0 if self.simulation is None else self.simulation.week

    @property
    def regime_history(self) -> NDArray[np.int64]:
        """Each team's regime every week so far, as indices into :data:`leadsim.REGIMES`.

        Returns:
            An array of shape (weeks + 1, teams); row 0 is the initial state.
        """
        if not self._regimes:
            return np.zeros((0, 0), dtype=np.int64)
        return np.vstack(self._regimes)

    @property
    def finished(self) -> bool:
        """Whether the run reached its horizon (a refused model never runs, and is not finished)."""
        return self.simulation is not None and self.simulation.week >= self.weeks

    def live_value(self, name: str) -> Any:
        """The current value of a live setting (the last intervention's, or the initial one).

        Raises:
            ParameterError: ``name`` is not one of :data:`LIVE_SETTINGS`.
        """
        if name not in LIVE_SETTINGS:
            raise ParameterError(
                "setting", f"must be one of {', '.join(LIVE_SETTINGS)} to change during a run", name
            )
        if self.simulation is None:
            return self.settings[name]
        return getattr(self.simulation._p, name)

    def intervene(self, name: str, value: Any) -> Intervention | None:
        """Change a live setting of the running model, from the next week on.

        The value is checked by the model's own rules (:func:`leadsim.parameters.validate_parameters`).
        Two changes of the same setting in the same week are one intervention (the slider moved
        twice); a change back to the value before it removes it.

        Args:
            name: One of :data:`LIVE_SETTINGS`.
            value: The new value.

        Returns:
            The intervention, or ``None`` if nothing changed.

        Raises:
            ParameterError: ``name`` is not a live setting, the value breaks the model's rule
                (the message names the field, the rule and the value), or the model was refused.
            ParameterTypeError: The value has the wrong type.
        """
        old = self.live_value(name)
        validate_parameters({name: value})
        if self.simulation is None:
            raise ParameterError(name, "cannot change: the settings were refused, press Reset", value)
        if value == old:
            return None
        p = self.simulation._p
        setattr(p, name, value)
        # The stages pack scalar coefficients once per run and keep them on the namespace.
        p.__dict__.pop("_kernel_coefficients", None)
        week = self.simulation.week
        if self.interventions and (last := self.interventions[-1]).week == week and last.name == name:
            self.interventions.pop()
            old = last.old
            if value == old:
                return None
        intervention = Intervention(week, name, old, value)
        self.interventions.append(intervention)
        return intervention

    def snapshot(self, team: int | None = 0) -> Snapshot:
        """Copy what the page's views show out of the model (see :class:`leadsim.app.figures.Snapshot`).

        Args:
            team: The team of the team view (0-based; clipped to the teams there are), or ``None``.

        Raises:
            ValueError: The settings were refused (there is no model).
        """
        if self.simulation is None:
            raise ValueError("the settings were refused: there is no model to show")
        if team is not None:
            team = min(max(team, 0), self.simulation.state.managers.n - 1)
        marks = [Mark(i.week, i.label) for i in self.interventions]
        return snapshot_of(self.simulation, self.weeks, self.regime_history, team, marks)
