"""Import a deployment or incident log (CSV): choose the file, check the column mapping on a
preview, see every row error with its line, and import only a file that is entirely valid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.delivery_log import (
    DEPLOYMENTS,
    FIELDS,
    INCIDENTS,
    ImportedLog,
    LogImportFailed,
)
from widgets import palette
from widgets.background import TaskOwner
from widgets.literal_text import literal_label
from widgets.record_table import Cell, RecordTable

KIND_LABELS = {DEPLOYMENTS: "Deployment log", INCIDENTS: "Incident log"}


@dataclass(frozen=True)
class LogFiles:
    """How the form reads a CSV file, off the GUI thread: the application passes
    analysis.dora.csv_import's ``preview_log(path, kind)`` and
    ``import_log(path, kind, mapping, local_zone=)``."""

    preview: Callable[..., Any]
    read: Callable[..., ImportedLog]


class DeliveryLogForm(TaskOwner, QWidget):
    """Choose a CSV file, check the column mapping on a preview and see every row error.

    The file is read and checked in a worker (:attr:`busy` meanwhile); :attr:`imported` holds
    the log when the whole file is valid (else None); :attr:`checked` is emitted after every
    check.
    """

    checked = Signal()
    #: a read or check started: :attr:`imported` is None until :attr:`checked`
    reading = Signal()

    def __init__(
        self, files: LogFiles, parent=None, kind: str = DEPLOYMENTS, local_zone=None
    ) -> None:
        super().__init__(parent)
        self.files = files
        self.local_zone = local_zone
        self.imported: ImportedLog | None = None
        self.headers: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        top = QFormLayout()
        self.kind_box = QComboBox()
        for value, label in KIND_LABELS.items():
            self.kind_box.addItem(label, value)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.setToolTip(
            "Deployments: deployed_at, commit sha or ref, environment, status, service. "
            "Incidents: opened_at, resolved_at, sha or deployment id, severity."
        )
        top.addRow("&Log:", self.kind_box)
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("CSV file exported from CI/CD or the incident tracker")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        top.addRow("File:", file_row)
        layout.addLayout(top)
        self.file_label = literal_label(QLabel(""))  # the file's name
        layout.addWidget(self.file_label)

        self.mapping_box = QGroupBox("Columns (matched by header name; change if wrong)")
        self.mapping_form = QGridLayout(self.mapping_box)  # two columns of fields
        self.mapping_form.setColumnStretch(1, 1)
        self.mapping_form.setColumnStretch(3, 1)
        self.mapping_combos: dict[str, QComboBox] = {}
        layout.addWidget(self.mapping_box)

        self.preview = RecordTable((), sortable=False)  # the file's order
        self.preview.setToolTip("The first rows of the file, as read")
        layout.addWidget(QLabel("Preview (first 20 rows):"))
        layout.addWidget(self.preview, 2)

        self.result_label = literal_label(QLabel(""))  # quotes the file's values
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.errors = QListWidget()
        self.errors.setToolTip(
            "Rows that cannot be imported: line, column, value and why. "
            "A file with errors imports nothing."
        )
        layout.addWidget(self.errors, 1)

        self.kind_box.currentIndexChanged.connect(lambda _=0: self.load(self.path_edit.text()))
        self.path_edit.editingFinished.connect(lambda: self.load(self.path_edit.text()))
        self._build_mapping([])

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a CSV log",
            self.path_edit.text() or str(Path.home()),
            "CSV files (*.csv *.txt);;All files (*)",
        )
        if path:
            self.path_edit.setText(path)
            self.load(path)

    def _build_mapping(self, headers: list[str], mapping: dict | None = None) -> None:
        while (item := self.mapping_form.takeAt(0)) is not None:
            field = item.widget()
            if field is not None:  # a spacer or nested layout has no widget
                field.deleteLater()
        self.mapping_combos = {}
        for index, spec in enumerate(FIELDS[self.kind]):
            combo = QComboBox()
            combo.addItem("(not in this file)", None)
            for header in headers:
                combo.addItem(header, header)
            chosen = (mapping or {}).get(spec.name)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
            combo.setToolTip(spec.help)
            combo.currentIndexChanged.connect(self.check)
            label = QLabel(f"{spec.label}{' *' if spec.required else ''}:")
            label.setBuddy(combo)
            row, column = divmod(index, 2)
            self.mapping_form.addWidget(label, row, 2 * column)
            self.mapping_form.addWidget(combo, row, 2 * column + 1)
            self.mapping_combos[spec.name] = combo

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.mapping_combos.items()}

    @property
    def busy(self) -> bool:
        """A file is being read or checked."""
        return self.task_running

    def load(self, path: str) -> None:
        """Preview ``path`` with the suggested mapping, then check the whole file (in a
        worker: the preview, the mapping and the result show when it is done)."""
        self.imported = None
        self.errors.clear()
        self.result_label.clear()
        self.preview.set_rows([])
        self.file_label.clear()
        if not path:
            self.cancel_task()
            self._build_mapping([])
            self.checked.emit()
            return
        if self.path_edit.text() != path:
            self.path_edit.setText(path)
        self._reading()
        self.start(
            _read_log,
            self.files,
            path,
            self.kind,
            None,
            self.local_zone,
            on_done=lambda result: self._loaded(path, result),
            on_failed=lambda message: self._show_errors(message, []),
        )

    def _reading(self) -> None:
        palette.style(self.result_label, "")
        self.result_label.setText("Reading the file…")
        self.reading.emit()

    def _loaded(self, path: str, result: tuple) -> None:
        preview, outcome = result
        if preview is None:  # the file could not be previewed: its own message
            if isinstance(outcome, LogImportFailed):
                self._show_errors(str(outcome), [str(e) for e in outcome.errors])
            else:
                self._show_outcome(path, outcome)
            return
        self.headers = preview.headers
        self.file_label.setText(
            f"{Path(path).name}: {preview.encoding}, "
            f"{'comma' if preview.delimiter == ',' else repr(preview.delimiter)}-separated, "
            f"{len(preview.headers)} columns"
        )
        width = len(preview.headers)
        self.preview.set_columns([(header, header) for header in preview.headers])
        self.preview.set_rows(
            [
                [Cell(value) for value in [*values[:width], *[""] * (width - len(values))]]
                for values in preview.rows
            ]
        )
        self._build_mapping(preview.headers, preview.mapping)
        self._show_outcome(path, outcome)

    def check(self) -> None:
        """Import the file in full with the mapping shown (in a worker); list errors or
        enable Import."""
        path = self.path_edit.text()
        self.imported = None
        self.errors.clear()
        if not path:
            self.cancel_task()
            self.checked.emit()
            return
        self._reading()
        self.start(
            _read_log,
            self.files,
            path,
            self.kind,
            self.mapping(),
            self.local_zone,
            on_done=lambda result: self._show_outcome(path, result[1]),
            on_failed=lambda message: self._show_errors(message, []),
        )

    def _show_outcome(self, path: str, outcome: ImportedLog | OSError | LogImportFailed) -> None:
        if isinstance(outcome, OSError):
            self._show_errors(f"Cannot read {path}: {outcome.strerror or outcome}", [])
            return
        if isinstance(outcome, LogImportFailed):
            exc = outcome
            more = exc.total - len(exc.errors)
            self._show_errors(
                f"Nothing can be imported: {exc.total} problem{'s' if exc.total != 1 else ''}"
                f" in {exc.file_name}" + (f" (first {len(exc.errors)} listed)" if more else ""),
                [str(e) for e in exc.errors],
            )
            return
        log = outcome
        self.imported = log
        notes = "; ".join(log.notes)
        palette.style(self.result_label, "color: {good};")
        self.result_label.setText(
            f"Ready to import {log.summary()}." + (f" {notes}." if notes else "")
        )
        self.checked.emit()

    def _show_errors(self, message: str, errors: list[str]) -> None:
        palette.style(self.result_label, "color: {bad_strong};")
        self.result_label.setText(message)
        self.errors.addItems(errors)
        self.checked.emit()


class DeliveryLogDialog(QDialog):
    """The form in a dialog: Import only when the whole file is valid."""

    def __init__(
        self, files: LogFiles, parent=None, kind: str = DEPLOYMENTS, local_zone=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a delivery log (CSV)")
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.form = DeliveryLogForm(files, kind=kind, local_zone=local_zone)
        layout.addWidget(self.form, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.checked.connect(
            lambda: self.import_button.setEnabled(self.form.imported is not None)
        )
        self.form.reading.connect(lambda: self.import_button.setEnabled(False))
        # the form's parts, as the dialog offered them before the form existed
        for name in ("kind_box", "path_edit", "preview", "errors", "result_label", "file_label"):
            setattr(self, name, getattr(self.form, name))

    @property
    def imported(self) -> ImportedLog | None:
        return self.form.imported

    @property
    def mapping_combos(self) -> dict:
        return self.form.mapping_combos

    @property
    def kind(self) -> str:
        return self.form.kind

    def load(self, path: str) -> None:
        self.form.load(path)

    def check(self) -> None:
        self.form.check()


def _read_log(
    files: LogFiles, path: str, kind: str, mapping, local_zone, *, progress, cancel
) -> tuple[Any, ImportedLog | OSError | LogImportFailed]:
    """In a worker: (the preview when ``mapping`` is None, else None; the log, or the
    OSError / LogImportFailed that says why not). With no mapping, the file is previewed and
    checked with the suggested mapping as the form's boxes show it."""
    preview = None
    try:
        if mapping is None:
            preview = files.preview(path, kind)
            suggested = preview.mapping
            mapping = {
                spec.name: suggested.get(spec.name)
                if suggested.get(spec.name) in preview.headers
                else None
                for spec in FIELDS[kind]
            }
        return preview, files.read(path, kind, mapping, local_zone=local_zone)
    except (OSError, LogImportFailed) as exc:
        return preview, exc
