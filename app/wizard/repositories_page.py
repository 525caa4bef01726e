"""Choose the repositories: each folder is checked live (in the background) as a git repository
with commits, and shown with its branch, commit count and size; a bad folder says why."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import SIGNAL, Property, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from analysis.errors import AssessmentError
from analysis.repository_overview import RepositoryOverview, overview
from app.store import StoreError
from app.wizard.answers import WizardState
from widgets import palette
from widgets.background import Task
from widgets.literal_text import literal_tooltip

CHECK_DELAY_MS = 300  # typing pauses this long before a folder is checked


def _overview_job(path: str, *, progress, cancel) -> RepositoryOverview:
    return overview(path)


class RepositoryList(QListWidget):
    """The chosen repositories; ``paths`` is the wizard field "repositories"."""

    pathsChanged = Signal()

    def _paths(self) -> list[str]:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]

    paths = Property(list, _paths, notify=pathsChanged)

    def add(self, found: RepositoryOverview) -> None:
        item = QListWidgetItem(f"{found.name}\n    {found.path}\n    {found.summary()}")
        item.setData(Qt.ItemDataRole.UserRole, found.path)
        item.setToolTip(literal_tooltip("\n".join([found.path, found.summary(), *found.notes])))
        self.addItem(item)
        self.setCurrentItem(item)
        self.pathsChanged.emit()

    def remove_current(self) -> str | None:
        item = self.currentItem()
        if item is None:
            return None
        path = item.data(Qt.ItemDataRole.UserRole)
        self.takeItem(self.row(item))
        self.pathsChanged.emit()
        return path


class RepositoriesPage(QWizardPage):
    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.pending: RepositoryOverview | None = None  # the folder typed, checked and valid
        self.checking: Task | None = None
        self.setTitle("Which repositories?")
        self.setSubTitle(
            "One or more local git repositories (a clone with its history). Each is assessed "
            "on its own, one after the other."
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel("&Folder:")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Type or paste the folder of a git repository")
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.setToolTip(
            "A folder inside a git working tree (a sub-folder assesses that folder only), or a "
            "bare repository (history only). Checked as you type."
        )
        label.setBuddy(self.path_edit)
        self.browse_button = QPushButton("&Browse…")
        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip("Add the folder to the list (Next adds it too)")
        self.add_button.setEnabled(False)
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        list_label = QLabel("&Repositories to assess:")
        self.list = RepositoryList()
        self.list.setToolTip("Delete removes the selected repository from this assessment")
        list_label.setBuddy(self.list)
        layout.addWidget(list_label)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setEnabled(False)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.recent = QListWidget()
        self.recent.setMaximumHeight(110)
        self.recent.setToolTip("Repositories opened before; Enter or double-click puts one above")
        self.recent_label = QLabel("Re&cent:")
        self.recent_label.setBuddy(self.recent)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check_path)
        self.path_edit.textChanged.connect(self._typed)
        self.browse_button.clicked.connect(self._browse)
        self.add_button.clicked.connect(self.add_pending)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.recent.itemActivated.connect(
            lambda item: self.path_edit.setText(item.data(Qt.ItemDataRole.UserRole))
        )
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.registerField("repositories", self.list, "paths", SIGNAL("pathsChanged()"))

    # ------------------------------------------------------------------ page protocol
    def initializePage(self) -> None:
        self.recent.clear()
        try:
            known = self.state.context.store.repositories()
        except StoreError:
            known = []
        for repo in known:
            item = QListWidgetItem(f"{repo.name}  —  {repo.path}")
            item.setData(Qt.ItemDataRole.UserRole, repo.path)
            self.recent.addItem(item)
        self.recent.setVisible(bool(known))
        self.recent_label.setVisible(bool(known))
        if not self.path_edit.text() and not self.state.answers:
            self._show(
                "Type or paste a folder and press Enter; Add (Alt+A) first to assess several.",
                "muted",
            )
        self.path_edit.setFocus()

    def cleanupPage(self) -> None:
        """Back: keep what was answered (QWizard would reset the page's fields)."""

    def isComplete(self) -> bool:
        return bool(self.state.answers) or self.pending is not None

    def validatePage(self) -> bool:
        if self.pending is not None:
            self.add_pending()
        return bool(self.state.answers)

    # ------------------------------------------------------------------ checking a folder
    def _typed(self, _text: str) -> None:
        self.pending = None
        self.add_button.setEnabled(False)
        self.completeChanged.emit()
        if self.path_edit.text().strip():
            self._show("Checking…", "muted")
            self.timer.start()
        else:
            self.timer.stop()
            self._show("", "muted")

    def check_path(self) -> None:
        """Check the folder in the edit now, in the background."""
        self.timer.stop()
        path = self.path_edit.text().strip()
        if not path:
            return
        if self.checking is not None:
            self.checking.cancel()
        task = Task(_overview_job, str(Path(path).expanduser()))
        task.signals.succeeded.connect(lambda found, t=task, p=path: self._checked(t, p, found))
        task.signals.failed.connect(lambda message, t=task, p=path: self._rejected(t, p, message))
        self.checking = task
        self.state.runner.start(task)

    def _current(self, task: Task, path: str) -> bool:
        return task is self.checking and path == self.path_edit.text().strip()

    def _checked(self, task: Task, path: str, found: RepositoryOverview) -> None:
        if not self._current(task, path):
            return
        self.checking = None
        if found.path in self.state.answers:
            self._show(f"✗ {escape(found.name)} is already in the list.", "bad")
            return
        self.pending = found
        notes = "".join(f"<br>{escape(n)}" for n in found.notes)
        self._show(
            f"✓ <b>{escape(found.name)}</b>: {escape(found.summary())}{notes}", "good", found.path
        )
        self.add_button.setEnabled(True)
        self.completeChanged.emit()

    def _rejected(self, task: Task, path: str, message: str) -> None:
        if not self._current(task, path):
            return
        self.checking = None
        self._show(f"✗ Cannot use this folder: {escape(message)}", "bad")

    def _show(self, html: str, role: str, tooltip: str = "") -> None:
        palette.style(self.status, f"color: {{{role}}};")
        self.status.setText(html)
        self.status.setToolTip(literal_tooltip(tooltip))

    # ------------------------------------------------------------------ the list
    def add_pending(self) -> None:
        found = self.pending
        if found is None:
            return
        try:
            self.state.add(found)
        except (StoreError, AssessmentError) as exc:
            self._show(f"✗ The answers kept for this repository cannot be read: {exc}", "bad")
            return
        self.list.add(found)
        self.pending = None
        self.add_button.setEnabled(False)
        self.path_edit.clear()
        self._show(f"Added {escape(found.name)}. Add another, or press Next.", "muted")
        self.completeChanged.emit()

    def remove_selected(self) -> None:
        path = self.list.remove_current()
        if path is not None:
            self.state.remove(path)
            self.completeChanged.emit()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose a git repository", self.path_edit.text() or str(Path.home())
        )
        if folder:
            self.path_edit.setText(folder)
            self.check_path()
