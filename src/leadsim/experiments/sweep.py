"""Running a sweep: plan the runs, skip those already stored, execute the rest, store as they finish.

:func:`run_sweep` is what ``leadsim sweep`` calls. It validates everything first (the experiment
and the results directory), then runs only the runs that are missing, so that running the same
command again after an interruption resumes, and running it on a finished sweep does nothing.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from leadsim.experiments.design import RunSpec, build_design, plan_runs
from leadsim.experiments.execute import (
    EXECUTORS,
    Executor,
    WorkerLost,
    chunk_runs,
    chunk_size_for,
    make_executor,
)
from leadsim.experiments.spec import Experiment, ExperimentError, Problem, load_experiment
from leadsim.experiments.storage import ResultStore
from leadsim.parallel import ProgressBar

__all__ = ["SweepInterrupted", "SweepOutcome", "SweepWorkerLost", "run_sweep"]


@dataclass(frozen=True)
class SweepOutcome:
    """What a sweep session did.

    Attributes:
        path: The results directory.
        total: Runs in the design.
        stored: Runs stored now (before and during this session).
        ran: Runs computed in this session.
        seconds: Wall time of this session's runs.
        executor: Description of the executor used.
    """

    path: Path
    total: int
    stored: int
    ran: int
    seconds: float
    executor: str

    @property
    def complete(self) -> bool:
        """Whether every run of the design is stored."""
        return self.stored == self.total


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the sweep; every finished run is stored and rerunning resumes.

    Attributes:
        outcome: What was stored.
    """

    def __init__(self, outcome: SweepOutcome) -> None:
        self.outcome = outcome
        super().__init__(
            f"interrupted: {outcome.stored} of {outcome.total} runs are stored in {outcome.path}; "
            f"run the same command again to resume"
        )


class SweepWorkerLost(RuntimeError):
    """A worker died; every finished run is stored and rerunning resumes.

    Attributes:
        outcome: What was stored.
    """

    def __init__(self, outcome: SweepOutcome, reason: str) -> None:
        self.outcome = outcome
        super().__init__(
            f"{reason}; {outcome.stored} of {outcome.total} runs are stored in {outcome.path}; "
            f"run the same command again to resume"
        )


def run_sweep(
    experiment: Experiment | str | Path,
    out: str | Path,
    *,
    executor: str = "processes",
    jobs: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    quick: bool = False,
    progress: bool = True,
) -> SweepOutcome:
    """Run every run of an experiment that is not yet stored in ``out``.

    Args:
        experiment: An :class:`Experiment`, or the path of an experiment file.
        out: The results directory (created, or reopened to resume).
        executor: ``serial``, ``processes`` (default) or ``dask``.
        jobs: Worker processes (``processes``, or a local Dask cluster); default every core.
        scheduler: Address of a Dask scheduler (implies ``executor="dask"``).
        chunk_size: Runs per task; default about half a second of work per task.
        quick: Run the tiny version of the experiment (see :meth:`Experiment.quick`).
        progress: Show a progress bar with the rate and the time left (on a terminal).

    Returns:
        What the session did.

    Raises:
        ExperimentError: A problem in the experiment or the results directory (before any run).
        SweepInterrupted: Ctrl-C; finished runs are stored.
        SweepWorkerLost: A worker died; finished runs are stored.
    """
    if not isinstance(experiment, Experiment):
        experiment = load_experiment(experiment, quick=quick)
    elif quick:
        experiment = experiment.quick()
    if scheduler:
        executor = "dask"
    _check_options(executor, jobs, chunk_size)
    design = build_design(experiment)
    store = ResultStore.open(out, experiment, design)
    try:
        runs = plan_runs(experiment, design)
        missing = [run for run in runs if run.run_id not in store.completed]
        if not missing:
            return SweepOutcome(
                store.path, len(runs), len(store.completed), 0, 0.0, "none (already complete)"
            )
        engine = make_executor(executor, jobs=jobs, scheduler=scheduler)
        with engine:
            store.start_session(engine.description, len(runs))
            return _execute(store, engine, runs, missing, chunk_size, progress)
    finally:
        store.close()


def _check_options(executor: str, jobs: int | None, chunk_size: int | None) -> None:
    problems = []
    if executor not in EXECUTORS:
        problems.append(Problem("executor", f"must be one of {', '.join(EXECUTORS)} (got {executor!r})"))
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        problems.append(Problem("jobs", f"must be a positive integer (got {jobs!r})"))
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1
    ):
        problems.append(Problem("chunk_size", f"must be a positive integer (got {chunk_size!r})"))
    if problems:
        raise ExperimentError(None, problems)


def _execute(
    store: ResultStore,
    engine: Executor,
    runs: list[RunSpec],
    missing: list[RunSpec],
    chunk_size: int | None,
    progress: bool,
) -> SweepOutcome:
    experiment = store.experiment
    size = chunk_size or chunk_size_for(missing, experiment.steps, engine.workers)
    chunks = chunk_runs(
        missing,
        size,
        steps=experiment.steps,
        metrics=experiment.kept_metrics,
        series=experiment.series_metrics if experiment.timeseries else (),
        period=experiment.period,
    )
    before = len(store.completed)
    start = time.perf_counter()

    def outcome() -> SweepOutcome:
        stored = len(store.completed)
        return SweepOutcome(
            store.path, len(runs), stored, stored - before, time.perf_counter() - start, engine.description
        )

    # disable=None: tqdm turns itself off when stderr is not a terminal (logs, pipes, CI).
    bar = ProgressBar(
        total=len(runs),
        initial=before,
        desc=experiment.name,
        unit="run",
        file=sys.stderr,
        disable=None if progress else True,
        smoothing=0.1,
    )
    try:
        with bar:
            for result in engine.map_unordered(chunks):
                store.write(result)
                bar.update(len(result.rows))
    except KeyboardInterrupt:
        engine.cancel()
        store.finish_session(complete=False)
        raise SweepInterrupted(outcome()) from None
    except WorkerLost as exc:
        engine.cancel()
        store.finish_session(complete=False)
        raise SweepWorkerLost(outcome(), str(exc)) from exc
    store.finish_session(complete=len(store.completed) == len(runs))
    return outcome()
