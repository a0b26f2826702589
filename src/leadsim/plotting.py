"""Figures of a model run: the trajectory figure of ``leadsim run``.

The figure is built on a :class:`matplotlib.figure.Figure` created directly, not through
``pyplot``, so no figure is registered with pyplot's global figure manager, nothing needs closing
and the module works with any (including a headless) backend. Importing the module changes no
global state; seaborn's style and context are applied only while a figure is drawn and saved
(``with`` blocks that restore matplotlib's settings afterwards).
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from leadsim.observables import REGIMES
from leadsim.styles import STYLE_KINDS

__all__ = ["REGIME_COLORS", "STYLE_COLORS", "TRAJECTORY_COLUMNS", "plot_trajectories"]

#: One colour per style kind and per team regime, shared by every figure (run, app, reports).
STYLE_COLORS: dict[str, str] = dict(
    zip(STYLE_KINDS, ("#c44e52", "#dd8452", "#4c72b0", "#8172b3"), strict=True)
)
REGIME_COLORS: dict[str, str] = dict(zip(REGIMES, ("#c44e52", "#8c8c8c", "#55a868", "#4c72b0"), strict=True))

_STYLE_COLUMNS = tuple(f"style_{kind}" for kind in STYLE_KINDS)
_REGIME_COLUMNS = tuple(f"regime_{regime}" for regime in REGIMES)

TRAJECTORY_COLUMNS: tuple[str, ...] = (
    "pressure",
    "passivity",
    "collaboration",
    *_STYLE_COLUMNS,
    "placements_total",
    "sustainable_placements",
    "client_understood",
    "client_respected",
    "wellbeing",
    "role_ambiguity",
    "felt_accountability",
    *_REGIME_COLUMNS,
)
"""Columns of the time-series frame that :func:`plot_trajectories` needs."""

_N_PANELS = 6


def plot_trajectories(
    frame: pd.DataFrame,
    path: str | PathLike[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the weekly trajectories of one run in six panels.

    Panels: (a) professional behaviour (passivity and collaboration, with the pressure of the
    scenario dashed); (b) the mean intensity of each of the four style kinds (not shares: a
    manager can be high on all of them);
    (c) cumulative placements and sustainable placements; (d) clients' felt understanding and
    felt respect; (e) professionals' well-being, role ambiguity and felt accountability;
    (f) the share of teams in each regime, stacked.

    Args:
        frame: The time series of :meth:`leadsim.LeadershipModel.dataframe`: one row per week,
            indexed by ``week`` (or with a ``week`` column, as read back from
            ``timeseries.csv``), with at least the columns of :data:`TRAJECTORY_COLUMNS`.
        path: If given, the figure is also saved there (the format follows the suffix, e.g.
            ``.png`` or ``.pdf``); missing parent directories are created.
        title: Figure title; ``"leadsim trajectories"`` if not given.

    Returns:
        The figure, with six axes in a 3 x 2 grid. It is not registered with ``pyplot``, so
        there is nothing to close; in a notebook, display it by evaluating it.

    Raises:
        ValueError: ``frame`` is empty or lacks some of the needed columns (they are named).
    """
    data = _weekly(frame)
    figure = Figure(figsize=(12.0, 11.0), layout="constrained")
    with sns.axes_style("whitegrid"), sns.plotting_context("notebook", font_scale=0.85):
        axes = figure.subplots(3, 2, sharex=True).ravel()
        _behaviour_panel(axes[0], data)
        _lines_panel(
            axes[1],
            data,
            _STYLE_COLUMNS,
            title="(b) Manager style (mean intensities)",
            ylabel="intensity, mean over managers",
            palette=tuple(STYLE_COLORS.values()),
        )
        _placements_panel(axes[2], data)
        _lines_panel(
            axes[3],
            data,
            ("client_understood", "client_respected"),
            title="(d) Clients' experience",
            ylabel="mean over clients in service",
            palette=("tab:purple", "tab:olive"),
        )
        _lines_panel(
            axes[4],
            data,
            ("wellbeing", "role_ambiguity", "felt_accountability"),
            title="(e) Professionals' well-being and role",
            ylabel="mean over professionals",
            palette=("tab:green", "tab:red", "tab:blue"),
        )
        _stacked_panel(
            axes[5],
            data,
            _REGIME_COLUMNS,
            title="(f) Team regimes (share of teams)",
            palette=tuple(REGIME_COLORS.values()),
            step="post",  # a team's regime changes from one week to the next
        )
        for ax in axes[-2:]:
            ax.set_xlabel("week")
        weeks = data.index
        for ax in axes:
            ax.set_xlim(weeks.min(), max(weeks.max(), weeks.min() + 1))
        figure.suptitle(title if title is not None else "leadsim trajectories")
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            figure.savefig(target, dpi=120)
    return figure


def _weekly(frame: pd.DataFrame) -> pd.DataFrame:
    if "week" in frame.columns:
        frame = frame.set_index("week")
    missing = [name for name in TRAJECTORY_COLUMNS if name not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the columns {missing} needed by plot_trajectories")
    if frame.empty:
        raise ValueError("frame has no rows to plot")
    return frame


def _legend(ax: Axes, *, ncol: int = 1) -> None:
    ax.legend(loc="best", fontsize="small", ncol=ncol, framealpha=0.85)


def _label(column: str) -> str:
    for prefix in ("style_", "regime_"):
        column = column.removeprefix(prefix)
    return column.replace("_", " ")


def _behaviour_panel(ax: Axes, data: pd.DataFrame) -> None:
    colors = sns.color_palette("colorblind")
    ax.plot(data.index, data["passivity"], color=colors[3], label="passivity", lw=2)
    ax.plot(data.index, data["collaboration"], color=colors[0], label="collaboration", lw=2)
    ax.plot(data.index, data["pressure"], color="0.3", ls="--", lw=1.2, label="pressure")
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel("mean over professionals")
    ax.set_title("(a) Professional behaviour under pressure", loc="left")
    _legend(ax)


def _lines_panel(
    ax: Axes,
    data: pd.DataFrame,
    columns: Sequence[str],
    *,
    title: str,
    ylabel: str,
    palette: Sequence[str],
) -> None:
    for column, color in zip(columns, palette, strict=True):
        ax.plot(data.index, data[column], color=color, lw=2, label=_label(column))
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    _legend(ax)


def _stacked_panel(
    ax: Axes,
    data: pd.DataFrame,
    columns: Sequence[str],
    *,
    title: str,
    palette: str | Sequence[str],
    step: str | None = None,
) -> None:
    colors = sns.color_palette(palette, len(columns))
    ax.stackplot(
        data.index,
        *(data[column].to_numpy(dtype=float) for column in columns),
        labels=[_label(column) for column in columns],
        colors=colors,
        alpha=0.85,
        linewidth=0.0,
        step=step,
    )
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel("share")
    ax.set_title(title, loc="left")
    ax.grid(True, axis="y", alpha=0.4)
    _legend(ax, ncol=2)


def _placements_panel(ax: Axes, data: pd.DataFrame) -> None:
    colors = sns.color_palette("colorblind", 4)
    ax.plot(data.index, data["placements_total"], color=colors[1], lw=2, label="placements")
    ax.plot(
        data.index,
        data["sustainable_placements"],
        color=colors[2],
        lw=2,
        label="sustainable placements",
    )
    ax.set_ylim(bottom=0.0)
    ax.set_ylabel("cumulative count")
    ax.set_title("(c) Placements in work (cumulative)", loc="left")
    _legend(ax)
