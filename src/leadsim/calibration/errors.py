"""The error every calibration input problem raises: file, key, rule and value, all at once."""

from __future__ import annotations

from leadsim.errors import FileProblemsError, Problem, Problems

__all__ = ["CalibrationError", "Problem", "Problems"]


class CalibrationError(FileProblemsError):
    """A targets file, calibration file or results directory is not usable; nothing has run.

    Attributes:
        source: The file or directory concerned.
        problems: Every problem found, in file order.
    """
