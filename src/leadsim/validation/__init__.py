"""Stylized facts, held-out patterns and competing submodels as a validation suite.

Each stylized fact SF1..SF10 of the essay, and its Table 1c, is a :class:`Check`: scenario
contrasts over seeded replications, judged by a 95% bootstrap interval against a declared
minimum meaningful effect (:func:`decide`). The held-out patterns H1..H5 are checks no
coefficient was tuned on, reported apart (:func:`essay_checks` leaves them out). Run them all with
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
    CHECKS,
    CLAIMED_ROBUST,
    ESSAY_CHECKS,
    HELD_OUT_CHECKS,
    OTHER_ROOT_SEED,
    ROBUSTNESS_VARIANTS,
    check_named,
    essay_checks,
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
    "CHECKS",
    "CLAIMED_ROBUST",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "ESSAY_CHECKS",
    "HELD_OUT_CHECKS",
    "HOLDS",
    "INCONCLUSIVE",
    "NEGLIGIBLE",
    "OTHER_ROOT_SEED",
    "QUICK_REPLICATIONS",
    "REVERSED",
    "ROBUSTNESS_VARIANTS",
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
    "check_named",
    "decide",
    "difference",
    "difference_in_differences",
    "essay_checks",
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
