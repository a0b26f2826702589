"""Agent lifecycle and Mesa's registration contract: what a Mesa user does works or is refused.

Clients are registered and removed in bulk (``leadsim.agents.register_rows`` and
``deregister``); these tests hold the bulk path to Mesa's own per-agent path (``Agent.__init__``,
``Agent.remove``), check that removed clients refuse their old (reused) rows, and that the agents'
setters and the model's ``rng`` refuse bad values with the name, the rule and the value.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.mesa_signals import ModelSignals

import leadsim.agents
from leadsim import Client, LeadershipModel, Partner, Professional, TeamManager
from leadsim.agents import RemovedAgentError
from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.state import ClientStatus

SMALL = {"n_teams": 3, "team_size": 4, "caseload": 6, "n_partners": 8}
CHURN = {**SMALL, "placement_base": 0.2, "followup_weeks": 3}  # clients leave every week


def registry(model: LeadershipModel) -> tuple:
    """Everything Mesa's registration decides: ids and order of model.agents and agents_by_type."""
    return (
        [(type(a).__name__, a.unique_id) for a in model.agents],
        {t.__name__: [a.unique_id for a in agents] for t, agents in model.agents_by_type.items()},
        model.agent_id_counter,
    )


@pytest.mark.parametrize(("kwargs", "seed"), [(CHURN, 1), ({**SMALL, "n_partners": 0}, 2), ({}, 3)])
def test_bulk_registration_gives_what_mesas_own_path_gives(monkeypatch, kwargs, seed):
    fast = LeadershipModel(**kwargs, rng=seed).run(30)
    monkeypatch.setattr(leadsim.agents, "_mesa_path_needed", lambda *args: True)
    stock = LeadershipModel(**kwargs, rng=seed).run(30)
    assert fast.agent_id_counter > len(fast.agents), "clients must have come and gone"
    assert registry(fast) == registry(stock)
    pd.testing.assert_frame_equal(fast.dataframe(), stock.dataframe(), check_exact=True)
    for a, b in zip(fast.agents, stock.agents, strict=True):
        assert vars(a).keys() == vars(b).keys()  # the bulk path sets what Agent.__init__ sets
        assert a.model is fast and a.pos is None
    ids = [a.unique_id for a in fast.agents]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_agents_created_by_hand_are_registered_by_mesa_as_usual():
    model = LeadershipModel(**SMALL, rng=1)
    before = model.agent_id_counter
    extra = Client(model, 0)  # Mesa's own path: Agent.__init__ registers the agent
    assert extra.unique_id == before
    assert extra in model.agents and extra in model.agents_by_type[Client]
    assert vars(extra).keys() == vars(model.client_at(1)).keys()


def test_signal_observers_see_every_client_added_and_removed():
    model = LeadershipModel(**CHURN, rng=4)
    added, removed = [], []

    def on_added(signal):  # Mesa keeps weak references to handlers: keep these alive
        added.append(signal)

    def on_removed(signal):
        removed.append(signal)

    model.observe("agents", ModelSignals.AGENT_ADDED, on_added)
    model.observe("agents", ModelSignals.AGENT_REMOVED, on_removed)
    before_ids, before_alive = model.agent_id_counter, len(model.agents)
    model.run(20)
    assert len(added) == model.agent_id_counter - before_ids > 0
    assert len(removed) == before_alive + len(added) - len(model.agents) > 0
    assert {signal.additional_kwargs["args"][0].unique_id for signal in added} == set(
        range(before_ids, model.agent_id_counter)
    )


def test_agentset_queries_skip_removed_clients():
    model = LeadershipModel(**CHURN, rng=5).run(25)
    clients = model.agents_by_type[Client]
    status = model.state.clients.status
    assert len(clients) == int((status != ClientStatus.EMPTY).sum())
    assert clients.agg("distance", np.mean) == pytest.approx(
        model.state.clients.distance[status != ClientStatus.EMPTY].mean()
    )
    assert all(not client.removed for client in clients)
    assert len(clients.select(lambda c: c.status == "placed")) == int((status == ClientStatus.PLACED).sum())


def test_a_removed_client_refuses_to_read_or_write_its_old_row():
    model = LeadershipModel(**CHURN, rng=6)
    clients = {client: client.row for client in model.agents_by_type[Client]}
    for _ in range(40):
        model.step()
        gone = [client for client in clients if client not in model.agents]
        if gone:
            break
    old = gone[0]
    row = clients[old]
    model.step()  # freed rows are refilled by the intake
    successor = model.client_at(row)
    assert successor is not old and successor.unique_id > old.unique_id
    motivation = model.state.clients.motivation[row]
    assert old.removed and not successor.removed
    for name in ("distance", "motivation", "status", "professional", "team", "row"):
        with pytest.raises(RemovedAgentError, match=rf"Client {old.unique_id} was removed.*{name!r}"):
            getattr(old, name)
    with pytest.raises(RemovedAgentError, match="was removed"):
        old.motivation = 0.5
    assert model.state.clients.motivation[row] == motivation  # the new client is untouched
    assert "removed after week" in repr(old)
    old.remove()  # as in Mesa, removing twice does nothing
    assert model.client_at(row) is successor


def test_removing_a_client_ends_its_service_and_frees_its_row():
    model = LeadershipModel(**SMALL, rng=7).run(3)
    client = model.client_at(2)
    professional, alive = client.professional, len(model.agents)
    client.remove()
    assert client not in model.agents and client not in model.agents_by_type[Client]
    assert len(model.agents) == alive - 1
    assert model.state.clients.status[2] == ClientStatus.EMPTY
    assert client not in professional.clients
    with pytest.raises(KeyError, match="client row 2 is empty"):
        model.client_at(2)
    with pytest.raises(RemovedAgentError):
        _ = client.distance
    model.step()
    assert model.client_at(2) is not client  # topped up again at the next intake
    cl = model.state.clients
    counts = np.bincount(cl.professional[cl.status == ClientStatus.IN_SERVICE], minlength=12)
    assert (counts >= SMALL["caseload"]).all()


@pytest.mark.parametrize("kind", [TeamManager, Professional, Partner])
def test_fixed_populations_refuse_remove(kind):
    model = LeadershipModel(**SMALL, rng=1)
    agent = next(iter(model.agents_by_type[kind]))
    with pytest.raises(RemovedAgentError, match=f"{kind.__name__} agents cannot be removed"):
        agent.remove()
    assert agent in model.agents and not agent.removed
    with pytest.raises(RemovedAgentError, match="TeamManager agents cannot be removed"):
        model.remove_all_agents()
    assert len(model.agents) == 3 + 12 + 8 + 12 * 6  # nothing was removed


SETTERS = [
    ("professionals", 0, "proactivity"),
    ("professionals", 0, "disposition"),
    ("managers", 0, "perceived_output"),
    ("managers", 0, "hierarchical"),
    ("clients", 0, "attention"),
    ("clients", 0, "distance"),
]


def _agent(model: LeadershipModel, kind: str, index: int) -> mesa.Agent:
    if kind == "clients":
        return model.client_at(index)
    return getattr(model, kind)[index]


@pytest.mark.parametrize(("kind", "index", "name"), SETTERS)
@pytest.mark.parametrize("value", ["0.9", True, None, "abc", np.bool_(True), [0.5]])
def test_setters_refuse_what_is_not_a_number_naming_attribute_rule_and_value(kind, index, name, value):
    model = LeadershipModel(**SMALL, rng=1)
    agent = _agent(model, kind, index)
    before = getattr(agent, name)
    with pytest.raises(ParameterTypeError) as caught:
        setattr(agent, name, value)
    message = str(caught.value)
    assert f"{name!r}" in message and "must be a number" in message and repr(value) in message
    assert isinstance(caught.value, TypeError)
    assert getattr(agent, name) == before


@pytest.mark.parametrize(("kind", "index", "name"), SETTERS)
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_setters_refuse_non_finite_numbers(kind, index, name, value):
    model = LeadershipModel(**SMALL, rng=1)
    agent = _agent(model, kind, index)
    with pytest.raises(ParameterError, match=rf"{name!r} must be a finite number"):
        setattr(agent, name, value)


@pytest.mark.parametrize(("kind", "name"), [("managers", "perceived_output"), ("clients", "attention")])
def test_rates_and_attention_refuse_negative_values(kind, name):
    model = LeadershipModel(**SMALL, rng=1)
    agent = _agent(model, kind, 0)
    before = getattr(agent, name)
    with pytest.raises(ParameterError, match=rf"^{name!r} must be a finite number >= 0 \(got -0.01\)$"):
        setattr(agent, name, -0.01)
    assert getattr(agent, name) == before
    setattr(agent, name, 0)
    assert getattr(agent, name) == 0.0
    setattr(agent, name, np.float32(2.5))  # above 1 is allowed: neither is a share
    assert getattr(agent, name) == 2.5


def test_unit_attributes_refuse_values_outside_the_unit_interval():
    model = LeadershipModel(**SMALL, rng=1)
    with pytest.raises(ParameterError, match=r"^'distance' must be in \[0, 1\] \(got -0.5\)$"):
        model.client_at(0).distance = -0.5
    with pytest.raises(ParameterError, match=r"'supportive' must be in \[0, 1\] \(got 2\)"):
        model.managers[0].supportive = 2
    model.professionals[1].disposition = -3.0  # logit units: any finite number
    assert model.state.professionals.disposition[1] == -3.0
    with pytest.raises(AttributeError, match="simplex"):
        model.professionals[0].effort_client = 0.5


@pytest.mark.parametrize(
    ("rng", "error"),
    [
        ("abc", ParameterTypeError),
        (1.5, ParameterTypeError),
        (True, ParameterTypeError),
        (object(), ParameterTypeError),
        ([1, True], ParameterTypeError),
        (-1, ParameterError),
        ([1, -2], ParameterError),
    ],
)
def test_a_bad_rng_is_refused_naming_rng(rng, error):
    with pytest.raises(error, match=r"^'rng' must be None, a non-negative integer seed") as caught:
        LeadershipModel(**SMALL, rng=rng)
    assert repr(rng) in str(caught.value)


@pytest.mark.parametrize(
    "rng",
    [None, 5, np.int64(5), [1, 2], np.random.SeedSequence(3), np.random.default_rng(3), np.random.PCG64(3)],
)
def test_every_kind_of_seed_numpy_takes_is_accepted(rng):
    LeadershipModel(**SMALL, rng=rng).run(1)


def test_a_generator_seeds_the_run_like_its_state():
    a = LeadershipModel(**SMALL, rng=np.random.default_rng(12)).run(10).dataframe()
    b = LeadershipModel(**SMALL, rng=np.random.default_rng(12)).run(10).dataframe()
    pd.testing.assert_frame_equal(a, b, check_exact=True)
