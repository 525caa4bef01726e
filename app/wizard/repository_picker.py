"""Which repository's answers a page shows, when the wizard assesses more than one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.wizard.answers import WizardState


class RepositoryPicker(QWidget):
    #: the user chose another repository: its path
    chosen = Signal(str)

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Answers &for:")
        self.combo = QComboBox()
        self.combo.setToolTip("Each repository keeps its own answers")
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(self._picked)

    def refresh(self) -> None:
        """List the repositories and select the current one; hidden when there is only one."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for answers in self.state.repositories:
            self.combo.addItem(f"{answers.name}  —  {answers.path}", answers.path)
        selected = self.state.selected()
        if selected is not None:
            self.combo.setCurrentIndex(self.combo.findData(selected.path))
        self.combo.blockSignals(False)
        self.setVisible(self.combo.count() > 1)

    def _picked(self, index: int) -> None:
        path = self.combo.itemData(index)
        if path:
            self.chosen.emit(path)
