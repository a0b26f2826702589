"""Stylized facts as a validation suite.

Each stylized fact SF1..SF10 of the essay, and its Table 1c, is a :class:`Check`: scenario
contrasts over seeded replications, judged by a 95% bootstrap interval. Run them all with
:func:`validate` (or ``leadsim validate`` on the command line)::

    from leadsim.validation import validate
    result = validate(replications=30, jobs=2)
    result.facts()       # one row per fact with its verdict
    result.contrasts()   # effects, intervals and standardised effects
"""

from leadsim.validation.contrasts import (
    Arm,
    Check,
    Contrast,
    Measure,
    Term,
    difference,
    difference_in_differences,
    level,
)
from leadsim.validation.engine import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    DEFAULT_WEEKS,
    QUICK_REPLICATIONS,
    ContrastResult,
    ValidationResult,
    replication_seeds,
    validate,
)
from leadsim.validation.facts import CHECKS, check_named

__all__ = [
    "CHECKS",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "QUICK_REPLICATIONS",
    "Arm",
    "Check",
    "Contrast",
    "ContrastResult",
    "Measure",
    "Term",
    "ValidationResult",
    "check_named",
    "difference",
    "difference_in_differences",
    "level",
    "replication_seeds",
    "validate",
]
