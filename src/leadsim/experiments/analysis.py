"""Analysis of stored sweeps: summaries, sensitivity indices, scenario discovery, and a report.

* :func:`summarize`: per design point, the mean of each metric over the replications with a
  Student-t confidence interval clipped to the metric's range (:mod:`.intervals`; the effects
  figure draws the same intervals), and the regime shares (share of teams per regime, averaged).
* :func:`sensitivity`: Sobol' indices (first order S1 and total ST, with bootstrap confidence
  intervals) of a ``sobol`` design, or Morris' mu*, mu and sigma (mu* with a bootstrap interval)
  of a ``morris`` design, both from SALib, on the replication means of each design point.
* :func:`discover_scenarios`: PRIM (Friedman & Fisher 1999) from the EMA Workbench, the standard
  tool of scenario discovery (Bryant & Lempert 2010): the box of factor values where runs end in
  passive drift, with its coverage and density. EMA Workbench is the optional extra ``prim``.
* :func:`analyze`: all of the above, the tipping-point protocols of
  :mod:`leadsim.experiments.tipping` when the sweep is one of them, the figures of
  :mod:`leadsim.experiments.report` and one HTML report, written to a directory.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from leadsim.errors import LeadsimError
from leadsim.experiments.design import UNIT_PREFIX, salib_problem
from leadsim.experiments.intervals import metric_bounds
from leadsim.experiments.storage import Results, load_results
from leadsim.experiments.tipping import TippingReport, analyze_tipping, write_tipping
from leadsim.files import save_csv

__all__ = [
    "AnalysisError",
    "AnalysisReport",
    "ScenarioBox",
    "analyze",
    "discover_scenarios",
    "limit_text",
    "sensitivity",
    "summarize",
]

DEFAULT_METRICS: tuple[str, ...] = ("passivity", "collaboration")
"""The metrics the analyses look at unless told otherwise: drift toward passivity or collaboration."""

PASSIVE_DRIFT = "regime_passive_drift"


class AnalysisError(LeadsimError, ValueError):
    """An analysis cannot be done on these results (wrong design, incomplete sweep, no extra)."""


def _metrics(
    results: Results, metrics: tuple[str, ...] | list[str] | None, default: tuple[str, ...]
) -> list[str]:
    chosen = list(metrics) if metrics is not None else [m for m in default if m in results.metrics]
    unknown = [m for m in chosen if m not in results.metrics]
    if unknown:
        raise AnalysisError(
            f"{', '.join(map(repr, unknown))} not stored in {results.path} "
            f"(stored: {', '.join(results.metrics)})"
        )
    return chosen


# ---------------------------------------------------------------------------- summaries
def summarize(
    results: Results, metrics: list[str] | None = None, *, confidence: float = 0.95
) -> pd.DataFrame:
    """Per design point: factor values, runs, and each metric's mean with a confidence interval.

    Args:
        results: Stored results (complete or not; points without runs are left out).
        metrics: Metrics to summarise (default: every stored metric, regime shares included).
        confidence: Level of the Student-t intervals of the means.

    Returns:
        One row per design point: ``point``, the factors, ``runs``, and for each metric
        ``<metric>_mean``, ``<metric>_ci_low``, ``<metric>_ci_high`` (NaN with one run) and
        ``<metric>_ci_clipped`` (the Student-t interval left the metric's range and was clipped
        to it: :func:`leadsim.experiments.intervals.metric_bounds`; a sign of too few runs).
    """
    chosen = list(results.metrics) if metrics is None else _metrics(results, metrics, ())
    # Factors and metrics apart: some names are both (pressure, reflection: set value, end value).
    summary = results.factor_table().groupby("point", sort=True)[results.factors].first()
    grouped = results.runs.groupby("point", sort=True)[chosen]
    summary["runs"] = grouped.size()
    means, sems, counts = grouped.mean(), grouped.sem(), grouped.count()
    half = sems * stats.t.ppf((1 + confidence) / 2, np.maximum(counts - 1, 1))
    half = half.where(counts > 1)
    columns = {}
    for metric in chosen:
        low, high = metric_bounds(metric)
        raw_low, raw_high = means[metric] - half[metric], means[metric] + half[metric]
        columns[f"{metric}_mean"] = means[metric]
        columns[f"{metric}_ci_low"] = raw_low.clip(lower=low)
        columns[f"{metric}_ci_high"] = raw_high.clip(upper=high)
        columns[f"{metric}_ci_clipped"] = (raw_low < low) | (raw_high > high)
    return pd.concat([summary, pd.DataFrame(columns)], axis=1).reset_index()


# ---------------------------------------------------------------------------- sensitivity
def sensitivity(
    results: Results,
    metrics: list[str] | None = None,
    *,
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Global sensitivity indices of a ``sobol`` or ``morris`` sweep (SALib).

    Each design point's output is the mean over its replications, which averages out the
    model's own noise (the indices then describe the expected outcome).

    Args:
        results: Results of a complete ``sobol`` or ``morris`` sweep.
        metrics: Metrics to analyse (default: passivity and collaboration).
        confidence: Level of the bootstrap confidence intervals.
        resamples: Bootstrap resamples.
        seed: Seed of the bootstrap.

    Returns:
        One row per metric and factor. Sobol: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (half-widths
        of the intervals), and with ``second_order`` one more row per pair of factors
        (``factor`` = ``a x b``) with ``S2`` and ``S2_conf``. Morris: ``mu``, ``mu_star``,
        ``sigma``, ``mu_star_conf``. Metrics that do not vary are left out.

    Raises:
        AnalysisError: Not a sobol or morris design, or the sweep is incomplete.
    """
    kind = results.experiment.design.kind
    if kind not in ("sobol", "morris"):
        raise AnalysisError(f"sensitivity indices need a sobol or morris design (this one is {kind})")
    if not results.complete:
        raise AnalysisError(
            f"sensitivity indices need every run: {len(results.runs)} of {results.runs_total} are stored; "
            f"rerun the sweep to finish it"
        )
    chosen = _metrics(results, metrics, DEFAULT_METRICS)
    problem = salib_problem(results.experiment)
    point_means = results.runs.groupby("point", sort=True)[chosen].mean()
    frames = []
    for metric in chosen:
        y = point_means[metric].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
            continue
        if kind == "sobol":
            frames.append(_sobol_indices(results, problem, y, metric, confidence, resamples, seed))
        else:
            frames.append(_morris_indices(results, problem, y, metric, confidence, resamples, seed))
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def _sobol_indices(
    results: Results,
    problem: dict[str, Any],
    y: np.ndarray,
    metric: str,
    confidence: float,
    resamples: int,
    seed: int,
) -> pd.DataFrame:
    from SALib.analyze import sobol

    second = results.experiment.design.second_order
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        indices = sobol.analyze(
            problem, y, calc_second_order=second, num_resamples=resamples, conf_level=confidence, seed=seed
        )
    columns = ("S1", "S1_conf", "ST", "ST_conf")
    frame = pd.DataFrame({name: np.asarray(indices[name], dtype=float) for name in columns})
    frame.insert(0, "factor", problem["names"])
    if second:
        frame = pd.concat([frame, _second_order_rows(problem["names"], indices)], ignore_index=True)
    frame.insert(0, "metric", metric)
    frame.insert(0, "method", "sobol")
    return frame


def _second_order_rows(names: list[str], indices: Any) -> pd.DataFrame:
    """One row per pair of factors, ``factor`` = ``a x b``, with S2 and S2_conf."""
    s2, conf = np.asarray(indices["S2"], dtype=float), np.asarray(indices["S2_conf"], dtype=float)
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    return pd.DataFrame(
        {
            "factor": [f"{names[i]} x {names[j]}" for i, j in pairs],
            "S2": [s2[i, j] for i, j in pairs],
            "S2_conf": [conf[i, j] for i, j in pairs],
        }
    )


def _morris_indices(
    results: Results,
    problem: dict[str, Any],
    y: np.ndarray,
    metric: str,
    confidence: float,
    resamples: int,
    seed: int,
) -> pd.DataFrame:
    from SALib.analyze import morris

    x = results.design.sort_values("point")[[UNIT_PREFIX + name for name in problem["names"]]].to_numpy(
        dtype=float
    )
    indices = morris.analyze(
        problem,
        x,
        y,
        num_resamples=resamples,
        conf_level=confidence,
        num_levels=results.experiment.design.levels,
        seed=seed,
    )
    columns = ("mu", "mu_star", "sigma", "mu_star_conf")
    frame = pd.DataFrame({name: np.asarray(indices[name], dtype=float) for name in columns})
    frame.insert(0, "factor", problem["names"])
    frame.insert(0, "metric", metric)
    frame.insert(0, "method", "morris")
    return frame


# ---------------------------------------------------------------------------- PRIM
@dataclass(frozen=True)
class ScenarioBox:
    """A PRIM box: the factor values under which runs tend to end in the condition of interest.

    Attributes:
        condition: The condition, in words (e.g. ``regime_passive_drift > 0.5``).
        cases: Runs analysed.
        cases_of_interest: Runs meeting the condition.
        coverage: Share of the runs of interest that fall in the box.
        density: Share of the runs in the box that are of interest.
        mass: Share of all runs in the box.
        limits: The restricted factors: ``factor``, ``min``, ``max`` (numbers) or ``levels``.
        trajectory: PRIM's peeling trajectory (coverage, density, mass, res_dim per step).
        chosen: The step of the trajectory chosen as the box.
        prim_box: EMA Workbench's ``PrimBox``, when the caller keeps it (``leadsim.ema.prim``
            does: for ``inspect``, ``show_tradeoff``, ``resample``).
    """

    condition: str
    cases: int
    cases_of_interest: int
    coverage: float
    density: float
    mass: float
    limits: pd.DataFrame
    trajectory: pd.DataFrame
    chosen: int
    prim_box: Any = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        """The box in one sentence."""
        if self.limits.empty:
            where = "no factor restricted"
        else:
            where = "; ".join(limit_text(row) for row in self.limits.to_dict("records"))
        return (
            f"{self.condition}: {where} (coverage {self.coverage:.2f}, density {self.density:.2f}, "
            f"{self.cases_of_interest} of {self.cases} runs of interest)"
        )


def limit_text(row: Mapping[Any, Any]) -> str:
    """One restricted factor of a box in words: ``0.2 <= pressure <= 0.6`` or ``style in {a, b}``."""
    if isinstance(row.get("levels"), str) and row["levels"]:
        return f"{row['factor']} in {{{row['levels']}}}"
    return f"{row['min']:.3g} <= {row['factor']} <= {row['max']:.3g}"


def discover_scenarios(
    results: Results,
    *,
    metric: str = PASSIVE_DRIFT,
    threshold: float = 0.5,
    above: bool = True,
    min_coverage: float = 0.7,
    mass_min: float = 0.05,
) -> ScenarioBox:
    """Find with PRIM the factor values under which runs end in a condition (default: passive drift).

    A run is of interest when ``metric > threshold`` (or ``<`` with ``above=False``); by default,
    when more than half of its teams end in passive drift. Of the boxes on PRIM's peeling
    trajectory, the densest one that still covers at least ``min_coverage`` of the runs of
    interest is chosen (the usual trade-off of scenario discovery).

    Args:
        results: Stored results with at least one factor.
        metric: The stored metric that defines the condition.
        threshold: Its threshold.
        above: Whether the condition is ``metric > threshold`` (else ``metric < threshold``).
        min_coverage: Least coverage of the chosen box.
        mass_min: PRIM's smallest box mass.

    Raises:
        AnalysisError: The EMA Workbench is not installed, the metric is not stored, or no run
            (or every run) meets the condition.
    """
    prim = _import_prim()
    _metrics(results, [metric], ())
    x = _prim_inputs(results)
    values = results.runs[metric].to_numpy(dtype=float)
    y = values > threshold if above else values < threshold
    condition = f"{metric} {'>' if above else '<'} {threshold:g}"
    if not y.any() or y.all():
        share = "no run" if not y.any() else "every run"
        raise AnalysisError(f"{share} meets {condition}: there is nothing for PRIM to separate")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm = prim.Prim(x, y, mass_min=mass_min)
        box = algorithm.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    chosen = int(eligible["density"].idxmax()) if not eligible.empty else 0
    lims = box.box_lims[chosen]
    stats_row = trajectory.loc[chosen]
    return ScenarioBox(
        condition=condition,
        cases=len(y),
        cases_of_interest=int(y.sum()),
        coverage=float(stats_row["coverage"]),
        density=float(stats_row["density"]),
        mass=float(stats_row["mass"]),
        limits=_restricted(lims, algorithm.box_init),
        trajectory=trajectory.reset_index(names="step"),
        chosen=chosen,
    )


def _import_prim() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError as exc:
        raise AnalysisError(
            "PRIM scenario discovery needs the EMA Workbench: pip install 'leadsim[prim]'"
        ) from exc
    return prim


def _prim_inputs(results: Results) -> pd.DataFrame:
    if not results.factors:
        raise AnalysisError("PRIM needs at least one factor")
    x = results.factor_table()[results.factors].copy()
    for name in x.columns:
        if not pd.api.types.is_numeric_dtype(x[name]) or pd.api.types.is_bool_dtype(x[name]):
            x[name] = x[name].astype(str).astype("category")
    return x.reset_index(drop=True)


def _restricted(lims: pd.DataFrame, initial: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name in lims.columns:
        low, high = lims[name].iloc[0], lims[name].iloc[1]
        if isinstance(low, set):
            if low != initial[name].iloc[0]:
                rows.append({"factor": name, "min": np.nan, "max": np.nan, "levels": ", ".join(sorted(low))})
        elif low != initial[name].iloc[0] or high != initial[name].iloc[1]:
            rows.append({"factor": name, "min": float(low), "max": float(high), "levels": ""})
    return pd.DataFrame(rows, columns=["factor", "min", "max", "levels"])


# ---------------------------------------------------------------------------- everything
@dataclass
class AnalysisReport:
    """What :func:`analyze` produced.

    Attributes:
        out: The directory written to.
        summary: Per-design-point summaries (:func:`summarize`).
        sensitivity: Sensitivity indices, or ``None`` (not a sobol or morris design).
        scenario: The PRIM box, or ``None``.
        tipping: The tipping-point protocols' tables and verdicts (initial states, hysteresis),
            or ``None`` when the sweep is neither (:mod:`leadsim.experiments.tipping`).
        files: Every file written (tables, figures, the HTML report).
        notes: Analyses skipped, and why.
    """

    out: Path
    summary: pd.DataFrame
    sensitivity: pd.DataFrame | None = None
    scenario: ScenarioBox | None = None
    tipping: TippingReport | None = None
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def html(self) -> Path:
        """The HTML report."""
        return self.out / "report.html"


def analyze(
    results: Results | str | Path,
    out: str | Path | None = None,
    *,
    metrics: list[str] | None = None,
    phase: tuple[str, str] | None = None,
    confidence: float = 0.95,
    prim: bool = True,
    prim_threshold: float = 0.5,
    min_gap: float | None = None,
) -> AnalysisReport:
    """Summaries, sensitivity indices, PRIM, tipping points, figures and an HTML report for a sweep.

    A sweep of the initial-state or the hysteresis protocol (a factor ``initial_proactivity``, or
    the ``cycle`` pressure scenario) also gets their tables, figures and verdicts
    (:func:`leadsim.experiments.tipping.analyze_tipping`).

    Args:
        results: Stored results, or a results directory.
        out: Where to write (default ``RESULTS/analysis``).
        metrics: Metrics of the figures and indices (default passivity and collaboration).
        phase: The two factors of the phase diagrams (default the first two).
        confidence: Level of every confidence interval.
        prim: Whether to run PRIM scenario discovery (needs the ``prim`` extra).
        prim_threshold: A run is in passive drift when more than this share of its teams is.
        min_gap: Least meaningful gap of the tipping-point protocols, for every metric (default
            0.05 on passivity and collaboration, 0.10 on regime shares).

    Returns:
        The tables, the PRIM box, the tipping-point verdicts, the files written and notes on what
        was skipped.
    """
    from leadsim.experiments import report as figures

    if not isinstance(results, Results):
        results = load_results(results)
    if results.runs.empty:
        raise AnalysisError(f"{results.path} holds no runs yet")
    chosen = _metrics(results, metrics, DEFAULT_METRICS)
    target = Path(out) if out is not None else results.path / "analysis"
    target.mkdir(parents=True, exist_ok=True)
    analysis = AnalysisReport(target, summarize(results, confidence=confidence))
    if not results.complete:
        analysis.notes.append(f"incomplete sweep: {len(results.runs)} of {results.runs_total} runs stored")
    _write_table(analysis, analysis.summary, "summary.csv")

    if results.experiment.design.kind in ("sobol", "morris"):
        try:
            analysis.sensitivity = sensitivity(results, chosen, confidence=confidence)
            _write_table(analysis, analysis.sensitivity, "sensitivity.csv")
        except AnalysisError as exc:
            analysis.notes.append(f"sensitivity indices skipped: {exc}")
    if prim:
        try:
            analysis.scenario = discover_scenarios(results, threshold=prim_threshold)
            _write_table(analysis, analysis.scenario.limits, "prim_box.csv")
            _write_table(analysis, analysis.scenario.trajectory, "prim_trajectory.csv")
        except AnalysisError as exc:
            analysis.notes.append(f"PRIM scenario discovery skipped: {exc}")

    tipping = analyze_tipping(results, confidence=confidence, min_gap=min_gap)
    if not tipping.empty:
        analysis.tipping = tipping
        analysis.notes += tipping.notes
        analysis.files += write_tipping(tipping, target)

    analysis.files += figures.draw_all(results, analysis, chosen, phase=phase, confidence=confidence)
    analysis.files.append(figures.write_html(results, analysis))
    return analysis


def _write_table(analysis: AnalysisReport, table: pd.DataFrame, name: str) -> None:
    analysis.files.append(save_csv(table, analysis.out / name))
