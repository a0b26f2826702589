"""The classroom page's live views as matplotlib figures, readable on a projector.

Each function draws one view from a running model and returns a
:class:`matplotlib.figure.Figure` made directly (not through ``pyplot``, as in
:mod:`leadsim.plotting`), so nothing needs closing and any backend works. The time axis runs
over the whole horizon from the start, so a class sees the lines grow week by week. Colours
follow ``leadsim run``'s figure: the same colour for a style, a regime or a professionalism type
everywhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from leadsim.model import LeadershipModel
from leadsim.observables import REGIMES
from leadsim.plotting import REGIME_COLORS, STYLE_COLORS
from leadsim.state import PARTNER_KINDS, PROFESSIONALISM_TYPES
from leadsim.styles import STYLE_KINDS

__all__ = [
    "REGIME_COLORS",
    "STYLE_COLORS",
    "TYPE_COLORS",
    "behaviour_figure",
    "clients_figure",
    "professionals_figure",
    "regimes_figure",
    "style_figure",
    "team_figure",
    "to_svg",
]

TYPE_COLORS = dict(zip(PROFESSIONALISM_TYPES, ("#8c8c8c", "#937860", "#55a868", "#4c72b0"), strict=True))
_PARTNER_COLORS = dict(
    zip(PARTNER_KINDS, ("#e1812c", "#c03d3e", "#3a923a", "#9372b2", "#845b53", "#d684bd"), strict=True)
)
_PASSIVITY = "#c44e52"
_COLLABORATION = "#4c72b0"
_SIZE = (6.4, 3.6)
_RC: dict[str, Any] = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.titlelocation": "left",
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "svg.fonttype": "none",  # text stays text: smaller files, crisp on a projector
}
# Fixed margins instead of a layout engine: a constrained layout doubles the drawing time, and
# the page redraws every view each time the model steps.
_MARGINS = {"left": 0.11, "right": 0.97, "top": 0.9, "bottom": 0.17}
_MARGINS_LEGEND_BELOW = {**_MARGINS, "bottom": 0.3}


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(_RC):  # type: ignore[arg-type]
        yield


def _figure(margins: dict[str, float] = _MARGINS, size: tuple[float, float] = _SIZE) -> Figure:
    figure = Figure(figsize=size, dpi=100)
    figure.subplots_adjust(**margins)
    return figure


def to_svg(figure: Figure) -> bytes:
    """Render a figure of this module as SVG (text kept as text)."""
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def _time_axis(ax: mpl.axes.Axes, weeks: int) -> None:
    ax.set_xlim(0, max(weeks, 1))
    ax.set_xlabel("week")


def behaviour_figure(frame: pd.DataFrame, weeks: int) -> Figure:
    """Passivity against collaboration over time, with the pressure of the scenario dashed.

    Args:
        frame: The model's time series (:meth:`leadsim.LeadershipModel.dataframe`).
        weeks: The horizon of the run (the length of the time axis).
    """
    with _style():
        figure = _figure()
        ax = figure.subplots()
        ax.plot(frame.index, frame["passivity"], color=_PASSIVITY, lw=2.5, label="passivity")
        ax.plot(frame.index, frame["collaboration"], color=_COLLABORATION, lw=2.5, label="collaboration")
        ax.plot(frame.index, frame["pressure"], color="0.35", ls="--", lw=1.5, label="pressure")
        ax.set_ylim(0, 1.03)  # room for the pressure line at 1
        ax.set_ylabel("mean over professionals")
        ax.set_title("Passivity or collaboration?")
        _time_axis(ax, weeks)
        ax.legend(loc="upper left", ncol=3, frameon=False)
    return figure


def style_figure(frame: pd.DataFrame, weeks: int) -> Figure:
    """The managers' mean intensity of each of the four styles over time, one line each (SF1, SF2).

    The intensities are not shares: each runs from 0 to 1 on its own scale, so the four lines
    can rise or fall together (a manager can be high on all styles, or low on all).

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
    """
    with _style():
        figure = _figure(_MARGINS_LEGEND_BELOW)
        ax = figure.subplots()
        for kind in STYLE_KINDS:
            ax.plot(
                frame.index,
                frame[f"style_{kind}"].to_numpy(dtype=float),
                color=STYLE_COLORS[kind],
                lw=2.5,
                label=kind,
            )
        ax.set_ylim(0, 1)
        ax.set_ylabel("intensity (mean over managers)")
        ax.set_title("How managers lead")
        _time_axis(ax, weeks)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, frameon=False, fontsize=10)
    return figure


def clients_figure(frame: pd.DataFrame, weeks: int) -> Figure:
    """Client outcomes: cumulative (sustainable) placements, felt understood and felt respected.

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
    """
    with _style():
        figure = _figure({**_MARGINS, "left": 0.12, "right": 0.98})
        figure.subplots_adjust(wspace=0.25)
        left, right = figure.subplots(1, 2)
        left.plot(frame.index, frame["placements_total"], color="#dd8452", lw=2.5, label="placements")
        left.plot(frame.index, frame["sustainable_placements"], color="#55a868", lw=2.5, label="sustainable")
        left.set_ylim(bottom=0)
        left.set_title("Placements (cumulative)")
        left.legend(loc="upper left", frameon=False, fontsize=10)
        right.plot(frame.index, frame["client_understood"], color="#8172b3", lw=2.5, label="felt understood")
        right.plot(frame.index, frame["client_respected"], color="#937860", lw=2.5, label="felt respected")
        right.set_ylim(0, 1)
        right.set_title("Clients' experience")
        right.legend(loc="lower left", frameon=False, fontsize=10)
        for ax in (left, right):
            _time_axis(ax, weeks)
    return figure


def professionals_figure(frame: pd.DataFrame, weeks: int) -> Figure:
    """Professionals' well-being, role ambiguity and felt accountability over time (SF3-SF5).

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
    """
    with _style():
        figure = _figure()
        ax = figure.subplots()
        ax.plot(frame.index, frame["wellbeing"], color="#55a868", lw=2.5, label="well-being")
        ax.plot(frame.index, frame["role_ambiguity"], color="#c44e52", lw=2.5, label="role ambiguity")
        ax.plot(
            frame.index, frame["felt_accountability"], color="#4c72b0", lw=2.5, label="felt accountability"
        )
        ax.set_ylim(0, 1)
        ax.set_ylabel("mean over professionals")
        ax.set_title("How professionals feel")
        _time_axis(ax, weeks)
        ax.legend(loc="upper left", ncol=3, frameon=False, fontsize=10)
    return figure


def regimes_figure(history: np.ndarray, weeks: int) -> Figure:
    """The regime of each team, week by week: one row per team, one colour per regime.

    Args:
        history: Regime indices into :data:`leadsim.REGIMES`, shape (weeks so far + 1, teams)
            (:attr:`leadsim.app.session.ClassroomModel.regime_history`).
        weeks: The horizon of the run.
    """
    with _style():
        figure = _figure(_MARGINS_LEGEND_BELOW)
        ax = figure.subplots()
        n_teams = history.shape[1] if history.size else 0
        cmap = ListedColormap([REGIME_COLORS[r] for r in REGIMES])
        if n_teams:
            ax.imshow(
                history.T,
                cmap=cmap,
                vmin=-0.5,
                vmax=len(REGIMES) - 0.5,
                aspect="auto",
                interpolation="nearest",
                extent=(-0.5, history.shape[0] - 0.5, n_teams + 0.5, 0.5),
            )
            ax.set_ylim(n_teams + 0.5, 0.5)
            ticks = np.arange(1, n_teams + 1)
            if n_teams > 8:
                ticks = ticks[:: int(np.ceil(n_teams / 8))]
            ax.set_yticks(ticks)
        ax.set_ylabel("team")
        ax.set_title("Regime of each team")
        ax.grid(False)
        _time_axis(ax, weeks)
        ax.set_xlim(-0.5, max(weeks, 1) + 0.5)
        handles = [Patch(color=REGIME_COLORS[r], label=r.replace("_", " ")) for r in REGIMES]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=4,
            frameon=False,
            fontsize=10,
        )
    return figure


def team_figure(model: LeadershipModel, team: int, threshold: float = 0.2) -> Figure:
    """One team: its professionals coloured by orientation, sized by proactivity, and their ties.

    Professionals sit on a circle around their manager (the square, coloured by the manager's
    dominant style); the partners the team has a tie to (strength above ``threshold``) sit on
    an outer ring, coloured by kind, with one line per tie, thicker for stronger ties.

    Args:
        model: The running model.
        team: Team index (0-based).
        threshold: Smallest tie strength drawn.
    """
    state = model.state
    members = np.flatnonzero(state.professionals.team == team)
    ties = state.professionals.ties[members]
    partners = np.flatnonzero((ties > threshold).any(axis=0)) if ties.size else np.zeros(0, dtype=int)
    kinds = state.partners.kind[partners]
    partners = partners[np.argsort(kinds, kind="stable")]
    effort = state.professionals.effort[members]
    proactivity = state.professionals.proactivity[members]

    with _style():
        figure = _figure({"left": 0.01, "right": 0.99, "top": 0.93, "bottom": 0.24}, size=(6.4, 5.6))
        ax = figure.subplots()
        ax.set_aspect("equal")
        ax.axis("off")
        angle = 2 * np.pi * np.arange(len(members)) / max(len(members), 1) + np.pi / 2
        inner = np.column_stack([np.cos(angle), np.sin(angle)])
        outer_angle = 2 * np.pi * np.arange(len(partners)) / max(len(partners), 1) + np.pi / 2
        outer = 2.0 * np.column_stack([np.cos(outer_angle), np.sin(outer_angle)])
        spokes = [[(0.0, 0.0), (x, y)] for x, y in inner]
        ax.add_collection(LineCollection(spokes, colors="0.85", linewidths=1, zorder=1))
        rows, cols = np.nonzero(ties[:, partners] > threshold)
        if len(rows):
            strength = ties[rows, partners[cols]]
            segments = list(np.stack([inner[rows], outer[cols]], axis=1))
            colors = np.zeros((len(rows), 4))
            colors[:, :3] = 0.3
            colors[:, 3] = 0.25 + 0.6 * strength
            ax.add_collection(
                LineCollection(segments, colors=colors, linewidths=0.5 + 3.0 * strength, zorder=2)
            )
        types = [PROFESSIONALISM_TYPES[int(t)] for t in np.argmax(effort, axis=1)]
        ax.scatter(
            inner[:, 0],
            inner[:, 1],
            s=60 + 540 * proactivity,
            c=[TYPE_COLORS[t] for t in types],
            edgecolors="black",
            linewidths=1,
            zorder=3,
        )
        if len(partners):
            ax.scatter(
                outer[:, 0],
                outer[:, 1],
                s=110,
                marker="D",
                c=[_PARTNER_COLORS[PARTNER_KINDS[int(k)]] for k in state.partners.kind[partners]],
                edgecolors="black",
                linewidths=0.6,
                zorder=3,
            )
        dominant = STYLE_KINDS[int(np.argmax(state.managers.style[team]))]
        ax.scatter([0], [0], s=420, marker="s", c=STYLE_COLORS[dominant], edgecolors="black", zorder=3)
        ax.set_xlim(-2.3, 2.3)
        ax.set_ylim(-2.3, 2.3)
        regime = model.team_regimes()[team].replace("_", " ")
        ax.set_title(f"Team {team + 1}: {regime}; manager mostly {dominant}")
        professionals = ax.legend(
            handles=[Patch(color=TYPE_COLORS[t], label=t) for t in PROFESSIONALISM_TYPES],
            title="professionals (orientation; size = proactivity)",
            loc="upper center",
            bbox_to_anchor=(0.5, 0.02),
            ncol=4,
            frameon=False,
            fontsize=10,
            title_fontsize=10,
        )
        ax.add_artist(professionals)
        kinds_shown = sorted({int(k) for k in state.partners.kind[partners]})
        if kinds_shown:
            ax.legend(
                handles=[
                    Patch(color=_PARTNER_COLORS[PARTNER_KINDS[k]], label=PARTNER_KINDS[k].replace("_", " "))
                    for k in kinds_shown
                ],
                title=f"partners with a tie above {threshold:g}",
                loc="upper center",
                bbox_to_anchor=(0.5, -0.1),
                ncol=6,
                frameon=False,
                fontsize=10,
                title_fontsize=10,
            )
    return figure
