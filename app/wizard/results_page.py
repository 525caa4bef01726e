"""The results: for each repository assessed, the readiness score, the two verdicts and the top
risks; Finish opens the dashboard, Export PDF hands the assessment to the PDF export."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.wizard.answers import WizardState
from widgets import palette
from widgets.decision_summary import (
    RISK_TIP,
    SCORE_TIP,
    SubscoreBars,
    caps_html,
    caps_tooltip,
    evidence_lines,
    risk_text,
    risk_tooltip,
    show_score,
    status_html,
    verdict_html,
)
from widgets.score_gauge import ScoreGauge

NO_PDF_TIP = "PDF export is not available in this window"


class ResultsPage(QWizardPage):
    #: the user asked for the PDF of an assessment: its id
    export_requested = Signal(int)

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle("Results")
        self.setSubTitle(
            "Saved with each repository. Open the dashboard for every figure and its evidence; "
            "export the PDF summary to share."
        )
        layout = QVBoxLayout(self)
        picker = QHBoxLayout()
        self.picker_label = QLabel("&Repository:")
        self.picker = QComboBox()
        self.picker_label.setBuddy(self.picker)
        picker.addWidget(self.picker_label)
        picker.addWidget(self.picker, 1)
        layout.addLayout(picker)
        header = QHBoxLayout()
        self.gauge = ScoreGauge()
        self.gauge.setToolTip(SCORE_TIP)
        header.addWidget(self.gauge)
        middle = QVBoxLayout()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setToolTip(SCORE_TIP)
        middle.addWidget(self.status)
        self.subscores = SubscoreBars()
        middle.addWidget(self.subscores)
        self.caps = QLabel("")
        self.caps.setWordWrap(True)
        palette.style(self.caps, "color: {bad_strong};")
        middle.addWidget(self.caps)
        middle.addStretch(1)
        header.addLayout(middle, 1)
        layout.addLayout(header)
        self.refactor = QLabel("")
        self.staffing = QLabel("")
        for label in (self.refactor, self.staffing):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        risks_label = QLabel("<b>Top &risks</b> — what matters most, and where")
        self.risks = QListWidget()
        self.risks.setWordWrap(True)
        self.risks.setToolTip(RISK_TIP)
        risks_label.setBuddy(self.risks)
        layout.addWidget(risks_label)
        layout.addWidget(self.risks, 1)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        palette.style(self.note, "color: {muted};")
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Export &PDF summary…")
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.picker.currentIndexChanged.connect(self._show_selected)
        self.export_button.clicked.connect(self._export)

    def initializePage(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for path, (result, assessment_id) in self.state.results.items():
            self.picker.addItem(f"{result.repository.name}  —  {path}", assessment_id)
        self.picker.blockSignals(False)
        several = self.picker.count() > 1
        self.picker.setVisible(several)
        self.picker_label.setVisible(several)
        self._show_selected()

    def set_export_available(self, available: bool) -> None:
        """Enabled only when something will act on the request (the main window's export)."""
        self.export_button.setEnabled(available)
        self.export_button.setToolTip(
            "Write the executive summary of this assessment as a PDF" if available else NO_PDF_TIP
        )

    def selected_id(self) -> int | None:
        return self.picker.currentData()

    def selected(self):
        return self.state.result_of(self.selected_id())

    def _show_selected(self, *_args) -> None:
        result = self.selected()
        if result is None:
            return
        d = result.decisions
        self.risks.clear()
        if d is None:
            self.status.setText("No advice could be made for this assessment.")
            self.gauge.set_score(None, None, "")
            return
        r = d.readiness
        show_score(self.gauge, r)
        self.status.setText(
            f"<b>{escape(result.repository.name)}</b><br>{status_html(r, size_pt=14)}"
        )
        self.subscores.show_readiness(r)
        self.caps.setText(caps_html(r))
        self.caps.setToolTip(caps_tooltip(r) if r.caps else "")
        for label, verdict, title in (
            (self.refactor, d.refactor_vs_rewrite, "Refactor or rewrite"),
            (self.staffing, d.staffing, "Staffing"),
        ):
            label.setText(verdict_html(verdict, title))
            label.setToolTip("\n".join(evidence_lines(verdict)))
        for risk in d.top_risks:
            item = QListWidgetItem(risk_text(risk))
            item.setToolTip(risk_tooltip(risk))
            self.risks.addItem(item)
        if not d.top_risks:
            self.risks.addItem("No finding crosses a risk threshold.")
        warnings = len(result.repository.warnings)
        self.note.setText(
            ("Partial result: " if result.repository.partial else "")
            + (
                f"{warnings} warning{'s' if warnings != 1 else ''} (see the dashboard's Warnings "
                "tab). "
                if warnings
                else ""
            )
            + "Open Dashboard shows every figure of this repository, with its evidence."
        )

    def _export(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is not None:
            self.export_requested.emit(assessment_id)
