"""The PDF's first two pages: the cover (repository, date, score) and the one-page executive
summary (readiness, the two verdicts in plain language, the top five risks, the money)."""

from __future__ import annotations

from datetime import datetime

from analysis.assessment import Assessment
from analysis.decisions import Decisions
from analysis.decisions.inputs import format_value
from analysis.decisions.model import OP_WORDS
from analysis.decisions.verdicts import Verdict
from app.pdf.markup import (
    ACCENT,
    GRADE_COLOURS,
    MUTED,
    WARN,
    bullets,
    coloured,
    heading,
    muted,
    para,
    table,
    text,
)

STATUS_WORDS = {
    "ready": "The system is ready to carry AI workloads.",
    "partly ready": "AI work is possible on this system, with the risks below.",
    "not ready": "The system is constrained: AI work built on it would inherit its delivery "
    "and maintenance problems.",
    "not enough data": "Too little could be measured to score the system.",
}
QUESTIONS = {
    "refactor_vs_rewrite": "Refactor or rewrite?",
    "staffing": "More developers, or an architectural partner?",
}
PER_WORDS = {"year": "a year", "once": "once", "timeline": "over the AI timeline"}


def assessed_on(analyzed_at: str) -> str:
    """``2026-11-27T06:47:55+00:00`` -> ``27 November 2026, 06:47 UTC``."""
    try:
        moment = datetime.fromisoformat(analyzed_at)
    except ValueError:
        return analyzed_at
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _score_line(assessment: Assessment) -> str:
    d = assessment.decisions
    if d is None or d.readiness.score is None:
        return "AI-readiness score: not enough data"
    r = d.readiness
    colour = GRADE_COLOURS.get(r.grade or "", ACCENT)
    return (
        f"AI-readiness score {coloured(f'{r.score}/100', colour, bold=True)}, grade "
        f"{coloured(text(r.grade), colour, bold=True)}: {text(r.status)}"
    )


def cover(assessment: Assessment, has_gauge: bool) -> str:
    repo = assessment.repository
    where = f"{repo.branch or 'detached HEAD'} @ {repo.head[:10]}"
    scope = f" · folder {repo.scope}" if repo.scope else ""
    partial = (
        para(coloured("Partial result: part of the input could not be measured (appendix D).",
                      WARN))
        if repo.partial else ""
    )  # fmt: skip
    gauge = (
        "<p align='center' style='margin-top:70px'><img src='chart:gauge' width='220'></p>"
        if has_gauge
        else "<p style='margin-top:70px'></p>"
    )
    return (
        # the first block's top margin is not applied: a blank line of large type makes room
        "<p style='font-size:60pt; margin:0'>&nbsp;</p>"
        f"<p style='color:{MUTED}; font-size:11pt; letter-spacing:2px'>"
        "AI-READINESS ASSESSMENT</p>"
        f"<p style='font-size:30pt; font-weight:bold; color:{ACCENT}; margin-bottom:4px'>"
        f"{text(repo.name)}</p>"
        f"{para(text(repo.path + scope), f'color:{MUTED}')}"
        f"{para(f'{text(where)} · {repo.tracked_files:,} tracked files', f'color:{MUTED}')}"
        f"{para('Assessed on ' + text(assessed_on(repo.analyzed_at)), 'font-size:11pt')}"
        f"{gauge}"
        f"<p align='center' style='font-size:14pt'>{_score_line(assessment)}</p>"
        f"{partial}"
        f"<p style='margin-top:120px; font-size:8.5pt; color:{MUTED}'>"
        f"Prepared with Readiness Advisor {text(assessment.tool_version)}. Measured "
        "statically from the git repository: none of its code was run and nothing left the "
        "machine it ran on. Every figure names its source; the appendix says which were "
        "measured, imported, answered or assumed.</p>"
    )


def _evidence_line(e) -> str:
    value = format_value(e.metric, e.value)
    rule = f"{OP_WORDS.get(e.op, e.op)} {format_value(e.metric, e.threshold)}"
    return f"{text(e.label)} {text(value)} ({text(rule)}; {text(e.source)})"


def verdict_block(key: str, verdict: Verdict) -> str:
    lean = "leaning towards " if verdict.clear and verdict.confidence_label == "low" else ""
    detail = f": {text(verdict.detail)}" if verdict.detail else ""
    why = [e for e in verdict.evidence if e.for_verdict][:3]
    parts = [
        f"<h3>{text(QUESTIONS[key])}</h3>",
        para(
            f"{text(lean.capitalize()) if lean else ''}<b>{text(verdict.headline)}</b>{detail} "
            f"{muted(f'(confidence {text(verdict.confidence_label)}, {verdict.confidence:.2f})')}"
        ),
    ]
    if not verdict.clear:
        parts.append(para("What would settle it: " + text("; ".join(verdict.settle)) + "."))
    if why:
        parts.append(para("Because: " + "; ".join(_evidence_line(e) for e in why) + "."))
    if verdict.what_would_change:
        flip = verdict.what_would_change[0]
        changes = "; ".join(c.text for c in flip.changes)
        words = f"It would change to {text(flip.label)} if: {text(changes)}."
        parts.append(para(muted(words, "8.5pt")))
    return "".join(parts)


def _readiness(assessment: Assessment, decisions: Decisions) -> str:
    r = decisions.readiness
    words = STATUS_WORDS.get(r.status, "")
    head = para(f"{_score_line(assessment)}. {text(words)}")
    caps = "".join(
        para(coloured(f"Capped at {cap.max_score:g}: {text(cap.reason)}", WARN)) for cap in r.caps
    )
    subs = " · ".join(
        f"{text(s.label)} {'n/a' if s.score is None else f'{s.score:.0f}'}" for s in r.subscores
    )
    return head + caps + para(muted(f"Sub-scores (0-100): {subs}.", "8.5pt"))


def _money(decisions: Decisions) -> str:
    money = decisions.money
    rows = []
    for figure in money.figures:
        if figure.value is None:
            amount = muted(f"not computed: {text(figure.missing)}")
        else:
            amount = (
                f"<b>{figure.value:,.0f} {text(money.currency)}</b> {PER_WORDS.get(figure.per, '')}"
            )
        flag = " (uses defaults)" if figure.uses_defaults else ""
        rows.append([text(figure.label) + muted(flag), amount])
    if not rows:
        return ""
    return "<h3>Money</h3>" + table(("Figure", "Amount"), rows, widths=(62, 38))


def executive_summary(assessment: Assessment) -> str:
    parts = [heading("Executive summary", new_page=True)]
    d = assessment.decisions
    if d is None:
        parts.append(para("The advice was not computed for this assessment."))
        return "".join(parts)
    parts.append(_readiness(assessment, d))
    parts.append(verdict_block("refactor_vs_rewrite", d.refactor_vs_rewrite))
    parts.append(verdict_block("staffing", d.staffing))
    parts.append("<h3>Top risks</h3>")
    if d.top_risks:
        parts.append(
            bullets(
                (
                    text(risk.sentence)
                    + (f" {muted(text(risk.location))}" if risk.location else "")
                    for risk in d.top_risks[:5]
                ),
                ordered=True,
            )
        )
    else:
        parts.append(para("No risk of the model's list holds for this system."))
    parts.append(_money(d))
    return "".join(parts)
