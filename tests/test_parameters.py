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
        ({"reflection_erosion": 0.5}, "'reflection_erosion' must be in [0, 0.1] (got 0.5)"),
        (
            {"compensation_form": "guilt"},
            "'compensation_form' must be one of strain, coupled, none (got 'guilt')",
        ),
        ({"n_teams": 0}, "'n_teams' must be in [1, 100000] (got 0)"),
        (
            {"pressure_scenario": "panic"},
            "'pressure_scenario' must be one of constant, ramp, cycle, shock, endogenous (got 'panic')",
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
        LeadershipModel(style="servant")
    for name in STYLE_NAMES:
        assert name in str(info.value)


def test_style_intensities_are_not_compositional():
    # One manager can be high on every style, as on leadership questionnaires (issue 9).
    engaged = {"hierarchical": 0.9, "supportive": 0.9, "accountable": 0.9, "visionary": 0.9}
    model = LeadershipModel(style=engaged, n_teams=2, team_size=2, caseload=2, rng=0)
    assert model.managers[0].style == pytest.approx(engaged)
    absent = LeadershipModel(style="laissez_faire", n_teams=1, team_size=1, caseload=1, rng=0)
    assert max(absent.managers[0].style.values()) <= 0.1


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ({"hierarchical": 1.0}, "missing the intensities"),
        (
            {"hierarchical": 0.5, "supportive": 0.5, "accountable": 0, "visionary": 0, "servant": 0},
            "unknown style kinds",
        ),
        (
            {"hierarchical": 1.5, "supportive": 0.5, "accountable": 0, "visionary": 0},
            "must be an intensity in [0, 1]",
        ),
        ({"hierarchical": 0.5, "supportive": float("nan"), "accountable": 0, "visionary": 0}, "got nan"),
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


def test_intensity_mapping_is_a_valid_fixed_style():
    weights = {"hierarchical": 0.1, "supportive": 0.2, "accountable": 0.3, "visionary": 0.9}
    model = LeadershipModel(style=weights, n_teams=2, rng=1).run(3)
    for manager in model.managers:
        assert manager.style == pytest.approx(weights)


def test_errors_share_the_library_base_class():
    assert issubclass(ParameterError, leadsim.LeadsimError)
    assert issubclass(ParameterTypeError, leadsim.LeadsimError)


def test_every_parameter_has_a_basis_and_no_source_cites_a_stylized_fact():
    # Issue 9: a parameter rests on a study, a data figure, or is declared an assumption; the
    # stylized facts are the model's tests and may not be its inputs.
    import re

    from leadsim.parameters import BASES

    for spec in PARAMETERS.values():
        assert spec.basis in BASES, spec.name
        assert not re.search(r"\bSF\d", spec.source), f"{spec.name}: source cites a fact: {spec.source}"
        assert "model brief" not in spec.source, spec.name
        if spec.basis == "study":
            assert re.search(r"(19|20)\d\d", spec.source), f"{spec.name}: a study needs its year"
        if spec.basis == "data":
            assert re.search(r"CBS|Divosa|SEO|Almere", spec.source), f"{spec.name}: which data?"
