"""``leadsim survey``: the virtual survey on the command line.

::

    leadsim survey --seed 42 --professionals 150 --managers 60 --organisations 10 --out survey

runs the organisations, samples and asks the respondents, prints the comparison with the essay
and writes ``respondents.csv``, ``coefficients.csv`` and ``report.md`` to ``--out``. Bad values
are reported on one line naming the field, the rule and the value, with exit status 2 (through
:func:`leadsim.cli.main`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from leadsim.cli import OutputError, parse_assignments
from leadsim.survey.design import SurveyDesign
from leadsim.survey.runner import DEFAULT_SEED, check_run_options, run_survey

__all__ = ["add_parsers"]

DEFAULT_OUT = "leadsim-survey"
_DEFAULT = SurveyDesign.__dataclass_fields__  # the design's defaults, shown in --help


def _default(name: str) -> Any:
    spec = _DEFAULT[name]
    return spec.default


def add_parsers(subparsers: Any) -> None:
    """Add the ``survey`` subcommand to the ``leadsim`` command line.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
    """
    parser = subparsers.add_parser(
        "survey",
        help="run the essay's survey on simulated organisations and compare the estimates",
        description=(
            "Simulate several organisations differing in pressure and in their managers' intended "
            "styles, sample professionals and managers, let them rate their manager's style with "
            "response noise, and estimate standardised regressions of proactivity, external "
            "orientation and well-being on the perceived styles (95% CIs clustered by team). "
            "Prints the estimates beside the essay's findings and meta-analytic magnitudes and "
            "writes OUT/respondents.csv, OUT/coefficients.csv and OUT/report.md."
        ),
    )
    design = parser.add_argument_group("design")
    design.add_argument(
        "--organisations",
        type=int,
        default=_default("organisations"),
        metavar="N",
        help="simulated organisations (default %(default)s)",
    )
    design.add_argument(
        "--professionals",
        type=int,
        default=_default("professionals"),
        metavar="N",
        help="professionals sampled (default %(default)s)",
    )
    design.add_argument(
        "--managers",
        type=int,
        default=_default("managers"),
        metavar="N",
        help="managers sampled (default %(default)s)",
    )
    design.add_argument(
        "--weeks",
        type=int,
        default=_default("weeks"),
        metavar="N",
        help="weeks each organisation runs before the survey (default %(default)s)",
    )
    design.add_argument(
        "--noise",
        type=float,
        default=_default("noise"),
        metavar="SD",
        help="response-noise sd of a style item, in style-weight units (default %(default)s)",
    )
    design.add_argument(
        "--items",
        type=int,
        default=_default("items"),
        metavar="N",
        help="items per style scale (default %(default)s)",
    )
    design.add_argument(
        "--scale-points",
        type=int,
        default=_default("scale_points"),
        metavar="N",
        help="categories of the rating scale (default %(default)s)",
    )
    design.add_argument(
        "--pressure-min",
        type=float,
        default=_default("pressure_min"),
        metavar="FLOAT",
        help="pressure of the first organisation (default %(default)s)",
    )
    design.add_argument(
        "--pressure-max",
        type=float,
        default=_default("pressure_max"),
        metavar="FLOAT",
        help="pressure of the last organisation (default %(default)s)",
    )
    design.add_argument(
        "--intended-styles",
        metavar="NAME,...",
        help="managers' intended-style centres, cycled over organisations "
        "(default hierarchical,supportive,accountable,visionary,balanced)",
    )
    design.add_argument(
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="set another model parameter for every organisation (repeatable), e.g. --set reflection=0.6",
    )
    run = parser.add_argument_group("run")
    run.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, metavar="N", help="root seed (default %(default)s)"
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes for the organisations; results do not depend on it (default 1)",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_OUT),
        metavar="DIR",
        help=f"output directory, created if needed (default {DEFAULT_OUT})",
    )
    run.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    parser.set_defaults(handler=_survey_command)


def _design(args: argparse.Namespace) -> SurveyDesign:
    styles = (
        tuple(s.strip() for s in args.intended_styles.split(","))
        if args.intended_styles is not None
        else _default("intended_styles")
    )
    return SurveyDesign(
        organisations=args.organisations,
        professionals=args.professionals,
        managers=args.managers,
        weeks=args.weeks,
        noise=args.noise,
        items=args.items,
        scale_points=args.scale_points,
        pressure_min=args.pressure_min,
        pressure_max=args.pressure_max,
        intended_styles=styles,
        model=parse_assignments(args.assignments),
    )


def _survey_command(args: argparse.Namespace) -> int:
    # Private on purpose: leadsim.cli maps this error to exit status 1, like `leadsim run`.

    design = _design(args)  # validates every value before anything runs
    check_run_options(args.seed, args.jobs)
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {str(out)!r}: {exc.strerror}") from exc
    result = run_survey(design, seed=args.seed, jobs=args.jobs)
    try:
        paths = result.write(out)
    except OSError as exc:
        where = exc.filename if exc.filename else str(out)
        raise OutputError(f"cannot write {where!r}: {exc.strerror or exc}") from exc
    if not args.quiet:
        _print_comparison(result)
        print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0


def _print_comparison(result: Any) -> None:
    d = result.design
    comparison = result.compare()
    lines = [
        f"leadsim survey: {d.professionals} professionals, {d.managers} managers, "
        f"{d.organisations} organisations, {d.weeks} weeks, noise {d.noise:g}, seed {result.seed}",
        "",
        f"{'source':<28} {'outcome':<21} {'perceived':<12} {'beta':>7}  {'95% CI':<17} verdict",
    ]
    for row in comparison.itertuples():
        source = "essay " + row.fact if row.fact else row.source.split(" (")[0]
        expected = row.expected if row.expected != "size" else f"r={row.reference:+.2f}"
        lines.append(
            f"{source:<28} {row.outcome:<21} {row.predictor:<12} {row.beta:>+7.3f}  "
            f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}] {expected}: {row.verdict}"
        )
    print("\n".join(lines))
