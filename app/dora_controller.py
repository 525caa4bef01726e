"""Keeps what the DORA panel hands over (imported logs, settings, Quick Check answers) with the
repository in the store, and offers to run the assessment again to apply it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from analysis.dora.csv_import import import_log, preview_log
from analysis.dora.git_refs import read_tags
from analysis.dora.settings import SOURCE_LABELS
from app.context import ApplicationContext
from app.store import StoreError
from widgets.delivery_log_dialog import LogFiles
from widgets.dora_panel import DoraPanel

#: how the delivery-log form reads a CSV file (off the GUI thread)
LOG_FILES = LogFiles(preview=preview_log, read=import_log)


class DoraController(QObject):
    def __init__(
        self,
        context: ApplicationContext,
        panel: DoraPanel,
        run_assessment: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.panel = panel
        panel.tag_reader = read_tags  # run by the panel off the GUI thread
        panel.log_files = LOG_FILES
        panel.log_imported.connect(self.save_log)
        panel.settings_changed.connect(self.save_settings)
        panel.quick_check_saved.connect(self.save_answers)
        panel.rerun_requested.connect(run_assessment)

    def _store(self, action: Callable[[], None], done: str) -> None:
        try:
            action()
        except StoreError as exc:
            self.panel.show_error(str(exc))
            return
        self.panel.mark_pending(done)

    def save_log(self, path: str, log) -> None:
        self._store(
            lambda: self.context.store.delivery.save_log(path, log),
            f"{log.summary()} imported from {log.file_name} and kept with this repository.",
        )

    def save_settings(self, path: str, settings) -> None:
        self._store(
            lambda: self.context.store.delivery.save_preferences(path, settings=settings),
            f"Deployment source set to {SOURCE_LABELS[settings.deployment_source]}.",
        )

    def save_answers(self, path: str, answers) -> None:
        self._store(
            lambda: self.context.store.delivery.save_preferences(
                path, quick_check=answers, clear_quick_check=answers is None
            ),
            "Quick Check answers saved." if answers else "Quick Check answers cleared.",
        )
