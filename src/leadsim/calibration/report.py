"""The results of a calibration: posterior, diagnostics, posterior predictive check, figures.

:func:`write_results` reads the pyABC database of a finished (or stopped) calibration and
writes, into the same directory:

* ``posterior.parquet``: the last generation's particles, one row each: the parameters,
  ``weight`` (normalised importance weights, summing to 1), ``distance`` and the particle's
  summary statistics (``stat_<observable>``);
* ``particles.parquet``: the same for every generation, with a ``generation`` column;
* ``diagnostics.csv``: per generation: epsilon, simulations, accepted particles, acceptance
  rate, effective sample size (Kish: 1 / sum w^2) and wall time;
* ``ppc.csv``: the posterior predictive check against *every* target (calibration and held
  out): ``ppc_draws`` particles are drawn by weight, run with fresh seeds
  (``SeedSequence([seed, 2])``), and each target's observable is summarised (mean, 5% and 95%
  quantiles); ``covered`` says whether the target's value or interval meets the 90% predictive
  interval; targets whose observable the model cannot compute yet are listed as not measurable;
* ``ppc_draws.parquet``: the predictive runs' parameters and statistics;
* ``marginals.png`` (weighted histograms of each parameter over its prior range) and
  ``pairs.png`` (the particles of the last generation, sized by weight);
* ``report.md``: all of the above as tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadsim.calibration.smc import HISTORY, Simulator
from leadsim.calibration.spec import CalibrationSpec
from leadsim.calibration.statistics import OBSERVABLES

__all__ = ["CalibrationResults", "effective_sample_size", "weighted_quantile", "write_results"]

_PPC_STREAM = 2


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of normalised or unnormalised weights: (sum w)^2 / sum w^2."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.sum(w**2))


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of a weighted sample (inverse of the weighted empirical CDF, midpoints)."""
    order = np.argsort(values)
    v, w = np.asarray(values, dtype=float)[order], np.asarray(weights, dtype=float)[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cdf, v))


@dataclass(frozen=True, slots=True)
class CalibrationResults:
    """The tables of a calibration (also written to files by :func:`write_results`).

    Attributes:
        posterior: Last generation: parameters, ``weight``, ``distance``, ``stat_*``.
        particles: Every generation (with ``generation``).
        diagnostics: One row per generation.
        ppc: One row per target.
        summary: One row per parameter: weighted mean, sd, 5%, 50%, 95%, prior bounds.
        files: Files written.
    """

    posterior: pd.DataFrame
    particles: pd.DataFrame
    diagnostics: pd.DataFrame
    ppc: pd.DataFrame
    summary: pd.DataFrame
    files: tuple[Path, ...]


def _population_frame(history: Any, t: int) -> pd.DataFrame:
    population = history.get_population(t=t)
    rows = []
    for particle in population.particles:
        row: dict[str, Any] = dict(particle.parameter)
        row["weight"] = float(particle.weight)
        row["distance"] = float(particle.distance)
        for name, value in particle.sum_stat.items():
            row[f"stat_{name}"] = float(value)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["weight"] /= frame["weight"].sum()
    return frame


def _diagnostics(history: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    populations = history.get_all_populations().query("t >= 0").reset_index(drop=True)
    frames, rows = [], []
    for _, row in populations.iterrows():
        t = int(row["t"])
        frame = _population_frame(history, t)
        frames.append(frame.assign(generation=t))
        rows.append(
            {
                "generation": t,
                "epsilon": float(row["epsilon"]),
                "simulations": int(row["samples"]),
                "accepted": int(row["particles"]),
                "acceptance_rate": float(row["particles"]) / float(row["samples"]),
                "ess": effective_sample_size(frame["weight"].to_numpy()),
                "wall_seconds": float(row["wall_time"]) if row["wall_time"] is not None else math.nan,
            }
        )
    return pd.DataFrame(rows), pd.concat(frames, ignore_index=True)


def _summary(spec: CalibrationSpec, posterior: pd.DataFrame) -> pd.DataFrame:
    w = posterior["weight"].to_numpy()
    rows = []
    for prior in spec.priors:
        v = posterior[prior.name].to_numpy()
        mean = float(np.sum(w * v))
        rows.append(
            {
                "parameter": prior.name,
                "mean": mean,
                "sd": float(np.sqrt(np.sum(w * (v - mean) ** 2))),
                "q05": weighted_quantile(v, w, 0.05),
                "median": weighted_quantile(v, w, 0.5),
                "q95": weighted_quantile(v, w, 0.95),
                "prior": prior.distribution,
                "prior_low": prior.low,
                "prior_high": prior.high,
            }
        )
    return pd.DataFrame(rows)


def posterior_predictive(
    spec: CalibrationSpec, posterior: pd.DataFrame, seed: int, draws: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the model at particles drawn from the posterior and compare with every target.

    Args:
        spec: The calibration (its targets of both roles are compared).
        posterior: Last generation with ``weight``.
        seed: Root seed; draws and model seeds come from ``SeedSequence([seed, 2])``.
        draws: Predictive runs (``spec.ppc_draws`` if not given).

    Returns:
        The check (one row per target) and the runs (one row per draw).
    """
    draws = spec.ppc_draws if draws is None else draws
    sequence = np.random.SeedSequence([seed, _PPC_STREAM])
    choice_seq, model_seq = sequence.spawn(2)
    rng = np.random.default_rng(choice_seq)
    picks = rng.choice(len(posterior), size=draws, p=posterior["weight"].to_numpy())
    model_seeds = [int(child.generate_state(1)[0]) for child in model_seq.spawn(draws)]
    simulator = Simulator(spec, seed)
    runs = []
    for pick, model_seed in zip(picks, model_seeds, strict=True):
        values = {name: float(posterior[name].iloc[pick]) for name in spec.names}
        stats = simulator.statistics(values, [model_seed])
        runs.append({**values, "model_seed": model_seed, **{f"stat_{k}": v for k, v in stats.items()}})
    predictive = pd.DataFrame(runs)
    rows = []
    for target in spec.targets.targets:
        column = f"stat_{target.observable}"
        row: dict[str, Any] = {
            "target": target.name,
            "role": target.role,
            "observable": target.observable,
            "low": target.low,
            "high": target.high,
            "verified": target.verified,
        }
        if column not in predictive or not OBSERVABLES[target.observable].available:
            row.update(mean=math.nan, q05=math.nan, q95=math.nan, covered=None, status="not measurable")
        else:
            draws_of = predictive[column].to_numpy(dtype=float)
            finite = draws_of[np.isfinite(draws_of)]
            if finite.size == 0:
                row.update(mean=math.nan, q05=math.nan, q95=math.nan, covered=False, status="no finite draws")
            else:
                q05, q95 = np.quantile(finite, [0.05, 0.95])
                covered = bool(q05 <= target.high and target.low <= q95)
                row.update(
                    mean=float(finite.mean()),
                    q05=float(q05),
                    q95=float(q95),
                    covered=covered,
                    status="covered" if covered else "missed",
                )
        rows.append(row)
    return pd.DataFrame(rows), predictive


def _figures(spec: CalibrationSpec, posterior: pd.DataFrame, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = spec.names
    w = posterior["weight"].to_numpy()
    fig, axes = plt.subplots(1, len(names), figsize=(3.6 * len(names), 3.0), squeeze=False)
    for ax, prior in zip(axes[0], spec.priors, strict=True):
        log = prior.distribution == "loguniform"
        edges = np.geomspace(prior.low, prior.high, 25) if log else np.linspace(prior.low, prior.high, 25)
        ax.hist(posterior[prior.name], bins=edges, weights=w, color="#3b6ea5", alpha=0.8)
        ax.set_xlim(prior.low, prior.high)
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(prior.name)
        ax.set_yticks([])
    axes[0][0].set_ylabel("posterior weight")
    fig.suptitle(f"{spec.name}: marginal posteriors over the prior ranges")
    fig.tight_layout()
    marginals = out / "marginals.png"
    fig.savefig(marginals, dpi=110)
    plt.close(fig)

    k = len(names)
    fig, axes = plt.subplots(k, k, figsize=(2.6 * k, 2.6 * k), squeeze=False)
    size = 10 + 200 * w / w.max()
    for i, pi in enumerate(spec.priors):
        for j, pj in enumerate(spec.priors):
            ax = axes[i][j]
            if i == j:
                ax.hist(posterior[pi.name], bins=15, weights=w, color="#3b6ea5")
                ax.set_yticks([])
            else:
                ax.scatter(posterior[pj.name], posterior[pi.name], s=size, alpha=0.5, color="#3b6ea5")
                ax.set_xlim(pj.low, pj.high)
                ax.set_ylim(pi.low, pi.high)
                if pj.distribution == "loguniform":
                    ax.set_xscale("log")
                if pi.distribution == "loguniform":
                    ax.set_yscale("log")
            if i == k - 1:
                ax.set_xlabel(pj.name)
            if j == 0:
                ax.set_ylabel(pi.name)
    fig.tight_layout()
    pairs = out / "pairs.png"
    fig.savefig(pairs, dpi=100)
    plt.close(fig)
    return [marginals, pairs]


def _markdown(spec: CalibrationSpec, results: dict[str, pd.DataFrame], stopped: str, seed: int) -> str:
    def cell(value: Any) -> str:
        if isinstance(value, float | np.floating):
            return "" if math.isnan(value) else f"{value:.4g}"
        return str(value)

    def table(frame: pd.DataFrame) -> str:
        if not len(frame):
            return "(none)"
        lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
        return "\n".join(lines)

    quick = "\n**--quick: a smoke test; the posterior is not a result.**\n" if spec.quick else ""
    return "\n".join(
        [
            f"# Calibration `{spec.name}`",
            quick,
            f"ABC-SMC (pyABC), root seed {seed}; {spec.population} particles per generation; "
            f"stopped: {stopped}. Runs of {spec.steps} weeks after the model's defaults with "
            f"{dict(spec.parameters) or 'no fixed parameters'}; burn-in {spec.burn_in} weeks.",
            "",
            "## Posterior",
            "",
            table(results["summary"]),
            "",
            "## Diagnostics",
            "",
            table(results["diagnostics"]),
            "",
            "## Posterior predictive check (every target; validation targets are held out)",
            "",
            table(results["ppc"]),
            "",
            "Figures: `marginals.png`, `pairs.png`.",
            "",
        ]
    )


def write_results(
    spec: CalibrationSpec, out: str | Path, *, seed: int, stopped: str = ""
) -> CalibrationResults:
    """Read the calibration database in ``out`` and write every result file there.

    Args:
        spec: The calibration that wrote the database.
        out: Its output directory.
        seed: Its root seed (the predictive check's seeds derive from it).
        stopped: Why sampling stopped (for the report).

    Returns:
        The tables and the files written.
    """
    import pyabc

    out = Path(out)
    history = pyabc.History(f"sqlite:///{out / HISTORY}", _id=1)
    diagnostics, particles = _diagnostics(history)
    posterior = particles[particles["generation"] == particles["generation"].max()].drop(columns="generation")
    posterior = posterior.reset_index(drop=True)
    summary = _summary(spec, posterior)
    ppc, predictive = posterior_predictive(spec, posterior, seed)
    files = [out / name for name in ("posterior.parquet", "particles.parquet", "diagnostics.csv", "ppc.csv")]
    posterior.to_parquet(files[0], index=False)
    particles.to_parquet(files[1], index=False)
    diagnostics.to_csv(files[2], index=False)
    ppc.to_csv(files[3], index=False)
    files.append(out / "ppc_draws.parquet")
    predictive.to_parquet(files[-1], index=False)
    files.append(out / "posterior_summary.csv")
    summary.to_csv(files[-1], index=False)
    files += _figures(spec, posterior, out)
    report = out / "report.md"
    tables = {"summary": summary, "diagnostics": diagnostics, "ppc": ppc}
    report.write_text(_markdown(spec, tables, stopped, seed))
    files.append(report)
    return CalibrationResults(posterior, particles, diagnostics, ppc, summary, tuple(files))
