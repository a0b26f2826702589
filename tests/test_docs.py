"""docs/odd.md stays true to the code: parameter table, metrics, regimes, names, constants, headings.

The ODD+D description is only useful if it describes the model that runs. These tests fail when
a default or range changes without the generated parameter table being rewritten, when a metric
or regime is added without a definition, when a function or constant named in the document is
renamed or removed, or when a fixed constant quoted there no longer has that value (numbers to
within floating-point tolerance, names such as the submodel alternatives exactly).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import leadsim.mechanisms.managers
import leadsim.mechanisms.organisation
import leadsim.mechanisms.professionals
import leadsim.mechanisms.service
import leadsim.model
from leadsim.observables import METRICS, REGIMES
from leadsim.parameters import PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "odd.md"
GENERATOR = ROOT / "docs" / "gen_parameter_table.py"
REGENERATE = "run `python docs/gen_parameter_table.py --write` and review the diff of docs/odd.md"

ODD_SECTIONS = (
    "Purpose and patterns",
    "Entities, state variables and scales",
    "Process overview and scheduling",
    "Design concepts",
    "Initialization",
    "Input data",
    "Submodels",
)
DESIGN_CONCEPTS = (
    "Basic principles",
    "Emergence",
    "Adaptation",
    "Objectives",
    "Learning",
    "Prediction",
    "Sensing",
    "Interaction",
    "Stochasticity",
    "Collectives",
    "Observation",
)
ODD_D_ITEMS = (
    "theoretical background",
    "individual decision making",
    "individual sensing",
    "individual prediction",
    "interaction",
    "collectives",
    "heterogeneity",
    "stochasticity",
)
STAGE_FUNCTIONS = (
    "leadsim.mechanisms.organisation.organisation_stage",
    "leadsim.mechanisms.managers.managers_stage",
    "leadsim.mechanisms.professionals.professionals_stage",
    "leadsim.mechanisms.service.service_stage",
    "leadsim.mechanisms.service.intake_stage",
)
CONSTANT_MODULES = (
    leadsim.mechanisms.organisation,
    leadsim.mechanisms.managers,
    leadsim.mechanisms.professionals,
    leadsim.mechanisms.service,
)
CONSTANTS_HEADER = "| symbol | constant | value | role |"

# A dotted leadsim name in backticks, optionally called `()` or subscripted `['key']`.
NAME_PATTERN = re.compile(r"`(leadsim(?:\.\w+)+)(\(\))?((?:\[[^\]`]+\])*)`")


# ----------------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_parameter_table", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def odd() -> str:
    return ODD.read_text(encoding="utf-8")


def _without_code_blocks(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def _headings(text: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix) :].strip() for line in _without_code_blocks(text) if line.startswith(prefix)]


def _section(text: str, title: str) -> str:
    """The lines of the level-2 section ``title``, up to the next level-2 heading."""
    out, inside = [], False
    for line in _without_code_blocks(text):
        if line.startswith("## "):
            inside = line[3:].strip() == title
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


def resolve(dotted: str, subscripts: str = "") -> Any:
    """Import the longest importable module prefix of ``dotted``, then getattr the rest."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        for key in re.findall(r"\[([^\]]+)\]", subscripts):
            obj = obj[ast.literal_eval(key)]
        return obj
    raise ModuleNotFoundError(dotted)


def _named(text: str) -> list[tuple[str, bool, str]]:
    return sorted({(m[1], bool(m[2]), m[3]) for m in NAME_PATTERN.finditer(text)})


def _constant_rows(text: str) -> list[tuple[str, str]]:
    """(dotted name with subscripts, value literal) of every row of every constants table."""
    rows, inside = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == CONSTANTS_HEADER:
            inside = True
            continue
        if not inside or stripped.startswith("|---"):
            continue
        if not stripped.startswith("|"):
            inside = False
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        name, value = cells[1].strip("`"), cells[2]
        assert value.startswith("`") and value.endswith("`"), f"constants row without a `value`: {line}"
        rows.append((name, value.strip("`")))
    return rows


def _is_text(value: Any) -> bool:
    """Whether a constant holds text (a name or a tuple of names) rather than numbers."""
    return any(isinstance(element, str) for element in np.ravel(np.asarray(value, dtype=object)).tolist())


def _is_literal_data(node: ast.AST) -> bool:
    """Whether an assigned value is written as numbers: constants, tuples, lists, dicts, np.array(...)."""
    match node:
        case ast.Constant():
            return isinstance(node.value, int | float | str)
        case ast.UnaryOp():
            return _is_literal_data(node.operand)
        case ast.Tuple() | ast.List():
            return all(_is_literal_data(element) for element in node.elts)
        case ast.Dict():
            return all(_is_literal_data(item) for item in (*node.keys, *node.values) if item is not None)
        case ast.Call(func=ast.Attribute(attr="array")):
            return all(_is_literal_data(arg) for arg in node.args)
    return False


def _module_constants(module: ModuleType, pattern: str) -> list[str]:
    """Names assigned numbers written in the source, at the top level of ``module``, matching ``pattern``.

    Aliases of other objects (``IN_SERVICE = ClientStatus.IN_SERVICE``) and derived values are not
    model constants and are skipped.
    """
    names = []
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                pairs = list(zip(target.elts, value.elts, strict=True))
            else:
                pairs = [(target, value)]
            for element, assigned in pairs:
                if (
                    isinstance(element, ast.Name)
                    and re.fullmatch(pattern, element.id)
                    and _is_literal_data(assigned)
                    and not isinstance(getattr(module, element.id), str)
                ):
                    names.append(element.id)
    return names


# ------------------------------------------------------------------ (1) the parameter table
def test_parameter_table_is_current(generator: ModuleType, odd: str) -> None:
    documented = generator.extract_block(odd)
    expected = generator.render_table()
    assert documented == expected, (
        "The parameter table in docs/odd.md is out of date with leadsim.parameters "
        f"(a default, range, unit, meaning or source changed): {REGENERATE}."
    )


def test_parameter_table_lists_every_parameter(generator: ModuleType) -> None:
    table = generator.render_table()
    for name in PARAMETERS:
        assert f"| `{name}` |" in table


def test_generator_write_repairs_a_stale_block(generator: ModuleType, odd: str, tmp_path: Path) -> None:
    stale = tmp_path / "odd.md"
    stale.write_text(generator.replace_block(odd, "| stale |"), encoding="utf-8")
    assert generator.main(["--check", "--path", str(stale)]) == 1
    assert generator.main(["--write", "--path", str(stale)]) == 0
    assert generator.main(["--check", "--path", str(stale)]) == 0
    repaired = stale.read_text(encoding="utf-8")
    assert generator.extract_block(repaired) == generator.render_table()
    assert repaired.split(generator.START_MARKER)[0] == odd.split(generator.START_MARKER)[0]


def test_generator_shows_style_defaults_as_written(generator: ModuleType) -> None:
    table = generator.render_table()
    assert "| `style` | `None` (adaptive) |" in table
    assert '| `intended_style` | `"balanced"` |' in table


# ------------------------------------------------------------- (2) metrics and regimes defined
@pytest.mark.parametrize("name", METRICS)
def test_every_metric_is_documented(odd: str, name: str) -> None:
    observation = _section(odd, "Design concepts")
    assert f"`{name}`" in observation, (
        f"metric {name!r} of leadsim.observables.METRICS has no definition in docs/odd.md "
        "(Design concepts, Observation)"
    )


@pytest.mark.parametrize("regime", REGIMES)
def test_every_regime_is_documented(odd: str, regime: str) -> None:
    assert f"`{regime}`" in odd, f"regime {regime!r} of leadsim.observables.REGIMES is not in docs/odd.md"


# ------------------------------------------------------------ (3) named functions and constants
def test_named_mechanism_functions_exist(odd: str) -> None:
    named = [name for name, _, _ in _named(odd) if name.startswith("leadsim.mechanisms.")]
    assert named, "docs/odd.md names no leadsim.mechanisms function"
    missing = []
    for name in named:
        try:
            resolve(name)
        except (ImportError, AttributeError) as error:
            missing.append(f"{name} ({type(error).__name__}: {error})")
    assert not missing, "docs/odd.md names functions that do not exist: " + "; ".join(missing)


def test_every_named_leadsim_object_exists(odd: str) -> None:
    missing = []
    for name, called, subscripts in _named(odd):
        try:
            obj = resolve(name, subscripts)
        except (ImportError, AttributeError, KeyError, IndexError) as error:
            missing.append(f"{name}{subscripts} ({type(error).__name__}: {error})")
            continue
        if called and not callable(obj):
            missing.append(f"{name}() is not callable")
    assert not missing, "docs/odd.md names objects that do not exist: " + "; ".join(missing)


@pytest.mark.parametrize("function", STAGE_FUNCTIONS)
def test_every_stage_function_is_named_in_submodels(odd: str, function: str) -> None:
    assert callable(resolve(function))
    assert f"`{function}`" in _section(odd, "Submodels")


def test_documented_constants_have_the_code_values(odd: str) -> None:
    rows = _constant_rows(odd)
    assert rows, f"docs/odd.md has no constants tables (header {CONSTANTS_HEADER!r})"
    wrong = []
    for name, literal in rows:
        match = NAME_PATTERN.fullmatch(f"`{name}`")
        assert match, f"not a dotted leadsim name: {name!r}"
        actual = resolve(match[1], match[3])
        documented = ast.literal_eval(literal)
        same_shape = np.shape(actual) == np.shape(documented)
        if _is_text(actual) or _is_text(documented):  # names (e.g. of submodels): exactly equal
            same = same_shape and tuple(np.ravel(actual).tolist()) == tuple(np.ravel(documented).tolist())
        else:
            same = same_shape and np.allclose(np.asarray(actual, float), np.asarray(documented, float))
        if not same:
            wrong.append(f"{name}: docs say {literal}, code has {actual!r}")
    assert not wrong, "constants in docs/odd.md differ from the code: " + "; ".join(wrong)


def test_every_fixed_constant_is_documented(odd: str) -> None:
    documented = {name for name, _ in _constant_rows(odd)}
    expected = [
        f"{module.__name__}.{name}"
        for module in CONSTANT_MODULES
        for name in _module_constants(module, r"[A-Z][A-Z0-9_]*")
    ]
    expected += [
        f"leadsim.model.{name}" for name in _module_constants(leadsim.model, r"_(INITIAL|PARTNER)_[A-Z_]+")
    ]
    missing = []
    for name in expected:
        value = resolve(name)
        keys = [f"{name}[{key!r}]" for key in value] if isinstance(value, dict) else [name]
        missing += [key for key in keys if key not in documented]
    assert not missing, "fixed constants of the code missing from docs/odd.md constants tables: " + ", ".join(
        missing
    )


# ---------------------------------------------------------------------- (4) ODD+D structure
def test_odd_sections_in_order(odd: str) -> None:
    assert tuple(_headings(odd, 2)) == ODD_SECTIONS


def test_design_concepts_in_order(odd: str) -> None:
    subsections = tuple(_headings(_section(odd, "Design concepts"), 3))
    assert subsections == DESIGN_CONCEPTS


@pytest.mark.parametrize("item", ODD_D_ITEMS)
def test_odd_d_decision_items_are_folded_in(odd: str, item: str) -> None:
    assert f"**ODD+D: {item}.**" in _section(odd, "Design concepts")
