"""The PDF's strangler roadmap: the checkpoints chart (the window's widget, drawn on white) and a
table of what moves at each checkpoint, with the projected score and both verdicts."""

from __future__ import annotations

from PySide6.QtGui import QImage

from analysis.assessment import Assessment
from analysis.decisions.roadmap import checkpoints_of, roadmap_summary, verdicts_text
from app.pdf.markup import GRADE_COLOURS, ChartSet, coloured, heading, muted, para, table, text
from widgets.strangler_roadmap import StranglerRoadmap

CHART = "roadmap"


def roadmap_image(assessment: Assessment, width: int) -> QImage | None:
    """The roadmap chart alone (the table is printed as text), or None without checkpoints."""
    from app.pdf.charts import widget_image  # app.pdf.charts imports this module

    checkpoints = checkpoints_of(assessment.decisions) if assessment.decisions else []
    if not checkpoints:
        return None
    view = StranglerRoadmap()
    view.set_roadmap(checkpoints)
    view.plot.set_title("Projected readiness score at each checkpoint of the strangler plan",
                        size="9pt")  # fmt: skip
    return widget_image(view, width, 560, part=view.plot)


def _moves(moves, article_mark: bool) -> str:
    out = []
    for m in moves:
        mark = (
            " " + muted("(the article's target)") if article_mark and "article" in m.source else ""
        )
        out.append(f"{text(m.label)}: {text(m.text)}{mark}")
    return "<br>".join(out) or "–"


def roadmap_page(assessment: Assessment, charts: ChartSet) -> str:
    """The roadmap section (empty when the advice has no checkpoints)."""
    decisions = assessment.decisions
    checkpoints = checkpoints_of(decisions) if decisions is not None else []
    if decisions is None or not checkpoints:
        return ""
    rows = []
    previous = None
    for c in checkpoints:
        p = c.projected
        score = "–" if p is None or p.score is None else coloured(
            f"{p.score} ({p.grade})", GRADE_COLOURS.get(p.grade or ""), bold=True
        )  # fmt: skip
        if p is not None and p.capped_by:
            score += "<br>" + muted("capped")
        verdicts = text(verdicts_text(p))
        if previous is not None and verdicts != previous:
            verdicts = f"<b>{verdicts}</b>"  # the verdict changes here
        previous = text(verdicts_text(p))
        rows.append([
            text(c.sequence),
            f"<b>{text(c.carve_out)}</b><br>{text(c.step)}: {text(c.title)}",
            _moves(c.moves, True),
            _moves(c.figures, False),
            score,
            verdicts,
        ])  # fmt: skip
    components = decisions.inputs.get("components")
    total = int(components.value) if components is not None and components.value else None
    return "".join(
        [
            heading("Strangler roadmap: checkpoints", new_page=True),
            para(
                "The plan as measurable checkpoints: each carve-out goes through the article's "
                "steps (keep it in the core, build beside it, route traffic incrementally, move "
                "its tables last). Each checkpoint is a scenario holding the moves up to it; its "
                "score and verdicts are what the advice gives then. Components in cycles, imports "
                "crossing components, shared-model imports and the changes leaving the core are "
                "computed from the import graph with the cut imports removed; delivery figures "
                "cannot be, and appear only as the article's targets."
            ),
            para(f"<b>{text(roadmap_summary(checkpoints, total))}</b>"),
            charts.image(CHART),
            table(
                (
                    "#",
                    "Checkpoint",
                    "Moves (scored)",
                    "Shown, not scored",
                    "Score",
                    "Verdicts (refactor; staffing)",
                ),
                rows,
                widths=(4, 32, 20, 22, 8, 14),
                size="7.5pt",
            ),
        ]
    )
