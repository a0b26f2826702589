"""Designs: the design points of an experiment, the replication seeds, and the list of runs.

* ``grid``: every combination of the factors' levels (a range gives ``points`` evenly spaced
  values), in file order, the last factor varying fastest.
* ``lhs``: a Latin hypercube of ``samples`` points from :class:`scipy.stats.qmc.LatinHypercube`.
* ``sobol``: Saltelli's extension of a scrambled Sobol' sequence, from SALib
  (:func:`SALib.sample.sobol.sample`): ``samples * (D + 2)`` points, or ``samples * (2D + 2)``
  with second-order indices, for D factors; analysed by :func:`SALib.analyze.sobol.analyze`.
* ``morris``: ``trajectories * (D + 1)`` points on a grid of ``levels`` levels, from SALib
  (:func:`SALib.sample.morris.sample`); analysed by :func:`SALib.analyze.morris.analyze`.

The sampled designs work in the unit cube; a point's coordinate u in [0, 1] becomes a value as
EMA Workbench does it: ``low + u (high - low)`` for a float range, ``floor(low + u (high - low + 1))``
(at most ``high``) for an int range, and the ``floor(u k)``-th of k levels. The unit coordinates are
kept (``design.parquet``) because the sensitivity analyses need them.

Seeds: replication r of every design point is seeded by the r-th child of
``numpy.random.SeedSequence(seed)`` (common random numbers across design points, which sharpens
contrasts); the integer passed to the model is ``child.generate_state(1)[0]`` and is recorded in
every result row, so that each run can be replayed alone.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from leadsim.experiments.spec import Experiment, Factor
from leadsim.parameters import PARAMETERS
from leadsim.seeds import replication_seeds

__all__ = [
    "Design",
    "RunSpec",
    "build_design",
    "decode_parameter",
    "encode_parameter",
    "plan_runs",
    "replication_seeds",
    "salib_problem",
]

UNIT_PREFIX = "u_"
PARAM_PREFIX = "param_"


@dataclass(frozen=True)
class Design:
    """The design points of an experiment.

    Attributes:
        points: One row per design point (index ``point``), one column per factor, holding the
            parameter values the model receives.
        unit: For sampled designs, the same points in the unit cube (columns ``u_<factor>``), as
            the sampler drew them; ``None`` for a grid.
    """

    points: pd.DataFrame
    unit: pd.DataFrame | None

    def __len__(self) -> int:
        return len(self.points)

    def table(self) -> pd.DataFrame:
        """Values and unit coordinates side by side (what ``design.parquet`` holds)."""
        points = self.points.copy()
        for name in points.columns:
            if points[name].dtype == object and PARAMETERS[name].kind in ("style", "optional_style"):
                points[name] = [encode_parameter(name, value) for value in points[name]]
        if self.unit is None:
            return points.reset_index()
        return points.join(self.unit).reset_index()


@dataclass(frozen=True, slots=True)
class RunSpec:
    """One model run: ``LeadershipModel(**parameters, rng=seed).run(steps)``.

    Attributes:
        run_id: ``point * replications + replication``; unique within the experiment.
        point: Index of the design point.
        replication: Replication number, 0-based.
        seed: The integer seed passed to the model.
        parameters: The fixed parameters and the design point's values.
    """

    run_id: int
    point: int
    replication: int
    seed: int
    parameters: dict[str, Any]


def design_size(experiment: Experiment) -> int:
    """Number of design points, without building the design."""
    design, d = experiment.design, len(experiment.factors)
    match design.kind:
        case "grid":
            return int(np.prod([len(_grid_values(factor)) for factor in experiment.factors]))
        case "lhs":
            return int(design.samples or 0)
        case "sobol":
            return int(design.samples or 0) * ((2 * d + 2) if design.second_order else (d + 2))
        case "morris":
            return int(design.trajectories or 0) * (d + 1)
    raise AssertionError(design.kind)  # pragma: no cover


def build_design(experiment: Experiment) -> Design:
    """Sample the design points of an experiment (deterministic for a given design seed)."""
    names = list(experiment.factor_names)
    if experiment.design.kind == "grid":
        combinations = list(itertools.product(*(_grid_values(factor) for factor in experiment.factors)))
        columns = {name: [values[j] for values in combinations] for j, name in enumerate(names)}
        return Design(_frame(columns, experiment), None)
    unit = _unit_sample(experiment)
    columns = {f.name: [_from_unit(f, u) for u in unit[:, j]] for j, f in enumerate(experiment.factors)}
    unit_frame = pd.DataFrame(unit, columns=[UNIT_PREFIX + name for name in names])
    unit_frame.index.name = "point"
    return Design(_frame(columns, experiment), unit_frame)


def plan_runs(experiment: Experiment, design: Design) -> list[RunSpec]:
    """Every run of the experiment, design point by design point, replications inside."""
    seeds = replication_seeds(experiment.seed, experiment.replications)
    runs = []
    records = design.points.to_dict("records")
    for point, values in enumerate(records):
        parameters: dict[str, Any] = dict(experiment.fixed)
        parameters.update({str(name): _plain(value) for name, value in values.items()})
        for replication, seed in enumerate(seeds):
            run_id = point * experiment.replications + replication
            runs.append(RunSpec(run_id, point, replication, seed, parameters))
    return runs


def salib_problem(experiment: Experiment) -> dict[str, Any]:
    """The SALib problem of a sampled design: every factor on the unit interval."""
    names = list(experiment.factor_names)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def encode_parameter(name: str, value: Any) -> Any:
    """A parameter value as stored in a result row: styles as text, numbers by their kind.

    ``style = None`` is stored as ``"adaptive"``, a style name as itself, a mapping of weights as
    a JSON object; see :func:`decode_parameter`.
    """
    kind = PARAMETERS[name].kind
    if kind in ("style", "optional_style"):
        if value is None:
            return "adaptive"
        if isinstance(value, str):
            return value
        return json.dumps({key: float(weight) for key, weight in value.items()}, sort_keys=True)
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def decode_parameter(name: str, value: Any) -> Any:
    """Invert :func:`encode_parameter`: the value to pass to the model."""
    kind = PARAMETERS[name].kind
    if kind in ("style", "optional_style"):
        if value == "adaptive" and kind == "optional_style":
            return None
        if isinstance(value, str) and value.startswith("{"):
            return json.loads(value)
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


# ---------------------------------------------------------------------------- sampling
def _unit_sample(experiment: Experiment) -> NDArray[np.float64]:
    design, d = experiment.design, len(experiment.factors)
    if design.kind == "lhs":
        from scipy.stats import qmc

        sampler = qmc.LatinHypercube(d=d, rng=np.random.default_rng(design.seed))
        return np.asarray(sampler.random(n=int(design.samples or 0)), dtype=float)
    problem = salib_problem(experiment)
    if design.kind == "sobol":
        from SALib.sample import sobol

        sample = sobol.sample(
            problem, int(design.samples or 0), calc_second_order=design.second_order, seed=design.seed
        )
    else:
        from SALib.sample import morris

        sample = morris.sample(
            problem, int(design.trajectories or 0), num_levels=design.levels, seed=design.seed
        )
    return np.clip(np.asarray(sample, dtype=float), 0.0, 1.0)


def _grid_values(factor: Factor) -> list[Any]:
    if factor.levels is not None:
        return list(factor.levels)
    assert factor.low is not None and factor.high is not None and factor.points is not None
    values = np.linspace(factor.low, factor.high, factor.points)
    if factor.type == "int":
        return [int(v) for v in np.unique(np.round(values))]
    return [float(v) for v in values]


def _from_unit(factor: Factor, u: float) -> Any:
    if factor.levels is not None:
        k = len(factor.levels)
        return factor.levels[min(int(np.floor(u * k)), k - 1)]
    assert factor.low is not None and factor.high is not None
    if factor.type == "int":
        return int(min(np.floor(factor.low + u * (factor.high - factor.low + 1)), factor.high))
    return float(factor.low + u * (factor.high - factor.low))


def _frame(columns: dict[str, list[Any]], experiment: Experiment) -> pd.DataFrame:
    """Numbers as numeric columns; other levels (styles, scenarios, flags) as Python objects.

    (Built column by column: pandas would otherwise read ``None``, adaptive managers, as a
    missing string.)
    """
    series = {}
    for factor in experiment.factors:
        values = columns[factor.name]
        if factor.levels is None or all(_is_number(level) for level in factor.levels):
            series[factor.name] = pd.to_numeric(pd.Series(values))
        else:
            series[factor.name] = pd.Series(values, dtype=object)
    points = pd.DataFrame(series)
    points.index.name = "point"
    return points


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python number it holds (what the model and pickles expect)."""
    return value.item() if isinstance(value, np.generic) else value
