"""Competing submodels and one-term knock-outs: the matrix and the knock-out table.

The runs are tiny (a small organisation, three replications, one year) and the checks synthetic
or single: these tests check the machinery, not whether the model's facts hold.
"""

from __future__ import annotations

import pandas as pd
import pytest

from leadsim.cli import main
from leadsim.errors import ParameterError
from leadsim.parameters import validate_parameters
from leadsim.validation import (
    CHECKS,
    HOLDS,
    SUBMODELS,
    Alternative,
    Arm,
    Check,
    Knockout,
    Minimum,
    Submodel,
    check_named,
    knockouts,
    level,
    submodel_matrix,
    submodel_named,
    validate,
)
from leadsim.validation.report import format_knockouts, format_matrix, write_report
from leadsim.validation.submodels import DEFAULTS_ROW

#: A small organisation: two teams of three, five clients each.
SMALL = {"n_teams": 2, "team_size": 3, "caseload": 5}
TINY = {"replications": 3, "seed": 11, "weeks": 53, "base": SMALL}

GAP = Minimum.absolute(0.02, "collaboration units, for tests")

#: The perception gap at the defaults, with a knock-out that removes both its sources and one
#: that has nothing to do with it.
GAP_CHECK = Check(
    "GX",
    "gap",
    "professionals report more collaboration than managers see",
    (
        level(
            "gx_gap", "self-report exceeds what managers see", "perception_gap", Arm.of("d"), +1, minimum=GAP
        ),
    ),
    knockouts=(
        Knockout.of("self-enhancement and partial sight", self_report_bias=0.0, visibility=1.0),
        Knockout.of("creaming", creaming=0.0),
    ),
)

#: A contested mechanism whose second alternative removes the gap: the matrix must tell them apart.
SIGHT = Submodel(
    "sight",
    "Do managers see what professionals do?",
    (
        Alternative.of(
            "partial", "managers see collaboration only now and then", visibility=0.5, self_report_bias=0.3
        ),
        Alternative.of(
            "full", "managers see everything and no one self-enhances", visibility=1.0, self_report_bias=0.0
        ),
    ),
)


def test_the_declared_submodels_and_knockouts_are_real_model_parameters():
    """Every alternative and knock-out of the suite must name parameters the model accepts."""
    for submodel in SUBMODELS:
        for alternative in submodel.alternatives:
            validate_parameters(alternative.parameters)
    for check in CHECKS:
        for knockout in check.knockouts:
            validate_parameters(knockout.parameters)
    names = {submodel.name for submodel in SUBMODELS}
    assert {"support", "compensation", "learning", "drift", "attention"} <= names


def test_submodels_refuse_bad_declarations():
    one = Alternative.of("a", "theory", visibility=0.5)
    with pytest.raises(ParameterError, match="'alternatives of s' must be at least two"):
        Submodel("s", "?", (one,))
    with pytest.raises(ParameterError, match="must have distinct names"):
        Submodel("s", "?", (one, Alternative.of("a", "theory", visibility=0.9)))
    with pytest.raises(ParameterError, match="must all set the same parameters"):
        Submodel("s", "?", (one, Alternative.of("b", "theory", creaming=0.0)))
    with pytest.raises(ParameterError, match="'submodel' must be one of support"):
        submodel_named("nosuch")
    with pytest.raises(ParameterError, match="may not set a parameter an arm of the check sets"):
        Check(
            "X",
            "x",
            "x",
            (level("x", "x", "passivity", Arm.of("p", pressure=0.8), +1, minimum=GAP),),
            knockouts=(Knockout.of("pressure", pressure=0.0),),
        )


def test_bad_alternatives_are_refused_before_any_run():
    bad = Submodel(
        "bad", "?", (Alternative.of("a", "t", visibility=0.5), Alternative.of("b", "t", visibility=2.0))
    )
    with pytest.raises(ParameterError, match="'visibility' must be"):
        submodel_matrix([GAP_CHECK], [bad], **TINY)
    unknown = Check("U", "u", "u", GAP_CHECK.contrasts, knockouts=(Knockout.of("no such", no_such_term=0.0),))
    with pytest.raises(ParameterError, match="no_such_term"):
        knockouts([unknown], **TINY)


def test_the_matrix_tells_alternatives_apart_and_reuses_the_default_run():
    reference = validate([GAP_CHECK], **TINY)
    matrix = submodel_matrix([GAP_CHECK], [SIGHT, submodel_named("attention")], reference=reference, **TINY)
    table = matrix.table()
    assert list(table["submodel"]) == [DEFAULTS_ROW, "sight", "sight", "attention", "attention"]
    verdicts = dict(zip(table["alternative"], table["GX"], strict=True))
    assert verdicts["full"] != HOLDS  # no self-enhancement, full sight: no gap
    assert matrix.discriminating()["sight"] == (["GX"] if verdicts["partial"] != verdicts["full"] else [])
    budget = next(row for row in matrix.rows if row.alternative == "budget")
    assert budget.is_default and budget.result is reference  # the default is not run again
    assert matrix.rows[0].result is reference
    long = matrix.contrasts()
    assert len(long) == len(matrix.rows) and {"submodel", "alternative", "verdict"} <= set(long)
    text = format_matrix(matrix)
    assert "budget *" in text and "GX" in text


def test_the_reference_must_match_the_settings():
    reference = validate([GAP_CHECK], **{**TINY, "seed": 12})
    with pytest.raises(ParameterError, match="'reference' must be a run of the same checks"):
        submodel_matrix([GAP_CHECK], [SIGHT], reference=reference, **TINY)


def test_a_knockout_of_the_facts_own_term_breaks_it_and_an_unrelated_one_does_not():
    table = knockouts([GAP_CHECK], **TINY)
    rows = {row.knockout.term: row for row in table.rows}
    own = rows["self-enhancement and partial sight"]
    other = rows["creaming"]
    # The machinery needs a gap to knock out; at these settings it is about 8 times the minimum.
    assert own.baseline == HOLDS, "no perception gap at the test settings: pick a check that holds"
    assert own.verdict != HOLDS and own.breaks and "rests on one term" in own.reading
    assert table.resting_on_one_term() == {"GX": ["self-enhancement and partial sight"]}
    assert not other.breaks and "survives" in other.reading
    frame = table.table()
    assert own.broken == ("gx_gap",) and other.broken == ()
    assert {"fact", "term", "knockout", "baseline", "knocked_out", "breaks", "broken_contrasts"} <= set(frame)
    assert "self_report_bias=0.0, visibility=1.0" in format_knockouts(table)


def test_cli_runs_the_matrix_and_knockouts_and_writes_them(tmp_path, capsys):
    status = main(
        [
            "validate",
            "--fact",
            "SF8",
            "--replications",
            "3",
            "--weeks",
            "53",
            "--jobs",
            "1",
            "--quiet",
            *[item for name, value in SMALL.items() for item in ("--set", f"{name}={value}")],
            "--submodels",
            "attention",
            "--knockouts",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    facts = pd.read_csv(tmp_path / "facts.csv")
    assert status == (0 if facts["holds"].all() else 3)  # the matrix does not change the exit status
    assert "Submodel x fact matrix" in out and "One-term knock-outs" in out
    matrix = pd.read_csv(tmp_path / "submodels.csv")
    assert list(matrix["alternative"]) == [DEFAULTS_ROW, "budget", "unbounded"] and "SF8" in matrix
    knocked = pd.read_csv(tmp_path / "knockouts.csv")
    assert list(knocked["fact"]) == ["SF8"] * len(check_named("SF8").knockouts)
    report = (tmp_path / "report.md").read_text()
    assert "## Competing submodels" in report and "## One-term knock-outs" in report
    assert (tmp_path / "submodel_contrasts.csv").stat().st_size > 0


def test_html_report_carries_the_matrix_and_knockouts(tmp_path):
    reference = validate([GAP_CHECK], **TINY)
    matrix = submodel_matrix([GAP_CHECK], [SIGHT], reference=reference, **TINY)
    table = knockouts([GAP_CHECK], reference=reference, **TINY)
    page = write_report(reference, tmp_path, "html", matrix=matrix, knockouts=table).read_text()
    assert "<h2>Competing submodels</h2>" in page and "<h2>One-term knock-outs</h2>" in page
    assert "managers see everything" in page  # the theory behind each alternative
