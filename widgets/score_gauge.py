"""A score gauge: an arc from 0 to 100 coloured by grade, the score and grade in the middle."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette

#: Grade colours, the same ramp as SonarQube's A-E ratings (widgets.debt_tables).
START, SPAN = 225, -270  # degrees: from lower left, clockwise over the top to lower right


class ScoreGauge(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.score: int | None = None
        self.grade: str | None = None
        self.caption = ""
        self.cap: float | None = None  # a hard cap, drawn as a tick on the arc
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName("AI-readiness score")

    def sizeHint(self) -> QSize:
        return QSize(170, 150)

    def set_score(
        self, score: int | None, grade: str | None, caption: str, cap: float | None = None
    ) -> None:
        self.score, self.grade, self.caption, self.cap = score, grade, caption, cap
        shown = "not enough data" if score is None else f"{score} of 100, grade {grade}"
        self.setAccessibleDescription(f"{shown}; {caption}")
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height() + 20) - 16
        rect = QRectF((self.width() - side) / 2, 8, side, side)
        width = max(8.0, side / 11)
        pen = QPen(palette.colour("track"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawArc(rect, START * 16, SPAN * 16)
        colour = palette.colour(palette.grade_role(self.grade))
        if self.score is not None:
            pen.setColor(colour)
            painter.setPen(pen)
            painter.drawArc(rect, START * 16, int(SPAN * 16 * self.score / 100))
        if self.cap is not None:
            tick = QPen(palette.colour("tick"), 2)
            painter.setPen(tick)
            painter.save()
            painter.translate(rect.center())
            painter.rotate(-(START + SPAN * self.cap / 100))
            radius = side / 2
            painter.drawLine(int(radius - width), 0, int(radius + 2), 0)
            painter.restore()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colour if self.score is not None else palette.colour("muted"))
        middle = QRectF(rect.left(), rect.top() + side * 0.22, side, side * 0.36)
        painter.drawText(
            middle, Qt.AlignmentFlag.AlignCenter, "–" if self.score is None else str(self.score)
        )
        small = QFont(self.font())
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(palette.colour("strong_text"))
        below = QRectF(rect.left(), rect.top() + side * 0.56, side, side * 0.2)
        painter.drawText(
            below, Qt.AlignmentFlag.AlignCenter, f"grade {self.grade}" if self.grade else ""
        )
        painter.end()
