"""The classroom page: Mesa's SolaraViz with leadsim's live views and "try this" texts.

SolaraViz gives the frame: the app bar, the sidebar with Mesa's controls (play, step, reset,
play and render interval) and the model's controls (:func:`leadsim.app.session.model_params`).
Pressing *Reset* builds a new :class:`leadsim.app.session.ClassroomModel` from the controls; if
the model refuses a setting, the page shows the model's message where the views were.

The main area (:func:`Dashboard`) shows, for a projector: a readout of the latest week (with
the managers' mean style intensities); passivity against collaboration; the managers' four style
intensities over time; placements and clients' experience; the regime of each team week by week;
one team's professionals and their partner ties; and the "try this" text for a chosen stylized
fact.

Serve it with ``leadsim app`` (or ``solara run leadsim.app.page``); in a notebook, display
``Page()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from leadsim.app.figures import (
    REGIME_COLORS,
    STYLE_COLORS,
    behaviour_figure,
    clients_figure,
    professionals_figure,
    regimes_figure,
    style_figure,
    team_figure,
    to_svg,
)
from leadsim.app.session import ClassroomModel, model_params
from leadsim.app.tryit import TRY_THIS
from leadsim.observables import REGIMES
from leadsim.styles import STYLE_KINDS

__all__ = ["PLAY_INTERVAL_MS", "RENDER_INTERVAL", "TITLE", "Dashboard", "Page", "readout_items"]

TITLE = "leadsim classroom: drift toward passivity or collaboration"
PLAY_INTERVAL_MS = 251
"""Pause between played steps (on the grid 1, 11, 21, ... of Mesa's slider)."""
RENDER_INTERVAL = 3
"""Weeks per redraw while playing, and per press of Step (on the grid 1, 3, 5, ... of Mesa's
slider). Drawing the views takes far longer than a week of the model, so redrawing every week
would make playing three years slow."""

# Slider values always shown (Mesa's inputs show them only while dragging): a class must see that
# pressure is 0.9. The extra top margin makes room for the value above each slider's thumb.
_CSS = """
.v-slider-thumb__label-container { display: block !important; }
.v-slider.v-input { margin-top: 22px; }
.leadsim-view img { display: block; }
"""

_HINT = (
    "Change the settings in the sidebar, then press **Reset** to start a new run with them; "
    f"**Step** runs {RENDER_INTERVAL} weeks (the render interval), **▶** plays."
)


def readout_items(model: ClassroomModel) -> list[tuple[str, str]]:
    """The numbers the readout shows for the latest week, as (label, text) pairs.

    The four style kinds (``hierarchical`` ...) are the managers' mean intensities, each in [0, 1].

    Args:
        model: A model that was not refused.
    """
    assert model.simulation is not None
    m = model.simulation.metrics_now
    regimes = model.simulation.team_regimes()

    def number(name: str) -> str:
        value = m[name]
        return "–" if math.isnan(value) else f"{value:.2f}"

    return [
        ("week", f"{model.week} of {model.weeks}"),
        ("pressure", number("pressure")),
        ("passivity", number("passivity")),
        ("collaboration", number("collaboration")),
        ("well-being", number("wellbeing")),
        ("role ambiguity", number("role_ambiguity")),
        ("innovation", number("innovation")),
        ("perception gap", number("perception_gap")),
        ("placements", f"{m['placements_total']:.0f}"),
        ("sustainable", f"{m['sustainable_placements']:.0f}"),
        ("felt understood", number("client_understood")),
        ("felt respected", number("client_respected")),
        *((kind, number(f"style_{kind}")) for kind in STYLE_KINDS),
        *((f"teams {r.replace('_', ' ')}", str(regimes.count(r))) for r in REGIMES),
    ]


@solara.component
def Readout(model: ClassroomModel, key: object) -> None:
    """The latest week's numbers as tiles, large enough for the back of a classroom.

    Args:
        model: The running model (the same object from week to week).
        key: Changes with the week, so that the readout is drawn again (a component is drawn
            again only when its arguments change).
    """
    with solara.Card(classes=["leadsim-readout"], margin=0):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            for label, text in readout_items(model):
                color = STYLE_COLORS.get(label) or REGIME_COLORS.get(
                    label.removeprefix("teams ").replace(" ", "_"), "#444"
                )
                with solara.Column(
                    gap="0px",
                    classes=["leadsim-stat"],
                    style={"min-width": "104px", "padding": "2px 8px", "border-left": f"4px solid {color}"},
                ):
                    solara.Text(label, style={"font-size": "0.85rem", "color": "#555"})
                    solara.Text(text, style={"font-size": "1.35rem", "font-weight": "600"})
        solara.Markdown(_HINT, style={"font-size": "0.9rem"})


@solara.component
def View(name: str, draw: Callable[[], Figure], key: object) -> None:
    """One figure, drawn again only when ``key`` changes (a new model or a new week)."""
    svg = solara.use_memo(lambda: to_svg(draw()), dependencies=[key])
    with solara.Card(classes=["leadsim-view", f"leadsim-view-{name}"], margin=0):
        solara.Image(svg, width="100%", format="svg+xml")


@solara.component
def TeamView(model: ClassroomModel, key: object) -> None:
    """One team's professionals and partner ties, with a choice of team."""
    assert model.simulation is not None
    simulation = model.simulation
    n_teams = simulation.state.managers.n
    team, set_team = solara.use_state(1)
    team = min(team, n_teams)
    svg = solara.use_memo(lambda: to_svg(team_figure(simulation, team - 1)), dependencies=[key, team])
    with solara.Card("One team", classes=["leadsim-view", "leadsim-view-team"], margin=0):
        if n_teams > 1:
            solara.SliderInt("Team", value=team, min=1, max=n_teams, on_value=set_team)
        solara.Image(svg, width="100%", format="svg+xml")
        solara.Text(
            "Circles: professionals, coloured by the orientation their effort leans to; "
            "square: their manager, coloured by the dominant style; diamonds: partners.",
            style={"font-size": "0.85rem", "color": "#555"},
        )


@solara.component
def TryThisPanel() -> None:
    """The "try this" text of one stylized fact, chosen from a list."""
    labels = [f"{entry.fact}: {entry.title}" for entry in TRY_THIS]
    chosen, set_chosen = solara.use_state(labels[0])
    entry = TRY_THIS[labels.index(chosen)]
    with solara.Card("Try this", classes=["leadsim-trythis"], margin=0):
        solara.Select("Stylized fact", value=chosen, values=labels, on_value=set_chosen)
        solara.Markdown(entry.markdown())


@solara.component
def Refusal(message: str) -> None:
    """The model's message for settings it refuses."""
    with solara.Card(classes=["leadsim-refusal"], margin=0):
        solara.Error(
            f"The model refuses these settings: {message}",
            text=True,
            style={"font-size": "1.2rem"},
        )
        solara.Markdown(
            "Change the setting in the sidebar and press **Reset**. (The seed is a whole number, 0 or more.)"
        )


@solara.component
def Dashboard(model: ClassroomModel) -> None:
    """The main area: readout and "try this", then the live views in two columns."""
    update_counter.get()  # SolaraViz bumps the counter after every step: draw again
    simulation = model.simulation
    key = (model.run_id, model.week)
    with solara.Column(gap="8px"):
        with solara.Columns([2, 1], gutters_dense=True):
            if simulation is None:
                assert model.refusal is not None
                Refusal(model.refusal)
            else:
                Readout(model, key)
            TryThisPanel()
        if simulation is None:
            return
        frame: pd.DataFrame = simulation.dataframe()
        weeks = model.weeks
        with solara.Columns([1, 1], gutters_dense=True):
            View("behaviour", lambda: behaviour_figure(frame, weeks), key)
            View("styles", lambda: style_figure(frame, weeks), key)
        with solara.Columns([1, 1], gutters_dense=True):
            View("clients", lambda: clients_figure(frame, weeks), key)
            View("regimes", lambda: regimes_figure(model.regime_history, weeks), key)
        with solara.Columns([1, 1], gutters_dense=True):
            TeamView(model, key)
            View("professionals", lambda: professionals_figure(frame, weeks), key)


@solara.component
def Page() -> None:
    """The whole page: SolaraViz's frame and controls around the :func:`Dashboard`."""
    first = solara.use_memo(ClassroomModel, dependencies=[])
    model: solara.Reactive[ClassroomModel] = solara.use_reactive(first)
    solara.Title("leadsim classroom")
    solara.Style(_CSS)
    SolaraViz(
        model,
        components=[],
        model_params=model_params(),
        name=TITLE,
        play_interval=PLAY_INTERVAL_MS,
        render_interval=RENDER_INTERVAL,
    )
    Dashboard(model.value)
