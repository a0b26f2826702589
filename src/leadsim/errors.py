"""Errors raised by leadsim.

One base class, :class:`LeadsimError`, so that callers can catch everything the library
raises on purpose; bad parameter values are also ``ValueError`` (or ``TypeError`` for a
wrong type), so generic code that expects the built-ins keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FileProblemsError",
    "LeadsimError",
    "OutputError",
    "ParameterError",
    "ParameterTypeError",
    "Problem",
    "Problems",
    "TooLargeError",
]


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


class OutputError(LeadsimError):
    """A result file or directory could not be written (a full disk, no permission).

    On the command line: exit status 1. The message names the file and the reason, e.g.
    ``cannot write 'out/timeseries.csv': No space left on device``.

    Attributes:
        path: The file or directory that could not be written (``None`` if unknown).
        reason: What went wrong.
    """

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = None if path is None else str(path)
        self.reason = reason
        super().__init__(f"cannot write {self.path!r}: {reason}" if self.path is not None else reason)


class TooLargeError(ParameterError):
    """A job is beyond leadsim's stated size limits; the message gives the estimate.

    Refused before anything runs; the command line's ``--force`` lifts the limit.
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in an input file: the dotted key and the rule broken, with the value.

    Attributes:
        key: Dotted key, e.g. ``factors.pressure.high`` or ``prior.placement_base.high``.
        message: The rule and the value, e.g. ``must be a number in [0, 1] (got 1.5)``.
    """

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class FileProblemsError(LeadsimError, ValueError):
    """An input file (or a results directory) is not usable; nothing has run.

    The message names the file, and for each problem the dotted key, the rule and the value;
    all problems of a file are reported together. Each reader has its own subclass
    (:class:`leadsim.experiments.ExperimentError`, :class:`leadsim.calibration.CalibrationError`).

    Attributes:
        source: The file or directory concerned.
        problems: Every problem found, in file order.
    """

    def __init__(self, source: str | Path | None, problems: list[Problem]) -> None:
        self.source = None if source is None else str(source)
        self.problems = list(problems)
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            text = f"{where}{self.problems[0]}"
        else:
            lines = "\n".join(f"  {problem}" for problem in self.problems)
            text = f"{where}{len(self.problems)} problems:\n{lines}"
        super().__init__(text)


class Problems:
    """Collects problems while a file is read, so that all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        """Record that ``key`` breaks the rule in ``message``."""
        self.items.append(Problem(key, message))

    def raise_if_any(self, error: type[FileProblemsError], source: str | Path | None) -> None:
        """Raise ``error(source, problems)`` if any problem was recorded."""
        if self.items:
            raise error(source, self.items)
