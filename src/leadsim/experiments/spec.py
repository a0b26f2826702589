"""Experiment files: parse and validate a TOML sweep description before anything runs.

An experiment file names the fixed model parameters, the factors that vary (discrete levels,
or ranges of int or float type), the design that samples them (``grid``, ``lhs``, ``sobol``,
``morris``), the replications and their root seed, the weeks to simulate and what to keep.
``docs/experiments.md`` describes every key. A minimal file::

    name = "sf1-pressure-reflection"

    [run]
    steps = 156
    replications = 10
    seed = 20240601

    [factors.pressure]
    levels = [0.2, 0.5, 0.8]

    [factors.reflection]
    low = 0.0
    high = 0.9
    points = 4

    [design]
    kind = "grid"

Every problem in a file is collected and reported together, each with its dotted key, the rule
and the value (``factors.pressure.high: must be a number in [0, 1] (got 1.5)``), in one
:class:`ExperimentError`; malformed TOML is reported with its line and column. Parameter values
are checked against :data:`leadsim.parameters.PARAMETERS`, the same specs the model uses.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from leadsim.errors import FileProblemsError, LeadsimError, Problem, Problems
from leadsim.observables import METRICS
from leadsim.parameters import PARAMETERS, check_parameter

__all__ = [
    "DESIGN_KINDS",
    "END_METRICS",
    "DesignSpec",
    "Experiment",
    "ExperimentError",
    "Factor",
    "Problem",
    "experiment_from_dict",
    "load_experiment",
    "parse_experiment",
]

DesignKind = Literal["grid", "lhs", "sobol", "morris"]
DESIGN_KINDS: tuple[DesignKind, ...] = ("grid", "lhs", "sobol", "morris")

END_METRICS: tuple[str, ...] = (*METRICS, "placements_first_year")
"""Metrics an experiment can keep at the end of each run (those of ``LeadershipModel.summary``)."""

ADAPTIVE = "adaptive"
"""How an experiment file writes ``style = None`` (adaptive managers): TOML has no null."""

DEFAULT_STEPS = 156
DEFAULT_REPLICATIONS = 1
DEFAULT_SEED = 42
DEFAULT_PERIOD = 4
DEFAULT_MORRIS_LEVELS = 4

# --quick: the largest sizes kept, so that any experiment runs in seconds (a smoke test).
QUICK_STEPS = 8
QUICK_REPLICATIONS = 2
QUICK_GRID_LEVELS = 2
QUICK_LHS_SAMPLES = 8
QUICK_SOBOL_SAMPLES = 4
QUICK_MORRIS_TRAJECTORIES = 3

_TOP_KEYS = ("name", "description", "run", "parameters", "factors", "design", "output")
_RUN_KEYS = ("steps", "replications", "seed")
_OUTPUT_KEYS = ("metrics", "timeseries", "period")
_FACTOR_KEYS = ("levels", "low", "high", "type", "points")
_DESIGN_KEYS: dict[str, tuple[str, ...]] = {
    "grid": ("kind",),
    "lhs": ("kind", "samples", "seed"),
    "sobol": ("kind", "samples", "second_order", "seed"),
    "morris": ("kind", "trajectories", "levels", "seed"),
}
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
"""An experiment's name: it becomes a folder name (``results/NAME``), so no path separators."""


# ---------------------------------------------------------------------------- errors
class ExperimentError(FileProblemsError):
    """An experiment file (or a results directory) is not usable; nothing has run.

    The message names the file, and for each problem the dotted key, the rule and the value;
    all problems of a file are reported together.

    Attributes:
        source: The experiment file or results directory concerned.
        problems: The problems found, in file order.
    """


# ---------------------------------------------------------------------------- the experiment
@dataclass(frozen=True, slots=True)
class Factor:
    """A model parameter that varies over the design.

    Either ``levels`` (discrete values, sampled uniformly by the sampled designs) or a range
    ``[low, high]`` of ``type`` int or float; on a grid a range gives ``points`` evenly spaced
    values, ends included.
    """

    name: str
    levels: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    type: Literal["int", "float"] | None = None
    points: int | None = None

    @property
    def is_range(self) -> bool:
        """Whether the factor is a numeric range (else a set of levels)."""
        return self.levels is None

    def to_dict(self) -> dict[str, Any]:
        """The factor as plain data (for the manifest and the experiment hash)."""
        if self.levels is not None:
            return {"levels": list(self.levels)}
        data: dict[str, Any] = {"low": self.low, "high": self.high, "type": self.type}
        if self.points is not None:
            data["points"] = self.points
        return data


@dataclass(frozen=True, slots=True)
class DesignSpec:
    """How the factors are sampled.

    Attributes:
        kind: ``grid`` (every combination), ``lhs`` (Latin hypercube, ``samples`` points),
            ``sobol`` (Saltelli's scheme for Sobol indices on a base sample of ``samples``, a power
            of two) or ``morris`` (``trajectories`` elementary-effect trajectories on a grid of
            ``levels`` levels).
        samples: Sample size of ``lhs`` and ``sobol``.
        second_order: Whether a ``sobol`` design also allows second-order indices.
        trajectories: Number of ``morris`` trajectories.
        levels: Number of ``morris`` grid levels (even).
        seed: Seed of the design's own sampling (``lhs``, ``sobol`` scrambling, ``morris``).
    """

    kind: DesignKind
    samples: int | None = None
    second_order: bool = False
    trajectories: int | None = None
    levels: int = DEFAULT_MORRIS_LEVELS
    seed: int = DEFAULT_SEED

    def to_dict(self) -> dict[str, Any]:
        """The design as plain data, only the keys its kind uses."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind in ("lhs", "sobol"):
            data.update(samples=self.samples, seed=self.seed)
        if self.kind == "sobol":
            data["second_order"] = self.second_order
        if self.kind == "morris":
            data.update(trajectories=self.trajectories, levels=self.levels, seed=self.seed)
        return data


@dataclass(frozen=True, slots=True)
class Experiment:
    """A validated experiment: what to run, how often, and what to keep.

    Build one with :func:`load_experiment` (from a TOML file) or :func:`parse_experiment` (from
    a mapping with the file's structure). Instances are immutable; :meth:`quick` gives a tiny
    version of the same experiment.

    Attributes:
        name: Short name of the experiment.
        description: What it asks, in words.
        fixed: Model parameters held fixed (style ``None`` means adaptive managers).
        factors: The parameters that vary, in file order.
        design: How the factors are sampled.
        steps: Weeks simulated per run.
        replications: Runs per design point, each with its own seed.
        seed: Root seed; replication r is seeded by the r-th child of ``SeedSequence(seed)``.
        metrics: End metrics kept per run (regime shares are always kept).
        timeseries: Whether to keep each run's time series.
        period: Weeks between the stored rows of a time series.
        is_quick: Whether this is the shrunk ``--quick`` version.
        source: The file it was read from, if any.
        file_sha256: SHA-256 of that file's bytes, if any.
    """

    name: str
    description: str
    fixed: Mapping[str, Any]
    factors: tuple[Factor, ...]
    design: DesignSpec
    steps: int = DEFAULT_STEPS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED
    metrics: tuple[str, ...] = END_METRICS
    timeseries: bool = False
    period: int = DEFAULT_PERIOD
    is_quick: bool = False
    source: Path | None = field(default=None, compare=False)
    file_sha256: str | None = field(default=None, compare=False)

    @property
    def factor_names(self) -> tuple[str, ...]:
        """Names of the factors, in file order."""
        return tuple(factor.name for factor in self.factors)

    @property
    def kept_metrics(self) -> tuple[str, ...]:
        """The metrics stored per run: those asked for plus every regime share."""
        regimes = tuple(name for name in METRICS if name.startswith("regime_"))
        return self.metrics + tuple(name for name in regimes if name not in self.metrics)

    @property
    def series_metrics(self) -> tuple[str, ...]:
        """The metrics stored in the time series (those kept that are weekly metrics)."""
        return tuple(name for name in self.kept_metrics if name in METRICS)

    def to_dict(self) -> dict[str, Any]:
        """Everything that decides the runs and their results, as plain JSON-able data."""
        return {
            "name": self.name,
            "description": self.description,
            "run": {"steps": self.steps, "replications": self.replications, "seed": self.seed},
            "parameters": dict(self.fixed),
            "factors": {factor.name: factor.to_dict() for factor in self.factors},
            "design": self.design.to_dict(),
            "output": {"metrics": list(self.metrics), "timeseries": self.timeseries, "period": self.period},
            "quick": self.is_quick,
        }

    @property
    def hash(self) -> str:
        """SHA-256 of what decides the results (not the name, description, comments or layout).

        A results directory belongs to one hash: resuming it with a different experiment, or
        with the ``--quick`` version of the same one, is refused.
        """
        data = self.to_dict()
        del data["name"], data["description"]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def quick(self) -> Experiment:
        """The same experiment at a tiny size, for a smoke test of the whole pipeline.

        At most 8 weeks and 2 replications; a grid keeps the first and last level of each factor
        (2 points per range); ``lhs`` keeps 8 samples, ``sobol`` a base sample of 4, ``morris``
        3 trajectories.
        """
        if self.is_quick:
            return self
        factors = (
            tuple(_quick_factor(factor) for factor in self.factors) if self.design.kind == "grid" else None
        )
        design = self.design
        if design.kind == "lhs":
            design = replace(design, samples=min(design.samples or 1, QUICK_LHS_SAMPLES))
        elif design.kind == "sobol":
            design = replace(design, samples=min(design.samples or 1, QUICK_SOBOL_SAMPLES))
        elif design.kind == "morris":
            design = replace(design, trajectories=min(design.trajectories or 2, QUICK_MORRIS_TRAJECTORIES))
        steps = min(self.steps, QUICK_STEPS)
        return replace(
            self,
            factors=factors or self.factors,
            design=design,
            steps=steps,
            replications=min(self.replications, QUICK_REPLICATIONS),
            period=min(self.period, steps),
            is_quick=True,
        )


def experiment_from_dict(data: Mapping[str, Any], *, source: str | Path | None = None) -> Experiment:
    """Rebuild an experiment from :meth:`Experiment.to_dict` (e.g. a results manifest)."""
    data = dict(data)
    quick = data.pop("quick", False) is True
    return replace(parse_experiment(data, source=source), is_quick=quick)


def _quick_factor(factor: Factor) -> Factor:
    if factor.levels is not None and len(factor.levels) > QUICK_GRID_LEVELS:
        return replace(factor, levels=(factor.levels[0], factor.levels[-1]))
    if factor.points is not None:
        return replace(factor, points=min(factor.points, QUICK_GRID_LEVELS))
    return factor


# ---------------------------------------------------------------------------- loading
def load_experiment(path: str | Path, *, quick: bool = False) -> Experiment:
    """Read and validate an experiment file.

    Args:
        path: The TOML file.
        quick: Return the tiny version of the experiment (see :meth:`Experiment.quick`).

    Returns:
        The validated experiment.

    Raises:
        ExperimentError: The file cannot be read, is not valid TOML (the line is given), or has
            any problem; all problems are listed together.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExperimentError(
            path, [Problem("", f"cannot read the experiment file: {exc.strerror}")]
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ExperimentError(path, [Problem("", f"is not UTF-8 text ({exc.reason})")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ExperimentError(path, [_toml_problem(exc)]) from None
    experiment = parse_experiment(data, source=path, default_name=path.stem)
    experiment = replace(experiment, file_sha256=hashlib.sha256(raw).hexdigest())
    return experiment.quick() if quick else experiment


def _toml_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    text = str(exc)
    position = _TOML_POSITION.search(text)
    if position:
        line, column = position.groups()
        reason = _TOML_POSITION.sub("", text)
        return Problem("", f"line {line}, column {column}: malformed TOML: {reason}")
    return Problem("", f"malformed TOML: {text}")


def parse_experiment(
    data: Mapping[str, Any], *, source: str | Path | None = None, default_name: str = "experiment"
) -> Experiment:
    """Validate an experiment given as a mapping with the structure of an experiment file.

    Args:
        data: The parsed TOML (or an equivalent dict, e.g. a manifest's ``experiment``).
        source: Where it came from, for error messages.
        default_name: Name used when ``name`` is not given.

    Returns:
        The validated experiment.

    Raises:
        ExperimentError: Every problem found, each with its dotted key.
    """
    problems = Problems()
    _check_keys(problems, "", data, _TOP_KEYS)
    name = _string(problems, "name", data.get("name", default_name))
    description = _string(problems, "description", data.get("description", ""))

    run = _table(problems, "run", data.get("run", {}))
    _check_keys(problems, "run", run, _RUN_KEYS)
    steps = _integer(problems, "run.steps", run.get("steps", DEFAULT_STEPS), minimum=1)
    replications = _integer(
        problems, "run.replications", run.get("replications", DEFAULT_REPLICATIONS), minimum=1
    )
    seed = _integer(problems, "run.seed", run.get("seed", DEFAULT_SEED), minimum=0)

    fixed = _fixed_parameters(problems, _table(problems, "parameters", data.get("parameters", {})))
    design = _design(problems, _table(problems, "design", data.get("design")), seed)
    factors = _factors(problems, _table(problems, "factors", data.get("factors")), fixed, design)
    metrics, timeseries, period = _output(problems, _table(problems, "output", data.get("output", {})))

    if problems.items:
        problems.raise_if_any(ExperimentError, source)
    assert design is not None  # for mypy: a missing design is a problem above
    return Experiment(
        name=name,
        description=description,
        fixed=fixed,
        factors=factors,
        design=design,
        steps=steps,
        replications=replications,
        seed=seed,
        metrics=metrics,
        timeseries=timeseries,
        period=period,
        source=None if source is None else Path(source),
    )


# ---------------------------------------------------------------------------- sections
def _fixed_parameters(problems: Problems, table: Mapping[str, Any]) -> dict[str, Any]:
    fixed: dict[str, Any] = {}
    for name, value in table.items():
        key = f"parameters.{name}"
        if _known_parameter(problems, key, name):
            checked = _parameter_value(problems, key, name, value)
            if checked is not _INVALID:
                fixed[name] = checked
    return fixed


def _design(problems: Problems, table: Mapping[str, Any] | None, root_seed: int) -> DesignSpec | None:
    if table is None:
        return None
    if "kind" not in table:
        problems.add("design.kind", f"is missing (one of {', '.join(DESIGN_KINDS)})")
        return None
    kind = table["kind"]
    if kind not in DESIGN_KINDS:
        problems.add("design.kind", f"must be one of {', '.join(DESIGN_KINDS)} (got {kind!r})")
        return None
    _check_keys(problems, "design", table, _DESIGN_KEYS[kind], context=f"a {kind} design")
    seed = _integer(problems, "design.seed", table.get("seed", root_seed), minimum=0)
    spec = DesignSpec(kind=kind, seed=seed)
    if kind == "lhs":
        spec = replace(spec, samples=_required_integer(problems, "design.samples", table, minimum=2))
    elif kind == "sobol":
        samples = _required_integer(problems, "design.samples", table, minimum=1)
        if samples and samples & (samples - 1):
            below = 1 << (samples.bit_length() - 1)
            problems.add(
                "design.samples",
                f"must be a power of two for a sobol design, as Saltelli's scheme needs "
                f"(got {samples}; try {below} or {below * 2})",
            )
        second = table.get("second_order", False)
        if not isinstance(second, bool):
            problems.add("design.second_order", f"must be true or false (got {second!r})")
            second = False
        spec = replace(spec, samples=samples, second_order=second)
    elif kind == "morris":
        trajectories = _required_integer(problems, "design.trajectories", table, minimum=2)
        levels = _integer(problems, "design.levels", table.get("levels", DEFAULT_MORRIS_LEVELS), minimum=2)
        if levels % 2:
            problems.add("design.levels", f"must be an even number of grid levels (got {levels})")
        spec = replace(spec, trajectories=trajectories, levels=levels)
    return spec


def _factors(
    problems: Problems, table: Mapping[str, Any] | None, fixed: Mapping[str, Any], design: DesignSpec | None
) -> tuple[Factor, ...]:
    if table is None:
        return ()
    if not table:
        problems.add("factors", "needs at least one factor (a [factors.NAME] table)")
    factors = []
    for name, entry in table.items():
        key = f"factors.{name}"
        if not _known_parameter(problems, key, name):
            continue
        if name in fixed:
            problems.add(key, "is also fixed in [parameters]; give it in one place")
        if not isinstance(entry, Mapping):
            problems.add(key, f"must be a table with levels, or low and high (got {entry!r})")
            continue
        factor = _factor(problems, key, name, entry, design)
        if factor is not None:
            factors.append(factor)
    return tuple(factors)


def _factor(
    problems: Problems, key: str, name: str, entry: Mapping[str, Any], design: DesignSpec | None
) -> Factor | None:
    _check_keys(problems, key, entry, _FACTOR_KEYS)
    spec = PARAMETERS[name]
    grid = design is not None and design.kind == "grid"
    if "levels" in entry:
        for other in ("low", "high", "type", "points"):
            if other in entry:
                problems.add(f"{key}.{other}", "cannot be combined with levels (give levels, or a range)")
        return _levels_factor(problems, key, name, entry["levels"])
    if spec.kind not in ("int", "float"):
        what = {"bool": "a true/false", "choice": "a choice"}.get(spec.kind, "a style")
        problems.add(key, f"is {what} parameter, not a number: give its levels, not a range")
        return None
    missing = [bound for bound in ("low", "high") if bound not in entry]
    if missing:
        problems.add(key, f"needs levels, or both low and high (missing {' and '.join(missing)})")
        return None
    kind = entry.get("type", spec.kind)
    if kind not in ("int", "float"):
        problems.add(f"{key}.type", f"must be 'int' or 'float' (got {kind!r})")
        return None
    if kind == "float" and spec.kind == "int":
        problems.add(f"{key}.type", f"must be 'int': {name} is an integer parameter (got 'float')")
        return None
    low = _bound(problems, f"{key}.low", name, entry["low"], kind)
    high = _bound(problems, f"{key}.high", name, entry["high"], kind)
    if low is None or high is None:
        return None
    if low >= high:
        problems.add(key, f"low must be below high (got low = {low:g}, high = {high:g})")
        return None
    points = None
    if grid:
        points = _required_integer(problems, f"{key}.points", entry, minimum=2, context="a range on a grid")
        if kind == "int" and points and points > high - low + 1:
            problems.add(
                f"{key}.points",
                f"must be at most {int(high - low + 1)}, the integers in [{low:g}, {high:g}] (got {points})",
            )
    elif "points" in entry:
        problems.add(f"{key}.points", "applies only to grid designs (sampled designs draw from the range)")
    return Factor(name, low=low, high=high, type=kind, points=points)


def _levels_factor(problems: Problems, key: str, name: str, levels: Any) -> Factor | None:
    if not isinstance(levels, list) or not levels:
        problems.add(f"{key}.levels", f"must be a non-empty list (got {levels!r})")
        return None
    checked = []
    for index, value in enumerate(levels):
        level = _parameter_value(problems, f"{key}.levels[{index}]", name, value)
        if level is not _INVALID:
            checked.append(level)
    if len(checked) < len(levels):
        return None
    seen: list[Any] = []
    for level in checked:
        if level in seen:
            problems.add(f"{key}.levels", f"lists {level!r} twice")
            return None
        seen.append(level)
    return Factor(name, levels=tuple(checked))


def _output(problems: Problems, table: Mapping[str, Any]) -> tuple[tuple[str, ...], bool, int]:
    _check_keys(problems, "output", table, _OUTPUT_KEYS)
    metrics = table.get("metrics", list(END_METRICS))
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
        problems.add("output.metrics", f"must be a non-empty list of metric names (got {metrics!r})")
        metrics = list(END_METRICS)
    for index, metric in enumerate(metrics):
        if metric not in END_METRICS:
            problems.add(f"output.metrics[{index}]", _unknown(metric, "metric", END_METRICS))
    if len(set(metrics)) < len(metrics):
        problems.add("output.metrics", "lists a metric twice")
    timeseries = table.get("timeseries", False)
    if not isinstance(timeseries, bool):
        problems.add("output.timeseries", f"must be true or false (got {timeseries!r})")
        timeseries = False
    period = _integer(problems, "output.period", table.get("period", DEFAULT_PERIOD), minimum=1)
    return tuple(dict.fromkeys(metrics)), timeseries, period


# ---------------------------------------------------------------------------- value checks
_INVALID = object()


def _known_parameter(problems: Problems, key: str, name: str) -> bool:
    if name in PARAMETERS:
        return True
    problems.add(key, _unknown(name, "model parameter", PARAMETERS))
    return False


def _unknown(name: str, what: str, valid: Any) -> str:
    close = difflib.get_close_matches(name, list(valid), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{name!r} is not a {what}{hint} (valid: {', '.join(valid)})"


def _parameter_value(problems: Problems, key: str, name: str, value: Any) -> Any:
    """Check one value for parameter ``name``; return it in canonical form, or ``_INVALID``."""
    spec = PARAMETERS[name]
    if spec.kind == "optional_style" and value == ADAPTIVE:
        return None
    if spec.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    try:
        check_parameter(spec, value)
    except LeadsimError as exc:
        problems.add(key, _rule_message(exc, spec.kind == "optional_style"))
        return _INVALID
    return dict(value) if isinstance(value, Mapping) else value


def _rule_message(exc: LeadsimError, optional_style: bool) -> str:
    rule, value = getattr(exc, "rule", None), getattr(exc, "value", None)
    if rule is None:
        return str(exc)
    if optional_style:
        rule = rule.replace("must be None (adaptive managers)", f"must be {ADAPTIVE!r}")
        rule = rule.replace("must be one of ", f"must be {ADAPTIVE!r} or one of ")
    field_name = getattr(exc, "field", "")
    inner = re.search(r"\[.*\]$", field_name or "")
    prefix = f"weight {inner.group(0)[1:-1]} " if inner else ""
    return f"{prefix}{rule} (got {value!r})"


def _bound(problems: Problems, key: str, name: str, value: Any, kind: str) -> float | None:
    spec = PARAMETERS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(key, f"must be {'an integer' if kind == 'int' else 'a number'} (got {value!r})")
        return None
    if not math.isfinite(value):
        problems.add(key, f"must be a finite number (got {value!r})")
        return None
    if kind == "int" and not isinstance(value, int):
        problems.add(key, f"must be an integer for an int range (got {value!r})")
        return None
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        problems.add(key, f"{spec.rule} (got {value!r})")
        return None
    return float(value) if kind == "float" else int(value)


def _check_keys(
    problems: Problems, prefix: str, table: Mapping[str, Any], valid: tuple[str, ...], context: str = ""
) -> None:
    if not isinstance(table, Mapping):
        return
    for key in table:
        if key not in valid:
            where = context or (f"[{prefix}]" if prefix else "an experiment file")
            dotted = f"{prefix}.{key}" if prefix else key
            problems.add(dotted, _unknown(key, f"key of {where}", valid))


def _table(problems: Problems, key: str, value: Any) -> Any:
    if value is None:
        if key in ("design", "factors"):
            problems.add(key, f"is missing: an experiment needs a [{key}] table")
        return None
    if not isinstance(value, Mapping):
        problems.add(key, f"must be a table (got {value!r})")
        return {} if key not in ("design", "factors") else None
    return value


def _string(problems: Problems, key: str, value: Any) -> str:
    if not isinstance(value, str) or (key == "name" and not value.strip()):
        problems.add(key, f"must be a {'non-empty ' if key == 'name' else ''}string (got {value!r})")
        return ""
    if key == "name" and not _NAME.match(value):
        problems.add(
            key,
            "must be a folder name: letters, digits, '.', '_' and '-', starting with a letter or a "
            f"digit, at most 100 characters, no '/' (got {value!r})",
        )
        return ""
    return value


def _integer(problems: Problems, key: str, value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(key, f"must be an integer >= {minimum} (got {value!r})")
        return minimum
    if value < minimum:
        problems.add(key, f"must be an integer >= {minimum} (got {value!r})")
        return minimum
    return value


def _required_integer(
    problems: Problems, key: str, table: Mapping[str, Any], *, minimum: int, context: str = ""
) -> int:
    name = key.rsplit(".", 1)[-1]
    if name not in table:
        problems.add(
            key, f"is missing (an integer >= {minimum}{', needed for ' + context if context else ''})"
        )
        return 0
    return _integer(problems, key, table[name], minimum=minimum)
