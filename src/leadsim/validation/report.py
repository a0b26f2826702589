"""Presenting a validation run: a terminal table, figures, and a Markdown or HTML report.

:func:`write_report` writes into one folder:

* ``report.md`` or ``report.html``: settings, the decision rule, the verdict per fact (the
  essay's facts and, apart, the held-out patterns), per fact the table of contrasts with the
  minimum meaningful effect, its reason and the verdict, and one figure per fact (embedded in
  the HTML, so the page travels as one file); when given, the submodel x fact matrix and the
  knock-out table;
* ``figures/<fact>.png``: per contrast, the per-replication values with their mean and 95%
  bootstrap interval, against zero and the minimum;
* ``contrasts.csv`` and ``facts.csv``: the tables; ``values.csv``: every measure in every arm
  and replication, so any figure can be redrawn; ``submodels.csv`` (the matrix),
  ``submodel_contrasts.csv`` (every contrast under every alternative) and ``knockouts.csv``
  when those were run.
"""

from __future__ import annotations

import base64
import html
import math
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import mesa
import numpy as np
import seaborn as sns

from leadsim import __version__
from leadsim.files import save_csv, save_figure, save_text
from leadsim.validation.contrasts import Check
from leadsim.validation.engine import HOLDS, ContrastResult, ValidationResult
from leadsim.validation.submodels import DEFAULTS_ROW, KnockoutTable, SubmodelMatrix

__all__ = ["DECISION_RULE", "format_knockouts", "format_matrix", "format_table", "plot_fact", "write_report"]

ReportFormat = Literal["md", "html"]

#: The decision rule in words, for the report and the terminal.
DECISION_RULE = (
    "A contrast holds only when its whole 95% interval lies beyond its minimum meaningful "
    "effect on the predicted side; it is reversed when the whole interval lies on the wrong side "
    "of zero, negligible when the whole interval lies within plus or minus the minimum, and "
    "inconclusive otherwise. A fact holds when all its contrasts hold; otherwise it takes the "
    "first of reversed, negligible, inconclusive found among its contrasts."
)
_COLOURS = {"holds": "#1b7837", "reversed": "#b2182b", "negligible": "#d6604d", "inconclusive": "#878787"}


def _num(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0 or 0.01 <= abs(value) < 10_000:
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return f"{value:.2e}"


def _interval(result: ContrastResult) -> str:
    return f"[{_num(result.ci_low)}, {_num(result.ci_high)}]"


def _word(verdict: str) -> str:
    """The verdict as shown: ``holds`` in lower case, anything else in capitals."""
    return verdict if verdict == HOLDS else verdict.upper()


def _minimum(result: ContrastResult) -> str:
    minimum = result.contrast.minimum
    if minimum.scale == "absolute":
        return _num(minimum.value)
    return f"d {minimum.value:g} (= {_num(result.threshold)})"


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return lines


def format_table(result: ValidationResult, width: int = 80) -> str:
    """The results as a plain-text table: fact, claim, effect, interval, d, minimum, verdict.

    The essay's facts come first, the held-out patterns in a block of their own.

    Args:
        result: A validation run.
        width: Characters of the claim column (longer claims are shortened with "...").

    Returns:
        The table, one line per contrast, and a last line with the overall verdict.
    """
    header = ("fact", "claim", "effect", "95% CI", "d", "min", "verdict")
    lines: list[str] = []
    for held_out, title in ((False, "Stylized facts"), (True, "Held-out patterns")):
        mine = [r for r in result.results if r.held_out == held_out]
        if not mine:
            continue
        rows = []
        for r in mine:
            claim = (
                r.contrast.claim if len(r.contrast.claim) <= width else r.contrast.claim[: width - 3] + "..."
            )
            sign = "+" if r.contrast.direction > 0 else "-"
            rows.append(
                (
                    r.fact,
                    f"({sign}) {claim}",
                    _num(r.effect),
                    _interval(r),
                    _num(r.standardised),
                    _minimum(r),
                    _word(r.verdict),
                )
            )
        if lines:
            lines.append("")
        lines += [f"{title}:", *_aligned(header, rows)]
    verdicts = result.verdicts()
    failing = [f"{fact} ({verdict})" for fact, verdict in verdicts.items() if verdict != HOLDS]
    summary = (
        f"all {len(verdicts)} facts hold"
        if not failing
        else f"{len(failing)} of {len(verdicts)} facts do not hold: {', '.join(failing)}"
    )
    lines += [
        "",
        f"{summary} ({result.replications} replications per arm, {result.weeks} weeks, seed {result.seed})",
    ]
    return "\n".join(lines)


def format_matrix(matrix: SubmodelMatrix) -> str:
    """The submodel x fact matrix as plain text: one line per alternative, one column per fact."""
    facts = [check.fact for check in matrix.checks]
    header = ("submodel", "alternative", *facts)
    rows = []
    for row in matrix.rows:
        verdicts = row.result.verdicts()
        name = row.alternative + (" *" if row.is_default and row.submodel != DEFAULTS_ROW else "")
        rows.append((row.submodel, name, *(_word(verdicts[fact]) for fact in facts)))
    return "\n".join(["Submodel x fact matrix (* = the model's default):", *_aligned(header, rows)])


def format_knockouts(table: KnockoutTable) -> str:
    """The knock-out table as plain text: fact, knock-out, verdict with and without the term."""
    header = ("fact", "knock-out", "with term", "without", "reading")
    rows = [
        (
            row.fact,
            row.knockout.label,
            _word(row.baseline),
            _word(row.verdict),
            f"RESTS ON ONE TERM ({', '.join(row.broken)})"
            if row.breaks
            else ("survives" if row.baseline == HOLDS else "-"),
        )
        for row in table.rows
    ]
    lines = ["One-term knock-outs:", *_aligned(header, rows)]
    if table.without:
        lines.append(f"no knock-out declared: {', '.join(table.without)}")
    return "\n".join(lines)


def plot_fact(result: ValidationResult, fact: str) -> plt.Figure:
    """One panel per contrast of ``fact``: replication values, mean and interval against zero.

    Dashed lines mark the minimum meaningful effect on either side of zero.
    """
    mine = [r for r in result.results if r.fact == fact]
    fig, axes = plt.subplots(len(mine), 1, figsize=(8, 1.0 + 1.15 * len(mine)), squeeze=False)
    for ax, r in zip(axes[:, 0], mine, strict=True):
        colour = _COLOURS[r.verdict]
        sns.stripplot(x=r.values, ax=ax, color="0.55", size=4, jitter=0.25, alpha=0.8)
        ax.errorbar(
            [r.effect],
            [0],
            xerr=[[r.effect - r.ci_low], [r.ci_high - r.effect]],
            fmt="o",
            color=colour,
            capsize=6,
            markersize=8,
            linewidth=2.5,
            zorder=5,
        )
        ax.axvline(0, color="black", linewidth=1)
        threshold = r.threshold
        for edge in (-threshold, threshold):
            ax.axvline(edge, color="0.3", linewidth=1, linestyle="--")
        lo = min(float(np.min(r.values)), -threshold if r.contrast.direction < 0 else 0.0, 0.0)
        hi = max(float(np.max(r.values)), threshold if r.contrast.direction > 0 else 0.0, 0.0)
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks([])
        expected = f">= {_num(threshold)}" if r.contrast.direction > 0 else f"<= {_num(-threshold)}"
        ax.set_title(f"{r.contrast.claim}  (expected {expected}: {r.verdict})", fontsize=9, loc="left")
    check = next(c for c in result.checks if c.fact == fact)
    fig.suptitle(f"{check.fact}: {check.title}", fontsize=11, x=0.01, ha="left")
    axes[-1, 0].set_xlabel(
        "contrast value per replication (dot), mean and 95% bootstrap CI (bar); dashed: minimum effect"
    )
    fig.tight_layout()
    return fig


def _figure_name(fact: str) -> str:
    return fact.lower().replace(" ", "") + ".png"


def write_report(
    result: ValidationResult,
    out: str | os.PathLike[str],
    fmt: ReportFormat = "md",
    *,
    matrix: SubmodelMatrix | None = None,
    knockouts: KnockoutTable | None = None,
) -> Path:
    """Write the report, figures and tables of ``result`` into the folder ``out``.

    Args:
        result: A validation run.
        out: The output folder (created if needed).
        fmt: ``"md"`` for Markdown or ``"html"`` for one self-contained HTML page.
        matrix: A submodel matrix to add (section and ``submodels.csv``), if one was run.
        knockouts: A knock-out table to add (section and ``knockouts.csv``), if one was run.

    Returns:
        The path of the report file.
    """
    if fmt not in ("md", "html"):
        raise ValueError(f"'fmt' must be 'md' or 'html' (got {fmt!r})")
    folder = Path(out)
    figures = folder / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    for check in result.checks:
        fig = plot_fact(result, check.fact)
        save_figure(fig, figures / _figure_name(check.fact))
        plt.close(fig)
    tables = {
        "contrasts.csv": result.contrasts(),
        "facts.csv": result.facts(),
        "values.csv": result.arm_values,
    }
    if matrix is not None:
        tables |= {"submodels.csv": matrix.table(), "submodel_contrasts.csv": matrix.contrasts()}
    if knockouts is not None:
        tables["knockouts.csv"] = knockouts.table()
    for name, table in tables.items():
        save_csv(table, folder / name)
    text = _markdown(result, matrix, knockouts) if fmt == "md" else _html(result, figures, matrix, knockouts)
    path = folder / f"report.{fmt}"
    return save_text(text, path)


def _settings(result: ValidationResult) -> list[tuple[str, str]]:
    base = ", ".join(f"{k}={v!r}" for k, v in result.base.items()) or "none (the model's defaults)"
    return [
        ("replications per arm", str(result.replications)),
        ("horizon", f"{result.weeks} weeks"),
        ("root seed", f"{result.seed} (replication seeds from SeedSequence.spawn)"),
        ("parameter overrides", base),
        ("versions", f"leadsim {__version__}, mesa {mesa.__version__}"),
        ("written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


# ----------------------------------------------------------------------------- tables as rows
def _fact_rows(result: ValidationResult, held_out: bool) -> list[list[str]]:
    facts = result.facts()
    return [
        [str(row.fact), str(row.claim), f"{row.holding}/{row.contrasts}", _word(str(row.verdict))]
        for row in facts.itertuples()
        if bool(row.held_out) == held_out
    ]


def _contrast_rows(result: ValidationResult, check: Check) -> list[list[str]]:
    rows = []
    for r in (r for r in result.results if r.fact == check.fact):
        expected = "> 0" if r.contrast.direction > 0 else "< 0"
        rows.append(
            [
                r.contrast.claim,
                expected,
                _num(r.effect),
                _interval(r),
                _num(r.standardised),
                _minimum(r),
                _word(r.verdict),
            ]
        )
    return rows


_CONTRAST_HEADER = ["contrast", "expected", "effect", "95% CI", "standardised", "minimum", "verdict"]


def _reasons(result: ValidationResult, check: Check) -> list[str]:
    seen: dict[str, str] = {}
    for r in (r for r in result.results if r.fact == check.fact):
        seen.setdefault(r.contrast.minimum.reason, _minimum(r))
    return [f"minimum {size}: {reason}" for reason, size in seen.items()]


def _matrix_rows(matrix: SubmodelMatrix) -> tuple[list[str], list[list[str]]]:
    facts = [check.fact for check in matrix.checks]
    header = ["submodel", "alternative", "overrides", *facts]
    rows = []
    for row in matrix.rows:
        verdicts = row.result.verdicts()
        name = row.alternative + (" (default)" if row.is_default and row.submodel != DEFAULTS_ROW else "")
        rows.append([row.submodel, name, row.label, *(_word(verdicts[fact]) for fact in facts)])
    return header, rows


def _matrix_notes(matrix: SubmodelMatrix) -> list[str]:
    notes = []
    for submodel, facts in matrix.discriminating().items():
        said = (
            ", ".join(facts) if facts else "none: every fact has the same verdict under all its alternatives"
        )
        notes.append(f"{submodel}: facts that discriminate between its alternatives: {said}")
    return notes


def _knockout_rows(table: KnockoutTable) -> list[list[str]]:
    return [
        [
            row.fact,
            row.knockout.term,
            row.knockout.label,
            _word(row.baseline),
            _word(row.verdict),
            row.reading,
        ]
        for row in table.rows
    ]


_KNOCKOUT_HEADER = ["fact", "term switched off", "overrides", "with the term", "without", "reading"]


def _theories(matrix: SubmodelMatrix) -> list[str]:
    return [
        f"{row.submodel} / {row.alternative}: {row.theory}"
        for row in matrix.rows
        if row.submodel != DEFAULTS_ROW
    ]


# ----------------------------------------------------------------------------- Markdown
def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _markdown(
    result: ValidationResult, matrix: SubmodelMatrix | None, knockouts: KnockoutTable | None
) -> str:
    lines = ["# leadsim validation: the stylized facts", ""]
    lines += [f"- **{k}**: {v}" for k, v in _settings(result)]
    verdict = "every fact holds" if result.passed else "**some facts do not hold**"
    lines += ["", f"**Decision rule.** {DECISION_RULE}", "", f"Verdict: {verdict}.", ""]
    header = ["fact", "claim", "contrasts holding", "verdict"]
    calibration, held = _fact_rows(result, False), _fact_rows(result, True)
    if calibration:
        lines += ["## Stylized facts", "", *_md_table(header, calibration), ""]
    if held:
        lines += [
            "## Held-out patterns",
            "",
            "Patterns no coefficient was tuned on (never used in calibration).",
            "",
            *_md_table(header, held),
            "",
        ]
    for check in result.checks:
        tag = " (held out)" if check.held_out else ""
        lines += [f"### {check.fact}: {check.title}{tag}", "", check.claim, ""]
        if check.notes:
            lines += [f"*{check.notes}*", ""]
        lines += _md_table(_CONTRAST_HEADER, _contrast_rows(result, check))
        lines += ["", *(f"- {reason}" for reason in _reasons(result, check))]
        lines += ["", f"![{check.fact}](figures/{_figure_name(check.fact)})", ""]
    if matrix is not None:
        lines += [
            "## Competing submodels",
            "",
            "One submodel varied at a time, the others at their defaults.",
            "",
        ]
        header_m, rows_m = _matrix_rows(matrix)
        lines += _md_table(header_m, rows_m)
        lines += ["", *(f"- {note}" for note in _matrix_notes(matrix))]
        lines += ["", "Theories:", "", *(f"- {theory}" for theory in _theories(matrix)), ""]
    if knockouts is not None:
        lines += [
            "## One-term knock-outs",
            "",
            "Each knock-out switches off exactly one term. A fact that holds, and that one knock-out "
            "alone breaks, rests on one term: it is an input of that term, not an outcome.",
            "",
            *_md_table(_KNOCKOUT_HEADER, _knockout_rows(knockouts)),
            "",
        ]
        if knockouts.without:
            lines += [f"No knock-out declared: {', '.join(knockouts.without)}.", ""]
    return "\n".join(lines).rstrip() + "\n"


# ----------------------------------------------------------------------------- HTML
def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    esc = html.escape
    words = {_word(v) for v in _COLOURS}
    parts = ["<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for cell in row:
            text = str(cell)
            cls = f" class='{text.lower()}'" if text in words else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _html(
    result: ValidationResult,
    figures: Path,
    matrix: SubmodelMatrix | None,
    knockouts: KnockoutTable | None,
) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>leadsim validation</title><style>",
        "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}",
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem}",
        ".holds{color:#1b7837;font-weight:600}.reversed{color:#b2182b;font-weight:600}",
        ".negligible{color:#d6604d;font-weight:600}.inconclusive{color:#555;font-weight:600}",
        "img{max-width:100%}",
        "</style></head><body><h1>leadsim validation: the stylized facts</h1><ul>",
    ]
    parts += [f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in _settings(result)]
    parts.append(f"</ul><p><b>Decision rule.</b> {esc(DECISION_RULE)}</p>")
    header = ["fact", "claim", "contrasts holding", "verdict"]
    calibration, held = _fact_rows(result, False), _fact_rows(result, True)
    if calibration:
        parts.append("<h2>Stylized facts</h2>" + _html_table(header, calibration))
    if held:
        parts.append(
            "<h2>Held-out patterns</h2><p>Patterns no coefficient was tuned on (never used in "
            "calibration).</p>" + _html_table(header, held)
        )
    for check in result.checks:
        tag = " (held out)" if check.held_out else ""
        parts.append(f"<h3>{esc(check.fact)}: {esc(check.title)}{tag}</h3><p>{esc(check.claim)}</p>")
        if check.notes:
            parts.append(f"<p><i>{esc(check.notes)}</i></p>")
        parts.append(_html_table(_CONTRAST_HEADER, _contrast_rows(result, check)))
        parts.append("<ul>" + "".join(f"<li>{esc(r)}</li>" for r in _reasons(result, check)) + "</ul>")
        png = base64.b64encode((figures / _figure_name(check.fact)).read_bytes()).decode("ascii")
        parts.append(f"<img alt='{esc(check.fact)}' src='data:image/png;base64,{png}'>")
    if matrix is not None:
        header_m, rows_m = _matrix_rows(matrix)
        parts.append(
            "<h2>Competing submodels</h2><p>One submodel varied at a time, the others at their "
            "defaults.</p>" + _html_table(header_m, rows_m)
        )
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in _matrix_notes(matrix)) + "</ul>")
        parts.append(
            "<p>Theories:</p><ul>" + "".join(f"<li>{esc(t)}</li>" for t in _theories(matrix)) + "</ul>"
        )
    if knockouts is not None:
        parts.append(
            "<h2>One-term knock-outs</h2><p>Each knock-out switches off exactly one term. A fact that "
            "holds, and that one knock-out alone breaks, rests on one term: it is an input of that "
            "term, not an outcome.</p>" + _html_table(_KNOCKOUT_HEADER, _knockout_rows(knockouts))
        )
        if knockouts.without:
            parts.append(f"<p>No knock-out declared: {esc(', '.join(knockouts.without))}.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
