"""The DORA Quick Check: the team's answers, scored live, beside the measured figures."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.engine import measured_figures
from analysis.dora.quick_check import (
    BUCKET_QUESTIONS,
    QUESTION_LABELS,
    QUESTIONS,
    Measured,
    QuickCheckAnswers,
    QuickCheckResult,
    buckets_for,
    score_quick_check,
)
from analysis.dora.results import DoraReport
from widgets.dora_tables import fit_height
from widgets.record_table import Cell, RecordTable

SCORING_TIP = (
    "Scored as the DORA Quick Check (dora.dev) does: an answer in the six buckets maps to "
    "0-10 (worst to best), a percentage p to 10 - p/10. Throughput = mean of lead time, "
    "deployment frequency and recovery; stability = mean of change fail and rework rate; "
    "overall = mean of all five."
)


def _answer_text(question: str, value: float | None) -> str:
    if value is None:
        return "—"
    if question in BUCKET_QUESTIONS:
        return buckets_for(question)[int(value) - 1]
    return f"{value:g}%"


class QuickCheckForm(QWidget):
    #: the user saved the answers (a QuickCheckAnswers, or None when cleared)
    answers_saved = Signal(object)
    #: any answer changed (the live score was recomputed)
    answers_changed = Signal()

    def __init__(self, parent=None, compact: bool = False) -> None:
        """``compact``: only the questions and the live scores (no save buttons, no table of
        answers beside measured figures), for a form whose owner keeps the answers."""
        super().__init__(parent)
        self.measured = Measured()
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Answer for the primary application or service of this repository, as the team "
            "sees it. Answers are scored as DORA's Quick Check does and set beside what the "
            "repository shows; more than one bucket apart is flagged."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.inputs: dict[str, QComboBox | QSpinBox] = {}
        self.score_labels: dict[str, QLabel] = {}
        for question in QUESTIONS:
            widget: QComboBox | QSpinBox
            if question in BUCKET_QUESTIONS:
                widget = choice = QComboBox()
                choice.addItem("Not answered", None)
                for bucket, bucket_label in enumerate(buckets_for(question), start=1):
                    choice.addItem(bucket_label, bucket)
                choice.currentIndexChanged.connect(self._rescore)
            else:
                widget = percent = QSpinBox()
                percent.setRange(-1, 100)
                percent.setSpecialValueText("Not answered")
                percent.setSuffix("%")
                percent.setValue(-1)
                percent.valueChanged.connect(self._rescore)
            widget.setToolTip(f"{QUESTION_LABELS[question]}. {SCORING_TIP}")
            score = QLabel("")
            score.setMinimumWidth(90)
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            row.addWidget(score)
            label = QLabel(f"{QUESTION_LABELS[question]}:")
            label.setBuddy(widget)
            form.addRow(label, row)
            self.inputs[question] = widget
            self.score_labels[question] = score
        layout.addLayout(form)
        self.totals_label = QLabel("")
        self.totals_label.setToolTip(SCORING_TIP)
        layout.addWidget(self.totals_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save answers")
        self.save_button.setToolTip(
            "Keep the answers with this repository; the next assessment puts them in the report"
        )
        self.clear_button = QPushButton("C&lear")
        self.save_button.clicked.connect(lambda: self.answers_saved.emit(self.answers()))
        self.clear_button.clicked.connect(self._clear)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table = RecordTable(
            (
                ("Question", "Quick Check question"),
                ("Team answer", "The team's answer"),
                ("Measured", "The repository's figure in the same bucket (or percent)"),
                ("Agreement", "Flagged when answer and measure are more than one bucket apart "
                 "(20 points for percentages); no comparison with fewer than 5 deployments or "
                 "failures"),
            ),
            sortable=False,  # the questions in the Quick Check's order
        )  # fmt: skip
        layout.addWidget(self.table)
        layout.addStretch(1)
        if compact:
            for extra in (self.save_button, self.clear_button, self.table):
                extra.hide()
        self.result: QuickCheckResult | None = None
        self._rescore()

    def answers(self) -> QuickCheckAnswers | None:
        values: dict[str, float | int | None] = {}
        for question, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                values[question] = widget.currentData()
            else:
                values[question] = None if widget.value() < 0 else float(widget.value())
        answers = QuickCheckAnswers(**values)  # type: ignore[arg-type]
        return answers if answers.answered() else None

    def set_answers(self, answers: QuickCheckAnswers | None) -> None:
        for question, widget in self.inputs.items():
            value = getattr(answers, question) if answers else None
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(widget.findData(value) if value is not None else 0)
            else:
                widget.setValue(-1 if value is None else round(value))
            widget.blockSignals(False)
        self._rescore()

    def set_report(self, dora: DoraReport) -> None:
        self.measured = measured_figures(dora)
        self.set_answers(dora.quick_check.answers if dora.quick_check else None)

    def _clear(self) -> None:
        self.set_answers(None)
        self.answers_saved.emit(None)

    def _rescore(self) -> None:
        answers = self.answers() or QuickCheckAnswers()
        result = score_quick_check(answers, self.measured)
        self.result = result
        for question in QUESTIONS:
            score = result.scores[question]
            self.score_labels[question].setText("" if score is None else f"score {score:g}/10")

        def shown(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        self.totals_label.setText(
            f"<b>Throughput</b> {shown(result.throughput)} · <b>Stability</b> "
            f"{shown(result.stability)} · <b>Overall</b> {shown(result.overall)} (0-10)"
        )
        rows = []
        for comparison in result.comparison:
            question = comparison.question
            agreement = ("⚠ disagree: " if comparison.disagree else "") + (
                comparison.note or "agrees within one bucket"
            )
            cells = [
                QUESTION_LABELS[question],
                _answer_text(question, comparison.answered),
                _answer_text(question, comparison.measured),
                agreement,
            ]
            background = "bad_bg" if comparison.disagree else None
            rows.append([Cell(text, background=background) for text in cells])
        self.table.set_rows(rows)
        fit_height(self.table)
        self.answers_changed.emit()
