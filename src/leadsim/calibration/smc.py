"""ABC-SMC calibration with pyABC: seeded generations, a resumable SQLite history.

:func:`run_calibration` runs approximate Bayesian computation by sequential Monte Carlo
(pyABC's :class:`pyabc.ABCSMC`) on the *calibration* targets of a
:class:`~leadsim.calibration.spec.CalibrationSpec`, and keeps every generation in a SQLite
database (``history.db`` in the output directory). Validation targets never enter it: the
distance, the observed data stored in the database and the results directory's digest are built
from ``targets.for_calibration()`` alone.

**Distance.** With m_k(x) how far statistic x lies outside target k's value or interval (0
inside an interval) and s_k its declared scale: d = sqrt(sum_k (m_k / s_k)^2), the Euclidean
distance in units of the targets' declared uncertainty. A statistic that is NaN (nothing to
divide by) makes d infinite: the particle is rejected.

**Generations.** Generation 0 is a sample of the population size from the prior (epsilon =
infinity). Generation t > 0 proposes from pyABC's multivariate normal kernel fitted to
generation t-1 (Silverman bandwidth) and accepts at epsilon_t = the ``quantile`` of generation
t-1's weighted distances. Sampling stops after ``generations``, once epsilon is at most
``min_epsilon``, or once a generation's acceptance rate falls below ``min_acceptance``.

**Seeds, and why the same seed gives the same posterior.** Each generation is run by a fresh
:class:`pyabc.ABCSMC` loaded from the database, after seeding NumPy's global generator (which
pyABC's proposals use) with ``SeedSequence([seed, 0, t])``; each simulation's model seed is
``SeedSequence([seed, 1, h_1, .., h_4])`` with h the BLAKE2b hash of the particle's parameter
values (in the order of the priors, as float64 bytes), and replication r of it is that
sequence's r-th spawned child. So a model seed depends on the root seed and the parameters
alone, not on when or where the simulation runs. With ``jobs = 1`` (pyABC's
:class:`~pyabc.sampler.SingleCoreSampler`) every proposal is then fixed by the seed, and the
posterior is the same on every run, also when a calibration was killed and continued (a
generation cut short is redone from its own seed). With ``jobs > 1`` pyABC's
:class:`~pyabc.sampler.MulticoreEvalParallelSampler` reseeds each worker from the operating
system and keeps the first particles to finish, so the posterior is a valid sample but not
reproducible bit for bit; model seeds are still derived from the parameters.

**Resume.** Running again with the same output directory continues from the last complete
generation (a directory of another configuration or seed is refused before anything runs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from leadsim.calibration.errors import CalibrationError, Problem
from leadsim.calibration.spec import CalibrationSpec, Prior
from leadsim.calibration.statistics import mean_statistics, summary_statistics
from leadsim.calibration.targets import Target

__all__ = [
    "CalibrationInterrupted",
    "CalibrationOutcome",
    "Distance",
    "Simulator",
    "generation_seed",
    "particle_seeds",
    "run_calibration",
]

HISTORY = "history.db"
MANIFEST = "calibration.json"
_GENERATION_STREAM = 0
_SIMULATION_STREAM = 1


class CalibrationInterrupted(Exception):
    """Ctrl-C during a calibration; every complete generation is kept in the database.

    Attributes:
        generations: Complete generations stored.
    """

    def __init__(self, out: Path, generations: int) -> None:
        self.generations = generations
        super().__init__(
            f"interrupted; {generations} complete generation{'s' if generations != 1 else ''} kept in "
            f"{out / HISTORY}; run the same command again to continue"
        )


def generation_seed(seed: int, generation: int) -> int:
    """The seed of NumPy's global generator before generation ``generation``.

    Args:
        seed: The calibration's root seed.
        generation: The generation index t (0 is the prior sample).

    Returns:
        ``SeedSequence([seed, 0, t])``'s first 32-bit state word.
    """
    return int(np.random.SeedSequence([seed, _GENERATION_STREAM, generation]).generate_state(1)[0])


def particle_seeds(seed: int, values: Sequence[float], replications: int) -> list[int]:
    """The model seeds of a particle's replications, from the root seed and its parameter values.

    Args:
        seed: The calibration's root seed.
        values: The particle's parameter values, in the order of the priors.
        replications: Runs per particle.

    Returns:
        One 32-bit model seed per replication.
    """
    digest = hashlib.blake2b(np.asarray(values, dtype=np.float64).tobytes(), digest_size=16).digest()
    words = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
    sequence = np.random.SeedSequence([seed, _SIMULATION_STREAM, *words])
    return [int(child.generate_state(1)[0]) for child in sequence.spawn(replications)]


class Simulator:
    """The pyABC model: run leadsim at a particle's parameters and return its statistics.

    Picklable, so pyABC's multicore sampler can send it to worker processes.

    Args:
        spec: The calibration (fixed parameters, run length, burn-in, replications).
        seed: The calibration's root seed.
    """

    def __init__(self, spec: CalibrationSpec, seed: int) -> None:
        self.names = spec.names
        self.fixed = dict(spec.parameters)
        self.steps = spec.steps
        self.burn_in = spec.burn_in
        self.replications = spec.replications
        self.seed = seed

    def statistics(self, values: Mapping[str, float], seeds: Sequence[int]) -> dict[str, float]:
        """Run the model once per seed at ``values`` and average the statistics."""
        from leadsim.model import LeadershipModel

        runs = []
        keywords: dict[str, Any] = {**self.fixed, **values}
        for model_seed in seeds:
            model = LeadershipModel(**keywords, rng=model_seed)
            model.run(self.steps)
            runs.append(summary_statistics(model, burn_in=self.burn_in))
        return mean_statistics(runs)

    def __call__(self, parameters: Mapping[str, float]) -> dict[str, float]:
        """Simulate a particle (pyABC passes a :class:`pyabc.Parameter`, a dict)."""
        values = {name: float(parameters[name]) for name in self.names}
        seeds = particle_seeds(self.seed, [values[name] for name in self.names], self.replications)
        return self.statistics(values, seeds)


class Distance:
    """Euclidean distance to the calibration targets in units of their declared scales.

    Reads only the targets it is given (:meth:`TargetSet.for_calibration`); the observed data
    pyABC passes (``x_0``) is ignored, the targets themselves are the data.

    Args:
        targets: The calibration targets (each with a scale).
    """

    def __init__(self, targets: Sequence[Target]) -> None:
        if not targets or any(t.role != "calibration" or t.scale is None for t in targets):
            raise ValueError("the distance takes calibration targets with scales only")
        self.targets = tuple(targets)

    def terms(self, statistics: Mapping[str, float]) -> dict[str, float]:
        """Each target's scaled miss m_k / s_k (NaN if the statistic is NaN)."""
        return {t.name: t.miss(float(statistics[t.observable])) / float(t.scale) for t in self.targets}  # type: ignore[arg-type]

    def __call__(self, x: Mapping[str, float], x_0: Mapping[str, float] | None = None) -> float:
        """The distance of simulated statistics ``x`` to the targets."""
        terms = np.array(list(self.terms(x).values()), dtype=float)
        if not np.all(np.isfinite(terms)):
            return math.inf
        return float(np.sqrt(np.sum(terms**2)))


@dataclass(frozen=True, slots=True)
class CalibrationOutcome:
    """What :func:`run_calibration` did.

    Attributes:
        out: The output directory.
        generations: Complete generations in the database.
        ran: Generations run by this call (0 when the calibration was already complete).
        stopped: Why sampling stopped.
        seconds: Wall time of this call's sampling.
        simulations: Simulations of this call.
    """

    out: Path
    generations: int
    ran: int
    stopped: str
    seconds: float
    simulations: int

    @property
    def history(self) -> Path:
        """The pyABC SQLite database."""
        return self.out / HISTORY


def _prior(priors: Sequence[Prior]) -> Any:
    import pyabc

    variables = {}
    for prior in priors:
        if prior.distribution == "uniform":
            variables[prior.name] = pyabc.RV("uniform", prior.low, prior.high - prior.low)
        else:
            variables[prior.name] = pyabc.RV("loguniform", prior.low, prior.high)
    return pyabc.Distribution(**variables)


def _sampler(jobs: int) -> Any:
    from pyabc.sampler import MulticoreEvalParallelSampler, SingleCoreSampler

    if jobs == 1:
        return SingleCoreSampler()
    return MulticoreEvalParallelSampler(n_procs=jobs)


def _check_directory(out: Path, manifest: dict[str, Any]) -> bool:
    """Refuse a results directory of another calibration; say whether one is there to continue."""
    path = out / MANIFEST
    if not path.exists():
        if (out / HISTORY).exists():
            raise CalibrationError(out, [Problem(HISTORY, f"exists without {MANIFEST}; use an empty --out")])
        return False
    try:
        stored = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise CalibrationError(out, [Problem(MANIFEST, f"cannot be read ({exc})")]) from None
    for key in ("digest", "seed"):
        if stored.get(key) != manifest[key]:
            raise CalibrationError(
                out,
                [
                    Problem(
                        f"{MANIFEST}.{key}",
                        f"must match this calibration to continue it: the directory holds {key} "
                        f"{stored.get(key)!r}, this run has {manifest[key]!r}; use another --out",
                    )
                ],
            )
    return (out / HISTORY).exists()


def stored_generations(db: Path) -> Any:
    """The generations in a pyABC database (t, epsilon, samples, particles, wall time)."""
    import pyabc

    history = pyabc.History(f"sqlite:///{db}", _id=1)
    return history.get_all_populations().query("t >= 0").reset_index(drop=True)


def _stop_reason(spec: CalibrationSpec, generations: Any) -> str | None:
    if len(generations) == 0:
        return None
    last = generations.iloc[-1]
    if len(generations) >= spec.generations:
        return f"reached {spec.generations} generations"
    if float(last["epsilon"]) <= spec.min_epsilon:
        return f"epsilon {float(last['epsilon']):.4g} <= min_epsilon {spec.min_epsilon:g}"
    rate = float(last["particles"]) / float(last["samples"])
    if rate < spec.min_acceptance:
        return f"acceptance rate {rate:.4g} < min_acceptance {spec.min_acceptance:g}"
    return None


def run_calibration(
    spec: CalibrationSpec,
    out: str | Path,
    *,
    seed: int = 42,
    jobs: int = 1,
    progress: TextIO | None = sys.stderr,
    on_generation: Callable[[int], None] | None = None,
) -> CalibrationOutcome:
    """Run (or continue) an ABC-SMC calibration into ``out``.

    Args:
        spec: The checked calibration.
        out: Output directory: ``history.db`` and ``calibration.json`` are written here.
        seed: Root seed (see the module docstring).
        jobs: Worker processes (1: reproducible single-core sampling).
        progress: Where to print one line per generation (``None``: silent).
        on_generation: Called with the index of each generation once it is stored.

    Returns:
        What was run.

    Raises:
        CalibrationError: ``out`` holds another calibration.
        CalibrationInterrupted: Ctrl-C; complete generations are kept.
    """
    import pyabc

    out = Path(out)
    calibration_targets = spec.targets.for_calibration()
    manifest = {
        "digest": spec.digest(),
        "seed": seed,
        "calibration": spec.to_dict(),
        "source": None if spec.source is None else str(spec.source),
        "targets_file": None if spec.targets.source is None else str(spec.targets.source),
        "pyabc": pyabc.__version__,
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CalibrationError(out, [Problem("", f"cannot create the directory ({exc.strerror})")]) from None
    resuming = _check_directory(out, manifest)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    for name in ("ABC", "ABC.History", "ABC.Sampler", "ABC.Distance", "ABC.Epsilon", "ABC.Population"):
        logging.getLogger(name).setLevel(logging.WARNING)

    db = out / HISTORY
    url = f"sqlite:///{db}"
    prior = _prior(spec.priors)
    simulator = Simulator(spec, seed)
    distance = Distance(calibration_targets)
    observed = {t.name: t.value for t in calibration_targets}
    done = stored_generations(db) if resuming else None
    start = 0 if done is None else len(done)
    stopped = None if done is None else _stop_reason(spec, done)
    ran = simulations = 0
    started = time.perf_counter()
    times: list[float] = []
    t = start
    while stopped is None:
        generation_started = time.perf_counter()
        abc = pyabc.ABCSMC(
            simulator,
            prior,
            distance,
            population_size=spec.population,
            sampler=_sampler(jobs),
            eps=pyabc.QuantileEpsilon(
                initial_epsilon=math.inf if t == 0 else "from_sample", alpha=spec.quantile, weighted=True
            ),
            transitions=pyabc.MultivariateNormalTransition(),
        )
        if t == 0 and not db.exists():
            abc.new(url, observed, meta_info={"leadsim_digest": spec.digest(), "seed": seed})
        else:
            abc.load(url, 1)
        np.random.seed(generation_seed(seed, t))  # noqa: NPY002 - pyABC draws from the global generator
        try:
            abc.run(max_nr_populations=1)
        except KeyboardInterrupt:
            raise CalibrationInterrupted(out, t) from None
        done = stored_generations(db)
        if len(done) != t + 1:  # pyABC stops when a sample fails
            stopped = f"pyABC could not complete generation {t}"
            break
        ran += 1
        row = done.iloc[-1]
        simulations += int(row["samples"])
        times.append(time.perf_counter() - generation_started)
        stopped = _stop_reason(spec, done)
        if progress is not None:
            left = spec.generations - (t + 1)
            eta = "" if stopped else f"; about {np.mean(times) * left:.0f} s left if {left} more run"
            print(
                f"generation {t + 1}/{spec.generations}: epsilon {float(row['epsilon']):.4g}, accepted "
                f"{int(row['particles'])} of {int(row['samples'])} "
                f"({float(row['particles']) / float(row['samples']):.1%}), {times[-1]:.1f} s{eta}",
                file=progress,
                flush=True,
            )
        if on_generation is not None:
            on_generation(t)
        t += 1
    assert done is not None
    return CalibrationOutcome(out, len(done), ran, stopped, time.perf_counter() - started, simulations)
