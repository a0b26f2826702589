"""Presenting a validation run: a terminal table, figures, and a Markdown or HTML report.

:func:`write_report` writes into one folder:

* ``report.md`` or ``report.html``: settings, the verdict per fact, the table of contrasts and
  one figure per fact (embedded in the HTML, so the page travels as one file);
* ``figures/<fact>.png``: per contrast, the per-replication values with their mean and 95%
  bootstrap interval, against zero;
* ``contrasts.csv`` and ``facts.csv``: the tables; ``values.csv``: every measure in every arm
  and replication, so any figure can be redrawn.
"""

from __future__ import annotations

import base64
import html
import math
import os
import tempfile
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
from leadsim.validation.engine import ContrastResult, ValidationResult

__all__ = ["format_table", "plot_fact", "write_report"]

ReportFormat = Literal["md", "html"]
_HOLDS = "holds"
_FAILS = "FAILS"


def _num(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0 or 0.01 <= abs(value) < 10_000:
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return f"{value:.2e}"


def _interval(result: ContrastResult) -> str:
    return f"[{_num(result.ci_low)}, {_num(result.ci_high)}]"


def format_table(result: ValidationResult, width: int = 90) -> str:
    """The results as a plain-text table: fact, claim, effect, interval, d, verdict.

    Args:
        result: A validation run.
        width: Characters of the claim column (longer claims are shortened with "...").

    Returns:
        The table, one line per contrast, and a last line with the overall verdict.
    """
    header = ("fact", "claim", "effect", "95% CI", "d", "verdict")
    rows = []
    for r in result.results:
        claim = r.contrast.claim if len(r.contrast.claim) <= width else r.contrast.claim[: width - 3] + "..."
        sign = "+" if r.contrast.direction > 0 else "-"
        rows.append(
            (
                r.fact,
                f"({sign}) {claim}",
                _num(r.effect),
                _interval(r),
                _num(r.standardised),
                _HOLDS if r.holds else _FAILS,
            )
        )
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    facts = result.facts()
    failing = facts.loc[~facts["holds"], "fact"].tolist()
    verdict = (
        f"all {len(facts)} facts hold"
        if not failing
        else f"{len(failing)} of {len(facts)} facts fail: {', '.join(failing)}"
    )
    lines += [
        "",
        f"{verdict} ({result.replications} replications per arm, {result.weeks} weeks, seed {result.seed})",
    ]
    return "\n".join(lines)


def plot_fact(result: ValidationResult, fact: str) -> plt.Figure:
    """One panel per contrast of ``fact``: replication values, mean and interval against zero."""
    mine = [r for r in result.results if r.fact == fact]
    fig, axes = plt.subplots(len(mine), 1, figsize=(8, 1.0 + 1.15 * len(mine)), squeeze=False)
    for ax, r in zip(axes[:, 0], mine, strict=True):
        colour = "#1b7837" if r.holds else "#b2182b"
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
        lo, hi = min(float(np.min(r.values)), 0.0), max(float(np.max(r.values)), 0.0)
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks([])
        expected = "> 0" if r.contrast.direction > 0 else "< 0"
        verdict = _HOLDS if r.holds else _FAILS
        ax.set_title(f"{r.contrast.claim}  (expected {expected}: {verdict})", fontsize=9, loc="left")
    check = next(c for c in result.checks if c.fact == fact)
    fig.suptitle(f"{check.fact}: {check.title}", fontsize=11, x=0.01, ha="left")
    axes[-1, 0].set_xlabel("contrast value per replication (dot), mean and 95% bootstrap CI (bar)")
    fig.tight_layout()
    return fig


def _figure_name(fact: str) -> str:
    return fact.lower().replace(" ", "") + ".png"


def write_report(result: ValidationResult, out: str | os.PathLike[str], fmt: ReportFormat = "md") -> Path:
    """Write the report, figures and tables of ``result`` into the folder ``out``.

    Args:
        result: A validation run.
        out: The output folder (created if needed).
        fmt: ``"md"`` for Markdown or ``"html"`` for one self-contained HTML page.

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
        fig.savefig(figures / _figure_name(check.fact), dpi=110)
        plt.close(fig)
    result.contrasts().to_csv(folder / "contrasts.csv", index=False)
    result.facts().to_csv(folder / "facts.csv", index=False)
    result.arm_values.to_csv(folder / "values.csv", index=False)
    text = _markdown(result) if fmt == "md" else _html(result, figures)
    path = folder / f"report.{fmt}"
    _write_atomic(path, text)
    return path


def _write_atomic(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8"
    ) as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


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


def _markdown(result: ValidationResult) -> str:
    facts = result.facts()
    lines = ["# leadsim validation: the stylized facts", ""]
    lines += [f"- **{k}**: {v}" for k, v in _settings(result)]
    verdict = "every fact holds" if result.passed else "**some facts fail**"
    lines += [
        "",
        f"Verdict: {verdict}.",
        "",
        "| fact | claim | contrasts holding | verdict |",
        "|---|---|---|---|",
    ]
    for row in facts.itertuples():
        verdict_word = _HOLDS if row.holds else _FAILS
        lines.append(f"| {row.fact} | {row.claim} | {row.holding}/{row.contrasts} | {verdict_word} |")
    for check in result.checks:
        lines += ["", f"## {check.fact}: {check.title}", "", check.claim, ""]
        if check.notes:
            lines += [f"*{check.notes}*", ""]
        lines += [
            "| contrast | expected | effect | 95% CI | standardised | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for r in (r for r in result.results if r.fact == check.fact):
            expected = "> 0" if r.contrast.direction > 0 else "< 0"
            lines.append(
                f"| {r.contrast.claim} | {expected} | {_num(r.effect)} | {_interval(r)} | "
                f"{_num(r.standardised)} | {_HOLDS if r.holds else _FAILS} |"
            )
        lines += ["", f"![{check.fact}](figures/{_figure_name(check.fact)})"]
    return "\n".join(lines) + "\n"


def _html(result: ValidationResult, figures: Path) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>leadsim validation</title><style>",
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}",
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem}",
        ".holds{color:#1b7837;font-weight:600}.fails{color:#b2182b;font-weight:600}img{max-width:100%}",
        "</style></head><body><h1>leadsim validation: the stylized facts</h1><ul>",
    ]
    parts += [f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in _settings(result)]
    parts.append("</ul><table><tr><th>fact</th><th>claim</th><th>contrasts holding</th><th>verdict</th></tr>")
    for row in result.facts().itertuples():
        cls, word = ("holds", _HOLDS) if row.holds else ("fails", _FAILS)
        parts.append(
            f"<tr><td>{esc(str(row.fact))}</td><td>{esc(str(row.claim))}</td><td>{row.holding}/{row.contrasts}</td>"
            f"<td class='{cls}'>{word}</td></tr>"
        )
    parts.append("</table>")
    for check in result.checks:
        parts.append(f"<h2>{esc(check.fact)}: {esc(check.title)}</h2><p>{esc(check.claim)}</p>")
        if check.notes:
            parts.append(f"<p><i>{esc(check.notes)}</i></p>")
        parts.append(
            "<table><tr><th>contrast</th><th>expected</th><th>effect</th><th>95% CI</th>"
            "<th>standardised</th><th>verdict</th></tr>"
        )
        for r in (r for r in result.results if r.fact == check.fact):
            cls, word = ("holds", _HOLDS) if r.holds else ("fails", _FAILS)
            expected = "&gt; 0" if r.contrast.direction > 0 else "&lt; 0"
            parts.append(
                f"<tr><td>{esc(r.contrast.claim)}</td><td>{expected}</td><td>{_num(r.effect)}</td>"
                f"<td>{_interval(r)}</td><td>{_num(r.standardised)}</td><td class='{cls}'>{word}</td></tr>"
            )
        parts.append("</table>")
        png = base64.b64encode((figures / _figure_name(check.fact)).read_bytes()).decode("ascii")
        parts.append(f"<img alt='{esc(check.fact)}' src='data:image/png;base64,{png}'>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
