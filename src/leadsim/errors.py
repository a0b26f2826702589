"""Errors raised by leadsim.

One base class, :class:`LeadsimError`, so that callers can catch everything the library
raises on purpose; bad parameter values are also ``ValueError`` (or ``TypeError`` for a
wrong type), so generic code that expects the built-ins keeps working.
"""

from __future__ import annotations

__all__ = ["LeadsimError", "ParameterError", "ParameterTypeError"]


class LeadsimError(Exception):
    """Base class of every error leadsim raises on purpose."""


class ParameterError(LeadsimError, ValueError):
    """A parameter has a value outside its allowed range or set.

    The message names the field, the rule and the value, e.g.
    ``'pressure' must be in [0, 1] (got 1.3)``.
    """

    def __init__(self, field: str, rule: str, value: object) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        super().__init__(f"{field!r} {rule} (got {value!r})")


class ParameterTypeError(LeadsimError, TypeError):
    """A parameter has the wrong type (e.g. a string where a number is needed)."""

    def __init__(self, field: str, rule: str, value: object) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        super().__init__(f"{field!r} {rule} (got {value!r} of type {type(value).__name__})")
