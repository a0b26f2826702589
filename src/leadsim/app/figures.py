"""The classroom page's live views as matplotlib figures, readable on a projector and fast to redraw.

Each view is a :class:`LiveView`: one matplotlib figure (made directly, not through ``pyplot``,
so nothing needs closing and any backend works) whose axes, labels, legends and intervention
marks are drawn once into a background, and whose data artists (lines, the regime image, the
team's circles and ties) are *animated*: a redraw restores the background and draws only them
(blitting), then encodes the pixels as PNG. That is what makes playing fast: a redraw costs a
few milliseconds per view instead of laying out and serialising a whole figure. The background
is drawn again only when it changes (a new run, a text size, an intervention, a y-axis that
must grow).

:class:`LiveViews` holds the six views of one page. The functions :func:`behaviour_figure` ...
:func:`team_figure` draw one view once and return its figure (for a notebook, or a report);
:func:`to_svg` renders such a figure as SVG, the page's drawing path before the live views (the
browser test's benchmark compares the two).

The time axis runs over the whole horizon from the start, so a class sees the lines grow week by
week. Colours follow ``leadsim run``'s figure (a style, a regime or a professionalism type has the
same colour everywhere); the high-contrast :class:`Look` darkens them and thickens the lines for
a washed-out projector. Every axis is labelled with its unit and every legend sits outside the
data, below the axes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from numpy.typing import NDArray
from PIL import Image

from leadsim.model import LeadershipModel
from leadsim.observables import REGIMES
from leadsim.plotting import REGIME_COLORS, STYLE_COLORS
from leadsim.state import PARTNER_KINDS, PROFESSIONALISM_TYPES
from leadsim.styles import STYLE_KINDS

__all__ = [
    "HIGH_CONTRAST",
    "REGIME_COLORS",
    "STANDARD",
    "STYLE_COLORS",
    "TYPE_COLORS",
    "VIEW_NAMES",
    "LiveView",
    "LiveViews",
    "Look",
    "Mark",
    "Snapshot",
    "TeamSnapshot",
    "behaviour_figure",
    "clients_figure",
    "professionals_figure",
    "regimes_figure",
    "snapshot_of",
    "style_figure",
    "team_figure",
    "to_svg",
]

TYPE_COLORS = dict(zip(PROFESSIONALISM_TYPES, ("#8c8c8c", "#937860", "#55a868", "#4c72b0"), strict=True))
_PARTNER_COLORS = dict(
    zip(PARTNER_KINDS, ("#e1812c", "#c03d3e", "#3a923a", "#9372b2", "#845b53", "#d684bd"), strict=True)
)
VIEW_NAMES: tuple[str, ...] = ("behaviour", "styles", "clients", "regimes", "team", "professionals")
"""The six views, in the order the page shows them."""


@dataclass(frozen=True, slots=True)
class Look:
    """How the views look: text size and palette.

    Attributes:
        scale: Text size relative to the standard look (1.0); 1.8 makes every label 1.8 times as
            large in the same figure.
        contrast: High contrast for a washed-out projector: darker colours, thicker lines, black
            text and grid.
        dpi: Pixels per inch of the rendered image (the figure is 6.4 by 3.6 inches).
    """

    scale: float = 1.0
    contrast: bool = False
    dpi: int = 110

    def color(self, color: str) -> str:
        """A colour of the standard palette, darkened in high contrast."""
        if not self.contrast:
            return color
        return _HIGH_CONTRAST_COLORS.get(color, color)

    @property
    def line_width(self) -> float:
        """Width of the data lines, in points."""
        return 4.0 if self.contrast else 2.5


STANDARD = Look()
HIGH_CONTRAST = Look(contrast=True)

# Darker, more saturated versions of the palette: they keep their hue on a projector that washes
# colours out (each has a contrast ratio of at least 4.5 against white).
_HIGH_CONTRAST_COLORS = {
    "#c44e52": "#a50f15",  # passivity, hierarchical, passive drift, role ambiguity
    "#dd8452": "#c04a00",  # supportive, placements
    "#4c72b0": "#08519c",  # collaboration, accountable, connective
    "#8172b3": "#54278f",  # visionary
    "#55a868": "#006d2c",  # coproducing, well-being, sustainable
    "#8c8c8c": "#525252",  # compliant, managerial
    "#937860": "#6b4b2a",  # traditional, felt respected
    "0.35": "#000000",  # pressure
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A setting changed during a run, drawn as a dotted line at its week.

    Attributes:
        week: The week after which the new value acts (the next week simulated is ``week + 1``).
        label: What changed, e.g. ``pressure 0.50→0.90``.
    """

    week: int
    label: str


@dataclass(frozen=True, slots=True, eq=False)
class TeamSnapshot:
    """One team at one week, copied out of the model's state.

    Attributes:
        index: The team (0-based).
        regime: Its regime.
        style: Its manager's four style intensities.
        effort: Each professional's effort over the four professionalism types, shape (n, 4).
        proactivity: Each professional's proactivity, shape (n,).
        ties: Each professional's tie strength to every partner, shape (n, partners).
        partner_kind: Each partner's kind (index into :data:`leadsim.state.PARTNER_KINDS`).
    """

    index: int
    regime: str
    style: NDArray[np.float64]
    effort: NDArray[np.float64]
    proactivity: NDArray[np.float64]
    ties: NDArray[np.float64]
    partner_kind: NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class Snapshot:
    """What the views show at one week, copied out of a running model.

    A snapshot owns its arrays: the model can go on running while a snapshot is drawn.

    Attributes:
        week: Weeks simulated.
        weeks: The horizon of the run (the length of the time axis).
        series: Each metric of :data:`leadsim.observables.METRICS` for weeks 0 .. ``week``.
        regimes: Each team's regime every week, as indices into :data:`leadsim.REGIMES`,
            shape (week + 1, teams).
        team: The team shown in the team view, or ``None``.
        marks: The settings changed during the run.
    """

    week: int
    weeks: int
    series: Mapping[str, NDArray[np.float64]]
    regimes: NDArray[np.int64]
    team: TeamSnapshot | None = None
    marks: tuple[Mark, ...] = field(default=())


def snapshot_of(
    model: LeadershipModel,
    weeks: int,
    regimes: NDArray[np.int64] | None = None,
    team: int | None = 0,
    marks: Sequence[Mark] = (),
) -> Snapshot:
    """Copy what the views need out of a model.

    Args:
        model: The model.
        weeks: The horizon of the run.
        regimes: Each team's regime every week (:attr:`leadsim.app.session.ClassroomModel.regime_history`);
            if ``None``, only the current week's regimes are known and shown.
        team: The team of the team view (0-based), or ``None`` for none.
        marks: The settings changed during the run.
    """
    columns = model.datacollector.model_vars
    series = {name: np.asarray(values, dtype=float) for name, values in columns.items()}
    current = np.array([[REGIMES.index(r) for r in model.team_regimes()]], dtype=np.int64)
    team_snapshot = None
    if team is not None:
        state = model.state
        members = np.flatnonzero(state.professionals.team == team)
        team_snapshot = TeamSnapshot(
            index=team,
            regime=model.team_regimes()[team],
            style=state.managers.style[team].copy(),
            effort=state.professionals.effort[members].copy(),
            proactivity=state.professionals.proactivity[members].copy(),
            ties=state.professionals.ties[members].copy(),
            partner_kind=state.partners.kind.copy(),
        )
    return Snapshot(
        week=model.week,
        weeks=weeks,
        series=series,
        regimes=current if regimes is None else regimes,
        team=team_snapshot,
        marks=tuple(marks),
    )


def _snapshot_from_frame(frame: pd.DataFrame, weeks: int) -> Snapshot:
    series = {str(name): frame[name].to_numpy(dtype=float) for name in frame.columns}
    return Snapshot(week=len(frame) - 1, weeks=weeks, series=series, regimes=np.zeros((0, 0), dtype=np.int64))


# ---------------------------------------------------------------------------- the style
_BASE_RC: dict[str, Any] = {
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "svg.fonttype": "none",  # text stays text: smaller files, crisp on a projector
}


def _rc(look: Look) -> dict[str, Any]:
    size = 12 * look.scale
    rc = {
        **_BASE_RC,
        "font.size": size,
        "axes.titlesize": 13 * look.scale,
        "axes.titleweight": "bold" if look.contrast else "normal",
        "axes.labelsize": size,
        "xtick.labelsize": 11 * look.scale,
        "ytick.labelsize": 11 * look.scale,
        "legend.fontsize": 11 * look.scale,
        "legend.title_fontsize": 11 * look.scale,
        "grid.alpha": 0.6 if look.contrast else 0.35,
        "grid.color": "#606060" if look.contrast else "#b0b0b0",
        "text.color": "black",
        "axes.labelcolor": "black",
        "axes.edgecolor": "black",
        "xtick.color": "black",
        "ytick.color": "black",
    }
    return rc


@contextmanager
def _style(look: Look) -> Iterator[None]:
    with mpl.rc_context(_rc(look)):  # type: ignore[arg-type]
        yield


# ---------------------------------------------------------------------------- one view
class LiveView:
    """One view: a figure with a static background and animated data artists.

    Subclasses build the figure in :meth:`build` (static parts, and the animated artists with
    ``animated=True``) and update the artists' data in :meth:`update`.

    Args:
        look: Text size and palette.
        size: Figure size in inches.
    """

    name = "view"
    size: tuple[float, float] = (6.4, 3.6)
    grow = 0.4  # how much taller the figure gets per unit of text scale

    def __init__(self, look: Look = STANDARD) -> None:
        self.look = look
        width, height = self.size
        # Larger text needs more room for labels and legends: the figure grows taller, not wider,
        # so that the text grows on the page with the scale.
        height *= 1 + self.grow * (look.scale - 1)
        self.figure = Figure(figsize=(width, height), dpi=look.dpi, layout="constrained")
        engine = self.figure.get_layout_engine()
        assert isinstance(engine, ConstrainedLayoutEngine)
        engine.set(h_pad=0.1, w_pad=0.06)
        self.canvas = FigureCanvasAgg(self.figure)
        self.animated: list[Artist] = []
        self._background: Any = None
        self._marks: tuple[Mark, ...] = ()
        self._mark_artists: list[Artist] = []
        with _style(look):
            self.build()

    # -- for subclasses
    def build(self) -> None:
        """Make the figure's static parts and its animated artists."""
        raise NotImplementedError

    def update(self, snapshot: Snapshot) -> None:
        """Put the snapshot's data into the animated artists.

        Call :meth:`invalidate` if the background must change too (an axis that must grow).
        """
        raise NotImplementedError

    def time_axes(self) -> list[Axes]:
        """The axes whose x axis is the week (intervention marks are drawn on them)."""
        return []

    # -- the machinery
    def columns(self, n: int, large: int = 2) -> int:
        """Legend columns for ``n`` entries: ``large`` at most when the text is large."""
        return n if self.look.scale < 1.6 else min(n, large)

    def _animate[A: Artist](self, artist: A) -> A:
        artist.set_animated(True)
        self.animated.append(artist)
        return artist

    def invalidate(self) -> None:
        """Draw the background again at the next render."""
        self._background = None

    def _set_marks(self, marks: tuple[Mark, ...]) -> None:
        if marks == self._marks or not self.time_axes():
            return
        for artist in self._mark_artists:
            artist.remove()
        self._mark_artists = []
        for ax in self.time_axes():
            for mark in marks:
                self._mark_artists.append(ax.axvline(mark.week, color="black", ls=":", lw=1.5, zorder=1))
            for i, mark in enumerate(marks):
                self._mark_artists.append(
                    ax.annotate(
                        mark.label,
                        xy=(mark.week, 1.0),
                        xycoords=("data", "axes fraction"),
                        xytext=(3, -3 - 13 * self.look.scale * (i % 3)),
                        textcoords="offset points",
                        va="top",
                        fontsize=9 * self.look.scale,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
                    )
                )
        self._marks = marks
        self.invalidate()

    def draw(self, snapshot: Snapshot) -> None:
        """Update the artists from a snapshot and draw the figure into its canvas."""
        self._set_marks(snapshot.marks)
        self.update(snapshot)
        if self._background is None:
            with _style(self.look):  # the style matters only where text and axes are drawn
                self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self.animated:
            self.figure.draw_artist(artist)

    def png(self) -> bytes:
        """The last drawn image as PNG."""
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    def render(self, snapshot: Snapshot) -> bytes:
        """Draw a snapshot and return the image as PNG."""
        self.draw(snapshot)
        return self.png()


def _legend_below(ax: Axes, handles: Sequence[Artist], ncol: int, **kwargs: Any) -> None:
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22),
        ncol=ncol,
        frameon=False,
        handlelength=1.5,
        columnspacing=1.0,
        borderpad=0.0,  # no frame: the padding would only be invisible space to make room for
        **kwargs,
    )


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, ..., 9 times a power of ten that is at least ``value`` (at least 10)."""
    value = max(value, 10.0)
    unit = 10 ** np.floor(np.log10(value))
    return float(np.ceil(value / unit) * unit)


def _week_axis(ax: Axes) -> None:
    ax.set_xlabel("week")


class _LinesView(LiveView):
    """Lines over weeks; subclasses name the columns, colours, labels and the y axis."""

    lines: tuple[tuple[str, str, str], ...] = ()  # (column, colour, label)
    ylabel = ""
    title = ""
    ylim: tuple[float, float] = (0.0, 1.0)
    ncol = 3
    ncol_large = 2

    def build(self) -> None:
        ax = self.figure.subplots()
        self.ax = ax
        self.artists: dict[str, Line2D] = {}
        for column, color, label in self.lines:
            dashed = column == "pressure"
            (line,) = ax.plot(
                [],
                [],
                color=self.look.color(color),
                lw=self.look.line_width * (0.6 if dashed else 1.0),
                ls="--" if dashed else "-",
                label=label,
            )
            self.artists[column] = self._animate(line)
        ax.set_ylim(*self.ylim)
        ax.set_ylabel(self.ylabel)
        ax.set_title(self.title)
        _week_axis(ax)
        _legend_below(ax, list(self.artists.values()), self.columns(self.ncol, self.ncol_large))

    def time_axes(self) -> list[Axes]:
        return [self.ax]

    def update(self, snapshot: Snapshot) -> None:
        horizon = max(snapshot.weeks, 1)
        if self.ax.get_xlim() != (0, horizon):
            self.ax.set_xlim(0, horizon)
            self.invalidate()
        for column, line in self.artists.items():
            values = snapshot.series[column]
            line.set_data(np.arange(len(values)), values)


class BehaviourView(_LinesView):
    """Passivity against collaboration over time, with the pressure of the scenario dashed."""

    name = "behaviour"
    lines = (
        ("passivity", "#c44e52", "passivity"),
        ("collaboration", "#4c72b0", "collaboration"),
        ("pressure", "0.35", "pressure"),
    )
    ylabel = "mean, 0-1"
    title = "Passivity or collaboration?"
    ylim = (0.0, 1.03)  # room for the pressure line at 1


class StylesView(_LinesView):
    """The managers' mean intensity of each of the four styles over time (SF1, SF2).

    The intensities are not shares: each runs from 0 to 1 on its own scale, so the four lines
    can rise or fall together.
    """

    name = "styles"
    lines = tuple((f"style_{kind}", STYLE_COLORS[kind], kind) for kind in STYLE_KINDS)
    ylabel = "mean intensity, 0-1"
    title = "How managers lead"
    ncol = 4


class ProfessionalsView(_LinesView):
    """Professionals' well-being, role ambiguity and felt accountability over time (SF3-SF5)."""

    name = "professionals"
    lines = (
        ("wellbeing", "#55a868", "well-being"),
        ("role_ambiguity", "#c44e52", "role ambiguity"),
        ("felt_accountability", "#4c72b0", "felt accountability"),
    )
    ylabel = "mean, 0-1"
    title = "How professionals feel"
    ncol_large = 1
    grow = 0.6


class ClientsView(LiveView):
    """Cumulative (sustainable) placements, and how understood and respected clients feel (SF9)."""

    name = "clients"

    def build(self) -> None:
        stacked = self.look.scale >= 1.6  # large text: one panel above the other
        if stacked:
            width, height = self.figure.get_size_inches()
            self.figure.set_size_inches(width, height * 1.8)
        left, right = self.figure.subplots(2, 1) if stacked else self.figure.subplots(1, 2)
        self.left, self.right = left, right
        lw = self.look.line_width
        self.placed = self._animate(
            left.plot([], [], color=self.look.color("#dd8452"), lw=lw, label="placed")[0]
        )
        self.sustainable = self._animate(
            left.plot([], [], color=self.look.color("#55a868"), lw=lw, label="still in work\nafter 26 weeks")[
                0
            ]
        )
        self.understood = self._animate(
            right.plot([], [], color=self.look.color("#8172b3"), lw=lw, label="felt understood")[0]
        )
        self.respected = self._animate(
            right.plot([], [], color=self.look.color("#937860"), lw=lw, label="felt respected")[0]
        )
        self.top = 10.0
        left.set_ylim(0, self.top)
        left.set_ylabel("clients placed")
        left.set_title("Placements")
        right.set_ylim(0, 1)
        right.set_ylabel("mean, 0-1")
        right.set_title("Clients' experience")
        for ax, handles in (
            (left, [self.placed, self.sustainable]),
            (right, [self.understood, self.respected]),
        ):
            _week_axis(ax)
            _legend_below(ax, handles, 1)

    def time_axes(self) -> list[Axes]:
        return [self.left, self.right]

    def update(self, snapshot: Snapshot) -> None:
        horizon = max(snapshot.weeks, 1)
        if self.left.get_xlim() != (0, horizon):
            for ax in (self.left, self.right):
                ax.set_xlim(0, horizon)
            self.invalidate()
        placed = snapshot.series["placements_total"]
        highest = float(np.nanmax(placed)) if len(placed) else 0.0
        if highest > self.top * 0.95:  # grow the axis in steps, so that it is redrawn rarely
            self.top = _nice_ceiling(highest * 1.5)
            self.left.set_ylim(0, self.top)
            self.invalidate()
        weeks = np.arange(len(placed))
        self.placed.set_data(weeks, placed)
        self.sustainable.set_data(weeks, snapshot.series["sustainable_placements"])
        self.understood.set_data(weeks, snapshot.series["client_understood"])
        self.respected.set_data(weeks, snapshot.series["client_respected"])


class RegimesView(LiveView):
    """The regime of each team, week by week: one row per team, one colour per regime."""

    name = "regimes"

    def build(self) -> None:
        ax = self.figure.subplots()
        self.ax = ax
        cmap = ListedColormap([self.look.color(REGIME_COLORS[r]) for r in REGIMES])
        self.image = self._animate(
            ax.imshow(
                np.zeros((1, 1)),
                cmap=cmap,
                vmin=-0.5,
                vmax=len(REGIMES) - 0.5,
                aspect="auto",
                interpolation="nearest",
            )
        )
        self.n_teams = 0
        ax.set_ylabel("team")
        ax.set_title("Regime of each team")
        ax.grid(False)
        _week_axis(ax)
        handles = [Patch(color=self.look.color(REGIME_COLORS[r]), label=r.replace("_", " ")) for r in REGIMES]
        _legend_below(ax, handles, self.columns(4))

    def time_axes(self) -> list[Axes]:
        return [self.ax]

    def update(self, snapshot: Snapshot) -> None:
        history = snapshot.regimes
        n_teams = history.shape[1] if history.size else 0
        horizon = max(snapshot.weeks, 1)
        if n_teams != self.n_teams or self.ax.get_xlim() != (-0.5, horizon + 0.5):
            self.n_teams = n_teams
            self.ax.set_xlim(-0.5, horizon + 0.5)
            self.ax.set_ylim(max(n_teams, 1) + 0.5, 0.5)
            ticks = np.arange(1, n_teams + 1)
            if n_teams > 8:
                ticks = ticks[:: int(np.ceil(n_teams / 8))]
            self.ax.set_yticks(ticks)
            self.invalidate()
        if n_teams:
            self.image.set_data(history.T)
            self.image.set_extent((-0.5, history.shape[0] - 0.5, n_teams + 0.5, 0.5))
            self.image.set_visible(True)
        else:
            self.image.set_visible(False)


class TeamView(LiveView):
    """One team: its professionals coloured by orientation, sized by proactivity, and their ties.

    Professionals sit on a circle around their manager (the square, coloured by her dominant
    style); the partners the team has a tie to (strength above :attr:`threshold`) sit on an
    outer ring, coloured by kind, with one line per tie, thicker for stronger ties.
    """

    name = "team"
    size = (6.4, 5.6)
    grow = 0.9
    threshold = 0.2

    def build(self) -> None:
        ax = self.figure.subplots()
        self.ax = ax
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_xlim(-2.3, 2.3)
        ax.set_ylim(-2.3, 2.3)
        self.spokes = self._animate(LineCollection([], colors="0.8", linewidths=1, zorder=1))
        ax.add_collection(self.spokes)
        self.ties = self._animate(LineCollection([], zorder=2))
        ax.add_collection(self.ties)
        self.people = self._animate(ax.scatter([], [], linewidths=1, edgecolors="black", zorder=3))
        self.partners = self._animate(
            ax.scatter([], [], marker="D", s=110, linewidths=0.6, edgecolors="black", zorder=3)
        )
        self.manager = self._animate(ax.scatter([0], [0], s=420, marker="s", edgecolors="black", zorder=3))
        self.title = self._animate(ax.set_title(" \n ", loc="center"))
        people = ax.legend(
            handles=[Patch(color=self.look.color(TYPE_COLORS[t]), label=t) for t in PROFESSIONALISM_TYPES],
            title="professionals: orientation\n(size = proactivity)",
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=2,
            frameon=False,
        )
        ax.add_artist(people)
        ax.legend(
            handles=[Patch(color=_PARTNER_COLORS[k], label=k.replace("_", " ")) for k in PARTNER_KINDS],
            title=f"partners (diamonds)\nwith a tie above {self.threshold:g}",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.36 * self.look.scale),
            ncol=self.columns(3),
            frameon=False,
        )

    def update(self, snapshot: Snapshot) -> None:
        team = snapshot.team
        if team is None:
            for artist in self.animated:
                artist.set_visible(False)
            return
        for artist in self.animated:
            artist.set_visible(True)
        n = len(team.proactivity)
        angle = 2 * np.pi * np.arange(n) / max(n, 1) + np.pi / 2
        inner = np.column_stack([np.cos(angle), np.sin(angle)])
        strong = (team.ties > self.threshold).any(axis=0) if team.ties.size else np.zeros(0, dtype=bool)
        partners = np.flatnonzero(strong)
        partners = partners[np.argsort(team.partner_kind[partners], kind="stable")]
        outer_angle = 2 * np.pi * np.arange(len(partners)) / max(len(partners), 1) + np.pi / 2
        outer = 2.0 * np.column_stack([np.cos(outer_angle), np.sin(outer_angle)])
        self.spokes.set_segments([[(0.0, 0.0), (x, y)] for x, y in inner])
        rows, cols = np.nonzero(team.ties[:, partners] > self.threshold)
        strength = team.ties[rows, partners[cols]]
        self.ties.set_segments(list(np.stack([inner[rows], outer[cols]], axis=1)))
        colors = np.zeros((len(rows), 4))
        colors[:, :3] = 0.3
        colors[:, 3] = 0.25 + 0.6 * strength
        self.ties.set_color([(r, g, b, a) for r, g, b, a in colors.tolist()])
        self.ties.set_linewidth((0.5 + 3.0 * strength).tolist())
        types = [PROFESSIONALISM_TYPES[int(t)] for t in np.argmax(team.effort, axis=1)]
        self.people.set_offsets(inner)
        self.people.set_sizes(60 + 540 * team.proactivity)
        self.people.set_facecolor([self.look.color(TYPE_COLORS[t]) for t in types])
        self.partners.set_offsets(outer if len(partners) else np.zeros((0, 2)))
        self.partners.set_facecolor(
            [_PARTNER_COLORS[PARTNER_KINDS[int(k)]] for k in team.partner_kind[partners]]
        )
        dominant = STYLE_KINDS[int(np.argmax(team.style))]
        self.manager.set_facecolor(self.look.color(STYLE_COLORS[dominant]))
        regime = team.regime.replace("_", " ")
        self.title.set_text(f"Team {team.index + 1}: {regime}\nmanager mostly {dominant}")


_VIEW_CLASSES: dict[str, type[LiveView]] = {
    cls.name: cls
    for cls in (BehaviourView, StylesView, ClientsView, RegimesView, TeamView, ProfessionalsView)
}


class LiveViews:
    """The page's six views, redrawn from snapshots.

    Args:
        look: Text size and palette of every view.
        names: The views to keep (default: all six, :data:`VIEW_NAMES`).
    """

    def __init__(self, look: Look = STANDARD, names: Sequence[str] = VIEW_NAMES) -> None:
        self.look = look
        self.views: dict[str, LiveView] = {name: _VIEW_CLASSES[name](look) for name in names}

    def render(self, snapshot: Snapshot) -> dict[str, bytes]:
        """Draw every view from one snapshot.

        Returns:
            Each view's image as PNG, by name.
        """
        return {name: view.render(snapshot) for name, view in self.views.items()}


# ---------------------------------------------------------------------------- one-off figures
def _one_off(name: str, snapshot: Snapshot, look: Look) -> Figure:
    view = _VIEW_CLASSES[name](look)
    view.draw(snapshot)
    for artist in view.animated:
        artist.set_animated(False)  # a plain figure: savefig draws the data too
    return view.figure


def to_svg(figure: Figure) -> bytes:
    """Render a figure of this module as SVG (text kept as text)."""
    buffer = io.BytesIO()
    with _style(STANDARD):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def behaviour_figure(frame: pd.DataFrame, weeks: int, look: Look = STANDARD) -> Figure:
    """Passivity against collaboration over time, with the pressure of the scenario dashed.

    Args:
        frame: The model's time series (:meth:`leadsim.LeadershipModel.dataframe`).
        weeks: The horizon of the run (the length of the time axis).
        look: Text size and palette.
    """
    return _one_off("behaviour", _snapshot_from_frame(frame, weeks), look)


def style_figure(frame: pd.DataFrame, weeks: int, look: Look = STANDARD) -> Figure:
    """The managers' mean intensity of each of the four styles over time, one line each (SF1, SF2).

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
        look: Text size and palette.
    """
    return _one_off("styles", _snapshot_from_frame(frame, weeks), look)


def clients_figure(frame: pd.DataFrame, weeks: int, look: Look = STANDARD) -> Figure:
    """Client outcomes: cumulative (sustainable) placements, felt understood and felt respected.

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
        look: Text size and palette.
    """
    return _one_off("clients", _snapshot_from_frame(frame, weeks), look)


def professionals_figure(frame: pd.DataFrame, weeks: int, look: Look = STANDARD) -> Figure:
    """Professionals' well-being, role ambiguity and felt accountability over time (SF3-SF5).

    Args:
        frame: The model's time series.
        weeks: The horizon of the run.
        look: Text size and palette.
    """
    return _one_off("professionals", _snapshot_from_frame(frame, weeks), look)


def regimes_figure(history: np.ndarray, weeks: int, look: Look = STANDARD) -> Figure:
    """The regime of each team, week by week: one row per team, one colour per regime.

    Args:
        history: Regime indices into :data:`leadsim.REGIMES`, shape (weeks so far + 1, teams)
            (:attr:`leadsim.app.session.ClassroomModel.regime_history`).
        weeks: The horizon of the run.
        look: Text size and palette.
    """
    snapshot = Snapshot(week=max(len(history) - 1, 0), weeks=weeks, series={}, regimes=history)
    return _one_off("regimes", snapshot, look)


def team_figure(model: LeadershipModel, team: int, look: Look = STANDARD) -> Figure:
    """One team: its professionals coloured by orientation, sized by proactivity, and their ties.

    Args:
        model: The running model.
        team: Team index (0-based).
        look: Text size and palette.
    """
    return _one_off("team", snapshot_of(model, model.week, team=team), look)
