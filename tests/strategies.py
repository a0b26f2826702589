"""Hypothesis strategies for leadsim, kept together and reused (attrs' practice)."""

from __future__ import annotations

from hypothesis import strategies as st

from leadsim.parameters import PARAMETERS
from leadsim.styles import STYLE_KINDS, STYLE_NAMES

# Structure parameters are kept small so that a property test runs in milliseconds.
SMALL_STRUCTURE = {
    "n_teams": (1, 4),
    "team_size": (1, 5),
    "caseload": (1, 8),
    "n_partners": (0, 5),
    "ramp_weeks": (1, 30),
    "shock_week": (0, 20),
    "shock_duration": (1, 20),
    "action_learning_interval": (1, 6),
    "followup_weeks": (1, 10),
}


def style_intensities() -> st.SearchStrategy:
    """A mapping of the four style intensities, each in [0, 1] (not a simplex)."""
    return st.fixed_dictionaries({kind: st.floats(0.0, 1.0) for kind in STYLE_KINDS})


def style_specs() -> st.SearchStrategy:
    """A style name or a mapping of intensities."""
    return st.one_of(st.sampled_from(STYLE_NAMES), style_intensities())


def parameter_values(name: str) -> st.SearchStrategy:
    """Valid values of one model parameter."""
    spec = PARAMETERS[name]
    if name in SMALL_STRUCTURE:
        low, high = SMALL_STRUCTURE[name]
        return st.integers(low, high)
    if spec.kind == "int":
        return st.integers(int(spec.low), int(min(spec.high, 100)))
    if spec.kind == "float":
        return st.floats(spec.low, spec.high, allow_nan=False)
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "style":
        return style_specs()
    return st.one_of(st.none(), style_specs())


@st.composite
def model_parameters(draw: st.DrawFn) -> dict[str, object]:
    """A full set of valid model parameters (small populations)."""
    return {name: draw(parameter_values(name)) for name in PARAMETERS}
