"""The PDF executive summary of one assessment: build the document, render it, write it.

Order of the pages: cover, executive summary (one page), delivery (DORA), debt and hotspots,
architecture and the strangler plan, the strangler roadmap, the dependency matrix, runtime
readiness, AI adoption readiness (DORA AI capabilities), before/after against the previous
assessment (when there is one), scenarios (the article's targets, the saved ones, plan vs
actual), appendix (methodology, sources, data provenance, tool). The whole PDF is rendered in
memory, then written atomically (temporary file, then rename), so a failure leaves no partial
file and an existing file untouched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextDocument

from analysis.assessment import Assessment
from analysis.comparison import compare
from analysis.decisions.scenario_table import ScenarioTable
from analysis.headline import Headline, headline
from app.output_files import write_output
from app.pdf import appendix, dependency_matrix, roadmap, scenarios, section_pages, summary_pages
from app.pdf.ai_adoption_page import ai_adoption_page
from app.pdf.application import ensure_application
from app.pdf.charts import render_charts
from app.pdf.decision_maps import decision_map_images, decision_maps_page
from app.pdf.layout import PAGE_SIZES, page_geometry, render_pdf
from app.pdf.markup import STYLE, ChartSet


@dataclass
class PastAssessments:
    """What the PDF knows of earlier assessments: the one to compare with, and the headline
    figures of all of them up to this one (oldest first) for the trend chart."""

    previous: Headline | None = None
    previous_label: str = ""  # e.g. "#12, 2026-11-20 10:04"
    headlines: list[Headline] = field(default_factory=list)
    #: the before/after table of the scenarios (app.pdf.scenarios); None: no scenarios page
    scenarios: ScenarioTable | None = None


def chart_document(point_size: float, images: dict) -> QTextDocument:
    """An empty document in the summary's style and font, whose ``chart:<name>`` images are
    ``images``; no ligatures: "fi" stays two letters in the PDF's text, so a search for
    "files" finds it."""
    document = QTextDocument()
    font = QFont(document.defaultFont())
    font.setPointSizeF(point_size)
    for feature in ("liga", "clig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(STYLE)
    for name, picture in images.items():
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{name}"), picture
        )
    return document


def build_document(
    assessment: Assessment, page_size: str = "a4", history: PastAssessments | None = None
) -> QTextDocument:
    """The laid-out rich-text document with its chart images (needs a QApplication)."""
    history = history or PastAssessments()
    width = int(page_geometry(page_size).width)
    trend = list(history.headlines)
    if history.previous is not None and len(trend) < 2:
        trend = [history.previous, headline(assessment)]
    images = render_charts(assessment, trend, width)
    images.update(decision_map_images(assessment, width))  # the decision maps page's
    charts = ChartSet(images, width)
    document = chart_document(9.5, images)
    parts = [
        summary_pages.cover(assessment, "gauge" in charts),
        summary_pages.executive_summary(assessment),
        section_pages.delivery(assessment, charts),
        section_pages.debt_and_hotspots(assessment, charts),
        section_pages.architecture(assessment),
        roadmap.roadmap_page(assessment, charts),
        dependency_matrix.page(assessment, charts),
        section_pages.runtime(assessment),
        ai_adoption_page(assessment),
        decision_maps_page(assessment, charts),  # each verdict's map and points
    ]
    if history.previous is not None:
        comparison = compare(history.previous, assessment)
        parts.append(section_pages.before_after(comparison, charts, history.previous_label))
    if history.scenarios is not None:
        parts.append(scenarios.scenarios_page(history.scenarios))
    parts.append(appendix.appendix(assessment))
    document.setHtml("<html><body>" + "".join(parts) + "</body></html>")
    return document


def export_pdf(
    assessment: Assessment,
    destination: str | os.PathLike[str],
    page_size: str = "a4",
    history: PastAssessments | None = None,
) -> Path:
    """Write the PDF executive summary to ``destination``; ``page_size`` "a4" or "letter"."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    ensure_application()
    document = build_document(assessment, page_size, history)
    repo = assessment.repository
    data = render_pdf(
        document,
        page_size,
        footer_left=f"{repo.name} · AI-readiness assessment of "
        f"{summary_pages.assessed_on(repo.analyzed_at)} · Readiness Advisor "
        f"{assessment.tool_version}",
        title=f"AI-readiness assessment: {repo.name}",
    )
    return Path(str(write_output(data, destination)))
