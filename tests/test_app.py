"""The classroom page's logic, without a browser: controls, refusals, views, texts, command line.

The page itself is tested in a real browser by ``test_app_browser.py``.
"""

from __future__ import annotations

import inspect
import re
import socket
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from leadsim import LeadershipModel
from leadsim.app import cli as app_cli
from leadsim.app import figures
from leadsim.app.player import FASTEST, SPEEDS, Frame, Player
from leadsim.app.session import (
    ADAPTIVE,
    CONTROLS,
    CUSTOM,
    ClassroomModel,
    Intervention,
    model_kwargs,
    model_params,
    parse_seed,
)
from leadsim.app.tryit import TRY_THIS, try_this
from leadsim.cli import main
from leadsim.errors import ParameterError
from leadsim.observables import REGIMES
from leadsim.parameters import PARAMETERS, defaults
from leadsim.styles import STYLE_KINDS, STYLE_NAMES

SMALL = {"n_teams": 2, "team_size": 3}


def custom(**intensities: float) -> dict[str, float]:
    return {f"intensity_{kind}": value for kind, value in intensities.items()}


# ---------------------------------------------------------------------------- controls
def test_sliders_stay_inside_the_parameter_ranges():
    for control in CONTROLS:
        if control.parameter is None or control.kind not in ("float", "int"):
            continue
        spec = PARAMETERS[control.parameter]
        assert spec.low is not None and spec.high is not None
        assert spec.low <= control.low <= control.value <= control.high <= spec.high, control.name
        assert control.value == defaults()[control.parameter], control.name
        assert control.doc == spec.doc


def test_choices_follow_the_model():
    by_name = {control.name: control for control in CONTROLS}
    for name in ("pressure_scenario", "support_form", "compensation_form", "learning_form"):
        assert by_name[name].choices == PARAMETERS[name].choices, name
        assert by_name[name].value == defaults()[name], name
    assert "cycle" in by_name["pressure_scenario"].choices
    assert by_name["attention_budget"].kind == "bool"
    assert by_name["attention_budget"].value == defaults()["attention_budget"]
    assert by_name["style"].choices == (ADAPTIVE, *STYLE_NAMES, CUSTOM)
    assert "laissez_faire" in by_name["style"].choices
    assert CUSTOM == "custom intensities"


def test_intensity_sliders_span_zero_to_one_with_no_sum_rule():
    by_name = {control.name: control for control in CONTROLS}
    for kind in STYLE_KINDS:
        slider = by_name[f"intensity_{kind}"]
        assert (slider.kind, slider.low, slider.high) == ("float", 0.0, 1.0)
        assert slider.label == f"Intensity: {kind}"
    assert "sum" not in by_name["style"].doc and "intensit" in by_name["style"].doc


def test_model_params_are_accepted_by_solaraviz():
    from mesa.visualization.solara_viz import _check_model_params, split_model_params

    params = model_params()
    assert list(params) == [control.name for control in CONTROLS]
    _check_model_params(ClassroomModel.__init__, params)
    adjustable, fixed = split_model_params(params)
    assert fixed == {} and set(adjustable) == set(params)
    for spec in params.values():
        assert spec["type"] in {"SliderFloat", "SliderInt", "Select", "Checkbox", "InputText"}


def test_every_control_is_a_keyword_of_the_classroom_model():
    signature = inspect.signature(ClassroomModel.__init__).parameters
    for control in CONTROLS:
        assert control.name in signature
        assert signature[control.name].default == control.value or control.name == "seed"


# ---------------------------------------------------------------------------- translation
def test_styles_translate_to_the_model_keywords():
    base = {control.name: control.value for control in CONTROLS}
    kwargs, seed = model_kwargs(base)
    assert kwargs["style"] is None and seed == 42
    kwargs, _ = model_kwargs({**base, "style": "accountable"})
    assert kwargs["style"] == "accountable"
    intensities = custom(hierarchical=0.1, supportive=0.2, accountable=0.3, visionary=0.4)
    kwargs, _ = model_kwargs({**base, "style": CUSTOM, **intensities})
    assert kwargs["style"] == {"hierarchical": 0.1, "supportive": 0.2, "accountable": 0.3, "visionary": 0.4}


def test_submodel_switches_reach_the_model():
    base = {control.name: control.value for control in CONTROLS}
    switches = {
        "support_form": "comfort",
        "compensation_form": "coupled",
        "attention_budget": False,
        "learning_form": "restore",
    }
    kwargs, _ = model_kwargs({**base, **switches})
    assert {name: kwargs[name] for name in switches} == switches
    model = ClassroomModel(**switches, **SMALL)
    assert model.simulation is not None
    assert {name: model.simulation.parameters[name] for name in switches} == switches


def test_intensities_need_not_sum_to_anything():
    for value in (0.0, 0.9, 1.0):
        model = ClassroomModel(style=CUSTOM, **custom(**dict.fromkeys(STYLE_KINDS, value)), **SMALL)
        assert model.refusal is None, model.refusal
        assert model.simulation is not None
        np.testing.assert_allclose(model.simulation.state.managers.style, value)


def test_intensities_are_ignored_unless_custom():
    model = ClassroomModel(style="supportive", **custom(hierarchical=0.9), **SMALL)
    assert model.refusal is None
    assert model.simulation is not None and model.simulation.parameters["style"] == "supportive"


@pytest.mark.parametrize(("text", "value"), [("7", 7), (" 12 ", 12), (0, 0), (123, 123)])
def test_seed_parses(text, value):
    assert parse_seed(text) == value


@pytest.mark.parametrize("text", ["", "abc", "-1", "1.5", -3, True, 2.0, "١٢"])
def test_bad_seeds_are_refused(text):
    with pytest.raises(ParameterError, match="'seed' must be a non-negative integer"):
        parse_seed(text)


# ---------------------------------------------------------------------------- the model
def test_classroom_model_runs_and_records_regimes():
    model = ClassroomModel(weeks=5, **SMALL)
    assert model.refusal is None and model.running
    assert isinstance(model.simulation, LeadershipModel)
    assert model.week == 0 and model.regime_history.shape == (1, 2)
    for _ in range(5):
        model.step()
    assert model.week == 5 and model.time == 5
    assert not model.running  # the horizon is reached: Play stops
    model.step()
    assert model.week == 5
    history = model.regime_history
    assert history.shape == (6, 2)
    assert set(np.unique(history)) <= set(range(len(REGIMES)))
    assert [REGIMES[i] for i in history[-1]] == model.simulation.team_regimes()


def test_same_settings_same_run():
    a, b = ClassroomModel(seed="3", **SMALL), ClassroomModel(seed=3, **SMALL)
    for _ in range(4):
        a.step()
        b.step()
    assert a.simulation is not None and b.simulation is not None
    assert a.simulation.dataframe().equals(b.simulation.dataframe())
    assert a.run_id != b.run_id


def test_an_intensity_out_of_range_is_refused_with_the_models_message():
    intensities = custom(hierarchical=1.2, supportive=0.3, accountable=0.3, visionary=0.1)
    model = ClassroomModel(style=CUSTOM, **intensities)
    with pytest.raises(ParameterError) as refused:
        LeadershipModel(style={kind: intensities[f"intensity_{kind}"] for kind in STYLE_KINDS})
    assert model.refusal == str(refused.value)
    assert model.refusal == "\"style['hierarchical']\" must be an intensity in [0, 1] (got 1.2)"
    assert model.simulation is None and model.seed is None and not model.running
    model.step()  # refused: nothing happens, nothing raises
    assert model.week == 0 and model.regime_history.shape == (0, 0)


def test_a_seed_that_is_not_a_number_is_refused_with_its_message():
    model = ClassroomModel(seed="forty-two", **SMALL)
    with pytest.raises(ParameterError) as refused:
        parse_seed("forty-two")
    assert model.refusal == str(refused.value)
    assert model.refusal == "'seed' must be a non-negative integer (got 'forty-two')"
    assert model.simulation is None and not model.running


def test_an_unknown_submodel_is_refused_with_the_models_message():
    model = ClassroomModel(support_form="laissez_faire", **SMALL)
    assert model.refusal is not None and "'support_form'" in model.refusal
    assert "resource" in model.refusal and "'laissez_faire'" in model.refusal


def test_bad_seed_and_out_of_range_values_are_refused():
    assert "'seed' must be a non-negative integer" in (ClassroomModel(seed="x").refusal or "")
    assert "'pressure' must be in [0, 1]" in (ClassroomModel(pressure=1.5).refusal or "")
    assert "'weeks'" in (ClassroomModel(weeks=0).refusal or "")
    assert "'team_size'" in (ClassroomModel(team_size=0).refusal or "")


# ---------------------------------------------------------------------------- views
@pytest.fixture(scope="module")
def ran():
    model = ClassroomModel(weeks=8, **SMALL)
    for _ in range(6):
        model.step()
    return model


@pytest.mark.parametrize(
    "draw",
    [
        figures.behaviour_figure,
        figures.style_figure,
        figures.clients_figure,
        figures.professionals_figure,
    ],
)
def test_time_series_views_draw(ran, draw):
    figure = draw(ran.simulation.dataframe(), ran.weeks)
    assert isinstance(figure, Figure)
    svg = figures.to_svg(figure)
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg


def test_regime_and_team_views_draw(ran):
    assert b"<svg" in figures.to_svg(figures.regimes_figure(ran.regime_history, ran.weeks))
    for team in range(2):
        figure = figures.team_figure(ran.simulation, team)
        text = figures.to_svg(figure).decode()
        assert f"Team {team + 1}:" in text  # the title names the team and its regime
    empty = figures.regimes_figure(np.zeros((0, 0), dtype=np.int64), 10)
    assert isinstance(empty, Figure)


def test_readout_names_the_week_and_every_regime(ran):
    from leadsim.app.player import readout_items

    items = dict(readout_items(ran))
    assert items["week"] == "6 of 8"
    assert sum(int(items[f"teams {r.replace('_', ' ')}"]) for r in REGIMES) == 2
    assert items["pressure"] == f"{ran.simulation.metrics_now['pressure']:.2f}"


def test_page_renders_views_or_the_refusal():
    import ipyvuetify
    import solara

    from leadsim.app.page import Dashboard

    frame = Player(ClassroomModel(**SMALL)).frame()
    _box, rc = solara.render(Dashboard(frame), handle_error=False)
    texts = " ".join(str(getattr(w, "children", "")) for w in rc.find().widgets)
    assert "week" in texts and "0 of 156" in texts
    rc.close()

    refused = Player(ClassroomModel(seed="abc", **SMALL)).frame()
    assert refused.images == {} and refused.readout == []
    _box, rc = solara.render(Dashboard(refused), handle_error=False)
    alerts = rc.find(ipyvuetify.Alert)
    assert alerts.widgets, "the refusal is shown as an alert"
    assert any("'seed' must be a non-negative integer (got 'abc')" in str(w.children) for w in alerts.widgets)
    rc.close()


def test_the_page_shows_custom_intensities_only_for_a_custom_style():
    import ipyvuetify
    import solara

    from leadsim.app.page import Settings

    def labels(style: str) -> list[str]:
        settings = solara.reactive({control.name: control.value for control in CONTROLS} | {"style": style})
        _box, rc = solara.render(Settings(settings), handle_error=False)
        found = [str(w.label) for w in rc.find(ipyvuetify.Slider).widgets]
        rc.close()
        return found

    assert not any(label.startswith("Intensity") for label in labels(ADAPTIVE))
    shown = [label for label in labels(CUSTOM) if label.startswith("Intensity")]
    assert shown == [f"Intensity: {kind}: 0.50" for kind in STYLE_KINDS]
    assert "Pressure: 0.50" in labels(ADAPTIVE)  # every slider shows its value, not only while dragged


# ---------------------------------------------------------------------------- live views
def test_live_views_match_the_one_off_figures_and_mark_interventions(ran):
    views = figures.LiveViews()
    snapshot = ran.snapshot(team=1)
    images = views.render(snapshot)
    assert set(images) == set(figures.VIEW_NAMES)
    for name, png in images.items():
        assert png.startswith(b"\x89PNG"), name
    again = views.render(snapshot)  # from the cached background: the same pixels
    assert again == images
    # the one-off figure of a view is the same drawing, with every axis labelled
    figure = figures.behaviour_figure(ran.simulation.dataframe(), ran.weeks)
    for ax in figure.axes:
        assert ax.get_xlabel() == "week" and ax.get_ylabel(), ax.get_title()
    for make in (figures.clients_figure, figures.style_figure, figures.professionals_figure):
        for ax in make(ran.simulation.dataframe(), ran.weeks).axes:
            assert ax.get_xlabel() == "week" and ax.get_ylabel(), ax.get_title()
    marked = figures.Snapshot(
        snapshot.week,
        snapshot.weeks,
        snapshot.series,
        snapshot.regimes,
        snapshot.team,
        (figures.Mark(3, "pressure"),),
    )
    changed = views.render(marked)
    assert changed["behaviour"] != images["behaviour"], "an intervention is marked on the plot"
    assert changed["team"] == images["team"], "the team view has no time axis to mark"


def test_legends_sit_outside_the_data():
    model = ClassroomModel(weeks=8, **SMALL)
    for _ in range(8):
        model.step()
    views = figures.LiveViews(figures.Look(scale=1.8, contrast=True))
    views.render(model.snapshot())
    for name, view in views.views.items():
        renderer = view.canvas.get_renderer()
        for ax in view.figure.axes:
            legend = ax.get_legend()
            if legend is None or name == "team":
                continue
            box, area = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
            assert box.y1 <= area.y0 + 1, (name, "legend overlaps the axes")
        picture = view.figure.get_tightbbox(renderer)
        assert picture is not None
        assert picture.x0 >= -0.02 and picture.y0 >= -0.02, (name, "something is cut off")
        assert (
            picture.x1 <= view.figure.bbox_inches.x1 + 0.02
            and picture.y1 <= view.figure.bbox_inches.y1 + 0.02
        ), name


def test_high_contrast_darkens_the_palette():
    assert figures.HIGH_CONTRAST.color("#c44e52") != "#c44e52"
    assert figures.STANDARD.color("#c44e52") == "#c44e52"
    assert figures.HIGH_CONTRAST.line_width > figures.STANDARD.line_width


# ---------------------------------------------------------------------------- interventions
def test_an_intervention_acts_from_the_next_week_and_is_kept():
    model = ClassroomModel(weeks=20, **SMALL)
    twin = ClassroomModel(weeks=20, **SMALL)
    for _ in range(3):
        model.step()
        twin.step()
    change = model.intervene("pressure", 0.9)
    assert change == Intervention(3, "pressure", 0.5, 0.9) and change.label == "pressure 0.50→0.90"
    assert model.simulation is not None and twin.simulation is not None
    assert model.simulation.current_pressure == 0.5  # this week is done
    model.step()
    twin.step()
    assert model.simulation.current_pressure == 0.9 and twin.simulation.current_pressure == 0.5
    assert model.simulation.parameters["pressure"] == 0.5  # the run's starting values are kept
    assert [m.week for m in model.snapshot().marks] == [3]


def test_scrutiny_changed_mid_run_reaches_the_weekly_stages():
    """The stages cache packed coefficients on the namespace; the intervention must drop them."""
    changed, started_high = ClassroomModel(scrutiny=0.1, **SMALL), ClassroomModel(scrutiny=0.9, **SMALL)
    changed.intervene("scrutiny", 0.9)  # at week 0: from then on the same as a run started at 0.9
    for _ in range(6):
        changed.step()
        started_high.step()
    assert changed.simulation is not None and started_high.simulation is not None
    assert changed.simulation.dataframe().equals(started_high.simulation.dataframe())


def test_moving_a_live_slider_twice_in_one_week_is_one_intervention():
    model = ClassroomModel(**SMALL)
    model.step()
    model.intervene("pressure", 0.7)
    model.intervene("pressure", 0.8)
    assert model.interventions == [Intervention(1, "pressure", 0.5, 0.8)]
    assert model.intervene("pressure", 0.5) is None and model.interventions == []
    model.intervene("action_learning", True)
    assert model.interventions[-1].label == "action learning on"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("pressure", 1.5, "'pressure' must be in [0, 1] (got 1.5)"),
        ("scrutiny", -0.1, "'scrutiny' must be in [0, 1] (got -0.1)"),
        ("team_size", 3, "'setting' must be one of pressure, scrutiny, action_learning"),
    ],
)
def test_a_refused_intervention_says_field_rule_and_value(name, value, message):
    model = ClassroomModel(**SMALL)
    with pytest.raises(ParameterError) as refused:
        model.intervene(name, value)
    assert str(refused.value).startswith(message)
    assert model.interventions == []


def test_a_refused_model_cannot_be_changed():
    model = ClassroomModel(seed="x", **SMALL)
    with pytest.raises(ParameterError, match="'pressure' cannot change: the settings were refused"):
        model.intervene("pressure", 0.9)


# ---------------------------------------------------------------------------- the play loop
class FakeClock:
    """A clock that advances only when the player waits, or by a fixed cost per call."""

    def __init__(self, cost: float = 0.0) -> None:
        self.now = 0.0
        self.cost = cost

    def __call__(self) -> float:
        self.now += self.cost
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_play_keeps_to_the_speed_and_shows_every_turn():
    clock = FakeClock()
    player = Player(ClassroomModel(weeks=40, **SMALL), clock=clock, sleep=clock.sleep)
    player.speed = 10.0
    shown: list[Frame] = []
    frames = player.play(shown.append)
    assert player.model.week == 40 and not player.playing
    assert shown[-1].finished and shown[-1].status == "Finished at week 40: press Reset for a new run"
    weeks = [frame.week for frame in shown]
    assert weeks == sorted(weeks) and weeks[:3] == [1, 2, 3]  # one week a turn: nothing invisible
    assert frames == 40 and clock.now == pytest.approx(4.0, abs=0.05)  # 40 weeks at 10 a second


def test_play_catches_up_when_drawing_is_slow():
    clock = FakeClock(cost=0.05)  # every look at the clock costs 50 ms: a slow machine
    player = Player(ClassroomModel(weeks=40, **SMALL), clock=clock, sleep=clock.sleep)
    player.speed = 20.0
    shown: list[Frame] = []
    player.play(shown.append)
    steps = np.diff([frame.week for frame in shown if not frame.finished])
    assert shown[-1].week == 40 and steps.max() > 1  # several weeks per frame, at the chosen speed


def test_pause_stops_the_loop_within_one_turn():
    clock = FakeClock()
    player = Player(ClassroomModel(**SMALL), clock=clock, sleep=clock.sleep)
    shown: list[Frame] = []

    def show(frame: Frame) -> None:
        shown.append(frame)
        if frame.week >= 3:
            player.pause()

    player.play(show)
    assert not player.playing and player.model.week == 3
    assert shown[-1].status == f"Paused at week {player.model.week} of 156"
    assert shown[-1].week == player.model.week


def test_a_frame_of_an_old_run_is_not_shown_after_reset():
    player = Player(ClassroomModel(**SMALL))
    old = player.step(2)
    new = player.reset(ClassroomModel(**SMALL))
    shown: list[Frame] = []
    assert player.showing(new, shown.append)
    assert not player.showing(old, shown.append)  # drawn before the reset
    assert shown == [new] and new.week == 0 and new.status.startswith("Ready")


def test_play_does_nothing_when_finished_or_refused():
    for model in (ClassroomModel(seed="x", **SMALL), ClassroomModel(weeks=1, **SMALL)):
        model.step()
        player = Player(model)
        shown: list[Frame] = []
        assert player.play(shown.append) == 0 and not player.playing
        assert len(shown) == 1


def test_threads_cannot_tear_a_frame():
    """Step from one thread while another plays: every frame's series have one length per week."""
    player = Player(ClassroomModel(weeks=60, **SMALL))
    player.speed = FASTEST
    frames: list[Frame] = []
    worker = threading.Thread(target=player.play, args=(frames.append,))
    worker.start()
    for _ in range(10):
        frames.append(player.step(1))
    worker.join(60)
    assert not worker.is_alive()
    for frame in frames:
        assert frame.readout[0] == ("week", f"{frame.week} of 60")


def test_speed_labels():
    from leadsim.app.page import speed_label

    assert [speed_label(s) for s in SPEEDS] == [
        "1 week/s",
        "2 weeks/s",
        "5 weeks/s",
        "10 weeks/s",
        "20 weeks/s",
        "50 weeks/s",
        "as fast as it goes",
    ]


# ---------------------------------------------------------------------------- try this
def test_try_this_covers_every_stylized_fact_in_order():
    assert [entry.fact for entry in TRY_THIS] == [f"SF{i}" for i in range(1, 11)]
    for entry in TRY_THIS:
        text = entry.markdown()
        for part in ("**Set:**", "**Watch:**", "**Ask:**", entry.fact):
            assert part in text
    assert try_this("sf3").title.startswith("Supportive")
    with pytest.raises(KeyError, match="SF11"):
        try_this("SF11")


def test_try_this_names_only_controls_the_page_has():
    labels = {control.label.lower() for control in CONTROLS}
    phrases = (
        "pressure",
        "reflection",
        "vision co-creation",
        "scrutiny",
        "theory of change",
        "visibility",
        "peer action learning",
        "attention budget",
        "compensation",
        "support acts as",
        "action learning changes",
    )
    for phrase in phrases:
        assert phrase in labels, phrase
    choices = {choice for control in CONTROLS for choice in control.choices}
    for entry in TRY_THIS:
        for named in re.findall(r"\*([a-z_ ]+)\*", entry.setting):
            assert named in choices, (entry.fact, named)
        text = entry.markdown().lower()
        assert "weight" not in text and "share" not in text, entry.fact


# What each "try this" text says the page shows (seed 42, the page's defaults, week 156). Each
# entry: the settings of the arms, and (metric, arm, arm, relation, number in the text or None)
# where the number, if any, is what the text quotes for the first arm and second arm.
_ADAPTIVE_LOW = {"reflection": 0.1}
_CLAIMS = {
    "SF1": (
        {
            "low": {**_ADAPTIVE_LOW, "pressure": 0.2},
            "high": {**_ADAPTIVE_LOW, "pressure": 0.9},
            "reflective": {"reflection": 0.7, "pressure": 0.9},
        },
        [
            ("style_hierarchical", "low", "high", "<", (0.61, 0.75)),
            ("style_hierarchical", "reflective", "high", "<", (0.69, 0.75)),
        ]
        + [(f"style_{k}", "high", "low", "<", None) for k in ("supportive", "accountable", "visionary")],
    ),
    "SF2": (
        {
            "low": {**_ADAPTIVE_LOW, "pressure": 0.2},
            "high": {**_ADAPTIVE_LOW, "pressure": 0.9},
            "low_nobudget": {**_ADAPTIVE_LOW, "pressure": 0.2, "attention_budget": False},
            "high_nobudget": {**_ADAPTIVE_LOW, "pressure": 0.9, "attention_budget": False},
            "low_coupled": {
                **_ADAPTIVE_LOW,
                "pressure": 0.2,
                "attention_budget": False,
                "compensation_form": "coupled",
            },
            "high_coupled": {
                **_ADAPTIVE_LOW,
                "pressure": 0.9,
                "attention_budget": False,
                "compensation_form": "coupled",
            },
        },
        [
            ("style_supportive", "high", "low", "<", (0.43, 0.50)),
            ("style_supportive", "low_nobudget", "high_nobudget", "~", (0.50, 0.52)),
            ("style_supportive", "low_coupled", "high_coupled", "<", (0.54, 0.62)),
        ],
    ),
    "SF3": (
        {
            "accountable": {"style": "accountable"},
            "supportive": {"style": "supportive"},
            "laissez_faire": {"style": "laissez_faire"},
            "comfort": {"style": "supportive", "support_form": "comfort"},
        },
        [
            ("passivity", "accountable", "supportive", "<", (0.42, 0.54)),
            ("wellbeing", "accountable", "supportive", "<", (0.68, 0.81)),
            ("passivity", "supportive", "laissez_faire", "<", (0.54, 0.70)),
            ("wellbeing", "laissez_faire", "supportive", "<", (0.49, 0.81)),
            ("passivity", "supportive", "comfort", "<", (0.54, 0.62)),
            ("role_ambiguity", "supportive", "comfort", "<", None),
        ],
    ),
    "SF4": (
        {
            name: {"style": name}
            for name in ("hierarchical", "supportive", "accountable", "visionary", "balanced")
        }
        | {"all_high": {"style": CUSTOM, **custom(**dict.fromkeys(STYLE_KINDS, 0.9))}},
        [
            ("passivity", "accountable", other, "<", None)
            for other in ("hierarchical", "supportive", "visionary", "balanced")
        ]
        + [
            ("collaboration", other, "accountable", "<", None)
            for other in ("hierarchical", "supportive", "visionary", "balanced")
        ]
        + [
            ("passivity", "accountable", "hierarchical", "<", (0.42, 0.66)),
            ("collaboration", "hierarchical", "accountable", "<", (0.09, 0.25)),
            ("passivity", "all_high", "accountable", "<", (0.33, 0.42)),
        ],
    ),
    "SF5": (
        {
            "imposed": {"style": "visionary", "co_creation": 0.0},
            "co_created": {"style": "visionary", "co_creation": 1.0},
        },
        [
            ("role_ambiguity", "co_created", "imposed", "<", (0.25, 0.44)),
            ("passivity", "co_created", "imposed", "<", (0.40, 0.61)),
        ],
    ),
    "SF6": (
        {"without": {"theory_of_change": 0.0}, "with": {"theory_of_change": 1.0}},
        [
            ("style_hierarchical", "with", "without", "<", (0.58, 0.67)),
            ("style_accountable", "without", "with", "<", None),
            ("style_visionary", "without", "with", "<", None),
            ("collaboration", "without", "with", "<", (0.17, 0.25)),
        ],
    ),
    "SF7": (
        {"low": {"scrutiny": 0.1}, "high": {"scrutiny": 0.9}},
        [("innovation", "high", "low", "<", (0.06, 0.11)), ("type_managerial", "high", "high", "=1", None)],
    ),
    "SF8": (
        {"defaults": {}, "visible": {"visibility": 1.0}, "learning": {"action_learning": True}},
        [
            ("perception_gap", "visible", "defaults", "<", (0.08, 0.17)),
            ("perception_gap", "learning", "defaults", "<", (0.06, 0.17)),
        ],
    ),
    "SF9": (
        {"low": {"pressure": 0.2}, "high": {"pressure": 0.9}},
        [
            ("client_understood", "high", "low", "<", (0.34, 0.54)),
            ("client_respected", "high", "low", "<", (0.78, 0.83)),
        ],
    ),
    "SF10": (
        {
            "off": {"pressure": 0.8},
            "on": {"pressure": 0.8, "action_learning": True},
            "restore": {"pressure": 0.8, "action_learning": True, "learning_form": "restore"},
        },
        [
            ("passivity", "on", "off", "<", (0.23, 0.56)),
            ("passivity", "restore", "off", "<", (0.41, 0.56)),
            ("passivity", "on", "restore", "<", None),
            ("regime_compliant", "restore", "restore", "=1", None),
            ("collaborative_teams", "on", "on", ">half", None),
        ],
    ),
}


def _end_of_page_run(settings: dict) -> dict[str, float]:
    model = ClassroomModel(**settings)
    assert model.refusal is None, model.refusal
    while model.running:
        model.step()
    assert model.simulation is not None and model.week == 156
    metrics = dict(model.simulation.metrics_now)
    metrics["collaborative_teams"] = metrics["regime_coproducing"] + metrics["regime_connective"]
    return metrics


@pytest.mark.parametrize("fact", list(_CLAIMS))
def test_try_this_texts_say_what_the_page_shows(fact):
    arms, claims = _CLAIMS[fact]
    end = {name: _end_of_page_run(settings) for name, settings in arms.items()}
    text = try_this(fact).watch
    for metric, first, second, relation, quoted in claims:
        a, b = end[first][metric], end[second][metric]
        if relation == "<":
            assert a < b, (fact, metric, first, a, second, b)
        elif relation == "~":
            assert abs(a - b) < 0.03, (fact, metric, first, a, second, b)
        elif relation == "=1":
            assert a == pytest.approx(1.0), (fact, metric, first, a)
        elif relation == ">half":
            assert a > 0.5, (fact, metric, first, a)
        if quoted is not None:
            for value, number in zip((a, b), quoted, strict=True):
                assert abs(value - number) <= 0.006, (fact, metric, value, number)
                assert f"{number:.2f}" in text, (fact, number)

    # the first-half-year claim of SF10: the hierarchical line climbs as without learning at first
    if fact == "SF10":

        def hierarchical(settings: dict) -> pd.Series:
            model = ClassroomModel(**settings, weeks=52)
            while model.running:
                model.step()
            assert model.simulation is not None
            return model.simulation.dataframe()["style_hierarchical"]

        on, off = hierarchical(arms["on"]), hierarchical(arms["off"])
        assert on.loc[26] > on.loc[0] and abs(on.loc[26] - off.loc[26]) < 0.05
        assert on.loc[52] < on.loc[26] and on.loc[52] < off.loc[52] - 0.1
        # docs/teaching.md, lesson 1: the red line ends near 0; three teams coproducing, two connective
        assert end["on"]["style_hierarchical"] < 0.05
        n_teams = defaults()["n_teams"]
        assert round(end["on"]["regime_coproducing"] * n_teams) == 3
        assert round(end["on"]["regime_connective"] * n_teams) == 2


def test_the_lesson_plan_table_is_what_the_page_shows():
    """docs/teaching.md, lesson 2: the end values of each named style at seed 42, week 156."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "teaching.md").read_text(encoding="utf-8")
    rows: list[tuple[str, str, str, str]] = re.findall(
        r"^\s*\| (\w+) \| (0\.\d\d) \| (0\.\d\d) \| (0\.\d\d) \|$", text, flags=re.M
    )
    assert [row[0] for row in rows] == list(STYLE_NAMES)  # every named style, in the model's order
    for style, *numbers in rows:
        end = _end_of_page_run({"style": style})
        for metric, number in zip(("passivity", "wellbeing", "collaboration"), numbers, strict=True):
            assert abs(end[metric] - float(number)) <= 0.006, (style, metric, end[metric], number)
    # lesson 2: more support lowers passivity (custom intensities 0.3 everywhere, then supportive 0.8)
    low = _end_of_page_run({"style": CUSTOM, **custom(**dict.fromkeys(STYLE_KINDS, 0.3))})["passivity"]
    assert abs(low - 0.61) <= 0.006 and "(passivity 0.61)" in text
    assert {row[0]: row[1] for row in rows}["supportive"] == "0.54" and "*supportive* profile: 0.54" in text


# ---------------------------------------------------------------------------- command line
def test_app_help(capsys):
    assert main(["app", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--port" in out and "127.0.0.1" in out


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_bad_ports_are_usage_errors(port, capsys):
    assert main(["app", "--port", port]) == 2
    assert "--port" in capsys.readouterr().err


def test_missing_app_extra_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setattr(app_cli, "missing_requirement", lambda: "solara")
    assert main(["app"]) == 2
    err = capsys.readouterr().err
    assert 'pip install "leadsim[app]"' in err and "solara" in err
    assert "Traceback" not in err


def test_requirements_are_installed_here():
    assert app_cli.missing_requirement() is None


def test_busy_port_is_reported(capsys):
    with socket.socket() as busy:
        busy.bind((app_cli.HOST, 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["app", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"port {port}" in err and "--port" in err


def test_assets_list_follows_solara():
    from leadsim.app import assets

    required = assets.required_packages()
    assert any(spec.startswith("requirejs@") for spec in required)
    assert sum("solara-vuetify" in spec for spec in required) == 1
    assert set(assets.missing_packages()) <= set(required)


def test_missing_browser_code_is_a_warning_in_the_terminal(monkeypatch, capsys):
    from leadsim.app import assets

    monkeypatch.setattr(assets, "missing_packages", lambda: ["requirejs@2.3.6"])
    app_cli._warn_if_assets_missing()
    err = capsys.readouterr().err
    assert "warning" in err and "requirejs@2.3.6" in err and "python -m leadsim.app.assets" in err
    monkeypatch.setattr(assets, "missing_packages", lambda: [])
    app_cli._warn_if_assets_missing()
    assert capsys.readouterr().err == ""


def test_as_fast_as_it_goes_still_draws_every_week():
    player = Player(ClassroomModel(weeks=12, **SMALL))
    player.speed = FASTEST
    shown: list[Frame] = []
    player.play(shown.append)
    assert [frame.week for frame in shown] == [*range(1, 13), 12]  # the last frame: finished
