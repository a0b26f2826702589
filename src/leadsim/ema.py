"""leadsim for the EMA Workbench: a model built from ``PARAMETERS``, a results converter, PRIM and CART.

The EMA Workbench (Kwakkel 2017) is the toolkit of exploratory modelling and scenario discovery.
This module makes leadsim one of its models and its sweeps one of its data sets:

* :func:`ema_model` builds an EMA ``ReplicatorModel`` from :data:`leadsim.PARAMETERS`: the
  parameters you choose to vary become uncertainties or levers with their declared ranges and
  categories (``RealParameter``, ``IntegerParameter``, ``BooleanParameter``,
  ``CategoricalParameter``), the rest stay at the model's defaults or at constants you give.
  Outcomes are end metrics (any of :data:`leadsim.METRICS` and ``placements_first_year``) and
  weekly time series. Every experiment runs ``replications`` replications, seeded as everywhere
  in leadsim by :func:`leadsim.seeds.replication_seeds` (``SeedSequence(seed).spawn(n)``), so
  the same root seed gives the same outcomes under any evaluator, and the same as
  ``leadsim sweep`` on the same design.
* :func:`ema_model_for` and :func:`ema_scenarios` do the same for an experiment file
  (:class:`leadsim.experiments.Experiment`): its factors, fixed parameters, seeds, weeks and
  outputs, and its design points as EMA scenarios.
* :func:`to_ema` turns stored sweep results (:func:`leadsim.experiments.load_results`) into
  EMA's ``(experiments, outcomes)`` pair; :func:`from_ema` turns such a pair back into sweep
  tables (one row per run; a long time series).
* :func:`prim` and :func:`cart` run EMA's PRIM and CART on any stored end metric and threshold,
  from sweep results or from an EMA pair.

Shapes follow EMA's ``ReplicatorModel``: an end metric is an array of shape
``(experiments, replications)``, a time series ``<metric>_series`` one of shape
``(experiments, replications, weeks)``, and ``TIME`` holds the weeks, ``(experiments, weeks)``.
``style = "adaptive"`` (how experiment files write adaptive managers) is accepted wherever a
style is, and handed to the model as ``None``.

The EMA Workbench is the optional extra ``prim`` (``pip install 'leadsim[prim]'``); it is
imported only when one of these functions is called, so ``import leadsim.ema`` works without it.
``docs/ema.md`` shows how to use all of this.
"""

from __future__ import annotations

import difflib
import json
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from leadsim.errors import LeadsimError, ParameterError
from leadsim.experiments.analysis import ScenarioBox, limit_text
from leadsim.observables import METRICS
from leadsim.parameters import PARAMETERS, ParameterSpec, check_parameter
from leadsim.seeds import replication_seeds
from leadsim.styles import STYLE_NAMES

if TYPE_CHECKING:
    from leadsim.experiments import Experiment, Results

__all__ = [
    "ADAPTIVE",
    "END_OUTCOMES",
    "SERIES_OUTCOMES",
    "SERIES_SUFFIX",
    "TIME",
    "CartTree",
    "ConversionError",
    "EMAUnavailableError",
    "LeadsimRun",
    "ScenarioBox",
    "SweepTables",
    "cart",
    "ema_model",
    "ema_model_for",
    "ema_scenarios",
    "from_ema",
    "prim",
    "to_ema",
]

ADAPTIVE = "adaptive"
"""How experiment files (and EMA categories) write ``style = None``: adaptive managers."""

END_OUTCOMES: tuple[str, ...] = (*METRICS, "placements_first_year")
"""End metrics an EMA model can report (those of ``LeadershipModel.summary``)."""

SERIES_OUTCOMES: tuple[str, ...] = METRICS
"""Weekly metrics an EMA model can report as time series."""

SERIES_SUFFIX = "_series"
"""The outcome ``passivity_series`` is the weekly series of ``passivity`` (the end value is ``passivity``)."""

TIME = "TIME"
"""The outcome holding the weeks of the time series (EMA's plotting looks for this name)."""

DEFAULT_OUTCOMES: tuple[str, ...] = ("passivity", "collaboration")
DEFAULT_STEPS = 156
DEFAULT_SEED = 42
_BOOKKEEPING = ("scenario", "policy", "model")
"""Columns EMA adds to its experiments table that are not parameters."""

type Variation = tuple[float, float] | Sequence[Any] | None
"""How a parameter varies: ``None`` (its declared range, or every choice), ``(low, high)`` (a
range inside the declared one) or a list of levels."""


class EMAUnavailableError(LeadsimError, ImportError):
    """The EMA Workbench is not installed (it is the optional extra ``prim``)."""


class ConversionError(LeadsimError, ValueError):
    """Sweep results or an EMA pair cannot be converted (incomplete, or not of this shape)."""


def _ema() -> Any:
    """The ``ema_workbench`` package, or a clear error saying how to install it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "ipyparallel not installed" and the like
            import ema_workbench
    except ImportError as exc:
        raise EMAUnavailableError(
            "leadsim.ema needs the EMA Workbench (version 3): pip install 'leadsim[prim]'"
        ) from exc
    return ema_workbench


def _ema_analysis(name: str) -> Any:
    """``ema_workbench.analysis.<name>`` (``prim`` or ``cart``)."""
    _ema()
    import importlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module(f"ema_workbench.analysis.{name}")


# ---------------------------------------------------------------------------- values
def _encode(spec: ParameterSpec, value: Any) -> Any:
    """A parameter value as an EMA category or sample holds it: styles as text, numbers as numbers."""
    if spec.kind in ("style", "optional_style"):
        if value is None or value == ADAPTIVE:
            if spec.kind == "style":
                raise ParameterError(spec.name, spec.rule, value)
            return ADAPTIVE
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            return json.dumps({str(k): float(v) for k, v in value.items()}, sort_keys=True)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode(spec: ParameterSpec, value: Any) -> Any:
    """The value the model takes: ``"adaptive"`` as ``None``, JSON styles as mappings, NumPy as Python."""
    if isinstance(value, np.generic):
        value = value.item()
    if spec.kind in ("style", "optional_style") and isinstance(value, str):
        if value == ADAPTIVE and spec.kind == "optional_style":
            return None
        if value.startswith("{"):
            return json.loads(value)
    if spec.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _checked_value(spec: ParameterSpec, value: Any) -> Any:
    """Check a value against its spec (``"adaptive"`` allowed for styles); return its encoding."""
    encoded = _encode(spec, value)
    check_parameter(spec, _decode(spec, encoded))
    return encoded


def _spec(name: object, role: str) -> ParameterSpec:
    if not isinstance(name, str) or name not in PARAMETERS:
        close = difflib.get_close_matches(str(name), PARAMETERS, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(
            str(name),
            f"is not a leadsim parameter ({role}){hint} (valid names: {', '.join(PARAMETERS)})",
            name,
        )
    return PARAMETERS[name]


def _all_levels(spec: ParameterSpec) -> list[Any]:
    if spec.kind == "bool":
        return [False, True]
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "optional_style":
        return [ADAPTIVE, *STYLE_NAMES]
    return list(STYLE_NAMES)


# ---------------------------------------------------------------------------- parameters
def _ema_parameter(spec: ParameterSpec, variation: Variation, *, resolution: list[Any] | None = None) -> Any:
    """The EMA parameter for one leadsim parameter varied as ``variation``.

    Raises:
        ParameterError: A range on a parameter that is not a number, a range outside the declared
            one, fewer than two levels, or a level the parameter does not allow.
    """
    ema = _ema()
    name = spec.name
    numeric = spec.kind in ("int", "float")
    if variation is None:
        if spec.kind == "bool":
            return ema.BooleanParameter(name)
        if not numeric:
            return _categorical(ema, spec, _all_levels(spec))
        assert spec.low is not None and spec.high is not None  # every number is bounded (tested)
        variation = (spec.low, spec.high)
    if isinstance(variation, tuple):
        if not numeric:
            raise ParameterError(
                name, f"is not a number, so it takes levels (a list), not a range; {spec.rule}", variation
            )
        if len(variation) != 2:
            raise ParameterError(name, "range must be a pair (low, high)", variation)
        low, high = variation
        for bound in (low, high):
            if isinstance(bound, bool) or not isinstance(bound, int | float | np.integer | np.floating):
                raise ParameterError(name, "range must be a pair of numbers (low, high)", variation)
        if spec.kind == "int" and not (float(low).is_integer() and float(high).is_integer()):
            raise ParameterError(name, "range must be a pair of integers (low, high)", variation)
        if not low < high:
            raise ParameterError(name, "range must have low < high", variation)
        assert spec.low is not None and spec.high is not None
        if low < spec.low or high > spec.high:
            declared = f"[{spec.low:g}, {spec.high:g}]"
            raise ParameterError(name, f"range must lie within its declared range {declared}", variation)
        if spec.kind == "int":
            return ema.IntegerParameter(name, int(low), int(high), resolution=resolution)
        return ema.RealParameter(name, float(low), float(high), resolution=resolution)
    if isinstance(variation, str | bytes | Mapping) or not isinstance(variation, Iterable):
        raise ParameterError(
            name, "must vary as None (its declared range), a (low, high) tuple or a list of levels", variation
        )
    levels = list(variation)
    if spec.kind == "bool" and sorted(levels) == [False, True] and len(levels) == 2:
        return ema.BooleanParameter(name)
    return _categorical(ema, spec, levels)


def _categorical(ema: Any, spec: ParameterSpec, levels: list[Any]) -> Any:
    encoded = []
    for level in levels:
        try:
            value = _checked_value(spec, level)
        except (ValueError, TypeError) as exc:  # ParameterError and ParameterTypeError among them
            raise ParameterError(spec.name, f"levels: {spec.rule}", level) from exc
        if value in encoded:
            raise ParameterError(spec.name, "levels must be distinct", levels)
        encoded.append(value)
    if len(encoded) < 2:
        raise ParameterError(spec.name, "must have at least two levels to vary", levels)
    return ema.CategoricalParameter(spec.name, encoded)


def _variations(values: Mapping[str, Variation] | Iterable[str], role: str) -> dict[str, Variation]:
    if isinstance(values, str):
        raise ParameterError(role, "must be parameter names or a mapping of names to variations", values)
    if isinstance(values, Mapping):
        return dict(values)
    return dict.fromkeys(values)


# ---------------------------------------------------------------------------- the run
def _first(values: Sequence[Any]) -> Any:
    """The first replication's value (the weeks are the same in every replication)."""
    return np.asarray(values[0])


@dataclass(frozen=True, slots=True)
class LeadsimRun:
    """One leadsim run as EMA calls it: ``LeadsimRun(...)(**parameters, rng=seed)``.

    A picklable callable (EMA's multiprocessing evaluator sends it to its workers). Its keyword
    arguments are model parameters (styles may be ``"adaptive"``) and ``rng``, the seed EMA takes
    from the model's ``replications``.

    Attributes:
        steps: Weeks per run.
        end: End metrics to report.
        series: Weekly metrics to report as time series (``<metric>_series``), with ``TIME``.
        period: Weeks between reported time-series rows (the last week is always reported),
            as ``leadsim sweep`` stores them.
    """

    steps: int
    end: tuple[str, ...]
    series: tuple[str, ...] = ()
    period: int = 1

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        """Run the model and return its outcomes by name."""
        from leadsim.model import LeadershipModel

        seed = kwargs.pop("rng")
        parameters = {name: _decode(PARAMETERS[name], value) for name, value in kwargs.items()}
        seed = seed.item() if isinstance(seed, np.generic) else seed
        model = LeadershipModel(**parameters, rng=seed)
        model.time_series = bool(self.series)  # end metrics only: no weekly collection
        model.run(self.steps)
        summary = model.summary()
        outputs: dict[str, Any] = {name: float(summary[name]) for name in self.end}
        if self.series:
            frame = model.dataframe()
            weeks = _weeks(len(frame), self.period)
            for name in self.series:
                outputs[name + SERIES_SUFFIX] = frame[name].to_numpy(dtype=float)[weeks]
            outputs[TIME] = weeks
        return outputs


def _weeks(rows: int, period: int) -> np.ndarray:
    """The rows of a run's time series that are kept: every ``period``-th week and the last."""
    weeks = np.arange(0, rows, period)
    if weeks[-1] != rows - 1:
        weeks = np.append(weeks, rows - 1)
    return weeks.astype(np.int64)


# ---------------------------------------------------------------------------- the model
def ema_model(
    uncertainties: Mapping[str, Variation] | Iterable[str] = (),
    levers: Mapping[str, Variation] | Iterable[str] = (),
    *,
    constants: Mapping[str, Any] | None = None,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    timeseries: Sequence[str] = (),
    replications: int = 1,
    seed: int = DEFAULT_SEED,
    steps: int = DEFAULT_STEPS,
    period: int = 1,
    name: str = "leadsim",
    resolutions: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """An EMA Workbench ``ReplicatorModel`` of leadsim, built from :data:`leadsim.PARAMETERS`.

    Args:
        uncertainties: The parameters that vary as uncertainties: names (each over its declared
            range, or over every choice), or a mapping of names to ``None``, a ``(low, high)``
            range inside the declared one, or a list of levels.
        levers: The parameters that vary as levers (policies), given the same way.
        constants: Parameters held at a value other than the model's default (EMA constants).
        outcomes: End metrics to report, each as an array over the replications.
        timeseries: Weekly metrics to report as ``<metric>_series``, with ``TIME``.
        replications: Runs per experiment.
        seed: The root seed; replication r of every experiment is seeded with
            ``leadsim.seeds.replication_seeds(seed, replications)[r]``.
        steps: Weeks per run.
        period: Weeks between the reported time-series rows.
        name: The model's name (a Python identifier, as EMA 3 requires).
        resolutions: For numeric ranges, the values a full-factorial sampler should use.

    Returns:
        An ``ema_workbench.ReplicatorModel`` whose ``replications`` are ``{"rng": seed}``.

    Raises:
        ParameterError: An unknown parameter or outcome, a range outside the declared one, a
            level or constant the parameter does not allow, a parameter given twice; the message
            names the field, the rule and the value.
        EMAUnavailableError: The EMA Workbench is not installed.
    """
    ema = _ema()
    varying = {
        "uncertainties": _variations(uncertainties, "uncertainties"),
        "levers": _variations(levers, "levers"),
    }
    resolutions = dict(resolutions or {})
    seen: dict[str, str] = {}
    built: dict[str, list[Any]] = {"uncertainties": [], "levers": []}
    for role, variations in varying.items():
        for parameter, variation in variations.items():
            spec = _spec(parameter, role)
            if parameter in seen:
                raise ParameterError(parameter, f"is already one of the {seen[parameter]}", role)
            seen[parameter] = role
            resolution = resolutions.get(parameter)
            built[role].append(
                _ema_parameter(spec, variation, resolution=None if resolution is None else list(resolution))
            )
    fixed = []
    for parameter, value in (constants or {}).items():
        spec = _spec(parameter, "constants")
        if parameter in seen:
            raise ParameterError(
                parameter, f"is one of the {seen[parameter]}, so it cannot be a constant", value
            )
        fixed.append(ema.Constant(parameter, _checked_value(spec, value)))
    end = _outcome_names(
        outcomes, "outcomes", END_OUTCOMES, "end metrics (leadsim.METRICS or placements_first_year)"
    )
    series = _outcome_names(timeseries, "timeseries", SERIES_OUTCOMES, "weekly metrics (leadsim.METRICS)")
    _positive_int("replications", replications, minimum=1)
    _positive_int("seed", seed, minimum=0)
    _positive_int("steps", steps, minimum=1)
    _positive_int("period", period, minimum=1)
    if not isinstance(name, str) or not name.isidentifier():
        raise ParameterError("name", "must be a Python identifier (EMA Workbench 3 requires it)", name)

    model = ema.ReplicatorModel(name, function=LeadsimRun(int(steps), end, series, int(period)))
    model.uncertainties = built["uncertainties"]
    model.levers = built["levers"]
    model.constants = fixed
    model_outcomes = [ema.ArrayOutcome(metric) for metric in end]
    if series:
        model_outcomes += [ema.ArrayOutcome(metric + SERIES_SUFFIX) for metric in series]
        model_outcomes.append(ema.TimeSeriesOutcome(TIME, function=_first))
    model.outcomes = model_outcomes
    model.replications = [{"rng": s} for s in replication_seeds(int(seed), int(replications))]
    return model


def _outcome_names(
    names: Sequence[str], field_name: str, valid: tuple[str, ...], what: str
) -> tuple[str, ...]:
    if isinstance(names, str):
        raise ParameterError(field_name, f"must be a list of {what}", names)
    chosen = []
    for metric in names:
        if metric not in valid:
            close = difflib.get_close_matches(str(metric), valid, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(field_name, f"must be {what}{hint}", metric)
        if metric not in chosen:
            chosen.append(metric)
    return tuple(chosen)


def _positive_int(name: str, value: object, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ParameterError(name, f"must be an integer >= {minimum}", value)


def _replication_seed_list(model: Any) -> list[int]:
    return [int(rep["rng"]) for rep in model.replications]


# ---------------------------------------------------------------------------- experiments
def ema_model_for(experiment: Experiment, *, name: str = "leadsim") -> Any:
    """The EMA model of an experiment file: its factors, fixed parameters, seeds, weeks and outputs.

    Factors become uncertainties (a range becomes a ``RealParameter`` or ``IntegerParameter``, with
    the grid's values as its resolution on a grid design; levels become a ``CategoricalParameter``,
    or a ``BooleanParameter`` for ``[false, true]``); the fixed parameters become constants; the
    outcomes are the metrics the sweep keeps (regime shares included), and with
    ``output.timeseries`` their weekly series every ``output.period`` weeks. Run it on
    :func:`ema_scenarios` to get exactly what ``leadsim sweep`` stores for the same file.

    Args:
        experiment: An experiment (:func:`leadsim.experiments.load_experiment`).
        name: The EMA model's name.

    Raises:
        EMAUnavailableError: The EMA Workbench is not installed.
    """
    variations: dict[str, Variation] = {}
    resolutions: dict[str, Sequence[Any]] = {}
    for factor in experiment.factors:
        if factor.levels is not None:
            variations[factor.name] = list(factor.levels)
            continue
        assert factor.low is not None and factor.high is not None
        variations[factor.name] = (factor.low, factor.high)
        if experiment.design.kind == "grid" and factor.points is not None:
            values = np.linspace(factor.low, factor.high, factor.points)
            resolutions[factor.name] = (
                [int(v) for v in np.unique(np.round(values))]
                if factor.type == "int"
                else [float(v) for v in values]
            )
    return ema_model(
        variations,
        constants=dict(experiment.fixed),
        outcomes=experiment.kept_metrics,
        timeseries=experiment.series_metrics if experiment.timeseries else (),
        replications=experiment.replications,
        seed=experiment.seed,
        steps=experiment.steps,
        period=experiment.period,
        name=name,
        resolutions=resolutions,
    )


def ema_scenarios(experiment: Experiment) -> list[Any]:
    """The design points of an experiment as EMA scenarios (``Sample`` objects named by point).

    Args:
        experiment: An experiment; its design is built as ``leadsim sweep`` builds it.

    Raises:
        EMAUnavailableError: The EMA Workbench is not installed.
    """
    ema = _ema()
    from leadsim.experiments import build_design

    points = build_design(experiment).points
    samples = []
    for point, values in enumerate(points.to_dict("records")):
        encoded = {str(k): _encode(PARAMETERS[str(k)], v) for k, v in values.items()}
        samples.append(ema.Sample(name=point, **encoded))
    return samples


# ---------------------------------------------------------------------------- conversion
@dataclass(frozen=True)
class SweepTables:
    """Sweep results as tables: what :func:`from_ema` returns.

    Attributes:
        runs: One row per run: ``run_id``, ``point``, ``replication``, ``seed``, the factors under
            their own names, then the end metrics (as :meth:`Results.factor_table` joined with the
            metrics of :attr:`Results.runs`).
        timeseries: ``run_id``, ``week`` and each weekly metric, or ``None``.
    """

    runs: pd.DataFrame
    timeseries: pd.DataFrame | None


def _factor_kind(experiment: Experiment, name: str) -> str:
    """How EMA holds a factor in its experiments table: float, int, bool or category."""
    factor = next(f for f in experiment.factors if f.name == name)
    if factor.levels is None:
        return "int" if factor.type == "int" else "float"
    if PARAMETERS[name].kind == "bool" and len(factor.levels) == 2 and sorted(factor.levels) == [False, True]:
        return "bool"
    return "category"


def _load(results: Results | str | Path) -> Results:
    if isinstance(results, str | Path):
        from leadsim.experiments import load_results

        return load_results(results)
    return results


def to_ema(
    results: Results | str | Path, *, flatten: bool = False, model_name: str = "leadsim"
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Stored sweep results as EMA's ``(experiments, outcomes)`` pair.

    Without ``flatten`` the pair is what ``perform_experiments`` returns for
    :func:`ema_model_for` on :func:`ema_scenarios`: one row per design point, end metrics of shape
    ``(points, replications)``, time series ``<metric>_series`` of shape
    ``(points, replications, weeks)`` and ``TIME`` of shape ``(points, weeks)``. With ``flatten``
    there is one row per run (in run order), end metrics of shape ``(runs,)`` and series of shape
    ``(runs, weeks)``. Either way ``experiments.attrs["leadsim_seeds"]`` holds the seed of each
    replication.

    Args:
        results: Complete sweep results, or their directory.
        flatten: One row per run instead of one per design point.
        model_name: The ``model`` column of the experiments.

    Raises:
        ConversionError: The sweep is not complete.
    """
    results = _load(results)
    if not results.complete:
        raise ConversionError(
            f"{results.path}: {len(results.runs)} of {results.runs_total} runs are stored; "
            "EMA's arrays need every run: finish the sweep first"
        )
    experiment = results.experiment
    reps = experiment.replications
    table = results.factor_table().merge(results.runs[["run_id", "seed", *results.metrics]], on="run_id")
    table = table.sort_values("run_id", ignore_index=True)
    points = len(table) // reps
    seeds = [int(s) for s in table["seed"].to_numpy()[:reps]]
    rows = table if flatten else table[table["replication"] == 0].reset_index(drop=True)
    experiments = pd.DataFrame(
        {name: _ema_column(rows[name], _factor_kind(experiment, name)) for name in results.factors}
    )
    experiments["scenario"] = pd.Series(rows["point"].to_numpy(dtype=object)).astype("category")
    # EMA names the policy of a run without levers "None" (a string), and so does this table.
    experiments["policy"] = pd.Series(["None"] * len(rows)).astype("category")
    experiments["model"] = pd.Series([model_name] * len(rows)).astype("category")
    experiments.attrs["leadsim_seeds"] = seeds

    shape = (len(table),) if flatten else (points, reps)
    outcomes: dict[str, np.ndarray] = {
        metric: table[metric].to_numpy(dtype=float).reshape(shape) for metric in results.metrics
    }
    if experiment.timeseries and results.timeseries is not None and experiment.series_metrics:
        series = results.timeseries.sort_values(["run_id", "week"], ignore_index=True)
        weeks = series["week"].to_numpy()
        n_weeks = len(weeks) // len(table)
        for metric in experiment.series_metrics:
            values = series[metric].to_numpy(dtype=float)
            outcomes[metric + SERIES_SUFFIX] = values.reshape((*shape, n_weeks))
        time = weeks.reshape(len(table), n_weeks)
        outcomes[TIME] = time if flatten else time[::reps]
    return experiments, outcomes


def _ema_column(values: pd.Series, kind: str) -> pd.Series:
    values = values.reset_index(drop=True)
    if kind == "category":
        return pd.Series(values.to_numpy(dtype=object)).astype("category")
    dtype: Any = {"float": "float64", "int": "int64", "bool": "bool"}[kind]
    return values.astype(dtype)


def from_ema(
    experiments: pd.DataFrame, outcomes: Mapping[str, np.ndarray], *, seeds: Sequence[int] | None = None
) -> SweepTables:
    """An EMA ``(experiments, outcomes)`` pair of leadsim runs as sweep tables.

    Takes either shape :func:`to_ema` gives (and ``perform_experiments`` on an :func:`ema_model`
    returns): one row per experiment with end metrics of shape ``(experiments, replications)``,
    or one row per run with end metrics of shape ``(runs,)``. Runs are numbered as a sweep numbers
    them: ``run_id = point * replications + replication``.

    Args:
        experiments: EMA's experiments table.
        outcomes: EMA's outcomes.
        seeds: The seed of each replication (``[r["rng"] for r in model.replications]``); by
            default ``experiments.attrs["leadsim_seeds"]`` if present, else the seeds are left
            missing.

    Raises:
        ConversionError: Outcomes of inconsistent shapes.
    """
    factors = [c for c in experiments.columns if c not in (*_BOOKKEEPING, "replication", "seed")]
    series_names = [name for name in outcomes if name.endswith(SERIES_SUFFIX)]
    end_names = [name for name in outcomes if name not in series_names and name != TIME]
    n = len(experiments)
    probe = np.asarray(outcomes[end_names[0]] if end_names else outcomes[series_names[0]])
    replicated = probe.ndim == (2 if end_names else 3)
    for outcome_name in (*end_names, *series_names):
        array = np.asarray(outcomes[outcome_name])
        expected = (2 if replicated else 1) + (outcome_name in series_names)
        if array.ndim != expected or array.shape[0] != n:
            raise ConversionError(
                f"outcome {outcome_name!r} has shape {array.shape}; expected {expected} dimensions "
                f"and {n} rows, as the other outcomes"
            )
    if seeds is None:
        seeds = experiments.attrs.get("leadsim_seeds")

    base = experiments.reset_index(drop=True)
    if replicated:
        reps = probe.shape[1]
        point: np.ndarray = np.repeat(np.arange(n), reps)
        replication: np.ndarray = np.tile(np.arange(reps), n)
        rows = base.loc[point].reset_index(drop=True)
    else:
        scenario = base["scenario"] if "scenario" in base else pd.Series(np.arange(n))
        codes = np.asarray(pd.factorize(scenario.astype(object))[0], dtype=np.int64)
        point = codes
        replication = pd.Series(codes).groupby(codes).cumcount().to_numpy()
        reps = int(replication.max()) + 1 if n else 0
        rows = base
    run_id = point * reps + replication
    runs = pd.DataFrame({"run_id": run_id, "point": point, "replication": replication})
    if seeds is not None:
        runs["seed"] = np.asarray(list(seeds), dtype=np.int64)[replication]
    else:
        runs["seed"] = pd.array([pd.NA] * len(runs), dtype="Int64")
    for name in factors:
        runs[name] = _plain_column(rows[name])
    for metric in end_names:
        runs[metric] = np.asarray(outcomes[metric], dtype=float).reshape(-1)
    order = np.argsort(run_id, kind="stable")
    runs = runs.iloc[order].reset_index(drop=True)

    timeseries = None
    if series_names:
        width = np.asarray(outcomes[series_names[0]]).shape[-1]
        if TIME in outcomes:
            time = np.asarray(outcomes[TIME])
            weeks = np.repeat(time, reps, axis=0) if replicated and time.ndim == 2 else time
            weeks = np.broadcast_to(weeks, (len(run_id), width))
        else:
            weeks = np.broadcast_to(np.arange(width), (len(run_id), width))
        columns: dict[str, Any] = {
            "run_id": np.repeat(run_id, width),
            "week": np.asarray(weeks, dtype=np.int64).reshape(-1),
        }
        for name in series_names:
            columns[name[: -len(SERIES_SUFFIX)]] = np.asarray(outcomes[name], dtype=float).reshape(-1)
        timeseries = pd.DataFrame(columns).sort_values(["run_id", "week"], kind="stable", ignore_index=True)
    return SweepTables(runs, timeseries)


def _plain_column(values: pd.Series) -> pd.Series:
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Series(np.asarray(values.to_numpy()))
    return values


# ---------------------------------------------------------------------------- scenario discovery
def _inputs_and_values(
    source: Results | str | Path | tuple[pd.DataFrame, Mapping[str, np.ndarray]], metric: str
) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per run: the varied parameters, and the metric's values."""
    if isinstance(source, tuple):
        experiments, outcomes = source
        if metric not in outcomes or metric.endswith(SERIES_SUFFIX) or metric == TIME:
            valid = [name for name in outcomes if not name.endswith(SERIES_SUFFIX) and name != TIME]
            raise ParameterError(
                "metric", f"must be one of the end metrics in these outcomes ({', '.join(valid)})", metric
            )
        values = np.asarray(outcomes[metric], dtype=float)
        x = experiments.drop(columns=[c for c in (*_BOOKKEEPING, "replication", "seed") if c in experiments])
        x = x.reset_index(drop=True)
        if values.ndim == 2:
            x = x.loc[np.repeat(np.arange(len(x)), values.shape[1])].reset_index(drop=True)
        elif values.ndim != 1:
            raise ParameterError("metric", "must be an end metric (one value per run)", metric)
        values = values.reshape(-1)
    else:
        results = _load(source)
        if metric not in results.metrics:
            raise ParameterError(
                "metric", f"must be one of the stored metrics ({', '.join(results.metrics)})", metric
            )
        table = results.factor_table().merge(results.runs[["run_id", metric]], on="run_id")
        x = table[results.factors].reset_index(drop=True)
        values = table[metric].to_numpy(dtype=float)
    if x.shape[1] == 0:
        raise ParameterError(
            "source", "must vary at least one parameter for scenario discovery", list(x.columns)
        )
    for name in x.columns:
        column = x[name]
        if (
            isinstance(column.dtype, pd.CategoricalDtype)
            or not pd.api.types.is_numeric_dtype(column)
            or pd.api.types.is_bool_dtype(column)
        ):
            x[name] = column.astype(str).astype("category")
    return x, values


def _condition(values: np.ndarray, metric: str, threshold: float, above: bool) -> tuple[np.ndarray, str]:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.integer | np.floating):
        raise ParameterError("threshold", "must be a number", threshold)
    y = values > threshold if above else values < threshold
    condition = f"{metric} {'>' if above else '<'} {threshold:g}"
    if not y.any() or y.all():
        share = "no run" if not y.any() else "every run"
        raise ParameterError(
            "threshold",
            f"must separate the runs, but {share} meets {condition} (nothing for scenario discovery)",
            threshold,
        )
    return y, condition


def _restricted(lims: pd.DataFrame, initial: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name in lims.columns:
        low, high = lims[name].iloc[0], lims[name].iloc[1]
        if isinstance(low, set):
            if low != initial[name].iloc[0]:
                rows.append(
                    {"factor": name, "min": np.nan, "max": np.nan, "levels": ", ".join(sorted(map(str, low)))}
                )
        elif low != initial[name].iloc[0] or high != initial[name].iloc[1]:
            rows.append({"factor": name, "min": float(low), "max": float(high), "levels": ""})
    return pd.DataFrame(rows, columns=["factor", "min", "max", "levels"])


def prim(
    source: Results | str | Path | tuple[pd.DataFrame, Mapping[str, np.ndarray]],
    metric: str,
    threshold: float,
    *,
    above: bool = True,
    min_coverage: float = 0.7,
    mass_min: float = 0.05,
    peel_alpha: float = 0.05,
) -> ScenarioBox:
    """PRIM (Friedman & Fisher 1999) from the EMA Workbench on any end metric and threshold.

    A run is of interest when ``metric > threshold`` (``<`` with ``above=False``). Of the boxes on
    PRIM's peeling trajectory, the densest one that still covers at least ``min_coverage`` of the
    runs of interest is chosen (the usual trade-off of scenario discovery); every other one is in
    ``trajectory`` and in ``prim_box``. Replications are separate runs (cases).

    Args:
        source: Sweep results (or their directory), or an EMA ``(experiments, outcomes)`` pair.
        metric: The end metric that defines the condition.
        threshold: Its threshold.
        above: Whether the condition is ``metric > threshold`` (else ``metric < threshold``).
        min_coverage: Least coverage of the chosen box.
        mass_min: PRIM's smallest box mass.
        peel_alpha: Share of the data PRIM peels off per step.

    Raises:
        ParameterError: The metric is not stored, or the threshold does not separate the runs.
        EMAUnavailableError: The EMA Workbench is not installed.
    """
    prim_module = _ema_analysis("prim")
    x, values = _inputs_and_values(source, metric)
    y, condition = _condition(values, metric, threshold, above)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm = prim_module.Prim(x, y, mass_min=mass_min, peel_alpha=peel_alpha)
        box = algorithm.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    chosen = int(eligible["density"].idxmax()) if not eligible.empty else 0
    box.select(chosen)
    row = trajectory.loc[chosen]
    return ScenarioBox(
        condition=condition,
        cases=len(y),
        cases_of_interest=int(y.sum()),
        coverage=float(row["coverage"]),
        density=float(row["density"]),
        mass=float(row["mass"]),
        limits=_restricted(box.box_lims[chosen], algorithm.box_init),
        trajectory=trajectory.reset_index(names="step"),
        chosen=chosen,
        prim_box=box,
    )


@dataclass(frozen=True)
class CartTree:
    """A CART tree's leaves as boxes: what :func:`cart` returns.

    Attributes:
        condition: The condition in words.
        cases: Runs analysed.
        cases_of_interest: Runs meeting the condition.
        leaves: One row per leaf: ``leaf``, ``coverage``, ``density``, ``mass``, ``res_dim``.
        boxes: Per leaf, its restricted parameters (``factor``, ``min``, ``max``, ``levels``).
        tree: EMA's ``CART`` object (``show_tree``, the scikit-learn classifier ``clf``).
    """

    condition: str
    cases: int
    cases_of_interest: int
    leaves: pd.DataFrame
    boxes: list[pd.DataFrame]
    tree: Any = field(default=None, repr=False, compare=False)

    def best(self) -> int:
        """The leaf of highest density (ties: of higher coverage)."""
        ordered = self.leaves.sort_values(["density", "coverage"], ascending=False, kind="stable")
        return int(ordered["leaf"].iloc[0])

    def describe(self) -> str:
        """The densest leaf in one sentence."""
        leaf = self.best()
        stats = self.leaves.set_index("leaf").loc[leaf]
        limits = self.boxes[leaf]
        where = (
            "no parameter restricted"
            if limits.empty
            else "; ".join(limit_text(r) for r in limits.to_dict("records"))
        )
        return (
            f"{self.condition}: {where} (coverage {stats['coverage']:.2f}, density {stats['density']:.2f}, "
            f"{self.cases_of_interest} of {self.cases} runs of interest)"
        )


def cart(
    source: Results | str | Path | tuple[pd.DataFrame, Mapping[str, np.ndarray]],
    metric: str,
    threshold: float,
    *,
    above: bool = True,
    mass_min: float = 0.05,
) -> CartTree:
    """CART (Breiman et al. 1984) from the EMA Workbench on any end metric and threshold.

    A binary classification tree of ``metric > threshold`` (``<`` with ``above=False``) on the
    varied parameters, every leaf holding at least ``mass_min`` of the runs; its leaves are boxes.

    Args:
        source: Sweep results (or their directory), or an EMA ``(experiments, outcomes)`` pair.
        metric: The end metric that defines the condition.
        threshold: Its threshold.
        above: Whether the condition is ``metric > threshold`` (else ``metric < threshold``).
        mass_min: Least share of the runs in a leaf.

    Raises:
        ParameterError: The metric is not stored, or the threshold does not separate the runs.
        EMAUnavailableError: The EMA Workbench is not installed.
    """
    cart_module = _ema_analysis("cart")
    x, values = _inputs_and_values(source, metric)
    y, condition = _condition(values, metric, threshold, above)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # At least one run per leaf (scikit-learn refuses a leaf size of 0 on small samples).
        algorithm = cart_module.CART(x, y, mass_min=max(mass_min, (1 + 1e-9) / len(y)))
        algorithm.build_tree()
        boxes, stats = algorithm.boxes, algorithm.stats
    initial = _box_init(x)
    leaves = pd.DataFrame(
        {
            "leaf": range(len(stats)),
            "coverage": [float(s["coverage"]) for s in stats],
            "density": [float(s["density"]) for s in stats],
            "mass": [float(s["mass"]) for s in stats],
            "res_dim": [int(s["res dim"]) for s in stats],
        }
    )
    return CartTree(
        condition=condition,
        cases=len(y),
        cases_of_interest=int(y.sum()),
        leaves=leaves,
        boxes=[_restricted(box, initial) for box in boxes],
        tree=algorithm,
    )


def _box_init(x: pd.DataFrame) -> pd.DataFrame:
    from ema_workbench.analysis import scenario_discovery_util as sdutil

    return sdutil._make_box(x)
