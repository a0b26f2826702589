"""Results storage: a directory that streams runs to Parquet as they finish and loses none.

Layout of a results directory::

    manifest.json            experiment (as data), its hash, the file's SHA-256, versions, sessions
    experiment.toml          a copy of the experiment file, when there is one
    design.parquet           the design points (factor values; unit coordinates of sampled designs)
    runs/part-000000.parquet one row per run: run_id, point, replication, seed, param_<name> for
                             every model parameter, then the end metrics (regime shares included)
    timeseries/part-000000.parquet   run_id, week, metrics every `period` weeks (if asked for)

Every file is written to a temporary name in the same directory, flushed to the disk, moved into
place with :func:`os.replace`, which is atomic, and the directory flushed after the move
(:func:`leadsim.files.write_atomically`): a reader, or a sweep killed at any instant, even by a
power loss, sees a part whole or not at all. A chunk's time-series part is written before its
runs part, so a run counts as stored exactly when its row is in ``runs/``; on resume, time-
series parts whose runs part is missing (the process died between the two) are removed and their
runs computed again. Resuming reads every part whole and runs only what is missing. A part that
cannot be read (damaged by a disk or a copy, truncated by a file system that does not keep its
promises) is moved to ``quarantine/`` with a warning naming it, and its runs are computed again;
``load_results`` refuses such a part with a message naming it, so an analysis never silently
drops runs.

A directory that holds another experiment (another hash) is refused, never mixed.
"""

from __future__ import annotations

import json
import os
import platform
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from leadsim.experiments.design import Design
from leadsim.experiments.execute import PARAM_PREFIX, ChunkResult
from leadsim.experiments.spec import Experiment, ExperimentError, Problem, experiment_from_dict
from leadsim.files import fsync_directory, write_atomically
from leadsim.parameters import PARAMETERS

__all__ = [
    "MANIFEST",
    "DamagedPartWarning",
    "ResultStore",
    "Results",
    "check_results_directory",
    "load_results",
    "write_atomically",
]

MANIFEST = "manifest.json"
LOCK_FILE = ".lock"
DESIGN_FILE = "design.parquet"
RUNS_DIR = "runs"
SERIES_DIR = "timeseries"
QUARANTINE_DIR = "quarantine"
FORMAT_VERSION = 1
_PART = re.compile(r"^part-(\d{6})\.parquet$")
_ID_COLUMNS = ("run_id", "point", "replication", "seed")


def _versions() -> dict[str, str]:
    import mesa
    import numpy as np

    from leadsim import __version__

    return {
        "leadsim": __version__,
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DamagedPartWarning(UserWarning):
    """A stored part could not be read; it was moved to ``quarantine/`` and its runs are rerun."""


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomically(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2) + "\n"))


def runs_schema(experiment: Experiment) -> pa.Schema:
    """The Arrow schema of the runs table (the same for every part of an experiment)."""
    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    fields = [pa.field(name, pa.int64()) for name in _ID_COLUMNS]
    for name, spec in PARAMETERS.items():
        fields.append(pa.field(PARAM_PREFIX + name, types.get(spec.kind, pa.string())))
    fields += [pa.field(name, pa.float64()) for name in experiment.kept_metrics]
    return pa.schema(fields)


def series_schema(experiment: Experiment) -> pa.Schema:
    """The Arrow schema of the time-series table."""
    fields = [pa.field("run_id", pa.int64()), pa.field("week", pa.int64())]
    return pa.schema(fields + [pa.field(name, pa.float64()) for name in experiment.series_metrics])


@dataclass
class ResultStore:
    """An open results directory for one experiment.

    Use :meth:`open` to create it or to reopen it for resuming.

    Attributes:
        path: The directory.
        experiment: The experiment whose results it holds.
        manifest: The manifest's content.
        completed: The run ids stored so far.
    """

    path: Path
    experiment: Experiment
    manifest: dict[str, Any]
    completed: set[int] = field(default_factory=set)
    _next_part: int = 0
    _lock: IO[str] | None = None

    @classmethod
    def open(cls, path: str | Path, experiment: Experiment, design: Design) -> ResultStore:
        """Create the results directory, or reopen it if it holds this same experiment.

        Raises:
            ExperimentError: The directory holds another experiment, or is not a results
                directory, or cannot be created.
        """
        path = Path(path)
        manifest_path = path / MANIFEST
        if not manifest_path.exists():
            _check_usable_directory(path)
        lock = _lock_directory(path)
        try:
            if manifest_path.exists():
                manifest = _read_manifest(path)
                _check_same_experiment(path, manifest, experiment)
                _check_same_model(path, manifest)
            else:
                manifest = _create(path, experiment, design)
            store = cls(path, experiment, manifest, _lock=lock)
            store._recover()
        except BaseException:
            if lock is not None:
                lock.close()
            raise
        return store

    def close(self) -> None:
        """Release the directory for other sweeps."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _recover(self) -> None:
        """Drop leftovers of an interrupted session; read which runs are stored."""
        for tmp in self.path.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        run_parts = _parts(self.path / RUNS_DIR)
        series_parts = _parts(self.path / SERIES_DIR)
        for number, part in series_parts.items():
            if number not in run_parts:  # died between the time series and its runs part
                part.unlink()
        # Part numbers are never reused, not even those of quarantined parts.
        names = _names(self.path / QUARANTINE_DIR)
        quarantined = [int(m.group(1)) for m in map(_QUARANTINED.match, names) if m]
        self._next_part = max([*run_parts, *series_parts, *quarantined], default=-1) + 1
        runs_schema_, series_schema_ = runs_schema(self.experiment), series_schema(self.experiment)
        for number, part in run_parts.items():
            damage = _damage(part, runs_schema_)
            series = series_parts.get(number)
            if damage is None and series is not None and self.experiment.timeseries:
                damage = _damage(series, series_schema_)
                if damage is not None:
                    damage = f"{series.relative_to(self.path)}: {damage}"
            elif damage is not None:
                damage = f"{part.relative_to(self.path)}: {damage}"
            if damage is None:
                ids = pq.read_table(part, columns=["run_id"], use_threads=False).column("run_id").to_pylist()
                self.completed.update(ids)
                continue
            moved = [self._quarantine(path) for path in (part, series) if path is not None and path.exists()]
            warnings.warn(
                DamagedPartWarning(
                    f"{self.path}: {damage}; moved to {', '.join(str(m) for m in moved)}; "
                    "its runs will be computed again"
                ),
                stacklevel=2,
            )

    def _quarantine(self, part: Path) -> Path:
        """Move a damaged part out of the way (kept, never deleted) and flush the move."""
        target_dir = self.path / QUARANTINE_DIR
        target_dir.mkdir(exist_ok=True)
        target = target_dir / f"{part.parent.name}-{part.name}"
        serial = 1
        while target.exists():
            target = target_dir / f"{part.parent.name}-{part.stem}.{serial}{part.suffix}"
            serial += 1
        os.replace(part, target)
        fsync_directory(part.parent)
        fsync_directory(target_dir)
        return target

    def start_session(self, executor: str, total: int) -> None:
        """Record in the manifest that a (new or resumed) sweep session starts."""
        sessions = self.manifest.setdefault("sessions", [])
        sessions.append(
            {
                "started": _now(),
                "executor": executor,
                "runs_stored_before": len(self.completed),
                "versions": _versions(),
            }
        )
        self.manifest["runs_total"] = total
        _write_json(self.path / MANIFEST, self.manifest)

    def finish_session(self, *, complete: bool) -> None:
        """Record the end of the session and how many runs are stored."""
        session = self.manifest["sessions"][-1]
        session["ended"] = _now()
        session["runs_stored_after"] = len(self.completed)
        if complete and "completed" not in self.manifest:
            self.manifest["completed"] = _now()
        _write_json(self.path / MANIFEST, self.manifest)

    def write(self, result: ChunkResult) -> None:
        """Store a finished chunk: its time series (if any), then its rows, each atomically."""
        name = f"part-{self._next_part:06d}.parquet"
        self._next_part += 1
        if result.series is not None:
            table = pa.Table.from_pydict(result.series, schema=series_schema(self.experiment))
            write_atomically(self.path / SERIES_DIR / name, lambda tmp: pq.write_table(table, tmp))
        rows = pa.Table.from_pylist(result.rows, schema=runs_schema(self.experiment))
        write_atomically(self.path / RUNS_DIR / name, lambda tmp: pq.write_table(rows, tmp))
        self.completed.update(row["run_id"] for row in result.rows)


def _create(path: Path, experiment: Experiment, design: Design) -> dict[str, Any]:
    """Lay out a new results directory; the manifest, written last, marks it as one."""
    manifest = _new_manifest(experiment, len(design))
    (path / RUNS_DIR).mkdir(parents=True, exist_ok=True)
    if experiment.timeseries:
        (path / SERIES_DIR).mkdir(exist_ok=True)
    write_atomically(path / DESIGN_FILE, lambda tmp: design.table().to_parquet(tmp, index=False))
    if experiment.source is not None and experiment.source.exists():
        source = experiment.source.read_bytes()
        write_atomically(path / "experiment.toml", lambda tmp: tmp.write_bytes(source))
    _write_json(path / MANIFEST, manifest)
    return manifest


def _lock_directory(path: Path) -> IO[str] | None:
    """Hold an exclusive lock on the results directory while this process writes to it.

    Two sweeps writing to one directory at once could store a run twice; the lock refuses the
    second. It is a POSIX record lock (``lockf``): held by this process only (forked workers do not
    inherit it) and released by the operating system when the process ends, even by SIGKILL.
    Where ``fcntl`` does not exist (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    handle = (path / LOCK_FILE).open("w")
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ExperimentError(
            path, [Problem("", "another leadsim sweep is writing to this directory; wait for it to end")]
        ) from None
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


_QUARANTINED = re.compile(r"^(?:runs|timeseries)-part-(\d{6})(?:\.\d+)?\.parquet$")


def _names(directory: Path) -> list[str]:
    return [entry.name for entry in directory.iterdir()] if directory.is_dir() else []


def _damage(part: Path, schema: pa.Schema) -> str | None:
    """Why a stored part cannot be used (unreadable, wrong columns), or ``None`` if it is whole."""
    try:
        table = pq.read_table(part, use_threads=False)
    except (OSError, pa.ArrowException) as exc:
        return f"cannot be read ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        return f"lacks the columns {', '.join(missing[:5])}"
    if table.num_rows == 0:
        return "holds no rows"
    return None


def _parts(directory: Path) -> dict[int, Path]:
    if not directory.is_dir():
        return {}
    found = {}
    for entry in directory.iterdir():
        match = _PART.match(entry.name)
        if match:
            found[int(match.group(1))] = entry
    return dict(sorted(found.items()))


def _new_manifest(experiment: Experiment, points: int) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "experiment_name": experiment.name,
        "experiment_hash": experiment.hash,
        "experiment_file": None if experiment.source is None else str(experiment.source),
        "experiment_file_sha256": experiment.file_sha256,
        "created": _now(),
        "versions": _versions(),
        "design_points": points,
        "replications": experiment.replications,
        "runs_total": points * experiment.replications,
        "experiment": experiment.to_dict(),
        "model_defaults": _model_defaults(),
        "sessions": [],
    }


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ExperimentError(path, [Problem(MANIFEST, f"cannot be read ({exc})")]) from None
    if not isinstance(manifest, dict) or "experiment_hash" not in manifest:
        raise ExperimentError(path, [Problem(MANIFEST, "is not a leadsim results manifest")])
    return manifest


def _check_same_experiment(path: Path, manifest: dict[str, Any], experiment: Experiment) -> None:
    if manifest["experiment_hash"] == experiment.hash:
        return
    held = manifest.get("experiment_name", "?")
    quick = " (--quick)" if manifest.get("experiment", {}).get("quick") else ""
    asked = " (--quick)" if experiment.is_quick else ""
    raise ExperimentError(
        path,
        [
            Problem(
                "",
                f"this results directory holds experiment {held!r}{quick} (hash "
                f"{manifest['experiment_hash'][:12]}), not {experiment.name!r}{asked} (hash "
                f"{experiment.hash[:12]}); results of different experiments are never mixed: "
                f"choose another --out directory",
            )
        ],
    )


def _model_defaults() -> dict[str, Any]:
    from leadsim.experiments.design import encode_parameter
    from leadsim.parameters import defaults

    return {name: encode_parameter(name, value) for name, value in defaults().items()}


def _check_same_model(path: Path, manifest: dict[str, Any]) -> None:
    """Refuse to resume when the model's defaults changed since the sweep started."""
    before, now = manifest.get("model_defaults"), _model_defaults()
    if before is None or before == now:
        return
    changed = [
        f"{name} {before.get(name, 'absent')!r} -> {now.get(name, 'absent')!r}"
        for name in sorted(set(before) | set(now))
        if before.get(name) != now.get(name)
    ]
    raise ExperimentError(
        path,
        [
            Problem(
                "",
                "the model's defaults changed since this sweep started ("
                + ", ".join(changed)
                + "); resuming would mix results of two models: choose another --out directory",
            )
        ],
    )


def check_results_directory(path: str | Path, experiment: Experiment) -> str:
    """Check, without changing anything, that a sweep of ``experiment`` could use ``path``.

    The same checks :meth:`ResultStore.open` makes (``leadsim sweep --check`` calls this), so that
    a check finds everything the sweep would.

    Returns:
        ``"new"`` (the sweep would create it) or ``"resume"`` (it holds this experiment).

    Raises:
        ExperimentError: The sweep would refuse the directory; the message says why.
    """
    path = Path(path)
    if (path / MANIFEST).exists():
        manifest = _read_manifest(path)
        _check_same_experiment(path, manifest, experiment)
        _check_same_model(path, manifest)
        if not os.access(path, os.W_OK | os.X_OK):
            raise ExperimentError(path, [Problem("", "is not writable")])
        return "resume"
    _check_usable_directory(path, create=False)
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ExperimentError(path, [Problem("", f"cannot be created: {str(existing)!r} is not writable")])
    return "new"


def _check_usable_directory(path: Path, *, create: bool = True) -> None:
    if path.exists() and not path.is_dir():
        raise ExperimentError(path, [Problem("", "exists and is not a directory")])
    if path.is_dir() and any(entry.name != LOCK_FILE for entry in path.iterdir()):
        raise ExperimentError(
            path,
            [
                Problem(
                    "", f"is not empty and has no {MANIFEST}: not a leadsim results directory; choose another"
                )
            ],
        )
    if not create:
        return
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExperimentError(path, [Problem("", f"cannot create the directory: {exc.strerror}")]) from None


# ---------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Results:
    """The stored results of a sweep.

    Attributes:
        path: The results directory.
        manifest: The manifest's content.
        experiment: The experiment (rebuilt from the manifest).
        runs: One row per stored run, sorted by ``run_id``.
        timeseries: The time series (``run_id``, ``week``, metrics), or ``None``.
        design: The design points (``point``, factor values, unit coordinates).
    """

    path: Path
    manifest: dict[str, Any]
    experiment: Experiment
    runs: pd.DataFrame
    timeseries: pd.DataFrame | None
    design: pd.DataFrame

    @property
    def runs_total(self) -> int:
        """Number of runs in the design."""
        return int(self.manifest["runs_total"])

    @property
    def complete(self) -> bool:
        """Whether every run of the design is stored."""
        return len(self.runs) == self.runs_total

    @property
    def factors(self) -> list[str]:
        """Names of the experiment's factors."""
        return list(self.experiment.factor_names)

    @property
    def metrics(self) -> list[str]:
        """Names of the stored end metrics."""
        return list(self.experiment.kept_metrics)

    def parameters(self, run_id: int) -> dict[str, Any]:
        """Every model parameter of one run, as the model takes them."""
        from leadsim.experiments.design import decode_parameter

        row = self.runs.loc[self.runs["run_id"] == run_id]
        if row.empty:
            raise KeyError(f"run {run_id} is not stored in {self.path}")
        record = row.iloc[0]
        return {
            name: decode_parameter(name, record[PARAM_PREFIX + name])
            for name in PARAMETERS
            if PARAM_PREFIX + name in record.index
        }

    def factor_table(self) -> pd.DataFrame:
        """Per run: ``run_id``, ``point``, ``replication`` and the factors under their own names."""
        columns = {PARAM_PREFIX + name: name for name in self.factors}
        return self.runs[["run_id", "point", "replication", *columns]].rename(columns=columns)


def load_results(path: str | Path) -> Results:
    """Read a results directory (complete or not).

    Raises:
        ExperimentError: Not a results directory, or a run stored twice.
    """
    path = Path(path)
    if not (path / MANIFEST).exists():
        raise ExperimentError(path, [Problem("", f"has no {MANIFEST}: not a leadsim results directory")])
    manifest = _read_manifest(path)
    experiment = experiment_from_dict(manifest["experiment"], source=path / MANIFEST)
    runs = _read_parts(path / RUNS_DIR, runs_schema(experiment))
    duplicated = runs["run_id"][runs["run_id"].duplicated()]
    if len(duplicated):
        ids = ", ".join(str(i) for i in duplicated.unique()[:10])
        raise ExperimentError(path, [Problem(RUNS_DIR, f"holds runs more than once (run ids {ids})")])
    runs = runs.sort_values("run_id", ignore_index=True)
    series = None
    if experiment.timeseries:
        series = _read_parts(path / SERIES_DIR, series_schema(experiment))
        series = series[series["run_id"].isin(runs["run_id"])]
        series = series.sort_values(["run_id", "week"], ignore_index=True)
    design = pd.read_parquet(path / DESIGN_FILE)
    return Results(path, manifest, experiment, runs, series, design)


def _read_parts(directory: Path, schema: pa.Schema) -> pd.DataFrame:
    parts = list(_parts(directory).values())
    if not parts:
        return schema.empty_table().to_pandas()
    tables = []
    for part in parts:
        damage = _damage(part, schema)
        if damage is not None:
            raise ExperimentError(
                part,
                [
                    Problem(
                        "",
                        f"{damage}: run 'leadsim sweep' on this experiment with the same --out again; "
                        f"it moves the part to {QUARANTINE_DIR}/ and computes its runs again",
                    )
                ],
            )
        tables.append(pq.read_table(part, schema=schema))
    return pa.concat_tables(tables).to_pandas()
