"""Bad input is refused before anything runs, with the field, the rule and the value."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import leadsim
from leadsim import LeadershipModel, ParameterError, ParameterTypeError
from leadsim.parameters import PARAMETERS, defaults, validate_parameters
from leadsim.styles import STYLE_NAMES, resolve_style


def test_signature_matches_the_parameter_table():
    signature = inspect.signature(LeadershipModel.__init__)
    names = [n for n in signature.parameters if n != "self"]
    assert names[-1] == "rng", "rng must be the last keyword (mesa.batch_run convention)"
    assert names[:-1] == list(PARAMETERS), "signature and PARAMETERS must list the same names in order"
    for name, param in signature.parameters.items():
        if name == "self":
            continue
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert param.default is not inspect.Parameter.empty, name


def test_defaults_are_valid_and_documented():
    values = defaults()
    validate_parameters(values)
    for spec in PARAMETERS.values():
        assert spec.doc and spec.unit and spec.source and spec.group, spec.name


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pressure": 1.3}, "'pressure' must be in [0, 1] (got 1.3)"),
        ({"pressure": -0.1}, "'pressure' must be in [0, 1] (got -0.1)"),
        ({"scrutiny": float("nan")}, "'scrutiny' must be a number in [0, 1] (got nan)"),
        ({"drift_rate": 0.5}, "'drift_rate' must be in [0, 0.3] (got 0.5)"),
        ({"n_teams": 0}, "'n_teams' must be in [1, 100000] (got 0)"),
        (
            {"pressure_scenario": "panic"},
            "'pressure_scenario' must be one of constant, ramp, shock, endogenous (got 'panic')",
        ),
    ],
)
def test_out_of_range_values_name_field_rule_and_value(kwargs, message):
    with pytest.raises(ParameterError) as info:
        LeadershipModel(**kwargs)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)
    assert info.value.field == next(iter(kwargs))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"n_teams": 2.5}, "'n_teams' must be an integer in [1, 100000] (got 2.5 of type float)"),
        ({"team_size": True}, "'team_size' must be an integer"),
        ({"pressure": "high"}, "'pressure' must be a number in [0, 1] (got 'high' of type str)"),
        ({"action_learning": 1}, "'action_learning' must be True or False (got 1 of type int)"),
        ({"style": 3}, "'style' must be a style name or a mapping"),
    ],
)
def test_wrong_types_are_type_errors(kwargs, fragment):
    with pytest.raises(ParameterTypeError) as info:
        LeadershipModel(**kwargs)
    assert fragment in str(info.value)
    assert isinstance(info.value, TypeError)


def test_unknown_style_lists_the_valid_ones():
    with pytest.raises(ParameterError) as info:
        LeadershipModel(style="laissez-faire")
    for name in STYLE_NAMES:
        assert name in str(info.value)


def test_style_weights_must_sum_to_one_and_the_sum_is_shown():
    weights = {"hierarchical": 0.5, "supportive": 0.3, "accountable": 0.3, "visionary": 0.1}
    with pytest.raises(ParameterError, match=r"weights must sum to 1 \(they sum to 1.2\)"):
        LeadershipModel(style=weights)


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ({"hierarchical": 1.0}, "missing the weights"),
        (
            {"hierarchical": 0.5, "supportive": 0.5, "accountable": 0, "visionary": 0, "servant": 0},
            "unknown style kinds",
        ),
        ({"hierarchical": 1.5, "supportive": -0.5, "accountable": 0, "visionary": 0}, "must be in [0, 1]"),
        ({"hierarchical": "a", "supportive": 0.5, "accountable": 0.5, "visionary": 0}, "must be a number"),
    ],
)
def test_malformed_style_mappings(weights, fragment):
    with pytest.raises((ParameterError, ParameterTypeError)) as info:
        resolve_style(weights)
    assert fragment in str(info.value)


def test_unknown_parameter_suggests_a_close_name():
    with pytest.raises(ParameterError, match="did you mean pressure"):
        validate_parameters({"presure": 0.5})


def test_numpy_scalars_are_accepted():
    model = LeadershipModel(
        n_teams=np.int64(2), pressure=np.float64(0.4), action_learning=np.bool_(True), rng=0
    )
    assert model.parameters["n_teams"] == 2


def test_nothing_runs_when_a_value_is_bad():
    # Refused before Mesa's Model.__init__: no agents, no random draws, no half-built model.
    with pytest.raises(ParameterError):
        LeadershipModel(n_teams=3, caseload=10_000)


def test_weights_mapping_is_a_valid_fixed_style():
    weights = {"hierarchical": 0.1, "supportive": 0.2, "accountable": 0.3, "visionary": 0.4}
    model = LeadershipModel(style=weights, n_teams=2, rng=1).run(3)
    for manager in model.managers:
        assert manager.style == pytest.approx(weights)


def test_errors_share_the_library_base_class():
    assert issubclass(ParameterError, leadsim.LeadsimError)
    assert issubclass(ParameterTypeError, leadsim.LeadsimError)
