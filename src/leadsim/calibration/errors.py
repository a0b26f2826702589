"""The error every calibration input problem raises: file, key, rule and value, all at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from leadsim.errors import FileProblemsError, Problem, Problems

__all__ = ["CalibrationError", "Problem", "Problems", "read_toml"]


class CalibrationError(FileProblemsError):
    """A targets file, calibration file or results directory is not usable; nothing has run.

    Attributes:
        source: The file or directory concerned.
        problems: Every problem found, in file order.
    """


def read_toml(path: Path) -> dict[str, Any]:
    """Read a calibration or targets file as TOML.

    Raises:
        CalibrationError: The file cannot be read or is not valid TOML (naming the file).
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalibrationError(path, [Problem("", f"cannot read the file ({exc.strerror or exc})")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CalibrationError(path, [Problem("", f"is not valid TOML: {exc}")]) from None
