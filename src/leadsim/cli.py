"""The ``leadsim`` command line.

``leadsim run`` runs one scenario of :class:`leadsim.LeadershipModel` (three years of weeks by
default), prints the end metrics and writes ``timeseries.csv`` (or ``.parquet``),
``summary.json`` and ``trajectories.png`` to an output directory::

    leadsim run --pressure 0.8 --scenario shock --set reflection=0.6 --out runs/shock

Every model parameter can be set with ``--set NAME=VALUE``; the most used ones also have options
of their own. Values are parsed by the parameter's kind (see :data:`leadsim.PARAMETERS`) and the
model validates them before the run begins, so a bad value costs nothing: it is reported on one
line (``leadsim: error: 'pressure' must be in [0, 1] (got 1.3)``) with exit status 2.

Exit status: 0 success, 1 output could not be written, 2 invalid arguments or parameter values,
130 interrupted (the weeks computed so far are written first).

Ctrl-C is held back while a week is being computed and while results are written
(:class:`leadsim.parallel.InterruptGuard`): the run stops between two weeks, every finished week
is written, and the files are whole (:func:`leadsim.files.write_atomically`). The output
directory is checked (created, and a probe file written) and the model's memory estimated
(:mod:`leadsim.limits`) before the first week, so that neither a bad ``--out`` nor a model too
large for the machine costs a run.

Adding a subcommand: write ``_add_<name>_parser(subparsers)`` that creates the subparser, calls
the shared option helpers it needs (:func:`_add_model_options`, :func:`_add_output_options`)
and sets ``handler`` to a function ``(args) -> int``; then list it in ``_SUBCOMMANDS``.
:func:`main` gives every handler the same error handling and exit codes.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

import mesa
import numpy as np
import pandas as pd
from tqdm import tqdm

from leadsim import __version__
from leadsim.errors import LeadsimError, OutputError, ParameterError
from leadsim.files import check_writable_directory, write_atomically
from leadsim.limits import check_model_size
from leadsim.model import LeadershipModel
from leadsim.observables import METRICS, REGIMES
from leadsim.parallel import InterruptGuard
from leadsim.parameters import (
    PARAMETERS,
    PRESSURE_SCENARIOS,
    ParameterSpec,
    defaults,
    validate_parameters,
)
from leadsim.styles import STYLE_KINDS, STYLE_NAMES

__all__ = [
    "OutputError",
    "directory_path",
    "main",
    "parse_assignments",
    "parse_parameter_value",
    "positive_int",
]

PROG = "leadsim"
DEFAULT_STEPS = 156
DEFAULT_SEED = 42
DEFAULT_OUT = "leadsim-output"
FORMATS = ("csv", "parquet")
ADAPTIVE = "adaptive"

EXIT_OK = 0
EXIT_OUTPUT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# End metrics printed by ``leadsim run``, in table order, with their number format.
_SUMMARY_ROWS: tuple[tuple[str, str], ...] = (
    ("pressure", ".3f"),
    ("passivity", ".3f"),
    ("collaboration", ".3f"),
    ("wellbeing", ".3f"),
    ("role_ambiguity", ".3f"),
    ("placements_total", ".0f"),
    ("sustainable_placements", ".0f"),
    ("client_understood", ".3f"),
    ("client_respected", ".3f"),
    ("perception_gap", ".3f"),
    *((f"style_{kind}", ".3f") for kind in STYLE_KINDS),
)

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class UsageError(LeadsimError):
    """A command-line argument that is not a parameter value (e.g. bad ``--set`` syntax)."""


# ---------------------------------------------------------------------------- parsing values
def parse_parameter_value(name: str, text: str) -> Any:
    """Turn the text of ``--set NAME=VALUE`` (or of a shorthand option) into a Python value.

    The kind of the parameter decides the parsing: ``int`` and ``float`` as numbers, ``bool``
    as true/false (also yes/no, on/off, 1/0), ``choice`` as the string itself, ``style`` as a
    style name or a JSON object of the four intensities, ``optional_style`` also as ``adaptive``
    (``None``: adaptive managers). Ranges and choices are left to the model's validation.

    Args:
        name: A name in :data:`leadsim.PARAMETERS`.
        text: The value as typed.

    Returns:
        The value to pass to :class:`leadsim.LeadershipModel`.

    Raises:
        ParameterError: ``name`` is not a parameter (the message suggests close names and lists
            the valid ones), or ``text`` cannot be read as the parameter's kind.
    """
    if name not in PARAMETERS:
        validate_parameters({name: text})  # raises the library's unknown-name error
    spec = PARAMETERS[name]
    value = text.strip()
    match spec.kind:
        case "int":
            try:
                return int(value, 10)
            except ValueError:
                raise ParameterError(name, spec.rule, text) from None
        case "float":
            try:
                return float(value)
            except ValueError:
                raise ParameterError(name, spec.rule, text) from None
        case "bool":
            if value.lower() in _TRUE:
                return True
            if value.lower() in _FALSE:
                return False
            raise ParameterError(name, "must be true or false (also yes/no, on/off, 1/0)", text)
        case "choice":
            return value
        case "style" | "optional_style":
            return _parse_style(spec, value)
    raise AssertionError(f"unhandled parameter kind {spec.kind!r}")  # pragma: no cover


def _parse_style(spec: ParameterSpec, value: str) -> Any:
    optional = spec.kind == "optional_style"
    if optional and value.lower() in (ADAPTIVE, "none"):
        return None
    if value.startswith("{"):
        try:
            intensities = json.loads(value)
        except json.JSONDecodeError as exc:
            rule = f"is not a valid JSON object of intensities ({exc})"
            raise ParameterError(spec.name, rule, value) from None
        if not isinstance(intensities, dict):
            raise ParameterError(spec.name, "must be a JSON object of the four intensities", value)
        return intensities
    if value in STYLE_NAMES:
        return value
    names = ", ".join((ADAPTIVE, *STYLE_NAMES) if optional else STYLE_NAMES)
    kinds = ", ".join(STYLE_KINDS)
    rule = f"must be one of {names}, or a JSON object of intensities for {kinds}"
    raise ParameterError(spec.name, rule, value)


def _parse_assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(f"--set expects NAME=VALUE (got {text!r})")
    return name, value


def parse_assignments(texts: Sequence[str], option: str = "--set") -> dict[str, Any]:
    """Turn repeated ``--set NAME=VALUE`` arguments into model keyword arguments.

    Args:
        texts: The arguments as typed.
        option: The option's name, for messages.

    Returns:
        Parameter names and parsed values (see :func:`parse_parameter_value`).

    Raises:
        UsageError: An argument without ``=`` or a name given twice.
        ParameterError: An unknown name or a value that cannot be read as its kind.
    """
    values: dict[str, Any] = {}
    for text in texts:
        name, value = _parse_assignment(text)
        if name in values:
            raise UsageError(f"{option} {name} is given twice (got {text!r})")
        values[name] = parse_parameter_value(name, value)
    return values


def _integer_at_least(low: int, text: str) -> int:
    kind = "positive" if low == 1 else "non-negative"
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a {kind} integer (got {text!r})") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"must be a {kind} integer (got {text!r})")
    return value


def directory_path(text: str) -> Path:
    """``argparse`` type for ``--out``: a path, never empty (``''`` would mean the current directory)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"must be a directory path, not empty (got {text!r})")
    return Path(text)


def positive_int(text: str) -> int:
    """``argparse`` type for a count such as ``--jobs`` or ``--replications``."""
    return _integer_at_least(1, text)


def _non_negative_int(text: str) -> int:
    return _integer_at_least(0, text)


# ---------------------------------------------------------------------------- shared options
# Options that are shorthands for one model parameter: option dest -> parameter name.
_SHORTHANDS: dict[str, str] = {
    "pressure": "pressure",
    "scenario": "pressure_scenario",
    "style": "style",
}


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose the scenario: parameters and seed."""
    default = defaults()  # the model's signature is the one place defaults live
    group = parser.add_argument_group("scenario")
    group.add_argument(
        "--pressure",
        metavar="FLOAT",
        help=f"performance pressure in [0, 1] (default {default['pressure']:g})",
    )
    group.add_argument(
        "--scenario",
        metavar="{" + ",".join(PRESSURE_SCENARIOS) + "}",
        help=f"how pressure moves over time (default {default['pressure_scenario']})",
    )
    group.add_argument(
        "--style",
        metavar="NAME",
        help=(
            f"managers' style: {ADAPTIVE} (default: managers adapt their style) or a fixed "
            f"style for every manager, one of {', '.join(STYLE_NAMES)}"
        ),
    )
    group.add_argument(
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help=(
            "set any other model parameter, e.g. --set reflection=0.6 --set action_learning=true "
            "(repeatable; a style can be a JSON object of the four intensities)"
        ),
    )
    group.add_argument(
        "--seed",
        type=_non_negative_int,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"root seed of the model's random numbers (default {DEFAULT_SEED})",
    )


def _model_parameters(args: argparse.Namespace) -> dict[str, Any]:
    """Collect the parameter values given on the command line (shorthands and ``--set``).

    Raises:
        UsageError: Bad ``--set`` syntax, or a parameter given twice.
        ParameterError: An unknown name or a value that cannot be read as its kind.
    """
    given: dict[str, tuple[str, Any]] = {}

    def put(name: str, source: str, value: Any) -> None:
        if name in given:
            raise UsageError(f"{name!r} is given twice ({given[name][0]} and {source})")
        given[name] = (source, value)

    for dest, name in _SHORTHANDS.items():
        text = getattr(args, dest, None)
        if text is not None:
            put(name, f"--{dest}", parse_parameter_value(name, text))
    for assignment in args.assignments:
        name, text = _parse_assignment(assignment)
        put(name, f"--set {assignment}", parse_parameter_value(name, text))
    return {name: value for name, (_, value) in given.items()}


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that say where and how results are written."""
    group = parser.add_argument_group("output")
    group.add_argument(
        "--out",
        type=directory_path,
        default=Path(DEFAULT_OUT),
        metavar="DIR",
        help=f"output directory, created if needed (default {DEFAULT_OUT})",
    )
    group.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="format of the time series (default csv)",
    )
    group.add_argument("--no-plot", action="store_true", help="do not draw trajectories.png")
    group.add_argument(
        "--force",
        action="store_true",
        help="run even when the model's estimated memory is above half of this machine's",
    )
    group.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bar and no summary table (errors are still reported)",
    )


# ---------------------------------------------------------------------------- leadsim run
def _add_run_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run one scenario and write its time series, summary and figure",
        description=(
            "Run one scenario of the leadership model week by week, print the end metrics and "
            "write OUT/timeseries.csv (or .parquet), OUT/summary.json and OUT/trajectories.png. "
            "Parameter values are checked before the run begins."
        ),
    )
    _add_model_options(parser)
    parser.add_argument(
        "--steps",
        type=_non_negative_int,
        default=DEFAULT_STEPS,
        metavar="N",
        help=f"weeks to simulate (default {DEFAULT_STEPS}, three years)",
    )
    _add_output_options(parser)
    parser.set_defaults(handler=_run_command)


@dataclass
class _RunResult:
    model: LeadershipModel
    frame: pd.DataFrame
    steps: int
    interrupted: bool

    @property
    def weeks_completed(self) -> int:
        return len(self.frame) - 1


def _run_command(args: argparse.Namespace) -> int:
    overrides = _model_parameters(args)
    validate_parameters(overrides)  # every value named, before anything is allocated
    check_model_size(overrides, force=args.force)
    model = LeadershipModel(**overrides, rng=args.seed)
    out: Path = check_writable_directory(args.out)

    # Ctrl-C is held back until the week in progress is done, and while the results are written.
    with InterruptGuard() as guard:
        result = _simulate(model, args.steps, quiet=args.quiet, guard=guard)
        files = _write_outputs(result, args, overrides)
        late = guard.pending  # Ctrl-C while writing: the run was complete, every file is written
        guard.pending = False
    if result.interrupted or late:
        if result.interrupted:
            what = f"interrupted after week {result.weeks_completed} of {result.steps}; partial"
        else:
            what = f"interrupted after the last week ({result.steps}); complete"
        print(f"{PROG}: {what} results written to {out}", file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        _print_summary(result, args, sys.stdout)
        print("wrote " + ", ".join(str(path) for path in files), file=sys.stderr)
    return EXIT_OK


def _simulate(model: LeadershipModel, steps: int, *, quiet: bool, guard: InterruptGuard) -> _RunResult:
    """Step the model ``steps`` weeks; on Ctrl-C stop between two weeks and keep those done.

    A first Ctrl-C is raised by ``guard`` only between weeks, so the week in progress completes.
    A second one raises at once, possibly inside a compiled kernel, where CPython reports it as
    a ``SystemError`` caused by the ``KeyboardInterrupt``; the incomplete week is then dropped.
    """
    interrupted = False
    # disable=None: tqdm turns itself off when stderr is not a terminal (logs, pipes, CI).
    with tqdm(total=steps, desc=PROG, unit="week", file=sys.stderr, disable=True if quiet else None) as bar:
        try:
            for _ in range(steps):
                guard.check()
                model.step()
                bar.update()
        except KeyboardInterrupt:
            interrupted = True
        except SystemError as exc:
            if not isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                raise
            interrupted = True
        if interrupted:
            model.datacollector.drop_incomplete_week()
    return _RunResult(model, model.dataframe(), steps, interrupted)


# Files ``leadsim run`` writes; those of an earlier run that this one does not write are removed,
# so that a folder never holds files of two runs side by side.
_RUN_FILES = ("timeseries.csv", "timeseries.parquet", "summary.json", "trajectories.png")


def _write_outputs(result: _RunResult, args: argparse.Namespace, overrides: Mapping[str, Any]) -> list[Path]:
    out: Path = args.out
    series = out / f"timeseries.{args.format}"
    table = result.frame.reset_index()  # 'week' as a column, readable by any tool
    record = _summary_record(result, args, overrides)
    text = json.dumps(record, indent=2, default=_json_default) + "\n"
    if args.format == "parquet":
        write_atomically(series, lambda tmp: table.to_parquet(tmp, engine="pyarrow", index=False))
    else:
        write_atomically(series, lambda tmp: table.to_csv(tmp, index=False))
    files = [series, write_atomically(out / "summary.json", lambda tmp: tmp.write_text(text))]
    if not args.no_plot:
        import matplotlib.pyplot as plt

        from leadsim.plotting import plot_trajectories  # matplotlib only when drawing

        figure = plot_trajectories(result.frame, title=_run_title(result, args))
        try:
            draw = lambda tmp: figure.savefig(tmp, format="png", dpi=120)  # noqa: E731
            files.append(write_atomically(out / "trajectories.png", draw))
        finally:
            plt.close(figure)
    for name in _RUN_FILES:
        stale = out / name
        if stale not in files and stale.exists():
            try:
                stale.unlink()
            except OSError as exc:
                reason = f"is left from an earlier run and cannot be removed: {exc.strerror}"
                raise OutputError(stale, reason) from exc
    return files


def _summary_record(
    result: _RunResult, args: argparse.Namespace, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    model = result.model
    summary = model.summary()
    if result.interrupted:
        # Ctrl-C may land mid-week: report the last week that was fully collected.
        last = result.frame.iloc[-1]
        summary.update({name: float(last[name]) for name in METRICS})
        summary["weeks"] = float(result.weeks_completed)
    return {
        "command": "run",
        "argv": list(args.argv),
        "completed": not result.interrupted,
        "steps": result.steps,
        "weeks_completed": result.weeks_completed,
        "seed": args.seed,
        "versions": {
            "leadsim": __version__,
            "mesa": mesa.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "overrides": dict(overrides),
        "parameters": dict(model.parameters),
        "summary": _finite(summary),
    }


def _finite(value: Any) -> Any:
    """Replace NaN and infinities (not valid JSON) by ``None``, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _describe_style(model: LeadershipModel) -> str:
    style = model.parameters["style"]
    if style is None:
        return "adaptive managers"
    if isinstance(style, str):
        return f"{style} managers"
    return "managers with style " + ", ".join(f"{k}={style[k]:g}" for k in STYLE_KINDS)


def _run_title(result: _RunResult, args: argparse.Namespace) -> str:
    p = result.model.parameters
    return (
        f"leadsim run: pressure {p['pressure']:g} ({p['pressure_scenario']}), "
        f"{_describe_style(result.model)}, {p['n_teams']} teams x {p['team_size']}, "
        f"seed {args.seed}"
    )


def _print_summary(result: _RunResult, args: argparse.Namespace, stream: TextIO) -> None:
    frame = result.frame
    first, last = frame.iloc[0], frame.iloc[-1]
    end = f"week {result.weeks_completed}"
    width = max(len(name) for name, _ in _SUMMARY_ROWS)
    lines = [
        _run_title(result, args),
        "",
        f"{'metric':<{width}}  {'week 0':>10}  {end:>10}",
        f"{'-' * width}  {'-' * 10}  {'-' * 10}",
    ]
    for name, fmt in _SUMMARY_ROWS:
        lines.append(f"{name:<{width}}  {_fmt(first[name], fmt):>10}  {_fmt(last[name], fmt):>10}")
    regimes = result.model.team_regimes()
    counts = ", ".join(f"{regime} {regimes.count(regime)}" for regime in REGIMES)
    lines += ["", f"team regimes ({end}, {len(regimes)} teams): {counts}"]
    print("\n".join(lines), file=stream)


def _fmt(value: float, fmt: str) -> str:
    return "nan" if math.isnan(value) else format(value, fmt)


def _add_validation_parsers(subparsers: Any) -> None:
    from leadsim.validation.cli import add_parsers

    add_parsers(subparsers)


def _add_survey_parsers(subparsers: Any) -> None:
    from leadsim.survey.cli import add_parsers

    add_parsers(subparsers)


def _add_app_parsers(subparsers: Any) -> None:
    from leadsim.app.cli import add_parsers

    add_parsers(subparsers)


def _add_experiment_parsers(subparsers: Any) -> None:
    from leadsim.experiments.cli import add_parsers

    add_parsers(subparsers)


def _add_calibration_parsers(subparsers: Any) -> None:
    from leadsim.calibration.cli import add_parsers

    add_parsers(subparsers)


# ---------------------------------------------------------------------------- main
# One line per subcommand; features that live in their own package register through a small
# ``_add_<name>_parsers`` wrapper here that imports the package's ``cli.add_parsers`` lazily.
_SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    _add_run_parser,
    _add_validation_parsers,
    _add_survey_parsers,
    _add_app_parsers,
    _add_experiment_parsers,
    _add_calibration_parsers,
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other leadsim error."""

    def error(self, message: str) -> NoReturn:
        """Report a usage error on one line (``leadsim: error: leadsim run: argument ...``), exit 2."""
        self.exit(EXIT_USAGE, f"{PROG}: error: {self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the ``leadsim`` argument parser with all subcommands.

    Returns:
        The parser; each subcommand sets ``handler``, a function ``(args) -> int``.
    """
    parser = _Parser(
        prog=PROG,
        description="Agent-based model of leadership in work-and-reintegration teams.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__} (mesa {mesa.__version__})",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    for add in _SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``leadsim`` command line.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` if not given.

    Returns:
        The exit status: 0 success, 1 output could not be written, 2 invalid arguments or
        parameter values, 130 interrupted.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()  # imports the subcommands' packages: a Ctrl-C can land here
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has reported
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted before anything ran", file=sys.stderr)
        return EXIT_INTERRUPTED
    args.argv = arguments
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return int(args.handler(args))
    except OutputError as exc:
        _error(str(exc))
        return EXIT_OUTPUT_ERROR
    except LeadsimError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings as one line on stderr (``leadsim: warning: ...``), without a source line."""
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
