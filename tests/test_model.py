"""The Mesa model: reproducibility, Mesa integration, agents as views on the state."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from leadsim import METRICS, REGIMES, Client, LeadershipModel, Partner, Professional, TeamManager
from leadsim.state import ClientStatus
from leadsim.styles import STYLE_NAMES

SMALL = {"n_teams": 3, "team_size": 4, "caseload": 6, "n_partners": 8}


def test_same_seed_gives_identical_data_frames():
    a = LeadershipModel(**SMALL, rng=7).run(40).dataframe()
    b = LeadershipModel(**SMALL, rng=7).run(40).dataframe()
    pd.testing.assert_frame_equal(a, b)


def test_different_seeds_give_different_data_frames():
    a = LeadershipModel(**SMALL, rng=7).run(40).dataframe()
    b = LeadershipModel(**SMALL, rng=8).run(40).dataframe()
    assert not a.equals(b)
    assert (a["passivity"] != b["passivity"]).sum() > 30


def test_a_run_is_reproducible_from_the_seed_alone():
    model = LeadershipModel(**SMALL, rng=np.random.default_rng(11)).run(20)
    again = LeadershipModel(**SMALL, rng=np.random.default_rng(11)).run(20)
    assert model.summary() == again.summary()


def test_datacollector_has_every_metric_column_one_row_per_week():
    model = LeadershipModel(**SMALL, rng=1).run(12)
    frame = model.dataframe()
    assert list(frame.columns) == list(METRICS)
    assert len(frame) == 13  # week 0 and 12 weeks
    assert frame.index.name == "week"
    assert np.isfinite(frame.to_numpy()).all()
    stock = model.datacollector.get_model_vars_dataframe()
    assert list(stock.columns) == list(METRICS)


def test_user_reporters_still_work_with_the_fast_collector():
    model = LeadershipModel(**SMALL, rng=1)
    model.datacollector._new_agent_reporter("P", lambda agent: getattr(agent, "proactivity", None))
    model.run(3)
    agents = model.datacollector.get_agent_vars_dataframe()
    assert agents["P"].notna().any()
    assert len(model.dataframe()) == 4


def test_mesa_batch_run_works_unmodified():
    results = mesa.batch_run(
        LeadershipModel,
        parameters={**SMALL, "pressure": [0.2, 0.8], "style": [None, "accountable"]},
        rng=[1, 2],
        max_steps=8,
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert len(frame) == 2 * 2 * 2
    for column in ("passivity", "collaboration", "style_hierarchical", "placements", "pressure"):
        assert column in frame.columns
    assert set(frame["pressure"].round(6)) == {0.2, 0.8}


def test_agents_are_mesa_agents_created_per_type():
    model = LeadershipModel(**SMALL, rng=3)
    assert len(model.agents_by_type[TeamManager]) == 3
    assert len(model.agents_by_type[Professional]) == 12
    assert len(model.agents_by_type[Client]) == 12 * 6
    assert len(model.agents_by_type[Partner]) == 8
    assert all(isinstance(agent, mesa.Agent) for agent in model.agents)


def test_agentset_queries_read_the_array_state():
    model = LeadershipModel(**SMALL, rng=3).run(10)
    pros = model.agents_by_type[Professional]
    state = model.state.professionals
    assert pros.agg("proactivity", np.mean) == pytest.approx(state.proactivity.mean())
    by_team = pros.groupby("team").agg("wellbeing", np.mean)
    for team, value in by_team.items():
        assert value == pytest.approx(state.wellbeing[state.team == team].mean())
    passive = pros.select(lambda a: a.passivity > 0.5)
    assert len(passive) == int((state.proactivity < 0.5).sum())
    managers = model.agents_by_type[TeamManager]
    assert managers.agg("hierarchical", np.mean) == pytest.approx(model.metrics_now["style_hierarchical"])
    assert all(
        m.dominant_style in ("hierarchical", "supportive", "accountable", "visionary") for m in managers
    )


def test_agents_write_through_to_the_state():
    model = LeadershipModel(**SMALL, rng=3)
    pro = model.professionals[5]
    pro.proactivity = 0.9
    assert model.state.professionals.proactivity[5] == 0.9
    with pytest.raises(ValueError, match="'wellbeing' must be in \\[0, 1\\]"):
        pro.wellbeing = 1.5
    manager = model.managers[1]
    manager.style = "accountable"
    assert manager.dominant_style == "accountable"
    assert manager.professionals.to_list()[0].manager is manager


def test_client_agents_follow_the_client_rows():
    model = LeadershipModel(**SMALL, placement_base=0.2, followup_weeks=3, rng=5).run(30)
    clients = model.agents_by_type[Client]
    status = model.state.clients.status
    assert model.state.sustainable_total > 0, "the scenario must make clients leave"
    assert len(clients) == int((status != ClientStatus.EMPTY).sum())
    for client in clients:
        assert status[client.row] != ClientStatus.EMPTY
        assert client.status in ("in_service", "placed")
        assert model.client_at(client.row) is client
        assert client in client.professional.clients


def test_every_professional_is_topped_up_to_the_caseload():
    model = LeadershipModel(**SMALL, placement_base=0.2, rng=5).run(15)
    cl = model.state.clients
    serving = cl.status == ClientStatus.IN_SERVICE
    counts = np.bincount(cl.professional[serving], minlength=model.state.professionals.n)
    assert (counts >= SMALL["caseload"]).all()


@pytest.mark.parametrize("style", [None, *STYLE_NAMES])
@pytest.mark.parametrize("scenario", ["constant", "ramp", "shock", "endogenous"])
def test_every_style_and_scenario_runs(style, scenario):
    model = LeadershipModel(
        **SMALL, style=style, pressure_scenario=scenario, shock_week=2, ramp_weeks=5, rng=2
    )
    model.run(8)
    summary = model.summary()
    assert set(summary["team_regimes"]) <= set(REGIMES)
    assert len(summary["team_regimes"]) == SMALL["n_teams"]
    for name in METRICS:
        assert isinstance(summary[name], float), name


def test_pressure_scenarios_shape_pressure():
    ramp = LeadershipModel(**SMALL, pressure=0.8, pressure_scenario="ramp", ramp_weeks=10, rng=1).run(20)
    assert ramp.dataframe()["pressure"].iloc[1] == pytest.approx(0.0)
    assert ramp.dataframe()["pressure"].iloc[11] == pytest.approx(0.8)
    shock = LeadershipModel(
        **SMALL,
        pressure=0.2,
        pressure_scenario="shock",
        shock_week=5,
        shock_duration=3,
        shock_size=0.5,
        rng=1,
    )
    series = shock.run(12).dataframe()["pressure"]
    assert series.iloc[5] == pytest.approx(0.2) and series.iloc[6] == pytest.approx(0.6)
    assert series.iloc[8] == pytest.approx(0.6) and series.iloc[9] == pytest.approx(0.2)


def test_fixed_style_stays_fixed_and_adaptive_style_moves():
    fixed = LeadershipModel(**SMALL, style="supportive", pressure=1.0, rng=1).run(30)
    assert fixed.metrics_now["style_supportive"] == pytest.approx(0.8)
    adaptive = LeadershipModel(**SMALL, pressure=1.0, rng=1)
    start = adaptive.metrics_now["style_hierarchical"]
    adaptive.run(30)
    assert adaptive.metrics_now["style_hierarchical"] != pytest.approx(start)


def test_action_learning_meetings_happen_at_the_interval():
    model = LeadershipModel(
        n_teams=4, team_size=2, caseload=2, action_learning=True, action_learning_interval=4, rng=1
    )
    model.run(12)
    assert (model.state.managers.meetings == 3).all()
    assert model.metrics_now["isolation"] < 0.6
    lonely = LeadershipModel(n_teams=1, team_size=2, caseload=2, action_learning=True, rng=1).run(12)
    assert (lonely.state.managers.meetings == 0).all(), "a single manager has no peer to meet"


def test_run_refuses_a_bad_number_of_weeks():
    model = LeadershipModel(**SMALL, rng=1)
    with pytest.raises(ValueError, match="'weeks' must be a non-negative integer"):
        model.run(-1)
    with pytest.raises(ValueError, match="'weeks'"):
        model.run(2.5)


def test_summary_reports_first_year_placements_and_regimes():
    model = LeadershipModel(**SMALL, rng=4).run(60)
    summary = model.summary()
    frame = model.dataframe()
    assert summary["placements_first_year"] == frame["placements"].iloc[1:53].sum()
    assert summary["placements_total"] == frame["placements"].sum()
    assert summary["weeks"] == 60.0
    assert summary["team_regimes"] == model.team_regimes()
    assert [m.regime for m in model.managers] == summary["team_regimes"]


def test_tie_network_joins_professionals_and_partners_above_the_threshold():
    model = LeadershipModel(**SMALL, rng=2).run(20)
    graph = model.tie_network(threshold=0.1)
    ties = model.state.professionals.ties
    assert graph.number_of_nodes() == len(model.professionals) + len(model.partners)
    assert graph.number_of_edges() == int((ties > 0.1).sum())
    for professional, partner, data in graph.edges(data=True):
        if isinstance(professional, Partner):
            professional, partner = partner, professional
        assert data["weight"] == ties[professional.row, partner.row]
    with pytest.raises(ValueError, match="'threshold' must be in"):
        model.tie_network(threshold=2)


def test_a_pickled_model_continues_exactly_like_the_original():
    import pickle

    model = LeadershipModel(**SMALL, rng=9).run(5)
    copy = pickle.loads(pickle.dumps(model))
    model.run(10)
    copy.run(10)
    pd.testing.assert_frame_equal(model.dataframe(), copy.dataframe())


def test_an_interruption_while_collecting_keeps_every_complete_week():
    model = LeadershipModel(**SMALL, rng=1).run(4)
    collector = model.datacollector
    first = next(iter(collector.model_vars.values()))
    first.append(0.0)  # as if Ctrl-C landed after the first column of week 5
    collector._collection_steps.append(5.0)
    collector.drop_incomplete_week()
    frame = model.dataframe()
    assert len(frame) == 5
    pd.testing.assert_frame_equal(frame, LeadershipModel(**SMALL, rng=1).run(4).dataframe())


def test_unbounded_agent_attributes_refuse_non_finite_values():
    model = LeadershipModel(**SMALL, rng=1)
    with pytest.raises(ValueError, match="'perceived_output' must be a finite number"):
        model.managers[0].perceived_output = float("nan")


def _latest_only(model: LeadershipModel) -> LeadershipModel:
    model.time_series = False
    return model


@pytest.mark.parametrize(
    ("kwargs", "seed", "weeks"),
    [
        (SMALL, 1, 60),
        (SMALL, 2, 30),
        ({**SMALL, "placement_base": 0.2, "followup_weeks": 3}, 3, 70),
        ({}, 4, 53),
    ],
)
def test_without_a_time_series_the_end_metrics_are_the_same(kwargs, seed, weeks):
    full = LeadershipModel(**kwargs, rng=seed).run(weeks)
    latest = _latest_only(LeadershipModel(**kwargs, rng=seed)).run(weeks)
    assert latest.summary() == full.summary()
    assert latest.summary()["placements_first_year"] > 0
    assert latest.metrics_now == full.metrics_now
    frame = latest.dataframe()
    assert list(frame.index) == [weeks] and frame.index.name == "week"
    pd.testing.assert_frame_equal(frame, full.dataframe().iloc[[-1]], check_exact=True)
    assert latest.time_series is False and full.time_series is True


def test_without_a_time_series_each_step_keeps_the_latest_week():
    model = _latest_only(LeadershipModel(**SMALL, rng=5))
    full = LeadershipModel(**SMALL, rng=5)
    for _ in range(4):
        model.step()
        full.step()
        assert model.metrics_now == full.metrics_now
        assert len(model.datacollector.model_vars["passivity"]) == 1
        assert model.datacollector._collection_steps == [float(model.week)]
    model.run(3).run(0)
    full.run(3)
    assert model.dataframe().to_dict("records") == full.dataframe().iloc[[-1]].to_dict("records")


def test_time_series_is_a_bool_switched_off_before_the_first_week():
    model = LeadershipModel(**SMALL, rng=1)
    with pytest.raises(TypeError, match="'time_series' must be True or False \\(got 'no'"):
        model.time_series = "no"
    with pytest.raises(TypeError, match="'time_series'"):
        model.time_series = 0
    model.time_series = True  # already on: nothing changes
    model.run(1)
    with pytest.raises(ValueError, match="'time_series' must be switched off before the first week"):
        model.time_series = False
    assert model.time_series and len(model.dataframe()) == 2
    fresh = _latest_only(LeadershipModel(**SMALL, rng=1))
    with pytest.raises(ValueError, match="'time_series' cannot be switched back on"):
        fresh.time_series = True


def test_the_reference_model_without_a_time_series_agrees_too():
    from reference import ReferenceLeadershipModel

    ref = _latest_only(ReferenceLeadershipModel(**SMALL, rng=6)).run(55).summary()
    lib = LeadershipModel(**SMALL, rng=6).run(55).summary()
    assert ref.keys() == lib.keys()
    assert ref["placements_first_year"] == lib["placements_first_year"]
    for name in METRICS:
        assert ref[name] == pytest.approx(lib[name], abs=1e-9, nan_ok=True), name
