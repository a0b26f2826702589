"""Figures of a sweep (seaborn) and the HTML report that bundles them with the tables.

Figures: phase diagrams (mean passivity and collaboration over two factors), factor effects
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

from leadsim.experiments.storage import Results

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
def _style() -> Iterator[None]:
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
def plot_phase_diagram(results: Results, x: str, y: str, metrics: list[str]) -> Figure:
    """Heatmaps of each metric's mean over two factors (one panel per metric)."""
    table, column = _run_table(results, metrics)
    table[x] = _factor_bins(results, x, table[x])
    table[y] = _factor_bins(results, y, table[y])
    figure = Figure(figsize=(5.2 * len(metrics), 4.4), layout="constrained")
    axes = figure.subplots(1, len(metrics), squeeze=False)[0]
    with _style():
        for ax, metric, cmap in zip(axes, metrics, ("rocket_r", "mako_r", "crest", "flare"), strict=False):
            grid = table.pivot_table(index=y, columns=x, values=column[metric], aggfunc="mean", observed=True)
            grid = grid.sort_index(ascending=False)
            small = grid.size <= 64
            sns.heatmap(
                grid, ax=ax, cmap=cmap, annot=small, fmt=".2f", cbar_kws={"label": f"mean {_label(metric)}"}
            )
            ax.set_title(f"{_label(metric)} over {_label(x)} x {_label(y)}")
            ax.set_xlabel(_label(x))
            ax.set_ylabel(_label(y))
    figure.suptitle(f"{results.experiment.name}: phase diagram (mean over replications)")
    return figure


def plot_effects(results: Results, metrics: list[str], confidence: float = 0.95) -> Figure:
    """Each metric's mean against each factor, with a confidence band (bootstrap, seeded).

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
    errorbar = ("ci", confidence * 100)
    with _style():
        for k, factor in enumerate(factors):
            shown = table.assign(**{factor: _factor_bins(results, factor, table[factor])})
            values = shown[factor]
            numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
            for m, metric in enumerate(metrics):
                ax = axes[m * rows_per_metric + k // columns, k % columns]
                y = metric_column[metric]
                if numeric:
                    sns.lineplot(shown, x=factor, y=y, ax=ax, errorbar=errorbar, marker="o", seed=0)
                else:
                    sns.pointplot(shown, x=factor, y=y, ax=ax, errorbar=errorbar, seed=0, linestyle="none")
                ax.set_xlabel(_label(factor))
                ax.set_ylabel(_label(metric) if k % columns == 0 else "")
    figure.suptitle(f"{results.experiment.name}: effects of each factor ({confidence:.0%} intervals)")
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
    with _style():
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
    with _style():
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
    with _style():
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
        path = analysis.out / f"{name}.png"
        figure.savefig(path, dpi=_DPI)
        paths.append(path)
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
    if analysis.scenario is not None:
        parts += ["<h2>Scenario discovery (PRIM)</h2>", f"<p>{html.escape(analysis.scenario.describe())}</p>"]
        parts.append(_table_html(analysis.scenario.limits))
    for path in analysis.files:
        if path.suffix == ".png":
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
    path = analysis.out / "report.html"
    path.write_text(document, encoding="utf-8")
    return path


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
