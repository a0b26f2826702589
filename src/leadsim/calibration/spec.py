"""Calibration files: priors with reasons, the simulated organisation, the ABC-SMC settings.

A calibration file (TOML) says what to calibrate and how. The packaged default
(``leadsim/calibration/default.toml``, :data:`DEFAULT_CALIBRATION`) is a complete example::

    name = "service-magnitudes"
    targets = "targets.toml"          # relative to this file; the packaged targets by default

    [simulation]
    steps = 156                       # weeks per run
    burn_in = 52                      # weeks before the measurement windows
    replications = 1                  # runs per particle (statistics averaged)

    [parameters]                      # fixed for every run (any leadsim parameter)
    n_teams = 2

    [prior.placement_base]
    distribution = "uniform"          # or "loguniform"
    low = 0.0005
    high = 0.01
    reason = "uniform over ..., a range that brackets ..."

    [abc]
    population = 100                  # particles per generation
    generations = 6
    quantile = 0.5                    # epsilon of generation t+1: this quantile of t's distances
    min_epsilon = 0.0                 # stop once epsilon is at most this
    min_acceptance = 0.005            # stop once a generation's acceptance rate is below this
    ppc_draws = 30                    # posterior predictive runs

Rules (each problem reported with file, key, rule and value): a prior names a ``float``
parameter of :data:`leadsim.parameters.PARAMETERS` and lies within its range, ``low < high``
(``low > 0`` for ``loguniform``), and has a reason; a parameter is either fixed or has a prior;
fixed values pass the model's own checks; ``steps`` covers the burn-in and both measurement
windows (:func:`leadsim.calibration.statistics.required_steps`); ``in_work_26w`` needs
``followup_weeks`` = 26; the population has at least max(4, 2k) particles for k priors, so that
the transition kernel's covariance can be estimated.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from leadsim.calibration.errors import CalibrationError, Problems, read_toml
from leadsim.calibration.statistics import DURABILITY_WEEKS, required_steps
from leadsim.calibration.targets import DEFAULT_TARGETS, TargetSet, load_targets
from leadsim.errors import LeadsimError
from leadsim.parameters import PARAMETERS, defaults, validate_parameters

__all__ = [
    "DEFAULT_CALIBRATION",
    "DISTRIBUTIONS",
    "CalibrationSpec",
    "Prior",
    "load_calibration",
    "parse_calibration",
]

DEFAULT_CALIBRATION = Path(str(resources.files("leadsim.calibration") / "default.toml"))
"""The packaged calibration file."""

Distribution = Literal["uniform", "loguniform"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("uniform", "loguniform")

_TOP_KEYS = ("name", "description", "targets", "simulation", "parameters", "prior", "abc")
_SIMULATION_KEYS = ("steps", "burn_in", "replications")
_PRIOR_KEYS = ("distribution", "low", "high", "reason")
_ABC_KEYS = ("population", "generations", "quantile", "min_epsilon", "min_acceptance", "ppc_draws")
_ABC_DEFAULTS: dict[str, Any] = {
    "population": 100,
    "generations": 6,
    "quantile": 0.5,
    "min_epsilon": 0.0,
    "min_acceptance": 0.005,
    "ppc_draws": 30,
}

# --quick: the largest sizes kept, so a calibration runs in seconds (a smoke test, not a result).
QUICK_POPULATION = 12
QUICK_GENERATIONS = 3
QUICK_PPC_DRAWS = 4
QUICK_BURN_IN = 26
QUICK_ORGANISATION: dict[str, int] = {"n_teams": 2, "team_size": 3, "n_partners": 6}


@dataclass(frozen=True, slots=True)
class Prior:
    """The prior of one calibrated parameter.

    Attributes:
        name: A ``float`` parameter of :data:`leadsim.parameters.PARAMETERS`.
        distribution: ``uniform`` or ``loguniform`` on [low, high].
        low: Lower end, within the parameter's range.
        high: Upper end, within the parameter's range.
        reason: Why this prior.
    """

    name: str
    distribution: Distribution
    low: float
    high: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The prior as plain data."""
        return {"distribution": self.distribution, "low": self.low, "high": self.high, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CalibrationSpec:
    """A checked calibration file.

    Attributes:
        name: Name of the calibration.
        description: Free text.
        source: The file read (``None`` for data built in code).
        targets: The targets (all roles; the ABC reads only ``targets.for_calibration()``).
        parameters: Fixed model parameters of every run.
        priors: The calibrated parameters' priors, in file order.
        steps: Weeks per run.
        burn_in: Weeks before the measurement windows.
        replications: Runs per particle.
        population: Particles per generation.
        generations: Most generations.
        quantile: Epsilon of the next generation as this quantile of the last one's distances.
        min_epsilon: Stop once epsilon is at most this.
        min_acceptance: Stop once the acceptance rate falls below this.
        ppc_draws: Posterior predictive runs.
        quick: Whether this is the reduced ``--quick`` version.
    """

    name: str
    targets: TargetSet
    priors: tuple[Prior, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    source: Path | None = None
    steps: int = 156
    burn_in: int = 52
    replications: int = 1
    population: int = 100
    generations: int = 6
    quantile: float = 0.5
    min_epsilon: float = 0.0
    min_acceptance: float = 0.005
    ppc_draws: int = 30
    quick: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The calibrated parameters' names."""
        return tuple(p.name for p in self.priors)

    def to_dict(self) -> dict[str, Any]:
        """Everything that determines the result, as plain data (for the manifest and digest)."""
        return {
            "name": self.name,
            "parameters": dict(self.parameters),
            "priors": {p.name: p.to_dict() for p in self.priors},
            "simulation": {"steps": self.steps, "burn_in": self.burn_in, "replications": self.replications},
            "abc": {
                "population": self.population,
                "generations": self.generations,
                "quantile": self.quantile,
                "min_epsilon": self.min_epsilon,
                "min_acceptance": self.min_acceptance,
                "ppc_draws": self.ppc_draws,
            },
            "calibration_targets": [t.to_dict() for t in self.targets.for_calibration()],
            "quick": self.quick,
        }

    def digest(self) -> str:
        """A hash of :meth:`to_dict`: a results directory belongs to one calibration.

        Only calibration targets enter it (held-out targets cannot change the calibration).
        """
        text = json.dumps(self.to_dict(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def reduced(self) -> CalibrationSpec:
        """The ``--quick`` version: a tiny organisation, a short run and few particles."""
        parameters = {**self.parameters, **QUICK_ORGANISATION}
        followup = int(parameters.get("followup_weeks", defaults()["followup_weeks"]))
        return replace(
            self,
            parameters=parameters,
            burn_in=min(self.burn_in, QUICK_BURN_IN),
            steps=required_steps(min(self.burn_in, QUICK_BURN_IN), followup),
            replications=1,
            population=min(self.population, max(QUICK_POPULATION, 2 * len(self.priors))),
            generations=min(self.generations, QUICK_GENERATIONS),
            ppc_draws=min(self.ppc_draws, QUICK_PPC_DRAWS),
            quick=True,
        )


def load_calibration(
    path: str | Path = DEFAULT_CALIBRATION, *, targets: str | Path | None = None
) -> CalibrationSpec:
    """Read and check a calibration file and its targets.

    Args:
        path: The calibration file (the packaged default if not given).
        targets: A targets file that replaces the one the calibration file names.

    Returns:
        The checked calibration.

    Raises:
        CalibrationError: The file or its targets break a rule (all problems of a file together).
    """
    path = Path(path)
    problems = Problems()
    data = read_toml(path)
    if targets is not None:
        target_path = Path(targets)
    elif isinstance(data.get("targets"), str):
        target_path = path.parent / data["targets"]
    else:
        target_path = DEFAULT_TARGETS
    if "targets" in data and not isinstance(data["targets"], str):
        problems.add("targets", f"must be the path of a targets file (got {data['targets']!r})")
        problems.raise_if_any(CalibrationError, path)
    target_set = load_targets(target_path)
    return parse_calibration(data, target_set, source=path)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _table(data: Mapping[str, Any], key: str, problems: Problems) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.add(key, f"must be a table (got {value!r})")
        return {}
    return value


def parse_calibration(
    data: Mapping[str, Any], targets: TargetSet, source: Path | None = None
) -> CalibrationSpec:
    """Check a calibration given as data (a parsed TOML document).

    Args:
        data: The document.
        targets: The checked targets.
        source: The file it came from, for messages.

    Returns:
        The checked calibration.

    Raises:
        CalibrationError: Any rule broken (all problems together).
    """
    problems = Problems()
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(key, f"is not a key of a calibration file (valid keys: {', '.join(_TOP_KEYS)})")
    name = data.get("name", "calibration")
    if not isinstance(name, str) or not name.strip():
        problems.add("name", f"must be a non-empty string (got {name!r})")
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.add("description", f"must be a string (got {description!r})")

    fixed = dict(_table(data, "parameters", problems))
    for key, value in fixed.items():
        try:
            validate_parameters({key: value})
        except LeadsimError as exc:
            problems.add(f"parameters.{key}", str(exc))

    priors: list[Prior] = []
    prior_table = _table(data, "prior", problems)
    if not prior_table:
        problems.add("prior", "must declare at least one prior ([prior.NAME]) (got none)")
    for pname, entry in prior_table.items():
        prior = _parse_prior(pname, entry, fixed, problems)
        if prior is not None:
            priors.append(prior)

    simulation = _table(data, "simulation", problems)
    for key in simulation:
        if key not in _SIMULATION_KEYS:
            problems.add(
                f"simulation.{key}",
                f"is not a key of [simulation] (valid keys: {', '.join(_SIMULATION_KEYS)})",
            )
    burn_in = simulation.get("burn_in", 52)
    if not _is_int(burn_in) or burn_in < 0:
        problems.add("simulation.burn_in", f"must be a non-negative integer (got {burn_in!r})")
        burn_in = 0
    followup = fixed.get("followup_weeks", defaults()["followup_weeks"])
    followup = int(followup) if _is_int(followup) else DURABILITY_WEEKS
    least = required_steps(burn_in, followup)
    steps = simulation.get("steps", max(156, least))
    if not _is_int(steps) or steps < least:
        problems.add(
            "simulation.steps",
            f"must be an integer >= {least} (burn_in {burn_in} + a 52-week window + followup_weeks "
            f"{followup}) (got {steps!r})",
        )
    replications = simulation.get("replications", 1)
    if not _is_int(replications) or replications < 1:
        problems.add("simulation.replications", f"must be a positive integer (got {replications!r})")

    abc = _table(data, "abc", problems)
    for key in abc:
        if key not in _ABC_KEYS:
            problems.add(f"abc.{key}", f"is not a key of [abc] (valid keys: {', '.join(_ABC_KEYS)})")
    settings = {**_ABC_DEFAULTS, **{k: v for k, v in abc.items() if k in _ABC_KEYS}}
    least_population = max(4, 2 * len(prior_table))
    if not _is_int(settings["population"]) or settings["population"] < least_population:
        problems.add(
            "abc.population",
            f"must be an integer >= {least_population} (max(4, 2 x {len(prior_table)} priors), "
            f"to estimate the transition covariance) (got {settings['population']!r})",
        )
    for key in ("generations", "ppc_draws"):
        if not _is_int(settings[key]) or settings[key] < 1:
            problems.add(f"abc.{key}", f"must be a positive integer (got {settings[key]!r})")
    if not _is_number(settings["quantile"]) or not 0 < settings["quantile"] < 1:
        problems.add("abc.quantile", f"must be a number in (0, 1) (got {settings['quantile']!r})")
    if not _is_number(settings["min_epsilon"]) or settings["min_epsilon"] < 0:
        problems.add("abc.min_epsilon", f"must be a non-negative number (got {settings['min_epsilon']!r})")
    if not _is_number(settings["min_acceptance"]) or not 0 <= settings["min_acceptance"] < 1:
        problems.add("abc.min_acceptance", f"must be a number in [0, 1) (got {settings['min_acceptance']!r})")

    calibration_targets = targets.for_calibration()
    where = f" in {targets.source}" if targets.source else ""
    if not calibration_targets:
        problems.add("targets", f"must hold at least one calibration target{where} (got none)")
    if followup != DURABILITY_WEEKS and any(t.observable == "in_work_26w" for t in calibration_targets):
        problems.add(
            "parameters.followup_weeks",
            f"must be {DURABILITY_WEEKS} when a calibration target is in_work_26w (got {followup})",
        )
    problems.raise_if_any(CalibrationError, source)
    return CalibrationSpec(
        name=name,
        description=description,
        source=source,
        targets=targets,
        priors=tuple(priors),
        parameters=fixed,
        steps=int(steps),
        burn_in=int(burn_in),
        replications=int(replications),
        population=int(settings["population"]),
        generations=int(settings["generations"]),
        quantile=float(settings["quantile"]),
        min_epsilon=float(settings["min_epsilon"]),
        min_acceptance=float(settings["min_acceptance"]),
        ppc_draws=int(settings["ppc_draws"]),
    )


def _parse_prior(name: str, entry: Any, fixed: Mapping[str, Any], problems: Problems) -> Prior | None:
    where = f"prior.{name}"
    before = len(problems.items)
    spec = PARAMETERS.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, PARAMETERS, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        problems.add(where, f"must name a leadsim parameter{hint} (got {name!r})")
        return None
    if spec.kind != "float":
        problems.add(
            where, f"must name a float parameter: only those can be calibrated ({name!r} is {spec.kind})"
        )
        return None
    if name in fixed:
        problems.add(where, f"must not also be fixed in [parameters] (got {name} = {fixed[name]!r} there)")
    if not isinstance(entry, dict):
        problems.add(where, f"must be a table with {', '.join(_PRIOR_KEYS)} (got {entry!r})")
        return None
    for key in entry:
        if key not in _PRIOR_KEYS:
            problems.add(f"{where}.{key}", f"is not a key of a prior (valid keys: {', '.join(_PRIOR_KEYS)})")
    distribution = entry.get("distribution", "uniform")
    if distribution not in DISTRIBUTIONS:
        problems.add(
            f"{where}.distribution", f"must be one of {', '.join(DISTRIBUTIONS)} (got {distribution!r})"
        )
    lo_range = -math.inf if spec.low is None else spec.low
    hi_range = math.inf if spec.high is None else spec.high
    bounds: dict[str, float] = {}
    for key in ("low", "high"):
        value = entry.get(key)
        if value is None:
            problems.add(f"{where}.{key}", "is required (got nothing)")
        elif not _is_number(value) or not lo_range <= value <= hi_range:
            problems.add(
                f"{where}.{key}",
                f"must be a number in [{spec.low:g}, {spec.high:g}], the range of {name!r} in "
                f"leadsim.PARAMETERS (got {value!r})",
            )
        else:
            bounds[key] = float(value)
    if len(bounds) == 2 and bounds["low"] >= bounds["high"]:
        problems.add(
            f"{where}.high", f"must be greater than low = {bounds['low']:g} (got {bounds['high']:g})"
        )
    if distribution == "loguniform" and bounds.get("low", 1.0) <= 0:
        problems.add(f"{where}.low", f"must be positive for a loguniform prior (got {bounds['low']:g})")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.add(f"{where}.reason", f"is required: say why this prior (got {reason!r})")
    if len(problems.items) > before:
        return None
    return Prior(name, distribution, bounds["low"], bounds["high"], str(reason))
