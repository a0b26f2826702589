"""The stylized-fact validation suite: the facts hold, robustly, and the suite can fail."""

from __future__ import annotations

import numpy as np
import pytest

from leadsim.cli import main
from leadsim.errors import ParameterError
from leadsim.validation import (
    CHECKS,
    QUICK_REPLICATIONS,
    Arm,
    Check,
    Measure,
    check_named,
    difference,
    level,
    replication_seeds,
    validate,
)
from leadsim.validation.cli import EXIT_FACT_FAILS
from leadsim.validation.engine import _judge
from leadsim.validation.report import format_table, write_report

SEED = 20240601


# ------------------------------------------------------------------- the facts hold (quick)
def test_validate_quick_passes_and_writes_the_report(tmp_path, capsys):
    status = main(["validate", "--quick", "--jobs", "2", "--quiet", "--out", str(tmp_path), "--format", "md"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "all 11 facts hold" in out
    report = (tmp_path / "report.md").read_text()
    for check in CHECKS:
        assert f"## {check.fact}: {check.title}" in report
        assert (tmp_path / "figures" / (check.fact.lower().replace(" ", "") + ".png")).stat().st_size > 5_000
    for table in ("contrasts.csv", "facts.csv", "values.csv"):
        assert (tmp_path / table).stat().st_size > 0


ROBUSTNESS = {
    "team size 3": ({"team_size": 3}, 156),
    "team size 20": ({"team_size": 20}, 156),
    "caseload 10": ({"caseload": 10}, 156),
    "caseload 40": ({"caseload": 40}, 156),
    "horizon 104": ({}, 104),
    "horizon 260": ({}, 260),
}


@pytest.mark.slow
@pytest.mark.parametrize("variant", ROBUSTNESS, ids=list(ROBUSTNESS))
def test_every_fact_holds_beyond_the_default_organisation(variant):
    base, weeks = ROBUSTNESS[variant]
    result = validate(replications=QUICK_REPLICATIONS, seed=SEED, base=base, weeks=weeks, jobs=2)
    failing = result.contrasts().query("not holds")
    assert result.passed, f"{variant}: failing contrasts\n{failing.to_string()}"


# ------------------------------------------------------------------- the suite can fail
def test_reversing_accountable_leadership_makes_sf4_fail():
    """Felt accountability made to lower proactivity: every SF4 contrast must be reported failing."""
    result = validate(
        [check_named("SF4")],
        replications=QUICK_REPLICATIONS,
        seed=SEED,
        base={"proactivity_accountability": -6.0},
    )
    table = result.contrasts()
    assert not result.passed
    assert not table["holds"].any()
    assert (table["effect"] < 0).all()  # the reversed mechanism shows as reversed effects


def test_a_weaker_break_is_caught_by_the_contrast_it_touches():
    result = validate(
        [check_named("SF4")],
        replications=QUICK_REPLICATIONS,
        seed=SEED,
        base={"proactivity_accountability": -3.0},
    )
    assert not result.passed


def test_cli_exits_non_zero_when_a_fact_fails(tmp_path, capsys):
    status = main(
        [
            "validate",
            "--fact",
            "SF4",
            "--replications",
            "5",
            "--jobs",
            "1",
            "--quiet",
            "--set",
            "proactivity_accountability=-6",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert status == EXIT_FACT_FAILS
    assert "FAILS" in out and "facts fail: SF4" in out


# ------------------------------------------------------------------- reproducibility
def test_results_do_not_depend_on_the_number_of_workers():
    checks = [check_named("SF8"), check_named("SF7")]
    serial = validate(checks, replications=4, seed=7, jobs=1)
    parallel = validate(checks, replications=4, seed=7, jobs=2)
    for a, b in zip(serial.results, parallel.results, strict=True):
        np.testing.assert_array_equal(a.values, b.values)
        assert (a.effect, a.ci_low, a.ci_high) == (b.effect, b.ci_low, b.ci_high)


def test_replication_seeds_come_from_one_spawned_root():
    seeds = replication_seeds(11, 5)
    assert seeds == replication_seeds(11, 5)
    assert len(set(seeds)) == 5
    assert seeds[:3] == replication_seeds(11, 3)  # adding replications keeps the first ones
    assert seeds != replication_seeds(12, 5)
    expected = [int(c.generate_state(1)[0]) for c in np.random.SeedSequence(11).spawn(5)]
    assert seeds == expected


# ------------------------------------------------------------------- statistics
def test_judge_holds_only_when_the_interval_excludes_zero_on_the_predicted_side():
    rng = np.random.default_rng(3)
    contrast = level("x", "x is positive", "passivity", Arm.of("a"), +1)
    clear = _judge("F", contrast, rng.normal(1.0, 0.5, 30), [0.25], np.random.default_rng(0))
    assert clear.holds and clear.ci_low < 1.0 < clear.ci_high
    null = _judge("F", contrast, rng.normal(0.0, 1.0, 30) - 0.0, [1.0], np.random.default_rng(0))
    assert null.ci_low < 0 < null.ci_high and not null.holds
    wrong_way = _judge("F", contrast, rng.normal(-1.0, 0.5, 30), [0.25], np.random.default_rng(0))
    assert not wrong_way.holds


def test_bootstrap_interval_covers_the_true_mean_at_about_the_nominal_rate():
    contrast = level("x", "x", "passivity", Arm.of("a"), +1)
    rng = np.random.default_rng(42)
    covered = 0
    trials = 200
    for _ in range(trials):
        values = rng.normal(0.3, 1.0, 30)
        r = _judge("F", contrast, values, [1.0], rng)
        covered += r.ci_low <= 0.3 <= r.ci_high
    assert 0.88 <= covered / trials <= 0.99  # nominal 0.95; BCa at n=30 is slightly liberal


def test_standardised_effect_is_cohens_d_for_a_difference():
    contrast = difference("x", "x", "passivity", Arm.of("a"), Arm.of("b"), +1)
    r = _judge("F", contrast, np.array([1.0, 2.0, 3.0, 2.0]), [1.0, 1.0], np.random.default_rng(0))
    assert r.standardised == pytest.approx(2.0)


# ------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"replications": 2}, "replications"),
        ({"weeks": 20}, "weeks"),
        ({"jobs": 0}, "jobs"),
        ({"seed": -1}, "seed"),
        ({"base": {"team_size": 0}}, "team_size"),
        ({"base": {"no_such_parameter": 1}}, "no_such_parameter"),
    ],
)
def test_bad_settings_are_refused_before_any_run(kwargs, field):
    with pytest.raises(ParameterError, match=f"'{field}'"):
        validate([check_named("SF8")], **kwargs)


def test_measures_and_fact_names_are_checked():
    with pytest.raises(ValueError, match="'metric'"):
        Measure("no_such_metric")
    with pytest.raises(ValueError, match="'window'"):
        Measure("passivity", window=0)
    with pytest.raises(ValueError, match="SF1, SF2"):
        check_named("SF11")
    assert check_named("table1c").fact == "Table 1c"


def test_cli_reports_bad_arguments_with_exit_2(tmp_path, capsys):
    assert main(["validate", "--fact", "SF11", "--out", str(tmp_path)]) == 2
    assert "'--fact' must be one of SF1" in capsys.readouterr().err
    assert main(["validate", "--set", "team_size=0", "--quiet", "--out", str(tmp_path)]) == 2
    assert "'team_size' must be in [1, 1000] (got 0)" in capsys.readouterr().err


# ------------------------------------------------------------------- report
def test_html_report_is_self_contained(tmp_path):
    check = Check(
        "SFX", "test", "a one-arm check", (level("gap", "gap > 0", "perception_gap", Arm.of("d"), +1),)
    )
    result = validate([check], replications=3, seed=1, weeks=60)
    path = write_report(result, tmp_path, "html")
    page = path.read_text()
    assert "data:image/png;base64," in page and "SFX: test" in page
    assert "holds" in format_table(result)


def test_every_contrast_of_the_suite_has_a_unique_name_and_a_direction():
    names = [c.name for check in CHECKS for c in check.contrasts]
    assert len(names) == len(set(names))
    assert [check.fact for check in CHECKS] == [f"SF{i}" for i in range(1, 11)] + ["Table 1c"]


def test_calibration_doc_lists_the_current_defaults():
    """docs/calibration.md's table of tuned coefficients must match the model's defaults."""
    import re
    from pathlib import Path

    from leadsim import defaults

    text = (Path(__file__).parents[1] / "docs" / "calibration.md").read_text()
    rows = re.findall(r"^\| `(\w+)`(?: \(new\))? \| [^|]+ \| ([0-9.]+) \|", text, flags=re.MULTILINE)
    assert len(rows) >= 9
    current = defaults()
    for name, value in rows:
        assert current[name] == pytest.approx(float(value)), name
