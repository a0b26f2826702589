"""The stylized facts SF1..SF10 and the essay's Table 1c, each as a check.

Every check is a set of scenario contrasts (:mod:`leadsim.validation.contrasts`) over the
model's defaults; the fact *holds* when every contrast's 95% bootstrap interval lies on the
predicted side of zero. The facts are quoted from the essay digest; the contrasts follow the
model brief's "Stylized facts as tests". Arms differ from the defaults only where a fact needs
it; the notes of each check say which mechanisms it switches.

Contrast settings (low / high) are shared here so the report and the docs can cite them.
"""

from __future__ import annotations

from leadsim.validation.contrasts import (
    Arm,
    Check,
    Measure,
    difference,
    difference_in_differences,
    level,
)

__all__ = ["CHECKS", "HIGH_PRESSURE", "LOW_PRESSURE", "PURE_STYLES", "check_named"]

LOW_PRESSURE = 0.2
HIGH_PRESSURE = 0.8
LOW_REFLECTION = 0.1
HIGH_REFLECTION = 0.8
LOW_SCRUTINY = 0.1
HIGH_SCRUTINY = 0.9
#: Weeks over which noisy weekly rates are averaged.
RATE_WINDOW = 52
#: A week early in an action-learning programme (a few meetings in).
EARLY_WEEK = 12

PURE_STYLES = ("hierarchical", "supportive", "accountable", "visionary")

_low = Arm.of(f"pressure {LOW_PRESSURE}", pressure=LOW_PRESSURE)
_high = Arm.of(f"pressure {HIGH_PRESSURE}", pressure=HIGH_PRESSURE)
_style = {name: Arm.of(name, style=name) for name in PURE_STYLES}


def _pressure_reflection(pressure: float, reflection: float) -> Arm:
    return Arm.of(f"pressure {pressure}, reflection {reflection}", pressure=pressure, reflection=reflection)


SF1 = Check(
    fact="SF1",
    title="Drift under pressure",
    claim="Pressure pulls managers toward hierarchical steering; reflection damps the drift.",
    contrasts=(
        difference(
            "sf1_pressure_drift",
            "higher pressure gives a larger hierarchical share of manager style",
            "style_hierarchical",
            _low,
            _high,
            +1,
        ),
        difference(
            "sf1_reflection_damps",
            "under high pressure, reflective managers drift less toward hierarchical steering",
            "style_hierarchical",
            _pressure_reflection(HIGH_PRESSURE, LOW_REFLECTION),
            _pressure_reflection(HIGH_PRESSURE, HIGH_REFLECTION),
            -1,
        ),
    ),
    notes=(
        "Adaptive managers (style=None), the default; reflection is the managers' initial ρ. Both "
        "reflection arms start from the same intended style, so their end difference in the "
        "hierarchical share is their difference in drift."
    ),
)

SF2 = Check(
    fact="SF2",
    title="Compensation",
    claim="Managers compensate tight performance steering with supportive attention.",
    contrasts=(
        difference(
            "sf2_compensation",
            "higher pressure also gives a larger supportive share of manager style",
            "style_supportive",
            _low,
            _high,
            +1,
        ),
    ),
    notes="Adaptive managers. Switching `compensation` to 0 removes the mechanism behind it.",
)

SF3 = Check(
    fact="SF3",
    title="Supportive leadership goes with passivity",
    claim="A supportive-dominant manager raises well-being but goes with passivity.",
    contrasts=(
        difference(
            "sf3_passivity",
            "supportive-dominant teams are more passive than accountable-dominant teams",
            "passivity",
            _style["accountable"],
            _style["supportive"],
            +1,
        ),
        difference(
            "sf3_wellbeing",
            "supportive-dominant teams have higher well-being than accountable-dominant teams",
            "wellbeing",
            _style["accountable"],
            _style["supportive"],
            +1,
        ),
    ),
    notes="Fixed styles for every manager (the named dominant profiles), no adaptation.",
)

SF4 = Check(
    fact="SF4",
    title="Accountable leadership goes with the most professional behaviour",
    claim="Accountable-dominant leadership gives the highest proactivity of the pure styles.",
    contrasts=tuple(
        difference(
            f"sf4_accountable_vs_{other}",
            f"accountable-dominant teams are more proactive than {other}-dominant teams",
            "proactivity",
            _style[other],
            _style["accountable"],
            +1,
        )
        for other in ("hierarchical", "supportive", "visionary")
    ),
    notes="Fixed styles for every manager, no adaptation.",
)

_imposed = Arm.of("visionary, imposed", style="visionary", co_creation=0.0)
_cocreated = Arm.of("visionary, co-created", style="visionary", co_creation=1.0)

SF5 = Check(
    fact="SF5",
    title="Visionary leadership must be co-created",
    claim="A co-created vision lowers role ambiguity more than an imposed one.",
    contrasts=(
        difference(
            "sf5_role_ambiguity",
            "co-created vision gives less role ambiguity than imposed vision",
            "role_ambiguity",
            _imposed,
            _cocreated,
            -1,
        ),
        difference(
            "sf5_felt_accountability",
            "co-created vision makes professionals feel more answerable than imposed vision",
            "felt_accountability",
            _imposed,
            _cocreated,
            +1,
        ),
    ),
    notes="Fixed visionary-dominant style; only the co-creation c of the vision differs.",
)

_no_theory = Arm.of("no theory of change", theory_of_change=0.0)
_theory = Arm.of("theory of change", theory_of_change=1.0)

SF6 = Check(
    fact="SF6",
    title="Change without a theory of change fails",
    claim="Ordering change leaves mutual dissatisfaction; an explicit theory of change helps.",
    contrasts=(
        difference(
            "sf6_collaboration",
            "managers with a theory of change get more collaboration than managers who order it",
            "collaboration",
            _no_theory,
            _theory,
            +1,
        ),
        difference(
            "sf6_wellbeing",
            "professionals are better off when change is led with a theory of change",
            "wellbeing",
            _no_theory,
            _theory,
            +1,
        ),
    ),
    notes="Adaptive managers; theory_of_change is the initial share τ of the change response.",
)

_open = Arm.of(f"scrutiny {LOW_SCRUTINY}", scrutiny=LOW_SCRUTINY)
_scrutinised = Arm.of(f"scrutiny {HIGH_SCRUTINY}", scrutiny=HIGH_SCRUTINY)

SF7 = Check(
    fact="SF7",
    title="Bias toward fitting in (isomorphism)",
    claim="Scrutiny keeps organisations close to the usual: less variety, less innovation.",
    contrasts=(
        difference(
            "sf7_spread",
            "higher scrutiny lowers the within-team spread of behaviour",
            "behaviour_spread",
            _open,
            _scrutinised,
            -1,
        ),
        difference(
            "sf7_innovation",
            "higher scrutiny lowers innovation effort",
            "innovation",
            _open,
            _scrutinised,
            -1,
        ),
    ),
)

_default = Arm.of("defaults")

SF8 = Check(
    fact="SF8",
    title="Perception gap",
    claim="Professionals report more collaboration than their managers see.",
    contrasts=(
        level(
            "sf8_perception_gap",
            "self-reported collaboration exceeds manager-perceived collaboration",
            "perception_gap",
            _default,
            +1,
        ),
    ),
)

_far = Measure("far_placement_rate", window=RATE_WINDOW, log=True)
_near = Measure("near_placement_rate", window=RATE_WINDOW, log=True)

SF9 = Check(
    fact="SF9",
    title="The client out of sight",
    claim="Under pressure clients feel respected but not understood; far clients lose most.",
    contrasts=(
        difference(
            "sf9_understood_falls",
            "higher pressure lowers clients' feeling understood",
            "client_understood",
            _low,
            _high,
            -1,
        ),
        difference_in_differences(
            "sf9_respect_holds",
            "feeling understood falls more under pressure than feeling respected",
            ("client_understood", _low, _high),
            ("client_respected", _low, _high),
            -1,
        ),
        difference_in_differences(
            "sf9_far_clients_lose_most",
            "higher pressure lowers far clients' placement rate relatively more than near clients'",
            (_far, _low, _high),
            (_near, _low, _high),
            -1,
        ),
    ),
    notes=f"Placement rates are averaged over the last {RATE_WINDOW} weeks and compared on a log scale.",
)

_learning_off = Arm.of("no action learning", pressure=HIGH_PRESSURE, action_learning=False)
_learning_on = Arm.of("action learning", pressure=HIGH_PRESSURE, action_learning=True)

SF10 = Check(
    fact="SF10",
    title="Peer action learning works",
    claim="Under high pressure, peer action learning gives less drift and less passivity, after a delay.",
    contrasts=(
        difference(
            "sf10_less_drift",
            "with action learning managers end less hierarchical",
            "style_hierarchical",
            _learning_off,
            _learning_on,
            -1,
        ),
        difference(
            "sf10_less_passivity",
            "with action learning teams end less passive",
            "passivity",
            _learning_off,
            _learning_on,
            -1,
        ),
        difference_in_differences(
            "sf10_after_a_delay",
            f"the effect on passivity is larger at the end than at week {EARLY_WEEK}",
            ("passivity", _learning_off, _learning_on),
            (Measure("passivity", week=EARLY_WEEK), _learning_off, _learning_on),
            -1,
        ),
    ),
    notes=f"Adaptive managers at pressure {HIGH_PRESSURE}; action_learning switches the duos on.",
)

_OTHERS = ("supportive", "accountable", "visionary")

TABLE_1C = Check(
    fact="Table 1c",
    title="Output steering wins early, loses later",
    claim=(
        "Hierarchical (output) steering gives the most placements in year one but the fewest "
        "sustainable placements and the least collaboration by the end."
    ),
    contrasts=(
        *(
            difference(
                f"t1c_first_year_vs_{other}",
                f"hierarchical-dominant teams place more clients in year one than {other}-dominant",
                "placements_first_year",
                _style[other],
                _style["hierarchical"],
                +1,
            )
            for other in _OTHERS
        ),
        *(
            difference(
                f"t1c_sustainable_vs_{other}",
                f"hierarchical-dominant teams have fewer sustainable placements than {other}-dominant",
                "sustainable_placements",
                _style[other],
                _style["hierarchical"],
                -1,
            )
            for other in _OTHERS
        ),
        *(
            difference(
                f"t1c_collaboration_vs_{other}",
                f"hierarchical-dominant teams collaborate less than {other}-dominant",
                "collaboration",
                _style[other],
                _style["hierarchical"],
                -1,
            )
            for other in _OTHERS
        ),
    ),
    notes="Fixed pure styles for every manager; year one is weeks 1-52, 'the end' is the horizon.",
)

#: Every check, in the essay's order.
CHECKS: tuple[Check, ...] = (SF1, SF2, SF3, SF4, SF5, SF6, SF7, SF8, SF9, SF10, TABLE_1C)


def check_named(fact: str) -> Check:
    """The check for ``fact`` (``"SF3"``, ``"sf3"``, ``"Table 1c"`` or ``"table1c"``).

    Raises:
        ValueError: If no check has that name; the message lists the valid names.
    """
    wanted = fact.replace(" ", "").lower()
    for check in CHECKS:
        if check.fact.replace(" ", "").lower() == wanted:
            return check
    valid = ", ".join(check.fact for check in CHECKS)
    raise ValueError(f"'fact' must be one of {valid} (got {fact!r})")
