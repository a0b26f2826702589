"""Bad input, one case per row: a one-line error naming the field, the rule and the value.

Every case asserts, for the command line: a non-zero exit status, exactly one line on stderr that
starts ``leadsim: error:`` and holds the expected fragments (the field, the rule, the value), no
traceback, and that nothing already computed was changed (the results folder's files and their
bytes are the same before and after). For the Python API: a :class:`leadsim.errors.LeadsimError`
whose message holds the fragments. Cases run in this process (``leadsim.cli.main``), so the
table stays fast; ``tests/test_cli.py`` checks the installed command end to end.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from leadsim import LeadershipModel
from leadsim.cli import main
from leadsim.errors import LeadsimError
from leadsim.experiments import load_results, parse_experiment, run_sweep
from leadsim.experiments.cli import check_scheduler_address
from leadsim.validation import validate

GOOD = """
name = "bad-input-base"
[run]
steps = 2
replications = 1
seed = 1
[parameters]
n_teams = 2
team_size = 3
caseload = 4
n_partners = 4
[factors.pressure]
levels = [0.2, 0.8]
[design]
kind = "grid"
"""


def _experiment(tmp: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp / name
    path.write_text(textwrap.dedent(text))
    return path


def _snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid experiment file, its finished results folder, a damaged copy, a plain file."""
    tmp = tmp_path_factory.mktemp("bad-input")
    experiment = _experiment(tmp, GOOD)
    results = tmp / "results"
    run_sweep(experiment, results, executor="serial", progress=False)
    damaged = tmp / "damaged"
    run_sweep(experiment, damaged, executor="serial", progress=False)
    part = sorted((damaged / "runs").glob("part-*.parquet"))[0]
    part.write_bytes(part.read_bytes()[: len(part.read_bytes()) // 2])  # truncated
    blocker = tmp / "a-file"
    blocker.write_text("not a directory")
    other = tmp / "other-folder"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    return {
        "tmp": tmp,
        "experiment": experiment,
        "results": results,
        "damaged": damaged,
        "file": blocker,
        "other": other,
    }


@dataclass(frozen=True)
class Case:
    """A command line (``{name}`` filled from the world), its exit status and message fragments."""

    id: str
    argv: tuple[str, ...]
    fragments: tuple[str, ...]
    code: int = 2
    toml: str | None = None  # an experiment file written for this case as {toml}


def case(id: str, argv: str, *fragments: str, code: int = 2, toml: str | None = None) -> Case:
    return Case(
        id, tuple(argv.split("\x1f")) if "\x1f" in argv else tuple(argv.split()), fragments, code, toml
    )


def bad_toml(replace: str, by: str) -> str:
    assert replace in GOOD
    return GOOD.replace(replace, by)


CLI_CASES = [
    # ------------------------------------------------------------ leadsim run
    case("run-pressure-range", "run --pressure 1.3", "'pressure'", "must be in [0, 1]", "1.3"),
    case("run-pressure-text", "run --pressure abc", "'pressure'", "'abc'"),
    case("run-scenario", "run --scenario sawtooth", "'pressure_scenario'", "must be one of", "sawtooth"),
    case("run-style-name", "run --style bossy", "'style'", "must be one of", "bossy"),
    case(
        "run-style-json",
        'run --style {"hierarchical":1.3,"supportive":0.3,"accountable":0.3,"visionary":0.1}',
        "hierarchical",
        "[0, 1]",
        "1.3",
    ),
    case("run-style-bad-json", "run --style {oops", "'style'", "JSON", "{oops"),
    case("run-unknown-parameter", "run --set nosuch=1", "nosuch"),
    case("run-set-syntax", "run --set reflection", "--set expects NAME=VALUE", "'reflection'"),
    case("run-team-size-zero", "run --set team_size=0", "'team_size'", "0"),
    case("run-team-size-float", "run --set team_size=2.5", "'team_size'", "2.5"),
    case("run-bool", "run --set action_learning=maybe", "'action_learning'", "true or false", "maybe"),
    case("run-nan", "run --set reflection=nan", "'reflection'", "nan"),
    case("run-given-twice", "run --pressure 0.5 --set pressure=0.4", "'pressure'", "given twice"),
    case("run-steps-negative", "run --steps -1", "--steps", "non-negative integer", "'-1'"),
    case("run-steps-text", "run --steps many", "--steps", "non-negative integer", "'many'"),
    case("run-seed-negative", "run --seed -3", "--seed", "'-3'"),
    case("run-format", "run --format xls", "--format", "invalid choice", "'xls'"),
    case("run-out-empty", "run\x1f--steps\x1f1\x1f--out\x1f", "--out", "must be a directory path", "''"),
    case(
        "run-out-file",
        "run --steps 1 --out {file}/sub",
        "cannot write",
        "{file}/sub",
        "Not a directory",
        code=1,
    ),
    case(
        "run-too-large",
        "run --set n_teams=100000 --set team_size=1000",
        "n_teams * team_size * caseload",
        "must fit in memory",
        "--force",
        "n_teams=100000",
    ),
    # ------------------------------------------------------------ leadsim validate
    case("validate-replications-zero", "validate --replications 0 --out {tmp}/v", "--replications", "'0'"),
    case(
        "validate-replications-two",
        "validate --replications 2 --out {tmp}/v",
        "'replications'",
        "at least 3",
        "2",
    ),
    case(
        "validate-quick-and-replications",
        "validate --quick --replications 5 --out {tmp}/v",
        "'--replications'",
        "cannot be combined with --quick",
        "5",
    ),
    case("validate-fact", "validate --fact SF99 --out {tmp}/v", "'--fact'", "must be one of", "SF99"),
    case("validate-submodel", "validate --submodels nosuch --out {tmp}/v", "'--submodels'", "nosuch"),
    case("validate-weeks", "validate --weeks 10 --out {tmp}/v", "'weeks'", "at least 53", "10"),
    case("validate-jobs", "validate --jobs 0 --out {tmp}/v", "--jobs", "positive integer", "'0'"),
    case("validate-set", "validate --set team_size=0 --out {tmp}/v", "'team_size'", "0"),
    case("validate-format", "validate --format pdf", "--format", "invalid choice", "'pdf'"),
    case(
        "validate-out-file",
        "validate --fact SF1 --out {file}/sub",
        "cannot write",
        "{file}/sub",
        "Not a directory",
        code=1,
    ),
    case(
        "validate-out-empty",
        "validate\x1f--fact\x1fSF1\x1f--out\x1f",
        "--out",
        "must be a directory path",
        "''",
    ),
    # ------------------------------------------------------------ leadsim survey
    case("survey-replications", "survey --replications 0 --out {tmp}/s", "replications", "0"),
    case("survey-method-share", "survey --method-share 2 --out {tmp}/s", "method_share", "2"),
    case("survey-null", "survey --null nosuch --out {tmp}/s", "nosuch"),
    case("survey-jobs", "survey --jobs 0 --out {tmp}/s", "jobs", "0"),
    case("survey-set", "survey --set pressure=7 --out {tmp}/s", "'pressure'", "set per organisation", "7.0"),
    case("survey-out-file", "survey --weeks 2 --out {file}/sub", "cannot write", "{file}/sub", code=1),
    # ------------------------------------------------------------ leadsim sweep: experiment files
    case(
        "sweep-missing-file", "sweep {tmp}/nosuch.toml --check", "nosuch.toml", "cannot read", "No such file"
    ),
    case("sweep-malformed", "sweep {toml} --check", "line", "malformed TOML", toml="name = [\n"),
    case(
        "sweep-name-traversal",
        "sweep {toml}",
        "name",
        "folder name",
        "'../../x'",
        toml=bad_toml('name = "bad-input-base"', 'name = "../../x"'),
    ),
    case(
        "sweep-name-absolute",
        "sweep {toml} --check",
        "name",
        "no '/'",
        "'/tmp/x'",
        toml=bad_toml('name = "bad-input-base"', 'name = "/tmp/x"'),
    ),
    case(
        "sweep-nan-level",
        "sweep {toml} --check",
        "factors.pressure.levels[1]",
        "[0, 1]",
        "nan",
        toml=bad_toml("levels = [0.2, 0.8]", "levels = [0.2, nan]"),
    ),
    case(
        "sweep-nan-bound",
        "sweep {toml} --check",
        "factors.reflection.high",
        "finite",
        "nan",
        toml=GOOD + "[factors.reflection]\nlow = 0.0\nhigh = nan\npoints = 2\n",
    ),
    case(
        "sweep-unknown-factor",
        "sweep {toml} --check",
        "factors.presure",
        "did you mean pressure",
        toml=GOOD.replace("[factors.pressure]", "[factors.presure]"),
    ),
    case(
        "sweep-design-kind",
        "sweep {toml} --check",
        "design.kind",
        "must be one of",
        "'latin'",
        toml=bad_toml('kind = "grid"', 'kind = "latin"'),
    ),
    case(
        "sweep-sobol-samples",
        "sweep {toml} --check",
        "design.samples",
        "power of two",
        "3",
        toml=bad_toml('kind = "grid"', 'kind = "sobol"\nsamples = 3'),
    ),
    case(
        "sweep-steps",
        "sweep {toml} --check",
        "run.steps",
        "integer >= 1",
        "0",
        toml=bad_toml("steps = 2", "steps = 0"),
    ),
    case(
        "sweep-too-many-runs",
        "sweep {toml} --check",
        "'runs'",
        "at most 1,000,000",
        "--force",
        "2000000000",
        toml=bad_toml("replications = 1", "replications = 1000000000"),
    ),
    case(
        "sweep-model-too-large",
        "sweep {toml} --check --executor serial",
        "n_teams * team_size * caseload",
        "must fit in memory",
        toml=bad_toml("n_teams = 2", "n_teams = 100000").replace("team_size = 3", "team_size = 1000"),
    ),
    case(
        "sweep-scheduler-scheme",
        "sweep {experiment} --check --scheduler foo://bar:1",
        "'--scheduler'",
        "SCHEME one of tcp",
        "foo://bar:1",
    ),
    case(
        "sweep-scheduler-port",
        "sweep {experiment} --check --scheduler tcp://host:99999",
        "'--scheduler'",
        "port in 1..65535",
        "99999",
    ),
    case(
        "sweep-scheduler-unreachable",
        "sweep {experiment} --out {tmp}/sched --scheduler tcp://127.0.0.1:9",
        "scheduler",
        "cannot reach a Dask scheduler",
        "tcp://127.0.0.1:9",
    ),
    case(
        "sweep-tls-file",
        "sweep {experiment} --check --tls-ca-file {tmp}/nosuch.pem",
        "'--tls-ca-file'",
        "readable file",
        "nosuch.pem",
    ),
    case("sweep-jobs", "sweep {experiment} --check --jobs 0", "--jobs", "positive integer", "'0'"),
    case("sweep-chunk-size", "sweep {experiment} --check --chunk-size 0", "--chunk-size", "'0'"),
    case("sweep-executor", "sweep {experiment} --executor gpu", "--executor", "invalid choice", "'gpu'"),
    case("sweep-out-empty", "sweep\x1f{experiment}\x1f--out\x1f", "--out", "must be a directory path", "''"),
    # ------------------------------------------------------------ leadsim sweep / analyze: results folders
    case(
        "sweep-other-experiment",
        "sweep {toml} --check --out {results}",
        "{results}",
        "holds experiment 'bad-input-base'",
        "never mixed",
        toml=bad_toml("levels = [0.2, 0.8]", "levels = [0.3, 0.8]"),
    ),
    case(
        "sweep-other-experiment-run",
        "sweep {toml} --out {results}",
        "holds experiment",
        "never mixed",
        toml=bad_toml("levels = [0.2, 0.8]", "levels = [0.3, 0.8]"),
    ),
    case(
        "sweep-not-results-folder",
        "sweep {experiment} --check --out {other}",
        "{other}",
        "is not empty",
        "not a leadsim results directory",
    ),
    case("sweep-out-is-file", "sweep {experiment} --check --out {file}", "{file}", "not a directory"),
    case("analyze-not-results", "analyze {other}", "{other}", "has no manifest.json"),
    case(
        "analyze-damaged-part", "analyze {damaged}", "part-000000.parquet", "cannot be read", "leadsim sweep"
    ),
    case("analyze-confidence", "analyze {results} --confidence 1.5", "--confidence", "(0, 1)", "'1.5'"),
    case(
        "analyze-phase",
        "analyze {results} --phase nosuch pressure --no-prim --out {tmp}/an",
        "phase diagram factor",
        "'nosuch'",
    ),
    case("analyze-out-file", "analyze {results} --out {file}/sub", "cannot write", "{file}/sub", code=1),
    # ------------------------------------------------------------ leadsim calibrate, leadsim app
    case("calibrate-missing", "calibrate {tmp}/nosuch.toml --check", "nosuch.toml", "No such file"),
    case(
        "calibrate-prior",
        "calibrate {toml} --check",
        "prior.placement_base",
        "0.5",
        toml='name = "c"\n[prior.placement_base]\nlow = 0.5\nhigh = 0.1\nreason = "r"\n',
    ),
    case("app-port-zero", "app --port 0", "--port", "[1, 65535]", "'0'"),
    case("app-port-text", "app --port http", "--port", "[1, 65535]", "'http'"),
]


def _fill(text: str, world: dict[str, Path], toml: Path | None) -> str:
    names = {key: str(value) for key, value in world.items()}
    if toml is not None:
        names["toml"] = str(toml)
    for key, value in names.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.mark.parametrize("c", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_command_line_refuses_bad_input(c: Case, world: dict[str, Path], tmp_path: Path, capsys) -> None:
    toml = _experiment(tmp_path, c.toml, f"{c.id}.toml") if c.toml is not None else None
    argv = [_fill(arg, world, toml) for arg in c.argv]
    folders = [world["results"], world["damaged"], world["other"]]
    before = [_snapshot(folder) for folder in folders]
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    # A warning may precede the error (e.g. that a Dask scheduler must be trusted); one error line.
    lines = [line for line in err.strip().splitlines() if not line.startswith("leadsim: warning: ")]
    assert code == c.code, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert lines[0].startswith("leadsim: error: "), err
    for fragment in c.fragments:
        assert _fill(fragment, world, toml) in lines[0], (fragment, lines[0])
    assert [_snapshot(folder) for folder in folders] == before  # nothing computed lost or changed


def test_the_table_covers_every_subcommand() -> None:
    from leadsim.cli import build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    covered = {c.argv[0] for c in CLI_CASES}
    assert commands <= covered, commands - covered
    assert len(CLI_CASES) + len(API_CASES) >= 60


def _results_folder_error(world: dict[str, Path]) -> None:
    load_results(world["file"])


API_CASES: list[tuple[str, Callable[[dict[str, Path]], object], tuple[str, ...]]] = [
    ("model-pressure", lambda w: LeadershipModel(pressure=1.3), ("'pressure'", "[0, 1]", "1.3")),
    ("model-team-size-text", lambda w: LeadershipModel(team_size="3"), ("'team_size'", "'3'")),
    ("model-caseload", lambda w: LeadershipModel(caseload=-1), ("'caseload'", "-1")),
    ("model-scenario", lambda w: LeadershipModel(pressure_scenario="x"), ("'pressure_scenario'", "'x'")),
    (
        # Each size within its range, the product beyond any machine: refused before allocating.
        "model-too-large",
        lambda w: LeadershipModel(n_teams=100_000, team_size=1_000),
        ("n_teams * team_size", "must fit in this machine's memory", "TiB", "n_teams=100000"),
    ),
    (
        "experiment-name",
        lambda w: parse_experiment(
            {"name": "a/b", "factors": {"pressure": {"levels": [0.1]}}, "design": {"kind": "grid"}}
        ),
        ("name", "folder name", "'a/b'"),
    ),
    (
        "sweep-executor",
        lambda w: run_sweep(w["experiment"], w["tmp"] / "x", executor="gpu"),
        ("executor", "must be one of", "'gpu'"),
    ),
    ("sweep-jobs", lambda w: run_sweep(w["experiment"], w["tmp"] / "x", jobs=0), ("jobs", "positive", "0")),
    ("validate-replications", lambda w: validate(replications=2), ("'replications'", "at least 3", "2")),
    ("load-results-file", _results_folder_error, ("has no manifest.json",)),
    ("load-results-damaged", lambda w: load_results(w["damaged"]), ("part-000000.parquet", "cannot be read")),
    ("scheduler-address", lambda w: check_scheduler_address("http://x:1"), ("'--scheduler'", "http://x:1")),
]


@pytest.mark.parametrize(("name", "call", "fragments"), API_CASES, ids=[c[0] for c in API_CASES])
def test_python_api_refuses_bad_input(name, call, fragments, world) -> None:
    before = _snapshot(world["results"])
    with pytest.raises(LeadsimError) as caught:
        call(world)
    for fragment in fragments:
        assert fragment in str(caught.value), (fragment, str(caught.value))
    assert _snapshot(world["results"]) == before
