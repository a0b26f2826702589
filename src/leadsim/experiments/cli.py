"""``leadsim sweep`` and ``leadsim analyze``: the command line of the experiment pipeline.

::

    leadsim sweep experiments/sf1_pressure_reflection.toml --out results/sf1
    leadsim sweep experiments/sensitivity_sobol.toml --executor dask --scheduler tcp://10.0.0.5:8786
    leadsim analyze results/sf1

``leadsim sweep`` checks the experiment file and the results directory before any run, shows a
progress bar with the rate and the time left, stores runs as they finish, and resumes when run
again. Ctrl-C keeps every finished run (exit status 130). ``leadsim analyze`` writes tables,
figures and ``report.html``. Errors in the experiment file are reported together, with the file
and the key, and exit status 2 (see :func:`leadsim.cli.main`).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from leadsim.cli import directory_path, positive_int
from leadsim.errors import ParameterError

__all__ = ["add_parsers"]

PROG = "leadsim"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
DEFAULT_RESULTS = "results"

DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
_ADDRESS = re.compile(
    r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(?::(?P<port>\d{1,5}))?/?$"
)

TRUST_WARNING = (
    "the Dask scheduler at {address} and its workers unpickle what is sent to them and run it: "
    "connect only to a scheduler you trust, over tls:// with --tls-ca-file, --tls-cert and --tls-key "
    "on a network you do not control"
)


def check_scheduler_address(address: str) -> str:
    """Check the form of a Dask scheduler address before connecting to it.

    Args:
        address: ``SCHEME://HOST:PORT`` (scheme one of :data:`DASK_SCHEMES`; ``tcp`` if left out).

    Returns:
        The address.

    Raises:
        ParameterError: Not of that form, a scheme Dask does not speak, or a port out of range.
    """
    match = _ADDRESS.match(address.strip())
    rule = f"must be an address SCHEME://HOST:PORT with SCHEME one of {', '.join(DASK_SCHEMES)}"
    if not match:
        raise ParameterError("--scheduler", rule, address)
    scheme, port = match.group("scheme"), match.group("port")
    if scheme is not None and scheme.lower() not in DASK_SCHEMES:
        raise ParameterError("--scheduler", rule, address)
    if port is not None and not 0 < int(port) < 65536:
        raise ParameterError("--scheduler", "must have a port in 1..65535", address)
    return address.strip()


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1) (got {text!r})") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1) (got {text!r})")
    return value


def add_parsers(subparsers: Any) -> None:
    """Add ``sweep`` and ``analyze`` to the ``leadsim`` command line."""
    _add_sweep_parser(subparsers)
    _add_analyze_parser(subparsers)


# ---------------------------------------------------------------------------- leadsim sweep
def _add_sweep_parser(subparsers: Any) -> None:
    from leadsim.experiments.execute import EXECUTORS

    parser = subparsers.add_parser(
        "sweep",
        help="run a parameter sweep from an experiment file (resumable)",
        description=(
            "Run every run of an experiment file (TOML; see docs/experiments.md) that is not yet "
            "stored in the results directory, streaming results to Parquet as runs finish. "
            "Running the same command again resumes an interrupted sweep; on a finished sweep it "
            "does nothing. The file is checked in full before any run."
        ),
    )
    parser.add_argument("experiment", type=Path, metavar="EXPERIMENT.toml", help="the experiment file")
    parser.add_argument(
        "--out",
        type=directory_path,
        metavar="DIR",
        help=f"results directory (default {DEFAULT_RESULTS}/NAME; {DEFAULT_RESULTS}/NAME-quick with --quick)",
    )
    parser.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="processes",
        help="where runs are computed: in this process, a local process pool (default) or Dask distributed",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        metavar="N",
        help="worker processes for 'processes' or a local Dask cluster (default: every core)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://HOST:8786 (implies --executor dask)",
    )
    parser.add_argument(
        "--tls-ca-file", type=Path, metavar="FILE", help="CA certificate of the Dask scheduler"
    )
    parser.add_argument("--tls-cert", type=Path, metavar="FILE", help="this client's TLS certificate")
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="this client's TLS private key")
    parser.add_argument(
        "--force",
        action="store_true",
        help="run a sweep beyond the size limits (more than 1,000,000 runs, or more memory than half "
        "of this machine's)",
    )
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
        metavar="N",
        help="runs per task (default: about half a second of work per task)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run a tiny version of the experiment (<= 8 weeks, <= 2 replications, smallest designs)",
    )
    parser.add_argument(
        "--check", action="store_true", help="check the experiment file, print the design's size, run nothing"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no closing line")
    parser.set_defaults(handler=_sweep_command)


def _preflight(args: argparse.Namespace, experiment: Any, out: Path) -> tuple[int, int, str]:
    """Every check the sweep would make before its first run; ``--check`` runs exactly these.

    Returns:
        Design points, runs, and what the sweep would do with ``out`` (``new`` or ``resume``).
    """
    from leadsim.experiments.design import design_size
    from leadsim.experiments.execute import EXECUTORS
    from leadsim.experiments.storage import check_results_directory
    from leadsim.limits import check_model_size, check_sweep_size

    if args.executor not in EXECUTORS:  # pragma: no cover - argparse's choices
        raise ParameterError("--executor", f"must be one of {', '.join(EXECUTORS)}", args.executor)
    if args.scheduler is not None:
        check_scheduler_address(args.scheduler)
    for option in ("tls_ca_file", "tls_cert", "tls_key"):
        path = getattr(args, option)
        if path is not None and not path.is_file():
            raise ParameterError("--" + option.replace("_", "-"), "must be a readable file", str(path))
    points = design_size(experiment)
    runs = points * experiment.replications
    check_sweep_size(runs, force=args.force)
    workers = 1 if args.executor == "serial" or args.scheduler else (args.jobs or _cores())
    for parameters in _largest_points(experiment):
        check_model_size(parameters, copies=workers, force=args.force)
    state = check_results_directory(out, experiment)
    return points, runs, state


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def _largest_points(experiment: Any) -> list[dict[str, Any]]:
    """The parameters of the design's largest model (each size factor at its largest value)."""
    largest: dict[str, Any] = dict(experiment.fixed)
    for factor in experiment.factors:
        if factor.name in ("n_teams", "team_size", "caseload"):
            values = list(factor.levels) if factor.levels is not None else [factor.high]
            largest[factor.name] = max(values)
    return [largest]


def _tls_config(args: argparse.Namespace) -> dict[str, str]:
    names = {
        "tls_ca_file": "distributed.comm.tls.ca-file",
        "tls_cert": "distributed.comm.tls.client.cert",
        "tls_key": "distributed.comm.tls.client.key",
    }
    return {key: str(getattr(args, option)) for option, key in names.items() if getattr(args, option)}


def _sweep_command(args: argparse.Namespace) -> int:
    from leadsim.experiments.spec import load_experiment
    from leadsim.experiments.sweep import SweepInterrupted, SweepWorkerLost, run_sweep

    experiment = load_experiment(args.experiment, quick=args.quick)
    out = args.out or Path(DEFAULT_RESULTS) / (experiment.name + ("-quick" if args.quick else ""))
    if str(out).strip() == "":
        raise ParameterError("--out", "must be a directory path, not empty", str(out))
    if args.scheduler:
        args.executor = "dask"
    points, runs, state = _preflight(args, experiment, out)
    if args.check:
        what = "would resume" if state == "resume" else "would create"
        print(
            f"{args.experiment}: valid; {experiment.design.kind} design of {points} points x "
            f"{experiment.replications} replication{'s' if experiment.replications > 1 else ''} = "
            f"{runs} runs of {experiment.steps} weeks; {what} {out}"
        )
        return EXIT_OK
    if args.scheduler:
        warnings.warn(TRUST_WARNING.format(address=args.scheduler), stacklevel=1)
    tls = _tls_config(args)
    if tls:
        import dask

        dask.config.set(tls)
    try:
        outcome = run_sweep(
            experiment,
            out,
            executor=args.executor,
            jobs=args.jobs,
            scheduler=args.scheduler,
            chunk_size=args.chunk_size,
            progress=not args.quiet,
        )
    except SweepInterrupted as exc:
        print(f"\n{PROG}: {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SweepWorkerLost as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        if outcome.ran == 0:
            print(f"{out}: all {outcome.total} runs already stored; nothing to run")
        else:
            rate = outcome.ran / outcome.seconds if outcome.seconds else float("nan")
            print(
                f"{out}: {outcome.stored} of {outcome.total} runs stored; ran {outcome.ran} in "
                f"{outcome.seconds:.1f} s ({rate:.1f} runs/s, {outcome.executor})"
            )
        print(f"next: {PROG} analyze {out}")
    return EXIT_OK


# ---------------------------------------------------------------------------- leadsim analyze
def _add_analyze_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="summarise a sweep: tables, sensitivity indices, PRIM, figures and an HTML report",
        description=(
            "Analyse a results directory written by 'leadsim sweep': per-design-point means with "
            "confidence intervals and regime shares (summary.csv), Sobol or Morris indices for "
            "those designs (sensitivity.csv), PRIM scenario discovery of passive drift "
            "(prim_box.csv; needs the 'prim' extra), the tipping-point protocols for sweeps of "
            "initial states or of the 'cycle' pressure scenario (initial_state.csv, hysteresis.csv), "
            "figures (PNG) and report.html."
        ),
    )
    parser.add_argument("results", type=Path, metavar="RESULTS", help="a results directory")
    parser.add_argument(
        "--out", type=directory_path, metavar="DIR", help="where to write (default RESULTS/analysis)"
    )
    parser.add_argument(
        "--metrics",
        nargs="+",
        metavar="METRIC",
        help="metrics of the figures and indices (default passivity collaboration)",
    )
    parser.add_argument(
        "--phase", nargs=2, metavar=("X", "Y"), help="factors of the phase diagram (default first two)"
    )
    parser.add_argument(
        "--confidence",
        type=_confidence,
        default=0.95,
        metavar="LEVEL",
        help="level of intervals (default 0.95)",
    )
    parser.add_argument("--no-prim", action="store_true", help="skip PRIM scenario discovery")
    parser.add_argument(
        "--prim-threshold",
        type=_confidence,
        default=0.5,
        metavar="SHARE",
        help="a run is in passive drift when more than this share of its teams is (default 0.5)",
    )
    parser.add_argument(
        "--min-gap",
        type=_confidence,
        metavar="GAP",
        help="least meaningful gap of the tipping-point protocols, for every metric "
        "(default 0.05 on passivity and collaboration, 0.10 on regime shares)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    parser.set_defaults(handler=_analyze_command)


def _analyze_command(args: argparse.Namespace) -> int:
    from leadsim.experiments.analysis import analyze
    from leadsim.experiments.storage import load_results

    results = load_results(args.results)
    if args.out is not None:
        from leadsim.files import check_writable_directory

        check_writable_directory(args.out)
    report = analyze(
        results,
        args.out,
        metrics=args.metrics,
        phase=tuple(args.phase) if args.phase else None,
        confidence=args.confidence,
        prim=not args.no_prim,
        prim_threshold=args.prim_threshold,
        min_gap=args.min_gap,
    )
    if not args.quiet:
        print(f"{results.experiment.name}: {len(results.runs)} of {results.runs_total} runs analysed")
        if report.scenario is not None:
            print(f"PRIM: {report.scenario.describe()}")
        if report.tipping is not None:
            for verdict in report.tipping.verdicts():
                print(f"tipping point, {verdict}")
        for note in report.notes:
            print(f"note: {note}")
        print(f"wrote {len(report.files)} files to {report.out}; open {report.html}")
    return EXIT_OK
