"""A sparkline: a month-by-month trend in a few pixels, with the healthy bound as a dashed line.

Painted directly (no chart library): the dashboard shows five of them and opens in well under
a second. Gaps (months without a figure) break the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette


class Sparkline(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.values: list[float | None] = []
        self.bound: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(30)

    def sizeHint(self) -> QSize:
        return QSize(140, 30)

    def set_values(self, values: Sequence[float | None], bound: float | None = None) -> None:
        """``values`` oldest first; ``bound``: a threshold drawn dashed (e.g. the healthy one)."""
        self.values = list(values)
        self.bound = bound
        self.update()

    def points(self) -> list[QPointF | None]:
        """Where each value is drawn (None for a gap), in widget coordinates."""
        known = [v for v in self.values if v is not None]
        if not known:
            return [None] * len(self.values)
        top = max([*known, self.bound or 0.0])
        bottom = min([*known, self.bound if self.bound is not None else min(known), 0.0])
        span = (top - bottom) or 1.0
        margin = 3.0
        width = max(1.0, self.width() - 2 * margin)
        height = max(1.0, self.height() - 2 * margin)
        step = width / max(1, len(self.values) - 1)
        return [
            None
            if v is None
            else QPointF(margin + i * step, margin + height * (1 - (v - bottom) / span))
            for i, v in enumerate(self.values)
        ]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        points = self.points()
        if self.bound is not None and any(p is not None for p in points):
            known = [v for v in self.values if v is not None]
            top = max([*known, self.bound])
            bottom = min([*known, self.bound, 0.0])
            y = 3 + (self.height() - 6) * (1 - (self.bound - bottom) / ((top - bottom) or 1))
            pen = QPen(palette.colour("chart_bound"), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        path = QPainterPath()
        drawing = False
        for point in points:
            if point is None:
                drawing = False
            elif drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        line = palette.colour("chart_line")
        painter.setPen(QPen(line, 1.6))
        painter.drawPath(path)
        last = next((p for p in reversed(points) if p is not None), None)
        if last is not None:
            painter.setBrush(line)
            painter.drawEllipse(last, 2.5, 2.5)
        elif not self.values or all(v is None for v in self.values):
            painter.setPen(palette.colour("muted"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "no monthly figures")
        painter.end()
