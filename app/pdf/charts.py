"""The PDF's charts, drawn by the same widgets the application shows (pyqtgraph, white
background), rendered off screen at twice their size so they stay sharp when printed."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from analysis.assessment import Assessment
from analysis.dora.evidence_wording import unit
from analysis.headline import Headline
from app.pdf import roadmap
from app.pdf.dependency_matrix import matrix_image
from widgets import palette
from widgets.assessment_trends import AssessmentTrendCharts
from widgets.dora_trends import DoraTrendCharts
from widgets.hotspot_map import HotspotMap
from widgets.industry_benchmark import BenchmarkCharts
from widgets.score_gauge import ScoreGauge
from widgets.trend_charts import TrendCharts

SCALE = 2  # device pixels per layout pixel: ~190 dpi on paper, lines stay visible


def widget_image(widget: QWidget, width: int, height: int, part: QWidget | None = None) -> QImage:
    """``widget`` laid out at ``width`` x ``height`` layout pixels and drawn on white; only its
    child ``part`` when given (e.g. a plot without the controls above it)."""
    widget.resize(width, height)
    layout = widget.layout()
    if layout is not None:
        layout.activate()  # sizes the children (pyqtgraph lays its axes out on their resize)
    QApplication.processEvents()
    shown = part or widget
    size = shown.size()
    image = QImage(size.width() * SCALE, size.height() * SCALE, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(SCALE)
    image.fill(palette.colour("chart_bg", dark=False))  # white paper
    # QWidget's render, not QGraphicsView's (which draws the scene into a painter)
    QWidget.render(shown, image, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)
    widget.deleteLater()
    return image


def gauge_image(assessment: Assessment) -> QImage | None:
    decisions = assessment.decisions
    if decisions is None:
        return None
    gauge = ScoreGauge()
    readiness = decisions.readiness
    cap = min((c.max_score for c in readiness.caps), default=None)
    gauge.set_score(readiness.score, readiness.grade, readiness.status, cap)
    return widget_image(gauge, 220, 190)


def dora_image(assessment: Assessment, width: int) -> QImage | None:
    if assessment.dora is None or not assessment.dora.monthly:
        return None
    charts = DoraTrendCharts()
    charts.set_months(assessment.dora.monthly, unit(assessment.dora))
    return widget_image(charts, width, 400)


def benchmark_image(assessment: Assessment, width: int) -> QImage | None:
    """The team against DORA's Quick Check benchmark (analysis.dora.benchmark)."""
    dora = assessment.dora
    if dora is None or dora.benchmark is None or not dora.benchmark.groups:
        return None
    charts = BenchmarkCharts(dora.benchmark)
    charts.resize(width, 10)
    layout = charts.layout()
    height = layout.heightForWidth(width) if layout is not None else -1
    return widget_image(charts, width, max(height, charts.height_for()))


def hotspot_image(assessment: Assessment, width: int) -> QImage | None:
    history = assessment.history
    if history is None or not history.hotspots:
        return None
    spots = HotspotMap()
    spots.set_hotspots(history.hotspots)
    production = spots.measure_box.findData("production")
    if production >= 0:  # the system's own code
        spots.measure_box.setCurrentIndex(production)
    spots.plot.setTitle(
        f"Hotspots: {spots.measure_box.currentText()} (right and high = change often and complex)",
        color=palette.hex_colour("chart_fg"), size="9pt",
    )  # fmt: skip
    return widget_image(spots, width, 390, part=spots.plot)


def history_image(assessment: Assessment, width: int) -> QImage | None:
    history = assessment.history
    if history is None or len(history.monthly) < 3:
        return None  # a month or two is no trend (and pyqtgraph draws one bar edge to edge)
    charts = TrendCharts()
    charts.set_months(history.monthly)
    return widget_image(charts, width, 380)


def trend_image(headlines: list[Headline], width: int) -> QImage | None:
    if len(headlines) < 2:
        return None
    charts = AssessmentTrendCharts(columns=2)
    charts.set_headlines(headlines, (len(headlines) - 2, len(headlines) - 1))
    return widget_image(charts, width, 480)


def render_charts(assessment: Assessment, history: list[Headline], width: int) -> dict[str, QImage]:
    """Every chart the PDF shows, by name (``chart:NAME`` in the HTML); absent when empty.

    Drawn in the light colours whatever the application's theme: the page is white paper.
    """
    with palette.light_rendering():
        images = {
            "gauge": gauge_image(assessment),
            "dora": dora_image(assessment, width),
            "benchmark": benchmark_image(assessment, width),
            "hotspots": hotspot_image(assessment, width),
            "history": history_image(assessment, width),
            "trends": trend_image(history, width),
            roadmap.CHART: roadmap.roadmap_image(assessment, width),
            "dsm": matrix_image(assessment, width),
        }
    return {name: image for name, image in images.items() if image is not None}
