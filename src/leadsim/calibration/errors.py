"""The error every calibration input problem raises: file, key, rule and value, all at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leadsim.errors import LeadsimError

__all__ = ["CalibrationError", "Problem", "Problems"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a targets or calibration file: the dotted key and the rule broken.

    Attributes:
        key: Dotted key, e.g. ``target[2].value`` or ``prior.placement_base.high``.
        message: The rule and the value, e.g. ``must be a number in [0, 1] (got 1.5)``.
    """

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class CalibrationError(LeadsimError, ValueError):
    """A targets file, calibration file or results directory is not usable; nothing has run.

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
    """Collects problems while a file is read, to report all of them together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        """Record that ``key`` breaks the rule in ``message``."""
        self.items.append(Problem(key, message))

    def raise_if_any(self, source: str | Path | None) -> None:
        """Raise :class:`CalibrationError` if any problem was recorded.

        Raises:
            CalibrationError: One or more problems.
        """
        if self.items:
            raise CalibrationError(source, self.items)
