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
    "BASES",
    "PARAMETERS",
    "PRESSURE_SCENARIOS",
    "ParameterSpec",
    "defaults",
    "validate_parameters",
]

PRESSURE_SCENARIOS: tuple[str, ...] = ("constant", "ramp", "cycle", "shock", "endogenous")

Kind = Literal["int", "float", "bool", "choice", "style", "optional_style"]
Basis = Literal["data", "study", "assumption", "setting"]
BASES: tuple[str, ...] = ("data", "study", "assumption", "setting")
"""What a parameter's value rests on (see :class:`ParameterSpec`)."""


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
        source: The study or data figure it rests on, or what the assumption is. Never a
            stylized fact: the facts are the model's tests, not its inputs.
        basis: ``data`` (a published figure), ``study`` (form and direction from the cited
            study), ``assumption`` (the modellers' choice, declared) or ``setting`` (a scenario
            or experiment choice).
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
    basis: Basis
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
            return "must be a style name or a mapping of the four intensities, each in [0, 1]"
        return "must be None (adaptive managers), a style name or a mapping of the four intensities"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _p(name, kind, low, high, unit, group, doc, source, basis, choices=()):
    return ParameterSpec(name, kind, low, high, unit, group, doc, source, basis, tuple(choices))


# fmt: off
# Sources. ``basis`` says what a value rests on: "data" (a published figure), "study" (the form
# and direction follow the cited study; the size is then still an assumption unless the source
# says more), "assumption" (the modellers' choice, declared as such) or "setting" (a scenario or
# experiment choice a user makes, not a quantity of the world). No source cites a stylized fact:
# the facts are what the model is tested on (docs/validation.md). Where a term is the one a fact
# rests on, the doc line says so, so a reader sees which facts are inputs.
_SPECS: list[ParameterSpec] = [
    # --- structure and scale -------------------------------------------------------------
    _p("n_teams", "int", 1, 100_000, "teams", "structure", "number of teams, one manager each", "a mid-sized municipal work-and-income department", "setting"),
    _p("team_size", "int", 1, 1_000, "professionals", "structure", "professionals per team", "span of control of a Dutch team manager; no national figure found", "assumption"),
    _p("caseload", "int", 1, 1_000, "clients", "structure", "clients in service per professional that intake tops up to", "caseloads of about 24-25 per klantmanager: SEO Bijstandsteller example municipality; Almere intensive approach capped at 25", "data"),
    _p("n_partners", "int", 0, 10_000, "partners", "structure", "external partner organisations (employers, GGZ, housing, debt help, UWV, welfare)", "the partners of a local network such as Houten's 'Op koers' joint intake", "assumption"),
    # --- organisation ----------------------------------------------------------------------
    _p("pressure", "float", 0, 1, "1", "organisation", "short-term performance pressure from upper management and politics (level of the scenario)", "scenario level", "setting"),
    _p("pressure_scenario", "choice", None, None, "-", "organisation", "how pressure moves over time: constant, ramp (rises from 0 to `pressure`), cycle (rises to `pressure` and falls back to 0, for hysteresis), shock (a temporary rise), endogenous (rises with the output shortfall)", "scenario", "setting", PRESSURE_SCENARIOS),
    _p("ramp_weeks", "int", 1, 100_000, "weeks", "organisation", "weeks over which the ramp and cycle scenarios reach `pressure` (and the cycle falls back)", "scenario", "setting"),
    _p("shock_week", "int", 0, 100_000, "weeks", "organisation", "first week of the pressure shock", "scenario", "setting"),
    _p("shock_duration", "int", 1, 100_000, "weeks", "organisation", "length of the pressure shock", "scenario", "setting"),
    _p("shock_size", "float", 0, 1, "1", "organisation", "share of the remaining headroom (1 - pressure) added during the shock", "scenario", "setting"),
    _p("pressure_feedback", "float", 0, 1, "1", "organisation", "endogenous scenario: share of the headroom (1 - pressure) filled at a full output shortfall", "size chosen by the modellers", "assumption"),
    _p("target_rate", "float", 1e-6, 1, "placements per client per week", "organisation", "placement rate upper management expects of each team", "to be calibrated on outflow to work (CBS; Divosa benchmark 2023)", "assumption"),
    _p("scrutiny", "float", 0, 1, "1", "organisation", "political and public scrutiny", "scenario level", "setting"),
    _p("tightness", "float", 0, 1, "1", "organisation", "labour-market tightness (vacancies per job seeker, scaled)", "scaled; the Dutch market had more vacancies than unemployed from 2022 (CBS)", "assumption"),
    # --- managers ------------------------------------------------------------------------------
    _p("style", "optional_style", None, None, "-", "managers", "enacted style: None for adaptive managers, or fixed intensities (a name or four numbers in [0, 1]) for every manager", "experiment choice", "setting"),
    _p("intended_style", "style", None, None, "-", "managers", "centre of adaptive managers' intended style s0 (intensities)", "experiment choice", "setting"),
    _p("style_diversity", "float", 0, 1, "1", "managers", "mix weight of uniform random intensities in each manager's intended style", "size chosen by the modellers", "assumption"),
    _p("co_creation", "float", 0, 1, "1", "managers", "initial vision co-creation c (1 co-created, 0 imposed)", "initial condition; the essay's managers find co-creation hard", "assumption"),
    _p("reflection", "float", 0, 1, "1", "managers", "initial reflection rho ('reflection in action', Schön 1983)", "initial condition", "assumption"),
    _p("isolation", "float", 0, 1, "1", "managers", "initial professional isolation L", "initial condition; the essay's managers are 'professionally lonely'", "assumption"),
    _p("visibility", "float", 0, 1, "1", "managers", "initial probability p_vis that a manager sees a professional's collaboration in a week (the term the SF8 gap rests on, with self_report_bias)", "initial condition", "assumption"),
    _p("theory_of_change", "float", 0, 1, "1", "managers", "initial share of a manager's change response that follows an explicit theory of change", "initial condition", "assumption"),
    _p("style_rate", "float", 0, 1, "1/week", "managers", "weekly rate at which enacted intensities move toward the desired style (habits change over months)", "size chosen by the modellers (half-life about 14 weeks)", "assumption"),
    _p("action_bias", "float", 0, 1, "1", "managers", "share of the urge to steer that pressure causes even when output meets the target: 1 is a pure bias toward action, 0 pure performance feedback (a competing-submodel axis)", "Gino & Staats 2019 (bias toward action); Cyert & March 1963, Greve 2003 (performance feedback)", "study"),
    _p("compensation_form", "choice", None, None, "-", "managers", "how supportive attention answers steering (competing submodels): strain (managers answer perceived staff strain), coupled (a fixed share of the urge to steer), none", "competing submodels, see docs/validation.md", "setting", ("strain", "coupled", "none")),
    _p("compensation", "float", 0, 1, "1", "managers", "coupled compensation only: supportive step per unit urge to steer (the term SF2 rests on in that submodel)", "size chosen by the modellers", "assumption"),
    _p("care_response", "float", 0, 5, "1", "managers", "strain compensation only: rise of desired supportive attention per unit of perceived strain (as a share of the headroom)", "size chosen by the modellers", "assumption"),
    _p("wellbeing_norm", "float", 0.01, 1, "1", "managers", "strain compensation only: team well-being a manager regards as normal; strain is the relative shortfall below it", "set to the mean initial well-being, Beta(6, 4)", "assumption"),
    _p("attention_budget", "bool", None, None, "-", "managers", "whether a finite weekly attention budget forces trade-offs between the styles (False: no trade-off; a competing submodel)", "Mintzberg 1973: managerial work is brief, fragmented and driven by the day's demands", "study"),
    _p("firefighting", "float", 0, 1, "1 (share of a week)", "managers", "share of a manager's week taken by operational demands (incidents, reporting, escalations) at full pressure", "size chosen by the modellers; Mintzberg 1973 for the form", "assumption"),
    _p("steering_cost", "float", 0.01, 1, "1 (share of a week)", "managers", "share of a week that full-intensity hierarchical steering takes (monitoring, performance talks)", "size chosen by the modellers", "assumption"),
    _p("support_cost", "float", 0.01, 1, "1 (share of a week)", "managers", "share of a week that full-intensity supportive attention takes (check-ins, personal talks)", "size chosen by the modellers", "assumption"),
    _p("accountability_cost", "float", 0.01, 1, "1 (share of a week)", "managers", "share of a week that full-intensity accountable leadership takes (case reviews, account-giving talks)", "size chosen by the modellers", "assumption"),
    _p("vision_cost", "float", 0.01, 1, "1 (share of a week)", "managers", "share of a week that full-intensity visionary leadership takes (team sessions on the craft)", "size chosen by the modellers", "assumption"),
    _p("reflection_erosion", "float", 0, 0.1, "1/week", "managers", "weekly erosion of reflection at full pressure and full isolation ('knowing in action', Schön 1983)", "size chosen by the modellers", "assumption"),
    _p("isolation_drift", "float", 0, 0.1, "1/week", "managers", "weekly rise of isolation toward 1 without peer contact", "size chosen by the modellers", "assumption"),
    _p("output_noise", "float", 0, 5, "1 (relative to target)", "managers", "sd of the noise on the observed weekly placement rate, relative to the target", "size chosen by the modellers", "assumption"),
    _p("perception_memory", "float", 0.001, 1, "1/week", "managers", "weight of the newest observation in managers' perceived output, collaboration and well-being (EWMA)", "size chosen by the modellers (memory of about ten weeks)", "assumption"),
    _p("collaboration_aim", "float", 0, 1, "1", "managers", "collaboration managers want to see; a perceived shortfall triggers a change response", "size chosen by the modellers", "assumption"),
    _p("change_push", "float", 0, 1, "1", "managers", "share of the headroom added to desired steering (or accountability and vision, with a theory of change) at a full perceived collaboration shortfall (the term SF6 rests on)", "size chosen by the modellers", "assumption"),
    _p("action_learning", "bool", None, None, "-", "managers", "peer action learning programme for managers (duos across teams)", "experiment choice (the essay's Actielab)", "setting"),
    _p("action_learning_interval", "int", 1, 520, "weeks", "managers", "weeks between action-learning meetings", "programme design; monthly meetings assumed", "setting"),
    _p("action_learning_gain", "float", 0, 1, "1", "managers", "learning per meeting at full trust", "size chosen by the modellers", "assumption"),
    _p("trust_rate", "float", 0, 1, "1", "managers", "rise of a manager's trust in the peer group per meeting (the delay before effects show)", "size chosen by the modellers", "assumption"),
    _p("learning_form", "choice", None, None, "-", "managers", "what action learning changes (competing submodels): reframe (double-loop: the intended style moves toward vision and accountability) or restore (single-loop: reflection and sight only)", "Argyris & Schön 1978 (double- and single-loop learning); McGregor 1960", "study", ("reframe", "restore")),
    # --- professionals ---------------------------------------------------------------------------
    _p("initial_proactivity", "float", 0.01, 0.99, "1", "professionals", "mean of professionals' initial proactivity, Beta with concentration 10 (passivity = 1 - proactivity)", "initial condition; 0.15 and 0.85 start teams passive or active (tipping-point protocol)", "setting"),
    _p("adaptation_rate", "float", 0.001, 1, "1/week", "professionals", "weekly relaxation rate of motivation, well-being, role ambiguity, felt accountability and proactivity", "size chosen by the modellers", "assumption"),
    _p("effort_rate", "float", 0.001, 1, "1/week", "professionals", "weekly relaxation rate of effort shares toward the desired allocation", "size chosen by the modellers", "assumption"),
    _p("autonomy_base", "float", -10, 10, "logit", "professionals", "intercept of autonomous motivation", "size chosen by the modellers", "assumption"),
    _p("autonomy_support", "float", 0, 10, "logit", "professionals", "accountable and co-created visionary leadership's support of autonomous motivation", "Deci, Koestner & Ryan 1999; Slemp et al. 2018 (leader autonomy support)", "study"),
    _p("support_crowding_in", "float", 0, 10, "logit", "professionals", "supportive attention perceived as acknowledging crowds autonomous motivation in", "Frey & Jegen 2001 (crowding in)", "study"),
    _p("crowding_out", "float", 0, 10, "logit", "professionals", "hierarchical steering's crowding-out of autonomous motivation", "Frey & Jegen 2001; Deci, Koestner & Ryan 1999", "study"),
    _p("control_base", "float", -10, 10, "logit", "professionals", "intercept of controlled motivation", "size chosen by the modellers", "assumption"),
    _p("control_gain", "float", 0, 10, "logit", "professionals", "hierarchical steering's raising of controlled motivation", "Frey & Jegen 2001", "study"),
    _p("control_scrutiny", "float", 0, 10, "logit", "professionals", "scrutiny's raising of controlled motivation", "size chosen by the modellers", "assumption"),
    _p("support_form", "choice", None, None, "-", "professionals", "how supportive attention acts (competing submodels): resource (job resource and crowding in only) or comfort (it also raises role ambiguity, the essay's reading)", "Crawford, LePine & Rich 2010 and Frey & Jegen 2001 (resource); the essay's reading of its survey (comfort)", "study", ("resource", "comfort")),
    _p("ambiguity_base", "float", -10, 10, "logit", "professionals", "role ambiguity when a manager gives no direction at all (laissez-faire)", "Skogstad et al. 2007 (laissez-faire raises role ambiguity); size chosen by the modellers", "study"),
    _p("ambiguity_support", "float", 0, 10, "logit", "professionals", "comfort submodel only: role ambiguity added per unit supportive attention (the term SF3 rests on in that submodel)", "size chosen by the modellers", "assumption"),
    _p("clarity_accountable", "float", 0, 10, "logit", "professionals", "clarity that accountable leadership gives (lowers role ambiguity)", "Rizzo, House & Lirtzman 1970; Tummers & Knies 2016", "study"),
    _p("clarity_vision", "float", 0, 10, "logit", "professionals", "clarity that a vision gives (lowers role ambiguity)", "Van Knippenberg & Stam 2014", "study"),
    _p("clarity_hierarchical", "float", 0, 10, "logit", "professionals", "clarity that output steering gives (initiating structure)", "Judge, Piccolo & Ilies 2004 (initiating structure); size chosen by the modellers", "study"),
    _p("imposed_clarity", "float", 0, 1, "1", "professionals", "share of a vision's clarity that survives when it is imposed (the term SF5 rests on)", "size chosen by the modellers; Bernards 2021 for the direction", "assumption"),
    _p("accountability_base", "float", -10, 10, "logit", "professionals", "intercept of felt accountability", "size chosen by the modellers", "assumption"),
    _p("accountability_gain", "float", -10, 10, "logit", "professionals", "accountable leadership's effect on felt accountability (negative values are allowed for experiments)", "Tummers & Knies 2016 (accountability leadership)", "study"),
    _p("accountability_vision", "float", 0, 10, "1", "professionals", "felt accountability from a co-created vision, relative to accountable leadership", "size chosen by the modellers", "assumption"),
    _p("accountability_output", "float", 0, 10, "logit", "professionals", "felt accountability from output steering (accountability to the commissioner)", "size chosen by the modellers", "assumption"),
    _p("wellbeing_base", "float", -10, 10, "logit", "professionals", "intercept of well-being", "size chosen by the modellers", "assumption"),
    _p("support_resource", "float", 0, 10, "logit", "professionals", "supportive leadership as a job resource for well-being", "Crawford, LePine & Rich 2010; Judge, Piccolo & Ilies 2004 (consideration and satisfaction, rho = .46)", "study"),
    _p("wellbeing_autonomy", "float", 0, 10, "logit", "professionals", "autonomous motivation's effect on well-being", "Deci & Ryan 2000 (self-determination theory)", "study"),
    _p("hindrance", "float", 0, 10, "logit", "professionals", "pressure x hierarchical steering as a hindrance demand on well-being", "Crawford, LePine & Rich 2010", "study"),
    _p("wellbeing_ambiguity", "float", 0, 10, "logit", "professionals", "role ambiguity as a hindrance demand on well-being", "Crawford, LePine & Rich 2010", "study"),
    _p("wellbeing_challenge", "float", 0, 10, "logit", "professionals", "accountability as a challenge demand on well-being", "Crawford, LePine & Rich 2010 (challenge demands)", "study"),
    _p("proactivity_base", "float", -10, 10, "logit", "professionals", "intercept of proactivity", "size chosen by the modellers", "assumption"),
    _p("proactivity_accountability", "float", -10, 10, "logit", "professionals", "felt accountability's effect on proactivity (a negative value, e.g. -6, reverses SF4: the validation suite's test that it can fail)", "Tummers & Knies 2016; size chosen by the modellers", "study"),
    _p("proactivity_autonomy", "float", 0, 10, "logit", "professionals", "autonomous motivation's effect on proactivity", "Parker, Bindl & Strauss 2010 (proactive motivation)", "study"),
    _p("proactivity_ambiguity", "float", 0, 10, "logit", "professionals", "role ambiguity's damping of proactivity (a hindrance lowers engagement)", "Crawford, LePine & Rich 2010", "study"),
    _p("proactivity_wellbeing", "float", 0, 10, "logit", "professionals", "well-being's (small) effect on proactivity", "Crawford, LePine & Rich 2010 (engagement is not satisfaction)", "study"),
    _p("proactivity_control", "float", 0, 10, "logit", "professionals", "controlled motivation's damping of proactivity", "Deci & Ryan 2000", "study"),
    _p("disposition_sd", "float", 0, 5, "logit", "professionals", "sd of professionals' fixed proactive disposition (the 'Dinges' tail)", "size chosen by the modellers", "assumption"),
    _p("orientation_sd", "float", 0, 5, "logit", "professionals", "sd of professionals' fixed preferences for each professionalism orientation", "size chosen by the modellers", "assumption"),
    _p("behaviour_noise", "float", 0, 5, "logit", "professionals", "sd of weekly noise in proactivity's target", "size chosen by the modellers", "assumption"),
    _p("support_client_effort", "float", 0, 10, "logit", "professionals", "supportive attention's pull of effort toward client involvement", "size chosen by the modellers", "assumption"),
    _p("output_pull", "float", 0, 10, "logit", "professionals", "measured output steering's pull of effort toward methodical/output work", "Holmström & Milgrom 1991 (multitask)", "study"),
    _p("effort_control", "float", 0, 10, "logit", "professionals", "controlled motivation's pull of effort toward methodical work", "size chosen by the modellers", "assumption"),
    _p("innovation_damping", "float", 0, 10, "logit", "professionals", "scrutiny's damping of knowledge/innovation effort (a term SF7 rests on)", "Gino & Staats 2019 (bias toward fitting in)", "study"),
    _p("conformity_base", "float", 0, 0.5, "1", "professionals", "Friedkin-Johnsen susceptibility to the team at zero scrutiny", "Friedkin & Johnsen 1990 for the form; size chosen by the modellers", "assumption"),
    _p("conformity_scrutiny", "float", 0, 0.5, "1", "professionals", "rise of susceptibility to the team per unit scrutiny (a term SF7 rests on)", "DiMaggio & Powell 1983 (isomorphism)", "study"),
    _p("imposed_weight", "float", 0, 1, "1", "professionals", "influence weight of a manager whose vision is imposed (a co-created manager is one peer among the team)", "Friedkin & Johnsen 1990 for the form; size chosen by the modellers", "assumption"),
    _p("familiar_nudge", "float", 0, 1, "1", "professionals", "share of the effort profile a manager models that scrutiny shifts to familiar methodical work, at full scrutiny (a term SF7 rests on)", "the essay's own account of the mechanism; size chosen by the modellers", "assumption"),
    _p("contact_rate", "float", 0, 50, "contacts/week", "professionals", "partner-contact intensity of a fully proactive, fully network-oriented professional with a fully open partner", "size chosen by the modellers", "assumption"),
    _p("tie_gain", "float", 0, 1, "1", "professionals", "growth of a tie toward 1 at a contact", "size chosen by the modellers", "assumption"),
    _p("tie_decay", "float", 0, 1, "1/week", "professionals", "weekly decay of every tie", "size chosen by the modellers", "assumption"),
    _p("self_report_bias", "float", 0, 1, "1", "professionals", "self-enhancement in self-reported collaboration, share of the gap to 1 (a term SF8 rests on)", "Harris & Schaubroeck 1988 (self-ratings exceed supervisor ratings); size chosen by the modellers", "study"),
    # --- service ---------------------------------------------------------------------------------
    _p("problem_domain_prob", "float", 0, 1, "1", "service", "probability that a new client has a problem in each of six life domains", "to be calibrated on the distance profile of bijstand recipients", "assumption"),
    _p("creaming", "float", 0, 20, "1", "service", "creaming: attention skew toward near clients per unit pressure x output steering (the term SF9's far-client contrast rests on)", "Koning & Heinrich 2013 (cream-skimming and parking under performance contracts)", "study"),
    _p("client_rate", "float", 0.001, 1, "1/week", "service", "weekly relaxation rate of clients' felt understanding, respect and motivation", "size chosen by the modellers", "assumption"),
    _p("understood_base", "float", -10, 10, "logit", "service", "intercept of clients' felt understanding", "size chosen by the modellers", "assumption"),
    _p("understood_involvement", "float", 0, 10, "logit", "service", "client involvement's effect on feeling understood (curiosity about the lifeworld)", "size chosen by the modellers", "assumption"),
    _p("system_world", "float", 0, 10, "logit", "service", "methodical/efficiency focus pushing the client's lifeworld out of view (a term SF9 rests on)", "Habermas 1981 (colonisation of the lifeworld); size chosen by the modellers", "assumption"),
    _p("respected_base", "float", -10, 10, "logit", "service", "intercept of clients' felt respect", "size chosen by the modellers", "assumption"),
    _p("respect_wellbeing", "float", 0, 10, "logit", "service", "professional well-being's effect on clients' felt respect", "size chosen by the modellers", "assumption"),
    _p("motivation_base", "float", -10, 10, "logit", "service", "intercept of client motivation", "size chosen by the modellers", "assumption"),
    _p("empowerment", "float", 0, 10, "logit", "service", "coproduction's effect on client motivation", "size chosen by the modellers", "assumption"),
    _p("placement_base", "float", 0, 1, "1/week", "service", "placement hazard scale", "to be calibrated on exit to work: about 12% of bijstand recipients a year in 2021 (CBS)", "assumption"),
    _p("distance_effect", "float", 0, 10, "1", "service", "log-hazard penalty of distance to the labour market", "size chosen by the modellers", "assumption"),
    _p("method_weight", "float", 0, 10, "1", "service", "placement channel of methodical/output work", "size chosen by the modellers", "assumption"),
    _p("coproduction_weight", "float", 0, 10, "1", "service", "placement channel of client involvement x client motivation", "size chosen by the modellers", "assumption"),
    _p("network_weight", "float", 0, 10, "1", "service", "placement channel of partner ties", "size chosen by the modellers", "assumption"),
    _p("relapse_base", "float", 0, 1, "1/week", "service", "relapse hazard of an average-fit placement", "to be calibrated: 82% of the 2021 exit-to-work cohort still in work after 6 months (CBS)", "assumption"),
    _p("relapse_fit", "float", 0, 10, "1", "service", "log-hazard reduction of relapse per unit of fit at placement", "size chosen by the modellers", "assumption"),
    _p("relapse_distance", "float", 0, 10, "1", "service", "log-hazard increase of relapse per unit distance", "size chosen by the modellers", "assumption"),
    _p("relapse_support", "float", 0, 10, "1", "service", "log-hazard reduction of relapse per unit of the professional's ties to care, housing, debt-help, UWV and welfare partners, times the client's distance", "size chosen by the modellers", "assumption"),
    _p("followup_weeks", "int", 1, 520, "weeks", "service", "weeks in work after which a placement counts as sustainable", "CBS measures durability at 6 and 18 months after exit", "data"),
    # --- observation -------------------------------------------------------------------------------
    _p("passive_threshold", "float", 0, 1, "1", "observation", "team passivity above which the team is classified as in the passive-drift regime (a classification threshold, not a boundary in the dynamics)", "classification choice", "setting"),
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
