"""Tipping points: does the model have more than one attractor, and does it show hysteresis?

Two protocols, each an ordinary experiment file run with ``leadsim sweep`` (the engine's seeds,
pools and storage) and read here; ``leadsim analyze`` calls :func:`analyze_tipping` on every
sweep and adds a "Tipping point" section to the report whenever a sweep is one of them.

**Initial states** (``experiments/tipping_initial_state.toml``). The same organisations are
started passive and collaborative: the factor ``initial_proactivity`` (mean initial proactivity
of the professionals; passivity = 1 - proactivity) at a low and a high level, crossed with the
other factors (the *cells*: pressure x reflection). Replication r of every design point has the
same seed (common random numbers), so the two starts of a cell are paired by replication. Per
cell and metric, the *end gap* is the paired difference

    gap_r = m_r(low start) - m_r(high start)        at the last week,

and its mean over replications with a Student-t interval. With time series stored, the gap at
week 0 (how far apart the starts were) and the gap week by week are reported too. Two starts
whose end gap stays beyond the minimum are two attractors (bistability, or at least states that
do not meet within the horizon); an end gap whose whole interval lies within the minimum is one
attractor.

**Hysteresis** (``experiments/tipping_hysteresis.toml``). Pressure is raised and lowered again
(``pressure_scenario = "cycle"``: linearly from 0 to ``pressure`` over ``ramp_weeks``, back to 0
over the next ``ramp_weeks``, then 0). Each run's weekly series is read on the way up and on the
way down at the same pressures q (linear interpolation between the stored weeks, against the
stored weekly ``pressure``), on :data:`LOOP_POINTS` pressures evenly spread over the middle of
the range (:data:`LOOP_BAND`, as shares of the run's peak; the ends are left out because the way
up starts from the initial state, not from an equilibrium). Per run,

    gap(q)   = m_down(q) - m_up(q)
    loop     = (1 / (q_hi - q_lo)) * integral_{q_lo}^{q_hi} |gap(q)| dq   (the area between the
                                                                          branches per unit of pressure:
                                                                          the loop's mean height)
    mid gap  = gap(peak / 2)

and per cell (reflection x ramp_weeks) their means over replications with Student-t intervals.
The loop is unsigned: a loop that crosses itself (a figure eight: down below up at low pressure,
above it at high pressure) has a signed area near zero but is not the absence of a loop. The gaps
at the two ends of the band are reported too; on the way up the low end is the first weeks of a
run, when the state is still leaving its initial condition (the scenario has no burn-in), so a
gap there says as much about the start-up transient as about the path. A loop that shrinks when
the ramp is slower is lag (the state trails a moving pressure), not hysteresis; the verdict
therefore rests on the slowest ramp of each reflection level, and the report gives the loops at
every speed.

**The never-pressured twin.** When the cycle's peak ``pressure`` is a factor with the level 0,
the runs with peak 0 (pressure 0 throughout, the same seeds) are each cycle run's twin. The loops
are read a second time on each run's series minus its twin's, week by week (:func:`detrend`):
what the two share, the start-up transient and any slow drift, cancels, and what is left is the
response to pressure. And the *remanence* (:func:`remanence`) is the paired difference
end(peak) - end(0) at the end of the run, after the cycle and the weeks at pressure 0 that
follow it: the memory of the pressure the organisation went through.

**Decision rule with magnitude.** Every gap has a declared minimum meaningful size,
:data:`MIN_GAP` = 0.05 on the 0-1 scales of passivity and collaboration (a fifth of a point on the
essay's 5-point scales: two states closer than that could not be told apart by its survey), and
:data:`MIN_SHARE_GAP` = 0.10 for regime shares (a tenth of the teams). A gap whose whole
interval lies beyond the minimum (in either direction) counts as *apart* (initial states) or a
*loop* (hysteresis); one whose whole interval lies within (-minimum, +minimum) counts as *one
attractor* or *no loop* (an equivalence test: two one-sided tests, each at (1 - confidence) / 2);
anything else is *undecided*, and is reported so, never rounded to either answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from leadsim.errors import LeadsimError
from leadsim.files import save_csv, save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from leadsim.experiments.storage import Results

__all__ = [
    "APART",
    "CYCLE",
    "LOOP",
    "LOOP_BAND",
    "MEMORY",
    "MIN_GAP",
    "MIN_SHARE_GAP",
    "NO_LOOP",
    "NO_MEMORY",
    "ONE_ATTRACTOR",
    "START_FACTOR",
    "TIPPING_METRICS",
    "UNDECIDED",
    "TippingError",
    "TippingReport",
    "analyze_tipping",
    "decide",
    "detrend",
    "hysteresis_loops",
    "hysteresis_verdict",
    "initial_state_convergence",
    "initial_state_gaps",
    "initial_state_verdict",
    "loop_branches",
    "min_gap_for",
    "remanence",
    "remanence_verdict",
]

START_FACTOR = "initial_proactivity"
"""The factor whose levels are the initial states (mean initial proactivity of the professionals)."""

CYCLE = "cycle"
"""The pressure scenario that raises pressure and lowers it again."""

TIPPING_METRICS: tuple[str, ...] = ("passivity", "collaboration", "regime_passive_drift")
"""The metrics both protocols look at unless told otherwise."""

MIN_GAP = 0.05
"""Least meaningful gap on a 0-1 scale (passivity, collaboration): a fifth of a 5-point-scale point."""

MIN_SHARE_GAP = 0.10
"""Least meaningful gap in a regime share: a tenth of the teams."""

LOOP_BAND = (0.1, 0.9)
"""The pressures, as shares of the peak, over which up and down are compared."""

LOOP_POINTS = 17
"""Pressures at which the two branches are read (evenly spread over :data:`LOOP_BAND`)."""

APART, ONE_ATTRACTOR, LOOP, NO_LOOP, UNDECIDED = "apart", "one attractor", "loop", "no loop", "undecided"
MEMORY, NO_MEMORY = "memory", "no memory"


class TippingError(LeadsimError, ValueError):
    """These results cannot be read by a tipping-point protocol (the message says what is missing)."""


def min_gap_for(metric: str, min_gap: float | Mapping[str, float] | None = None) -> float:
    """The minimum meaningful gap of a metric.

    Args:
        metric: A metric name.
        min_gap: One minimum for every metric, or a mapping metric -> minimum (metrics it does not
            name get the default), or ``None`` for the defaults (:data:`MIN_SHARE_GAP` for regime
            shares, :data:`MIN_GAP` otherwise).

    Raises:
        TippingError: A minimum that is not a positive number.
    """
    default = MIN_SHARE_GAP if metric.startswith("regime_") else MIN_GAP
    if min_gap is None:
        value: Any = default
    elif isinstance(min_gap, Mapping):
        value = min_gap.get(metric, default)
    else:
        value = min_gap
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value) or value <= 0:
        raise TippingError(f"min_gap[{metric!r}] must be a positive number (got {value!r})")
    return float(value)


def decide(ci_low: float, ci_high: float, minimum: float, *, apart: str, together: str) -> str:
    """The decision rule with magnitude: beyond the minimum, within it, or undecided.

    Args:
        ci_low: Lower end of the gap's interval.
        ci_high: Upper end.
        minimum: The least meaningful gap (positive).
        apart: The verdict when the whole interval lies beyond ``+-minimum``.
        together: The verdict when the whole interval lies within ``(-minimum, minimum)``.

    Returns:
        ``apart``, ``together`` or :data:`UNDECIDED` (also when the interval is unknown).
    """
    if not (np.isfinite(ci_low) and np.isfinite(ci_high)):
        return UNDECIDED
    if ci_low > minimum or ci_high < -minimum:
        return apart
    if -minimum < ci_low and ci_high < minimum:
        return together
    return UNDECIDED


def _mean_ci(values: np.ndarray, confidence: float) -> tuple[float, float, float, float]:
    """Mean, Student-t interval and standard deviation of the finite values (NaN interval if n < 2)."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (np.nan,) * 4
    mean = float(values.mean())
    if values.size < 2:
        return mean, np.nan, np.nan, np.nan
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf((1 + confidence) / 2, values.size - 1)) * sd / np.sqrt(values.size)
    return mean, mean - half, mean + half, sd


def _check_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [name for name in columns if name not in table.columns]
    if missing:
        raise TippingError(
            f"{what} has no column {', '.join(map(repr, missing))} (has {', '.join(table.columns)})"
        )


def _check_confidence(confidence: float) -> None:
    if isinstance(confidence, bool) or not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise TippingError(f"confidence must be a number in (0, 1) (got {confidence!r})")


def _cell_groups(table: pd.DataFrame, cells: Sequence[str]) -> Any:
    """Group by the cell factors (one group of everything when there are none)."""
    if cells:
        return table.groupby(list(cells), sort=True, dropna=False)
    return [((), table)]


def _cell_key(cells: Sequence[str], key: Any) -> dict[str, Any]:
    values = key if isinstance(key, tuple) else (key,)
    return dict(zip(cells, values, strict=True)) if cells else {}


# ---------------------------------------------------------------------------- initial states
def _paired(part: pd.DataFrame, start: str, low: Any, high: Any, metric: str) -> pd.DataFrame:
    """Replications x {low, high}: the metric of both starts, only replications that have both."""
    wide = part.pivot_table(index="replication", columns=start, values=metric, aggfunc="first")
    if low not in wide.columns or high not in wide.columns:
        return pd.DataFrame(columns=["low", "high"], dtype=float)
    return wide[[low, high]].set_axis(["low", "high"], axis=1).dropna()


def initial_state_gaps(
    runs: pd.DataFrame,
    *,
    start: str = START_FACTOR,
    cells: Sequence[str] = (),
    metrics: Sequence[str] = TIPPING_METRICS,
    confidence: float = 0.95,
    min_gap: float | Mapping[str, float] | None = None,
    starts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per cell and metric: the paired end gap between the lowest and highest start, with its interval.

    Args:
        runs: One row per run: ``replication``, the ``start`` factor, the ``cells`` factors and the
            metrics' end values.
        start: The factor whose lowest and highest levels are compared (low start minus high start).
        cells: The other factors; each combination of their values is a cell.
        metrics: The metrics compared.
        confidence: Level of the Student-t intervals over replications.
        min_gap: Least meaningful gap (see :func:`min_gap_for`).
        starts: The same layout as ``runs`` holding the metrics at week 0, to report how far apart
            the starts began (``start_gap``); optional.

    Returns:
        One row per cell and metric: the cell factors, ``metric``, ``low_start``, ``high_start``,
        ``replications`` (pairs), ``start_gap`` (NaN without ``starts``), ``end_gap``,
        ``ci_low``, ``ci_high``, ``sd``, ``min_gap`` and ``verdict`` (:data:`APART`,
        :data:`ONE_ATTRACTOR` or :data:`UNDECIDED`).

    Raises:
        TippingError: A column is missing, the start factor has fewer than two levels, or a
            minimum or the confidence level is not valid.
    """
    _check_confidence(confidence)
    _check_columns(runs, ["replication", start, *cells, *metrics], "the runs table")
    levels = sorted(runs[start].dropna().unique().tolist())
    if len(levels) < 2:
        raise TippingError(f"{start!r} must have at least two levels to compare starts (got {levels})")
    low, high = levels[0], levels[-1]
    minima = {metric: min_gap_for(metric, min_gap) for metric in metrics}
    begin: dict[tuple[Any, ...], dict[str, float]] = {}
    if starts is not None:
        _check_columns(starts, ["replication", start, *cells, *metrics], "the week-0 table")
        for key, part in _cell_groups(starts, cells):
            cell_gaps = {}
            for metric in metrics:
                pairs = _paired(part, start, low, high, metric)
                cell_gaps[metric] = float((pairs["low"] - pairs["high"]).mean()) if len(pairs) else np.nan
            begin[tuple(_cell_key(cells, key).values())] = cell_gaps
    rows = []
    for key, part in _cell_groups(runs, cells):
        cell = _cell_key(cells, key)
        for metric in metrics:
            pairs = _paired(part, start, low, high, metric)
            gaps = (pairs["low"] - pairs["high"]).to_numpy(dtype=float)
            mean, ci_low, ci_high, sd = _mean_ci(gaps, confidence)
            rows.append(
                {
                    **cell,
                    "metric": metric,
                    "low_start": low,
                    "high_start": high,
                    "replications": int(np.isfinite(gaps).sum()),
                    "start_gap": begin.get(tuple(cell.values()), {}).get(metric, np.nan),
                    "end_gap": mean,
                    "ci_low": ci_low,
                    "ci_high": ci_high,
                    "sd": sd,
                    "min_gap": minima[metric],
                    "verdict": decide(ci_low, ci_high, minima[metric], apart=APART, together=ONE_ATTRACTOR),
                }
            )
    return pd.DataFrame(rows)


def initial_state_convergence(
    runs: pd.DataFrame,
    series: pd.DataFrame,
    *,
    start: str = START_FACTOR,
    cells: Sequence[str] = (),
    metrics: Sequence[str] = TIPPING_METRICS,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Week by week, per cell and metric: the mean paired gap between the lowest and highest start.

    Args:
        runs: One row per run: ``run_id``, ``replication``, the ``start`` and ``cells`` factors.
        series: The stored time series: ``run_id``, ``week`` and the metrics.
        start: The start factor.
        cells: The other factors.
        metrics: The metrics (those not in ``series`` are left out).
        confidence: Level of the Student-t intervals.

    Returns:
        One row per cell, metric and week: the cell factors, ``metric``, ``week``, ``gap``,
        ``ci_low``, ``ci_high``.
    """
    _check_confidence(confidence)
    _check_columns(runs, ["run_id", "replication", start, *cells], "the runs table")
    shown = [metric for metric in metrics if metric in series.columns]
    table = series[["run_id", "week", *shown]].merge(
        runs[["run_id", "replication", start, *cells]], on="run_id", how="inner"
    )
    levels = sorted(table[start].dropna().unique().tolist())
    if len(levels) < 2:
        return pd.DataFrame(columns=[*cells, "metric", "week", "gap", "ci_low", "ci_high"])
    low, high = levels[0], levels[-1]
    rows = []
    for key, part in _cell_groups(table, cells):
        cell = _cell_key(cells, key)
        for metric in shown:
            wide = part.pivot_table(
                index=["week", "replication"], columns=start, values=metric, aggfunc="first"
            )
            if low not in wide.columns or high not in wide.columns:
                continue
            gaps = (wide[low] - wide[high]).dropna()
            for week, values in gaps.groupby(level="week", sort=True):
                mean, ci_low, ci_high, _ = _mean_ci(values.to_numpy(dtype=float), confidence)
                rows.append(
                    {
                        **cell,
                        "metric": metric,
                        "week": int(week),
                        "gap": mean,
                        "ci_low": ci_low,
                        "ci_high": ci_high,
                    }
                )
    return pd.DataFrame(rows, columns=[*cells, "metric", "week", "gap", "ci_low", "ci_high"])


def _cell_text(row: Mapping[Any, Any], cells: Sequence[str]) -> str:
    return ", ".join(
        f"{name} {row[name]:g}" if _is_number(row[name]) else f"{name} {row[name]}" for name in cells
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _minima_text(table: pd.DataFrame) -> str:
    """The minimum of each metric in words: ``0.05 (passivity, collaboration), 0.1 (regime_...)``."""
    minima = table.drop_duplicates("metric").groupby("min_gap", sort=True)["metric"].apply(list)
    return ", ".join(f"{value:g} ({', '.join(names)})" for value, names in minima.items())


def initial_state_verdict(gaps: pd.DataFrame, cells: Sequence[str] = (), *, start: str = START_FACTOR) -> str:
    """One paragraph on what the initial-state protocol shows, with the numbers.

    Args:
        gaps: The table of :func:`initial_state_gaps`.
        cells: Its cell factors.
        start: The start factor (for the wording).

    Returns:
        ``"bistability: ..."`` when some cell's starts stay apart, ``"one attractor: ..."`` when every
        cell and metric converges, otherwise ``"undecided: ..."``; each with the largest gap.
    """
    if gaps.empty:
        return "undecided: no pairs of runs to compare"
    low, high = gaps["low_start"].iloc[0], gaps["high_start"].iloc[0]
    starts = f"{start} {low:g} and {high:g}" if _is_number(low) else f"{start} {low} and {high}"
    n_cells = len(gaps.drop_duplicates(list(cells))) if cells else 1
    apart = gaps[gaps["verdict"] == APART]
    undecided = gaps[gaps["verdict"] == UNDECIDED]
    size = gaps["end_gap"].abs().to_numpy(dtype=float)
    largest = gaps.iloc[int(np.nanargmax(size))].to_dict() if np.isfinite(size).any() else None

    def describe(row: Mapping[Any, Any]) -> str:
        where = _cell_text(row, cells)
        begun = f"from {row['start_gap']:+.3f} at week 0 " if np.isfinite(row["start_gap"]) else ""
        return (
            f"{row['metric']} {begun}to {row['end_gap']:+.3f} [{row['ci_low']:+.3f}, {row['ci_high']:+.3f}]"
            + (f" ({where})" if where else "")
        )

    if not apart.empty:
        listed = "; ".join(describe(row) for row in apart.to_dict("records"))
        n_apart = len(apart.drop_duplicates(list(cells))) if cells else 1
        return (
            f"bistability: runs started at {starts} stay apart (the whole interval of the end gap beyond "
            f"the minimum, {_minima_text(gaps)}) in {n_apart} of {n_cells} cells: {listed}"
        )
    if undecided.empty:
        assert largest is not None
        return (
            f"one attractor: in all {n_cells} cells, runs started at {starts} end within the minimum "
            f"meaningful gap of each other for every metric (the whole interval of each end gap within "
            f"+-{_minima_text(gaps)}); largest end gap {describe(largest)}"
        )
    listed = "; ".join(describe(row) for row in undecided.to_dict("records"))
    return (
        f"undecided: no cell's starts stay apart, but in {len(undecided)} cell-metric pairs the interval "
        f"reaches past the minimum (more replications or a longer horizon would decide): {listed}"
    )


# ---------------------------------------------------------------------------- hysteresis
def loop_branches(
    pressure: np.ndarray, values: np.ndarray, band: tuple[float, float] = LOOP_BAND, points: int = LOOP_POINTS
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """One run's state on the way up and on the way down, read at the same pressures.

    Args:
        pressure: The run's stored weekly pressure, in week order (rises to a peak, then falls).
        values: A metric at the same weeks.
        band: The shares of the peak pressure between which the branches are read.
        points: How many pressures, evenly spread over the band.

    Returns:
        ``(q, up, down)``: the pressures and the metric interpolated linearly on the rising and
        the falling branch; ``None`` when the run does not complete the cycle within the stored
        weeks (no peak above 0, or pressure not yet back below the band's lower end).
    """
    pressure = np.asarray(pressure, dtype=float)
    values = np.asarray(values, dtype=float)
    if pressure.size < 3 or not np.all(np.isfinite(pressure)):
        return None
    peak_at = int(np.argmax(pressure))
    peak = float(pressure[peak_at])
    if peak <= 0:
        return None
    q = np.linspace(band[0] * peak, band[1] * peak, points)
    # The way up starts at the last week before the peak with pressure at or below the band, so
    # that weeks held at pressure 0 before a cycle (a burn-in) are not part of it.
    starts = np.flatnonzero(pressure[: peak_at + 1] <= q[0])
    if starts.size == 0:
        return None
    first = int(starts[-1])
    rising, falling = pressure[first : peak_at + 1], pressure[peak_at:]
    below = np.flatnonzero(falling <= q[0])
    if below.size == 0:
        return None
    falling = falling[: below[0] + 1]
    down_values = values[peak_at : peak_at + below[0] + 1]
    up = np.interp(q, rising, values[first : peak_at + 1])
    down = np.interp(q, falling[::-1], down_values[::-1])
    return q, up, down


def hysteresis_loops(
    runs: pd.DataFrame,
    series: pd.DataFrame,
    *,
    cells: Sequence[str] = (),
    metrics: Sequence[str] = TIPPING_METRICS,
    confidence: float = 0.95,
    min_gap: float | Mapping[str, float] | None = None,
    band: tuple[float, float] = LOOP_BAND,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per cell and metric: the loop between the way up and the way down, with intervals.

    Args:
        runs: One row per run: ``run_id``, ``replication`` and the ``cells`` factors.
        series: The stored time series: ``run_id``, ``week``, ``pressure`` and the metrics.
        cells: The factors whose combinations are the cells (e.g. reflection, ramp_weeks).
        metrics: The metrics (those not in ``series`` are left out).
        confidence: Level of the Student-t intervals over replications.
        min_gap: Least meaningful gap (see :func:`min_gap_for`).
        band: Shares of the peak pressure over which the branches are compared.

    Returns:
        ``(loops, curves)``. ``loops``: one row per cell and metric with ``replications`` (runs
        that complete the cycle), ``runs_incomplete``, ``peak``, ``loop`` (mean of |down - up| over
        the band: the area between the branches per unit of pressure) with ``loop_ci_low``,
        ``loop_ci_high``, ``mid_gap`` (down - up at half the peak) with ``mid_ci_low``,
        ``mid_ci_high``, ``low_end_gap`` and ``high_end_gap`` (mean down - up at the band's ends),
        ``min_gap`` and ``verdict`` (:data:`LOOP` when either interval lies beyond the minimum,
        :data:`NO_LOOP` when both lie within it, else :data:`UNDECIDED`). ``curves``: per cell,
        metric and pressure share ``q_share``, the mean ``up`` and ``down`` over replications.

    Raises:
        TippingError: A column is missing (the weekly ``pressure`` above all), or a minimum, the
            band or the confidence level is not valid.
    """
    _check_confidence(confidence)
    if not (len(band) == 2 and 0 <= band[0] < 0.5 < band[1] <= 1):
        raise TippingError(
            f"band must be two shares of the peak, low < 0.5 < high, within [0, 1] (got {band!r})"
        )
    _check_columns(runs, ["run_id", "replication", *cells], "the runs table")
    if "pressure" not in series.columns:
        raise TippingError(
            "hysteresis needs the weekly 'pressure' in the time series: add \"pressure\" to [output] "
            "metrics and set timeseries = true"
        )
    _check_columns(series, ["run_id", "week"], "the time series")
    shown = [metric for metric in metrics if metric in series.columns and metric != "pressure"]
    if not shown:
        raise TippingError(f"none of the metrics {', '.join(metrics)} is in the time series")
    minima = {metric: min_gap_for(metric, min_gap) for metric in shown}
    ordered = series.sort_values(["run_id", "week"])
    by_run = {run_id: part for run_id, part in ordered.groupby("run_id", sort=False)}
    mid = (LOOP_POINTS - 1) // 2 if abs(sum(band) / 2 - 0.5) < 1e-12 else None
    loops, curves = [], []
    for key, part in _cell_groups(runs, cells):
        cell = _cell_key(cells, key)
        for metric in shown:
            areas, mids, ups, downs, peaks, incomplete = [], [], [], [], [], 0
            ends: tuple[list[float], list[float]] = ([], [])
            for run_id in part["run_id"]:
                run_series = by_run.get(run_id)
                read = None
                if run_series is not None:
                    read = loop_branches(
                        run_series["pressure"].to_numpy(), run_series[metric].to_numpy(), band
                    )
                if read is None:
                    incomplete += 1
                    continue
                q, up, down = read
                gap = down - up
                areas.append(float(np.trapezoid(np.abs(gap), q) / (q[-1] - q[0])))
                ends[0].append(float(gap[0]))
                ends[1].append(float(gap[-1]))
                mids.append(
                    float(gap[mid]) if mid is not None else float(np.interp(q[-1] / band[1] / 2, q, gap))
                )
                ups.append(up)
                downs.append(down)
                peaks.append(q[-1] / band[1])
            loop, loop_low, loop_high, _ = _mean_ci(np.asarray(areas, dtype=float), confidence)
            mid_gap, mid_low, mid_high, _ = _mean_ci(np.asarray(mids, dtype=float), confidence)
            verdicts = {
                decide(loop_low, loop_high, minima[metric], apart=LOOP, together=NO_LOOP),
                decide(mid_low, mid_high, minima[metric], apart=LOOP, together=NO_LOOP),
            }
            verdict = LOOP if LOOP in verdicts else NO_LOOP if verdicts == {NO_LOOP} else UNDECIDED
            loops.append(
                {
                    **cell,
                    "metric": metric,
                    "replications": len(areas),
                    "runs_incomplete": incomplete,
                    "peak": float(np.mean(peaks)) if peaks else np.nan,
                    "loop": loop,
                    "loop_ci_low": loop_low,
                    "loop_ci_high": loop_high,
                    "mid_gap": mid_gap,
                    "mid_ci_low": mid_low,
                    "mid_ci_high": mid_high,
                    "low_end_gap": float(np.mean(ends[0])) if ends[0] else np.nan,
                    "high_end_gap": float(np.mean(ends[1])) if ends[1] else np.nan,
                    "min_gap": minima[metric],
                    "verdict": verdict,
                }
            )
            if ups:
                shares = np.linspace(band[0], band[1], LOOP_POINTS)
                mean_up, mean_down = np.mean(ups, axis=0), np.mean(downs, axis=0)
                curves += [
                    {**cell, "metric": metric, "q_share": float(s), "up": float(u), "down": float(d)}
                    for s, u, d in zip(shares, mean_up, mean_down, strict=True)
                ]
    return pd.DataFrame(loops), pd.DataFrame(curves, columns=[*cells, "metric", "q_share", "up", "down"])


def _change(fast: float, slow: float) -> str:
    """How a loop changes from the fastest to the slowest ramp, in words (a quarter is a change)."""
    if not (np.isfinite(fast) and np.isfinite(slow)) or fast <= 0:
        return "no comparison"
    ratio = slow / fast
    if ratio < 0.75:
        return f"shrinks by {1 - ratio:.0%}"
    if ratio > 1.25:
        return f"grows by {ratio - 1:.0%}"
    return "about the same size"


def hysteresis_verdict(
    loops: pd.DataFrame,
    cells: Sequence[str] = (),
    *,
    ramp: str | None = "ramp_weeks",
    detrended: bool = False,
) -> str:
    """One paragraph on what the hysteresis protocol shows, with the numbers.

    The verdict of each group of the other cell factors (e.g. each reflection level) rests on its
    slowest ramp: a loop only at faster ramps is lag. The paragraph then says how the loops change
    from the fastest to the slowest ramp (a loop that shrinks when the ramp is slower is lag), and
    where the two branches differ most, at the ends of the band (on the way up the low end is the
    first weeks of the run, still the start-up transient; the high end is just after the peak).

    Args:
        loops: The ``loops`` table of :func:`hysteresis_loops`.
        cells: Its cell factors.
        ramp: The factor of ramp speeds among ``cells`` (``None`` or absent: one speed).
        detrended: Whether the loops were read net of never-pressured twins (:func:`detrend`),
            which removes the start-up transient from the low end.

    Returns:
        ``"hysteresis: ..."``, ``"no hysteresis: ..."`` or ``"undecided: ..."``.
    """
    complete = loops[loops["replications"] > 0] if not loops.empty else loops
    if complete.empty:
        return "undecided: no run completes the pressure cycle within the stored weeks"
    has_ramp = ramp is not None and ramp in cells
    others = [name for name in cells if name != ramp] if has_ramp else list(cells)
    if has_ramp:
        assert ramp is not None
        slowest_ramp = complete.groupby([*others, "metric"], sort=False)[ramp].transform("max")
        slowest = complete[complete[ramp] == slowest_ramp].reset_index(drop=True)
    else:
        slowest = complete.reset_index(drop=True)

    def describe(row: Mapping[Any, Any]) -> str:
        where = _cell_text(row, cells)
        loop = f"{row['loop']:.3f} [{row['loop_ci_low']:.3f}, {row['loop_ci_high']:.3f}]"
        mid = f"{row['mid_gap']:+.3f} [{row['mid_ci_low']:+.3f}, {row['mid_ci_high']:+.3f}]"
        return f"{row['metric']} loop {loop}, mid-pressure gap {mid}" + (f" ({where})" if where else "")

    notes = []
    if has_ramp and complete[ramp].nunique() > 1:
        assert ramp is not None
        by_speed = complete.groupby(["metric", ramp], sort=True)["loop"].mean().unstack(ramp)
        speeds = list(by_speed.columns)
        changes = "; ".join(
            f"{metric} {' -> '.join(f'{row[speed]:.3f}' for speed in speeds)} "
            f"({_change(row[speeds[0]], row[speeds[-1]])})"
            for metric, row in by_speed.iterrows()
        )
        notes.append(
            f"At {ramp} {', '.join(f'{speed:g}' for speed in speeds)} the loops (mean over the other "
            f"cells): {changes}; a loop that shrinks when pressure moves more slowly is lag, one that "
            "keeps its size is what hysteresis would show."
        )
    low_note = "" if detrended else " (on the way up still the start-up transient)"
    ends = slowest.assign(size=slowest[["low_end_gap", "high_end_gap"]].abs().max(axis=1))
    widest = ends.sort_values("size", ascending=False).drop_duplicates("metric")
    notes.append(
        "At the slowest ramp the branches differ most at the ends of the band: "
        + "; ".join(
            f"{row['metric']} {row['low_end_gap']:+.3f} at the low end{low_note}, "
            f"{row['high_end_gap']:+.3f} at the high end (just after the peak)"
            for row in widest.to_dict("records")
        )
        + "."
    )
    tail = " " + " ".join(notes)
    loops_found = slowest[slowest["verdict"] == LOOP]
    undecided = slowest[slowest["verdict"] == UNDECIDED]
    speed = "at the slowest ramp " if has_ramp else ""
    if not loops_found.empty:
        listed = "; ".join(describe(row) for row in loops_found.to_dict("records"))
        return (
            f"hysteresis: {speed}the way down differs from the way up beyond the minimum in "
            f"{len(loops_found)} of {len(slowest)} cell-metric pairs: {listed}.{tail}"
        )
    if undecided.empty:
        largest = slowest.iloc[int(np.nanargmax((slowest["loop"] / slowest["min_gap"]).to_numpy()))]
        return (
            f"no hysteresis: {speed}the way down and the way up agree within the minimum meaningful gap "
            f"in all {len(slowest)} cell-metric pairs (loop and mid-pressure gap wholly within "
            f"+-{_minima_text(slowest)}); largest {describe(largest.to_dict())}.{tail}"
        )
    listed = "; ".join(describe(row) for row in undecided.to_dict("records"))
    return (
        f"undecided: {speed}no loop is beyond the minimum, but in {len(undecided)} cell-metric pairs the "
        f"interval reaches past it: {listed}.{tail}"
    )


def remanence(
    runs: pd.DataFrame,
    *,
    peak: str = "pressure",
    cells: Sequence[str] = (),
    metrics: Sequence[str] = TIPPING_METRICS,
    confidence: float = 0.95,
    min_gap: float | Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Per cell and metric: the end state after a pressure cycle minus that of a never-pressured run.

    The reference is the same cycle with a peak of 0 (pressure 0 throughout) and the same seeds, so
    a slow drift the two share cancels; what is left is the memory of the pressure the
    organisation went through.

    Args:
        runs: One row per run: ``replication``, the ``peak`` factor (0 and a peak), the ``cells``
            factors and the metrics' end values.
        peak: The factor holding the cycle's peak pressure.
        cells: The other factors.
        metrics: The metrics compared.
        confidence: Level of the Student-t intervals over replications.
        min_gap: Least meaningful gap (see :func:`min_gap_for`).

    Returns:
        One row per cell and metric: the cell factors, ``metric``, ``peak``, ``replications``,
        ``remanence`` (mean of end(peak) - end(0), paired by replication), ``ci_low``,
        ``ci_high``, ``sd``, ``min_gap`` and ``verdict`` (:data:`MEMORY`, :data:`NO_MEMORY` or
        :data:`UNDECIDED`).

    Raises:
        TippingError: A column is missing, or the peak factor lacks the level 0 or a level above it.
    """
    _check_columns(runs, [peak], "the runs table")
    levels = sorted(runs[peak].dropna().unique().tolist())
    if not levels or levels[0] != 0 or len(levels) < 2:
        raise TippingError(
            f"{peak!r} must have the level 0 (the never-pressured reference) and a peak above it "
            f"(got {levels})"
        )
    gaps = initial_state_gaps(
        runs, start=peak, cells=cells, metrics=metrics, confidence=confidence, min_gap=min_gap
    )
    verdicts = {APART: MEMORY, ONE_ATTRACTOR: NO_MEMORY, UNDECIDED: UNDECIDED}
    return pd.DataFrame(
        {
            **{name: gaps[name] for name in cells},
            "metric": gaps["metric"],
            "peak": gaps["high_start"],
            "replications": gaps["replications"],
            "remanence": 0.0 - gaps["end_gap"],  # 0.0 - x: no negative zeros
            "ci_low": 0.0 - gaps["ci_high"],
            "ci_high": 0.0 - gaps["ci_low"],
            "sd": gaps["sd"],
            "min_gap": gaps["min_gap"],
            "verdict": gaps["verdict"].map(verdicts),
        }
    )


def remanence_verdict(table: pd.DataFrame, cells: Sequence[str] = (), *, weeks_after: str = "") -> str:
    """One paragraph on whether organisations keep a memory of a pressure cycle, with the numbers.

    Args:
        table: The table of :func:`remanence`.
        cells: Its cell factors.
        weeks_after: Words on how long after the cycle the end state was read (optional).

    Returns:
        ``"memory: ..."``, ``"no memory: ..."`` or ``"undecided: ..."``.
    """
    if table.empty:
        return "undecided: no pairs of runs to compare"

    def describe(row: Mapping[Any, Any]) -> str:
        where = _cell_text(row, cells)
        value = f"{row['remanence']:+.3f} [{row['ci_low']:+.3f}, {row['ci_high']:+.3f}]"
        return f"{row['metric']} {value}" + (f" ({where})" if where else "")

    when = f" {weeks_after}" if weeks_after else ""
    kept = table[table["verdict"] == MEMORY]
    undecided = table[table["verdict"] == UNDECIDED]
    if not kept.empty:
        listed = "; ".join(describe(row) for row in kept.to_dict("records"))
        return (
            f"memory: after the pressure cycle{when} organisations end away from where organisations "
            f"never put under pressure end (same seeds), beyond the minimum, in {len(kept)} of "
            f"{len(table)} cell-metric pairs: {listed}"
        )
    if undecided.empty:
        size = (table["remanence"].abs() / table["min_gap"]).to_numpy(dtype=float)
        largest = table.iloc[int(np.nanargmax(size))].to_dict()
        return (
            f"no memory: after the pressure cycle{when} organisations end where organisations never put "
            f"under pressure end (same seeds), within +-{_minima_text(table)}, in all {len(table)} "
            f"cell-metric pairs; largest {describe(largest)}"
        )
    listed = "; ".join(describe(row) for row in undecided.to_dict("records"))
    return (
        f"undecided: no memory beyond the minimum{when}, but in {len(undecided)} cell-metric pairs the "
        f"interval reaches past it: {listed}"
    )


def detrend(
    runs: pd.DataFrame, reference: pd.DataFrame, series: pd.DataFrame, *, cells: Sequence[str] = ()
) -> pd.DataFrame:
    """Each cycle run's series minus that of its never-pressured twin (same replication and cell).

    Both runs share their seed, so what the two have in common (the start-up transient, a slow
    drift of the state) cancels week by week, and what is left is the response to pressure.

    Args:
        runs: The cycle runs: ``run_id``, ``replication`` and the ``cells`` factors.
        reference: The reference runs (peak 0), with the same columns.
        series: The stored time series of both.
        cells: The factors a run and its twin share (besides the replication).

    Returns:
        The cycle runs' series (``run_id``, ``week``, their own ``pressure``) with every other
        metric replaced by the difference to the twin's at the same week; runs without a twin
        are left out.
    """
    keys = ["replication", *cells]
    twins = runs[["run_id", *keys]].merge(
        reference[["run_id", *keys]].rename(columns={"run_id": "twin"}), on=keys, how="inner"
    )[["run_id", "twin"]]
    metrics = [name for name in series.columns if name not in ("run_id", "week", "pressure")]
    own = series.merge(twins, on="run_id", how="inner")
    other = series[["run_id", "week", *metrics]].rename(columns={"run_id": "twin"})
    both = own.merge(other, on=["twin", "week"], how="inner", suffixes=("", "__twin"))
    for name in metrics:
        both[name] = both[name] - both[f"{name}__twin"]
    return both[["run_id", "week", "pressure", *metrics]]


# ---------------------------------------------------------------------------- on stored results
@dataclass
class TippingReport:
    """What the tipping-point protocols found in a sweep.

    Attributes:
        initial_state: :func:`initial_state_gaps` (or ``None``: not an initial-state sweep).
        convergence: :func:`initial_state_convergence` (or ``None``: no time series).
        initial_state_verdict: :func:`initial_state_verdict`, or ``None``.
        hysteresis: The ``loops`` of :func:`hysteresis_loops` (or ``None``: not a cycle sweep).
        hysteresis_curves: The mean branches, or ``None``.
        hysteresis_verdict: :func:`hysteresis_verdict`, or ``None``.
        hysteresis_detrended: The loops of the series minus their never-pressured twins'
            (:func:`detrend`), or ``None`` (no reference arm).
        hysteresis_detrended_curves: Their mean branches, or ``None``.
        hysteresis_detrended_verdict: Their :func:`hysteresis_verdict`, or ``None``.
        remanence: :func:`remanence` (or ``None``: no never-pressured reference arm).
        remanence_verdict: :func:`remanence_verdict`, or ``None``.
        cells: The cell factors of each protocol.
        notes: What was skipped, and why.
    """

    initial_state: pd.DataFrame | None = None
    convergence: pd.DataFrame | None = None
    initial_state_verdict: str | None = None
    hysteresis: pd.DataFrame | None = None
    hysteresis_curves: pd.DataFrame | None = None
    hysteresis_verdict: str | None = None
    hysteresis_detrended: pd.DataFrame | None = None
    hysteresis_detrended_curves: pd.DataFrame | None = None
    hysteresis_detrended_verdict: str | None = None
    remanence: pd.DataFrame | None = None
    remanence_verdict: str | None = None
    cells: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether neither protocol applied."""
        return self.initial_state is None and self.hysteresis is None and not self.notes

    def verdicts(self) -> list[str]:
        """The verdict paragraphs, each headed by its protocol."""
        found = []
        if self.initial_state_verdict is not None:
            found.append(f"initial states: {self.initial_state_verdict}")
        if self.hysteresis_verdict is not None:
            found.append(f"hysteresis: {self.hysteresis_verdict}")
        if self.hysteresis_detrended_verdict is not None:
            found.append(f"hysteresis, net of the never-pressured twin: {self.hysteresis_detrended_verdict}")
        if self.remanence_verdict is not None:
            found.append(f"memory of the cycle: {self.remanence_verdict}")
        return found


def _is_cycle_sweep(results: Results) -> bool:
    experiment = results.experiment
    if experiment.fixed.get("pressure_scenario") == CYCLE:
        return True
    factor = next((f for f in experiment.factors if f.name == "pressure_scenario"), None)
    return factor is not None and factor.levels is not None and CYCLE in factor.levels


def _runs_table(results: Results, metrics: Sequence[str]) -> pd.DataFrame:
    """Factors under their own names, metrics under theirs (a metric that is also a factor is left out)."""
    kept = [metric for metric in metrics if metric in results.runs.columns and metric not in results.factors]
    return results.factor_table().join(results.runs[kept])


def _weeks_after(results: Results, runs: pd.DataFrame) -> str:
    """How long after the end of the cycle the end state is read, in words."""
    steps = results.experiment.steps
    if "ramp_weeks" in runs.columns:
        ramps = sorted({int(v) for v in runs["ramp_weeks"]})
    else:
        ramps = [int(results.experiment.fixed.get("ramp_weeks", _default("ramp_weeks")))]
    after = [steps - 2 * ramp for ramp in ramps]
    if min(after) < 0:
        return ""
    listed = ", ".join(f"{a}" for a in after)
    return f"({listed} weeks after the cycle ended, for ramp_weeks {', '.join(map(str, ramps))})"


def _default(name: str) -> Any:
    from leadsim.parameters import defaults

    return defaults()[name]


def analyze_tipping(
    results: Results,
    *,
    metrics: Sequence[str] | None = None,
    confidence: float = 0.95,
    min_gap: float | Mapping[str, float] | None = None,
) -> TippingReport:
    """Run whichever tipping-point protocol these results are: initial states, hysteresis, or none.

    An initial-state sweep has the factor ``initial_proactivity`` with at least two levels; a
    hysteresis sweep runs the ``cycle`` pressure scenario (fixed, or as a factor level: then only
    its runs are read) with time series that include ``pressure``. When ``pressure`` (the cycle's
    peak) is a factor with the level 0, those runs are the never-pressured reference: the end
    states after the cycle are compared with theirs (:func:`remanence`), and they are left out of
    the loops.

    Args:
        results: Stored results.
        metrics: The metrics (default :data:`TIPPING_METRICS`, those stored).
        confidence: Level of every interval.
        min_gap: Least meaningful gap (see :func:`min_gap_for`).

    Returns:
        The tables and verdicts of the protocols that apply (an empty report for other sweeps).
    """
    report = TippingReport()
    chosen = [m for m in (metrics or TIPPING_METRICS) if m in results.runs.columns or m == "pressure"]
    if START_FACTOR in results.factors:
        cells = [name for name in results.factors if name != START_FACTOR]
        table = _runs_table(results, chosen)
        shown = [m for m in chosen if m in table.columns and m not in cells]
        if table[START_FACTOR].nunique() < 2:
            report.notes.append(f"initial states skipped: {START_FACTOR} has only one level stored")
        elif shown:
            starts = None
            if results.timeseries is not None and not results.timeseries.empty:
                first = results.timeseries[results.timeseries["week"] == results.timeseries["week"].min()]
                series_metrics = [m for m in shown if m in first.columns]
                if series_metrics == shown:
                    starts = first[["run_id", *shown]].merge(
                        table[["run_id", "replication", START_FACTOR, *cells]], on="run_id"
                    )
                report.convergence = initial_state_convergence(
                    table, results.timeseries, cells=cells, metrics=shown, confidence=confidence
                )
            report.initial_state = initial_state_gaps(
                table, cells=cells, metrics=shown, confidence=confidence, min_gap=min_gap, starts=starts
            )
            report.initial_state_verdict = initial_state_verdict(report.initial_state, cells)
            report.cells["initial_state"] = cells
    if _is_cycle_sweep(results):
        table = _runs_table(results, chosen)
        if "pressure_scenario" in results.factors:
            table = table[table["pressure_scenario"] == CYCLE]
        cells = [name for name in results.factors if name != "pressure_scenario"]
        baseline: pd.DataFrame | None = None
        if "pressure" in cells and 0 in set(table["pressure"]) and table["pressure"].nunique() > 1:
            others = [name for name in cells if name != "pressure"]
            shown = [m for m in chosen if m in table.columns and m not in cells]
            reference = table[table["pressure"].isin([0, table["pressure"].max()])]
            report.remanence = remanence(
                reference, cells=others, metrics=shown, confidence=confidence, min_gap=min_gap
            )
            report.remanence_verdict = remanence_verdict(
                report.remanence, others, weeks_after=_weeks_after(results, reference)
            )
            report.cells["remanence"] = others
            baseline = table[table["pressure"] == 0]
            table = table[table["pressure"] > 0]  # the reference has no cycle to read
            if table["pressure"].nunique() == 1:
                cells = others
        if results.timeseries is None or results.timeseries.empty:
            report.notes.append(
                'hysteresis skipped: no time series stored (set timeseries = true and keep "pressure")'
            )
        else:
            try:
                loops, curves = hysteresis_loops(
                    table,
                    results.timeseries,
                    cells=cells,
                    metrics=chosen,
                    confidence=confidence,
                    min_gap=min_gap,
                )
            except TippingError as exc:
                report.notes.append(f"hysteresis skipped: {exc}")
            else:
                if loops.empty or loops["replications"].eq(0).all():
                    report.notes.append(
                        f"hysteresis skipped: no run completes the pressure cycle within the "
                        f"{results.experiment.steps} weeks simulated (it needs 2 x ramp_weeks)"
                    )
                else:
                    report.hysteresis, report.hysteresis_curves = loops, curves
                    report.hysteresis_verdict = hysteresis_verdict(loops, cells)
                    report.cells["hysteresis"] = cells
                    if baseline is not None:
                        others = [name for name in cells if name != "pressure"]
                        detrended = detrend(table, baseline, results.timeseries, cells=others)
                        report.hysteresis_detrended, report.hysteresis_detrended_curves = hysteresis_loops(
                            table,
                            detrended,
                            cells=cells,
                            metrics=chosen,
                            confidence=confidence,
                            min_gap=min_gap,
                        )
                        report.hysteresis_detrended_verdict = hysteresis_verdict(
                            report.hysteresis_detrended, cells, detrended=True
                        )
    return report


# ---------------------------------------------------------------------------- figures
def plot_initial_state(report: TippingReport) -> Figure:
    """The end gap per cell with its interval and the band of the minimum; and the gap over time."""
    import seaborn as sns
    from matplotlib.figure import Figure

    from leadsim.experiments.report import style_context

    assert report.initial_state is not None
    gaps, cells = report.initial_state, report.cells.get("initial_state", [])
    metrics = list(dict.fromkeys(gaps["metric"]))
    has_series = report.convergence is not None and not report.convergence.empty
    figure = Figure(figsize=(5.0 * len(metrics), 7.6 if has_series else 4.0), layout="constrained")
    axes = figure.subplots(2 if has_series else 1, len(metrics), squeeze=False)
    labels = [_cell_text(row, cells) or "all" for row in gaps.drop_duplicates(cells).to_dict("records")]
    with style_context():
        for k, metric in enumerate(metrics):
            part = gaps[gaps["metric"] == metric].reset_index(drop=True)
            ax = axes[0, k]
            minimum = float(part["min_gap"].iloc[0])
            ax.axhspan(
                -minimum, minimum, color="0.85", label=f"within +-{minimum:g} (minimum meaningful gap)"
            )
            ax.axhline(0, color="0.4", linewidth=0.8)
            y = part["end_gap"].to_numpy()
            errors = np.vstack([y - part["ci_low"].to_numpy(), part["ci_high"].to_numpy() - y])
            ax.errorbar(np.arange(len(part)), y, yerr=errors, fmt="o", capsize=3, label="end gap, CI")
            if part["start_gap"].notna().any():
                ax.scatter(
                    np.arange(len(part)),
                    part["start_gap"],
                    marker="x",
                    color="crimson",
                    label="gap at week 0",
                )
            ax.set_xticks(np.arange(len(part)), labels, rotation=30, ha="right", fontsize=7)
            ax.set_title(f"{metric}: low start - high start")
            ax.legend(fontsize=7, loc="best")
            if has_series:
                assert report.convergence is not None
                series = report.convergence[report.convergence["metric"] == metric].copy()
                series["cell"] = [_cell_text(row, cells) or "all" for row in series.to_dict("records")]
                sub = axes[1, k]
                sub.axhspan(-minimum, minimum, color="0.85")
                sns.lineplot(series, x="week", y="gap", hue="cell", ax=sub, errorbar=None)
                sub.set_ylabel(f"gap in {metric}")
                sub.set_title("gap between the starts, week by week")
                sub.legend(fontsize=7, title=None)
    figure.suptitle("initial states: do runs from the two starts meet?")
    return figure


def plot_hysteresis(report: TippingReport, *, detrended: bool = False) -> Figure:
    """The way up (solid) and the way down (dashed) against pressure, per cell and metric.

    Args:
        report: A report with hysteresis curves.
        detrended: Draw the curves net of the never-pressured twins instead of the raw ones.
    """
    import seaborn as sns
    from matplotlib.figure import Figure

    from leadsim.experiments.report import style_context

    curves = report.hysteresis_detrended_curves if detrended else report.hysteresis_curves
    assert curves is not None
    cells = [name for name in report.cells.get("hysteresis", []) if name in curves.columns]
    metrics = list(dict.fromkeys(curves["metric"]))
    panel = cells[0] if cells else None
    hue = cells[1] if len(cells) > 1 else None
    panels = list(dict.fromkeys(curves[panel])) if panel else [None]
    figure = Figure(figsize=(3.6 * len(panels), 3.2 * len(metrics)), layout="constrained")
    axes = figure.subplots(len(metrics), len(panels), squeeze=False)
    colours = sns.color_palette("viridis", n_colors=max(1, curves[hue].nunique() if hue else 1))
    with style_context():
        for i, metric in enumerate(metrics):
            for j, value in enumerate(panels):
                ax = axes[i, j]
                part = curves[curves["metric"] == metric]
                if panel:
                    part = part[part[panel] == value]
                groups = list(part.groupby(hue, sort=True)) if hue else [(None, part)]
                for colour, (level, group) in zip(colours, groups, strict=False):
                    name = "" if level is None or hue is None else _cell_text({hue: level}, [hue])
                    ax.plot(group["q_share"], group["up"], color=colour, label=f"up {name}".strip())
                    ax.plot(
                        group["q_share"],
                        group["down"],
                        color=colour,
                        linestyle="--",
                        label=f"down {name}".strip(),
                    )
                ax.set_xlabel("pressure (share of the peak)")
                ax.set_ylabel((f"{metric}, minus the twin's" if detrended else metric) if j == 0 else "")
                if panel:
                    ax.set_title(f"{panel} {value:g}" if _is_number(value) else f"{panel} {value}")
                if i == 0 and j == 0:
                    ax.legend(fontsize=7)
    net = ", net of the never-pressured twin (same seed, peak 0)" if detrended else ""
    figure.suptitle(f"hysteresis: the way up (solid) and down (dashed), mean over replications{net}")
    return figure


def write_tipping(report: TippingReport, out: Path) -> list[Path]:
    """Write the protocol tables (CSV) and figures (PNG) into ``out``; return the paths."""
    paths = []
    tables = {
        "initial_state.csv": report.initial_state,
        "initial_state_convergence.csv": report.convergence,
        "hysteresis.csv": report.hysteresis,
        "hysteresis_curves.csv": report.hysteresis_curves,
        "hysteresis_detrended.csv": report.hysteresis_detrended,
        "hysteresis_detrended_curves.csv": report.hysteresis_detrended_curves,
        "remanence.csv": report.remanence,
    }
    for name, table in tables.items():
        if table is not None:
            paths.append(save_csv(table, out / name))
    figures: dict[str, Any] = {}
    if report.initial_state is not None and not report.initial_state.empty:
        figures["initial_state"] = plot_initial_state(report)
    if report.hysteresis_curves is not None and not report.hysteresis_curves.empty:
        figures["hysteresis"] = plot_hysteresis(report)
    if report.hysteresis_detrended_curves is not None and not report.hysteresis_detrended_curves.empty:
        figures["hysteresis_detrended"] = plot_hysteresis(report, detrended=True)
    for name, figure in figures.items():
        paths.append(save_figure(figure, out / f"{name}.png"))
    return paths
