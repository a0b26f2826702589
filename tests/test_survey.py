"""Tests of the virtual survey (leadsim.survey): estimator, perception, design, signs, CLI.

The sign tests state the essay's claims (essay digest SF3, SF4) as they are, on a fixed seed; they
never hard-code the model's figures, which change as the model is calibrated.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsim.cli import main
from leadsim.errors import LeadsimError, ParameterError, ParameterTypeError
from leadsim.styles import STYLE_KINDS
from leadsim.survey import (
    ESSAY_CLAIMS,
    META_ANALYTIC,
    OUTCOMES,
    PREDICTORS,
    SurveyDesign,
    compare,
    cronbach_alpha,
    estimate,
    organisation_plan,
    perceive_styles,
    run_survey,
    standardised_ols,
)
from leadsim.survey.estimation import COEFFICIENT_COLUMNS
from leadsim.survey.report import COMPARISON_COLUMNS, verdict

SEED = 42
SMALL = {"organisations": 3, "professionals": 40, "managers": 6, "weeks": 8}


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


# ---------------------------------------------------------------------------- perception
def test_perception_without_noise_is_the_rating_scale_of_the_true_weights():
    styles = np.array([[0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]])
    view = perceive_styles(styles, np.random.default_rng(0), noise=0.0, items=3, scale_points=5)
    expected = 1 + np.rint(4 * styles)
    assert view.ratings.shape == (2, 4, 3)
    np.testing.assert_array_equal(view.scores, expected)


def test_perception_noise_stays_on_the_scale_and_alpha_falls_with_noise():
    rng = np.random.default_rng(np.random.SeedSequence(1))
    styles = rng.dirichlet(np.ones(4), 300)
    alphas = []
    for noise in (0.05, 0.3):
        view = perceive_styles(styles, rng, noise=noise, items=4, scale_points=7)
        assert view.ratings.min() >= 1 and view.ratings.max() <= 7
        alphas.append(cronbach_alpha(view.ratings[:, 0, :]))
    assert 0 < alphas[1] < alphas[0] <= 1


def test_cronbach_alpha_edge_cases():
    assert math.isnan(cronbach_alpha(np.ones((5, 1))))
    assert math.isnan(cronbach_alpha(np.full((5, 3), 2)))
    parallel = np.repeat(np.arange(6)[:, None], 4, axis=1)
    assert cronbach_alpha(parallel) == pytest.approx(1.0)


# ---------------------------------------------------------------------------- design
def test_design_crosses_pressure_and_intended_style():
    plan = organisation_plan(SurveyDesign())
    assert len(plan) == 10
    pressures = [p["pressure"] for p in plan]
    assert pressures == sorted(pressures) and pressures[0] == 0.2 and pressures[-1] == pytest.approx(0.8)
    by_style: dict[str, list[float]] = {}
    for p in plan:
        by_style.setdefault(p["intended_style"], []).append(p["pressure"])
    assert all(len(v) == 2 and min(v) < 0.5 < max(v) for v in by_style.values())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"professionals": 5}, "professionals"),
        ({"professionals": 601}, "professionals"),
        ({"managers": 61}, "managers"),
        ({"organisations": 0}, "organisations"),
        ({"noise": -0.1}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"scale_points": 1}, "scale_points"),
        ({"pressure_min": 0.9}, "pressure_max"),
        ({"intended_styles": ("bossy",)}, "intended_styles"),
        ({"intended_styles": ()}, "intended_styles"),
        ({"model": {"pressure": 0.3}}, "pressure"),
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


def test_frame_size_follows_model_overrides():
    design = SurveyDesign(organisations=2, professionals=10, managers=8, model={"n_teams": 4, "team_size": 5})
    assert (design.frame_managers, design.frame_professionals) == (8, 40)


# ---------------------------------------------------------------------------- the survey
@pytest.fixture(scope="module")
def survey():
    """The survey at the essay's size (150 professionals, 60 managers, 10 organisations, 104 weeks)."""
    return run_survey(seed=SEED)


def test_survey_has_the_essay_design(survey):
    respondents = survey.respondents
    assert (respondents["role"] == "professional").sum() == 150
    assert (respondents["role"] == "manager").sum() == 60
    assert respondents["organisation"].nunique() > 1
    assert set(survey.coefficients["outcome"]) == set(OUTCOMES)
    assert set(survey.coefficients["predictor"]) == set(PREDICTORS)
    assert survey.coefficients["clusters"].max() > 30
    pros = survey.professionals
    # professionals of one team rate the same manager (same true style), each with her own noise
    true = pros.groupby("team")[[f"true_{k}" for k in STYLE_KINDS]].nunique()
    assert (true == 1).all().all()
    assert set(survey.organisations["seed"]) == set(respondents["seed"])


def test_sf4_accountable_leadership_goes_with_proactivity(survey):
    """SF4: perceived accountable leadership has a positive standardised coefficient on proactivity."""
    assert coefficient(survey, "proactivity", "accountable")["ci_low"] > 0


def test_sf3_supportive_leadership_goes_with_wellbeing(survey):
    """SF3 / issue 3: perceived supportive leadership has a positive coefficient on well-being."""
    assert coefficient(survey, "wellbeing", "supportive")["ci_low"] > 0


def test_sf3_supportive_leadership_does_not_go_with_proactivity(survey):
    """SF3: supportive leadership goes with passivity: its coefficient on proactivity is not positive."""
    assert not coefficient(survey, "proactivity", "supportive")["ci_low"] > 0


def test_sf4_accountable_leadership_goes_with_external_orientation():
    """SF4: accountable leadership goes with behaviour toward clients and partners.

    At the essay's size (150 professionals) this coefficient's interval often covers 0 (too little
    power for an effect of this size), so the claim is tested on the whole frame of 600 professionals.
    """
    full = run_survey(seed=SEED, professionals=600)
    assert coefficient(full, "external_orientation", "accountable")["ci_low"] > 0


def test_compare_sets_every_claim_and_reference_beside_an_estimate(survey):
    table = survey.compare()
    assert list(table.columns) == list(COMPARISON_COLUMNS)
    assert len(table) == len(ESSAY_CLAIMS) + len(META_ANALYTIC)
    assert table[["beta", "ci_low", "ci_high"]].notna().all().all()
    for row in table.itertuples():  # each verdict is the rule applied to its own interval
        reference = None if math.isnan(row.reference) else row.reference
        assert row.verdict == verdict(row.expected, row.ci_low, row.ci_high, reference)
    claims = table[table.source == "essay survey"]
    assert set(zip(claims.outcome, claims.predictor, strict=True)) == {
        (c.outcome, c.predictor) for c in ESSAY_CLAIMS
    }
    assert compare(survey.coefficients).equals(table)


def test_survey_reports_reliability_and_the_perception_gap(survey):
    assert survey.reliability["alpha"].between(0, 1).all()
    gap = survey.perception_gap()
    assert gap["n_professionals"] == 150 and gap["n_managers"] == 60
    assert gap["ci_low"] <= gap["gap"] <= gap["ci_high"]
    report = survey.to_markdown()
    for heading in ("Standardised coefficients", "Beside the essay", "Perception gap (SF8)", "Cronbach"):
        assert heading in report
    for effect in META_ANALYTIC:
        assert effect.source in report


@pytest.mark.parametrize(
    ("expected", "low", "high", "reference", "answer"),
    [
        ("positive", 0.1, 0.5, None, "consistent"),
        ("positive", -0.1, 0.5, None, "inconclusive (CI covers 0)"),
        ("positive", -0.5, -0.1, None, "contradicted"),
        ("not positive", 0.1, 0.5, None, "contradicted"),
        ("not positive", -0.1, 0.5, None, "consistent (CI covers 0)"),
        ("not positive", -0.5, -0.1, None, "consistent (negative)"),
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


# ---------------------------------------------------------------------------- reproducibility
def test_same_seed_same_survey_different_seed_different_survey():
    a, b = run_survey(seed=3, **SMALL), run_survey(seed=3, **SMALL)
    pd.testing.assert_frame_equal(a.respondents, b.respondents)
    pd.testing.assert_frame_equal(a.coefficients, b.coefficients)
    c = run_survey(seed=4, **SMALL)
    assert not a.respondents[list(PREDICTORS)].equals(c.respondents[list(PREDICTORS)])


@pytest.mark.slow
def test_result_does_not_depend_on_jobs():
    """Organisations have streams of their own, so worker processes change nothing.

    Slow only because each spawned worker imports leadsim; the design is the smallest that uses
    both workers.
    """
    tiny = {**SMALL, "organisations": 2, "weeks": 3}
    a = run_survey(seed=5, jobs=1, **tiny)
    b = run_survey(seed=5, jobs=2, **tiny)
    pd.testing.assert_frame_equal(a.respondents, b.respondents)
    pd.testing.assert_frame_equal(a.coefficients, b.coefficients)


def test_an_organisation_replays_alone_from_its_recorded_seed():
    from leadsim import LeadershipModel

    result = run_survey(seed=6, **SMALL)
    org = result.organisations.iloc[1]
    model = LeadershipModel(
        pressure=org["pressure"], intended_style=org["intended_style"], rng=int(org["seed"])
    )
    model.run(SMALL["weeks"])
    pros = result.professionals[result.professionals["organisation"] == 1]
    for row in pros.itertuples():
        assert model.professionals[row.professional].proactivity == row.proactivity


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"seed": -1}, "seed"), ({"jobs": 0}, "jobs"), ({"seed": 1.5}, "seed")]
)
def test_run_survey_refuses_bad_seed_and_jobs(kwargs, field):
    with pytest.raises(LeadsimError) as info:
        run_survey(**kwargs)
    assert info.value.field == field  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- command line
def survey_argv(out: Path, *extra: str) -> list[str]:
    return [
        "survey",
        "--organisations",
        "3",
        "--professionals",
        "40",
        "--managers",
        "6",
        "--weeks",
        "8",
        "--out",
        str(out),
        *extra,
    ]


def test_cli_writes_respondents_coefficients_and_report(tmp_path, capsys):
    out = tmp_path / "survey"
    assert main(survey_argv(out, "--seed", "9")) == 0
    assert sorted(p.name for p in out.iterdir()) == ["coefficients.csv", "report.md", "respondents.csv"]
    respondents = pd.read_csv(out / "respondents.csv")
    assert respondents["role"].value_counts().to_dict() == {"professional": 40, "manager": 6}
    coefficients = pd.read_csv(out / "coefficients.csv")
    assert list(coefficients.columns) == list(COEFFICIENT_COLUMNS)
    expected = run_survey(seed=9, **SMALL).coefficients
    np.testing.assert_allclose(coefficients["beta"], expected["beta"], rtol=1e-9)
    printed = capsys.readouterr()
    assert "essay SF4" in printed.out and "Decuypere & Schaufeli 2021" in printed.out
    assert "wrote" in printed.err


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--professionals", "5"], ["'professionals'", "got 5"]),
        (["--noise", "2"], ["'noise'", "[0, 1]", "got 2.0"]),
        (["--seed", "-1"], ["'seed'", "got -1"]),
        (["--jobs", "0"], ["'jobs'", "got 0"]),
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
    assert "cannot create output directory" in capsys.readouterr().err
