"""``leadsim validate``: run the stylized-fact checks, print the table, write the report.

``--submodels`` adds the submodel x fact matrix (every alternative of every contested mechanism,
one at a time), ``--knockouts`` the one-term knock-outs of every fact
(:mod:`leadsim.validation.submodels`); both are opt-in, since they multiply the runs.

Exit status: 0 every fact (and held-out pattern) holds at the settings given, 3 at least one
does not, 1 the report could not be written, 2 invalid arguments, 130 interrupted (nothing is
written then: a partial validation has no verdict). The matrix and the knock-outs are findings
and do not change the exit status.

Everything that can be checked before the first run is: the settings, every arm's parameters,
and the report folder (created, and a probe file written in it), so that a bad ``--out`` costs
seconds, not the whole validation. The progress bar knows its total (every run of the facts, the
matrix and the knock-outs) and shows the time left; it is drawn only on a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from leadsim.cli import directory_path, parse_assignments, positive_int
from leadsim.errors import OutputError, ParameterError
from leadsim.files import check_writable_directory
from leadsim.parallel import ProgressBar
from leadsim.validation.engine import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    DEFAULT_WEEKS,
    QUICK_REPLICATIONS,
    planned_runs,
    validate,
)
from leadsim.validation.facts import CHECKS, check_named
from leadsim.validation.report import format_knockouts, format_matrix, format_table, write_report
from leadsim.validation.submodels import (
    SUBMODELS,
    Submodel,
    _full_parameters,
    knockouts,
    submodel_matrix,
    submodel_named,
)

__all__ = ["EXIT_FACT_FAILS", "add_parsers"]

EXIT_FACT_FAILS = 3
DEFAULT_OUT = "validation-report"


def _known(fact: str) -> bool:
    try:
        check_named(fact)
    except ValueError:
        return False
    return True


def add_parsers(subparsers: Any) -> None:
    """Add the ``validate`` subcommand to ``leadsim``'s subparsers."""
    facts = ", ".join(check.fact for check in CHECKS)
    parser = subparsers.add_parser(
        "validate",
        help="check that the model reproduces the essay's stylized facts",
        description=(
            "Run every stylized fact (SF1..SF10 and Table 1c) and the held-out patterns (H1..H5) "
            "as scenario contrasts over seeded replications, print effect sizes with 95% "
            "bootstrap intervals, the minimum meaningful effect and a verdict per fact, and "
            "write a report with one figure per fact. A contrast holds only when its whole "
            "interval lies beyond its minimum. Exits 3 if any fact does not hold."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_REPLICATIONS} replications per arm instead of {DEFAULT_REPLICATIONS} (for test suites)",
    )
    parser.add_argument(
        "--replications",
        type=positive_int,
        metavar="N",
        help=f"replications per arm (default {DEFAULT_REPLICATIONS}; {QUICK_REPLICATIONS} with --quick)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: all cores); results do not depend on it",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"root seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--weeks", type=int, default=DEFAULT_WEEKS, help=f"horizon of every run (default {DEFAULT_WEEKS})"
    )
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter override for every arm, e.g. team_size=3 (repeatable)",
    )
    parser.add_argument(
        "--fact",
        dest="facts",
        action="append",
        default=[],
        metavar="FACT",
        help=f"run only this fact (repeatable; one of {facts})",
    )
    names = ", ".join(submodel.name for submodel in SUBMODELS)
    parser.add_argument(
        "--submodels",
        nargs="*",
        metavar="NAME",
        default=None,
        help=f"also run the submodel x fact matrix: every alternative of these submodels (all: {names})",
    )
    parser.add_argument(
        "--knockouts",
        action="store_true",
        help="also run every fact with each of its one-term knock-outs; report facts that rest on one term",
    )
    parser.add_argument(
        "--out", type=directory_path, default=Path(DEFAULT_OUT), help=f"report folder (default {DEFAULT_OUT})"
    )
    parser.add_argument("--format", choices=("md", "html"), default="md", help="report format (default md)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    replications = args.replications or (QUICK_REPLICATIONS if args.quick else DEFAULT_REPLICATIONS)
    if args.replications and args.quick:
        raise ParameterError("--replications", "cannot be combined with --quick", args.replications)
    base = parse_assignments(args.assignments)
    checks = CHECKS
    if args.facts:
        valid = ", ".join(check.fact for check in CHECKS)
        try:
            chosen = {check.fact: check for check in (check_named(fact) for fact in args.facts)}
            checks = tuple(chosen.values())
        except ValueError:
            unknown = next(f for f in args.facts if not _known(f))
            raise ParameterError("--fact", f"must be one of {valid}", unknown) from None
    submodels = None
    if args.submodels is not None:
        try:
            submodels = (
                tuple(submodel_named(name) for name in args.submodels) if args.submodels else SUBMODELS
            )
        except ParameterError as exc:
            raise ParameterError("--submodels", exc.rule, exc.value) from None

    check_writable_directory(args.out)  # before the runs, not after them
    total = _total_runs(checks, submodels, args.knockouts, replications, args.weeks, base)
    # disable=None: drawn only when stderr is a terminal (not into logs, pipes or CI output).
    bar = ProgressBar(
        total=total,
        desc="validate",
        unit="run",
        disable=True if args.quiet else None,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    runs = 0

    def progress(done: int) -> None:
        nonlocal runs
        runs += done
        bar.update(done)

    settings: dict[str, Any] = {
        "replications": replications,
        "seed": args.seed,
        "weeks": args.weeks,
        "base": base,
        "jobs": args.jobs,
        "progress": progress,
    }
    started = time.perf_counter()
    matrix = table = None
    try:
        result = validate(checks, **settings)
        if submodels is not None:
            matrix = submodel_matrix(checks, submodels, reference=result, **settings)
        if args.knockouts:
            table = knockouts(checks, reference=result, **settings)
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    print(format_table(result))
    if matrix is not None:
        print("\n" + format_matrix(matrix))
    if table is not None:
        print("\n" + format_knockouts(table))
    try:
        path = write_report(result, args.out, args.format, matrix=matrix, knockouts=table)
    except OSError as exc:
        raise OutputError(exc.filename or args.out, exc.strerror or str(exc)) from exc
    print(f"\nreport: {path}  ({runs} runs in {elapsed:.0f} s, {args.jobs} jobs)")
    return 0 if result.passed else EXIT_FACT_FAILS


def _total_runs(
    checks: tuple[Any, ...],
    submodels: tuple[Submodel, ...] | None,
    with_knockouts: bool,
    replications: int,
    weeks: int,
    base: dict[str, Any],
) -> int:
    """Every run the command will make: the facts, then the matrix's rows and the knock-outs.

    The matrix reuses the run at the defaults and runs each distinct model once, as
    :func:`leadsim.validation.submodels.submodel_matrix` does; knock-outs sharing overrides run
    together, as :func:`leadsim.validation.submodels.knockouts` does.
    """
    total = planned_runs(checks, replications=replications, weeks=weeks, base=base)
    if submodels is not None:
        seen = {_full_parameters(base, {})}
        for submodel in submodels:
            for alternative in submodel.alternatives:
                key = _full_parameters(base, alternative.parameters)
                if key not in seen:
                    seen.add(key)
                    overrides = {**base, **alternative.parameters}
                    total += planned_runs(checks, replications=replications, weeks=weeks, base=overrides)
    if with_knockouts:
        grouped: dict[tuple[tuple[str, Any], ...], list[Any]] = {}
        for check in checks:
            for knockout in check.knockouts:
                grouped.setdefault(knockout.overrides, []).append(check)
        for knocked, mine in grouped.items():
            total += planned_runs(
                mine, replications=replications, weeks=weeks, base={**base, **dict(knocked)}
            )
    return total
