"""Stylized facts, held-out patterns and competing submodels as a validation suite.

Each stylized fact SF1..SF10 of the essay, and its Table 1c, is a :class:`Check`: scenario
contrasts over seeded replications, judged by a 95% bootstrap interval against a declared
minimum meaningful effect (:func:`decide`). The held-out patterns H1..H4 are checks no
coefficient was tuned on (:func:`calibration_checks` leaves them out). Run them all with
:func:`validate` (or ``leadsim validate`` on the command line)::

    from leadsim.validation import validate
    result = validate(replications=30, jobs=2)
    result.facts()       # one row per fact with its verdict
    result.contrasts()   # effects, intervals, standardised effects, minimums, verdicts

:func:`submodel_matrix` runs the suite under every alternative of every contested mechanism
(:data:`SUBMODELS`), :func:`knockouts` under every one-term knock-out; ``docs/validation.md``
describes all of it.
"""

from leadsim.validation.contrasts import (
    Arm,
    Check,
    Contrast,
    Knockout,
    Measure,
    Minimum,
    Term,
    difference,
    difference_in_differences,
    first_week,
    level,
)
from leadsim.validation.engine import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    DEFAULT_WEEKS,
    HOLDS,
    INCONCLUSIVE,
    NEGLIGIBLE,
    QUICK_REPLICATIONS,
    REVERSED,
    VERDICTS,
    ContrastResult,
    ValidationResult,
    Verdict,
    decide,
    fact_verdict,
    replication_seeds,
    validate,
)
from leadsim.validation.facts import (
    CALIBRATION_CHECKS,
    CHECKS,
    HELD_OUT_CHECKS,
    calibration_checks,
    check_named,
    held_out_checks,
)
from leadsim.validation.submodels import (
    SUBMODELS,
    Alternative,
    KnockoutTable,
    Submodel,
    SubmodelMatrix,
    knockouts,
    submodel_matrix,
    submodel_named,
)

__all__ = [
    "CALIBRATION_CHECKS",
    "CHECKS",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "HELD_OUT_CHECKS",
    "HOLDS",
    "INCONCLUSIVE",
    "NEGLIGIBLE",
    "QUICK_REPLICATIONS",
    "REVERSED",
    "SUBMODELS",
    "VERDICTS",
    "Alternative",
    "Arm",
    "Check",
    "Contrast",
    "ContrastResult",
    "Knockout",
    "KnockoutTable",
    "Measure",
    "Minimum",
    "Submodel",
    "SubmodelMatrix",
    "Term",
    "ValidationResult",
    "Verdict",
    "calibration_checks",
    "check_named",
    "decide",
    "difference",
    "difference_in_differences",
    "fact_verdict",
    "first_week",
    "held_out_checks",
    "knockouts",
    "level",
    "replication_seeds",
    "submodel_matrix",
    "submodel_named",
    "validate",
]
