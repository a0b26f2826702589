"""The classroom page's logic, without a browser: controls, refusals, views, texts, command line.

The page itself is tested in a real browser by ``test_app_browser.py``.
"""

from __future__ import annotations

import inspect
import socket

import numpy as np
import pytest
from matplotlib.figure import Figure

from leadsim import LeadershipModel
from leadsim.app import cli as app_cli
from leadsim.app import figures
from leadsim.app.session import (
    ADAPTIVE,
    CONTROLS,
    CUSTOM,
    ClassroomModel,
    model_kwargs,
    model_params,
    parse_seed,
)
from leadsim.app.tryit import TRY_THIS, try_this
from leadsim.cli import main
from leadsim.errors import ParameterError
from leadsim.observables import REGIMES
from leadsim.parameters import PARAMETERS, defaults
from leadsim.styles import STYLE_KINDS

SMALL = {"n_teams": 2, "team_size": 3}


def custom(**weights: float) -> dict[str, float]:
    return {f"weight_{kind}": weight for kind, weight in weights.items()}


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
    assert by_name["pressure_scenario"].choices == PARAMETERS["pressure_scenario"].choices
    assert by_name["style"].choices[0] == ADAPTIVE
    assert by_name["style"].choices[-1] == CUSTOM


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
    weights = custom(hierarchical=0.1, supportive=0.2, accountable=0.3, visionary=0.4)
    kwargs, _ = model_kwargs({**base, "style": CUSTOM, **weights})
    assert kwargs["style"] == {"hierarchical": 0.1, "supportive": 0.2, "accountable": 0.3, "visionary": 0.4}


def test_weights_are_ignored_unless_custom():
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


def test_weights_that_do_not_sum_to_one_are_refused_with_the_models_message():
    weights = custom(hierarchical=0.5, supportive=0.3, accountable=0.3, visionary=0.1)
    model = ClassroomModel(style=CUSTOM, **weights)
    with pytest.raises(ParameterError) as refused:
        LeadershipModel(style={kind: weights[f"weight_{kind}"] for kind in STYLE_KINDS})
    assert model.refusal == str(refused.value)
    assert "'style' weights must sum to 1" in model.refusal
    assert model.simulation is None and model.seed is None and not model.running
    model.step()  # refused: nothing happens, nothing raises
    assert model.week == 0 and model.regime_history.shape == (0, 0)


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
    from leadsim.app.page import readout_items

    items = dict(readout_items(ran))
    assert items["week"] == "6 of 8"
    assert sum(int(items[f"teams {r.replace('_', ' ')}"]) for r in REGIMES) == 2
    assert items["pressure"] == f"{ran.simulation.metrics_now['pressure']:.2f}"


def test_page_renders_views_or_the_refusal():
    import ipyvuetify
    import solara

    from leadsim.app.page import Dashboard

    _box, rc = solara.render(Dashboard(ClassroomModel(**SMALL)), handle_error=False)
    texts = " ".join(str(getattr(w, "children", "")) for w in rc.find().widgets)
    assert "week" in texts
    rc.close()

    refused = ClassroomModel(style=CUSTOM, **custom(hierarchical=0.6))
    _box, rc = solara.render(Dashboard(refused), handle_error=False)
    alerts = rc.find(ipyvuetify.Alert)
    assert alerts.widgets, "the refusal is shown as an alert"
    assert any("must sum to 1" in str(w.children) for w in alerts.widgets)
    rc.close()


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
    for phrase in ("pressure", "reflection", "vision co-creation", "scrutiny", "theory of change"):
        assert any(phrase in label for label in labels), phrase
    assert "visibility" in labels and "peer action learning" in labels


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
