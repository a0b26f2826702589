"""Running the checks: scenarios, seeded replications, effects and bootstrap intervals.

For each check the engine collects the scenarios its contrasts need (the suite's base
parameters, then the check's, then the arm's overrides), runs each scenario once per
replication seed, reads the measures, and evaluates every contrast per replication. Seeds come
from one root, ``SeedSequence(seed).spawn(replications)``, and every scenario uses the same
seeds (common random numbers): contrasts are paired, and the result does not depend on how many
worker processes ran the scenarios or in what order they finished.

The effect is the mean of the per-replication contrast values; the interval is a 95% bootstrap
interval of that mean (BCa, :func:`scipy.stats.bootstrap`; percentile when BCa is undefined
because every replication gave the same value). The standardised effect divides the effect by
the root mean variance of the measures it combines (Cohen's d for a two-arm difference).

The decision rule (:func:`decide`) has magnitude. With m the contrast's minimum meaningful
effect in the contrast's units (an absolute minimum as declared; a standardised one times the
noise scale) and the interval turned to the predicted side (multiplied by the direction), a
contrast is

* ``holds`` when the whole interval lies beyond m: low >= m (and low > 0);
* ``reversed`` when the whole interval lies on the wrong side of zero, however small the effect
  (the effect column says how large);
* ``negligible`` when the whole interval lies inside (-m, m): the effect is too small to matter,
  even when the interval excludes zero on the predicted side;
* ``inconclusive`` otherwise: the interval straddles zero or the minimum.

A zero threshold (a standardised minimum with no replication noise at all) reduces the rule to
the sign of the interval.

A fact holds when all its contrasts hold; otherwise its verdict is the most telling contrast
verdict that is not ``holds``, in the order reversed, negligible, inconclusive (:func:`fact_verdict`).
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from leadsim.errors import ParameterError
from leadsim.model import LeadershipModel
from leadsim.parallel import InterruptGuard, start_pool
from leadsim.parameters import validate_parameters
from leadsim.seeds import replication_seeds
from leadsim.validation.contrasts import EXTRA_MEASURES, Check, Contrast, Measure
from leadsim.validation.facts import CHECKS

__all__ = [
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "HOLDS",
    "INCONCLUSIVE",
    "NEGLIGIBLE",
    "QUICK_REPLICATIONS",
    "REVERSED",
    "VERDICTS",
    "ContrastResult",
    "Scenario",
    "ValidationResult",
    "Verdict",
    "decide",
    "fact_verdict",
    "replication_seeds",
    "validate",
]

DEFAULT_REPLICATIONS = 30
#: Replications per arm of ``leadsim validate --quick``: enough for the suite's effects, whose
#: standardised sizes are large, to decide each contrast (the robustness table in
#: docs/validation.md was measured at this size).
QUICK_REPLICATIONS = 10
DEFAULT_SEED = 20240601
DEFAULT_WEEKS = 156
CONFIDENCE = 0.95
N_RESAMPLES = 9_999
_LOG_FLOOR = 1e-6

Progress = Callable[[int], None]

Verdict = Literal["holds", "negligible", "reversed", "inconclusive"]
HOLDS: Verdict = "holds"
NEGLIGIBLE: Verdict = "negligible"
REVERSED: Verdict = "reversed"
INCONCLUSIVE: Verdict = "inconclusive"
#: The verdicts, from best to the order in which a failing fact reports them.
VERDICTS: tuple[Verdict, ...] = (HOLDS, REVERSED, NEGLIGIBLE, INCONCLUSIVE)


def decide(ci_low: float, ci_high: float, direction: int, threshold: float) -> Verdict:
    """The decision rule: the verdict on a contrast from its interval and minimum.

    Args:
        ci_low: Lower end of the 95% interval of the effect.
        ci_high: Upper end.
        direction: +1 if the fact predicts a positive effect, -1 a negative one.
        threshold: The minimum meaningful effect in the contrast's units (>= 0).

    Returns:
        ``holds`` (the whole interval beyond the minimum on the predicted side), ``reversed``
        (the whole interval on the wrong side of zero), ``negligible`` (otherwise, the whole
        interval within plus or minus the minimum) or ``inconclusive`` (anything else).

    Raises:
        ParameterError: A direction other than +1/-1, a negative or non-finite threshold, or an
            interval whose ends are out of order.
    """
    if direction not in (1, -1):
        raise ParameterError("direction", "must be +1 or -1", direction)
    if not (math.isfinite(threshold) and threshold >= 0):
        raise ParameterError("threshold", "must be a finite number >= 0", threshold)
    if not ci_low <= ci_high:
        raise ParameterError("ci_low", f"must not exceed ci_high ({ci_high!r})", ci_low)
    low, high = (ci_low, ci_high) if direction > 0 else (-ci_high, -ci_low)
    if low >= threshold and low > 0:
        return HOLDS
    if high < 0:
        return REVERSED
    if -threshold < low and high < threshold:
        return NEGLIGIBLE
    return INCONCLUSIVE


def fact_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """A fact's verdict from its contrasts': ``holds`` if all hold, else the most telling other.

    The order is reversed (evidence against the prediction), negligible (evidence that the
    effect is too small to matter), inconclusive (no evidence either way).
    """
    found = set(verdicts)
    if not found:
        raise ParameterError("verdicts", "must not be empty", found)
    for verdict in (REVERSED, NEGLIGIBLE, INCONCLUSIVE):
        if verdict in found:
            return verdict
    return HOLDS


@dataclass(frozen=True)
class Scenario:
    """A fully specified parameter set and the measures read from its runs."""

    parameters: dict[str, Any]
    measures: tuple[Measure, ...]


def _scenario_key(parameters: Mapping[str, Any]) -> str:
    """Identity of a parameter set (values may be unhashable, e.g. a style given as weights)."""
    return json.dumps(parameters, sort_keys=True, default=repr)


@dataclass(frozen=True)
class ContrastResult:
    """One contrast evaluated over the replications."""

    fact: str
    contrast: Contrast
    values: NDArray[np.float64]
    effect: float
    ci_low: float
    ci_high: float
    standardised: float
    scale: float = 0.0
    held_out: bool = False

    @property
    def threshold(self) -> float:
        """The contrast's minimum meaningful effect in the contrast's own units."""
        minimum = self.contrast.minimum
        if minimum.scale == "absolute":
            return float(minimum.value)
        return float(minimum.value) * self.scale

    @property
    def verdict(self) -> Verdict:
        """The decision rule's verdict (:func:`decide`)."""
        return decide(self.ci_low, self.ci_high, self.contrast.direction, self.threshold)

    @property
    def holds(self) -> bool:
        """True when the whole interval lies beyond the minimum on the predicted side."""
        return self.verdict == HOLDS

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval is on the predicted side of zero (the old, sign-only rule)."""
        if self.contrast.direction > 0:
            return self.ci_low > 0
        return self.ci_high < 0


@dataclass
class ValidationResult:
    """Everything a validation run produced.

    Attributes:
        results: One :class:`ContrastResult` per contrast, in suite order.
        checks: The checks that were run.
        replications: Replications per arm.
        seed: The root seed.
        weeks: The horizon of every run.
        base: The suite's base parameter overrides.
        arm_values: Long table of every measure in every arm and replication (for figures).
    """

    results: list[ContrastResult]
    checks: tuple[Check, ...]
    replications: int
    seed: int
    weeks: int
    base: dict[str, Any]
    arm_values: pd.DataFrame = field(repr=False)

    @property
    def passed(self) -> bool:
        """True when every fact holds."""
        return all(result.holds for result in self.results)

    def contrasts(self) -> pd.DataFrame:
        """One row per contrast: fact, claim, effect, interval, standardised effect, minimum, verdict.

        ``minimum`` is the declared minimum meaningful effect (``minimum_scale`` says whether
        absolute or standardised), ``threshold`` the same in the contrast's units, ``verdict``
        the decision rule's, ``holds`` whether that is ``holds``, and ``excludes_zero`` the
        sign-only rule (interval on the predicted side of zero) for comparison.
        """
        rows = [
            {
                "fact": r.fact,
                "held_out": r.held_out,
                "contrast": r.contrast.name,
                "claim": r.contrast.claim,
                "expected": "+" if r.contrast.direction > 0 else "-",
                "effect": r.effect,
                "ci_low": r.ci_low,
                "ci_high": r.ci_high,
                "standardised": r.standardised,
                "minimum": r.contrast.minimum.value,
                "minimum_scale": r.contrast.minimum.scale,
                "threshold": r.threshold,
                "minimum_reason": r.contrast.minimum.reason,
                "replications": len(r.values),
                "excludes_zero": r.excludes_zero,
                "verdict": r.verdict,
                "holds": r.holds,
            }
            for r in self.results
        ]
        return pd.DataFrame(rows)

    def facts(self) -> pd.DataFrame:
        """One row per fact: its claim, how many contrasts hold, and the fact's verdict."""
        rows = []
        for check in self.checks:
            mine = [r for r in self.results if r.fact == check.fact]
            verdict = fact_verdict(r.verdict for r in mine)
            rows.append(
                {
                    "fact": check.fact,
                    "held_out": check.held_out,
                    "title": check.title,
                    "claim": check.claim,
                    "contrasts": len(mine),
                    "holding": sum(r.holds for r in mine),
                    "verdict": verdict,
                    "holds": verdict == HOLDS,
                }
            )
        return pd.DataFrame(rows)

    def verdicts(self) -> dict[str, Verdict]:
        """Each fact's verdict, by fact name, in suite order."""
        return {
            check.fact: fact_verdict(r.verdict for r in self.results if r.fact == check.fact)
            for check in self.checks
        }


def validate(
    checks: Iterable[Check] = CHECKS,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    base: Mapping[str, Any] | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> ValidationResult:
    """Run the stylized-fact checks and judge each contrast.

    Args:
        checks: The checks to run (default: all of :data:`leadsim.validation.CHECKS`).
        replications: Seeded replications per arm (at least 3).
        seed: Root seed of the replication seeds.
        weeks: Horizon of every run (weeks); at least 53, since Table 1c reads year one.
        base: Parameter overrides applied to every arm (for robustness checks, e.g.
            ``{"team_size": 3}``).
        jobs: Worker processes (1 runs in this process). Results do not depend on it.
        progress: Called with the number of runs finished since the last call.

    Returns:
        The :class:`ValidationResult`.

    Raises:
        ParameterError: A bad setting (named, with the rule and the value), before any run.
    """
    checks = tuple(checks)
    _check_settings(replications, weeks, jobs, seed)
    base = dict(base or {})
    validate_parameters(base)  # unknown names and bad values, named, before anything runs
    scenarios = _scenarios(checks, base, weeks)
    seeds = replication_seeds(seed, replications)
    values = _run_scenarios(scenarios, seeds, weeks, jobs, progress)

    results: list[ContrastResult] = []
    long_rows: list[pd.DataFrame] = []
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(replications + 1)[-1])
    for check in checks:
        for contrast in check.contrasts:
            per_rep = np.zeros(replications)
            variances = []
            shown: set[tuple[Any, Measure]] = set()
            for term in contrast.terms:
                column = values[_scenario_key({**base, **term.arm.parameters})][term.measure]
                per_rep += term.weight * column
                variances.append(float(np.var(column, ddof=1)))
                if (term.arm.key, term.measure) not in shown:  # each arm's measure once, for figures
                    shown.add((term.arm.key, term.measure))
                    long_rows.append(
                        pd.DataFrame(
                            {
                                "fact": check.fact,
                                "contrast": contrast.name,
                                "arm": term.arm.label,
                                "measure": term.measure.describe(),
                                "replication": np.arange(replications),
                                "value": column,
                            }
                        )
                    )
            results.append(_judge(check.fact, contrast, per_rep, variances, rng, held_out=check.held_out))
    arm_values = pd.concat(long_rows, ignore_index=True) if long_rows else pd.DataFrame()
    return ValidationResult(results, checks, replications, seed, weeks, base, arm_values)


# ----------------------------------------------------------------------------- internals
def planned_runs(
    checks: Iterable[Check], *, replications: int, weeks: int, base: Mapping[str, Any] | None = None
) -> int:
    """How many model runs :func:`validate` makes with these settings (for a progress bar's total).

    Every distinct scenario (arm parameters over ``base``) runs once per replication.
    """
    keys = {
        _scenario_key({**dict(base or {}), **term.arm.parameters})
        for check in checks
        for contrast in check.contrasts
        for term in contrast.terms
    }
    return len(keys) * replications


def _check_settings(replications: int, weeks: int, jobs: int, seed: int) -> None:
    for name, value, low in (("replications", replications, 3), ("weeks", weeks, 53), ("jobs", jobs, 1)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ParameterError(name, "must be an integer", value)
        if value < low:
            raise ParameterError(name, f"must be at least {low}", value)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError("seed", "must be a non-negative integer", seed)


def _scenarios(checks: Sequence[Check], base: Mapping[str, Any], weeks: int) -> dict[str, Scenario]:
    """Unique scenarios with the measures each must provide; every one is built once to check it."""
    measures: dict[str, dict[Measure, None]] = {}
    parameters: dict[str, dict[str, Any]] = {}
    for check in checks:
        for contrast in check.contrasts:
            for term in contrast.terms:
                if term.measure.week is not None and term.measure.week > weeks:
                    raise ParameterError(
                        "weeks", f"must reach week {term.measure.week} for {contrast.name}", weeks
                    )
                if term.measure.window > weeks:
                    raise ParameterError("weeks", f"must cover the {term.measure.window}-week window", weeks)
                params = {**base, **term.arm.parameters}
                key = _scenario_key(params)
                parameters[key] = params
                measures.setdefault(key, {})[term.measure] = None
    for params in parameters.values():
        LeadershipModel(**params, rng=0)  # refuses bad settings now, before hours of runs
    scenarios = {key: Scenario(parameters[key], tuple(found)) for key, found in measures.items()}
    return scenarios


def _run_scenarios(
    scenarios: Mapping[str, Scenario],
    seeds: Sequence[int],
    weeks: int,
    jobs: int,
    progress: Progress | None,
) -> dict[str, dict[Measure, NDArray[np.float64]]]:
    chunk = max(1, math.ceil(len(seeds) / 3)) if jobs > 1 else len(seeds)
    tasks = [
        (key, start, seeds[start : start + chunk])
        for key in scenarios
        for start in range(0, len(seeds), chunk)
    ]
    out = {key: {m: np.empty(len(seeds)) for m in scenario.measures} for key, scenario in scenarios.items()}

    def store(key: str, start: int, block: NDArray[np.float64]) -> None:
        for index, measure in enumerate(scenarios[key].measures):
            out[key][measure][start : start + len(block)] = block[:, index]
        if progress is not None:
            progress(len(block))

    if jobs == 1:
        with InterruptGuard() as guard:  # Ctrl-C between tasks, never inside a compiled kernel
            for key, start, chunk_seeds in tasks:
                guard.check()
                store(
                    key,
                    start,
                    run_replications(scenarios[key].parameters, chunk_seeds, weeks, scenarios[key].measures),
                )
        return out
    with start_pool(min(jobs, os.cpu_count() or 1, len(tasks))) as pool:
        futures = {
            pool.submit(
                run_replications, scenarios[key].parameters, chunk_seeds, weeks, scenarios[key].measures
            ): (key, start)
            for key, start, chunk_seeds in tasks
        }
        try:
            for future in as_completed(futures):
                key, start = futures[future]
                store(key, start, future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return out


def run_replications(
    parameters: Mapping[str, Any], seeds: Sequence[int], weeks: int, measures: Sequence[Measure]
) -> NDArray[np.float64]:
    """Run one scenario once per seed and read the measures.

    Args:
        parameters: Keyword arguments of :class:`leadsim.LeadershipModel`.
        seeds: One model seed per replication.
        weeks: Weeks to run.
        measures: What to read from each run.

    Returns:
        An array of shape (len(seeds), len(measures)).
    """
    block = np.empty((len(seeds), len(measures)))
    for row, seed in enumerate(seeds):
        model = LeadershipModel(**parameters, rng=seed).run(weeks)
        frame = model.dataframe()
        summary = model.summary()
        for col, measure in enumerate(measures):
            block[row, col] = read_measure(measure, frame, summary)
    return block


def read_measure(measure: Measure, frame: pd.DataFrame, summary: Mapping[str, Any]) -> float:
    """Read one measure from a run's time series (``frame``, indexed by week) and ``summary``.

    A crossing measure (``Measure.crosses`` set) reads the first week in which the metric is at
    least the threshold, or the horizon + 1 (the last week + 1) if it never is.
    """
    if measure.crosses is not None:
        series = frame[measure.metric].to_numpy(dtype=float)
        weeks = frame.index.to_numpy()
        reached = np.flatnonzero(series >= measure.crosses)
        return float(weeks[reached[0]]) if reached.size else float(weeks[-1]) + 1.0
    if measure.metric in EXTRA_MEASURES:
        value = float(summary[measure.metric])
    else:
        end = len(frame) - 1 if measure.week is None else measure.week
        series = frame[measure.metric].to_numpy(dtype=float)
        value = float(np.mean(series[end - measure.window + 1 : end + 1]))
    if measure.log:
        value = math.log(max(value, _LOG_FLOOR))
    return value


def _bootstrap_interval(
    values: NDArray[np.float64], method: str, rng: np.random.Generator
) -> tuple[float, float]:
    ci = stats.bootstrap(
        (values,), np.mean, confidence_level=CONFIDENCE, n_resamples=N_RESAMPLES, method=method, rng=rng
    ).confidence_interval
    return float(ci.low), float(ci.high)


def _judge(
    fact: str,
    contrast: Contrast,
    values: NDArray[np.float64],
    variances: Sequence[float],
    rng: np.random.Generator,
    *,
    held_out: bool = False,
) -> ContrastResult:
    """Effect, 95% bootstrap interval and standardised effect of one contrast's values.

    The verdict follows from the result (:attr:`ContrastResult.verdict`, :func:`decide`).
    """
    effect = float(np.mean(values))
    if np.ptp(values) == 0:
        low = high = effect
    else:
        with warnings.catch_warnings():
            # BCa is undefined for some small or lumpy samples; that case falls back below.
            warnings.simplefilter("ignore", category=RuntimeWarning)
            warnings.simplefilter("ignore", category=stats.DegenerateDataWarning)
            low, high = _bootstrap_interval(values, "BCa", rng)
        if not (math.isfinite(low) and math.isfinite(high)):
            low, high = _bootstrap_interval(values, "percentile", rng)
    scale = math.sqrt(float(np.mean(variances))) if variances else 0.0
    if scale > 1e-6 * max(abs(effect), 1e-12):
        standardised = effect / scale
    else:  # no replication noise at all (a deterministic response): the effect is exact
        standardised = math.copysign(math.inf, effect) if effect else 0.0
    return ContrastResult(fact, contrast, values, effect, low, high, standardised, scale, held_out)
