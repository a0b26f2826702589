"""The calibration machinery: targets, statistics, priors, ABC-SMC recovery, resume, held-out data."""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pyabc  # the 'calibrate' extra, part of the 'test' extra
import pytest

from leadsim import LeadershipModel
from leadsim.calibration import (
    DEFAULT_CALIBRATION,
    DEFAULT_TARGETS,
    CalibrationError,
    load_calibration,
    load_targets,
    parse_calibration,
    parse_targets,
    required_steps,
    summary_statistics,
)
from leadsim.calibration.report import weighted_quantile
from leadsim.calibration.smc import Distance, generation_seed, particle_seeds, run_calibration
from leadsim.cli import main
from leadsim.state import ClientStatus

TINY = {"n_teams": 2, "team_size": 5, "n_partners": 6}


def _target(**overrides):
    entry = {
        "name": "t",
        "observable": "exit_to_work_share",
        "value": 0.12,
        "scale": 0.02,
        "scale_reason": "declared",
        "population": "p",
        "year": 2021,
        "source": "s",
        "role": "calibration",
        "verified": True,
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


# ---------------------------------------------------------------------------- targets
def test_packaged_targets_are_sourced_and_roles_are_as_documented():
    targets = load_targets()
    by_name = {t.name: t for t in targets.targets}
    calibration = {t.name for t in targets.for_calibration()}
    assert calibration == {"cbs_exit_to_work_2021", "cbs_in_work_6_months_2021"}
    assert by_name["cbs_exit_to_work_2021"].value == pytest.approx(49 / 408, abs=0.001)
    assert by_name["cbs_in_work_6_months_2021"].value == 0.82
    assert by_name["cbs_in_work_18_months_2021"].role == "validation"
    assert by_name["cbs_off_assistance_18_months_2021"].value == 0.91
    assert by_name["divosa_exit_to_work_2023"].value == pytest.approx(0.234 * 0.36, abs=0.001)
    for target in targets.targets:
        assert target.source and target.population and target.locator
        assert not target.name.lower().startswith("sf")
    for target in targets.for_calibration():
        assert target.verified and target.scale and target.scale_reason
    assert targets.inputs[0]["verified"] is False and targets.inputs[0]["note"]


@pytest.mark.parametrize(
    ("entry", "key", "rule"),
    [
        (_target(value=1.2), "target[0].value", "must be a number in [0, 1], a share (got 1.2)"),
        (_target(observable="SF3", name="sf3_passivity"), "target[0].name", "must not be a stylized fact"),
        (_target(observable="SF9"), "target[0].observable", "must not be a stylized fact"),
        (_target(observable="exit_rate"), "target[0].observable", "must be one of exit_to_work_share"),
        (_target(scale=None), "target[0].scale", "is required for a calibration target"),
        (_target(scale=-0.1), "target[0].scale", "must be a positive number (got -0.1)"),
        (_target(verified=False, note="n"), "target[0].verified", "must be true for a calibration target"),
        (
            _target(observable="in_work_78w"),
            "target[0].observable",
            "must be measurable for a calibration target",
        ),
        (_target(role="fit"), "target[0].role", "must be one of calibration, validation (got 'fit')"),
        (
            _target(interval=[0.1, 0.2]),
            "target[0]",
            "must give exactly one of 'value' and 'interval' (got both)",
        ),
        (_target(weight=2), "target[0].weight", "is not a key of a target"),
        (_target(year=None), "target[0].year", "is required"),
    ],
)
def test_targets_file_errors_name_file_key_rule_and_value(tmp_path, entry, key, rule):
    from tomllib import loads  # the file round-trips through TOML as a user would write it

    lines = ["[[target]]"]
    for k, v in entry.items():
        lines.append(f"{k} = {json.dumps(v)}")
    path = _write(tmp_path / "targets.toml", "\n".join(lines) + "\n")
    assert loads(path.read_text())["target"][0] == entry
    with pytest.raises(CalibrationError) as info:
        load_targets(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert f"{key}: {rule}" in message


def test_every_targets_problem_is_reported_at_once(tmp_path):
    path = _write(
        tmp_path / "targets.toml",
        """
        [[target]]
        name = "a"
        observable = "exit_to_work_share"
        value = 2.0
        role = "calibration"
        population = "p"
        year = 2021
        source = "s"
        verified = true
        scale = 0.02
        scale_reason = "r"

        [[target]]
        name = "a"
        observable = "in_work_26w"
        value = 0.8
        role = "validation"
        population = "p"
        year = 2021
        source = "s"
        verified = true
        """,
    )
    with pytest.raises(CalibrationError) as info:
        load_targets(path)
    assert len(info.value.problems) == 1  # the bad first target is not kept, so no duplicate yet
    assert "target[0].value: must be a number in [0, 1], a share (got 2.0)" in str(info.value)
    bad = tomllib.loads(path.read_text())
    bad["target"][0]["value"] = 0.1
    with pytest.raises(CalibrationError, match=r"target\[1\].name: must be unique \(got 'a' twice\)"):
        parse_targets(bad)


def test_malformed_toml_is_refused_with_the_file(tmp_path):
    path = _write(tmp_path / "targets.toml", "[[target]\nname = 1\n")
    with pytest.raises(CalibrationError, match=r"targets.toml: is not valid TOML"):
        load_targets(path)


# ---------------------------------------------------------------------------- priors
PRIOR_FILE = """
name = "t"
[simulation]
steps = {steps}
burn_in = 26
[parameters]
n_teams = 2
{extra_parameters}
[prior.{name}]
distribution = "{distribution}"
low = {low}
high = {high}
{reason}
[abc]
population = {population}
"""


@pytest.mark.parametrize(
    ("change", "key", "rule"),
    [
        (
            {"high": 1.5},
            "prior.placement_base.high",
            "must be a number in [0, 1], the range of 'placement_base' in leadsim.PARAMETERS (got 1.5)",
        ),
        (
            {"low": -0.1},
            "prior.placement_base.low",
            "must be a number in [0, 1], the range of 'placement_base'",
        ),
        (
            {"low": 0.01, "high": 0.001},
            "prior.placement_base.high",
            "must be greater than low = 0.01 (got 0.001)",
        ),
        (
            {"distribution": "loguniform", "low": 0.0},
            "prior.placement_base.low",
            "must be positive for a loguniform prior",
        ),
        (
            {"distribution": "normal"},
            "prior.placement_base.distribution",
            "must be one of uniform, loguniform (got 'normal')",
        ),
        ({"reason": ""}, "prior.placement_base.reason", "is required: say why this prior (got None)"),
        (
            {"name": "placement_bas"},
            "prior.placement_bas",
            "must name a leadsim parameter; did you mean placement_base?",
        ),
        ({"name": "n_partners"}, "prior.n_partners", "must name a float parameter"),
        ({"name": "n_teams"}, "prior.n_teams", "must name a float parameter"),
        ({"extra_parameters": "placement_base = 0.003"}, "prior.placement_base", "must not also be fixed"),
        (
            {"extra_parameters": "caseload = 0"},
            "parameters.caseload",
            "'caseload' must be in [1, 1000] (got 0)",
        ),
        (
            {"steps": 100},
            "simulation.steps",
            "must be an integer >= 104 (burn_in 26 + a 52-week window + followup_weeks 26) (got 100)",
        ),
        ({"population": 1}, "abc.population", "must be an integer >= 4"),
        (
            {"extra_parameters": "followup_weeks = 13"},
            "parameters.followup_weeks",
            "must be 26 when a calibration target is in_work_26w (got 13)",
        ),
    ],
)
def test_prior_file_errors_name_file_key_rule_and_value(tmp_path, change, key, rule):
    values = {
        "steps": 104,
        "extra_parameters": "",
        "name": "placement_base",
        "distribution": "uniform",
        "low": 0.001,
        "high": 0.01,
        "reason": "x",
        "population": 10,
    } | change
    values["reason"] = f"reason = {json.dumps(values['reason'])}" if values["reason"] else ""
    path = _write(tmp_path / "cal.toml", PRIOR_FILE.format(**values))
    with pytest.raises(CalibrationError) as info:
        load_calibration(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert f"{key}: {rule}" in message


def test_cli_refuses_a_bad_prior_before_anything_runs(tmp_path, capsys):
    values = {"steps": 104, "extra_parameters": "", "name": "relapse_base", "distribution": "uniform"}
    values |= {"low": 0.0, "high": 2.0, "reason": 'reason = "r"', "population": 10}
    path = _write(tmp_path / "cal.toml", PRIOR_FILE.format(**values))
    out = tmp_path / "out"
    assert main(["calibrate", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"leadsim: error: {path}: prior.relapse_base.high: must be a number in [0, 1]" in err
    assert "(got 2.0)" in err
    assert not out.exists()


def test_packaged_calibration_is_valid_and_its_quick_version_is_tiny():
    spec = load_calibration(DEFAULT_CALIBRATION)
    assert spec.targets.source == DEFAULT_TARGETS
    assert all(p.reason for p in spec.priors)
    quick = spec.reduced()
    assert quick.steps == required_steps(quick.burn_in, 26) == 104
    assert quick.population <= 12 and quick.generations <= 3 and quick.parameters["team_size"] == 3


# ---------------------------------------------------------------------------- statistics
def test_durability_cohort_estimator_equals_following_each_placement():
    """in_work_26w against a brute-force follow-up of every placement through the client arrays."""
    burn_in, followup = 26, 26
    steps = required_steps(burn_in, followup)
    model = LeadershipModel(**TINY, placement_base=0.004, relapse_base=0.02, rng=5)
    open_rows: dict[int, int] = {}
    outcome: dict[int, list[bool]] = {}  # week placed -> sustained?
    for week in range(1, steps + 1):
        model.step()
        clients = model.state.clients
        for row, start in list(open_rows.items()):
            if clients.status[row] == ClientStatus.PLACED:
                continue
            relapsed = clients.status[row] == ClientStatus.IN_SERVICE and clients.placements[row] >= 1
            sustained = not relapsed
            assert not sustained or week - start == followup
            outcome.setdefault(start, []).append(sustained)
            del open_rows[row]
        new = np.flatnonzero((clients.status == ClientStatus.PLACED) & (clients.weeks_placed == 0))
        for row in new:
            open_rows[int(row)] = week
    cohort = [
        s for week, kept in outcome.items() if steps - followup - 52 < week <= steps - followup for s in kept
    ]
    assert len(cohort) > 50
    stats = summary_statistics(model, burn_in=burn_in)
    assert stats["in_work_26w"] == pytest.approx(np.mean(cohort), abs=1e-12)
    frame = model.dataframe()
    naive = 1 - frame["relapses_total"].iloc[-1] / frame["placements_total"].iloc[-1]
    assert naive > stats["in_work_26w"]  # censoring: recent placements have not had time to relapse
    share = frame["placements"].iloc[-52:].sum() / frame["clients_in_service"].iloc[-53:-1].mean()
    assert stats["exit_to_work_share"] == pytest.approx(share)
    assert stats["far_exit_to_work_share"] == pytest.approx(52 * frame["far_placement_rate"].iloc[-1])


def test_no_relapse_means_every_placement_lasts_and_short_runs_are_refused():
    model = LeadershipModel(**TINY, relapse_base=0.0, rng=1).run(104)
    assert summary_statistics(model, burn_in=26)["in_work_26w"] == 1.0
    with pytest.raises(ValueError, match="need at least 105 weeks"):
        summary_statistics(model, burn_in=27)
    other = LeadershipModel(**TINY, followup_weeks=13, rng=1).run(104)
    assert math.isnan(summary_statistics(other, burn_in=26)["in_work_26w"])


def test_seeds_depend_on_root_and_parameters_only():
    assert particle_seeds(1, [0.1, 0.2], 2) == particle_seeds(1, [0.1, 0.2], 2)
    assert particle_seeds(1, [0.1, 0.2], 2)[0] == particle_seeds(1, [0.1, 0.2], 3)[0]
    assert particle_seeds(1, [0.1, 0.2], 1) != particle_seeds(2, [0.1, 0.2], 1)
    assert particle_seeds(1, [0.1, 0.2], 1) != particle_seeds(1, [0.1, 0.2000001], 1)
    assert len({generation_seed(3, t) for t in range(10)}) == 10


def test_distance_uses_scales_intervals_and_only_calibration_targets():
    targets = parse_targets(
        {
            "target": [
                _target(name="a", value=0.12, scale=0.02),
                _target(name="b", observable="in_work_26w", value=None, interval=[0.8, 0.84], scale=0.04),
                _target(name="c", role="validation", scale=None, value=0.5),
            ]
        }
    )
    distance = Distance(targets.for_calibration())
    assert distance({"exit_to_work_share": 0.16, "in_work_26w": 0.82}) == pytest.approx(2.0)
    assert distance({"exit_to_work_share": 0.12, "in_work_26w": 0.76}) == pytest.approx(1.0)
    assert distance({"exit_to_work_share": math.nan, "in_work_26w": 0.82}) == math.inf
    with pytest.raises(ValueError, match="calibration targets"):
        Distance(targets.targets)


# ---------------------------------------------------------------------------- recovery
def _simulated_targets(truth, seed):
    """Targets from one simulated organisation at ``truth``; scales: the sd of one run (8 pilots)."""
    pilots = [
        summary_statistics(LeadershipModel(**TINY, **truth, rng=s).run(104), burn_in=26) for s in range(8)
    ]
    observed = summary_statistics(LeadershipModel(**TINY, **truth, rng=seed).run(104), burn_in=26)
    entries = []
    for name in ("exit_to_work_share", "in_work_26w"):
        scale = float(np.std([p[name] for p in pilots], ddof=1))
        entries.append(_target(name=name, observable=name, value=float(observed[name]), scale=scale))
    return parse_targets({"target": entries})


def _recovery_spec(targets, generations=3, population=30):
    return parse_calibration(
        {
            "parameters": TINY,
            "simulation": {"steps": 104, "burn_in": 26},
            "prior": {
                "placement_base": {
                    "distribution": "loguniform",
                    "low": 0.0005,
                    "high": 0.008,
                    "reason": "test",
                },
                "relapse_base": {"distribution": "loguniform", "low": 0.002, "high": 0.05, "reason": "test"},
            },
            "abc": {"population": population, "generations": generations, "ppc_draws": 3},
        },
        targets,
    )


def test_posterior_recovers_known_parameters_over_several_seeds(tmp_path):
    """Three simulated data sets (different observed seeds and ABC seeds) at small size.

    Each posterior's central 95% interval must contain the truth for at least 5 of the 6
    parameter-seed pairs, and the placement hazard must be learned (its 95% interval spans less
    than half the prior's log range); the relapse hazard, identified only by the noisy
    26-week share of a tiny organisation, must still narrow (less than 0.9 of the prior).
    """
    truth = {"placement_base": 0.002, "relapse_base": 0.01}
    covered, widths = [], {"placement_base": [], "relapse_base": []}
    for seed in (101, 102, 103):
        spec = _recovery_spec(_simulated_targets(truth, seed))
        run_calibration(spec, tmp_path / str(seed), seed=seed, progress=None)
        history = pyabc.History(f"sqlite:///{tmp_path / str(seed) / 'history.db'}", _id=1)
        frame, weights = history.get_distribution(m=0, t=history.max_t)
        for prior in spec.priors:
            values = frame[prior.name].to_numpy()
            low, high = weighted_quantile(values, weights, 0.025), weighted_quantile(values, weights, 0.975)
            covered.append(low <= truth[prior.name] <= high)
            widths[prior.name].append(math.log(high / low) / math.log(prior.high / prior.low))
    assert sum(covered) >= 5, covered
    assert max(widths["placement_base"]) < 0.5, widths
    assert max(widths["relapse_base"]) < 0.9, widths


# ---------------------------------------------------------------------------- resume, held-out data
RESUME_FILE = """
name = "resume-test"
targets = "targets.toml"
[simulation]
steps = 156
burn_in = 52
[parameters]
n_teams = 2
team_size = 5
n_partners = 6
[prior.placement_base]
distribution = "loguniform"
low = 0.0005
high = 0.01
reason = "test"
[abc]
population = 10
generations = 3
ppc_draws = 3
"""


def _stored_generations(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as connection:
            return connection.execute("select count(*) from populations where t >= 0").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_calibration_continues_to_the_same_posterior_and_never_reads_held_out_data(tmp_path):
    (tmp_path / "targets.toml").write_text(DEFAULT_TARGETS.read_text())
    calibration = _write(tmp_path / "cal.toml", RESUME_FILE)

    # A: uninterrupted, in this process.
    spec = load_calibration(calibration)
    run_calibration(spec, tmp_path / "a", seed=11, progress=None)
    expected = pd.read_sql("select * from parameters", sqlite3.connect(tmp_path / "a" / "history.db"))

    # B: the command line, killed with SIGKILL during generation 2, then run again.
    out = tmp_path / "b"
    command = [
        sys.executable,
        "-m",
        "leadsim",
        "calibrate",
        str(calibration),
        "--out",
        str(out),
        "--seed",
        "11",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    deadline = time.monotonic() + 90
    while _stored_generations(out / "history.db") < 1:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = _stored_generations(out / "history.db")
    assert 1 <= killed_at < 3, "the kill must land before the calibration finished"
    assert main(["calibrate", str(calibration), "--out", str(out), "--seed", "11", "--quiet"]) == 0
    resumed = pd.read_sql("select * from parameters", sqlite3.connect(out / "history.db"))
    assert _stored_generations(out / "history.db") == 3
    pd.testing.assert_frame_equal(resumed[["name", "value"]], expected[["name", "value"]])
    for name in (
        "posterior.parquet",
        "diagnostics.csv",
        "ppc.csv",
        "marginals.png",
        "pairs.png",
        "report.md",
    ):
        assert (out / name).stat().st_size > 0
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert posterior["weight"].sum() == pytest.approx(1.0) and len(posterior) == 10
    ppc = pd.read_csv(out / "ppc.csv")
    assert set(ppc["target"]) == {t.name for t in spec.targets.targets}  # every target, held out too
    assert set(ppc.loc[ppc["observable"] == "in_work_78w", "status"]) == {"not measurable"}
    diagnostics = pd.read_csv(out / "diagnostics.csv")
    assert list(diagnostics["generation"]) == [0, 1, 2] and (diagnostics["ess"] > 1).all()
    assert np.isinf(diagnostics["epsilon"].iloc[0]) and diagnostics["epsilon"].is_monotonic_decreasing

    # A run of another seed into the same directory is refused before it runs.
    assert main(["calibrate", str(calibration), "--out", str(out), "--seed", "12", "--quiet"]) == 2

    # C: held-out targets changed beyond recognition, in a fresh interpreter that must not import
    # the stylized facts: the posterior is the same as A's.
    held_out = tomllib.loads(DEFAULT_TARGETS.read_text())
    for entry in held_out["target"]:
        if entry["role"] == "validation":
            entry["value"] = 0.0123
    lines = []
    for entry in held_out["target"]:
        lines.append("[[target]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in entry.items()]
    (tmp_path / "changed.toml").write_text("\n".join(lines) + "\n")
    script = textwrap.dedent(
        f"""
        import sys
        from leadsim.calibration import load_calibration
        from leadsim.calibration.smc import run_calibration
        spec = load_calibration({str(calibration)!r}, targets={str(tmp_path / "changed.toml")!r})
        run_calibration(spec, {str(tmp_path / "c")!r}, seed=11, progress=None)
        print(sorted(m for m in sys.modules if m.startswith("leadsim.validation")))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    changed = pd.read_sql("select * from parameters", sqlite3.connect(tmp_path / "c" / "history.db"))
    pd.testing.assert_frame_equal(changed[["name", "value"]], expected[["name", "value"]])
