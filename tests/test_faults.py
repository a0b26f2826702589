"""Faults: Ctrl-C at random moments, a damaged part, a full disk, a lost scheduler.

Each test states the promise it checks (see ``docs/reliability.md``): nothing already computed
is lost, no traceback reaches the user, and a rerun resumes.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from leadsim.cli import main
from leadsim.errors import OutputError
from leadsim.experiments import load_results, run_sweep
from leadsim.experiments.storage import DamagedPartWarning
from leadsim.files import write_atomically
from leadsim.parallel import InterruptGuard

EXPERIMENT = """
name = "faults"
[run]
steps = 60
replications = 4
seed = 3
[parameters]
n_teams = 2
team_size = 4
caseload = 5
n_partners = 4
[factors.pressure]
levels = [0.2, 0.5, 0.8]
[design]
kind = "grid"
"""


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a child of a background shell inherits SIG_IGN


def _marked_cli(folder: Path) -> Path:
    """A script that runs ``leadsim`` and touches ``folder/started`` when a model is in week 1."""
    script = folder / "marked_leadsim.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from leadsim.model import LeadershipModel
            step = LeadershipModel.step
            def marked(self):
                if self.week == 1:
                    Path({str(folder / "started")!r}).touch()
                step(self)
            LeadershipModel.step = marked
            from leadsim.cli import main
            sys.exit(main(sys.argv[1:]))
            """
        )
    )
    return script


def _interrupt(argv: list[str], after: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Start ``leadsim ARGV``; once it has begun its work, wait ``after`` s and send SIGINT."""
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsim", *argv],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    marker = cwd / "started"
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(after)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_a_week_makes_no_python_call_where_ctrl_c_would_be_lost() -> None:
    """The kernels return no arrays, so numba never boxes one through a Python function.

    Such a call (``numba.core.serialize._numba_unpickle``) is where a pending Ctrl-C was
    delivered and lost as a ``SystemError`` (issue 14, item 1); without it a user's own
    ``model.run()`` sees a plain ``KeyboardInterrupt``.
    """
    from leadsim import LeadershipModel

    model = LeadershipModel(rng=1, action_learning=True, action_learning_interval=1).run(2)
    boxed: list[str] = []

    def watch(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "_numba_unpickle":
            boxed.append(frame.f_back.f_code.co_name if frame.f_back else "?")

    sys.setprofile(watch)
    try:
        model.run(5)
        model.summary()
    finally:
        sys.setprofile(None)
    assert boxed == []


def test_interrupt_guard_holds_ctrl_c_until_check() -> None:
    with InterruptGuard() as guard:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)  # the handler runs; no KeyboardInterrupt yet
        assert guard.pending
        with pytest.raises(KeyboardInterrupt):
            guard.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("trial", range(4))
def test_ctrl_c_during_run_keeps_the_finished_weeks(tmp_path: Path, trial: int) -> None:
    """SIGINT at a random moment of ``leadsim run``: exit 130, whole files, every finished week."""
    out = tmp_path / "out"
    # The marker file is created by the first week, so that the signal lands in the simulation.
    script = _marked_cli(tmp_path)
    process = subprocess.Popen(
        [sys.executable, str(script), "run", "--steps", "100000", "--no-plot", "-q", "--out", str(out)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while not (tmp_path / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(random.Random(trial).uniform(0.0, 1.5))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "SystemError" not in err
    frame = pd.read_csv(out / "timeseries.csv")
    record = json.loads((out / "summary.json").read_text())
    assert record["completed"] is False
    assert frame["week"].tolist() == list(range(record["weeks_completed"] + 1))
    assert record["weeks_completed"] >= 1


@pytest.mark.parametrize("trial", range(3))
def test_ctrl_c_during_serial_sweep_then_resume_loses_nothing(tmp_path: Path, trial: int) -> None:
    """SIGINT at a random moment of a serial sweep: exit 130, and the resume stores every run once."""
    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT)
    out = tmp_path / "results"
    argv = ["sweep", str(experiment), "--out", str(out), "--executor", "serial", "--chunk-size", "1", "-q"]
    # The manifest is the first file the sweep writes: work has begun once it exists.
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsim", *argv],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while not (out / "manifest.json").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(random.Random(100 + trial).uniform(0.0, 0.8))
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    # 130: interrupted during the work. 0: finished first. -SIGINT: the signal came while the
    # interpreter was shutting down after the work, when Python has put back the default
    # handler; the shell shows it as 130 too, and everything was stored.
    assert process.returncode in (0, 130, -signal.SIGINT), err
    assert "Traceback" not in err and "SystemError" not in err
    before = load_results(out).runs
    assert main(argv) == 0
    after = load_results(out)
    assert after.complete and after.runs["run_id"].is_unique
    kept = after.runs.set_index("run_id").loc[before["run_id"]]
    assert kept["passivity"].tolist() == before.set_index("run_id")["passivity"].tolist()


def test_a_truncated_part_is_quarantined_and_recomputed(tmp_path: Path) -> None:
    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT.replace("steps = 60", "steps = 3"))
    out = tmp_path / "results"
    run_sweep(experiment, out, executor="serial", chunk_size=2, progress=False)
    reference = load_results(out).runs
    part = out / "runs" / "part-000001.parquet"
    part.write_bytes(part.read_bytes()[:100])
    with pytest.raises(Exception, match=r"part-000001\.parquet"):
        load_results(out)  # analyze refuses, naming the file
    with pytest.warns(DamagedPartWarning, match=r"part-000001\.parquet"):
        outcome = run_sweep(experiment, out, executor="serial", chunk_size=2, progress=False)
    assert outcome.ran == 2  # the two runs of the damaged part, and only those
    assert (out / "quarantine" / "runs-part-000001.parquet").exists()
    again = load_results(out).runs
    pd.testing.assert_frame_equal(again, reference)  # same seeds: the very same results


def test_full_disk_names_the_file_and_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    """A full disk (ENOSPC from the file system, faked) mid-write: the file is named, none is left."""
    target = tmp_path / "timeseries.csv"

    def full(tmp: Path) -> None:
        tmp.write_text("week,passivity\n0,0.1\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputError, match=r"timeseries\.csv.*No space left on device"):
        write_atomically(target, full)
    assert list(tmp_path.iterdir()) == []


def test_full_disk_during_run_exits_1_naming_the_file(tmp_path: Path, monkeypatch, capsys) -> None:
    real = pd.DataFrame.to_csv

    def full(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    out = tmp_path / "out"
    assert main(["run", "--steps", "2", "--no-plot", "-q", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"leadsim: error: cannot write {str(out / 'timeseries.csv')!r}: No space left on device"
    assert not (out / "timeseries.csv").exists()  # no truncated file under the final name


def test_full_disk_during_sweep_keeps_stored_runs_and_resumes(tmp_path: Path, monkeypatch, capsys) -> None:
    import pyarrow.parquet as pq

    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT.replace("steps = 60", "steps = 3"))
    out = tmp_path / "results"
    real = pq.write_table
    calls = {"n": 0}

    def fills_up(table, where, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 3:  # the design, then two parts, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", fills_up)
    argv = ["sweep", str(experiment), "--out", str(out), "--executor", "serial", "--chunk-size", "2", "-q"]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "part-000002.parquet" in err[0] and "No space left" in err[0]
    assert len(load_results(out).runs) == 4  # two parts of two runs stored before the disk filled
    monkeypatch.setattr(pq, "write_table", real)
    assert main(argv) == 0
    assert load_results(out).complete


def test_lost_scheduler_is_named_without_a_traceback(tmp_path: Path, capsys) -> None:
    """A scheduler that does not answer (nothing listens): one error line, nothing created."""
    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT)
    out = tmp_path / "results"
    code = main(["sweep", str(experiment), "--out", str(out), "--scheduler", "tcp://127.0.0.1:9", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:9" in err


def test_an_endpoint_that_is_not_a_dask_scheduler_is_one_line(tmp_path: Path, capsys) -> None:
    """Issue 14, item 8: a server that answers, but not in Dask's protocol (an HTTP server).

    Before, Dask read the reply as a message length and tried to allocate exabytes: a traceback.
    """
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]

    def answer() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")
                time.sleep(0.1)

    threading.Thread(target=answer, daemon=True).start()
    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT)
    out = tmp_path / "results"
    try:
        code = main(
            ["sweep", str(experiment), "--out", str(out), "--scheduler", f"tcp://127.0.0.1:{port}", "-q"]
        )
    finally:
        server.close()
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "not in Dask's protocol" in err and f"tcp://127.0.0.1:{port}" in err
    assert not list(out.rglob("part-*.parquet"))  # nothing ran


def test_ctrl_c_during_validate_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """SIGINT while ``validate --jobs 1`` runs its models: exit 130, no traceback, no half report."""
    out = tmp_path / "report"
    script = _marked_cli(tmp_path)
    process = subprocess.Popen(
        [sys.executable, str(script), "validate", "--quick", "--jobs", "1", "--out", str(out)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while not (tmp_path / "started").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "SystemError" not in err
    assert not (out / "report.md").exists()  # no report of a run that did not finish
    assert not list(out.rglob("*.tmp"))


def test_full_disk_during_analyze_names_the_file_and_keeps_the_results(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    experiment = tmp_path / "faults.toml"
    experiment.write_text(EXPERIMENT.replace("steps = 60", "steps = 3"))
    out = tmp_path / "results"
    assert main(["sweep", str(experiment), "--out", str(out), "--executor", "serial", "-q"]) == 0
    real = pd.DataFrame.to_csv

    def full(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    report = tmp_path / "analysis"
    assert main(["analyze", str(out), "--out", str(report), "--no-prim"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and ".csv" in err[0], err
    assert not list(report.rglob("*.tmp"))
    monkeypatch.setattr(pd.DataFrame, "to_csv", real)
    assert load_results(out).complete  # the stored runs are untouched
    assert main(["analyze", str(out), "--out", str(report), "--no-prim"]) == 0
