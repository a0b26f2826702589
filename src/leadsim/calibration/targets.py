"""Quantitative targets as data: read and check ``targets.toml``.

The packaged file (``leadsim/calibration/targets.toml``, :data:`DEFAULT_TARGETS`) lists each
published figure the model's magnitudes should match: the observable it is compared with (one of
:data:`leadsim.calibration.statistics.OBSERVABLES`), its value or interval, the population it
describes, its source with year and locator, whether it was verified, and its role:
``calibration`` (the ABC distance uses it, with a declared scale) or ``validation`` (held out:
only the posterior predictive check reads it). Figures that set a model input directly (the
caseload) are ``[[input]]`` entries.

The file ships inside the package, not in the repository's ``experiments/`` folder, because the
code interprets it (observable names must match the statistics, the calibration refuses
validation targets by reading its roles) and ``leadsim calibrate`` must find it from an
installed wheel in any working directory.

Every problem is reported with the file, the dotted key, the rule and the value
(``targets.toml: target[1].value: must be a number in [0, 1] (got 1.2)``), all at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from leadsim.calibration.errors import CalibrationError, Problems, read_toml
from leadsim.calibration.statistics import OBSERVABLES
from leadsim.parameters import PARAMETERS

__all__ = ["DEFAULT_TARGETS", "ROLES", "Target", "TargetSet", "load_targets", "parse_targets"]

Role = Literal["calibration", "validation"]
ROLES: tuple[Role, ...] = ("calibration", "validation")

DEFAULT_TARGETS = Path(str(resources.files("leadsim.calibration") / "targets.toml"))
"""The packaged targets file."""

_STYLIZED_FACT = re.compile(r"^(sf\d+|table_?1c)(?![0-9])", re.IGNORECASE)
_TOP_KEYS = ("target", "input")
_TARGET_KEYS = (
    "name",
    "observable",
    "value",
    "interval",
    "scale",
    "scale_reason",
    "population",
    "year",
    "source",
    "locator",
    "url",
    "role",
    "verified",
    "note",
)
_REQUIRED = ("name", "observable", "population", "year", "source", "role", "verified")
_INPUT_KEYS = (
    "name",
    "parameter",
    "value",
    "interval",
    "population",
    "source",
    "locator",
    "role",
    "verified",
    "note",
    "url",
)


@dataclass(frozen=True, slots=True)
class Target:
    """One published figure and how the model is compared with it.

    Attributes:
        name: Unique id.
        observable: The summary statistic compared with it.
        low: Lower end (equal to ``high`` for a point value).
        high: Upper end.
        role: ``calibration`` or ``validation``.
        scale: Unit of the distance (calibration targets), else ``None``.
        scale_reason: Why that scale.
        population: Whom the figure describes.
        year: The year it describes.
        source: Who published it, and where.
        locator: Table, page or paragraph.
        verified: Whether the figure was checked against its source.
        note: Caveats.
    """

    name: str
    observable: str
    low: float
    high: float
    role: Role
    scale: float | None
    scale_reason: str
    population: str
    year: int
    source: str
    locator: str
    verified: bool
    note: str = ""

    @property
    def value(self) -> float:
        """The point value (the midpoint of an interval)."""
        return (self.low + self.high) / 2

    def miss(self, statistic: float) -> float:
        """How far ``statistic`` lies outside the target (0 inside an interval; NaN stays NaN)."""
        if math.isnan(statistic):
            return math.nan
        return max(self.low - statistic, statistic - self.high, 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The target as plain data."""
        return {
            "name": self.name,
            "observable": self.observable,
            "low": self.low,
            "high": self.high,
            "role": self.role,
            "scale": self.scale,
            "population": self.population,
            "year": self.year,
            "source": self.source,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class TargetSet:
    """The targets of one file.

    Attributes:
        source: The file read.
        targets: Every target, in file order.
        inputs: The ``[[input]]`` entries, as read (figures that set a parameter directly).
    """

    source: Path | None
    targets: tuple[Target, ...]
    inputs: tuple[Mapping[str, Any], ...] = field(default=())

    def for_calibration(self) -> tuple[Target, ...]:
        """The calibration targets: the only ones the ABC distance may read."""
        return tuple(t for t in self.targets if t.role == "calibration")

    def held_out(self) -> tuple[Target, ...]:
        """The validation targets (held out from the calibration)."""
        return tuple(t for t in self.targets if t.role == "validation")


def load_targets(path: str | Path = DEFAULT_TARGETS) -> TargetSet:
    """Read and check a targets file.

    Args:
        path: A TOML targets file (the packaged one by default).

    Returns:
        The targets.

    Raises:
        CalibrationError: The file cannot be read, is not valid TOML, or breaks a rule (every
            problem is listed with its key, rule and value).
    """
    path = Path(path)
    return parse_targets(read_toml(path), source=path)


def parse_targets(data: Mapping[str, Any], source: Path | None = None) -> TargetSet:
    """Check targets given as data (a parsed TOML document).

    Args:
        data: The document: ``target`` and ``input`` arrays of tables.
        source: The file it came from, for messages.

    Returns:
        The targets.

    Raises:
        CalibrationError: Any rule broken (all problems together).
    """
    problems = Problems()
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(key, f"is not a key of a targets file (valid keys: {', '.join(_TOP_KEYS)})")
    entries = data.get("target", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.add("target", "must be an array of tables ([[target]])")
        entries = []
    if not entries:
        problems.add("target", "must list at least one target (got none)")
    targets: list[Target] = []
    names: set[str] = set()
    for index, entry in enumerate(entries):
        target = _parse_target(entry, f"target[{index}]", problems)
        if target is None:
            continue
        if target.name in names:
            problems.add(f"target[{index}].name", f"must be unique (got {target.name!r} twice)")
        names.add(target.name)
        targets.append(target)
    inputs = data.get("input", [])
    if not isinstance(inputs, list) or not all(isinstance(e, dict) for e in inputs):
        problems.add("input", "must be an array of tables ([[input]])")
        inputs = []
    for index, entry in enumerate(inputs):
        _check_input(entry, f"input[{index}]", problems)
    problems.raise_if_any(CalibrationError, source)
    return TargetSet(source, tuple(targets), tuple(inputs))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(entry: Mapping[str, Any], key: str, where: str, problems: Problems, required: bool) -> str:
    value = entry.get(key)
    if value is None:
        if required:
            problems.add(f"{where}.{key}", "is required (got nothing)")
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.add(f"{where}.{key}", f"must be a non-empty string (got {value!r})")
        return ""
    return value


def _bounds(entry: Mapping[str, Any], where: str, problems: Problems) -> tuple[float, float] | None:
    has_value, has_interval = "value" in entry, "interval" in entry
    if has_value == has_interval:
        problems.add(
            where,
            "must give exactly one of 'value' and 'interval' "
            + f"(got {'both' if has_value else 'neither'})",
        )
        return None
    if has_value:
        value = entry["value"]
        if not _is_number(value) or not 0 <= value <= 1:
            problems.add(f"{where}.value", f"must be a number in [0, 1], a share (got {value!r})")
            return None
        return float(value), float(value)
    interval = entry["interval"]
    if (
        not isinstance(interval, list)
        or len(interval) != 2
        or not all(_is_number(x) and 0 <= x <= 1 for x in interval)
        or interval[0] > interval[1]
    ):
        problems.add(
            f"{where}.interval", f"must be [low, high] with 0 <= low <= high <= 1 (got {interval!r})"
        )
        return None
    return float(interval[0]), float(interval[1])


def _parse_target(entry: Mapping[str, Any], where: str, problems: Problems) -> Target | None:
    before = len(problems.items)
    for key in entry:
        if key not in _TARGET_KEYS:
            problems.add(
                f"{where}.{key}", f"is not a key of a target (valid keys: {', '.join(_TARGET_KEYS)})"
            )
    for key in _REQUIRED:
        if key not in entry:
            problems.add(f"{where}.{key}", "is required (got nothing)")
    name = _text(entry, "name", where, problems, required=False)
    observable = _text(entry, "observable", where, problems, required=False)
    for key, text in (("name", name), ("observable", observable)):
        if text and _STYLIZED_FACT.match(text):
            problems.add(
                f"{where}.{key}",
                "must not be a stylized fact: SF1..SF10 and Table 1c are validated by 'leadsim validate' "
                f"and are never targets (got {text!r})",
            )
    if observable and observable not in OBSERVABLES and not _STYLIZED_FACT.match(observable):
        problems.add(
            f"{where}.observable",
            f"must be one of {', '.join(OBSERVABLES)} (got {observable!r})",
        )
    role = entry.get("role")
    if "role" in entry and role not in ROLES:
        problems.add(f"{where}.role", f"must be one of {', '.join(ROLES)} (got {role!r})")
    bounds = _bounds(entry, where, problems)
    population = _text(entry, "population", where, problems, required=False)
    source = _text(entry, "source", where, problems, required=False)
    locator = _text(entry, "locator", where, problems, required=False)
    note = _text(entry, "note", where, problems, required=False)
    year = entry.get("year")
    if "year" in entry and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
        problems.add(f"{where}.year", f"must be a year, an integer in [1900, 2100] (got {year!r})")
    verified = entry.get("verified")
    if "verified" in entry and not isinstance(verified, bool):
        problems.add(f"{where}.verified", f"must be true or false (got {verified!r})")
    if verified is False and not note:
        problems.add(
            f"{where}.note", "is required when verified = false: say what could not be checked (got nothing)"
        )
    scale = entry.get("scale")
    scale_reason = ""
    if role == "calibration":
        if scale is None:
            problems.add(
                f"{where}.scale", "is required for a calibration target (the distance's unit) (got nothing)"
            )
        elif not _is_number(scale) or scale <= 0:
            problems.add(f"{where}.scale", f"must be a positive number (got {scale!r})")
        scale_reason = _text(entry, "scale_reason", where, problems, required=True)
        if verified is False:
            problems.add(
                f"{where}.verified",
                "must be true for a calibration target: an unverified figure may only be a "
                "validation target (got false)",
            )
        if observable in OBSERVABLES and not OBSERVABLES[observable].available:
            problems.add(
                f"{where}.observable",
                f"must be measurable for a calibration target; {observable!r} needs from the model core: "
                f"{OBSERVABLES[observable].needs} (got {observable!r})",
            )
    elif scale is not None and (not _is_number(scale) or scale <= 0):
        problems.add(f"{where}.scale", f"must be a positive number (got {scale!r})")
    if len(problems.items) > before or bounds is None:
        return None
    return Target(
        name=name,
        observable=observable,
        low=bounds[0],
        high=bounds[1],
        role=role,  # type: ignore[arg-type]
        scale=float(scale) if scale is not None else None,
        scale_reason=scale_reason,
        population=population,
        year=int(year),  # type: ignore[arg-type]
        source=source,
        locator=locator,
        verified=bool(verified),
        note=note,
    )


def _check_input(entry: Mapping[str, Any], where: str, problems: Problems) -> None:
    for key in entry:
        if key not in _INPUT_KEYS:
            problems.add(f"{where}.{key}", f"is not a key of an input (valid keys: {', '.join(_INPUT_KEYS)})")
    parameter = entry.get("parameter")
    if parameter not in PARAMETERS:
        problems.add(f"{where}.parameter", f"must be a leadsim parameter (got {parameter!r})")
    if entry.get("role", "input") != "input":
        problems.add(f"{where}.role", f"must be 'input' (got {entry.get('role')!r})")
    if entry.get("verified") is False and not entry.get("note"):
        problems.add(f"{where}.note", "is required when verified = false (got nothing)")
