"""Experiments: declarative parameter sweeps, from a laptop to a Dask cluster, and their analysis.

The pipeline follows the EMA Workbench's: an experiment file (:mod:`~leadsim.experiments.spec`)
says what varies; a design (:mod:`~leadsim.experiments.design`) samples it; an executor
(:mod:`~leadsim.experiments.execute`) runs it; a results directory
(:mod:`~leadsim.experiments.storage`) stores it as it goes; the analysis
(:mod:`~leadsim.experiments.analysis`, :mod:`~leadsim.experiments.report`) summarises it::

    from leadsim.experiments import analyze, load_experiment, load_results, run_sweep

    experiment = load_experiment("experiments/sf1_pressure_reflection.toml")
    run_sweep(experiment, "results/sf1", executor="processes", jobs=4)   # resumes if interrupted
    results = load_results("results/sf1")
    report = analyze(results, out="results/sf1/analysis")                 # tables, figures, HTML

The tipping-point protocols (initial states, hysteresis) are ordinary experiment files read by
:mod:`~leadsim.experiments.tipping`, which ``analyze`` calls. ``docs/experiments.md`` describes
the file format, the designs, executors, storage and analyses.
"""

from leadsim.experiments.analysis import (
    AnalysisError,
    AnalysisReport,
    analyze,
    discover_scenarios,
    sensitivity,
    summarize,
)
from leadsim.experiments.design import Design, RunSpec, build_design, plan_runs, replication_seeds
from leadsim.experiments.replay import replay_run
from leadsim.experiments.spec import (
    DESIGN_KINDS,
    END_METRICS,
    Experiment,
    ExperimentError,
    load_experiment,
    parse_experiment,
)
from leadsim.experiments.storage import Results, load_results
from leadsim.experiments.sweep import SweepInterrupted, SweepOutcome, SweepWorkerLost, run_sweep
from leadsim.experiments.tipping import TippingError, TippingReport, analyze_tipping

__all__ = [
    "DESIGN_KINDS",
    "END_METRICS",
    "AnalysisError",
    "AnalysisReport",
    "Design",
    "Experiment",
    "ExperimentError",
    "Results",
    "RunSpec",
    "SweepInterrupted",
    "SweepOutcome",
    "SweepWorkerLost",
    "TippingError",
    "TippingReport",
    "analyze",
    "analyze_tipping",
    "build_design",
    "discover_scenarios",
    "load_experiment",
    "load_results",
    "parse_experiment",
    "plan_runs",
    "replay_run",
    "replication_seeds",
    "run_sweep",
    "sensitivity",
    "summarize",
]
