"""``leadsim calibrate``: ABC-SMC calibration on the quantitative targets.

::

    leadsim calibrate                              # the packaged calibration and targets
    leadsim calibrate my_calibration.toml --targets my_targets.toml --out runs/cal --jobs 2
    leadsim calibrate --quick                      # a tiny version, in seconds (a smoke test)

The calibration and targets files are checked in full before anything runs (each problem with
file, key, rule and value; exit status 2). One line per generation on stderr (epsilon,
acceptance, time left). The pyABC database in ``--out`` keeps every complete generation: run
the same command again to continue a calibration that was interrupted or killed (exit status
130 on Ctrl-C). Results (posterior, diagnostics, predictive check, figures, report) are written
when sampling stops.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from leadsim.cli import directory_path, positive_int

__all__ = ["add_parsers"]

PROG = "leadsim"
EXIT_OK = 0
EXIT_INTERRUPTED = 130
DEFAULT_OUT = "leadsim-calibration"
DEFAULT_SEED = 42


def _seed(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer (got {text!r})")
    return value


def add_parsers(subparsers: Any) -> None:
    """Add ``calibrate`` to the ``leadsim`` command line."""
    parser = subparsers.add_parser(
        "calibrate",
        help="calibrate parameters on published figures with ABC-SMC (pyABC; resumable)",
        description=(
            "Approximate Bayesian computation (ABC-SMC, pyABC) of the priors in a calibration file "
            "on the calibration targets of a targets file (validation targets are held out and only "
            "checked afterwards). Writes OUT/history.db (every generation; running again continues), "
            "posterior.parquet, diagnostics.csv, ppc.csv, marginals.png, pairs.png and report.md. "
            "Needs the 'calibrate' extra (pip install 'leadsim[calibrate]')."
        ),
    )
    parser.add_argument(
        "calibration",
        nargs="?",
        type=Path,
        metavar="CALIBRATION.toml",
        help="calibration file: priors with reasons, organisation, ABC settings (default: the packaged one)",
    )
    parser.add_argument(
        "--targets", type=Path, metavar="FILE", help="targets file (default: the one the calibration names)"
    )
    parser.add_argument(
        "--out",
        type=directory_path,
        metavar="DIR",
        help=f"output directory (default {DEFAULT_OUT}, -quick with --quick)",
    )
    parser.add_argument(
        "--seed", type=_seed, default=DEFAULT_SEED, metavar="N", help=f"root seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        default=1,
        metavar="N",
        help=(
            "worker processes (default 1: the same seed gives the same posterior; "
            "more are faster, not bit-reproducible)"
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tiny version: 2 teams of 3, 104 weeks, <= 12 particles, <= 3 generations, 4 predictive runs",
    )
    parser.add_argument(
        "--check", action="store_true", help="check the files, print what would run, run nothing"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress lines and no closing summary")
    parser.set_defaults(handler=_calibrate_command)


def _calibrate_command(args: argparse.Namespace) -> int:
    from leadsim.calibration.spec import DEFAULT_CALIBRATION, load_calibration

    spec = load_calibration(args.calibration or DEFAULT_CALIBRATION, targets=args.targets)
    if args.quick:
        spec = spec.reduced()
    out = args.out or Path(DEFAULT_OUT + ("-quick" if args.quick else ""))
    calibration_targets = spec.targets.for_calibration()
    if args.check:
        print(
            f"{spec.source}: valid; {len(spec.priors)} priors ({', '.join(spec.names)}); "
            f"{len(calibration_targets)} calibration targets "
            f"({', '.join(t.name for t in calibration_targets)}), "
            f"{len(spec.targets.held_out())} held out; up to {spec.generations} generations of "
            f"{spec.population} particles, runs of {spec.steps} weeks"
        )
        return EXIT_OK
    try:
        import pyabc  # noqa: F401
    except ImportError:
        from leadsim.calibration.errors import CalibrationError, Problem

        raise CalibrationError(
            None, [Problem("", "needs pyABC: pip install 'leadsim[calibrate]' (pyabc is not installed)")]
        ) from None
    from leadsim.calibration.report import write_results
    from leadsim.calibration.smc import CalibrationInterrupted, run_calibration
    from leadsim.files import check_writable_directory

    check_writable_directory(out)  # before the first generation, not after it

    try:
        outcome = run_calibration(
            spec, out, seed=args.seed, jobs=args.jobs, progress=None if args.quiet else sys.stderr
        )
    except CalibrationInterrupted as exc:
        print(f"\n{PROG}: {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED
    results = write_results(spec, out, seed=args.seed, stopped=outcome.stopped)
    if not args.quiet:
        if outcome.ran == 0:
            print(
                f"{out}: calibration already complete ({outcome.generations} generations); results rewritten"
            )
        else:
            print(
                f"{out}: {outcome.generations} generations ({outcome.ran} run now, {outcome.simulations} "
                f"simulations in {outcome.seconds:.1f} s); stopped: {outcome.stopped}"
            )
        print(
            results.summary[["parameter", "mean", "q05", "q95"]].to_string(index=False, float_format="%.4g")
        )
        missed = results.ppc[results.ppc["status"] == "missed"]["target"].tolist()
        print(
            f"posterior predictive check: {len(missed)} target(s) missed"
            + (f": {', '.join(missed)}" if missed else "")
        )
        print(f"wrote {len(results.files)} files to {out}; see {out / 'report.md'}")
    return EXIT_OK
