"""The results: for each repository assessed, the readiness score, the two verdicts and the top
risks; Finish opens the dashboard, Export PDF hands the assessment to the PDF export."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from analysis.findings import partial_note
from app.wizard.answers import WizardState
from widgets import palette
from widgets.dashboard_advice import DecisionsBlock, ReadinessBlock, RisksBlock

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
        row = QHBoxLayout()
        self.readiness = ReadinessBlock()
        self.decisions = DecisionsBlock()
        row.addWidget(self.readiness, 1)
        row.addWidget(self.decisions, 1)
        layout.addLayout(row)
        self.risks = RisksBlock()
        layout.addWidget(self.risks, 1)
        for block in (self.readiness, self.decisions, self.risks):
            block.link.hide()  # the dashboard is one button away
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
        for block in (self.readiness, self.decisions, self.risks):
            block.show_assessment(result)
        warnings = len(result.repository.warnings)
        self.note.setText(
            f"<b>{escape(result.repository.name)}</b>: "
            + (
                f"{partial_note(result.repository.partial_figures) or 'partial result'}, "
                if result.repository.partial
                else ""
            )
            + (
                f"{warnings} warning{'s' if warnings != 1 else ''} (the dashboard's Warnings tab). "
                if warnings
                else ""
            )
            + "Open Dashboard shows every figure of this repository, with its evidence."
        )

    def _export(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is not None:
            self.export_requested.emit(assessment_id)
