"""Calibration of leadsim's magnitudes on published figures: targets as data, ABC-SMC (pyABC).

* :mod:`leadsim.calibration.targets`: the quantitative targets (``targets.toml``), each with
  its observable, value, population, source and role (calibration or held-out validation).
* :mod:`leadsim.calibration.statistics`: the summary statistics of a finished run.
* :mod:`leadsim.calibration.spec`: calibration files (priors with reasons, organisation, ABC).
* :mod:`leadsim.calibration.smc`: the ABC-SMC run, seeded and resumable (needs the
  ``calibrate`` extra: ``pip install 'leadsim[calibrate]'``).
* :mod:`leadsim.calibration.report`: posterior, diagnostics, posterior predictive check, figures.

The stylized facts SF1..SF10 are never read here: they are the held-out validation of
:mod:`leadsim.validation`, which this package does not import.
"""

from __future__ import annotations

from leadsim.calibration.errors import CalibrationError, Problem
from leadsim.calibration.spec import (
    DEFAULT_CALIBRATION,
    CalibrationSpec,
    Prior,
    load_calibration,
    parse_calibration,
)
from leadsim.calibration.statistics import OBSERVABLES, Observable, required_steps, summary_statistics
from leadsim.calibration.targets import DEFAULT_TARGETS, Target, TargetSet, load_targets, parse_targets

__all__ = [
    "DEFAULT_CALIBRATION",
    "DEFAULT_TARGETS",
    "OBSERVABLES",
    "CalibrationError",
    "CalibrationSpec",
    "Observable",
    "Prior",
    "Problem",
    "Target",
    "TargetSet",
    "load_calibration",
    "load_targets",
    "parse_calibration",
    "parse_targets",
    "required_steps",
    "summary_statistics",
]
