"""The page's run controller: one model, one lock, at most one play loop, and what the page shows.

A :class:`Player` belongs to one browser tab. It owns the tab's
:class:`~leadsim.app.session.ClassroomModel` and its :class:`~leadsim.app.figures.LiveViews`,
and everything that touches them (Step, Play, Reset, a live intervention, a new text size)
runs under its lock, so the model never steps while its views are read: the page cannot show a
half-written week.

Playing is one loop (:meth:`Player.play`), run by the page in a thread of its own. It keeps to
the chosen speed in weeks per second, whatever a redraw costs: each turn it steps the model to
the week the clock says it should have reached (one week or more), draws one :class:`Frame`
and hands it to the page. So every week the model runs is shown as it happens (there are no
invisible runs); if drawing is slow, the page shows every second or third week instead of
slowing the model down. Pause clears a flag the loop reads every turn, so it stops within one
turn; when the horizon is reached the loop stops by itself and the last frame says so.

Frames are numbered; the page shows a frame only if it is newer than the one it shows and
belongs to the current model, so a frame drawn just before a Reset cannot overwrite the new run.
The module imports no Solara: it is tested without a browser.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leadsim.app.figures import STANDARD, LiveViews, Look
from leadsim.app.session import LIVE_SETTINGS, ClassroomModel, Intervention
from leadsim.observables import REGIMES
from leadsim.styles import STYLE_KINDS

__all__ = [
    "DEFAULT_SPEED",
    "FASTEST",
    "SPEEDS",
    "Frame",
    "Player",
    "readout_items",
    "status_text",
]

FASTEST = math.inf
"""The speed "as fast as it goes": one week per frame, every week drawn, as fast as the page draws.

(A week of the model takes well under a millisecond, so "as fast as the model goes" would show
only the end of the run.)"""
SPEEDS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, FASTEST)
"""The speeds the page offers, in weeks per second."""
DEFAULT_SPEED = 10.0
_IDLE = 0.01  # seconds to wait when the next week is not yet due
_FRAME_IDS = itertools.count(1)


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


def status_text(model: ClassroomModel, playing: bool) -> str:
    """One line on the state of the run: ready, playing, paused, finished or refused."""
    if model.simulation is None:
        return "Refused: change the setting and press Reset"
    if model.finished:
        return f"Finished at week {model.week}: press Reset for a new run"
    if playing:
        return f"Playing: week {model.week} of {model.weeks}"
    if model.week == 0:
        return "Ready: press ▶ to play or Step for one week"
    return f"Paused at week {model.week} of {model.weeks}"


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """What the page shows at one moment: drawn views, readout and the state of the run.

    Attributes:
        id: Increases with every frame drawn in this process.
        run_id: The model's :attr:`~leadsim.app.session.ClassroomModel.run_id`.
        week: Weeks simulated.
        weeks: The horizon.
        playing: Whether the play loop runs.
        finished: Whether the horizon is reached.
        status: :func:`status_text`.
        refusal: The model's message if it refused the settings, else ``None``.
        readout: :func:`readout_items` (empty if refused).
        images: Each view's PNG, by name (empty if refused).
        interventions: The settings changed during the run.
        live: The current value of each live setting.
        draw_seconds: How long drawing the views took.
    """

    id: int
    run_id: int
    week: int
    weeks: int
    playing: bool
    finished: bool
    status: str
    refusal: str | None
    readout: list[tuple[str, str]] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    interventions: tuple[Intervention, ...] = ()
    live: dict[str, Any] = field(default_factory=dict)
    draw_seconds: float = 0.0


class Player:
    """Steps, plays and draws one classroom model (see the module docstring).

    Args:
        model: The first model.
        look: Text size and palette of the views.
        clock: Seconds, monotonic (tests pass a fake one).
        sleep: Waits a number of seconds (tests pass a fake one).

    Attributes:
        model: The current model (replaced by :meth:`reset`).
        team: The team of the team view (0-based).
        speed: Weeks per second while playing (:data:`SPEEDS`; :data:`FASTEST` for no limit).
    """

    def __init__(
        self,
        model: ClassroomModel | None = None,
        look: Look = STANDARD,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.lock = threading.RLock()
        self.model = model if model is not None else ClassroomModel()
        self.look = look
        self.views = LiveViews(look)
        self.team = 0
        self.speed = DEFAULT_SPEED
        self._clock = clock
        self._sleep = sleep
        self._playing = threading.Event()
        self._publish_lock = threading.Lock()
        self._shown = 0

    # ------------------------------------------------------------------ state
    @property
    def playing(self) -> bool:
        """Whether the play loop runs (or was asked to start)."""
        return self._playing.is_set()

    def frame(self) -> Frame:
        """Draw what the page shows now."""
        with self.lock:
            model = self.model
            playing = self.playing
            images: dict[str, bytes] = {}
            readout: list[tuple[str, str]] = []
            live: dict[str, Any] = {}
            started = time.perf_counter()
            if model.simulation is not None:
                images = self.views.render(model.snapshot(self.team))
                readout = readout_items(model)
                live = {name: model.live_value(name) for name in LIVE_SETTINGS}
            return Frame(
                id=next(_FRAME_IDS),
                run_id=model.run_id,
                week=model.week,
                weeks=model.weeks,
                playing=playing,
                finished=model.finished,
                status=status_text(model, playing),
                refusal=model.refusal,
                readout=readout,
                images=images,
                interventions=tuple(model.interventions),
                live=live,
                draw_seconds=time.perf_counter() - started,
            )

    def is_current(self, frame: Frame) -> bool:
        """Whether a frame may replace the one shown: newer, and of the current model.

        Call it, then show the frame, under :meth:`showing` so that two threads cannot interleave.
        """
        return frame.id > self._shown and frame.run_id == self.model.run_id

    def showing(self, frame: Frame, show: Callable[[Frame], None]) -> bool:
        """Show a frame with ``show`` if it is current (:meth:`is_current`); return whether it was."""
        with self._publish_lock:
            if not self.is_current(frame):
                return False
            self._shown = frame.id
            show(frame)
            return True

    # ------------------------------------------------------------------ actions
    def reset(self, model: ClassroomModel) -> Frame:
        """Stop playing and replace the model (the page builds it from the settings)."""
        self._playing.clear()
        with self.lock:
            self.model = model
            return self.frame()

    def step(self, weeks: int = 1) -> Frame:
        """Simulate ``weeks`` weeks (fewer if the horizon comes first) and draw them."""
        with self.lock:
            for _ in range(weeks):
                if not self.model.running:
                    break
                self.model.step()
            return self.frame()

    def set_look(self, look: Look) -> Frame:
        """Draw the views with another text size or palette from now on."""
        with self.lock:
            if look != self.look:
                self.look = look
                self.views = LiveViews(look)
            return self.frame()

    def set_team(self, team: int) -> Frame:
        """Show another team in the team view (0-based)."""
        with self.lock:
            self.team = team
            return self.frame()

    def intervene(self, name: str, value: Any) -> Frame:
        """Change a live setting of the running model (:meth:`ClassroomModel.intervene`).

        Raises:
            ParameterError: The model refuses the value (its message names field, rule, value).
        """
        with self.lock:
            self.model.intervene(name, value)
            return self.frame()

    def pause(self) -> None:
        """Stop the play loop (it stops within one turn and shows a last frame)."""
        self._playing.clear()

    def start(self) -> bool:
        """Mark the player as playing, before :meth:`play` runs; ``False`` if there is nothing to play."""
        with self.lock:
            if not self.model.running:
                return False
            self._playing.set()
            return True

    def play(self, show: Callable[[Frame], None], cancel: threading.Event | None = None) -> int:
        """Play until paused, cancelled or finished, showing a frame after every turn.

        Args:
            show: Called with each frame (through :meth:`showing`).
            cancel: Stops the loop too when set (the page sets it when the tab goes away).

        Returns:
            The number of frames drawn.
        """
        cancel = cancel or threading.Event()
        if not self.start():
            self.showing(self.frame(), show)
            return 0
        frames = 0
        anchor_time, anchor_week, anchor_speed, run = (
            self._clock(),
            self.model.week,
            self.speed,
            self.model.run_id,
        )
        try:
            while self._playing.is_set() and not cancel.is_set():
                with self.lock:
                    model = self.model
                    if model.run_id != run:  # reset while playing
                        break
                    if not model.running:
                        break
                    if self.speed != anchor_speed:
                        anchor_time, anchor_week, anchor_speed = self._clock(), model.week, self.speed
                    due = self._weeks_due(anchor_time, anchor_week, model)
                    if due > 0:
                        self._advance(model, due)
                        if not model.running:
                            self._playing.clear()
                        frame = self.frame()
                        if due >= self._most_per_frame():  # behind: do not try to catch up later
                            anchor_time, anchor_week = self._clock(), model.week
                if due <= 0:
                    self._sleep(_IDLE)
                    continue
                frames += 1
                self.showing(frame, show)
        finally:
            self._playing.clear()
            self.showing(self.frame(), show)
        return frames

    def _most_per_frame(self) -> int:
        if math.isinf(self.speed):
            return 10**9
        return max(1, math.ceil(self.speed / 2))  # at most half a second of weeks in one frame

    def _weeks_due(self, anchor_time: float, anchor_week: int, model: ClassroomModel) -> int:
        left = model.weeks - model.week
        if math.isinf(self.speed):
            return min(left, 1)
        due = anchor_week + math.floor((self._clock() - anchor_time) * self.speed) - model.week
        return max(0, min(due, left, self._most_per_frame()))

    def _advance(self, model: ClassroomModel, due: int) -> None:
        for _ in range(due):
            model.step()
