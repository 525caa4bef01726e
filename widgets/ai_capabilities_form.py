"""The team's answers to DORA's AI Capabilities Model survey: the capabilities git cannot see
(a clear AI stance, healthy data ecosystems, AI-accessible internal data, a user-centric focus,
the platform's qualities), with DORA's questions and answer buckets as DORA writes them
(analysis.ai_adoption.survey; dora.dev, Apache 2.0). Kept in the team profile
(``TeamProfile.ai_capabilities``: question key -> DORA's answer text), as the team file's
``[ai_capabilities]`` table is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analysis.ai_adoption.results import CAPABILITY_NAMES
from analysis.ai_adoption.survey import SOURCE, Question, questions
from widgets.literal_text import literal_label

NOT_ANSWERED = "not answered"


class AICapabilitiesForm(QWidget):
    """One drop-down per DORA question, grouped by capability; "not answered" leaves the
    capability not known (it is never inferred from files)."""

    #: an answer changed
    answers_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "DORA's questions for the AI capabilities a repository cannot show. Answer those "
            f"you can; the rest stay <i>not known</i>. Questions and answers: {SOURCE}."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.boxes: dict[str, QComboBox] = {}
        self.questions: dict[str, Question] = {}
        groups: dict[str, QVBoxLayout] = {}
        for question in questions():
            form = groups.get(question.capability)
            if form is None:
                group = QGroupBox(CAPABILITY_NAMES.get(question.capability, question.capability))
                # DORA's questions are long: each above its answers, across the width
                form = groups[question.capability] = QVBoxLayout(group)
                column.addWidget(group)
            box = QComboBox()
            box.addItem(NOT_ANSWERED, None)
            for answer in question.answers:
                box.addItem(answer, answer)
            box.setToolTip(question.text)
            box.setAccessibleName(question.text)
            text = literal_label(QLabel(question.text))
            text.setWordWrap(True)
            text.setBuddy(box)
            if question.context:
                text.setToolTip(question.context)
            form.addWidget(text)
            form.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
            box.currentIndexChanged.connect(self.answers_changed)
            self.boxes[question.key] = box
            self.questions[question.key] = question
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(220)
        outer.addWidget(scroll, 1)

    def answers(self) -> dict[str, str]:
        """The answers given: question key -> DORA's answer text."""
        return {
            key: box.currentData()
            for key, box in self.boxes.items()
            if box.currentData() is not None
        }

    def set_answers(self, answers: Mapping[str, Any] | None) -> None:
        """Show ``answers`` (text or 1-based position, as the team file allows); a key or an
        answer the survey does not know is left unanswered."""
        given = dict(answers or {})
        for key, box in self.boxes.items():
            box.blockSignals(True)
            index = 0
            if key in given:
                try:
                    index = box.findData(self.questions[key].answer_text(given[key]))
                except ValueError:
                    index = 0
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)
        self.answers_changed.emit()
