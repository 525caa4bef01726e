"""The PDF's AI adoption page: DORA's seven AI capabilities with status, score and evidence,
what git measured in DORA's buckets, and the readiness for AI coding agents (issue 18).

The capabilities' meanings and questions are DORA's (the DORA AI Capabilities Model survey,
2025, dora.dev, Apache 2.0): the page names the source. Evidence quotes repository paths:
escaped with :func:`app.pdf.markup.text`.
"""

from __future__ import annotations

from analysis.ai_adoption.survey import SOURCE
from analysis.assessment import Assessment
from app.pdf.markup import BAD, GOOD, WARN, coloured, heading, muted, para, table, text
from widgets.ai_adoption_panel import STATUS_TEXT, measured_text, score_text, summary_text

#: evidence lines shown per capability (the JSON report and the tab have all of them)
EVIDENCE_SHOWN = 3


def _score(score: float | None) -> str:
    colour = None if score is None else GOOD if score >= 7 else WARN if score >= 4 else BAD
    return coloured(text(score_text(score)), colour, bold=score is not None)


def ai_adoption_page(assessment: Assessment) -> str:
    parts = [heading("AI adoption readiness (DORA AI capabilities)", new_page=True)]
    section = getattr(assessment, "ai_adoption", None)
    if section is None:
        return "".join(parts) + para("No AI-adoption section in this assessment.")
    parts.append(para(text(summary_text(section))))
    rows = []
    for capability in section.capabilities:
        evidence = list(capability.evidence[:EVIDENCE_SHOWN])
        more = len(capability.evidence) - len(evidence)
        shown = "<br/>".join(text(line) for line in evidence) or "–"
        if more > 0:
            shown += muted(f" (+{more} more in the JSON report)")
        rows.append(
            [
                f"<b>{text(capability.name)}</b><br/>{muted(text(capability.meaning), '7.5pt')}",
                text(STATUS_TEXT.get(capability.status, capability.status)),
                _score(capability.score),
                shown,
            ]
        )
    parts.append(table(("Capability (DORA's meaning)", "Status", "Score", "Evidence"), rows,
                       widths=(30, 11, 9, 50)))  # fmt: skip
    parts.append("<h3>Measured from git, in DORA's answer buckets</h3>")
    parts.append(para("<br/>".join(text(line) for line in measured_text(section).splitlines())))
    if section.agent_readiness:
        parts.append("<h3>Readiness for AI coding agents (findings, not a score)</h3>")
        met = {True: coloured("Yes", GOOD, True), False: coloured("No", BAD, True)}
        parts.append(
            table(("Check", "Met", "Evidence"),
                  [[text(f.title), met.get(f.ok, muted("not known")),
                    "<br/>".join(text(e) for e in f.evidence[:EVIDENCE_SHOWN]) or "–"]
                   for f in section.agent_readiness],
                  widths=(28, 8, 64))
        )  # fmt: skip
    parts.append(
        para(muted(f"Capabilities, meanings and questions: {text(SOURCE)}. Scores 0-10 on "
                   "DORA's scale (an answer bucket's position, the Quick Check's rule). Kept "
                   "apart from the AI-readiness score."))
    )  # fmt: skip
    return "".join(parts)
