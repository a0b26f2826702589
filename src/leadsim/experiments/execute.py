"""Executors: where the runs of a sweep are computed.

Runs are grouped into chunks (:class:`Chunk`) so that each task carries enough work (about half
a second or more) for the cost of sending it to a worker not to matter. Every run is seeded on
its own, so results do not depend on the executor, the number of workers, the chunking or the
order in which chunks finish.

* :class:`SerialExecutor`: in this process, chunk after chunk.
* :class:`ProcessExecutor` (the default): a local :class:`concurrent.futures.ProcessPoolExecutor`.
  Where the platform can fork and this process has no other threads yet, workers are forked from
  it after the model's compiled kernels are loaded, so they start at once; otherwise they are
  spawned (every task is a top-level function of picklable arguments, so either works).
* :class:`DaskExecutor`: Dask distributed, either a scheduler at an address
  (``tcp://HOST:8786``; its workers need leadsim installed) or a local cluster of single-threaded
  worker processes on the loopback interface. Dask retries the tasks of a lost worker elsewhere.

Each executor yields a chunk's results as soon as the chunk is done, in completion order.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from leadsim.experiments.design import PARAM_PREFIX, RunSpec, encode_parameter
from leadsim.parallel import default_start_method, start_pool

__all__ = [
    "EXECUTORS",
    "Chunk",
    "ChunkResult",
    "DaskExecutor",
    "ProcessExecutor",
    "SerialExecutor",
    "WorkerLost",
    "chunk_runs",
    "make_executor",
    "run_chunk",
]

EXECUTORS: tuple[str, ...] = ("serial", "processes", "dask")

TARGET_CHUNK_SECONDS = 0.5
"""Aim for tasks of at least this much work, so that dispatch overhead stays small."""

CHUNKS_PER_WORKER = 4
"""Keep at least this many chunks per worker, so that the load stays balanced to the end."""

# Rough cost of one simulated week: a fixed part plus a part per client place (measured on the
# default scenario, 1,500 client places, about 0.7 ms a week on a 2020s x86 core). Only the
# chunk size depends on it, never a result.
_WEEK_SECONDS_FIXED = 1e-4
_WEEK_SECONDS_PER_CLIENT = 4e-7


class WorkerLost(RuntimeError):
    """A worker process died (killed, out of memory); the runs it held are not stored."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A task: some runs, and what to keep of them.

    Attributes:
        runs: The runs.
        steps: Weeks per run.
        metrics: End metrics to keep.
        series_metrics: Metrics of the time series, or empty for none.
        period: Weeks between stored time-series rows.
    """

    runs: tuple[RunSpec, ...]
    steps: int
    metrics: tuple[str, ...]
    series_metrics: tuple[str, ...]
    period: int


@dataclass(slots=True)
class ChunkResult:
    """The results of a chunk: one row per run, and time-series columns if asked for."""

    rows: list[dict[str, Any]]
    series: dict[str, np.ndarray] | None


# ---------------------------------------------------------------------------- the work
def run_chunk(chunk: Chunk) -> ChunkResult:
    """Run every run of a chunk and collect its rows (the function workers execute)."""
    rows, series_parts = [], []
    for run in chunk.runs:
        row, series = run_one(run, chunk)
        rows.append(row)
        if series is not None:
            series_parts.append(series)
    series = None
    if series_parts:
        series = {key: np.concatenate([part[key] for part in series_parts]) for key in series_parts[0]}
    return ChunkResult(rows, series)


def run_one(run: RunSpec, chunk: Chunk) -> tuple[dict[str, Any], dict[str, np.ndarray] | None]:
    """One model run: its result row and, if asked for, its subsampled time series."""
    from leadsim.model import LeadershipModel

    # A run that keeps no time series does not record one: the model measures its metrics once,
    # after the last week, instead of every week (the end metrics are the same).
    model = LeadershipModel(**run.parameters, rng=run.seed)
    model.time_series = bool(chunk.series_metrics)
    model.run(chunk.steps)
    summary = model.summary()
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "point": run.point,
        "replication": run.replication,
        "seed": run.seed,
    }
    row.update(
        {PARAM_PREFIX + name: encode_parameter(name, value) for name, value in model.parameters.items()}
    )
    row.update({name: float(summary[name]) for name in chunk.metrics})
    if not chunk.series_metrics:
        return row, None
    frame = model.dataframe()
    weeks = np.arange(0, len(frame), chunk.period)
    if weeks[-1] != len(frame) - 1:
        weeks = np.append(weeks, len(frame) - 1)
    series = {
        "run_id": np.full(len(weeks), run.run_id, dtype=np.int64),
        "week": weeks.astype(np.int64),
    }
    series.update({name: frame[name].to_numpy(dtype=float)[weeks] for name in chunk.series_metrics})
    return row, series


# ---------------------------------------------------------------------------- chunking
def estimated_run_seconds(parameters: dict[str, Any], steps: int) -> float:
    """A rough guess of one run's time from its size (used only to size chunks)."""
    from leadsim.parameters import defaults

    values = {**defaults(), **parameters}
    clients = int(values["n_teams"]) * int(values["team_size"]) * int(values["caseload"])
    return steps * (_WEEK_SECONDS_FIXED + _WEEK_SECONDS_PER_CLIENT * clients)


def chunk_size_for(runs: list[RunSpec], steps: int, workers: int) -> int:
    """Runs per chunk: about :data:`TARGET_CHUNK_SECONDS` of work, with enough chunks per worker."""
    if not runs:
        return 1
    seconds = estimated_run_seconds(runs[0].parameters, steps)
    by_time = max(1, math.ceil(TARGET_CHUNK_SECONDS / max(seconds, 1e-9)))
    by_balance = max(1, math.ceil(len(runs) / (CHUNKS_PER_WORKER * max(workers, 1))))
    return min(by_time, by_balance)


def chunk_runs(
    runs: list[RunSpec],
    size: int,
    *,
    steps: int,
    metrics: tuple[str, ...],
    series: tuple[str, ...],
    period: int,
) -> list[Chunk]:
    """Group runs into chunks of ``size`` runs, in run order."""
    return [
        Chunk(tuple(runs[i : i + size]), steps, metrics, series, period) for i in range(0, len(runs), size)
    ]


# ---------------------------------------------------------------------------- executors
class Executor(Protocol):
    """Where chunks run; a context manager that yields results as chunks finish."""

    workers: int
    description: str

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def map_unordered(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run the chunks; yield each result as soon as its chunk is done."""
        ...

    def cancel(self) -> None:
        """Stop as soon as possible: drop pending chunks and stop the workers."""
        ...


class SerialExecutor:
    """Runs chunks one after the other in this process."""

    workers = 1
    description = "serial"

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map_unordered(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run each chunk in turn; Ctrl-C is raised between chunks (see ``InterruptGuard``)."""
        from leadsim.parallel import InterruptGuard

        with InterruptGuard() as guard:
            for chunk in chunks:
                guard.check()
                yield run_chunk(chunk)

    def cancel(self) -> None:
        """Nothing runs in the background."""


class ProcessExecutor:
    """A pool of local worker processes.

    Args:
        workers: Number of processes (default: every core).
        start_method: ``fork``, ``forkserver`` or ``spawn``; by default ``fork`` where it is safe,
            else ``spawn``.
    """

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.start_method = start_method
        self.description = f"{self.workers} local processes"
        self._pool: ProcessPoolExecutor | None = None
        self._futures: set[Future[ChunkResult]] = set()

    def __enter__(self) -> ProcessExecutor:
        method = self.start_method or default_start_method()
        self._pool = start_pool(self.workers, method)
        self.description = f"{self.workers} local processes ({method})"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map_unordered(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Keep every worker busy (two chunks in flight each); yield results as they come."""
        from concurrent.futures.process import BrokenProcessPool

        assert self._pool is not None, "use the executor as a context manager"
        pending = iter(chunks)
        in_flight = 2 * self.workers
        self._futures = set()
        for chunk in pending:
            self._futures.add(self._pool.submit(run_chunk, chunk))
            if len(self._futures) >= in_flight:
                break
        while self._futures:
            done, self._futures = wait(self._futures, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    raise WorkerLost("a worker process died (killed, or out of memory)") from exc
                for chunk in pending:
                    self._futures.add(self._pool.submit(run_chunk, chunk))
                    break
                yield result

    def cancel(self) -> None:
        """Cancel pending chunks and stop the workers now (running chunks are dropped)."""
        for future in self._futures:
            future.cancel()
        pool = self._pool
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # ProcessPoolExecutor has no public way to stop a busy worker
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        self._pool = None


class DaskExecutor:
    """Dask distributed: a scheduler at an address, or a local cluster of worker processes.

    Args:
        workers: Workers of the local cluster (default: every core); ignored with a scheduler.
        scheduler: Address of a running scheduler (``tcp://HOST:8786``); ``None`` starts a local
            cluster on 127.0.0.1 with single-threaded workers.
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.description = (
            f"Dask at {scheduler}" if scheduler else f"Dask local cluster, {self.workers} workers"
        )
        self._client: Any = None
        self._cluster: Any = None
        self._futures: set[Any] = set()

    def __enter__(self) -> DaskExecutor:
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except Exception as exc:  # unreachable, or not a Dask scheduler (its reply read as garbage)
                from leadsim.experiments.spec import ExperimentError, Problem

                if isinstance(exc, (OSError, TimeoutError)):  # nothing, or nothing in time, answers
                    reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                else:  # something answered, but its reply is not Dask's protocol
                    reason = "something answers there, but not in Dask's protocol: is it a Dask scheduler?"
                problem = Problem(
                    "scheduler", f"cannot reach a Dask scheduler at {self.scheduler} ({reason})"
                )
                raise ExperimentError(None, [problem]) from None
            self.workers = max(1, sum(self._client.nthreads().values()))
            self.description = f"Dask at {self.scheduler} ({self.workers} worker threads)"
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,  # logging.ERROR
            )
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def map_unordered(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Submit every chunk; yield results as they complete."""
        from distributed import as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        chunk_list = list(chunks)
        keys = [f"leadsim-chunk-{chunk.runs[0].run_id}-{time.time_ns()}" for chunk in chunk_list]
        self._futures = set(self._client.map(run_chunk, chunk_list, key=keys, pure=False))
        try:
            for future in as_completed(list(self._futures)):
                result = future.result()
                self._futures.discard(future)  # drop our reference: the cluster frees the result
                yield result
        except (KilledWorker, FutureCancelledError) as exc:
            raise WorkerLost(f"Dask could not finish a chunk: {exc}") from exc

    def cancel(self) -> None:
        """Cancel every chunk not yet finished."""
        if self._client is not None and self._futures:
            self._client.cancel(list(self._futures))


def make_executor(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor called ``name`` (one of :data:`EXECUTORS`)."""
    if name == "serial":
        return SerialExecutor()
    if name == "processes":
        return ProcessExecutor(jobs)
    if name == "dask":
        return DaskExecutor(jobs, scheduler)
    raise ValueError(f"executor must be one of {', '.join(EXECUTORS)} (got {name!r})")
