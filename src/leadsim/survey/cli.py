"""``leadsim survey``: the virtual survey on the command line.

::

    leadsim survey --seed 42 --out survey
    leadsim survey --null supportive --replications 5 --out survey-null

runs the population, samples and asks the respondents, prints the comparison with the essay and
the benchmarks and writes ``respondents.csv``, ``coefficients.csv`` and ``report.md`` to
``--out``. With ``--replications N`` it repeats the whole survey over N seeded replications and
prints and writes (``replications.csv``, ``summary.csv``) each coefficient's mean with a 95% t
interval over replications. Bad values are reported on one line naming the field, the rule and
the value, with exit status 2 (through :func:`leadsim.cli.main`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from leadsim.cli import directory_path, parse_assignments
from leadsim.errors import OutputError, ParameterError
from leadsim.files import check_writable_directory
from leadsim.survey.design import CLUSTERS, NULL_EFFECTS, RATERS, SurveyDesign
from leadsim.survey.references import BENCHMARKS, ESSAY_CLAIMS
from leadsim.survey.runner import DEFAULT_SEED, Replications, check_run_options, replicate_survey, run_survey

__all__ = ["add_parsers"]

DEFAULT_OUT = "leadsim-survey"
_DEFAULT = SurveyDesign.__dataclass_fields__  # the design's defaults, shown in --help


def _default(name: str) -> Any:
    spec = _DEFAULT[name]
    return spec.default


_INT_OPTIONS = (
    ("population_organisations", "organisations in the simulated population"),
    ("organisations", "organisations sampled (stage 1)"),
    ("teams", "teams per organisation in the population"),
    ("managers", "teams sampled over the sampled organisations; their managers answer (stage 2)"),
    ("professionals", "professionals sampled over the sampled teams (stage 3)"),
    ("weeks", "weeks each organisation runs before the survey"),
    ("items", "items per style scale"),
    ("outcome_items", "items per self-reported outcome scale"),
    ("scale_points", "categories of the rating scale"),
)
_FLOAT_OPTIONS = (
    ("method_share", "share of a scale score's variance from the respondent's common-method factor"),
    ("error_share", "share of a scale score's variance from random item error"),
    ("pressure_min", "pressure of the population's first organisation"),
    ("pressure_max", "pressure of the population's last organisation"),
)


def add_parsers(subparsers: Any) -> None:
    """Add the ``survey`` subcommand to the ``leadsim`` command line.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
    """
    parser = subparsers.add_parser(
        "survey",
        help="run the essay's survey on a simulated population and compare the estimates",
        description=(
            "Simulate a population of organisations differing in pressure and in their managers' "
            "intended styles, draw a two-stage sample (organisations, then teams and their "
            "managers, then professionals), let respondents rate their manager's style and report "
            "their own outcomes with a common-method factor and item error, and estimate "
            "standardised regressions of proactivity, external orientation and well-being on the "
            "perceived styles (95% CIs clustered by organisation). Prints the estimates beside the "
            "essay's findings and construct-matched meta-analytic benchmarks and writes "
            "OUT/respondents.csv, OUT/coefficients.csv and OUT/report.md."
        ),
    )
    design = parser.add_argument_group("design")
    for name, text in _INT_OPTIONS:
        design.add_argument(
            "--" + name.replace("_", "-"),
            type=int,
            default=_default(name),
            metavar="N",
            help=f"{text} (default %(default)s)",
        )
    for name, text in _FLOAT_OPTIONS:
        design.add_argument(
            "--" + name.replace("_", "-"),
            type=float,
            default=_default(name),
            metavar="FLOAT",
            help=f"{text} (default %(default)s)",
        )
    design.add_argument(
        "--rater",
        choices=RATERS,
        default=_default("rater"),
        help="who rates the manager's style in the regressions: the professional (single source) or "
        "the manager herself (two sources) (default %(default)s)",
    )
    design.add_argument(
        "--cluster",
        choices=CLUSTERS,
        default=_default("cluster"),
        help="cluster of the robust standard errors (default %(default)s)",
    )
    design.add_argument(
        "--intended-styles",
        metavar="NAME,...",
        help="managers' intended-style centres, cycled over organisations "
        f"(default {','.join(str(s) for s in _default('intended_styles'))})",
    )
    design.add_argument(
        "--null",
        dest="null_styles",
        metavar="KIND",
        action="append",
        default=[],
        help="give this style kind no causal effect in every organisation (repeatable; defined: "
        f"{', '.join(NULL_EFFECTS)}); the null test",
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
        "--replications",
        type=int,
        default=1,
        metavar="N",
        help="repeat the whole survey N times (N >= 2) and report mean coefficients with 95%% "
        "intervals over replications (default 1: one survey)",
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
        type=directory_path,
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
    numbers = {name: getattr(args, name) for name, _ in (*_INT_OPTIONS, *_FLOAT_OPTIONS)}
    return SurveyDesign(
        **numbers,
        rater=args.rater,
        cluster=args.cluster,
        intended_styles=styles,
        null_styles=tuple(args.null_styles),
        model=parse_assignments(args.assignments),
    )


def _survey_command(args: argparse.Namespace) -> int:
    design = _design(args)  # validates every value before anything runs
    check_run_options(args.seed, args.jobs)
    replications = args.replications
    if replications < 1:
        raise ParameterError("replications", "must be a positive integer", replications)
    out: Path = check_writable_directory(args.out)  # before the survey runs, not after
    try:
        if replications == 1:
            result = run_survey(design, seed=args.seed, jobs=args.jobs)
            paths = result.write(out)
        else:
            reps = replicate_survey(design, replications=replications, seed=args.seed, jobs=args.jobs)
            paths = [out / "replications.csv", out / "summary.csv"]
            reps.coefficients.to_csv(paths[0], index=False)
            reps.summary().to_csv(paths[1], index=False)
    except OSError as exc:
        raise OutputError(exc.filename or out, exc.strerror or str(exc)) from exc
    if not args.quiet:
        if replications == 1:
            _print_comparison(result)
        else:
            _print_replications(reps)
        print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0


def _header(d: SurveyDesign, seed: int) -> str:
    null = f", null: {', '.join(d.null_styles)}" if d.null_styles else ""
    return (
        f"leadsim survey: {d.professionals} professionals and {d.managers} managers from {d.organisations} "
        f"of {d.population_organisations} organisations, {d.weeks} weeks, method share {d.method_share:g}, "
        f"error share {d.error_share:g}, rater {d.rater}{null}, seed {seed}"
    )


def _print_comparison(result: Any) -> None:
    comparison = result.compare()
    lines = [
        _header(result.design, result.seed),
        "",
        f"{'source':<46} {'outcome':<21} {'perceived':<12} {'beta':>7}  {'95% CI':<17} {'pop.':>6}  verdict",
    ]
    for row in comparison.itertuples():
        source = "essay " + row.fact if row.fact else row.source
        expected = row.expected if row.expected != "size" else f"ref {row.reference:+.2f}"
        lines.append(
            f"{source:<46} {row.outcome:<21} {row.predictor:<12} {row.beta:>+7.3f}  "
            f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}] {row.population_beta:>+6.3f}  {expected}: {row.verdict}"
        )
    print("\n".join(lines))


def _print_replications(reps: Replications) -> None:
    summary = reps.summary()
    multiple = summary[summary["model"] == "multiple"]
    lines = [
        _header(reps.design, reps.seed) + f", {len(reps.seeds)} replications",
        "",
        "multiple regression, mean over replications [95% t interval]; "
        "sig. = share of surveys whose own CI excludes 0",
        "",
        f"{'outcome':<21} {'perceived':<13} {'survey':>7}  {'95% CI':<17} {'sig.':>5}   "
        f"{'population':>10}  essay",
    ]
    claims = {(c.outcome, c.predictor): c.direction for c in ESSAY_CLAIMS}
    for (outcome, predictor), rows in multiple.groupby(["outcome", "predictor"], sort=False):
        kind = str(predictor).removeprefix("perceived_")
        survey = rows[rows["level"] == "survey"].iloc[0]
        population = rows[rows["level"] == "population"].iloc[0]
        lines.append(
            f"{outcome:<21} {kind:<13} {survey['mean']:>+7.3f}  "
            f"[{survey['ci_low']:+.3f}, {survey['ci_high']:+.3f}] "
            f"{survey['significant']:>5.0%}   {population['mean']:>+10.3f}  "
            f"{claims.get((str(outcome), kind), '')}"
        )
    lines += [
        "",
        "bivariate r beside construct-matched benchmarks (mean over replications [95% t interval])",
        "",
    ]
    bivariate = {
        (row["level"], row["outcome"], row["predictor"]): row
        for _, row in summary[summary["model"] == "bivariate"].iterrows()
    }
    for bench in BENCHMARKS:
        key = (bench.outcome, f"perceived_{bench.predictor}")
        survey = bivariate[("survey", *key)]
        population = bivariate[("population", *key)]
        lines.append(
            f"{bench.cite + ' (' + bench.construct + ')':<62} {bench.outcome:<12} {bench.predictor:<13} "
            f"ref {bench.value:+.2f}  survey {survey['mean']:+.3f} [{survey['ci_low']:+.3f}, "
            f"{survey['ci_high']:+.3f}]  population {population['mean']:+.3f}"
        )
    print("\n".join(lines))
