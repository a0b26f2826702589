"""Tests of the virtual survey (leadsim.survey): estimator, measurement model, design, null test, CLI.

These tests check the survey's machinery: that the estimator recovers known coefficients, that
the measurement model gives the declared variance shares and inflates correlations as
common-method theory says, that the sample is a sample, and that the null test works. Whether
the model's survey agrees with the essay's signs is a finding the report states (agrees /
disagrees), not something a test asserts.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsim.cli import main
from leadsim.errors import LeadsimError, ParameterError, ParameterTypeError
from leadsim.parameters import validate_parameters
from leadsim.styles import STYLE_KINDS
from leadsim.survey import (
    BENCHMARKS,
    ESSAY_CLAIMS,
    NULL_EFFECTS,
    OUTCOMES,
    PREDICTORS,
    SurveyDesign,
    compare,
    conduct_survey,
    cronbach_alpha,
    estimate,
    expected_correlation,
    loadings,
    organisation_plan,
    rate_scales,
    replicate_designs,
    run_survey,
    simulate_population,
    standardised_ols,
)
from leadsim.survey.estimation import COEFFICIENT_COLUMNS
from leadsim.survey.report import COMPARISON_COLUMNS, verdict

SEED = 42
SMALL = {
    "population_organisations": 4,
    "organisations": 3,
    "teams": 3,
    "managers": 6,
    "professionals": 30,
    "weeks": 8,
}


def coefficient(result, outcome: str, kind: str, model: str = "multiple") -> pd.Series:
    c = result.coefficients
    rows = c[(c.outcome == outcome) & (c.predictor == f"perceived_{kind}") & (c.model == model)]
    assert len(rows) == 1
    return rows.iloc[0]


# ---------------------------------------------------------------------------- the estimator
def synthetic(
    seed: int, beta: float = 0.5, clusters: int = 40, size: int = 5, icc: float = 0.3
) -> pd.DataFrame:
    """Two independent standard-normal predictors with team components; y = beta x1 + 0 x2 + e.

    Every variable has variance 1 in the population, so the standardised coefficients are exactly
    beta and 0.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    team = np.repeat(np.arange(clusters), size)

    def clustered() -> np.ndarray:
        return math.sqrt(icc) * rng.standard_normal(clusters)[team] + math.sqrt(
            1 - icc
        ) * rng.standard_normal(len(team))

    x1, x2, e = clustered(), clustered(), clustered()
    y = beta * x1 + math.sqrt(1 - beta**2) * e
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "team": team})


def test_recovers_a_known_standardised_coefficient_within_its_interval():
    table = standardised_ols(synthetic(7), "y", ["x1", "x2"], "team").set_index("predictor")
    assert table.loc["x1", "ci_low"] <= 0.5 <= table.loc["x1", "ci_high"]
    assert table.loc["x1", "ci_low"] > 0  # and tells it apart from zero
    assert table.loc["x2", "ci_low"] <= 0.0 <= table.loc["x2", "ci_high"]
    assert table.loc["x1", "clusters"] == 40 and table.loc["x1", "n"] == 200


def test_interval_coverage_is_near_nominal():
    """Over 200 synthetic surveys the 95% intervals cover the true coefficients about 95% of the time."""
    covered = {"x1": 0, "x2": 0}
    for seed in range(200):
        table = standardised_ols(synthetic(seed), "y", ["x1", "x2"], "team").set_index("predictor")
        covered["x1"] += table.loc["x1", "ci_low"] <= 0.5 <= table.loc["x1", "ci_high"]
        covered["x2"] += table.loc["x2", "ci_low"] <= 0.0 <= table.loc["x2", "ci_high"]
    for name, count in covered.items():
        assert 0.90 <= count / 200 <= 0.99, (name, count)


def test_standardised_beta_is_the_raw_slope_rescaled_and_bivariate_beta_is_r():
    data = synthetic(3)
    data["x1"] = 10 + 3 * data["x1"]  # units must not matter
    table = standardised_ols(data, "y", ["x1", "x2"], "team").set_index("predictor")
    design = np.column_stack([np.ones(len(data)), data["x1"], data["x2"]])
    raw = np.linalg.lstsq(design, data["y"].to_numpy(), rcond=None)[0]
    assert table.loc["x1", "beta"] == pytest.approx(raw[1] * data["x1"].std() / data["y"].std(), rel=1e-10)
    single = standardised_ols(data, "y", ["x1"], "team")
    assert single["beta"].iloc[0] == pytest.approx(data["y"].corr(data["x1"]), rel=1e-10)


def test_estimate_fits_multiple_and_bivariate_models():
    data = synthetic(1)
    table = estimate(data, ["y"], ["x1", "x2"], "team")
    assert list(table.columns) == list(COEFFICIENT_COLUMNS)
    assert table["model"].tolist() == ["multiple", "multiple", "bivariate", "bivariate"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"predictors": []}, "predictors"),
        ({"level": 1.0}, "level"),
        ({"outcome": "nope"}, "data"),
        ({"groups": "one"}, "clusters"),
        ({"outcome": "flat"}, "flat"),
        ({"predictors": ["x1", "minus_x1"]}, "predictors"),
    ],
)
def test_estimator_refuses_unusable_input(change, field):
    data = synthetic(1).assign(one=0, flat=1.0, minus_x1=lambda d: 1 - d["x1"])
    args = {"data": data, "outcome": "y", "predictors": ["x1"], "groups": "team", **change}
    with pytest.raises(ParameterError) as info:
        standardised_ols(**args)
    assert info.value.field == field


# ---------------------------------------------------------------------------- measurement model
def test_without_error_or_method_the_ratings_are_the_rating_scale_of_the_true_scores():
    true = np.array([[0.7, 0.1, 0.1, 0.1], [0.5, 0.5, 0.5, 0.5]])
    load = loadings(np.full(4, 0.2), method_share=0.0, error_share=0.0, items=3)
    rng = np.random.default_rng(0)
    view = rate_scales(true, rng.standard_normal(2), rng.standard_normal((2, 4, 3)), load, scale_points=5)
    assert view.ratings.shape == (2, 4, 3)
    np.testing.assert_array_equal(view.scores, 1 + np.rint(4 * true))


def correlated_true_scores(rho: float, n: int, seed: int) -> np.ndarray:
    """Two true scores around 0.5 with sd 0.1 and correlation rho (far from the scale's ends)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    z1, z2 = rng.standard_normal(n), rng.standard_normal(n)
    return 0.5 + 0.1 * np.column_stack([z1, rho * z1 + math.sqrt(1 - rho**2) * z2])


def rated_correlation(
    true: np.ndarray, *, method_share: float, error_share: float, seed: int, shared: bool
) -> float:
    """Correlation of two scale scores (10 items, 11 points); shared=False gives each scale its own rater."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    n = len(true)
    load = loadings(np.full(2, 0.1), method_share=method_share, error_share=error_share, items=10)
    method_a, method_b = rng.standard_normal(n), rng.standard_normal(n)
    eps = rng.standard_normal((n, 2, 10))
    a = rate_scales(true, method_a, eps, load, scale_points=11).scores
    b = rate_scales(true, method_a if shared else method_b, eps, load, scale_points=11).scores
    return float(np.corrcoef(a[:, 0], b[:, 1])[0, 1])


@pytest.mark.parametrize("rho", [0.0, 0.5])
def test_common_method_variance_inflates_a_correlation_as_theory_says(rho):
    """Same respondent: r = rho t + m (Doty & Glick shares); without the method factor: r = rho t."""
    true = correlated_true_scores(rho, 20_000, seed=11)
    with_cmv = rated_correlation(true, method_share=0.32, error_share=0.22, seed=12, shared=True)
    assert with_cmv == pytest.approx(expected_correlation(rho, method_share=0.32, error_share=0.22), abs=0.03)
    assert with_cmv == pytest.approx(rho * 0.46 + 0.32, abs=0.03)
    without = rated_correlation(true, method_share=0.0, error_share=0.22, seed=12, shared=True)
    assert without == pytest.approx(rho * 0.78, abs=0.03)
    assert with_cmv - without > 0.15  # the inflation is there and is large


def test_two_sources_recover_the_attenuated_coefficient_without_inflation():
    """Predictor and outcome from different respondents: no shared method factor, only attenuation."""
    true = correlated_true_scores(0.5, 20_000, seed=13)
    two_sources = rated_correlation(true, method_share=0.32, error_share=0.22, seed=14, shared=False)
    # each score's trait share is t = 0.46, so r = rho * t, not rho * t + m
    assert two_sources == pytest.approx(0.5 * 0.46, abs=0.03)


def test_loadings_give_the_declared_shares_and_alpha_falls_with_error():
    true = correlated_true_scores(0.0, 20_000, seed=15)[:, :1]
    rng = np.random.default_rng(16)
    method, eps = rng.standard_normal(len(true)), rng.standard_normal((len(true), 1, 4))
    load = loadings(np.array([0.1]), method_share=0.3, error_share=0.2, items=4)
    latent = true[:, 0] + load.method[0] * method + load.error[0] * eps[:, 0, :].mean(axis=1)
    assert np.var(latent) == pytest.approx(0.01 / 0.5, rel=0.05)  # trait share 0.5 of the total
    alphas = []
    for error_share in (0.05, 0.5):
        view = rate_scales(
            true,
            method,
            eps,
            loadings(np.array([0.1]), method_share=0.1, error_share=error_share, items=4),
            scale_points=7,
        )
        assert view.ratings.min() >= 1 and view.ratings.max() <= 7
        alphas.append(cronbach_alpha(view.ratings[:, 0, :]))
    assert 0 < alphas[1] < alphas[0] <= 1


@pytest.mark.parametrize(
    ("shares", "field"),
    [((-0.1, 0.2), "method_share"), ((0.3, 1.0), "error_share"), ((0.6, 0.4), "error_share")],
)
def test_loadings_refuse_shares_that_leave_no_trait_variance(shares, field):
    with pytest.raises(ParameterError) as info:
        loadings(np.ones(2), method_share=shares[0], error_share=shares[1], items=4)
    assert info.value.field == field


def test_cronbach_alpha_edge_cases():
    assert math.isnan(cronbach_alpha(np.ones((5, 1))))
    assert math.isnan(cronbach_alpha(np.full((5, 3), 2)))
    parallel = np.repeat(np.arange(6)[:, None], 4, axis=1)
    assert cronbach_alpha(parallel) == pytest.approx(1.0)


# ---------------------------------------------------------------------------- design
def test_population_crosses_pressure_and_intended_style():
    design = SurveyDesign()
    plan = organisation_plan(design)
    assert len(plan) == design.population_organisations == 30
    pressures = [p["pressure"] for p in plan]
    assert pressures == sorted(pressures) and pressures[0] == 0.2 and pressures[-1] == pytest.approx(0.8)
    assert {p["n_teams"] for p in plan} == {design.teams}
    by_style: dict[str, list[float]] = {}
    for p in plan:
        by_style.setdefault(p["intended_style"], []).append(p["pressure"])
    assert "laissez_faire" in by_style  # the absence of leadership is in the population
    assert all(len(v) == 5 and min(v) < 0.5 < max(v) for v in by_style.values())


def test_the_managers_are_a_sample_not_a_census():
    design = SurveyDesign()
    assert design.frame_managers == 360 and design.managers == 60  # one in six
    assert design.frame_professionals == 3600 and design.professionals == 150


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"professionals": 5}, "professionals"),
        ({"professionals": 601}, "professionals"),
        ({"managers": 121}, "managers"),
        ({"managers": 5}, "managers"),
        ({"organisations": 31}, "organisations"),
        ({"population_organisations": 0}, "population_organisations"),
        ({"method_share": -0.1}, "method_share"),
        ({"method_share": float("nan")}, "method_share"),
        ({"method_share": 0.6, "error_share": 0.4}, "error_share"),
        ({"rater": "boss"}, "rater"),
        ({"cluster": "city"}, "cluster"),
        ({"scale_points": 1}, "scale_points"),
        ({"pressure_min": 0.9}, "pressure_max"),
        ({"intended_styles": ("bossy",)}, "intended_styles"),
        ({"intended_styles": ()}, "intended_styles"),
        ({"null_styles": ("visionary",)}, "null_styles"),
        ({"null_styles": ("supportive",), "model": {"support_resource": 1.0}}, "support_resource"),
        ({"model": {"pressure": 0.3}}, "pressure"),
        ({"model": {"n_teams": 3}}, "n_teams"),
        ({"model": {"reflection": 2.0}}, "reflection"),
        ({"model": {"reflektion": 0.5}}, "reflektion"),
        ({"weeks": 1.5}, "weeks"),
    ],
)
def test_design_refuses_bad_values_naming_the_field(kwargs, field):
    with pytest.raises((ParameterError, ParameterTypeError)) as info:
        SurveyDesign(**kwargs)
    assert isinstance(info.value, LeadsimError)
    assert info.value.field == field
    assert repr(info.value.value)[:20] in str(info.value)


def test_the_null_set_names_real_parameters_and_reaches_every_organisation():
    null = dict(NULL_EFFECTS["supportive"])
    validate_parameters(null)  # every name is a model parameter with a valid value
    assert {"support_resource", "support_crowding_in", "support_client_effort"} <= set(null)
    assert null["support_form"] == "resource" and null["attention_budget"] is False
    plan = organisation_plan(SurveyDesign(null_styles=("supportive",)))
    assert all(all(p[k] == v for k, v in null.items()) for p in plan)


def test_frame_size_follows_model_overrides():
    design = SurveyDesign(
        population_organisations=3,
        organisations=2,
        teams=4,
        managers=8,
        professionals=10,
        model={"team_size": 5},
    )
    assert (design.frame_managers, design.frame_professionals) == (12, 60)


# ---------------------------------------------------------------------------- the survey
@pytest.fixture(scope="module")
def population():
    """The default population (30 organisations of 12 teams, 104 weeks) at the root seed."""
    return simulate_population(seed=SEED)


@pytest.fixture(scope="module")
def survey(population):
    """The survey at the essay's size (150 professionals, 60 managers) from the default population."""
    return conduct_survey(population)


def test_survey_is_a_two_stage_sample_of_the_essay_size(survey):
    respondents = survey.respondents
    pros, mgrs = survey.professionals, survey.managers
    assert len(pros) == 150 and len(mgrs) == 60
    assert survey.organisations["sampled"].sum() == 10 and len(survey.organisations) == 30
    assert mgrs.groupby("organisation").size().tolist() == [6] * 10  # 60 teams over 10 organisations
    per_team = pros.groupby("team").size()
    assert set(per_team) == {2, 3} and per_team.sum() == 150
    assert set(pros["team"]) == set(mgrs["team"])  # every professional's manager is in the sample
    assert set(survey.coefficients["outcome"]) == set(OUTCOMES)
    assert set(PREDICTORS) < set(survey.coefficients["predictor"])
    assert survey.coefficients["clusters"].max() == 10  # clustered by organisation, the PSU
    true = pros.groupby("team")[[f"true_{k}" for k in STYLE_KINDS]].nunique()
    assert (true == 1).all().all()  # professionals of one team rate the same manager
    assert set(survey.organisations["seed"]) >= set(respondents["seed"])


def test_self_reports_are_measured_not_read_from_the_model(survey):
    pros = survey.professionals
    for outcome in OUTCOMES:
        r = pros[outcome].corr(pros[f"reported_{outcome}"])
        assert 0.3 < r < 0.99  # related to the truth, but with error and method variance
    # the method factor raises every rating and self-report of a respondent
    assert pros["method_factor"].corr(pros["reported_wellbeing"]) > 0.2
    assert pros["method_factor"].corr(pros["perceived_supportive"]) > 0.2


def test_common_method_variance_inflates_the_survey_correlations(population, survey):
    """The same respondents, sample and draws with and without the method factor (paired)."""
    without = conduct_survey(population, replace(population.design, method_share=0.0))
    two_sources = conduct_survey(population, replace(population.design, rater="manager"))

    def mean_r(result):
        c = result.coefficients
        pick = (c.model == "bivariate") & c.predictor.isin(PREDICTORS)
        return float(c.loc[pick, "beta"].mean())

    assert mean_r(survey) - mean_r(without) > 0.15  # theory: about method_share (1 - r)
    assert mean_r(two_sources) < mean_r(survey) - 0.15  # no shared method factor, no inflation
    mgr = survey.managers.set_index("team")
    pros = survey.professionals
    for kind in STYLE_KINDS:
        np.testing.assert_allclose(pros[f"manager_rated_{kind}"], mgr.loc[pros["team"], f"perceived_{kind}"])


def test_population_coefficients_are_the_true_score_census(population, survey):
    table = survey.population_coefficients
    assert table["n"].max() == 3600 and table["beta"].notna().all()
    pros = population.professionals
    r = pros["proactivity"].corr(pros["true_accountable"])
    row = table[(table.model == "bivariate") & (table.predictor == "perceived_accountable")]
    assert row[row.outcome == "proactivity"]["beta"].iloc[0] == pytest.approx(r, rel=1e-9)


def test_compare_reports_agreement_with_the_essay_and_every_benchmark(survey):
    table = survey.compare()
    assert list(table.columns) == list(COMPARISON_COLUMNS)
    assert len(table) == len(ESSAY_CLAIMS) + len(BENCHMARKS)
    assert table[["beta", "ci_low", "ci_high", "population_beta"]].notna().all().all()
    for row in table.itertuples():  # each verdict is the rule applied to its own interval
        reference = None if math.isnan(row.reference) else row.reference
        assert row.verdict == verdict(row.expected, row.ci_low, row.ci_high, reference)
    claims = table[table.source == "essay survey"]
    assert set(claims["verdict"]) <= {
        "agrees",
        "disagrees",
        "inconclusive (CI covers 0)",
        "agrees (negative)",
        "agrees (CI covers 0)",
    }
    laissez_faire = table[table.source.str.contains("laissez-faire")]
    assert set(laissez_faire["predictor"]) == {"absence"}  # never set beside supportive leadership
    assert compare(survey.coefficients, survey.population_coefficients).equals(table)


def test_survey_reports_reliability_and_the_perception_gap(survey):
    assert survey.reliability["alpha"].between(0, 1).all()
    assert set(survey.reliability["scale"]) == set(STYLE_KINDS) | set(OUTCOMES)
    gap = survey.perception_gap()
    assert gap["n_professionals"] == 150 and gap["n_managers"] == 60
    assert gap["ci_low"] <= gap["gap"] <= gap["ci_high"]
    report = survey.to_markdown()
    for heading in ("Standardised coefficients", "Beside the essay", "Perception gap (SF8)", "Cronbach"):
        assert heading in report
    for bench in BENCHMARKS:
        assert bench.cite in report
    assert "Doty & Glick 1998" in report


@pytest.mark.parametrize(
    ("expected", "low", "high", "reference", "answer"),
    [
        ("positive", 0.1, 0.5, None, "agrees"),
        ("positive", -0.1, 0.5, None, "inconclusive (CI covers 0)"),
        ("positive", -0.5, -0.1, None, "disagrees"),
        ("not positive", 0.1, 0.5, None, "disagrees"),
        ("not positive", -0.1, 0.5, None, "agrees (CI covers 0)"),
        ("not positive", -0.5, -0.1, None, "agrees (negative)"),
        ("size", 0.3, 0.6, 0.47, "reference inside CI"),
        ("size", 0.6, 0.9, 0.47, "estimate larger in magnitude"),
        ("size", 0.1, 0.3, 0.47, "estimate smaller in magnitude"),
        ("size", -0.6, -0.5, -0.37, "estimate larger in magnitude"),
        ("size", -0.2, -0.1, -0.37, "estimate smaller in magnitude"),
        ("size", 0.1, 0.2, -0.37, "opposite sign"),
    ],
)
def test_verdicts(expected, low, high, reference, answer):
    assert verdict(expected, low, high, reference) == answer


# ---------------------------------------------------------------------------- the null test
NULL_TEST_POPULATION = {"population_organisations": 20, "teams": 9, "null_styles": ("supportive",)}


@pytest.fixture(scope="module")
def null_replications():
    """Six replications of the essay-size survey of a population where supportive leadership does nothing.

    Each replication's population (20 organisations of 9 teams: 180 managers, 60 sampled) is
    surveyed with measurement error but no common-method variance, and with both (the defaults).
    """
    base = SurveyDesign(**NULL_TEST_POPULATION)
    return replicate_designs(
        {"error only": replace(base, method_share=0.0), "error and CMV": base}, replications=6, seed=SEED
    )


def supportive_on_proactivity(replications, level: str = "survey") -> pd.Series:
    s = replications.summary()
    pick = (s.level == level) & (s.model == "multiple") & (s.outcome == "proactivity")
    return s[pick & (s.predictor == "perceived_supportive")].iloc[0]


def test_without_a_causal_effect_the_survey_finds_no_supportive_passivity(null_replications):
    """Under the old compositional styles this was beta = -0.21 [-0.38, -0.04] with no causal effect.

    Now the mean over replications is small, no more than one survey in six finds a coefficient
    whose interval excludes 0, and the survey mirrors the population's own true-score association
    (which need not be exactly 0: adaptive managers give more supportive attention where they see
    strain, so support can follow low outcomes without causing them).
    """
    row = supportive_on_proactivity(null_replications["error only"])
    population = supportive_on_proactivity(null_replications["error only"], "population")
    assert row["replications"] == 6
    assert abs(row["mean"]) < 0.15 and row["significant"] <= 1 / 6, row.to_dict()
    assert abs(population["mean"]) < 0.1, population.to_dict()
    assert row["ci_low"] <= population["mean"] <= row["ci_high"], (row.to_dict(), population.to_dict())


def test_common_method_variance_cannot_make_supportive_leadership_look_passive(null_replications):
    """A shared positivity factor biases every style-outcome coefficient upward, never toward passivity."""
    cmv = supportive_on_proactivity(null_replications["error and CMV"])
    error_only = supportive_on_proactivity(null_replications["error only"])
    assert cmv["ci_high"] > 0.0 and cmv["mean"] > error_only["mean"], (cmv.to_dict(), error_only.to_dict())


# ---------------------------------------------------------------------------- reproducibility
def test_same_seed_same_survey_different_seed_different_survey():
    a, b = run_survey(seed=3, **SMALL), run_survey(seed=3, **SMALL)
    pd.testing.assert_frame_equal(a.respondents, b.respondents)
    pd.testing.assert_frame_equal(a.coefficients, b.coefficients)
    c = run_survey(seed=4, **SMALL)
    assert not a.respondents[list(PREDICTORS)].equals(c.respondents[list(PREDICTORS)])


def test_a_survey_must_match_its_population():
    population = simulate_population(SurveyDesign(**SMALL), seed=3)
    with pytest.raises(ParameterError) as info:
        conduct_survey(population, SurveyDesign(**{**SMALL, "weeks": 9}))
    assert info.value.field == "weeks"


@pytest.mark.slow
def test_result_does_not_depend_on_jobs():
    """Organisations have streams of their own, so worker processes change nothing.

    Slow only because each spawned worker imports leadsim; the design is the smallest that uses
    both workers.
    """
    tiny = {**SMALL, "population_organisations": 3, "organisations": 2, "managers": 4, "weeks": 3}
    a = run_survey(seed=5, jobs=1, **tiny)
    b = run_survey(seed=5, jobs=2, **tiny)
    pd.testing.assert_frame_equal(a.respondents, b.respondents)
    pd.testing.assert_frame_equal(a.coefficients, b.coefficients)


def test_an_organisation_replays_alone_from_its_recorded_seed():
    from leadsim import LeadershipModel

    result = run_survey(seed=6, **SMALL)
    org = result.organisations[result.organisations["sampled"]].iloc[1]
    model = LeadershipModel(
        pressure=org["pressure"],
        intended_style=org["intended_style"],
        n_teams=SMALL["teams"],
        rng=int(org["seed"]),
    )
    model.run(SMALL["weeks"])
    pros = result.professionals[result.professionals["organisation"] == org["organisation"]]
    assert len(pros) > 0
    for row in pros.itertuples():
        assert model.professionals[row.professional].proactivity == row.proactivity


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"seed": -1}, "seed"), ({"jobs": 0}, "jobs"), ({"seed": 1.5}, "seed")]
)
def test_run_survey_refuses_bad_seed_and_jobs(kwargs, field):
    with pytest.raises(LeadsimError) as info:
        run_survey(**kwargs)
    assert info.value.field == field


# ---------------------------------------------------------------------------- command line
def survey_argv(out: Path, *extra: str) -> list[str]:
    argv = ["survey", "--out", str(out)]
    for name, value in SMALL.items():
        argv += ["--" + name.replace("_", "-"), str(value)]
    return [*argv, *extra]


def test_cli_writes_respondents_coefficients_and_report(tmp_path, capsys):
    out = tmp_path / "survey"
    assert main(survey_argv(out, "--seed", "9")) == 0
    assert sorted(p.name for p in out.iterdir()) == ["coefficients.csv", "report.md", "respondents.csv"]
    respondents = pd.read_csv(out / "respondents.csv")
    assert respondents["role"].value_counts().to_dict() == {"professional": 30, "manager": 6}
    coefficients = pd.read_csv(out / "coefficients.csv")
    assert list(coefficients.columns) == [*COEFFICIENT_COLUMNS, "level"]
    expected = run_survey(seed=9, **SMALL).coefficients
    survey_rows = coefficients[coefficients["level"] == "survey"]
    np.testing.assert_allclose(survey_rows["beta"], expected["beta"], rtol=1e-9)
    printed = capsys.readouterr()
    assert "essay SF4" in printed.out and "Judge, Piccolo & Ilies 2004" in printed.out
    assert "wrote" in printed.err


def test_cli_null_test_with_replications(tmp_path, capsys):
    out = tmp_path / "null"
    assert main(survey_argv(out, "--null", "supportive", "--replications", "2", "--seed", "1")) == 0
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["replications"]) == {2}
    assert len(pd.read_csv(out / "replications.csv")["seed"].unique()) == 2
    printed = capsys.readouterr().out
    assert "null: supportive" in printed and "construct-matched benchmarks" in printed


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--professionals", "5"], ["'professionals'", "got 5"]),
        (["--method-share", "2"], ["'method_share'", "[0, 1]", "got 2.0"]),
        (["--seed", "-1"], ["'seed'", "got -1"]),
        (["--jobs", "0"], ["'jobs'", "got 0"]),
        (["--replications", "0"], ["'replications'", "got 0"]),
        (["--null", "visionary"], ["'null_styles'", "visionary"]),
        (["--intended-styles", "hierarchical,bossy"], ["'intended_styles'", "bossy"]),
        (["--set", "pressure=0.3"], ["'pressure'", "survey design"]),
        (["--set", "reflection=2"], ["'reflection'", "got 2.0"]),
        (["--set", "reflection"], ["--set", "NAME=VALUE"]),
    ],
)
def test_cli_bad_input_exits_2_naming_the_field(tmp_path, capsys, args, fragments):
    out = tmp_path / "never"
    assert main(survey_argv(out, *args)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("leadsim: error: ")
    for fragment in fragments:
        assert fragment in err
    assert not out.exists()  # refused before anything ran or was written


def test_cli_unwritable_output_exits_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(survey_argv(blocker / "sub")) == 1
    err = capsys.readouterr().err
    assert str(blocker / "sub") in err and "cannot create the directory" in err  # before any run
