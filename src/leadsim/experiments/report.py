"""Figures of a sweep (seaborn) and the HTML report that bundles them with the tables.

Figures: phase diagrams (the continuous mean of passivity and collaboration over two factors as
a filled contour, with the regime classification threshold drawn as a dashed, labelled contour
and the share of teams in passive drift as a secondary panel), factor effects
(each metric against each factor, with confidence intervals), trajectory bands (the weekly
mean and the band of the middle 90 % of runs, by the first factor), sensitivity bars (Sobol'
S1 and ST, or Morris mu*, with their confidence intervals) and PRIM's peeling trajectory.

As in :mod:`leadsim.plotting`, figures are :class:`matplotlib.figure.Figure` objects made
directly (no pyplot state), and seaborn's style applies only while a figure is drawn. Factors
with many distinct values (sampled designs) are binned into equal-width bins, labelled by their
centres, for the phase diagrams, effects and bands.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from leadsim.experiments.intervals import metric_bounds, t_interval
from leadsim.experiments.storage import Results
from leadsim.files import save_figure, save_text

if TYPE_CHECKING:
    from leadsim.experiments.analysis import AnalysisReport, ScenarioBox

__all__ = [
    "draw_all",
    "plot_effects",
    "plot_phase_diagram",
    "plot_prim_trajectory",
    "plot_sensitivity",
    "plot_trajectory_bands",
    "write_html",
]

MAX_LEVELS = 10
"""A numeric factor with more distinct values than this is binned for the figures."""

BINS = 8
EFFECT_COLUMNS = 4
BAND_GROUPS = 4
SUMMARY_ROWS_SHOWN = 60
_DPI = 110


@contextmanager
def style_context() -> Iterator[None]:
    """Seaborn's whitegrid style and a compact context, only while a figure is drawn."""
    with sns.axes_style("whitegrid"), sns.plotting_context("notebook", font_scale=0.9):
        yield


def _label(name: str) -> str:
    return name.replace("_", " ")


def binned(
    values: pd.Series,
    bins: int = BINS,
    *,
    continuous: bool = False,
    bounds: tuple[float, float] | None = None,
) -> pd.Series:
    """Values as labels: levels as they are, a continuous factor by the centre of its bin.

    Args:
        values: A factor's values per run.
        bins: Number of equal-width bins.
        continuous: Whether the values were sampled from a range (always binned); otherwise
            numbers are binned only when there are more than :data:`MAX_LEVELS` of them.
        bounds: The range the bins divide (default: the values' smallest and largest).
    """
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.map(_short_level)
    if not continuous and values.nunique() <= MAX_LEVELS:
        return values.round(6)
    low, high = bounds if bounds is not None else (values.min(), values.max())
    edges = np.linspace(low, high, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    index = np.clip(np.digitize(values, edges[1:-1]), 0, bins - 1)
    return pd.Series(np.round(centres[index], 3), index=values.index, name=values.name)


def _factor_bins(results: Results, name: str, values: pd.Series) -> pd.Series:
    """A factor's values as figure labels: a range sampled by lhs/sobol/morris in bins over it."""
    factor = next(f for f in results.experiment.factors if f.name == name)
    if factor.is_range and results.experiment.design.kind != "grid":
        assert factor.low is not None and factor.high is not None
        return binned(values, continuous=True, bounds=(factor.low, factor.high))
    return binned(values)


def _short_level(value: Any) -> str:
    """A level as a short label: a style given as weights becomes ``h.4 s.2 a.3 v.1``."""
    text = str(value)
    if text.startswith("{"):
        weights = json.loads(text)
        return " ".join(f"{kind[0]}{weights[kind]:.2g}".replace("0.", ".") for kind in sorted(weights))
    return text


def _run_table(results: Results, metrics: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Factors and metrics per run; a metric named like a factor gets the column ``NAME (end)``."""
    columns = {metric: f"{metric} (end)" if metric in results.factors else metric for metric in metrics}
    table = results.factor_table().join(results.runs[metrics].rename(columns=columns))
    return table, columns


# ---------------------------------------------------------------------------- figures
PASSIVE_SHARE = "regime_passive_drift"
"""The regime share drawn as the phase diagram's secondary panel."""

_PHASE_MAPS = ("rocket_r", "mako_r", "crest", "flare")

MIN_COLOUR_SPAN = 0.1
"""Least span of a phase diagram's colour scale: twice the tipping protocols' minimum gap (0.05)."""


def passive_threshold_of(results: Results) -> float | None:
    """The ``passive_threshold`` of the runs, or ``None`` when it differs between runs."""
    column = "param_passive_threshold"
    if column not in results.runs.columns:
        return None
    values = results.runs[column].dropna().unique()
    return float(values[0]) if len(values) == 1 else None


def _numeric_labels(labels: pd.Index) -> bool:
    return pd.api.types.is_numeric_dtype(labels) and not pd.api.types.is_bool_dtype(labels)


def plot_phase_diagram(results: Results, x: str, y: str, metrics: list[str]) -> Figure:
    """The continuous surface of each metric's mean over two factors, thresholds drawn as thresholds.

    Each metric's mean over replications is drawn as a filled contour when both factors are
    numeric with at least two values each (the design points as dots), else as a heat map. On
    passivity the regime classification threshold is a dashed contour labelled *classification
    threshold (passive_threshold = ...)*: where a smooth surface crosses the value at which the
    team regimes are cut, not a boundary between two states. A last, secondary panel shows the
    share of teams classified as passive drift, labelled as such.

    Args:
        results: Stored results.
        x: The factor along the horizontal axis.
        y: The factor along the vertical axis.
        metrics: The metrics, one panel each (the regime share is added when stored).
    """
    panels = list(metrics)
    if PASSIVE_SHARE in results.runs.columns and PASSIVE_SHARE not in panels:
        panels.append(PASSIVE_SHARE)
    table, column = _run_table(results, panels)
    table[x] = _factor_bins(results, x, table[x])
    table[y] = _factor_bins(results, y, table[y])
    threshold = passive_threshold_of(results)
    figure = Figure(figsize=(5.4 * len(panels), 4.6), layout="constrained")
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    with style_context():
        for k, (ax, metric) in enumerate(zip(axes, panels, strict=True)):
            grid = table.pivot_table(index=y, columns=x, values=column[metric], aggfunc="mean", observed=True)
            grid = grid.sort_index().sort_index(axis=1)
            secondary = metric == PASSIVE_SHARE
            cmap = sns.color_palette(
                "Greys" if secondary else _PHASE_MAPS[k % len(_PHASE_MAPS)], as_cmap=True
            )
            label = "share of teams" if secondary else f"mean {_label(metric)}"
            limits = (0.0, 1.0) if secondary else None  # a share is drawn on its whole range
            coords = _draw_surface(figure, ax, grid, cmap, label, contour=not secondary, limits=limits)
            if metric == "passivity":
                _draw_threshold(ax, grid, coords, threshold)
            if secondary:
                cut = f"passive_threshold = {threshold:g}" if threshold is not None else "passive_threshold"
                ax.set_title(
                    f"secondary: share of teams classified passive drift\n(team passivity > {cut})",
                    fontsize=9,
                )
            else:
                ax.set_title(f"mean {_label(metric)} over {_label(x)} x {_label(y)}")
            ax.set_xlabel(_label(x))
            ax.set_ylabel(_label(y))
    figure.suptitle(
        f"{results.experiment.name}: phase diagram (the continuous mean over replications; "
        "the regime share is a classification of it)"
    )
    return figure


def _draw_surface(
    figure: Figure,
    ax: Any,
    grid: pd.DataFrame,
    cmap: Any,
    label: str,
    *,
    contour: bool,
    limits: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """A filled contour (numeric axes, no gaps, at least 2 x 2) or a heat map of ``grid``.

    ``limits`` fixes the colour scale; otherwise it spans the values, and at least
    :data:`MIN_COLOUR_SPAN`, so that a nearly flat surface looks flat.

    Returns:
        The coordinates of the grid's values in the axes (for a threshold contour), or ``None``
        when no contour can be drawn over them (fewer than two values along an axis, or gaps).
    """
    values = grid.to_numpy(dtype=float)
    complete = values.shape[0] >= 2 and values.shape[1] >= 2 and bool(np.isfinite(values).all())
    if limits is None and np.isfinite(values).any():
        # Differences below the least meaningful gap should not look like structure.
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        centre, half = (low + high) / 2, max((high - low) / 2, MIN_COLOUR_SPAN / 2)
        limits = (centre - half, centre + half)
    if contour and complete and _numeric_labels(grid.columns) and _numeric_labels(grid.index):
        xs, ys = np.meshgrid(grid.columns.to_numpy(dtype=float), grid.index.to_numpy(dtype=float))
        levels = np.linspace(*limits, 15) if limits is not None else 14
        filled = ax.contourf(xs, ys, values, levels=levels, cmap=cmap)
        figure.colorbar(filled, ax=ax, label=label)
        ax.scatter(xs.ravel(), ys.ravel(), s=8, color="0.15", alpha=0.5, label="design points")
        return xs, ys
    vmin, vmax = limits if limits is not None else (None, None)
    mesh = ax.pcolormesh(
        np.arange(values.shape[1] + 1),
        np.arange(values.shape[0] + 1),
        values,
        cmap=cmap,
        shading="flat",
        vmin=vmin,
        vmax=vmax,
    )
    figure.colorbar(mesh, ax=ax, label=label)
    ax.set_xticks(np.arange(values.shape[1]) + 0.5, [_short_level(v) for v in grid.columns])
    ax.set_yticks(np.arange(values.shape[0]) + 0.5, [_short_level(v) for v in grid.index])
    ax.grid(False)
    if values.size <= 64:
        middle = sum(limits) / 2 if limits is not None else np.nanmean(values)
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                colour = "white" if value > middle else "black"
                ax.text(j + 0.5, i + 0.5, f"{value:.2f}", ha="center", va="center", fontsize=7, color=colour)
    if not complete:
        return None
    cx, cy = np.meshgrid(np.arange(values.shape[1]) + 0.5, np.arange(values.shape[0]) + 0.5)
    return cx, cy


def _draw_threshold(
    ax: Any, grid: pd.DataFrame, coords: tuple[np.ndarray, np.ndarray] | None, threshold: float | None
) -> None:
    """The classification threshold as a dashed contour with its label, or a note why there is none."""
    from matplotlib.lines import Line2D

    if threshold is None:
        text = "classification threshold: passive_threshold differs between runs, not drawn"
    else:
        text = f"classification threshold (passive_threshold = {threshold:g})"
        values = grid.to_numpy(dtype=float)
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        if coords is not None and low < threshold < high:
            ax.contour(*coords, values, levels=[threshold], colors="white", linestyles="--", linewidths=1.6)
        else:
            text += f": not crossed (mean passivity {low:.2f} to {high:.2f})"
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.3", linestyle="--", label=text))
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)


def plot_effects(results: Results, metrics: list[str], confidence: float = 0.95) -> Figure:
    """Each metric's mean against each factor, with Student-t confidence intervals.

    The intervals are those of ``summary.csv`` (:func:`leadsim.experiments.intervals.t_interval`,
    clipped to the metric's range), computed over the runs at each factor value.

    Factors run along the columns, at most :data:`EFFECT_COLUMNS` to a row; each metric takes
    as many rows as that needs.
    """
    factors = results.factors
    table, metric_column = _run_table(results, metrics)
    columns = min(EFFECT_COLUMNS, len(factors))
    rows_per_metric = -(-len(factors) // columns)
    figure = Figure(figsize=(3.6 * columns, 2.9 * rows_per_metric * len(metrics)), layout="constrained")
    axes = figure.subplots(rows_per_metric * len(metrics), columns, squeeze=False)
    for ax in axes.flat[len(factors) * len(metrics) :]:
        ax.set_visible(False)
    with style_context():
        for k, factor in enumerate(factors):
            shown = table.assign(**{factor: _factor_bins(results, factor, table[factor])})
            values = shown[factor]
            numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
            for m, metric in enumerate(metrics):
                ax = axes[m * rows_per_metric + k // columns, k % columns]
                y = metric_column[metric]
                bounds = metric_bounds(metric)

                def errorbar(values: Any, bounds: tuple[float, float] = bounds) -> tuple[float, float]:
                    return t_interval(values, confidence, bounds)

                if numeric:
                    sns.lineplot(shown, x=factor, y=y, ax=ax, errorbar=errorbar, marker="o", seed=0)
                else:
                    sns.pointplot(shown, x=factor, y=y, ax=ax, errorbar=errorbar, seed=0, linestyle="none")
                ax.set_xlabel(_label(factor))
                ax.set_ylabel(_label(metric) if k % columns == 0 else "")
    figure.suptitle(
        f"{results.experiment.name}: effects of each factor (means, {confidence:.0%} Student-t intervals)"
    )
    return figure


def plot_trajectory_bands(results: Results, metrics: list[str], by: str | None = None) -> Figure:
    """Weekly mean of each metric with the band of the middle 90 % of runs, by a factor."""
    assert results.timeseries is not None
    by = by or (results.factors[0] if results.factors else None)
    series, hue = results.timeseries, by
    if by is not None:
        groups = results.factor_table()[["run_id", by]]
        values = groups[by]
        if pd.api.types.is_numeric_dtype(values) and values.nunique() > BAND_GROUPS:
            groups = groups.assign(**{by: binned(values, BAND_GROUPS, continuous=True)})
        hue = f"{by} (factor)" if by in series.columns else by  # pressure: a factor and a metric
        series = series.merge(groups.assign(**{hue: groups.pop(by).astype(str)}), on="run_id")
    figure = Figure(figsize=(5.4 * len(metrics), 3.8), layout="constrained")
    axes = figure.subplots(1, len(metrics), squeeze=False)[0]
    with style_context():
        for ax, metric in zip(axes, metrics, strict=True):
            sns.lineplot(series, x="week", y=metric, hue=hue, ax=ax, errorbar=("pi", 90), estimator="mean")
            ax.set_ylabel(_label(metric))
            ax.set_title(f"{_label(metric)}: mean and middle 90 % of runs")
    figure.suptitle(f"{results.experiment.name}: trajectories" + (f" by {_label(by)}" if by else ""))
    return figure


def plot_sensitivity(indices: pd.DataFrame) -> Figure:
    """Bars of Sobol' S1 and ST, or of Morris' mu*, with their confidence intervals."""
    if "S1" in indices:
        indices = indices[indices["S1"].notna()]  # second-order rows are in the table only
    metrics = list(dict.fromkeys(indices["metric"]))
    figure = Figure(
        figsize=(5.2 * len(metrics), 0.45 * indices["factor"].nunique() + 1.8), layout="constrained"
    )
    axes = figure.subplots(1, len(metrics), squeeze=False)[0]
    sobol = indices["method"].iloc[0] == "sobol"
    kinds = ("ST", "S1") if sobol else ("mu_star",)
    with style_context():
        for ax, metric in zip(axes, metrics, strict=True):
            part = indices[indices["metric"] == metric]
            order = part.sort_values(kinds[0], ascending=False)["factor"].tolist()
            positions = np.arange(len(order))
            height = 0.8 / len(kinds)
            for offset, kind in enumerate(kinds):
                rows = part.set_index("factor").loc[order]
                ax.barh(
                    positions + offset * height,
                    rows[kind],
                    height=height,
                    xerr=rows[f"{kind}_conf"],
                    label=kind.replace("_star", "*"),
                    color=sns.color_palette()[offset],
                    capsize=2,
                )
            ax.set_yticks(positions + height * (len(kinds) - 1) / 2, [_label(name) for name in order])
            ax.invert_yaxis()
            ax.set_title(_label(metric))
            ax.legend(loc="lower right")
    method = "Sobol' indices" if sobol else "Morris mu*"
    figure.suptitle(f"{method} with confidence intervals")
    return figure


def plot_prim_trajectory(scenario: ScenarioBox) -> Figure:
    """PRIM's peeling trajectory: coverage against density, the chosen box marked."""
    figure = Figure(figsize=(5.4, 4.2), layout="constrained")
    ax = figure.subplots()
    with style_context():
        sns.scatterplot(
            scenario.trajectory, x="coverage", y="density", hue="res_dim", palette="viridis", ax=ax
        )
        chosen = scenario.trajectory.loc[scenario.chosen]
        ax.scatter([chosen["coverage"]], [chosen["density"]], s=160, facecolors="none", edgecolors="crimson")
        ax.set_title(f"PRIM: {scenario.condition}")
        ax.legend(title="restricted factors")
    return figure


def draw_all(
    results: Results,
    analysis: AnalysisReport,
    metrics: list[str],
    *,
    phase: tuple[str, str] | None,
    confidence: float,
) -> list[Path]:
    """Draw every figure that applies to these results and save it as PNG in ``analysis.out``."""
    figures: dict[str, Figure] = {}
    factors = results.factors
    if phase is None and len(factors) >= 2:
        phase = (factors[0], factors[1])
    if phase is not None:
        for name in phase:
            if name not in factors:
                from leadsim.experiments.analysis import AnalysisError

                raise AnalysisError(f"phase diagram factor {name!r} is not a factor ({', '.join(factors)})")
        figures[f"phase_{phase[0]}_{phase[1]}"] = plot_phase_diagram(results, phase[0], phase[1], metrics)
    if factors:
        figures["effects"] = plot_effects(results, metrics, confidence)
    if results.timeseries is not None and not results.timeseries.empty:
        series_metrics = [m for m in metrics if m in results.timeseries.columns]
        if series_metrics:
            figures["trajectories"] = plot_trajectory_bands(results, series_metrics)
    if analysis.sensitivity is not None and not analysis.sensitivity.empty:
        figures["sensitivity"] = plot_sensitivity(analysis.sensitivity)
    if analysis.scenario is not None:
        figures["prim"] = plot_prim_trajectory(analysis.scenario)
    paths = []
    for name, figure in figures.items():
        paths.append(save_figure(figure, analysis.out / f"{name}.png", dpi=_DPI))
    return paths


# ---------------------------------------------------------------------------- HTML
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
th { background: #f4f4f4; } img { max-width: 100%; } .note { color: #8a4b00; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dt { font-weight: 600; }
"""


def write_html(results: Results, analysis: AnalysisReport) -> Path:
    """Write ``report.html``: provenance, notes, figures (embedded) and tables, in one file."""
    experiment = results.experiment
    parts = [
        f"<h1>{html.escape(experiment.name)}</h1>",
        f"<p>{html.escape(experiment.description)}</p>",
        "<dl>",
        *(
            f"<dt>{html.escape(key)}</dt><dd>{html.escape(str(value))}</dd>"
            for key, value in _provenance(results).items()
        ),
        "</dl>",
    ]
    parts += [f'<p class="note">{html.escape(note)}</p>' for note in analysis.notes]
    if analysis.tipping is not None:
        parts += _tipping_html(analysis)
    if analysis.scenario is not None:
        parts += ["<h2>Scenario discovery (PRIM)</h2>", f"<p>{html.escape(analysis.scenario.describe())}</p>"]
        parts.append(_table_html(analysis.scenario.limits))
    tipping_figures = {"initial_state.png", "hysteresis.png", "hysteresis_detrended.png"}
    for path in analysis.files:
        if path.suffix == ".png" and path.name not in tipping_figures:
            encoded = base64.b64encode(path.read_bytes()).decode("ascii")
            parts += [
                f"<h2>{html.escape(_label(path.stem))}</h2>",
                f'<img alt="{path.stem}" src="data:image/png;base64,{encoded}">',
            ]
    if analysis.sensitivity is not None and not analysis.sensitivity.empty:
        parts += ["<h2>Sensitivity indices</h2>", _table_html(analysis.sensitivity)]
    summary = analysis.summary
    shown = summary.head(SUMMARY_ROWS_SHOWN)
    parts += [
        "<h2>Design points</h2>",
        f"<p>{len(summary)} design points"
        + (
            f"; the first {SUMMARY_ROWS_SHOWN} are shown, all are in summary.csv"
            if len(summary) > len(shown)
            else ""
        )
        + ".</p>",
        _table_html(shown[_summary_columns(results, shown)]),
    ]
    body = "\n".join(parts)
    title = html.escape(f"leadsim sweep: {experiment.name}")
    document = f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    document += f"<style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    return save_text(document, analysis.out / "report.html")


def _png_html(path: Path) -> list[str]:
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return [
        f"<h3>{html.escape(_label(path.stem))}</h3>",
        f'<img alt="{path.stem}" src="data:image/png;base64,{encoded}">',
    ]


def _tipping_html(analysis: AnalysisReport) -> list[str]:
    """The "Tipping point" section: each protocol's verdict, its figure and its table."""
    tipping = analysis.tipping
    assert tipping is not None
    figures = {path.name: path for path in analysis.files}
    parts = [
        "<h2>Tipping point</h2>",
        "<p>A gap counts when its whole confidence interval lies beyond the declared minimum "
        "meaningful gap; it counts as absent when its whole interval lies within it; otherwise it "
        "is undecided (see leadsim.experiments.tipping).</p>",
    ]
    if tipping.initial_state is not None:
        parts += [
            "<h3>Initial states: one attractor or two?</h3>",
            f"<p><strong>{html.escape(tipping.initial_state_verdict or '')}</strong></p>",
        ]
        if "initial_state.png" in figures:
            parts += _png_html(figures["initial_state.png"])
        parts.append(_table_html(tipping.initial_state))
    if tipping.hysteresis is not None:
        parts += [
            "<h3>Hysteresis: pressure raised, then lowered</h3>",
            f"<p><strong>{html.escape(tipping.hysteresis_verdict or '')}</strong></p>",
        ]
        if "hysteresis.png" in figures:
            parts += _png_html(figures["hysteresis.png"])
        parts.append(_table_html(tipping.hysteresis))
    if tipping.hysteresis_detrended is not None:
        parts += [
            "<h3>Hysteresis net of the never-pressured twin (same seed, peak 0)</h3>",
            f"<p><strong>{html.escape(tipping.hysteresis_detrended_verdict or '')}</strong></p>",
        ]
        if "hysteresis_detrended.png" in figures:
            parts += _png_html(figures["hysteresis_detrended.png"])
        parts.append(_table_html(tipping.hysteresis_detrended))
    if tipping.remanence is not None:
        parts += [
            "<h3>Memory of the cycle: against organisations never put under pressure</h3>",
            f"<p><strong>{html.escape(tipping.remanence_verdict or '')}</strong></p>",
            _table_html(tipping.remanence),
        ]
    return parts


def _provenance(results: Results) -> dict[str, Any]:
    manifest, experiment = results.manifest, results.experiment
    design = experiment.design.to_dict()
    return {
        "design": ", ".join(f"{key} {value}" for key, value in design.items()),
        "factors": ", ".join(experiment.factor_names),
        "runs stored": f"{len(results.runs)} of {results.runs_total}",
        "replications, weeks, root seed": f"{experiment.replications}, {experiment.steps}, {experiment.seed}",
        "experiment hash": manifest.get("experiment_hash", ""),
        "experiment file": manifest.get("experiment_file"),
        "experiment file sha256": manifest.get("experiment_file_sha256"),
        "versions": ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items()),
        "created": manifest.get("created", ""),
        "quick": "yes" if experiment.is_quick else "no",
    }


def _summary_columns(results: Results, summary: pd.DataFrame) -> list[str]:
    keep = ["point", *results.factors, "runs"]
    for metric in ("passivity", "collaboration", "regime_passive_drift", "regime_connective"):
        keep += [c for c in (f"{metric}_mean", f"{metric}_ci_low", f"{metric}_ci_high") if c in summary]
    return keep


def _table_html(table: pd.DataFrame) -> str:
    return table.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="", border=0)
