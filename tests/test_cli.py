"""Tests of the command line (leadsim.cli) and the trajectory figure (leadsim.plotting)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

import leadsim
from leadsim import METRICS, PARAMETERS, STYLE_NAMES, LeadershipModel
from leadsim.cli import main, parse_parameter_value
from leadsim.plotting import plot_trajectories

COLUMNS = ["week", *METRICS]


def run(tmp_path: Path, *args: str, steps: int = 10, quiet: bool = True) -> tuple[int, Path]:
    out = tmp_path / "out"
    argv = ["run", "--steps", str(steps), "--out", str(out), *args]
    if quiet:
        argv.append("--quiet")
    return main(argv), out


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("leadsim: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# ---------------------------------------------------------------------------- leadsim run
def test_run_writes_timeseries_summary_and_figure(tmp_path, capsys):
    code, out = run(tmp_path, quiet=False)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "summary.json",
        "timeseries.csv",
        "trajectories.png",
    ]
    frame = pd.read_csv(out / "timeseries.csv")
    assert list(frame.columns) == COLUMNS
    assert frame["week"].tolist() == list(range(11))

    printed = capsys.readouterr().out
    for name in ("passivity", "collaboration", "placements_total", "style_hierarchical"):
        assert name in printed
    assert "team regimes (week 10, 6 teams)" in printed


def test_summary_json_records_run(tmp_path):
    code, out = run(tmp_path, "--seed", "7", "--pressure", "0.8", "--no-plot")
    assert code == 0
    record = json.loads((out / "summary.json").read_text())
    assert record["completed"] is True
    assert record["seed"] == 7
    assert record["steps"] == record["weeks_completed"] == 10
    assert record["versions"]["leadsim"] == leadsim.__version__
    assert "mesa" in record["versions"]
    assert record["overrides"] == {"pressure": 0.8}
    assert set(record["parameters"]) == set(PARAMETERS)
    assert record["parameters"]["pressure"] == 0.8
    summary = record["summary"]
    assert set(METRICS) <= set(summary)
    assert len(summary["team_regimes"]) == record["parameters"]["n_teams"]


def test_run_matches_model_api(tmp_path):
    code, out = run(tmp_path, "--seed", "3", "--no-plot")
    assert code == 0
    expected = LeadershipModel(rng=3).run(10).dataframe().reset_index()
    pd.testing.assert_frame_equal(pd.read_csv(out / "timeseries.csv"), expected)
    assert not (out / "trajectories.png").exists()


def test_parquet_format(tmp_path):
    code, out = run(tmp_path, "--format", "parquet", "--no-plot")
    assert code == 0
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 11
    assert not (out / "timeseries.csv").exists()


def test_set_bool_and_style_options(tmp_path):
    code, out = run(
        tmp_path,
        "--set",
        "action_learning=true",
        "--set",
        "n_teams=3",
        "--style",
        "accountable",
        "--scenario",
        "shock",
        "--no-plot",
    )
    assert code == 0
    parameters = json.loads((out / "summary.json").read_text())["parameters"]
    assert parameters["action_learning"] is True
    assert parameters["n_teams"] == 3
    assert parameters["style"] == "accountable"
    assert parameters["pressure_scenario"] == "shock"


def test_style_as_json_intensities(tmp_path):
    weights = {"hierarchical": 0.4, "supportive": 0.9, "accountable": 0.7, "visionary": 0.2}
    code, out = run(tmp_path, "--set", f"style={json.dumps(weights)}", "--no-plot", steps=2)
    assert code == 0
    assert json.loads((out / "summary.json").read_text())["parameters"]["style"] == weights


# ---------------------------------------------------------------------------- errors
def test_out_of_range_pressure_is_one_line_exit_2(tmp_path, capsys):
    code, out = run(tmp_path, "--pressure", "1.3")
    assert code == 2
    captured = capsys.readouterr()
    assert_one_line_error(captured.err, "'pressure' must be in [0, 1] (got 1.3)")
    assert captured.out == ""
    assert not out.exists(), "nothing is written when a value is refused"


def test_unknown_set_name_lists_valid_names(tmp_path, capsys):
    code, _ = run(tmp_path, "--set", "foo=1")
    assert code == 2
    err = capsys.readouterr().err
    assert_one_line_error(err, "'foo' is not a leadsim parameter", "valid names:", "reflection")


def test_misspelt_set_name_suggests(tmp_path, capsys):
    code, _ = run(tmp_path, "--set", "reflexion=0.5")
    assert code == 2
    assert_one_line_error(capsys.readouterr().err, "did you mean reflection")


def test_unknown_style_lists_styles(tmp_path, capsys):
    code, _ = run(tmp_path, "--style", "nonsense")
    assert code == 2
    err = capsys.readouterr().err
    assert_one_line_error(err, "'style'", "'nonsense'", "adaptive", *STYLE_NAMES)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--set", "foo"], ["--set expects NAME=VALUE", "'foo'"]),
        (["--set", "=1"], ["--set expects NAME=VALUE"]),
        (["--set", "n_teams=2.5"], ["'n_teams' must be an integer", "'2.5'"]),
        (["--set", "n_teams=0"], ["'n_teams' must be in [1, 100000] (got 0)"]),
        (["--set", "action_learning=maybe"], ["'action_learning' must be true or false"]),
        (["--pressure", "abc"], ["'pressure' must be a number in [0, 1] (got 'abc')"]),
        (["--scenario", "nope"], ["'pressure_scenario' must be one of", "'nope'"]),
        (["--set", "intended_style={bad json"], ["'intended_style' is not a valid JSON"]),
        (["--set", 'style={"hierarchical": 1}'], ["'style' is missing the intensities"]),
        (["--pressure", "0.3", "--set", "pressure=0.4"], ["'pressure' is given twice"]),
    ],
)
def test_bad_values_are_refused_before_the_run(tmp_path, capsys, args, fragments):
    code, out = run(tmp_path, *args)
    assert code == 2
    assert_one_line_error(capsys.readouterr().err, *fragments)
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path, capsys):
    code, _ = run(tmp_path, "--steps", "-1")
    assert code == 2
    err = capsys.readouterr().err
    assert "--steps" in err
    assert "Traceback" not in err
    assert main([]) == 2


def test_help_and_version_exit_0(capsys):
    assert main(["--help"]) == 0
    assert "run" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert leadsim.__version__ in capsys.readouterr().out


def test_unwritable_output_exits_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = main(["run", "--steps", "1", "--quiet", "--out", str(blocker / "out")])
    assert code == 1
    assert_one_line_error(capsys.readouterr().err, "cannot write", str(blocker / "out"), "Not a directory")


def test_interrupt_writes_partial_results_and_exits_130(tmp_path, capsys, monkeypatch):
    step = LeadershipModel.step

    def interrupted_step(model: LeadershipModel) -> None:
        if model.week == 4:
            raise KeyboardInterrupt
        step(model)

    monkeypatch.setattr(LeadershipModel, "step", interrupted_step)
    code, out = run(tmp_path, steps=10)
    assert code == 130
    assert "interrupted after week 4 of 10" in capsys.readouterr().err
    frame = pd.read_csv(out / "timeseries.csv")
    assert frame["week"].tolist() == [0, 1, 2, 3, 4]
    record = json.loads((out / "summary.json").read_text())
    assert record["completed"] is False
    assert record["weeks_completed"] == 4
    assert record["summary"]["passivity"] == pytest.approx(frame["passivity"].iloc[-1])
    assert (out / "trajectories.png").exists()


# ---------------------------------------------------------------------------- value parsing
@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("n_teams", "12", 12),
        ("pressure", "0.25", 0.25),
        ("action_learning", "Yes", True),
        ("action_learning", "0", False),
        ("pressure_scenario", "ramp", "ramp"),
        ("style", "adaptive", None),
        ("style", "supportive", "supportive"),
        ("intended_style", "visionary", "visionary"),
    ],
)
def test_parse_parameter_value(name, text, value):
    assert parse_parameter_value(name, text) == value


def test_every_parameter_default_round_trips_through_text():
    for name, value in leadsim.defaults().items():
        text = "adaptive" if value is None else str(value).lower()
        assert parse_parameter_value(name, text) == value, name


# ---------------------------------------------------------------------------- figure
def test_plot_trajectories_returns_figure(tmp_path):
    frame = LeadershipModel(rng=1).run(5).dataframe()
    path = tmp_path / "figs" / "trajectories.png"
    figure = plot_trajectories(frame, path, title="test")
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 6
    assert path.stat().st_size > 0
    # Read back from CSV, 'week' is a column rather than the index.
    assert len(plot_trajectories(frame.reset_index()).axes) == 6


def test_plot_trajectories_names_missing_columns():
    frame = LeadershipModel(rng=1).dataframe().drop(columns=["passivity"])
    with pytest.raises(ValueError, match="passivity"):
        plot_trajectories(frame)


# ---------------------------------------------------------------------------- as a program
def _run_program(command: list[str], out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [*command, "run", "--steps", "3", "--quiet", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_python_dash_m_leadsim(tmp_path):
    result = _run_program([sys.executable, "-m", "leadsim"], tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "summary.json",
        "timeseries.csv",
        "trajectories.png",
    }


def test_console_script_reports_errors_in_one_line(tmp_path):
    script = shutil.which("leadsim", path=str(Path(sys.executable).parent))
    assert script is not None, "the leadsim console script is not installed; run pip install -e ."
    result = subprocess.run(
        [script, "run", "--pressure", "1.3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "leadsim: error: 'pressure' must be in [0, 1] (got 1.3)"
    assert list(tmp_path.iterdir()) == []
