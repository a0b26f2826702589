"""Local worker processes, started one way for every part of leadsim that runs in parallel.

Sweeps (:mod:`leadsim.experiments`), the validation suite and the virtual survey all run model
replications in a :class:`concurrent.futures.ProcessPoolExecutor` made by :func:`start_pool`:

* **Start method** (:func:`default_start_method`): ``fork`` on Linux while this process runs no
  other Python thread, else ``spawn``. Forked workers start at once with the model's compiled
  kernels already loaded (they are warmed up first); spawned ones import leadsim and load the
  kernels themselves (about two seconds each). Other Python threads (a Jupyter kernel's, a
  progress bar's monitor) might hold locks at the moment of the fork, so then the pool spawns.
  Native thread pools (BLAS, Arrow) are idle at that moment and the workers use neither.
* **Workers** ignore Ctrl-C (the parent decides what to keep and stops them) and end by
  themselves when the parent is gone (killed with SIGKILL), instead of waiting forever.

Results never depend on the start method or the number of workers: every run's seed is fixed
before it is handed out (:mod:`leadsim.seeds`).

**Ctrl-C in this process** (:class:`InterruptGuard`): work that runs the model in this process
(``leadsim run``, the serial executor, ``validate --jobs 1``) holds Ctrl-C back until the week
or task in progress is done, and raises :class:`KeyboardInterrupt` only there, so that what is
written stays whole. The weekly kernels themselves return no arrays (they write into arrays they
are given): numba boxes a kernel's returned arrays with a call to a Python function
(``numba.core.serialize._numba_unpickle``), where CPython would deliver a pending interrupt that
numba's helper ignores, reported as ``SystemError: CPUDispatcher(...) returned a result with an
exception set``; ``tests/test_faults.py`` checks that a week makes no such call, so a Ctrl-C
also reaches a user's own ``model.run()`` loop as a plain :class:`KeyboardInterrupt`. A second
Ctrl-C raises at once (for a task that would take too long).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from types import FrameType, TracebackType

from tqdm import tqdm

__all__ = [
    "PARENT_CHECK_SECONDS",
    "InterruptGuard",
    "ProgressBar",
    "default_start_method",
    "start_pool",
]

#: How often a worker checks that its parent process is still alive.
PARENT_CHECK_SECONDS = 1.0


def default_start_method() -> str:
    """``fork`` on Linux when this process runs no other Python thread, else ``spawn``."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        if threading.active_count() == 1:
            return "fork"
    return "spawn"


def start_pool(workers: int, method: str | None = None) -> ProcessPoolExecutor:
    """A started pool of ``workers`` local processes (use it as a context manager).

    Args:
        workers: Number of processes.
        method: ``fork``, ``forkserver`` or ``spawn``; :func:`default_start_method` if not given.

    Returns:
        The pool, its workers already running when ``method`` is ``fork``.
    """
    method = method or default_start_method()
    if method == "fork":
        _warm_up_kernels()  # forked workers inherit the loaded kernels
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )
    if method == "fork":
        # Start the workers now, before a progress bar starts its monitor thread. Python warns
        # about forking any process with native threads; see default_start_method.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
            pool.submit(int).result()
    return pool


class InterruptGuard:
    """Hold Ctrl-C (SIGINT) back and raise it only where :meth:`check` is called.

    Use it as a context manager around a loop of short tasks, and call :meth:`check` between
    them::

        with InterruptGuard() as guard:
            for week in range(steps):
                guard.check()  # KeyboardInterrupt here, never inside a week
                model.step()

    The first Ctrl-C is recorded and raised by the next :meth:`check` (or when the block ends);
    a second one, while the first is still held, raises at once. Outside the main thread, or
    when SIGINT is not handled by Python's default handler (ignored in a pool worker, or taken
    over by a host such as a Jupyter kernel), the guard does nothing.

    Attributes:
        pending: Whether a Ctrl-C is being held back.
    """

    def __init__(self) -> None:
        self.pending = False
        self._previous: object = None
        self._active = False

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGINT)
            if current is signal.default_int_handler:
                self._previous = current
                signal.signal(signal.SIGINT, self._handle)
                self._active = True
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.pending:  # the second Ctrl-C: the user does not want to wait
            raise KeyboardInterrupt
        self.pending = True

    def check(self) -> None:
        """Raise :class:`KeyboardInterrupt` if a Ctrl-C was held back since the last check."""
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._active:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
            self._active = False
        if kind is None:
            self.check()


class ProgressBar(tqdm):
    """tqdm without its monitor thread, so that a pool started after the bar can still fork.

    (The monitor only adjusts the refresh interval of bars updated in tight loops; leadsim's bars
    are updated once per finished task.)
    """

    monitor_interval = 0


def _warm_up_kernels() -> None:
    """Load the model's compiled kernels (from numba's disk cache) with a tiny run."""
    from leadsim.model import LeadershipModel

    LeadershipModel(n_teams=2, team_size=2, caseload=2, n_partners=2, rng=0).run(2)


def _init_worker(parent: int) -> None:
    """Set up a pool worker: ignore Ctrl-C, and end when the parent process is gone.

    Ctrl-C reaches the whole process group; the parent decides what to keep and stops the workers.
    If the parent is killed (SIGKILL), forked workers would otherwise wait forever for work (they
    hold the task pipe open themselves), so a watchdog thread ends them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="leadsim-parent-watchdog", daemon=True).start()
