"""The classroom page: controls, a readout, the live views and "try this", built with Solara.

The page is leadsim's own (it no longer uses Mesa's SolaraViz frame): one bar of run controls
at the top (Reset, Step, ▶/pause, one speed control in weeks per second, the state of the run,
presentation mode and text size); below it the settings for the next run (sidebar), the
settings that act on the running model ("change now": pressure, scrutiny, peer action
learning, marked on the plots at their week), the readout of the latest week, the "try this"
text of a chosen stylized fact, and six live views. A :class:`leadsim.app.player.Player` per tab
owns the model and its views; playing is its one loop, run in a thread of the page
(``solara.use_thread``), which hands the page a drawn :class:`~leadsim.app.player.Frame` every
turn. Pressing *Reset* builds a new :class:`leadsim.app.session.ClassroomModel` from the
settings; if the model refuses a setting, the page shows the model's message where the views
were.

*Presentation mode* is for a projector: it hides the settings, puts the readout and the two
main views on one screen (1920×1080 or 1280×720) and draws every view in a high-contrast
palette; *text size* enlarges all text, on the page and in the views, up to 2.2 times. The page
is always light (a dark operating system does not turn it dark).

Serve it with ``leadsim app`` (or ``solara run leadsim.app.page``); in a notebook, display
``Page()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, cast

import solara

from leadsim.app.figures import REGIME_COLORS, STYLE_COLORS, Look
from leadsim.app.player import DEFAULT_SPEED, FASTEST, SPEEDS, Frame, Player, readout_items
from leadsim.app.session import CONTROLS, CUSTOM, ClassroomModel, Control
from leadsim.app.tryit import TRY_THIS
from leadsim.errors import LeadsimError

__all__ = [
    "PRESENTATION_VIEWS",
    "TEXT_SIZES",
    "TITLE",
    "Dashboard",
    "Page",
    "readout_items",
    "speed_label",
]

TITLE = "leadsim classroom: drift toward passivity or collaboration"
TEXT_SIZES: tuple[float, ...] = (1.0, 1.4, 1.8, 2.2)
"""The text sizes offered, relative to the standard size."""
PRESENTATION_VIEWS = ("behaviour", "styles")
"""The views presentation mode shows first, beside each other, under the readout."""
_BASE_FONT_PX = 16

_CSS = """
html { font-size: %(font)dpx !important; }
.leadsim-page, .leadsim-page .v-card, .leadsim-page .v-sheet {
  background-color: #ffffff !important; color: #111111 !important;
}
.leadsim-page .v-label, .leadsim-page .v-field-label, .leadsim-page .v-select__selection-text,
.leadsim-page .v-field__input, .leadsim-page .v-selection-control .v-label {
  color: #111111 !important; opacity: 1 !important;
}
.leadsim-page .leadsim-muted { color: #333333 !important; }
.leadsim-page .v-btn { font-size: 1rem; }
.leadsim-page .v-slider .v-label { font-size: 1rem; }
.leadsim-view img { display: block; width: 100%%; height: auto; }
.leadsim-status { font-size: 1.15rem; font-weight: 600; }
.leadsim-finished { color: #006d2c !important; }
.leadsim-sidebar { max-height: calc(100vh - 7rem); overflow-y: auto; }
"""


def speed_label(speed: float) -> str:
    """How the speed control names a speed, e.g. ``10 weeks/s``."""
    if speed == FASTEST:
        return "as fast as it goes"
    return f"{speed:g} week/s" if speed == 1 else f"{speed:g} weeks/s"


_SPEED_LABELS = {speed_label(speed): speed for speed in SPEEDS}


def _scale_label(scale: float) -> str:
    return f"{scale:g}×"


@solara.component
def Readout(frame: Frame, compact: bool = False) -> None:
    """The latest week's numbers as tiles, large enough for the back of a classroom."""
    with (
        solara.Card(classes=["leadsim-readout"], margin=0),
        solara.Row(gap="6px", style={"flex-wrap": "wrap"}),
    ):
        for label, text in frame.readout:
            color = STYLE_COLORS.get(label) or REGIME_COLORS.get(
                label.removeprefix("teams ").replace(" ", "_"), "#444"
            )
            with solara.Column(
                gap="0px",
                classes=["leadsim-stat"],
                style={
                    "min-width": "6.5rem" if not compact else "5.5rem",
                    "padding": "2px 8px",
                    "border-left": f"4px solid {color}",
                },
            ):
                solara.Text(label, classes=["leadsim-muted"], style={"font-size": "0.85rem"})
                solara.Text(text, style={"font-size": "1.35rem", "font-weight": "600"})


@solara.component
def View(name: str, frame: Frame) -> None:
    """One live view as an image."""
    with solara.Card(classes=["leadsim-view", f"leadsim-view-{name}"], margin=0):
        if name in frame.images:
            solara.Image(frame.images[name], format="png", width="100%")


@solara.component
def TeamView(frame: Frame, n_teams: int, team: int, on_team: Callable[[int], None]) -> None:
    """One team's professionals and partner ties, with a choice of team."""
    with solara.Card(classes=["leadsim-view", "leadsim-view-team"], margin=0):
        if n_teams > 1:
            solara.SliderInt(
                f"Team: {team + 1}", value=team + 1, min=1, max=n_teams, on_value=lambda k: on_team(k - 1)
            )
        if "team" in frame.images:
            solara.Image(frame.images["team"], format="png", width="100%")
        solara.Text(
            "Circles: professionals, coloured by the orientation their effort leans to; "
            "square: their manager, coloured by the dominant style; diamonds: partners.",
            classes=["leadsim-muted"],
            style={"font-size": "0.9rem"},
        )


@solara.component
def TryThisPanel() -> None:
    """The "try this" text of one stylized fact, chosen from a list."""
    labels = [f"{entry.fact}: {entry.title}" for entry in TRY_THIS]
    chosen, set_chosen = solara.use_state(labels[0])
    entry = TRY_THIS[labels.index(chosen)]
    with solara.Card("Try this", classes=["leadsim-trythis"], margin=0):
        solara.Select("Stylized fact", value=chosen, values=labels, on_value=set_chosen)
        solara.Markdown(entry.markdown(), style={"font-size": "1rem", "color": "#111111"})


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


def _control(control: Control, value: Any, on_value: Callable[[Any], None]) -> None:
    if control.kind == "float":
        solara.SliderFloat(
            f"{control.label}: {value:.2f}",
            value=value,
            min=control.low or 0.0,
            max=control.high or 1.0,
            step=control.step or 0.05,
            on_value=on_value,
        )
    elif control.kind == "int":
        solara.SliderInt(
            f"{control.label}: {value}",
            value=value,
            min=int(control.low or 0),
            max=int(control.high or 1),
            step=int(control.step or 1),
            on_value=on_value,
        )
    elif control.kind == "bool":
        solara.Checkbox(label=control.label, value=value, on_value=on_value)
    elif control.kind == "choice":
        solara.Select(control.label, value=value, values=list(control.choices), on_value=on_value)
    else:
        solara.InputText(control.label, value=str(value), on_value=on_value)


@solara.component
def Settings(settings: solara.Reactive[dict[str, Any]]) -> None:
    """The settings of the next run (they act when Reset is pressed)."""

    def setter(name: str) -> Callable[[Any], None]:
        return lambda value: settings.set({**settings.value, name: value})

    values = settings.value
    with solara.Card("Settings for the next run", classes=["leadsim-settings"], margin=0):
        solara.Text("They take effect when you press Reset.", classes=["leadsim-muted"])
        for control in CONTROLS:
            if control.name.startswith("intensity_") and values["style"] != CUSTOM:
                continue  # the four intensities only matter for a custom style
            _control(control, values[control.name], setter(control.name))


@solara.component
def ChangeNow(frame: Frame, on_change: Callable[[str, Any], None], error: str | None) -> None:
    """The settings that act on the running model from the next week on (interventions)."""
    disabled = frame.refusal is not None or frame.finished
    live = frame.live
    with solara.Card("Change now", classes=["leadsim-live"], margin=0):
        solara.Text(
            "Acts on the running model from the next week on; marked on the plots at its week.",
            classes=["leadsim-muted"],
        )
        if live:
            with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "center"}):
                with solara.Column(style={"min-width": "14rem", "flex": "1"}):
                    solara.SliderFloat(
                        f"Pressure now: {live['pressure']:.2f}",
                        value=live["pressure"],
                        min=0.0,
                        max=1.0,
                        step=0.05,
                        on_value=lambda v: on_change("pressure", v),
                        disabled=disabled,
                    )
                with solara.Column(style={"min-width": "14rem", "flex": "1"}):
                    solara.SliderFloat(
                        f"Scrutiny now: {live['scrutiny']:.2f}",
                        value=live["scrutiny"],
                        min=0.0,
                        max=1.0,
                        step=0.05,
                        on_value=lambda v: on_change("scrutiny", v),
                        disabled=disabled,
                    )
                solara.Checkbox(
                    label="Peer action learning now",
                    value=bool(live["action_learning"]),
                    on_value=lambda v: on_change("action_learning", v),
                    disabled=disabled,
                )
        if frame.interventions:
            solara.Text(
                "Changed: " + "; ".join(f"week {i.week}: {i.label}" for i in frame.interventions),
                classes=["leadsim-interventions"],
            )
        if error:
            solara.Error(error, text=True, classes=["leadsim-live-error"])


@solara.component
def Dashboard(
    frame: Frame,
    presentation: bool = False,
    team: int = 0,
    on_team: Callable[[int], None] | None = None,
    n_teams: int = 1,
) -> None:
    """The main area: readout and "try this", then the live views in two columns.

    In presentation mode the two main views come right under the readout, and "try this" after
    the views.
    """
    on_team = on_team or (lambda _team: None)
    with solara.Column(gap="8px"):
        if frame.refusal is not None:
            Refusal(frame.refusal)
            TryThisPanel()
            return
        if presentation:
            Readout(frame, compact=True)
            with solara.Columns([1, 1], gutters_dense=True):
                for name in PRESENTATION_VIEWS:
                    View(name, frame)
        else:
            with solara.Columns([2, 1], gutters_dense=True):
                Readout(frame)
                TryThisPanel()
            with solara.Columns([1, 1], gutters_dense=True):
                View("behaviour", frame)
                View("styles", frame)
        with solara.Columns([1, 1], gutters_dense=True):
            View("clients", frame)
            View("regimes", frame)
        with solara.Columns([1, 1], gutters_dense=True):
            TeamView(frame, n_teams, team, on_team)
            View("professionals", frame)
        if presentation:
            TryThisPanel()


@solara.component
def Page() -> None:
    """The whole page (see the module docstring)."""
    player: Player = solara.use_memo(Player, dependencies=[])
    first = solara.use_memo(player.frame, dependencies=[])
    frame = solara.use_reactive(first)
    settings = solara.use_reactive({control.name: control.value for control in CONTROLS})
    presentation = solara.use_reactive(False)
    scale = solara.use_reactive(1.0)
    speed = solara.use_reactive(DEFAULT_SPEED)
    plays = solara.use_reactive(0)
    team = solara.use_reactive(0)
    live_error: solara.Reactive[str | None] = solara.use_reactive(cast(str | None, None))

    def show(new: Frame) -> None:
        player.showing(new, frame.set)

    def loop(cancel: threading.Event) -> None:
        if plays.value:
            player.play(frame.set, cancel)  # the player shows each frame through ``showing``

    # The play loop: one thread, restarted by every press of ▶ (a new value of ``plays``); Pause
    # and Reset stop it through the player, leaving the tab cancels it.
    solara.use_thread(loop, dependencies=[plays.value], intrusive_cancel=False)

    def reset() -> None:
        live_error.set(None)
        show(player.reset(ClassroomModel(**settings.value)))

    def step() -> None:
        show(player.step(1))

    def play_pause() -> None:
        if player.playing:
            player.pause()
            show(player.frame())
        elif player.start():
            show(player.frame())
            plays.set(plays.value + 1)

    def set_speed(label: str) -> None:
        speed.set(_SPEED_LABELS[label])
        player.speed = _SPEED_LABELS[label]

    def set_look(new_scale: float, new_presentation: bool) -> None:
        scale.set(new_scale)
        presentation.set(new_presentation)
        show(player.set_look(Look(scale=new_scale, contrast=new_presentation)))

    def set_team(new: int) -> None:
        team.set(new)
        show(player.set_team(new))

    def change_now(name: str, value: Any) -> None:
        try:
            new = player.intervene(name, value)
        except LeadsimError as exc:  # the model's own message: field, rule, value
            live_error.set(f"The model refuses this change: {exc}")
            return
        live_error.set(None)
        show(new)

    current = frame.value
    playing = current.playing
    n_teams = player.model.simulation.state.managers.n if player.model.simulation is not None else 1
    solara.Title("leadsim classroom")
    solara.Style(_CSS % {"font": round(_BASE_FONT_PX * scale.value)})
    with solara.Column(classes=["leadsim-page"], style={"padding": "8px 12px", "min-height": "100vh"}):
        with solara.Row(
            gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}, classes=["leadsim-bar"]
        ):
            solara.Text(TITLE, style={"font-size": "1.3rem", "font-weight": "700"})
            solara.Button("Reset", color="primary", on_click=reset)
            solara.Button(
                "Step",
                color="primary",
                on_click=step,
                disabled=playing or current.finished or current.refusal is not None,
            )
            solara.Button(
                "❚❚ Pause" if playing else "▶",
                color="primary",
                on_click=play_pause,
                disabled=not playing and (current.finished or current.refusal is not None),
            )
            with solara.Column(style={"width": "13rem"}):
                solara.Select(
                    "Speed", value=speed_label(speed.value), values=list(_SPEED_LABELS), on_value=set_speed
                )
            solara.Text(
                current.status,
                classes=["leadsim-status", *(["leadsim-finished"] if current.finished else [])],
            )
            solara.Switch(
                label="Presentation mode",
                value=presentation.value,
                on_value=lambda on: set_look(scale.value, on),
            )
            with solara.Column(style={"width": "8rem"}):
                solara.Select(
                    "Text size",
                    value=_scale_label(scale.value),
                    values=[_scale_label(s) for s in TEXT_SIZES],
                    on_value=lambda label: set_look(float(label.rstrip("×")), presentation.value),
                )
        if current.finished:
            solara.Success(
                f"The run is finished (week {current.week} of {current.weeks}): press Reset for a new run.",
                text=True,
                classes=["leadsim-end"],
            )
        with solara.Row(gap="12px", style={"align-items": "flex-start"}):
            if not presentation.value:
                with solara.Column(classes=["leadsim-sidebar"], style={"width": "22rem", "flex": "none"}):
                    ChangeNow(current, change_now, live_error.value)
                    Settings(settings)
            with solara.Column(style={"flex": "1", "min-width": "0"}):
                Dashboard(current, presentation.value, team.value, set_team, n_teams)
                if presentation.value:  # under the main views, which must fit on the screen
                    ChangeNow(current, change_now, live_error.value)
