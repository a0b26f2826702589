"""The model's parameters as data: type, range, unit, meaning and source of each one.

Following scikit-learn's ``_parameter_constraints``, the constraints live here as data and
are checked once, before anything runs, by :func:`validate_parameters`. The defaults live in
one place only: the signature of :class:`leadsim.LeadershipModel` (read them with
:func:`defaults`). ``docs/odd.md`` lists the same table; ``tests/test_parameters.py`` checks
that the two agree with the signature.

Error messages name the field, the rule and the value: ``'pressure' must be in [0, 1] (got 1.3)``.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from leadsim.errors import ParameterError, ParameterTypeError
from leadsim.styles import resolve_style

__all__ = [
    "PARAMETERS",
    "PRESSURE_SCENARIOS",
    "ParameterSpec",
    "defaults",
    "validate_parameters",
]

PRESSURE_SCENARIOS: tuple[str, ...] = ("constant", "ramp", "shock", "endogenous")

Kind = Literal["int", "float", "bool", "choice", "style", "optional_style"]


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """The declared constraints and documentation of one model parameter.

    Attributes:
        name: The keyword of :class:`leadsim.LeadershipModel`.
        kind: ``int``, ``float``, ``bool``, ``choice`` (one of ``choices``), ``style`` (a style
            name or mapping) or ``optional_style`` (``None`` or a style).
        low: Lower bound (inclusive) for numbers, or ``None``.
        high: Upper bound (inclusive) for numbers, or ``None``.
        unit: Unit of the value (``"1"`` for dimensionless shares and coefficients).
        group: The submodel the parameter belongs to (section of ``docs/odd.md``).
        doc: One line on what it means.
        source: The stylized fact (SF1..SF10) or literature it rests on.
        choices: Allowed values for ``choice`` parameters.
    """

    name: str
    kind: Kind
    low: float | None
    high: float | None
    unit: str
    group: str
    doc: str
    source: str
    choices: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        """The constraint in words, as used in error messages and docs."""
        if self.kind in ("int", "float"):
            what = "an integer" if self.kind == "int" else "a number"
            if self.low is not None and self.high is not None:
                return f"must be {what} in [{_fmt(self.low)}, {_fmt(self.high)}]"
            if self.low is not None:
                return f"must be {what} >= {_fmt(self.low)}"
            return f"must be {what}"
        if self.kind == "bool":
            return "must be True or False"
        if self.kind == "choice":
            return f"must be one of {', '.join(self.choices)}"
        if self.kind == "style":
            return "must be a style name or a mapping of the four weights summing to 1"
        return "must be None (adaptive managers), a style name or a mapping of the four weights"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _p(name, kind, low, high, unit, group, doc, source, choices=()):
    return ParameterSpec(name, kind, low, high, unit, group, doc, source, tuple(choices))


# fmt: off
_SPECS: list[ParameterSpec] = [
    # --- structure and scale -------------------------------------------------------------
    _p("n_teams", "int", 1, 100_000, "teams", "structure", "number of teams, one manager each", "model brief, entities"),
    _p("team_size", "int", 1, 1_000, "professionals", "structure", "professionals per team", "model brief, entities"),
    _p("caseload", "int", 1, 1_000, "clients", "structure", "clients in service per professional that intake tops up to", "model brief, entities"),
    _p("n_partners", "int", 0, 10_000, "partners", "structure", "external partner organisations (employers, GGZ, housing, debt help, UWV, welfare)", "essay: 'Op koers' network; SF8"),
    # --- organisation ----------------------------------------------------------------------
    _p("pressure", "float", 0, 1, "1", "organisation", "short-term performance pressure from upper management and politics (level of the scenario)", "SF1"),
    _p("pressure_scenario", "choice", None, None, "-", "organisation", "how pressure moves over time: constant, ramp (rises from 0 to `pressure`), shock (a temporary rise), endogenous (rises with the output shortfall)", "model brief, process 1", PRESSURE_SCENARIOS),
    _p("ramp_weeks", "int", 1, 100_000, "weeks", "organisation", "weeks over which the ramp scenario reaches `pressure`", "model brief, process 1"),
    _p("shock_week", "int", 0, 100_000, "weeks", "organisation", "first week of the pressure shock", "model brief, process 1"),
    _p("shock_duration", "int", 1, 100_000, "weeks", "organisation", "length of the pressure shock", "model brief, process 1"),
    _p("shock_size", "float", 0, 1, "1", "organisation", "share of the remaining headroom (1 - pressure) added during the shock", "model brief, process 1"),
    _p("pressure_feedback", "float", 0, 1, "1", "organisation", "endogenous scenario: share of the headroom (1 - pressure) filled at a full output shortfall", "model brief, process 1; reinforcing loop"),
    _p("target_rate", "float", 1e-6, 1, "placements per client per week", "organisation", "placement rate upper management expects of each team", "essay: output targets"),
    _p("scrutiny", "float", 0, 1, "1", "organisation", "political and public scrutiny", "SF7 (Powell & DiMaggio 1991)"),
    _p("tightness", "float", 0, 1, "1", "organisation", "labour-market tightness (vacancies per job seeker, scaled)", "essay, setting"),
    # --- managers ------------------------------------------------------------------------------
    _p("style", "optional_style", None, None, "-", "managers", "enacted style: None for adaptive managers, or a fixed style (name or weights) for every manager", "SF3, SF4"),
    _p("intended_style", "style", None, None, "-", "managers", "centre of adaptive managers' intended style s0", "SF1 (balance of short- and long-term)"),
    _p("style_diversity", "float", 0, 1, "1", "managers", "mix weight of a uniform random style in each manager's intended style", "model brief, managers"),
    _p("co_creation", "float", 0, 1, "1", "managers", "initial vision co-creation c (1 co-created, 0 imposed)", "SF5 (Van Knippenberg & Stam 2014; Bernards 2021)"),
    _p("reflection", "float", 0, 1, "1", "managers", "initial reflection rho ('reflection in action')", "SF1, SF10 (Schön 1983)"),
    _p("isolation", "float", 0, 1, "1", "managers", "initial professional isolation L", "SF10; essay: 'professionally lonely'"),
    _p("visibility", "float", 0, 1, "1", "managers", "initial probability p_vis that a manager sees a professional's collaboration in a week", "SF8"),
    _p("theory_of_change", "float", 0, 1, "1", "managers", "initial share of a manager's change response that follows an explicit theory of change", "SF6"),
    _p("drift_rate", "float", 0, 0.3, "1/week", "managers", "weekly step of the style toward hierarchical steering at full shortfall, full pressure and no reflection", "SF1 (Gino & Staats 2019: bias toward action)"),
    _p("action_bias", "float", 0, 1, "1", "managers", "share of the drift that pressure causes even when output meets the target (short-term goals win regardless)", "SF1 (Gino & Staats 2019: bias toward action)"),
    _p("compensation", "float", 0, 1, "1", "managers", "supportive step taken per unit of hierarchical drift", "SF2"),
    _p("reflection_pull", "float", 0, 0.3, "1/week", "managers", "weekly pull of the style back to the intended style at full reflection", "SF1, SF10"),
    _p("reflection_erosion", "float", 0, 0.1, "1/week", "managers", "weekly erosion of reflection at full pressure and full isolation", "SF1, SF10 ('knowing in action')"),
    _p("isolation_drift", "float", 0, 0.1, "1/week", "managers", "weekly rise of isolation toward 1 without peer contact", "SF10"),
    _p("output_noise", "float", 0, 5, "1 (relative to target)", "managers", "sd of the noise on the observed weekly placement rate, relative to the target", "model brief, process 2"),
    _p("perception_memory", "float", 0.001, 1, "1/week", "managers", "weight of the newest observation in managers' perceived output and collaboration (EWMA)", "model brief, process 2"),
    _p("collaboration_aim", "float", 0, 1, "1", "managers", "collaboration managers want to see; a perceived shortfall triggers a change response", "SF6, SF8"),
    _p("change_push", "float", 0, 0.1, "1/week", "managers", "weekly style step of the change response at a full perceived collaboration shortfall", "SF6"),
    _p("action_learning", "bool", None, None, "-", "managers", "peer action learning programme for managers (duos across teams)", "SF10 (Actielab)"),
    _p("action_learning_interval", "int", 1, 520, "weeks", "managers", "weeks between action-learning meetings", "SF10"),
    _p("action_learning_gain", "float", 0, 1, "1", "managers", "learning per meeting at full trust", "SF10"),
    _p("trust_rate", "float", 0, 1, "1", "managers", "rise of a manager's trust in the peer group per meeting (the delay before effects show)", "SF10: 'only after some time'"),
    # --- professionals ---------------------------------------------------------------------------
    _p("adaptation_rate", "float", 0.001, 1, "1/week", "professionals", "weekly relaxation rate of motivation, well-being, role ambiguity, felt accountability and proactivity", "model brief, process 3"),
    _p("effort_rate", "float", 0.001, 1, "1/week", "professionals", "weekly relaxation rate of effort shares toward the desired allocation", "Holmström & Milgrom 1991"),
    _p("crowding_out", "float", 0, 10, "logit", "professionals", "hierarchical steering's crowding-out of autonomous motivation", "Frey & Jegen 2001; Deci, Koestner & Ryan 1999"),
    _p("autonomy_support", "float", 0, 10, "logit", "professionals", "accountable and co-created visionary leadership's support of autonomous motivation", "Deci & Ryan; SF4, SF5"),
    _p("control_gain", "float", 0, 10, "logit", "professionals", "hierarchical steering's raising of controlled motivation", "Frey & Jegen 2001"),
    _p("hindrance", "float", 0, 10, "logit", "professionals", "pressure x hierarchical steering as a hindrance demand on well-being", "Crawford, LePine & Rich 2010"),
    _p("support_resource", "float", 0, 10, "logit", "professionals", "supportive leadership as a job resource for well-being", "Crawford, LePine & Rich 2010; SF3"),
    _p("ambiguity_support", "float", 0, 10, "logit", "professionals", "role ambiguity from supportive-only (laissez-faire-like) leadership", "Skogstad et al. 2007; SF3"),
    _p("clarity_accountable", "float", 0, 10, "logit", "professionals", "clarity that accountable leadership gives (lowers role ambiguity)", "SF4"),
    _p("clarity_vision", "float", 0, 10, "logit", "professionals", "clarity that a co-created vision gives (lowers role ambiguity)", "SF5"),
    _p("imposed_clarity", "float", 0, 1, "1", "professionals", "share of a vision's clarity that survives when it is imposed", "SF5"),
    _p("accountability_gain", "float", -10, 10, "logit", "professionals", "accountable leadership's effect on felt accountability (negative values are allowed for experiments; autonomy and clarity still favour accountable leadership)", "SF4 (Tummers & Knies 2016)"),
    _p("proactivity_accountability", "float", -10, 10, "logit", "professionals", "felt accountability's effect on proactivity (a negative value, e.g. -6, reverses SF4: the validation suite's test that it can fail)", "SF4"),
    _p("proactivity_autonomy", "float", 0, 10, "logit", "professionals", "autonomous motivation's effect on proactivity", "Deci & Ryan; SF3"),
    _p("proactivity_ambiguity", "float", 0, 10, "logit", "professionals", "role ambiguity's damping of proactivity", "SF3, SF5"),
    _p("proactivity_wellbeing", "float", 0, 10, "logit", "professionals", "well-being's (small) effect on proactivity", "SF3: well-being is not engagement"),
    _p("disposition_sd", "float", 0, 5, "logit", "professionals", "sd of professionals' fixed proactive disposition (the 'Dinges' tail)", "essay: the 'Dinges'"),
    _p("orientation_sd", "float", 0, 5, "logit", "professionals", "sd of professionals' fixed preferences for each professionalism orientation", "essay Tables 1a-1c: four kinds of professionalism"),
    _p("behaviour_noise", "float", 0, 5, "logit", "professionals", "sd of weekly noise in proactivity's target", "stochasticity"),
    _p("output_pull", "float", 0, 10, "logit", "professionals", "measured output steering's pull of effort toward methodical/output work", "Holmström & Milgrom 1991; essay Table 1c"),
    _p("innovation_damping", "float", 0, 10, "logit", "professionals", "scrutiny's damping of knowledge/innovation effort", "SF7 (Gino & Staats 2019: bias toward fitting in)"),
    _p("conformity_base", "float", 0, 0.5, "1", "professionals", "Friedkin-Johnsen susceptibility to the team at zero scrutiny", "Friedkin & Johnsen 1990"),
    _p("conformity_scrutiny", "float", 0, 0.5, "1", "professionals", "rise of susceptibility to the team per unit scrutiny", "SF7 (Powell & DiMaggio 1991)"),
    _p("imposed_weight", "float", 0, 1, "1", "professionals", "influence weight of a manager whose vision is imposed (a co-created manager is one peer among the team)", "SF5, Friedkin & Johnsen 1990"),
    _p("familiar_nudge", "float", 0, 1, "1", "professionals", "share of the effort profile a manager models that scrutiny shifts to familiar methodical work (at full scrutiny)", "SF7: managers uncertain about targets nudge staff back toward familiar behaviour"),
    _p("contact_rate", "float", 0, 50, "contacts/week", "professionals", "partner-contact intensity of a fully proactive, fully network-oriented professional with a fully open partner", "essay: connective professionalism"),
    _p("tie_gain", "float", 0, 1, "1", "professionals", "growth of a tie toward 1 at a contact", "essay: connective professionalism"),
    _p("tie_decay", "float", 0, 1, "1/week", "professionals", "weekly decay of every tie", "essay: connective professionalism"),
    _p("self_report_bias", "float", 0, 1, "1", "professionals", "self-enhancement in self-reported collaboration (share of the gap to 1)", "SF8"),
    # --- service ---------------------------------------------------------------------------------
    _p("problem_domain_prob", "float", 0, 1, "1", "service", "probability that a new client has a problem in each of six life domains", "essay, setting"),
    _p("creaming", "float", 0, 20, "1", "service", "creaming: attention skew toward near clients per unit pressure x output steering", "SF9; creaming and parking"),
    _p("client_rate", "float", 0.001, 1, "1/week", "service", "weekly relaxation rate of clients' felt understanding, respect and motivation", "SF9"),
    _p("understood_involvement", "float", 0, 10, "logit", "service", "client involvement's effect on feeling understood (curiosity about the lifeworld)", "SF9"),
    _p("system_world", "float", 0, 10, "logit", "service", "methodical/efficiency focus pushing the client's lifeworld out of view", "SF9 (Habermas: system world)"),
    _p("respect_wellbeing", "float", 0, 10, "logit", "service", "professional well-being's effect on clients' felt respect", "SF9"),
    _p("empowerment", "float", 0, 10, "logit", "service", "coproduction's effect on client motivation", "essay: coproducing professionalism"),
    _p("placement_base", "float", 0, 1, "1/week", "service", "placement hazard scale", "calibration"),
    _p("distance_effect", "float", 0, 10, "1", "service", "log-hazard penalty of distance to the labour market", "essay, setting"),
    _p("method_weight", "float", 0, 10, "1", "service", "placement channel of methodical/output work", "essay Table 1c"),
    _p("coproduction_weight", "float", 0, 10, "1", "service", "placement channel of client involvement x client motivation", "essay Table 1c"),
    _p("network_weight", "float", 0, 10, "1", "service", "placement channel of partner ties", "essay Table 1c; connective"),
    _p("relapse_base", "float", 0, 1, "1/week", "service", "relapse hazard of an average-fit placement", "SF9; sustainable placement"),
    _p("relapse_fit", "float", 0, 10, "1", "service", "log-hazard reduction of relapse per unit of fit at placement", "SF9"),
    _p("relapse_distance", "float", 0, 10, "1", "service", "log-hazard increase of relapse per unit distance", "essay, setting"),
    _p("relapse_support", "float", 0, 10, "1", "service", "log-hazard reduction of relapse per unit of the professional's ties to care, housing, debt-help, UWV and welfare partners, times the client's distance", "essay: 'Op koers' joint approach; connective professionalism"),
    _p("followup_weeks", "int", 1, 520, "weeks", "service", "weeks in work after which a placement counts as sustainable", "model brief, observables"),
    # --- observation -------------------------------------------------------------------------------
    _p("passive_threshold", "float", 0, 1, "1", "observation", "team passivity above which the team is in the passive-drift regime", "model brief, regimes"),
]
# fmt: on

PARAMETERS: dict[str, ParameterSpec] = {spec.name: spec for spec in _SPECS}
"""Every model parameter's declared constraints, by name, in signature order."""


def defaults() -> dict[str, Any]:
    """Return the default value of every model parameter, read from the model's signature."""
    from leadsim.model import LeadershipModel

    signature = inspect.signature(LeadershipModel.__init__)
    return {name: signature.parameters[name].default for name in PARAMETERS}


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def check_parameter(spec: ParameterSpec, value: object) -> None:
    """Check one value against its spec.

    Raises:
        ParameterTypeError: The value has the wrong type.
        ParameterError: The value is out of range or not an allowed choice.
    """
    name = spec.name
    if spec.kind == "int":
        if not _is_int(value):
            raise ParameterTypeError(name, spec.rule, value)
    elif spec.kind == "float":
        if not _is_number(value):
            raise ParameterTypeError(name, spec.rule, value)
        if math.isnan(float(value)):  # type: ignore[arg-type]
            raise ParameterError(name, spec.rule, value)
    elif spec.kind == "bool":
        if not isinstance(value, bool | np.bool_):
            raise ParameterTypeError(name, spec.rule, value)
        return
    elif spec.kind == "choice":
        if not isinstance(value, str):
            raise ParameterTypeError(name, spec.rule, value)
        if value not in spec.choices:
            raise ParameterError(name, spec.rule, value)
        return
    elif spec.kind in ("style", "optional_style"):
        if value is None and spec.kind == "optional_style":
            return
        if value is None:
            raise ParameterTypeError(name, spec.rule, value)
        resolve_style(value, field=name)  # type: ignore[arg-type]
        return
    number = float(value)  # type: ignore[arg-type]
    if (spec.low is not None and number < spec.low) or (spec.high is not None and number > spec.high):
        raise ParameterError(name, spec.rule.replace("an integer ", "").replace("a number ", ""), value)


def validate_parameters(values: Mapping[str, object]) -> None:
    """Check every parameter in ``values`` against :data:`PARAMETERS`.

    Args:
        values: Parameter names and values (a subset of the model's keywords).

    Raises:
        ParameterError: An unknown name (the valid names are listed), or a value out of range.
        ParameterTypeError: A value of the wrong type.
    """
    for name, value in values.items():
        spec = PARAMETERS.get(name)
        if spec is None:
            import difflib

            close = difflib.get_close_matches(name, PARAMETERS, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(
                name, f"is not a leadsim parameter{hint} (valid names: {', '.join(PARAMETERS)})", value
            )
        check_parameter(spec, value)
